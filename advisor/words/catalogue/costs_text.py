"""The costs in the terminal views (advisor/words/cost_lines.py, advisor/io/prices_table.py): the lines under
"What it costs a month", the what-if row, `advisor prices show` and the --currency option's refusal."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "costs_text.volume.none": "no",
    "costs_text.volume.low": "low",
    "costs_text.volume.medium": "medium",
    "costs_text.volume.high": "high",
    "costs_text.without_unit": "{use_cases}: not costed (the rules give no unit for them)",
    "costs_text.prices_stale": (
        "The oldest price was checked on {checked}, {days} days before {date}: check the prices before relying on the "
        "costs (advisor prices show)"
    ),
    "costs_text.prices_date": "prices as of {date} (their sources: advisor prices show)",
    # advisor whatif
    "whatif.row.cost.terminal": "Cost a month (typical)",
    # --currency
    "costs_text.currency_unknown": "unknown currency {currency}: the rates table gives {known}",
    # advisor prices show
    "prices_table.heading": "Prices of the rules {name}: as of {as_of}, in US dollars; the oldest checked on {oldest}",
    "prices_table.stale": (
        "The oldest price was checked on {checked}, {days} days before {today}: check the prices before relying on "
        "the costs"
    ),
    "prices_table.section.seats": "Per-seat plans (USD a seat a month)",
    "prices_table.section.units": "Media made through APIs (USD a unit)",
    "prices_table.section.tokens": "Token prices (USD a million tokens), from {package}",
    "prices_table.section.self_hosting": "Self-hosting (USD)",
    "prices_table.section.rates": "Exchange rates (units of a currency to the US dollar), as of {as_of}",
    "prices_table.priced": "{price}: {figures} (low / typical / high)",
    "prices_table.source": "{source}, checked {date}",
    "prices_table.column.level": "Level",
    "prices_table.column.model": "Model",
    "prices_table.column.input": "Input",
    "prices_table.column.output": "Output",
    "prices_table.column.currency": "Currency",
    "prices_table.column.rate": "Per US dollar",
    "prices_table.level.low": "low",
    "prices_table.level.typical": "typical",
    "prices_table.level.high": "high",
    "prices_table.unpriced": "not read",
    "prices_table.figures": "{low} / {typical} / {high}",
    "prices_table.gpu_hour": "GPU hour ({path})",
    "prices_table.min_gpu_hours": "GPU hours a month that run whatever the volume: {hours}",
    "prices_table.throughput": (
        "One GPU hour serves {tokens} tokens, {images} images, {audio} minutes of audio or {video} minutes of video"
    ),
    "prices_table.staff_fte": "Share of an engineer the serving takes: {low} to {high} (typical {typical})",
    "prices_table.platform": "Platform a month",
    "prices_table.staff_month": "An engineer a month",
    "prices_table.seat.llm": "LLM",
    "prices_table.seat.generative_ai": "Generative AI",
    "prices_table.unit.images": "An image",
    "prices_table.unit.audio_minutes": "A minute of audio",
    "prices_table.unit.video_minutes": "A minute of video",
    "prices_table.none": "The rules {name} have no prices: no costs are computed with them",
}
