"""Time from starting `advisor ask` in a pseudo-terminal to the first question on screen. Prints; asserts nothing.

python benchmarks/bench_ask.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import advisor_command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.runs + 1):
            start = time.perf_counter()
            child = pexpect.spawn(
                advisor_command(),
                ["ask", "-o", "p.json"],
                cwd=folder,
                env={**os.environ, "TERM": "xterm"},
                dimensions=(24, 80),
                timeout=30,
                encoding="utf-8",
            )
            child.expect("What is the organisation called")
            times.append(time.perf_counter() - start)
            child.sendcontrol("c")
            child.expect(pexpect.EOF)
            child.close()
    times = times[1:]  # the first run warms the file cache
    print(
        f"`advisor ask` to the first question: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
