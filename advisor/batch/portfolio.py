"""The portfolio report: many assessments compared in one document for a board. Content computed here (pure);
layout in `templates/portfolio.html.j2`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from advisor.core.context_rules import NOT_ASSESSED, RING_STATES
from advisor.core.rules import Rules
from advisor.core.version import __version__
from advisor.report import OUTCOME_ORDER, RECOMMENDATION_LABELS
from advisor.words.labels import ring_label
from advisor.words.text import text

REVIEW_VERDICTS = ("fragile", "too_close")
REVIEW_RINGS = ("hold", "assess")
"""Profiles a board reviews first, in this order: on Hold, to assess, then answers that are fragile or too close."""
RING_ORDER = ("hold", "assess", "trial", "adopt", NOT_ASSESSED, "")
"""The order rings are counted in a headline, most urgent first ('' is a profile without a ring)."""
ACTION_RINGS = ("assess", "trial", "adopt")
"""Rings whose words are a verb the track can follow: 'to trial an LLM'."""
TRACK_WORDS = {"llm": "an LLM", "hybrid": "both", "generative_ai": "broader generative AI", "neither": "neither track"}
MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True, slots=True)
class LeftOut:
    """The profiles a batch read but could not assess: how many, and the error lines of the first of them."""

    count: int = 0
    errors: tuple[dict[str, Any], ...] = ()


def portfolio_context(
    entries: list[dict[str, Any]], rules: Rules, date: dt.date, left_out: LeftOut = LeftOut()
) -> dict[str, Any]:
    """Counts per recommendation, verdict and readiness ring, the profiles sorted by margin, the use cases that drive
    the portfolio, and the profiles left out as invalid with their problems. An entry's `ring` is optional (absent or
    empty: no ring counted)."""
    count = len(entries)
    by_recommendation = Counter(e["recommendation"] for e in entries)
    verdicts = Counter(e["verdict"] for e in entries if e["verdict"])
    rings = Counter(e["ring"] for e in entries if e.get("ring"))
    # 'neither' is shown when the rules can give it, or when a profile got it
    shown = [r for r in OUTCOME_ORDER if r != "neither" or rules.decision.neither_below > 0 or by_recommendation[r]]
    drivers = []
    for uid, use_case in rules.use_cases.items():
        weights = [e["weights"].get(uid, 0.0) for e in entries]
        top = sum(1 for e in entries if e["weights"] and max(e["weights"], key=e["weights"].get) == uid)
        needing = sum(1 for w in weights if w > 0)
        if needing:
            drivers.append(
                {
                    "title": use_case.title,
                    "mean_weight": sum(weights) / count,
                    "needing": needing,
                    "top": top,
                    "favours": rules.tracks[rules.sides[uid]].short if rules.sides[uid] in rules.tracks else "neither",
                }
            )
    drivers.sort(key=lambda d: -d["mean_weight"])
    rows = sorted(entries, key=lambda e: -e["margin"])
    review = [
        {
            **e,
            "label": RECOMMENDATION_LABELS[e["recommendation"]],
            "ring": e.get("ring") or "",
            "ring_reason": e.get("ring_reason") or "",
        }
        for e in review_order(rows)
    ]
    of = text("batch.portfolio.of_assessed" if left_out.count else "batch.portfolio.of", n=count)
    headline = (
        text("batch.portfolio.headline", of=of, rings=ring_counts(entries))
        if count
        else text("batch.portfolio.none_assessed")
    )
    read = count + left_out.count
    return {
        "date": date.isoformat(),
        "count": count,
        "read": read,
        "left_out": left_out.count,
        "problems": _problem_rows(left_out.errors),
        "problems_not_shown": left_out.count - min(left_out.count, len(left_out.errors)),
        "headline": headline,
        "outcomes": [
            {
                "outcome": r,
                "label": RECOMMENDATION_LABELS[r],
                "p": by_recommendation[r] / count if count else 0.0,
                "n": by_recommendation[r],
            }
            for r in shown
        ],
        "verdicts": [(v, verdicts[v]) for v in ("robust", "moderate", "fragile", "too_close")]
        + ([(text("batch.portfolio.not_analysed"), count - verdicts.total())] if verdicts.total() < count else []),
        "rings": [(r, rings[r]) for r in RING_STATES if r != NOT_ASSESSED or rings[r]] if rings else [],
        "need_sizes": any(e.get("need") for e in rows),
        "review": review,
        "rows": [{**e, "label": RECOMMENDATION_LABELS[e["recommendation"]], "ring": e.get("ring") or ""} for e in rows],
        "drivers": drivers,
        "tracks": {t: rules.tracks[t].short for t in rules.tracks},
        "rules": f"{rules.name} {rules.version}",
        "rules_sha256": rules.sha256,
        "advisor_version": __version__,
    }


def ring_counts(entries: list[dict[str, Any]]) -> str:
    """The profiles counted by ring, with the tracks of those not on Hold: '2 on Hold; 3 to assess (2 an LLM, 1
    both); 19 to trial an LLM'. Without any ring, by recommendation alone: '2 an LLM, 1 both'."""
    if not any(e.get("ring") for e in entries):
        return _tracks(entries)
    parts = []
    for ring in RING_ORDER:
        placed = [e for e in entries if (e.get("ring") or "") == ring]
        if not placed:
            continue
        words = f"{len(placed)} {ring_label(ring, 'portfolio')}"
        if ring != "hold":  # a profile on Hold is advised to adopt no track
            kinds = {e["recommendation"] for e in placed}
            single = next(iter(kinds)) if len(kinds) == 1 else None
            if ring in ACTION_RINGS and single is not None and single != "neither":  # '3 to trial an LLM'
                words += f" {TRACK_WORDS[single]}"
            else:
                words += f" ({_tracks(placed)})"
        parts.append(words)
    return "; ".join(parts)


def _tracks(entries: list[dict[str, Any]]) -> str:
    counts = Counter(e["recommendation"] for e in entries)
    return ", ".join(f"{counts[r]} {TRACK_WORDS[r]}" for r in OUTCOME_ORDER if counts[r])


def review_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profiles to review first: on Hold, then to assess (each in the order of `rows`), then the other answers
    that are fragile or too close to call, the smallest margin first."""
    first = [[e for e in rows if e.get("ring") == ring] for ring in REVIEW_RINGS]
    doubtful = [e for e in rows if e.get("ring") not in REVIEW_RINGS and e["verdict"] in REVIEW_VERDICTS]
    return [e for group in first for e in group] + sorted(doubtful, key=lambda e: abs(e["margin"]))


def _problem_rows(errors: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """One row per problem of each left-out profile: where it was read, its id, the field path and the message."""
    rows = []
    for error in errors:
        where = error["source"] + (f":{error['line']}" if error["line"] is not None else "")
        for problem in error["problems"] or [{"path": error["path"], "message": error["message"]}]:
            rows.append({"where": where, "id": error["id"], "path": problem["path"], "message": problem["message"]})
    return rows


def portfolio_html(
    entries: list[dict[str, Any]], rules: Rules, date: dt.date | None = None, left_out: LeftOut = LeftOut()
) -> str:
    """The portfolio as HTML, ready for `render_pdf`."""
    from advisor.report import report_date, template_environment

    context = portfolio_context(entries, rules, date or report_date(None), left_out)
    return template_environment().get_template("portfolio.html.j2").render(context)
