"""Scoring batch records, in the worker processes: one compact result per unit of work."""

from __future__ import annotations

import csv
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
from advisor.core.context import ContextReport
from advisor.core.engine import assess, score
from advisor.core.errors import InvalidInput, Problem
from advisor.core.profile import Profile, parse_profile, profile_from_bytes
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome as ScoreOutcome
from advisor.io.untrusted import spreadsheet_text
from advisor.words import said

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
)
FORMATS = ("csv", "jsonl", "json")


@dataclass(slots=True)
class Outcome:
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


def init_worker(rules: Rules, output_format: str, robustness: bool, keep_summary: bool) -> None:
    """Set up a worker (or the parent, when scoring in-process)."""
    _STATE.update(rules=rules, format=output_format, robustness=robustness, keep_summary=keep_summary)


def worker_rules() -> Rules:
    """The rules this process was set up with."""
    rules: Rules = _STATE["rules"]
    return rules


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
    rings: dict[str, int] = {}
    summaries: list[dict[str, Any]] = []
    ids: list[str] = []
    for record in chunk:
        outcome = score_record(record)
        if outcome.error is not None:
            errors.append(outcome.error)
            continue
        assert outcome.row is not None and outcome.recommendation is not None
        rows.append(outcome.row)
        ids.append(outcome.profile_id)
        counts[outcome.recommendation] = counts.get(outcome.recommendation, 0) + 1
        if outcome.ring:
            rings[outcome.ring] = rings.get(outcome.ring, 0) + 1
        if outcome.summary is not None:
            summaries.append(outcome.summary)
    separator = b",\n" if _STATE["format"] == "json" else b""
    return ChunkResult(len(chunk), separator.join(rows), len(rows), errors, counts, summaries, rings, ids)


def score_record(record: Record) -> Outcome:
    """One record: validated like any profile, then scored; CSV rows skip the parts of an assessment they omit."""
    rules: Rules = _STATE["rules"]
    loaded = load_record(record, rules)
    if not isinstance(loaded, Profile):
        return Outcome(error=loaded)
    profile = loaded
    context: ContextReport | None
    if _STATE["format"] == "csv":  # the fast path: the scoring arithmetic alone, no headline or explanation
        scored = score(profile, rules)
        weight, outcome = scored.weight, scored.outcome
        estimated = None
        if _STATE["robustness"]:  # a row shows the verdict and p_win: the why (flip thresholds...) is not worked out
            from advisor.core.robustness import estimate

            estimated = estimate(profile, weight, outcome, scored.rules)
        adjusted = scored.context(profile, rules, estimated.verdict if estimated else None)
        row = csv_line(profile, record, weight, outcome, estimated, adjusted, scored.rules)
        recommendation, scores, margin = outcome.recommendation, outcome.scores, outcome.margin
        verdict, context = (estimated.verdict if estimated else ""), adjusted
    else:
        assessment = assess(profile, rules, robustness=_STATE["robustness"])
        row = orjson.dumps(said(assessment.to_dict())) + (b"" if _STATE["format"] == "json" else b"\n")
        weight = {u.id: u.weight for u in assessment.use_cases}
        recommendation, scores, margin = assessment.recommendation, assessment.scores, assessment.margin
        report = assessment.robustness
        verdict, context = (report.verdict if report else ""), assessment.context
    ring = context.ring["ring"] if context is not None and context.ring else ""
    ring_reason = context.ring["reason"] if context is not None and context.ring else ""
    summary = None
    if _STATE["keep_summary"]:
        summary = {
            "id": profile.id,
            "organization": profile.organization.name,
            "recommendation": recommendation,
            "scores": scores,
            "margin": margin,
            "verdict": verdict,
            "ring": ring,
            "ring_reason": ring_reason,
            "weights": weight,
            "raw": record.raw,
        }
    return Outcome(row=row, recommendation=recommendation, summary=summary, ring=ring, profile_id=profile.id or "")


def load_record(record: Record, rules: Rules) -> Profile | dict[str, Any]:
    """A record's profile, validated for `rules`, its id falling back to where it was read ('survey.jsonl:17');
    or, when invalid, its error line (see `error_line`)."""
    try:
        profile = profile_from_bytes(record.raw, rules, _where(record))
    except InvalidInput as exc:
        return error_line(record, exc.problems, _declared_id(record.raw))
    if profile.id is None:
        profile = profile.model_copy(update={"id": record.fallback_id})
    return profile


def csv_line(
    profile: Profile,
    record: Record,
    weight: dict[str, float],
    outcome: ScoreOutcome,
    report: Any,
    context: ContextReport,
    rules: Rules,
) -> bytes:
    """The CSV row of one scored profile (columns in CSV_COLUMNS); the top use case of a track contributes most.

    `rules` are the rules as adjusted by the profile's context, so the tops follow the adjusted ratings.
    """
    tops = []
    values = rules.values
    for track in TRACKS:
        best, most = "", -1.0
        for u in rules.use_case_ids:  # the first of equal contributions, as max() gives
            contribution = weight[u] * values[u][track]
            if contribution > most:
                best, most = u, contribution
        tops.append(best if weight[best] > 0 else "")
    cells = [  # the text that comes from the input is kept from being read as a formula; numbers stay numbers
        spreadsheet_text(profile.id or ""),
        spreadsheet_text(_where(record)),
        spreadsheet_text(profile.organization.name),
        outcome.recommendation,
        f"{outcome.scores['llm']:.6f}",
        f"{outcome.scores['generative_ai']:.6f}",
        f"{outcome.margin:.6f}",
        *tops,
        report.verdict if report else "",
        f"{report.p_outcome[outcome.recommendation]:.4f}" if report else "",
        context.ring["ring"] if context.ring else "",
        len(context.vetoes),
        len(context.obligations),
    ]
    return _csv_line(cells)


_TABLE_LOCK = threading.Lock()  # csv_table sets this process's state and shares the row writer


def csv_table(records: Iterable[Record], rules: Rules) -> tuple[bytes, list[dict[str, Any]]]:
    """The CSV `advisor batch` writes for `records` (the header, then a row per valid profile, robustness
    included), scored here, and the error lines of the invalid ones: for a server that exports what it holds."""
    with _TABLE_LOCK:
        init_worker(rules, "csv", True, False)
        rows = [(",".join(CSV_COLUMNS) + "\n").encode()]
        errors = []
        for record in records:
            outcome = score_record(record)
            if outcome.error is not None:
                errors.append(outcome.error)
            elif outcome.row is not None:
                rows.append(outcome.row)
        return b"".join(rows), errors


def _where(record: Record) -> str:
    return record.source if record.line is None else f"{record.source}:{record.line}"


_BUFFER = io.StringIO()
_WRITER = csv.writer(_BUFFER, lineterminator="\n")  # one per process: a writer per row cost more than the row


def _csv_line(values: list[Any]) -> bytes:
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


def error_lines(line: dict[str, Any]) -> list[str]:
    """An error line as messages for a person, one per problem: 'survey.jsonl:17: needs.art.importance: ...'."""
    where = line["source"] + (f":{line['line']}" if line["line"] is not None else "")
    problems = line["problems"] or [{"path": line["path"], "message": line["message"]}]
    return [f"{where}: {p['path'] + ': ' if p['path'] else ''}{p['message']}" for p in problems]


def ordered_map(
    chunks: Iterator[Any], jobs: int, init_args: tuple[Any, ...], work: Callable[[Any], Any] | None = None
) -> Iterator[Any]:
    """Run `work` (default: score_chunk) on units of work in `jobs` processes (or here, for one job or one unit),
    in input order, few in flight."""
    work = work or score_chunk
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if jobs <= 1 or second is None:  # one chunk: a pool would cost more than it saves
        init_worker(*init_args)
        for task in itertools.chain([t for t in (first, second) if t is not None], chunks):
            yield work(task)
        return
    assert first is not None
    chunks = itertools.chain([first, second], chunks)
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with context.Pool(jobs, initializer=init_pool_worker, initargs=init_args) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) >= jobs * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def assess_chunk(items: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """Assess (index, profile) pairs with this process's rules: (index, assessment) or (index, problems).

    A profile is a Profile, a dict of decoded JSON, or JSON text or bytes; an invalid one gives its problems, so that
    one bad profile never stops the others (the caller decides whether to raise).
    """
    rules: Rules = _STATE["rules"]
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
        out.append((index, assess(profile, rules, robustness=_STATE["robustness"])))
    return out


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
