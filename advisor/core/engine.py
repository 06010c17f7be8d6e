"""The engine: one pipeline of named stages that score a profile against the rules, say how robust the answer is,
what the context adds and why it came out. Pure, deterministic, no I/O.

Every view (CLI, JSON, PDF, web, batch row, group, API) asks `assess` for the stages it shows: a CSV row of
`advisor batch` needs {"verdict", "context"}, a group's respondent {"scoring"}. A new analysis is one `STAGES.add`
below, after the stages it needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import partial

from advisor.core.assessment import Assessment, RulesIdentity, UseCaseResult
from advisor.core.context import (
    ContextEffects,
    ContextReport,
    context_effects,
    context_report,
    effects_on_path,
    remedy_for,
)
from advisor.core.costs import costs
from advisor.core.deployment import RECOMMENDED_TRACKS
from advisor.core.explanation import Explanation, explain
from advisor.core.frozen import maker_of
from advisor.core.headline import action_title, write_headline
from advisor.core.law import DutyEntry, duties_met
from advisor.core.messages import Message
from advisor.core.need import BusinessCase, business_case, need_size
from advisor.core.pipeline import STAGES, Draft
from advisor.core.profile import Profile
from advisor.core.quantities import quantities
from advisor.core.readiness import readiness_dimensions
from advisor.core.roadmap import roadmap
from advisor.core.robustness import Estimate, RobustnessReport, analyse, estimate, possible_verdicts
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome, evaluate, facts_weights, side, tally_of, tally_outcome, weights
from advisor.core.version import __version__

ROBUSTNESS_STAGES = frozenset({"robustness", "verdict", "explanation"})
"""The stages `robustness=False` leaves out: the Monte Carlo and what follows from it."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A profile scored in its context: the effects of the context rules, the rules they adjusted, the outcome."""

    effects: ContextEffects
    first_effects: ContextEffects | None
    remedy_path: str | None
    rules: Rules
    weight: dict[str, float]
    outcome: Outcome


_SCORED = maker_of(Scored)
_ASSESSMENT = maker_of(Assessment)


@dataclass(frozen=True, slots=True)
class Headline:
    """The one-sentence answer and the recommendation as an action led by its ring."""

    text: Message
    action_title: Message


def score(profile: Profile, rules: Rules, weight: Mapping[str, float] | None = None) -> Scored:
    """The scoring arithmetic with the context applied: the pipeline's first stage.

    The context rules come first: their modifiers and vetoes change the ratings the profile is scored on, and when
    the preferred deployment path is vetoed the profile is scored on the nearest acceptable one instead (a remedy).
    `weight` (normalised, per use case of the rules) replaces the weights of the profile's needs: a group's consensus.
    """
    effects = context_effects(profile, rules)
    remedies = effects.remedies  # the preferred path read from the facts, as `remedy_for` reads it from the profile
    first_effects = None  # (an attribute of a pydantic model is slow to read, an item of a dict is not)
    remedy_path = remedy_for(profile, effects) if remedies is None else remedies.get(effects.facts["context.deployment"])
    if remedy_path is not None:
        first_effects, effects = effects, effects_on_path(effects, remedy_path, rules)
    factors = effects.factors
    adjusted = rules.adjusted(factors) if factors else rules
    tally = tally_of(adjusted)
    weight = facts_weights(profile, effects.facts, tally) if weight is None else {uid: weight[uid] for uid in tally.ids}
    return _SCORED(effects, first_effects, remedy_path, adjusted, weight, tally_outcome(weight, tally))


def _scoring(draft: Draft) -> Scored:
    return score(draft.profile, draft.rules, draft.weight)


def _robustness(draft: Draft) -> RobustnessReport:
    scored = draft.scored
    return analyse(draft.profile, scored.weight, scored.outcome, scored.rules, draft.by_importance)


def _verdict(draft: Draft) -> Estimate:
    """The verdict alone (what a CSV row and the ring read); read off the robustness analysis when that ran."""
    report: RobustnessReport | None = draft.parts.get("robustness")
    if report is not None:
        return Estimate(report.verdict, report.p_outcome, report.concentration, report.dominance, report.decided_by)
    scored = draft.scored
    return estimate(draft.profile, scored.weight, scored.outcome, scored.rules)


def _explanation(draft: Draft) -> Explanation:
    scored = draft.scored
    report: RobustnessReport = draft.parts["robustness"]
    plain = None if scored.rules is draft.rules else evaluate(scored.weight, draft.rules.values, draft.rules)
    return explain(scored.outcome, _results(draft), report, scored.rules, plain, draft.by_importance)


def _context(draft: Draft) -> ContextReport:
    """What the context adds, with the verdict when it was worked out, else every verdict still possible."""
    scored = draft.scored
    estimated: Estimate | None = draft.parts.get("verdict")
    report: RobustnessReport | None = draft.parts.get("robustness")
    verdict = estimated.verdict if estimated is not None else report.verdict if report is not None else None
    outcome = scored.outcome
    verdicts = (verdict,) if verdict else possible_verdicts(outcome, scored.weight, scored.rules)
    return context_report(
        draft.profile,
        scored.effects,
        scored.remedy_path,
        scored.first_effects,
        outcome.recommendation,
        verdicts,
        draft.rules,
        draft.parts["duties"],
        draft.parts["business_case"].need,
    )


def _business_case(draft: Draft) -> BusinessCase:
    """Whether there is a case: the need's size before the weights forget it (costs and roadmap come later)."""
    return business_case(need_size(draft.profile, draft.rules), None, None, None, None)


def _roadmap(draft: Draft) -> None:
    """The ring turned into phases: it completes the business case (the ring needs the need's size, so the roadmap
    comes after the context)."""
    context: ContextReport = draft.parts["context"]
    ring = context.ring.ring if context.ring is not None else None
    tracks = RECOMMENDED_TRACKS.get(draft.scored.outcome.recommendation, ())
    phases = roadmap(ring, tracks, _results(draft), context, draft.scored.rules)
    draft.parts["business_case"] = replace(draft.parts["business_case"], roadmap=phases)


def _costs(draft: Draft) -> None:
    """What each path costs for the recommended tracks, into the business case: after the context, whose suggested
    paths it marks."""
    case: BusinessCase = draft.parts["business_case"]
    prices = draft.rules.prices
    found = quantities(draft.profile, draft.rules)
    found_costs = None
    if prices is not None and found is not None:
        context: ContextReport = draft.parts["context"]
        suggested = {p.track: p.path for p in context.deployment_paths}
        tracks = RECOMMENDED_TRACKS.get(draft.scored.outcome.recommendation, ())
        found_costs = costs(tracks, suggested, found, draft.scored.rules, prices, draft.currency)
    # made directly, not by dataclasses.replace (a stage of every batch row); the goldens check that nothing is lost
    draft.parts["business_case"] = business_case(case.need, case.readiness, case.roadmap, found, found_costs)


def _readiness(draft: Draft) -> None:
    """Readiness per dimension, into the business case: after the context, whose suggested paths say the skills gap."""
    context: ContextReport = draft.parts["context"]
    gap = context.readiness.skills_gap if context.readiness is not None else None
    case: BusinessCase = draft.parts["business_case"]
    draft.parts["business_case"] = replace(case, readiness=readiness_dimensions(draft.profile, draft.rules, gap))


def _duties(draft: Draft) -> tuple[DutyEntry, ...]:
    """The duties the profile meets on the path the advice runs on, where and from when (on the assessment's date)."""
    return duties_met(draft.profile, draft.scored.effects.facts, draft.rules, draft.as_of)


def _headline(draft: Draft) -> Headline:
    outcome, rules = draft.scored.outcome, draft.scored.rules
    context: ContextReport = draft.parts["context"]
    results, ring = _results(draft), context.ring
    return Headline(
        write_headline(outcome.recommendation, outcome.basis, outcome.scores, results, rules, ring),
        action_title(outcome.recommendation, outcome.basis, results, rules, ring),
    )


STAGES.add("scoring", _scoring)
STAGES.add("robustness", _robustness, needs=("scoring",), key="robustness")
STAGES.add("verdict", _verdict, needs=("scoring",))
STAGES.add("explanation", _explanation, needs=("robustness",), key="explanation")
STAGES.add("duties", _duties, needs=("scoring",))
STAGES.add("business_case", _business_case, needs=("scoring",), key="business_case")
STAGES.add("context", _context, needs=("scoring", "duties", "business_case"), key="context")
STAGES.add("readiness", _readiness, needs=("business_case", "context"))
STAGES.add("headline", _headline, needs=("context",))
STAGES.add("roadmap", _roadmap, needs=("context", "business_case"))
STAGES.add("costs", _costs, needs=("context", "business_case"))


def _results(draft: Draft) -> tuple[UseCaseResult, ...]:
    """The use-case results, built once per assessment by the first stage that asks."""
    found: tuple[UseCaseResult, ...] | None = draft.memo.get("use_cases")
    if found is None:
        draft.memo["use_cases"] = found = use_case_results(draft.profile, draft.scored)
    return found


def use_case_results(profile: Profile, scored: Scored) -> tuple[UseCaseResult, ...]:
    """Each use case as scored: the need, its weight, the ratings (as the context adjusted them), the contributions."""
    rules, weight = scored.rules, scored.weight
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
    return tuple(results)


def assess(
    profile: Profile,
    rules: Rules,
    *,
    as_of: dt.date | None = None,
    stages: Collection[str] | None = None,
    robustness: bool = True,
    weight: Mapping[str, float] | None = None,
    currency: str = "USD",
) -> Assessment:
    """Assess `profile` against `rules` in its context: run the `stages` named (default: all) and those they need.

    `as_of` is the date the assessment is made for (the caller's: `--date`, SOURCE_DATE_EPOCH or today).
    `robustness=False` is short for the default stages without the robustness analysis and what follows from it.
    `currency` is the currency of the costs (one the prices' rates give; ValueError otherwise).
    `weight` replaces the weights of the profile's needs (a group's consensus, which no importance levels give):
    the analysis then names weights only, never an importance that would reach them.
    """
    if stages is None:
        stages = STAGES.defaults if robustness else STAGES.defaults - ROBUSTNESS_STAGES
    draft = STAGES.run(Draft(profile, rules, as_of, weight, currency), stages)
    scored, parts = draft.scored, draft.parts
    outcome = scored.outcome
    results: tuple[UseCaseResult, ...] | None = draft.memo.get("use_cases")  # else built when first read
    del parts["scoring"]
    return _ASSESSMENT(  # every field in the order of Assessment (see `maker_of`)
        profile.id,
        profile.organization,
        outcome.recommendation,
        outcome.basis,
        outcome.scores,
        outcome.margin,
        outcome.shares,
        _identity(scored.rules),
        __version__,
        parts,
        as_of,
        scored,
        results,
        partial(use_case_results, profile, scored),
        None,
    )


def _identity(rules: Rules) -> RulesIdentity:
    """Which rules these are, made once per rules (a copy may share its memos: the key is the identity itself) and
    held by their `Tally`, whose slot is cheaper to read than the rules' fields."""
    tally = tally_of(rules)
    found: RulesIdentity | None = tally.identity
    if found is None:
        key = (rules.name, rules.version, rules.sha256)
        table = rules.memos["identity"]
        found = table.get(key)
        if found is None:
            found = table.put(key, RulesIdentity(*key))
        tally.identity = found
    return found


def stage_names() -> tuple[str, ...]:
    """Every stage `assess` can run, in order."""
    return STAGES.names


__all__ = ["ROBUSTNESS_STAGES", "Assessment", "Headline", "Scored", "assess", "score", "stage_names", "weights"]
