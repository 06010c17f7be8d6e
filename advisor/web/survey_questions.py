"""The questionnaire as a survey's respondents answer it: the organisation section is fixed by the survey, so its
questions give way to one about the respondent (their role or department); every other question is the same."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from advisor.questionnaire import Question, Questionnaire, profile_data, submit_section
from advisor.words.text import text

ORGANIZATION = "organization."


ABOUT_THE_ORGANIZATION = (ORGANIZATION, "scale.")
"""The fields the organisation section may fill: the organisation's, and how many people would use AI tools."""


def organization_section(questionnaire: Questionnaire) -> int:
    """The index of the section whose questions all fill the organisation's fields (and its scale)."""
    for index, (_, questions) in enumerate(questionnaire.sections):
        about = questions and all(q.field.startswith(ABOUT_THE_ORGANIZATION) for q in questions)
        if about and any(q.field.startswith(ORGANIZATION) for q in questions):
            return index
    raise ValueError(text("web_forms.no_organisation_section"))


def organization_questions(questionnaire: Questionnaire) -> list[Question]:
    """The questions of the organisation section that a survey fixes: the organisation's own fields (a survey keeps
    no scale: each respondent's needs are derived from the organisation's size)."""
    _, questions = questionnaire.sections[organization_section(questionnaire)]
    return [q for q in questions if q.field.startswith(ORGANIZATION)]


def survey_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire with its organisation section replaced by the questions file's survey section (the
    respondent's role); a questions file without one gets no questions in its place."""
    index = organization_section(questionnaire)
    sections = list(questionnaire.sections)
    if questionnaire.survey is None:
        raise ValueError(text("web_forms.no_survey_section"))
    sections[index] = questionnaire.survey
    fields = ",".join(q.field for q in questionnaire.survey[1])
    digest = hashlib.sha256(f"{questionnaire.sha256}:survey:{fields}".encode()).hexdigest()
    return dataclasses.replace(questionnaire, sections=tuple(sections), sha256=digest)


def organization_answers(questionnaire: Questionnaire, given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The organisation a survey fixes, from the organiser's answers to the organisation section (checked as the
    questionnaire checks them), and the problems per question id."""
    outcome = submit_section(questionnaire, {}, organization_section(questionnaire), given)
    organization = profile_data(questionnaire, outcome.answers).get("organization", {})
    return organization, outcome.problems
