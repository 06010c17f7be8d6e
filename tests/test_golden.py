"""One golden text per view: what each command, the PDF report and the web pages say for one rich example, compared
with tests/golden/<view>.txt. A wording change anywhere shows in review as the diff of one small file per view; other
tests assert message ids, not English. `UPDATE_GOLDEN=1 pytest tests/test_golden.py` rewrites the files (see
tests/golden/README.md)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from advisor.web import Site
from tests.conftest import EXAMPLES, ROOT, Ran, run_cli
from tests.test_web_survey import create_survey, organiser, respond, respondent
from tests.web_helpers import client_for, csrf_of

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
EXAMPLE = "examples/on-premises-agency.json"
"""The richest example: a hybrid with context modifiers, a veto, two obligations, a risk flag, a skills gap and the
Assess ring (the forecasting profile below covers the Hold ring and 'neither')."""
EPOCH, DATE = "1767225600", "2026-01-01"
ENV = {"SOURCE_DATE_EPOCH": EPOCH, "COLUMNS": "80", "TZ": "UTC", "NO_COLOR": "1"}
WHATIF = ("--set", "context.deployment=cloud_api", "--set", "needs.code.importance=4")
FORECASTER = (
    b'{"schema_version": 1, "id": "forecaster", "organization": {"name": "Kessler Logistics"},'
    b' "needs": {"forecasting": {"importance": 5, "volume": "high"}}}\n'
)


def compare(view: str, text: str) -> None:
    """`text` is what tests/golden/<view> holds; with UPDATE_GOLDEN=1 the file is rewritten instead."""
    path = GOLDEN / view
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no {path.relative_to(ROOT)}: run UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{view} differs from tests/golden/{view}: if the change is meant, UPDATE_GOLDEN=1"


@pytest.fixture(scope="module", autouse=True)
def _fixed_date() -> Iterator[None]:
    """The same date for every view (the web's report day, the CLI's default --date)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ENV.items():
            patch.setenv(name, value)
        for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ADVISOR_LANG", "FORCE_COLOR"):
            patch.delenv(name, raising=False)
        yield


def ran(*args: object, stdin: bytes | None = None) -> str:
    """The command's stdout, run in this process from the repository (paths in outputs read `examples/...`)."""
    result: Ran = run_cli(*args, cwd=ROOT, stdin=stdin, env=ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


# ---- the command line -----------------------------------------------------------------------------------------------

CLI_VIEWS: dict[str, Callable[[], str]] = {
    "score.txt": lambda: ran("score", EXAMPLE, "--format", "text"),
    "score.json": lambda: ran("score", EXAMPLE, "--format", "json"),
    "score-extended-forecasting.txt": lambda: ran("score", "-", "--rules", "extended", "-f", "text", stdin=FORECASTER),
    "whatif.txt": lambda: ran("whatif", EXAMPLE, *WHATIF, "--format", "text"),
    "whatif.json": lambda: ran("whatif", EXAMPLE, *WHATIF, "--format", "json"),
    "batch.csv": lambda: ran("batch", EXAMPLE, "--quiet", "--jobs", "1", "--format", "csv"),
    "batch.jsonl": lambda: ran("batch", EXAMPLE, "--quiet", "--jobs", "1", "--format", "jsonl"),
    "group.txt": lambda: ran("group", *sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.json")), "-f", "text"),
    "rules-show.txt": lambda: ran("rules", "show", "--format", "text"),
}


@pytest.mark.parametrize("view", sorted(CLI_VIEWS))
def test_the_command_line_says_what_its_golden_file_holds(view):
    compare(view, CLI_VIEWS[view]())


def pdf_text(data: bytes) -> str:
    """The PDF's text, page by page; runs of spaces and blank lines (what pypdf versions vary on) made single."""
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        pages.append(f"--- page {number}\n" + "\n".join(line for line in lines if line))
    return "\n".join(pages) + "\n"


def test_the_pdf_report_says_what_its_golden_file_holds(tmp_path):
    target = tmp_path / "report.pdf"
    ran("report", EXAMPLE, "-o", target, "--date", DATE)
    compare("report-pdf.txt", pdf_text(target.read_bytes()))


# ---- the web pages --------------------------------------------------------------------------------------------------

BLOCKS = {
    *("p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "form", "fieldset", "legend"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "caption", "br"),
    *("label", "details", "summary", "figure", "figcaption", "blockquote", "option", "button", "title"),
}
CELLS = {"td", "th"}
HIDDEN = {"script", "style", "template", "noscript"}


class VisibleText(HTMLParser):
    """The text a reader sees: one line per block, cells split by ' | ', buttons' labels kept, what is chosen marked
    ('(selected) ' before an option, '(x) ' or '( ) ' for a box or a radio button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
            if tag == "option" and any(name == "selected" for name, _ in attrs):
                self.parts.append("(selected) ")
        elif tag in CELLS:
            self.parts.append(" | ")
        elif tag == "input":
            fields = dict(attrs)
            if fields.get("type") in ("submit", "button") and fields.get("value"):
                self.parts.append(f"[{fields['value']}]")
            elif fields.get("type") in ("radio", "checkbox"):
                self.parts.append("(x) " if "checked" in fields else "( ) ")
        if tag == "img" and dict(attrs).get("alt"):
            self.parts.append(f"[{dict(attrs)['alt']}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))  # the source's line breaks are not the page's

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line) + "\n"


def visible(page: str, secrets: dict[str, str]) -> str:
    """A page's visible text with the random values of this run (draft tokens, survey ids, links) named."""
    reader = VisibleText()
    reader.feed(page)
    text = reader.text()
    for value, name in sorted(secrets.items(), key=lambda item: -len(item[0])):
        text = text.replace(value, name)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "{time}", text)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Site, dict[str, str]]]:
    client, site = client_for(tmp_path_factory.mktemp("golden-web"))
    with client:
        yield client, site, {}


def test_the_result_page_and_what_if_panel_say_what_their_golden_files_hold(web):
    client, _, secrets = web
    upload = client.get("/upload").text
    sent = client.post(
        "/upload",
        data={"csrf_token": csrf_of(upload)},
        files={"profile": ("on-premises-agency.json", (ROOT / EXAMPLE).read_bytes(), "application/json")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    result = sent.headers["location"]
    secrets[result.rsplit("/", 1)[1]] = "{draft}"
    page = client.get(result)
    assert page.status_code == 200
    form = {"csrf_token": csrf_of(page.text), "code_importance": "4", "code_volume": "high"}
    panel = client.post(f"{result}/whatif", data=form)
    assert panel.status_code == 200, panel.text
    compare("web-result.txt", visible(page.text, secrets))
    section = re.search(r'<section id="whatif".*?</section>', panel.text, re.DOTALL)
    assert section, "the result page has its what-if panel"
    compare("web-whatif.txt", visible(section[0], secrets))


def test_the_questionnaires_first_section_says_what_its_golden_file_holds(web):
    client, _, secrets = web
    home = client.get("/").text
    started = client.post("/start", data={"csrf_token": csrf_of(home)}, follow_redirects=False)
    assert started.status_code == 303
    token = started.headers["location"].split("/")[2]
    secrets[token] = "{draft}"
    section = client.get(f"/q/{token}/1")
    assert section.status_code == 200
    compare("web-questionnaire-1.txt", visible(section.text, secrets))


def test_the_survey_dashboard_says_what_its_golden_file_holds(web):
    _, site, secrets = web
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    secrets[dashboard.rsplit("/", 1)[1]] = "{survey}"
    secrets[link.rsplit("/", 1)[1]] = "{link}"
    legal = {"writing_importance": "5", "code_importance": "1"}
    respond(respondent(site), link, "Legal", legal, data_sensitivity='"confidential"')
    respond(respondent(site), link, "Marketing", {"art_importance": "5", "multimodal_importance": "4"})
    page: Any = admin.get(dashboard)
    assert page.status_code == 200
    compare("web-survey-dashboard.txt", visible(page.text, secrets))


OTHER_VIEWS = (
    "report-pdf.txt",
    "web-result.txt",
    "web-whatif.txt",
    "web-questionnaire-1.txt",
    "web-survey-dashboard.txt",
)


def test_every_golden_file_is_a_view_compared_here():
    """No stale file: each one in tests/golden/ (its README aside) is compared by a test of this module."""
    files = {path.name for path in GOLDEN.iterdir() if path.name != "README.md"}
    assert files == {*CLI_VIEWS, *OTHER_VIEWS}
