"""`advisor prices show`: every price of the rules (seats, media units, token models with the per-million prices
genai-prices gave, self-hosting figures, exchange rates), each with what it is, its source and the date it was
checked, as tables (text) or the prices file's data (JSON); a warning on stderr when the oldest check is more than
STALE_AFTER_DAYS before the day shown for."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table
from rich.text import Text

from advisor.core.prices import STALE_AFTER_DAYS, stale_days
from advisor.io.output_format import OutputFormat, chosen_format
from advisor.io.streams import note, write_json
from advisor.words.dates import long_date
from advisor.words.numbers import amount, as_written
from advisor.words.text import text

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.core.prices import Price, Prices
    from advisor.core.rules import Rules

LEVELS = ("low", "typical", "high")


def prices_stale_days(prices: Prices, today: dt.date) -> int | None:
    """How many days before `today` the oldest price was checked, when that is more than STALE_AFTER_DAYS; else None."""
    return stale_days(prices.oldest_check, today)


def show_prices(rules: Rules, requested: OutputFormat | None, today: dt.date) -> None:
    """The rules' prices: JSON (the prices file's figures, token prices filled in) or tables; the stale warning on
    stderr either way."""
    prices = rules.prices
    if prices is None:
        note(text("prices_table.none", name=rules.name))
        if chosen_format(requested) is OutputFormat.json:
            write_json({"rules": rules.name, "prices": None})
        return
    days = prices_stale_days(prices, today)
    if chosen_format(requested) is OutputFormat.json:
        write_json(prices_data(rules.name, prices, today))
    else:
        from advisor.io.terminal import console_for

        print_prices(rules.name, prices, console_for(sys.stdout))
    if days is not None:
        note(text("prices_table.stale", checked=long_date(prices.oldest_check), days=days, today=long_date(today)))


def prices_data(name: str, prices: Prices, today: dt.date) -> dict[str, Any]:
    """The prices as JSON data: the file's figures (token prices as genai-prices gave them), the oldest check and
    whether it is stale on `today`."""
    return {
        "rules": name,
        "as_of": prices.as_of.isoformat(),
        "oldest_check": prices.oldest_check.isoformat(),
        "stale": prices_stale_days(prices, today) is not None,
        "stale_after_days": STALE_AFTER_DAYS,
        **prices.model_dump(mode="json", exclude={"as_of"}),
    }


def _usd(value: float) -> str:
    """A price as the prices file writes it (every digit: a listing of prices, not an estimate)."""
    return as_written(value)


def _figures(price: Any) -> str:
    return text("prices_table.figures", low=_usd(price.low), typical=_usd(price.typical), high=_usd(price.high))


def print_prices(name: str, prices: Prices, console: Console) -> None:
    """The prices as tables: seats and units, token models, self-hosting, rates; each price with what, source and
    the date it was checked."""
    console.print(
        text("prices_table.heading", name=name, as_of=long_date(prices.as_of), oldest=long_date(prices.oldest_check))
    )
    _priced(console, text("prices_table.section.seats"),
            [(text(f"prices_table.seat.{k}"), p) for k, p in prices.seats.items()])  # fmt: skip
    _priced(console, text("prices_table.section.units"),
            [(text(f"prices_table.unit.{k}"), p) for k, p in prices.units.items()])  # fmt: skip
    tokens = prices.tokens
    console.print(Text(text("prices_table.section.tokens", package=tokens.package), style="bold"))
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("level", "model", "input", "output"):
        table.add_column(text(f"prices_table.column.{column}"), overflow="fold")
    for level in LEVELS:
        model = tokens.at(level)
        table.add_row(
            text(f"prices_table.level.{level}"),
            f"{model.provider} {model.model}",
            _usd(model.input) if model.input is not None else text("prices_table.unpriced"),
            _usd(model.output) if model.output is not None else text("prices_table.unpriced"),
        )
    console.print(table)
    console.print(Text(f"  {tokens.source}", style="dim"))
    sh = prices.self_hosting
    _priced(
        console,
        text("prices_table.section.self_hosting"),
        [
            *((text("prices_table.gpu_hour", path=path), p) for path, p in sh.gpu_hour.items()),
            (text("prices_table.platform"), sh.platform),
            (text("prices_table.staff_month"), sh.staff_month),
        ],
    )
    put = sh.throughput
    for line in (
        text("prices_table.min_gpu_hours", hours=amount(sh.min_gpu_hours)),
        text(
            "prices_table.throughput",
            tokens=amount(put.tokens),
            images=amount(put.images),
            audio=amount(put.audio_minutes),
            video=amount(put.video_minutes),
        ),
        f"  {text('prices_table.source', source=put.source, date=long_date(put.checked))}",
        text(
            "prices_table.staff_fte",
            low=as_written(sh.staff_fte.low),
            typical=as_written(sh.staff_fte.typical),
            high=as_written(sh.staff_fte.high),
        ),
    ):
        console.print(Text(f"  {line}"))
    rates = prices.rates
    console.print(Text(text("prices_table.section.rates", as_of=long_date(rates.as_of)), style="bold"))
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(text("prices_table.column.currency"))
    table.add_column(text("prices_table.column.rate"), justify="right")
    for currency, rate in sorted(rates.per_usd.items()):
        table.add_row(currency, as_written(rate))
    console.print(table)
    console.print(Text(f"  {rates.source}", style="dim"))


def _priced(console: Console, title: str, rows: list[tuple[str, Price]]) -> None:
    """A section of priced figures: per price its figures, then what it is, then its source and when it was checked."""
    console.print(Text(title, style="bold"))
    for label, price in rows:
        console.print(Text(f"  {text('prices_table.priced', price=label, figures=_figures(price))}"))
        console.print(Text(f"    {price.what}"))
        console.print(Text(f"    {text('prices_table.source', source=price.source, date=long_date(price.checked))}", style="dim"))
