"""The questionnaire edge: the questions as data (`questions`), answers checked by the profile's own rules
(`answers`, `overrides`), the interview flow shared by every front end (`ask`), the terminal prompts (`prompts`, the
only module that imports questionary; `interactive`), and the check that every field a context rule reads is asked
(`coverage`). Other edges use what is exported here."""

from advisor.questionnaire.files import load_questions

__all__ = ["load_questions"]
