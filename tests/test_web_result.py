"""The result page, its downloads, the what-if panel and the upload page, through FastAPI's TestClient."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from advisor.core.engine import assess
from advisor.core.profile import Profile, parse_profile
from advisor.core.whatif import context_changes
from advisor.io.sources import load_profile
from advisor.questionnaire import answers_from_profile
from advisor.questionnaire.ask import write_profile
from advisor.report import default_output, profile_digest, render_html
from advisor.web import Site
from advisor.web.assets import asset_url
from advisor.web.security import draft_form_token
from advisor.words import said, say
from tests.conftest import run_cli
from tests.web_helpers import client_for, csrf_of

ROOT = Path(__file__).resolve().parent.parent
LAW_FIRM = ROOT / "examples" / "law-firm.json"
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_INDUSTRY = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def served(tmp_path: Path) -> tuple[TestClient, Site]:
    return client_for(tmp_path / "data")


@pytest.fixture
def site(served: tuple[TestClient, Site]) -> Site:
    return served[1]


@pytest.fixture
def client(served: tuple[TestClient, Site]) -> Iterator[TestClient]:
    with served[0] as test_client:
        yield test_client


def csrf(client: TestClient) -> str:
    return csrf_of(client.get("/upload").text)


def upload(client: TestClient, content: bytes, name: str = "law-firm.json") -> Any:
    return client.post(
        "/upload",
        data={"csrf_token": csrf(client)},
        files={"profile": (name, content, "application/json")},
        follow_redirects=False,
    )


def uploaded(client: TestClient, content: bytes = LAW_FIRM.read_bytes(), name: str = "law-firm.json") -> str:
    """The result address of an uploaded profile."""
    response = upload(client, content, name)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def whatif(client: TestClient, result: str, as_json: bool = False, **fields: str) -> Any:
    """Post the result page's what-if form (with the CSRF token of that draft's pages, as the page carries it)."""
    headers = {"accept": "application/json"} if as_json else {}
    token = draft_form_token(client.app.state.site, result.rstrip("/").rsplit("/", 1)[1])
    return client.post(f"{result}/whatif", data={"csrf_token": token, **fields}, headers=headers)


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.DOTALL)
    return html.unescape(found[1]).strip()


def law_firm(rules: Any, **needs: tuple[int, str]) -> Profile:
    """The law firm's profile with some needs set to (importance, volume)."""
    data = orjson.loads(LAW_FIRM.read_bytes())
    for uid, (importance, volume) in needs.items():
        data["needs"][uid] = {"importance": importance, "volume": volume}
    return parse_profile(data, rules, "law-firm.json")


def comparison_cells(page: str) -> dict[str, tuple[str, str]]:
    rows = re.findall(r'data-row="(\w+)".*?class="before">(.*?)</td><td class="after">(.*?)</td>', page, re.DOTALL)
    return {key: (html.unescape(before), html.unescape(after)) for key, before, after in rows}


# --- the result page ---------------------------------------------------------------------------------------------


def test_an_uploaded_profile_shows_its_headline_recommendation_ring_and_the_reports_sections(client, site):
    page = client.get(uploaded(client))
    expected = assess(load_profile(str(LAW_FIRM), site.rules), site.rules)
    assert page.status_code == 200
    assert text_of(page.text, "headline") == say(expected.headline)
    assert f"<h1>{html.escape(say(expected.action_title))}</h1>" in page.text
    assert "Recommendation: LLM" in page.text and 'class="ring-badge assess">Assess<' in page.text
    assert "Robust (ahead on every need)" in page.text
    assert page.text.count('class="fit-bar"') == 2  # the report's fit bars, on the 0 to 1 scale
    for heading in (
        "Key findings",
        "What this means for you",
        "The use cases",
        "How sure is the answer",
        "What would change the answer",
        "What if your needs were different?",
    ):
        assert f">{heading}</h" in page.text


class Elements(HTMLParser):
    """The tags of a page with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_the_result_page_has_no_style_element_no_inline_script_and_no_event_attribute(client):
    page = client.get(uploaded(client)).text
    elements = Elements()
    elements.feed(page)
    assert "style" not in {tag for tag, _ in elements.found}
    assert [attrs for tag, attrs in elements.found if tag == "script"] == [
        {"src": asset_url("web/site.js"), "defer": None}
    ]
    assert [name for _, attrs in elements.found for name in attrs if name.startswith("on")] == []
    assert 'class="running' not in page  # the PDF's running headers stay in the PDF


def test_the_result_pages_sections_are_the_reports_own_html(client, site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 1 March 2026, for the web page and the report alike
    result = uploaded(client)
    page = client.get(result).text
    profile_file = client.get(f"{result}/profile.json").content
    profile = parse_profile(orjson.loads(profile_file), site.rules, "profile.json")
    report = render_html(profile, site.rules, profile_digest(profile_file), dt.date(2026, 3, 1))
    sections = re.findall(r"<section[^>]*>.*?</section>", report, re.DOTALL)
    ids = [re.search(r'(?:id|class)="([^"]+)"', s)[1] for s in sections]
    assert ids == ["first-page", "costs", "roadmap", "section", "use-cases", "robustness", "context", "glance", "section", "appendix"]
    shown = [ident for ident, section in zip(ids, sections, strict=True) if section in page]
    assert shown == ["first-page", "costs", "roadmap", "section", "use-cases", "robustness", "context", "section", "appendix"]
    assert profile_digest(profile_file) in page  # the reproducibility block names the downloadable profile


def test_the_what_if_panel_lists_every_use_case_with_the_profiles_importance_and_volume(client, site):
    page = client.get(uploaded(client)).text
    chosen = dict(
        re.findall(
            r'name="(\w+)">\s*(?:<option value="[^"]*">[^<]*</option>\s*)*'
            r'<option value="([^"]*)" selected>',
            page,
        )
    )
    expected: dict[str, str] = {}
    for uid in site.rules.use_case_ids:
        need = {"summarization": ("5", "high"), "writing": ("4", "medium")}.get(uid, ("0", "medium"))
        expected |= {f"{uid}_importance": need[0], f"{uid}_volume": need[1]}
    assert chosen == expected
    assert '<option value="5" selected>5 Essential</option>' in page
    assert '<option value="high" selected>A lot: daily, at volume</option>' in page
    assert f'href="/q/{page.split("/result/")[1].split("/")[0]}/summary">Change answers' in page


def test_an_unknown_token_is_a_404_page_and_its_downloads_404(client):
    assert client.get("/result/no-such-token").status_code == 404
    assert "There is nothing at this address" in client.get("/result/no-such-token").text
    assert client.get("/result/no-such-token/report.pdf").status_code == 404
    missing = client.get("/result/no-such-token/assessment.json")
    assert missing.status_code == 404 and missing.json()["problems"][0]["message"]
    assert whatif(client, "/result/no-such-token", writing_importance="5").status_code == 404
    missing = whatif(client, "/result/no-such-token", as_json=True, writing_importance="5")
    assert (
        missing.status_code == 404 and missing.json()["problems"][0]["message"] == "There is no result at this address."
    )


def test_an_unfinished_draft_sends_the_result_page_back_to_its_questionnaire(client, site):
    token = site.store.create({}, site.questionnaire.sha256)
    for path in ("", "/report.pdf"):
        response = client.get(f"/result/{token}{path}", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == f"/q/{token}"
    assert client.get(f"/result/{token}/profile.json").status_code == 409


def test_a_saved_profile_the_active_rules_refuse_is_a_409_page_not_a_failure(client, site):
    data = {"organization": {"name": "Old Rules Ltd"}, "needs": {"telepathy": {"importance": 5}}}
    token = site.store.create({}, site.questionnaire.sha256, profile=data)
    page = client.get(f"/result/{token}")
    assert page.status_code == 409 and "does not fit the active rules" in page.text and "telepathy" in page.text


def test_a_questionnaire_result_links_back_to_its_summary(client, site):
    data = orjson.loads(LAW_FIRM.read_bytes())
    token = site.store.create(answers_from_profile(site.questionnaire, data), site.questionnaire.sha256, profile=data)
    page = client.get(f"/result/{token}").text
    assert f'href="/q/{token}/summary">Change answers' in page and "uploaded profile" not in page
    assert "Hargreave &amp; Lund LLP" in client.get(f"/q/{token}/summary").text


# --- downloads ---------------------------------------------------------------------------------------------------


def test_the_assessment_json_is_what_advisor_score_prints_for_the_same_file(client):
    result = uploaded(client)
    cli = run_cli("score", LAW_FIRM, "--format", "json", cwd=ROOT, text=False)
    assert cli.returncode == 0, cli.stderr
    download = client.get(f"{result}/assessment.json")
    assert download.content == cli.stdout
    assert download.headers["content-type"] == "application/json"
    assert 'filename="hargreave-lund-llp-ai-assessment.json"' in download.headers["content-disposition"]


def test_the_profile_json_is_the_file_advisor_ask_writes(client, site, tmp_path):
    download = client.get(f"{uploaded(client)}/profile.json")
    written = tmp_path / "written.json"
    write_profile(load_profile(str(LAW_FIRM), site.rules).model_dump(mode="json", exclude_none=True), str(written))
    assert download.content == written.read_bytes()
    assert download.headers["content-disposition"].startswith('attachment; filename="hargreave-lund-llp-profile.json"')


def test_the_pdf_is_the_report_of_that_organisation_with_the_downloaded_profiles_digest(client, site):
    result = uploaded(client)
    pdf = client.get(f"{result}/report.pdf")
    profile = load_profile(str(LAW_FIRM), site.rules)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-disposition"].startswith(f'attachment; filename="{default_output(profile, "pdf")}"')
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Hargreave & Lund LLP" in text
    assert say(assess(profile, site.rules).action_title) in text
    digest = hashlib.sha256(client.get(f"{result}/profile.json").content).hexdigest()
    assert digest in text.replace(" ", "")


def test_a_download_name_in_another_script_is_sent_in_utf8_with_an_ascii_fallback(client):
    data = orjson.loads(LAW_FIRM.read_bytes()) | {"organization": {"name": "東京 Trading"}}
    response = client.get(f"{uploaded(client, orjson.dumps(data))}/assessment.json")
    disposition = response.headers["content-disposition"]
    assert 'filename="ai-assessment.json"' in disposition
    assert "filename*=UTF-8''%E6%9D%B1%E4%BA%AC-trading-ai-assessment.json" in disposition


# --- the what-if panel -------------------------------------------------------------------------------------------


def test_raising_writing_shows_the_fits_assess_gives_for_the_changed_profile(client, site):
    result = uploaded(client)
    token = result.rsplit("/", 1)[1]
    stored = site.store.get(token).profile
    page = whatif(client, result, writing_importance="5", writing_volume="high")
    before, after = (
        assess(law_firm(site.rules), site.rules),
        assess(law_firm(site.rules, writing=(5, "high")), site.rules),
    )
    assert after.scores != before.scores
    assert page.status_code == 200
    cells = comparison_cells(page.text)
    assert cells["fit_llm"] == (f"{before.scores['llm']:.2f}", f"{after.scores['llm']:.2f}")
    assert cells["fit_generative_ai"] == (
        f"{before.scores['generative_ai']:.2f}",
        f"{after.scores['generative_ai']:.2f}",
    )
    assert cells["recommendation"] == ("LLM", "LLM")
    assert "Content writing: importance 4 → 5, volume high" in page.text
    assert '<option value="5" selected>5 Essential</option>' in page.text  # the panel keeps what was tried
    assert site.store.get(token).profile == stored  # nothing saved


def test_adding_art_changes_the_recommendation_and_the_json_twin_says_the_same(client, site):
    result = uploaded(client)
    changed = assess(law_firm(site.rules, art=(5, "medium")), site.rules)
    answer = whatif(client, result, as_json=True, art_importance="5", art_volume="medium")
    assert answer.status_code == 200
    body = answer.json()
    assert body["changes"] == ["needs.art.importance=5", "needs.art.volume=medium"]
    rows = {row["key"]: (row["before"], row["after"], row["changed"]) for row in body["comparison"]["rows"]}
    assert rows["recommendation"] == ("LLM", "Hybrid: both", True)
    assert rows["fit_generative_ai"][1] == f"{changed.scores['generative_ai']:.2f}"
    assert body["comparison"]["headline"]["after"] == say(changed.headline)
    assert "<strong>changed</strong>" in body["html"] and "Hybrid: both" in body["html"]
    page = whatif(client, result, art_importance="5", art_volume="medium")
    assert body["html"].strip() in page.text  # the same comparison HTML with the script or without


def test_a_what_if_names_the_obligations_it_adds(client, site):
    # Art. 50(2) marking binds a provider: the Gazette offers its own AI system; its code need alone triggers no marking
    data = {
        "organization": {"name": "Gazette", "regions": ["EU"]},
        "needs": {"code": {"importance": 4}},
        "context": {"publishes_outputs": True, "offers_ai_system": True},
    }
    result = uploaded(client, orjson.dumps(data), "gazette.json")
    body = whatif(client, result, as_json=True, art_importance="3").json()
    before = assess(parse_profile(data, site.rules, "x"), site.rules)
    data["needs"]["art"] = {"importance": 3, "volume": "medium"}
    expected = said(context_changes(before, assess(parse_profile(data, site.rules, "x"), site.rules)))
    assert body["comparison"]["context_changes"] == expected
    added = [(entry["rule"], entry["title"], entry["status"]) for entry in expected["obligations"]["added"]]
    title = "Mark synthetic output in a machine-readable way (EU AI Act Art. 50(2))"
    assert added == [("eu-ai-act-art50-2-machine-readable-marking", title, "applies")]
    assert f"Obligations, <strong>added</strong>: {title}" in body["html"]
    deployer = {**data, "needs": {"code": {"importance": 4}}, "context": {"publishes_outputs": True, "offers_ai_system": False}}
    before = assess(parse_profile(deployer, site.rules, "x"), site.rules)
    deployer["needs"] = {**deployer["needs"], "art": {"importance": 3, "volume": "medium"}}
    after = assess(parse_profile(deployer, site.rules, "x"), site.rules)
    assert said(context_changes(before, after))["obligations"]["added"] == []  # a deployer: no marking duty


def test_a_what_if_without_needs_left_says_so(client):
    result = uploaded(client)
    page = whatif(client, result, summarization_importance="0", writing_importance="0")
    assert page.status_code == 422 and "These changes cannot be scored" in page.text
    assert "no content needs given" in page.text
    answer = whatif(client, result, as_json=True, summarization_importance="0", writing_importance="0")
    assert answer.status_code == 422 and answer.json()["problems"][0]["path"] == "needs"


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("writing_importance", "9", "Content writing: importance &#39;9&#39; is not one of 0 to 5"),
        ("writing_importance", "-1", "Content writing: importance &#39;-1&#39; is not one of 0 to 5"),
        ("art_importance", "lots", "Creative art: importance &#39;lots&#39; is not one of 0 to 5"),
        ("writing_importance", "²", "Content writing: importance &#39;²&#39; is not one of 0 to 5"),
        ("code_volume", "huge", "Code assistance: volume &#39;huge&#39; is not one of none, low, medium, high"),
    ],
)
def test_a_tampered_what_if_value_is_a_422_naming_it(client, field, value, named):
    page = whatif(client, uploaded(client), **{field: value})
    assert page.status_code == 422 and named in page.text
    answer = whatif(client, uploaded(client), as_json=True, **{field: value})
    path = f"needs.{field.split('_')[0]}.{field.split('_')[1]}"
    assert answer.status_code == 422 and answer.json()["problems"][0]["path"] == path


def test_posts_without_the_csrf_token_are_refused(client):
    result = uploaded(client)
    assert client.post(f"{result}/whatif", data={"writing_importance": "5"}).status_code == 403
    refused = client.post("/upload", files={"profile": ("p.json", LAW_FIRM.read_bytes(), "application/json")})
    assert refused.status_code == 403 and "Form refused" in refused.text


# --- upload ------------------------------------------------------------------------------------------------------


def test_the_upload_page_has_a_json_file_input_and_the_csrf_field(client):
    page = client.get("/upload").text
    assert 'type="file" name="profile" accept=".json,application/json"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page


def test_an_upload_becomes_a_finished_draft_with_answers_for_the_questionnaire(client, site):
    token = uploaded(client).rsplit("/", 1)[1]
    draft = site.store.get(token)
    assert draft.source == "upload" and draft.profile["organization"]["name"] == "Hargreave & Lund LLP"
    assert draft.answers == answers_from_profile(site.questionnaire, draft.profile)
    assert draft.answers["writing_importance"] == 4
    assert "Hargreave &amp; Lund LLP" in client.get(f"/q/{token}/summary").text  # "Change answers" leads here


def test_a_profile_without_an_id_takes_the_file_name_as_on_the_command_line(client):
    data = {"organization": {"name": "Plain"}, "needs": {"code": {"importance": 3}}}
    profile = orjson.loads(client.get(f"{uploaded(client, orjson.dumps(data), 'plain.json')}/profile.json").content)
    assert profile["id"] == "plain.json"


def test_an_invalid_upload_shows_the_located_problems_the_cli_prints(client, site, tmp_path, monkeypatch):
    bad = b'{"organization": {"name": "X"},\n "needs": {"writing": {"importance": 9}, "telepathy": {"importance": 1}}}'
    broken = b'{"organization": {"name": "X"},\n "needs": {\n}'
    monkeypatch.chdir(tmp_path)
    for name, content in (("bad.json", bad), ("broken.json", broken)):
        (tmp_path / name).write_bytes(content)
        cli = run_cli("validate", name, cwd=tmp_path)
        page = upload(client, content, name)
        assert page.status_code == 422
        lines = [html.unescape(line) for line in re.findall(r"<li><code>(.*?)</code></li>", page.text)]
        assert lines == cli.stderr.splitlines()[:-1]  # the CLI's last line counts the invalid files
        assert lines and all(line.startswith(f"{name}: ") for line in lines)
    assert "line 3" in page.text  # a JSON syntax error is located by line


def test_an_upload_without_a_file_or_with_a_draft_is_refused_with_a_reason(client):
    empty = client.post(
        "/upload", data={"csrf_token": csrf(client)}, files={"profile": ("", b"", "application/octet-stream")}
    )
    assert empty.status_code == 422 and "no file chosen" in empty.text
    draft = upload(client, b'{"advisor_draft": {"answers": {}}}', "draft.json")
    assert draft.status_code == 422 and "unfinished questionnaire draft" in draft.text
    assert upload(client, b"\xff\xfe", "binary.json").status_code == 422


def test_an_upload_over_the_body_cap_is_refused_before_it_is_read(client):
    padded = LAW_FIRM.read_bytes()[:-2] + b', "notes": "' + b"x" * (1024 * 1024) + b'"}'
    response = upload(client, padded, "big.json")
    assert response.status_code == 413 and "The file is larger than 1 MiB" in response.text
    assert 'id="problems"' in response.text and 'action="/upload"' in response.text  # the upload page again, styled


# --- hostile text ------------------------------------------------------------------------------------------------


def test_a_hostile_profile_is_shown_literally_on_the_result_page_and_in_the_what_if(client):
    data = {
        "organization": {"name": HOSTILE_NAME, "industry": HOSTILE_INDUSTRY},
        "needs": {"writing": {"importance": 4}},
        "notes": HOSTILE_INDUSTRY,
    }
    result = uploaded(client, orjson.dumps(data), "hostile.json")
    for page in (client.get(result).text, whatif(client, result, art_importance="2").text):
        assert HOSTILE_NAME not in page and "<img" not in page
        assert html.escape(HOSTILE_NAME, quote=False) in page
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_hostile_file_name_is_shown_literally(client):
    page = upload(client, b"[]", "<img src=x onerror=alert(1)>.json")
    assert page.status_code == 422 and "<img" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.json" in page.text


def test_a_whatif_page_assesses_the_profile_once_for_one_day(client, monkeypatch):
    """The page and its comparison share one reading of the clock and one assessment of the saved profile (it was
    assessed twice, each for a reading of its own: past midnight, the page and its 'before' a day apart)."""
    import datetime as dt
    import itertools

    from advisor.web import result_pages

    result = uploaded(client)
    days = (dt.date(2026, 8, 2) + dt.timedelta(days=n) for n in itertools.count())  # each read of the clock: a day on
    monkeypatch.setattr(result_pages, "report_day", lambda: next(days))
    calls: list[tuple[str | None, dt.date | None]] = []
    real = result_pages.assess

    def counted(profile, rules, **options):
        calls.append((profile.needs["writing"].importance, options.get("as_of")))
        return real(profile, rules, **options)

    monkeypatch.setattr(result_pages, "assess", counted)
    response = whatif(client, result, writing_importance="1")
    assert response.status_code == 200 and comparison_cells(response.text)
    assert len(calls) == 2 and len({day for _, day in calls}) == 1, calls  # the saved profile once, the changed once
