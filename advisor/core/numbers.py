"""Numbers as a reader sees them: one precision per kind of number, and whether two values look equal at it. Pure.

Every sentence that states a fit, a lead, a change or a probability formats it here, so that no sentence says
"better by 0.000", "from 0.57 to 0.57" or "100%" for a probability below 1.
"""

from __future__ import annotations

FIT_DIGITS = 2
"""Fits (0 to 1) are shown with two decimals: 0.69."""
MARGIN_DIGITS = 3
"""Margins, leads and contributions are shown with three decimals: 0.012."""
WEIGHT_DIGITS = 1
"""Weights are percentages with one decimal: 10.8%."""


def decimal(value: float, digits: int) -> str:
    """`value` with `digits` decimals, never '-0.00' (a value that rounds to zero has no sign)."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def looks_equal(a: float, b: float, digits: int) -> bool:
    """Whether `a` and `b` print the same with `digits` decimals: equal at this precision."""
    return decimal(a, digits) == decimal(b, digits)


def fit(value: float) -> str:
    """A fit as shown everywhere: '0.69'."""
    return decimal(value, FIT_DIGITS)


def fits_look_equal(a: float, b: float) -> bool:
    """Whether two fits print the same: 0.694 and 0.686 are both 0.69."""
    return looks_equal(a, b, FIT_DIGITS)


def margins_look_equal(a: float, b: float) -> bool:
    """Whether two margins (or a margin and 0) print the same: a lead of 0.0004 is no lead at this precision."""
    return looks_equal(a, b, MARGIN_DIGITS)


def difference(value: float, digits: int = MARGIN_DIGITS) -> str:
    """The size of a lead or gap that is not zero: '0.012', or 'less than 0.001' when it would print as 0.000."""
    shown = decimal(abs(value), digits)
    return f"less than {10**-digits:.{digits}f}" if float(shown) == 0 else shown


def signed(value: float, digits: int = MARGIN_DIGITS) -> str:
    """A signed figure for a table: '+0.012', '-0.300', and '0.000' (no sign) when it rounds to zero."""
    shown = decimal(value, digits)
    return shown if float(shown) == 0 or shown.startswith("-") else f"+{shown}"


def percent(share: float, digits: int = 0) -> str:
    """A share or probability as a percentage; never 100% below 1 ('>99%') nor 0% above 0 ('<1%')."""
    shown = decimal(share * 100, digits)
    step = 10**-digits
    if share < 1 and float(shown) >= 100:
        return f">{100 - step:.{digits}f}%"
    if share > 0 and float(shown) <= 0:
        return f"<{step:.{digits}f}%"
    return f"{shown}%"


def weight(share: float) -> str:
    """A use case's weight as a percentage: '10.8%'."""
    return percent(share, WEIGHT_DIGITS)


def weights_look_equal(a: float, b: float) -> bool:
    """Whether two weights print the same percentage."""
    return weight(a) == weight(b)


def significant(value: float, digits: int = 3) -> float:
    """`value` rounded to `digits` significant figures (an estimate shows no more precision than it has): 12,345 ->
    12,300; below 100, whole units (a cost of 37.4 reads 37)."""
    if value == 0 or abs(value) < 100:
        return float(round(value))
    from math import floor, log10

    return float(round(value, digits - 1 - floor(log10(abs(value)))))


CURRENCY_SIGNS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
"""Currencies English writes with a sign before the figure; others are written with their code ('CHF 1,200')."""


def money(value: float, currency: str) -> str:
    """An estimated amount of money as English writes it: '$12,300', '€950', 'CHF 1,200' (three significant figures,
    whole units), with cents below 100 where there are any: '$0.04', '$2.50'."""
    small = abs(value) < 100 and round(value, 2) != round(value)
    shown = f"{value:,.2f}" if small else f"{significant(value):,.0f}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{shown}" if sign is not None else f"{currency} {shown}"


def amount(value: float) -> str:
    """A quantity as English writes it: '1,200', '0.5', '15' (three significant figures; below 10, one decimal)."""
    if 0 < abs(value) < 10 and value != int(value):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{significant(value):,.0f}"
