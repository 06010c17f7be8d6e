"""Compare this tree's outputs with the frozen outputs of main in /work/baseline-15 (issue 15, target 3).

    PYTHONPATH=. python benchmarks/compare_outputs.py [--baseline /work/baseline-15]

Runs `advisor batch` (robustness on, csv and jsonl) on the baseline's varied.jsonl and `advisor score` on each
example, then counts what differs: verdicts, rings, p_win, and any other column or field. A verdict may only
differ where the old p was within the estimators' error of a verdict threshold; the widest such case is shown.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.75, 0.9)
FOLLOWS_FROM_P = ("p_outcome", "samples", "sha256", "verdict", "summary", "headline")


def run(*args: str) -> bytes:
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=ROOT, capture_output=True, check=False).stdout


def strip(value, keys=("p_outcome", "samples", "sha256")):
    """An assessment with the given keys blanked, at any depth."""
    if isinstance(value, dict):
        return {key: "*" if key in keys else strip(item, keys) for key, item in value.items()}
    if isinstance(value, list):
        return [strip(item, keys) for item in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default="/work/baseline-15")
    base = Path(parser.parse_args().baseline)
    survey = str(base / "varied.jsonl")
    new_csv = run("batch", survey, "-q", "--format", "csv")
    old_rows = list(csv.DictReader(io.StringIO((base / "batch-robust.csv").read_text())))
    new_rows = list(csv.DictReader(io.StringIO(new_csv.decode())))
    assert len(old_rows) == len(new_rows), (len(old_rows), len(new_rows))
    differ: dict[str, int] = {}
    verdicts = []
    p_diffs = []
    for old, new in zip(old_rows, new_rows):
        for column in old:
            if old[column] != new[column]:
                differ[column] = differ.get(column, 0) + 1
        if old["p_win"]:
            p_diffs.append(abs(float(old["p_win"]) - float(new["p_win"])))
        if old["verdict"] != new["verdict"]:
            p_old, p_new = float(old["p_win"]), float(new["p_win"])
            edge = min(THRESHOLDS, key=lambda t: abs(t - p_old))
            verdicts.append((abs(p_old - edge), old["id"], old["verdict"], new["verdict"], p_old, p_new, edge))
    print(f"batch csv, {len(old_rows):,} varied profiles: columns that differ (rows): {differ or 'none'}")
    if p_diffs:
        print(f"  p_win: {sum(1 for d in p_diffs if d > 0):,} of {len(p_diffs):,} differ; mean |change| "
              f"{sum(p_diffs) / len(p_diffs):.5f}, largest {max(p_diffs):.4f}")
    print(f"  verdicts that differ: {len(verdicts)}; the old p of each within "
          f"{max((v[0] for v in verdicts), default=0):.4f} of a threshold {THRESHOLDS}")
    for distance, pid, old_v, new_v, p_old, p_new, edge in sorted(verdicts, reverse=True)[:5]:
        print(f"    {pid}: {old_v} -> {new_v}, p_win {p_old:.4f} -> {p_new:.4f} (threshold {edge})")
    new_jsonl = run("batch", survey, "-q", "--format", "jsonl").decode().splitlines()
    old_jsonl = (base / "batch-robust.jsonl").read_text().splitlines()
    other = [i for i, (a, b) in enumerate(zip(old_jsonl, new_jsonl)) if a != b]
    rest = [i for i in other if strip(json.loads(old_jsonl[i])) != strip(json.loads(new_jsonl[i]))]
    beyond = [i for i in rest if strip(json.loads(old_jsonl[i]), FOLLOWS_FROM_P) != strip(json.loads(new_jsonl[i]), FOLLOWS_FROM_P)]
    print(f"batch jsonl: {len(other):,} of {len(old_jsonl):,} lines differ; {len(rest):,} in more than p_outcome, "
          f"samples and the rules' sha256; {len(beyond):,} in more than those, the verdict and sentences quoting p")
    for i in beyond[:3]:
        print("   ", json.dumps(strip(json.loads(old_jsonl[i]), FOLLOWS_FROM_P))[:300])
        print("   ", json.dumps(strip(json.loads(new_jsonl[i]), FOLLOWS_FROM_P))[:300])
    examples = sorted(p.stem.removeprefix("score-") for p in base.glob("score-*.json"))
    for name in examples:
        path = str(ROOT / "examples" / f"{name}.json")
        for fmt in ("json", "txt"):
            old = (base / f"score-{name}.{fmt}").read_bytes()
            new = run("score", path, "--format", "json" if fmt == "json" else "text")
            if old == new:
                state = "identical"
            elif fmt == "json" and strip(json.loads(old)) == strip(json.loads(new)):
                state = "differs in p_outcome/samples/sha256 only"
            else:
                lines = [(a, b) for a, b in zip(old.decode().splitlines(), new.decode().splitlines()) if a != b]
                state = f"{len(lines)} line(s) differ, e.g. {lines[:1]}"
            print(f"  score {name} --format {fmt}: {state}")


if __name__ == "__main__":
    main()
