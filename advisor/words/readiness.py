"""Readiness per dimension in words, for every view: 'Data: partial. Confidential data ... To raise it: ...'."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.core.messages import Message
from advisor.words.say import say

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.readiness import DimensionReadiness


@dataclass(frozen=True, slots=True)
class ReadinessRow:
    """One dimension as every view says it."""

    dimension: str
    """The dimension's id: data, skills, governance, infrastructure, budget."""
    level: str
    """The level's id: low, partial, ready, not_stated."""
    name: str
    level_words: str
    reason: str
    raise_: str | None


def assessment_readiness(assessment: Assessment) -> tuple[DimensionReadiness, ...]:
    """The readiness per dimension of an assessment (stage `readiness`), empty when it did not run."""
    case = assessment.parts.get("business_case")
    return (case.readiness or ()) if case is not None else ()


def readiness_rows(entries: tuple[DimensionReadiness, ...]) -> list[ReadinessRow]:
    """Each dimension said in the current language."""
    return [
        ReadinessRow(
            entry.dimension,
            entry.level,
            say(Message.of(f"readiness.dimension.{entry.dimension}")),
            say(Message.of(f"readiness.level.{entry.level}")),
            say(entry.reason),
            say(entry.raise_) if entry.raise_ is not None else None,
        )
        for entry in entries
    ]


def readiness_lines(entries: tuple[DimensionReadiness, ...]) -> list[str]:
    """The text output's block: a heading, then a line per dimension and what would raise it."""
    if not entries:
        return []
    lines = [say(Message.of("readiness.heading"))]
    for row in readiness_rows(entries):
        lines.append(say(Message.of("readiness.line", dimension=row.name, level=row.level_words, reason=row.reason)))
        if row.raise_ is not None:
            lines.append(say(Message.of("readiness.raise", raise_=row.raise_)))
    return lines
