"""Prices as data: the models of `rules/prices.yaml`. Pure.

Every price has a low, typical and high figure (USD), the vendor source it was read from and the date it was
checked. Token prices are not written here: `tokens` names a model per level, and the edge that reads the file fills
in its price per million tokens from the `genai-prices` package's bundled data (offline, on the file's `as_of` date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.errors import Refused
from advisor.core.messages import Message

STALE_AFTER_DAYS = 180
"""Prices checked longer than this before an assessment's date are too old to rely on without a fresh look."""
LEVELS: tuple[str, ...] = ("low", "typical", "high")
"""The three figures of every cost, cheapest first."""
Money = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
Url = Annotated[str, Field(pattern=r"^https://\S{4,500}$")]
Text = Annotated[str, Field(min_length=1, max_length=500)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Range(_Strict):
    """A low, typical and high figure, in order."""

    low: Money
    typical: Money
    high: Money

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not self.low <= self.typical <= self.high:
            raise Refused(Message.of("problem.rules.prices.ordered"))
        return self

    def at(self, level: str) -> float:
        """The figure at `level` (one of LEVELS)."""
        value: float = getattr(self, level)
        return value


class Price(Range):
    """A price range with what it is for, its source and the date it was checked."""

    what: Text
    source: Url
    checked: dt.date


class TokenModel(_Strict):
    """A model whose token prices stand for one level; `input`/`output` are USD per million tokens, filled in from
    genai-prices by the edge (None while not looked up)."""

    provider: Annotated[str, Field(pattern=r"^[a-z0-9_-]{1,40}$")]
    model: Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,80}$")]
    input: Money | None = None
    output: Money | None = None


class TokenPrices(_Strict):
    """The models that set the token prices at each level, and the genai-prices version they are read from."""

    package: Annotated[str, Field(pattern=r"^genai-prices [0-9][0-9.]*$")]
    source: Url
    low: TokenModel
    typical: TokenModel
    high: TokenModel

    def at(self, level: str) -> TokenModel:
        """The model at `level` (one of LEVELS)."""
        model: TokenModel = getattr(self, level)
        return model

    @property
    def priced(self) -> bool:
        """Whether every level's prices were filled in."""
        low, typical, high = self.low, self.typical, self.high  # spelled out: a batch row asks for every profile
        return not (None in (low.input, low.output, typical.input, typical.output, high.input, high.output))

    def out_of_order(self) -> str | None:
        """The first price ('input' or 'output') whose figures do not rise from low to typical to high, None when both
        do (or while not priced): the API's low, typical and high costs keep their order only then."""
        for kind in ("input", "output"):
            figures = [getattr(self.at(level), kind) for level in LEVELS]
            if None not in figures and not figures[0] <= figures[1] <= figures[2]:
                return kind
        return None


class Throughput(_Strict):
    """What one GPU hour of self-hosted serving produces."""

    tokens: Annotated[float, Field(gt=0, le=1e12)]
    images: Annotated[float, Field(gt=0, le=1e9)]
    audio_minutes: Annotated[float, Field(gt=0, le=1e9)]
    video_minutes: Annotated[float, Field(gt=0, le=1e9)]
    source: Url
    checked: dt.date


class SelfHosting(_Strict):
    """Private endpoints and self-hosting: GPU hours x price, plus a fixed platform cost and a share of staff."""

    gpu_hour: dict[Annotated[str, Field(pattern=r"^(private_cloud|on_premises)$")], Price]
    min_gpu_hours: Annotated[float, Field(ge=0, le=100_000)] = Field(
        description="GPU hours a month that run whatever the volume (one GPU always on is about 730)"
    )
    throughput: Throughput
    platform: Price
    staff_fte: Range = Field(description="the share of one full-time engineer the serving takes, low to high")
    staff_month: Price = Field(description="what one full-time engineer costs a month")

    @model_validator(mode="after")
    def _both_paths(self) -> SelfHosting:
        if set(self.gpu_hour) != {"private_cloud", "on_premises"}:
            raise Refused(Message.of("problem.rules.prices.gpu_paths"))
        return self


class Rates(_Strict):
    """Units of each currency per US dollar, on one date, from one source."""

    as_of: dt.date
    source: Url
    per_usd: dict[Currency, Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]]


class PriceSheet(NamedTuple):
    """The figures of one level (low, typical or high) that the costs' arithmetic reads, as plain floats read once per
    prices (each read of a price model's field is slow, and every batch row reads a dozen): see `Prices.sheets`."""

    priced: bool
    """Whether the token prices were filled in (`TokenPrices.priced`)."""
    token_input: float
    token_output: float
    images: float
    audio_minutes: float
    video_minutes: float
    per_gpu_hour_tokens: float
    per_gpu_hour_images: float
    per_gpu_hour_audio_minutes: float
    per_gpu_hour_video_minutes: float
    min_gpu_hours: float
    gpu_hour: dict[str, float]
    platform: float
    staff: float
    """The share of an engineer times the engineer's month, at the level."""
    seats: dict[str, float]


class Prices(_Strict):
    """`rules/prices.yaml`: seat plans, unit prices, token models, self-hosting figures and currency rates."""

    as_of: dt.date = Field(description="the date the prices were last checked as a whole")
    currency: Literal["USD"] = "USD"
    seats: dict[Annotated[str, Field(pattern=r"^(llm|generative_ai)$")], Price]
    units: dict[Annotated[str, Field(pattern=r"^(images|audio_minutes|video_minutes)$")], Price]
    tokens: TokenPrices
    self_hosting: SelfHosting
    rates: Rates
    sha256: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _complete(self) -> Prices:
        if set(self.seats) != {"llm", "generative_ai"}:
            raise Refused(Message.of("problem.rules.prices.seats"))
        if set(self.units) != {"images", "audio_minutes", "video_minutes"}:
            raise Refused(Message.of("problem.rules.prices.units"))
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`update` changing some fields) that forgets the dates found from this one's fields."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("oldest_price_check", None)
        copied.__dict__.pop("sheets", None)
        return copied

    @cached_property
    def sheets(self) -> dict[str, PriceSheet]:
        """The figures of each level (LEVELS), read once per prices (a copy with changes forgets them, see
        `model_copy`)."""
        return {level: self._sheet(level) for level in LEVELS}

    def _sheet(self, level: str) -> PriceSheet:
        model: TokenModel = getattr(self.tokens, level)
        units, sh = self.units, self.self_hosting
        put = sh.throughput
        return PriceSheet(
            self.tokens.priced,
            model.input or 0.0,
            model.output or 0.0,
            getattr(units["images"], level),
            getattr(units["audio_minutes"], level),
            getattr(units["video_minutes"], level),
            put.tokens,
            put.images,
            put.audio_minutes,
            put.video_minutes,
            sh.min_gpu_hours,
            {path: getattr(price, level) for path, price in sh.gpu_hour.items()},
            getattr(sh.platform, level),
            getattr(sh.staff_fte, level) * getattr(sh.staff_month, level),
            {track: getattr(price, level) for track, price in self.seats.items()},
        )

    def rate(self, currency: str) -> float | None:
        """Units of `currency` per US dollar (1 for USD); None for a currency the rate table lacks."""
        return 1.0 if currency == "USD" else self.rates.per_usd.get(currency)

    @property
    def oldest_check(self) -> dt.date:
        """The oldest date any price or the exchange rates were checked: the prices are as old as that."""
        return min(self.oldest_price_check, self.rates.as_of)

    @cached_property
    def oldest_price_check(self) -> dt.date:
        """The oldest date any USD price was checked, the exchange rates left out (costs in USD do not use them).

        Found once per prices: every assessment's costs carry it (a copy with changes forgets it, see `model_copy`)."""
        dates = [self.as_of, self.self_hosting.throughput.checked, self.self_hosting.platform.checked,
                 self.self_hosting.staff_month.checked]
        dates += [p.checked for p in self.seats.values()] + [p.checked for p in self.units.values()]
        dates += [p.checked for p in self.self_hosting.gpu_hour.values()]
        return min(dates)


def stale_days(oldest_check: dt.date, as_of: dt.date | None) -> int | None:
    """How many days before `as_of` the oldest price was checked, when that is more than STALE_AFTER_DAYS; else None
    (also when no date is given)."""
    if as_of is None:
        return None
    days = (as_of - oldest_check).days
    return days if days > STALE_AFTER_DAYS else None
