"""The need's size in words, for every view: 'modest (a total of 3.0 on a scale where modest starts at 1.5, ...)'.

The numbers go through the one numbers module (`Number`s said by `say`): the total with one decimal, the thresholds
as the rules write them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.core.messages import Message, Number
from advisor.words.say import say

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.need import NeedSize


def assessment_need(assessment: Assessment) -> NeedSize | None:
    """The need's size of an assessment (stage `business_case`), None when the stage did not run or the rules have
    no scale."""
    case = assessment.parts.get("business_case")
    return case.need if case is not None else None


def need_label(size: str) -> str:
    """A size's name: 'modest'."""
    return say(Message.of(f"need.size.{size}"))


def need_message(need: NeedSize) -> Message:
    """The size, its total and the scale: 'modest (a total of 3.0 on a scale where modest starts at 1.5, substantial
    at 5 and strong at 12)'."""
    modest, substantial, strong = need.starts
    return Message.of(
        "need.sentence",
        size=Message.of(f"need.size.{need.size}"),
        total=Number(need.total, "decimal:1"),
        modest=Number(modest, "g"),
        substantial=Number(substantial, "g"),
        strong=Number(strong, "g"),
    )


def need_sentence(need: NeedSize) -> str:
    """`need_message` said in the current language."""
    return say(need_message(need))


def need_line(need: NeedSize) -> str:
    """The text output's line: 'Need: modest (a total of 3.0 on a scale where ...)'."""
    return say(Message.of("need.line", need=need_message(need)))
