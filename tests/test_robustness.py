"""Robustness: flip thresholds and rating flips are exactly where re-scoring changes the answer; Monte Carlo is
reproducible; the verdict, dominance and agreement follow from them; the explanation repeats the assessment's numbers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.numbers import percent
from advisor.core.profile import parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.robustness import drawn_outcomes, monte_carlo, reweighted, unanimous_track, verdict_for
from advisor.core.rules import parse_rules
from advisor.core.scoring import Outcome, evaluate, weights
from advisor.io.sources import load_profile, load_rules
from advisor.words import said, say
from tests.conftest import EXAMPLES, make_profile

DEFAULT_TEXT = default_rules_path().read_text(encoding="utf-8")
RULES = parse_rules(DEFAULT_TEXT.encode(), "default.yaml")
STEP = 1e-6


def example(name: str):
    return load_profile(str(EXAMPLES / f"{name}.json"), RULES)


def outcome_at(weight, use_case, x):
    return evaluate(reweighted(weight, use_case, x), RULES.values, RULES).recommendation


def check_flip_thresholds(profile):
    """Each threshold is exactly where the answer changes; the importance given is the nearest level that does it."""
    result = assess(profile, RULES)
    weight = weights(profile, RULES)
    for flip in result.robustness.flip_thresholds:
        sign = 1 if flip.direction == "increase" else -1
        assert outcome_at(weight, flip.use_case, flip.weight - sign * STEP) == result.recommendation
        assert outcome_at(weight, flip.use_case, flip.weight + sign * STEP) == flip.new_recommendation
        if flip.importance is not None:
            changed = profile.needs | {flip.use_case: {"importance": flip.importance, "volume": _volume(profile, flip)}}
            assert rescored(profile, changed) != result.recommendation
            nearer = flip.importance - sign
            if nearer != profile.importance(flip.use_case) and 0 <= nearer <= 5:
                closer = profile.needs | {flip.use_case: {"importance": nearer, "volume": _volume(profile, flip)}}
                assert rescored(profile, closer) == result.recommendation


def _volume(profile, flip):
    need = profile.needs.get(flip.use_case)
    return need.volume if need else "medium"


def rescored(profile, needs):
    data = profile.model_dump(exclude_none=True)
    data["needs"] = {u: n if isinstance(n, dict) else n.model_dump() for u, n in needs.items()}
    if not any(n["importance"] > 0 for n in data["needs"].values()):
        return None
    return assess(parse_profile(data, RULES, "rescored"), RULES, robustness=False).recommendation


@pytest.mark.parametrize("name", ["marketing-agency", "game-studio", "ecommerce-shop", "newsroom", "law-firm"])
def test_flip_thresholds_of_the_examples_are_where_rescoring_changes_the_answer(name):
    check_flip_thresholds(example(name))


def test_game_studio_flips_to_generative_ai_when_code_drops_to_importance_three():
    result = assess(example("game-studio"), RULES)
    code = next(f for f in result.robustness.flip_thresholds if f.use_case == "code" and f.direction == "decrease")
    assert code.weight == pytest.approx(0.20)  # the LLM's share of the need falls to 25% there
    assert (code.importance, code.new_recommendation) == (3, "generative_ai")


def test_a_weight_no_importance_can_reach_has_no_importance_level():
    result = assess(example("newsroom"), RULES)
    media = next(f for f in result.robustness.flip_thresholds if f.use_case == "multimodal")
    assert media.weight == pytest.approx(0.225, abs=1e-3) and media.importance is None


def test_every_listed_rating_flip_changes_the_answer_through_a_real_rules_file():
    profile = example("ecommerce-shop")
    flips = assess(profile, RULES).robustness.rating_flips
    assert [(f.use_case, f.track, f.from_label, f.to_label) for f in flips] == [
        ("writing", "llm", "High", "Medium"),
        ("writing", "generative_ai", "Medium", "High"),
    ]
    for flip in flips:
        old = f"{flip.track}: {{label: {flip.from_label}, source: seed-comparison}}"
        block = DEFAULT_TEXT.index("  writing:")
        edited = DEFAULT_TEXT[:block] + DEFAULT_TEXT[block:].replace(
            old, f"{flip.track}: {{label: {flip.to_label}, source: seed-comparison}}", 1
        )
        changed = parse_rules(edited.encode(), "edited.yaml")
        assert assess(profile, changed, robustness=False).recommendation == flip.new_recommendation


def test_monte_carlo_is_reproducible_and_depends_on_the_seed():
    weight = weights(example("game-studio"), RULES)
    first, again = monte_carlo(weight, 20, RULES), monte_carlo(weight, 20, RULES)
    assert first == again
    other_seed = parse_rules(DEFAULT_TEXT.replace("seed: 20261123", "seed: 7").encode(), "x")
    other = monte_carlo(weight, 20, other_seed)
    assert other != first
    assert all(abs(other[k] - first[k]) < 0.03 for k in first)  # another shift of the lattice: error ~0.001
    assert sum(first.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["law-firm", "software-house"])
def test_a_dominated_profile_is_robust_and_monte_carlo_agrees_with_the_closed_form(name):
    report = assess(example(name), RULES).robustness
    assert report.dominance == "llm"
    assert report.p_outcome == {"llm": 1.0, "generative_ai": 0.0, "hybrid": 0.0}
    assert report.verdict == "robust"


def test_more_confidence_in_the_priorities_makes_a_fragile_answer_surer():
    weight = weights(example("game-studio"), RULES)
    low, high = monte_carlo(weight, 5, RULES)["hybrid"], monte_carlo(weight, 80, RULES)["hybrid"]
    assert low < high


def test_a_margin_inside_the_indifference_band_is_too_close():
    result = assess(make_profile(RULES, writing=2, art=1), RULES)
    assert (result.recommendation, result.robustness.verdict) == ("hybrid", "too_close")


@pytest.mark.parametrize(
    ("p_same", "expected"),
    [(0.95, "robust"), (0.90, "robust"), (0.80, "moderate"), (0.6, "fragile"), (0.5, "fragile"), (0.4, "too_close")],
)
def test_the_verdict_follows_the_probability_thresholds_of_the_rules(p_same, expected):
    outcome = Outcome("llm", "clear_margin", {"llm": 0.7, "generative_ai": 0.5}, 0.2, {})
    p_outcome = {"llm": p_same, "generative_ai": 1 - p_same, "hybrid": 0.0}
    assert verdict_for(outcome, p_outcome, None, RULES) == expected


def test_the_weakest_link_disagrees_where_both_tracks_have_a_weak_spot():
    agreement = assess(example("game-studio"), RULES).robustness.methods_agree
    assert agreement.leanings == {
        "weighted_sum": "generative_ai",
        "weighted_product": "generative_ai",
        "weakest_link": "even",  # each track is rated Low on one need: the LLM on media, generative AI on code
    }
    assert (agreement.agreeing, agreement.methods) == (2, 3)


def test_the_explanation_repeats_the_assessments_own_numbers():
    result = assess(example("game-studio"), RULES)
    summary = say(result.explanation.summary)
    for use_case in result.use_cases:
        if use_case.weight > 0:
            gap = abs(use_case.contributions["llm"] - use_case.contributions["generative_ai"])
            assert f"(+{gap:.3f})" in summary
    assert f"by {abs(result.margin):.3f}" in summary
    assert f"held in {percent(result.robustness.p_outcome['hybrid'])} of {result.robustness.samples:,}" in summary
    stated = [
        float(x) / 100 for x in re.findall(r"from [\d.]+% to ([\d.]+)%", " ".join(said(result.explanation.what_would_change)))
    ]
    thresholds = [f.weight for f in result.robustness.flip_thresholds if f.importance is not None]
    assert stated == pytest.approx(thresholds, abs=5e-4)


def test_assessment_json_carries_robustness_and_explanation():
    data = assess(example("newsroom"), RULES).to_dict()
    assert set(data["robustness"]) >= {
        "verdict",
        "p_outcome",
        "flip_thresholds",
        "rating_flips",
        "methods_agree",
        "dominance",
    }
    assert set(data["robustness"]["flip_thresholds"][0]) >= {
        "use_case",
        "current_weight",
        "weight",
        "importance",
        "direction",
    }
    assert set(data["explanation"]) == {"summary", "what_would_change"}


needs = st.dictionaries(
    st.sampled_from(RULES.use_case_ids),
    st.tuples(st.integers(0, 5), st.sampled_from(("low", "medium", "high"))),
    min_size=1,
).filter(lambda n: any(level > 0 for level, _ in n.values()))


def profile_of(need_map, confidence="medium"):
    data = {
        "organization": {"name": "Property Org"},
        "needs": {u: {"importance": i, "volume": v} for u, (i, v) in need_map.items()},
        "priorities_confidence": confidence,
    }
    return parse_profile(data, RULES, "property")


@settings(max_examples=60, deadline=None)
@given(needs)
def test_every_flip_threshold_is_exactly_where_the_answer_changes(need_map):
    check_flip_thresholds(profile_of(need_map))


@settings(max_examples=40, deadline=None)
@given(needs)
def test_rating_flips_are_exactly_the_one_step_changes_that_change_the_answer(need_map):
    profile = profile_of(need_map)
    result = assess(profile, RULES)
    weight = weights(profile, RULES)
    listed = {(f.use_case, f.track, f.to_label) for f in result.robustness.rating_flips}
    steps = RULES.label_steps
    for use_case in RULES.use_case_ids:
        if weight[use_case] == 0:
            continue
        for track in ("llm", "generative_ai"):
            index = steps.index(RULES.use_cases[use_case].ratings[track].label)
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(steps):
                    values = {u: dict(row) for u, row in RULES.values.items()}
                    values[use_case][track] = RULES.scale.labels[steps[neighbour]]
                    changes = evaluate(weight, values, RULES).recommendation != result.recommendation
                    assert changes == ((use_case, track, steps[neighbour]) in listed)


@settings(max_examples=40, deadline=None)
@given(needs, st.sampled_from(("low", "medium", "high")))
def test_monte_carlo_probabilities_sum_to_one_and_dominance_means_certainty(need_map, confidence):
    report = assess(profile_of(need_map, confidence), RULES).robustness
    assert sum(report.p_outcome.values()) == pytest.approx(1.0)
    if report.dominance is not None:
        assert report.p_outcome[report.dominance] == 1.0
        assert report.verdict == "robust"


EXTENDED = load_rules("extended")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(("default", "extended")),
    st.dictionaries(st.integers(0, 9), st.floats(1e-6, 1.0), min_size=2),
    st.dictionaries(
        st.tuples(st.integers(0, 9), st.sampled_from(("llm", "generative_ai"))), st.floats(0.3, 1.5), max_size=6
    ),
    st.sampled_from((0.05, 1.0, 5.0, 20.0, 80.0)),
)
def test_a_monte_carlo_known_without_drawing_is_what_the_draws_give(which, raw, factor_of, concentration):
    """When the ratings make every draw give one track, the counts are taken as certain instead of drawn: the same."""
    base = RULES if which == "default" else EXTENDED
    ids = base.use_case_ids
    factors: dict[str, dict[str, float]] = {}
    for (index, track), factor in factor_of.items():
        factors.setdefault(ids[index % len(ids)], {})[track] = factor
    rules = base.adjusted(factors)
    weight = dict.fromkeys(ids, 0.0)
    for index, value in raw.items():
        weight[ids[index % len(ids)]] += value
    total = sum(weight.values())
    weight = {u: w / total for u, w in weight.items()}
    support = [u for u in ids if weight[u] > 0]
    if len(support) < 2 or unanimous_track(support, rules) is None:
        return
    assert monte_carlo(weight, concentration, rules) == drawn_outcomes(weight, concentration, rules)


def test_a_dominated_example_is_known_without_drawing():
    weight = weights(example("law-firm"), RULES)
    support = [u for u in RULES.use_case_ids if weight[u] > 0]
    assert unanimous_track(support, RULES) == "llm"
    assert drawn_outcomes(weight, 20, RULES) == {"llm": 1.0, "generative_ai": 0.0, "hybrid": 0.0}


def test_monte_carlo_depends_only_on_its_inputs_not_on_what_ran_before():
    """Batch chunks and worker processes see profiles in any order: the cache and the lattice must not show."""
    from advisor.core.robustness import lattice, montecarlo

    names = ["game-studio", "ecommerce-shop", "newsroom"]
    first = [monte_carlo(weights(example(n), RULES), 20, RULES) for n in names]
    for memo in (montecarlo.RESULTS, lattice.COLUMNS, lattice.COORDINATES, lattice.TABLES):
        memo.clear()
    backwards = [monte_carlo(weights(example(n), RULES), 20, RULES) for n in reversed(names)]
    assert first == backwards[::-1]
    for p_outcome in first:
        assert sum(p_outcome.values()) == pytest.approx(1.0, abs=1e-12)


def test_monte_carlo_agrees_with_many_random_draws():
    """The lattice estimate of a fragile answer lies within 0.01 of 200,000 plain Dirichlet draws (error ~0.001)."""
    import numpy as np

    weight = weights(example("game-studio"), RULES)
    support = [u for u in RULES.use_case_ids if weight[u] > 0]
    draws = np.random.default_rng(1).dirichlet(np.array([weight[u] for u in support]) * 20, size=200_000)
    values = np.array([[RULES.values[u]["llm"], RULES.values[u]["generative_ai"]] for u in support])
    fits = draws @ values
    llm_side = np.array([RULES.sides[u] == "llm" for u in support], dtype=float)
    gen_side = np.array([RULES.sides[u] == "generative_ai" for u in support], dtype=float)
    band, share = RULES.decision.indifference_band, RULES.decision.hybrid_min_share
    hybrid = (np.abs(fits[:, 0] - fits[:, 1]) <= band) | (np.minimum(draws @ llm_side, draws @ gen_side) >= share)
    assert monte_carlo(weight, 20, RULES)["hybrid"] == pytest.approx(hybrid.mean(), abs=0.01)


def test_the_robustness_package_exports_every_public_name_of_the_module_it_replaced():
    """Split by job (flips, rule, lattice, montecarlo, verdict, analysis): `from advisor.core.robustness import X`
    keeps working for every X the single module had."""
    from advisor.core import robustness

    before = [
        "OUTCOMES",
        "EVEN_GAP",
        "FlipThreshold",
        "RatingFlip",
        "MethodAgreement",
        "RobustnessReport",
        "Estimate",
        "estimate",
        "analyse",
        "difference",
        "reweighted",
        "flip_thresholds",
        "rating_flips",
        "monte_carlo",
        "drawn_outcomes",
        "unanimous_track",
        "outcomes",
        "dominant_track",
        "method_agreement",
        "settled_verdict",
        "possible_verdicts",
        "decided_by",
        "verdict_for",
    ]
    assert [name for name in before if name not in robustness.__all__ or not hasattr(robustness, name)] == []
