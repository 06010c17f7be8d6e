"""The business case's costs (advisor/core/costs.py) and quantities (advisor/core/quantities.py): the basis of every
figure, the lines of "What it costs", the break-even and the prices' age."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "costs.plans.llm": "team or business LLM plans",
    "costs.plans.generative_ai": "image, video or voice plans",
    "costs.basis.seats": "{seats} seats x {low} to {high} a seat a month ({plan})",
    "costs.basis.seats_unknown": "per seat ({plan}): the number of users is not known; state scale.users or the organisation's size",
    "costs.basis.users_derived": "{users} users, derived from the organisation's size ({size}) with the rules' default",
    "costs.basis.quantities_unknown": (
        "not estimated: how much {use_cases} is needed a month is not known; state scale.users, the organisation's "
        "size or each need's quantity"
    ),
    "costs.basis.quantities_derived": (
        "quantities of {use_cases} derived from {users} users and the volume of each need, with the rules' defaults"
    ),
    "costs.basis.tokens": "{tokens} million tokens a month at the token prices of {low} (low), {typical} (typical) and {high} (high), from {package}",
    "costs.basis.tokens_unpriced": "not estimated: the token prices were not read from genai-prices",
    "costs.basis.units.images": "{count} images a month at {low} to {high} an image",
    "costs.basis.units.audio_minutes": "{count} minutes of audio a month at {low} to {high} a minute",
    "costs.basis.units.video_minutes": "{count} minutes of video a month at {low} to {high} a minute",
    "costs.basis.nothing": "nothing to process at the stated volumes",
    "costs.basis.gpu": "{hours} GPU hours a month (at least {floor}: one GPU always on) at {low} to {high} an hour",
    "costs.basis.platform_staff": (
        "plus a platform at {platform_low} to {platform_high} a month and {fte_low} to {fte_high} of an engineer at "
        "{staff} a month"
    ),
    "costs.heading": "What it costs and how to start",
    "costs.costs_heading": "What it costs a month",
    "costs.line": "{track} on {path}: {low} to {high} a month (typical {typical})",
    "costs.line.suggested": "{track} on {path} (suggested): {low} to {high} a month (typical {typical})",
    "costs.line.unknown": "{track} on {path}: not estimated",
    "costs.basis_line": "basis: {basis}",
    "costs.break_even": (
        "Break-even for {track}: self-hosting costs less than the API from about {times} today's quantities "
        "({cost} a month)"
    ),
    "costs.break_even.none": "No break-even for {track}: the API stays cheaper than self-hosting at any volume",
    "costs.times": "{times}x",
    "costs.prices_as_of": "Prices as of {date}; amounts in {currency}",
    "costs.exchange": "converted from USD at {rate} {currency} to the dollar ({date})",
    "costs.none": "No costs: nothing is recommended",
    "costs.prices_stale": (
        "The prices were last checked on {checked}, {days} days before this report's date: check them before relying "
        "on the costs"
    ),
    "costs.chart.title": "Typical monthly cost as the volume grows",
    "costs.chart.api": "cloud API",
    "costs.chart.self": "self-hosted",
    "costs.chart.x": "times today's quantities",
    "costs.chart.break_even": "break-even",
    "quantities.heading": "How much a month",
    "quantities.users.stated": "{users} users",
    "quantities.users.derived": "{users} users (derived from the size {size})",
    "quantities.users.unknown": "users not known",
    "quantities.line": "{use_case}: {amount} {unit} a month",
    "quantities.line.derived": "{use_case}: {amount} {unit} a month (derived: {per_user} per user at {volume} volume)",
    "quantities.line.unknown": "{use_case}: not known ({unit})",
    "quantities.unit.documents": "documents",
    "quantities.unit.pages": "pages",
    "quantities.unit.images": "images",
    "quantities.unit.minutes": "minutes",
    "quantities.unit.developers": "developers",
    "quantities.unit.conversations": "conversations",
    "quantities.unit.queries": "queries",
}
