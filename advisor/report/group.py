"""The group report: one organisation's respondents, the consensus answer and where they disagree, then the usual
sections for the consensus. Content computed here (pure); layout in `templates/group.html.j2`."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson

from advisor.core.group import GroupAssessment
from advisor.core.group_words import group_words, quoted_names
from advisor.core.rules import Rules
from advisor.questionnaire import answer_words
from advisor.report.content import OUTCOME_ORDER, RECOMMENDATION_LABELS, use_case_text
from advisor.words import say
from advisor.words.group import said_group_words

LANES = 7
"""Rows of dots per use case in the dot plot: close weights are drawn in separate lanes rather than on top of each
other (beyond this, they overlap)."""
DOT_GAP = 0.016
"""How close two weights (as a share of the axis) may be before their dots would touch."""


def group_view(group: GroupAssessment, rules: Rules, invalid: int = 0) -> dict[str, Any]:
    """Everything the group part of the report shows: the answer, the vote, conflicts, the dot plot's rows, the
    pivotal respondents, the respondents' table and the geometric check."""
    count = len(group.respondents)
    consensus = group.consensus.recommendation
    geometric = group.geometric
    answers = answer_words(rules)  # conflicts and what one respondent alone said in the words the respondents saw
    words = said_group_words(group_words(group, rules, answers))
    return {
        "organization": group.organization,
        "count": count,
        "agreeing": group.agreeing,
        "answer": words.answer,
        "lead": words.lead,
        "agreement": words.agreement,
        "disagreement": words.disagreement,
        "invalid": invalid,
        "vote": [
            {
                "outcome": o,
                "label": RECOMMENDATION_LABELS[o],
                "p": group.vote[o],
                "n": sum(r.recommendation == o for r in group.respondents),
            }
            for o in OUTCOME_ORDER
            if o in group.vote
        ],
        "conflicts": [say(c.worded(answers)) for c in group.conflicts],
        "quoted": quoted_names(group),  # what the sentences quote of what people typed: isolated where it is shown
        "dots": [
            {**row, "title": use_case_text(rules, row["use_case"], "title")} for row in dot_rows(group, words.extremes)
        ],
        "unweighed": [
            use_case_text(rules, uid, "title")
            for uid in rules.use_case_ids
            if uid not in {d.use_case for d in group.disagreement}
        ],
        "pivotal": list(words.pivotal),
        "respondents": [
            {
                "label": r.label,
                "recommendation": r.recommendation,
                "recommendation_label": RECOMMENDATION_LABELS[r.recommendation],
                "agrees": r.recommendation == consensus,
                "scores": r.scores,
                "distance": r.distance,
            }
            for r in group.respondents
        ],
        "geometric": {
            "possible": geometric.recommendation is not None,
            "label": RECOMMENDATION_LABELS[geometric.recommendation] if geometric.recommendation else "",
            "agrees": geometric.agrees,
            "weights": [
                {"title": use_case_text(rules, uid, "title"), "weight": w, "consensus": group.weights[uid]}
                for uid, w in (geometric.weights or {}).items()
            ],
        },
        "consensus_label": RECOMMENDATION_LABELS[consensus],
    }


def dot_rows(group: GroupAssessment, extremes: dict[str, tuple[str, str]] | None = None) -> list[dict[str, Any]]:
    """One row per use case someone weighs, largest influence first: each respondent's weight as a dot (with a lane,
    so close weights do not hide each other, and their own recommendation for its colour), the consensus, and who
    weighs it most and least (`GroupWords.extremes`)."""
    if extremes is None:
        extremes = {d.use_case: ("", "") for d in group.disagreement}
    rows = []
    for spread in group.disagreement:
        uid = spread.use_case
        ends = [-1.0] * LANES  # the weight of the last dot placed in each lane
        order = sorted(range(len(group.respondents)), key=lambda i: (group.respondents[i].weights[uid], i))
        dots: list[dict[str, Any]] = [{} for _ in order]
        for index in order:
            respondent = group.respondents[index]
            weight = respondent.weights[uid]
            lane = next((n for n in range(LANES) if weight - ends[n] >= DOT_GAP), None)
            if lane is None:  # every lane is crowded here: the one whose last dot is furthest away
                lane = min(range(LANES), key=lambda n: ends[n])
            ends[lane] = weight
            dots[index] = {
                "label": respondent.label,
                "weight": weight,
                "lane": (lane + 1) // 2 * (1 if lane % 2 else -1),  # 0, 1, -1, 2, -2, ...: centred on the axis
                "recommendation": respondent.recommendation,
            }
        most, least = extremes[uid]
        rows.append({**spread.to_dict(), "dots": dots, "most": most, "least": least})
    return rows


def group_digest(group: GroupAssessment) -> str:
    """The sha256 of the consensus profile (canonical JSON), printed in the reproducibility block."""
    data = group.consensus_profile.model_dump(mode="json", exclude_none=True)
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def render_group_html(
    group: GroupAssessment, rules: Rules, date: dt.date, *, invalid: int = 0, paper: str = "a4"
) -> str:
    """The group report as one HTML document, ready for `render_pdf`; `invalid` counts the profiles of the input
    that were left out as invalid (the report says so)."""
    from advisor.report.render import report_template_context, template_environment

    context = report_template_context(
        group.consensus_profile, rules, group_digest(group), date, paper, assessment=group.consensus
    )
    context["group"] = group_view(group, rules, invalid)
    return template_environment().get_template("group.html.j2").render(context)
