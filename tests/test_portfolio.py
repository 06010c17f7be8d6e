"""The portfolio counts profiles by readiness ring: its headline never says "should adopt" of a profile not on Adopt,
and "Review these first" starts with the profiles on Hold, then those to assess, then the fragile and too close."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from pypdf import PdfReader

from advisor.batch.inputs import expand_inputs, records
from advisor.batch.portfolio import portfolio_context, portfolio_html
from advisor.batch.scoring import init_worker, score_record
from advisor.report.render import render_pdf
from tests.conftest import EXAMPLES

DATE = dt.date(2026, 11, 23)
GOVERNANCE = ["policy", "owner", "review_process", "training"]
HOLD = {  # emotion recognition at work, in the EU: a banned practice puts it on Hold
    "id": "hr-analytics",
    "organization": {"name": "Kestrel People Analytics", "regions": ["EU"]},
    "needs": {"summarization": {"importance": 5, "volume": "high"}, "writing": {"importance": 3}},
    "context": {
        "ai_act_areas": ["emotion_recognition_work_education"],
        "ai_skills": "developers",
        "governance": GOVERNANCE,
    },
}
ADOPT = {  # every fact stated, the skills for its path and every governance basic: on Adopt
    "id": "devshop",
    "organization": {"name": "Devshop", "regions": ["EU"]},
    "needs": {
        "art": {"importance": 1, "volume": "low"},
        "writing": {"importance": 1, "volume": "low"},
        "code": {"importance": 5, "volume": "high"},
    },
    "context": {
        "data_sensitivity": "internal",
        "deployment": "cloud_api",
        "budget": "medium",
        "ai_skills": "developers",
        "risk_tolerance": "medium",
        "governance": GOVERNANCE,
        "data_residency": "none",
        "languages": ["en"],
        "regulated_data": [],
        "publishes_outputs": False,
        "public_chatbot": False,
        "synthetic_people": False,
        "ip_indemnity": True,
        "realtime": False,
        "ai_act_areas": [],
    },
}


@pytest.fixture(scope="module")
def entries(tmp_path_factory, rules):
    """The batch summaries of the eight example profiles, one on Hold (a banned practice) and one to adopt."""
    extra = tmp_path_factory.mktemp("portfolio") / "extra.jsonl"
    extra.write_text("".join(json.dumps(p) + "\n" for p in (HOLD, ADOPT)), encoding="utf-8")
    init_worker(rules, "jsonl", True, True)
    found = [score_record(r).summary for r in records(expand_inputs([str(EXAMPLES), str(extra)]), lambda *_: None)]
    assert all(found)
    return found


def by_id(entries):
    return {e["id"]: e for e in entries}


def test_the_real_profiles_cover_every_ring(entries):
    rings = {e["id"]: e["ring"] for e in entries}
    assert rings["hr-analytics"] == "hold" and rings["devshop"] == "adopt"
    assert sorted(rings.values()).count("assess") == 2 and sorted(rings.values()).count("trial") == 6


def test_the_headline_counts_profiles_by_ring_and_says_adopt_only_of_those_on_adopt(entries, rules):
    headline = portfolio_context(entries, rules, DATE)["headline"]
    assert headline == (
        "Of 10 profiles: 1 on Hold; 2 to assess (1 an LLM, 1 both); 6 to trial (3 an LLM, 3 both); 1 to adopt an LLM."
    )
    assert "should adopt" not in headline
    adopting = re.search(r"(\d+) to adopt", headline)
    assert adopting and int(adopting.group(1)) == sum(e["ring"] == "adopt" for e in entries)


def test_a_profile_on_hold_is_never_counted_as_adopting_its_track(entries, rules):
    held = [e for e in entries if e["ring"] == "hold"]
    headline = portfolio_context(held, rules, DATE)["headline"]
    assert headline == "Of 1 profile: 1 on Hold."
    assert held[0]["recommendation"] == "llm" and "LLM" not in headline


def test_review_these_first_orders_hold_then_assess_then_fragile_and_too_close(entries, rules):
    review = portfolio_context(entries, rules, DATE)["review"]
    assert [e["id"] for e in review] == [
        "hr-analytics",
        "law-firm",
        "on-premises-agency",
        *sorted(("ecommerce-shop", "game-studio"), key=lambda i: abs(by_id(entries)[i]["margin"])),
    ]
    assert [e["ring"] for e in review[:3]] == ["hold", "assess", "assess"]
    assert all(e["verdict"] in ("fragile", "too_close") for e in review[3:])


def test_the_portfolio_pdf_names_the_hold_first_with_its_reason(entries, rules):
    pdf = render_pdf(portfolio_html(entries, rules, DATE))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Of 10 profiles: 1 on Hold; 2 to assess" in text and "should adopt" not in text
    review = text[text.index("Review these first (5)") :]
    hold = review.index(
        "Kestrel People Analytics (hr-analytics): on Hold: The plan includes emotion recognition at work or in"
        " education (EU AI Act Art. 5(1)(f)), which must be dropped before anything else."
    )
    assess = review.index("(law-firm): to assess")
    fragile = review.index("(game-studio)")
    assert hold < assess < fragile


def test_without_rings_the_headline_counts_recommendations_without_an_action(rules):
    entries = [
        {"id": i, "organization": i, "recommendation": r, "scores": {"llm": 0.5, "generative_ai": 0.4},
         "margin": 0.1, "verdict": "robust", "weights": {"writing": 1.0}}
        for i, r in (("a", "llm"), ("b", "llm"), ("c", "hybrid"))
    ]
    assert portfolio_context(entries, rules, DATE)["headline"] == "Of 3 profiles: 2 an LLM, 1 both."


def test_profiles_without_a_ring_yet_are_counted_apart(entries, rules):
    unplaced = [{**e, "ring": "not_assessed"} if e["ring"] == "trial" else e for e in entries]
    assert portfolio_context(unplaced, rules, DATE)["headline"] == (
        "Of 10 profiles: 1 on Hold; 2 to assess (1 an LLM, 1 both); 1 to adopt an LLM; 6 with no ring yet (3 an LLM, "
        "3 both)."
    )


def test_answers_not_analysed_for_robustness_are_counted_apart_not_as_none_robust(entries, rules):
    # batch --no-robustness: it said "How sure the answers are: robust 0, moderate 0, fragile 0, too close 0."
    unanalysed = [{**e, "verdict": "", "p_win": None} for e in entries[:3]] + entries[3:]
    verdicts = dict(portfolio_context(unanalysed, rules, DATE)["verdicts"])
    assert verdicts["not analysed"] == 3 and sum(verdicts.values()) == len(entries)
    assert "not analysed" not in dict(portfolio_context(entries, rules, DATE)["verdicts"])
    pdf = render_pdf(portfolio_html([{**e, "verdict": ""} for e in entries], rules, DATE))
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "How sure the answers are: robust 0, moderate 0, fragile 0, too close 0, not analysed 10." in text
