"""`advisor serve` as a real process on loopback, for the tests that replay attacks on the real uvicorn: it, its URL,
its log (read in a thread, so that a chatty server never blocks on a full pipe) and its memory."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import ROOT, interruptible

ORGANISER_TOKEN = "live-test-organiser-token-0123456789"


@dataclass
class LiveServer:
    """A running `advisor serve`: its process, its base URL (ending in '/') and what it has logged so far."""

    process: subprocess.Popen[str]
    url: str
    log: list[str] = field(default_factory=list)

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
        """Stop the server with `sig`; its exit code (killed after `timeout` seconds)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _children(pid: int) -> list[int]:
    """The descendants of `pid`: the children of each of its threads (a thread that starts a process is its parent)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grandchild for child in found for grandchild in _children(child)]


@contextmanager
def live_server(data: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[LiveServer]:
    """`advisor serve --port 0 --data DATA EXTRA...` with the organiser's token set, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data), *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 - no thread of the test runs yet
        env={**os.environ, "PYTHONUNBUFFERED": "1", "ADVISOR_ADMIN_TOKEN": ORGANISER_TOKEN, **(env or {})},
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    found = re.search(r"(http://\S+/)", first)
    if not found:
        process.kill()
        rest = process.stderr.read()
        raise AssertionError(f"advisor serve printed no URL: {first!r} {rest!r}")
    server = LiveServer(process, found[1], [first])
    reader = threading.Thread(target=_read_log, args=(process, server.log), daemon=True)
    reader.start()
    for _ in range(200):  # the socket listens before uvicorn serves: wait for a first answer
        try:
            httpx.get(server.url, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    try:
        yield server
    finally:
        server.stop()
        reader.join(5)


def _read_log(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)  # noqa: PERF402 - one line at a time: the test reads them while the server runs
