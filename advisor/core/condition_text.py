"""Conditions written for people, as `rules show` prints them and problems quote them, e.g.
`needs.art.importance ≥ 3`: a `Message` the vocabulary says (operators in words are catalogue ids, the others
symbols)."""

from __future__ import annotations

from typing import Any

from advisor.core.conditions import Comparisons
from advisor.core.messages import Message

SYMBOLS = {"equals": "=", "not_equals": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}
"""Operators written as a symbol in every language; the others are words (`condition.operator.<op>`)."""


def condition_words(condition: Comparisons, nested: bool = False) -> Message:
    """One line: comparisons as `field op value`, `all` joined by 'and', `any` by 'or' (nested groups bracketed)."""
    all_of, any_of = getattr(condition, "all", None), getattr(condition, "any", None)
    for parts, join in ((all_of, "and"), (any_of, "or")):
        if parts is not None:
            said = [condition_words(part, nested=True) for part in parts]
            if not said:
                return Message.of("condition.none")
            message = said[0]
            for part in said[1:]:  # 'a and b and c', each join said by the language
                message = Message.of(f"condition.{join}", left=message, right=part)
            return Message.of("condition.bracketed", condition=message) if nested and len(parts) > 1 else message
    op = condition.operators()[0]
    operand = getattr(condition, "in_" if op == "in" else op)
    operator = SYMBOLS[op] if op in SYMBOLS else Message.of(f"condition.operator.{op}")
    return Message.of("condition.comparison", subject=condition.subject() or "", operator=operator, value=value_text(operand))


def value_text(value: Any) -> str:
    """A value as a rules file would write it: true / false, 3 rather than 3.0, lists as 'a, b'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value)
    return str(value)
