"""The questionnaire a section at a time, as a web page asks it: which questions a page shows, and what a submitted
page does to the answers. Pure; the checks are the interview's own (`answers`), so both front ends agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.questionnaire.answers import (
    answer_problem,
    applies,
    has_a_need,
    next_open,
    no_needs,
    record,
    typed_answer,
)
from advisor.questionnaire.questions import Question, Questionnaire


@dataclass(frozen=True, slots=True)
class SectionOutcome:
    """What a submitted section did: the answers now, the problems per question id ('' for the whole section),
    and the questions of the section that apply now but were not on the page (an earlier answer opened them)."""

    answers: dict[str, Any]
    problems: dict[str, str] = field(default_factory=dict)
    opened: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.problems and not self.opened


def shown(questionnaire: Questionnaire, index: int, answers: dict[str, Any]) -> list[Question]:
    """The questions of section `index` that apply given the answers so far, in order."""
    return [q for q in questionnaire.sections[index][1] if applies(q, answers)]


def submit_section(
    questionnaire: Questionnaire, answers: dict[str, Any], index: int, given: dict[str, Any]
) -> SectionOutcome:
    """Record the answers `given` (question id -> raw answer) for section `index`, checking each as the interview does.

    A refused answer keeps the earlier one and is named in `problems`; a changed answer drops later answers that no
    longer apply. Leaving the content needs with no use case above importance 0 is a problem of the section.
    """
    current = dict(answers)
    problems: dict[str, str] = {}
    for question in questionnaire.sections[index][1]:
        if question.id not in given or not applies(question, current):
            continue
        value = typed_answer(question, given[question.id])
        problem = answer_problem(question, value)
        if problem:
            problems[question.id] = problem
            continue
        current = record(questionnaire, current, question, value)
    opened = tuple(q.id for q in shown(questionnaire, index, current) if q.id not in current and q.id not in given)
    if _is_needs_section(questionnaire, index) and not has_a_need(questionnaire, current) and not problems:
        problems[""] = no_needs()
    return SectionOutcome(current, problems, opened)


def _is_needs_section(questionnaire: Questionnaire, index: int) -> bool:
    return bool(questionnaire.need_importance) and questionnaire.section_of(questionnaire.need_importance[0]) == index


def needs_section(questionnaire: Questionnaire) -> int | None:
    """The index of the content-needs section, if the questionnaire has one."""
    if not questionnaire.need_importance:
        return None
    return questionnaire.section_of(questionnaire.need_importance[0])


def first_open_section(questionnaire: Questionnaire, answers: dict[str, Any]) -> int | None:
    """The section of the first question that applies and has no answer; None when everything is answered."""
    index = next_open(questionnaire, answers)
    return None if index is None else questionnaire.section_of(questionnaire.questions[index].id)


def asked(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[Question]:
    """The questions a summary lists: those that apply, and any answered beforehand."""
    return [q for q in questionnaire.questions if applies(q, answers) or q.id in answers]
