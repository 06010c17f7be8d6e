"""The questions file: validated when loaded, errors named by place; need questions follow the active rules."""

from __future__ import annotations

import re

import pytest
import yaml

from advisor.core.errors import RulesError
from advisor.core.profile import Context
from advisor.core.resources import bundled_dir, default_rules_path
from advisor.core.rules import parse_rules
from advisor.io.sources import load_rules
from advisor.questionnaire.answers import answer_problem, applies, skipped, typed_answer
from advisor.questionnaire.questions import parse_questions
from advisor.words.problems import problem_message

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
        "Obligations and readiness",
        "How sure are you",
    ]


def test_every_context_field_has_a_question(rules):
    fields = {q.field for q in parse_questions(TEXT.encode(), "q", rules).questions}
    assert {f"context.{name}" for name in Context.model_fields} <= fields


def test_every_condition_of_the_bundled_questions_names_a_question_of_a_bundled_rules_set(rules):
    questionnaires = [parse_questions(TEXT.encode(), "q", r) for r in (rules, load_rules("extended"))]
    ids = {q.id for questionnaire in questionnaires for q in questionnaire.questions}
    references = {ref for q in questionnaires[0].questions if q.when for ref in q.when.references()}
    assert references and references <= ids  # a typo in a need question's id would be tolerated by the loader


def without_media(text: str) -> str:
    """The default rules without the art and multimodal use cases (and the context rules, duties and quantities that
    name them)."""
    data = yaml.safe_load(text)
    for uid in ("art", "multimodal"):
        del data["use_cases"][uid]
        del data["quantities"][uid]
    for section in ("context_rules", "duties"):
        data[section] = {
            rid: rule
            for rid, rule in data[section].items()
            if not re.search(r"needs\.(art|multimodal)\.|'(art|multimodal)'", str(rule))
        }
    return yaml.safe_dump(data, sort_keys=False)


def test_a_condition_on_a_use_case_the_rules_lack_loads_and_never_holds():
    text_only = parse_rules(without_media(default_rules_path().read_text("utf-8")).encode(), "text.yaml")
    questionnaire = parse_questions(TEXT.encode(), "q", text_only)
    realtime = next(q for q in questionnaire.questions if q.id == "realtime")
    assert not applies(realtime, {"writing_importance": 5, "code_importance": 5})
    assert applies(realtime, {"writing_importance": 5, "music_importance": 1})  # a need the extended rules have


def test_a_misspelt_question_in_a_condition_is_still_refused(rules):
    text = TEXT.replace(
        "{question: data_sensitivity, equals: regulated}", "{question: data_sensitivty, equals: regulated}"
    )
    assert "an unknown question 'data_sensitivty'" in str(refused(text, rules))


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "    type: select\n        optional: true\n",
            "    type: select\n        list: true\n",
            "list",
            "list: true applies to text questions",
        ),
        (
            "        list: true\n",
            "        item_hint: is not a known language tag\n",
            "item_hint",
            "item_hint needs list: true",
        ),
        (
            "    type: confirm\n",
            "    type: confirm\n        none_choice: Neither\n",
            "none_choice",
            "none_choice applies to checkbox",
        ),
        ("        list: true\n", "        list: true\n        default: en\n", "default", "a list of texts"),
    ],
    ids=["list-on-a-select", "item-hint-without-list", "none-choice-on-a-confirm", "list-default-not-a-list"],
)
def test_the_list_and_none_options_are_checked_where_they_apply(rules, old, new, path, message):
    [problem] = refused(TEXT.replace(old, new, 1), rules).problems
    assert problem.path.endswith(path) and message in problem_message(problem)


@pytest.mark.parametrize(
    ("question_id", "raw", "expected"),
    [
        ("languages", "de, en", ["de", "en"]),
        ("languages", " de en;pt-BR ", ["de", "en", "pt-BR"]),
        ("languages", "  ", None),
        ("industry", "  Retail ", "Retail"),
        ("governance", [], []),
    ],
)
def test_a_typed_answer_is_the_value_the_profile_holds(rules, question_id, raw, expected):
    question = next(q for q in parse_questions(TEXT.encode(), "q", rules).questions if q.id == question_id)
    assert typed_answer(question, raw) == expected


def test_a_bad_language_code_is_named_with_the_hint(rules):
    languages = next(q for q in parse_questions(TEXT.encode(), "q", rules).questions if q.id == "languages")
    assert answer_problem(languages, ["de", "English"]) == (
        "'English' is not a known language tag; use an ISO 639 code such as en, de or sw, optionally with a region "
        "or script (en-GB, pt-BR, zh-Hans)"
    )
    assert "more than once" in answer_problem(languages, ["de", "de"])
    assert answer_problem(languages, ["de", "pt-BR", "EN", "zh-Hans"]) is None
    assert "more than once" in answer_problem(
        languages, ["EN", "eng"]
    )  # one language, two spellings and answer_problem(languages, None) is None


def test_an_empty_list_is_a_skip_only_without_a_none_choice(rules):
    questions = {q.id: q for q in parse_questions(TEXT.encode(), "q", rules).questions}
    assert skipped(questions["regions"], []) and not skipped(questions["governance"], [])
    assert skipped(questions["governance"], None) and not skipped(questions["publishes_outputs"], False)


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
    assert "a later question 'budget'" in problem_message(problem)
    assert problem.line == line_of(text, "        when: {question: budget")


def test_a_condition_on_an_unknown_question_is_refused(rules):
    text = TEXT.replace(
        "        field: organization.industry\n",
        "        field: organization.industry\n        when: {question: colour, equals: red}\n",
        1,
    )
    assert "an unknown question 'colour'" in str(refused(text, rules))


def test_a_default_that_is_not_a_choice_is_refused(rules):
    text = TEXT.replace("        default: internal\n", "        default: huge\n")
    [problem] = refused(text, rules).problems
    assert problem.path == "sections[2].questions[0].default" and "'huge' is not one of the choices" in problem_message(problem)


def test_an_unknown_key_is_refused_with_its_line(rules):
    text = TEXT.replace("        type: checkbox\n", "        type: checkbox\n        colour: blue\n", 1)
    [problem] = refused(text, rules).problems
    assert problem.path == "sections[0].questions[4].colour" and problem_message(problem).startswith("unknown key")
    assert problem.line == line_of(text, "        colour: blue")


def test_a_condition_with_two_comparisons_is_refused(rules):
    text = TEXT.replace(
        '    when: {question: "{id}_importance", gt: 0}', '    when: {question: "{id}_importance", gt: 0, lt: 3}'
    )
    assert "exactly one of" in str(refused(text, rules))


def test_conditions_evaluate_without_eval(rules):
    from advisor.questionnaire.questions import Condition

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


def test_the_survey_section_is_data_and_its_ids_are_checked(rules):
    text = (bundled_dir("rules") / "questions.yaml").read_text(encoding="utf-8")
    questionnaire = parse_questions(text.encode(), "questions.yaml", rules)
    title, questions = questionnaire.survey
    assert title == "About you" and [q.field for q in questions] == ["respondent.role"]
    clash = text.replace("    - id: respondent_role\n", "    - id: org_name\n")
    assert "survey.questions[0]" in str(refused(clash, rules)) and "duplicate question id 'org_name'" in str(
        refused(clash, rules)
    )


@pytest.mark.parametrize("rules_name", ["default", "extended"])
def test_a_questionnaire_in_another_language_differs_from_the_english_in_its_texts_only(rules_name):
    """The web asks in the request's language: the same questions, ids, values, fields, conditions and digest (so a
    draft started in one language goes on in another), every prompt, help, label and title said differently."""
    from advisor.questionnaire import load_questions

    rules = load_rules(None if rules_name == "default" else str(bundled_dir("rules") / f"{rules_name}.yaml"))
    english, pseudo = load_questions(rules), load_questions(rules, lang="en-XA")
    assert load_questions(rules, lang="en") == english
    assert pseudo.sha256 == english.sha256 and pseudo.places == english.places
    assert pseudo.need_importance == english.need_importance
    pairs = list(zip(english.questions, pseudo.questions, strict=True))
    for said, other in pairs:
        kept = ("id", "type", "field", "default", "when", "optional", "is_list")
        assert {k: getattr(said, k) for k in kept} == {k: getattr(other, k) for k in kept}
        assert [c.value for c in said.choices or []] == [c.value for c in other.choices or []]
    texts = [(q.prompt, q.help, *(c.label for c in q.choices or [])) for q in english.questions]
    said_texts = [(q.prompt, q.help, *(c.label for c in q.choices or [])) for q in pseudo.questions]
    for text, other in zip(sum(texts, ()), sum(said_texts, ()), strict=True):
        assert (text is None) == (other is None)
        if text is not None:
            assert other != text and other.startswith("[") and other.isascii() is False, (text, other)
    assert pseudo.intro != english.intro
    assert all(a != b for (a, _), (b, _) in zip(english.sections, pseudo.sections, strict=True))
