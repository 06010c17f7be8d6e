"""The readiness ring (a technology radar's hold, assess, trial, adopt) beside the recommendation: the first ring
rule of the rules whose condition holds on the profile and what the assessment found. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.core.context_rules import NOT_ASSESSED, RingRule
from advisor.core.headline import join_words
from advisor.core.rules import Rules, remember
from advisor.core.types import RINGS

RINGS_BY_ORDER = tuple(reversed(RINGS))  # hold, assess, trial, adopt: from the most cautious


@dataclass(frozen=True, slots=True)
class RingPlacement:
    """The ring an assessment is placed on, why, and what it means; `possible` lists the rings robustness would
    decide between when the ring is not assessed (None otherwise)."""

    ring: str
    reason: str
    meaning: str
    possible: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ring entry of assessment JSON v1."""
        data: dict[str, Any] = {"ring": self.ring, "reason": self.reason, "meaning": self.meaning}
        if self.possible is not None:
            data["possible"] = list(self.possible)
        return data


def place_ring(
    facts: dict[str, Any], derived: dict[str, Any], verdicts: Sequence[str], unstated: list[str], rules: Rules
) -> RingPlacement | None:
    """The first ring whose condition holds; not assessed when the possible verdicts would place it differently.

    `facts` are the profile's, `derived` the facts the assessment adds (recommendation, readiness, counts).
    """
    readiness = rules.readiness
    if readiness is None:
        return None
    placed = _placed(facts, derived, verdicts, rules)
    rings = {rule.ring for rule in placed}
    if len(rings) > 1:
        possible = tuple(r for r in RINGS_BY_ORDER if r in rings)
        return RingPlacement(
            NOT_ASSESSED,
            "The ring depends on how robust the recommendation is, and robustness was not analysed; "
            f"it would be {' or '.join(r.capitalize() for r in possible)}.",
            "Analyse robustness to place the ring.",
            possible,
        )
    rule = placed[0]
    words = readiness.unstated
    named = join_words([words.get(name, name.replace("_", " ")) for name in unstated])  # type: ignore[call-overload]
    return RingPlacement(rule.ring, rule.reason.replace("{unstated}", named), readiness.meaning[rule.ring])


def _placed(
    facts: dict[str, Any], derived: dict[str, Any], verdicts: Sequence[str], rules: Rules
) -> tuple[RingRule, ...]:
    """The first ring for each verdict, decided once per combination of the values the ring conditions read."""
    values = (derived[name] if name in derived else facts.get(name) for name in rules.ring_fields)
    key = (tuple(verdicts), *(tuple(v) if isinstance(v, list) else v for v in values))
    table = rules.memos["rings"]
    found = table.get(key)
    if found is None:
        found = remember(table, key, tuple(_first_rings({**facts, **derived}, verdicts, rules)))
    return found


def _first_rings(facts: dict[str, Any], verdicts: Sequence[str], rules: Rules) -> list[RingRule]:
    """The first ring whose condition holds, for each verdict; a condition that does not read the verdict is tried
    once for all of them. `facts` is the caller's own dict: the verdict is set in it, not copied per verdict."""
    found: dict[str, RingRule] = {}
    pending = list(verdicts)
    for rule, holds, reads_verdict in rules.ring_tests:
        if not reads_verdict:
            if holds(facts):
                found.update(dict.fromkeys(pending, rule))
                pending = []
        else:
            left = []
            for verdict in pending:
                facts["verdict"] = verdict
                if holds(facts):
                    found[verdict] = rule
                else:
                    left.append(verdict)
            pending = left
        if not pending:
            return [found[verdict] for verdict in verdicts]
    raise AssertionError("the last ring has no condition (checked when the rules are read)")  # pragma: no cover
