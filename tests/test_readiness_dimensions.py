"""Readiness per dimension (advisor/core/readiness.py): the level from what the profile states, the reason and what
would raise it; a dimension the profile says nothing of stays "not stated"; every view tells the same story."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from advisor.core.engine import assess
from advisor.core.errors import RulesError
from advisor.core.profile import parse_profile
from advisor.core.readiness import DIMENSIONS, NOT_STATED, stated_fields
from advisor.core.rules import Rules, parse_rules
from advisor.io.sources import load_rules
from advisor.words.readiness import readiness_rows
from tests.conftest import run_cli
from tests.web_helpers import client_for, csrf_of

RULES = load_rules(None)
WIDE = {"COLUMNS": "300"}  # the terminal text unwrapped
DAY = "2026-12-07"
NEEDS = {"summarization": {"importance": 4, "volume": "high"}, "writing": {"importance": 3, "volume": "medium"}}

CLINIC: dict[str, Any] = {
    "organization": {"name": "Lakeside Clinic", "countries": ["US"]},
    "needs": NEEDS,
    "context": {
        "data_sensitivity": "regulated",
        "regulated_data": ["health"],
        "deployment": "saas",
        "budget": "medium",
        "ai_skills": "basic",
        "governance": ["owner"],
    },
}
READY: dict[str, Any] = {
    "organization": {"name": "Open Press"},
    "needs": NEEDS,
    "context": {
        "data_sensitivity": "public",
        "deployment": "cloud_api",
        "budget": "high",
        "ai_skills": "developers",
        "governance": ["policy", "owner", "review_process", "training"],
    },
}
SILENT: dict[str, Any] = {"organization": {"name": "Quiet Ltd"}, "needs": NEEDS}
"""States no context at all: the defaults (internal data, medium budget, no preference) are not statements."""


def levels(data: dict[str, Any], rules: Rules = RULES) -> dict[str, str]:
    profile = parse_profile(data, rules, "test")
    case = assess(profile, rules).parts["business_case"]
    return {entry.dimension: entry.level for entry in case.readiness}


def test_a_clinic_with_health_data_and_one_governance_basic_is_low_on_data_partial_on_governance():
    assert levels(CLINIC) == {
        "data": "low",
        "skills": "ready",
        "governance": "partial",
        "infrastructure": "ready",
        "budget": "partial",
    }


def test_a_profile_that_states_everything_at_its_best_is_ready_on_every_dimension():
    assert levels(READY) == dict.fromkeys(DIMENSIONS, "ready")


def test_a_skills_gap_on_the_suggested_path_makes_skills_low():
    data = {**READY, "context": {**READY["context"], "deployment": "on_premises", "ai_skills": "none"}}
    found = levels(data)
    assert found["skills"] == "low"
    assert found["infrastructure"] == "partial"


def test_no_governance_basics_and_a_low_budget_are_low():
    data = {**READY, "context": {**READY["context"], "governance": [], "budget": "low"}}
    found = levels(data)
    assert found["governance"] == "low" and found["budget"] == "low"


def test_confidential_data_or_a_residency_requirement_is_partial():
    assert levels({**READY, "context": {**READY["context"], "data_sensitivity": "confidential"}})["data"] == "partial"
    residency = {**READY["context"], "data_residency": "eu"}
    assert levels({**READY, "context": residency})["data"] == "partial"


def test_unstated_dimensions_stay_not_stated_though_their_fields_have_defaults():
    assert levels(SILENT) == dict.fromkeys(DIMENSIONS, NOT_STATED)
    profile = parse_profile(SILENT, RULES, "test")
    assert profile.context.budget == "medium"  # a default, which is no statement
    assert stated_fields(profile) == frozenset()


def test_only_the_stated_dimensions_are_scored():
    found = levels({**SILENT, "context": {"budget": "low", "data_residency": "eu"}})
    assert found["budget"] == "low"
    assert found["data"] == NOT_STATED  # residency alone does not state how sensitive the data is
    assert found["skills"] == found["governance"] == found["infrastructure"] == NOT_STATED


def test_a_null_answer_is_not_a_statement():
    assert levels({**SILENT, "context": {"ai_skills": None, "governance": None}})["skills"] == NOT_STATED


def test_not_stated_says_what_to_state_and_never_how_to_raise():
    profile = parse_profile(SILENT, RULES, "test")
    for entry in assess(profile, RULES).parts["business_case"].readiness:
        assert entry.raise_ is None
        assert entry.reason.english.startswith("State ")


def test_the_top_level_has_nothing_to_raise_and_the_others_say_what_would():
    profile = parse_profile(CLINIC, RULES, "test")
    for entry in assess(profile, RULES).parts["business_case"].readiness:
        assert (entry.raise_ is None) == (entry.level == "ready")


def test_rules_without_the_section_give_no_readiness():
    rules = RULES.model_copy(update={"readiness_dimensions": None})
    assert levels(CLINIC, rules) == {}


@pytest.mark.parametrize(
    ("at", "value"),
    [
        (("levels", 0, "when"), {"field": "context.wallet", "equals": "low"}),
        (("levels", 0, "when"), {"field": "context.budget", "equals": "lavish"}),
        (("stated_by", 0), "context.wallet"),
        (("levels", 2, "when"), {"field": "context.budget", "equals": "high"}),
    ],
)
def test_a_section_that_reads_no_profile_field_or_no_value_or_has_no_last_level_is_refused(at, value):
    data = yaml.safe_load(Path("rules/default.yaml").read_text())
    node = data["readiness_dimensions"]["dimensions"]["budget"]
    for key in at[:-1]:
        node = node[key]
    node[at[-1]] = value
    with pytest.raises(RulesError):
        parse_rules(yaml.safe_dump(data).encode(), "test.yaml")


# every view, one story


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps({"schema_version": 1, **CLINIC}))
    return path


def _expected() -> list[tuple[str, str, str, str | None]]:
    profile = parse_profile(CLINIC, RULES, "test")
    rows = readiness_rows(assess(profile, RULES).parts["business_case"].readiness)
    return [(row.name, row.level_words, row.reason, row.raise_) for row in rows]


def squeezed(text: str) -> str:
    """Text without whitespace or the hyphens a narrow column adds."""
    return re.sub(r"[\s\u2010\u00ad]+", "", text)


def test_the_json_gives_dimension_level_reason_and_raise(tmp_path):
    ran = run_cli("score", _profile(tmp_path), "--format", "json", env=WIDE)
    assert ran.returncode == 0, ran.stderr
    readiness = json.loads(ran.stdout)["business_case"]["readiness"]
    assert [set(entry) for entry in readiness] == [{"dimension", "level", "reason", "raise"}] * len(DIMENSIONS)
    assert [entry["dimension"] for entry in readiness] == list(DIMENSIONS)
    expected = _expected()
    assert [(e["reason"], e["raise"]) for e in readiness] == [(reason, raised) for _, _, reason, raised in expected]
    assert [e["level"] for e in readiness] == ["low", "ready", "partial", "ready", "partial"]


def test_the_text_output_says_each_dimension_its_level_reason_and_raise(tmp_path):
    ran = run_cli("score", _profile(tmp_path), "--format", "text", env=WIDE)
    assert ran.returncode == 0, ran.stderr
    out = ran.stdout
    assert "Readiness per dimension" in out
    for name, level, reason, raised in _expected():
        assert f"{name}: {level}. {reason}" in out
        if raised:
            assert f"To raise it: {raised}" in out


def test_the_pdf_has_the_table_on_its_first_page(tmp_path):
    out = tmp_path / "clinic.pdf"
    ran = run_cli("report", _profile(tmp_path), "--date", DAY, "-o", out)
    assert ran.returncode == 0, ran.stderr
    first = squeezed(PdfReader(out).pages[0].extract_text())
    assert squeezed("Readiness per dimension") in first
    for name, level, reason, raised in _expected():
        assert squeezed(name) in first and squeezed(level) in first and squeezed(reason) in first
        if raised:
            assert squeezed(raised) in first


def test_the_web_result_page_has_the_same_table(tmp_path):
    client, _ = client_for(tmp_path / "data")
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("clinic.json", _profile(tmp_path).read_bytes(), "application/json")}
        uploaded = client.post("/upload", data=form, files=files, follow_redirects=False)
        assert uploaded.status_code == 303, uploaded.text
        page = client.get(uploaded.headers["location"]).text
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "Readiness per dimension" in text
    for name, level, reason, raised in _expected():
        assert f"{name} {level} {reason}" in text
        if raised:
            assert raised in text
