"""Every message template, gathered from this package's modules (one per area; each defines `MESSAGES`)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache

from advisor.words.plural import Plural


@cache
def catalogue() -> Mapping[str, str | Plural]:
    """id -> English template, from every module of this package; an id defined twice is a bug."""
    found: dict[str, str | Plural] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, text in getattr(module, "MESSAGES", {}).items():
            if key in found:
                raise RuntimeError(f"message id {key!r} is defined twice (again in {module.__name__})")
            found[key] = text
    return found
