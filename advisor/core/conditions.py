"""The condition language shared by the questionnaire (`when`) and the context rules: data, evaluated by code, no eval.

A condition is one comparison of a subject (an earlier answer, a profile field) with a value, or `all` / `any` of
several conditions. A subject with no value (unasked, not stated) makes every comparison false.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.errors import Refused
from advisor.core.messages import Message
from advisor.core.validation import json_word

Scalar = str | int | float | bool

OPERATORS = ("equals", "not_equals", "in", "not_in", "gt", "ge", "lt", "le", "contains", "contains_any", "outside")
"""equals / not_equals / in / not_in / gt / ge / lt / le compare one value; contains (a list holds the value),
contains_any (a list holds one of the values) and outside (a list holds a value not among them) read a list."""

_ORDER = ("gt", "ge", "lt", "le")
_LIST_OPERATORS = ("contains", "contains_any", "outside")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What a condition's subject holds: one value or a list of values, of a kind, from a set or a range.

    Derived from the models (a Literal gives the values, a bounded int the range), so that a condition that can
    never be true is refused when the rules are read instead of silently never firing.
    """

    kind: Literal["text", "number", "bool", "any"] = "any"
    values: frozenset[Any] | None = None
    is_list: bool = False
    low: float | None = None
    high: float | None = None
    whole: bool = False
    standard: Callable[[str], str] | None = None
    """For text kept in one standard form (languages, regions): that form of a spelling (ValueError for none)."""
    described: Message | None = None
    """The values in words, where listing them is not possible ('base language codes such as en, de, zh')."""

    def problem(self, subject: str, op: str, operand: Any) -> Message | None:
        """Why `subject OP operand` can never hold (wrong operator for the kind, a value it never takes), or None."""
        if op in _LIST_OPERATORS and not self.is_list:
            return Message.of("problem.condition.list_operator", op=op, subject=subject)
        if op not in _LIST_OPERATORS and self.is_list:
            return Message.of("problem.condition.value_operator", op=op, subject=subject)
        if op in _ORDER:
            if self.kind != "number":
                return Message.of("problem.condition.not_numbers", op=op, subject=subject, takes=self.describe())
            return self._order_problem(subject, op, operand)
        items = operand if isinstance(operand, list) else [operand]
        if not items and op in ("in", "contains_any"):
            return Message.of("problem.condition.empty_list", op=op)
        for item in items:
            if not self.takes(item):
                standard = self.standard_form(item)
                value, takes = json_word(item), self.describe()
                if standard is not None:
                    return Message.of(
                        "problem.condition.standard_form", value=value, subject=subject, takes=takes, standard=standard
                    )
                return Message.of("problem.condition.not_a_value", value=value, subject=subject, takes=takes)
        return None

    def standard_form(self, value: Any) -> str | None:
        """The standard form of a text `value` the subject would hold instead of it, or None (no such form)."""
        if self.standard is None or not isinstance(value, str):
            return None
        try:
            form = self.standard(value)
        except ValueError:
            return None
        return form if form != value else None

    def takes(self, value: Any) -> bool:
        """Whether `value` is one the subject (or an item of it, for a list) can hold."""
        if self.values is not None:
            return any(value == v and type(value) is type(v) for v in self.values)
        if self.kind == "text" and self.standard is not None:
            return isinstance(value, str) and _in_standard_form(self.standard, value)
        if self.kind == "text":
            return isinstance(value, str)
        if self.kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            in_range = (self.low is None or value >= self.low) and (self.high is None or value <= self.high)
            return in_range and (not self.whole or float(value).is_integer())
        return True

    def describe(self) -> Message:
        """The values in words: 'high, low, medium', 'true or false', 'a whole number from 0 to 5', 'text'."""
        if self.described is not None:
            return self.described
        if self.kind == "bool":
            return Message.of("condition.takes.boolean")
        if self.values is not None:
            values = ", ".join(sorted(str(v) if isinstance(v, str) else json_word(v) for v in self.values))
            return Message.of("condition.takes.values", values=values)
        if self.kind == "number":
            number = "whole" if self.whole else "number"
            if self.low is not None and self.high is not None:
                return Message.of(f"condition.takes.{number}.range", low=f"{self.low:g}", high=f"{self.high:g}")
            if self.low is not None:
                return Message.of(f"condition.takes.{number}.at_least", low=f"{self.low:g}")
            return Message.of(f"condition.takes.{number}")
        return Message.of("condition.takes.text" if self.kind == "text" else "condition.takes.any")

    def _order_problem(self, subject: str, op: str, operand: float) -> Message | None:
        low, high = self.low, self.high
        never = (
            (op == "gt" and high is not None and operand >= high)
            or (op == "ge" and high is not None and operand > high)
            or (op == "lt" and low is not None and operand <= low)
            or (op == "le" and low is not None and operand < low)
        )
        if never:
            return Message.of(
                "problem.condition.out_of_range", op=op, operand=f"{operand:g}", subject=subject, takes=self.describe()
            )
        return None


def _in_standard_form(standard: Callable[[str], str], value: str) -> bool:
    try:
        return standard(value) == value
    except ValueError:
        return False


class Comparisons(BaseModel):
    """The operators of a condition; a subclass names the subject key and types `all` / `any`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    subject_key: ClassVar[str] = "subject"

    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    not_in: list[Scalar] | None = None
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    contains: Scalar | None = None
    contains_any: list[Scalar] | None = None
    outside: list[Scalar] | None = None

    def subject(self) -> str | None:
        """The name the comparison reads (an answer id, a dotted profile field)."""
        value = getattr(self, self.subject_key)
        return value if isinstance(value, str) else None

    def groups(self) -> list[Any] | None:
        """The nested conditions of `all` or `any`, or None for a comparison."""
        group = getattr(self, "all", None)
        return group if group is not None else getattr(self, "any", None)

    def operators(self) -> list[str]:
        """The operators this condition uses (exactly one for a valid comparison)."""
        return [op for op in OPERATORS if getattr(self, "in_" if op == "in" else op) is not None]

    @model_validator(mode="after")
    def _one_form(self) -> Comparisons:
        groups = [g for g in ("all", "any") if getattr(self, g, None) is not None]
        if groups:
            if self.subject() is not None or self.operators() or len(groups) > 1:
                raise Refused(Message.of("problem.condition.several", subject=self.subject_key))
        elif self.subject() is None or len(self.operators()) != 1:
            raise Refused(Message.of("problem.condition.operator", subject=self.subject_key, operators=", ".join(OPERATORS)))
        return self

    def holds(self, facts: dict[str, Any]) -> bool:
        """Whether the condition is true for `facts` (subject -> value); a missing or null subject makes it false."""
        all_of = getattr(self, "all", None)
        if all_of is not None:
            return all(c.holds(facts) for c in all_of)
        any_of = getattr(self, "any", None)
        if any_of is not None:
            return any(c.holds(facts) for c in any_of)
        value = facts.get(self.subject() or "")
        if value is None:
            return False
        op = self.operators()[0]
        operand = getattr(self, "in_" if op == "in" else op)
        return compare(value, op, operand)

    def references(self) -> list[str]:
        """Every subject the condition reads."""
        nested = self.groups()
        if nested is not None:
            return [ref for c in nested for ref in c.references()]
        subject = self.subject()
        return [subject] if subject else []


def compare(value: Any, op: str, operand: Any) -> bool:
    """One comparison; comparing text with a number, or a list operator with a single value, is simply false."""
    if op in ("contains", "contains_any", "outside"):
        if not isinstance(value, list):
            return False
        if op == "contains":
            return operand in value
        if op == "contains_any":
            return any(item in operand for item in value)
        return any(item not in operand for item in value)
    if isinstance(value, list):
        return False
    if op == "equals":
        return bool(value == operand)
    if op == "not_equals":
        return bool(value != operand)
    if op == "in":
        return value in operand
    if op == "not_in":
        return value not in operand
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # True > 0 would hold; an order needs numbers
        return False
    return bool({"gt": value > operand, "ge": value >= operand, "lt": value < operand, "le": value <= operand}[op])
