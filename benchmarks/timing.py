"""Shared by the benchmark scripts: time a command in fresh processes."""

from __future__ import annotations

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
