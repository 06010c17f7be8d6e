"""Where batch records come from: files, JSON Lines (as byte ranges), folders, globs and stdin, in order."""

from __future__ import annotations

import glob
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from advisor.core.errors import UsageError
from advisor.core.profile import MAX_PROFILE_BYTES
from advisor.words.text import text

CHUNK = 256
BLOCK_BYTES = 256 * 1024  # a .jsonl file goes to the workers as byte ranges of about this size


@dataclass(frozen=True, slots=True)
class Record:
    """One profile as read: its bytes and where it came from."""

    source: str
    line: int | None
    raw: bytes

    @property
    def fallback_id(self) -> str:
        """'survey.jsonl:17' or 'acme.json': the id when the profile has none."""
        name = Path(self.source).name if self.source != "<stdin>" else "stdin"
        return f"{name}:{self.line}" if self.line is not None else name


@dataclass(frozen=True, slots=True)
class Block:
    """A range of whole lines of a .jsonl file: the workers read it themselves, so the parent ships no lines."""

    path: str
    start: int
    length: int
    first_line: int

    def records(self) -> list[Record]:
        """The non-blank lines of the range, with their line numbers."""
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            data = handle.read(self.length)
        return [
            Record(self.path, self.first_line + offset, line)
            for offset, line in enumerate(data.split(b"\n"))
            if line.strip()
        ]


Task = list[Record] | Block


def duplicate_id_warning(profile_id: str) -> str:
    """The warning, given once per id, that more than one profile of a run has this id."""
    return text("batch.duplicate_id", profile_id=repr(profile_id))


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files to read, in order: files as given, folders' *.json and *.jsonl (sorted), globs (sorted), '-'.

    A folder or a pattern that yields no profile file is a usage error: an empty run would look like a success.
    """
    paths: list[str] = []
    for item in inputs:
        if item == "-":
            paths.append(item)
        elif Path(item).is_dir():
            found = _profiles_in(Path(item))
            if not found:
                raise UsageError(text("edge.batch.folder_empty", item=item))
            paths += found
        elif Path(item).exists():
            paths.append(item)
        elif glob.has_magic(item):
            matched = sorted(glob.glob(item, recursive=True))
            if not matched:
                raise UsageError(text("edge.batch.pattern_no_file", item=item))
            found = [f for m in matched for f in (_profiles_in(Path(m)) if Path(m).is_dir() else [m])]
            if not found:
                raise UsageError(text("edge.batch.pattern_only_folders", item=item))
            paths += found
        else:
            raise UsageError(text("edge.batch.no_such_input", item=item))
    return paths


def _profiles_in(folder: Path) -> list[str]:
    """Every *.json and *.jsonl file below `folder`, sorted."""
    return sorted(str(p) for p in folder.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())


def read_tasks(paths: list[str], on_unreadable: Callable[[Record, str], None]) -> Iterator[Task]:
    """The inputs as units of work, in order: byte ranges of .jsonl files, chunks of other records."""
    pending: list[Record] = []
    for path in paths:
        if path.endswith(".jsonl") and path != "-":
            if pending:
                yield from chunked(pending)
                pending = []
            try:
                yield from _blocks(path)
            except OSError as exc:
                on_unreadable(Record(path, None, b""), text("io.file.unreadable", reason=str(exc.strerror or exc)))
            continue
        if path == "-":
            if pending:
                yield from chunked(pending)
                pending = []
            yield from chunked(_lines("<stdin>", sys.stdin.buffer))  # streamed: stdin may be endless
            continue
        else:
            try:
                with open(path, "rb") as handle:
                    pending.append(Record(path, None, handle.read(MAX_PROFILE_BYTES + 1)))
            except OSError as exc:
                on_unreadable(Record(path, None, b""), text("io.file.unreadable", reason=str(exc.strerror or exc)))
        if len(pending) >= CHUNK:
            yield from chunked(pending)
            pending = []
    if pending:
        yield from chunked(pending)


def records(paths: list[str], on_unreadable: Callable[[Record, str], None]) -> Iterator[Record]:
    """Every record of the inputs, one by one, in order (the .jsonl ranges read here, in this process)."""
    for task in read_tasks(paths, on_unreadable):
        yield from task.records() if isinstance(task, Block) else task


def _blocks(path: str) -> Iterator[Block]:
    """Split a .jsonl file into ranges of whole lines, counting lines as it goes (bytes only, no parsing)."""
    with open(path, "rb") as handle:
        start, line = 0, 1
        carry = b""
        while data := handle.read(BLOCK_BYTES):
            data = carry + data
            end = data.rfind(b"\n") + 1
            if end == 0:
                carry = data
                continue
            yield Block(path, start, end, line)
            line += data.count(b"\n", 0, end)
            start += end
            carry = data[end:]
        if carry:
            yield Block(path, start, len(carry), line)


def _lines(source: str, handle: BinaryIO) -> Iterator[Record]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield Record(source, number, line)


def chunked(records: Iterable[Record], size: int = CHUNK) -> Iterator[list[Record]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def count_records(path: str) -> int:
    """How many records a path holds (for the progress bar): lines of a .jsonl file, else 1."""
    if path == "-" or not path.endswith(".jsonl"):
        return 1
    try:
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
