"""`advisor batch`: score many profiles, keep going past bad ones, write a table. An edge of the core.

Records stream from the inputs in chunks; chunks are scored in worker processes with a bounded number in flight,
and written in input order, so memory does not grow with the number of profiles. The rules are parsed once, in the
parent, and handed to the workers.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from advisor.batch.inputs import Record, count_records, duplicate_id_warning, expand_inputs, read_tasks
from advisor.batch.scoring import (
    CSV_COLUMNS,
    error_line,
    error_lines,
    init_pool_worker,
    init_worker,
    ordered_map,
    worker_currency,
    worker_rules,
)
from advisor.core.context_rules import RING_STATES
from advisor.core.errors import Problem
from advisor.core.profile import profile_from_bytes
from advisor.core.rules import Rules
from advisor.words.text import text

if TYPE_CHECKING:  # the portfolio (and the report it needs) is imported only when reports are written
    from advisor.batch.portfolio import LeftOut

FORMATS = ("csv", "jsonl", "json")


@dataclass(slots=True)
class Totals:
    """Counts for the summary line."""

    read: int = 0
    scored: int = 0
    invalid: int = 0
    by_recommendation: dict[str, int] = field(default_factory=dict)
    by_ring: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class BatchOptions:
    """What `advisor batch` was asked to do."""

    inputs: list[str]
    output: str | None
    output_format: str
    errors: str | None
    reports: str | None
    jobs: int
    quiet: bool
    robustness: bool = True
    date: dt.date | None = None  # printed on the reports; None: SOURCE_DATE_EPOCH, else today
    currency: str = "USD"  # of the costs


def output_format_for(output: str | None, requested: str | None) -> str:
    """--format, else the extension of the output file, else csv; an unknown extension or a contradiction is refused."""
    from advisor.io.output_format import format_for

    return format_for(output, requested, {name: name for name in FORMATS}, "csv")


def run_batch(options: BatchOptions, rules: Rules, say: Callable[[str], None]) -> Totals:
    """Score every input record; write rows, errors and reports; return the counts."""
    import contextlib
    import time

    from advisor.io.atomic import atomic_writer, check_output_path, named_writes
    from advisor.io.untrusted import data_stream

    paths = expand_inputs(options.inputs)
    reports = Path(options.reports) if options.reports is not None else None
    if reports is not None:
        check_reports_folder(reports)
    for option, target in (("-o", options.output), ("--errors", options.errors)):
        if target and target != "-" and not (reports is not None and _same_place(Path(target).parent, reports)):
            check_output_path(Path(target), option)
    if reports is not None:  # the table may go into the reports folder: it is there before the table is opened
        _make_reports_folder(reports)
    totals = Totals()
    started = time.perf_counter()
    entries: list[dict[str, Any]] = []
    left_out: list[dict[str, Any]] = []  # the first error lines, for the portfolio's table of problems
    max_shown = 0
    if options.reports is not None:
        from advisor.batch.portfolio import MAX_PROBLEMS_SHOWN as max_shown
    with contextlib.ExitStack() as stack:
        if options.output and options.output != "-":
            sink: IO[bytes] = stack.enter_context(atomic_writer(Path(options.output)))
        else:
            sys.stdout.flush()
            sink = named_writes(data_stream(), "standard output")
        errors_sink = stack.enter_context(atomic_writer(Path(options.errors))) if options.errors else None
        progress = stack.enter_context(_progress(paths, options.quiet))

        def record_error(line: dict[str, Any]) -> None:
            _record_error(line, totals, errors_sink, say, options.quiet)
            if options.reports is not None and len(left_out) < max_shown:
                left_out.append(line)

        def unreadable(record: Record, message: str) -> None:
            totals.read += 1  # an input that cannot be read is counted as read and invalid, as `group` counts it
            record_error(error_line(record, [Problem("", message, code="file.unreadable")]))

        if options.output_format == "csv":
            sink.write((",".join(CSV_COLUMNS) + "\n").encode())
        elif options.output_format == "json":
            sink.write(b"[")
        first_row = True
        seen_ids: set[str] = set()
        warned_ids: set[str] = set()
        from advisor.io.dates import as_of

        day = options.date or as_of(strict=options.reports is not None)  # once: the rows and the reports share it
        init_args = (rules, options.output_format, options.robustness, options.reports is not None, day, options.currency)
        for result in ordered_map(read_tasks(paths, unreadable), options.jobs, init_args):
            totals.read += result.read
            for profile_id in result.ids:
                if profile_id in seen_ids and profile_id not in warned_ids:
                    warned_ids.add(profile_id)
                    say(duplicate_id_warning(profile_id))
                seen_ids.add(profile_id)
            for error in result.errors:
                record_error(error)
            if result.row_count:
                totals.scored += result.row_count
                for name, count in result.recommendations.items():
                    totals.by_recommendation[name] = totals.by_recommendation.get(name, 0) + count
                for name, count in result.rings.items():
                    totals.by_ring[name] = totals.by_ring.get(name, 0) + count
                if options.output_format == "json":
                    sink.write((b"\n" if first_row else b",\n") + result.rows)
                else:
                    sink.write(result.rows)
                first_row = False
                entries.extend(result.summaries)
            progress(totals.read)
        if options.output_format == "json":
            sink.write(b"\n]\n" if not first_row else b"]\n")
        sink.flush()
        elapsed = time.perf_counter() - started
        if options.reports is not None:
            from advisor.batch.portfolio import LeftOut

            left = LeftOut(totals.invalid, tuple(left_out))
            write_reports(Path(options.reports), entries, rules, options.jobs, day, left, options.currency)
    by_recommendation = sorted(totals.by_recommendation.items())
    counts = ", ".join(f"{name} {count}" for name, count in by_recommendation) or text("batch.summary.none")
    rings = "".join(
        f", {name.replace('_', ' ')} {totals.by_ring[name]}" for name in RING_STATES if name in totals.by_ring
    )
    if rings:
        counts += text("batch.summary.rings", rings=rings[1:])
    rate = totals.read / elapsed if elapsed > 0 else 0.0
    written = text("batch.summary.reports", folder=str(options.reports)) if options.reports is not None else ""
    say(
        text(
            "batch.summary",
            n=totals.read,
            scored=totals.scored,
            invalid=totals.invalid,
            counts=counts,
            elapsed=f"{elapsed:.1f}",
            rate=f"{rate:,.0f}",
            written=written,
        )
    )
    return totals


def _record_error(
    line: dict[str, Any], totals: Totals, sink: IO[bytes] | None, say: Callable[[str], None], quiet: bool
) -> None:
    totals.invalid += 1
    if sink is not None:
        sink.write(orjson.dumps(line) + b"\n")
    if not quiet:
        say(error_lines(line)[0])  # the first problem: one line per record, however many records


def _progress(paths: list[str], quiet: bool) -> Any:
    """A rich progress bar on a terminal (count, rate, time left); a no-op otherwise."""
    import contextlib

    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(lambda done: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(text("batch.progress.rate", rate=f"{task.speed:,.0f}") if task.speed else "")

    total = sum(count_records(path) for path in paths)

    @contextlib.contextmanager
    def bar() -> Iterator[Callable[[int], None]]:
        columns = (TextColumn(text("batch.progress.scoring")), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as shown:
            task = shown.add_task("scoring", total=total or None)
            yield lambda done: shown.update(task, completed=done)

    return bar()


def _same_place(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _make_reports_folder(folder: Path) -> None:
    """Create the --reports folder (not its parents: a missing tree is never created silently)."""
    from advisor.io.atomic import writing_to

    with writing_to(f"--reports {folder}"):
        folder.mkdir(exist_ok=True)


def check_reports_folder(folder: Path) -> None:
    """Refuse a --reports path that cannot become a folder of reports, before anything is written: a file, or a
    folder whose parent does not exist (the folder itself is created; a missing tree is never created silently)."""
    from advisor.core.errors import UsageError
    from advisor.io.atomic import check_folder_exists, check_output_path

    existing = next(p for p in (folder, *folder.parents) if p.exists())  # '.' or '/' at the latest
    if not existing.is_dir():
        raise UsageError(text("batch.reports_is_file", folder=str(folder), existing=str(existing)))
    if not folder.exists():
        check_folder_exists(folder.parent, f"--reports {folder}")
    else:
        check_output_path(folder / "portfolio.pdf", "--reports")


def write_reports(
    folder: Path,
    entries: list[dict[str, Any]],
    rules: Rules,
    jobs: int,
    date: dt.date | None = None,
    left_out: LeftOut | None = None,
    currency: str = "USD",
) -> None:
    """One PDF per valid profile (numbered, safe names) and `portfolio.pdf` comparing them all and naming the
    profiles left out, all dated `date`."""
    from advisor.batch.portfolio import LeftOut, portfolio_html
    from advisor.io.atomic import write_atomically
    from advisor.report import render_pdf, report_date, slug

    left_out = left_out if left_out is not None else LeftOut()
    check_reports_folder(folder)
    _make_reports_folder(folder)
    day = date or report_date(None)
    width = max(4, len(str(len(entries))))
    tasks = [
        (folder / f"{index:0{width}d}-{slug(entry['id'])}.pdf", entry["raw"], entry["id"], day)
        for index, entry in enumerate(entries, start=1)
    ]
    if jobs > 1 and len(tasks) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn").Pool(
            jobs, initializer=init_pool_worker, initargs=(rules, "csv", True, False, None, currency)
        ) as pool:
            for _ in pool.imap(_render_one, tasks):
                pass
    else:
        init_worker(rules, "csv", True, False, None, currency)
        for task in tasks:
            _render_one(task)
    write_atomically(folder / "portfolio.pdf", render_pdf(portfolio_html(entries, rules, day, left_out)))


def _render_one(task: tuple[Path, bytes, str, dt.date]) -> None:
    from advisor.io.atomic import write_atomically
    from advisor.report import profile_digest, render_html, render_pdf

    target, raw, profile_id, date = task
    rules = worker_rules()
    profile = profile_from_bytes(raw, rules, profile_id)
    if profile.id is None:
        profile = profile.model_copy(update={"id": profile_id})
    currency = worker_currency()
    write_atomically(target, render_pdf(render_html(profile, rules, profile_digest(raw), date, currency=currency)))
