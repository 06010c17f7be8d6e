"""Speed figures for the scoring path. Prints measurements; asserts nothing.

    python benchmarks/bench_score.py [--profiles 100000] [--runs 10]

1. Cold wall time of `advisor score examples/law-firm.json --format json` (a new process each run), and whether
   that path imported WeasyPrint, rich or numpy.
2. In-process assessments per second over N varied profiles: scoring alone, and validation plus scoring.
3. The full robustness analysis (10,000 Monte Carlo samples, flip thresholds, rating flips) per profile, and what it
   costs in throughput.
4. The context of application: firing the context rules alone, and scoring profiles with varied contexts (rules
   firing, remedies) against the same needs with no context stated.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import advisor_command, cold_runs

EXAMPLE = ROOT / "examples" / "law-firm.json"


def cold_start(runs: int) -> None:
    command = [advisor_command(), "score", str(EXAMPLE), "--format", "json"]
    print(f"cold `advisor score {EXAMPLE.name}`: {cold_runs(command, runs)}")
    probe = (
        "import sys; from advisor.cli import run; run(['score', %r, '--format', 'json']); "
        "print({m: m in sys.modules for m in ('weasyprint', 'rich', 'numpy')}, file=sys.stderr)" % str(EXAMPLE)
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    print(f"modules loaded by the scoring path: {result.stderr.strip()}")


def varied_profiles(count: int, use_cases: tuple[str, ...]) -> list[dict]:
    rng = random.Random(20261123)
    volumes = ("none", "low", "medium", "high")
    profiles = []
    for index in range(count):
        needs = {uid: {"importance": rng.randint(0, 5), "volume": rng.choice(volumes)} for uid in use_cases}
        needs[rng.choice(use_cases)] = {"importance": rng.randint(1, 5), "volume": rng.choice(volumes[1:])}
        profiles.append({"id": f"p{index}", "organization": {"name": f"Org {index}"}, "needs": needs})
    return profiles


def throughput(count: int) -> None:
    from advisor.core.engine import assess
    from advisor.core.profile import parse_profile
    from advisor.io.sources import load_rules

    rules = load_rules(None)
    data = varied_profiles(count, rules.use_case_ids)
    start = time.perf_counter()
    profiles = [parse_profile(item, rules, "bench") for item in data]
    validated = time.perf_counter() - start
    start = time.perf_counter()
    outcomes: dict[str, int] = {}
    for profile in profiles:
        outcome = assess(profile, rules, robustness=False).recommendation
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    scored = time.perf_counter() - start
    print(f"in-process, {count:,} varied profiles (one core):")
    print(f"  score only:        {count / scored:>9,.0f} assessments/s ({scored / count * 1e6:.1f} µs each)")
    print(
        f"  validate + score:  {count / (validated + scored):>9,.0f} profiles/s "
        f"(validation {validated / count * 1e6:.1f} µs each)"
    )
    print(f"  outcomes: {dict(sorted(outcomes.items()))}")
    sample = profiles[: min(count, 2_000)]
    start = time.perf_counter()
    verdicts: dict[str, int] = {}
    for profile in sample:
        verdict = assess(profile, rules).robustness.verdict
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    full = (time.perf_counter() - start) / len(sample)
    print(
        f"  with full robustness ({rules.robustness.samples:,} samples), over {len(sample):,} profiles: "
        f"{full * 1000:.2f} ms per profile = {1 / full:,.0f} profiles/s, {full / (scored / count):.0f}x scoring alone"
    )
    print(f"  verdicts: {dict(sorted(verdicts.items()))}")


def varied_contexts(count: int) -> list[dict]:
    rng = random.Random(7)
    from bench_batch import CONTEXT_CHOICES as choices  # one list of context answers for every benchmark

    contexts = []
    for _ in range(count):
        context = {k: rng.choice(v) for k, v in choices.items() if rng.random() < 0.6}
        if rng.random() < 0.4:
            context["regulated_data"] = rng.sample(["health", "special_category", "financial", "legal_privilege"], 2)
        if rng.random() < 0.4:
            context["languages"] = rng.sample(["en", "de", "sw", "fr", "yo"], 2)
        if rng.random() < 0.5:
            context["governance"] = rng.sample(["policy", "owner", "review_process", "training"], rng.randint(0, 4))
        contexts.append(context)
    return contexts


def context_cost(count: int) -> None:
    from advisor.core.context import context_effects
    from advisor.core.engine import assess
    from advisor.core.profile import parse_profile
    from advisor.io.sources import load_rules

    rules = load_rules(None)
    needs = varied_profiles(count, rules.use_case_ids)
    plain = [parse_profile(item, rules, "bench") for item in needs]
    rich = [
        parse_profile({**item, "organization": {"name": "Org", "regions": ["EU"]}, "context": context}, rules, "bench")
        for item, context in zip(needs, varied_contexts(count), strict=True)
    ]
    start = time.perf_counter()
    fired = sum(len(context_effects(profile, rules).fired) for profile in rich)
    effects = (time.perf_counter() - start) / count
    timings = {}
    for name, profiles in (("no context stated", plain), ("varied contexts", rich)):
        start = time.perf_counter()
        remedies = sum(assess(p, rules, robustness=False).context.remedy is not None for p in profiles)
        timings[name] = ((time.perf_counter() - start) / count, remedies)
    print(f"context of application, {count:,} profiles (one core), {len(rules.context_rules)} context rules:")
    print(f"  firing the rules alone: {effects * 1e6:.1f} µs a profile ({fired / count:.1f} rules fire on average)")
    for name, (each, remedies) in timings.items():
        print(
            f"  assess, {name + ':':<18} {each * 1e6:6.1f} µs a profile = {1 / each:>9,.0f}/s ({remedies:,} remedies)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    cold_start(args.runs)
    throughput(args.profiles)
    context_cost(min(args.profiles, 20_000))


if __name__ == "__main__":
    main()
