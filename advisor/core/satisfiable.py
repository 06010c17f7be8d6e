"""Whether a condition can ever hold: contradictory `all`, empty ranges and lists that can hold nothing, found exactly.

Each field a condition reads is tried at a few representative values, enough that if any profile satisfies the
condition one of these combinations does: every value of a field with few values; for a number, the values next to
each threshold the condition names and between them; for other text, each value named and one that is not. A list
field is tried as the fullest list it can hold (the list operators only ever hold more often for a longer list).
Fields are taken as independent, so a condition said to hold may still never hold for reasons across fields; one said
never to hold never does.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from advisor.core.conditions import Comparisons, FieldSpec

MAX_COMBINATIONS = 20_000
"""Beyond this many combinations a condition is taken to hold (not decided)."""
_OTHER = "\x00another value"  # stands for any text a condition does not name


def can_hold(condition: Comparisons, fields: dict[str, FieldSpec]) -> bool:
    """Whether some profile (some facts with the values `fields` allow) makes `condition` true."""
    named: dict[str, list[Any]] = {}
    for subject, operand in _comparisons(condition):
        named.setdefault(subject, []).extend(operand if isinstance(operand, list) else [operand])
    if any(subject not in fields or fields[subject].kind == "any" for subject in named):
        return True  # an unknown field is reported on its own; a field of any kind is not decided here
    trials = {subject: representatives(fields[subject], operands) for subject, operands in named.items()}
    if math.prod(len(values) for values in trials.values()) > MAX_COMBINATIONS:
        return True
    names = list(trials)
    return any(
        condition.holds(dict(zip(names, values, strict=True))) for values in itertools.product(*trials.values())
    )


def representatives(spec: FieldSpec, named: list[Any]) -> list[Any]:
    """Values of a field such that any condition on it naming only `named` holds for one of them if it can hold."""
    if spec.is_list:
        items = list(spec.values) if spec.values is not None else [*dict.fromkeys(_hashable(named)), _OTHER]
        return [items]
    if spec.values is not None:
        return list(spec.values)
    if spec.kind == "number":
        return _numbers(spec, [x for x in named if isinstance(x, (int, float)) and not isinstance(x, bool)])
    return [*dict.fromkeys(_hashable(named)), _OTHER]


def _numbers(spec: FieldSpec, thresholds: list[float]) -> list[int | float]:
    """Each threshold, its neighbours and the midpoints between thresholds (whole numbers near them for a whole
    field), within the field's range."""
    if spec.whole and spec.low is not None and spec.high is not None and spec.high - spec.low <= 1000:
        return list(range(math.ceil(spec.low), math.floor(spec.high) + 1))
    ends = sorted({*thresholds, *(b for b in (spec.low, spec.high) if b is not None)}) or [0.0]
    pool: set[int | float]
    if spec.whole:
        pool = {n for t in ends for n in (math.floor(t) - 1, math.floor(t), math.ceil(t), math.ceil(t) + 1)}
    else:
        middles = [(a + b) / 2 for a, b in itertools.pairwise(ends)]
        pool = {*ends, *middles, ends[0] - 1, ends[-1] + 1}
    return sorted(n for n in pool if spec.takes(n))


def _comparisons(condition: Comparisons) -> list[tuple[str, Any]]:
    """Every comparison in the condition as (subject, operand)."""
    nested = condition.groups()
    if nested is not None:
        return [pair for part in nested for pair in _comparisons(part)]
    op = condition.operators()[0]
    return [(condition.subject() or "", getattr(condition, "in_" if op == "in" else op))]


def _hashable(values: list[Any]) -> list[Any]:
    return [v for v in values if isinstance(v, (str, int, float, bool))]
