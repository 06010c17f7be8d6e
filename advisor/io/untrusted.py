"""Untrusted text (names, ids, file names from profiles) on its way to other programs: terminals and spreadsheets.

`printable` is the one escape function for a terminal: every text and message shown there, and the data (CSV, JSON)
written to stdout when stdout is a terminal, goes through it. Files and pipes get the data as it is.
"""

from __future__ import annotations

import codecs
import sys
from typing import IO, Any, cast

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""

FSI, PDI = "\u2068", "\u2069"
"""First strong isolate and pop directional isolate (Unicode bidi): text between them cannot reorder what is around."""


def printable(text: str) -> str:
    """`text` with control and other invisible characters shown as escapes, safe on a terminal: C0 and DEL (ESC as
    \\x1b), C1 (\\x9b), bidi controls (\\u202e) and the other format, separator and unassigned characters."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def printable_lines(text: str) -> str:
    """`printable` for a message of several lines: the line breaks stay, everything else invisible is escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))


def isolated(text: str) -> str:
    """`text` escaped and isolated (FSI ... PDI), so that right-to-left text cannot reorder the words around it."""
    return f"{FSI}{printable(text)}{PDI}"


def spreadsheet_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text: one starting like a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _TerminalData:
    """A binary stream to a terminal that shows the data escaped (`printable_lines`); UTF-8 split across writes is
    put back together before it is escaped, and bytes that are not UTF-8 are shown as \\xNN."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")("backslashreplace")

    def write(self, data: bytes) -> int:
        self._stream.write(printable_lines(self._decoder.decode(data)).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        rest = self._decoder.decode(b"", final=True)
        if rest:
            self._stream.write(printable_lines(rest).encode("utf-8"))
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def data_stream(stream: IO[bytes] | None = None, is_terminal: bool | None = None) -> IO[bytes]:
    """Where data (CSV, JSON, HTML) for stdout goes: stdout's bytes as they are for a file or a pipe, escaped with
    `printable` when stdout is a terminal."""
    target = stream if stream is not None else sys.stdout.buffer
    terminal = sys.stdout.isatty() if is_terminal is None else is_terminal
    return cast(IO[bytes], _TerminalData(target)) if terminal else target
