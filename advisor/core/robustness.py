"""How sure is the recommendation: weight-flip thresholds, rating flips, Monte Carlo, dominance, method agreement.

Pure and deterministic: the Monte Carlo draws use the seed from the rules. The decision rule has edges at
margin = +/- indifference band and at each track's share = hybrid_min_share. Moving one use case's weight (the
others rescaled proportionally) moves the margin and the shares linearly, so every edge is crossed at a weight found in
closed form; the nearest one that changes the recommendation is that use case's flip threshold.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome, better_fit, decide, evaluate, raw_weight, side
from advisor.core.types import VERDICTS, BetterFit, Direction, Recommendation, Verdict

if TYPE_CHECKING:
    import numpy as np

OUTCOMES: tuple[Recommendation, ...] = ("llm", "generative_ai", "hybrid", "neither")
_STEP = 1e-9  # how far past an edge the new recommendation is read
_SLACK = 1e-9  # how far inside its thresholds a certain Monte Carlo outcome must be (see unanimous_track)
EVEN_GAP = 1e-12
"""A gap between two fits at most this large is rounding in the sums, not a lead: the fits are even."""


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


def estimate(profile: Profile, weight: Mapping[str, float], outcome: Outcome, rules: Rules) -> Estimate:
    """The verdict of one scored profile and the Monte Carlo probabilities behind it."""
    concentration = rules.robustness.concentration[profile.priorities_confidence]
    p_outcome = monte_carlo(weight, concentration, rules)
    dominance = dominant_track(weight, rules)
    return Estimate(
        verdict_for(outcome, p_outcome, dominance, rules),
        p_outcome,
        concentration,
        dominance,
        decided_by(outcome, dominance),
    )


def analyse(
    profile: Profile, weight: Mapping[str, float], outcome: Outcome, rules: Rules, by_importance: bool = True
) -> RobustnessReport:
    """The full robustness analysis of one scored profile (`by_importance=False`: weights not made by the profile's
    importance levels, so no flip threshold names an importance)."""
    thresholds, unflippable = flip_thresholds(profile, weight, outcome.recommendation, rules, by_importance)
    estimated = estimate(profile, weight, outcome, rules)
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


def difference(use_case: str, rules: Rules, values: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """Rating value of the LLM minus that of generative AI on one use case."""
    row = (values or rules.values)[use_case]
    return row["llm"] - row["generative_ai"]


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
    """The Monte Carlo itself: the share of the `rules.robustness.samples` lattice points giving each outcome."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    import numpy as np  # here, not at the top: numpy is a large import, and only the Monte Carlo needs it

    alpha = np.array([weight[u] for u in support]) * concentration
    forms = _decision_forms(support, rules)
    key = (alpha.tobytes(), forms.tobytes(), rules.robustness.samples, rules.robustness.seed)
    found = _CACHE.get(key)
    if found is None:
        found = _integrate(alpha, forms, rules.robustness.samples, rules.robustness.seed)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    p = dict(zip(OUTCOMES, found))
    return {outcome: p[outcome] for outcome in outcomes(rules)}


# Weight vectors repeat in surveys; the answer depends only on alpha, the decision forms, samples and seed.
_CACHE: dict[tuple[bytes, bytes, int, int], tuple[float, ...]] = {}
_CACHE_SIZE = 4096


def _decision_forms(support: list[str], rules: Rules) -> np.ndarray:
    """The decision's edges as linear forms in unnormalised weights g (w = g / sum g), one column per edge.

    Every test of `decide` compares a weighted mean with a threshold, so `w . x >= t` is `g . (x - t) >= 0`:
    columns 0-2 the margin against +band, -band and 0; 3-4 each track's share against hybrid_min_share;
    5-6 each fit against neither_below.
    """
    import numpy as np  # loaded by the Monte Carlo only

    decision = rules.decision
    band, share, floor = decision.indifference_band, decision.hybrid_min_share, decision.neither_below
    rows = []
    for u in support:
        row = rules.values[u]
        d = row["llm"] - row["generative_ai"]
        s = side(u, rules.values, rules)
        rows.append(
            (
                d - band,
                d + band,
                d,
                float(s == "llm") - share,
                float(s == "generative_ai") - share,
                row["llm"] - floor,
                row["generative_ai"] - floor,
            )
        )
    return np.array(rows)


def _integrate(alpha: np.ndarray, forms: np.ndarray, samples: int, seed: int) -> tuple[float, ...]:
    """P(each outcome) for Dirichlet(alpha) weights by randomised quasi-Monte Carlo.

    w = g / sum g with independent g_i ~ Gamma(alpha_i); each g_i is the gamma quantile of one coordinate of a
    rank-1 lattice with a random shift, so the points cover the distribution far more evenly than random draws.
    """
    import numpy as np  # loaded by the Monte Carlo only

    neither_possible = bool(np.any(forms[:, 5:] < 0))
    g = np.empty((samples, len(alpha)))
    for i, a in enumerate(alpha.tolist()):
        g[:, i] = _gamma_column(a, i, samples, seed)
    values = g @ (forms if neither_possible else forms[:, :5])
    # per point: 'neither' when both fits are below the floor, else 'hybrid' inside the band or on a split need,
    # else the side of the margin; only the counts are kept
    hybrid = ((values[:, 0] <= 0) & (values[:, 1] >= 0)) | ((values[:, 3] >= 0) & (values[:, 4] >= 0))
    counts = [0, 0, 0, 0]
    if neither_possible:
        neither = (values[:, 5] < 0) & (values[:, 6] < 0)
        counts[3] = int(np.count_nonzero(neither))
        hybrid &= ~neither
        llm = (values[:, 2] > 0) & ~hybrid & ~neither
    else:
        llm = (values[:, 2] > 0) & ~hybrid
    counts[2] = int(np.count_nonzero(hybrid))
    counts[0] = int(np.count_nonzero(llm))
    counts[1] = samples - counts[0] - counts[2] - counts[3]
    return tuple(float(n / samples) for n in counts)


def _gamma_column(a: float, i: int, samples: int, seed: int) -> np.ndarray:
    """g_i = the Gamma(a) quantile of coordinate i of the lattice, at every point; cached.

    Coordinate i of the lattice (its generator power and its shift) does not depend on how many coordinates there
    are, and alphas repeat across profiles (small integer weights, a few concentrations), so columns repeat too.
    """
    import numpy as np  # loaded by the Monte Carlo only

    key = (a, i, samples, seed)
    found = _COLUMNS.get(key)
    if found is None:
        t_grid, cdf = _gamma_table(a)
        ascending, rank = _coordinate(samples, i, seed)
        # np.interp works out each point on its own, and finds its place in the table fastest in ascending order
        found = np.exp(np.interp(ascending, cdf, t_grid))[rank]
        if len(_COLUMNS) >= _COLUMNS_SIZE:
            _COLUMNS.pop(next(iter(_COLUMNS)))
        _COLUMNS[key] = found
    return found


_COLUMNS: dict[tuple[float, int, int, int], np.ndarray] = {}
_COLUMNS_SIZE = 1024  # 32 KB each at 4,096 points


def _coordinate(samples: int, i: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinate i of the lattice's points in ascending order, and each point's rank in that order; cached."""
    import numpy as np  # loaded by the Monte Carlo only

    key = (samples, i, seed)
    found = _COORDINATES.get(key)
    if found is None:
        u = _points(samples, i + 1, seed)[:, i]
        order = np.argsort(u, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(samples)
        found = _COORDINATES[key] = (u[order], rank)
    return found


_COORDINATES: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = {}


def _gamma_table(a: float) -> tuple[np.ndarray, np.ndarray]:
    """`_log_gamma_tables` of one alpha (each row is worked out on its own), cached by alpha."""
    import numpy as np  # loaded by the Monte Carlo only

    found = _TABLES.get(a)
    if found is None:
        t_grid, cdf = _log_gamma_tables(np.array([a]))
        found = (t_grid[0], cdf[0])
        if len(_TABLES) >= _TABLES_SIZE:
            _TABLES.pop(next(iter(_TABLES)))
        _TABLES[a] = found
    return found


_TABLES: dict[float, tuple[np.ndarray, np.ndarray]] = {}
_TABLES_SIZE = 4096  # 4 KB each


_GRID = 256


def _log_gamma_tables(alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per alpha_i, a grid of t = log g and the distribution function of Gamma(alpha_i) there (trapezoid rule).

    In log g the density exp(a t - e^t) / Gamma(a) is smooth for every shape; the grid spans from where the
    distribution function is 1e-12 (or 50 below the top: g that small is 0 next to the other weights) to where
    the upper tail is negligible. The mass below the grid is that of its power-law tail, g^a / Gamma(a + 1).
    """
    import numpy as np  # loaded by the Monte Carlo only

    log_gamma = np.array([math.lgamma(a) for a in alpha])
    log_gamma_1 = log_gamma + np.log(alpha)
    top = np.log(alpha + 10 * np.sqrt(alpha) + 25)
    bottom = np.maximum((math.log(1e-12) + log_gamma_1) / alpha, top - 50)
    step = (top - bottom) / (_GRID - 1)
    t_grid = bottom[:, None] + step[:, None] * np.arange(_GRID)
    density = np.exp(alpha[:, None] * t_grid - np.exp(t_grid) - log_gamma[:, None])
    cdf = np.empty_like(t_grid)
    cdf[:, 0] = np.exp(alpha * bottom - log_gamma_1)
    cdf[:, 1:] = cdf[:, :1] + np.cumsum(density[:, 1:] + density[:, :-1], axis=1) * (step / 2)[:, None]
    cdf /= cdf[:, -1:]
    return t_grid, cdf


def _points(samples: int, dimensions: int, seed: int) -> np.ndarray:
    """`samples` points in the unit cube of `dimensions`: a rank-1 lattice with a random shift from `seed`."""
    import numpy as np  # loaded by the Monte Carlo only

    key = (samples, dimensions, seed)
    found = _POINTS.get(key)
    if found is None:
        generator = _KOROBOV.get(samples) or _golden_generator(samples)
        shift = np.random.default_rng(seed).random(max(dimensions, 1))[:dimensions]
        z = np.array([pow(generator, j, samples) for j in range(dimensions)], dtype=np.int64)
        found = (np.arange(samples)[:, None] * z % samples / samples + shift) % 1.0
        _POINTS[key] = found
    return found


_POINTS: dict[tuple[int, int, int], np.ndarray] = {}
# Korobov generators z = (1, g, g^2, ...) mod n, searched for a small weighted P2 discrepancy in 6 dimensions.
_KOROBOV = {4096: 519, 8192: 3779, 16384: 1125}


def _golden_generator(samples: int) -> int:
    """A generator for a lattice size without a searched one: the golden-section multiplier, coprime with n."""
    g = max(1, round(samples * (math.sqrt(5) - 1) / 2))
    while math.gcd(g, samples) != 1:
        g += 1
    return g


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
    if abs(gap) <= EVEN_GAP:
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
    settled = settled_verdict(outcome, dominance)
    return "band" if settled == "too_close" else "dominance" if settled == "robust" else "probability"


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
