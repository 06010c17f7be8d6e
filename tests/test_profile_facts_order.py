"""The profile's facts keep their keys in one order (rules' compiled reads and scoring's weights depend on it)."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.core.facts import profile_facts
from advisor.core.profile import Context, Organization, Profile
from advisor.io.sources import load_rules

EXAMPLE = Path(__file__).parent.parent / "examples" / "clinic.json"


def test_the_facts_come_in_the_order_of_the_models_then_the_derived_fact_then_each_use_case():
    rules = load_rules(None)
    profile = Profile.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    facts = profile_facts(profile, rules.use_case_ids, rules.no_volume)
    expected = ["priorities_confidence"]
    expected += [f"organization.{name}" for name in Organization.model_fields]
    expected += [f"context.{name}" for name in Context.model_fields]
    expected.append("organization.in_eu")
    for uid in rules.use_case_ids:
        expected += [f"needs.{uid}.importance", f"needs.{uid}.volume"]
    assert list(facts) == expected
    for uid in rules.use_case_ids:
        need = profile.needs.get(uid)
        assert facts[f"needs.{uid}.volume"] == (need.volume if need else "none")
