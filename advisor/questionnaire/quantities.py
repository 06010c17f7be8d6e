"""The optional quantity questions: how many people would use AI tools (`scale.users`) and how much of each need a
month (`needs.<use case>.quantity`). Pure.

Left empty, the assessment derives them from the rules' defaults (advisor/core/quantities.py); the questions say
what that default would be, from the answers so far, so that a person can keep it or state their own figure. A typed
answer is read here: '1,200', '12.5' and '40' are numbers; anything else is refused with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor.core.messages import Number, Words
from advisor.words.text import text

if TYPE_CHECKING:
    from advisor.core.rules import Rules
    from advisor.questionnaire.questions import Question, Questionnaire

USERS_FIELD = "scale.users"
SIZE_FIELD = "organization.size"
VOLUMES = ("low", "medium", "high")
_NUMBER = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")  # a minus is read, to be refused as such
_GROUPED = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")  # 1,200 or 12,000.5: English digit grouping


@dataclass(frozen=True, slots=True)
class Defaults:
    """What the rules derive an unstated quantity from: people by organisation size, units per person by volume."""

    users_by_size: dict[str, int] = field(default_factory=dict)
    per_user: dict[str, tuple[str, dict[str, float]]] = field(default_factory=dict)
    """use case -> (its unit, units per person a month at each volume)."""


def defaults_of(rules: Rules) -> Defaults:
    """The rules' defaults for unstated quantities."""
    sizes = {str(size): n for size, n in rules.users_by_size.sizes.items()} if rules.users_by_size is not None else {}
    per_user = {
        uid: (str(entry.unit), {volume: float(getattr(entry.per_user, volume)) for volume in VOLUMES})
        for uid, entry in rules.quantities.items()
    }
    return Defaults(sizes, per_user)


def read_number(raw: str) -> int | float | str | None:
    """A typed number as the profile holds it: '' -> None (not stated), '40' -> 40, '12.5' -> 12.5, '1,200' -> 1200;
    text that is no number is returned as typed (stripped), for `number_problem` to refuse."""
    typed = raw.strip().replace(" ", "").replace("_", "")
    if not typed:
        return None
    if _GROUPED.fullmatch(typed):
        typed = typed.replace(",", "")
    if not _NUMBER.fullmatch(typed):
        return raw.strip()
    value = float(typed)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def number_problem(question: Question, value: Any) -> str | None:
    """Why `value` is no answer to number question `question` (text, negative, a fraction where only whole numbers
    go), or None; the profile's own checks (such as at least 1 person) come after this."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return text("questionnaire.quantities.not_a_number", example="25" if question.whole else "120")
    if value < 0:
        return text("questionnaire.quantities.negative")
    if question.whole and not float(value).is_integer():
        return text("questionnaire.quantities.not_whole")
    return None


def _answer_of(questionnaire: Questionnaire, field_path: str, answers: dict[str, Any], base: dict[str, Any]) -> Any:
    """The answer that fills `field_path`, else its value in the profile data the answers complete (a survey's
    organisation, an uploaded profile)."""
    for question in questionnaire.questions:
        if question.field == field_path and question.id in answers:
            return answers[question.id]
    current: Any = base
    for key in field_path.split("."):
        current = current.get(key) if isinstance(current, dict) else None
    return current


def users_default(
    questionnaire: Questionnaire, answers: dict[str, Any], base: dict[str, Any] | None = None
) -> int | None:
    """The people the quantities are derived from: as stated, else by the organisation's size, else unknown."""
    stated = _answer_of(questionnaire, USERS_FIELD, answers, base or {})
    if isinstance(stated, int) and not isinstance(stated, bool) and stated >= 1:
        return stated
    size = _answer_of(questionnaire, SIZE_FIELD, answers, base or {})
    return questionnaire.defaults.users_by_size.get(size) if isinstance(size, str) else None


def default_note(
    questionnaire: Questionnaire,
    question: Question,
    answers: dict[str, Any],
    base: dict[str, Any] | None = None,
    same_page: bool = False,
) -> str | None:
    """What an optional quantity question left empty would be: derived, and from what; or that it stays unknown.

    With `same_page` (a browser's section shows the size beside the people, the volume beside the quantity, and
    either may change before the page is sent), the default is given for each size or volume instead."""
    if question.type != "number":
        return None
    known = base or {}
    sizes = questionnaire.defaults.users_by_size
    if question.field == USERS_FIELD:
        size = None if same_page else _answer_of(questionnaire, SIZE_FIELD, answers, known)
        if same_page and sizes:
            each = [
                text("questionnaire.quantities.users.at_size", users=Number(n, "integer"), size=_size_label(questionnaire, s))
                for s, n in sizes.items()
            ]
            return text("questionnaire.quantities.users.by_size", sizes=Words(tuple(each)))
        if not isinstance(size, str) or size not in sizes:
            return text("questionnaire.quantities.users.unknown")
        return text(
            "questionnaire.quantities.users.derived",
            users=Number(sizes[size], "integer"),
            size=_size_label(questionnaire, size),
        )
    parts = question.field.split(".")
    if len(parts) != 3 or parts[0] != "needs" or parts[2] != "quantity":
        return None
    use_case = parts[1]
    counted = questionnaire.defaults.per_user.get(use_case)
    if counted is None:
        return None
    unit, per_user = counted
    people = users_default(questionnaire, answers, known)
    unit_word = text(f"quantities.unit.{unit}")
    if people is None:
        return text("questionnaire.quantities.unknown")
    volume = None if same_page else _answer_of(questionnaire, f"needs.{use_case}.volume", answers, known)
    if volume in per_user:
        per_person = per_user[volume]
        return text(
            "questionnaire.quantities.derived",
            amount=Number(people * per_person, "amount"),
            unit=unit_word,
            users=Number(people, "integer"),
            per_user=Number(per_person, "g"),
            volume=str(volume),
        )
    return text(
        "questionnaire.quantities.derived_by_volume",
        users=Number(people, "integer"),
        unit=unit_word,
        **{level: Number(people * per_user[level], "amount") for level in VOLUMES},
    )


def _size_label(questionnaire: Questionnaire, size: str) -> str:
    for question in questionnaire.questions:
        if question.field == SIZE_FIELD:
            return next((c.label for c in question.choices or [] if c.value == size), size)
    return size
