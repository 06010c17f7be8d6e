"""The extended catalogue: the seed's matrix plus nine rated use cases, read through `extends`; 'neither' when no
track fits; flip thresholds stay exact at the new 'neither' edges."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.errors import RulesError
from advisor.core.profile import parse_profile
from advisor.core.robustness import reweighted
from advisor.core.rules import parse_rules
from advisor.core.scoring import evaluate, weights
from advisor.io.sources import load_rules
from advisor.words import say
from tests.conftest import ROOT, run_cli

RULES_DIR = ROOT / "rules"
DEFAULT = load_rules(RULES_DIR / "default.yaml")
EXTENDED = load_rules(RULES_DIR / "extended.yaml")
NEW_ROWS = ["translation", "chat_qa", "search", "extraction", "image_editing", "voice", "music", "video", "forecasting"]
STEP = 1e-6


def profile(needs, context=None, rules=EXTENDED):
    data = {"organization": {"name": "Kessler Pumpen GmbH"}, "needs": needs}
    if context:
        data["context"] = context
    return parse_profile(data, rules, "test")


def test_the_extended_catalogue_is_the_seed_matrix_plus_nine_sourced_rows():
    assert EXTENDED.use_case_ids == DEFAULT.use_case_ids + tuple(NEW_ROWS)
    assert all(EXTENDED.values[u] == DEFAULT.values[u] for u in DEFAULT.use_case_ids)
    for uid in NEW_ROWS:
        for rating in EXTENDED.use_cases[uid].ratings.values():
            assert rating.source in EXTENDED.sources
    assert len(DEFAULT.use_case_ids) == 5 and DEFAULT.decision.neither_below == 0


def test_a_forecasting_only_profile_gets_neither_and_is_put_on_hold():
    result = assess(profile({"forecasting": {"importance": 5, "volume": "high"}}), EXTENDED)
    assert (result.recommendation, result.basis) == ("neither", "low_fit")
    assert "classical machine learning" in say(result.headline)
    assert result.robustness.p_outcome["neither"] == 1.0
    assert result.context.ring.ring == "hold" and result.context.deployment_paths == ()


def test_forecasting_beside_a_strong_need_is_not_neither():
    result = assess(profile({"forecasting": {"importance": 3}, "chat_qa": {"importance": 4}}), EXTENDED)
    assert result.recommendation == "llm"


def test_low_risk_tolerance_scores_down_open_ended_answers():
    needs = {"chat_qa": {"importance": 5}}
    careful = assess(profile(needs, {"risk_tolerance": "low"}), EXTENDED, robustness=False)
    assert careful.scores["llm"] == pytest.approx(0.90 * 0.8)
    assert "low-risk-confabulation" in {m.rule for m in careful.context.modifiers_applied}


def test_extended_replacements_of_default_rules_cover_the_new_media_rows():
    video = assess(profile({"video": {"importance": 5}}, {"deployment": "on_premises"}), EXTENDED, robustness=False)
    assert video.scores["generative_ai"] == pytest.approx(0.60 * 0.5)


def check_flip_thresholds(p, rules):
    """Each threshold is exactly where re-scoring changes the answer (as in tests/test_robustness.py).

    Weights stay within 0 and 1: a threshold at 0 or 1 is reached there, not beyond. A profile exactly on an edge
    (the threshold is its own weight) has no "before" to check: the answer holds at the edge itself."""
    result = assess(p, rules)
    weight = weights(p, rules)
    for flip in result.robustness.flip_thresholds:
        sign = 1 if flip.direction == "increase" else -1
        beyond = min(1.0, max(0.0, flip.weight + sign * STEP))
        after = evaluate(reweighted(weight, flip.use_case, beyond), rules.values, rules)
        assert after.recommendation == flip.new_recommendation
        if flip.weight != flip.current_weight:
            before = evaluate(reweighted(weight, flip.use_case, flip.weight - sign * STEP), rules.values, rules)
            assert before.recommendation == result.recommendation


@pytest.mark.parametrize(
    "needs",
    [
        {  # on the edge: the fit of generative AI is exactly the neither threshold
            "forecasting": {"importance": 1, "volume": "high"},
            "extraction": {"importance": 2, "volume": "high"},
            "music": {"importance": 5, "volume": "high"},
        },
        {  # a threshold at weight 0: reached by leaving extraction out, not beyond
            "forecasting": {"importance": 1, "volume": "high"},
            "extraction": {"importance": 1, "volume": "low"},
            "music": {"importance": 5, "volume": "high"},
            "search": {"importance": 2, "volume": "high"},
        },
        {  # leaving music out puts generative AI's fit exactly on the neither floor: not below it, so no flip there
            "forecasting": {"importance": 4, "volume": "high"},
            "writing": {"importance": 5, "volume": "medium"},
            "music": {"importance": 1, "volume": "high"},
            "video": {"importance": 5, "volume": "medium"},
        },
    ],
)
def test_flip_thresholds_on_an_edge_and_at_weight_zero_are_exact(needs):
    check_flip_thresholds(profile(needs), EXTENDED)


def test_the_neither_edge_is_a_flip_threshold():
    p = profile({"forecasting": {"importance": 5, "volume": "high"}, "writing": {"importance": 2, "volume": "low"}})
    result = assess(p, EXTENDED)
    assert result.recommendation == "neither"
    writing = next(f for f in result.robustness.flip_thresholds if f.use_case == "writing")
    assert writing.new_recommendation == "llm"
    assert writing.weight == pytest.approx((0.45 - 0.20) / (0.90 - 0.20))  # the LLM's fit reaches 0.45
    check_flip_thresholds(p, EXTENDED)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["forecasting", "writing", "extraction", "music", "video", "search"]),
        st.fixed_dictionaries({"importance": st.integers(1, 5), "volume": st.sampled_from(["low", "medium", "high"])}),
        min_size=1,
        max_size=4,
    )
)
def test_flip_thresholds_are_exact_with_the_neither_edges(needs):
    check_flip_thresholds(profile(needs), EXTENDED)


# ---------------------------------------------------------------------------------------------------- extends


def sibling_reader(files: dict[str, bytes]):
    """Reads the `files` given, else the bundled rules folder's (prices.yaml)."""
    return lambda name: files[name] if name in files else (RULES_DIR / name).read_bytes()


def test_an_extending_file_adds_rows_and_replaces_entries_by_key():
    default = (RULES_DIR / "default.yaml").read_bytes()
    child = b"extends: default.yaml\nname: tweak\ndecision: {indifference_band: 0.10}\n"
    rules = parse_rules(child, "tweak.yaml", sibling_reader({"default.yaml": default}))
    assert rules.name == "tweak" and rules.decision.indifference_band == 0.10
    assert rules.decision.hybrid_min_share == DEFAULT.decision.hybrid_min_share  # the rest of decision is kept
    assert rules.use_case_ids == DEFAULT.use_case_ids
    other_base = default.replace(b'version: "1.0.0"', b'version: "1.0.1"', 1)
    assert parse_rules(child, "tweak.yaml", sibling_reader({"default.yaml": other_base})).sha256 != rules.sha256


@pytest.mark.parametrize(
    ("child", "files", "expected"),
    [
        (b"extends: ../default.yaml\nname: x\n", {}, "extends (line 1): must name a .yaml file in the same folder"),
        (
            b"name: x\nextends: base.yaml\n",
            {"base.yaml": b"extends: default.yaml\n"},
            "extends (line 2): base.yaml itself extends another",
        ),
        (b"extends: base.yaml\n", {"base.yaml": b"name: [unclosed\n"}, "base.yaml: line 2"),
        (
            b"extends: default.yaml\ndecision: {indifference_band: 2}\n",
            None,
            "tweak.yaml: decision.indifference_band (line 2): must be less than 1",
        ),
    ],
    ids=["path-outside", "two-levels", "broken-base", "bad-value-in-extension"],
)
def test_a_bad_extension_is_refused_naming_the_file_and_line(child, files, expected):
    files = files if files is not None else {"default.yaml": (RULES_DIR / "default.yaml").read_bytes()}
    with pytest.raises(RulesError) as caught:
        parse_rules(child, "tweak.yaml", sibling_reader(files))
    assert expected in str(caught.value)


def test_a_missing_base_file_is_named(tmp_path: Path):
    (tmp_path / "tweak.yaml").write_text("extends: nowhere.yaml\nname: x\n")
    result = run_cli("rules", "validate", tmp_path / "tweak.yaml", cwd=ROOT)
    assert result.returncode == 3
    assert result.stderr == (
        f"{tmp_path / 'tweak.yaml'}: extends: nowhere.yaml: no such file in {tmp_path}, "
        "nor among the bundled rules (default.yaml is one)\n"
    )


def test_the_cli_scores_with_the_bundled_catalogue_by_name():
    profile = b'{"organization": {"name": "Mill"}, "needs": {"forecasting": {"importance": 5}}}'
    result = run_cli("score", "-", "--rules", "extended", "--format", "text", stdin=profile, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "NEITHER" in result.stdout and "ring HOLD" in result.stdout


def test_a_profile_sitting_exactly_on_an_edge_flips_at_its_own_weight():
    """Music holds exactly 25% of the need (the hybrid edge): any more forecasting tips it to the LLM."""
    needs = {
        "forecasting": {"importance": 1, "volume": "low"},
        "writing": {"importance": 4},
        "music": {"importance": 3, "volume": "low"},
    }
    p = profile(needs)
    result = assess(p, EXTENDED)
    assert result.recommendation == "hybrid" and result.shares["generative_ai"] == pytest.approx(0.25)
    forecasting = next(
        f for f in result.robustness.flip_thresholds if f.use_case == "forecasting" and f.direction == "increase"
    )
    assert forecasting.weight == pytest.approx(forecasting.current_weight) and forecasting.new_recommendation == "llm"
    check_flip_thresholds(p, EXTENDED)
