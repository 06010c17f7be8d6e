"""The sentences that answer for a group, written from its numbers: the one source of the group's words, shared by
the terminal, the group report and the survey dashboard.

No sentence depends on the order of the respondents: a tie is named whole ('4 respondents'), never broken by who
came first, and lists of names are sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.core.context_rules import NOT_ASSESSED
from advisor.core.explanation import recommendation_words
from advisor.core.group import Decisive, GroupAssessment, StatedFact, UseCaseSpread, vetoes_of
from advisor.core.group_merge import Words
from advisor.core.headline import capitalised, in_sentence, join_words
from advisor.core.rules import Rules

NAMED_TIE = 2
"""A tie of up to this many respondents is named; a larger one is counted ('4 respondents')."""
RING_NAMES = {"hold": "Hold", "assess": "Assess", "trial": "Trial", "adopt": "Adopt", NOT_ASSESSED: "a ring not placed"}


@dataclass(frozen=True, slots=True)
class GroupWords:
    """Every sentence of a group's result, as each view shows it."""

    answer: str
    """The answer first: the consensus's action (led by its ring), then the lead."""
    lead: str
    """Who alone brings a Hold, how many agree, where they disagree most."""
    agreement: str
    disagreement: str
    pivotal: tuple[str, ...]
    """Who changes the recommendation, the ring or a veto by leaving, each with what does it."""
    extremes: dict[str, tuple[str, str]]
    """Per use case: who weighs it most and who least, as the disagreement tables show them."""


def group_words(group: GroupAssessment, rules: Rules, words: Words | None = None) -> GroupWords:
    """The sentences of `group`, once, for every view; `words` says the answers a respondent alone gave (the
    questionnaire's labels) where the rules' `facts` do not."""
    return GroupWords(
        answer=group_answer(group, rules, words),
        lead=group_lead(group, rules, words),
        agreement=capitalised(agreement_words(group, rules)),
        disagreement=disagreement_words(group, rules) if len(group.respondents) > 1 else "",
        pivotal=tuple(pivotal_sentences(group, rules, words)),
        extremes={d.use_case: (who_words(d.highest), who_words(d.lowest)) for d in group.disagreement},
    )


def agreement_words(group: GroupAssessment, rules: Rules) -> str:
    """How many respondents' own priorities give the consensus recommendation, naming it: '7 of 9 respondents' own
    priorities lead to an LLM'."""
    count, agreeing = len(group.respondents), group.agreeing
    there = recommendation_words(group.consensus.recommendation, rules)
    if count == 1:
        return f"the one respondent's own priorities {'lead' if agreeing else 'do not lead'} to {there}"
    if agreeing == 0:
        return f"none of the {count} respondents' own priorities lead to {there}: the consensus is a compromise"
    return f"{agreeing} of {count} respondents' own priorities lead to {there}"


def who_words(labels: Sequence[str]) -> str:
    """Respondents as a sentence names them: 'Legal', 'Legal and IT', or counted when more tie: '4 respondents'."""
    if len(labels) > NAMED_TIE:
        return f"{len(labels)} respondents"
    return join_words(list(labels))


def top_disagreement(group: GroupAssessment) -> UseCaseSpread | None:
    """The use case whose disagreement could move the answer most; None when the respondents weigh all alike."""
    return next((d for d in group.disagreement if d.spread > 0), None)


def disagreement_words(group: GroupAssessment, rules: Rules) -> str:
    """'they disagree most on creative art: Marketing gives it the most weight, 4 respondents the least', or that
    the respondents weigh every use case alike. Names as the disagreement table names them."""
    top = top_disagreement(group)
    if top is None:
        return "the respondents weigh every use case alike"
    title = in_sentence(rules.use_cases[top.use_case].title)
    most, least = who_words(top.highest), who_words(top.lowest)
    gives = ("gives" if len(top.highest) == 1 else "give", "gives" if len(top.lowest) == 1 else "give")
    least_weight = "no weight" if top.min <= 0 else "the least"
    return f"they disagree most on {title}: {most} {gives[0]} it the most weight, {least} {gives[1]} it {least_weight}"


def ring_name(ring: str | None) -> str:
    """'Hold', 'Assess', 'Trial', 'Adopt'; 'a ring not placed' when robustness was not analysed."""
    return RING_NAMES.get(ring or "", "no ring")


def fact_words(fact: StatedFact, rules: Rules, labels: Words | None = None) -> str:
    """What a respondent alone said, as a predicate: 'named emotion recognition at work or in education (EU AI Act
    Art. 5(1)(f))', 'said data sensitivity is regulated'. Labels and references come from the rules' `facts`, else
    from `labels` (the questionnaire's: 'said deployment is “Cloud API: ...”'), else the stored value."""
    words = rules.facts.get(fact.field, {})
    field = fact.field.rsplit(".", 1)[-1].replace("_", " ")

    def named(value: Any) -> str:
        known = words.get(str(value))
        if known is not None:
            return known.words()
        if labels is not None:
            return labels(fact.field, [value] if fact.rule in ("union", "all_must_have", "answer") else value)
        return str(value).replace("_", " ")

    values = join_words([named(v) for v in fact.values])
    if fact.rule == "union":
        return f"named {values}" if values else f"answered {field}"
    if fact.rule == "any_yes":
        return f"said {'yes' if fact.values == (True,) else 'no'} to {field}"
    if fact.rule == "all_must_have":
        return f"said {values} {'is' if len(fact.values) == 1 else 'are'} not in place ({field})"
    if fact.rule == "answer":
        return f"answered {field}: {values or 'none'}"
    return f"said {field} is {values}"


def decisive_words(decisive: Decisive, rules: Rules, labels: Words | None = None) -> str:
    """'People Operations named emotion recognition at work or in education (EU AI Act Art. 5(1)(f)): this puts the
    organisation on Hold rather than Trial.'"""
    who = decisive.label
    moved = decisive.ring != decisive.ring_without
    if moved:
        rather = f" rather than {ring_name(decisive.ring_without)}" if decisive.ring_without != NOT_ASSESSED else ""
        effect = f"on {ring_name(decisive.ring)}{rather}"
    else:
        effect = f"under {_vetoes(decisive.vetoes, rules)}"
    if decisive.facts:
        said = join_words([fact_words(f, rules, labels) for f in decisive.facts])
        return f"{who} {said}: this puts the organisation {effect}."
    if moved:  # their priorities, not their context, move it
        ring, without = ring_name(decisive.ring), ring_name(decisive.ring_without)
        return f"Without {who}, the organisation would be on {without}, not {ring}."
    return f"Without {who}, {_vetoes(decisive.vetoes, rules)} would not hold."


def _vetoes(ids: Sequence[str], rules: Rules) -> str:
    """'the veto “Only self-hosted options on premises”', 'the vetoes “A” and “B”'."""
    titles = join_words([f"“{rules.context_rules[v].title}”" for v in ids])
    return f"the veto{'es' if len(ids) > 1 else ''} {titles}"


def pivotal_sentences(group: GroupAssessment, rules: Rules, labels: Words | None = None) -> list[str]:
    """Who changes the answer by leaving: the recommendation, then each respondent who alone brings a ring or a
    veto with what does it."""
    if len(group.respondents) < 2:
        return ["With one respondent, the consensus is theirs."]
    pivotal = list(group.pivotal)
    if not pivotal:
        sentences = ["Leaving out any one respondent gives the same recommendation."]
    elif len(pivotal) == 1:
        sentences = [f"Leaving out {pivotal[0]} changes the recommendation."]
    else:
        sentences = [f"Leaving out any one of {join_words(pivotal)} changes the recommendation."]
    sentences += [decisive_words(d, rules, labels) for d in group.decisive]
    if not group.decisive and group.ring is not None:
        sentences.append("Leaving out any one respondent gives the same ring and the same vetoes.")
    return sentences + brought_by_several(group, rules)


def brought_by_several(group: GroupAssessment, rules: Rules, *, practices_only: bool = False) -> list[str]:
    """Each veto on the consensus that no one brings alone but only some respondents' own answers bring, with who:
    'On their own answers, HR and People Operations bring the veto “...”: it stays unless each of them drops it.'"""
    alone = {v for d in group.decisive for v in d.vetoes}
    sentences = []
    for veto in vetoes_of(group.consensus):
        holders = sorted(r.label for r in group.respondents if veto in r.vetoes)
        rule = rules.context_rules[veto].veto
        if veto in alone or not holders or len(holders) == len(group.respondents):
            continue
        if practices_only and (rule is None or rule.kind != "practice"):
            continue
        sentences.append(
            f"On their own answers, {join_words(holders)} bring {_vetoes((veto,), rules)}: it stays unless each of "
            "them drops the answer that brings it."
        )
    return sentences


def group_lead(group: GroupAssessment, rules: Rules, labels: Words | None = None) -> str:
    """What follows the consensus's action: who alone brings a Hold, how many agree and where they differ most."""
    holds = [decisive_words(d, rules, labels) for d in group.decisive if d.ring == "hold" and d.ring_without != "hold"]
    if group.ring == "hold":
        holds += brought_by_several(group, rules, practices_only=True)
    agree = capitalised(agreement_words(group, rules))
    if len(group.respondents) == 1:
        return " ".join([*holds, f"{agree}."])
    return " ".join([*holds, f"{agree}; {disagreement_words(group, rules)}."])


def group_answer(group: GroupAssessment, rules: Rules, labels: Words | None = None) -> str:
    """The answer first, for the organisation: the consensus's action (led by its ring), then `group_lead`."""
    return f"{(group.consensus.action_title or '').rstrip('.')}. {group_lead(group, rules, labels)}"


def quoted_names(group: GroupAssessment) -> list[str]:
    """What the group's sentences quote of what people typed (respondents' labels, organisation details): each is
    isolated where a page or a terminal shows it."""
    return sorted(
        {r.label for r in group.respondents}
        | {a for c in group.conflicts if c.field.startswith("organization.") for a in c.answers}
    )
