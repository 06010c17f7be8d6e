"""A template whose words agree with a count: `Plural("{n} profile", "{n} profiles", count="n")`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Plural:
    """The singular and plural templates of one message, and the parameter holding the count."""

    one: str
    other: str
    count: str = "n"
