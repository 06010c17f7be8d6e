"""Cold start of `advisor score`, side by side with its yardstick. Prints measurements; asserts nothing.

    python benchmarks/bench_cold.py [--runs 21] [--compare DIR]

Each round starts every command once, in turn, as a new process (so that a busy machine slows them alike):
- the yardstick, `python -c "import pydantic, yaml"` (issue 15, target 1: cold score <= 3x this);
- the floor of the scoring path: import numpy (the Monte Carlo) and validate one pydantic model;
- `advisor score examples/law-firm.json --format json` with an empty cache folder (the first run after an install
  or after the rules changed: YAML read, rules validated, cache written);
- the same with the cache that run left (every later run: the compiled rules read from the cache);
- with --compare DIR, the same command on another checkout (PYTHONPATH=DIR), e.g. an export of main.
Medians and minima over the rounds, and each median's ratio to the yardstick's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import advisor_command  # noqa: E402

EXAMPLE = ROOT / "examples" / "law-firm.json"
FLOOR = (
    "import numpy, yaml\n"
    "from pydantic import BaseModel, Field\n"
    "class M(BaseModel):\n    x: int = Field(1)\n"
    "M(x=1)"
)


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--compare", type=Path, help="another checkout to time the same command on (PYTHONPATH)")
    args = parser.parse_args()
    score = [advisor_command(), "score", str(EXAMPLE), "--format", "json"]
    with tempfile.TemporaryDirectory() as scratch:
        warm = {**os.environ, "XDG_CACHE_HOME": str(Path(scratch) / "warm")}
        empty_cache = Path(scratch) / "empty"
        cold = {**os.environ, "XDG_CACHE_HOME": str(empty_cache)}
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            'python -c "import pydantic, yaml"': ([sys.executable, "-c", "import pydantic, yaml"], dict(os.environ)),
            "floor: numpy + one pydantic model": ([sys.executable, "-c", FLOOR], dict(os.environ)),
            "advisor score, empty cache": (score, cold),
            "advisor score, warm cache": (score, warm),
        }
        if args.compare:
            other = {**os.environ, "PYTHONPATH": str(args.compare.resolve())}
            commands[f"advisor score, {args.compare}"] = (score, other)
        for command, env in commands.values():  # warm the OS file cache and fill the warm cache folder
            subprocess.run(command, check=True, capture_output=True, env=env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                shutil.rmtree(empty_cache, ignore_errors=True)
                times[name].append(timed(command, env))
    yardstick = statistics.median(next(iter(times.values())))
    print(f"cold start, {args.runs} rounds, {os.cpu_count()} cores, `{' '.join(score[1:])}`:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<42} median {median * 1000:6.0f} ms  min {min(values) * 1000:6.0f} ms  {median / yardstick:5.2f}x")


if __name__ == "__main__":
    main()
