"""THE numbers module: every number a user reads, laid out for the language by Babel.

The core decides the precision (advisor/core/numbers.py: digits per kind, `looks_equal`, no '-0.00', no '100%' below
1); this module rounds there first (Python's rounding of the float, as the tool always has) and gives Babel the rounded
`Decimal` to lay out with the language's signs and separators. English (and the pseudo-locale, whose numbers are
English) is the core's text as it is: Babel's English layout of it is the same, byte for byte
(tests/test_words_numbers.py checks that on random values), and skipping Babel there keeps a cold `advisor score`
from loading it (~0.1 s). Templates use these as filters: `{{ f|fit }}`, `{{ p|percent }}`, `{{ w|weight }}`,
`{{ m|signed }}`, `{{ x|decimal(3) }}`, `{{ n|count }}`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from advisor.core import numbers as precision
from advisor.core.numbers import FIT_DIGITS, MARGIN_DIGITS, WEIGHT_DIGITS
from advisor.words.language import ENGLISH, current, is_pseudo
from advisor.words.translations import message

if TYPE_CHECKING:
    from babel import Locale

BABEL_ENGLISH = "en_GB"
"""Babel's English: numbers as 'en', lists without the serial comma ('a, b and c'), as the tool has always written."""


def says_english_numbers(language: str | None = None) -> bool:
    """Whether `language` (default: the current one) writes numbers as English does: English and pseudo-locales."""
    language = language or current()
    return language == ENGLISH or is_pseudo(language)


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of `language` (default: the current one); English ('en_GB'), a pseudo-locale or an unknown
    language is English."""
    return _babel_locale(language or current())


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    if says_english_numbers(language):
        return Locale.parse(BABEL_ENGLISH)
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(BABEL_ENGLISH)


def babel_layout(shown: str, locale: Locale) -> str:
    """`shown` (digits as Python printed them: '-0.30', '12') laid out by Babel for `locale`."""
    from babel.numbers import format_decimal

    digits = len(shown.partition(".")[2])
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(Decimal(shown), format=pattern, locale=locale)


def _laid_out(shown: str, language: str | None) -> str:
    """`shown` laid out for the language (English: as it is)."""
    return shown if says_english_numbers(language) else babel_layout(shown, babel_locale(language))


def decimal(value: float, digits: int, language: str | None = None) -> str:
    """`value` with `digits` decimals, never '-0.00'."""
    return _laid_out(precision.decimal(value, digits), language)


def fit(value: float, language: str | None = None) -> str:
    """A fit as shown everywhere: '0.69'."""
    return decimal(value, FIT_DIGITS, language)


def difference(value: float, digits: int = MARGIN_DIGITS, language: str | None = None) -> str:
    """The size of a lead or gap that is not zero: '0.012', or 'less than 0.001' when it would print as 0.000."""
    shown = precision.decimal(abs(value), digits)
    if float(shown) == 0:
        smallest = _laid_out(f"{10**-digits:.{digits}f}", language)
        return message("numbers.less_than", "less than {value}", language).format(value=smallest)
    return _laid_out(shown, language)


def signed(value: float, digits: int = MARGIN_DIGITS, language: str | None = None) -> str:
    """A signed figure for a table: '+0.012', '-0.300', and '0.000' (no sign) when it rounds to zero."""
    shown = precision.decimal(value, digits)
    if float(shown) == 0:
        return _laid_out(shown, language)
    if says_english_numbers(language):
        return precision.signed(value, digits)
    from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

    locale = babel_locale(language)
    sign = get_minus_sign_symbol(locale) if shown.startswith("-") else get_plus_sign_symbol(locale)
    return sign + babel_layout(shown.lstrip("-"), locale)


def percent(share: float, digits: int = 0, language: str | None = None) -> str:
    """A share or probability as a percentage; never 100% below 1 ('>99%') nor 0% above 0 ('<1%')."""
    english = precision.percent(share, digits)
    return english if says_english_numbers(language) else babel_percent(english, digits, babel_locale(language))


def babel_percent(english: str, digits: int, locale: Locale) -> str:
    """A percentage as the core writes it ('12.5%', '>99%') laid out by Babel for `locale`."""
    from babel.numbers import format_percent

    bound = english[0] if english[0] in "<>" else ""
    shown = Decimal(english[len(bound) : -1])
    pattern = locale.percent_formats[None].pattern.split(";")[0].replace("0", "0." + "0" * digits if digits else "0", 1)
    return bound + format_percent(shown / 100, format=pattern, locale=locale)


def weight(share: float, language: str | None = None) -> str:
    """A use case's weight as a percentage: '10.8%'."""
    return percent(share, WEIGHT_DIGITS, language)


def count(value: float, language: str | None = None) -> str:
    """A whole number of things: '3'."""
    return _laid_out(str(int(value)), language)


def integer(value: float, language: str | None = None) -> str:
    """A whole number with its thousands grouped: '4,096'."""
    if says_english_numbers(language):
        return f"{int(value):,}"
    from babel.numbers import format_decimal

    return format_decimal(int(value), format="#,##0", locale=babel_locale(language))


def money(value: float, currency: str = "USD", language: str | None = None) -> str:
    """An estimated amount of money (three significant figures, whole units): '$12,300', '€950', 'CHF 1,200'."""
    if says_english_numbers(language):
        return precision.money(value, currency)
    from babel.numbers import format_currency

    english = precision.money(value, currency)
    cents = "." in english
    shown = Decimal(f"{value:.2f}") if cents else Decimal(str(precision.significant(value)))
    pattern = "¤#,##0.00" if cents else "¤#,##0"
    return format_currency(shown, currency, format=pattern, locale=babel_locale(language), currency_digits=False)


def amount(value: float, language: str | None = None) -> str:
    """A quantity (three significant figures; below 10, one decimal): '1,200', '0.5'."""
    english = precision.amount(value)
    if says_english_numbers(language):
        return english
    from babel.numbers import format_decimal

    return format_decimal(Decimal(english.replace(",", "")), format="#,##0.#", locale=babel_locale(language))


def as_written(value: float, language: str | None = None) -> str:
    """A threshold as the rules write it, no more digits than it has: '0.5', '0.05'."""
    shown = f"{value:g}"
    if says_english_numbers(language) or not shown.lstrip("-").replace(".", "").isdigit():
        return shown  # English, or an exponent ('1e-05'), which Babel's patterns do not write
    return _laid_out(shown, language)


def number(value: float, kind: str, language: str | None = None) -> str:
    """A `Number` of `kind` ('fit', 'margin', 'difference', 'signed', 'percent', 'weight', 'count', 'integer', 'g',
    'decimal:N')."""
    match kind.partition(":"):
        case ("decimal", ":", digits):
            return decimal(value, int(digits), language)
        case ("margin" | "difference", "", ""):
            return difference(value, MARGIN_DIGITS, language)
        case ("signed", "", ""):
            return signed(value, MARGIN_DIGITS, language)
        case ("percent", "", ""):
            return percent(value, 0, language)
        case ("fit", "", ""):
            return fit(value, language)
        case ("weight", "", ""):
            return weight(value, language)
        case ("count", "", ""):
            return count(value, language)
        case ("integer", "", ""):
            return integer(value, language)
        case ("g", "", ""):
            return as_written(value, language)
        case ("money", ":", currency):
            return money(value, currency, language)
        case ("amount", "", ""):
            return amount(value, language)
    raise KeyError(f"no number kind {kind!r}")


NUMBER_FILTERS: dict[str, Callable[..., str]] = {
    "fit": fit,
    "percent": percent,
    "weight": weight,
    "signed": signed,
    "decimal": decimal,
    "difference": difference,
    "count": count,
    "integer": integer,
    "money": money,
    "amount": amount,
}
"""The formatters as template filters, in the language of the render: `{{ p|percent }}`, `{{ f|fit }}`."""
