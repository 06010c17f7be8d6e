"""Reading the questionnaire from its file: the bundled `rules/questions.yaml` or one named with --questions."""

from __future__ import annotations

import functools
from pathlib import Path

from advisor.core.errors import RulesError
from advisor.core.memo import Memo
from advisor.core.resources import bundled_dir
from advisor.core.rules import MAX_RULES_BYTES, Rules
from advisor.io.sources import read_input
from advisor.questionnaire.labels import AnswerWords
from advisor.questionnaire.questions import Questionnaire, parse_questions
from advisor.words.data import localised
from advisor.words.language import ENGLISH, current


def load_questions(rules: Rules, name: str | Path | None = None, lang: str | None = None) -> Questionnaire:
    """The questionnaire in file `name` (default: the bundled one), its content-needs questions made from the
    active rules' use cases; with `lang`, its texts said in that language (by their data-text ids)."""
    path = str(name) if name is not None else str(bundled_dir("rules") / "questions.yaml")
    raw = read_input(path, MAX_RULES_BYTES, RulesError)
    if lang is None:
        return parse_questions(raw, path, rules)
    return parse_questions(raw, path, rules, functools.partial(localised, lang=lang))


_WORDS: Memo[tuple[str, tuple[str, ...], str], AnswerWords] = Memo(16, "answer words")


def answer_words(rules: Rules) -> AnswerWords:
    """The answers in the words of the bundled questionnaire for `rules` (the labels its respondents saw), in the
    current language; read once per rules and language (a batch of reports asks for them per profile)."""
    language = current()
    key = (rules.sha256, tuple(rules.use_case_ids), language)
    found = _WORDS.get(key)
    if found is None:
        try:
            questionnaire = load_questions(rules, lang=None if language == ENGLISH else language)
        except RulesError:  # rules the bundled questions do not fit: the answers as stored
            questionnaire = Questionnaire("", (), (), "")
        found = _WORDS.put(key, AnswerWords(questionnaire))
    return found
