"""Text measured for the charts: how wide a label is in DejaVu Sans, where to wrap it, where legend entries go.

SVG text does not wrap, and a label wider than its place overprints its neighbour or is clipped at the chart's
edge. The widths are DejaVu Sans's advance widths (the report's font) for ASCII, and a whole em for any other
character but a combining mark: never less than the text takes, so a label may wrap early but never overflows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Advance widths of ASCII 32..126 in thousandths of an em (DejaVu Sans 2.37, regular and bold).
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557,
    863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635,
    550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592,
    592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775,
    637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675,
    716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924,
    645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip
_OTHER = 1000  # any other character: a whole em (CJK is that wide; Latin, Arabic and Cyrillic letters are narrower)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` at font size `size`, in the same unit, never less than DejaVu Sans draws it."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in str(text):
        code = ord(char)
        if 32 <= code <= 126:
            total += table[code - 32]
        elif not unicodedata.combining(char) and unicodedata.category(char) not in ("Cf", "Mn", "Me"):
            total += _OTHER
    return total * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`: broken at spaces, and inside a word only when the word alone is wider."""
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word wider than the line is cut where it fills the line
            if current and text_width(current + char, size, bold) > width:
                lines.append(current)
                current = ""
            current += char
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One entry of a legend: its marker's left edge `x`, its first baseline `y`, its text in lines (starting at
    `text_x`, `step` apart)."""

    x: float
    y: float
    lines: tuple[str, ...]
    text_x: float
    step: float


@dataclass(frozen=True, slots=True)
class Legend:
    """Legend entries placed left to right and wrapped onto new rows, with the height they take."""

    entries: tuple[LegendEntry, ...]
    height: float


def legend(
    labels: list[str], width: float, size: float, *, marker: float = 14, gap: float = 16, line: float | None = None
) -> Legend:
    """Place legend entries (a marker `marker` wide, then the label) in rows no wider than `width`: an entry goes on
    the current row when it fits, else starts a new one; a label wider than a whole row wraps onto lines of its own."""
    step = line if line is not None else size * 1.4
    entries: list[LegendEntry] = []
    x, row_top, row_lines = 0.0, 0.0, 1
    for label in labels:
        lines = wrap(label, width - marker, size)
        taken = marker + max(text_width(part, size) for part in lines)
        if x > 0 and x + taken > width:  # does not fit after the entries already on this row
            row_top += row_lines * step
            x, row_lines = 0.0, 1
        entries.append(LegendEntry(x, row_top + size, tuple(lines), x + marker, step))
        row_lines = max(row_lines, len(lines))
        x += taken + gap
    height = row_top + row_lines * step if entries else 0.0
    return Legend(tuple(entries), height)
