"""What one request may make the server do: the shape of a JSON body (its keys and list items, its nesting) checked
before the body is validated, and the problems a refusal lists (the first `Limits.max_problems`, then how many more).

A body over a bound is refused with 413 (Content Too Large), like a body over the byte cap, and one located problem:
validating 20,000 unknown keys would cost time and answer one problem per key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from advisor.core.errors import Problem
from advisor.words.counts import counted
from advisor.words.text import text

T = TypeVar("T")
SHAPE_STATUS = 413
PART_CHARACTERS = 40
"""A key is shown in a problem's path up to this many characters (a key may be as long as the body)."""


def shape_problem(data: Any, max_keys: int, max_depth: int) -> Problem | None:
    """Why the decoded JSON `data` is larger than a server accepts (more than `max_keys` keys and list items in all, or
    objects and lists nested more than `max_depth` deep), located at the object or list where it went over; None
    when it is within both."""
    count = 0
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if not isinstance(value, (dict, list)):
            continue
        if len(path) >= max_depth:
            return Problem(
                _dotted(path),
                text("web_forms.too_deep", most=str(max_depth)),
                code="request.too_deep",
            )
        count += len(value)
        if count > max_keys:
            return Problem(
                _dotted(path),
                text("web_forms.too_many_keys", most=str(max_keys)),
                code="request.too_many_keys",
            )
        children = value.items() if isinstance(value, dict) else enumerate(value)
        pending.extend((child, (*path, key)) for key, child in children if isinstance(child, (dict, list)))
    return None


def _dotted(path: tuple[str | int, ...]) -> str:
    """A path as a person reads it (needs.art.importance, regions[2]), each key shortened to a readable length."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if len(part) <= PART_CHARACTERS else part[:PART_CHARACTERS] + "..."
            out += ("." if out else "") + shown
    return out


def more_problems(count: int) -> str:
    """The entry that stands for the problems a refusal does not list: 'and 3 more problems'."""
    return f"and {counted(count, 'more_problem')}"


def capped(items: list[T], limit: int, more: Callable[[str], T]) -> list[T]:
    """The first `limit` problems, then one (`more` of its words) that says how many more there are."""
    if len(items) <= limit:
        return items
    return [*items[:limit], more(more_problems(len(items) - limit))]


def capped_problems(problems: list[Problem], limit: int) -> list[Problem]:
    """The first `limit` problems, then one that says how many more there are."""
    return capped(problems, limit, lambda words: Problem("", words, code="problems.more"))
