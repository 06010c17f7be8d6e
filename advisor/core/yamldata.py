"""Read YAML as plain JSON-like data, refusing anything that builds objects, and remember the line of every path.

PyYAML's safe loader already refuses Python object tags; this goes further for files an expert edits by hand:
no aliases, no duplicate keys, no timestamps or other non-JSON scalars, and a map from each path to its line so
that validation errors can point at the place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from advisor.core.errors import Problem
from advisor.core.messages import Message

Path = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",  # a date (applies_from: 2026-08-02), kept as its text: the models read it
}

MAX_DEPTH = 32

try:  # the C loader is much faster when libyaml is present; behaviour is the same
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class YamlDataError(Exception):
    """The text is not plain YAML data; carries one problem with its line."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.code)


@dataclass(frozen=True, slots=True)
class YamlData:
    """Plain data read from YAML with the line (1-based) where each path starts."""

    data: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml_data(text: str) -> YamlData:
    """Parse `text` as one YAML document of plain data (maps, lists, strings, numbers, booleans, null)."""
    loader = _BaseLoader(text)
    try:
        _check_events(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or ""
        if "nesting depth" in reason:  # PyYAML >= 6.0.4 stops deep documents itself, before our own check
            raise YamlDataError(
                Problem("", Message.of("problem.yaml.too_deep", most=str(MAX_DEPTH)), line, code="yaml.too_deep")
            ) from None
        raise YamlDataError(Problem("", Message.of("problem.yaml.syntax", reason=reason), line, column, code="yaml.syntax")) from None
    except yaml.YAMLError as exc:
        raise YamlDataError(Problem("", Message.of("problem.yaml.syntax", reason=str(exc)), code="yaml.syntax")) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlDataError(Problem("", Message.of("problem.file.empty"), code="file.empty"))
    lines: dict[Path, int] = {}
    data = _to_plain(node, (), lines, loader)
    return YamlData(data, lines)


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting before anything recursive walks the document."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None  # the parser marks every event
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlDataError(
                Problem("", Message.of("problem.yaml.alias"), line, code="yaml.alias")
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlDataError(
                    Problem("", Message.of("problem.yaml.too_deep", most=str(MAX_DEPTH)), line, code="yaml.too_deep")
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _to_plain(node: yaml.Node, path: Path, lines: dict[Path, int], loader: Any) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise YamlDataError(
            _at(node, path, Message.of("problem.yaml.tag", tag=str(node.tag)), "yaml.tag")
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlDataError(
                    _at(key_node, path, Message.of("problem.yaml.key"), "yaml.key")
                )
            key = str(key_node.value)
            if key in result:
                raise YamlDataError(_at(key_node, path, Message.of("problem.yaml.duplicate_key", key=key), "yaml.duplicate_key"))
            result[key] = _to_plain(value_node, path + (key,), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_plain(item, path + (index,), lines, loader) for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)
    return loader.construct_object(node, deep=True)


def _at(node: yaml.Node, path: Path, message: Message, code: str) -> Problem:
    return Problem(dotted(path), message, node.start_mark.line + 1, node.start_mark.column + 1, code=code)


def dotted(path: Path) -> str:
    """Write a path the way a person reads it: needs.art.importance, regions[2]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
