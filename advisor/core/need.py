"""How much need there is, before the weights forget it. Pure.

The weights are normalised: they decide *which* track fits, whatever the size of the need. The need's size decides
*whether* there is a case: the raw total of importance x volume factor over the use cases, placed on the rules'
scale (`need_size`: negligible, modest, substantial, strong).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from advisor.core.costs import Costs
from advisor.core.frozen import maker_of
from advisor.core.profile import Profile
from advisor.core.quantities import Quantities
from advisor.core.readiness import DimensionReadiness
from advisor.core.roadmap import Phase
from advisor.core.rules import Rules

NEED_SIZES: tuple[str, ...] = ("negligible", "modest", "substantial", "strong")
"""The need's sizes, smallest first."""


@dataclass(frozen=True, slots=True)
class NeedSize:
    """The raw need (importance x volume factor, summed over the use cases) and where it sits on the rules' scale."""

    total: float
    size: str
    starts: tuple[float, ...]
    """Where each size from modest on starts, in the order of NEED_SIZES[1:]."""

    def to_dict(self) -> dict[str, Any]:
        """The `need` entry of assessment JSON v1's `business_case`."""
        return {
            "size": self.size,
            "total": self.total,
            "scale": dict(zip(NEED_SIZES[1:], self.starts, strict=True)),
        }


_NEED_SIZE = maker_of(NeedSize)


def need_size(profile: Profile, rules: Rules) -> NeedSize | None:
    """The size of `profile`'s need on the rules' scale (None when the rules have no scale)."""
    # the models' fields read from their __dict__: a pydantic model's attribute read takes CPython's slow path (its
    # class defines __getattr__), and this is a stage of every assessment
    read = rules.__dict__
    scale = read["need_size"]
    if scale is None:
        return None
    # raw_weight's product, inline; a need for a use case the rules lack counts nothing, and fsum's sum is exact
    # whatever the order, so the needs are read in the profile's order
    known, factors = read["use_cases"], read["volume_factors"]
    needs = profile.__dict__["needs"]
    total = math.fsum([(n := need.__dict__)["importance"] * factors[n["volume"]] for uid, need in needs.items() if uid in known])
    if not (total * 64.0).is_integer():  # a multiple of 1/64 has at most 6 decimals: round(total, 6) is itself (and slow)
        total = round(total, 6)
    bounds = scale.__dict__
    modest, substantial, strong = starts = (bounds["modest_from"], bounds["substantial_from"], bounds["strong_from"])
    return _NEED_SIZE(total, NEED_SIZES[(total >= modest) + (total >= substantial) + (total >= strong)], starts)


@dataclass(frozen=True, slots=True)
class BusinessCase:
    """Whether there is a case and what it takes (assessment JSON v1, `business_case`): the need's size, and the
    roadmap once the ring is placed (stage `roadmap`)."""

    need: NeedSize | None
    readiness: tuple[DimensionReadiness, ...] | None = None
    """Readiness per dimension (stage `readiness`, which needs the suggested paths); None when it did not run."""
    roadmap: tuple[Phase, ...] | None = None
    """The phases the ring turns into (stage `roadmap`); None when it did not run."""
    quantities: Quantities | None = None
    """The users and quantities per month, stated or derived (stage `costs`); None when it did not run."""
    costs: Costs | None = None
    """What each path costs the recommended tracks (stage `costs`); None when it did not run or the rules have no
    prices."""

    def to_dict(self) -> dict[str, Any]:
        """The `business_case` entry of assessment JSON v1."""
        data: dict[str, Any] = {
            "need": self.need.to_dict() if self.need is not None else None,
            "readiness": [entry.to_dict() for entry in self.readiness] if self.readiness is not None else None,
        }
        if self.roadmap is not None:
            data["roadmap"] = [phase.to_dict() for phase in self.roadmap]
        if self.quantities is not None:
            data["quantities"] = self.quantities.to_dict()
        if self.costs is not None:
            data |= self.costs.to_dict()
            # the batch CSV's column: the typical monthly cost of the suggested path(s), summed over the tracks
            data["monthly_cost_typical"] = self.costs.suggested_typical() if not self.costs.empty else None
        return data


business_case = maker_of(BusinessCase)
"""`BusinessCase(need, readiness, roadmap, quantities, costs)`, made more cheaply (see `maker_of`): every assessment
makes one or two."""
