"""Validated rules kept in the user's cache folder, so that a later run with the same rules skips YAML and validation.

An entry is keyed by the sha256 of the rules file's bytes with the advisor, pydantic and Python versions; it names
the files the rules extend with the sha256 of their bytes, checked again on every read. An entry is read only when
everything checks out: its header, the digest of its payload, the files it extends, and the rules' own sha256;
anything else (a corrupt, truncated or foreign file, an unreadable folder) is ignored and the rules are read from
YAML as if there were no cache. The payload is a pickle that may name only the rules' own model classes (and
datetime.date, the type of the duties' dates).
Folder: $XDG_CACHE_HOME/advisor, else ~/.cache/advisor; ADVISOR_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from advisor.core.rules import PRICES_FILE, ReadSibling, Rules
from advisor.core.version import __version__

FORMAT = b"advisor rules cache 1\n"
NO_CACHE_ENV = "ADVISOR_NO_CACHE"
_PLAIN_CLASSES: dict[tuple[str, str], type] = {("datetime", "date"): dt.date}
_MODEL_MODULES = frozenset(
    {
        "advisor.core.rules",
        "advisor.core.context_rules",
        "advisor.core.conditions",
        "advisor.core.duties",
        "advisor.core.roadmap",
        "advisor.core.readiness",
        "advisor.core.prices",
        "advisor.core.quantities",
    }
)


def cache_folder() -> Path | None:
    """Where entries live: $XDG_CACHE_HOME/advisor, else ~/.cache/advisor; None when the cache is turned off."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and is ignored
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found
            return None
    return Path(base) / "advisor"


def cached_rules(raw: bytes, read_sibling: ReadSibling, parse: Callable[[ReadSibling], Rules]) -> Rules:
    """The rules in `raw`: from a sound cache entry, else `parse(read_sibling)`, which is then stored for next time."""
    folder = cache_folder()
    if folder is None:
        return parse(read_sibling)
    key = _key(raw)
    path = folder / f"rules-{key}.pickle"
    rules = _read(path, key, raw, read_sibling)
    if rules is not None:
        return rules
    siblings: dict[str, bytes] = {}

    def recording(name: str) -> bytes:
        siblings[name] = read_sibling(name)
        return siblings[name]

    rules = parse(recording)
    with contextlib.suppress(Exception):  # a cache that cannot be written is no cache; the rules are already read
        _write(path, key, rules, siblings)
    return rules


def _key(raw: bytes) -> str:
    import pydantic.version

    versions = f"{__version__}\0{pydantic.version.VERSION}\0{sys.implementation.cache_tag}\0{sys.version}\0"
    return hashlib.sha256(FORMAT + versions.encode() + _models_digest() + raw).hexdigest()


@functools.cache
def _models_digest() -> bytes:
    """The source of the modules that define the rules' models: an entry made by other models (a field added while
    the version stayed) is never read."""
    digest = hashlib.sha256()
    for module in sorted(_MODEL_MODULES):
        origin = getattr(sys.modules.get(module), "__file__", None) or ""
        with contextlib.suppress(OSError):
            digest.update(Path(origin).read_bytes())
    return digest.digest()


def _read(path: Path, key: str, raw: bytes, read_sibling: ReadSibling) -> Rules | None:
    """The rules in the entry at `path` when every check passes, else None (never an error)."""
    try:
        data = path.read_bytes()
        if not data.startswith(FORMAT):
            return None
        header_line, payload = data[len(FORMAT) :].split(b"\n", 1)
        header = orjson.loads(header_line)
        if header.get("key") != key or header.get("payload") != hashlib.sha256(payload).hexdigest():
            return None
        digest = hashlib.sha256(raw)
        prices_digest = None
        for name, sibling_digest in header["siblings"]:
            sibling = read_sibling(name)
            if hashlib.sha256(sibling).hexdigest() != sibling_digest:
                return None
            if name == PRICES_FILE:  # the prices have a sha256 of their own; the rules' covers the rules files only
                prices_digest = sibling_digest
            else:
                digest.update(sibling)
        rules = _RulesUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, the rules are read from YAML instead
        return None
    if type(rules) is not Rules or rules.sha256 != digest.hexdigest():
        return None
    if prices_digest is not None and (rules.prices is None or rules.prices.sha256 != prices_digest):
        return None
    return rules


def _write(path: Path, key: str, rules: Rules, siblings: dict[str, bytes]) -> None:
    """Store `rules` at `path` in one step (readers see the old entry, the new one or none, never a part)."""
    from advisor.io.atomic import write_atomically

    plain = rules.model_copy()
    for name in set(plain.__dict__) - set(Rules.model_fields):  # values derived on first use are derived again
        del plain.__dict__[name]
    payload = pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        "key": key,
        "payload": hashlib.sha256(payload).hexdigest(),
        "siblings": [[name, hashlib.sha256(data).hexdigest()] for name, data in siblings.items()],
    }
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, FORMAT + orjson.dumps(header) + b"\n" + payload)


class _RulesUnpickler(pickle.Unpickler):
    """Unpickles the rules' own pydantic models and plain data (dates too); any other class or function is refused."""

    def find_class(self, module: str, name: str) -> type:
        from pydantic import BaseModel

        if (module, name) in _PLAIN_CLASSES:
            return _PLAIN_CLASSES[module, name]
        if module in _MODEL_MODULES:
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the rules")
