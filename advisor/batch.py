"""`advisor batch`: score many profiles, keep going past bad ones, write a table. An edge of the core.

Records stream from the inputs in chunks; chunks are scored in worker processes with a bounded number in flight,
and written in input order, so memory does not grow with the number of profiles. The rules are parsed once, in the
parent, and handed to the workers.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from advisor.engine import assess
from advisor.errors import InvalidInput, Problem, UsageError
from advisor.profile import MAX_PROFILE_BYTES, Profile, profile_from_bytes
from advisor.rules import TRACKS, Rules

CHUNK = 256
BLOCK_BYTES = 256 * 1024  # a .jsonl file goes to the workers as byte ranges of about this size
CSV_COLUMNS = (
    "id",
    "source",
    "organization",
    "recommendation",
    "fit_llm",
    "fit_generative_ai",
    "margin",
    "top_use_case_llm",
    "top_use_case_generative_ai",
    "verdict",
    "p_win",
)
FORMATS = ("csv", "jsonl", "json")


@dataclass(frozen=True, slots=True)
class Record:
    """One profile as read: its bytes and where it came from."""

    source: str
    line: int | None
    raw: bytes

    @property
    def fallback_id(self) -> str:
        """'survey.jsonl:17' or 'acme.json': the id when the profile has none."""
        name = Path(self.source).name if self.source != "<stdin>" else "stdin"
        return f"{name}:{self.line}" if self.line is not None else name


@dataclass(frozen=True, slots=True)
class Block:
    """A range of whole lines of a .jsonl file: the workers read it themselves, so the parent ships no lines."""

    path: str
    start: int
    length: int
    first_line: int

    def records(self) -> list[Record]:
        """The non-blank lines of the range, with their line numbers."""
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            data = handle.read(self.length)
        return [
            Record(self.path, self.first_line + offset, line)
            for offset, line in enumerate(data.split(b"\n"))
            if line.strip()
        ]


Task = list[Record] | Block


@dataclass(slots=True)
class Outcome:
    """What scoring one record gave: an output row, or an error line; plus what the summary counts."""

    row: bytes | None = None
    error: dict[str, Any] | None = None
    recommendation: str | None = None
    summary: dict[str, Any] | None = None


@dataclass(slots=True)
class ChunkResult:
    """A scored chunk, compact for the trip back from a worker: rows as one blob, errors, counts."""

    read: int
    rows: bytes
    row_count: int
    errors: list[dict[str, Any]]
    recommendations: dict[str, int]
    summaries: list[dict[str, Any]]


@dataclass(slots=True)
class Totals:
    """Counts for the summary line."""

    read: int = 0
    scored: int = 0
    invalid: int = 0
    by_recommendation: dict[str, int] = field(default_factory=dict)


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files to read, in order: files as given, folders' *.json and *.jsonl (sorted), globs (sorted), '-'."""
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
        elif Path(item).is_dir():
            found = [p for p in Path(item).rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file()]
            paths += sorted(str(p) for p in found)
        elif Path(item).exists():
            paths.append(item)
        elif glob.has_magic(item):
            matched = sorted(glob.glob(item, recursive=True))
            if not matched:
                raise UsageError(f"{item}: the pattern matches no file")
            paths += matched
        else:
            raise UsageError(f"{item}: no such file or folder")
    return paths


def read_tasks(paths: list[str], on_unreadable: Callable[[Record, str], None]) -> Iterator[Task]:
    """The inputs as units of work, in order: byte ranges of .jsonl files, chunks of other records."""
    pending: list[Record] = []
    for path in paths:
        if path.endswith(".jsonl") and path != "-":
            if pending:
                yield from chunked(pending)
                pending = []
            try:
                yield from _blocks(path)
            except OSError as exc:
                on_unreadable(Record(path, None, b""), f"cannot be read: {exc.strerror or exc}")
            continue
        if path == "-":
            if pending:
                yield from chunked(pending)
                pending = []
            yield from chunked(_lines("<stdin>", sys.stdin.buffer))  # streamed: stdin may be endless
            continue
        else:
            try:
                with open(path, "rb") as handle:
                    pending.append(Record(path, None, handle.read(MAX_PROFILE_BYTES + 1)))
            except OSError as exc:
                on_unreadable(Record(path, None, b""), f"cannot be read: {exc.strerror or exc}")
        if len(pending) >= CHUNK:
            yield from chunked(pending)
            pending = []
    if pending:
        yield from chunked(pending)


def _blocks(path: str) -> Iterator[Block]:
    """Split a .jsonl file into ranges of whole lines, counting lines as it goes (bytes only, no parsing)."""
    with open(path, "rb") as handle:
        start, line = 0, 1
        carry = b""
        while data := handle.read(BLOCK_BYTES):
            data = carry + data
            end = data.rfind(b"\n") + 1
            if end == 0:
                carry = data
                continue
            yield Block(path, start, end, line)
            line += data.count(b"\n", 0, end)
            start += end
            carry = data[end:]
        if carry:
            yield Block(path, start, len(carry), line)


def _lines(source: str, handle: BinaryIO) -> Iterator[Record]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield Record(source, number, line)


# --- scoring, in the workers --------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def init_worker(rules: Rules, output_format: str, robustness: bool, keep_summary: bool) -> None:
    """Set up a worker (or the parent, when scoring in-process)."""
    _STATE.update(rules=rules, format=output_format, robustness=robustness, keep_summary=keep_summary)


def init_pool_worker(*args: Any) -> None:
    """Set up a pool worker: Ctrl-C reaches the whole process group, but only the parent handles it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(*args)


def score_chunk(task: Task) -> ChunkResult:
    """Score every record of a unit of work; an invalid record becomes an error line, never an exception."""
    chunk = task.records() if isinstance(task, Block) else task
    rows: list[bytes] = []
    errors: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    summaries: list[dict[str, Any]] = []
    for record in chunk:
        outcome = score_record(record)
        if outcome.error is not None:
            errors.append(outcome.error)
            continue
        assert outcome.row is not None and outcome.recommendation is not None
        rows.append(outcome.row)
        counts[outcome.recommendation] = counts.get(outcome.recommendation, 0) + 1
        if outcome.summary is not None:
            summaries.append(outcome.summary)
    separator = b",\n" if _STATE["format"] == "json" else b""
    return ChunkResult(len(chunk), separator.join(rows), len(rows), errors, counts, summaries)


def score_record(record: Record) -> Outcome:
    """One record: validated like any profile, then scored; CSV rows skip the parts of an assessment they omit."""
    rules: Rules = _STATE["rules"]
    where = f"{record.source}:{record.line}" if record.line is not None else record.source
    try:
        profile = profile_from_bytes(record.raw, rules, where)
    except InvalidInput as exc:
        return Outcome(error=error_line(record, exc.problems, _declared_id(record.raw)))
    if profile.id is None:
        profile = profile.model_copy(update={"id": record.fallback_id})
    if _STATE["format"] == "csv" and not _STATE["keep_summary"]:
        return lean_csv_row(profile, record, rules)
    assessment = assess(profile, rules, robustness=_STATE["robustness"])
    data = assessment.to_dict()
    if _STATE["format"] == "csv":
        row = csv_row(data, record, rules)
    elif _STATE["format"] == "json":
        row = orjson.dumps(data)
    else:
        row = orjson.dumps(data) + b"\n"
    summary = portfolio_entry(data, record) if _STATE["keep_summary"] else None
    return Outcome(row=row, recommendation=assessment.recommendation, summary=summary)


def lean_csv_row(profile: Profile, record: Record, rules: Rules) -> Outcome:
    """The CSV row from the scoring arithmetic alone (no headline, no per-use-case objects): the fast path."""
    from advisor.robustness import analyse
    from advisor.scoring import evaluate, weights

    weight = weights(profile, rules)
    outcome = evaluate(weight, rules.values, rules)
    tops = []
    for track in TRACKS:
        best = max(rules.use_case_ids, key=lambda u: weight[u] * rules.values[u][track])
        tops.append(best if weight[best] > 0 else "")
    verdict = p_win = ""
    if _STATE["robustness"]:
        report = analyse(profile, weight, outcome, rules)
        verdict, p_win = report.verdict, f"{report.p_outcome[outcome.recommendation]:.4f}"
    values = [
        profile.id,
        _where(record),
        profile.organization.name,
        outcome.recommendation,
        f"{outcome.scores['llm']:.6f}",
        f"{outcome.scores['generative_ai']:.6f}",
        f"{outcome.margin:.6f}",
        *tops,
        verdict,
        p_win,
    ]
    return Outcome(row=_csv_line(values), recommendation=outcome.recommendation)


def _where(record: Record) -> str:
    return record.source if record.line is None else f"{record.source}:{record.line}"


def _csv_line(values: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue().encode("utf-8")


def _declared_id(raw: bytes) -> str | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def error_line(record: Record, problems: list[Problem], declared_id: str | None = None) -> dict[str, Any]:
    """One line of the errors file: id, source, line, the first problem's path and message, and all problems."""
    first = problems[0]
    return {
        "id": declared_id or record.fallback_id,
        "source": record.source,
        "line": record.line,
        "path": first.path,
        "message": first.message,
        "problems": [{"path": p.path, "message": p.message} for p in problems],
    }


def top_use_case(data: dict[str, Any], track: str) -> str:
    """The use case contributing most to a track's fit ('' when no need is stated for it)."""
    best = max(data["use_cases"], key=lambda u: u["contributions"][track])
    return best["id"] if best["contributions"][track] > 0 else ""


def csv_row(data: dict[str, Any], record: Record, rules: Rules) -> bytes:
    """One CSV line for an assessment."""
    robustness = data.get("robustness")
    values = [
        data["profile_id"],
        record.source if record.line is None else f"{record.source}:{record.line}",
        data["organization"]["name"],
        data["recommendation"],
        f"{data['scores']['llm']:.6f}",
        f"{data['scores']['generative_ai']:.6f}",
        f"{data['margin']:.6f}",
        *(top_use_case(data, t) for t in TRACKS),
        robustness["verdict"] if robustness else "",
        f"{robustness['p_outcome'][data['recommendation']]:.4f}" if robustness else "",
    ]
    return _csv_line(values)


def portfolio_entry(data: dict[str, Any], record: Record) -> dict[str, Any]:
    """What the portfolio report keeps of one assessment."""
    robustness = data.get("robustness") or {}
    return {
        "id": data["profile_id"],
        "organization": data["organization"]["name"],
        "recommendation": data["recommendation"],
        "scores": data["scores"],
        "margin": data["margin"],
        "verdict": robustness.get("verdict", ""),
        "weights": {u["id"]: u["weight"] for u in data["use_cases"]},
        "better_fit": {u["id"]: u["better_fit"] for u in data["use_cases"]},
        "raw": record.raw,
    }


# --- running ------------------------------------------------------------------------------------------------------


def chunked(records: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def ordered_map(chunks: Iterator[Task], jobs: int, init_args: tuple[Any, ...]) -> Iterator[ChunkResult]:
    """Score units of work in `jobs` processes (or here, for one job or one unit), in input order, few in flight."""
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if jobs <= 1 or second is None:  # one chunk: a pool would cost more than it saves
        init_worker(*init_args)
        for task in itertools.chain([t for t in (first, second) if t is not None], chunks):
            yield score_chunk(task)
        return
    assert first is not None
    chunks = itertools.chain([first, second], chunks)
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(jobs, initializer=init_pool_worker, initargs=init_args) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(score_chunk, (chunk,)))
            if len(pending) >= jobs * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# --- the whole run ------------------------------------------------------------------------------------------------


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


def output_format_for(output: str | None, requested: str | None) -> str:
    """--format, else the extension of the output file, else csv."""
    if requested:
        return requested
    suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else ""
    return suffix if suffix in FORMATS else "csv"


def run_batch(options: BatchOptions, rules: Rules, say: Callable[[str], None]) -> Totals:
    """Score every input record; write rows, errors and reports; return the counts."""
    import contextlib
    import time

    from advisor.atomic import atomic_writer, check_output_path

    paths = expand_inputs(options.inputs)
    for target in (options.output, options.errors):
        if target and target != "-":
            check_output_path(Path(target))
    totals = Totals()
    started = time.perf_counter()
    entries: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        if options.output and options.output != "-":
            sink: IO[bytes] = stack.enter_context(atomic_writer(Path(options.output)))
        else:
            sink = sys.stdout.buffer
        errors_sink = stack.enter_context(atomic_writer(Path(options.errors))) if options.errors else None
        progress = stack.enter_context(_progress(paths, options.quiet))

        def unreadable(record: Record, message: str) -> None:
            _record_error(error_line(record, [Problem("", message)]), totals, errors_sink, say, options.quiet)

        if options.output_format == "csv":
            sink.write((",".join(CSV_COLUMNS) + "\n").encode())
        elif options.output_format == "json":
            sink.write(b"[")
        first_row = True
        init_args = (rules, options.output_format, options.robustness, options.reports is not None)
        for result in ordered_map(read_tasks(paths, unreadable), options.jobs, init_args):
            totals.read += result.read
            for error in result.errors:
                _record_error(error, totals, errors_sink, say, options.quiet)
            if result.row_count:
                totals.scored += result.row_count
                for name, count in result.recommendations.items():
                    totals.by_recommendation[name] = totals.by_recommendation.get(name, 0) + count
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
            write_reports(Path(options.reports), entries, rules, options.jobs)
    counts = ", ".join(f"{name} {count}" for name, count in sorted(totals.by_recommendation.items())) or "none"
    rate = totals.read / elapsed if elapsed > 0 else 0.0
    reports = f"; reports in {options.reports}" if options.reports is not None else ""
    say(
        f"read {totals.read} profiles: {totals.scored} scored, {totals.invalid} invalid; recommendations: {counts}; "
        f"scored in {elapsed:.1f} s ({rate:,.0f} profiles/s){reports}"
    )
    return totals


def _record_error(
    line: dict[str, Any], totals: Totals, sink: IO[bytes] | None, say: Callable[[str], None], quiet: bool
) -> None:
    totals.invalid += 1
    if sink is not None:
        sink.write(orjson.dumps(line) + b"\n")
    if not quiet:
        where = line["source"] + (f":{line['line']}" if line["line"] is not None else "")
        say(f"{where}: {line['path'] + ': ' if line['path'] else ''}{line['message']}")


def _progress(paths: list[str], quiet: bool) -> Any:
    """A rich progress bar on a terminal (count, rate, time left); a no-op otherwise."""
    import contextlib

    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(lambda done: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:,.0f} profiles/s" if task.speed else "")

    total = sum(_count(path) for path in paths)

    @contextlib.contextmanager
    def bar() -> Iterator[Callable[[int], None]]:
        columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
        with Progress(*columns, transient=True) as shown:
            task = shown.add_task("scoring", total=total or None)
            yield lambda done: shown.update(task, completed=done)

    return bar()


def _count(path: str) -> int:
    if path == "-" or not path.endswith(".jsonl"):
        return 1
    try:
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0


def write_reports(folder: Path, entries: list[dict[str, Any]], rules: Rules, jobs: int) -> None:
    """One PDF per valid profile (numbered, safe names) and `portfolio.pdf` comparing them all."""
    from advisor.atomic import check_output_path, write_atomically
    from advisor.portfolio import portfolio_html
    from advisor.report import render_pdf, slug

    check_output_path(folder / "portfolio.pdf")
    folder.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(len(entries))))
    tasks = [
        (folder / f"{index:0{width}d}-{slug(entry['id'])}.pdf", entry["raw"], entry["id"])
        for index, entry in enumerate(entries, start=1)
    ]
    if jobs > 1 and len(tasks) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn").Pool(
            jobs, initializer=init_pool_worker, initargs=(rules, "csv", True, False)
        ) as pool:
            for _ in pool.imap(_render_one, tasks):
                pass
    else:
        init_worker(rules, "csv", True, False)
        for task in tasks:
            _render_one(task)
    write_atomically(folder / "portfolio.pdf", render_pdf(portfolio_html(entries, rules)))


def _render_one(task: tuple[Path, bytes, str]) -> None:
    import datetime as dt

    from advisor.atomic import write_atomically
    from advisor.report import profile_digest, render_html, render_pdf, report_date

    target, raw, profile_id = task
    rules: Rules = _STATE["rules"]
    profile = profile_from_bytes(raw, rules, profile_id)
    if profile.id is None:
        profile = profile.model_copy(update={"id": profile_id})
    date: dt.date = report_date(None)
    write_atomically(target, render_pdf(render_html(profile, rules, profile_digest(raw), date)))
