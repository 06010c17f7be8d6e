"""The organiser's access: one admin token per server (ADVISOR_ADMIN_TOKEN, else random and printed at start-up).

The login form turns the token into a session cookie (HttpOnly, SameSite=Strict, path /admin, so respondents' pages
never carry it) that holds an HMAC of the token, never the token itself; scripts may send the token as
`Authorization: Bearer TOKEN` instead. Every comparison is constant-time (`hmac.compare_digest`, on digests of equal
length). The token never appears in a page or an address.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from starlette.requests import Request
from starlette.responses import Response

from advisor.core.errors import UsageError

ENVIRONMENT = "ADVISOR_ADMIN_TOKEN"
ADMIN_COOKIE = "advisor_admin"
ADMIN_PATH = "/admin"
MIN_TOKEN = 16
SESSION_MESSAGE = b"advisor admin session v1"


class AdminRefused(Exception):
    """A request for an organiser's page without a valid admin session or token (401 or 403)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def new_admin_token() -> str:
    """A random admin token (192 bits)."""
    return secrets.token_urlsafe(24)


def admin_token_from_env() -> str | None:
    """ADVISOR_ADMIN_TOKEN, if set; a usage error when it is too short to be safe."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return None
    if len(value) < MIN_TOKEN:
        raise UsageError(f"{ENVIRONMENT}: use at least {MIN_TOKEN} characters (or unset it for a random token)")
    return value


def same_secret(given: str, expected: str) -> bool:
    """Whether `given` is `expected`, in constant time (whatever their lengths)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest())


def session_value(admin_token: str) -> str:
    """What the session cookie holds: an HMAC of the token, so the cookie never carries the token itself."""
    return hmac.new(admin_token.encode(), SESSION_MESSAGE, hashlib.sha256).hexdigest()


def admin_status(request: Request, admin_token: str) -> int:
    """200 for a valid session cookie or bearer token; 403 for a wrong one; 401 for none."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and same_secret(value.strip(), admin_token):
            return 200
        return 403
    cookie = request.cookies.get(ADMIN_COOKIE)
    if cookie is None:
        return 401
    return 200 if same_secret(cookie, session_value(admin_token)) else 403


def require_admin(request: Request, admin_token: str) -> None:
    """Raise AdminRefused unless the request comes from the organiser."""
    status = admin_status(request, admin_token)
    if status != 200:
        raise AdminRefused(status)


def log_in(request: Request, response: Response, admin_token: str) -> None:
    """Give the browser the organiser's session cookie."""
    response.set_cookie(
        ADMIN_COOKIE,
        session_value(admin_token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=ADMIN_PATH,
    )


def log_out(response: Response) -> None:
    """Remove the organiser's session cookie."""
    response.delete_cookie(ADMIN_COOKIE, path=ADMIN_PATH, httponly=True, samesite="strict")
