"""A group's words said: the sentences of `advisor.core.group_words.GroupWords` as the views show them."""

from __future__ import annotations

from dataclasses import dataclass

from advisor.core.group_words import GroupWords
from advisor.words.say import say


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
