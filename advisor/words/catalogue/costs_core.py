"""The costs' core (advisor/core/costs.py): the sentences its review added to the basis of a figure."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "costs.basis.without_unit": (
        "not estimated: the rules give {use_cases} no unit to count it in; add it under quantities in the rules"
    ),
    "costs.money_range": "{low} to {high}",
}
