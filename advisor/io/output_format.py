"""Which format an output file gets: --format and the file's extension must agree. An edge helper."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

from advisor.core.errors import UsageError

STDOUT = "-"


def format_for(output: str | None, requested: str | None, extensions: dict[str, str], default: str) -> str:
    """--format, else the format OUT's extension names, else `default`; a contradiction or an unknown extension
    without --format is a usage error. `extensions` maps an extension (no dot) to its format."""
    suffix = Path(output).suffix.lower().lstrip(".") if output and output != STDOUT else ""
    named = extensions.get(suffix)
    known = ", ".join(f".{ext}" for ext in extensions)
    if requested is not None:
        if named is not None and named != requested:
            from advisor.words.text import text

            extension = _extension_of(requested, extensions)
            raise UsageError(
                text(
                    "io.format.contradicts",
                    requested=requested,
                    output=str(output),
                    suffix=suffix,
                    named=named,
                    extension=extension,
                )
            )
        return requested
    if suffix and named is None:
        from advisor.words.text import text

        raise UsageError(text("io.format.unknown", output=str(output), suffix=suffix, known=known))
    return named or default


def _extension_of(output_format: str, extensions: dict[str, str]) -> str:
    return next((ext for ext, fmt in extensions.items() if fmt == output_format), output_format)


class OutputFormat(str, enum.Enum):
    """What a command that prints one result writes: text for a person, or JSON."""

    text = "text"
    json = "json"


def chosen_format(requested: OutputFormat | None) -> OutputFormat:
    """--format, else text on a terminal and JSON for a pipe or a file."""
    if requested is not None:
        return requested
    return OutputFormat.text if sys.stdout.isatty() else OutputFormat.json
