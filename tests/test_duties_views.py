"""Duties by jurisdiction in every view: text, JSON, the PDF and the web result page tell one story (each duty with
the same law, jurisdiction, date and source), grouped by status; the law_checked warning; what-if lists duties."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from advisor.core.profile import parse_profile
from advisor.io.sources import load_rules
from advisor.report.content import where_who
from advisor.web.security import draft_form_token
from advisor.words.duties import LAW_CHECKED_DAYS, law_checked_note
from tests.conftest import run_cli
from tests.web_helpers import client_for, csrf_of

RULES = Path(__file__).resolve().parent / "duties_rules.yaml"
DAY = "2026-12-07"  # the rules' law_checked
EPOCH = {DAY: "1796601600", "2027-06-05": "1812153600", "2027-06-06": "1812240000"}
WIDE = {"COLUMNS": "300"}  # the terminal text unwrapped

CLINIC: dict[str, Any] = {
    "schema_version": 1,
    "organization": {"name": "Harbour Clinic", "regions": ["North America", "UK"]},
    "needs": {"writing": {"importance": 5, "volume": "high"}},
    "context": {"regulated_data": ["health"], "output_regions": ["EU"]},
}
"""A clinic in the UK and North America (no country stated), its output used in the EU: on 7 Dec 2026 the UK DPIA
applies, the US BAA would apply (the US is possible), the EU Annex III duty (which follows the output) applies later
(2 Dec 2027)."""

STORY = {
    "uk-dpia": ("applies", "UK GDPR Art. 35(3)(b)", "the United Kingdom", "25 May 2018", "2018-05-25",
                "https://www.legislation.gov.uk/eur/2016/679/article/35"),
    "hipaa-baa": ("applies_if", "HIPAA Privacy Rule 45 CFR 164.502(e)", "the United States", "14 April 2003",
                  "2003-04-14", "https://www.ecfr.gov/current/title-45/part-164"),
    "eu-annex-iii-deployer": ("applies_from", "EU AI Act Art. 26", "the European Union", "2 December 2027",
                              "2027-12-02", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
}

GDPR_DUTIES = ("art9-special-categories", "art35-dpia", "art28-processor-agreement", "chapter5-transfers")
EU_GDPR = [f"gdpr-{duty}" for duty in GDPR_DUTIES]
UK_GDPR = [f"uk-gdpr-{duty}" for duty in GDPR_DUTIES]
"""The bundled GDPR and UK GDPR duties (the test rules extend the bundled ones) that health data meets."""


def squeezed(text: str) -> str:
    """Text without whitespace or the hyphens a narrow column adds: what every view must contain, wrapped or not."""
    return re.sub(r"[\s\u2010\u00ad]+", "", text)


def page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.json"
    path.write_text(json.dumps(CLINIC))
    return path


def score(profile: Path, day: str, output: str = "text") -> str:
    ran = run_cli("score", profile, "--rules", RULES, "--format", output, env={"SOURCE_DATE_EPOCH": EPOCH[day], **WIDE})
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def pdf_text(profile: Path, day: str, tmp_path: Path) -> str:
    out = tmp_path / f"report-{day}.pdf"
    ran = run_cli("report", profile, "--rules", RULES, "--date", day, "-o", out)
    assert ran.returncode == 0, ran.stderr
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def test_json_carries_each_duty_with_its_status_law_jurisdiction_date_and_source(profile_file):
    obligations = {o["rule"]: o for o in json.loads(score(profile_file, DAY, "json"))["context"]["obligations"]}
    for rule, (status, law, _, _, iso, source) in STORY.items():
        entry = obligations[rule]
        assert (entry["status"], entry["law"], entry["applies_from"], entry["source"]) == (status, law, iso, source)
    assert obligations["hipaa-baa"]["binds"] == ["covered_entity", "business_associate"]


def test_text_groups_the_duties_by_status_each_with_law_jurisdiction_date_and_source(profile_file):
    out = score(profile_file, DAY)
    applies, would, later = (out.index(h) for h in ("Duties that apply:", "Would apply if the place or role holds:", "Applies later:"))
    assert applies < would < later
    for status, law, place, day, _, source in STORY.values():
        line = f"{law} · {place} · "
        at = out.index(line)
        assert {"applies": applies <= at < would, "applies_if": would <= at < later, "applies_from": later <= at}[status]
        assert f"from {day} · source {source}" in out[at:]
    assert "(applies from 2 December 2027)" in out
    assert "Would apply if you operate in the United States" in out
    assert "Map the risks of generative AI (good practice, not law)" in out


def test_the_pdf_tells_the_same_story_in_its_duties_table_and_lists(profile_file, tmp_path):
    text = pdf_text(profile_file, DAY, tmp_path)
    flat = squeezed(text)
    duties = flat.index(squeezed("Duties by jurisdiction"))
    would = flat.index(squeezed("Would apply if the place or role holds"))
    later = flat.index(squeezed("Applies later"))
    assert duties < would < later
    sections = {"applies": flat[duties:would], "applies_if": flat[would:later], "applies_from": flat[later:]}
    for status, law, place, day, _, source in STORY.values():  # a source may be shared: the law names the duty
        for fact in (law, place, day, source):
            assert squeezed(fact) in sections[status], fact
        assert [s for s, section in sections.items() if squeezed(law) in section] == [status], law
    assert squeezed("(applies from 2 December 2027)") in flat
    assert squeezed("Where your output is used European Union") in flat
    assert squeezed("Your role under the EU AI Act not stated") in flat
    assert "last checked" not in text  # on the day the law was checked


def test_the_web_result_page_shows_the_same_three_groups(profile_file, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH[DAY])
    client, _ = client_for(tmp_path / "data", str(RULES))
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("clinic.json", profile_file.read_bytes(), "application/json")}
        uploaded = client.post("/upload", data=form, files=files, follow_redirects=False)
        assert uploaded.status_code == 303, uploaded.text
        page = client.get(uploaded.headers["location"]).text
    obligations = json.loads(score(profile_file, DAY, "json"))["context"]["obligations"]
    for status in ("applies", "applies_if", "applies_from"):  # each group holds the JSON's duties of its status
        section = page[page.index(f'data-duties="{status}"') :]
        section = section[: section.index("</table>" if status == "applies" else "</ul>")]
        listed = re.findall(r'data-duty="([\w-]+)"', section)
        assert sorted(listed) == sorted(o["rule"] for o in obligations if o["status"] == status)
        assert {rule for rule, story in STORY.items() if story[0] == status} <= set(listed)
    text = page_text(page)
    for _, law, place, day, _, source in STORY.values():
        for fact in (law, place, day, source):
            assert fact in text, fact
        assert f'href="{source}"' in page


@pytest.mark.parametrize(("day", "warned"), [("2027-06-05", False), ("2027-06-06", True)])
def test_the_law_checked_warning_appears_only_past_180_days(profile_file, day, warned):
    out = " ".join(score(profile_file, day).split())
    warning = f"The law behind these duties was last checked on 7 December 2026, more than {LAW_CHECKED_DAYS} days before"
    assert (warning in out) is warned


def test_the_report_warns_of_old_law_in_the_pdf_itself(profile_file, tmp_path):
    flat = squeezed(pdf_text(profile_file, "2027-06-06", tmp_path))
    assert squeezed("last checked on 7 December 2026, more than 180 days before 6 June 2027") in flat


def test_no_law_checked_date_or_no_date_gives_no_warning():
    assert law_checked_note(None, dt.date(2030, 1, 1)) is None
    assert law_checked_note(dt.date(2026, 12, 7), None) is None
    assert law_checked_note(dt.date(2026, 12, 7), dt.date(2027, 6, 5)) is None
    assert law_checked_note(dt.date(2026, 12, 7), dt.date(2027, 6, 6)) is not None


def test_where_and_who_say_not_stated_when_the_profile_does_not_say():
    rules = load_rules(str(RULES))
    bare = parse_profile({**CLINIC, "organization": {"name": "X"}, "context": {}}, rules, "bare")
    rows = dict(where_who(bare, rules))
    assert rows == {
        "Where you operate": "not stated",
        "Countries": "not stated",
        "Where your output is used": "where you operate (not stated separately)",
        "Your role under the EU AI Act": "not stated",
    }
    provider = parse_profile({**CLINIC, "organization": {"name": "X", "regions": ["US"]}, "context": {"offers_ai_system": True}}, rules, "p")
    rows = dict(where_who(provider, rules))
    assert rows["Countries"] == "US"
    assert rows["Your role under the EU AI Act"].startswith("provider")


@pytest.mark.parametrize(
    ("setting", "added", "removed"),
    [
        # output used in the EU brings the EU AI Act's duties (Art. 2(1)(c)): Art. 4 now, the test's Art. 26 later;
        # not the GDPR's, which reach where the organisation is
        ('context.output_regions=["UK", "EU"]', ["eu-ai-act-art4-literacy", "eu-annex-iii-deployer"], []),
        ('organization.regions=["North America"]', ["hipaa-baa"], [*UK_GDPR, "uk-dpia"]),
        ('organization.countries=["US"]', ["hipaa-baa"], []),
    ],
)
def test_whatif_lists_the_duties_a_change_of_place_adds_and_removes(tmp_path, setting, added, removed):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps({**CLINIC, "organization": {"name": "Trust", "regions": ["UK"]}, "context": {"regulated_data": ["health"]}}))
    ran = run_cli("whatif", trust, "--rules", RULES, "--set", setting, "--format", "json", env={"SOURCE_DATE_EPOCH": EPOCH[DAY]})
    assert ran.returncode == 0, ran.stderr
    changes = json.loads(ran.stdout)["context_changes"]["obligations"]
    assert [o["rule"] for o in changes["added"]] == added
    assert [o["rule"] for o in changes["removed"]] == removed
    text = run_cli("whatif", trust, "--rules", RULES, "--set", setting, "--format", "text", env={"SOURCE_DATE_EPOCH": EPOCH[DAY], **WIDE}).stdout
    for entry in changes["added"]:
        law, rule = entry["law"], entry["rule"]
        assert re.search(rf"\+ Obligation: .*\({re.escape(law)} · .*\) \[{rule}\]", text)


def test_whatif_lists_the_provider_duty_when_the_profile_offers_an_ai_system(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        RULES.read_text().replace("name: duties-test", "name: duties-provider")
        + """
  eu-art50-marking:
    title: Mark synthetic output as machine-readable
    step: Mark the audio, image, video and text your system generates as artificially generated.
    law: {title: EU AI Act, article: "Art. 50(2)"}
    jurisdiction: EU
    through_output: true
    binds: [provider]
    when: {field: context.regulated_data, contains: health}
    applies_from: 2026-08-02
    source: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    checked: 2026-12-07
    rationale: Providers of generative systems mark their output.
"""
    )
    profile = tmp_path / "clinic.json"
    profile.write_text(json.dumps(CLINIC))
    ran = run_cli("whatif", profile, "--rules", rules, "--set", "context.offers_ai_system=true", "--format", "json", env={"SOURCE_DATE_EPOCH": EPOCH[DAY]})
    assert ran.returncode == 0, ran.stderr
    changes = json.loads(ran.stdout)["context_changes"]["obligations"]
    # with the role not stated the provider's duty would apply; offering an AI system makes it apply
    assert [(o["rule"], o["status"], o["binds"]) for o in changes["changed"]] == [("eu-art50-marking", "applies", ["provider"])]
    assert changes["added"] == [] and changes["removed"] == []


def test_the_web_what_if_panel_names_a_duty_it_adds_with_its_law_place_and_status(tmp_path, monkeypatch):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        RULES.read_text()
        + """
  eu-deepfake-disclosure:
    title: Disclose deepfakes
    step: Say that an image, audio or video you publish is artificially generated or manipulated.
    law: {title: EU AI Act, article: "Art. 50(4)"}
    jurisdiction: EU
    through_output: true
    binds: [deployer]
    when: {field: needs.art.importance, ge: 1}
    applies_from: 2026-08-02
    source: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    checked: 2026-12-07
    rationale: Deployers disclose deepfakes.
"""
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH[DAY])
    client, _ = client_for(tmp_path / "data", str(rules))
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("clinic.json", json.dumps(CLINIC).encode(), "application/json")}
        result = client.post("/upload", data=form, files=files, follow_redirects=False).headers["location"]
        token = draft_form_token(client.app.state.site, result.rstrip("/").rsplit("/", 1)[1])
        headers = {"accept": "application/json"}
        body = client.post(f"{result}/whatif", data={"csrf_token": token, "art_importance": "3"}, headers=headers).json()
    added = body["comparison"]["context_changes"]["obligations"]["added"]
    assert [entry["rule"] for entry in added] == ["eu-deepfake-disclosure"]
    assert 'data-duty="eu-deepfake-disclosure"' in body["html"]
    assert "Disclose deepfakes (EU AI Act Art. 50(4) · the European Union · applies)" in page_text(body["html"])


def test_the_duties_words_are_said_in_the_pseudo_locale(profile_file):
    ran = run_cli("score", profile_file, "--rules", RULES, "--format", "text", "--lang", "en-XA", env={"SOURCE_DATE_EPOCH": EPOCH[DAY], **WIDE})
    assert ran.returncode == 0, ran.stderr
    for english in ("Duties that apply", "Would apply if", "Applies later", "binds", "good practice", "the United Kingdom"):
        assert english not in ran.stdout, english
    assert "[Ðûţîéš ţĥàţ àþþĺý]:" in ran.stdout
