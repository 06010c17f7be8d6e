"""HTML forms <-> questionnaire answers: the names and values a page's inputs carry, and the answers they mean.

Each question is one form field named after its id. A choice's value is written as JSON (so 3, "3" and true stay
apart) and read back only if it is one of the question's choices. An optional select or yes/no has a skip entry
(the empty value); a checkbox's "none of these" is the value NONE.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import FormData

from advisor.questionnaire import CONFIRM_LABELS, Question, answer_problem, checked_answer, skipped
from advisor.web.errors import FormProblem
from advisor.words.text import text

NONE = "__none__"
YES, NO = "true", "false"


def choice_value(value: Any) -> str:
    """How a choice's value is written in a form."""
    return orjson.dumps(value).decode()


def field_values(
    question: Question, answer: Any, scale_labels: tuple[str, ...], sent: list[str] | None = None
) -> dict[str, Any]:
    """What a template needs to draw the question's inputs with `answer` filled in; or, for a refused form, with the
    values it `sent` (the boxes the person ticked stay ticked, a value no input has is dropped)."""
    if question.type == "scale":
        options = [(choice_value(level), f"{level} {label}") for level, label in enumerate(scale_labels)]
    elif question.type == "confirm":
        options = [(YES, CONFIRM_LABELS[True]), (NO, CONFIRM_LABELS[False])]
    else:
        options = [(choice_value(c.value), c.label) for c in question.choices or []]
    if question.type == "checkbox" and question.none_choice is not None:
        options.append((NONE, question.none_choice))
    if sent is not None:
        text = sent[0] if question.type in ("text", "number") and sent else ""
        return {"options": options, "chosen": set(sent) & {value for value, _ in options}, "text": text}
    if question.type == "checkbox":
        chosen = {choice_value(v) for v in answer} if isinstance(answer, list) else set()
        if question.none_choice is not None and answer == []:
            chosen = {NONE}
        return {"options": options, "chosen": chosen, "text": ""}
    if question.type == "confirm":
        chosen = {YES} if answer is True else {NO} if answer is False else set()
    elif question.type in ("select", "scale"):
        chosen = {choice_value(answer)} if answer is not None and not skipped(question, answer) else set()
    else:
        chosen = set()
    text = ", ".join(map(str, answer)) if isinstance(answer, list) else ("" if answer is None else str(answer))
    return {"options": options, "chosen": chosen, "text": text}


def sent_values(question: Question, form: FormData) -> list[str]:
    """The values a form sent for `question`, as sent."""
    return [v for v in form.getlist(question.id) if isinstance(v, str)]


def submitted(questions: list[Question], form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """The raw answers a form gives for `questions`, and the problems of values no input could send.

    A question with no field in the form is not in the result (its page did not show it, or showed it disabled);
    radio buttons and check boxes send nothing when none is chosen, so every shown question carries a hidden marker
    field `<id>__shown`.
    """
    given: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question in questions:
        values = sent_values(question, form)
        if not values and f"{question.id}__shown" not in form:
            continue
        try:
            if question.type == "number" and f"{question.id}__unreadable" in form:  # the page's script: text typed
                raise FormProblem(answer_problem(question, "?") or text("web_forms.not_a_choice"))
            given[question.id] = _answer(question, values)
        except FormProblem as exc:
            problems[question.id] = str(exc)
    return given, problems


def _answer(question: Question, values: list[str]) -> Any:
    if question.type in ("text", "number"):  # a number is read (and refused) as a typed answer is
        return values[0] if values else ""
    if question.type == "checkbox":
        allowed = {choice_value(c.value): c.value for c in question.choices or []}
        unknown = [v for v in values if v not in allowed and v != NONE]
        if unknown:
            raise FormProblem(text("web_forms.not_a_choice"))
        value, problem = checked_answer(question, [allowed[v] for v in values if v != NONE], NONE in values)
        if problem:
            raise FormProblem(problem)
        return value
    raw = values[0] if values else ""
    if raw == "":
        return None  # skipped, or nothing chosen: answer_problem says whether that is allowed
    if question.type == "confirm":
        if raw not in (YES, NO):
            raise FormProblem(text("web_forms.yes_or_no"))
        return raw == YES
    if question.type == "scale":
        try:
            level = orjson.loads(raw)
        except orjson.JSONDecodeError:
            level = None
        if type(level) is not int:
            raise FormProblem(text("web_forms.not_a_choice"))
        return level
    allowed = {choice_value(c.value): c.value for c in question.choices or []}
    if raw not in allowed:
        raise FormProblem(text("web_forms.not_a_choice"))
    return allowed[raw]
