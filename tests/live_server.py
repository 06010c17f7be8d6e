"""Live servers on loopback, the two kinds the tests share: `advisor serve` as a real process (`live_server`,
`start_serve`: its URL, its log, read in a thread so that a chatty server never blocks on a full pipe, its memory,
its exit code), and an application served by uvicorn in a thread of the test process (`serve_in_thread`), for the
browser tests that look into the site while a page is open."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import ROOT, interruptible, wait_until

ORGANISER_TOKEN = "live-test-organiser-token-0123456789"


@dataclass
class LiveServer:
    """A running `advisor serve`: its process, its base URL (ending in '/') and what it has logged so far."""

    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def rss_mib(self) -> float:
        """The server process's resident memory (MiB), with its children (render workers)."""
        total = 0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def stop(self, sig: int = signal.SIGINT, timeout: float = 15) -> int:
        """Stop the server with `sig`; its exit code (killed after `timeout` seconds), its whole log read."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.reader is not None:
            self.reader.join(5)
        return self.process.returncode

    @property
    def stderr(self) -> str:
        """What the server has written to stderr so far."""
        return "".join(self.log)


def _children(pid: int) -> list[int]:
    """The descendants of `pid`: the children of each of its threads (a thread that starts a process is its parent)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grandchild for child in found for grandchild in _children(child)]


def start_serve(
    data: Path, *extra: str, env: dict[str, str] | None = None, admin_token: str | None = ORGANISER_TOKEN
) -> LiveServer:
    """`advisor serve --port 0 --data DATA EXTRA...` started, once it answers; the organiser's token set unless
    `admin_token` is None (the server then prints one). Stop it with `stop()`."""
    token = {"ADVISOR_ADMIN_TOKEN": admin_token} if admin_token is not None else {}
    environment = {k: v for k, v in os.environ.items() if admin_token is not None or k != "ADVISOR_ADMIN_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data), *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 - only resets SIGINT before exec, taking no lock
        env={**environment, "PYTHONUNBUFFERED": "1", **token, **(env or {})},
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    found = re.search(r"(http://\S+/)", first)
    if not found:
        process.kill()
        rest = process.stderr.read()
        raise AssertionError(f"advisor serve printed no URL: {first!r} {rest!r}")
    server = LiveServer(process, found[1], [first])
    server.reader = threading.Thread(target=_read_log, args=(process, server.log), daemon=True)
    server.reader.start()
    wait_until(lambda: _answers(server.url) or process.poll() is not None, "advisor serve to answer")
    return server


def _answers(url: str) -> bool:
    """Whether a server answers at `url` (its socket listens before uvicorn serves)."""
    try:
        httpx.get(url, timeout=1)
    except httpx.HTTPError:
        return False
    return True


@contextmanager
def live_server(data: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """`advisor serve --port 0 --data DATA EXTRA...` with the organiser's token set, until the block ends."""
    server = start_serve(data, *extra, env=env)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class ThreadServer:
    """An application served by uvicorn in a thread of this process, on a free loopback port."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_in_thread(app: Any) -> ThreadServer:
    """Serve `app` on ("127.0.0.1", 0) (a free port, no race) in a thread, once uvicorn has started."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_until(lambda: server.started or not thread.is_alive(), "the server to start", timeout=10)
    assert thread.is_alive(), "the server did not start"
    return ThreadServer(f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread)


def _read_log(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)  # noqa: PERF402 - one line at a time: the test reads them while the server runs
