"""A model's twin validator: the same objects from the same valid data, with some of its Python checks made native.

pydantic calls a `mode="before"` validator in Python for every value, though for all but odd inputs a native
constraint says the same: `importance` refuses `true` and `"5"` with words of its own, and pydantic's strict int
refuses them too, only without those words. A twin is the model's own core schema with such validators rewritten
into native schemas that accept nothing the validator would refuse and make the same value of what they accept.
So what the twin accepts, the model accepts and makes an equal object of; what the twin refuses is validated again
by the model, whose errors are the ones reported. Errors and the JSON Schema stay the model's; valid data is read
with fewer calls into Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError, SchemaValidator

Node = dict[str, Any]
Rewrite = Callable[[Node, Node], Node]
"""How the twin replaces one validator: given its node and its inner schema (rewritten already), the node to use."""


def twin_validator(model: type[BaseModel], rewrites: Mapping[object, Rewrite]) -> SchemaValidator:
    """The validator of `model` with each validator function named in `rewrites` (as the class gives it: a function,
    a classmethod's bound method) replaced as it says.

    Build it when the model's classes are made (at import): pydantic-core gives a `model` node the finished class's
    own validator (its Python checks with it), so the classes read as unfinished while the twin is built."""
    by_function = {_function(f): rewrite for f, rewrite in rewrites.items()}
    classes: list[type[BaseModel]] = []
    schema = _rewritten(model.__pydantic_core_schema__, by_function, classes)
    finished = [(cls, cls.__pydantic_complete__) for cls in classes]
    for cls, _ in finished:
        cls.__pydantic_complete__ = False
    try:
        return SchemaValidator(schema)
    finally:
        for cls, complete in finished:
            cls.__pydantic_complete__ = complete


def not_for_the_twin() -> PydanticCustomError:
    """What a twin's own function raises for data it leaves to the model (which then validates it and says why)."""
    return PydanticCustomError("twin.declined", "left to the model")


def _function(f: object) -> object:
    """The plain function of a validator (a classmethod validator is held as a bound method)."""
    return getattr(f, "__func__", f)


def _rewritten(node: Any, by_function: Mapping[object, Rewrite], classes: list[type[BaseModel]]) -> Any:
    """`node` with its validators rewritten; each model class met is added to `classes`."""
    if isinstance(node, list):
        return [_rewritten(item, by_function, classes) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "model" and node["cls"] not in classes:
        classes.append(node["cls"])
    copied = {
        key: value if key in _OPAQUE else _rewritten(value, by_function, classes) for key, value in node.items()
    }
    if node.get("type", "").startswith("function-") and "schema" in node:
        rewrite = by_function.get(_function(node["function"]["function"]))
        if rewrite is not None:
            return rewrite(copied, copied["schema"])
    return copied


_OPAQUE = frozenset({"function", "serialization", "metadata", "cls", "default", "default_factory", "expected"})
"""Keys whose values are not schemas: kept as they are."""
