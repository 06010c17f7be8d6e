"""Slow and greedy clients, as an ASGI middleware: a request body must keep coming (408 and the connection closed
otherwise; `advisor.web.connections` times out headers and drops bodies nobody reads), one client address has at most `Limits.requests_per_client` requests in progress (503 with Retry-After
beyond), and a body its client abandons ends the request quietly. Each refusal is counted in the site's
`RefusalLog`, which logs a line per interval, never one per refusal.

A body makes progress when it arrives at `BODY_MIN_RATE` bytes a second on average after a grace of
`Limits.body_timeout` seconds, and never pauses longer than that (Apache's mod_reqtimeout works the same way): a
1 MiB upload over a slow line passes, one byte every few seconds does not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from advisor.web.errors import BodyTimeout
from advisor.web.limits import Limits, RefusalLog, client_address
from advisor.web.pages import message_page, try_later, wait_words
from advisor.web.security import ASGIApp, Message, Receive, Scope, Send
from advisor.words.text import text

BODY_MIN_RATE = 500
"""Bytes a second a request body must average, after its first `Limits.body_timeout` seconds."""
BUSY_RETRY_SECONDS = 5.0
"""Retry-After of a client over its requests in progress: a page's requests end within seconds."""
SLOW_BODY = "slow request bodies (408)"
BUSY_CLIENT = "requests over the limit of requests in progress per client address (503)"
ABORTED_BODY = "requests whose client left before sending the whole body"

Answer = Callable[[Request], Response]


def timed_out_answer(request: Request) -> Response:
    """The 408 page (JSON problems for an API client): the body stopped coming; nothing was saved."""
    return message_page(
        request,
        408,
        text("web.timed_out.title"),
        text("web.timed_out"),
    )


def busy_answer(request: Request) -> Response:
    """The 503 page for a client address with too many requests in progress, with Retry-After."""
    return try_later(
        request,
        503,
        text("web.busy.title"),
        text("web.busy", wait=wait_words(BUSY_RETRY_SECONDS)),
        BUSY_RETRY_SECONDS,
    )


class ClientLimits:
    """Times out request bodies that stop coming (408, connection closed), caps the requests in progress per client
    address (503), and ends a request whose client abandoned its body without a traceback (one log line)."""

    def __init__(
        self,
        app: ASGIApp,
        limits: Limits,
        refusals: RefusalLog,
        timed_out: Answer = timed_out_answer,
        busy: Answer = busy_answer,
        min_rate: float = BODY_MIN_RATE,
    ) -> None:
        self.app = app
        self.limits = limits
        self.refusals = refusals
        self.timed_out = timed_out
        self.busy = busy
        self.min_rate = min_rate
        self.in_progress: dict[str, int] = {}  # client address -> requests; one event loop, so no lock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_address(scope)
        if self.in_progress.get(client, 0) >= self.limits.requests_per_client:
            self.refusals.note(BUSY_CLIENT, client)
            await _answer(self.busy, scope, send, close=True)  # frees the connection for others
            return
        self.in_progress[client] = self.in_progress.get(client, 0) + 1
        try:
            await BodyWatch(self, scope, receive, send).serve()
        finally:
            left = self.in_progress.pop(client) - 1
            if left:
                self.in_progress[client] = left


class BodyWatch:
    """One request: its body's deadline, whether the body is complete, whether the client left."""

    def __init__(self, limits: ClientLimits, scope: Scope, receive: Receive, send: Send) -> None:
        self.limits = limits
        self.scope = scope
        self.receive = receive
        self.send = send
        self.loop = asyncio.get_running_loop()
        self.started_at = self.loop.time()
        self.received = 0
        self.complete = not declares_body(scope)
        self.timed_out = False
        self.disconnected = False
        self.response_started = False

    async def serve(self) -> None:
        """Run the application; answer 408 in its place when the body stopped coming."""
        try:
            await self.limits.app(self.scope, self.timed_receive, self.guarded_send)
        except ClientDisconnect:
            if not self.disconnected:
                raise
        except Exception:
            if not self.timed_out:  # the application may wrap BodyTimeout in an error of its own
                raise
        if self.timed_out:
            self.limits.refusals.note(SLOW_BODY, client_address(self.scope))
            if not self.response_started:
                await _answer(self.limits.timed_out, self.scope, self.send, close=True)
        elif self.disconnected and not self.complete:
            self.limits.refusals.note(ABORTED_BODY, client_address(self.scope))

    async def timed_receive(self) -> Message:
        """The next part of the body, if it comes in time; `BodyTimeout` otherwise."""
        if self.complete:  # e.g. a streaming response waiting for the client to leave: no deadline
            message = await self.receive()
        else:
            body_timeout = self.limits.limits.body_timeout
            deadline = self.started_at + body_timeout + self.received / self.limits.min_rate
            wait = max(0.0, min(body_timeout, deadline - self.loop.time()))
            try:
                message = await asyncio.wait_for(self.receive(), wait)
            except TimeoutError:
                self.timed_out = True
                raise BodyTimeout from None
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            self.complete = self.complete or not message.get("more_body", False)
        elif message["type"] == "http.disconnect":
            self.disconnected = True
        return message

    async def guarded_send(self, message: Message) -> None:
        """The application's answer; none after a timeout (the 408 replaces it)."""
        if self.timed_out:
            return
        if message["type"] == "http.response.start":
            self.response_started = True
        await self.send(message)


def declares_body(scope: Scope) -> bool:
    """Whether the request says a body follows (a Content-Length over 0, or a Transfer-Encoding)."""
    for name, value in scope.get("headers") or []:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() not in (b"0", b"")):
            return True
    return False


async def _answer(make: Answer, scope: Scope, send: Send, close: bool = False) -> None:
    """Send `make`'s response (with `Connection: close` when `close`), without reading the request's body; the
    security headers and no-store come from SecurityMiddleware, around this one."""
    response = await run_in_threadpool(make, Request(scope))  # a page: never on the event loop
    if close:
        response.headers["connection"] = "close"

    async def no_body() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)
