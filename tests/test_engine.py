"""The engine: weighted sum of fixed rating values, and the decision rule for LLM, generative AI or hybrid."""

from __future__ import annotations

import math

import pytest

from advisor.core.engine import assess, weights
from advisor.core.errors import ProfileError
from advisor.core.profile import Profile, parse_profile
from advisor.words import say
from tests.conftest import make_profile


def test_hand_computed_writing_and_some_art(rules):
    # raw weights: writing 5 x 1.0 = 5, art 3 x 0.5 (low volume) = 1.5; total 6.5
    profile = parse_profile(
        {
            "organization": {"name": "Hand"},
            "needs": {"writing": {"importance": 5}, "art": {"importance": 3, "volume": "low"}},
        },
        rules,
        "hand",
    )
    result = assess(profile, rules)
    by_id = {u.id: u for u in result.use_cases}
    assert by_id["writing"].weight == pytest.approx(5 / 6.5)
    assert by_id["art"].weight == pytest.approx(1.5 / 6.5)
    assert result.scores["llm"] == pytest.approx((5 * 0.90 + 1.5 * 0.35) / 6.5)  # 0.77308
    assert result.scores["generative_ai"] == pytest.approx((5 * 0.60 + 1.5 * 0.90) / 6.5)  # 0.66923
    assert result.margin == pytest.approx(0.675 / 6.5)  # 0.10385
    assert by_id["art"].contributions["generative_ai"] == pytest.approx(1.35 / 6.5)
    assert result.shares["generative_ai"] == pytest.approx(1.5 / 6.5)  # 0.23 < 0.25: not a split need
    assert (result.recommendation, result.basis) == ("llm", "clear_margin")


def test_use_cases_left_out_have_zero_weight_and_contribute_nothing(rules):
    result = assess(make_profile(rules, code=4), rules)
    left_out = [u for u in result.use_cases if u.id != "code"]
    assert [u.id for u in result.use_cases] == list(rules.use_case_ids)
    assert all(u.weight == 0 and u.importance == 0 for u in left_out)
    assert all(u.contributions == {"llm": 0.0, "generative_ai": 0.0} for u in left_out)


def test_margin_inside_the_indifference_band_is_hybrid(rules):
    # writing 2 (+0.30 each) against art 1 (-0.55): margin (0.60 - 0.55) / 3 = 0.0167 <= 0.05
    result = assess(make_profile(rules, writing=2, art=1), rules)
    assert result.margin == pytest.approx(0.05 / 3)
    assert (result.recommendation, result.basis) == ("hybrid", "indifference_band")
    assert say(result.headline).startswith("Too close to call")


def test_each_track_winning_a_quarter_of_the_need_is_hybrid_even_with_a_clear_margin(rules):
    # art 3 and code 1: margin -0.2375 favours generative AI, but the LLM wins code, 25% of the need
    result = assess(make_profile(rules, art=3, code=1), rules)
    assert result.margin == pytest.approx(-0.2375)
    assert result.shares == {"llm": 0.25, "generative_ai": 0.75, "even": 0.0}
    assert (result.recommendation, result.basis) == ("hybrid", "split_need")
    # governance and skills are not stated and the margin is close to the band: the ring, hence the verb, is Assess
    assert say(result.headline).startswith("Assess both: an LLM for code, broader generative AI for creative art")


def test_a_fifth_of_the_need_is_not_enough_for_hybrid(rules):
    result = assess(make_profile(rules, art=4, code=1), rules)
    assert result.shares["llm"] == pytest.approx(0.2)
    assert result.margin == pytest.approx(-0.3)
    assert (result.recommendation, result.basis) == ("generative_ai", "clear_margin")
    assert say(result.headline).startswith("Trial broader generative AI for creative art:")  # governance not stated


@pytest.mark.parametrize(
    ("use_case", "expected"),
    [
        ("art", "generative_ai"),
        ("writing", "llm"),
        ("code", "llm"),
        ("multimodal", "generative_ai"),
        ("summarization", "llm"),
    ],
)
def test_the_seed_table_is_reproduced_for_a_single_need(rules, use_case, expected):
    result = assess(make_profile(rules, **{use_case: 5}), rules)
    assert result.recommendation == expected
    assert result.use_cases[rules.use_case_ids.index(use_case)].better_fit == expected


def test_volume_scales_the_importance(rules):
    low = weights(make_profile(rules, volume="low", art=4, code=4), rules)
    assert low["art"] == pytest.approx(0.5)
    mixed = parse_profile(
        {
            "organization": {"name": "x"},
            "needs": {"art": {"importance": 4, "volume": "high"}, "code": {"importance": 4, "volume": "low"}},
        },
        rules,
        "x",
    )
    assert weights(mixed, rules)["art"] == pytest.approx(6 / 8)  # 4 x 1.5 against 4 x 0.5


def test_a_profile_without_any_need_is_refused_not_divided_by_zero(rules):
    empty = Profile.model_validate({"organization": {"name": "Nobody"}})  # bypasses parse_profile's own check
    with pytest.raises(ProfileError, match="no content needs given"):
        assess(empty, rules)


def test_fits_are_the_exact_sum_of_the_contributions(rules):
    result = assess(make_profile(rules, art=5, writing=3, code=2, multimodal=1, summarization=4), rules)
    for track in ("llm", "generative_ai"):
        assert result.scores[track] == math.fsum(u.contributions[track] for u in result.use_cases)


def test_assessment_json_has_the_v1_contract(rules):
    data = assess(make_profile(rules, code=5), rules).to_dict()
    assert set(data) >= {
        "schema_version",
        "profile_id",
        "organization",
        "recommendation",
        "headline",
        "scores",
        "margin",
        "use_cases",
        "rules",
        "advisor_version",
    }
    assert data["schema_version"] == 1
    assert set(data["scores"]) == {"llm", "generative_ai"}
    assert set(data["use_cases"][0]) >= {
        "id",
        "title",
        "importance",
        "volume",
        "weight",
        "ratings",
        "contributions",
        "better_fit",
    }
    assert data["rules"] == {"name": rules.name, "version": rules.version, "sha256": rules.sha256}
    assert len(data["rules"]["sha256"]) == 64
