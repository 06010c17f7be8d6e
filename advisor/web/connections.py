"""Connections as uvicorn serves them, made safe for slow and greedy clients: request headers must arrive within
`Limits.header_timeout` seconds (408, or a quiet close when nothing came), one client address holds a bounded number
of connections (more are closed at once), a connection whose request body was not
read is closed soon after its answer, uvicorn's own warnings (invalid requests, the concurrency limit) are counted by the
site's `RefusalLog` instead of logged one by one, and the process may open as many files as its hard limit allows
(each connection is one).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import resource
from html import escape
from typing import Any, ClassVar

import h11
import orjson
from uvicorn.protocols.http import h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol

from advisor.web.limits import Limits, RefusalLog
from advisor.words import current_language
from advisor.words.text import text

CONNECTIONS_PER_REQUEST = 2
"""Connections a client address may hold open per request it may have in progress: room for a browser's idle
keep-alive connections, an office's people behind one address."""
SLOW_HEADERS = "slow request headers (408)"
TOO_MANY_CONNECTIONS = "connections over the limit of connections per client address (closed)"
OUT_OF_FILES = "connections not accepted: no file descriptor left"
UVICORN_WARNINGS = {
    "Invalid HTTP request received.": "invalid HTTP requests (400)",
    "Exceeded concurrency limit.": "requests over --max-connections (503)",
}
TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
    b"content-length: 45\r\n\r\nThe request's headers did not arrive in time."
)


SERVER_BUSY_SECONDS = 5


def server_busy_message() -> str:
    """Why a request past --max-connections was not handled, in the current language."""
    return text("edge.web.busy.message", seconds=str(SERVER_BUSY_SECONDS))


def server_busy_page() -> str:
    """The page said past --max-connections: no assets (they would be refused too), in the current language."""
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(text('edge.web.busy.title'), quote=False)}</title>"
        '</head><body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">'
        f"<main><h1>{escape(text('edge.web.busy.heading'), quote=False)}</h1>"
        f'<p role="alert">{escape(server_busy_message(), quote=False)}</p>'
        f'<p><a href="">{escape(text("edge.web.busy.again"), quote=False)}</a></p></main>'
        "</body></html>\n"
    )


async def server_busy(scope: Any, receive: Any, send: Any) -> None:
    """uvicorn's answer past `--max-connections` (its limit_concurrency), said as advisor says a refusal: a page
    without assets (which would be refused too), or JSON problems for an API client, with Retry-After."""
    headers = dict(scope.get("headers") or [])
    if scope.get("path", "").startswith("/api/") or b"application/json" in headers.get(b"accept", b""):
        busy = {"path": "", "message": server_busy_message(), "code": "request.limited"}
        body = orjson.dumps({"problems": [busy]}, option=orjson.OPT_INDENT_2) + b"\n"
        kind = b"application/json"
    else:
        body, kind = server_busy_page().encode(), b"text/html; charset=utf-8"
    start = {
        "type": "http.response.start",
        "status": 503,
        "headers": [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(SERVER_BUSY_SECONDS).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


class Proxies:
    """The reverse proxies uvicorn trusts, as its `forwarded_allow_ips` names them: `address in proxies`."""

    def __init__(self, spec: str | list[str] | frozenset[str]) -> None:
        entries = [e.strip() for e in (spec.split(",") if isinstance(spec, str) else spec) if e.strip()]
        self.everyone = "*" in entries
        self.networks = []
        for entry in entries:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                continue  # a unix socket's name, say: no TCP client has it

    def __contains__(self, address: object) -> bool:
        if self.everyone:
            return True
        try:
            ip = ipaddress.ip_address(str(address))
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline for each request's headers, a cap on the connections of one
    client address and no reading of a body nobody waits for. The class attributes are set by `timed_protocol`."""

    header_timeout: float = 10.0
    linger: float = 10.0
    connections_per_address: int = 128
    refusals: RefusalLog = RefusalLog()
    proxies: Proxies = Proxies("")
    open_per_address: ClassVar[dict[str, int]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timer: asyncio.TimerHandle | None = None
        self.linger_timer: asyncio.TimerHandle | None = None
        self.address: str | None = None
        """The client address this connection counts for (None: refused, or not yet made)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        address = self.client[0] if self.client else ""
        if address in self.proxies:  # a reverse proxy speaks for many clients: they are told apart by request
            self._await_headers()
            return
        if self.open_per_address.get(address, 0) >= self.connections_per_address:
            self.refusals.note(TOO_MANY_CONNECTIONS, address)  # closed at once: its slot is free for others
            transport.close()
            return
        self.open_per_address[address] = self.open_per_address.get(address, 0) + 1
        self.address = address
        self._await_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:  # a (next) request begun: its headers have a deadline
            self._await_headers()
        else:
            self._stop_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.address is not None:
            left = self.open_per_address.pop(self.address) - 1
            if left:
                self.open_per_address[self.address] = left
        self._stop_header_timer()
        if self.linger_timer is not None:
            self.linger_timer.cancel()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            # answered before the body was read: read and drop the rest for a while, so that the client sees the
            # answer (closing on unread data resets the connection), then close, however slowly it comes
            self.linger_timer = self.loop.call_later(self.linger, self._stop_lingering)

    def _stop_lingering(self) -> None:
        self.linger_timer = None
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            self.transport.close()

    def _await_headers(self) -> None:
        if self.header_timer is None and not self.transport.is_closing():
            self.header_timer = self.loop.call_later(self.header_timeout, self._headers_timed_out)

    def _stop_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _headers_timed_out(self) -> None:
        self.header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.trailing_data[0]:  # part of a request came: say why it is closed
            self.refusals.note(SLOW_HEADERS, self.client[0] if self.client else "")
            self.transport.write(TIMED_OUT)
        self.transport.close()


def timed_protocol(limits: Limits, refusals: RefusalLog, proxies: str | list[str] = "") -> type[H11Protocol]:
    """The protocol class for uvicorn's `http` option: headers within `Limits.header_timeout` seconds, an unread body
    dropped for at most `Limits.body_timeout` seconds after the answer, at most CONNECTIONS_PER_REQUEST times
    `Limits.requests_per_client` connections open per client address, except for the `proxies` uvicorn trusts
    (its `forwarded_allow_ips`: addresses, networks, or "*")."""
    attributes = {
        "proxies": Proxies(proxies),
        "header_timeout": limits.header_timeout,
        "linger": limits.body_timeout,
        "connections_per_address": CONNECTIONS_PER_REQUEST * limits.requests_per_client,
        "refusals": refusals,
        "open_per_address": {},
    }
    h11_impl.service_unavailable = server_busy  # uvicorn's plain "Service Unavailable"
    return type("TimedH11Protocol", (TimedH11Protocol,), attributes)


class RefusalFilter(logging.Filter):
    """Counts uvicorn's warnings about refused requests (and asyncio's about refused connections) in a `RefusalLog`
    instead of letting each through: an attack once wrote 600,000 identical lines."""

    def __init__(self, refusals: RefusalLog) -> None:
        super().__init__()
        self.refusals = refusals

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("socket.accept() out of system resource"):
            self.refusals.note(OUT_OF_FILES)
            return False
        if record.name.startswith("uvicorn") and record.levelno == logging.WARNING and not record.exc_info:
            self.refusals.note(UVICORN_WARNINGS.get(message, message.rstrip(".")))
            return False
        return True


def count_refusals(refusals: RefusalLog) -> None:
    """Install the `RefusalFilter` on uvicorn's and asyncio's loggers (after uvicorn has configured them)."""
    for name in ("uvicorn.error", "asyncio"):
        logging.getLogger(name).addFilter(RefusalFilter(refusals))


def raise_open_files_limit() -> int:
    """Raise this process's limit of open files to its hard limit (each connection is one); the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass  # stays as it was: the warning at start-up says what it means
    return soft
