"""Group assessment: the respondents of one organisation, one consensus answer, and where they disagree. Pure.

The consensus weights are the arithmetic mean of the respondents' normalised weights (aggregation of individual
priorities, Forman and Peniwati 1998), computed exactly (as fractions), so that neither the order of the respondents
nor duplicating all of them changes a bit; the geometric mean, renormalised, is reported as a check. The context is
merged safety first (`group_merge`). The consensus is scored by the ordinary engine: one code path.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from advisor.core.assessment import Assessment
from advisor.core.context_rules import NOT_ASSESSED
from advisor.core.engine import assess
from advisor.core.errors import Problem, ProfileError
from advisor.core.group_merge import Conflict, Said, Tally, conflicts, merge_rule, said, tally
from advisor.core.messages import Message
from advisor.core.profile import Context, Profile, parse_profile
from advisor.core.robustness import outcomes
from advisor.core.rules import Rules
from advisor.core.scoring import weights

GROUP_SCHEMA_VERSION = 1
FURTHEST = 2
"""How many of the respondents furthest from the consensus each use case names."""


@dataclass(frozen=True, slots=True)
class RespondentResult:
    """One respondent's own answer: what their own priorities and context give."""

    label: str
    profile_id: str | None
    recommendation: str
    scores: dict[str, float]
    weights: dict[str, float]
    distance: float
    """L1 distance of their weights from the consensus weights (0 = the same priorities, 2 = nothing in common)."""
    vetoes: tuple[str, ...] = ()
    """The veto rules (ids) their own answers bring."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "profile_id": self.profile_id,
            "recommendation": self.recommendation,
            "scores": dict(self.scores),
            "weights": dict(self.weights),
            "distance": self.distance,
            "vetoes": list(self.vetoes),
        }


@dataclass(frozen=True, slots=True)
class UseCaseSpread:
    """How far the respondents' weights of one use case spread, and how much that could move the answer."""

    use_case: str
    title: str
    min: float
    median: float
    max: float
    spread: float
    consensus: float
    furthest: tuple[str, ...]
    influence: float
    """spread x the use case's rating difference between the tracks: how far the spread could move the margin."""
    highest: tuple[str, ...] = ()
    """Every respondent who gives it the largest weight (by label: a tie is named whole, never broken)."""
    lowest: tuple[str, ...] = ()
    """Every respondent who gives it the smallest weight (by label)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "use_case": self.use_case,
            "title": self.title,
            "min": self.min,
            "median": self.median,
            "max": self.max,
            "spread": self.spread,
            "consensus": self.consensus,
            "furthest": list(self.furthest),
            "influence": self.influence,
            "highest": list(self.highest),
            "lowest": list(self.lowest),
        }


@dataclass(frozen=True, slots=True)
class StatedFact:
    """Answers of one profile field that a respondent alone brought into the consensus."""

    field: str
    """The dotted profile field: 'context.ai_act_areas'."""
    rule: str
    """How the field is merged: 'restrictive', 'union', 'any_yes', 'all_must_have' (see `group_merge.merge_rule`);
    'answer' for an all_must_have list only they answered."""
    values: tuple[Any, ...]
    """What they alone brought: the items only they named (union), their answer (restrictive, any_yes, answer), the
    items only they say are missing (all_must_have)."""

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "rule": self.rule, "values": list(self.values)}


@dataclass(frozen=True, slots=True)
class Decisive:
    """A respondent whose leaving out changes the consensus's ring or lifts one of its vetoes, and the answers they
    alone gave that do it (re-scored without each one)."""

    label: str
    ring: str | None
    """The consensus's ring (None when the rules place no ring)."""
    ring_without: str | None
    """The ring of the consensus of the others."""
    vetoes: tuple[str, ...]
    """The veto rules (ids) that hold with this respondent and not without."""
    facts: tuple[StatedFact, ...]
    """The answers they alone gave whose leaving out alone undoes it (all of them when none does it alone); empty
    when it is their priorities, not their context, that do it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "respondent": self.label,
            "ring": self.ring,
            "ring_without": self.ring_without,
            "vetoes": list(self.vetoes),
            "facts": [f.to_dict() for f in self.facts],
        }


@dataclass(frozen=True, slots=True)
class GeometricCheck:
    """The consensus by the geometric mean of the weights, renormalised: a check on the arithmetic mean."""

    weights: dict[str, float] | None
    recommendation: str | None
    scores: dict[str, float] | None
    agrees: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": self.weights,
            "recommendation": self.recommendation,
            "scores": self.scores,
            "agrees": self.agrees,
        }


@dataclass(frozen=True, slots=True)
class GroupAssessment:
    """Everything `assess_group` concluded about a group of respondents."""

    organization: dict[str, Any]
    consensus: Assessment
    consensus_profile: Profile
    weights: dict[str, float]
    respondents: tuple[RespondentResult, ...]
    vote: dict[str, float]
    pivotal: tuple[str, ...]
    """The respondents (by label) whose leaving out changes the consensus recommendation."""
    disagreement: tuple[UseCaseSpread, ...]
    conflicts: tuple[Conflict, ...]
    geometric: GeometricCheck
    pivotal_ring: tuple[str, ...] = ()
    """The respondents (by label) whose leaving out changes the consensus's ring."""
    decisive: tuple[Decisive, ...] = ()
    """The respondents whose leaving out changes the ring or lifts a veto, with the answers that do it."""

    @property
    def ring(self) -> str | None:
        """The consensus's readiness ring ('hold', 'assess', 'trial', 'adopt', 'not_assessed'; None without rings)."""
        return ring_of(self.consensus)

    @property
    def agreeing(self) -> int:
        """How many respondents' own priorities give the consensus recommendation."""
        return sum(r.recommendation == self.consensus.recommendation for r in self.respondents)

    def to_dict(self) -> dict[str, Any]:
        """Group assessment JSON v1, a public contract (see README)."""
        return {
            "group_schema_version": GROUP_SCHEMA_VERSION,
            "organization": dict(self.organization),
            "respondents_count": len(self.respondents),
            "recommendation": self.consensus.recommendation,
            "agreeing": self.agreeing,
            "vote": dict(self.vote),
            "aggregation": {
                "method": Message.of("group.method.arithmetic_mean"),
                "weights": dict(self.weights),
                "geometric_check": self.geometric.to_dict(),
            },
            "consensus_profile": self.consensus_profile.model_dump(mode="json", exclude_none=True),
            "consensus": self.consensus.to_dict(),
            "respondents": [r.to_dict() for r in self.respondents],
            "pivotal": list(self.pivotal),
            "ring": self.ring,
            "pivotal_ring": list(self.pivotal_ring),
            "decisive": [d.to_dict() for d in self.decisive],
            "disagreement": [d.to_dict() for d in self.disagreement],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


def respondent_label(profile: Profile, number: int) -> str:
    """How a respondent is named: their role, else their name, else the profile's id, else 'Respondent N'."""
    who = profile.respondent
    if who is not None and (who.role or who.name):
        return str(who.role or who.name)
    return profile.id or f"Respondent {number}"


def assess_group(
    profiles: Sequence[Profile],
    rules: Rules,
    labels: Sequence[str] | None = None,
    *,
    robustness: bool = True,
    as_of: dt.date | None = None,
    currency: str = "USD",
) -> GroupAssessment:
    """Assess the respondents of one organisation together: consensus, vote, pivotal respondents, disagreement and
    conflicts. `labels` names the respondents (default: `respondent_label`); a label used twice gets a number.
    `as_of` is the date the consensus is assessed for, `currency` the currency of its costs."""
    if not profiles:
        raise ProfileError("group", Problem("", Message.of("problem.group.empty"), code="group.empty"))
    names = _unique(list(labels) if labels is not None else [respondent_label(p, i) for i, p in enumerate(profiles, 1)])
    own = [_own_weights(profile, rules, name) for profile, name in zip(profiles, names, strict=True)]
    group = [said(profile, name) for profile, name in zip(profiles, names, strict=True)]
    counts = tally(group)
    total = _sum(own)
    mean = _mean(total, len(own))
    profile = _consensus_profile(counts, rules)
    weight = None if weights(profile, rules) == mean else mean
    consensus = assess(profile, rules, as_of=as_of, robustness=robustness, weight=weight, currency=currency)
    results = tuple(_respondent(p, n, w, mean, rules, as_of) for p, n, w in zip(profiles, names, own, strict=True))
    vote: dict[str, float] = {outcome: sum(r.recommendation == outcome for r in results) / len(results) for outcome in outcomes(rules)}
    pivotal, pivotal_ring, decisive = _leave_one_out(group, own, counts, total, consensus, rules, robustness)
    return GroupAssessment(
        organization=profile.organization.model_dump(exclude_none=True),
        consensus=consensus,
        consensus_profile=profile,
        weights=mean,
        respondents=results,
        vote=vote,
        pivotal=pivotal,
        disagreement=_disagreement(results, mean, consensus, rules),
        conflicts=conflicts(group, profile.model_dump(mode="json")),
        geometric=_geometric(own, profile, consensus.recommendation, rules, as_of),
        pivotal_ring=pivotal_ring,
        decisive=decisive,
    )


def ring_of(assessment: Assessment) -> str | None:
    """An assessment's readiness ring (None when the rules place no ring)."""
    context = assessment.context
    return context.ring.ring if context is not None and context.ring else None


def vetoes_of(assessment: Assessment) -> tuple[str, ...]:
    """The ids of the veto rules that hold for an assessment."""
    return tuple(v.rule for v in assessment.context.vetoes) if assessment.context is not None else ()


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    numbered: dict[str, int] = {}
    out = []
    for label in labels:
        if seen[label] > 1:
            numbered[label] = numbered.get(label, 0) + 1
            out.append(f"{label} ({numbered[label]})")
        else:
            out.append(label)
    return out


def _own_weights(profile: Profile, rules: Rules, label: str) -> dict[str, float]:
    try:
        return weights(profile, rules)
    except ProfileError as exc:
        raise ProfileError(label, exc.problems) from None


def _sum(own: Sequence[dict[str, float]]) -> dict[str, Fraction]:
    """The exact sum of the weight vectors."""
    keys = own[0].keys()
    return {uid: sum((Fraction(w[uid]) for w in own), Fraction(0)) for uid in keys}


def _mean(total: dict[str, Fraction], count: int) -> dict[str, float]:
    """The exact mean, rounded once to the nearest float."""
    return {uid: float(value / count) for uid, value in total.items()}


def _consensus_profile(counts: Tally, rules: Rules) -> Profile:
    return parse_profile(counts.resolve(rules.use_case_ids), rules, "consensus")


def _respondent(
    profile: Profile, label: str, own: dict[str, float], mean: dict[str, float], rules: Rules, as_of: dt.date | None
) -> RespondentResult:
    assessment = assess(profile, rules, as_of=as_of, stages={"scoring"})
    scored = assessment.scored
    assert scored is not None
    distance = math.fsum(abs(own[uid] - mean[uid]) for uid in mean)
    fired = scored.effects.fired + (scored.first_effects.fired if scored.first_effects is not None else ())
    vetoes = tuple(rid for rid in rules.context_rules if rid in fired and rules.context_rules[rid].veto is not None)
    scores = dict(assessment.scores)
    return RespondentResult(label, profile.id, assessment.recommendation, scores, own, distance, vetoes)


@dataclass(frozen=True, slots=True)
class _Rescored:
    """What leave-one-out compares: the recommendation, the ring and the vetoes of a consensus."""

    recommendation: str
    ring: str | None
    vetoes: tuple[str, ...]


def _rescored(
    profile: Profile, mean: dict[str, float], rules: Rules, robustness: bool, as_of: dt.date | None
) -> _Rescored:
    """A consensus profile and weights scored as `assess_group` assesses its consensus (the same recommendation,
    ring and vetoes), without the parts leave-one-out does not compare. The verdict is worked out only when the group
    analyses robustness and the ring depends on it: otherwise every verdict the cheap tests leave gives one ring."""
    weight = None if weights(profile, rules) == mean else mean
    assessment = assess(profile, rules, as_of=as_of, weight=weight, stages={"context"})
    if robustness and ring_of(assessment) == NOT_ASSESSED:
        assessment = assess(profile, rules, as_of=as_of, weight=weight, stages={"verdict", "context"})
    return _Rescored(assessment.recommendation, ring_of(assessment), vetoes_of(assessment))


def _leave_one_out(
    group: Sequence[Said],
    own: Sequence[dict[str, float]],
    counts: Tally,
    total: dict[str, Fraction],
    consensus: Assessment,
    rules: Rules,
    robustness: bool,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Decisive, ...]]:
    """The consensus of the others, re-scored without each respondent: who changes the recommendation (pivotal),
    who changes the ring, and who changes the ring or lifts a veto with the answers that do it. Labels sorted:
    the order of the respondents changes nothing."""
    if len(group) < 2:
        return (), (), ()
    ring, vetoes = ring_of(consensus), vetoes_of(consensus)
    pivotal: list[str] = []
    pivotal_ring: list[str] = []
    decisive: list[Decisive] = []
    seen: dict[tuple[Any, ...], tuple[str, str | None, tuple[str, ...], tuple[StatedFact, ...]]] = {}
    for one, weight in zip(group, own, strict=True):
        key = (
            tuple(weight.values()),
            repr(sorted(one.context.items())),
            one.confidence,
            tuple(sorted(one.needs.items())),
            repr(sorted(one.organization.items())),
        )
        if key not in seen:
            rest = {uid: total[uid] - Fraction(weight[uid]) for uid in total}
            mean = _mean(rest, len(group) - 1)
            without = counts.without(one)
            other = _rescored(_consensus_profile(without, rules), mean, rules, robustness, consensus.as_of)
            lifted = tuple(v for v in vetoes if v not in other.vetoes)
            facts: tuple[StatedFact, ...] = ()
            if other.ring != ring or lifted:
                facts = _decisive_facts(counts, without, consensus, ring, lifted, rules, robustness)
            seen[key] = (other.recommendation, other.ring, lifted, facts)
        recommendation, ring_without, lifted, facts = seen[key]
        if recommendation != consensus.recommendation:
            pivotal.append(one.label)
        if ring_without != ring:
            pivotal_ring.append(one.label)
        if ring_without != ring or lifted:
            decisive.append(Decisive(one.label, ring, ring_without, lifted, facts))
    return tuple(sorted(pivotal)), tuple(sorted(pivotal_ring)), tuple(sorted(decisive, key=lambda d: d.label))


def _decisive_facts(
    counts: Tally,
    without: Tally,
    consensus: Assessment,
    ring: str | None,
    lifted: tuple[str, ...],
    rules: Rules,
    robustness: bool,
) -> tuple[StatedFact, ...]:
    """The context answers one respondent alone brought (the consensus's context with them against without them)
    whose reverting alone changes the ring back or lifts a veto; all of them when none does it alone."""
    ids = rules.use_case_ids
    now, then = counts.resolve(ids), without.resolve(ids)
    candidates: list[tuple[StatedFact, tuple[str, str], Any]] = []
    for name in Context.model_fields:
        fact = _brought(f"context.{name}", merge_rule(name), now["context"].get(name), then["context"].get(name))
        if fact is not None:
            candidates.append((fact, ("context", name), then["context"].get(name)))
    regions = (now["organization"].get("regions"), then["organization"].get("regions"))
    fact = _brought("organization.regions", "union", *regions)
    if fact is not None:
        candidates.append((fact, ("organization", "regions"), then["organization"].get("regions")))
    mean = {r.id: r.weight for r in consensus.use_cases}

    def moves(reverting: list[tuple[StatedFact, tuple[str, str], Any]]) -> bool:
        """Whether the consensus with these answers back as the others gave them has another ring or lacks a veto."""
        data = copy.deepcopy(now)
        for _, (section, name), previous in reverting:
            if previous is None:
                data[section].pop(name, None)
            else:
                data[section][name] = previous
        reverted = _rescored(parse_profile(data, rules, "consensus"), mean, rules, robustness, consensus.as_of)
        return reverted.ring != ring or any(v not in reverted.vetoes for v in lifted)

    doing = [candidate[0] for candidate in candidates if moves([candidate])]
    if doing:
        return tuple(doing)
    # none does it alone: together they may; if not even all of them do, their priorities move it, not their answers
    return tuple(fact for fact, _, _ in candidates) if candidates and moves(candidates) else ()


def _brought(field: str, rule: str, now: Any, then: Any) -> StatedFact | None:
    """What one respondent alone brought to a field: the consensus's answer `now` with them, `then` without them."""
    if now == then or (isinstance(now, list) and isinstance(then, list) and set(now) == set(then)):
        return None
    if rule == "union":
        values = [v for v in now or [] if v not in (then or [])]
    elif rule == "all_must_have" and then is None:  # nobody else answered: what counts is their whole answer
        rule, values = "answer", list(now or [])
    elif rule == "all_must_have":
        values = [v for v in then if v not in (now or [])]
    else:
        values = [now] if now is not None else []
    return StatedFact(field, rule, tuple(values))


def _disagreement(
    results: Sequence[RespondentResult], mean: dict[str, float], consensus: Assessment, rules: Rules
) -> tuple[UseCaseSpread, ...]:
    """Per use case someone weighs: the spread of the weights, ranked by how far it could move the answer."""
    spreads = []
    for result in consensus.use_cases:
        uid = result.id
        values = [r.weights[uid] for r in results]
        if max(values) <= 0:
            continue
        low, high = min(values), max(values)
        gap = abs(result.values["llm"] - result.values["generative_ai"])
        distance = sorted(results, key=lambda r: (-abs(r.weights[uid] - mean[uid]), r.label))
        furthest = tuple(r.label for r in distance[:FURTHEST] if abs(r.weights[uid] - mean[uid]) > 0)
        spreads.append(
            UseCaseSpread(
                uid,
                result.title,
                low,
                statistics.median(values),
                high,
                high - low,
                mean[uid],
                furthest,
                (high - low) * gap,
                tuple(sorted(r.label for r in results if r.weights[uid] == high)),
                tuple(sorted(r.label for r in results if r.weights[uid] == low)),
            )
        )
    spreads.sort(key=lambda s: (-s.influence, -s.spread, s.use_case))
    return tuple(spreads)


def _geometric(
    own: Sequence[dict[str, float]], profile: Profile, current: str, rules: Rules, as_of: dt.date | None
) -> GeometricCheck:
    """The geometric mean of the weights, renormalised, and the recommendation it gives.

    Each distinct weight's exponent is its exact share of the respondents, so that duplicating everyone or
    reordering them changes no bit."""
    product = {}
    for uid in own[0]:
        counts = Counter(w[uid] for w in own)
        if min(counts) <= 0:
            product[uid] = 0.0
        elif len(counts) == 1:
            product[uid] = next(iter(counts))
        else:
            shares = ((value, Fraction(n, len(own))) for value, n in sorted(counts.items()))
            product[uid] = math.exp(math.fsum(float(share) * math.log(value) for value, share in shares))
    total = math.fsum(product.values())
    if total <= 0:  # every use case has a respondent who gives it no weight
        return GeometricCheck(None, None, None, False)
    geometric = {uid: value / total for uid, value in product.items()}
    found = assess(profile, rules, as_of=as_of, weight=geometric, stages={"scoring"})
    recommendation = found.recommendation
    return GeometricCheck(geometric, recommendation, dict(found.scores), recommendation == current)


__all__ = [
    "GROUP_SCHEMA_VERSION",
    "Decisive",
    "GeometricCheck",
    "GroupAssessment",
    "RespondentResult",
    "StatedFact",
    "UseCaseSpread",
    "assess_group",
    "respondent_label",
    "ring_of",
    "vetoes_of",
]
