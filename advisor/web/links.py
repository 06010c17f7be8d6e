"""Absolute links (resume links, survey links): built from `--public-url` when the server was given one, never from
a client's Host header alone; and the Host names the server accepts (400 for any other, so that no page, link or
redirect is ever made for a name an attacker chose)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from advisor.core.errors import UsageError
from advisor.web.limits import RefusalLog, Settings, client_address
from advisor.web.security import ASGIApp, Receive, Scope, Send
from advisor.words.text import text

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def unknown_host_text(request: Request) -> Response:
    """The plain 400 for a Host this server does not answer to."""
    return PlainTextResponse(text("web.unknown_host"), status_code=400)


def public_base_url(value: str) -> str:
    """`--public-url` checked and normalised: an http(s) address with a host, no path, query or fragment, ending in
    '/' (the pages link to absolute paths, so a proxy that serves them under a prefix would break their links)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(text("web_forms.public_url.address", value=value))
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UsageError(text("web_forms.public_url.plain", value=value))
    if parts.path not in ("", "/"):
        raise UsageError(text("web_forms.public_url.root", value=value, path=parts.path))
    try:
        parts.port  # noqa: B018 - checks the port
    except ValueError:
        raise UsageError(text("web_forms.public_url.port", value=value)) from None
    return f"{parts.scheme}://{parts.netloc.lower()}/"


def host_name(header: str) -> str:
    """The name in a Host header, without its port and brackets, lower-cased ('' when malformed)."""
    header = header.strip().lower()
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        return name if bracket and (not rest or rest.startswith(":")) else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else ("" if ":" in header else header)


def accepted_hosts(settings: Settings) -> frozenset[str] | None:
    """The Host names this server answers: the public URL's, the bound ones and loopback names; None (any) for an
    application not started by `advisor serve` (one in a test) that was given neither."""
    names = set(settings.bound_hosts)
    if settings.public_url:
        names.add(urlsplit(settings.public_url).hostname or "")
    if not names:
        return None
    return frozenset(host_name(f"[{n}]" if ":" in n else n) for n in (*names, *LOOPBACK_NAMES))


def absolute_url(request: Request, name: str, **path_params: str) -> str:
    """The absolute address of route `name`: under --public-url when given, else at the address the request used
    (whose Host the HostCheck accepted)."""
    base = request.app.state.site.settings.public_url
    if base is None:
        return str(request.url_for(name, **path_params))
    return base + request.app.url_path_for(name, **path_params).lstrip("/")


class HostCheck:
    """Refuses (400) a request whose Host is not one of `hosts` nor the address the client connected to."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: Iterable[str],
        refusals: RefusalLog | None = None,
        refuse: Callable[[Request], Response] = unknown_host_text,
    ) -> None:
        self.app = app
        self.hosts = frozenset(hosts)
        self.refusals = refusals
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.accepts(scope):
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if self.refusals is not None:  # the client's address is the proxy's, or the one a trusted proxy forwarded
            detail = text("edge.web.unknown_host_detail", host=repr(header[:80]), address=client_address(scope))
            self.refusals.note("requests for an unknown Host", detail)
        await self.refuse(Request(scope, receive))(scope, receive, send)

    def accepts(self, scope: Scope) -> bool:
        """Whether the Host is known: a name of this server, or the address of this machine the client reached."""
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = host_name(header)
        if name in self.hosts:
            return True
        server = scope.get("server")  # bound to 0.0.0.0 or ::, reached at one of this machine's addresses
        return bool(server and name and _same_address(name, str(server[0])))


def _same_address(name: str, address: str) -> bool:
    try:
        mine = ipaddress.ip_address(address)
        return ipaddress.ip_address(name) in (mine, getattr(mine, "ipv4_mapped", None))
    except ValueError:
        return False
