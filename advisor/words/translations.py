"""A language's translations: its gettext catalogue (advisor/locale) and its overlay of data texts (rules/locale).

Catalogue messages are looked up by their id as gettext context and their English as msgid (`pgettext(id,
english)`); texts of the templates by their English (`gettext`); data texts (rules/, questions.yaml, templates/*.yaml)
first by id in the language's overlay `rules/locale/<language>.yaml` (a flat mapping `id: text`, see
advisor/words/data.py for the ids), then by their English in the catalogue; in a pseudo-locale, a data text without
an overlay entry is transformed on the fly (the forms the core derives, such as a phrase capitalised to start a
sentence, are in no catalogue). What a language lacks is said in English.
Loaded translations are kept for the few most recent languages (a bounded cache, safe from any thread).
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from advisor.core.resources import bundled_dir
from advisor.words.language import ENGLISH, LOCALE_DIR, current, is_pseudo

DOMAIN = "advisor"
CACHED_LANGUAGES = 8
"""Languages whose translations stay loaded (a server answering in many languages loads the others again)."""


@lru_cache(maxsize=CACHED_LANGUAGES)
def translations(language: str) -> gettext.NullTranslations:
    """The gettext translations of `language` (English, or a language without a catalogue: the identity)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language.replace("-", "_")], fallback=True)


def overlay_path(language: str) -> Path:
    """Where `language`'s overlay of data texts lives: rules/locale/<language>.yaml."""
    return bundled_dir("rules") / "locale" / f"{language}.yaml"


@lru_cache(maxsize=CACHED_LANGUAGES)
def overlay(language: str) -> dict[str, str]:
    """`language`'s data texts by id (empty when it has no overlay)."""
    path = overlay_path(language)
    if language == ENGLISH or not path.is_file():
        return {}
    loaded: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()):
        raise ValueError(f"{path}: expected a mapping of text id to text")
    return loaded


def message(message_id: str, english: str, language: str | None = None) -> str:
    """A catalogue message's template in `language` (default: the current one)."""
    return translations(language or current()).pgettext(message_id, english)


def plural_message(message_id: str, one: str, other: str, count: int, language: str | None = None) -> str:
    """A catalogue message's template that agrees with `count`, in `language`."""
    return translations(language or current()).npgettext(message_id, one, other, count)


def text(english: str, language: str | None = None) -> str:
    """A text of the templates (or a data text without an overlay entry) in `language`."""
    return translations(language or current()).gettext(english)


def data_text(text_id: str, english: str, language: str | None = None) -> str:
    """A data text (from rules/, questions.yaml or templates/*.yaml, by its id) in `language`."""
    language = language or current()
    if language == ENGLISH:
        return english
    found = overlay(language).get(text_id)
    if found is not None:
        return found
    if is_pseudo(language):
        from advisor.words.pseudo import pseudo

        return pseudo(english)
    return text(english, language)
