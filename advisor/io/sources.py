"""Reading profiles and rules from files or standard input, with an error for each way that can fail."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from advisor.core.errors import InvalidInput, Problem, ProfileError, RulesError
from advisor.core.profile import MAX_PROFILE_BYTES, Profile, decode_json, parse_profile
from advisor.core.resources import bundled_dir, default_rules_path
from advisor.core.rules import MAX_RULES_BYTES, Rules, parse_rules
from advisor.io.prices import with_token_prices
from advisor.io.rules_cache import cached_rules

STDIN = "-"


def read_input(name: str, limit: int, error: type[InvalidInput]) -> bytes:
    """The bytes of file `name` ('-' for standard input), at most `limit` + 1 of them."""
    if name == STDIN:
        return sys.stdin.buffer.read(limit + 1)
    path = Path(name)
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise error(name, _unreadable(exc)) from None


def _unreadable(exc: OSError) -> Problem:
    """Why a file could not be read, as a problem with its code."""
    from advisor.words.text import text

    if isinstance(exc, FileNotFoundError):
        return Problem("", text("io.file.missing"), code="file.missing")
    if isinstance(exc, IsADirectoryError):
        return Problem("", text("io.file.is_directory"), code="file.is_directory")
    if isinstance(exc, PermissionError):
        return Problem("", text("io.file.permission"), code="file.permission")
    return Problem("", text("io.file.unreadable", reason=str(exc.strerror or exc)), code="file.unreadable")


def source_name(name: str) -> str:
    """How messages name an input: the path as given, or '<stdin>'."""
    return "<stdin>" if name == STDIN else name


def load_rules(name: str | Path | None) -> Rules:
    """The rules in file `name` ('-' for stdin), a bundled rules file by name ('extended'), or the default rules.

    Valid rules are kept in the user's cache folder (see `rules_cache`), so that the next run reads no YAML.
    """
    path = str(name) if name is not None else str(default_rules_path())
    bundled = bundled_dir("rules") / f"{path}.yaml"
    if re.fullmatch(r"[a-z][a-z0-9_-]{0,39}", path) and not Path(path).exists() and bundled.is_file():
        path = str(bundled)
    folder = Path.cwd() if path == STDIN else Path(path).parent

    def read_sibling(file_name: str) -> bytes:
        sibling, bundled_base = folder / file_name, bundled_dir("rules") / file_name
        if not sibling.exists():
            if not bundled_base.is_file():  # `extends: default.yaml` works from any folder
                from advisor.words.text import text

                where = (
                    text("io.rules.in_folder", folder=str(folder))
                    if str(folder) != "."
                    else text("io.rules.in_this_folder")
                )
                message = text("io.rules.extends_missing", file=file_name, where=where)
                raise RulesError(source_name(path), Problem("extends", message, code="rules.extends.missing"))
            sibling = bundled_base
        return read_input(str(sibling), MAX_RULES_BYTES, RulesError)

    raw = read_input(path, MAX_RULES_BYTES, RulesError)
    return cached_rules(raw, read_sibling, lambda reader: with_token_prices(parse_rules(raw, source_name(path), reader)))


def read_profile_bytes(name: str) -> bytes:
    """The bytes of profile file `name` ('-' for stdin)."""
    return read_input(name, MAX_PROFILE_BYTES, ProfileError)


def read_profile_data(name: str, raw: bytes | None = None) -> Any:
    """The decoded JSON of profile file `name` ('-' for stdin), or of `raw` read from it; not yet validated."""
    return decode_json(read_profile_bytes(name) if raw is None else raw, source_name(name))


def load_profile(name: str, rules: Rules, data: Any = None, source: str | None = None) -> Profile:
    """The validated profile in file `name` ('-' for stdin), or `data` read from it; the id falls back to the file name.

    `source` replaces the file name in messages (for data changed after it was read).
    """
    source = source or source_name(name)
    profile = parse_profile(read_profile_data(name) if data is None else data, rules, source)
    if profile.id is None and name != STDIN:
        profile = profile.model_copy(update={"id": Path(name).name})
    return profile
