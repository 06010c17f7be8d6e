"""Counts in sentences: '1 profile', '2 profiles', '0 groups'. Pure; every count sentence uses it."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun that agrees with it: counted(1, 'profile') is '1 profile', counted(3, 'profile') is
    '3 profiles'; `plural` for a noun that does not take an s."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def agrees(count: int, singular: str, plural: str) -> str:
    """The word (a verb) that agrees with `count`: agrees(1, 'is', 'are') is 'is'."""
    return singular if count == 1 else plural
