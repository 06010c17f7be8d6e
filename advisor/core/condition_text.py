"""Conditions written for people, as `rules show` prints them, e.g. `needs.art.importance ≥ 3`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.core.conditions import Comparisons

_WORDS = {
    "equals": "=",
    "not_equals": "≠",
    "in": "is one of",
    "not_in": "is none of",
    "gt": ">",
    "ge": "≥",
    "lt": "<",
    "le": "≤",
    "contains": "contains",
    "contains_any": "contains any of",
    "outside": "holds a value other than",
}


def condition_text(condition: Comparisons, nested: bool = False, operators: Mapping[str, str] | None = None) -> str:
    """One line: comparisons as `field op value`, `all` joined by 'and', `any` by 'or' (nested groups bracketed);
    `operators` says an operator's words in another language (default: English)."""
    all_of, any_of = getattr(condition, "all", None), getattr(condition, "any", None)
    for parts, joiner in ((all_of, " and "), (any_of, " or ")):
        if parts is not None:
            text = joiner.join(condition_text(part, nested=True, operators=operators) for part in parts)
            return f"({text})" if nested and len(parts) > 1 else text
    op = condition.operators()[0]
    operand = getattr(condition, "in_" if op == "in" else op)
    return f"{condition.subject()} {(operators or _WORDS).get(op, _WORDS[op])} {value_text(operand)}"


def value_text(value: Any) -> str:
    """A value as a rules file would write it: true / false, 3 rather than 3.0, lists as 'a, b'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value)
    return str(value)
