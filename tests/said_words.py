"""The group's words as a person reads them: the core's messages (advisor.core.group_words) said in English."""

from __future__ import annotations

from typing import Any

from advisor.core import group_words as core
from advisor.core.group_words import top_disagreement
from advisor.words import say
from advisor.words.group import SaidGroupWords, said_group_words

__all__ = ["agreement_words", "decisive_words", "disagreement_words", "fact_words", "group_answer", "group_words",
           "top_disagreement"]


def agreement_words(*args: Any, **kwargs: Any) -> str:
    return say(core.agreement_words(*args, **kwargs))


def decisive_words(*args: Any, **kwargs: Any) -> str:
    return say(core.decisive_words(*args, **kwargs))


def disagreement_words(*args: Any, **kwargs: Any) -> str:
    return say(core.disagreement_words(*args, **kwargs))


def fact_words(*args: Any, **kwargs: Any) -> str:
    return say(core.fact_words(*args, **kwargs))


def group_answer(*args: Any, **kwargs: Any) -> str:
    return say(core.group_answer(*args, **kwargs))


def group_words(*args: Any, **kwargs: Any) -> SaidGroupWords:
    return said_group_words(core.group_words(*args, **kwargs))
