"""Surveys in `advisor serve`, through their routes: the organiser's token, a survey created, respondents answering
in separate browsers (one resuming), the dashboard with the group assessment, the exports read back by the CLI's
own readers, closing, deleting after confirmation, and isolation between respondents."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from markupsafe import Markup

from advisor import parse_profile
from advisor.batch import CSV_COLUMNS
from advisor.core.group import assess_group
from advisor.core.numbers import weight
from advisor.report import render_group_html, render_pdf
from advisor.report.bidi import isolate_names
from advisor.web import Site, create_app
from advisor.web.admin_auth import ADMIN_COOKIE
from advisor.web.pages import report_day
from advisor.web.survey_results import SURVEY_CSV_COLUMNS
from advisor.words import said
from tests.said_words import decisive_words, group_words
from tests.web_helpers import client_for, csrf_of, submit


@pytest.fixture()
def served(tmp_path: Path) -> tuple[TestClient, Site]:
    return client_for(tmp_path)


def organiser(site: Site) -> TestClient:
    """A browser of its own, logged in through the login form."""
    client = TestClient(create_app(site))
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/admin"
    return client


def respondent(site: Site) -> TestClient:
    """A fresh browser: its own cookie jar, no admin session."""
    return TestClient(create_app(site))


def create_survey(admin: TestClient, **changes: Any) -> tuple[str, str]:
    """Create a survey with the form; its dashboard URL and respondents' link (as a path)."""
    page = admin.get("/admin/surveys/new")
    fields = {"title": "Where do we stand on AI?", "org_name": "Harbour News", "regions": '"EU"', **changes}
    response = submit(admin, "/admin/surveys", page.text, fields)
    assert response.status_code == 303, response.text
    dashboard = response.headers["location"]
    link = re.search(
        r'id="respondent-link" class="link" type="text" readonly value="http://testserver([^"]+)"',
        admin.get(dashboard).text,
    )
    assert link, "the dashboard shows the respondents' link"
    return dashboard, link[1]


def start(client: TestClient, link: str) -> str:
    """Open the survey link and start: the new draft's token."""
    page = client.get(link)
    assert page.status_code == 200, page.text
    response = client.post(f"{link}/start", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"].split("/")[2]


def answer(client: TestClient, token: str, number: int, changes: dict[str, Any], action: str = "next") -> Any:
    """Submit section `number`; when the answers open questions on the page, submit it again as shown."""
    page = client.get(f"/q/{token}/{number}").text
    response = submit(client, f"/q/{token}/{number}", page, changes, action)
    if response.status_code == 422 and "further question" in response.text:
        response = submit(client, f"/q/{token}/{number}", response.text, {}, action)
    return response


SECTIONS = 5


def respond(client: TestClient, link: str, role: str, needs: dict[str, str], **context: str) -> str:
    """Answer the whole survey as one respondent and accept; the draft's token."""
    token = start(client, link)
    pages = {1: {"respondent_role": role}, 2: needs, 3: context}
    for number in range(1, SECTIONS + 1):
        response = answer(client, token, number, pages.get(number, {}))
        assert response.status_code == 303, response.text
    return accept(client, token)


def accept(client: TestClient, token: str) -> str:
    summary = client.get(f"/q/{token}/summary").text
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/result/{token}", response.text
    return token


# ---- the organiser's token ------------------------------------------------------------------------------------------


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
"""What Chromium asks for when it follows a link."""


@pytest.mark.parametrize(
    "path",
    [
        "/admin",
        "/admin/surveys/new",
        "/admin/surveys/x",
        "/admin/surveys/x/group.json",
        "/admin/surveys/x/profiles.jsonl",
        "/admin/surveys/x/responses.csv",
    ],
)
def test_without_the_token_every_organisers_page_and_export_is_a_401_login_page(served, path):
    client, _ = served
    response = client.get(path, headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 401
    assert "Organiser: log in" in response.text and 'type="password" name="token"' in response.text
    assert response.headers["cache-control"] == "no-store"


def test_a_wrong_token_is_refused_by_the_form_401_as_a_bearer_header_403_and_a_made_up_session_gets_the_login(served):
    client, site = served
    page = client.get("/admin/login")
    wrong = client.post("/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token + "x"})
    assert wrong.status_code == 401 and "That is not the admin token" in wrong.text
    assert ADMIN_COOKIE not in client.cookies
    assert client.get("/admin", headers={"authorization": "Bearer not-the-token"}).status_code == 403
    client.cookies.set(ADMIN_COOKIE, "a-session-the-server-never-opened-0123456789", path="/admin")
    made_up = client.get("/admin")
    assert made_up.status_code == 401 and "Your organiser session has ended" in made_up.text
    assert client.get("/admin", headers={"authorization": f"Bearer {site.admin_token}"}).status_code == 200


def test_the_session_cookie_is_httponly_strict_scoped_to_admin_and_is_not_the_token(served):
    client, site = served
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token}, follow_redirects=False
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert site.admin_token not in cookie
    assert site.admin_token not in client.get("/admin").text


def test_the_login_form_needs_its_csrf_token(served):
    client, site = served
    assert client.post("/admin/login", data={"token": site.admin_token}).status_code == 403
    assert ADMIN_COOKIE not in client.cookies


def test_the_token_is_compared_in_constant_time(served, monkeypatch):
    client, _ = served
    import hmac

    compared = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client.get("/admin", headers={"authorization": "Bearer guess"})
    assert compared and all(len(a) == len(b) == 32 for a, b in compared)  # digests: even the length stays hidden


def test_advisor_admin_token_from_the_environment_is_the_token(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_ADMIN_TOKEN", "a-token-set-by-the-operator")
    client, site = client_for(tmp_path)
    assert site.admin_token == "a-token-set-by-the-operator" and site.admin_token_given
    assert client.get("/admin", headers={"authorization": "Bearer a-token-set-by-the-operator"}).status_code == 200


def test_a_short_advisor_admin_token_is_refused(tmp_path, monkeypatch):
    from advisor.core.errors import UsageError

    monkeypatch.setenv("ADVISOR_ADMIN_TOKEN", "short")
    with pytest.raises(UsageError, match="at least 16 characters"):
        client_for(tmp_path)


def test_logging_out_ends_the_session(served):
    _, site = served
    admin = organiser(site)
    page = admin.get("/admin")
    response = admin.post("/admin/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert response.headers["location"] == "/admin/login"
    assert admin.get("/admin").status_code == 401


# ---- creating a survey ----------------------------------------------------------------------------------------------


def test_the_new_survey_form_asks_the_questionnaires_organisation_questions(served):
    _, site = served
    page = organiser(site).get("/admin/surveys/new").text
    for question in site.questionnaire.sections[0][1]:  # the organisation's questions; the people a survey leaves out
        assert (f'id="q-{question.id}"' in page) == question.field.startswith("organization.")
    assert 'name="title"' in page and 'type="date" name="closes"' in page


def test_a_survey_without_a_title_or_name_or_with_a_past_date_is_refused_with_the_answers_kept(served):
    _, site = served
    admin = organiser(site)
    page = admin.get("/admin/surveys/new").text
    response = submit(
        admin, "/admin/surveys", page, {"title": "", "org_name": " ", "closes": "2001-01-01", "industry": "Media"}
    )
    assert response.status_code == 422
    assert "give the survey a title" in response.text and "the closing date has passed" in response.text
    assert "must not be empty" in response.text
    assert 'value="Media"' in response.text and 'value="2001-01-01"' in response.text
    assert site.surveys.all() == []


def test_a_created_survey_keeps_its_organisation_and_has_unguessable_ids(served):
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin, industry="Media", size='"51-250"', closes="2999-12-31")
    (survey,) = site.surveys.all()
    assert survey.organization == {"name": "Harbour News", "industry": "Media", "size": "51-250", "regions": ["EU"]}
    assert dashboard == f"/admin/surveys/{survey.id}" and link == f"/s/{survey.link}"
    assert len(survey.id) >= 32 and len(survey.link) >= 32 and survey.id != survey.link
    assert survey.closes.isoformat() == "2999-12-31"
    assert "Where do we stand on AI?" in admin.get("/admin").text


# ---- respondents ----------------------------------------------------------------------------------------------------


def test_a_respondent_is_asked_their_role_not_the_organisation(served):
    _, site = served
    _, link = create_survey(organiser(site))
    client = respondent(site)
    token = start(client, link)
    page = client.get(f"/q/{token}/1").text
    assert "What is your role or department?" in page and "What is the organisation called?" not in page
    assert "answering for <bdi>Harbour News</bdi>" in page
    refused = answer(client, token, 1, {"respondent_role": "  "})
    assert refused.status_code == 422 and "must not be empty" in refused.text


def test_two_respondents_one_resuming_and_the_dashboard_shows_both_with_the_group(served):
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    legal = respondent(site)
    first = respond(
        legal, link, "Legal", {"writing_importance": "5", "code_importance": "1"}, data_sensitivity='"confidential"'
    )
    result = legal.get(f"/result/{first}")
    assert result.status_code == 200 and "Your response to “<bdi>Where do we stand on AI?</bdi>” is saved" in result.text
    marketing = respondent(site)
    second = start(marketing, link)
    saved = answer(marketing, second, 1, {"respondent_role": "Marketing"}, action="save")
    assert saved.headers["location"] == f"/q/{second}/saved"
    resume_link = re.search(
        r'id="resume-link" class="link" type="text" readonly value="http://testserver([^"]+)"',
        marketing.get(saved.headers["location"]).text,
    )[1]
    later = respondent(site)  # the same person, another day: a fresh browser with the resume link
    assert later.get(resume_link, follow_redirects=False).headers["location"] == f"/q/{second}/2"
    for number, changes in ((2, {"art_importance": "5", "video_importance": "4"}), (3, {}), (4, {}), (5, {})):
        assert answer(later, second, number, changes).status_code == 303
    accept(later, second)

    page = admin.get(dashboard).text
    assert "2 responses accepted, 0 being answered" in page
    rows = re.findall(r'<tr data-response="[^"]+"><td class="num">(\d)</td><td><bdi>([^<]+)</bdi></td><td>([^<]+)</td>', page)
    profiles = [parse_profile(site.store.get(t).profile, site.rules) for t in (first, second)]
    group = assess_group(profiles, site.rules)
    labels = {"llm": "LLM", "generative_ai": "Broader generative AI", "hybrid": "Hybrid: both"}
    assert rows == [
        ("1", "Legal", labels[group.respondents[0].recommendation]),
        ("2", "Marketing", labels[group.respondents[1].recommendation]),
    ]
    assert group.respondents[0].recommendation == "llm" and group.respondents[1].recommendation == "generative_ai"
    words = group_words(group, site.rules)  # the dashboard says what the terminal and the PDF say
    names = [r.label for r in group.respondents]
    assert f"<strong><bdi>Harbour News</bdi>:</strong> {isolate_names(words.answer, names)}" in page
    compromise = "None of the 2 respondents&#39; own priorities lead to a hybrid of both: the consensus is a compromise"
    assert compromise in page
    assert (  # in the words the respondents saw, not the stored codes
        "<li>data sensitivity: 1 said “Confidential: clients&#39; or trade secrets”, 1 said “Internal: not public, "
        "not sensitive”. Scored as “Confidential: clients&#39; or trade secrets”" in page
    )
    assert group.pivotal == ("Legal", "Marketing")
    assert "Leaving out any one of <bdi>Legal</bdi> and <bdi>Marketing</bdi> changes the recommendation." in page
    assert f'<p id="pivotal">{Markup(" ").join(isolate_names(s, names) for s in words.pivotal)}</p>' in page
    for most, least in words.extremes.values():  # the table names whom the headline names
        assert f"<td>{isolate_names(most, names)}</td><td>{isolate_names(least, names)}</td></tr>" in page


def test_the_dashboards_disagreement_table_gives_the_weights_as_the_terminal_and_the_pdf_do(served):
    # it gave shares ("0.38", "they add up to 1") where advisor group and the group PDF say 37.5%
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    tokens = [respond(respondent(site), link, "People Operations", {"writing_importance": "4", "art_importance": "5"})]
    tokens += [respond(respondent(site), link, role, {"writing_importance": "4"}) for role in ("Finance", "Legal")]
    page = admin.get(dashboard).text
    profiles = [parse_profile(site.store.get(t).profile, site.rules) for t in tokens]
    group = assess_group(profiles, site.rules)
    for d in group.disagreement:
        cells = "".join(f'<td class="num">{weight(v)}</td>' for v in (d.min, d.median, d.max, d.consensus))
        assert f"<tr><td>{d.title}</td>{cells}" in page
    assert "add up to 100% per respondent" in page and "add up to 1 per" not in page


def test_the_dashboard_says_what_one_respondent_alone_answered_in_the_labels_they_saw(served):
    # it said "Finance named health" and "said data sensitivity is regulated" (codes) beside labelled conflicts
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    needs = {"writing_importance": "4", "summarization_importance": "4"}
    tokens = [
        respond(respondent(site), link, role, needs, deployment='"saas"', data_sensitivity='"internal"')
        for role in ("Legal", "Marketing")
    ]
    tokens.append(
        respond(
            respondent(site), link, "Finance", needs, deployment='"saas"', data_sensitivity='"regulated"',
            regulated_data='"health"',
        )
    )
    page = html.unescape(admin.get(dashboard).text)
    profiles = [parse_profile(site.store.get(t).profile, site.rules) for t in tokens]
    group = assess_group(profiles, site.rules)
    (finance,) = [d for d in group.decisive if d.label == "Finance"]
    said = decisive_words(finance, site.rules, site.answer_words)
    assert "“Health data" in said or "“Regulated" in said, said
    assert re.sub(r"</?bdi>", "", page).count(said) == 1


def test_a_survey_draft_makes_a_profile_with_the_surveys_organisation_and_the_role(served):
    _, site = served
    _, link = create_survey(organiser(site), industry="Media")
    token = respond(respondent(site), link, "Newsroom", {"writing_importance": "4"})
    draft = site.store.get(token)
    assert draft.profile["organization"] == {"name": "Harbour News", "industry": "Media", "regions": ["EU"]}
    assert draft.profile["respondent"] == {"role": "Newsroom"}
    assert draft.survey == site.surveys.all()[0].id and draft.response and draft.response != token


def test_back_on_the_first_section_returns_to_the_survey_page(served):
    _, site = served
    _, link = create_survey(organiser(site))
    client = respondent(site)
    token = start(client, link)
    assert answer(client, token, 1, {}, action="back").headers["location"] == link


# ---- exports --------------------------------------------------------------------------------------------------------


@pytest.fixture()
def answered(served) -> tuple[TestClient, Site, str]:
    """A survey with two accepted responses: the organiser's browser, the site, the dashboard URL."""
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    respond(respondent(site), link, "Legal", {"writing_importance": "5", "code_importance": "1"})
    respond(respondent(site), link, "Marketing", {"art_importance": "5", "video_importance": "4"})
    return admin, site, dashboard


def test_the_csv_has_batchs_header_and_a_row_per_response(answered):
    admin, _, dashboard = answered
    response = admin.get(f"{dashboard}/responses.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="harbour-news-survey.csv"' in response.headers["content-disposition"]
    rows = [dict(zip(SURVEY_CSV_COLUMNS, row, strict=True)) for row in csv.reader(io.StringIO(response.text))]
    assert tuple(rows[0]) == SURVEY_CSV_COLUMNS == ("id", "respondent_role", "respondent_name", *CSV_COLUMNS[1:])
    assert [row["respondent_role"] for row in rows[1:]] == ["Legal", "Marketing"]
    assert [row["organization"] for row in rows[1:]] == ["Harbour News", "Harbour News"]
    assert [row["source"] for row in rows[1:]] == ["harbour-news-survey.jsonl:1", "harbour-news-survey.jsonl:2"]
    assert [row["recommendation"] for row in rows[1:]] == ["llm", "generative_ai"]  # codes, as batch writes them


def test_the_csv_is_batchs_for_the_jsonl_export_with_the_respondents(answered, tmp_path, monkeypatch):
    from advisor.batch.run import BatchOptions, run_batch

    admin, site, dashboard = answered
    (tmp_path / "harbour-news-survey.jsonl").write_bytes(admin.get(f"{dashboard}/profiles.jsonl").content)
    monkeypatch.chdir(tmp_path)
    options = BatchOptions(["harbour-news-survey.jsonl"], "batch.csv", "csv", None, None, 1, True)
    run_batch(options, site.rules, lambda line: None)
    survey = admin.get(f"{dashboard}/responses.csv").content.decode().splitlines(keepends=True)
    without_respondents = "".join(re.sub(r"^([^,]*),[^,]*,[^,]*,", r"\1,", line) for line in survey)
    assert without_respondents == (tmp_path / "batch.csv").read_text()


def test_the_jsonl_lines_are_profiles_with_roles_and_distinct_ids(answered):
    admin, site, dashboard = answered
    response = admin.get(f"{dashboard}/profiles.jsonl")
    lines = response.content.splitlines()
    profiles = [parse_profile(orjson.loads(line), site.rules) for line in lines]
    assert [p.respondent.role for p in profiles] == ["Legal", "Marketing"]
    assert len({p.id for p in profiles}) == 2 and all(p.organization.name == "Harbour News" for p in profiles)


def test_the_group_json_is_group_assessment_v1_of_the_respondents(answered):
    admin, site, dashboard = answered
    data = orjson.loads(admin.get(f"{dashboard}/group.json").content)
    profiles = [
        parse_profile(orjson.loads(line), site.rules)
        for line in admin.get(f"{dashboard}/profiles.jsonl").content.splitlines()
    ]
    assert data == orjson.loads(orjson.dumps(said(assess_group(profiles, site.rules).to_dict())))
    assert data["group_schema_version"] == 1 and data["respondents_count"] == 2
    assert [r["label"] for r in data["respondents"]] == ["Legal", "Marketing"]


def test_a_survey_without_responses_has_no_group_yet(served):
    _, site = served
    admin = organiser(site)
    dashboard, _ = create_survey(admin)
    assert "No response accepted yet" in admin.get(dashboard).text
    assert admin.get(f"{dashboard}/group.json").status_code == 409
    assert admin.get(f"{dashboard}/profiles.jsonl").content == b""
    assert tuple(admin.get(f"{dashboard}/responses.csv").text.splitlines()[0].split(",")) == SURVEY_CSV_COLUMNS


# ---- closing and deleting -------------------------------------------------------------------------------------------


def test_a_closed_survey_refuses_new_and_unfinished_responses_and_reopens(served):
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    client = respondent(site)
    started = start(client, link)
    opened = client.get(f"/q/{started}/1").text  # a section opened before the close, sent after it
    page = admin.get(dashboard).text
    assert admin.post(f"{dashboard}/close", data={"csrf_token": csrf_of(page)}).status_code == 200
    assert "<strong>Closed.</strong>" in admin.get(dashboard).text
    closed = respondent(site).get(link)
    assert closed.status_code == 403 and "is closed" in closed.text and "Start the questionnaire" not in closed.text
    assert client.post(f"{link}/start", data={"csrf_token": csrf_of(opened)}).status_code == 403
    assert submit(client, f"/q/{started}/1", opened, {"respondent_role": "Late"}).status_code == 403
    assert site.store.get(started).answers == {}
    page = admin.get(dashboard).text
    admin.post(f"{dashboard}/reopen", data={"csrf_token": csrf_of(page)})
    assert respondent(site).get(link).status_code == 200


def test_accepting_after_the_survey_closed_is_refused_and_counts_nothing(served):
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    client = respondent(site)
    token = start(client, link)
    for number, changes in enumerate(({"respondent_role": "Late"}, {"writing_importance": "3"}, {}, {}, {}), 1):
        assert answer(client, token, number, changes).status_code == 303
    summary = client.get(f"/q/{token}/summary").text
    admin.post(f"{dashboard}/close", data={"csrf_token": csrf_of(admin.get(dashboard).text)})
    refused = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert refused.status_code == 403 and "is closed" in refused.text
    assert site.store.get(token).profile is None
    assert site.surveys.counts(site.surveys.all()[0].id).finished == 0


def test_a_database_from_before_surveys_gains_their_columns_and_keeps_its_drafts(tmp_path):
    import sqlite3

    from advisor.web.store import Store

    old = sqlite3.connect(tmp_path / "advisor.sqlite3")
    old.executescript(
        "CREATE TABLE drafts (token TEXT PRIMARY KEY, answers TEXT NOT NULL, questions_sha256 TEXT NOT NULL, "
        "profile TEXT, base TEXT, source TEXT NOT NULL DEFAULT 'questionnaire', created TEXT NOT NULL, "
        "updated TEXT NOT NULL);"
        "INSERT INTO drafts VALUES ('old-token', '{\"org_name\": \"Old AG\"}', 'sha', NULL, NULL, 'questionnaire', "
        "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00');"
    )
    old.close()
    store = Store(tmp_path)
    try:
        draft = store.get("old-token")
        assert draft.answers == {"org_name": "Old AG"} and draft.survey is None and draft.response is None
    finally:
        store.close()


def test_a_survey_past_its_closing_date_refuses_responses(served, monkeypatch):
    import datetime as dt

    from advisor.web import survey_pages

    _, site = served
    admin = organiser(site)
    last_day = dt.date.today() + dt.timedelta(days=1)
    dashboard, link = create_survey(admin, closes=last_day.isoformat())
    assert respondent(site).get(link).status_code == 200
    monkeypatch.setattr(survey_pages, "today", lambda: last_day + dt.timedelta(days=1))
    assert respondent(site).get(link).status_code == 403
    assert f"Closed: its closing date {last_day.isoformat()} has passed" in admin.get(dashboard).text


def test_a_response_is_deleted_only_after_the_confirmation(answered):
    admin, site, dashboard = answered
    page = admin.get(dashboard).text
    delete = re.findall(r'href="(/admin/surveys/[^"]+/responses/[^"]+/delete)"', page)
    assert len(delete) == 2
    confirm = admin.get(delete[0])
    assert confirm.status_code == 200 and "Delete this response?" in confirm.text and "Legal" in confirm.text
    assert site.surveys.counts(site.surveys.all()[0].id).finished == 2  # asking deletes nothing
    refused = admin.post(delete[0], data={})
    assert refused.status_code == 403  # no CSRF token
    done = admin.post(delete[0], data={"csrf_token": csrf_of(confirm.text)}, follow_redirects=False)
    assert done.status_code == 303
    page = admin.get(done.headers["location"]).text
    assert "1 response deleted." in page and "1 response accepted" in page
    (left,) = admin.get(f"{dashboard}/profiles.jsonl").content.splitlines()
    assert orjson.loads(left)["respondent"] == {"role": "Marketing"}
    assert admin.post(delete[0], data={"csrf_token": csrf_of(confirm.text)}).status_code == 404


# ---- isolation ------------------------------------------------------------------------------------------------------


def test_one_respondents_token_never_reaches_anothers_answers(answered):
    _, site, _ = answered
    legal, marketing = site.surveys.responses(site.surveys.all()[0].id)
    client = respondent(site)
    own = client.get(f"/result/{legal.token}").text
    assert "Legal" in own or legal.profile["respondent"]["role"] == "Legal"
    assert marketing.token not in own and marketing.response not in own and legal.response not in own
    for path in (f"/result/{legal.response}", f"/q/{legal.response}", f"/result/{site.surveys.all()[0].id}"):
        assert client.get(path, follow_redirects=False).status_code == 404


def test_the_survey_page_lists_no_response_and_no_admin_link(answered):
    _, site, _ = answered
    survey = site.surveys.all()[0]
    page = respondent(site).get(f"/s/{survey.link}").text
    for draft in site.surveys.responses(survey.id):
        assert draft.token not in page and draft.response not in page
    assert "Legal" not in page and "Marketing" not in page
    assert survey.id not in page and site.admin_token not in page and "/admin" not in page


def test_a_respondent_cannot_reach_the_organisers_pages(answered):
    _, site, dashboard = answered
    client = respondent(site)
    assert client.get(dashboard).status_code == 401
    assert client.get(f"{dashboard}/profiles.jsonl").status_code == 401


def test_the_group_pdf_is_the_group_report_of_the_respondents(answered):
    import pypdf

    admin, site, dashboard = answered
    assert f'href="{dashboard}/group.pdf"' in admin.get(dashboard).text
    response = admin.get(f"{dashboard}/group.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="harbour-news-survey-group.pdf"' in response.headers["content-disposition"]
    first = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert first.startswith("AI ADOPTION ASSESSMENT · 2 RESPONDENTS\nHarbour News · ")
    flat = " ".join(first.split())
    assert "they disagree most on creative art: Marketing gives it the most weight, Legal gives it no weight." in flat
    assert "Leaving out any one of Legal and Marketing changes the recommendation." in flat
    profiles = [
        parse_profile(orjson.loads(line), site.rules)
        for line in admin.get(f"{dashboard}/profiles.jsonl").content.splitlines()
    ]
    html = render_group_html(assess_group(profiles, site.rules), site.rules, report_day())
    assert first == pypdf.PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text()


def test_the_group_report_is_dated_the_day_its_group_was_assessed_for(answered, monkeypatch):
    """The date is read once: a second read of the clock (past midnight) dated the report a day after its group."""
    import datetime as dt
    import itertools

    from advisor.web import pages, survey_exports

    admin, _, dashboard = answered
    days = (dt.date(2026, 8, 2) + dt.timedelta(days=n) for n in itertools.count())  # each read of the clock: a day on
    monkeypatch.setattr(pages, "report_day", lambda: next(days))
    monkeypatch.setattr(survey_exports, "report_day", lambda: next(days))
    dated: list[tuple[dt.date | None, dt.date]] = []

    def render(group, rules, date, **_):
        dated.append((group.consensus.as_of, date))
        raise LookupError("rendered")  # the dates are what is checked, not the PDF

    monkeypatch.setattr(survey_exports, "render_group_html", render)
    with pytest.raises(LookupError):
        admin.get(f"{dashboard}/group.pdf")
    assert len(dated) == 1 and dated[0][0] == dated[0][1]
