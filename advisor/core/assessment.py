"""The result of scoring a profile: fits, margin, recommendation and every intermediate value behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.core.context import ContextReport
    from advisor.core.explanation import Explanation
    from advisor.core.robustness import RobustnessReport

ASSESSMENT_SCHEMA_VERSION = 1

from advisor.core.messages import Message
from advisor.core.types import Basis, BetterFit, Recommendation

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
    """Everything `assess` concluded about one profile, with the intermediate values that explain it."""

    profile_id: str | None
    organization: dict[str, Any]
    recommendation: Recommendation
    basis: Basis
    headline: Message
    action_title: Message
    scores: dict[str, float]
    margin: float
    shares: dict[str, float]
    use_cases: tuple[UseCaseResult, ...]
    rules: RulesIdentity
    advisor_version: str
    robustness: RobustnessReport | None = None
    explanation: Explanation | None = None
    context: ContextReport | None = None

    def to_dict(self) -> dict[str, Any]:
        """Assessment JSON v1, a public contract (see README)."""
        data = {
            "schema_version": ASSESSMENT_SCHEMA_VERSION,
            "profile_id": self.profile_id,
            "organization": self.organization,
            "recommendation": self.recommendation,
            "basis": self.basis,
            "headline": self.headline,
            "action_title": self.action_title,
            "scores": dict(self.scores),
            "margin": self.margin,
            "shares": dict(self.shares),
            "use_cases": [use_case.to_dict() for use_case in self.use_cases],
            "rules": {"name": self.rules.name, "version": self.rules.version, "sha256": self.rules.sha256},
            "advisor_version": self.advisor_version,
        }
        if self.robustness is not None:
            data["robustness"] = self.robustness.to_dict()
        if self.explanation is not None:
            data["explanation"] = self.explanation.to_dict()
        if self.context is not None:
            data["context"] = self.context.to_dict()
        return data
