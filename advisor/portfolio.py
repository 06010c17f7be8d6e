"""The portfolio report: many assessments compared in one document for a board. Content computed here (pure);
layout in `templates/portfolio.html.j2`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from advisor import __version__
from advisor.context_rules import NOT_ASSESSED, RING_STATES
from advisor.report_content import OUTCOME_ORDER, RECOMMENDATION_LABELS
from advisor.rules import Rules

REVIEW_VERDICTS = ("fragile", "too_close")


def portfolio_context(entries: list[dict[str, Any]], rules: Rules, date: dt.date) -> dict[str, Any]:
    """Counts per recommendation, verdict and readiness ring, the profiles sorted by margin, the use cases that drive
    the portfolio. An entry's `ring` is optional (absent or empty: no ring counted)."""
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
        {**e, "label": RECOMMENDATION_LABELS[e["recommendation"]]} for e in rows if e["verdict"] in REVIEW_VERDICTS
    ]
    actions = {
        "llm": "should adopt an LLM",
        "hybrid": "both (hybrid)",
        "generative_ai": "broader generative AI",
        "neither": "neither track",
    }
    parts = [f"{by_recommendation[r]} {actions[r]}" for r in OUTCOME_ORDER if by_recommendation[r]]
    headline = f"Of {count} profile{'s' if count != 1 else ''}, " + ", ".join(parts) + "."
    return {
        "date": date.isoformat(),
        "count": count,
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
        "verdicts": [(v, verdicts[v]) for v in ("robust", "moderate", "fragile", "too_close")],
        "rings": [(r, rings[r]) for r in RING_STATES if r != NOT_ASSESSED or rings[r]] if rings else [],
        "review": review,
        "rows": [{**e, "label": RECOMMENDATION_LABELS[e["recommendation"]], "ring": e.get("ring") or ""} for e in rows],
        "drivers": drivers,
        "tracks": {t: rules.tracks[t].short for t in rules.tracks},
        "rules": f"{rules.name} {rules.version}",
        "rules_sha256": rules.sha256,
        "advisor_version": __version__,
    }


def portfolio_html(entries: list[dict[str, Any]], rules: Rules, date: dt.date | None = None) -> str:
    """The portfolio as HTML, ready for `render_pdf`."""
    from advisor.report import _environment, report_date

    context = portfolio_context(entries, rules, date or report_date(None))
    return _environment().get_template("portfolio.html.j2").render(context)
