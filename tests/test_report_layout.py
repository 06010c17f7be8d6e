"""Hostile text in the report, the group report and the portfolio, read back from the PDF with pdfplumber: user text
isolated (an Arabic name keeps "51-250" in order, U+202E reverses nothing around it), a 200-letter name wraps inside
the page and away from the header date, no two words overprint, chart labels fit their places, and headings stay
on the page of what they introduce. A guard scans the templates for user fields shown without isolation."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.batch.portfolio import portfolio_html
from advisor.core.engine import assess
from advisor.core.group import assess_group
from advisor.core.profile import parse_profile
from advisor.core.resources import bundled_dir
from advisor.report import render_group_html, render_html, render_pdf
from advisor.report.bidi import FSI, PDI, isolate, isolate_names
from advisor.report.measure import legend, text_width, wrap

pytestmark = pytest.mark.slow  # many PDFs rendered and read back

DATE = dt.date(2026, 12, 7)
ARABIC = "شركة الأمل للتقنية"
RLO = "Acme \u202eCorp Ltd"
LONG = "W" * 200
MM = 72 / 25.4
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 20 * MM, 17 * MM, 18 * MM, 17 * MM  # report.css @page
NEEDS = (
    {"writing": {"importance": 5}, "code": {"importance": 3}},
    {"art": {"importance": 5}, "multimodal": {"importance": 5}},
    {"writing": {"importance": 3}, "art": {"importance": 3}, "summarization": {"importance": 3}},
    {"code": {"importance": 5}, "multimodal": {"importance": 5}},
    {"summarization": {"importance": 5}},
    {"art": {"importance": 5}},
)


def profile(rules, name, *, needs=NEEDS[0], role=None, industry="Retail", notes=None, pid=None):
    data = {"id": pid, "organization": {"name": name, "industry": industry, "size": "51-250"}, "needs": needs}
    if role:
        data["respondent"] = {"role": role}
    if notes:
        data["notes"] = notes
    return parse_profile({k: v for k, v in data.items() if v is not None}, rules, "test")


def report_html(rules, p):
    return render_html(p, rules, "0" * 64, DATE)


def group_profiles(rules, name=ARABIC):
    roles = ["Legal", "مدير التسويق", "Engineering \u202eteam", "People Operations", "Z" * 120, "Design"]
    names = [name] * 5 + [RLO]  # one respondent names the organisation differently: a conflict quoting both names
    return [
        profile(rules, o, needs=n, role=r, pid=f"g{i}") for i, (o, r, n) in enumerate(zip(names, roles, NEEDS))
    ]


def portfolio_entries(rules, counts):
    """Entries as `advisor batch` keeps them, `counts` profiles of each needs set, with hostile names."""
    entries = []
    names = [ARABIC, RLO, LONG, "Plain Org"]
    for kind, n in counts.items():
        for _ in range(n):
            p = profile(rules, names[len(entries) % 4], needs=NEEDS[kind], pid=f"p{len(entries)}")
            a = assess(p, rules)
            entries.append(
                {
                    "id": p.id,
                    "organization": p.organization.name,
                    "recommendation": a.recommendation,
                    "scores": a.scores,
                    "margin": a.margin,
                    "verdict": a.robustness.verdict if a.robustness else "",
                    "ring": a.context.ring.ring if a.context and a.context.ring else "",
                    "weights": {u.id: u.weight for u in a.use_cases},
                }
            )
    return entries


@pytest.fixture(scope="module")
def documents(rules):
    """name -> (html, pdf bytes) for the single report, the group report and the portfolio with hostile text."""
    out = {}
    for key, name in (("arabic", ARABIC), ("rlo", RLO), ("long", LONG)):
        industry = {"arabic": None, "long": LONG}.get(key, "Retail")  # with no industry, the size follows the name
        html = report_html(rules, profile(rules, name, industry=industry, notes=name))
        out[key] = (html, render_pdf(html))
    group_html = render_group_html(assess_group(group_profiles(rules), rules), rules, DATE)
    out["group"] = (group_html, render_pdf(group_html))
    # 5 on an LLM, 1 hybrid, 1 generative AI: the generative AI segment is 14% wide, too narrow for its label
    entries = portfolio_entries(rules, {0: 5, 2: 1, 1: 1})
    assert sorted({e["recommendation"] for e in entries}) == ["generative_ai", "hybrid", "llm"]
    html = portfolio_html(entries, rules, DATE)
    out["portfolio"] = (html, render_pdf(html))
    return out


@functools.cache
def pages(pdf: bytes) -> list:
    """The pages of `pdf`, read once per test session."""
    return pdfplumber.open(io.BytesIO(pdf)).pages


@functools.cache
def lines_of(pdf: bytes) -> list[str]:
    return [line for page in pages(pdf) for line in page.extract_text().splitlines()]


# ---- bidirectional text ---------------------------------------------------------------------------------------------


def test_an_arabic_name_keeps_the_size_in_order_on_page_one_and_the_header(documents):
    _, pdf = documents["arabic"]
    lines = lines_of(pdf)
    meta = next(line for line in lines if "employees" in line)
    assert "· 51-250 employees ·" in meta and "250-51" not in meta
    header = pages(pdf)[1].extract_text().splitlines()[0]
    assert header.endswith("· AI adoption assessment 7 December 2026")
    _, group_pdf = documents["group"]
    assert any("· 51-250 employees ·" in line for line in lines_of(group_pdf)[:5])


def test_a_right_to_left_override_in_a_name_reverses_nothing_around_it(documents):
    for key in ("rlo", "group"):
        _, pdf = documents[key]
        text = "\n".join(lines_of(pdf))
        assert "tnemssessa" not in text and "seeyolpme" not in text
        if key == "rlo":
            assert "Acme dtL proC · Retail · 51-250 employees · 7 December 2026" in text  # the name alone reversed
            assert pages(pdf)[1].extract_text().startswith("Acme dtL proC · AI adoption assessment")
    _, pdf = documents["group"]
    assert "Engineering maet 0.72" in "\n".join(lines_of(pdf)) or any(
        line.startswith("Engineering maet ") for line in lines_of(pdf)
    )


class _Isolation(HTMLParser):
    """Every piece of text holding one of `names`, with whether a <bdi> encloses it."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.names, self.open, self.found = names, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br", "col", "input", "link", "rect", "circle", "line"):
            self.open.append((tag, dict(attrs).get("class", "")))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for name in self.names:
            if name in data:
                self.found.append((name, [tag for tag, _ in self.open], " ".join(c for _, c in self.open), data))


def unisolated(html: str, names: list[str]) -> list[str]:
    """The places where one of `names` is shown outside a <bdi> (and outside FSI...PDI where only text can go)."""
    parser = _Isolation(names)
    parser.feed(html)
    wrong = []
    for name, tags, classes, data in parser.found:
        if "bdi" in tags or "title" in tags and "svg" not in tags:  # the document's title: metadata, name last
            continue
        if "running" in classes and (FSI + name + PDI in data or FSI in data and data.endswith(PDI)):
            continue
        wrong.append(f"{name!r} in <{'><'.join(tags)}>: {data[:80]!r}")
    return wrong


def test_every_piece_of_user_text_in_the_reports_is_isolated(documents):
    names = [ARABIC, RLO, "مدير التسويق", "Engineering \u202eteam", "People Operations", "Z" * 120]
    for key in ("arabic", "rlo", "group"):
        html, _ = documents[key]
        assert not unisolated(html, names), key
    assert f"organisation name: 5 said <bdi>{ARABIC}</bdi>, 1 said <bdi>{RLO}</bdi>" in documents["group"][0]
    html, _ = documents["portfolio"]
    assert html.count(f"<bdi>{ARABIC}</bdi>") >= 2  # in "review these first" and the table
    assert not unisolated(html, [ARABIC, RLO, LONG])


# Fields of a profile, a survey or a group that hold what a person typed, as the templates name them.
USER_FIELDS = re.compile(
    r"organization\.name|organization\.industry|\borg\.(?:industry|regions)|\bnotes\b|survey\.title|\brole\b"
    r"|\br\.label\b|labels\.get|pivotal|furthest|\be\.(?:organization|id)\b|\bp\.(?:id|where|message)\b"
    r"|\banswer\b|group\.(?:agreement|disagreement)|\bc\.message\b|\bmessage\b|\bfile_name\b"
)
ISOLATED = re.compile(r"\|\s*(?:isolate|isolate_text|isolate_names)\b|\bmap\(\"isolate\"\)")
NOT_SHOWN = re.compile(r"<meta |<title>|value=\"\{\{|\{%")  # metadata, the PDF's title, form values, statements
TRANS_TAG = re.compile(r"\{%\+?\s*trans\b(.*?)%\}")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")  # a template's own words (in _() or a literal): never user text


def _shown_expressions(line: str, in_trans: bool) -> tuple[list[tuple[str, str]], bool]:
    """The expressions a template line shows, each with the line before it: each {{ ... }} outside a {% trans %}
    block (inside one, {{ name }} is a placeholder) and each value bound in a {% trans name=... %} tag; and whether
    the line ends inside a block."""
    shown: list[tuple[str, str]] = []
    done = ""
    for piece in re.split(r"(\{%\+?\s*(?:trans\b.*?|endtrans)\s*[+-]?%\})", line):
        tag = TRANS_TAG.match(piece)
        if tag:
            bound = re.findall(r"(\w+)=(.*?)(?=,\s*\w+=|$)", tag.group(1).strip())
            shown += [(value, done) for _, value in bound]
            in_trans = True
        elif re.match(r"\{%\+?\s*endtrans", piece):
            in_trans = False
        elif not in_trans:
            shown += [(found.group(1), done + piece[: found.start()]) for found in re.finditer(r"\{\{(.*?)\}\}", piece)]
        done += piece
    return [(QUOTED.sub('""', expression), before) for expression, before in shown], in_trans


def test_no_template_shows_a_user_field_without_isolating_it():
    root = bundled_dir("templates")
    wrong = []
    for path in sorted(root.rglob("*.j2")):
        in_trans = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            expressions, in_trans = _shown_expressions(line, in_trans)
            for expression, before in expressions:
                if not USER_FIELDS.search(expression) or ISOLATED.search(expression):
                    continue
                if NOT_SHOWN.search(before[before.rfind("<") :] if "<" in before else "") or "<title>" in before:
                    continue
                if path.name == "message.html.j2":  # the message is the server's own sentence
                    continue
                wrong.append(f"{path.relative_to(root)}:{number}: {{{{{expression}}}}}")
    assert not wrong, "user text shown without |isolate:\n" + "\n".join(wrong)


def test_isolation_escapes_and_names_inside_a_sentence_are_isolated():
    assert isolate("<b>Ω</b>") == "<bdi>&lt;b&gt;Ω&lt;/b&gt;</bdi>"
    assert isolate(None) == "" and isolate("") == ""
    sentence = isolate_names("Legal <said> yes; Legal team said no", ["Legal", "Legal team"])
    assert sentence == "<bdi>Legal</bdi> &lt;said&gt; yes; <bdi>Legal team</bdi> said no"


# ---- long words and the page box ------------------------------------------------------------------------------------


def overlapping(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a point each way: text printed over text."""
    found = []
    ordered = sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x0"] >= a["x1"] - 1:
                break
            if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("key", ["arabic", "rlo", "long", "group", "portfolio"])
def test_every_character_is_inside_the_page_and_no_text_overprints_text(documents, key):
    _, pdf = documents[key]
    for number, page in enumerate(pages(pdf), 1):
        for char in page.chars:
            assert 0 <= char["x0"] and char["x1"] <= page.width and 0 <= char["top"] and char["bottom"] <= page.height
            if MARGIN_TOP <= char["top"] and char["bottom"] <= page.height - MARGIN_BOTTOM:  # the page's body
                assert MARGIN_LEFT - 1 <= char["x0"] and char["x1"] <= page.width - MARGIN_RIGHT + 1, (number, char)
        assert not overlapping(page.extract_words(keep_blank_chars=False)), (key, number)


def test_a_200_letter_name_wraps_on_page_one_and_in_the_header_away_from_the_date(documents):
    _, pdf = documents["long"]
    first, second = pages(pdf)[:2]
    ws = [c for c in first.chars if c["text"] == "W"]
    assert len(ws) >= 2 * 200  # the name on page 1 and in the appendix, whole
    assert max(c["x1"] for c in ws) <= first.width - MARGIN_RIGHT + 1
    header = [c for c in second.chars if c["bottom"] <= MARGIN_TOP]
    (date,) = [d for d in second.search("7 December 2026") if d["bottom"] <= MARGIN_TOP]
    name = [c for c in header if c["text"] == "W"]
    assert 60 <= len(name) < 200  # cut in the header (whole on page 1)
    assert max(c["x1"] for c in name) < date["x0"]
    others = [c for c in header if not (date["x0"] - 0.1 <= c["x0"] and c["x1"] <= date["x1"] + 0.1)]
    assert len(header) - len(others) == len("7 December 2026")  # nothing else in the date's place
    assert all(c["x1"] <= date["x0"] or c["bottom"] <= date["top"] or c["top"] >= date["bottom"] for c in others)


# ---- charts ---------------------------------------------------------------------------------------------------------


def test_the_group_dot_plot_legend_is_whole_and_its_entries_apart(documents):
    _, pdf = documents["group"]
    page = next(p for p in pages(pdf) if "weight of the use case in" in p.extract_text(x_tolerance=1))
    text = "".join(page.extract_text().split())  # SVG text has no space glyphs: compare without spaces
    for label in ("LLM", "Hybrid: both", "Broader generative AI"):
        assert f"a respondent whose own answer is {label}".replace(" ", "") in text
    axis = page.search("weight of the use case in", x_tolerance=1)[0]
    legend_words = [w for w in page.extract_words(x_tolerance=1) if axis["bottom"] < w["top"] < axis["bottom"] + 80]
    assert {"consensus", "respondent", "Broader"} <= {w["text"] for w in legend_words}
    assert not overlapping(legend_words)


def test_the_portfolio_vote_bar_labels_fit_their_segments_and_every_share_is_listed(documents, rules):
    _html, pdf = documents["portfolio"]
    page = pages(pdf)[0]
    colours = {(0.114, 0.306, 0.847), (0.357, 0.129, 0.714), (0.616, 0.09, 0.302)}  # llm, hybrid, generative AI

    def colour(value):
        return tuple(round(float(v), 3) for v in value or ())

    segments = [r for r in page.rects if colour(r["non_stroking_color"]) in colours and r["height"] > 10]
    assert len(segments) == 3
    white = [c for c in page.chars if colour(c["non_stroking_color"]) == (1.0, 1.0, 1.0)]
    for segment in segments:
        inside = [c for c in white if segment["x0"] <= (c["x0"] + c["x1"]) / 2 <= segment["x1"]]
        for char in inside:
            assert segment["x0"] <= char["x0"] and char["x1"] <= segment["x1"] + 0.5
        label = "".join(c["text"] for c in sorted(inside, key=lambda c: c["x0"]))
        assert label in ("", "LLM71%", "Hybrid:both14%", "Broadergenerativeai14%".replace("ai", "AI"))
    text = "".join(page.extract_text().split())  # SVG text has no space glyphs: compare without spaces
    assert "LLM:71.4%" in text and "Hybrid:both:14.3%" in text and "BroadergenerativeAI:14.3%" in text


def test_text_measure_is_never_narrower_than_dejavu_and_wrapping_keeps_every_letter():
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    if (fonts / "DejaVuSans.ttf").exists():
        from fontTools.ttLib import TTFont

        for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf")):
            font = TTFont(fonts / name)
            cmap, advances, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
            for text in ("Broader generative AI", "whose own answer is Hybrid: both", "Éçü Ω Жж شركة"):
                drawn = sum(advances[cmap[ord(c)]][0] for c in text if ord(c) in cmap) * 10 / em
                assert text_width(text, 10, bold) >= drawn - 0.05
    assert text_width("\u2068x\u2069", 10) == text_width("x", 10)  # isolates take no room
    label = "a respondent whose own answer is Broader generative AI " + "W" * 60
    lines = wrap(label, 200, 9)
    assert len(lines) >= 3 and all(text_width(line, 9) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    key = legend(["consensus weight", "x" * 10, "y" * 300], 300, 9, marker=10)
    for a, b in zip(key.entries, key.entries[1:]):
        assert b.y > a.y or b.x >= a.x + 10 + text_width(a.lines[0], 9)
    assert key.height >= key.entries[-1].y + (len(key.entries[-1].lines) - 1) * key.entries[-1].step


@settings(max_examples=150, deadline=None)
@given(
    labels=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=6),
    width=st.floats(min_value=20, max_value=600),
)
def test_legend_entries_never_overlap_and_their_lines_fit_the_width(labels, width):
    key = legend(labels, width, 9, marker=10)
    boxes = []
    for entry, label in zip(key.entries, labels):
        assert "".join(entry.lines).replace(" ", "") == "".join(label.split())  # every letter, in order
        wide = max(text_width(line, 9) for line in entry.lines)
        assert entry.x == 0 or entry.x + 10 + wide <= width + 1e-6  # only a first entry of a row may be too wide
        assert all(text_width(line, 9) <= width - 10 + 1e-6 or len(line) == 1 for line in entry.lines)
        boxes.append((entry.x, entry.y - 9, entry.x + 10 + wide, entry.y + (len(entry.lines) - 1) * entry.step))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert key.height >= max(box[3] for box in boxes) - 9


# ---- headings stay with what they introduce -------------------------------------------------------------------------


HEADINGS = (
    ("The use cases", "Imp. Volume"),
    ("How sure is the answer", "Dirichlet"),
    ("Distance to a different answer", "lower the weight"),
    ("LLM and generative AI at a glance", "Aspect Broader"),
    ("Where the respondents disagree", "consensus weight"),
    ("The respondents' vote", "Share of the"),
    ("Profiles left out", "File and line"),
)


def assert_headings_keep_with_what_follows(pdf: bytes, where: str) -> None:
    """Each heading of HEADINGS is on the page where what it introduces starts (tests/test_report.py uses it too)."""
    texts = [page.extract_text() or "" for page in pdfplumber.open(io.BytesIO(pdf)).pages]
    for heading, follower in HEADINGS:
        at = [n for n, text in enumerate(texts) if heading in text]
        then = [n for n, text in enumerate(texts) if follower in text]
        if at and then:
            assert then[0] == at[-1], f"{where}: {heading!r} on page {at[-1] + 1}, {follower!r} on {then[0] + 1}"


def test_the_group_reports_headings_keep_with_their_charts(documents, rules):
    _, pdf = documents["group"]
    assert_headings_keep_with_what_follows(pdf, "group of 6")
    for size in (2,):
        html = render_group_html(assess_group(group_profiles(rules)[:size], rules), rules, DATE)
        assert_headings_keep_with_what_follows(render_pdf(html), f"group of {size}")
