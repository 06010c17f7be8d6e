"""A group's words said: the sentences of `advisor.core.group_words.GroupWords` as the views show them, and the
consensus's verdict, fits and geometric-mean check for the terminal and the survey dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from advisor.core.group import GroupAssessment
from advisor.core.group_words import GroupWords
from advisor.core.messages import Message, Number
from advisor.words.labels import verdict_label
from advisor.words.say import say

View = Literal["terminal", "dashboard"]


@dataclass(frozen=True, slots=True)
class GeometricCheck:
    """The check's sentence: `lead` (shown in bold where the answers differ) and `rest`; `differs` when the
    geometric mean gives another answer than the consensus."""

    lead: str
    rest: str
    differs: bool


def geometric_check(group: GroupAssessment, labels: Mapping[str, str], view: View) -> GeometricCheck | None:
    """What the geometric mean of the priorities gives, as `view` says it (`labels` names the recommendations);
    None where the dashboard says nothing (the check agrees with the consensus)."""
    check = group.geometric
    consensus = group.consensus.recommendation
    if view == "dashboard" and check.agrees:
        return None
    if check.recommendation is None:
        return GeometricCheck(say(Message.of(f"group_check.geometric.none.{view}")), "", False)
    label = labels[check.recommendation]
    if check.agrees:
        return GeometricCheck(say(Message.of("group_check.geometric.same.terminal", label=label)), "", False)
    if view == "dashboard":
        lead = say(Message.of("group_check.geometric.differs.dashboard", label=label))
        return GeometricCheck(lead, say(Message.of("group_check.geometric.differs_why.dashboard")), True)
    sentence = say(Message.of("group_check.geometric.differs.terminal", label=label, consensus=labels[consensus]))
    return GeometricCheck(sentence, "", True)


@dataclass(frozen=True, slots=True)
class ConsensusWords:
    """The survey dashboard's sentences on the consensus: its verdict, its fits and the geometric-mean check."""

    verdict: str
    fits: str
    geometric: GeometricCheck | None


def dashboard_words(group: GroupAssessment, labels: Mapping[str, str]) -> ConsensusWords:
    """The consensus's sentences as the survey dashboard shows them (`labels` names the recommendations)."""
    return ConsensusWords(consensus_verdict(group), consensus_fits(group), geometric_check(group, labels, "dashboard"))


def consensus_verdict(group: GroupAssessment) -> str:
    """'The consensus is robust.' ('' without a robustness analysis)."""
    robustness = group.consensus.robustness
    if robustness is None:
        return ""
    return say(Message.of("group_check.verdict.dashboard", verdict=verdict_label(robustness.verdict, form="short")))


def consensus_fits(group: GroupAssessment) -> str:
    """'Consensus fits: LLM 0.62, broader generative AI 0.55 (margin +0.07).'"""
    scores = group.consensus.scores
    return say(
        Message.of(
            "group_check.fits.dashboard",
            llm=Number(scores["llm"], "fit"),
            generative_ai=Number(scores["generative_ai"], "fit"),
            margin=Number(group.consensus.margin, "signed"),
        )
    )



@dataclass(frozen=True, slots=True)
class SaidGroupWords:
    """Every sentence of a group's result, said (the fields of `GroupWords`, as text)."""

    answer: str
    lead: str
    agreement: str
    disagreement: str
    pivotal: tuple[str, ...]
    extremes: dict[str, tuple[str, str]]


def said_group_words(words: GroupWords) -> SaidGroupWords:
    """The group's sentences in words; no disagreement sentence (one respondent) is ''."""
    return SaidGroupWords(
        answer=say(words.answer),
        lead=say(words.lead),
        agreement=say(words.agreement),
        disagreement=say(words.disagreement) if words.disagreement is not None else "",
        pivotal=tuple(say(sentence) for sentence in words.pivotal),
        extremes={key: (say(most), say(least)) for key, (most, least) in words.extremes.items()},
    )
