"""The readiness ring (a technology radar's hold, assess, trial, adopt) beside the recommendation: the first ring
rule of the rules whose condition holds on the profile and what the assessment found. Pure.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.core.context_rules import NOT_ASSESSED
from advisor.core.messages import DataText, Message, Number, Param, Words
from advisor.core.rules import Rules, remember
from advisor.core.types import RINGS

if TYPE_CHECKING:
    from advisor.core.need import NeedSize

RINGS_BY_ORDER = tuple(reversed(RINGS))  # hold, assess, trial, adopt: from the most cautious
_PLACES = ("first", "second", "third", "fourth")
"""The parameters of a choice of rings ('ring.choice.N'), in order."""


@dataclass(frozen=True, slots=True)
class RingPlacement:
    """The ring an assessment is placed on, why, and what it means; `possible` lists the rings robustness would
    decide between when the ring is not assessed (None otherwise); `rule_reason` is the placing ring rule's reason as
    the rules write it (None when not assessed)."""

    ring: str
    reason: Message
    meaning: Message | DataText
    possible: tuple[str, ...] | None = None
    rule_reason: DataText | None = None
    lead: bool = False
    """Whether the reason leads the action title and the headline (a Hold's always does)."""
    practices: Words | Message | None = None
    """The practices vetoes name, which the reason may name as `{practices}` (None when not assessed)."""

    def to_dict(self) -> dict[str, Any]:
        """The ring entry of assessment JSON v1."""
        data: dict[str, Any] = {"ring": self.ring, "reason": self.reason, "meaning": self.meaning}
        if self.possible is not None:
            data["possible"] = list(self.possible)
        return data


def place_ring(
    facts: dict[str, Any],
    derived: dict[str, Any],
    verdicts: Sequence[str],
    unstated: Sequence[str],
    rules: Rules,
    practices: Sequence[Words] = (),
    need: NeedSize | None = None,
) -> RingPlacement | None:
    """The first ring whose condition holds; not assessed when the possible verdicts would place it differently.

    `facts` are the profile's, `derived` the facts the assessment adds (recommendation, readiness, counts: single
    values); `practices` the practices vetoes name, which a reason may name as `{practices}`; `need` the need's size,
    which a reason may name as `{need}` (its total) and `{modest}` (where a modest need starts).
    """
    readiness = rules.readiness
    if readiness is None:
        return None
    # the placement depends on the values the ring conditions read, the verdicts and what the reasons name: a batch
    # meets the same few. Only a reason that names the need's total depends on the need (see below)
    read = derived  # what the conditions read: the derived facts alone, when they name every field they read
    try:
        values = _values_of(rules.ring_fields)(derived)
    except KeyError:  # a condition reads a fact of the profile's
        values = tuple(_value(derived[name] if name in derived else facts.get(name)) for name in rules.ring_fields)
        read = {**facts, **derived}
    unstated, practices = tuple(unstated), tuple(practices)
    key = (tuple(verdicts), values, unstated, practices)
    table = rules.memos["ring placements"]
    found: RingPlacement | tuple[int, ...] | None = table.get(key)
    if found is None:
        placed = tuple(_first_rings(dict(read), verdicts, rules))
        if any("{need}" in readiness.rings[i].reason for i in placed):
            found = placed  # placed on a ring whose reason names the need: placed again per need, below
        else:  # many values place on the same rings: the placement (its words) is made once per rings
            by_rings = rules.memos["ring placements by rings"]
            rings_key = (placed, unstated, practices)
            found = by_rings.get(rings_key)
            if found is None:
                found = remember(by_rings, rings_key, _placement(placed, unstated, rules, practices, None))
        remember(table, key, found)
    if isinstance(found, RingPlacement):
        return found
    by_need = rules.memos["ring placements by need"]
    need_key = (found, unstated, practices, need)
    placement: RingPlacement | None = by_need.get(need_key)
    if placement is None:
        placement = remember(by_need, need_key, _placement(found, unstated, rules, practices, need))
    return placement


@functools.lru_cache(maxsize=64)  # one entry per rules in use: bounded all the same (a server may see many)
def _values_of(fields: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    """The values of `fields` in a dict of facts (KeyError when one is missing), one hashable value for all."""
    if not fields:
        return _nothing
    return operator.itemgetter(*fields)


def _nothing(facts: dict[str, Any]) -> tuple[()]:
    return ()


def _value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _placement(
    placed: tuple[int, ...], unstated: Sequence[str], rules: Rules, practices: Sequence[Words], need: NeedSize | None
) -> RingPlacement:
    """The placement on the rings `placed` (their indices in the rules, one per possible verdict)."""
    readiness = rules.readiness
    assert readiness is not None
    rings = {readiness.rings[i].ring for i in placed}
    if len(rings) > 1:
        possible = tuple(r for r in RINGS_BY_ORDER if r in rings)
        choice = [Message.of(f"ring.name.{r}") for r in possible]
        rings_named = Message(f"ring.choice.{len(choice)}", tuple(zip(_PLACES, choice, strict=False)))
        return RingPlacement(
            NOT_ASSESSED,
            Message.of("ring.not_assessed.reason", rings=rings_named),
            Message.of("ring.not_assessed.meaning"),
            possible,
        )
    index = placed[0]
    rule = readiness.rings[index]
    reason = DataText(f"rules.readiness.rings.{index}.reason", rule.reason)
    words = {str(name): text for name, text in readiness.unstated.items()}
    named = Words(tuple(_unstated(name, words) for name in unstated))
    meaning = DataText(f"rules.readiness.meaning.{rule.ring}", readiness.meaning[rule.ring])
    extra: dict[str, Param] = {}
    if need is not None and "{need}" in rule.reason:
        extra = {"need": Number(need.total, "decimal:1"), "modest": Number(need.starts[0], "decimal:1")}
    if "{practices}" not in rule.reason:
        said = Message.of("ring.reason", reason=reason, unstated=named, **extra)
        return RingPlacement(rule.ring, said, meaning, rule_reason=reason, lead=rule.lead)
    stated = tuple(item for words in practices for item in words.items)
    practice = Words(stated) if stated else Message.of("veto.practice.unnamed")
    said = Message.of("ring.reason", reason=reason, unstated=named, practices=practice, **extra)
    return RingPlacement(rule.ring, said, meaning, rule_reason=reason, lead=rule.lead, practices=practice)


def _unstated(name: str, words: dict[str, str]) -> DataText | Message:
    """How a ring's reason names a readiness fact left out: in the rules' words, else the catalogue's."""
    if name in words:
        return DataText(f"rules.readiness.unstated.{name}", words[name])
    return Message.of(f"ring.unstated.{name}")


def _first_rings(facts: dict[str, Any], verdicts: Sequence[str], rules: Rules) -> list[int]:
    """The first ring whose condition holds (its index), for each verdict; a condition that does not read the verdict
    is tried once for all of them. `facts` is the caller's own dict: the verdict is set in it, not copied per verdict."""
    found: dict[str, int] = {}
    pending = list(verdicts)
    for index, (_, holds, reads_verdict) in enumerate(rules.ring_tests):
        if not reads_verdict:
            if holds(facts):
                found.update(dict.fromkeys(pending, index))
                pending = []
        else:
            left = []
            for verdict in pending:
                facts["verdict"] = verdict
                if holds(facts):
                    found[verdict] = index
                else:
                    left.append(verdict)
            pending = left
        if not pending:
            return [found[verdict] for verdict in verdicts]
    raise AssertionError("the last ring has no condition (checked when the rules are read)")  # pragma: no cover
