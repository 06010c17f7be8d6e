"""Speed figures for `advisor report`. Prints measurements; asserts nothing.

    python benchmarks/bench_report.py [--repeat 10] [--cold-runs 5]

1. Warm render time per report in one process (assessment + templates + WeasyPrint), per bundled example.
2. The same HTML rendered by bare WeasyPrint (`HTML(string=...).write_pdf()` with the same PDF options), so the
   overhead of our own code shows as a ratio.
3. Cold wall time of the `advisor report` command (a new process each run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import advisor_command, cold_runs  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms"


def warm(repeat: int) -> None:
    from weasyprint import HTML

    from advisor.report.render import profile_digest, render_html, render_pdf
    from advisor.core.resources import bundled_dir
    from advisor.io.sources import load_profile, load_rules

    rules = load_rules(None)
    date = dt.date(2026, 11, 23)
    base_url = bundled_dir("templates").resolve().as_uri() + "/"
    ours_all, bare_all = [], []
    for path in EXAMPLES:
        raw = path.read_bytes()
        render_pdf(render_html(load_profile(str(path), rules), rules, profile_digest(raw), date))  # warm up
        ours, bare = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            profile = load_profile(str(path), rules)
            html = render_html(profile, rules, profile_digest(raw), date)
            render_pdf(html)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
            bare.append(time.perf_counter() - start)
        ours_all += ours
        bare_all += bare
        print(
            f"  {path.stem:<18} ours {median_ms(ours)}, bare WeasyPrint {median_ms(bare)}, "
            f"ratio {statistics.median(ours) / statistics.median(bare):.2f}x"
        )
    ratio = statistics.median(ours_all) / statistics.median(bare_all)
    print(
        f"warm render, median over all examples: ours {median_ms(ours_all)}, bare {median_ms(bare_all)}, "
        f"ratio {ratio:.2f}x"
    )


def cold(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        law_firm = str(ROOT / "examples" / "law-firm.json")
        command = [advisor_command(), "report", law_firm, "-o", f"{folder}/r.pdf", "--date", "2026-11-23"]
        print(f"cold `advisor report law-firm.json`: {cold_runs(command, runs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    print("warm render per report (one process):")
    warm(args.repeat)
    cold(args.cold_runs)


if __name__ == "__main__":
    main()
