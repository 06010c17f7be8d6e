"""The result of scoring a profile: fits, margin, recommendation and every intermediate value behind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.core.context import ContextReport
    from advisor.core.engine import Headline, Scored
    from advisor.core.explanation import Explanation
    from advisor.core.robustness import Estimate, RobustnessReport

from advisor.core.messages import Message
from advisor.core.types import Basis, BetterFit, Recommendation

ASSESSMENT_SCHEMA_VERSION = 1

__all__ = ["Assessment", "Basis", "BetterFit", "Recommendation", "RulesIdentity", "UseCaseResult"]


@dataclass(frozen=True, slots=True)
class UseCaseResult:
    """One use case as scored: the need, its weight, the ratings and what it contributed to each fit."""

    id: str
    title: str
    importance: int
    volume: str
    weight: float
    ratings: dict[str, str]
    values: dict[str, float]
    contributions: dict[str, float]
    better_fit: BetterFit

    def to_dict(self) -> dict[str, Any]:
        """The use case entry of assessment JSON v1."""
        return {
            "id": self.id,
            "title": self.title,
            "importance": self.importance,
            "volume": self.volume,
            "weight": self.weight,
            "ratings": dict(self.ratings),
            "values": dict(self.values),
            "contributions": dict(self.contributions),
            "better_fit": self.better_fit,
        }


@dataclass(frozen=True, slots=True)
class RulesIdentity:
    """Which rules produced an assessment: enough to reproduce it."""

    name: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything `assess` concluded about one profile, with the intermediate values that explain it.

    The scoring is always there; every other part (robustness, verdict, explanation, context, headline...) is the
    part of a pipeline stage (`advisor.core.engine`), None when that stage did not run.
    """

    profile_id: str | None
    organization_model: Any
    """The profile's organisation (its model; `organization` is its JSON, made when first read)."""
    recommendation: Recommendation
    basis: Basis
    scores: dict[str, float]
    margin: float
    shares: dict[str, float]
    rules: RulesIdentity
    advisor_version: str
    parts: Mapping[str, Any] = field(default_factory=dict)
    """Each stage's part, by stage name (read them, never change them); the properties below name them."""
    as_of: dt.date | None = None
    """The date the assessment is made for (given by the caller: the core never reads a clock)."""
    scored: Scored | None = field(default=None, compare=False, repr=False)
    """The scoring's intermediate values: the context's effects, the rules it adjusted, the weights."""
    built_use_cases: tuple[UseCaseResult, ...] | None = field(default=None, compare=False, repr=False)
    use_case_builder: Callable[[], tuple[UseCaseResult, ...]] | None = field(default=None, compare=False, repr=False)
    """Builds `use_cases` when they are first read (a CSV row of `advisor batch` never reads them)."""
    built_organization: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def organization(self) -> dict[str, Any]:
        """The organisation as stated, unset fields left out (made when first read: a CSV row never reads it)."""
        found = self.built_organization
        if found is None:
            found = self.organization_model.model_dump(exclude_none=True)
            object.__setattr__(self, "built_organization", found)
        return found

    @property
    def use_cases(self) -> tuple[UseCaseResult, ...]:
        """Each use case as scored, in the order of the rules."""
        found = self.built_use_cases
        if found is None:
            assert self.use_case_builder is not None, "an assessment needs its use cases or a way to build them"
            found = self.use_case_builder()
            object.__setattr__(self, "built_use_cases", found)
        return found

    def __getstate__(self) -> list[Any]:
        """What pickling keeps (assessments come back from batch's worker processes): all but the intermediate
        values, whose adjusted rules hold compiled conditions."""
        self.use_cases  # noqa: B018 - built now: the builder holds the intermediate values
        dropped = ("scored", "use_case_builder")
        return [None if name in dropped else getattr(self, name) for name in self.__slots__]

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            object.__setattr__(self, name, value)

    @property
    def robustness(self) -> RobustnessReport | None:
        """The robustness analysis (stage `robustness`)."""
        return self.parts.get("robustness")

    @property
    def estimate(self) -> Estimate | None:
        """The verdict and the probabilities behind it (stage `verdict`; robustness gives it too)."""
        return self.parts.get("verdict")

    @property
    def verdict(self) -> str | None:
        """How sure the recommendation is ('robust', ...), when robustness or the verdict was worked out."""
        estimate = self.estimate
        return estimate.verdict if estimate is not None else None

    @property
    def explanation(self) -> Explanation | None:
        """Why the recommendation came out and what would change it (stage `explanation`)."""
        return self.parts.get("explanation")

    @property
    def context(self) -> ContextReport | None:
        """What the context of application adds (stage `context`)."""
        return self.parts.get("context")

    @property
    def headline(self) -> Message | None:
        """The one-sentence answer (stage `headline`)."""
        headline: Headline | None = self.parts.get("headline")
        return headline.text if headline is not None else None

    @property
    def action_title(self) -> Message | None:
        """The recommendation as an action led by its ring (stage `headline`)."""
        headline: Headline | None = self.parts.get("headline")
        return headline.action_title if headline is not None else None

    def to_dict(self) -> dict[str, Any]:
        """Assessment JSON v1, a public contract (see README): each stage's part under its key, when it ran."""
        from advisor.core.pipeline import STAGES

        data: dict[str, Any] = {
            "schema_version": ASSESSMENT_SCHEMA_VERSION,
            "profile_id": self.profile_id,
            "organization": self.organization,
            "recommendation": self.recommendation,
            "basis": self.basis,
        }
        headline: Headline | None = self.parts.get("headline")
        if headline is not None:
            data["headline"] = headline.text
            data["action_title"] = headline.action_title
        data.update(
            {
                "scores": dict(self.scores),
                "margin": self.margin,
                "shares": dict(self.shares),
                "use_cases": [use_case.to_dict() for use_case in self.use_cases],
                "rules": {"name": self.rules.name, "version": self.rules.version, "sha256": self.rules.sha256},
                "advisor_version": self.advisor_version,
            }
        )
        parts = self.parts
        for name, key in STAGES.keyed():
            part = parts.get(name)
            if part is not None:
                data[key] = part.to_dict()
        return data
