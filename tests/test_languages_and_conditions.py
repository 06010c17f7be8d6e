"""Languages are one tag however they are spelled (macrolanguages and aliases through langcodes: `cmn` is `zh`), rules
refuse conditions that can never hold (a value no profile holds after normalisation, a contradictory `all`, an empty
range), and the Python API takes rules by name, path or object."""

from __future__ import annotations

import copy
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor
from advisor.core.conditions import FieldSpec
from advisor.core.context_rules import FieldCondition
from advisor.core.places import canonical_language
from advisor.core.resources import bundled_dir
from advisor.core.satisfiable import can_hold
from advisor.words.problems import problem_message
from tests.conftest import Ran, run_cli

RULES = advisor.load_rules()
EXTENDED = advisor.load_rules("extended")

# Spellings of one language each: the macrolanguage, its individual member, ISO 639-2/3 codes, old aliases.
EQUIVALENT_TAGS = [
    ["zh", "cmn", "zho", "ZH", "zh-cmn"],
    ["zh-Hans", "cmn-Hans", "zh-cmn-Hans"],
    ["ar", "arb", "ara", "AR"],
    ["sw", "swh", "swa"],
    ["fa", "pes", "fas"],
    ["ms", "zsm", "msa"],
    ["et", "ekk", "est"],
    ["he", "iw", "heb"],
    ["id", "in", "ind"],
    ["en", "eng", "EN"],
]


@pytest.mark.parametrize("spellings", EQUIVALENT_TAGS, ids=lambda s: s[0])
def test_every_spelling_of_a_language_is_stored_as_one_tag(spellings):
    assert {canonical_language(tag) for tag in spellings} == {spellings[0]}


def test_two_spellings_of_one_language_are_named_as_one():
    data = {"organization": {"name": "L"}, "needs": {"art": {"importance": 3}}, "context": {"languages": ["zh", "cmn"]}}

    with pytest.raises(advisor.ProfileError) as refused:
        advisor.parse_profile(data)

    [problem] = refused.value.problems
    assert problem.path == "context.languages"
    assert problem_message(problem) == "lists each value more than once ('zh' and 'cmn' are both zh); give every value once"


def test_mandarin_is_not_low_resource_just_as_chinese_is_not():
    def low_resource(tag: str) -> set[str]:
        data = {"organization": {"name": "L"}, "needs": {"writing": {"importance": 4}}, "context": {"languages": [tag]}}
        result = advisor.assess(data, RULES, robustness=False)
        return {m.rule for m in result.context.modifiers_applied} | {o.rule for o in result.context.obligations}

    # regions unstated: Art. 4 AI literacy would apply whatever the language; no low-resource rule or duty fires
    assert low_resource("zh") == low_resource("cmn") == {"eu-ai-act-art4-literacy"}
    assert low_resource("ar") == low_resource("arb") == {
        "eu-ai-act-art4-literacy",
        "low-resource-languages",
        "low-resource-languages-review",
    }


needs = st.dictionaries(
    st.sampled_from(EXTENDED.use_case_ids),
    st.fixed_dictionaries({"importance": st.integers(1, 5), "volume": st.sampled_from(["low", "medium", "high"])}),
    min_size=1,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(needs, st.lists(st.integers(0, len(EQUIVALENT_TAGS) - 1), min_size=1, max_size=3, unique=True), st.data())
def test_equivalent_language_tags_give_the_same_assessment(needs, languages, data):
    for rules in (RULES, EXTENDED):
        stated = {k: v for k, v in needs.items() if k in rules.use_cases} or {rules.use_case_ids[0]: {"importance": 3}}

        def profile(spell: Any, stated: dict[str, Any] = stated) -> dict[str, Any]:
            tags = [spell(EQUIVALENT_TAGS[i]) for i in languages]
            return {"organization": {"name": "Tags"}, "needs": copy.deepcopy(stated), "context": {"languages": tags}}

        expected = advisor.assess(profile(lambda group: group[0]), rules).to_dict()
        respelled = profile(lambda group: data.draw(st.sampled_from(group)))
        assert advisor.assess(respelled, rules).to_dict() == expected


# ------------------------------------------------------------------------------------ rules validate


def validate(tmp_path: Path, body: str) -> Ran:
    shutil.copy(bundled_dir("rules") / "default.yaml", tmp_path / "default.yaml")
    (tmp_path / "custom.yaml").write_text("extends: default.yaml\ncontext_rules:\n" + body, encoding="utf-8")
    return run_cli("rules", "validate", "custom.yaml", cwd=tmp_path)


def rule(rule_id: str, when: str) -> str:
    effect = "    flag: {severity: low, text: x}\n    rationale: x\n    source: gdpr\n"
    return f"  {rule_id}:\n    title: T\n    when: {when}\n" + effect


NEVER_HOLDS = [
    ("british-english", "{field: context.languages, contains: en-GB}",
     "context_rules.british-english.when.contains (line 5): 'en-GB' never matches context.languages, which holds "
     "base language codes such as en, de or zh (rules compare en-GB as en): write 'en'"),
    ("english-by-name", "{field: context.languages, contains: English}",
     "context_rules.english-by-name.when.contains (line 11): 'English' is not a value of context.languages; it takes "
     "base language codes such as en, de or zh (rules compare en-GB as en)"),
    ("mandarin", "{field: context.languages, contains_any: [de, cmn]}",
     "context_rules.mandarin.when.contains_any (line 17): 'cmn' never matches context.languages, which holds base "
     "language codes such as en, de or zh (rules compare en-GB as en): write 'zh'"),
    ("low-and-high-budget", "{all: [{field: context.budget, equals: low}, {field: context.budget, equals: high}]}",
     "context_rules.low-and-high-budget.when.all (line 23): never holds: no profile has context.budget = low and "
     "context.budget = high"),
    ("empty-range", "{all: [{field: needs.art.importance, gt: 4}, {field: needs.art.importance, lt: 2}]}",
     "context_rules.empty-range.when.all (line 29): never holds: no profile has needs.art.importance > 4 and "
     "needs.art.importance < 2"),
    ("dead-branch",
     "{any: [{field: context.realtime, equals: true}, {all: [{field: context.budget, in: [low]}, "
     "{field: context.budget, not_in: [low]}]}]}",
     "context_rules.dead-branch.when.any[1].all (line 35): never holds: no profile has context.budget is one of low "
     "and context.budget is none of low"),
    ("every-value-excluded", "{field: context.budget, not_in: [low, medium, high]}",
     "context_rules.every-value-excluded.when.not_in (line 41): never holds: no profile has context.budget is none "
     "of low, medium, high (context.budget takes high, low, medium)"),
    ("germany", "{field: organization.regions, contains: Germany}",
     "context_rules.germany.when.contains (line 47): 'Germany' never matches organization.regions, which holds "
     "Asia-Pacific, EU, Latin America, Middle East and Africa, North America, Other Europe, UK: write 'EU'"),
    ("industry-with-spaces", "{field: organization.industry, equals: ' Retail '}",
     "context_rules.industry-with-spaces.when.equals (line 53): ' Retail ' never matches organization.industry, which "
     "holds text: write 'Retail'"),
]  # fmt: skip


def test_rules_validate_refuses_every_condition_that_can_never_hold_naming_rule_and_line(tmp_path):
    result = validate(tmp_path, "".join(rule(name, when) for name, when, _ in NEVER_HOLDS))

    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"custom.yaml: {message}" for _, _, message in NEVER_HOLDS]


def test_an_any_that_never_holds_names_each_of_its_branches(tmp_path):
    when = (
        "{any: [{field: context.budget, not_in: [low, medium, high]}, "
        "{all: [{field: needs.art.importance, gt: 4}, {field: needs.art.importance, lt: 2}]}]}"
    )
    result = validate(tmp_path, rule("both-dead", when))

    assert result.returncode == 3
    assert [line.split(" (line")[0] for line in result.stderr.splitlines()] == [
        "custom.yaml: context_rules.both-dead.when.any[0].not_in",
        "custom.yaml: context_rules.both-dead.when.any[1].all",
    ]


def test_loading_rules_refuses_a_condition_that_never_holds_as_validate_does(tmp_path):
    validate(tmp_path, rule("empty-range", NEVER_HOLDS[4][1]))

    with pytest.raises(advisor.RulesError) as refused:
        advisor.load_rules(tmp_path / "custom.yaml")

    assert refused.value.problems[0].path == "context_rules.empty-range.when.all"


def test_conditions_that_can_hold_are_accepted(tmp_path):
    sound = [
        "{field: context.languages, contains: zh}",
        "{field: context.languages, outside: [en, de]}",
        "{field: organization.regions, contains: EU}",
        "{all: [{field: needs.art.importance, ge: 2}, {field: needs.art.importance, le: 2}]}",
        "{all: [{field: context.budget, not_equals: low}, {field: context.budget, in: [low, high]}]}",
        "{all: [{field: context.languages, contains: en}, {field: context.languages, outside: [en]}]}",
        "{any: [{field: context.budget, equals: low}, {field: context.budget, equals: high}]}",
    ]
    result = validate(tmp_path, "".join(rule(f"sound-{i}", when) for i, when in enumerate(sound)))

    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------------------- can_hold against brute force

FIELDS = {
    "budget": FieldSpec("text", frozenset({"low", "medium", "high"})),
    "importance": FieldSpec("number", low=0, high=5, whole=True),
    "count": FieldSpec("number", low=0, whole=True),
    "share": FieldSpec("number", low=0, high=1),
    "langs": FieldSpec("text", is_list=True),
}
DOMAINS: dict[str, list[Any]] = {
    "budget": ["low", "medium", "high"],
    "importance": list(range(6)),
    "count": list(range(13)),
    "share": [i / 40 for i in range(41)],
    "langs": [list(c) for n in range(4) for c in itertools.combinations(["en", "de", "fr", "other"], n)],
}
OPERANDS: dict[str, Any] = {
    "budget": st.sampled_from(["low", "medium", "high"]),
    "importance": st.integers(0, 5),
    "count": st.integers(0, 10),
    "share": st.integers(0, 10).map(lambda n: n / 10),
}
OPS = {
    "budget": ["equals", "not_equals", "in", "not_in"],
    "importance": ["equals", "not_equals", "in", "not_in", "gt", "ge", "lt", "le"],
    "count": ["equals", "not_equals", "not_in", "gt", "ge", "lt", "le"],
    "share": ["gt", "ge", "lt", "le", "not_equals"],
    "langs": ["contains", "contains_any", "outside"],
}


@st.composite
def comparisons(draw: Any) -> dict[str, Any]:
    field = draw(st.sampled_from(sorted(OPS)))
    op = draw(st.sampled_from(OPS[field]))
    if field == "langs":
        item = st.sampled_from(["en", "de", "fr"])
        operand = draw(item) if op == "contains" else draw(st.lists(item, min_size=1, max_size=3, unique=True))
    elif op in ("in", "not_in"):
        operand = draw(st.lists(OPERANDS[field], min_size=1, max_size=3, unique=True))
    else:
        operand = draw(OPERANDS[field])
    return {"field": field, op: operand}


conditions = st.recursive(
    comparisons(),
    lambda inner: st.dictionaries(
        st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3), min_size=1, max_size=1
    ),
    max_leaves=5,
)


@settings(max_examples=200, deadline=None)
@given(conditions)
def test_can_hold_agrees_with_trying_every_value(data):
    condition = FieldCondition.model_validate(data)
    fields = sorted(set(condition.references()))
    holds_somewhere = any(
        condition.holds(dict(zip(fields, values, strict=True)))
        for values in itertools.product(*(DOMAINS[f] for f in fields))
    )
    assert can_hold(condition, FIELDS) == holds_somewhere


# ------------------------------------------------------------------------------------------ the Python API


def test_the_python_api_takes_rules_by_name_path_or_object():
    data = {"organization": {"name": "Kessler"}, "needs": {"forecasting": {"importance": 5}}}
    expected = advisor.assess(data, EXTENDED).to_dict()

    by_name = advisor.assess(data, rules="extended").to_dict()
    by_path = advisor.assess(data, rules=bundled_dir("rules") / "extended.yaml").to_dict()
    by_text_path = advisor.assess(data, rules=str(bundled_dir("rules") / "extended.yaml")).to_dict()
    many = list(advisor.assess_many([data], rules="extended", jobs=1))
    group = advisor.assess_group([data, data], rules="extended")

    assert by_name == by_path == by_text_path == expected and expected["recommendation"] == "neither"
    assert [a.to_dict() for a in many] == [expected]
    assert group.to_dict()["consensus"]["recommendation"] == "neither"
    assert advisor.parse_profile(data, rules="extended").needs["forecasting"].importance == 5
    default = {"organization": {"name": "D"}, "needs": {"art": {"importance": 5}}}
    assert advisor.assess(default, rules="default").to_dict() == advisor.assess(default).to_dict()


def test_the_python_api_refuses_what_is_not_rules_with_a_clear_error():
    data = {"organization": {"name": "D"}, "needs": {"art": {"importance": 5}}}

    with pytest.raises(TypeError, match=r"rules must be a Rules object .* not int"):
        advisor.assess(data, rules=3)
    with pytest.raises(advisor.RulesError) as unknown:
        advisor.assess(data, rules="extnded")

    assert "the bundled rules are default, extended" in str(unknown.value)
