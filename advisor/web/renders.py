"""The PDFs of one server, so that renders never starve pages or people: cached by what determines them, rendered
in worker processes (`render_pool`), one render per PDF in flight however many ask for it, one render in flight per
client address, and a bounded queue.

A request for a PDF that is neither cached nor being rendered needs its client's turn: a client's second different
PDF waits (holding no thread) until its first is done; past `WAITING_PER_CLIENT` waiting requests it gets 429. A
render that would find more than `render_queue` renders waiting for a worker gets 503. Both carry the seconds to wait.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache

from starlette.concurrency import run_in_threadpool

from advisor.core.resources import bundled_dir
from advisor.web.errors import PdfRefused as Refused
from advisor.web.errors import RenderFailed
from advisor.web.render_pool import RenderPool
from advisor.words import current_language

WAITING_PER_CLIENT = 4
"""Requests of one client waiting for its render in flight to end before theirs starts; more get 429."""
RENDER_TIMEOUT = 60.0
"""Seconds a render may take before its requests get 503 and its workers are replaced."""


QUEUE_FULL, CLIENT_BUSY, FAILED, TOO_SLOW = (
    "PDF renders past the queue",
    "PDF requests while the client's render ran",
    "PDF renders whose worker died",
    "PDF renders that took too long",
)
"""Why a PDF was refused (the refusal log's words)."""


@lru_cache(maxsize=1)
def templates_digest() -> str:
    """The sha256 of the bundled templates folder (every file's path and bytes), read once."""
    digest = hashlib.sha256()
    root = bundled_dir("templates")
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pdf_key(*parts: str) -> str:
    """The cache key of a PDF determined by `parts` (digests, date, paper), the templates and the language."""
    return hashlib.sha256("\0".join([*parts, templates_digest(), current_language()]).encode()).hexdigest()


class Renders:
    """PDFs rendered in `pool`, cached up to `cache_bytes`, with at most `queue` renders waiting for a worker."""

    def __init__(self, pool: RenderPool, queue: int, cache_bytes: int) -> None:
        self.pool = pool
        self.capacity = pool.workers + max(0, queue)
        self.cache_bytes = cache_bytes
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._cached = 0
        self._flights: dict[str, Future[bytes]] = {}
        self._turns: dict[str, deque[Future[None]]] = {}
        self._seconds = 1.0  # a render's recent duration, for Retry-After

    async def pdf(self, key: str, client: str, html: Callable[[], str]) -> bytes:
        """The PDF for `key`: from the cache, from the render in flight for it, or rendered from `html()` (called in
        the thread pool) on this client's turn; `Refused` when not now."""
        turn = False  # whether this request holds its client's turn
        try:
            while True:
                waiter: Future[None] | None = None
                with self._lock:
                    cached = self._cache.get(key)
                    if cached is not None:
                        self._cache.move_to_end(key)
                        return cached
                    flight = self._flights.get(key)
                    start = False
                    if flight is not None:  # being rendered for another request: shared, no turn needed
                        if turn:
                            self._give_turn(client)
                            turn = False
                    else:
                        waiter = None if turn else self._take_turn(client)
                        if waiter is None:
                            turn = True
                            if len(self._flights) >= self.capacity:
                                raise Refused(503, self._wait(), QUEUE_FULL)
                            flight = self._flights[key] = Future()
                            turn, start = False, True  # the flight holds the turn and gives it back when it ends
                if flight is not None:
                    if start:
                        await run_in_threadpool(self._start, key, client, flight, html)
                    return await self._result(key, flight)
                assert waiter is not None
                turn = await self._await_turn(client, waiter)
        finally:
            if turn:
                with self._lock:
                    self._give_turn(client)

    def waiting(self, client: str) -> int:
        """Requests of `client` waiting for its render in flight to end."""
        with self._lock:
            return len(self._turns.get(client, ()))

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()

    # --- turns: one render in flight per client --------------------------------------------------------------

    def _take_turn(self, client: str) -> Future[None] | None:
        """None: the client's turn is ours; else a future set when it is (429 past WAITING_PER_CLIENT)."""
        waiting = self._turns.get(client)
        if waiting is None:
            self._turns[client] = deque()
            return None
        if len(waiting) >= WAITING_PER_CLIENT:
            raise Refused(429, self._seconds * (len(waiting) + 1), CLIENT_BUSY)
        waiter: Future[None] = Future()
        waiting.append(waiter)
        return waiter

    def _give_turn(self, client: str) -> None:
        waiting = self._turns.get(client)
        if waiting:
            waiting.popleft().set_result(None)
        else:
            self._turns.pop(client, None)

    async def _await_turn(self, client: str, waiter: Future[None]) -> bool:
        try:
            await asyncio.shield(asyncio.wrap_future(waiter))
        except asyncio.CancelledError:
            with self._lock:  # pass the turn on if it came; else leave the line
                waiting = self._turns.get(client)
                if waiter.done():
                    self._give_turn(client)
                elif waiting is not None and waiter in waiting:
                    waiting.remove(waiter)
            raise
        return True

    # --- flights: one render per key ----------------------------------------------------------------------------

    def _start(self, key: str, client: str, flight: Future[bytes], html: Callable[[], str]) -> None:
        """Make the HTML and send it to a worker (in the thread pool); the flight ends in `_land`."""
        started = time.monotonic()
        try:
            rendering = self.pool.submit(html())
        except BaseException as exc:
            self._land(key, client, flight, started, None, exc)
            if not isinstance(exc, Exception):
                raise
            return
        rendering.add_done_callback(lambda done: self._land(key, client, flight, started, done, None))

    def _land(
        self,
        key: str,
        client: str,
        flight: Future[bytes],
        started: float,
        rendering: Future[bytes] | None,
        error: BaseException | None,
    ) -> None:
        pdf = None
        if rendering is not None:
            try:
                pdf = rendering.result()
            except BaseException as exc:  # noqa: BLE001 - a dead worker, a cancelled render: the requests get 503
                error = exc
        with self._lock:
            if self._flights.get(key) is not flight:  # ended already: never twice
                return
            del self._flights[key]
            self._give_turn(client)
            if pdf is not None:
                self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)
                self._remember(key, pdf)
        if pdf is not None:
            flight.set_result(pdf)
        elif isinstance(error, BrokenProcessPool | CancelledError | RenderFailed):  # the worker, not the report
            flight.set_exception(RenderFailed(f"the render failed: {type(error).__name__}: {error}"))
        else:  # a bug in making the report: the requests get the server's 500, and it is logged
            flight.set_exception(error or RenderFailed("no PDF"))

    async def _result(self, key: str, flight: Future[bytes]) -> bytes:
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(flight)), RENDER_TIMEOUT)
        except TimeoutError:
            with self._lock:
                hung = self._flights.get(key) is flight
            if hung:
                self.pool.restart()  # its rendering then fails, which ends the flight
            raise Refused(503, self._wait(), TOO_SLOW) from None
        except RenderFailed:
            raise Refused(503, self._wait(), FAILED) from None

    def _wait(self) -> float:
        """Seconds until the queue has room again, about."""
        return self._seconds * (len(self._flights) / self.pool.workers + 1)

    def _remember(self, key: str, pdf: bytes) -> None:
        if len(pdf) > self.cache_bytes:
            return
        replaced = self._cache.pop(key, None)
        self._cached -= len(replaced or b"")
        self._cache[key] = pdf
        self._cached += len(pdf)
        while self._cached > self.cache_bytes:
            _, dropped = self._cache.popitem(last=False)
            self._cached -= len(dropped)
