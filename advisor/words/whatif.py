"""The what-if comparison's rows, built once for the terminal and the web: each view keeps its own words and
precision ('Fit LLM 0.700' in the terminal, 'LLM fit 0.70' on the page) under its own message ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from advisor.core.assessment import Assessment
from advisor.core.messages import DataText, Message, Number
from advisor.core.numbers import MARGIN_DIGITS
from advisor.core.rules import TRACKS, Rules
from advisor.words.cost_lines import suggested_typical_words
from advisor.words.labels import recommendation_label, ring_label, verdict_label
from advisor.words.need import assessment_need
from advisor.words.numbers import decimal, fit, percent, signed
from advisor.words.say import say

View = Literal["terminal", "web"]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the comparison: what it shows, before and after."""

    key: str
    label: str
    before: str
    after: str


def whatif_rows(before: Assessment, after: Assessment, rules: Rules, view: View) -> list[Row]:
    """Recommendation, the fits, (the margin,) the verdict, the ring, the need (the typical monthly cost of the
    suggested paths, and the probability) before and after."""
    terminal = view == "terminal"
    cells: list[tuple[str, Message, Callable[[Assessment], str]]] = [
        ("recommendation", Message.of(f"whatif.row.recommendation.{view}"), lambda a: _recommendation(a, terminal)),
        *(
            (
                f"fit_{t}",
                Message.of(f"whatif.row.fit.{view}", track=_short(rules, t, initial=not terminal)),
                (lambda a, t=t: decimal(a.scores[t], MARGIN_DIGITS)) if terminal else (lambda a, t=t: fit(a.scores[t])),
            )
            for t in TRACKS
        ),
    ]
    if terminal:
        cells.append(("margin", Message.of("whatif.row.margin.terminal"), lambda a: signed(a.margin)))
    cells += [
        ("verdict", Message.of(f"whatif.row.verdict.{view}"), lambda a: _verdict(a, terminal)),
        ("ring", Message.of(f"whatif.row.ring.{view}"), lambda a: _ring(a, terminal)),
    ]
    if any(assessment_need(a) is not None for a in (before, after)):
        cells.append(("need", Message.of(f"whatif.row.need.{view}"), lambda a: _need(a, terminal)))
    if terminal and any(suggested_typical_words(a) is not None for a in (before, after)):
        cells.append(("cost", Message.of("whatif.row.cost.terminal"), lambda a: suggested_typical_words(a) or "-"))
    if terminal:
        cells.append(("p_same", Message.of("whatif.row.p_same.terminal"), _p_same))
    return [Row(key, say(label), cell(before), cell(after)) for key, label, cell in cells]


def _short(rules: Rules, track: str, initial: bool) -> DataText:
    short = rules.tracks[track].short
    if initial:
        return DataText(f"rules.tracks.{track}.short.initial", short[:1].upper() + short[1:])
    return DataText(f"rules.tracks.{track}.short", short)


def _recommendation(assessment: Assessment, terminal: bool) -> str:
    return recommendation_label(assessment.recommendation, "badge" if terminal else "label")


def _verdict(assessment: Assessment, terminal: bool) -> str:
    report = assessment.robustness
    if report is None:
        return "-" if terminal else verdict_label(None)
    return verdict_label(report.verdict, report.decided_by)


def _ring(assessment: Assessment, terminal: bool) -> str:
    ring = assessment.context.ring if assessment.context is not None else None
    if ring is None and terminal:
        return "-"
    return ring_label(ring.ring if ring else None)


def _need(assessment: Assessment, terminal: bool) -> str:
    need = assessment_need(assessment)
    if need is None:
        return "-" if terminal else say(Message.of("need.none"))
    return say(Message.of("need.short", size=Message.of(f"need.size.{need.size}"), total=Number(need.total, "decimal:1")))


def _p_same(assessment: Assessment) -> str:
    return percent(assessment.robustness.p_outcome[assessment.recommendation]) if assessment.robustness else "-"
