"""Scoring batch records, in the worker processes: one compact result per unit of work."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from advisor.batch.inputs import Block, Record, Task
from advisor.core import jsondata
from advisor.core.assessment import Assessment
from advisor.core.costs import Costs
from advisor.core.engine import assess
from advisor.core.errors import InvalidInput, Problem
from advisor.core.profile import Profile, parse_profile, profile_from_bytes
from advisor.core.rules import Rules
from advisor.io.untrusted import FORMULA_STARTS
from advisor.words import said, say
from advisor.words.need import assessment_need, need_label
from advisor.words.problems import problem_lines, problem_message

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
    "ring",
    "vetoes",
    "obligations",
    "need_size",
    "monthly_cost_typical",
    "currency",
)
FORMATS = ("csv", "jsonl", "json")
ROW_STAGES = frozenset({"verdict", "context", "business_case", "costs"})
"""What a CSV row shows besides the scores: the verdict and p_win (not the why), the ring, vetoes, obligations, the
need's size, the typical monthly cost of the suggested path(s)."""
QUICK_ROW_STAGES = ROW_STAGES - {"verdict"}
"""A row's stages with --no-robustness."""


@dataclass(slots=True)
class RecordResult:
    """What scoring one record gave: an output row, or an error line; plus what the summary counts."""

    row: bytes | None = None
    error: dict[str, Any] | None = None
    recommendation: str | None = None
    summary: dict[str, Any] | None = None
    ring: str = ""
    profile_id: str = ""


@dataclass(slots=True)
class ChunkResult:
    """A scored chunk, compact for the trip back from a worker: rows as one blob, errors, counts."""

    read: int
    rows: bytes
    row_count: int
    errors: list[dict[str, Any]]
    recommendations: dict[str, int]
    summaries: list[dict[str, Any]]
    rings: dict[str, int]
    ids: list[str]
    """The id of each scored profile, in order (for the warning about ids given twice)."""


_STATE: dict[str, Any] = {}


def init_worker(
    rules: Rules,
    output_format: str,
    robustness: bool,
    keep_summary: bool,
    as_of: dt.date | None = None,
    currency: str = "USD",
) -> None:
    """Set up a worker process (`setup_of` for this process's globals); `as_of` is the date the profiles are assessed
    for, `currency` the currency of their costs."""
    _STATE.update(setup_of(rules, output_format, robustness, keep_summary, as_of, currency))


def setup_of(
    rules: Rules,
    output_format: str,
    robustness: bool,
    keep_summary: bool,
    as_of: dt.date | None = None,
    currency: str = "USD",
) -> dict[str, Any]:
    """What a unit of work is scored with: in-process runs carry their own (two runs may interleave), a worker
    process keeps one in `_STATE`."""
    return {
        "rules": rules, "format": output_format, "robustness": robustness, "keep_summary": keep_summary, "as_of": as_of,
        "currency": currency,
    }  # fmt: skip


def worker_rules() -> Rules:
    """The rules this process was set up with."""
    rules: Rules = _STATE["rules"]
    return rules


def worker_currency() -> str:
    """The currency of the costs this process was set up with."""
    return str(_STATE.get("currency", "USD"))


def init_pool_worker(*args: Any) -> None:
    """Set up a pool worker: Ctrl-C reaches the whole process group, but only the parent handles it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(*args)


def score_chunk(task: Task, setup: dict[str, Any] | None = None) -> ChunkResult:
    """Score every record of a unit of work; an invalid record becomes an error line, never an exception.
    `setup` as `setup_of` gives it (default: this worker process's)."""
    setup = _STATE if setup is None else setup
    chunk = task.records() if isinstance(task, Block) else task
    rows: list[bytes] = []
    errors: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    rings: dict[str, int] = {}
    summaries: list[dict[str, Any]] = []
    ids: list[str] = []
    for record in chunk:
        result = score_record(record, setup)
        if result.error is not None:
            errors.append(result.error)
            continue
        assert result.row is not None and result.recommendation is not None
        rows.append(result.row)
        ids.append(result.profile_id)
        counts[result.recommendation] = counts.get(result.recommendation, 0) + 1
        if result.ring:
            rings[result.ring] = rings.get(result.ring, 0) + 1
        if result.summary is not None:
            summaries.append(result.summary)
    separator = b",\n" if setup["format"] == "json" else b""
    return ChunkResult(len(chunk), separator.join(rows), len(rows), errors, counts, summaries, rings, ids)


def score_record(record: Record, setup: dict[str, Any] | None = None) -> RecordResult:
    """One record: validated like any profile, then scored; CSV rows skip the parts of an assessment they omit.
    `setup` as `init_worker` gives it (default: this process's, which `init_worker` set)."""
    setup = _STATE if setup is None else setup
    rules: Rules = setup["rules"]
    where = _where(record)  # once: the profile's source in its problems, and the CSV row's source column
    loaded = load_record(record, rules, where)
    if not isinstance(loaded, Profile):
        return RecordResult(error=loaded)
    profile = loaded
    robust, output_format, currency = setup["robustness"], setup["format"], setup.get("currency", "USD")
    if output_format == "csv":  # a row needs the verdict and the ring, not the why, the headline or the explanation
        stages = ROW_STAGES if robust else QUICK_ROW_STAGES
        assessment = assess(profile, rules, as_of=setup["as_of"], stages=stages, currency=currency)
        row = csv_line(profile, record, assessment, where)
    else:
        assessment = assess(profile, rules, as_of=setup["as_of"], robustness=robust, currency=currency)
        row = orjson.dumps(said(assessment.to_dict())) + (b"" if output_format == "json" else b"\n")
    recommendation, context = assessment.recommendation, assessment.parts.get("context")
    placed = context.ring if context is not None else None
    ring = placed.ring if placed is not None else ""
    summary = None
    if setup["keep_summary"]:  # the portfolio's words: said only when a portfolio is made
        ring_reason = say(placed.reason) if placed is not None else ""
        summary = {
            "id": profile.id,
            "organization": profile.organization.name,
            "recommendation": recommendation,
            "scores": assessment.scores,
            "margin": assessment.margin,
            "verdict": assessment.verdict or "",
            "ring": ring,
            "ring_reason": ring_reason,
            "need": need_label(need.size) if (need := assessment_need(assessment)) is not None else "",
            "weights": assessment.scored.weight if assessment.scored is not None else {},
            "raw": record.raw,
        }
    # the assessment's id is the profile's (a plain slot, faster to read than the pydantic model's field)
    return RecordResult(row, None, recommendation, summary, ring, assessment.profile_id or "")


def load_record(record: Record, rules: Rules, where: str | None = None) -> Profile | dict[str, Any]:
    """A record's profile, validated for `rules`, its id falling back to where it was read ('survey.jsonl:17');
    or, when invalid, its error line (see `error_line`). `where` is `_where(record)`, when the caller has it."""
    try:
        profile = profile_from_bytes(record.raw, rules, _where(record) if where is None else where)
    except InvalidInput as exc:
        return error_line(record, exc.problems, _declared_id(record.raw))
    if profile.id is None:
        profile = profile.model_copy(update={"id": record.fallback_id})
    return profile


def csv_line(profile: Profile, record: Record, assessment: Assessment, where: str | None = None) -> bytes:
    """The CSV row of one assessed profile (columns in CSV_COLUMNS); the top use case of a track contributes most
    (on the ratings as the profile's context adjusted them). `where` is `_where(record)`, when the caller has it."""
    scored = assessment.scored
    assert scored is not None
    rules, weight = scored.rules, scored.weight
    values = rules.values
    top_llm = top_generative_ai = ""  # the columns' two tracks (TRACKS), in one pass over the use cases
    most_llm = most_generative_ai = -1.0
    for u, w in weight.items():  # the rules' order: the first of equal contributions, as max() gives
        row = values[u]
        contribution = w * row["llm"]
        if contribution > most_llm:
            top_llm, most_llm = u, contribution
        contribution = w * row["generative_ai"]
        if contribution > most_generative_ai:
            top_generative_ai, most_generative_ai = u, contribution
    parts = assessment.parts
    estimated, context, case = parts.get("verdict"), parts.get("context"), parts.get("business_case")
    ring = context.ring if context is not None else None
    need = case.need if case is not None else None
    # the text that comes from the input is kept from being read as a formula (`spreadsheet_text`, inline: three
    # calls a row); numbers stay numbers ("%.6f" % x writes what f"{x:.6f}" writes, sooner)
    profile_id = assessment.profile_id or ""  # the profile's id (a slot here, a slow pydantic field there)
    source = _where(record) if where is None else where
    organization = assessment.organization_model.name
    scores, recommendation = assessment.scores, assessment.recommendation
    cells = [
        "'" + profile_id if profile_id.startswith(FORMULA_STARTS) else profile_id,
        "'" + source if source.startswith(FORMULA_STARTS) else source,
        "'" + organization if organization.startswith(FORMULA_STARTS) else organization,
        recommendation,
        "%.6f" % scores["llm"],
        "%.6f" % scores["generative_ai"],
        "%.6f" % assessment.margin,
        top_llm if weight[top_llm] > 0 else "",
        top_generative_ai if weight[top_generative_ai] > 0 else "",
        estimated.verdict if estimated else "",
        "%.4f" % estimated.p_outcome[recommendation] if estimated else "",
        ring.ring if ring else "",
        str(len(context.vetoes)) if context is not None else "0",
        str([getattr(o, "status", "applies") for o in context.obligations].count("applies")) if context is not None else "0",
        need.size if need is not None else "",
        *_cost_cells(case.costs if case is not None else None),
    ]
    return _csv_line(cells)


def _cost_cells(costs: Costs | None) -> tuple[str, str]:
    """monthly_cost_typical (of the suggested path(s), summed over the recommended tracks; empty when unknown) and
    currency (empty when there are no costs)."""
    if costs is None or costs.empty:
        return ("", "")
    typical = costs.suggested_typical()
    return ("" if typical is None else "%.2f" % typical, costs.currency)


_TABLE_LOCK = threading.Lock()  # csv_table's threads share the process's row writer


def csv_table(
    records: Iterable[Record], rules: Rules, as_of: dt.date | None = None
) -> tuple[bytes, list[dict[str, Any]]]:
    """The CSV `advisor batch` writes for `records` (the header, then a row per valid profile, robustness
    included), scored here, and the error lines of the invalid ones: for a server that exports what it holds."""
    setup = setup_of(rules, "csv", True, False, as_of)  # its own
    with _TABLE_LOCK:
        rows = [(",".join(CSV_COLUMNS) + "\n").encode()]
        errors = []
        for record in records:
            result = score_record(record, setup)
            if result.error is not None:
                errors.append(result.error)
            elif result.row is not None:
                rows.append(result.row)
        return b"".join(rows), errors


def _where(record: Record) -> str:
    return record.source if record.line is None else f"{record.source}:{record.line}"


_BUFFER = io.StringIO()
_WRITER = csv.writer(_BUFFER, lineterminator="\n")  # one per process: a writer per row cost more than the row


def _csv_line(values: list[str]) -> bytes:
    """The cells as one CSV line, quoted as the csv module quotes (minimal)."""
    line = ",".join(values)
    if line and line.count(",") == len(values) - 1 and '"' not in line and "\n" not in line and "\r" not in line and "\0" not in line:
        return (line + "\n").encode("utf-8")  # no cell to quote (or escape): the csv writer would write just this
    _BUFFER.seek(0)
    _BUFFER.truncate()
    _WRITER.writerow(values)
    return _BUFFER.getvalue().encode("utf-8")


def _declared_id(raw: bytes) -> str | None:
    try:
        data = jsondata.loads(raw)
    except (orjson.JSONDecodeError, jsondata.DuplicateKeys):  # an id given twice is neither of them
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def error_line(record: Record, problems: list[Problem], declared_id: str | None = None) -> dict[str, Any]:
    """One line of the errors file: id, source, line, the first problem's path, message and code, and all problems."""
    first = problems[0]
    return {
        "id": declared_id or record.fallback_id,
        "source": record.source,
        "line": record.line,
        "path": first.path,
        "message": problem_message(first),
        "code": first.code,
        "problems": [{"path": p.path, "message": problem_message(p), "code": p.code} for p in problems],
    }


def error_lines(line: dict[str, Any]) -> list[str]:
    """An error line as messages for a person, one per problem: 'survey.jsonl:17: needs.art.importance: ...'."""
    where = line["source"] + (f":{line['line']}" if line["line"] is not None else "")
    problems = line["problems"] or [line]
    return problem_lines((Problem(p["path"], p["message"], code=p["code"]) for p in problems), "record", where)


def ordered_map(
    chunks: Iterator[Any], jobs: int, init_args: tuple[Any, ...], work: Callable[..., Any] | None = None
) -> Iterator[Any]:
    """Run `work` (default: score_chunk) on units of work in `jobs` processes (or here, for one job or one unit),
    in input order, few in flight."""
    work = work or score_chunk
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if jobs <= 1 or second is None:  # one chunk: a pool would cost more than it saves
        setup = setup_of(*init_args)  # this run's own: another run may start in this process before it ends
        for task in itertools.chain([t for t in (first, second) if t is not None], chunks):
            yield work(task, setup)
        return
    assert first is not None
    chunks = itertools.chain([first, second], chunks)
    import multiprocessing
    import signal

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # Ctrl-C while the pool is being made would stop its making half-way, before `with` could terminate the workers
    # already forked: they would wait on the task queue for ever, holding the terminal's or the pipe's stderr open.
    # Held off until the pool exists, Ctrl-C then ends the run inside `with`, which terminates every worker.
    masked = sys.platform != "win32"
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if masked else None
    try:
        pool = context.Pool(jobs, initializer=init_pool_worker, initargs=init_args)
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    with pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) >= jobs * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def assess_chunk(items: list[tuple[int, Any]], setup: dict[str, Any] | None = None) -> list[tuple[int, Any]]:
    """Assess (index, profile) pairs with this process's rules: (index, assessment) or (index, problems).

    A profile is a Profile, a dict of decoded JSON, or JSON text or bytes; an invalid one gives its problems, so that
    one bad profile never stops the others (the caller decides whether to raise).
    """
    setup = _STATE if setup is None else setup
    rules: Rules = setup["rules"]
    out: list[tuple[int, Any]] = []
    for index, item in items:
        source = f"profile {index}"
        try:
            if isinstance(item, Profile):
                profile = item
            elif isinstance(item, (bytes, bytearray, str)):
                profile = profile_from_bytes(item.encode() if isinstance(item, str) else bytes(item), rules, source)
            else:
                profile = parse_profile(item, rules, source)
        except InvalidInput as exc:
            out.append((index, exc.problems))
            continue
        out.append((index, assess(profile, rules, as_of=setup["as_of"], robustness=setup["robustness"])))
    return out


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
