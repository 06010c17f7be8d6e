"""Shared fixtures: the default rules, and a quick way to build a profile from importances."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.core.profile import Profile, parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import Rules, parse_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The rules cache of this test run, never the user's (subprocesses inherit it)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The bundled default rules (the seed's matrix)."""
    return parse_rules(default_rules_path().read_bytes(), "default.yaml")


def make_profile(rules: Rules, volume: str = "medium", **importances: int) -> Profile:
    """A valid profile with the given importance per use case, all at one volume."""
    data: dict[str, Any] = {
        "organization": {"name": "Test Org"},
        "needs": {uid: {"importance": level, "volume": volume} for uid, level in importances.items()},
    }
    return parse_profile(data, rules, "test")


def interruptible() -> None:
    """Run in a child before exec: take Ctrl-C as a terminal would, even when this test run ignores SIGINT.

    A shell starts background jobs with SIGINT ignored, and Python then keeps it ignored; CI runners may do so.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
