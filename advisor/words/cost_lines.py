"""The business case's quantities and costs in words, for the text views: the block "What it costs a month" (the
users and each use case's quantity, then per recommended track each path's monthly cost with its basis, the prices'
date and sources, the break-even, the currency) and the typical monthly cost of the suggested path(s).

Every figure is followed by its basis: the sentences the core gave (advisor/core/costs.py) said here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.core.data_text import use_case_noun
from advisor.core.messages import DataText, Message, Number, Words
from advisor.core.prices import stale_days
from advisor.words.dates import long_date
from advisor.words.numbers import money as format_money
from advisor.words.say import say

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.costs import CostLine, Costs
    from advisor.core.quantities import Quantities, Quantity
    from advisor.core.rules import Rules


"""Prices whose oldest check is more than this many days before the assessment's date are warned about (issue 25)."""


@dataclass(frozen=True, slots=True)
class CostLineWords:
    """One track on one path said: its figure line, then its basis sentences and where its prices come from."""

    track: str
    path: str
    suggested: bool
    line: str
    basis: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CostBlock:
    """The block of the text output: a heading, the quantities, a line per track and path, the break-even and the
    prices' date and currency."""

    heading: str
    quantities: tuple[str, ...]
    lines: tuple[CostLineWords, ...]
    break_even: tuple[str, ...]
    footer: tuple[str, ...]


def assessment_costs(assessment: Assessment) -> tuple[Quantities | None, Costs | None]:
    """The quantities and costs of an assessment (stage `costs`); None for what did not run or the rules lack."""
    case = assessment.parts.get("business_case")
    if case is None:
        return None, None
    return case.quantities, case.costs


def money(value: float, currency: str) -> Number:
    """An amount of money, formatted by the numbers module."""
    return Number(value, f"money:{currency}")


def suggested_typical(assessment: Assessment) -> tuple[float | None, str | None]:
    """The typical monthly cost of the suggested path(s), summed over the recommended tracks, and its currency;
    (None, None) when there are no costs, (None, currency) when a figure is unknown."""
    found = assessment_costs(assessment)[1]
    if found is None or not found.lines:
        return None, None
    return found.suggested_typical(), found.currency


def suggested_typical_words(assessment: Assessment) -> str | None:
    """'$7,800' (or '-' when unknown); None when the assessment has no costs."""
    value, currency = suggested_typical(assessment)
    if currency is None:
        return None
    return "-" if value is None else format_money(value, currency)


def cost_block(assessment: Assessment, rules: Rules) -> CostBlock | None:
    """The costs said, for the text output; None when there are none (no prices, or nothing is recommended)."""
    found_quantities, found = assessment_costs(assessment)
    if found is None or not found.lines:
        return None
    as_of = long_date(found.prices_as_of)
    lines = tuple(_line_words(line, rules, as_of) for line in found.lines)
    quantities = quantity_lines(found_quantities, rules) if found_quantities is not None else ()
    return CostBlock(
        say(Message.of("costs.costs_heading")),
        quantities,
        lines,
        tuple(break_even_lines(found, rules)),
        tuple(footer_lines(found, assessment.as_of)),
    )


def quantity_lines(quantities: Quantities, rules: Rules) -> tuple[str, ...]:
    """The users (stated, derived or unknown), then each needed use case's quantity a month."""
    users = quantities.users
    if users.count is None:
        lines = [say(Message.of("quantities.users.unknown"))]
    elif users.derived:
        lines = [say(Message.of("quantities.users.derived", users=Number(users.count, "integer"), size=users.size or ""))]
    else:
        lines = [say(Message.of("quantities.users.stated", users=Number(users.count, "integer")))]
    lines.extend(say(_quantity_message(q, rules)) for q in quantities.use_cases)
    if quantities.without_unit:
        nouns = Words(tuple(use_case_noun(rules, uid) for uid in quantities.without_unit))
        lines.append(say(Message.of("costs_text.without_unit", use_cases=nouns)))
    return tuple(lines)


def _quantity_message(q: Quantity, rules: Rules) -> Message:
    noun = DataText(f"rules.use_cases.{q.use_case}.title", rules.use_cases[q.use_case].title)
    unit = Message.of(f"quantities.unit.{q.unit}")
    if q.amount is None:
        return Message.of("quantities.line.unknown", use_case=noun, unit=unit)
    amount = Number(q.amount, "amount")
    if not q.derived:
        return Message.of("quantities.line", use_case=noun, amount=amount, unit=unit)
    return Message.of(
        "quantities.line.derived",
        use_case=noun,
        amount=amount,
        unit=unit,
        per_user=Number(q.per_user or 0.0, "amount"),
        volume=Message.of(f"costs_text.volume.{q.volume}"),
    )


def track_name(rules: Rules, track: str) -> DataText:
    """A track's short name: 'LLM'."""
    return DataText(f"rules.tracks.{track}.short", rules.tracks[track].short)


def path_name(rules: Rules, path: str) -> DataText:
    """A deployment path's title: 'Self-hosted on your servers'."""
    deployment = rules.deployment
    title = deployment.paths[path].title if deployment is not None and path in deployment.paths else path
    return DataText(f"rules.deployment.paths.{path}.title", title)


def _line_words(line: CostLine, rules: Rules, as_of: str) -> CostLineWords:
    track, path = track_name(rules, line.track), path_name(rules, line.path)
    if line.monthly is None:
        figure = Message.of("costs.line.unknown", track=track, path=path)
    else:
        figure = Message.of(
            "costs.line.suggested" if line.suggested else "costs.line",
            track=track,
            path=path,
            low=money(line.monthly["low"], line.currency),
            typical=money(line.monthly["typical"], line.currency),
            high=money(line.monthly["high"], line.currency),
        )
    basis = [say(sentence) for sentence in line.basis]
    if line.monthly is not None:
        basis.append(say(Message.of("costs_text.prices_date", date=as_of)))
    return CostLineWords(line.track, line.path, line.suggested, say(figure), tuple(basis))


def break_even_lines(found: Costs, rules: Rules) -> list[str]:
    """Per track whose quantities are known: where self-hosting breaks even with the API, or that it never does."""
    crossing = {entry.track: entry for entry in found.break_even}
    lines = []
    for curve in found.curves:
        track = track_name(rules, curve.track)
        entry = crossing.get(curve.track)
        if entry is None:
            lines.append(say(Message.of("costs.break_even.none", track=track)))
            continue
        times = Message.of("costs.times", times=Number(entry.times_today, "amount"))
        cost = money(entry.shown_cost, entry.currency)
        lines.append(say(Message.of("costs.break_even", track=track, times=times, cost=cost)))
    return lines


def footer_lines(found: Costs, as_of: dt.date | None = None) -> list[str]:
    """The prices' date and the currency; the exchange rate and its date when not USD; a warning when the oldest
    price was checked more than STALE_AFTER_DAYS before `as_of` (the assessment's date)."""
    lines = [say(Message.of("costs.prices_as_of", date=long_date(found.prices_as_of), currency=found.currency))]
    if found.currency != "USD":
        rate = Message.of(
            "costs.exchange", rate=Number(found.rate, "g"), currency=found.currency, date=long_date(found.rates_as_of)
        )
        lines.append(say(rate))
    days = stale_days(found.oldest_check, as_of)
    if days is not None and as_of is not None:
        stale = Message.of(
            "costs_text.prices_stale",
            checked=long_date(found.oldest_check),
            days=Number(days, "integer"),
            date=long_date(as_of),
        )
        lines.append(say(stale))
    return lines
