"""How much, in units people know: the users and each use case's quantity per month. Pure.

A profile may state `scale.users` (people who would use AI tools) and `needs.<use case>.quantity` (per month, in the
unit the rules give the use case). What it does not state is derived from the rules' defaults: the users from the
organisation's size (`users_by_size`), a quantity from the users and the need's volume (`quantities.<use case>.
per_user`); every derived figure says it is derived and from what. With neither users nor size, nothing is derived:
the figures are unknown, and no cost is put on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.errors import Refused
from advisor.core.frozen import maker_of
from advisor.core.messages import Message

if TYPE_CHECKING:
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules

UNITS: tuple[str, ...] = ("documents", "pages", "images", "minutes", "developers", "conversations", "queries")
"""The units a use case's quantity can be counted in."""
Unit = Literal["documents", "pages", "images", "minutes", "developers", "conversations", "queries"]
CONSUMPTION: tuple[str, ...] = ("tokens_in", "tokens_out", "images", "audio_minutes", "video_minutes")
"""What one unit of a use case consumes: text tokens read and written, images made, minutes of audio or video made."""
Amount = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PerUser(_Strict):
    """Units per user per month at each volume of the need (volume 'none' is 0)."""

    low: Amount
    medium: Amount
    high: Amount

    @model_validator(mode="after")
    def _rising(self) -> PerUser:
        if not self.low <= self.medium <= self.high:
            raise Refused(Message.of("problem.rules.quantities.rising"))
        return self


class Consumption(_Strict):
    """What one unit consumes (see CONSUMPTION); left out: none."""

    tokens_in: Amount = 0
    tokens_out: Amount = 0
    images: Amount = 0
    audio_minutes: Amount = 0
    video_minutes: Amount = 0

    @model_validator(mode="after")
    def _something(self) -> Consumption:
        if not any(getattr(self, name) for name in CONSUMPTION):
            raise Refused(Message.of("problem.rules.quantities.consumes"))
        return self

    @cached_property
    def amounts(self) -> tuple[float, float, float, float, float]:
        """The amounts in the order of CONSUMPTION, read once (a batch row sums them for every quantity)."""
        return (self.tokens_in, self.tokens_out, self.images, self.audio_minutes, self.video_minutes)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`update` changing some fields) that forgets the amounts read from this one's fields."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("amounts", None)
        return copied


class UseCaseQuantity(_Strict):
    """The rules' `quantities.<use case>`: its unit, the default per user, and what one unit consumes."""

    unit: Unit
    per_user: PerUser
    consumes: Consumption
    rationale: Annotated[str, Field(min_length=1, max_length=1000)] | None = None

    @cached_property
    def derived(self) -> dict[tuple[str, str, int], Quantity]:
        """The quantities derived from the users of an organisation's size, by (use case, volume, users): each made
        once and shared (they are immutable), as a batch meets the same few again and again (four sizes, four volumes
        per use case). A plain dict: a value is pure of its key, so two threads that make the same one agree."""
        return {}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`update` changing some fields) that forgets the quantities derived from this one's fields."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("derived", None)
        return copied


class UsersBySize(_Strict):
    """The rules' `users_by_size`: people who would use AI tools, by organisation size, with the reason."""

    sizes: dict[Literal["1-50", "51-250", "251-1000", "1000+"], Annotated[int, Field(ge=1, le=10_000_000)]]
    rationale: Annotated[str, Field(min_length=1, max_length=1000)]

    @model_validator(mode="after")
    def _every_size(self) -> UsersBySize:
        if set(self.sizes) != {"1-50", "51-250", "251-1000", "1000+"}:
            raise Refused(Message.of("problem.rules.users_by_size.all"))
        return self

    @cached_property
    def users(self) -> dict[str, Users]:
        """The users derived from each size, made once (every profile that states no users reads one)."""
        return {size: Users(count, derived=True, size=size) for size, count in self.sizes.items()}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`update` changing some fields) that forgets the users derived from this one's sizes."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("users", None)
        return copied


@dataclass(frozen=True, slots=True)
class Users:
    """How many people the adoption is for: stated, derived from the size, or unknown (count None)."""

    count: int | None
    derived: bool
    size: str | None = None
    """The organisation's size the count was derived from."""

    def to_dict(self) -> dict[str, Any]:
        """The `users` entry of `business_case.quantities`."""
        return {"count": self.count, "derived": self.derived, "from_size": self.size}


@dataclass(frozen=True, slots=True)
class Quantity:
    """One needed use case's quantity per month: stated, derived from the users and volume, or unknown (None)."""

    use_case: str
    unit: str
    amount: float | None
    derived: bool
    consumes: Consumption
    volume: str
    per_user: float | None = None
    """The default per user it was derived with."""

    def to_dict(self) -> dict[str, Any]:
        """An entry of `business_case.quantities.use_cases`."""
        entry: dict[str, Any] = {"use_case": self.use_case, "unit": self.unit, "per_month": self.amount, "derived": self.derived}
        if self.derived:
            entry |= {"volume": self.volume, "per_user": self.per_user}
        return entry


@dataclass(frozen=True, slots=True)
class Quantities:
    """The users and the quantity of each needed use case that has a unit in the rules."""

    users: Users
    use_cases: tuple[Quantity, ...]
    without_unit: tuple[str, ...] = ()
    """Needed use cases the rules give no unit: not costed."""

    def to_dict(self) -> dict[str, Any]:
        """`business_case.quantities` of assessment JSON v1."""
        return {
            "users": self.users.to_dict(),
            "use_cases": [q.to_dict() for q in self.use_cases],
            "without_unit": list(self.without_unit),
        }


_NO_USERS = Users(None, derived=False)
_QUANTITIES = maker_of(Quantities)


def users(profile: Profile, rules: Rules) -> Users:
    """The users: `scale.users` as stated, else derived from the organisation's size, else unknown."""
    # the models' fields read from their __dict__: a pydantic model's attribute read takes CPython's slow path (its
    # class defines __getattr__), and every assessment's costs come here
    read = profile.__dict__
    scale = read["scale"]
    stated = scale.__dict__["users"] if scale is not None else None
    if stated is not None:
        return Users(stated, derived=False)
    size, by_size = read["organization"].__dict__["size"], rules.__dict__["users_by_size"]
    return _NO_USERS if size is None or by_size is None else by_size.users[size]


def quantities(profile: Profile, rules: Rules) -> Quantities | None:
    """The users and each needed use case's quantity per month (None when the rules give no quantities)."""
    entries = rules.__dict__["quantities"]  # read from the __dict__, as in `users`
    if not entries:
        return None
    who = users(profile, rules)
    count, from_size = who.count, who.derived
    needs = profile.__dict__["needs"]
    found: list[Quantity] = []
    without: list[str] = []
    for uid in [uid for uid in rules.use_case_ids if uid in needs]:  # the needs in the rules' order
        need = needs[uid].__dict__
        if need["importance"] == 0:
            continue
        entry = entries.get(uid)
        if entry is None:
            without.append(uid)
            continue
        stated, volume = need["quantity"], need["volume"]
        if stated is not None:
            found.append(Quantity(uid, entry.unit, float(stated), False, entry.consumes, volume))
        elif from_size:  # one of a few counts: the quantity is made once (stated users are any number: made each time)
            assert count is not None
            key = (uid, volume, count)
            table = entry.derived
            quantity = table.get(key)
            if quantity is None:
                quantity = table[key] = _derived(uid, entry, volume, count)
            found.append(quantity)
        else:
            found.append(_derived(uid, entry, volume, count))
    return _QUANTITIES(who, tuple(found), tuple(without))


def _derived(uid: str, entry: UseCaseQuantity, volume: str, users: int | None) -> Quantity:
    """Use case `uid`'s quantity derived from the `users` at the need's `volume` (unknown without users)."""
    per_user = 0.0 if volume == "none" else float(getattr(entry.per_user, volume))
    # 12 significant digits: 199 users x 0.2 is 39.8, not the float product 39.800000000000004 shown in JSON
    amount = float(f"{users * per_user:.12g}") if users is not None else None
    return Quantity(uid, entry.unit, amount, True, entry.consumes, volume, per_user)
