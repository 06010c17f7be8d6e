"""Turn pydantic's validation errors into `Problem`s a person can act on: a path, a plain message, the value."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from advisor.core.errors import Problem
from advisor.core.problem_codes import PROBLEM_CODES
from advisor.core.yamldata import Path, dotted

_BOUNDS = {
    "less_than_equal": ("le", "must be at most {}"),
    "less_than": ("lt", "must be less than {}"),
    "greater_than_equal": ("ge", "must be at least {}"),
    "greater_than": ("gt", "must be greater than {}"),
}
_TYPES = {
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number (not NaN or infinity)",
    "string_type": "must be a text string",
    "bool_type": "must be true or false",
    "dict_type": "must be an object (a mapping of keys)",
    "model_type": "must be an object (a mapping of keys)",
    "list_type": "must be a list",
    "missing": "is required but missing",
}


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


def refusal(code: str, message: str) -> PydanticCustomError:
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


def _message(item: ErrorDetails, path: Path, model: type[BaseModel] | None) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in PROBLEM_CODES:  # a validator's own `refusal`: its message as it is
        return str(ctx.get("reason", item["msg"]))
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path[:-1]) if model else None
        return "unknown key" + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
    if kind == "missing":
        return _TYPES[kind]
    if kind in _BOUNDS:
        key, template = _BOUNDS[kind]
        message = template.format(ctx.get(key))
    elif kind == "literal_error":
        message = f"must be one of {ctx.get('expected')}"
    elif kind in ("string_too_long", "too_long"):
        message = (
            f"is too long (at most {ctx.get('max_length')} {'characters' if kind == 'string_too_long' else 'items'})"
        )
    elif kind in ("string_too_short", "too_short"):
        if ctx.get("min_length") == 1 and item.get("input") in ("", [], {}):
            return "must not be empty"  # showing the value ('') would say nothing more
        message = (
            "must not be empty" if ctx.get("min_length") == 1 else f"is too short (at least {ctx.get('min_length')})"
        )
    elif kind == "string_pattern_mismatch":
        message = f"must match the pattern {ctx.get('pattern')}"
    elif kind == "value_error":
        return str(ctx.get("error") or item["msg"])
    else:
        message = _TYPES.get(kind, item["msg"][:1].lower() + item["msg"][1:])
    return message + got(item.get("input"))


def got(value: Any) -> str:
    """' (got 7)', ' (got a list)', or ' (left empty)' for an empty text, after a message on a value."""
    if value == "":  # showing the value ('') would say nothing a reader can see
        return " (left empty)"
    if isinstance(value, (dict, list)):
        return f" (got {'an object' if isinstance(value, dict) else 'a list'})"
    return f" (got {json_word(value)})"


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
