"""The tests' own rules (tests/conftest.py): a missing browser or tool is a skip on a developer's machine and a
failure in CI, and a readiness wait fails naming what it waited for."""

from __future__ import annotations

import pytest

import tests.conftest as support


def test_a_missing_tool_is_a_skip_here(monkeypatch):
    monkeypatch.setattr(support, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="no pdftoppm"):
        support.missing("no pdftoppm")


def test_a_missing_tool_is_a_failure_in_ci(monkeypatch):
    monkeypatch.setattr(support, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="no pdftoppm.*CI=true"):
        support.missing("no pdftoppm")


def test_the_slow_and_browser_markers_are_registered(pytestconfig):
    registered = " ".join(pytestconfig.getini("markers"))
    assert "browser:" in registered and "slow:" in registered


def test_a_readiness_wait_returns_as_soon_as_its_condition_holds_and_fails_naming_it():
    calls = iter([False, False, True])
    support.wait_until(lambda: next(calls), "the third call")
    with pytest.raises(pytest.fail.Exception, match="for nothing at all"):
        support.wait_until(lambda: False, "nothing at all", timeout=0.05)
