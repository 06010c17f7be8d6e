"""Texts that live in data (rules/*.yaml, rules/questions.yaml, templates/*.yaml), by id, and said in a language.

A data text's id is `<source>.<path>`: the source (`rules` for a rule set, default or extended, which share their
ids as an extended set shares the default's texts; `questions`, `regions`, `context`, `glance` for the other files)
and the dotted path of keys to the text, where an item of a list is named by its `id` (else its `value`, else its
position): `rules.tracks.llm.title`, `questions.sections.organization.questions.org_name.prompt`, `glance.takeaways.0`.
The core names the texts it quotes the same way (advisor/core/data_text.py), adding a suffix for a form a sentence
derives (`rules.tracks.llm.phrase.initial`). A text is a string of several words (or a one-word string under a key that names
text: title, label, short...), never a stored value (`value`, `field`, `type`...), a synonym the matcher reads, or
a URL. `make messages` extracts them by these ids (advisor/words/extract.py); `localised()` gives a loaded document
with every text in the current language (overlay by id, then the catalogue by English; see translations.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.words.language import ENGLISH, current
from advisor.words.translations import data_text

DATA_FILES = (
    "rules/default.yaml",
    "rules/extended.yaml",
    "rules/questions.yaml",
    "rules/regions.yaml",
    "templates/context.yaml",
    "templates/glance.yaml",
)
"""The bundled files whose texts are extracted (paths from the project root; bundled folders in the wheel)."""
NOT_TEXT = frozenset({"id", "value", "field", "type", "version", "name", "extends", "source", "reference", "synonyms",
                      "countries", "ring", "severity", "question", "when", "default", "equals", "not_equals", "in",
                      "not_in", "contains", "contains_any", "outside", "generated", "mass", "plural"})  # fmt: skip
"""Keys whose strings are values the code reads, not words a person reads."""
WORD_KEYS = frozenset({"title", "short", "label", "phrase", "aspect", "category", "scale_labels", "none_choice",
                       "tool", "track", "use_case", "empty", "policy", "owner", "training", "review_process"})  # fmt: skip
"""Keys whose one-word strings are words too (a label 'High', a title 'Video')."""


SOURCES = {"rules/default.yaml": "rules", "rules/extended.yaml": "rules", "rules/questions.yaml": "questions",
           "rules/regions.yaml": "regions", "templates/context.yaml": "context", "templates/glance.yaml": "glance"}  # fmt: skip
"""The id prefix of each bundled data file."""


def source_of(path: str) -> str:
    """The id prefix of a bundled data file: 'rules/default.yaml' -> 'rules'."""
    return SOURCES.get(path, path.removesuffix(".yaml").rpartition("/")[2])


def is_text(key: str | None, value: str) -> bool:
    """Whether the string `value` under `key` is words a person reads."""
    if key in NOT_TEXT or "://" in value or not any(char.isalpha() for char in value):
        return False
    return len(value.split()) > 1 or key in WORD_KEYS


def texts(document: Any, source: str) -> Iterator[tuple[str, str]]:
    """(id, English) of every text in a loaded YAML `document` of `source`, in document order."""
    yield from _walk(document, source + ".", None)


def _walk(node: Any, prefix: str, key: str | None) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _walk(value, f"{prefix}{name}.", str(name))
    elif isinstance(node, list):
        for position, item in enumerate(node):
            yield from _walk(_named(item), f"{prefix}{_item_name(item, position)}.", key)
    elif isinstance(node, str) and is_text(key, node):
        yield prefix.rstrip("."), node


def _named(item: Any) -> Any:
    """A list item that is a name with facts (`{name: Adobe Firefly, indemnity: true}`, an example tool) reads as its
    name: its text keeps the id of the plain name it may replace."""
    if isinstance(item, dict) and isinstance(item.get("name"), str) and not {"id", "value"} & set(item):
        return item["name"]
    return item


def _item_name(item: Any, position: int) -> str:
    if isinstance(item, dict):
        for name in ("id", "value"):
            if isinstance(item.get(name), str | int):
                return str(item[name])
    return str(position)


def localised(document: Any, source: str, lang: str | None = None) -> Any:
    """`document` (loaded from the bundled `source`, e.g. 'glance') with every text said in `lang`."""
    language = lang or current()
    if language == ENGLISH:
        return document
    return _localise(document, source + ".", None, language)


def _localise(node: Any, prefix: str, key: str | None, language: str) -> Any:
    if isinstance(node, dict):
        return {name: _localise(value, f"{prefix}{name}.", str(name), language) for name, value in node.items()}
    if isinstance(node, list):
        return [_localise_item(item, f"{prefix}{_item_name(item, i)}.", key, language) for i, item in enumerate(node)]
    if isinstance(node, str) and is_text(key, node):
        return data_text(prefix.rstrip("."), node, language)
    return node


def _localise_item(item: Any, prefix: str, key: str | None, language: str) -> Any:
    if _named(item) is not item:
        return {**item, "name": _localise(item["name"], prefix, key, language)}
    return _localise(item, prefix, key, language)
