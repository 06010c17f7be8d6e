"""Batch throughput on generated profiles. Prints measurements; asserts nothing.

    python benchmarks/bench_batch.py [--profiles 200000] [--runs 3] [--robust-sample 20000] [--peer 10000]

1. Generate N profiles as JSON Lines whose context varies (sensitivity, deployment, budget, skills, residency,
   regions, languages, governance, regulated data, EU AI Act areas, the yes/no questions), so that context rules fire
   and vetoed deployment paths are remedied, as in a real survey.
2. The floor: reading and parsing every line with orjson in one process.
3. `advisor batch FILE -o out.csv --no-robustness -q` (all cores): wall time, profiles/s, multiple of the floor, peak
   memory of any of its processes. Floor and batch are measured side by side --runs times (the machine may be
   shared); the medians and the median of the per-run multiples are printed.
4. The same with the robustness analysis on the first --robust-sample profiles, to show its cost (0: skipped).
5. A peer pipeline on --peer profiles (0: skipped): pydantic validation plus scikit-criteria's WeightedSumModel per
   profile (dev-only dependency: `pip install scikit-criteria`), against our validation plus scoring on one core.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import advisor_command, compiled_bytecode_env

USE_CASES = ("art", "writing", "code", "multimodal", "summarization")
VOLUMES = ("none", "low", "medium", "high")
CONTEXT_CHOICES: dict[str, tuple[object, ...]] = {
    "data_sensitivity": ("public", "internal", "confidential", "regulated"),
    "deployment": ("saas", "cloud_api", "private_cloud", "on_premises", "no_preference"),
    "budget": ("low", "medium", "high"),
    "ai_skills": ("none", "basic", "developers", "ml_engineers"),
    "risk_tolerance": ("low", "medium", "high"),
    "data_residency": ("none", "eu", "uk", "us", "in_country"),
    "publishes_outputs": (True, False),
    "public_chatbot": (True, False),
    "synthetic_people": (True, False),
    "ip_indemnity": (True, False),
    "realtime": (True, False),
}
REGIONS = (None, ["EU"], ["UK"], ["North America"], ["EU", "Asia-Pacific"], ["Germany"])
LANGUAGES = ("en", "de", "sw", "fr", "yo", "en-GB", "pt-BR")


def varied_context(rng: random.Random) -> dict[str, object]:
    """A context stating each field with some chance: rules fire, vetoes force remedies, rings vary."""
    context = {key: rng.choice(values) for key, values in CONTEXT_CHOICES.items() if rng.random() < 0.6}
    if rng.random() < 0.4:
        context["regulated_data"] = rng.sample(["health", "special_category", "financial", "legal_privilege"], 2)
    if rng.random() < 0.4:
        context["languages"] = rng.sample(LANGUAGES, 2)
    if rng.random() < 0.5:
        context["governance"] = rng.sample(["policy", "owner", "review_process", "training"], rng.randint(0, 4))
    if rng.random() < 0.2:
        context["ai_act_areas"] = rng.sample(["social_scoring", "employment", "manipulation", "education_access"], 1)
    return context


def varied_needs(rng: random.Random) -> dict[str, dict[str, object]]:
    """One to five use cases with a random importance and volume, at least one of them actually needed."""
    needs: dict[str, dict[str, object]] = {
        u: {"importance": rng.randint(0, 5), "volume": rng.choice(VOLUMES)}
        for u in rng.sample(USE_CASES, rng.randint(1, 5))
    }
    needs[rng.choice(USE_CASES)] = {"importance": rng.randint(1, 5), "volume": rng.choice(VOLUMES[1:])}
    return needs


def generate(path: Path, count: int) -> None:
    rng = random.Random(20261123)
    with path.open("wb") as handle:
        for index in range(count):
            needs = varied_needs(rng)
            organization: dict[str, object] = {
                "name": f"Unit {index}",
                "size": rng.choice(["1-50", "51-250", "251-1000", "1000+"]),
            }
            regions = rng.choice(REGIONS)
            if regions:
                organization["regions"] = regions
            profile = {
                "id": f"unit-{index}",
                "organization": organization,
                "needs": needs,
                "context": varied_context(rng),
                "priorities_confidence": rng.choice(["low", "medium", "high"]),
            }
            handle.write(orjson.dumps(profile) + b"\n")


def floor(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.perf_counter() - start


def run_batch(path: Path, out: Path, *extra: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [advisor_command(), "batch", str(path), "-o", str(out), "-q", *extra],
        check=False,
        capture_output=True,
        env=_ENV.get("env"),
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"advisor batch failed ({result.returncode}): {result.stderr.decode(errors='replace')}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return elapsed, peak


_ENV: dict[str, dict[str, str]] = {}  # the children's environment: compiled bytecode, as installed (see main)


def ours_per_profile(lines: list[bytes]) -> float:
    from advisor.core.engine import assess
    from advisor.core.profile import profile_from_bytes
    from advisor.io.sources import load_rules

    rules = load_rules(None)
    start = time.perf_counter()
    for line in lines:
        assess(profile_from_bytes(line, rules, "bench"), rules, robustness=False)
    return (time.perf_counter() - start) / len(lines)


def peer_per_profile(lines: list[bytes]) -> float | None:
    try:
        import numpy as np
        from skcriteria import mkdm
        from skcriteria.agg.simple import WeightedSumModel
    except ImportError:
        return None
    from advisor.core.profile import Profile
    from advisor.io.sources import load_rules

    rules = load_rules(None)
    factors = rules.volume_factors
    matrix = np.array([[rules.value(u, t) for u in rules.use_case_ids] for t in ("llm", "generative_ai")])
    model = WeightedSumModel()
    start = time.perf_counter()
    for line in lines:
        profile = Profile.model_validate_json(line)
        raw = np.array(
            [
                profile.importance(u) * factors[profile.needs[u].volume] if u in profile.needs else 0.0
                for u in rules.use_case_ids
            ]
        )
        weights = raw / raw.sum() if raw.sum() > 0 else np.full(len(raw), 1 / len(raw))
        weights = np.where(weights > 0, weights, 1e-9)
        dm = mkdm(
            matrix,
            objectives=[max] * len(raw),
            weights=weights,
            alternatives=["llm", "generative_ai"],
            criteria=list(rules.use_case_ids),
        )
        model.evaluate(dm)
    return (time.perf_counter() - start) / len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3, help="side-by-side runs of the floor and the batch")
    parser.add_argument("--robust-sample", type=int, default=20_000)
    parser.add_argument("--peer", type=int, default=10_000)
    parser.add_argument("--data", type=Path, help="keep the generated profiles in this file and reuse it if present")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = args.data or Path(folder) / "profiles.jsonl"
        start = time.perf_counter()
        if not data.exists():
            generate(data, args.profiles)
        print(
            f"{args.profiles:,} profiles with varied contexts ({data.stat().st_size / 1e6:.0f} MB) "
            f"ready in {time.perf_counter() - start:.1f} s"
        )
        _ENV["env"] = compiled_bytecode_env(folder)
        few = Path(folder) / "few.jsonl"  # a first run compiles advisor's bytecode, as an install does
        with data.open("rb") as handle:
            few.write_bytes(b"".join(itertools.islice(handle, 20)))
        run_batch(few, Path(folder) / "few.csv")
        floors, walls, multiples, peak = [], [], [], 0.0
        for run in range(1, args.runs + 1):
            parse = floor(data)
            elapsed, peak = run_batch(data, Path(folder) / "out.csv", "--no-robustness")
            floors.append(parse)
            walls.append(elapsed)
            multiples.append(elapsed / parse)
            print(
                f"  run {run}: floor {parse:.2f} s, advisor batch --no-robustness {elapsed:.2f} s = "
                f"{elapsed / parse:.1f}x ({args.profiles / elapsed:,.0f} profiles/s)"
            )
        parse, elapsed = statistics.median(floors), statistics.median(walls)
        print(f"floor: orjson parse of every line, one process: median {parse:.2f} s")
        print(
            f"advisor batch --no-robustness to CSV: median {elapsed:.2f} s wall, {args.profiles / elapsed:,.0f} "
            f"profiles/s, {statistics.median(multiples):.1f}x the parse floor (median of {args.runs} side-by-side "
            f"runs), peak memory {peak:.0f} MB (largest process)"
        )
        if not args.robust_sample and not args.peer:
            return
        # read only the lines needed: a big list here would be counted in the children's peak memory (fork)
        with data.open("rb") as handle:
            lines = list(itertools.islice(handle, max(args.robust_sample, args.peer)))
        if args.robust_sample:
            sample = Path(folder) / "sample.jsonl"
            sample.write_bytes(b"".join(lines[: args.robust_sample]))
            elapsed, peak = run_batch(sample, Path(folder) / "robust.csv")
            print(
                f"advisor batch with robustness (the default), {args.robust_sample:,} profiles: "
                f"{elapsed:.1f} s, {args.robust_sample / elapsed:,.0f} profiles/s, peak memory {peak:.0f} MB"
            )
        if not args.peer:
            return
        peer_lines = [line.rstrip(b"\n") for line in lines[: args.peer]]
        ours = ours_per_profile(peer_lines)
        peer = peer_per_profile(peer_lines)
        if peer is None:
            print("peer pipeline skipped: scikit-criteria is not installed (pip install scikit-criteria)")
        else:
            print(
                f"per profile, one core, {args.peer:,} profiles: ours (validation + scoring) {ours * 1e6:.0f} µs, "
                f"peer (pydantic + scikit-criteria WeightedSumModel) {peer * 1e6:.0f} µs: ours {peer / ours:.1f}x faster"
            )


if __name__ == "__main__":
    main()
