"""Issue 22, item 1 ("accepted means kept"), replayed on the real `advisor serve` (tests/live_server.py) with httpx as
careless respondents would: five responses accepted; one respondent reopens their answers and presses "Review your
answers" without changing anything, another goes Back twice after accepting, a third changes an answer without
accepting it; the organiser closes the survey. Every accepted response stays counted, in the group and in every
export. A form sent from a second tab after the first one saved is refused (409) with what the person typed kept,
and nothing is overwritten.

The saved answers are read from the server's database (read only, beside the running server: WAL allows it).
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pypdf
import pytest

from tests.live_server import ORGANISER_TOKEN, LiveServer, live_server
from tests.web_helpers import csrf_of, form_fields

SECTIONS = 5
RESPONDENTS = {
    "Legal": {"writing_importance": "5", "code_importance": "1"},
    "Marketing": {"art_importance": "5", "video_importance": "4"},
    "Finance": {"writing_importance": "3", "summarization_importance": "4"},
    "Newsroom": {"writing_importance": "4", "art_importance": "2"},
    "IT": {"code_importance": "5"},
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("survey-attacks")
    # one address for every respondent here: the per-client limits are not what this file tests
    with live_server(data, "--drafts-per-minute", "1000", "--responses-per-hour", "1000") as running:
        running.data = data  # type: ignore[attr-defined]
        yield running


def client(server: LiveServer) -> httpx.Client:
    """A browser of its own (its own cookie jar)."""
    return httpx.Client(base_url=server.url.rstrip("/"), timeout=30)


def organiser(server: LiveServer) -> httpx.Client:
    return httpx.Client(
        base_url=server.url.rstrip("/"), timeout=60, headers={"authorization": f"Bearer {ORGANISER_TOKEN}"}
    )


def post_page(browser: httpx.Client, url: str, page: str, changes: dict[str, Any], action: str = "next") -> Any:
    """Send the page's question form as it shows, with `changes` typed over it."""
    fields = form_fields(page)
    fields.update({name: value if isinstance(value, list) else [value] for name, value in changes.items()})
    fields["action"] = [action]
    return browser.post(url, data=fields)


def create_survey(admin: httpx.Client, title: str) -> tuple[str, str]:
    """A survey made with the organiser's form: its dashboard path and the respondents' link (a path)."""
    page = admin.get("/admin/surveys/new").text
    fields = {**form_fields(page), "title": [title], "org_name": ["Harbour News"], "action": ["next"]}
    created = admin.post("/admin/surveys", data=fields)
    assert created.status_code == 303, created.text
    dashboard = created.headers["location"]
    link = re.search(
        r'id="respondent-link" class="link" type="text" readonly value="http://[^/]+([^"]+)"', admin.get(dashboard).text
    )
    assert link
    return dashboard, link[1]


def answer(browser: httpx.Client, token: str, number: int, changes: dict[str, Any]) -> httpx.Response:
    """Open section `number` and send it with `changes`; again as shown when the answers open a question on it."""
    url = f"/q/{token}/{number}"
    response = post_page(browser, url, browser.get(url).text, changes)
    if response.status_code == 422 and "further question" in response.text:
        response = post_page(browser, url, response.text, {})
    return response


def accept(browser: httpx.Client, token: str) -> httpx.Response:
    """Press Accept on the summary as it is now."""
    summary = browser.get(f"/q/{token}/summary").text
    return browser.post(f"/q/{token}/finish", data=summary_form(summary))


def summary_form(summary: str) -> dict[str, str]:
    """What the summary's Accept button sends: its hidden fields."""
    form = summary[summary.index('action="/q/') :]
    form = form[: form.index("</form>")]
    return {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form)}


def respond(server: LiveServer, link: str, role: str, needs: dict[str, str]) -> tuple[httpx.Client, str]:
    """One respondent answering every section and accepting: their browser and draft token."""
    browser = client(server)
    page = browser.get(link)
    started = browser.post(f"{link}/start", data={"csrf_token": csrf_of(page.text)})
    assert started.status_code == 303, started.text
    token = started.headers["location"].split("/")[2]
    for number, changes in enumerate(({"respondent_role": role}, needs, {}, {}, {}), 1):
        response = answer(browser, token, number, changes)
        assert response.status_code == 303, (number, response.text[:2000])
    accepted = accept(browser, token)
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/result/{token}", accepted.text
    return browser, token


def accepted_count(admin: httpx.Client, dashboard: str) -> int:
    page = admin.get(dashboard).text
    found = re.search(r"(\d+) responses? accepted", page)
    assert found, "the dashboard says how many responses are accepted"
    return int(found[1])


def exports(admin: httpx.Client, dashboard: str) -> dict[str, Any]:
    """What every export holds: the CSV's respondents, the JSONL's profiles, the group JSON, the group PDF's headline."""
    rows = list(csv.DictReader(io.StringIO(admin.get(f"{dashboard}/responses.csv").text)))
    lines = [orjson.loads(line) for line in admin.get(f"{dashboard}/profiles.jsonl").content.splitlines()]
    group = orjson.loads(admin.get(f"{dashboard}/group.json").content)
    pdf = admin.get(f"{dashboard}/group.pdf")
    assert pdf.status_code == 200, pdf.text
    first = pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().splitlines()[0]
    return {
        "csv": [row["respondent_role"] for row in rows],
        "jsonl": lines,
        "group": group,
        "pdf": first,
    }


def saved(server: LiveServer, token: str) -> dict[str, Any]:
    """A draft's row as the server committed it."""
    db = sqlite3.connect(f"file:{server.data / 'advisor.sqlite3'}?mode=ro", uri=True)  # type: ignore[attr-defined]
    try:
        row = db.execute(
            "SELECT answers, accepted_answers, profile, revision FROM drafts WHERE token = ?", (token,)
        ).fetchone()
    finally:
        db.close()
    answers, accepted, profile, revision = row
    return {
        "answers": orjson.loads(answers),
        "accepted_answers": orjson.loads(accepted) if accepted else None,
        "profile": orjson.loads(profile) if profile else None,
        "revision": revision,
    }


def stale_text(page: str) -> str:
    """The words of a refused page's notice about what changed, on one line."""
    found = re.search(r'<div class="problem stale" role="alert" id="stale">(.*?)</div>', page, re.DOTALL)
    assert found, "the page says it was out of date"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found[1])).split())


@pytest.fixture()
def five(server: LiveServer) -> Iterator[dict[str, Any]]:
    """A survey with five accepted responses: the organiser, the dashboard, each role's browser and token."""
    with organiser(server) as admin:
        dashboard, link = create_survey(admin, "Five respondents")
        answered = {role: respond(server, link, role, needs) for role, needs in RESPONDENTS.items()}
        try:
            yield {"admin": admin, "dashboard": dashboard, "link": link, "respondents": answered}
        finally:
            for browser, _ in answered.values():
                browser.close()


def test_review_without_a_change_back_twice_a_change_and_closing_keep_all_five_accepted(server, five):
    admin, dashboard = five["admin"], five["dashboard"]
    before = exports(admin, dashboard)
    assert accepted_count(admin, dashboard) == 5 and before["csv"] == list(RESPONDENTS)
    assert before["group"]["respondents_count"] == 5 and "5 RESPONDENTS" in before["pdf"]

    # Legal reopens the answers from the result page and presses "Review your answers" without changing anything
    legal, token = five["respondents"]["Legal"]
    result = legal.get(f"/result/{token}").text
    assert f'href="/q/{token}/summary"' in result
    summary = legal.get(f"/q/{token}/summary").text
    assert "You accepted these answers on" in summary
    reviewed = answer(legal, token, SECTIONS, {})
    assert reviewed.status_code == 303 and reviewed.headers["location"] == f"/q/{token}/summary"
    assert accepted_count(admin, dashboard) == 5
    assert exports(admin, dashboard) == before, "the group is not recomputed without them"
    assert "changes in progress" not in admin.get(dashboard).text  # nothing changed
    again = legal.get(f"/result/{token}")
    assert again.status_code == 200 and "unaccepted-changes" not in again.text

    # Marketing goes Back twice after accepting (the section, then its Back button) and sends them again
    marketing, token = five["respondents"]["Marketing"]
    assert answer(marketing, token, SECTIONS, {}).status_code == 303
    page = marketing.get(f"/q/{token}/{SECTIONS}").text
    back = post_page(marketing, f"/q/{token}/{SECTIONS}", page, {}, action="back")
    assert back.status_code == 303 and back.headers["location"] == f"/q/{token}/{SECTIONS - 1}"
    assert accepted_count(admin, dashboard) == 5 and exports(admin, dashboard) == before
    assert marketing.get(f"/result/{token}", follow_redirects=False).status_code == 200

    # Finance changes an answer and does not accept it: the accepted version still counts, the result says so
    finance, token = five["respondents"]["Finance"]
    accepted_profile = saved(server, token)["profile"]
    assessment = finance.get(f"/result/{token}/assessment.json").json()
    assert answer(finance, token, 2, {"writing_importance": "0", "art_importance": "5"}).status_code == 303
    assert saved(server, token)["profile"] == accepted_profile
    page = admin.get(dashboard).text
    assert "5 responses accepted (1 with changes in progress" in page
    statuses = re.findall(r'<td class="status">([^<]+)</td>', page)
    assert statuses == ["accepted", "accepted", "accepted, changes in progress", "accepted", "accepted"]
    assert exports(admin, dashboard) == before
    result = finance.get(f"/result/{token}")
    assert result.status_code == 200
    note = re.search(r'<p class="notice" role="status" id="unaccepted-changes">(.*?)</p>', result.text, re.DOTALL)
    assert note and re.sub(r"<[^>]+>", "", note[1]) == (
        "You changed answers since accepting them: review and accept them to update this result."
    )
    assert f'<a href="/q/{token}/summary">review and accept them</a>' in note[1]
    assert finance.get(f"/result/{token}/profile.json").json() == accepted_profile  # downloads: the accepted one
    assert finance.get(f"/result/{token}/assessment.json").json() == assessment

    # the organiser closes the survey: every accepted response stays, in every export
    admin.post(f"{dashboard}/close", data={"csrf_token": csrf_of(admin.get(dashboard).text)})
    assert "<strong>Closed.</strong>" in admin.get(dashboard).text
    assert accepted_count(admin, dashboard) == 5
    assert exports(admin, dashboard) == before
    # Finance sees the accepted answers, read only, and the result of them
    closed = finance.get(f"/q/{token}/2", follow_redirects=True)
    assert closed.url.path == f"/q/{token}/summary" and 'id="accepted-version"' in closed.text
    assert "Changes you made after accepting them were not accepted before the survey closed." in closed.text
    answers = re.search(r'<tr id="answer-writing_importance">.*?<td class="answer">(.*?)</td>', closed.text, re.DOTALL)
    assert answers and "3 Important" in answers[1], "the accepted answer, not the change"
    assert "Accept, send my response" not in closed.text
    result = finance.get(f"/result/{token}")
    assert result.status_code == 200 and "the survey closed before you accepted the changes" in result.text


def test_a_stale_tab_is_refused_with_what_was_typed_kept_and_the_saved_answers_unchanged(server, five):
    admin, dashboard = five["admin"], five["dashboard"]
    before = exports(admin, dashboard)
    browser, token = five["respondents"]["Newsroom"]
    first_tab = browser.get(f"/q/{token}/1").text
    second_tab = browser.get(f"/q/{token}/1").text  # the same draft in two tabs
    assert answer(browser, token, 1, {"respondent_role": "Newsroom desk"}).status_code == 303
    typed = 'Newsroom & "Sport" <desk>'
    refused = post_page(browser, f"/q/{token}/1", second_tab, {"respondent_role": typed})
    assert refused.status_code == 409
    assert saved(server, token)["answers"]["respondent_role"] == "Newsroom desk"  # nothing silently overwritten
    kept = re.search(r'<input id="in-respondent_role" type="text" name="respondent_role" value="([^"]*)"', refused.text)
    assert kept and html.unescape(kept[1]) == typed  # what the person typed, kept (escaped)
    text = stale_text(refused.text)
    assert text.startswith("Nothing was saved: this page was out of date.")
    assert "What is your role or department? (section 1): now “Newsroom desk”; this page showed “Newsroom”." in text
    assert "<title>Error: " in refused.text
    # the refused page carries the revision now: sending it again is deliberate, and saves
    resent = post_page(browser, f"/q/{token}/1", refused.text, {})
    assert resent.status_code == 303 and saved(server, token)["answers"]["respondent_role"] == typed
    # the first tab, older still, is refused too
    assert post_page(browser, f"/q/{token}/1", first_tab, {}).status_code == 409
    assert saved(server, token)["answers"]["respondent_role"] == typed
    assert exports(admin, dashboard) == before, "none of this was accepted"

    # a stale summary cannot accept answers it did not show
    old_summary = browser.get(f"/q/{token}/summary").text
    assert answer(browser, token, 2, {"code_importance": "5"}).status_code == 303
    refused = browser.post(f"/q/{token}/finish", data=summary_form(old_summary))
    assert refused.status_code == 409 and "Your answers were not accepted." in refused.text
    assert stale_text(refused.text) == (
        "Nothing was saved: this page was out of date. Since it was opened, your answers were saved from another tab "
        "or window, or from a later page, and these changed: How important is code assistance to you? (section 2): "
        "now “5 Essential”; this page showed “0 Not needed”. How much code do you need? (section 2): now “A fair "
        "amount: weekly use”; this page showed “no answer”. Your answers were not accepted. The answers below are "
        "the saved ones now: check them, then accept them if they are right."
    )
    row = saved(server, token)
    assert row["accepted_answers"]["respondent_role"] == "Newsroom" and exports(admin, dashboard) == before
    # the refused summary shows the answers now and accepts them when pressed again
    accepted = browser.post(f"/q/{token}/finish", data=summary_form(refused.text))
    assert accepted.status_code == 303
    after = exports(admin, dashboard)
    assert after["csv"] == [*(r for r in RESPONDENTS if r != "Newsroom"), typed], "last accepted, last listed"
    assert after["group"]["respondents_count"] == 5


def test_a_stale_back_button_page_after_accepting_saves_nothing_and_keeps_the_response(server, five):
    admin, dashboard = five["admin"], five["dashboard"]
    before = exports(admin, dashboard)
    browser, token = five["respondents"]["IT"]
    cached = browser.get(f"/q/{token}/2").text  # a page the browser keeps in its history
    assert answer(browser, token, 2, {"code_importance": "4"}).status_code == 303
    assert accept(browser, token).status_code == 303
    accepted = saved(server, token)
    changed = exports(admin, dashboard)
    assert changed != before and accepted_count(admin, dashboard) == 5
    # Back twice, to the page as the history kept it, and "Next" pressed on it
    refused = post_page(browser, f"/q/{token}/2", cached, {})
    assert refused.status_code == 409 and saved(server, token) == accepted
    assert (
        "How important is code assistance to you? (section 2): now “4 Very important”; this page showed “5 Essential”"
        in stale_text(refused.text)
    )
    assert accepted_count(admin, dashboard) == 5 and exports(admin, dashboard) == changed
    assert browser.get(f"/result/{token}", follow_redirects=False).status_code == 200


def test_a_script_without_a_revision_is_taken_as_it_is(server, five):
    """A form without the revision field (a script's, not a page's) saves as before: the check is for pages."""
    browser, token = five["respondents"]["Legal"]
    page = browser.get(f"/q/{token}/1").text
    fields = {k: v for k, v in form_fields(page).items() if k not in ("revision", "based_on")}
    fields |= {"respondent_role": ["Legal team"], "action": ["next"]}
    assert browser.post(f"/q/{token}/1", data=fields).status_code == 303
    assert saved(server, token)["answers"]["respondent_role"] == "Legal team"


def test_a_revision_that_is_not_a_number_is_stale(server, five):
    browser, token = five["respondents"]["Legal"]
    before = saved(server, token)
    page = browser.get(f"/q/{token}/1").text
    response = post_page(browser, f"/q/{token}/1", page, {"revision": "1e9", "respondent_role": "X"})
    assert response.status_code == 409 and saved(server, token) == before
