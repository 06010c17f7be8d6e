"""The roadmap: the ring turned into phases from the rules' `roadmap`, the same in every view (text, JSON, PDF, web)."""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from advisor.core.engine import assess
from advisor.core.errors import RulesError
from advisor.core.profile import parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.io.sources import load_profile
from advisor.words.roadmap import roadmap_words
from tests.conftest import EXAMPLES, run_cli
from tests.web_helpers import client_for, csrf_of

DEFAULT_TEXT = default_rules_path().read_text(encoding="utf-8")
RULES = parse_rules(DEFAULT_TEXT.encode(), "default.yaml")
ALL_GOVERNANCE = ["policy", "owner", "review_process", "training"]
CODE = {"code": {"importance": 5, "volume": "high"}}
WIDE = {"COLUMNS": "300"}  # the terminal text unwrapped
DAY = "2026-12-07"


def profile(context: dict[str, Any], needs: dict[str, Any], regions: list[str] | None = None):
    data: dict[str, Any] = {"organization": {"name": "Test Org"}, "needs": needs, "context": context}
    if regions:
        data["organization"]["regions"] = regions
    return parse_profile(data, RULES, "test")


def roadmap_of(p):
    result = assess(p, RULES)
    return result, result.parts["business_case"].roadmap


def test_each_ring_has_its_phases_in_order():
    hold = profile({"ai_act_areas": ["social_scoring"], "governance": ALL_GOVERNANCE}, CODE, ["EU"])
    adopt = profile({"deployment": "saas", "governance": ALL_GOVERNANCE}, CODE)
    assessed = load_profile(str(EXAMPLES / "law-firm.json"), RULES)
    trial = load_profile(str(EXAMPLES / "clinic.json"), RULES)
    expected = {
        "hold": ["drop", "review"],
        "adopt": ["rollout", "scale", "review"],
        "assess": ["prepare", "review"],
        "trial": ["pilot", "scale", "review"],
    }
    for ring, p in (("hold", hold), ("adopt", adopt), ("assess", assessed), ("trial", trial)):
        result, phases = roadmap_of(p)
        assert result.context.ring.ring == ring
        assert [phase.phase for phase in phases] == expected[ring]
        weeks = [phase.weeks for phase in phases]
        assert all(start < end for start, end in weeks)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(weeks)), "phases follow one another"


def test_a_hold_drops_the_practice_the_vetoes_name_and_names_no_use_case_to_start_with():
    p = profile({"ai_act_areas": ["social_scoring"], "governance": ALL_GOVERNANCE}, CODE, ["EU"])
    result, phases = roadmap_of(p)
    assert phases[0].phase == "drop" and phases[0].use_cases == ()
    said = roadmap_words(result, RULES)
    assert said is not None and said[0].what.startswith("Stop ") and "social scoring" in said[0].what.lower()


def test_a_negligible_need_is_assessed_so_the_roadmap_builds_readiness_and_pilots_nothing():
    p = profile({"governance": ALL_GOVERNANCE, "deployment": "saas"}, {"summarization": {"importance": 1, "volume": "low"}})
    result, phases = roadmap_of(p)
    assert result.context.ring.ring == "assess"
    assert phases[0].phase == "prepare" and not any(phase.use_cases for phase in phases)


def test_the_pilot_names_the_top_weighted_use_cases_of_the_recommended_track_with_a_measure_each():
    result, phases = roadmap_of(load_profile(str(EXAMPLES / "software-house.json"), RULES))
    pilot = phases[0]
    tracks = {"llm": {"llm"}, "generative_ai": {"generative_ai"}, "hybrid": {"llm", "generative_ai"}}[result.recommendation]
    weighted = sorted(
        (u for u in result.use_cases if u.weight > 0 and (u.better_fit in tracks or u.better_fit == "even")),
        key=lambda u: (-u.weight, u.id),
    )
    assert pilot.use_cases == tuple(u.id for u in weighted[: len(pilot.use_cases)]) and len(pilot.use_cases) == 2
    assert [m.use_case for m in pilot.measures] == list(pilot.use_cases)
    assert pilot.measures[0].text.english == RULES.roadmap.measures[pilot.use_cases[0]]
    assert pilot.skills == tuple(dict.fromkeys(p.skills_needed for p in result.context.deployment_paths if p.track in tracks))


@pytest.mark.parametrize("example", ["marketing-agency", "on-premises-agency"])
def test_the_first_phase_settles_the_duties_that_apply_and_not_those_that_only_might(example):
    result, phases = roadmap_of(load_profile(str(EXAMPLES / f"{example}.json"), RULES))
    obligations = result.context.to_dict()["obligations"]
    applying = [
        o["rule"] for o in obligations if o.get("status", "applies") in ("applies", "applies_from") and not o.get("condition")
    ]
    assert applying and list(phases[0].duties) == applying
    maybe = {o["rule"] for o in obligations if o.get("condition")}
    assert not maybe & set(phases[0].duties)
    if example == "on-premises-agency":  # a provider's duty from a date, for a deployer that does not say it offers one
        assert "eu-ai-act-art50-2-machine-readable-marking" in maybe
    assert all(not phase.duties for phase in phases[1:])


def test_a_use_case_without_its_own_measure_gets_the_generic_one():
    text = re.sub(r"\n    summarization: Minutes saved[^\n]*", "", DEFAULT_TEXT)
    rules = parse_rules(text.encode(), "default.yaml")
    p = parse_profile({"organization": {"name": "T"}, "needs": {"summarization": {"importance": 5, "volume": "high"}},
                       "context": {"deployment": "saas", "governance": ["policy"]}}, rules, "test")
    pilot = assess(p, rules, robustness=False).parts["business_case"].roadmap[0]
    assert pilot.measures[0].text.id == "rules.roadmap.generic_measure"


def test_the_rules_refuse_a_roadmap_without_every_ring_or_with_a_phase_that_ends_before_it_starts():
    no_hold = re.sub(r"\n    hold:\n      - \{phase: drop[^\n]*\n      - [^\n]*", "", DEFAULT_TEXT)
    with pytest.raises(RulesError):
        parse_rules(no_hold.encode(), "default.yaml")
    backwards = DEFAULT_TEXT.replace("{phase: scale, weeks: {from: 8, to: 20}", "{phase: scale, weeks: {from: 20, to: 8}")
    with pytest.raises(RulesError):
        parse_rules(backwards.encode(), "default.yaml")


def _pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(path).pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_view_tells_the_same_roadmap(tmp_path):
    source = EXAMPLES / "clinic.json"
    data = json.loads(run_cli("score", source, "--format", "json", env={"SOURCE_DATE_EPOCH": "1796601600"}).stdout)
    roadmap = data["business_case"]["roadmap"]
    assert [p["phase"] for p in roadmap] == ["pilot", "scale", "review"]
    assert roadmap[0]["weeks"] == {"from": 0, "to": 8} and roadmap[0]["use_cases"] == ["summarization", "writing"]
    assert roadmap[0]["duties"] and roadmap[0]["measures"][0]["use_case"] == "summarization"
    active = RULES
    said = roadmap_words(assess(load_profile(str(source), active), active), active)
    assert said is not None
    text = _flat(run_cli("score", source, "--format", "text", env={"SOURCE_DATE_EPOCH": "1796601600", **WIDE}).stdout)
    out = tmp_path / "report.pdf"
    assert run_cli("report", source, "--date", DAY, "-o", out).returncode == 0
    pdf = _pdf_text(out)
    first_pages = _pdf_text_pages(out, 3)
    client, _ = client_for(tmp_path / "data", str(default_rules_path()))
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("clinic.json", source.read_bytes(), "application/json")}
        uploaded = client.post("/upload", data=form, files=files, follow_redirects=False)
        page = _flat(html.unescape(re.sub(r"<[^>]+>", " ", client.get(uploaded.headers["location"]).text)))
    for view in (text, pdf, page):
        assert "How to start" in view
    assert "How to start" in first_pages
    for phase in said:
        for words in (phase.name, phase.weeks, phase.what, *phase.lines):
            flat = _flat(words)
            assert flat in text, flat
            assert flat in page, flat
            assert flat.replace(" ", "") in pdf.replace(" ", ""), flat  # the PDF's text breaks lines anywhere
    for entry in roadmap[0]["measures"]:
        assert _flat(entry["measure"]) in text


def _pdf_text_pages(path: Path, pages: int) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(path).pages[:pages]))


def test_the_roadmap_says_its_words_in_the_pseudo_locale():
    from advisor.words.language import reset_language, set_language

    result = assess(load_profile(str(EXAMPLES / "clinic.json"), RULES), RULES, robustness=False)
    english = roadmap_words(result, RULES)
    token = set_language("en-XA")
    try:
        pseudo = roadmap_words(result, RULES)
    finally:
        reset_language(token)
    assert english is not None and pseudo is not None
    for ours, theirs in zip(english, pseudo, strict=True):
        assert ours.name != theirs.name and ours.what != theirs.what
        assert all(a != b for a, b in zip(ours.lines, theirs.lines, strict=True))
