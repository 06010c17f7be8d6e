"""Counts in sentences, the noun agreeing with the number: '1 profile', '2 profiles' (the catalogue's plurals)."""

from __future__ import annotations

from advisor.core.messages import Message, Number
from advisor.words.say import say


def counted(count: int, noun: str) -> str:
    """`count` and the noun (a `count.<noun>` message: 'profile', 'use_case', 'group', 'respondent', 'more_use_case',
    'more_problem') that agrees with it: counted(1, 'profile') is '1 profile', counted(3, 'profile') '3 profiles'."""
    return say(Message.of(f"count.{noun}", n=Number(count, "count")))


def invalid_of(invalid: int, total: int) -> str:
    """'1 of 3 profiles is invalid', '2 of 3 profiles are invalid'."""
    return say(Message.of("count.invalid_of", n=Number(invalid, "count"), total=Message.of("count.profile", n=Number(total, "count"))))


def english_counted(count: int, singular: str, plural: str | None = None) -> str:
    """The templates' `counted` filter until they count with the catalogue's plurals (Jinja2's i18n): '3 profiles'."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def english_agrees(count: int, singular: str, plural: str) -> str:
    """The templates' `agrees` filter until they use the catalogue's plurals: agrees(1, 'is', 'are') is 'is'."""
    return singular if count == 1 else plural
