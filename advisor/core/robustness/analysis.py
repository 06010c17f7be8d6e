"""The robustness analysis of one scored profile: the report that gathers flips, Monte Carlo and verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advisor.core.profile import Profile
from advisor.core.robustness.flips import FlipThreshold, RatingFlip, flip_thresholds, rating_flips
from advisor.core.robustness.montecarlo import monte_carlo
from advisor.core.robustness.verdict import MethodAgreement, decided_by, dominant_track, method_agreement, verdict_for
from advisor.core.rules import Rules
from advisor.core.scoring import Outcome
from advisor.core.types import Verdict


@dataclass(frozen=True, slots=True)
class RobustnessReport:
    """Everything the robustness analysis found for one profile."""

    verdict: Verdict
    p_outcome: dict[str, float]
    samples: int
    concentration: float
    flip_thresholds: tuple[FlipThreshold, ...]
    unflippable: tuple[str, ...]
    rating_flips: tuple[RatingFlip, ...]
    methods_agree: MethodAgreement
    dominance: str | None
    decided_by: Literal["band", "dominance", "probability"] = "probability"
    """Which test gave the verdict: the indifference band (too close), a dominant track (robust), or how often the
    recommendation held in the Monte Carlo draws."""

    def to_dict(self) -> dict[str, Any]:
        """The `robustness` object of assessment JSON v1."""
        return {
            "verdict": self.verdict,
            "p_outcome": dict(self.p_outcome),
            "samples": self.samples,
            "concentration": self.concentration,
            "flip_thresholds": [
                {
                    "use_case": f.use_case,
                    "current_weight": f.current_weight,
                    "weight": f.weight,
                    "importance": f.importance,
                    "direction": f.direction,
                    "new_recommendation": f.new_recommendation,
                }
                for f in self.flip_thresholds
            ],
            "unflippable": list(self.unflippable),
            "rating_flips": [
                {
                    "use_case": r.use_case,
                    "track": r.track,
                    "from": r.from_label,
                    "to": r.to_label,
                    "new_recommendation": r.new_recommendation,
                }
                for r in self.rating_flips
            ],
            "methods_agree": {
                "agreeing": self.methods_agree.agreeing,
                "methods": self.methods_agree.methods,
                "leanings": dict(self.methods_agree.leanings),
            },
            "dominance": self.dominance,
            "decided_by": self.decided_by,
        }


@dataclass(frozen=True, slots=True)
class Estimate:
    """How sure the recommendation is, without the why: the verdict and the probabilities it comes from.

    The part of the analysis a CSV row of `advisor batch` shows (verdict, p_win) and the context's ring reads;
    `analyse` starts from it, so both give the same verdict by the same arithmetic."""

    verdict: Verdict
    p_outcome: dict[str, float]
    concentration: float
    dominance: str | None
    decided_by: Literal["band", "dominance", "probability"]


def estimate(
    profile: Profile, weight: Mapping[str, float], outcome: Outcome, rules: Rules, *, exact_ratings: bool = True
) -> Estimate:
    """The verdict of one scored profile and the Monte Carlo probabilities behind it (`exact_ratings`: see
    `monte_carlo`)."""
    concentration = rules.robustness.concentration[profile.priorities_confidence]
    p_outcome = monte_carlo(weight, concentration, rules, exact_ratings=exact_ratings)
    dominance = dominant_track(weight, rules)
    return Estimate(
        verdict_for(outcome, p_outcome, dominance, rules),
        p_outcome,
        concentration,
        dominance,
        decided_by(outcome, dominance),
    )


def analyse(
    profile: Profile,
    weight: Mapping[str, float],
    outcome: Outcome,
    rules: Rules,
    by_importance: bool = True,
    *,
    exact_ratings: bool = True,
) -> RobustnessReport:
    """The full robustness analysis of one scored profile (`by_importance=False`: weights not made by the profile's
    importance levels, so no flip threshold names an importance; `exact_ratings`: see `monte_carlo`)."""
    thresholds, unflippable = flip_thresholds(profile, weight, outcome.recommendation, rules, by_importance)
    estimated = estimate(profile, weight, outcome, rules, exact_ratings=exact_ratings)
    return RobustnessReport(
        verdict=estimated.verdict,
        p_outcome=estimated.p_outcome,
        samples=rules.robustness.samples,
        concentration=estimated.concentration,
        flip_thresholds=thresholds,
        unflippable=unflippable,
        rating_flips=rating_flips(weight, outcome.recommendation, rules),
        methods_agree=method_agreement(weight, outcome, rules),
        dominance=estimated.dominance,
        decided_by=estimated.decided_by,
    )
