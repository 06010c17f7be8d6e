"""The language a sentence is said in: one current language per context (a CLI run, a web request), set by the edges.

Languages are BCP 47 tags. English (`en`) is the language of the code and needs no catalogue; another language is
one with a compiled catalogue in `advisor/locale/<tag with _>/LC_MESSAGES/advisor.mo`, such as the pseudo-locale
`en-XA`. A tag is matched with langcodes: `en-GB`, `EN`, `eng` and `en_US` are English; a language without a
catalogue falls back to English. A pseudo-locale is chosen only by its exact tag (langcodes would find `en-XA` closer
to `en-GB` than `en`). The current language is a `ContextVar`: the CLI sets it from `--lang` (else `ADVISOR_LANG`),
`advisor serve` per request from `Accept-Language` (advisor/web/language.py); with nothing set it is `ADVISOR_LANG`'s
language, else English.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache, lru_cache
from pathlib import Path

ENGLISH = "en"
PSEUDO = "en-XA"
"""The pseudo-locale: every message accented and bracketed, to find English the vocabulary does not say."""
PSEUDO_REGIONS = ("XA", "XB")
"""Regions CLDR keeps for pseudo-locales: a tag with one is matched exactly, never as its language."""
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""The compiled catalogues: advisor/locale/<language>/LC_MESSAGES/advisor.mo (shipped in the wheel)."""
ENVIRONMENT = "ADVISOR_LANG"
MAX_ACCEPTED = 16
"""Languages of an Accept-Language header that are considered (a browser sends a few; the rest are ignored)."""

_CURRENT: ContextVar[str | None] = ContextVar("advisor_language", default=None)


class UnknownLanguage(ValueError):
    """A language tag that is not BCP 47 (`--lang 'en GB'`)."""


@cache
def available() -> tuple[str, ...]:
    """The languages advisor speaks: English, then every language with a compiled catalogue."""
    found = sorted(
        path.parent.parent.name.replace("_", "-") for path in LOCALE_DIR.glob("*/LC_MESSAGES/advisor.mo")
    )
    return (ENGLISH, *(tag for tag in found if tag != ENGLISH))


def is_pseudo(language: str) -> bool:
    """Whether `language` is a pseudo-locale (en-XA)."""
    return language.rpartition("-")[2].upper() in PSEUDO_REGIONS


@lru_cache(maxsize=256)
def match(tag: str) -> str | None:
    """The available language that `tag` names (`en-GB` -> `en`), None when there is none; `UnknownLanguage` when
    `tag` is not a language tag."""
    text = tag.strip().replace("_", "-")
    exact = {language.lower(): language for language in available()}
    if text.lower() in exact:  # the usual case, without loading langcodes' data (~0.06 s)
        return exact[text.lower()]
    import langcodes

    if not text or not langcodes.tag_is_valid(text):
        from advisor.core.messages import Message
        from advisor.words.say import say

        # said in the language the edge chose, else English: ADVISOR_LANG's language may be the tag refused here
        raise UnknownLanguage(say(Message.of("edge.language.not_a_tag", tag=repr(tag)), _CURRENT.get() or ENGLISH))
    standard = langcodes.standardize_tag(text)
    languages = available()
    if standard.lower() in exact:
        return exact[standard.lower()]
    if langcodes.Language.get(standard).territory in PSEUDO_REGIONS:
        return None
    real = [language for language in languages if langcodes.Language.get(language).territory not in PSEUDO_REGIONS]
    found = langcodes.closest_supported_match(standard, real)
    return str(found) if found is not None else None


def resolve(tag: str | None) -> str:
    """The language to speak for `tag`: its match, else English (also for a tag that is not one)."""
    if not tag:
        return ENGLISH
    try:
        return match(tag) or ENGLISH
    except UnknownLanguage:
        return ENGLISH


def current() -> str:
    """The current language: the one the edge set for this context, else ADVISOR_LANG's, else English."""
    chosen = _CURRENT.get()
    return chosen if chosen is not None else resolve(os.environ.get(ENVIRONMENT))


def set_language(tag: str | None) -> Token[str | None]:
    """Make `tag`'s language (resolved; None: back to the default) the current one in this context."""
    return _CURRENT.set(resolve(tag) if tag is not None else None)


def reset_language(token: Token[str | None]) -> None:
    """Undo a `set_language`."""
    _CURRENT.reset(token)


def speak_for_process(tag: str) -> Callable[[], None]:
    """Make `tag`'s language the current one here and, through ADVISOR_LANG, in the worker processes started from
    now (a spawned process or a pool's new worker does not inherit a ContextVar); the function that undoes both.
    `UnknownLanguage` when `tag` is not a language tag (the CLI's --lang: a usage error)."""
    match(tag)
    token, before = set_language(tag), os.environ.get(ENVIRONMENT)
    os.environ[ENVIRONMENT] = current()

    def restore() -> None:
        _CURRENT.reset(token)
        if before is None:
            os.environ.pop(ENVIRONMENT, None)
        else:
            os.environ[ENVIRONMENT] = before

    return restore


@contextmanager
def speaking(tag: str | None) -> Iterator[str]:
    """`with speaking("en-XA"):` the language for the block (a test, a request); yields the resolved language."""
    token = set_language(tag)
    try:
        yield current()
    finally:
        _CURRENT.reset(token)


def accepted(header: str | None, default: str) -> str:
    """The language for an Accept-Language header: its most preferred available language, else `default`."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:MAX_ACCEPTED]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and tag.strip() != "*" and quality > 0:
            choices.append((-quality, position, tag.strip()))
    for _, _, tag in sorted(choices):
        try:
            found = match(tag)
        except UnknownLanguage:
            continue
        if found is not None:
            return found
    return default
