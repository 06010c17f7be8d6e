"""The sentences that answer for a group, written from its numbers: shared by the terminal and the group report."""

from __future__ import annotations

from advisor.core.group import GroupAssessment
from advisor.core.headline import capitalised, join_words
from advisor.core.rules import Rules


def agreement_words(group: GroupAssessment) -> str:
    """How many respondents' own priorities give the consensus answer: '7 of 9 respondents' own priorities lead
    there'."""
    count, agreeing = len(group.respondents), group.agreeing
    if count == 1:
        return f"the one respondent's own priorities {'lead' if agreeing else 'do not lead'} there"
    if agreeing == 0:
        return f"none of the {count} respondents' own priorities lead there: the consensus is a compromise"
    return f"{agreeing} of {count} respondents' own priorities lead there"


def furthest_apart(group: GroupAssessment) -> tuple[str, str, str] | None:
    """(respondent weighing it most, respondent weighing it least, use case id) for the use case whose disagreement
    could move the answer most; None when the respondents weigh every use case alike."""
    top = next((d for d in group.disagreement if d.spread > 0), None)
    if top is None:
        return None
    uid = top.use_case
    most = max(group.respondents, key=lambda r: r.weights[uid])  # the first of equals, in input order
    least = min(group.respondents, key=lambda r: r.weights[uid])
    return most.label, least.label, uid


def disagreement_words(group: GroupAssessment, rules: Rules) -> str:
    """'legal and marketing disagree most on creative art', or that the respondents weigh every use case alike."""
    apart = furthest_apart(group)
    if apart is None:
        return "the respondents weigh every use case alike"
    most, least, uid = apart
    title = rules.use_cases[uid].title
    if len(title) > 1 and title[0].isupper() and title[1].islower():  # 'Creative art' -> 'creative art'; 'LLM' stays
        title = title[0].lower() + title[1:]
    return f"{join_words([most, least])} disagree most on {title}"


def group_answer(group: GroupAssessment, rules: Rules) -> str:
    """The answer first, for the organisation: the consensus's action, how many agree and where they differ most."""
    title = group.consensus.action_title.rstrip(".")
    if len(group.respondents) == 1:
        return f"{title}. {capitalised(agreement_words(group))}."
    return f"{title}. {capitalised(agreement_words(group))}; {disagreement_words(group, rules)}."
