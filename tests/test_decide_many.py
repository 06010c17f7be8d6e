"""decide_many is the scalar decision rule (`scoring.evaluate`) applied to many weightings and rating matrices at once;
the Monte Carlo counts what it decides; its fixed-ratings shortcuts change no number."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from advisor.core.engine import score
from advisor.core.robustness import OUTCOMES, analyse, decide_many, drawn_outcomes, monte_carlo
from advisor.core.robustness.lattice import gamma_points
from advisor.core.robustness.rule import rating_matrix
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import evaluate
from advisor.io.sources import load_profile, load_rules
from tests.conftest import EXAMPLES, make_profile

DEFAULT = load_rules(None)
EXTENDED = load_rules("rules/extended.yaml")
BOTH = pytest.mark.parametrize("rules", [DEFAULT, EXTENDED], ids=["default", "extended"])
RULE_SETS = {"default": DEFAULT, "extended": EXTENDED}


def with_decision(rules: Rules, **thresholds: float) -> Rules:
    """The rules with other decision thresholds (and nothing derived from the old ones)."""
    copy = rules.model_copy(update={"decision": rules.decision.model_copy(update=thresholds)})
    for derived in ("values", "sides", "memos"):
        copy.__dict__.pop(derived, None)
    return copy


def scalar(weights: np.ndarray, ratings: np.ndarray, rules: Rules) -> list[str]:
    """`evaluate(...).recommendation` of each row, one at a time."""
    ids = rules.use_case_ids
    ratings = np.broadcast_to(ratings, (len(weights), len(ids), 2))
    found = []
    for row, matrix in zip(weights.tolist(), ratings.tolist()):
        values = {u: dict(zip(TRACKS, pair)) for u, pair in zip(ids, matrix)}
        found.append(evaluate(dict(zip(ids, row)), values, rules).recommendation)
    return found


def many(weights: np.ndarray, ratings: np.ndarray, rules: Rules) -> list[str]:
    return [OUTCOMES[code] for code in decide_many(ratings, weights, rules).tolist()]


@st.composite
def dyadic_cases(draw: st.DrawFn, name: str) -> tuple[np.ndarray, np.ndarray, Rules]:
    """Weights in 16ths summing to 1, ratings and thresholds in 8ths or 16ths: every sum and difference either rule
    works out is exact, and the grid is coarse enough that ties are common (a margin exactly on the band, a share
    exactly at the minimum, a fit exactly on the floor): both rules must decide them alike."""
    rules = RULE_SETS[name]
    n = len(rules.use_case_ids)
    points = draw(st.integers(1, 4))
    used = draw(st.integers(1, n))  # few use cases carry weight, as in most profiles
    units = draw(
        st.lists(st.lists(st.integers(0, used - 1), min_size=16, max_size=16), min_size=points, max_size=points)
    )
    weights = np.array([[row.count(u) / 16 for u in range(n)] for row in units])
    per_point = draw(st.booleans())
    shape = (points, n, 2) if per_point else (n, 2)
    ratings = np.array(draw(st.lists(st.integers(0, 8), min_size=math.prod(shape), max_size=math.prod(shape))))
    thresholds = {
        "indifference_band": draw(st.integers(0, 4)) / 16,
        "hybrid_min_share": draw(st.integers(1, 4)) / 8,
        "clear_win_min_difference": draw(st.integers(0, 4)) / 8,
        "neither_below": draw(st.integers(0, 6)) / 8,
    }
    return weights, ratings.reshape(shape) / 8, with_decision(rules, **thresholds)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_decide_many_is_the_scalar_rule_ties_included(data):
    weights, ratings, rules = data.draw(dyadic_cases(data.draw(st.sampled_from(sorted(RULE_SETS)))))
    assert many(weights, ratings, rules) == scalar(weights, ratings, rules)


@st.composite
def stated_cases(draw: st.DrawFn, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Weights as the questionnaire makes them (importance x volume factor, normalised) and ratings from the scale,
    some changed by a context-like factor."""
    rules = RULE_SETS[name]
    ids = rules.use_case_ids
    factors = rules.volume_factors
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        raw = [draw(st.integers(0, 5)) * factors[draw(st.sampled_from(sorted(factors)))] for _ in ids]
        assume(math.fsum(raw) > 0)
        rows.append([r / math.fsum(raw) for r in raw])
    labels = list(rules.scale.labels.values())
    multipliers = [1.0, 1.0, 0.85, 0.5, 1.1]
    ratings = [[draw(st.sampled_from(labels)) * draw(st.sampled_from(multipliers)) for _ in TRACKS] for _ in ids]
    return np.array(rows), np.array(ratings)


def clear_of_every_edge(weights: np.ndarray, ratings: np.ndarray, rules: Rules) -> bool:
    """No quantity of the scalar rule within 1e-9 of its threshold: the two sums may round an exact tie differently."""
    decision = rules.decision
    values = {u: dict(zip(TRACKS, pair)) for u, pair in zip(rules.use_case_ids, ratings.tolist())}
    for row in weights.tolist():
        outcome = evaluate(dict(zip(rules.use_case_ids, row)), values, rules)
        gaps = [
            abs(outcome.margin),
            abs(abs(outcome.margin) - decision.indifference_band),
            *(abs(outcome.shares[t] - decision.hybrid_min_share) for t in TRACKS),
            *(abs(outcome.scores[t] - decision.neither_below) for t in TRACKS),
        ]
        if min(gaps) <= 1e-9:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_decide_many_is_the_scalar_rule_on_stated_weights_and_scale_ratings(data):
    name = data.draw(st.sampled_from(sorted(RULE_SETS)))
    rules = RULE_SETS[name]
    weights, ratings = data.draw(stated_cases(name))
    assume(clear_of_every_edge(weights, ratings, rules))
    assert many(weights, ratings, rules) == scalar(weights, ratings, rules)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_one_rating_matrix_for_all_points_is_the_same_matrix_repeated(data):
    weights, ratings, rules = data.draw(dyadic_cases("default"))
    repeated = np.broadcast_to(ratings, (len(weights), *ratings.shape[-2:]))
    assert many(weights, ratings, rules) == many(weights, repeated.copy(), rules)
    assert many(weights, ratings, rules) == many(weights, ratings[None] if ratings.ndim == 2 else ratings, rules)


def test_unnormalised_weights_decide_as_normalised_ones():
    """The Monte Carlo's points are gammas, never divided by their sum: the rule is the same on both."""
    rng = np.random.default_rng(5)
    g = rng.gamma(2.0, size=(2000, len(EXTENDED.use_case_ids)))
    ratings = rating_matrix(list(EXTENDED.use_case_ids), EXTENDED)
    assert many(g, ratings, EXTENDED) == many(g / g.sum(axis=1, keepdims=True), ratings, EXTENDED)
    assert many(g, ratings, EXTENDED) == scalar(g / g.sum(axis=1, keepdims=True), ratings, EXTENDED)


def scored_examples(rules: Rules) -> list[tuple[object, object]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.json")):
        profile = load_profile(str(path), rules)
        found.append((profile, score(profile, rules)))
    single = make_profile(rules, **{rules.use_case_ids[0]: 3})
    return [*found, (single, score(single, rules))]


@BOTH
def test_the_monte_carlo_counts_what_decide_many_decides(rules):
    for profile, scored in scored_examples(rules):
        weight, adjusted = scored.weight, scored.rules
        support = [u for u in adjusted.use_case_ids if weight[u] > 0]
        concentration = adjusted.robustness.concentration[profile.priorities_confidence]
        alpha = np.array([weight[u] for u in support]) * concentration
        points = gamma_points(alpha, adjusted.robustness.samples, adjusted.robustness.seed)
        codes = decide_many(rating_matrix(support, adjusted), points, adjusted)
        counts = np.bincount(codes, minlength=len(OUTCOMES)) / adjusted.robustness.samples
        expected = dict(zip(OUTCOMES, counts.tolist()))
        drawn = drawn_outcomes(weight, concentration, adjusted)
        assert drawn == {outcome: expected[outcome] for outcome in drawn}


@BOTH
def test_without_the_fixed_ratings_shortcuts_the_numbers_are_the_same(rules):
    """Known without drawing (one weighted use case, ratings that decide every point) or drawn: the same numbers."""
    shortcut = 0
    for profile, scored in scored_examples(rules):
        concentration = scored.rules.robustness.concentration[profile.priorities_confidence]
        fast = monte_carlo(scored.weight, concentration, scored.rules)
        drawn = monte_carlo(scored.weight, concentration, scored.rules, exact_ratings=False)
        assert drawn == fast
        shortcut += max(fast.values()) == 1.0
        full = analyse(profile, scored.weight, scored.outcome, scored.rules).to_dict()
        assert analyse(profile, scored.weight, scored.outcome, scored.rules, exact_ratings=False).to_dict() == full
    assert shortcut >= 2  # the single-need profile and at least one example take a shortcut
