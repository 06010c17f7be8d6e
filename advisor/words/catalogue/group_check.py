"""The group's consensus line and its geometric-mean check, as the terminal and the survey dashboard say them.

The two views word the check differently (and the group report a third way, in templates/group.html.j2); the
wordings are kept as they were, each under its own id, until one is chosen for all."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "group_check.geometric.none.terminal": "no answer (every use case has a respondent who gives it no weight)",
    "group_check.geometric.same.terminal": "{label}, the same answer",
    "group_check.geometric.differs.terminal": (
        "{label}, not {consensus}: the answer depends on how the weights are averaged"
    ),
    "group_check.geometric.none.dashboard": (
        "The geometric mean of the priorities gives no answer as a check: no use case matters to every respondent."
    ),
    "group_check.geometric.differs.dashboard": "The geometric mean of the priorities gives {label}",
    "group_check.geometric.differs_why.dashboard": ": the answer depends on how the priorities are combined.",
    "group_check.verdict.dashboard": "The consensus is {verdict}.",
    "group_check.fits.dashboard": (
        "Consensus fits: LLM {llm}, broader generative AI {generative_ai} (margin {margin})."
    ),
}
