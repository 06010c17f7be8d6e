"""What would change the recommendation: the weight of each use case at which it flips, and the one-step rating changes
that flip it.

The decision rule has edges at margin = +/- indifference band, at each track's share = hybrid_min_share and at each
fit = neither_below. Moving one use case's weight (the others rescaled proportionally) moves the margin, the shares and
the fits linearly, so every edge is crossed at a weight found in closed form; the nearest one that changes the
recommendation is that use case's flip threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from advisor.core.profile import Profile
from advisor.core.robustness.rule import difference
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import better_fit, decide, evaluate, raw_weight, side
from advisor.core.types import BetterFit, Direction, Recommendation

_STEP = 1e-9  # how far past an edge the new recommendation is read


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


def reweighted(weight: Mapping[str, float], use_case: str, x: float) -> dict[str, float]:
    """Weights with `use_case` set to `x` and the others rescaled proportionally to fill 1 - x."""
    rest = 1.0 - weight[use_case]
    return {u: x if u == use_case else (1.0 - x) * w / rest for u, w in weight.items()}


def flip_thresholds(
    profile: Profile, weight: Mapping[str, float], current: Recommendation, rules: Rules, by_importance: bool = True
) -> tuple[tuple[FlipThreshold, ...], tuple[str, ...]]:
    """Per use case with a rating difference, the nearest weight each way that changes the recommendation."""
    found: list[FlipThreshold] = []
    unflippable: list[str] = []
    raw = [raw_weight(profile, u, rules) for u in rules.use_case_ids]
    terms = _line_terms(weight, rules)
    for uid in rules.use_case_ids:
        moves_a_fit = difference(uid, rules) != 0 or rules.decision.neither_below > 0  # a fit can cross 'neither'
        if not moves_a_fit or weight[uid] >= 1.0:
            if moves_a_fit:
                unflippable.append(uid)
            continue
        before = len(found)
        line = _flip_line(weight, uid, rules, terms)  # the same edges both ways: work them out once
        for direction in ("increase", "decrease"):
            edge = _nearest_flip(weight, uid, current, direction, rules, line)
            if edge is not None:
                x, new = edge
                level = _importance_reaching(profile, uid, current, direction, rules, raw) if by_importance else None
                found.append(FlipThreshold(uid, weight[uid], x, level, direction, new))
        if len(found) == before:
            unflippable.append(uid)
    found.sort(key=lambda f: abs(f.weight - f.current_weight))
    return tuple(found), tuple(unflippable)


_LineTerms = tuple[list[str], list[float], list[float], list[BetterFit], dict[str, list[float]]]


def _line_terms(weight: Mapping[str, float], rules: Rules) -> _LineTerms:
    """What every use case's flip line sums over the others: use cases, weights, weight x difference, sides, and
    weight x value per track, in the order of `weight`."""
    ids = list(weight)
    weights = [weight[u] for u in ids]
    margins = [w * difference(u, rules) for u, w in zip(ids, weights)]
    sides = [side(u, rules.values, rules) for u in ids]
    fits = {track: [w * rules.values[u][track] for u, w in zip(ids, weights)] for track in TRACKS}
    return ids, weights, margins, sides, fits


def _flip_line(
    weight: Mapping[str, float], uid: str, rules: Rules, terms: _LineTerms | None = None
) -> tuple[list[float], Callable[[float], Recommendation]]:
    """Along the weight of `uid`: the sorted edges of the decision rule, and the recommendation at any weight.

    The sums over the other use cases are exactly rounded (fsum), so they come out the same from `terms`, the
    products worked out once per profile."""
    ids, weights, margins, sides, fits = terms or _line_terms(weight, rules)
    k = ids.index(uid)
    w_k = weight[uid]
    rest = 1.0 - w_k
    d_k = difference(uid, rules)
    side_k = sides[k]
    margin_rest = math.fsum(margins[:k] + margins[k + 1 :]) / rest
    share_rest = {
        track: math.fsum([w for i, (w, s) in enumerate(zip(weights, sides)) if i != k and s == track]) / rest
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
    fit_rest = {track: math.fsum(fits[track][:k] + fits[track][k + 1 :]) / rest for track in TRACKS}
    if rules.decision.neither_below > 0:  # each fit meets the 'neither' floor somewhere along the line
        for track in TRACKS:
            lines.append((fit_rest[track], rules.values[uid][track] - fit_rest[track], rules.decision.neither_below))
    edges = sorted({(c - a) / b for a, b, c in lines if b != 0 and 0.0 <= (c - a) / b <= 1.0})

    def outcome_at(x: float) -> Recommendation:
        x = min(1.0, max(0.0, x))
        margin = x * d_k + (1.0 - x) * margin_rest
        shares = {t: x * (1.0 if side_k == t else 0.0) + (1.0 - x) * share_rest[t] for t in share_rest}
        fits = {t: x * rules.values[uid][t] + (1.0 - x) * fit_rest[t] for t in TRACKS}
        return decide(margin, shares, fits, rules)[0]

    return edges, outcome_at


def _nearest_flip(
    weight: Mapping[str, float],
    uid: str,
    current: Recommendation,
    direction: str,
    rules: Rules,
    line: tuple[list[float], Callable[[float], Recommendation]] | None = None,
) -> tuple[float, Recommendation] | None:
    edges, outcome_at = line or _flip_line(weight, uid, rules)
    w_k = weight[uid]
    # an edge at the current weight counts: a profile sitting exactly on one flips with the smallest move
    if direction == "increase":
        ahead = [x for x in edges if x >= w_k - _STEP]
    else:
        ahead = [x for x in reversed(edges) if x <= w_k + _STEP]
    sign = 1.0 if direction == "increase" else -1.0
    for x in ahead:
        probe = x + sign * _STEP
        if 0.0 <= probe <= 1.0:
            new = outcome_at(probe)
        else:  # past an end of the line: the end itself must change the answer, by the engine's own arithmetic
            end = min(1.0, max(0.0, probe))
            new = evaluate(reweighted(weight, uid, end), rules.values, rules).recommendation
        if new != current:
            x = max(x, w_k) if direction == "increase" else min(x, w_k)  # an edge a rounding error behind is here
            return min(1.0, max(0.0, x)) + 0.0, new  # + 0.0: an edge at -0.0 is reported as 0.0
    return None


def _importance_reaching(
    profile: Profile,
    uid: str,
    current: Recommendation,
    direction: str,
    rules: Rules,
    raw_weights: list[float] | None = None,
) -> int | None:
    """The nearest importance level (0-5) of `uid` that changes the recommendation, or None if none does.

    `raw_weights`: the profile's raw weights in the order of the use cases, when already worked out."""
    need = profile.needs.get(uid)
    importance = need.importance if need else 0
    factor = rules.volume_factors[need.volume if need else "medium"]
    raw = list(raw_weights) if raw_weights is not None else [raw_weight(profile, u, rules) for u in rules.use_case_ids]
    k = rules.use_case_ids.index(uid)
    values = {t: [rules.values[u][t] for u in rules.use_case_ids] for t in TRACKS}
    sides = [rules.sides[u] for u in rules.use_case_ids]
    levels = range(importance + 1, 6) if direction == "increase" else range(importance - 1, -1, -1)
    for level in levels:
        raw[k] = level * factor
        total = math.fsum(raw)
        if total <= 0:
            continue
        trial = [r / total for r in raw]
        terms = {t: [w * v for w, v in zip(trial, values[t])] for t in TRACKS}
        if _recommendation(trial, rules, terms, sides) != current:
            return level
    return None


def _recommendation(
    weights: list[float],
    rules: Rules,
    terms: dict[str, list[float]] | None = None,
    sides: list[str] | None = None,
) -> Recommendation:
    """`evaluate(...).recommendation` for weights listed in the order of the use cases, the same arithmetic
    without the dictionaries: per track the terms weight x value (given, or from the rules' values), and the
    side of each use case (given, or the rules')."""
    ids = rules.use_case_ids
    if terms is None:
        values = rules.values
        terms = {t: [w * values[u][t] for w, u in zip(weights, ids)] for t in TRACKS}
    if sides is None:
        sides = [rules.sides[u] for u in ids]
    scores = {t: math.fsum(terms[t]) for t in TRACKS}
    shares = {s: math.fsum([w for w, side_u in zip(weights, sides) if side_u == s]) for s in ("llm", "generative_ai")}
    return decide(scores["llm"] - scores["generative_ai"], shares, scores, rules)[0]


def rating_flips(weight: Mapping[str, float], current: Recommendation, rules: Rules) -> tuple[RatingFlip, ...]:
    """Every one-step change of a single label, on a weighted use case, that changes the recommendation."""
    steps = rules.label_steps
    ids = rules.use_case_ids
    weights = [weight[u] for u in ids]
    terms = {t: [w * rules.values[u][t] for w, u in zip(weights, ids)] for t in TRACKS}
    sides = [rules.sides[u] for u in ids]
    flips = []
    for k, uid in enumerate(ids):
        if weights[k] <= 0:
            continue
        for track in TRACKS:
            label = rules.use_cases[uid].ratings[track].label
            index = steps.index(label)
            factor = rules.factor(uid, track)
            for neighbour in (index + 1, index - 1):
                if not 0 <= neighbour < len(steps):
                    continue
                to_label = steps[neighbour]
                row = {**rules.values[uid], track: rules.scale.labels[to_label] * factor}
                changed = {**terms, track: terms[track][:k] + [weights[k] * row[track]] + terms[track][k + 1 :]}
                changed_sides = sides[:k] + [better_fit(row["llm"], row["generative_ai"], rules)] + sides[k + 1 :]
                new = _recommendation(weights, rules, changed, changed_sides)
                if new != current:
                    flips.append(RatingFlip(uid, track, label, to_label, new))
    return tuple(flips)
