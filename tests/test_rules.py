"""Rules as data: the default rules encode the seed table, and a bad rules file is refused with its place."""

from __future__ import annotations

import pytest

from advisor.core.errors import RulesError
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.words.problems import problem_message

DEFAULT = default_rules_path().read_text(encoding="utf-8")


def refused(text: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules(text.encode(), "custom.yaml")
    return caught.value


def test_default_rules_hold_the_seed_table(rules):
    table = {uid: (uc.ratings["generative_ai"].label, uc.ratings["llm"].label) for uid, uc in rules.use_cases.items()}
    assert table == {
        "art": ("High", "Limited"),
        "writing": ("Medium", "High"),
        "code": ("Low", "High"),
        "multimodal": ("High", "Low"),
        "summarization": ("Medium", "High"),
    }
    assert all(
        uc.ratings[t].source in rules.sources for uc in rules.use_cases.values() for t in ("llm", "generative_ai")
    )


def test_the_scale_orders_limited_above_low_and_says_why(rules):
    labels = rules.scale.labels
    assert labels["High"] > labels["Medium"] > labels["Limited"] > labels["Low"]
    assert "Limited" in rules.scale.order_rationale and "Low" in rules.scale.order_rationale


def test_default_rules_name_example_tools_from_the_seed(rules):
    assert rules.use_cases["art"].examples["generative_ai"] == ["DALL·E", "Midjourney"]
    assert "GitHub Copilot" in rules.use_cases["code"].examples["llm"]


def test_sha256_identifies_the_exact_bytes(rules):
    changed = parse_rules((DEFAULT + "\n# a comment\n").encode(), "x")
    assert len(rules.sha256) == 64 and changed.sha256 != rules.sha256


def test_unknown_label_names_path_line_and_the_allowed_labels():
    error = refused(
        DEFAULT.replace("llm: {label: Limited, source: seed-comparison}", "llm: {label: Hgh, source: seed-comparison}")
    )
    [problem] = error.problems
    assert problem.path == "use_cases.art.ratings.llm.label"
    assert DEFAULT.splitlines()[problem.line - 1].strip().startswith("llm: {label: Limited")
    assert "unknown rating label 'Hgh'" in problem_message(problem) and "High, Medium, Limited, Low" in problem_message(problem)


def test_missing_matrix_cell_is_refused():
    text = DEFAULT.replace(
        "      llm: {label: High, source: seed-comparison}\n    examples:\n      generative_ai: []\n      llm: [GitHub Copilot",
        "    examples:\n      generative_ai: []\n      llm: [GitHub Copilot",
    )
    error = refused(text)
    assert "use_cases.code.ratings" in str(error) and "missing the rating for track 'llm'" in str(error)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("  low: 0.5\n", "  low: -0.5\n", "volume_factors.low"),
        ("  high: 1.5\n", "  high: 11\n", "volume_factors.high"),
        ("hybrid_min_share: 0.25", "hybrid_min_share: 0.9", "decision.hybrid_min_share"),
        ("indifference_band: 0.05", "indifference_band: .nan", "decision.indifference_band"),
        ("    High: 0.90", "    High: 1.5", "scale.labels.High"),
    ],
    ids=["negative-volume", "volume-too-big", "share-too-big", "nan-band", "value-above-one"],
)
def test_numbers_out_of_range_are_refused_with_their_path(old, new, path):
    assert old in DEFAULT
    error = refused(DEFAULT.replace(old, new))
    assert any(p.path == path and p.line for p in error.problems), str(error)


def test_unknown_key_is_refused_with_the_allowed_keys():
    error = refused(DEFAULT.replace("decision:\n", "decision:\n  hybird_bonus: 1\n"))
    [problem] = error.problems
    assert problem.path == "decision.hybird_bonus"
    assert "unknown key" in problem_message(problem) and "indifference_band" in problem_message(problem)


def test_a_yaml_tag_that_builds_objects_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = DEFAULT.replace('version: "1.0.0"', f'version: !!python/object/apply:os.system ["touch {marker}"]')
    error = refused(text)
    assert "is not allowed" in str(error) and "line 5" in str(error)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("name: [unclosed\n", "not valid YAML"),
        ("name: a\nname: b\n", "duplicate key 'name'"),
        ("base: &b {x: 1}\nother: *b\n", "anchors and aliases are not allowed"),
        ("- just\n- a list\n", "must be a mapping"),
        ("when: !!binary aGVsbG8=\n", "is not allowed"),
        ("name: " + "[" * 20000 + "]" * 20000 + "\n", "nested too deeply"),
    ],
    ids=["empty", "malformed", "duplicate-key", "alias", "list", "binary", "deep"],
)
def test_files_that_are_not_plain_yaml_data_are_refused(text, expected):
    assert expected in str(refused(text))


def test_a_rules_file_may_add_a_use_case(rules):
    extra = DEFAULT + (
        "  translation:\n    title: Translation\n    description: Translating text between languages.\n"
        "    ratings:\n      generative_ai: {label: Medium, source: seed-comparison}\n"
        "      llm: {label: High, source: seed-comparison}\n"
    )
    extended = parse_rules(extra.encode(), "extended.yaml")
    assert extended.use_case_ids == (*rules.use_case_ids, "translation")
    assert extended.value("translation", "llm") == 0.90
