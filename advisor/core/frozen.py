"""Making the frozen dataclasses of every batch row more cheaply: a maker per class, the same object as the class's
own constructor makes.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, roughly a thousand machine instructions
apiece; a batch row makes several such objects (Outcome, Scored, Assessment, NeedSize, Quantities, BusinessCase). A
maker is a mutable twin of the class, with the same slots in the same order, whose plain `__init__` fills them and
then sets the instance's class to the frozen one: the object is then the one `cls(...)` makes (equal, immutable,
picklable, the same repr), at about half the cost. Only slotted classes whose slots lie out the same way allow their
instances' class to be set so; `maker_of` checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, make_dataclass
from typing import Any, TypeVar, cast

T = TypeVar("T")

_INIT = "def __init__(self, {names}):\n{assignments}    self.__class__ = made_as\n"
"""The twin's `__init__`: every field in order, then the frozen class (code, not words)."""
_NOT_SLOTTED = "a maker needs a slotted dataclass whose slots are its fields, in order"
"""A developer's error: the class cannot be made so."""


def maker_of(cls: type[T]) -> Callable[..., T]:
    """What makes an instance of the frozen, slotted dataclass `cls` from every field in order (no defaults, no
    keywords needed): `maker_of(Outcome)(recommendation, basis, scores, margin, shares) == Outcome(...)`."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    twin = make_dataclass(f"_{cls.__name__}Twin", names, slots=True, init=False, eq=False, repr=False, match_args=False)
    if vars(twin)["__slots__"] != vars(cls).get("__slots__"):
        raise TypeError(cls.__name__, _NOT_SLOTTED)
    assignments = "".join(f"    self.{name} = {name}\n" for name in names)
    scope: dict[str, Any] = {"made_as": cls}
    exec(_INIT.format(names=", ".join(names), assignments=assignments), scope)  # noqa: S102 - field names only
    twin.__init__ = scope["__init__"]  # type: ignore[misc]
    return cast("Callable[..., T]", twin)
