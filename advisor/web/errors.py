"""The web edge's errors, in the one hierarchy (`advisor.core.errors.AdvisorError`), and the one table that gives a
refusal's HTTP status its stable problem code (what an API client matches, not the message's words)."""

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
