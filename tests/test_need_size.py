"""Issue 25, item 1: the need's size in every view. A manufacturer whose only need is summaries at importance 1 and
low volume (all governance basics in place, basic skills) is never told to adopt or trial, and 'no business case yet'
leads its headline in the text, the JSON, the PDF and the web page; the size never falls when a need is added or
raised; it matches the total and the rules' thresholds; the batch CSV's need_size is the JSON's."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from advisor.core.need import NEED_SIZES, need_size
from advisor.core.profile import parse_profile
from advisor.io.sources import load_rules
from advisor.words.need import need_line
from tests.conftest import run_cli
from tests.web_helpers import client_for, csrf_of

WIDE = {"COLUMNS": "300"}  # the terminal text unwrapped
DAY = "2026-12-07"
REASON = "no business case yet"

MANUFACTURER: dict[str, Any] = {
    "schema_version": 1,
    "organization": {"name": "Kessler Pumpen GmbH", "industry": "Manufacturing", "countries": ["DE"]},
    "needs": {"summarization": {"importance": 1, "volume": "low"}},
    "context": {"governance": ["policy", "owner", "review_process", "training"], "ai_skills": "basic"},
}
"""Summaries at importance 1 and low volume: a total of 0.5, where a modest need starts at 1.5."""

RULES = load_rules(None)
USE_CASES = RULES.use_case_ids
VOLUMES = tuple(RULES.volume_factors)


def squeezed(text: str) -> str:
    """Text without whitespace or the hyphens a narrow column adds."""
    return re.sub(r"[\s\u2010\u00ad]+", "", text)


@pytest.fixture
def manufacturer(tmp_path: Path) -> Path:
    path = tmp_path / "kessler.json"
    path.write_text(json.dumps(MANUFACTURER))
    return path


def score(profile: Path, output: str) -> str:
    ran = run_cli("score", profile, "--format", output, env=WIDE)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def test_the_manufacturer_is_placed_on_assess_with_the_reason_in_the_json(manufacturer):
    data = json.loads(score(manufacturer, "json"))
    assert data["business_case"]["need"] == {
        "size": "negligible",
        "total": 0.5,
        "scale": {"modest": 1.5, "substantial": 5.0, "strong": 12.0},
    }
    assert data["context"]["ring"]["ring"] == "assess"  # not adopt, not trial
    assert data["headline"].startswith(f"Assess: {REASON}, as the needs stated are negligible (a total of 0.5 where")
    assert data["action_title"].startswith(f"Assess: {REASON}")
    assert "(a total of 0.5 where a modest need starts at 1.5)" in data["context"]["ring"]["reason"]


def test_the_manufacturer_hears_the_reason_and_the_size_in_the_text(manufacturer):
    out = score(manufacturer, "text")
    first, headline = out.splitlines()[:2]
    assert "ASSESS" in first and "ADOPT" not in first and "TRIAL" not in first
    assert headline.startswith(f"Assess: {REASON}, as the needs stated are negligible (a total of 0.5 where a modest")
    need = "Need: negligible (a total of 0.5 on a scale where modest starts at 1.5, substantial at 5 and strong at 12)"
    assert out.splitlines()[2] == need  # right after the recommendation block
    assert "Trial" not in headline and "Adopt" not in headline


def test_the_need_line_names_the_size_the_total_and_the_scale():
    profile = parse_profile({"organization": {"name": "X"}, "needs": {"summarization": {"importance": 3, "volume": "medium"}}}, RULES, "x")
    need = need_size(profile, RULES)
    assert need is not None
    assert need_line(need) == (
        "Need: modest (a total of 3.0 on a scale where modest starts at 1.5, substantial at 5 and strong at 12)"
    )


def test_the_pdf_says_the_reason_the_size_the_scale_and_the_rationale(manufacturer, tmp_path):
    out = tmp_path / "kessler.pdf"
    ran = run_cli("report", manufacturer, "--date", DAY, "-o", out)
    assert ran.returncode == 0, ran.stderr
    pages = [page.extract_text() for page in PdfReader(out).pages]
    first = squeezed(pages[0])
    assert squeezed(f"Assess: {REASON}") in first
    assert squeezed("Need: negligible (a total of 0.5 on a scale where modest starts at 1.5, substantial at 5 and strong at 12)") in first
    assert RULES.need_size is not None
    assert squeezed(RULES.need_size.rationale) in first
    assert squeezed("Trial an LLM") not in first and squeezed("Adopt an LLM") not in first
    every = squeezed("\n".join(pages))
    assert squeezed("The need's size is the total of importance(u) × volume factor(u) over the use cases") in every


def test_the_web_result_page_says_the_reason_and_the_size(manufacturer, tmp_path):
    client, _ = client_for(tmp_path / "data")
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("kessler.json", manufacturer.read_bytes(), "application/json")}
        uploaded = client.post("/upload", data=form, files=files, follow_redirects=False)
        assert uploaded.status_code == 303, uploaded.text
        page = client.get(uploaded.headers["location"]).text
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert f"Assess: {REASON}" in text
    assert "Need: negligible (a total of 0.5 on a scale where modest starts at 1.5, substantial at 5 and strong at 12)" in text
    assert "Trial an LLM" not in text and "Adopt an LLM" not in text


VOLUMES_STATED = tuple(v for v, factor in RULES.volume_factors.items() if factor > 0)
needs = st.dictionaries(  # a profile states at least one need with some importance and volume
    st.sampled_from(USE_CASES),
    st.fixed_dictionaries({"importance": st.integers(1, 5), "volume": st.sampled_from(VOLUMES_STATED)}),
    min_size=1,
)


def _size(needs: dict[str, Any]) -> tuple[int, float]:
    profile = parse_profile({"organization": {"name": "X"}, "needs": needs}, RULES, "x")
    need = need_size(profile, RULES)
    assert need is not None
    return NEED_SIZES.index(need.size), need.total


@settings(max_examples=150, deadline=None)
@given(needs, st.sampled_from(USE_CASES), st.integers(0, 5), st.sampled_from(VOLUMES))
def test_the_size_never_falls_when_a_need_is_added_or_raised(before, use_case, importance, volume):
    old = before.get(use_case, {"importance": 0, "volume": VOLUMES[0]})
    raised = {
        "importance": max(importance, old["importance"]),
        "volume": max(volume, old["volume"], key=VOLUMES.index),  # volume factors grow in the rules' order
    }
    size, total = _size(before)
    new_size, new_total = _size({**before, use_case: raised})
    assert new_total >= total
    assert new_size >= size


def test_volume_factors_grow_in_their_order():  # what the property above takes for granted
    factors = list(RULES.volume_factors.values())
    assert factors == sorted(factors)


@settings(max_examples=150, deadline=None)
@given(needs)
def test_the_size_matches_the_total_and_the_rules_thresholds(stated):
    profile = parse_profile({"organization": {"name": "X"}, "needs": stated}, RULES, "x")
    need = need_size(profile, RULES)
    scale = RULES.need_size
    assert need is not None and scale is not None
    expected_total = sum(
        n["importance"] * RULES.volume_factors[n["volume"]] for n in stated.values()
    )
    assert need.total == pytest.approx(expected_total)
    if need.total < scale.modest_from:
        assert need.size == "negligible"
    elif need.total < scale.substantial_from:
        assert need.size == "modest"
    elif need.total < scale.strong_from:
        assert need.size == "substantial"
    else:
        assert need.size == "strong"


PROFILES: list[dict[str, Any]] = [
    MANUFACTURER,
    {"organization": {"name": "Modest"}, "needs": {"summarization": {"importance": 3, "volume": "medium"}}},
    {
        "organization": {"name": "Substantial"},
        "needs": {"writing": {"importance": 3, "volume": "medium"}, "code": {"importance": 3, "volume": "medium"}},
    },
    {
        "organization": {"name": "Strong"},
        "needs": {u: {"importance": 4, "volume": "high"} for u in USE_CASES},
    },
]


def test_batch_csv_need_size_equals_the_json(tmp_path):
    files = []
    for n, profile in enumerate(PROFILES):
        path = tmp_path / f"p{n}.json"
        path.write_text(json.dumps(profile))
        files.append(path)
    csv_run = run_cli("batch", *files, "-o", tmp_path / "out.csv", "--no-robustness")
    jsonl_run = run_cli("batch", *files, "-o", tmp_path / "out.jsonl", "--no-robustness")
    assert csv_run.returncode == 0 and jsonl_run.returncode == 0, csv_run.stderr + jsonl_run.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    full = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [row["need_size"] for row in rows] == [a["business_case"]["need"]["size"] for a in full]
    assert [row["need_size"] for row in rows] == ["negligible", "modest", "substantial", "strong"]
    assert rows[0]["ring"] == "assess"


def test_whatif_shows_the_need_before_and_after(manufacturer):
    ran = run_cli("whatif", manufacturer, "--set", "needs.writing.importance=4", "--format", "text", env=WIDE)
    assert ran.returncode == 0, ran.stderr
    [row] = [line for line in ran.stdout.splitlines() if line.strip().startswith("Need ")]
    assert row.split() == ["Need", "negligible", "(0.5)", "modest", "(4.5)"]


def test_the_group_views_give_the_consensus_profiles_need(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples"
    out = tmp_path / "group.pdf"
    ran = run_cli("group", examples, "--format", "json", "--report", out, "--date", DAY)
    assert ran.returncode == 0, ran.stderr
    need = json.loads(ran.stdout)["consensus"]["business_case"]["need"]
    sentence = f"{need['size']} (a total of {need['total']:.1f} on a scale where modest starts at 1.5"
    assert squeezed(f"Need (the consensus profile's): {sentence}") in squeezed(PdfReader(out).pages[0].extract_text())
    text = run_cli("group", examples, "--format", "text", env=WIDE).stdout
    assert f"Need (the consensus profile's): {sentence}" in text


def test_the_portfolio_lists_each_profiles_need(tmp_path):
    files = []
    for n, profile in enumerate(PROFILES[:2]):
        path = tmp_path / f"p{n}.json"
        path.write_text(json.dumps(profile))
        files.append(path)
    ran = run_cli("batch", *files, "-o", tmp_path / "out.csv", "--reports", tmp_path / "reports", "--date", DAY)
    assert ran.returncode == 0, ran.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "reports" / "portfolio.pdf").pages)
    flat = squeezed(text)  # each row's ring, then its need (a long name wraps in its cell)
    assert squeezed("Ring Need") in flat
    assert squeezed("robust Assess negligible") in flat and squeezed("robust Trial modest") in flat


def test_with_the_extended_rules_a_negligible_need_no_track_fits_is_answered_neither():
    """Issue 25: a negligible need is never told to adopt or trial; with the extended rules, whose matrix has needs
    that neither track serves, the answer can be "neither" (and the ring Hold, which is neither adopt nor trial)."""
    from advisor.core.engine import assess

    extended = load_rules("extended")
    data = {"organization": {"name": "Kessler Pumpen GmbH"}, "needs": {"forecasting": {"importance": 1, "volume": "low"}}}
    result = assess(parse_profile(data, extended, "kessler"), extended, robustness=False)
    assert result.recommendation == "neither"
    assert result.context.ring.ring == "hold"
    assert result.parts["business_case"].need.size == "negligible"
