"""Protections for a server that may be exposed on an intranet: security headers (with `Cache-Control: no-store` on
everything but the bundled assets), a request body cap and CSRF.

CSRF uses the double-submit pattern: a random token in an HttpOnly, SameSite=Lax cookie and the same token in a
hidden field of every form; a form POST whose field does not match the cookie is refused (403). JSON API calls need
`Content-Type: application/json`, which a cross-site form cannot send without a CORS preflight this server never
grants.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

MAX_BODY_BYTES = 1024 * 1024
CSRF_COOKIE = "advisor_csrf"
CSRF_FIELD = "csrf_token"
SECURITY_HEADERS = {
    # no inline script anywhere; style attributes (table column widths, chart colours) are allowed, <style> is not
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CsrfRefused(Exception):
    """A form POST without the matching CSRF token (403)."""


class BodyTooLarge(Exception):
    """A request body over the cap (413)."""


TooLarge = Callable[[Request], Response]
"""The answer to a request whose body is over the cap (413): a page, or JSON problems for an API client."""


class SecurityMiddleware:
    """Adds the security headers to every response and refuses request bodies over `limit` bytes (413) with the
    response `too_large` makes (plain text without one)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, too_large: TooLarge | None = None) -> None:
        self.app = app
        self.limit = limit
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False
        private = is_private(scope)

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                if private and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The 413 answer, with the security headers, not cached."""
        if self.too_large is None:
            await _plain(send, 413, f"The request is larger than {self.limit // 1024} KiB.")
            return
        response = self.too_large(Request(scope))
        present = {name.lower() for name in response.headers}
        response.headers.update({k: v for k, v in SECURITY_HEADERS.items() if k not in present})
        if is_private(scope):
            response.headers.setdefault("cache-control", "no-store")
        await response(scope, receive, send)


def is_private(scope: Scope) -> bool:
    """Whether a response may hold someone's answers, so that no browser or proxy may keep it (`no-store`): every
    one but the bundled assets', which say for themselves how long they keep."""
    return not scope.get("path", "").startswith("/assets/")


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers.append((b"cache-control", b"no-store"))
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def csrf_token(request: Request) -> str:
    """The browser's CSRF token (from its cookie), or a new one that `set_csrf_cookie` then sends."""
    existing = request.cookies.get(CSRF_COOKIE, "")
    if 20 <= len(existing) <= 100:
        return existing
    token = getattr(request.state, "new_csrf", None)
    if token is None:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def set_csrf_cookie(request: Request, response: Any) -> None:
    """Send the CSRF cookie when this request made a new token."""
    token = getattr(request.state, "new_csrf", None)
    if token is not None:
        secure = request.url.scheme == "https"
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure, path="/")


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the cookie; `CsrfRefused` otherwise."""
    form = await request.form(max_files=1, max_fields=2000)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.get(CSRF_FIELD)
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise CsrfRefused
    return form
