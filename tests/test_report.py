"""The stakeholder report, checked in the PDF itself: text, metadata, tags, no attachments, same bytes for the same
input, chart geometry that matches the fits, hostile text rendered inertly, and a page that renders to an image."""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import socket
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from advisor.core.engine import assess
from advisor.core.profile import parse_profile
from advisor.core.resources import bundled_dir
from advisor.io.sources import load_profile
from advisor.report.content import RECOMMENDATION_LABELS
from advisor.report.render import (
    _renderer,
    compact,
    default_output,
    profile_digest,
    render_html,
    render_pdf,
    slug,
)
from advisor.words import say
from tests.conftest import EXAMPLES, missing

DATE = dt.date(2026, 11, 23)
NAMES = sorted(path.stem for path in EXAMPLES.glob("*.json"))


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


def render(profile, rules, raw=b"{}", paper="a4") -> tuple[bytes, list[str]]:
    """The PDF and whatever the weasyprint logger said while rendering it."""
    recorder = Recorder()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(recorder)
    try:
        pdf = render_pdf(render_html(profile, rules, profile_digest(raw), DATE, paper))
    finally:
        logger.removeHandler(recorder)
    return pdf, recorder.messages


@pytest.fixture(scope="module")
def reports(rules):
    """Each example rendered once: name -> (profile, assessment, pdf bytes, logger messages)."""
    out = {}
    for name in NAMES:
        path = EXAMPLES / f"{name}.json"
        profile = load_profile(str(path), rules)
        pdf, messages = render(profile, rules, path.read_bytes())
        out[name] = (profile, assess(profile, rules), pdf, messages)
    return out


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_names_the_organisation_the_recommendation_and_every_use_case(reports, name, rules):
    profile, assessment, pdf, _ = reports[name]
    text = " ".join(text_of(pdf).split())
    assert profile.organization.name in text
    assert f"Recommendation: {RECOMMENDATION_LABELS[assessment.recommendation]}" in text
    for use_case in rules.use_cases.values():
        assert use_case.title in text
    assert assessment.rules.sha256 in text.replace(" ", "")


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_is_a_proper_document(reports, name):
    profile, assessment, pdf, messages = reports[name]
    reader = PdfReader(io.BytesIO(pdf))
    assert 4 <= len(reader.pages) <= 10
    meta = reader.metadata
    assert meta.title == f"AI adoption assessment: {profile.organization.name}"
    assert meta.author == profile.organization.name
    assert meta.subject == say(assessment.action_title)  # the title the ring leads: Adopt, Trial, Assess or Hold
    assert "generative AI" in meta.get("/Keywords")
    assert meta.creation_date.date() == DATE
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en"  # tagged, language set
    assert "/StructTreeRoot" in root
    assert reader.attachments == {} and "/EmbeddedFiles" not in root.get("/Names", {})
    assert messages == []  # the weasyprint logger stayed silent


def test_the_same_input_and_date_give_the_same_bytes(reports, rules):
    profile, _, pdf, _ = reports["newsroom"]
    again, _ = render(profile, rules, (EXAMPLES / "newsroom.json").read_bytes())
    assert again == pdf


@pytest.mark.parametrize("name", NAMES)
def test_a_heading_is_on_the_page_of_the_table_or_chart_it_introduces(reports, name):
    from tests.test_report_layout import assert_headings_keep_with_what_follows

    assert_headings_keep_with_what_follows(reports[name][2], name)


@pytest.mark.parametrize("name", NAMES)
def test_dropping_the_whitespace_between_structure_tags_changes_no_byte_of_the_pdf(reports, name, rules):
    # render_pdf gives WeasyPrint the HTML without the whitespace between block, table and SVG tags (a tenth of
    # the render time): the PDF must be exactly the one the HTML as written gives
    profile, _, pdf, _ = reports[name]
    html = render_html(profile, rules, profile_digest((EXAMPLES / f"{name}.json").read_bytes()), DATE)
    assert len(compact(html)) < len(html) - 1000
    assert _renderer().pdf(html) == pdf


def test_the_compact_html_gives_the_same_pdf_for_hostile_text_other_rules_letter_paper_and_a_group(rules):
    from advisor import assess_group, load_rules
    from advisor.report import render_group_html

    extended = load_rules("extended")
    odd = {"organization": {"name": "  <td>  </td>  "}, "needs": {"forecasting": {"importance": 4}}, "notes": " \n "}
    everyone = assess_group([load_profile(str(path), rules) for path in sorted(EXAMPLES.glob("*.json"))], rules)
    documents = [
        render_html(parse_profile(HOSTILE, rules, "hostile.json"), rules, profile_digest(b"{}"), DATE, "letter"),
        render_html(parse_profile(odd, extended, "odd.json"), extended, profile_digest(b"{}"), DATE),  # blank notes
        render_group_html(everyone, rules, DATE),
    ]
    for html in documents:
        assert _renderer().pdf(compact(html)) == _renderer().pdf(html)


def test_letter_paper_on_request(rules):
    pdf, _ = render(load_profile(str(EXAMPLES / "law-firm.json"), rules), rules, paper="letter")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


BAR_COLOURS = {(0.7255, 0.1098, 0.1098), (0.7059, 0.3255, 0.0353), (0.0824, 0.502, 0.2392)}
BAND_COLOURS = {(0.9922, 0.8863, 0.8824), (0.9922, 0.9451, 0.8392), (0.8627, 0.949, 0.8902)}


def rounded(colour) -> tuple[float, ...]:
    return tuple(round(float(c), 4) for c in colour or ())


@pytest.mark.parametrize("name", ["game-studio", "law-firm", "marketing-agency"])
def test_fit_bars_are_drawn_to_scale(reports, name):
    _, assessment, pdf, _ = reports[name]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        rects = document.pages[0].rects
    bars = sorted((r for r in rects if rounded(r["non_stroking_color"]) in BAR_COLOURS), key=lambda r: r["top"])
    bands = [r for r in rects if rounded(r["non_stroking_color"]) in BAND_COLOURS]
    assert len(bars) == 2 and len(bands) == 6
    full_scale = sum(b["width"] for b in bands) / 2  # the three bands of a row span 0 to 1
    measured = [bar["width"] / full_scale for bar in bars]
    assert measured == pytest.approx([assessment.scores["llm"], assessment.scores["generative_ai"]], abs=0.002)


HOSTILE = {
    "organization": {
        "name": 'Evil <img src="file:///etc/hostname"> Corp 🚀 東京',
        "industry": "<link rel=stylesheet href=http://127.0.0.1:9/x.css><style>@import url(file:///etc/passwd);</style>",
        "regions": ["EU"],
    },
    "needs": {"writing": {"importance": 4}, "art": {"importance": 2}},
    "notes": '<a rel="attachment" href="file:///etc/passwd">open</a> body { background: url(file:///etc/passwd) } {{ 7*7 }}',
}


def test_hostile_text_renders_visibly_and_inertly(rules, monkeypatch):
    connections = []

    def refuse(self, address):
        connections.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    profile = parse_profile(HOSTILE, rules, "hostile.json")
    pdf, messages = render(profile, rules)
    text = " ".join(text_of(pdf).split())
    assert '<img src="file:///etc/hostname">' in text
    assert '<a rel="attachment" href="file:///etc/passwd">open</a>' in text
    assert "{{ 7*7 }}" in text and "url(file:///etc/passwd)" in text
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert connections == []
    for secret in (Path("/etc/hostname"), Path("/etc/passwd")):
        content = secret.read_bytes().strip()
        if len(content) >= 8:
            assert content not in pdf and content.decode(errors="ignore") not in text
    assert not any("Failed to load" in m or "refused" in m for m in messages)


def test_emoji_and_cjk_in_the_organisation_name_do_not_break_the_render(rules):
    data = {"organization": {"name": "東京 テスト 한국 🚀 Café"}, "needs": {"code": {"importance": 3}}}
    pdf, _ = render(parse_profile(data, rules, "cjk.json"), rules)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 4
    assert "Café" in text_of(pdf)


def test_the_fetcher_serves_bundled_assets_only():
    fetcher = _renderer()._fetcher
    assets = (bundled_dir("templates") / "assets").resolve()
    inside = next(path for path in assets.rglob("*") if path.is_file())
    assert fetcher.fetch(inside.as_uri()).read() == inside.read_bytes()
    outside = [
        "file:///etc/passwd",
        (assets / ".." / "report.css").as_uri(),
        assets.as_uri(),
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "data:text/plain,hello",
        "ftp://127.0.0.1/x",
    ]
    for url in outside:
        with pytest.raises(ValueError, match="only bundled assets"):
            fetcher.fetch(url)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hargreave & Lund LLP", "hargreave-lund-llp"),
        ("../../etc/passwd", "etc-passwd"),
        ("東京", "東京"),
        ("株式会社テスト", "株式会社テスト"),
        ("デザイン事務所", "デザイン事務所"),  # the sound marks of Japanese stay; only Latin accents go
        ("हिन्दी मीडिया", "हिन्दी-मीडिया"),
        ("Café Ünïcode", "cafe-unicode"),
        ("!!!", "organisation"),
        ("Acme\u202e\x1b[2J", "acme-2j"),
        ("a" * 300, "a" * 60),
    ],
)
def test_the_default_file_name_is_a_safe_slug(name, expected):
    assert slug(name) == expected
    assert "/" not in slug(name) and ".." not in slug(name)


def test_default_output_is_in_the_current_folder(rules):
    profile = load_profile(str(EXAMPLES / "law-firm.json"), rules)
    assert default_output(profile, "pdf") == Path("hargreave-lund-llp-ai-assessment.pdf")


def test_page_one_renders_to_an_image(reports, tmp_path):
    if shutil.which("pdftoppm") is None:
        missing("poppler-utils not installed (make test installs it as root)")
    (tmp_path / "report.pdf").write_bytes(reports["game-studio"][2])
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "report.pdf", "page"], cwd=tmp_path, check=True
    )
    [image] = tmp_path.glob("page*.png")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 5_000


def test_compiled_templates_from_the_cache_render_the_same_html(rules, tmp_path, monkeypatch):
    from advisor.report import render as render_module

    profile = load_profile(str(EXAMPLES / "law-firm.json"), rules)
    before = render_html(profile, rules, "0" * 64, DATE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    try:
        for _ in range(2):  # the first run compiles and stores; the second loads the stored code
            render_module.template_environment.cache_clear()
            assert render_html(profile, rules, "0" * 64, DATE) == before
        assert list((tmp_path / "advisor" / "templates").glob("*.cache"))
    finally:
        render_module.template_environment.cache_clear()


def test_a_cache_folder_that_cannot_be_made_is_no_error(rules, tmp_path, monkeypatch):
    from advisor.report import render as render_module

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    profile = load_profile(str(EXAMPLES / "law-firm.json"), rules)
    try:
        render_module.template_environment.cache_clear()
        assert "<html" in render_html(profile, rules, "0" * 64, DATE)
    finally:
        render_module.template_environment.cache_clear()
