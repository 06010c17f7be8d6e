"""Answers to the questionnaire: which questions apply, drafts, and the profile the answers make.

Pure. Answers from every source (a resumed draft, an answers file, --set, defaults, the person at the keyboard)
meet here and become profile data, which then goes through the one profile validation (`parse_profile`).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import ValidationError

from advisor.core.errors import Problem, ProfileError
from advisor.core.messages import Message
from advisor.core.profile import Profile
from advisor.core.validation import json_word, problems_from
from advisor.questionnaire.quantities import number_problem, read_number
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.words.problems import problem_message
from advisor.words.text import text

DRAFT_KEY = "advisor_draft"
MISSING = object()
BACK = object()
"""What an asker returns when the person goes back to the previous question (Ctrl-B)."""


def split_items(text: str, commas_only: bool = False) -> list[str]:
    """The items of a list typed as text: 'de, en' -> ['de', 'en'] (commas, semicolons or spaces separate; with
    `commas_only`, commas and semicolons alone, for names with spaces: 'United Kingdom, Japan')."""
    if commas_only:
        return [item.strip() for item in re.split(r"[,;]+", text) if item.strip()]
    return [item for item in re.split(r"[\s,;]+", text) if item]


def typed_answer(question: Question, raw: Any) -> Any:
    """An answer as the profile holds it: text stripped, a list question's text split into items (none: None)."""
    if not isinstance(raw, str):
        return raw
    if question.type == "number":
        return read_number(raw)
    text = raw.strip()
    if question.is_list:
        return split_items(text, question.split == "commas") or None
    return text


def skipped(question: Question, value: Any) -> bool:
    """Whether an answer leaves its field unstated: no value, empty text, or no box ticked (unless the question
    has a "none of these" choice, which makes an empty list a stated answer)."""
    if isinstance(value, list):
        return not value and question.none_choice is None
    return value is None or value == ""


def applies(question: Question, answers: dict[str, Any]) -> bool:
    """Whether `question` is asked, given the answers so far."""
    return question.when is None or question.when.holds(answers)


def no_needs() -> str:
    """The refusal of answers that give no content need (every use case at importance 0), in the current language."""
    return text("edge.answers.no_needs")


def record(questionnaire: Questionnaire, answers: dict[str, Any], question: Question, value: Any) -> dict[str, Any]:
    """The answers with `question` answered `value`; later answers that this change no longer asks for are dropped."""
    questions = questionnaire.questions
    position = next(i for i, q in enumerate(questions) if q.id == question.id)
    asked_before = [later for later in questions[position + 1 :] if applies(later, answers)]
    updated = {**answers, question.id: value}
    for later in asked_before:
        if later.id in updated and not applies(later, updated):
            del updated[later.id]
    return updated


def checked_answer(question: Question, ticked: list[Any], none_ticked: bool) -> tuple[Any, str | None]:
    """The answer of a checkbox and its problem: the values ticked; [] for "none of these"; None (skipped) for
    nothing ticked when "none of these" is a choice; a problem when "none of these" and others are both ticked."""
    if none_ticked and ticked:
        return None, text("edge.answers.none_and_others", none=str(question.none_choice))
    if none_ticked:
        return [], None
    if not ticked and question.none_choice is not None:
        return None, None
    return list(ticked), None


def has_a_need(questionnaire: Questionnaire, answers: dict[str, Any]) -> bool:
    """Whether some use case has an importance above 0 (a profile needs one)."""
    return any(isinstance(v, int) and v > 0 for v in (answers.get(q) for q in questionnaire.need_importance))


def next_open(questionnaire: Questionnaire, answers: dict[str, Any]) -> int | None:
    """Index of the first question that applies and has no answer yet, or None when all are answered."""
    for index, question in enumerate(questionnaire.questions):
        if applies(question, answers) and question.id not in answers:
            return index
    return None


def lookup(data: dict[str, Any], field: str) -> Any:
    """The value at a dotted field path in profile data, or MISSING."""
    current: Any = data
    for key in field.split("."):
        if not isinstance(current, dict) or key not in current:
            return MISSING
        current = current[key]
    return current


def answers_from_profile(questionnaire: Questionnaire, data: dict[str, Any]) -> dict[str, Any]:
    """Answers read back from (full or partial) profile data: each question takes the value of its field."""
    found = {}
    for question in questionnaire.questions:
        value = lookup(data, question.field)
        if value is not MISSING and value is not None:
            found[question.id] = value
    return found


def profile_data(
    questionnaire: Questionnaire, answers: dict[str, Any], base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Profile data made from the answers, laid over `base` (fields without a question).

    A question without an answer (or skipped) leaves its field out. An answer is kept even where its question's
    condition does not hold (a `when` decides what is asked; a value given in an answers file or with --set stays);
    the interview drops the answers that a changed earlier answer makes moot.
    """
    data = copy.deepcopy(base) if base else {}
    data.pop(DRAFT_KEY, None)
    data.setdefault("schema_version", 1)
    for question in questionnaire.questions:
        value = answers.get(question.id, MISSING)
        if value is MISSING or (question.optional and skipped(question, value)):
            _remove(data, question.field)
            continue
        _place(data, question.field, value)
    needs = data.get("needs")
    if isinstance(needs, dict):  # a use case answered "not needed" is left out, as the schema allows
        data["needs"] = {uid: n for uid, n in needs.items() if not (isinstance(n, dict) and n.get("importance") == 0)}
    return data


def _place(data: dict[str, Any], field: str, value: Any) -> None:
    keys = field.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _remove(data: dict[str, Any], field: str) -> None:
    keys = field.split(".")
    current: Any = data
    for key in keys[:-1]:
        current = current.get(key)
        if not isinstance(current, dict):
            return
    current.pop(keys[-1], None)


def answer_problem(question: Question, value: Any) -> str | None:
    """What is wrong with one answer, by the profile schema's own rules, or None when it is acceptable.

    A list item that is refused is named, with the question's `item_hint` when it has one.
    """
    if question.optional and skipped(question, value):
        return None
    if value is None:
        return text("web_forms.survey.answer_needed")
    if question.type == "number" and (refused := number_problem(question, value)):
        return refused
    probe: dict[str, Any] = {"organization": {"name": "probe"}}
    _place(probe, question.field, value)
    try:
        Profile.model_validate(probe)
    except ValidationError as exc:
        for problem in problems_from(exc, model=Profile):
            if problem.path == question.field:
                return problem_message(problem)
            item = re.fullmatch(re.escape(question.field) + r"\[(\d+)\]", problem.path)
            if item and isinstance(value, list) and int(item[1]) < len(value):
                word = json_word(value[int(item[1])])
                if question.item_hint:
                    return text("edge.answers.item_hint", word=word, hint=question.item_hint)
                return text("edge.answers.item_problem", word=word, problem=problem_message(problem))
    return None


def draft_document(answers: dict[str, Any], questionnaire: Questionnaire, output: str) -> dict[str, Any]:
    """What is saved after every answer: the answers so far, marked as an unfinished draft."""
    return {
        DRAFT_KEY: {
            "version": 1,
            "incomplete": True,
            "answers": answers,
            "questions_sha256": questionnaire.sha256,
            "resume": f"advisor ask --resume {output}",
        }
    }


def draft_answers(data: Any, source: str) -> dict[str, Any]:
    """The answers kept in a draft (or read from a finished profile, for --resume on one)."""
    if isinstance(data, dict) and isinstance(data.get(DRAFT_KEY), dict):
        answers = data[DRAFT_KEY].get("answers")
        if isinstance(answers, dict):
            return dict(answers)
    raise ProfileError(
        source,
        Problem(DRAFT_KEY, Message.of("edge.answers.not_a_draft"), code="answers.not_a_draft"),
    )
