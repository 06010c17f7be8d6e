"""The organiser's access: one admin token per server (ADVISOR_ADMIN_TOKEN, else random and printed at start-up).

The login form turns the token into a session: a random id per login, kept server-side (`admin_sessions`), sent as
an HttpOnly, SameSite=Strict cookie (`__Host-advisor_admin`, Secure, Path=/ over HTTPS; `advisor_admin`, Path=/admin
over plain HTTP), ended by logout, 8 hours unused or 7 days. Scripts may send the token as
`Authorization: Bearer TOKEN` instead; any other Authorization scheme (a reverse proxy's Basic auth, say) is not an
organiser's credential and is ignored, so the cookie decides. Wrong tokens (form or header) count against the
client (`client_key`: its IPv4 address or IPv6 /64): past `admin_failures` (10 a minute) every token from it, the right
one too, gets 429 with the seconds until one more is looked at; the wait, the check and the count are one step, so
guesses sent at once get no more tries.
Every comparison is constant-time (`hmac.compare_digest`, on digests of equal length). The token never appears in
a page, an address or a cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from advisor.core.errors import UsageError
from advisor.web.errors import AdminRefused
from advisor.web.limits import client_key
from advisor.words.text import text

if TYPE_CHECKING:
    from advisor.web.site import Site

ENVIRONMENT = "ADVISOR_ADMIN_TOKEN"
ADMIN_COOKIE = "advisor_admin"
ADMIN_PATH = "/admin"
MIN_TOKEN = 16
SECURE_PREFIX = "__Host-"


def new_admin_token() -> str:
    """A random admin token (192 bits)."""
    return secrets.token_urlsafe(24)


def admin_token_from_env() -> str | None:
    """ADVISOR_ADMIN_TOKEN, if set; a usage error when it is too short to be safe."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return None
    if len(value) < MIN_TOKEN:
        raise UsageError(text("edge.web.admin_token_short", variable=ENVIRONMENT, length=str(MIN_TOKEN)))
    return value


def same_secret(given: str, expected: str) -> bool:
    """Whether `given` is `expected`, in constant time (whatever their lengths)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def secure_cookie_name(request: Request, name: str) -> str:
    """The cookie's name for this request: `__Host-` prefixed over HTTPS (the browser then refuses it from any other
    origin, another port of the same host included), as it is over plain HTTP."""
    return SECURE_PREFIX + name if request.url.scheme == "https" else name


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer` header; None for no header or another scheme."""
    scheme, _, value = request.headers.get("authorization", "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def session_of(request: Request, site: Site) -> str | None:
    """The id of the request's live organiser session, or None (looked up once per request)."""
    if not hasattr(request.state, "admin_session"):
        session = request.cookies.get(secure_cookie_name(request, ADMIN_COOKIE), "")
        request.state.admin_session = session if session and site.sessions.alive(session) else None
    found: str | None = request.state.admin_session
    return found


TOKEN_CHECKS = threading.Lock()
"""Checking a client's wait, the token and counting a wrong one are one step: the organiser's pages run in a thread
pool, and guesses sent at once must not all pass the wait before the first of them is counted."""


def token_check(request: Request, site: Site, given: str) -> float | bool:
    """The seconds this client must wait before a token is checked (a float over 0: `given` was not looked at);
    else whether `given` is the admin token. A wrong one counts against the client (and is logged once a minute)."""
    key = client_key(request.scope)
    with TOKEN_CHECKS:
        wait = site.admin_failures.check(key)
        if wait > 0:
            return float(wait)
        if same_secret(given, site.admin_token):
            return True
        site.admin_failures.take(key)
    site.refusals.note("wrong admin tokens")
    return False


def require_admin(request: Request, site: Site) -> None:
    """Raise AdminRefused unless the request comes from the organiser (a bearer token, else a live session)."""
    token = bearer_token(request)
    if token is not None:
        checked = token_check(request, site, token)
        if isinstance(checked, float):
            raise AdminRefused(429, retry=checked)
        if not checked:
            raise AdminRefused(403)
        return
    if session_of(request, site) is None:
        raise AdminRefused(401, ended=bool(request.cookies.get(secure_cookie_name(request, ADMIN_COOKIE))))


def log_in(request: Request, response: Response, session: str) -> None:
    """Give the browser the cookie of its new organiser session."""
    secure = request.url.scheme == "https"
    response.set_cookie(
        secure_cookie_name(request, ADMIN_COOKIE),
        session,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/" if secure else ADMIN_PATH,  # a __Host- cookie must have Path=/
    )


def log_out(request: Request, response: Response) -> None:
    """Remove the organiser's session cookie."""
    secure = request.url.scheme == "https"
    response.delete_cookie(
        secure_cookie_name(request, ADMIN_COOKIE),
        path="/" if secure else ADMIN_PATH,
        secure=secure,
        httponly=True,
        samesite="strict",
    )
