"""The questionnaire offers every value the profile schema accepts for the fields it asks with choices: nothing a
profile may hold is out of a respondent's reach (the regions as `rules/regions.yaml` names them, every enum of the
profile's JSON Schema), and every choice is a value the schema accepts; an answer reads as its choice's label
wherever a person reads it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from advisor.core.places import regions
from advisor.core.profile import profile_json_schema
from advisor.io.sources import load_rules
from advisor.questionnaire import AnswerWords, answer_label, load_questions
from tests.conftest import run_cli

NOT_OFFERED = {r"needs\.[^.]+\.volume": {"none"}}
"""Schema values no choice offers, and why: a use case's volume "none" is importance 0, which its own question asks."""


@pytest.fixture(scope="module")
def questionnaire():
    return load_questions(load_rules(None))


def schema_values(schema: dict[str, Any], field: str) -> set[Any] | None:
    """The values the profile schema allows at `field` (an enum, or a list of an enum); None if it names none."""
    node: Any = schema
    for key in field.split("."):
        node = _resolved(schema, node)
        properties = node.get("properties", {})
        node = properties.get(key) if key in properties else node.get("additionalProperties")
        if node is None:
            return None
    for option in [_resolved(schema, node), *(_resolved(schema, n) for n in node.get("anyOf", []))]:
        option = _resolved(schema, option.get("items", option))
        if "enum" in option:
            return set(option["enum"])
    return None


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_every_region_the_schema_accepts_is_offered_and_nothing_else(questionnaire):
    (question,) = [q for q in questionnaire.questions if q.field == "organization.regions"]
    assert [c.value for c in question.choices] == list(regions().names)
    assert "Other Europe" in {c.value for c in question.choices}


def test_every_enum_value_of_a_field_asked_with_choices_is_offered(questionnaire):
    schema = profile_json_schema(load_rules(None))
    checked = 0
    for question in questionnaire.questions:
        if not question.choices or question.type == "scale":
            continue
        allowed = schema_values(schema, question.field)
        if allowed is None:
            continue
        offered = {c.value for c in question.choices}
        unoffered = next((v for k, v in NOT_OFFERED.items() if re.fullmatch(k, question.field)), set())
        assert offered <= allowed, f"{question.id} offers values the schema refuses: {offered - allowed}"
        assert allowed - offered == unoffered, f"{question.id} never offers {allowed - offered}"
        checked += 1
    assert checked >= 10  # size, data sensitivity, deployment, ... and every need's volume


def test_every_choice_reads_as_its_label_wherever_an_answer_is_shown(questionnaire):
    words = AnswerWords(questionnaire)
    for question in questionnaire.questions:
        for choice in question.choices or []:
            assert answer_label(question, choice.value, questionnaire.scale_labels) == choice.label
            assert words(question.field, choice.value) == f"“{choice.label}”"
            if question.type == "checkbox":
                assert words(question.field, [choice.value]) == f"“{choice.label}”"
    assert words("context.realtime", True) == "“Yes”" and words("context.languages", ["de", "en"]) == "de and en"
    assert words("context.governance", []) == "“None of these yet”"
    assert words("context.governance", ["review_process", "policy"]) == (
        "“An AI use policy” and “A review process for AI output and new tools”"  # in the question's order
    )


def test_advisor_group_text_states_conflicts_in_the_choices_labels(tmp_path):
    lines = [
        '{"organization": {"name": "Acme"}, "respondent": {"role": "Legal"}, "needs": {"writing": {"importance": 5}},'
        ' "context": {"deployment": "saas", "governance": ["policy", "review_process"]}}',
        '{"organization": {"name": "Acme"}, "respondent": {"role": "IT"}, "needs": {"code": {"importance": 5}},'
        ' "context": {"deployment": "saas", "governance": ["owner"]}}',
        '{"organization": {"name": "Acme"}, "respondent": {"role": "Ops"}, "needs": {"art": {"importance": 5}},'
        ' "context": {"deployment": "cloud_api", "governance": []}}',
    ]
    (tmp_path / "survey.jsonl").write_text("\n".join(lines) + "\n")
    done = run_cli("group", "survey.jsonl", "--format", "text", cwd=tmp_path, env={"COLUMNS": "400"})  # one line per conflict
    assert done.returncode == 0, done.stderr
    assert "deployment: 2 said “Ready-made SaaS tools (e.g. ChatGPT Team, Midjourney)”, 1 said “Cloud APIs" in done.stdout
    assert "“An AI use policy” and “A review process for AI output and new tools”" in done.stdout
    assert "said saas" not in done.stdout and "review_process" not in done.stdout
