"""Dates as a reader sees them, in the current language: '7 December 2026' (the report's date)."""

from __future__ import annotations

import datetime as dt
import importlib

ENGLISH = "en"


def current_language() -> str:
    """The language sentences are said in now (advisor.words.language once it is there; English until then)."""
    try:
        language = importlib.import_module("advisor.words.language")
    except ImportError:
        return ENGLISH
    return str(language.current())


def long_date(day: dt.date, language: str | None = None) -> str:
    """`day` written out: '7 December 2026' in English, as the report has always written it (without loading Babel);
    the language's long date (Babel's `format_date`) in another, English's month names where Babel has no locale
    (a pseudo-locale)."""
    language = language or current_language()
    if language == ENGLISH:
        return f"{day.day} {day.strftime('%B %Y')}"
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en_GB")  # day, month, year: as English reads here
    return format_date(day, format="long", locale=locale)
