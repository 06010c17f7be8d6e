"""The questions file: validated when loaded, errors named by place; need questions follow the active rules."""

from __future__ import annotations

import pytest

from advisor.errors import RulesError
from advisor.questions import parse_questions
from advisor.resources import bundled_dir, default_rules_path
from advisor.rules import parse_rules

TEXT = (bundled_dir("rules") / "questions.yaml").read_text(encoding="utf-8")


def refused(text: str, rules) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_questions(text.encode(), "questions.yaml", rules)
    return caught.value


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def test_the_bundled_questions_cover_every_profile_section(rules):
    questionnaire = parse_questions(TEXT.encode(), "q", rules)
    fields = {q.field for q in questionnaire.questions}
    assert {"organization.name", "context.data_sensitivity", "priorities_confidence"} <= fields
    assert {f"needs.{u}.importance" for u in rules.use_case_ids} <= fields
    assert [title for title, _ in questionnaire.sections] == [
        "Your organisation",
        "Content needs",
        "Context of application",
        "How sure are you",
    ]


def test_a_rules_file_that_adds_a_use_case_adds_its_questions():
    extra = default_rules_path().read_text(encoding="utf-8") + (
        "  translation:\n    title: Translation\n    description: Translating text.\n    ratings:\n"
        "      generative_ai: {label: Medium, source: seed-comparison}\n      llm: {label: High, source: seed-comparison}\n"
    )
    questionnaire = parse_questions(TEXT.encode(), "q", parse_rules(extra.encode(), "x"))
    ids = [q.id for q in questionnaire.questions]
    assert "translation_importance" in ids and "translation_volume" in ids
    volume = next(q for q in questionnaire.questions if q.id == "translation_volume")
    assert volume.when.question == "translation_importance" and volume.field == "needs.translation.volume"


def test_a_condition_on_a_later_question_is_refused_with_its_place(rules):
    text = TEXT.replace(
        "        field: organization.industry\n",
        "        field: organization.industry\n        when: {question: budget, equals: low}\n",
        1,
    )
    [problem] = refused(text, rules).problems
    assert problem.path == "sections[0].questions[1].when"
    assert "a later question 'budget'" in problem.message
    assert problem.line == line_of(text, "        when: {question: budget")


def test_a_condition_on_an_unknown_question_is_refused(rules):
    text = TEXT.replace(
        "        field: organization.industry\n",
        "        field: organization.industry\n        when: {question: colour, equals: red}\n",
        1,
    )
    assert "an unknown question 'colour'" in str(refused(text, rules))


def test_a_default_that_is_not_a_choice_is_refused(rules):
    text = TEXT.replace('        default: "51-250"', '        default: "huge"')
    [problem] = refused(text, rules).problems
    assert problem.path == "sections[0].questions[2].default" and "'huge' is not one of the choices" in problem.message


def test_an_unknown_key_is_refused_with_its_line(rules):
    text = TEXT.replace("        type: checkbox\n", "        type: checkbox\n        colour: blue\n", 1)
    [problem] = refused(text, rules).problems
    assert problem.path == "sections[0].questions[3].colour" and problem.message.startswith("unknown key")
    assert problem.line == line_of(text, "        colour: blue")


def test_a_condition_with_two_comparisons_is_refused(rules):
    text = TEXT.replace(
        '    when: {question: "{id}_importance", gt: 0}', '    when: {question: "{id}_importance", gt: 0, lt: 3}'
    )
    assert "exactly one of" in str(refused(text, rules))


def test_conditions_evaluate_without_eval(rules):
    from advisor.questions import Condition

    condition = Condition.model_validate(
        {
            "all": [
                {"question": "a", "gt": 1},
                {"any": [{"question": "b", "in": ["x", "y"]}, {"question": "c", "equals": True}]},
            ]
        }
    )
    assert condition.holds({"a": 2, "b": "y"}) and condition.holds({"a": 2, "c": True})
    assert not condition.holds({"a": 1, "b": "y"}) and not condition.holds({"b": "y"})
    assert not Condition.model_validate({"question": "a", "gt": 1}).holds({"a": "text"})
