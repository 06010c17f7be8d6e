"""The engine: score a profile against the rules, then say how robust the answer is and why it came out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor.core.assessment import Assessment, RulesIdentity, UseCaseResult
from advisor.core.context import (
    ContextEffects,
    ContextReport,
    context_effects,
    context_report,
    effects_on_path,
    remedy_for,
)
from advisor.core.explanation import explain
from advisor.core.headline import action_title, write_headline
from advisor.core.profile import Profile
from advisor.core.robustness import analyse, possible_verdicts
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome, evaluate, side, weights
from advisor.core.types import Verdict
from advisor.core.version import __version__


@dataclass(frozen=True, slots=True)
class Scored:
    """A profile scored in its context: the effects of the context rules, the rules they adjusted, the outcome."""

    effects: ContextEffects
    first_effects: ContextEffects | None
    remedy_path: str | None
    rules: Rules
    weight: dict[str, float]
    outcome: Outcome

    def context(self, profile: Profile, base_rules: Rules, verdict: Verdict | None) -> ContextReport:
        """What the context adds, with the verdict when robustness was analysed, else the possible ones."""
        verdicts = (verdict,) if verdict else possible_verdicts(self.outcome, self.weight, self.rules)
        return context_report(
            profile,
            self.effects,
            self.remedy_path,
            self.first_effects,
            self.outcome.recommendation,
            verdicts,
            base_rules,
        )


def score(profile: Profile, rules: Rules, weight: Mapping[str, float] | None = None) -> Scored:
    """The scoring arithmetic with the context applied: pure, the shared first step of `assess` and batch.

    The context rules come first: their modifiers and vetoes change the ratings the profile is scored on, and when
    the preferred deployment path is vetoed the profile is scored on the nearest acceptable one instead (a remedy).
    `weight` (normalised, per use case of the rules) replaces the weights of the profile's needs: a group's consensus.
    """
    effects = context_effects(profile, rules)
    first_effects, remedy_path = None, remedy_for(profile, effects)
    if remedy_path is not None:
        first_effects, effects = effects, effects_on_path(effects, remedy_path, rules)
    adjusted = rules.adjusted(effects.factors)
    weight = weights(profile, adjusted) if weight is None else {uid: weight[uid] for uid in adjusted.use_case_ids}
    return Scored(effects, first_effects, remedy_path, adjusted, weight, evaluate(weight, adjusted.values, adjusted))


def assess(
    profile: Profile, rules: Rules, *, robustness: bool = True, weight: Mapping[str, float] | None = None
) -> Assessment:
    """Score `profile` against `rules` in its context: pure, deterministic, no I/O. `robustness=False` skips that.

    `weight` replaces the weights of the profile's needs (a group's consensus, which no importance levels give):
    the analysis then names weights only, never an importance that would reach them."""
    scored = score(profile, rules, weight)
    by_importance = weight is None
    base_rules, rules, weight, outcome = rules, scored.rules, scored.weight, scored.outcome
    results = []
    for uid in rules.use_case_ids:
        use_case = rules.use_cases[uid]
        need = profile.needs.get(uid)
        values = rules.values[uid]
        w = weight[uid]
        results.append(
            UseCaseResult(
                id=uid,
                title=use_case.title,
                importance=need.importance if need else 0,
                volume=need.volume if need else "none",
                weight=w,
                ratings={track: use_case.ratings[track].label for track in TRACKS},
                values=dict(values),
                contributions={track: w * values[track] for track in TRACKS},
                better_fit=side(uid, rules.values, rules),
            )
        )
    report = analyse(profile, weight, outcome, rules, by_importance) if robustness else None
    context = scored.context(profile, base_rules, report.verdict if report else None)
    ring = context.ring
    return Assessment(
        profile_id=profile.id,
        organization=profile.organization.model_dump(exclude_none=True),
        recommendation=outcome.recommendation,
        basis=outcome.basis,
        headline=write_headline(outcome.recommendation, outcome.basis, outcome.scores, results, rules, ring),
        action_title=action_title(outcome.recommendation, outcome.basis, results, rules, ring),
        scores=outcome.scores,
        margin=outcome.margin,
        shares=outcome.shares,
        use_cases=tuple(results),
        rules=RulesIdentity(rules.name, rules.version, rules.sha256),
        advisor_version=__version__,
        robustness=report,
        explanation=explain(outcome, results, report, rules, _without_context(scored, base_rules), by_importance)
        if report is not None
        else None,
        context=context,
    )


def _without_context(scored: Scored, base_rules: Rules) -> Outcome | None:
    """The outcome on the ratings as the rules give them, when the context changed any rating."""
    if scored.rules is base_rules:
        return None
    return evaluate(scored.weight, base_rules.values, base_rules)
