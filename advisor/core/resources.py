"""Where the bundled data lives: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # advisor/, above advisor/core


def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ('rules' or 'templates')."""
    for base in (_PACKAGE, _PACKAGE.parent):  # wheel: advisor/rules; checkout or editable install: ./rules
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder '{name}' is missing from this installation of advisor")


def default_rules_path() -> Path:
    """The rules used when no --rules is given."""
    return bundled_dir("rules") / "default.yaml"
