"""The web edge's errors, in the one hierarchy (`advisor.core.errors.AdvisorError`), each with the HTTP status it
answers with, and the one table that gives a refusal's HTTP status its stable problem code (what an API client
matches, not the message's words). The app's exception handlers (`app`) turn them into pages or JSON problems; the
JSON API's own refusal, which carries its problems, is `api.Refused`."""

from __future__ import annotations

from advisor.core.errors import AdvisorError

STATUS_CODES: dict[int, str] = {
    400: "request.refused",
    401: "request.forbidden",
    403: "request.forbidden",
    404: "request.not_found",
    405: "request.refused",
    408: "request.timeout",
    409: "request.conflict",
    413: "request.too_large",
    415: "request.media_type",
    422: "request.refused",
    429: "request.limited",
    500: "server.error",
    503: "request.limited",
}
"""The problem code of a refusal that has none of its own, by its HTTP status."""


def status_code(status: int) -> str:
    """The problem code of a refusal with this HTTP status (`request.refused` for one not listed)."""
    return STATUS_CODES.get(status, "server.error" if status >= 500 else "request.refused")


class WebError(AdvisorError):
    """An error of the web server: `status` is the HTTP status it answers with, `code` its problem code."""

    status = 500

    @property
    def code(self) -> str:
        return status_code(self.status)


class CsrfRefused(WebError):
    """A form POST without the matching CSRF token (403)."""

    status = 403


class BodyTooLarge(WebError):
    """A request body over the cap (413)."""

    status = 413


class BodyTimeout(WebError):
    """A request body made no progress in time (408)."""

    status = 408


class FormProblem(WebError, ValueError):
    """A value that no input of the question could have sent (a tampered or stale form; 422)."""

    status = 422


class AdminRefused(WebError):
    """A request for an organiser's page without a live admin session or a valid token: 401 (none, or a session that
    has ended: `ended`), 403 (a wrong bearer token) or 429 (too many wrong tokens: `retry` seconds to wait)."""

    def __init__(self, status: int, ended: bool = False, retry: float = 0.0) -> None:
        super().__init__(status)
        self.status = status
        self.ended = ended
        self.retry = retry


class RenderFailed(WebError):
    """A PDF render that did not finish: its worker died or hung, or the pool was closed (503)."""

    status = 503


class PdfRefused(WebError):
    """A PDF not made now: 429 (CLIENT_BUSY) or 503 (QUEUE_FULL, FAILED, TOO_SLOW), with the seconds to wait."""

    def __init__(self, status: int, seconds: float, kind: str) -> None:
        super().__init__(status, seconds, kind)
        self.status, self.seconds, self.kind = status, seconds, kind
