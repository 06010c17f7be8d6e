"""Group assessment on many respondents of one organisation. Prints measurements; asserts nothing.

    python benchmarks/bench_group.py [--respondents 1000] [--runs 5] [--report]

1. Generate N respondents (one organisation, varied roles, needs and context, so that every context field
   conflicts and the leave-one-out analysis has work to do) as JSON Lines.
2. `assess_group` in-process with robustness, on the parsed profiles (median and min of --runs; target <= 1 s).
3. `advisor group FILE --format json` in a cold process each time (reading, validating, assessing, writing JSON).
4. With --report, one cold `advisor group FILE --report out.pdf` (the PDF lists every respondent).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import varied_context, varied_needs
from timing import advisor_command, cold_runs

ROLES = ("Legal", "Marketing", "Engineering", "Newsroom", "Sales", "Support", "Finance", "HR")


def generate(path: Path, count: int) -> None:
    """`count` respondents of one organisation, each with their own role, needs and context."""
    rng = random.Random(20261202)
    with path.open("wb") as handle:
        for index in range(count):
            needs = varied_needs(rng)
            profile = {
                "schema_version": 1,
                "id": f"r{index}",
                "organization": {"name": "Acme Media", "industry": "Media", "size": "1000+"},
                "respondent": {"role": f"{rng.choice(ROLES)} {index}"},
                "needs": needs,
                "context": varied_context(rng),
                "priorities_confidence": rng.choice(["low", "medium", "high"]),
            }
            handle.write(orjson.dumps(profile) + b"\n")


def in_process(path: Path, runs: int) -> str:
    import advisor

    rules = advisor.load_rules()
    start = time.perf_counter()
    profiles = [advisor.parse_profile(line, rules) for line in path.read_bytes().splitlines()]
    parsed = time.perf_counter() - start
    advisor.assess_group(profiles[:2], rules)  # warm: imports, numpy, the rules' caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        group = advisor.assess_group(profiles, rules)
        times.append(time.perf_counter() - start)
    return (
        f"median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms over {runs} runs "
        f"(parsing the {len(profiles)} profiles first: {parsed * 1000:.0f} ms; "
        f"{len(group.pivotal)} pivotal, {len(group.decisive)} bringing a ring or a veto, "
        f"{len(group.conflicts)} conflicts, consensus {group.consensus.recommendation})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report", action="store_true", help="also time one run that writes the group PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        survey = Path(folder) / "survey.jsonl"
        generate(survey, args.respondents)
        print(f"{args.respondents} respondents, one organisation ({survey.stat().st_size / 1024:.0f} KiB of JSON Lines)")
        print(f"assess_group in-process, robustness on: {in_process(survey, args.runs)}")
        command = [advisor_command(), "group", str(survey), "--format", "json"]
        print(f"advisor group FILE --format json, cold process: {cold_runs(command, args.runs)}")
        if args.report:
            pdf = Path(folder) / "group.pdf"
            start = time.perf_counter()
            subprocess.run([*command, "--report", str(pdf)], check=True, capture_output=True)
            took = time.perf_counter() - start
            print(f"advisor group FILE --report group.pdf, cold process: {took:.1f} s ({pdf.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
