"""The questionnaire edge: the questions as data (`questions`), answers checked by the profile's own rules
(`answers`, `overrides`), the interview flow shared by every front end (`ask` a question at a time in a terminal,
`sections` a section at a time in a browser), the terminal prompts (`prompts`, the only module that imports
questionary; `interactive`), and the check that every field a context rule reads is asked (`coverage`).
Other edges use what is exported here."""

from advisor.questionnaire.answers import (
    MISSING,
    answer_problem,
    answers_from_profile,
    checked_answer,
    profile_data,
    skipped,
)
from advisor.questionnaire.ask import display
from advisor.questionnaire.files import answer_words, load_questions
from advisor.questionnaire.labels import CONFIRM_LABELS, AnswerWords, answer_label
from advisor.questionnaire.overrides import apply_changes, apply_settings
from advisor.questionnaire.quantities import default_note
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.questionnaire.sections import (
    SectionOutcome,
    asked,
    first_open_section,
    needs_section,
    shown,
    submit_section,
)

__all__ = [
    "CONFIRM_LABELS",
    "MISSING",
    "AnswerWords",
    "Question",
    "Questionnaire",
    "SectionOutcome",
    "answer_label",
    "answer_problem",
    "answer_words",
    "answers_from_profile",
    "apply_changes",
    "apply_settings",
    "asked",
    "checked_answer",
    "default_note",
    "display",
    "first_open_section",
    "load_questions",
    "needs_section",
    "profile_data",
    "shown",
    "skipped",
    "submit_section",
]
