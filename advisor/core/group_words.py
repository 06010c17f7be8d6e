"""What answers for a group, decided from its numbers: the one source of the group's words, shared by the terminal,
the group report and the survey dashboard. Pure: returns `Message`s (ids in `advisor/words/catalogue/group.py`).

No sentence depends on the order of the respondents: a tie is named whole ('4 respondents'), never broken by who
came first, and lists of names are sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.core.context_rules import NOT_ASSESSED
from advisor.core.data_text import context_rule_title, use_case_title_inline
from advisor.core.explanation import recommendation_words
from advisor.core.group import Decisive, GroupAssessment, StatedFact, UseCaseSpread, vetoes_of
from advisor.core.group_merge import Words as AnswerWords
from advisor.core.messages import DataText, Message, Number, Param, Words
from advisor.core.rules import Rules

NAMED_TIE = 2
"""A tie of up to this many respondents is named; a larger one is counted ('4 respondents')."""
RINGS = ("hold", "assess", "trial", "adopt", NOT_ASSESSED)
"""The rings a group's sentences name, each said by the message `ring.<ring>.group` ('Hold', 'a ring not placed')."""


@dataclass(frozen=True, slots=True)
class GroupWords:
    """Every sentence of a group's result, as each view shows it (messages; the edge says them)."""

    answer: Message
    """The answer first: the consensus's action (led by its ring), then the lead."""
    lead: Message
    """Who alone brings a Hold, how many agree, where they disagree most."""
    agreement: Message
    disagreement: Message | None
    pivotal: tuple[Message, ...]
    """Who changes the recommendation, the ring or a veto by leaving, each with what does it."""
    extremes: dict[str, tuple[Message, Message]]
    """Per use case: who weighs it most and who least, as the disagreement tables show them."""


def group_words(group: GroupAssessment, rules: Rules, words: AnswerWords | None = None) -> GroupWords:
    """The sentences of `group`, once, for every view; `words` says the answers a respondent alone gave (the
    questionnaire's labels) where the rules' `facts` do not."""
    return GroupWords(
        answer=group_answer(group, rules, words),
        lead=group_lead(group, rules, words),
        agreement=agreement_words(group, rules, initial=True),
        disagreement=disagreement_words(group, rules) if len(group.respondents) > 1 else None,
        pivotal=tuple(pivotal_sentences(group, rules, words)),
        extremes={d.use_case: (who_words(d.highest), who_words(d.lowest)) for d in group.disagreement},
    )


def agreement_words(group: GroupAssessment, rules: Rules, *, initial: bool = False) -> Message:
    """How many respondents' own priorities give the consensus recommendation, naming it: '7 of 9 respondents' own
    priorities lead to an LLM'; `initial` for the form that starts a sentence."""
    count, agreeing = len(group.respondents), group.agreeing
    there = recommendation_words(group.consensus.recommendation, rules)
    form = ".initial" if initial else ""
    if count == 1:
        return Message.of(f"group.agreement.one.{'yes' if agreeing else 'no'}{form}", there=there)
    if agreeing == 0:
        return Message.of(f"group.agreement.none{form}", count=Number(count, "count"), there=there)
    return Message.of(
        f"group.agreement.some{form}", agreeing=Number(agreeing, "count"), count=Number(count, "count"), there=there
    )


def who_words(labels: Sequence[str]) -> Message:
    """Respondents as a sentence names them: 'Legal', 'Legal and IT', or counted when more tie: '4 respondents'."""
    if len(labels) > NAMED_TIE:
        return Message.of("group.who.counted", n=Number(len(labels), "count"))
    return Message.of("group.who", who=Words(tuple(labels)))


def top_disagreement(group: GroupAssessment) -> UseCaseSpread | None:
    """The use case whose disagreement could move the answer most; None when the respondents weigh all alike."""
    return next((d for d in group.disagreement if d.spread > 0), None)


def disagreement_words(group: GroupAssessment, rules: Rules) -> Message:
    """'they disagree most on creative art: Marketing gives it the most weight, 4 respondents the least', or that
    the respondents weigh every use case alike. Names as the disagreement table names them."""
    top = top_disagreement(group)
    if top is None:
        return Message.of("group.disagreement.none")
    most = Message.of("group.gives.most", n=Number(len(top.highest), "count"), who=who_words(top.highest))
    least = Message.of(
        "group.gives.nothing" if top.min <= 0 else "group.gives.least",
        n=Number(len(top.lowest), "count"),
        who=who_words(top.lowest),
    )
    return Message.of("group.disagreement", use_case=use_case_title_inline(rules, top.use_case), most=most, least=least)


def ring_name(ring: str | None) -> Message:
    """'Hold', 'Assess', 'Trial', 'Adopt'; 'a ring not placed' when robustness was not analysed."""
    return Message.of(f"ring.{ring}.group" if ring in RINGS else "ring.none.group")


def fact_words(fact: StatedFact, rules: Rules, labels: AnswerWords | None = None) -> Message:
    """What a respondent alone said, as a predicate: 'named emotion recognition at work or in education (EU AI Act
    Art. 5(1)(f))', 'said data sensitivity is regulated'. Labels and references come from the rules' `facts`, else
    from `labels` (the questionnaire's: 'said deployment is “Cloud API: ...”'), else the stored value."""
    words = rules.facts.get(fact.field, {})
    field = fact.field.rsplit(".", 1)[-1].replace("_", " ")  # the field's name, as the profile spells it

    def named(value: Any) -> Param:
        known = words.get(str(value))
        if known is not None:
            label = DataText(f"rules.facts.{fact.field}.{value}.label", known.label)
            if known.reference:
                reference = DataText(f"rules.facts.{fact.field}.{value}.reference", known.reference)
                return Message.of("group.fact.referenced", label=label, reference=reference)
            return label
        if labels is not None:
            return labels(fact.field, [value] if fact.rule in ("union", "all_must_have", "answer") else value)
        return str(value).replace("_", " ")

    values = Words(tuple(named(v) for v in fact.values))
    if fact.rule == "union":
        return Message.of("group.fact.named", values=values) if fact.values else Message.of("group.fact.answered", field=field)
    if fact.rule == "any_yes":
        return Message.of(f"group.fact.said_{'yes' if fact.values == (True,) else 'no'}", field=field)
    if fact.rule == "all_must_have":
        return Message.of("group.fact.missing", n=Number(len(fact.values), "count"), values=values, field=field)
    if fact.rule == "answer":
        if fact.values:
            return Message.of("group.fact.answer", field=field, values=values)
        return Message.of("group.fact.answer.none", field=field)
    return Message.of("group.fact.is", field=field, values=values)


def decisive_words(decisive: Decisive, rules: Rules, labels: AnswerWords | None = None) -> Message:
    """'People Operations named emotion recognition at work or in education (EU AI Act Art. 5(1)(f)): this puts the
    organisation on Hold rather than Trial.'"""
    who = decisive.label
    moved = decisive.ring != decisive.ring_without
    ring, without = ring_name(decisive.ring), ring_name(decisive.ring_without)
    if moved and decisive.ring_without != NOT_ASSESSED:
        effect = Message.of("group.effect.ring.rather", ring=ring, without=without)
    elif moved:
        effect = Message.of("group.effect.ring", ring=ring)
    else:
        effect = Message.of("group.effect.vetoes", vetoes=_vetoes(decisive.vetoes, rules))
    if decisive.facts:
        said = Words(tuple(fact_words(f, rules, labels) for f in decisive.facts))
        return Message.of("group.decisive.facts", who=who, said=said, effect=effect)
    if moved:  # their priorities, not their context, move it
        return Message.of("group.decisive.ring", who=who, ring=ring, without=without)
    return Message.of("group.decisive.vetoes", who=who, vetoes=_vetoes(decisive.vetoes, rules))


def _vetoes(ids: Sequence[str], rules: Rules) -> Message:
    """'the veto “Only self-hosted options on premises”', 'the vetoes “A” and “B”'."""
    titles = Words(tuple(Message.of("group.quoted", text=context_rule_title(rules, v)) for v in ids))
    return Message.of("group.vetoes", n=Number(len(ids), "count"), titles=titles)


def pivotal_sentences(group: GroupAssessment, rules: Rules, labels: AnswerWords | None = None) -> list[Message]:
    """Who changes the answer by leaving: the recommendation, then each respondent who alone brings a ring or a
    veto with what does it."""
    if len(group.respondents) < 2:
        return [Message.of("group.pivotal.alone")]
    pivotal = list(group.pivotal)
    if not pivotal:
        sentences = [Message.of("group.pivotal.none")]
    elif len(pivotal) == 1:
        sentences = [Message.of("group.pivotal.one", who=pivotal[0])]
    else:
        sentences = [Message.of("group.pivotal.any", who=Words(tuple(pivotal)))]
    sentences += [decisive_words(d, rules, labels) for d in group.decisive]
    if not group.decisive and group.ring is not None:
        sentences.append(Message.of("group.pivotal.same_ring"))
    return sentences + brought_by_several(group, rules)


def brought_by_several(group: GroupAssessment, rules: Rules, *, practices_only: bool = False) -> list[Message]:
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
        sentences.append(Message.of("group.brought", holders=Words(tuple(holders)), vetoes=_vetoes((veto,), rules)))
    return sentences


def sentences(said: Sequence[Message]) -> Message:
    """Sentences one after the other, as one message."""
    *first, last = said
    for sentence in reversed(first):
        last = Message.of("group.sentences", first=sentence, rest=last)
    return last


def group_lead(group: GroupAssessment, rules: Rules, labels: AnswerWords | None = None) -> Message:
    """What follows the consensus's action: who alone brings a Hold, how many agree and where they differ most."""
    holds = [decisive_words(d, rules, labels) for d in group.decisive if d.ring == "hold" and d.ring_without != "hold"]
    if group.ring == "hold":
        holds += brought_by_several(group, rules, practices_only=True)
    agree = agreement_words(group, rules, initial=True)
    if len(group.respondents) == 1:
        return sentences([*holds, Message.of("group.lead.agree", agree=agree)])
    differ = disagreement_words(group, rules)
    return sentences([*holds, Message.of("group.lead.agree.differ", agree=agree, differ=differ)])


def group_answer(group: GroupAssessment, rules: Rules, labels: AnswerWords | None = None) -> Message:
    """The answer first, for the organisation: the consensus's action (led by its ring), then `group_lead`."""
    return Message.of("group.answer", action=group.consensus.action_title or "", lead=group_lead(group, rules, labels))


def quoted_names(group: GroupAssessment) -> list[str]:
    """What the group's sentences quote of what people typed (respondents' labels, organisation details): each is
    isolated where a page or a terminal shows it."""
    return sorted(
        {r.label for r in group.respondents}
        | {a for c in group.conflicts if c.field.startswith("organization.") for a in c.answers}
    )
