"""How sure is the recommendation: weight-flip thresholds, rating flips, Monte Carlo, dominance, method agreement.

Pure and deterministic: the Monte Carlo draws use the seed from the rules. The decision rule has edges at
margin = +/- indifference band and at each track's share = hybrid_min_share. Moving one use case's weight (the
others rescaled proportionally) moves the margin and the shares linearly, so every edge is crossed at a weight found in
closed form; the nearest one that changes the recommendation is that use case's flip threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome, decide, evaluate, raw_weight, side
from advisor.core.types import VERDICTS, Direction, Recommendation, Verdict

OUTCOMES: tuple[Recommendation, ...] = ("llm", "generative_ai", "hybrid", "neither")
_STEP = 1e-9  # how far past an edge the new recommendation is read
_SLACK = 1e-9  # how far inside its thresholds a certain Monte Carlo outcome must be (see unanimous_track)


@dataclass(frozen=True, slots=True)
class FlipThreshold:
    """The weight of one use case at which the recommendation changes, and the importance that gets there."""

    use_case: str
    current_weight: float
    weight: float
    importance: int | None
    direction: Direction
    new_recommendation: Recommendation


@dataclass(frozen=True, slots=True)
class RatingFlip:
    """A one-step change of one matrix label that would change the recommendation."""

    use_case: str
    track: str
    from_label: str
    to_label: str
    new_recommendation: Recommendation


@dataclass(frozen=True, slots=True)
class MethodAgreement:
    """Which track each aggregation method favours, and how many favour the same track as the weighted sum."""

    leanings: dict[str, str]
    agreeing: int

    @property
    def methods(self) -> int:
        """How many methods were compared."""
        return len(self.leanings)


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


def analyse(profile: Profile, weight: Mapping[str, float], outcome: Outcome, rules: Rules) -> RobustnessReport:
    """The full robustness analysis of one scored profile."""
    thresholds, unflippable = flip_thresholds(profile, weight, outcome.recommendation, rules)
    concentration = rules.robustness.concentration[profile.priorities_confidence]
    p_outcome = monte_carlo(weight, concentration, rules)
    dominance = dominant_track(weight, rules)
    return RobustnessReport(
        verdict=verdict_for(outcome, p_outcome, dominance, rules),
        p_outcome=p_outcome,
        samples=rules.robustness.samples,
        concentration=concentration,
        flip_thresholds=thresholds,
        unflippable=unflippable,
        rating_flips=rating_flips(weight, outcome.recommendation, rules),
        methods_agree=method_agreement(weight, outcome, rules),
        dominance=dominance,
        decided_by=decided_by(outcome, dominance),
    )


def difference(use_case: str, rules: Rules, values: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """Rating value of the LLM minus that of generative AI on one use case."""
    row = (values or rules.values)[use_case]
    return row["llm"] - row["generative_ai"]


def reweighted(weight: Mapping[str, float], use_case: str, x: float) -> dict[str, float]:
    """Weights with `use_case` set to `x` and the others rescaled proportionally to fill 1 - x."""
    rest = 1.0 - weight[use_case]
    return {u: x if u == use_case else (1.0 - x) * w / rest for u, w in weight.items()}


def flip_thresholds(
    profile: Profile, weight: Mapping[str, float], current: Recommendation, rules: Rules
) -> tuple[tuple[FlipThreshold, ...], tuple[str, ...]]:
    """Per use case with a rating difference, the nearest weight each way that changes the recommendation."""
    found: list[FlipThreshold] = []
    unflippable: list[str] = []
    for uid in rules.use_case_ids:
        moves_a_fit = difference(uid, rules) != 0 or rules.decision.neither_below > 0  # a fit can cross 'neither'
        if not moves_a_fit or weight[uid] >= 1.0:
            if moves_a_fit:
                unflippable.append(uid)
            continue
        before = len(found)
        for direction in ("increase", "decrease"):
            edge = _nearest_flip(weight, uid, current, direction, rules)
            if edge is not None:
                x, new = edge
                level = _importance_reaching(profile, uid, current, direction, rules)
                found.append(FlipThreshold(uid, weight[uid], x, level, direction, new))
        if len(found) == before:
            unflippable.append(uid)
    found.sort(key=lambda f: abs(f.weight - f.current_weight))
    return tuple(found), tuple(unflippable)


def _nearest_flip(
    weight: Mapping[str, float], uid: str, current: Recommendation, direction: str, rules: Rules
) -> tuple[float, Recommendation] | None:
    w_k = weight[uid]
    rest = 1.0 - w_k
    d_k = difference(uid, rules)
    side_k = side(uid, rules.values, rules)
    margin_rest = math.fsum(w * difference(u, rules) for u, w in weight.items() if u != uid) / rest
    share_rest = {
        track: math.fsum(w for u, w in weight.items() if u != uid and side(u, rules.values, rules) == track) / rest
        for track in ("llm", "generative_ai")
    }
    # each quantity is a + b*x; the edges are where it meets its threshold
    lines = [
        (margin_rest, d_k - margin_rest, edge)
        for edge in (rules.decision.indifference_band, -rules.decision.indifference_band)
    ]
    for track in ("llm", "generative_ai"):
        a = share_rest[track]
        b = (1.0 if side_k == track else 0.0) - a
        lines.append((a, b, rules.decision.hybrid_min_share))
    fit_rest = {
        track: math.fsum(w * rules.values[u][track] for u, w in weight.items() if u != uid) / rest for track in TRACKS
    }
    if rules.decision.neither_below > 0:  # each fit meets the 'neither' floor somewhere along the line
        for track in TRACKS:
            lines.append((fit_rest[track], rules.values[uid][track] - fit_rest[track], rules.decision.neither_below))
    edges = sorted({(c - a) / b for a, b, c in lines if b != 0 and 0.0 <= (c - a) / b <= 1.0})
    # an edge at the current weight counts: a profile sitting exactly on one flips with the smallest move
    if direction == "increase":
        ahead = [x for x in edges if x >= w_k - _STEP]
    else:
        ahead = [x for x in reversed(edges) if x <= w_k + _STEP]
    sign = 1.0 if direction == "increase" else -1.0

    def outcome_at(x: float) -> Recommendation:
        x = min(1.0, max(0.0, x))
        margin = x * d_k + (1.0 - x) * margin_rest
        shares = {t: x * (1.0 if side_k == t else 0.0) + (1.0 - x) * share_rest[t] for t in share_rest}
        fits = {t: x * rules.values[uid][t] + (1.0 - x) * fit_rest[t] for t in TRACKS}
        return decide(margin, shares, fits, rules)[0]

    for x in ahead:
        new = outcome_at(x + sign * _STEP)
        if new != current:
            x = max(x, w_k) if direction == "increase" else min(x, w_k)  # an edge a rounding error behind is here
            return min(1.0, max(0.0, x)) + 0.0, new  # + 0.0: an edge at -0.0 is reported as 0.0
    return None


def _importance_reaching(
    profile: Profile, uid: str, current: Recommendation, direction: str, rules: Rules
) -> int | None:
    """The nearest importance level (0-5) of `uid` that changes the recommendation, or None if none does."""
    need = profile.needs.get(uid)
    importance = need.importance if need else 0
    factor = rules.volume_factors[need.volume if need else "medium"]
    others = {u: raw_weight(profile, u, rules) for u in rules.use_case_ids if u != uid}
    levels = range(importance + 1, 6) if direction == "increase" else range(importance - 1, -1, -1)
    for level in levels:
        raw = {**others, uid: level * factor}
        total = math.fsum(raw.values())
        if total <= 0:
            continue
        trial = {u: raw[u] / total for u in rules.use_case_ids}
        if evaluate(trial, rules.values, rules).recommendation != current:
            return level
    return None


def rating_flips(weight: Mapping[str, float], current: Recommendation, rules: Rules) -> tuple[RatingFlip, ...]:
    """Every one-step change of a single label, on a weighted use case, that changes the recommendation."""
    steps = rules.label_steps
    flips = []
    for uid in rules.use_case_ids:
        if weight[uid] <= 0:
            continue
        for track in TRACKS:
            label = rules.use_cases[uid].ratings[track].label
            index = steps.index(label)
            for neighbour in (index + 1, index - 1):
                if not 0 <= neighbour < len(steps):
                    continue
                to_label = steps[neighbour]
                values = {u: dict(row) for u, row in rules.values.items()}
                values[uid][track] = rules.scale.labels[to_label] * rules.factor(uid, track)
                new = evaluate(weight, values, rules).recommendation
                if new != current:
                    flips.append(RatingFlip(uid, track, label, to_label, new))
    return tuple(flips)


def monte_carlo(weight: Mapping[str, float], concentration: float, rules: Rules) -> dict[str, float]:
    """Probability of each outcome when the weights are drawn from Dirichlet(concentration x weight)."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    if len(support) == 1:
        only = evaluate(weight, rules.values, rules).recommendation
        return {outcome: float(outcome == only) for outcome in outcomes(rules)}
    certain = unanimous_track(support, rules)
    if certain is not None:  # every draw would give it: the counts are known without drawing (or importing numpy)
        return {outcome: float(outcome == certain) for outcome in outcomes(rules)}
    return drawn_outcomes(weight, concentration, rules)


def drawn_outcomes(weight: Mapping[str, float], concentration: float, rules: Rules) -> dict[str, float]:
    """The Monte Carlo itself: the share of `rules.robustness.samples` seeded Dirichlet draws giving each outcome."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    samples = rules.robustness.samples
    import numpy as np  # here, not at the top: numpy is a large import, and only the Monte Carlo needs it

    alpha = np.array([weight[u] for u in support]) * concentration
    draws = np.random.default_rng(rules.robustness.seed).dirichlet(alpha, size=samples)
    values = np.array([[rules.values[u][t] for t in TRACKS] for u in support])
    fits = draws @ values
    margin = fits[:, 0] - fits[:, 1]
    sides = [side(u, rules.values, rules) for u in support]
    share_llm = draws @ np.array([s == "llm" for s in sides], dtype=float)
    share_gen = draws @ np.array([s == "generative_ai" for s in sides], dtype=float)
    decision = rules.decision
    neither = np.maximum(fits[:, 0], fits[:, 1]) < decision.neither_below
    hybrid = ~neither & (
        (np.abs(margin) <= decision.indifference_band) | (np.minimum(share_llm, share_gen) >= decision.hybrid_min_share)
    )
    llm = ~neither & ~hybrid & (margin > 0)
    counts = {"llm": int(llm.sum()), "hybrid": int(hybrid.sum()), "neither": int(neither.sum())}
    counts["generative_ai"] = samples - counts["llm"] - counts["hybrid"] - counts["neither"]
    return {outcome: counts[outcome] / samples for outcome in outcomes(rules)}


def unanimous_track(support: list[str], rules: Rules) -> str | None:
    """The track that every Dirichlet draw on `support` recommends, when the ratings alone guarantee one.

    Every draw is a convex combination of the use cases' values. When one track is ahead of the other by more than
    the indifference band on every supported use case, the margin stays outside the band; the other track then owns
    no use case, so its share is 0 and the split-need rule (a positive minimum share) cannot fire; and when the track's
    value is above the 'neither' floor everywhere, so is its fit. `_SLACK` keeps every comparison clear of the rounding
    of the sampled weights (their sum is 1 only to a few ulps), so the drawn counts are certain, not merely likely.
    """
    decision = rules.decision
    if decision.hybrid_min_share <= 0:
        return None
    differences = [difference(u, rules) for u in support]
    for track, lead in (("llm", min(differences)), ("generative_ai", -max(differences))):
        floor_gap = min(rules.values[u][track] for u in support) - decision.neither_below
        if lead - decision.indifference_band > _SLACK and floor_gap > _SLACK:
            return track
    return None


def outcomes(rules: Rules) -> tuple[Recommendation, ...]:
    """The recommendations the rules can give: 'neither' only when they set a neither_below threshold."""
    return OUTCOMES if rules.decision.neither_below > 0 else OUTCOMES[:3]


def dominant_track(weight: Mapping[str, float], rules: Rules) -> str | None:
    """The track that wins under every weighting of the stated needs, if one does.

    That holds when the track is ahead by more than the indifference band on every weighted use case: the margin,
    a weighted mean of those differences, then stays outside the band, and the other track wins no share.
    """
    band, floor = rules.decision.indifference_band, rules.decision.neither_below
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    differences = [difference(u, rules) for u in support]
    for track, ahead in (
        ("llm", all(d > band for d in differences)),
        ("generative_ai", all(d < -band for d in differences)),
    ):
        if ahead and all(rules.values[u][track] >= floor for u in support):  # no weighting can then give 'neither'
            return track
    return None


def method_agreement(weight: Mapping[str, float], outcome: Outcome, rules: Rules) -> MethodAgreement:
    """The weighted sum against a weighted product and a weakest-link aggregation: which track each favours."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    product = {t: math.prod(rules.values[u][t] ** weight[u] for u in support) for t in TRACKS}
    weakest = {t: min(rules.values[u][t] for u in support) for t in TRACKS}
    leanings = {
        "weighted_sum": _leaning(outcome.scores),
        "weighted_product": _leaning(product),
        "weakest_link": _leaning(weakest),
    }
    agreeing = sum(1 for lean in leanings.values() if lean == leanings["weighted_sum"])
    return MethodAgreement(leanings, agreeing)


def _leaning(fits: Mapping[str, float]) -> str:
    gap = fits["llm"] - fits["generative_ai"]
    if abs(gap) <= 1e-12:
        return "even"
    return "llm" if gap > 0 else "generative_ai"


def settled_verdict(outcome: Outcome, dominance: str | None) -> Verdict | None:
    """The verdict when a test without sampling decides it: inside the band too close, a dominant track robust."""
    if outcome.basis == "indifference_band":
        return "too_close"
    if dominance is not None and dominance == outcome.recommendation:
        return "robust"
    return None


def possible_verdicts(outcome: Outcome, weight: Mapping[str, float], rules: Rules) -> tuple[Verdict, ...]:
    """The verdicts an unanalysed recommendation may have: the settled one, or any of them."""
    settled = settled_verdict(outcome, dominant_track(weight, rules))
    return (settled,) if settled is not None else VERDICTS


def decided_by(outcome: Outcome, dominance: str | None) -> Literal["band", "dominance", "probability"]:
    """Which test gave the verdict: the indifference band, a dominant track, or the Monte Carlo probability."""
    if outcome.basis == "indifference_band":
        return "band"
    if dominance is not None and dominance == outcome.recommendation:
        return "dominance"
    return "probability"


def verdict_for(outcome: Outcome, p_outcome: Mapping[str, float], dominance: str | None, rules: Rules) -> Verdict:
    """robust, moderate, fragile or too_close, from how often the recommendation survives uncertain weights."""
    settled = settled_verdict(outcome, dominance)
    if settled is not None:
        return settled
    p_same = p_outcome[outcome.recommendation]
    limits = rules.robustness.verdict
    if p_same >= limits.robust_min_p:
        return "robust"
    if p_same >= limits.moderate_min_p:
        return "moderate"
    if p_same >= limits.fragile_min_p:
        return "fragile"
    return "too_close"
