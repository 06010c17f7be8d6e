"""What each deployment path costs a month, low / typical / high, with its basis; and where self-hosting breaks even
with the API. Pure.

Per recommended track, on each path:
- `saas`: per-seat plans, users x price per seat;
- `cloud_api`: the quantities x what one unit consumes (tokens, images, minutes) x the unit prices;
- `private_cloud` and `on_premises`: GPU hours (the quantities over the throughput of one GPU hour, at least the
  hours that run whatever the volume) x the price of a GPU hour, plus a fixed platform cost and a share of an
  engineer.
The use cases a track costs are the needed ones the recommendation gives it: all of them for a one-track answer; for
a hybrid, each use case goes to the track that fits it better. A figure whose inputs are unknown (no users stated and
no size to derive them from) is not given: `missing` says what would give it. Amounts are in `currency`, converted
from USD at the prices' dated rate.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, NamedTuple, cast

from advisor.core.data_text import use_case_noun
from advisor.core.domain import PATHS
from advisor.core.messages import Message, Number, Words
from advisor.core.prices import LEVELS, Prices, PriceSheet
from advisor.core.quantities import CONSUMPTION, Quantities, Quantity
from advisor.core.rules import Rules

SELF_HOSTED = ("private_cloud", "on_premises")
"""The paths that pay for GPU hours, a platform and staff rather than per seat or per unit."""
BREAK_EVEN_PATHS = ("cloud_api", "on_premises")
"""The API line and the self-hosted line whose crossing is the break-even."""
CHART_SCALES: tuple[float, ...] = (0, 0.25, 0.5, 1, 2, 4, 8, 16, 32)
"""Multiples of today's quantities the cost-versus-volume chart draws (widened to show a break-even beyond them)."""


class Load(NamedTuple):
    """A month's consumption: text tokens read and written, images, minutes of audio and video.

    A named tuple rather than a frozen dataclass: a batch row makes one or two per profile, and a tuple is made in a
    fraction of the time."""

    tokens_in: float = 0.0
    tokens_out: float = 0.0
    images: float = 0.0
    audio_minutes: float = 0.0
    video_minutes: float = 0.0

    @staticmethod
    def of(quantities: tuple[Quantity, ...]) -> Load:
        """The consumption of `quantities` (each amount known) at today's amounts."""
        found = Load._summed(quantities, unknown_is_none=False)
        assert found is not None
        return found

    @staticmethod
    def known(quantities: tuple[Quantity, ...]) -> Load | None:
        """The consumption of `quantities`, None when an amount is unknown (`of`'s sums, in one pass)."""
        return Load._summed(quantities, unknown_is_none=True)

    @staticmethod
    def _summed(quantities: tuple[Quantity, ...], unknown_is_none: bool) -> Load | None:
        # each total summed in the order of the quantities, as CONSUMPTION names them (every row's figure depends on
        # these very sums): spelled out, since a batch row works them out for every profile; an unknown amount counts
        # 0, or makes the load unknown
        tokens_in = tokens_out = images = audio_minutes = video_minutes = 0.0
        for q in quantities:
            amount = q.amount
            if amount is None:
                if unknown_is_none:
                    return None
                amount = 0.0
            t_in, t_out, i, a, v = q.consumes.amounts
            tokens_in += amount * t_in
            tokens_out += amount * t_out
            images += amount * i
            audio_minutes += amount * a
            video_minutes += amount * v
        return Load(tokens_in, tokens_out, images, audio_minutes, video_minutes)

    @property
    def tokens(self) -> float:
        return self.tokens_in + self.tokens_out


@dataclass(frozen=True, slots=True)
class CostLine:
    """One track on one path: the monthly cost (None when an input is unknown), its basis and sources."""

    track: str
    path: str
    suggested: bool
    monthly: dict[str, float] | None
    currency: str
    basis: tuple[Message, ...]
    sources: tuple[str, ...]
    missing: tuple[str, ...] = ()
    """What is unknown: 'users', or a use case whose quantity is unknown."""

    def to_dict(self, prices_as_of: dt.date) -> dict[str, Any]:
        """An entry of `business_case.costs` of assessment JSON v1."""
        return {
            "track": self.track,
            "path": self.path,
            "suggested": self.suggested,
            "monthly_cost": self.monthly,
            "currency": self.currency,
            "basis": list(self.basis),
            "prices_as_of": prices_as_of.isoformat(),
            "sources": list(self.sources),
            "missing": list(self.missing),
        }


@dataclass(frozen=True, slots=True)
class Curve:
    """One track's typical monthly cost as today's quantities are multiplied by `scale`: the API line (linear) and the
    self-hosted line (a fixed floor, then GPU hours beyond the hours that run anyway)."""

    track: str
    api_per_scale: float
    fixed: float
    gpu_price: float
    hours_per_scale: float
    min_hours: float

    def api(self, scale: float) -> float:
        return self.api_per_scale * scale

    def self_hosted(self, scale: float) -> float:
        return self.fixed + self.gpu_price * max(self.hours_per_scale * scale, self.min_hours)

    def crossing(self) -> float | None:
        """The scale where the two lines meet (the API dearer beyond it), None where they never do (or only beyond
        any float: a quantity of 1e-307 costs too little through the API to ever reach the floor)."""
        a, g, h, floor = self.api_per_scale, self.gpu_price, self.hours_per_scale, self.fixed + self.gpu_price * self.min_hours
        if a <= 0:
            return None
        inside = floor / a  # on the self-hosted line's flat part
        if h <= 0 or inside * h <= self.min_hours:
            return inside if math.isfinite(inside) else None
        if a <= g * h:  # beyond the flat part the self-hosted line rises as fast or faster: they never meet
            return None
        rising = self.fixed / (a - g * h)
        return rising if math.isfinite(rising) else None


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Where self-hosting starts to cost less than the API for one track: a multiple of today's quantities."""

    track: str
    scale: float
    monthly_cost: float
    currency: str
    quantities: tuple[tuple[str, str, float], ...]
    """(use case, unit, per month) at the break-even."""

    @property
    def times_today(self) -> float:
        """The multiple of today's quantities as every view shows it (JSON's `times_today`)."""
        return json_figure(self.scale)

    @property
    def shown_cost(self) -> float:
        """The monthly cost there as every view shows it (JSON's `monthly_cost`): all round the same figure."""
        return round(self.monthly_cost, 2)

    def to_dict(self) -> dict[str, Any]:
        """An entry of `business_case.break_even`."""
        return {
            "track": self.track,
            "between": list(BREAK_EVEN_PATHS),
            "times_today": self.times_today,
            "monthly_cost": self.shown_cost,
            "currency": self.currency,
            "per_month": [{"use_case": u, "unit": unit, "per_month": round(a, 2)} for u, unit, a in self.quantities],
        }


class _Inputs(NamedTuple):
    """What the costs are worked out from (see `costs`); a named tuple, made for every assessment."""

    tracks: tuple[str, ...]
    suggested: dict[str, str | None]
    quantities: Quantities
    rules: Rules
    prices: Prices
    currency: str
    rate: float


@dataclass(frozen=True, eq=False)
class Costs:
    """The business case's costs: a line per recommended track and path, the break-even per track, the curves.

    Worked out when first read: a batch row asks only for the suggested paths' typical figure (`suggested_typical`),
    which prices those paths alone; two Costs are equal when everything they say is."""

    currency: str
    rate: float
    prices_as_of: dt.date
    oldest_check: dt.date
    """The oldest date a figure these costs use was checked (the exchange rates' date only for another currency)."""
    rates_as_of: dt.date
    inputs: _Inputs = field(repr=False)

    def __init__(
        self,
        currency: str,
        rate: float,
        prices_as_of: dt.date,
        oldest_check: dt.date,
        rates_as_of: dt.date,
        inputs: _Inputs,
    ) -> None:
        # straight into the instance's dict, as __setstate__ does: the frozen dataclass's own __init__ sets each field
        # through object.__setattr__, a cost every assessment would pay
        self.__dict__.update(
            currency=currency, rate=rate, prices_as_of=prices_as_of, oldest_check=oldest_check, rates_as_of=rates_as_of,
            inputs=inputs,
        )  # fmt: skip

    @cached_property
    def _parts(self) -> tuple[tuple[CostLine, ...], tuple[BreakEven, ...], tuple[Curve, ...]]:
        return _worked_out(self.inputs, PATHS)

    @property
    def empty(self) -> bool:
        """Whether there are no lines (nothing is recommended), known without working them out."""
        return not self.lines if "_parts" in self.__dict__ else not self.inputs.tracks

    @property
    def lines(self) -> tuple[CostLine, ...]:
        """A line per recommended track and path."""
        return self._parts[0]

    @property
    def break_even(self) -> tuple[BreakEven, ...]:
        """Where self-hosting starts to cost less than the API, per track that has such a point."""
        return self._parts[1]

    @property
    def curves(self) -> tuple[Curve, ...]:
        """Each track's typical cost as the quantities are multiplied (tracks whose API figure is known)."""
        return self._parts[2]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Costs):
            return NotImplemented
        mine = (self.currency, self.rate, self.prices_as_of, self.oldest_check, self.rates_as_of, self._parts)
        return mine == (other.currency, other.rate, other.prices_as_of, other.oldest_check, other.rates_as_of, other._parts)

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        """Travels worked out, without what it was worked out from (the rules and profile stay behind)."""
        return {**self.__dict__, "_parts": self._parts, "inputs": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def suggested_typical(self) -> float | None:
        """The typical monthly cost of the suggested path(s), summed over the tracks; None when one is unknown or
        nothing is suggested."""
        if "_parts" in self.__dict__:
            figures = [line.monthly["typical"] if line.monthly is not None else None for line in self.lines if line.suggested]
        else:  # only the suggested paths' typical figures, without the lines' words: a batch row needs nothing else
            figures = _suggested_figures(self.inputs)
        if not figures or None in figures:
            return None
        if len(figures) == 1:  # one figure, rounded to cents already: fsum and round would give it back unchanged
            return figures[0]
        return round(math.fsum(cast("list[float]", figures)), 2)

    def to_dict(self) -> dict[str, Any]:
        """`costs` and `break_even` of `business_case` (assessment JSON v1)."""
        return {
            "costs": [line.to_dict(self.prices_as_of) for line in self.lines],
            "break_even": [entry.to_dict() for entry in self.break_even],
            "currency": self.currency,
            "exchange_rate": {"per_usd": self.rate, "as_of": self.rates_as_of.isoformat()} if self.currency != "USD" else None,
            "prices_as_of": self.prices_as_of.isoformat(),
        }


def json_figure(value: float, digits: int = 4) -> float:
    """`value` rounded for JSON: to 3 decimals, or to `digits` significant digits where that keeps more (a break-even
    at 0.0002 times today's quantities is not 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, max(3, digits - 1 - math.floor(math.log10(abs(value)))))


def track_use_cases(
    recommendation_tracks: tuple[str, ...], quantities: Quantities, values: dict[str, dict[str, float]]
) -> dict[str, tuple[Quantity, ...]]:
    """The needed use cases each recommended track costs: all for one track; for two, each to the track that fits it
    better (the first track on a tie)."""
    if len(recommendation_tracks) <= 1:
        return {t: quantities.use_cases for t in recommendation_tracks}
    out: dict[str, list[Quantity]] = {t: [] for t in recommendation_tracks}
    for q in quantities.use_cases:
        out[better_track(q.use_case, recommendation_tracks, values)].append(q)
    return {t: tuple(qs) for t, qs in out.items()}


def better_track(use_case: str, tracks: tuple[str, ...], values: dict[str, dict[str, float]]) -> str:
    """Of `tracks`, the one that fits `use_case` better (the first on a tie)."""
    if len(tracks) == 2:  # a hybrid, the one case a batch row meets: spelled out
        first, second = tracks
        row = values[use_case]
        return second if row[second] > row[first] else first
    return max(tracks, key=lambda t: (values[use_case][t], -tracks.index(t)))


def costs(
    tracks: tuple[str, ...],
    suggested: dict[str, str | None],
    quantities: Quantities,
    rules: Rules,
    prices: Prices,
    currency: str = "USD",
) -> Costs:
    """The cost of every path for each of `tracks` (the recommendation's), `suggested` marking the path suggested per
    track; `rules` as the context adjusted them (their values say which track fits a use case better); amounts in
    `currency` (ValueError for one the rates lack)."""
    rate = prices.rate(currency)
    if rate is None:
        raise ValueError(f"unknown currency: {currency}")
    return Costs(
        currency,
        rate,
        prices.as_of,
        prices.oldest_check if currency != "USD" else prices.oldest_price_check,  # USD costs use no exchange rate
        prices.rates.as_of,
        _Inputs(tracks, suggested, quantities, rules, prices, currency, rate),
    )


def _worked_out(
    inputs: _Inputs, paths: tuple[str, ...], *, curves: bool = True
) -> tuple[tuple[CostLine, ...], tuple[BreakEven, ...], tuple[Curve, ...]]:
    """The lines of `paths` (in PATHS order) for each recommended track, with the curves and break-evens unless
    `curves` is false."""
    tracks, suggested, quantities, rules = inputs.tracks, inputs.suggested, inputs.quantities, inputs.rules
    prices, currency, rate = inputs.prices, inputs.currency, inputs.rate
    lines: list[CostLine] = []
    drawn: list[Curve] = []
    breaks: list[BreakEven] = []
    for track, used in track_use_cases(tracks, quantities, rules.values).items():
        # a needed use case the rules give no unit is not counted, so neither is the track's total (bar its seats)
        no_unit = tuple(u for u in quantities.without_unit if len(tracks) == 1 or better_track(u, tracks, rules.values) == track)
        unknown = tuple(q.use_case for q in used if q.amount is None)
        load = Load.of(used)
        for path in PATHS:
            if path not in paths:
                continue
            line = _line(track, path, path == suggested.get(track), used, unknown, load, quantities, rules, prices, currency, rate)
            if no_unit and path != "saas":
                basis = (
                    Message.of("costs.basis.without_unit", use_cases=_use_cases(no_unit, rules)),
                    *(line.basis if line.monthly is None else ()),
                )
                line = replace(line, monthly=None, basis=basis, missing=tuple(dict.fromkeys((*no_unit, *line.missing))))
            lines.append(line)
        if not curves or unknown or not used or no_unit or (load.tokens and not prices.tokens.priced):
            continue  # no API line to draw: no curve, no break-even
        curve = _curve(track, load, prices, rate)
        drawn.append(curve)
        crossing = curve.crossing()
        if crossing is not None:
            at = tuple((q.use_case, q.unit, (q.amount or 0.0) * crossing) for q in used)
            if all(math.isfinite(amount) for _, _, amount in at):  # JSON has no infinity: beyond any float, none
                breaks.append(BreakEven(track, crossing, curve.self_hosted(crossing), currency, at))
    return tuple(lines), tuple(breaks), tuple(drawn)


def _suggested_figures(inputs: _Inputs) -> list[float | None]:
    """The typical figure of each track's suggested path as its line gives it (None where the line gives none),
    worked out without the line's words (a batch row asks this of every profile: kept lean)."""
    tracks, suggested, quantities, rules, prices, _, rate = inputs
    users, without_unit = quantities.users, quantities.without_unit
    sheet = prices.sheets["typical"]
    figures: list[float | None] = []
    split: dict[str, tuple[Quantity, ...]] | None = None  # a hybrid's use cases per track: asked by a path not per seat
    for track in tracks:
        path = suggested.get(track)
        if path is None:
            continue
        if path == "saas":
            seats = users.count
            figures.append(None if seats is None else round(seats * sheet.seats[track] * rate, 2))
            continue
        if without_unit and (len(tracks) == 1 or any(better_track(u, tracks, rules.values) == track for u in without_unit)):
            figures.append(None)  # a needed use case without a unit is not counted, nor is the track's total
            continue
        if len(tracks) == 1:
            used = quantities.use_cases
        else:
            if split is None:
                split = track_use_cases(tracks, quantities, rules.values)
            used = split[track]
        load = Load.known(used)
        if load is None:
            figures.append(None)
            continue
        if path == "cloud_api":
            figures.append(None if load.tokens and not sheet.priced else round(_api_cost(load, sheet) * rate, 2))
        else:
            figures.append(round(_self_hosted_cost(path, _gpu_hours(load, sheet), sheet) * rate, 2))
    return figures


def _money(value: float, currency: str) -> Number:
    return Number(value, f"money:{currency}")


def _line(
    track: str,
    path: str,
    suggested: bool,
    used: tuple[Quantity, ...],
    unknown: tuple[str, ...],
    load: Load,
    quantities: Quantities,
    rules: Rules,
    prices: Prices,
    currency: str,
    rate: float,
) -> CostLine:
    derived = _derived_basis(used, quantities, rules)
    if path == "saas":
        seat = prices.seats[track]
        seats = quantities.users.count
        sources = (seat.source,)
        plan = Message.of(f"costs.plans.{track}")
        if seats is None:
            return CostLine(track, path, suggested, None, currency, (Message.of("costs.basis.seats_unknown", plan=plan),), sources, ("users",))
        monthly = {level: round(seats * seat.at(level) * rate, 2) for level in LEVELS}
        basis = (
            Message.of(
                "costs.basis.seats",
                seats=Number(seats, "integer"),
                low=_money(seat.low * rate, currency),
                high=_money(seat.high * rate, currency),
                plan=plan,
            ),
            *_users_basis(quantities),
        )
        return CostLine(track, path, suggested, monthly, currency, basis, sources)
    if unknown:  # the sources of the prices the figure would use: what is missing is the quantity, not the price
        basis_unknown = (Message.of("costs.basis.quantities_unknown", use_cases=_use_cases(unknown, rules)),)
        return CostLine(track, path, suggested, None, currency, basis_unknown, _sources(path, used, prices), unknown)
    if path == "cloud_api":
        return _api_line(track, suggested, used, load, derived, prices, currency, rate)
    return _self_hosted_line(track, path, suggested, load, derived, prices, currency, rate)


def _sources(path: str, used: tuple[Quantity, ...], prices: Prices) -> tuple[str, ...]:
    """The sources of the prices a line on `path` uses for the use cases `used`: on `cloud_api` the token and unit
    prices of what they consume (the token prices' when they consume nothing), else the self-hosting figures'."""
    if path == "cloud_api":
        consumed = {name for q in used for name in CONSUMPTION if getattr(q.consumes, name)}
        found = [prices.tokens.source] if consumed & {"tokens_in", "tokens_out"} else []
        found += [prices.units[unit].source for unit in ("images", "audio_minutes", "video_minutes") if unit in consumed]
        return tuple(dict.fromkeys(found or [prices.tokens.source]))
    sh = prices.self_hosting
    return tuple(dict.fromkeys((sh.gpu_hour[path].source, sh.throughput.source, sh.platform.source, sh.staff_month.source)))


def _api_line(
    track: str,
    suggested: bool,
    used: tuple[Quantity, ...],
    load: Load,
    derived: tuple[Message, ...],
    prices: Prices,
    currency: str,
    rate: float,
) -> CostLine:
    tokens, units = prices.tokens, prices.units
    sources = list(_sources("cloud_api", used, prices))
    basis: list[Message] = []
    if load.tokens:
        basis.append(
            Message.of(
                "costs.basis.tokens",
                tokens=Number(load.tokens / 1e6, "amount"),
                low=tokens.low.model,
                typical=tokens.typical.model,
                high=tokens.high.model,
                package=tokens.package,
            )
        )
    for unit in ("images", "audio_minutes", "video_minutes"):
        made = getattr(load, unit)
        if made:
            basis.append(
                Message.of(
                    f"costs.basis.units.{unit}",
                    count=Number(made, "amount"),
                    low=_money(units[unit].low * rate, currency),
                    high=_money(units[unit].high * rate, currency),
                )
            )
    if load.tokens and not tokens.priced:
        return CostLine(track, "cloud_api", suggested, None, currency, (Message.of("costs.basis.tokens_unpriced"),), tuple(sources), ("token_prices",))
    sheets = prices.sheets
    monthly = {level: round(_api_cost(load, sheets[level]) * rate, 2) for level in LEVELS}
    if not basis:
        basis.append(Message.of("costs.basis.nothing"))
    return CostLine(track, "cloud_api", suggested, monthly, currency, (*basis, *derived), tuple(dict.fromkeys(sources)))


def _api_cost(load: Load, sheet: PriceSheet) -> float:
    """USD a month for `load` through APIs at the sheet's level."""
    text = (load.tokens_in * sheet.token_input + load.tokens_out * sheet.token_output) / 1e6
    media = load.images * sheet.images + load.audio_minutes * sheet.audio_minutes + load.video_minutes * sheet.video_minutes
    return text + media


def _gpu_hours(load: Load, sheet: PriceSheet) -> float:
    """GPU hours a month that `load` takes, before the hours that run anyway."""
    return (
        load.tokens / sheet.per_gpu_hour_tokens
        + load.images / sheet.per_gpu_hour_images
        + load.audio_minutes / sheet.per_gpu_hour_audio_minutes
        + load.video_minutes / sheet.per_gpu_hour_video_minutes
    )


def _self_hosted_cost(path: str, hours: float, sheet: PriceSheet) -> float:
    """USD a month on a self-hosted `path` for `hours` GPU hours of work at the sheet's level."""
    return sheet.gpu_hour[path] * max(hours, sheet.min_gpu_hours) + sheet.platform + sheet.staff


def _self_hosted_line(
    track: str, path: str, suggested: bool, load: Load, derived: tuple[Message, ...], prices: Prices, currency: str, rate: float
) -> CostLine:
    sh = prices.self_hosting
    sheets = prices.sheets
    hours = _gpu_hours(load, sheets["typical"])
    gpu = sh.gpu_hour[path]
    monthly = {level: round(_self_hosted_cost(path, hours, sheets[level]) * rate, 2) for level in LEVELS}
    basis = (
        Message.of(
            "costs.basis.gpu",
            hours=Number(max(hours, sh.min_gpu_hours), "amount"),
            floor=Number(sh.min_gpu_hours, "amount"),
            low=_money(gpu.low * rate, currency),
            high=_money(gpu.high * rate, currency),
        ),
        Message.of(
            "costs.basis.platform_staff",
            platform_low=_money(sh.platform.low * rate, currency),
            platform_high=_money(sh.platform.high * rate, currency),
            fte_low=Number(sh.staff_fte.low, "amount"),
            fte_high=Number(sh.staff_fte.high, "amount"),
            staff=Message.of(
                "costs.money_range",
                low=_money(sh.staff_month.low * rate, currency),
                high=_money(sh.staff_month.high * rate, currency),
            ),
        ),
        *derived,
    )
    return CostLine(track, path, suggested, monthly, currency, basis, _sources(path, (), prices))


def _curve(track: str, load: Load, prices: Prices, rate: float) -> Curve:
    sheet = prices.sheets["typical"]
    return Curve(
        track,
        _api_cost(load, sheet) * rate if sheet.priced or not load.tokens else 0.0,
        (sheet.platform + sheet.staff) * rate,
        sheet.gpu_hour["on_premises"] * rate,
        _gpu_hours(load, sheet),
        sheet.min_gpu_hours,
    )


def _use_cases(ids: tuple[str, ...], rules: Rules) -> Words:
    return Words(tuple(use_case_noun(rules, uid) for uid in ids))


def _users_basis(quantities: Quantities) -> tuple[Message, ...]:
    users = quantities.users
    if users.derived and users.count is not None and users.size is not None:
        return (Message.of("costs.basis.users_derived", users=Number(users.count, "integer"), size=users.size),)
    return ()


def _derived_basis(used: tuple[Quantity, ...], quantities: Quantities, rules: Rules) -> tuple[Message, ...]:
    """The sentence that says which quantities are derived from the users and the volume, if any."""
    derived = tuple(q.use_case for q in used if q.derived and q.amount is not None)
    if not derived:
        return ()
    users = quantities.users
    return (
        Message.of(
            "costs.basis.quantities_derived",
            use_cases=_use_cases(derived, rules),
            users=Number(users.count or 0, "integer"),
        ),
    )
