"""Cold start of `advisor score`, side by side with its yardstick. Prints measurements; asserts nothing.

    python benchmarks/bench_cold.py [--runs 21] [--compare DIR]

Each round starts every command once, in turn, as a new process (so that a busy machine slows them alike):
- the yardstick, `python -c "import pydantic, yaml"` (issue 15, target 1: cold score <= 3x this);
- the floor of the scoring path: import numpy (the Monte Carlo) and validate one pydantic model;
- `advisor score examples/law-firm.json --format json` with an empty cache folder (the first run after an install
  or after the rules changed: YAML read, rules validated, cache written);
- the same with the cache that run left (every later run: the compiled rules read from the cache);
- the same with the cache on a profile whose Monte Carlo must draw (newsroom: numpy is imported);
- with --compare DIR, the same command on another checkout (PYTHONPATH=DIR), e.g. an export of main.
Medians and minima over the rounds, and each median's ratio to the yardstick's, for wall time and for CPU time
(user + system of the child: less disturbed by other work on a busy machine).

Every command runs with compiled bytecode, as an installed package has it (pip compiles site-packages): the
children get PYTHONPYCACHEPREFIX in the scratch folder and PYTHONDONTWRITEBYTECODE removed, so that a checkout's
modules are not compiled from source on each run while pydantic's come from .pyc. --no-bytecode-cache keeps the
environment as it is.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import advisor_command, compiled_bytecode_env

EXAMPLE = ROOT / "examples" / "law-firm.json"
DRAWING_EXAMPLE = ROOT / "examples" / "newsroom.json"  # no dominant track: the Monte Carlo draws
FLOOR = (
    "import numpy, yaml\n"
    "from pydantic import BaseModel, Field\n"
    "class M(BaseModel):\n    x: int = Field(1)\n"
    "M(x=1)"
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command`."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--compare", type=Path, help="another checkout to time the same command on (PYTHONPATH)")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="run with the environment as it is")
    args = parser.parse_args()
    score = [advisor_command(), "score", str(EXAMPLE), "--format", "json"]
    drawing = [advisor_command(), "score", str(DRAWING_EXAMPLE), "--format", "json"]
    with tempfile.TemporaryDirectory() as scratch:
        base = dict(os.environ) if args.no_bytecode_cache else compiled_bytecode_env(scratch)
        warm = {**base, "XDG_CACHE_HOME": str(Path(scratch) / "warm")}
        empty_cache = Path(scratch) / "empty"
        cold = {**base, "XDG_CACHE_HOME": str(empty_cache)}
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            'python -c "import pydantic, yaml"': ([sys.executable, "-c", "import pydantic, yaml"], base),
            "floor: numpy + one pydantic model": ([sys.executable, "-c", FLOOR], base),
            "advisor score, empty cache": (score, cold),
            "advisor score, warm cache": (score, warm),
            f"advisor score {DRAWING_EXAMPLE.name}, warm cache": (drawing, warm),
        }
        if args.compare:
            other = {**warm, "PYTHONPATH": str(args.compare.resolve())}
            commands[f"advisor score, {args.compare}"] = (score, other)
        for command, env in commands.values():  # warm the OS file cache and fill the warm cache folder
            subprocess.run(command, check=True, capture_output=True, env=env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, env) in commands.items():
                shutil.rmtree(empty_cache, ignore_errors=True)
                wall, used = timed(command, env)
                times[name].append(wall)
                cpu[name].append(used)
    yardstick = statistics.median(next(iter(times.values())))
    cpu_yardstick = statistics.median(next(iter(cpu.values())))
    bytecode = "environment as it is" if args.no_bytecode_cache else "compiled bytecode"
    print(f"cold start, {args.runs} rounds, {os.cpu_count()} cores, {bytecode}, `{' '.join(score[1:])}`:")
    for name, values in times.items():
        median, cpu_median = statistics.median(values), statistics.median(cpu[name])
        print(
            f"  {name:<42} wall median {median * 1000:5.0f} ms  min {min(values) * 1000:5.0f} ms  "
            f"{median / yardstick:5.2f}x  | cpu median {cpu_median * 1000:5.0f} ms  {cpu_median / cpu_yardstick:5.2f}x"
        )


if __name__ == "__main__":
    main()
