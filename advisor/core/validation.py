"""Turn pydantic's validation errors into `Problem`s a person can act on: a path, a plain message, the value."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from advisor.core.errors import Problem, Refused
from advisor.core.messages import Message
from advisor.core.problem_codes import PROBLEM_CODES
from advisor.core.yamldata import Path, dotted

_BOUNDS = {
    "less_than_equal": ("le", "problem.schema.at_most"),
    "less_than": ("lt", "problem.schema.less_than"),
    "greater_than_equal": ("ge", "problem.schema.at_least"),
    "greater_than": ("gt", "problem.schema.greater_than"),
}
_TYPES = {
    "int_type": "problem.schema.whole_number",
    "int_from_float": "problem.schema.whole_number",
    "int_parsing": "problem.schema.whole_number",
    "float_type": "problem.schema.number",
    "float_parsing": "problem.schema.number",
    "finite_number": "problem.schema.finite_number",
    "string_type": "problem.schema.text",
    "bool_type": "problem.schema.boolean",
    "dict_type": "problem.schema.object",
    "model_type": "problem.schema.object",
    "list_type": "problem.schema.list",
    "missing": "problem.schema.missing",
}
"""A pydantic error type -> the message that says it (with the value given, but for 'missing')."""


def problems_from(
    error: ValidationError,
    line_of: Callable[[Path], int | None] | None = None,
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    """One `Problem` per pydantic error, with the line of its path when `line_of` knows it."""
    problems = []
    for item in error.errors(include_url=False):
        path: Path = tuple(part for part in item["loc"] if part != "[key]")
        message = _message(item, path, model)
        line = line_of(path) if line_of else None
        problems.append(Problem(dotted(path), message, line, code=_code(item)))
    return problems


_CODES = {
    "extra_forbidden": "schema.unknown_key",
    "missing": "schema.missing",
    "literal_error": "schema.not_a_choice",
    "string_too_long": "schema.too_long",
    "too_long": "schema.too_long",
    "string_pattern_mismatch": "schema.pattern",
    "value_error": "schema.invalid",
    **dict.fromkeys(_BOUNDS, "schema.out_of_range"),
    **dict.fromkeys(_TYPES, "schema.type"),
}


def refusal(code: str, message: Message) -> PydanticCustomError:
    """The error a validator raises for a value it refuses: `message` as it is, with its problem code (a ValueError,
    for callers that catch one)."""
    return PydanticCustomError(code, "{reason}", {"reason": message})


def _code(item: ErrorDetails) -> str:
    """The stable code of one pydantic error (see `problem_codes`)."""
    kind = item["type"]
    if kind in PROBLEM_CODES:  # a validator's own `refusal`
        return kind
    if kind in ("string_too_short", "too_short"):
        return "schema.empty" if item.get("ctx", {}).get("min_length") == 1 else "schema.too_short"
    if kind == "missing":
        return "schema.missing"
    return _CODES.get(kind, "schema.invalid")


def _message(item: ErrorDetails, path: Path, model: type[BaseModel] | None) -> Message | str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in PROBLEM_CODES:  # a validator's own `refusal`: its message as it is
        reason = ctx.get("reason")
        return reason if isinstance(reason, Message) else str(reason or item["msg"])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path[:-1]) if model else None
        if allowed:
            return Message.of("problem.schema.unknown_key.allowed", allowed=", ".join(allowed))
        return Message.of("problem.schema.unknown_key")
    if kind == "missing":
        return Message.of(_TYPES[kind])
    if kind in _BOUNDS:
        key, message_id = _BOUNDS[kind]
        message = Message.of(message_id, limit=str(ctx.get(key)))
    elif kind == "literal_error":
        message = Message.of("problem.schema.one_of", expected=str(ctx.get("expected")))
    elif kind in ("string_too_long", "too_long"):
        unit = "characters" if kind == "string_too_long" else "items"
        message = Message.of(f"problem.schema.too_long.{unit}", most=str(ctx.get("max_length")))
    elif kind in ("string_too_short", "too_short"):
        if ctx.get("min_length") == 1:
            if item.get("input") in ("", [], {}):
                return Message.of("problem.schema.empty")  # showing the value ('') would say nothing more
            message = Message.of("problem.schema.empty")
        else:
            message = Message.of("problem.schema.too_short", least=str(ctx.get("min_length")))
    elif kind == "string_pattern_mismatch":
        message = Message.of("problem.schema.pattern", pattern=str(ctx.get("pattern")))
    elif kind == "value_error":
        error = ctx.get("error")
        return error.message if isinstance(error, Refused) else str(error or item["msg"])
    elif kind in _TYPES:
        message = Message.of(_TYPES[kind])
    else:  # a kind of error this module does not name: pydantic's own words, as a clause
        message = Message.of("problem.schema.other", reason=item["msg"][:1].lower() + item["msg"][1:])
    return with_value(message, item.get("input"))


def with_value(message: Message, value: Any) -> Message:
    """`message` with the value it is about: '... (got 7)', '... (got a list)', or '... (left empty)' for an empty
    text."""
    if value == "":  # showing the value ('') would say nothing a reader can see
        return Message.of("problem.got.empty", message=message)
    if isinstance(value, dict):
        return Message.of("problem.got.object", message=message)
    if isinstance(value, list):
        return Message.of("problem.got.list", message=message)
    return Message.of("problem.got", message=message, value=json_word(value))


def json_word(value: Any) -> str:
    """A value as a JSON reader writes it (true, null, 'text'), cut to 60 characters."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(model: type[BaseModel], path: Path) -> list[str] | None:
    """Field names of the model found at `path` inside `model`, for 'allowed here' hints."""
    current: Any = model
    for part in path:
        current = _model_in(current)
        if current is None:
            return None
        if isinstance(part, str) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    current = _model_in(current)
    return list(current.model_fields) if current is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
