"""What the core says: a message id and its parameters, never a sentence. Pure.

The core decides (a ring, a verdict, a remedy) and names the decision with a catalogue id; the vocabulary
(`advisor/words`, an edge the core never imports) turns it into words for a language. A parameter is a plain value
(user text such as an organisation's name, or an id), a `Number` with its kind (formatted by the vocabulary's one
numbers module), `Words` (a list, joined for the language), a `DataText` (a text from rules/ or questions.yaml, by
its id, with its English) or another `Message`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Number:
    """A number and its kind ('fit', 'margin', 'difference', 'signed', 'percent', 'weight', 'count', 'decimal:N')."""

    value: float
    kind: str = "fit"


@dataclass(frozen=True, slots=True)
class Words:
    """Several parameters read as one list: 'a, b and c' (join 'and') or 'a, b or c' (join 'or')."""

    items: tuple[Param, ...]
    join: str = "and"


@dataclass(frozen=True, slots=True)
class DataText:
    """A text that lives in data (rules/, questions.yaml), by its id for per-language overlays, with its English."""

    id: str
    english: str


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue id and its named parameters: what to say, not how."""

    id: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, id: str, **params: Param) -> Message:
        """`Message.of("headline.hold", reason=...)`."""
        return cls(id, tuple(params.items()))

    @property
    def args(self) -> Mapping[str, Param]:
        """The parameters by name."""
        return dict(self.params)

    def to_dict(self) -> dict[str, object]:
        """The message as JSON-ready data: id and parameters (numbers as numbers, texts by id)."""
        return {"id": self.id, "params": {name: _plain(value) for name, value in self.params}}


Param = Union[str, int, float, Number, Words, DataText, Message]  # noqa: UP007 (a recursive alias needs the names as strings)


def _plain(value: Param) -> object:
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, Number):
        return value.value
    if isinstance(value, Words):
        return [_plain(item) for item in value.items]
    if isinstance(value, DataText):
        return value.id
    return value
