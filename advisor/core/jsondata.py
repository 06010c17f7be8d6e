"""Read JSON strictly: a key given twice in one object is refused with its place, never silently taken.

orjson (fast) keeps the last of two equal keys without a word, so `{"importance": 3, "importance": 9}` would read as 9.
Every JSON input (profiles, answers files, batch and group records, `--set` values, the web API and uploads) goes
through `loads`: orjson decodes, then one cheap count tells whether a key could have been dropped, and only then a
scan of the text finds each repeated key with its path, line and column (the rules' YAML loader refuses them too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from advisor.core.yamldata import Path, dotted

MAX_REPORTED = 20
"""A text repeating keys thousands of times is named by its first repetitions only."""
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\],]')
_ESCAPED_COLON = re.compile(rb"\\u003a", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key given a second time in one object: the dotted path of the key, where it is repeated, and where first."""

    path: str
    line: int
    column: int
    first_line: int


class DuplicateKeys(ValueError):
    """The JSON text repeats a key inside an object; carries each repetition, in the order of the text."""

    def __init__(self, duplicates: list[DuplicateKey]) -> None:
        self.duplicates = duplicates
        first = duplicates[0]
        super().__init__(f"{first.path}: duplicate key (line {first.line})")


def loads(raw: bytes | str) -> Any:
    """Decode one JSON document like `orjson.loads`; raise `DuplicateKeys` when an object repeats a key.

    orjson.JSONDecodeError (a ValueError) for text that is not JSON, as orjson raises it.
    """
    data = orjson.loads(raw)
    if isinstance(data, (dict, list)) and _may_repeat_a_key(raw, data):
        found = duplicate_keys(raw.encode("utf-8") if isinstance(raw, str) else raw)
        if found:
            raise DuplicateKeys(found)
    return data


def _may_repeat_a_key(raw: bytes | str, data: Any) -> bool:
    """False when no key can have been dropped: the text is the decoded data written back (compact JSON, as orjson
    and JavaScript write it), or it has as many colons as that.

    Text equal to the data written back holds exactly the data's keys. Otherwise: outside strings a colon follows each
    key, inside them it is the same character either way, so a dropped key (and whatever its value held) leaves the
    text with more colons. A colon escaped as \\u003a would upset the count, so such text is always scanned; so is
    data orjson cannot write back (nested over 254 levels)."""
    text = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        written = orjson.dumps(data)
    except orjson.JSONEncodeError:
        return True
    if written == text:
        return False
    if text.count(b":") != written.count(b":"):
        return True
    return b"\\" in text and _ESCAPED_COLON.search(text) is not None  # the search only when an escape is there


def duplicate_keys(raw: bytes) -> list[DuplicateKey]:
    """The keys repeated within one object of the (valid) JSON text `raw` (the first MAX_REPORTED), with their path
    and place; one pass over the text."""
    found: list[DuplicateKey] = []
    # one frame per open container: an object's keys seen (key -> line) and its current key, or a list's index
    frames: list[tuple[dict[str, int], list[Any]]] = []
    expect_key = False
    line, line_start, counted = 1, 0, 0  # the line of offset `counted`, and where that line starts
    for match in _TOKEN.finditer(raw):
        token = match.group()
        if token in (b"{", b"["):
            frames.append(({}, [None if token == b"{" else 0]))
            expect_key = token == b"{"
        elif token in (b"}", b"]"):
            frames.pop()
            expect_key = False
        elif token == b",":
            seen, current = frames[-1]
            if isinstance(current[0], int):
                current[0] += 1
            else:
                expect_key = True
        elif expect_key:
            seen, current = frames[-1]
            key = orjson.loads(token)
            start = match.start()
            newlines = raw.count(b"\n", counted, start)
            if newlines:
                line, line_start = line + newlines, raw.rfind(b"\n", counted, start) + 1
            counted = start
            if key in seen:
                path: Path = (*(c[0] for _, c in frames[:-1]), key)
                column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
                found.append(DuplicateKey(dotted(path), line, column, seen[key]))
                if len(found) == MAX_REPORTED:
                    break
            else:
                seen[key] = line
            current[0] = key
            expect_key = False
    return found

