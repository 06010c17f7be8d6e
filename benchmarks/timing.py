"""Shared by the benchmark scripts: time a command in fresh processes."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def advisor_command() -> str:
    """The `advisor` console script of the running interpreter's environment."""
    return shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"


def cold_runs(command: list[str], runs: int) -> str:
    """Run `command` once to warm the file cache, then `runs` times; 'median X ms, min Y ms over N runs'."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return f"median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms over {runs} runs"


def compiled_bytecode_env(scratch: str | Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) as an installed package runs: with compiled bytecode.

    pip compiles site-packages when it installs, so WeasyPrint's and pydantic's modules load from .pyc; a checkout's
    modules under PYTHONDONTWRITEBYTECODE=1 (set on these machines) would be compiled from source in every run.
    The children write and read their bytecode under `scratch` instead, and the first run fills it."""
    base = dict(os.environ if env is None else env)
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "pycache")
    return base
