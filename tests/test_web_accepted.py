"""The accepted version of a draft, kept apart from the answers being edited, and the revision every saved page
carries (issue 22, item 1), through the app in this process: a database made before them migrates, an upload is
accepted as it arrives, the store saves only at the revision a page showed, and the pages carry it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import orjson
import pytest

from advisor.web.revisions import unaccepted_changes
from advisor.web.store import Store
from tests.test_web_survey import accept, answer, create_survey, organiser, respond, respondent, start
from tests.web_helpers import client_for, csrf_of, form_fields, submit

OLD_SCHEMA = """
CREATE TABLE drafts (
    token TEXT PRIMARY KEY, answers TEXT NOT NULL, questions_sha256 TEXT NOT NULL, profile TEXT, base TEXT,
    source TEXT NOT NULL DEFAULT 'questionnaire', created TEXT NOT NULL, updated TEXT NOT NULL,
    survey TEXT, response TEXT
);
CREATE INDEX drafts_by_survey ON drafts (survey, updated);
CREATE TABLE surveys (
    id TEXT PRIMARY KEY, link TEXT NOT NULL UNIQUE, title TEXT NOT NULL, organization TEXT NOT NULL, closes TEXT,
    closed INTEGER NOT NULL DEFAULT 0, rules TEXT NOT NULL, created TEXT NOT NULL
);
"""
"""The database the code before accepted versions made (main before issue 22)."""


def old_database(folder: Path, profile: dict[str, object]) -> None:
    """A database of the old schema: a closed survey with one finished response and one draft never finished."""
    db = sqlite3.connect(folder / "advisor.sqlite3")
    db.executescript(OLD_SCHEMA)
    db.execute(
        "INSERT INTO surveys VALUES ('survey-id', 'survey-link', 'Old survey', ?, NULL, 1, 'rules 1', "
        "'2026-01-01T00:00:00.000+00:00')",
        (orjson.dumps({"name": "Old AG"}).decode(),),
    )
    answers = orjson.dumps({"respondent_role": "Legal", "writing_importance": 5}).decode()
    rows = [
        ("finished", answers, orjson.dumps(profile).decode(), "2026-01-02T10:00:00.000+00:00", "r1"),
        ("unfinished", '{"respondent_role": "Late"}', None, "2026-01-03T10:00:00.000+00:00", "r2"),
    ]
    for token, text, profile_text, when, response in rows:
        db.execute(
            "INSERT INTO drafts VALUES (?, ?, 'sha', ?, NULL, 'questionnaire', ?, ?, 'survey-id', ?)",
            (token, text, profile_text, when, when, response),
        )
    db.commit()
    db.close()


@pytest.fixture()
def accepted_profile(tmp_path: Path) -> dict[str, object]:
    """A profile a survey response accepted with the code on main (made here through the pages)."""
    _, site = client_for(tmp_path / "made")
    _, link = create_survey(organiser(site))
    respond(respondent(site), link, "Legal", {"writing_importance": "5"})
    (draft,) = site.surveys.responses(site.surveys.all()[0].id)
    assert draft.profile is not None
    return draft.profile


def test_an_old_database_keeps_its_finished_responses_as_accepted_versions(tmp_path, accepted_profile):
    old_database(tmp_path, accepted_profile)
    client, site = client_for(tmp_path)
    counts = site.surveys.counts("survey-id")
    assert (counts.finished, counts.unfinished) == (1, 1)
    finished = site.store.get("finished")
    assert finished.accepted_answers == finished.answers and finished.accepted == "2026-01-02T10:00:00.000+00:00"
    assert (
        finished.profile == accepted_profile
        and finished.revision == 0
        and not unaccepted_changes(site.survey_questionnaire, finished)
    )
    assert site.store.get("unfinished").accepted is None
    page = client.get("/result/finished")
    assert page.status_code == 200 and "unaccepted-changes" not in page.text
    assert client.get("/result/unfinished", follow_redirects=False).headers["location"] == "/q/unfinished"
    dashboard = organiser(site).get("/admin/surveys/survey-id").text
    assert "1 response accepted, 1 being answered" in dashboard
    assert "2026-01-02 10:00" in dashboard and '<td class="status">accepted</td>' in dashboard
    site.store.close()
    again = Store(tmp_path)  # opening it again changes nothing more
    try:
        assert again.get("finished") == finished
    finally:
        again.close()


def test_an_upload_is_accepted_as_it_arrives_and_walking_its_pages_unchanged_changes_nothing(tmp_path):
    client, site = client_for(tmp_path)
    page = client.get("/upload")
    profile = {"organization": {"name": "Upload AG"}, "needs": {"writing": {"importance": 4}}}
    response = client.post(
        "/upload",
        data={"csrf_token": csrf_of(page.text)},
        files={"profile": ("upload.json", orjson.dumps(profile), "application/json")},
        follow_redirects=False,
    )
    token = response.headers["location"].split("/")[2]
    draft = site.store.get(token)
    assert draft.accepted is not None and draft.accepted_answers == draft.answers and draft.profile is not None
    assert not unaccepted_changes(site.questionnaire, draft)
    for number in range(1, 6):  # every page sent again as shown: defaults and skips filled in, nothing said anew
        url = f"/q/{token}/{number}"
        assert submit(client, url, client.get(url).text, {}).status_code == 303
    walked = site.store.get(token)
    assert walked.answers != draft.answers and not unaccepted_changes(site.questionnaire, walked)
    assert "unaccepted-changes" not in client.get(f"/result/{token}").text
    url = f"/q/{token}/2"
    assert submit(client, url, client.get(url).text, {"writing_importance": "2"}).status_code == 303
    assert unaccepted_changes(site.questionnaire, site.store.get(token))
    assert "unaccepted-changes" in client.get(f"/result/{token}").text


def test_the_store_saves_only_at_the_revision_a_page_showed(tmp_path):
    store = Store(tmp_path)
    try:
        token = store.create({}, "sha")
        assert store.save_answers(token, {"a": 1}, "sha", 0) == 1
        assert store.save_answers(token, {"a": 2}, "sha", 0) is None  # stale: nothing saved
        assert store.get(token).answers == {"a": 1}
        assert not store.finish(token, {"a": 1}, {"p": 1}, 0) and store.get(token).profile is None
        assert store.finish(token, {"a": 1}, {"p": 1}, 1)
        assert store.save_answers(token, {"a": 3}, "sha") == 2  # no revision named: taken as it is
        draft = store.get(token)
        assert (draft.answers, draft.accepted_answers, draft.profile) == ({"a": 3}, {"a": 1}, {"p": 1})
        assert draft.revision == 2
    finally:
        store.close()


def test_every_section_and_the_summary_carry_the_revision_and_the_answers_they_show(tmp_path):
    client, site = client_for(tmp_path)
    page = client.get("/")
    token = (
        client.post("/start", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
        .headers["location"]
        .split("/")[2]
    )
    first = client.get(f"/q/{token}/1").text
    assert form_fields(first)["revision"] == ["0"] and form_fields(first)["based_on"] == ["{}"]
    assert submit(client, f"/q/{token}/1", first, {"org_name": "Rev AG"}).status_code == 303
    second = client.get(f"/q/{token}/1").text
    assert form_fields(second)["revision"] == ["1"]
    assert orjson.loads(form_fields(second)["based_on"][0]) == site.store.get(token).answers
    summary = client.get(f"/q/{token}/summary").text
    assert re.search(r'name="revision" value="1"', summary)


def test_a_stale_page_keeps_its_ticks_and_the_live_conditions_still_answer(tmp_path):
    _, site = client_for(tmp_path)
    _, link = create_survey(organiser(site))
    browser = respondent(site)
    token = start(browser, link)
    assert answer(browser, token, 1, {"respondent_role": "Ops"}).status_code == 303
    stale = browser.get(f"/q/{token}/4").text
    assert answer(browser, token, 4, {"governance": '"training"'}).status_code == 303  # another tab saved the page
    refused = submit(browser, f"/q/{token}/4", stale, {"governance": ['"policy"', '"owner"']})
    assert refused.status_code == 409 and site.store.get(token).answers["governance"] == ["training"]
    assert form_fields(refused.text)["governance"] == ['"policy"', '"owner"']  # the ticks kept
    assert form_fields(refused.text)["revision"] == [str(site.store.get(token).revision)]
    live = browser.post(f"/q/{token}/4/live", data=form_fields(refused.text))  # what the page's script sends
    assert live.status_code == 200 and "applies" in live.json()


def test_accepting_again_after_a_change_replaces_the_accepted_version(tmp_path):
    _, site = client_for(tmp_path)
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    browser = respondent(site)
    token = respond(browser, link, "Legal", {"writing_importance": "5"})
    assert answer(browser, token, 1, {"respondent_role": "Legal and Compliance"}).status_code == 303
    assert "accepted, changes in progress" in admin.get(dashboard).text
    assert site.store.get(token).profile["respondent"]["role"] == "Legal"
    accept(browser, token)
    assert site.store.get(token).profile["respondent"]["role"] == "Legal and Compliance"
    page = admin.get(dashboard).text
    assert "1 response accepted, 0 being answered" in page and "changes in progress" not in page
