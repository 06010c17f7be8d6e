"""--currency: the currency the costs are given in, one of the rates table of the rules' prices (any case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.core.errors import UsageError

if TYPE_CHECKING:
    from advisor.core.rules import Rules

USD = "USD"
"""The prices' own currency: always known."""


def known_currencies(rules: Rules) -> tuple[str, ...]:
    """USD, then the currencies the prices' rates table gives, in order."""
    prices = rules.prices
    return (USD, *sorted(prices.rates.per_usd)) if prices is not None else (USD,)


def chosen_currency(given: str | None, rules: Rules) -> str:
    """`given` in upper case ('eur' is 'EUR'), USD when not given; a currency the rates lack is a UsageError (exit 2)
    naming the known ones."""
    if given is None:
        return USD
    code = given.strip().upper()
    known = known_currencies(rules)
    if code not in known:
        from advisor.core.messages import Words
        from advisor.words.text import text

        raise UsageError(text("costs_text.currency_unknown", currency=repr(given), known=Words(known)))
    return code
