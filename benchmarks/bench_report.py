"""Speed figures for `advisor report` against the targets of issue 15. Prints measurements; asserts nothing.

    python benchmarks/bench_report.py [--repeat 10] [--cold-runs 7] [--before FOLDER]

1. Warm render time per report in one process (assessment + templates + WeasyPrint, renderer reused), per
   bundled example, against the same HTML rendered by bare WeasyPrint (`HTML(string=...).write_pdf()` with the
   same PDF options). Target: ratio <= 1.0x.
2. Cold wall time of `advisor report law-firm.json` (a new process each run) against a cold bare WeasyPrint
   render of one line (`python -c "import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()"`), run
   alternately in one loop so that both see the same machine load. Target: ratio <= 2x. Beside them the floor of
   this report: a cold bare WeasyPrint render of the HTML advisor hands WeasyPrint for it (made beforehand, with
   the whitespace between structure tags dropped as `render_pdf` does), with the same base URL and PDF options, so
   that no advisor code runs; what `advisor report` takes beyond it is advisor's. And the same render of the HTML
   as written (`--format html`), to show what dropping that whitespace saves.
   --before FOLDER times another checkout's `advisor report` in the same loop (e.g. `git archive` of main).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import compiled_bytecode_env

BARE_COLD = "import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()"
BARE_REPORT = (  # the floor of a cold report: WeasyPrint alone, on the HTML advisor made, as advisor renders it
    "import weasyprint; from weasyprint.text.fonts import FontConfiguration; "
    "html = open({html!r}, encoding='utf-8').read(); "
    "weasyprint.HTML(string=html, base_url={base_url!r}).write_pdf("
    "font_config=FontConfiguration(), pdf_variant='pdf/ua-1', pdf_tags=True)"
)

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms"


def warm(repeat: int) -> None:
    from weasyprint import HTML

    from advisor.core.resources import bundled_dir
    from advisor.io.sources import load_profile, load_rules
    from advisor.report.render import profile_digest, render_html, render_pdf

    rules = load_rules(None)
    date = dt.date(2026, 11, 23)
    base_url = bundled_dir("templates").resolve().as_uri() + "/"
    ours_all, bare_all, ours_cpu_all, bare_cpu_all = [], [], [], []
    for path in EXAMPLES:
        raw = path.read_bytes()
        render_pdf(render_html(load_profile(str(path), rules), rules, profile_digest(raw), date))  # warm up
        ours, bare, ours_cpu, bare_cpu = [], [], [], []
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            profile = load_profile(str(path), rules)
            html = render_html(profile, rules, profile_digest(raw), date)
            render_pdf(html)
            ours.append(time.perf_counter() - start)
            ours_cpu.append(time.process_time() - cpu)
            start, cpu = time.perf_counter(), time.process_time()
            HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
            bare.append(time.perf_counter() - start)
            bare_cpu.append(time.process_time() - cpu)
        ours_all += ours
        bare_all += bare
        ours_cpu_all += ours_cpu
        bare_cpu_all += bare_cpu
        print(
            f"  {path.stem:<18} ours {median_ms(ours)}, bare WeasyPrint {median_ms(bare)}, "
            f"ratio {statistics.median(ours) / statistics.median(bare):.2f}x; "
            f"CPU ratio {statistics.median(ours_cpu) / statistics.median(bare_cpu):.2f}x"
        )
    print(
        f"warm render, median over all examples: ours {median_ms(ours_all)}, bare {median_ms(bare_all)}, "
        f"ratio {statistics.median(ours_all) / statistics.median(bare_all):.2f}x; CPU: ours {median_ms(ours_cpu_all)}, "
        f"bare {median_ms(bare_cpu_all)}, ratio {statistics.median(ours_cpu_all) / statistics.median(bare_cpu_all):.2f}x"
    )


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of a command: CPU time suffers less from a busy machine."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)


def cold(runs: int, before: Path | None) -> None:
    """Cold `advisor report` and cold bare WeasyPrint, alternately; medians and their ratio."""
    checkouts = {"advisor report": ROOT} | ({"advisor report (before)": before} if before else {})
    with tempfile.TemporaryDirectory() as folder:
        law_firm = str(ROOT / "examples" / "law-firm.json")
        compiled = compiled_bytecode_env(folder)  # as installed: advisor's modules from .pyc, as WeasyPrint's are
        # the floor: bare WeasyPrint on the HTML advisor gives it (same base URL and PDF options), no advisor code run
        from advisor.report.render import compact

        html = Path(folder) / "law-firm.html"
        subprocess.run(
            [sys.executable, "-m", "advisor", "report", law_firm, "-o", str(html), "--date", "2026-11-23"],
            check=True,
            capture_output=True,
            env={**compiled, "PYTHONPATH": str(ROOT)},
        )
        compacted = html.with_name("law-firm-compact.html")
        compacted.write_text(compact(html.read_text(encoding="utf-8")), encoding="utf-8")
        base_url = (ROOT / "templates").resolve().as_uri() + "/"
        as_written = BARE_REPORT.format(html=str(html), base_url=base_url)
        floor = BARE_REPORT.format(html=str(compacted), base_url=base_url)
        commands = {
            "bare WeasyPrint, one line": ([sys.executable, "-c", BARE_COLD], compiled),
            "bare WeasyPrint, report HTML as written": ([sys.executable, "-c", as_written], compiled),
            "bare WeasyPrint, report HTML compacted": ([sys.executable, "-c", floor], compiled),
        }
        for label, checkout in checkouts.items():
            env = {**compiled, "PYTHONPATH": str(checkout)}
            pdf = f"{folder}/{label.replace(' ', '-')}.pdf"
            commands[label] = ([sys.executable, "-m", "advisor", "report", law_firm, "-o", pdf, "--date", "2026-11-23"], env)
        walls: dict[str, list[float]] = {label: [] for label in commands}
        cpus: dict[str, list[float]] = {label: [] for label in commands}
        for command, env in commands.values():
            _run(command, env)  # warm the file cache (and the compiled-template cache)
        for _ in range(runs):
            for label, (command, env) in commands.items():
                wall, cpu = _run(command, env)
                walls[label].append(wall)
                cpus[label].append(cpu)
    bare_wall = statistics.median(walls["bare WeasyPrint, one line"])
    bare_cpu = statistics.median(cpus["bare WeasyPrint, one line"])
    print(f"cold, median (min) of {runs} runs each, alternated, compiled bytecode; wall time and CPU time:")
    for label in commands:
        wall, cpu = walls[label], cpus[label]
        print(
            f"  {label:<40} wall {median_ms(wall):>8} ({min(wall) * 1000:.0f} ms) ratio {statistics.median(wall) / bare_wall:.2f}x"
            f"   CPU {median_ms(cpu):>8} ratio {statistics.median(cpu) / bare_cpu:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout whose cold `advisor report` is timed too")
    parser.add_argument("--cold-only", action="store_true", help="skip the warm renders")
    args = parser.parse_args()
    if not args.cold_only:
        print("warm render per report (one process; target: ratio <= 1.0x):")
        warm(args.repeat)
    cold(args.cold_runs, args.before)
    print("target: advisor report cold <= 2x bare WeasyPrint cold")


if __name__ == "__main__":
    main()
