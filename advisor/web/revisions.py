"""What changed between versions of a draft. Stale pages: every page that saves answers (a section, the summary's
Accept) carries the draft's revision and the answers it showed; a form sent from an older revision (another tab, the
browser's Back) saves nothing, and the page sent back names the questions whose saved answers changed since, in the
questionnaire's words. Unaccepted changes: whether the answers being edited say something else than the accepted
ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from starlette.datastructures import FormData

from advisor.core.jsondata import loads
from advisor.questionnaire import MISSING, Question, Questionnaire, display, shown, skipped
from advisor.web.store import Draft
from advisor.words.text import text

REVISION_FIELD = "revision"
BASED_ON_FIELD = "based_on"
UNREADABLE = -1
"""The revision of a form whose revision field is not a number: never the draft's, so the form is stale."""


@dataclass(frozen=True, slots=True)
class Change:
    """A question whose saved answer is not the one a stale page showed."""

    id: str
    prompt: str
    section: int
    """The section's number (from 1)."""
    now: str
    before: str


@dataclass(frozen=True, slots=True)
class Stale:
    """What a refused stale form is told: the changes since its page (None when the form did not say what it
    showed)."""

    changes: list[Change] | None


def sent_revision(form: FormData) -> int | None:
    """The revision a form's page showed; None when the form has no revision field (a script's, not a page's)."""
    sent = form.get(REVISION_FIELD)
    if sent is None:
        return None
    if not isinstance(sent, str) or not sent.isdigit() or len(sent) > 18:
        return UNREADABLE
    return int(sent)


def based_on(answers: dict[str, Any]) -> str:
    """The hidden field's value for the answers a page shows."""
    return orjson.dumps(answers).decode()


def stale(q: Questionnaire, form: FormData, answers: dict[str, Any]) -> Stale:
    """What changed between the answers a stale form's page showed and the saved `answers`, in questionnaire order."""
    sent = form.get(BASED_ON_FIELD)
    try:  # what the client sent back: untrusted, so through the strict loader (a repeated key is no answer)
        shown = loads(sent) if isinstance(sent, str) else None
    except ValueError:
        shown = None
    if not isinstance(shown, dict):
        return Stale(None)
    changes = []
    for question in q.questions:
        before, now = shown.get(question.id, MISSING), answers.get(question.id, MISSING)
        if _same(question, before, now):
            continue
        changes.append(
            Change(
                question.id,
                question.prompt,
                q.section_of(question.id) + 1,
                _worded(q, question, now),
                _worded(q, question, before),
            )
        )
    return Stale(changes)


def _same(question: Question, before: Any, now: Any) -> bool:
    """Whether two answers to `question` say the same: equal, or both unstated (no answer and an empty skip, which
    sending a page untouched fills in, are no change to report)."""
    if before == now:
        return True
    return (before is MISSING or skipped(question, before)) and (now is MISSING or skipped(question, now))


def unaccepted_changes(q: Questionnaire, draft: Draft) -> bool:
    """Whether the answers being edited say something else than the accepted ones (False before a first acceptance):
    a page sent again unchanged, which fills in a default or an empty skip, changes nothing."""
    if draft.accepted_answers is None or draft.answers == draft.accepted_answers:
        return False
    return _stated(q, draft.answers) != _stated(q, draft.accepted_answers)


def _stated(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as they count: a question's default where it has no answer, only the questions that apply, and
    no skipped answer."""
    filled = {question.id: answers.get(question.id, question.default) for question in q.questions}
    applying = [question for index in range(len(q.sections)) for question in shown(q, index, filled)]
    return {question.id: filled[question.id] for question in applying if not skipped(question, filled[question.id])}


def _worded(q: Questionnaire, question: Question, answer: Any) -> str:
    """An answer as the questionnaire words it, on one line ('no answer' for none)."""
    try:
        shown = display(question, answer, q.scale_labels)
    except (TypeError, ValueError, KeyError, AttributeError):  # a form's own copy, which a person could edit
        return text("web_forms.unshowable")
    return text("web_forms.no_answer") if shown == "-" else "; ".join(shown.splitlines())
