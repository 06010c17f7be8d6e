"""The readiness ring (a technology radar's hold, assess, trial, adopt) beside the recommendation: the first ring
rule of the rules whose condition holds on the profile and what the assessment found. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    unstated: list[str],
    rules: Rules,
    practices: Sequence[Words] = (),
    need: NeedSize | None = None,
) -> RingPlacement | None:
    """The first ring whose condition holds; not assessed when the possible verdicts would place it differently.

    `facts` are the profile's, `derived` the facts the assessment adds (recommendation, readiness, counts);
    `practices` the practices vetoes name, which a reason may name as `{practices}`; `need` the need's size, which a
    reason may name as `{need}` (its total) and `{modest}` (where a modest need starts).
    """
    readiness = rules.readiness
    if readiness is None:
        return None
    placed = _placed(facts, derived, verdicts, rules)
    # the placement depends on the rings placed and on what their reasons name: a batch meets the same few
    uses_need = need is not None and any("{need}" in readiness.rings[i].reason for i in placed)
    key = (placed, tuple(unstated), tuple(practices), need if uses_need else None)
    table = rules.memos["ring placements"]
    found: RingPlacement | None = table.get(key)
    if found is None:
        found = remember(table, key, _placement(placed, unstated, rules, practices, need))
    return found


def _placement(
    placed: tuple[int, ...], unstated: list[str], rules: Rules, practices: Sequence[Words], need: NeedSize | None
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


def _placed(facts: dict[str, Any], derived: dict[str, Any], verdicts: Sequence[str], rules: Rules) -> tuple[int, ...]:
    """The first ring for each verdict (its index in the rules), decided once per combination of the values the ring
    conditions read."""
    values = [derived[name] if name in derived else facts.get(name) for name in rules.ring_fields]
    key = (tuple(verdicts), *[tuple(v) if isinstance(v, list) else v for v in values])
    table = rules.memos["rings"]
    found = table.get(key)
    if found is None:
        found = remember(table, key, tuple(_first_rings({**facts, **derived}, verdicts, rules)))
    return found


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
