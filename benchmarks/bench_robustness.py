"""Precision and speed of the Monte Carlo behind the robustness verdict. Prints measurements; asserts nothing.

    python benchmarks/bench_robustness.py [--profiles 1000] [--reference 200000] [--batch 20000] [--runs 3] [--before TREE]

1. Over N varied profiles (needs and contexts varied, as in bench_score.py), the probability of each outcome from a
   plain Monte Carlo reference with many samples (another seed), against today's method (10,000 plain Dirichlet
   samples, reproduced here) and the new one (advisor.core.robustness.monte_carlo): mean and largest absolute error.
2. Profiles per second of the whole robustness analysis (`analyse`), for this tree and, with --before TREE, for
   another tree's code (e.g. a `git worktree` of the commit before a change), each run in a subprocess.
3. `advisor batch` with robustness on (the default), this tree and --before's side by side in one run: median rate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_score import varied_contexts, varied_profiles
from timing import compiled_bytecode_env


def scored_profiles(count: int) -> list:
    """(profile, scored) for `count` varied profiles with varied contexts and confidences."""
    from advisor.core.engine import score
    from advisor.core.profile import parse_profile
    from advisor.io.sources import load_rules

    rules = load_rules(None)
    rng = random.Random(3)
    items = []
    for data, context in zip(varied_profiles(count, rules.use_case_ids), varied_contexts(count)):
        data = {**data, "context": context, "priorities_confidence": rng.choice(["low", "medium", "high"])}
        profile = parse_profile(data, rules, "bench")
        items.append((profile, score(profile, rules)))
    return items


def plain_monte_carlo(weight, concentration: float, rules, samples: int, seed: int) -> dict[str, float]:
    """Today's estimator (main 7240b28), reproduced: `samples` plain Dirichlet draws, counted per outcome."""
    import numpy as np

    from advisor.core.robustness import outcomes
    from advisor.core.rules import TRACKS
    from advisor.core.scoring import evaluate, side

    support = [u for u in rules.use_case_ids if weight[u] > 0]
    if len(support) == 1:
        only = evaluate(weight, rules.values, rules).recommendation
        return {outcome: float(outcome == only) for outcome in outcomes(rules)}
    alpha = np.array([weight[u] for u in support]) * concentration
    draws = np.random.default_rng(seed).dirichlet(alpha, size=samples)
    values = np.array([[rules.values[u][t] for t in TRACKS] for u in support])
    fits = draws @ values
    margin = fits[:, 0] - fits[:, 1]
    sides = [side(u, rules.values, rules) for u in support]
    share_llm = draws @ np.array([s == "llm" for s in sides], dtype=float)
    share_gen = draws @ np.array([s == "generative_ai" for s in sides], dtype=float)
    decision = rules.decision
    neither = np.maximum(fits[:, 0], fits[:, 1]) < decision.neither_below
    hybrid = ~neither & (
        (np.abs(margin) <= decision.indifference_band) | (np.minimum(share_llm, share_gen) >= decision.hybrid_min_share)
    )
    llm = ~neither & ~hybrid & (margin > 0)
    counts = {"llm": int(llm.sum()), "hybrid": int(hybrid.sum()), "neither": int(neither.sum())}
    counts["generative_ai"] = samples - counts["llm"] - counts["hybrid"] - counts["neither"]
    return {outcome: counts[outcome] / samples for outcome in outcomes(rules)}


def precision(count: int, reference_samples: int) -> None:
    from advisor.core.robustness import monte_carlo

    items = scored_profiles(count)
    rows = []
    for profile, scored in items:
        rules = scored.rules
        concentration = rules.robustness.concentration[profile.priorities_confidence]
        rows.append((scored.weight, concentration, rules))
    start = time.perf_counter()
    reference = [plain_monte_carlo(w, c, r, reference_samples, r.robustness.seed + 1) for w, c, r in rows]
    took_reference = time.perf_counter() - start
    start = time.perf_counter()
    old = [plain_monte_carlo(w, c, r, 10_000, r.robustness.seed) for w, c, r in rows]
    took_old = time.perf_counter() - start
    start = time.perf_counter()
    new = [monte_carlo(w, c, r) for w, c, r in rows]
    took_new = time.perf_counter() - start
    samples = rows[0][2].robustness.samples
    print(f"p_outcome against a {reference_samples:,}-sample plain Monte Carlo reference ({took_reference:.0f} s), "
          f"{count:,} varied profiles, {sum(len(r) for r in reference):,} probabilities:")
    print(f"  {'method':<44} {'mean abs err':>12} {'max abs err':>12} {'ms/profile':>10}")
    worst = {}
    for name, estimate, took in (
        ("today: 10,000 plain Dirichlet samples", old, took_old),
        (f"new: {samples:,}-point shifted Korobov lattice", new, took_new),
    ):
        errors = [(abs(e[k] - r[k]), i, k) for i, (e, r) in enumerate(zip(estimate, reference)) for k in r]
        mean = sum(x for x, _, _ in errors) / len(errors)
        worst[name] = max(errors)
        print(f"  {name:<44} {mean:>12.6f} {worst[name][0]:>12.6f} {took / count * 1000:>10.3f}")
    for name, (error, index, outcome) in worst.items():
        print(f"  worst for {name.split(':')[0]}: profile {index} {outcome}: reference {reference[index][outcome]:.5f},"
              f" today {old[index][outcome]:.5f}, new {new[index][outcome]:.5f}")
    print(f"  (the reference's own standard error is at most {0.5 / reference_samples ** 0.5:.5f})")


def analysis_rate(count: int) -> float:
    """Profiles per second of the whole robustness analysis over `count` varied profiles, in this process."""
    from advisor.core.robustness import analyse

    items = scored_profiles(count)
    start = time.perf_counter()
    for profile, scored in items:
        analyse(profile, scored.weight, scored.outcome, scored.rules)
    return count / (time.perf_counter() - start)


def batch_file(count: int) -> Path:
    """A JSONL survey of `count` varied profiles (needs, contexts, regions, confidence), as /work/baseline-15."""
    rng = random.Random(15)
    use_cases = ("art", "writing", "code", "multimodal", "summarization")
    regions = [None, ["EU"], ["UK"], ["North America"], ["EU", "Asia-Pacific"]]
    lines = []
    for index, (item, context) in enumerate(zip(varied_profiles(count, use_cases), varied_contexts(count))):
        organization = {"name": f"Org {index}"}
        if region := rng.choice(regions):
            organization["regions"] = region
        item = {**item, "organization": organization, "context": context}
        item["priorities_confidence"] = rng.choice(["low", "medium", "high"])
        lines.append(json.dumps(item))
    path = Path(tempfile.mkdtemp()) / "survey.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def batch_rates(count: int, runs: int, before: str | None) -> None:
    survey = batch_file(count)
    trees = ({"before": before} if before else {}) | {"after": str(ROOT)}
    rates: dict[str, list[float]] = {name: [] for name in trees}
    envs = {name: compiled_bytecode_env(survey.parent, {**os.environ, "PYTHONPATH": tree}) for name, tree in trees.items()}
    few = survey.with_name("few.jsonl")  # a first run of each tree compiles its bytecode, as an install does
    few.write_text("".join(survey.read_text().splitlines(keepends=True)[:20]))
    for name, tree in trees.items():
        command = [sys.executable, "-m", "advisor", "batch", str(few), "-o", str(few.with_suffix(".csv")), "-q"]
        subprocess.run(command, env=envs[name], cwd=tree, check=True, capture_output=True)
    for _ in range(runs):
        for name, tree in trees.items():
            env = envs[name]
            # a real file: the atomic writer would replace /dev/null by renaming its temporary file onto it
            out = survey.with_name(f"out-{name}.csv")
            command = [sys.executable, "-m", "advisor", "batch", str(survey), "-o", str(out), "--format", "csv"]
            start = time.perf_counter()
            subprocess.run(command, env=env, cwd=tree, check=True, capture_output=True)  # -m puts the cwd first
            rates[name].append(count / (time.perf_counter() - start))
    print(f"`advisor batch` (robustness on, default jobs), {count:,} varied profiles, {runs} runs each, interleaved, "
          "compiled bytecode:")
    for name, tree in trees.items():
        print(f"  {name:<7} cd {tree} && PYTHONPATH={tree} {sys.executable} -m advisor batch {survey} -o {survey.with_name(f'out-{name}.csv')} --format csv: "
              f"median {statistics.median(rates[name]):,.0f} profiles/s (runs: "
              + ", ".join(f"{r:,.0f}" for r in rates[name]) + ")")
    if before:
        print(f"  after / before: {statistics.median(rates['after']) / statistics.median(rates['before']):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--reference", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="another checkout whose code is timed as 'before' (default: none)")
    parser.add_argument("--analysis-only", action="store_true", help="print the analysis rate of this tree's code")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: precision,analysis,batch")
    args = parser.parse_args()
    if args.analysis_only:
        print(analysis_rate(args.profiles))
        return
    skip = set(args.skip.split(","))
    if "precision" not in skip:
        precision(args.profiles, args.reference)
    if "analysis" not in skip:
        print(f"whole robustness analysis (`analyse`), {args.profiles:,} varied profiles, one core, {args.runs} runs:")
        for name, tree in ((("before", args.before),) if args.before else ()) + (("after", str(ROOT)),):
            env = {**os.environ, "PYTHONPATH": tree}
            command = [sys.executable, str(Path(__file__).resolve()), "--analysis-only", "--profiles", str(args.profiles)]
            rates = [float(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
                     for _ in range(args.runs)]
            print(f"  {name:<7} ({tree}): median {statistics.median(rates):,.0f} profiles/s")
    if "batch" not in skip:
        batch_rates(args.batch, args.runs, args.before)


if __name__ == "__main__":
    main()
