"""Readiness per dimension (data, skills, governance, infrastructure, budget) from what the profile states. Pure.

The rules' `readiness_dimensions` give each dimension the profile fields that must be stated to score it and its
levels in order, each with a condition, a reason and what would raise it; the first level whose condition holds is
the dimension's. A dimension whose fields the profile did not state is "not stated": a field with a default counts
only when the profile stated it (pydantic's `model_fields_set`), so no level comes from a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.context_rules import FieldCondition
from advisor.core.errors import Refused
from advisor.core.messages import DataText, Message

if TYPE_CHECKING:
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules

DIMENSIONS: tuple[str, ...] = ("data", "skills", "governance", "infrastructure", "budget")
"""The readiness dimensions, in the order every view lists them."""
LEVELS: tuple[str, ...] = ("low", "partial", "ready")
"""The levels a stated dimension can have, lowest first."""
NOT_STATED = "not_stated"
"""The level of a dimension the profile says nothing about."""
DERIVED = ("readiness.skills_gap", "readiness.governance")
"""Facts a level's condition may read besides the profile's: the suggested paths' skills gap, the governance count."""

Dimension = Literal["data", "skills", "governance", "infrastructure", "budget"]
Level = Literal["low", "partial", "ready"]
Text = Annotated[str, Field(min_length=1, max_length=500)]
StatedField = Annotated[str, Field(pattern=r"^context\.[a-z_]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class DimensionLevel(_Strict):
    """A level of one dimension and when it holds; the last level of a dimension has no condition."""

    level: Level
    when: FieldCondition | None = None
    reason: Text
    raise_: Text | None = Field(None, alias="raise", description="what would raise the level (none at the top)")


class DimensionRule(_Strict):
    """One dimension: the fields that must be stated to score it, and its levels tried in order."""

    stated_by: list[StatedField] = Field(min_length=1)
    levels: list[DimensionLevel] = Field(min_length=1)
    not_stated: Text = Field(description="what stating would let the dimension be scored")

    @model_validator(mode="after")
    def _last_unconditional(self) -> DimensionRule:
        if self.levels[-1].when is not None or any(level.when is None for level in self.levels[:-1]):
            raise Refused(Message.of("problem.rules.readiness_dimensions.last"))
        return self


class ReadinessDimensions(_Strict):
    """The rules' section `readiness_dimensions`: each of DIMENSIONS, how it is scored."""

    dimensions: dict[Dimension, DimensionRule]

    @model_validator(mode="after")
    def _every_dimension(self) -> ReadinessDimensions:
        if list(self.dimensions) != list(DIMENSIONS):
            raise Refused(Message.of("problem.rules.readiness_dimensions.all", dimensions=", ".join(DIMENSIONS)))
        return self


@dataclass(frozen=True, slots=True)
class DimensionReadiness:
    """One dimension's level, why, and what would raise it (None at the top level)."""

    dimension: str
    level: str
    reason: DataText
    raise_: DataText | None

    def to_dict(self) -> dict[str, Any]:
        """An entry of assessment JSON v1's `business_case.readiness`."""
        return {"dimension": self.dimension, "level": self.level, "reason": self.reason, "raise": self.raise_}


def stated_fields(profile: Profile) -> frozenset[str]:
    """The context fields the profile stated (`context.<name>`): set explicitly and not null."""
    if "context" not in profile.model_fields_set:
        return frozenset()
    context = profile.context
    return frozenset(f"context.{name}" for name in context.model_fields_set if getattr(context, name) is not None)


def readiness_dimensions(
    profile: Profile, rules: Rules, skills_gap: bool | None
) -> tuple[DimensionReadiness, ...]:
    """Each dimension's readiness, from the stated fields alone; `skills_gap` is the suggested paths' (None: unknown)."""
    section = rules.readiness_dimensions
    if section is None:
        return ()
    stated = stated_fields(profile)
    context = profile.context
    facts: dict[str, Any] = {name: getattr(context, name.split(".", 1)[1]) for name in stated}
    facts["readiness.skills_gap"] = skills_gap if "context.ai_skills" in stated else None
    facts["readiness.governance"] = len(context.governance) if "context.governance" in stated and context.governance is not None else None
    out = []
    for dimension, rule in section.dimensions.items():
        at = f"rules.readiness_dimensions.dimensions.{dimension}"
        if not all(name in stated for name in rule.stated_by):
            out.append(DimensionReadiness(dimension, NOT_STATED, DataText(f"{at}.not_stated", rule.not_stated), None))
            continue
        index = next(i for i, level in enumerate(rule.levels) if level.when is None or _test(level.when)(facts))
        level = rule.levels[index]
        where = f"{at}.levels.{index}"
        raised = DataText(f"{where}.raise", level.raise_) if level.raise_ else None
        out.append(DimensionReadiness(dimension, level.level, DataText(f"{where}.reason", level.reason), raised))
    return tuple(out)


def _test(condition: FieldCondition) -> Callable[[dict[str, Any]], bool]:
    return condition.compiled()
