"""The one label of each decision: recommendation, ring, verdict, method (see advisor/words/labels.py).

Where two views say the same decision differently today, each view keeps its words under its own id (`….short`,
`….long`, `….title`) until the wording is unified on purpose.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "recommendation.words.track": "{track}",
    "recommendation.words.hybrid": "a hybrid of both",
    "recommendation.words.neither": "neither track",
    "verdict.robust": "robust",
    "verdict.moderate": "moderately robust",
    "verdict.fragile": "fragile",
    "verdict.too_close": "too close to call",
    "verdict.too_uncertain": "too uncertain to call",
    "method.weighted_sum": "weighted sum",
    "method.weighted_product": "weighted product",
    "method.weakest_link": "weakest link",
}

MESSAGES.update(
    {
        # the terminal's badge: 'LLM (robust) ring TRIAL'
        "recommendation.badge.llm": "LLM",
        "recommendation.badge.generative_ai": "BROADER GENERATIVE AI",
        "recommendation.badge.hybrid": "HYBRID (both)",
        "recommendation.badge.neither": "NEITHER",
        # the report's, the web's and the portfolio's label
        "recommendation.label.llm": "LLM",
        "recommendation.label.generative_ai": "Broader generative AI",
        "recommendation.label.hybrid": "Hybrid: both",
        "recommendation.label.neither": "Neither: other approaches",
        # the ring as a badge in the terminal ('TRIAL') and as a name in tables and pages ('Trial')
        "ring.adopt.badge": "ADOPT",
        "ring.trial.badge": "TRIAL",
        "ring.assess.badge": "ASSESS",
        "ring.hold.badge": "HOLD",
        "ring.not_assessed.badge": "NOT ASSESSED",
        "ring.adopt": "Adopt",
        "ring.trial": "Trial",
        "ring.assess": "Assess",
        "ring.hold": "Hold",
        "ring.not_assessed": "Not assessed",
        "ring.none": "none placed",
        # the ring inside a group's sentences ('on Hold rather than Trial')
        "ring.adopt.group": "Adopt",
        "ring.trial.group": "Trial",
        "ring.assess.group": "Assess",
        "ring.hold.group": "Hold",
        "ring.not_assessed.group": "a ring not placed",
        "ring.none.group": "no ring",
        # the ring in the portfolio's counts ('3 on Hold, 2 to assess')
        "ring.hold.portfolio": "on Hold",
        "ring.assess.portfolio": "to assess",
        "ring.trial.portfolio": "to trial",
        "ring.adopt.portfolio": "to adopt",
        "ring.not_assessed.portfolio": "with no ring yet",
        "ring.none.portfolio": "with no ring",
        # the verdict as a table cell shows it where the view writes the id's words ('too close')
        "verdict.robust.short": "robust",
        "verdict.moderate.short": "moderate",
        "verdict.fragile.short": "fragile",
        "verdict.too_close.short": "too close",
        "verdict.none": "not analysed",
    }
)
