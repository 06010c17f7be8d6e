"""Shared fixtures: the default rules, a quick way to build a profile from importances, the command line run in
this process (`cli`), and what the `browser` marker and a missing tool mean locally and in CI."""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from advisor.core.profile import Profile, parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import Rules, parse_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
"""CI (`.ci/run`, GitHub Actions) sets CI=true: there a missing browser or tool is a failure, not a skip."""


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The rules cache of this test run, never the user's (subprocesses inherit it)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The bundled default rules (the seed's matrix)."""
    return parse_rules(default_rules_path().read_bytes(), "default.yaml")


def make_profile(rules: Rules, volume: str = "medium", **importances: int) -> Profile:
    """A valid profile with the given importance per use case, all at one volume."""
    data: dict[str, Any] = {
        "organization": {"name": "Test Org"},
        "needs": {uid: {"importance": level, "volume": volume} for uid, level in importances.items()},
    }
    return parse_profile(data, rules, "test")


def interruptible() -> None:
    """Run in a child before exec: take Ctrl-C as a terminal would, even when this test run ignores SIGINT.

    A shell starts background jobs with SIGINT ignored, and Python then keeps it ignored; CI runners may do so.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# --------------------------------------------------------------------------------------- the command line


class Ran(NamedTuple):
    """What a run of the command line gave: its exit code, stdout and stderr (text, or bytes with text=False)."""

    returncode: int
    stdout: Any
    stderr: Any


def run_cli(
    *args: object,
    cwd: Path | str | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    text: bool = True,
) -> Ran:
    """`advisor ARGS` run in this process, as `python -m advisor ARGS` would run with stdin, stdout and stderr
    redirected (not terminals): in folder `cwd`, with `stdin`'s bytes and the variables `env` added. The working
    folder, the environment and the standard streams are restored afterwards, so no run leaks into the next.

    A real process is still what checks what only a process shows: exit codes at interpreter exit, signals, a closed
    pipe, a missing terminal (tests/test_cli.py, test_ask_cli.py, test_packaging.py)."""
    from advisor.cli import run

    out, err = io.BytesIO(), io.BytesIO()
    ours = (
        io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    streams = sys.stdin, sys.stdout, sys.stderr
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    sys.stdin, sys.stdout, sys.stderr = ours
    try:
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        code = run([str(arg) for arg in args])
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        for stream in ours:
            if not stream.closed:
                stream.flush()
                stream.detach()  # not closed with the wrapper: the bytes are read below
        os.chdir(saved_cwd)
        if dict(os.environ) != saved_env:
            os.environ.clear()
            os.environ.update(saved_env)
    if text:
        return Ran(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def cli() -> Callable[..., Ran]:
    """The command line in this process: `cli("score", path, cwd=..., stdin=..., env=...)` -> (code, stdout,
    stderr); see `run_cli`."""
    return run_cli


# ------------------------------------------------------------------------------------ browser and tools


def missing(reason: str) -> None:
    """A tool the test needs is not installed: skip here, fail in CI, where `make test` installs it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: make test installs it, so its absence is a failure)")
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked `browser` needs Debian's chromium and chromium-driver."""
    if item.get_closest_marker("browser") is not None and not CHROMEDRIVER.exists():
        missing("no /usr/bin/chromedriver: install Debian's chromium and chromium-driver (`make test` does, as root)")


# ----------------------------------------------------------------------------------------------- waiting


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    """Wait for `condition` to hold, polling; fail naming `what` after `timeout` seconds (a readiness wait, never a
    fixed sleep: as short as the machine allows, as long as a loaded one needs)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.02)


def reading_stdin(pid: int) -> bool:
    """Whether process `pid` is blocked reading its standard input (Linux: its current system call)."""
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        call = []
    if len(call) > 1:
        return call[0] == {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine) and call[1] == "0x0"
    try:
        return "pipe" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False
