"""How an answer reads: in the words its question showed (a choice's label, not its stored value; Yes or No; a
scale level with its label). One lookup from the question data, for every view that shows an answer to a person:
the summary, the survey dashboard, conflicts between respondents and the group report. Pure.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.core.headline import join_words
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.words.numbers import number

CONFIRM_LABELS = {True: "Yes", False: "No"}
"""The labels of a yes/no question's two choices."""


def answer_label(question: Question, value: Any, scale_labels: tuple[str, ...], joint: str = ", ") -> str:
    """`value` (not skipped) as `question` showed it; list items joined with `joint`; an empty list is the question's
    "none of these" label (or "none")."""
    if isinstance(value, bool):
        return CONFIRM_LABELS[value]
    if question.type == "scale" and isinstance(value, int) and 0 <= value < len(scale_labels):
        return f"{value} {scale_labels[value]}"
    if question.type == "number" and isinstance(value, (int, float)):
        shown = number(value, "integer" if float(value).is_integer() else "g")  # as stated, not rounded
        return f"{shown} {question.unit}" if question.unit else shown
    labels = {c.value: c.label for c in question.choices or []}
    if isinstance(value, list):
        return joint.join(labels.get(v, str(v)) for v in value) or question.none_choice or "none"
    return labels.get(value, str(value))


class AnswerWords:
    """The answers of one questionnaire in the words the respondents saw, by profile field: call it with a field
    path and a value. A label shown in a sentence is quoted (labels may hold commas); free text is as written."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        survey = questionnaire.survey[1] if questionnaire.survey else ()
        self.scale_labels = questionnaire.scale_labels
        self.by_field = {q.field: q for q in (*questionnaire.questions, *survey)}

    def __call__(self, field: str, value: Any) -> str:
        """`value` of profile field `field` as its question showed it, each label quoted; a field no question asks,
        as stored."""
        return self.label(field, value, "“{}”")

    def offers(self, field: str) -> bool:
        """Whether a question asks `field` with choices of its own (then its answers have labels)."""
        question = self.by_field.get(field)
        return question is not None and (bool(question.choices) or question.type == "confirm")

    def headword(self, field: str, value: Any) -> str:
        """A single answer's label cut to its headword, for a narrow column: the words before a colon or an opening
        parenthesis ("Medium: business tiers for teams" -> "Medium")."""
        return re.split(r":\s| \(", self.label(field, value), maxsplit=1)[0]

    def label(self, field: str, value: Any, quoted: str = "{}") -> str:
        """`value` of profile field `field` as its question showed it, each label written as `quoted` formats it."""
        question = self.by_field.get(field)
        if question is None:
            return _stored(value)
        if question.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return answer_label(question, value, self.scale_labels)  # with its unit: "1,200 documents a month"
        if not question.choices and not isinstance(value, bool) and question.type != "scale":
            return (join_words([str(v) for v in value]) or "none") if isinstance(value, list) else str(value)
        if isinstance(value, list) and value:
            order = {c.value: n for n, c in enumerate(question.choices or [])}  # as the question lists them
            ordered = sorted(value, key=lambda v: order.get(v, len(order)))
            return join_words([quoted.format(answer_label(question, [v], self.scale_labels)) for v in ordered])
        return quoted.format(answer_label(question, value, self.scale_labels))


def _stored(value: Any) -> str:
    if isinstance(value, bool):
        return CONFIRM_LABELS[value]
    if isinstance(value, list):
        return join_words([str(v) for v in value]) or "none"
    return str(value)
