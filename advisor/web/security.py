"""Protections for a server that may be exposed on an intranet: security headers (with `Cache-Control: no-store` on
everything but the bundled assets), a request body cap and CSRF.

Cross-site writes meet two checks. First, every state-changing request (POST, PUT, PATCH, DELETE; the API too) that
a browser marks as coming from elsewhere is refused (403): `Sec-Fetch-Site` "cross-site" or "same-site" (a page on
another port of this host is same-site, and cookies ignore ports), or an `Origin` that is not this server's own
(the request's scheme://host:port) nor `--public-url`'s. Second, every form carries a CSRF token, an HMAC with the
server's secret (kept in the data folder) of what the form is bound to: the organiser's server-side session under
/admin, the draft's token on a draft's pages, else a random cookie of the browser (HttpOnly, SameSite=Lax;
`__Host-` prefixed and Secure over HTTPS). A cookie alone proves nothing (another port of the host can plant one),
so the forms that change anything an attacker could want to change are bound to a secret the attacker cannot know.
JSON API calls need `Content-Type: application/json`, which a cross-site form cannot send without a CORS preflight
this server never grants.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any, Protocol
from urllib.parse import urlsplit

from fastapi import Depends
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from advisor.web.admin_auth import secure_cookie_name
from advisor.web.errors import BodyTooLarge, CsrfRefused
from advisor.words.text import text

MAX_BODY_BYTES = 1024 * 1024
CSRF_COOKIE = "advisor_csrf"
CSRF_FIELD = "csrf_token"
DRAFT_PATH = re.compile(r"/(?:q|result)/([^/]{1,100})(?:/|$)")
"""The pages and forms of one draft: their CSRF token is bound to the draft's token."""
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


class CsrfSite(Protocol):
    """What the CSRF check needs of the server (`Site`)."""

    secret: bytes

    def admin_session(self, request: Request) -> str | None: ...


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
            await _plain(send, 413, text("web_forms.too_large", size=str(self.limit // 1024)))
            return
        response = await run_in_threadpool(self.too_large, Request(scope))  # a page: never on the event loop
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


def _browser_cookie(request: Request) -> str | None:
    value = request.cookies.get(secure_cookie_name(request, CSRF_COOKIE), "")
    return value if 20 <= len(value) <= 100 else None


def _binding(request: Request, site: CsrfSite) -> bytes | None:
    """What the request's CSRF token is bound to: the organiser's session under /admin, the draft a page or form
    belongs to (/q/TOKEN/..., /result/TOKEN/...), else the browser's CSRF cookie (None: it has none yet)."""
    path = request.url.path
    if path == "/admin" or path.startswith("/admin/"):
        session = site.admin_session(request)
        if session is not None:
            return b"admin\0" + session.encode()
    else:
        draft = DRAFT_PATH.match(path)
        if draft:
            return b"draft\0" + draft[1].encode()
    cookie = _browser_cookie(request) or getattr(request.state, "new_csrf", None)
    return b"browser\0" + cookie.encode() if cookie else None


def _token(site: CsrfSite, binding: bytes) -> str:
    return hmac.new(site.secret, binding, hashlib.sha256).hexdigest()


def draft_form_token(site: CsrfSite, draft: str) -> str:
    """The CSRF token of the forms of the draft whose token is `draft` (what its pages carry)."""
    return _token(site, b"draft\0" + draft.encode())


def csrf_token(request: Request) -> str:
    """The CSRF token the request's forms carry; a browser without a CSRF cookie gets one (`set_csrf_cookie`)."""
    site: CsrfSite = request.app.state.site
    binding = _binding(request, site)
    if binding is None:
        request.state.new_csrf = secrets.token_urlsafe(32)
        binding = _binding(request, site)
        assert binding is not None
    return _token(site, binding)


def set_csrf_cookie(request: Request, response: Any) -> None:
    """Send the CSRF cookie when this request made a new one (`__Host-` prefixed, Secure, over HTTPS)."""
    value = getattr(request.state, "new_csrf", None)
    if value is not None:
        secure = request.url.scheme == "https"
        name = secure_cookie_name(request, CSRF_COOKIE)
        response.set_cookie(name, value, httponly=True, samesite="lax", secure=secure, path="/")


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against what the request is bound to; `CsrfRefused`
    otherwise. The form is read on the event loop; the check runs in a worker thread (an organiser's form is bound
    to a session in the database, which the event loop never waits for)."""
    form = await request.form(max_files=1, max_fields=2000)
    return await run_in_threadpool(_checked, request, form)


CheckedForm = Annotated[FormData, Depends(checked_form)]
"""A route's posted form with its CSRF token checked: the parameter that lets a form's route be a plain `def`, which
FastAPI runs in a worker thread, so that its work (validation, assessments, pages, the database) never holds the
event loop every connection shares."""


def _checked(request: Request, form: FormData) -> FormData:
    site: CsrfSite = request.app.state.site
    binding = _binding(request, site)
    sent = form.get(CSRF_FIELD)
    if binding is None or not isinstance(sent, str):
        raise CsrfRefused
    if not hmac.compare_digest(_token(site, binding).encode(), sent.encode()):  # bytes: any text compares
        raise CsrfRefused
    return form


# ------------------------------------------------------------------------------------------- same-origin check

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FOREIGN_FETCH_SITES = frozenset({b"cross-site", b"same-site"})
"""Sec-Fetch-Site values a state-changing request is refused for: "same-site" is another port or subdomain."""
DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    """An origin (scheme, host, port) from a URL or an Origin header; None when it is none ("null", garbage)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


CrossOrigin = Callable[[Request], Response]
"""The answer to a state-changing request from another origin (403): a page, or JSON problems for an API client."""


class SameOriginMiddleware:
    """Refuses (with `refuse`'s response, 403) every state-changing request a browser marks as coming from elsewhere:
    `Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` that is neither the request's own origin nor
    `public_url`'s. A request with neither header (a script, curl) goes on to its CSRF token or bearer check."""

    def __init__(self, app: ASGIApp, refuse: CrossOrigin, public_url: str | None = None) -> None:
        self.app = app
        self.refuse = refuse
        self.public_origin = origin_of(public_url) if public_url else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS and self.foreign(scope):
            response = await run_in_threadpool(self.refuse, Request(scope))  # a page: never on the event loop
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def foreign(self, scope: Scope) -> bool:
        """Whether the browser says the request comes from another site or origin."""
        headers = dict(scope.get("headers") or [])
        if headers.get(b"sec-fetch-site", b"").strip().lower() in FOREIGN_FETCH_SITES:
            return True
        origin = headers.get(b"origin")
        if origin is None:
            return False
        sent = origin_of(origin.decode("latin-1").strip())
        own = origin_of(str(Request(scope).base_url))
        return sent is None or sent not in (own, self.public_origin)
