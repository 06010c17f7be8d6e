"""The prices a rules file costs paths with: `prices.yaml` beside the rules file (else the bundled one), its token
prices read from the genai-prices package's bundled data.

genai-prices is imported only here, when rules are read from YAML (a cold rules cache): the prices it gives are then
kept with the rules in the cache, so a warm `advisor score` never loads its data. It is asked for the price on the
prices file's `as_of` date and never fetches (only its `UpdatePrices`, never started here, would).
"""

from __future__ import annotations

import datetime as dt

from advisor.core.errors import Problem, RulesError
from advisor.core.messages import Message
from advisor.core.prices import LEVELS, Prices, TokenModel
from advisor.core.rules import PRICES_FILE, Rules

_SAMPLE_TOKENS = 100_000
"""Tokens priced to find the price per million: below the long-context tiers some models charge more for."""


def with_token_prices(rules: Rules) -> Rules:
    """`rules` with the token prices of their prices (`prices.yaml`, read by `parse_rules`) filled in from
    genai-prices."""
    if rules.prices is None or rules.prices.tokens.priced:
        return rules
    return rules.model_copy(update={"prices": priced_tokens(rules.prices)})


def priced_tokens(prices: Prices) -> Prices:
    """`prices` with each token model's USD per million tokens (input and output) from genai-prices, as of the prices'
    date; a model it lacks, or a package version other than the one named, is a located `RulesError`."""
    if prices.tokens.priced:
        return prices
    import genai_prices

    named = prices.tokens.package.split()[1]
    if genai_prices.__version__ != named:
        message = Message.of("problem.prices.package", named=named, installed=genai_prices.__version__)
        raise RulesError(PRICES_FILE, Problem("tokens.package", message, code="rules.prices.package"))
    when = dt.datetime.combine(prices.as_of, dt.time(12), tzinfo=dt.UTC)
    usage = genai_prices.Usage(input_tokens=_SAMPLE_TOKENS, output_tokens=_SAMPLE_TOKENS)
    priced: dict[str, TokenModel] = {}
    for level in LEVELS:
        model = prices.tokens.at(level)
        try:
            found = genai_prices.calc_price(usage, model.model, provider_id=model.provider, genai_request_timestamp=when)
        except LookupError:
            message = Message.of("problem.prices.model", model=model.model, provider=model.provider, package=prices.tokens.package)
            raise RulesError(PRICES_FILE, Problem(f"tokens.{level}.model", message, code="rules.prices.model")) from None
        per_million = 1_000_000 / _SAMPLE_TOKENS
        priced[level] = model.model_copy(
            update={"input": float(found.input_price) * per_million, "output": float(found.output_price) * per_million}
        )
    tokens = prices.tokens.model_copy(update=priced)
    unordered = tokens.out_of_order()
    if unordered is not None:  # low <= typical <= high holds for every other figure: the models must keep it too
        message = Message.of("problem.rules.prices.ordered")
        raise RulesError(PRICES_FILE, Problem(f"tokens.{unordered}", message, code="schema.invalid"))
    return prices.model_copy(update={"tokens": tokens})
