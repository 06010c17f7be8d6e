"""Untrusted text (names, ids, file names from profiles) on its way to other programs: terminals and spreadsheets."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def printable(text: str) -> str:
    """`text` with control and other invisible characters shown as escapes (ESC as \\x1b), safe on a terminal."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def printable_lines(text: str) -> str:
    """`printable` for a message of several lines: the line breaks stay, everything else invisible is escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))


def spreadsheet_text(text: str) -> str:
    """A text cell that a spreadsheet shows as text: one starting like a formula gets a leading single quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
