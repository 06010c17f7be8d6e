"""PDFs rendered in worker processes, off the server's threads: a pool of `workers` processes forked from a fork
server that has imported WeasyPrint once. The pool is replaced after `RENDERS_PER_WORKER` renders a worker, so memory
stays flat (Python 3.11's `max_tasks_per_child` can hang with a backlog: cpython#115634); a dead worker fails its
renders (BrokenProcessPool) and the next render starts a new pool. Workers ignore Ctrl-C and SIGTERM: the server stops
them (`close`); one whose server is gone leaves by itself. Their temporary files (WeasyPrint's fonts) live in one
folder that `close` removes, even after a worker crashed. Under a temporary folder whose path is too long for the
fork server's socket, workers are spawned instead.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection

from advisor.web.errors import RenderFailed

RENDERS_PER_WORKER = 50
"""Renders a worker makes on average before its pool is replaced by a fresh one."""


class RenderPool:
    """Worker processes that turn a report's HTML into PDF bytes; started at the first render."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._retired: list[ProcessPoolExecutor] = []
        self._submitted = 0
        self._folder: str | None = None
        self._server: tuple[Connection, Connection] | None = None  # a pipe the workers read: EOF when we are gone

    def submit(self, html: str) -> Future[bytes]:
        """Render `html` in a worker; the future fails with `RenderFailed` if the worker dies."""
        with self._lock:
            for _ in range(2):
                executor = self._current()
                try:
                    future = executor.submit(_render, html)
                except (BrokenProcessPool, RuntimeError):  # broken by a dead worker, or closing: a new pool
                    self._retire(executor)
                    continue
                self._submitted += 1
                if self._submitted >= self.workers * RENDERS_PER_WORKER:
                    self._retire(executor)
                return future
        raise RenderFailed("the render workers could not be started")

    def restart(self) -> None:
        """End the workers now (a render hung): their renders fail, the next render starts new ones."""
        with self._lock:
            executor = self._executor
            if executor is None:
                return
            self._retire(executor)
        for process in list(getattr(executor, "_processes", {}).values()):  # no public way to stop a busy worker
            process.terminate()

    def pids(self) -> list[int]:
        """The worker processes now running (for tests and benchmarks)."""
        with self._lock:
            executors = [*self._retired, *([self._executor] if self._executor else [])]
        return [pid for executor in executors for pid in getattr(executor, "_processes", {})]

    def close(self) -> None:
        """Stop every worker (renders in progress finish, queued ones are cancelled) and remove their files."""
        with self._lock:
            executors = [*self._retired, *([self._executor] if self._executor else [])]
            self._executor, self._retired, self._submitted = None, [], 0
            folder, self._folder = self._folder, None
            server, self._server = self._server, None
        for executor in executors:
            executor.shutdown(wait=True, cancel_futures=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        for end in server or ():
            end.close()

    def _current(self) -> ProcessPoolExecutor:
        if self._executor is None:
            if self._folder is None:
                self._folder = tempfile.mkdtemp(prefix="advisor-render-")
            context = _context()
            if self._server is None:
                self._server = context.Pipe(duplex=False)
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self._folder, self._server[0]),
            )
            self._submitted = 0
            for _ in range(self.workers):  # start every worker now (3.11 starts one per busy moment), warmed up
                self._executor.submit(_warm_up)
        return self._executor

    def _retire(self, executor: ProcessPoolExecutor) -> None:
        """Send no more work to `executor`; its workers leave when their renders are done."""
        if self._executor is executor:
            self._executor = None
        executor.shutdown(wait=False)
        self._retired = [old for old in self._retired if _running(old)] + [executor]


UNIX_PATH_MAX = 107
"""The longest path of a Unix socket (108 bytes with its final NUL), which the fork server listens on."""


def _context() -> multiprocessing.context.BaseContext:
    """A fork server that has imported WeasyPrint once; or, when the temporary folder's path is too long for the
    fork server's socket (a long TMPDIR: it would fail every render), workers spawned afresh, slower to start."""
    socket_path = os.path.join(tempfile.gettempdir(), "pymp-xxxxxxxx", "listener-xxxxxxxx")
    if len(os.fsencode(socket_path)) > UNIX_PATH_MAX:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["advisor.web.render_pool", "weasyprint"])
    return context


def _running(executor: ProcessPoolExecutor) -> bool:
    thread = getattr(executor, "_executor_manager_thread", None)
    return thread is not None and thread.is_alive()


_POOLS: dict[int, RenderPool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(workers: int) -> RenderPool:
    """The process's pool of `workers` workers (one server per process; tests share warm workers between apps)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(workers)
        if pool is None:
            pool = _POOLS[workers] = RenderPool(workers)
        return pool


@atexit.register
def close_pools() -> None:
    """Stop every pool of this process (the server does it when it stops; this is for the rest)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
    for pool in pools:
        pool.close()


# --- in the worker processes ----------------------------------------------------------------------------------


def _start_worker(folder: str, server: Connection) -> None:
    """A worker's set-up: signals left to the server, temporary files in the pool's folder, fonts released at exit,
    and an exit of its own when the server is gone (`server` reads end of file then)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    tempfile.tempdir = folder
    from advisor.report import release_renderer

    # a forkserver's worker ends with os._exit: multiprocessing's finalizers run, atexit's do not
    multiprocessing.util.Finalize(None, release_renderer, exitpriority=10)
    threading.Thread(target=_leave_with, args=(server,), name="advisor-render-watch", daemon=True).start()


def _leave_with(server: Connection) -> None:
    """End this worker once the server has gone (killed): nobody would collect its renders. The worker's parent is
    the fork server, which stays while any worker does, so the server's end of a pipe tells."""
    try:
        while True:
            server.recv_bytes()  # nothing is ever sent: this waits for the end of file
    except (EOFError, OSError):
        pass
    from advisor.report import release_renderer

    release_renderer()
    os._exit(0)


WARM_UP = "<html lang=en><head><title>-</title></head><body><p>-</p></body></html>"


def _warm_up() -> None:
    """A first render, so that a worker's first report does not pay for WeasyPrint's first layout."""
    _render(WARM_UP)


def _render(html: str) -> bytes:
    from advisor.report import render_pdf

    return render_pdf(html)
