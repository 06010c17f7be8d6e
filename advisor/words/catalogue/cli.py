"""The command line's own messages (advisor/cli.py): what a command says on stderr besides its data."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "cli.wrote": "wrote {path}",
    "cli.pdf_to_terminal": "-o {output}: will not write PDF bytes to a terminal; redirect stdout or name a file",
    "cli.changed_source": "{source} with --set",
}
