"""Every bundled example gets the recommendation a careful analyst would expect (shared/notes/domain.md)."""

from __future__ import annotations

import pytest

from advisor.core.engine import assess
from advisor.io.sources import load_profile
from advisor.words import say
from tests.conftest import EXAMPLES

EXPECTED = {
    "marketing-agency": ("hybrid", ["creative art", "writing"]),  # art and media for GenAI, copy for the LLM
    "software-house": ("llm", ["code"]),
    "law-firm": ("llm", ["summaries"]),
    "game-studio": ("hybrid", ["code", "creative art"]),
    "newsroom": ("llm", ["writing", "summaries"]),
    "ecommerce-shop": ("hybrid", ["writing", "creative art"]),
    "clinic": ("llm", ["summaries", "writing"]),  # only off consumer SaaS: see tests/test_context.py
    "on-premises-agency": ("hybrid", ["creative art", "writing"]),  # self-hosted media scored down, still both
}


def test_every_example_has_an_expectation():
    assert {path.stem for path in EXAMPLES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gets_the_expected_recommendation(rules, name):
    recommendation, named = EXPECTED[name]
    result = assess(load_profile(str(EXAMPLES / f"{name}.json"), rules), rules)
    assert result.recommendation == recommendation
    assert result.profile_id == name
    assert all(noun in say(result.headline) for noun in named), say(result.headline)
