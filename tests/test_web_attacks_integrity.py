"""A hostile review of issue 22's items 1, 4 and 5 after they were merged: check-then-act races on a survey's
maximum, concurrent saves of one draft, quotas an attacker could sidestep (X-Forwarded-For, IPv6 addresses) and an
organiser's session across logins, replayed on the real `advisor serve` where uvicorn matters (the attacker from
127.0.0.2) and in-process elsewhere. OWASP ASVS 4.0: V3.2.1 (a new session at every login), V11.1.2/V11.1.4
(business limits that hold under concurrency and per client).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from advisor.web import Site, admin_auth, create_app, open_site
from advisor.web.limits import Limits, RateLimit, Settings, client_key
from advisor.web.retention import clean
from advisor.web.store import DATABASE_NAME, Store
from advisor.web.survey_store import SurveyStore
from tests.conftest import ROOT
from tests.live_server import LiveServer, live_server
from tests.test_web_attacks_session import client, create_survey, dashboard, log_in, start_survey, walk
from tests.test_web_survey import answer, start
from tests.web_helpers import csrf_of, form_fields

ATTACKER = "127.0.0.2"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attacks-integrity")


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[LiveServer]:
    with live_server(data) as running:
        yield running


def accepted_of(data: Path, survey_id: str) -> int:
    with sqlite3.connect(data / DATABASE_NAME) as db:
        return int(db.execute("SELECT count(profile) FROM drafts WHERE survey = ?", (survey_id,)).fetchone()[0])


# ---- the survey's maximum: checked where the acceptance is written ----------------------------------------------


def test_30_acceptances_at_once_on_a_survey_of_at_most_5_accept_exactly_5(server, data):
    organiser = client(server)
    log_in(organiser)
    survey_id, link = create_survey(organiser, max_responses="5")
    drafts = []
    for number in range(30):  # 30 respondents at the summary, each in a browser of their own
        browser = client(server, ATTACKER)
        token = start_survey(browser, link)
        walk(browser, token, {1: {"respondent_role": f"Team {number}"}, 2: {"writing_importance": "4"}})
        drafts.append((browser, token, csrf_of(browser.get(f"/q/{token}/summary").text)))

    def accept(draft: tuple[httpx.Client, str, str]) -> int:
        browser, token, csrf = draft
        return browser.post(f"/q/{token}/finish", data={"csrf_token": csrf}).status_code

    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(accept, drafts))
    assert sorted(statuses) == [303] * 5 + [403] * 25  # the others see the full page, never an error
    assert accepted_of(data, survey_id) == 5
    page = dashboard(organiser, survey_id)
    assert "5 responses accepted of at most 5" in page and 'id="survey-full"' in page
    assert "Traceback" not in "".join(server.log)


def two_survey_drafts(folder: Path) -> tuple[Store, Store, str, str, str]:
    """Two stores on one data folder (two servers), a survey of at most 1 response and a draft of it in each."""
    first, second = Store(folder), Store(folder)
    survey = SurveyStore(first).create("At most one", {"name": "Harbour News"}, None, "rules 1", max_responses=1)
    one = first.create({"respondent_role": "Finance"}, "0" * 64, survey=survey.id)
    other = second.create({"respondent_role": "Legal"}, "0" * 64, survey=survey.id)
    return first, second, survey.id, one, other


def test_two_servers_on_one_data_folder_cannot_accept_past_the_maximum(tmp_path):
    first, second, survey_id, one, other = two_survey_drafts(tmp_path)
    surveys = SurveyStore(second)
    survey = surveys.get(survey_id)
    assert survey is not None
    # both servers checked "not full" before either wrote: the write itself refuses the second
    assert not surveys.full(survey, second.get(other)) and not surveys.full(survey, first.get(one))
    assert first.finish(one, {"respondent_role": "Finance"}, {"organization": {"name": "H"}}, 0, most=1)
    assert not second.finish(other, {"respondent_role": "Legal"}, {"organization": {"name": "H"}}, 0, most=1)
    assert second.get(other).profile is None and second.get(other).answers == {"respondent_role": "Legal"}
    # the accepted one replaces itself whatever the count; a standalone draft has no maximum
    assert second.finish(one, {"respondent_role": "Audit"}, {"organization": {"name": "H2"}}, 0, most=1)
    alone = second.create({}, "0" * 64)
    assert second.finish(alone, {}, {"organization": {"name": "Solo"}}, 0, most=1)
    assert SurveyStore(first).counts(survey_id).finished == 1
    first.close()
    second.close()


def respondent_at_summary(site: Site, link: str, role: str) -> tuple[TestClient, str, str]:
    """A respondent in a browser of their own, all sections answered: the draft and its summary's CSRF token."""
    browser = TestClient(create_app(site))
    draft = start(browser, link)
    for number, changes in enumerate(({"respondent_role": role}, {"writing_importance": "4"}, {}, {}, {}), start=1):
        sent = answer(browser, draft, number, changes)
        assert sent.status_code == 303, sent.text
    return browser, draft, csrf_of(browser.get(f"/q/{draft}/summary").text)


def test_an_acceptance_whose_early_check_missed_another_servers_response_gets_the_full_page(tmp_path, monkeypatch):
    site = open_site(None, tmp_path)
    survey = site.surveys.create("At most one", {"name": "Harbour News"}, None, "rules 1", max_responses=1)
    link = f"/s/{survey.link}"
    first, first_draft, first_csrf = respondent_at_summary(site, link, "Finance")
    second, second_draft, second_csrf = respondent_at_summary(site, link, "Legal")
    monkeypatch.setattr(site.surveys, "full", lambda *_: False)  # as if another server accepted after this check
    assert first.post(f"/q/{first_draft}/finish", data={"csrf_token": first_csrf}, follow_redirects=False).is_redirect
    refused = second.post(f"/q/{second_draft}/finish", data={"csrf_token": second_csrf}, follow_redirects=False)
    assert refused.status_code == 403 and "is full" in refused.text, refused.text
    assert site.surveys.counts(survey.id).finished == 1
    kept = site.store.get(second_draft)
    assert kept is not None and kept.profile is None and kept.answers["respondent_role"] == "Legal"  # nothing lost


# ---- one draft, many saves at once ----------------------------------------------------------------------------------


def test_20_saves_of_one_page_at_once_save_exactly_one_and_refuse_the_rest_as_stale(server, data):
    browser = client(server, ATTACKER)
    start = browser.post("/start", data={"csrf_token": csrf_of(browser.get("/").text)})
    token = start.headers["location"].split("/")[2]
    fields = form_fields(browser.get(f"/q/{token}/1").text)

    def save(name: str) -> int:
        sent = {**fields, "org_name": [name], "action": ["save"]}
        return browser.post(f"/q/{token}/1", data=sent).status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(save, [f"Harbour {n}" for n in range(20)]))
    assert sorted(statuses) == [303] + [409] * 19
    with sqlite3.connect(data / DATABASE_NAME) as db:
        revision, answers = db.execute("SELECT revision, answers FROM drafts WHERE token = ?", (token,)).fetchone()
    assert revision == 1 and re.search(r'"org_name":"Harbour \d+"', answers)


# ---- quotas: what counts as one client ------------------------------------------------------------------------------


def test_an_untrusted_x_forwarded_for_does_not_give_a_client_new_quotas(tmp_path):
    with live_server(tmp_path, "--drafts-per-minute", "3") as running, client(running, ATTACKER) as attacker:
        csrf = csrf_of(attacker.get("/").text)
        statuses = [
            attacker.post("/start", data={"csrf_token": csrf}, headers={"x-forwarded-for": f"198.51.100.{n}"})
            for n in range(5)
        ]
        assert [s.status_code for s in statuses] == [303, 303, 303, 429, 429]
        with client(running) as normal:  # another address still starts
            assert normal.post("/start", data={"csrf_token": csrf_of(normal.get("/").text)}).status_code == 303


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("127.0.0.2", "127.0.0.2"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("fe80::1%eth0", "fe80::/64"),
        ("testclient", "testclient"),
        ("", ""),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_64_network(address, key):
    assert client_key({"client": (address, 1234) if address else None}) == key


def test_new_addresses_in_one_ipv6_64_share_its_quota_of_new_drafts(tmp_path):
    site = open_site(None, tmp_path)
    limit = site.settings.limits.drafts_per_minute
    site.new_drafts = RateLimit(limit, 60.0, clock=lambda: 0.0)  # no refill while the test runs, however slowly

    def start_from(address: str) -> int:
        browser = TestClient(create_app(site), client=(address, 40000))
        page = browser.get("/")
        return browser.post("/start", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False).status_code

    statuses = [start_from(f"2001:db8:0:1::{n:x}") for n in range(1, limit + 3)]  # a new address each time
    assert statuses == [303] * limit + [429, 429]
    assert start_from("2001:db8:0:2::1") == 303  # the next /64 is another client


def test_wrong_admin_tokens_from_new_ipv6_addresses_of_one_64_are_throttled_together(tmp_path):
    site = open_site(None, tmp_path)
    site.admin_failures = RateLimit(site.settings.limits.admin_failures_per_minute, 60.0, clock=lambda: 0.0)
    tries = [
        TestClient(create_app(site), client=(f"2001:db8::{n:x}", 40000))
        .get("/admin", headers={"authorization": "Bearer wrong-token-0123456789abcdef", "accept": "application/json"})
        .status_code
        for n in range(1, site.settings.limits.admin_failures_per_minute + 2)
    ]
    assert tries[-1] == 429 and set(tries[:-1]) == {403}


# ---- the organiser's session across logins --------------------------------------------------------------------------


def test_logging_in_again_in_one_browser_ends_its_previous_session(tmp_path):
    site = open_site(None, tmp_path)
    browser = TestClient(create_app(site))

    def log_in_form() -> str:
        page = browser.get("/admin/login", follow_redirects=False)
        csrf = csrf_of(page.text if page.status_code == 200 else browser.get("/admin/surveys/new").text)
        sent = browser.post(
            "/admin/login", data={"csrf_token": csrf, "token": site.admin_token}, follow_redirects=False
        )
        assert sent.status_code == 303, sent.text
        return sent.cookies["advisor_admin"]

    first = log_in_form()
    second = log_in_form()  # the form again, posted while logged in (another tab's login page)
    assert first != second
    replay = TestClient(create_app(site))
    assert replay.get("/admin", headers={"cookie": f"advisor_admin={first}"}).status_code == 401
    assert replay.get("/admin", headers={"cookie": f"advisor_admin={second}"}).status_code == 200
    assert len(site.store.query("SELECT id_sha256 FROM admin_sessions")) == 1


# ---- uploads: accepted results that retention never deletes ---------------------------------------------------------


def test_valid_uploads_count_as_accepted_answers_so_a_client_cannot_keep_results_past_the_hourly_quota(tmp_path):
    settings = Settings(limits=Limits(responses_per_hour=3, drafts_per_minute=100))
    site = open_site(None, tmp_path, settings)
    browser = TestClient(create_app(site), client=(ATTACKER, 40000))
    profile = (ROOT / "examples" / "newsroom.json").read_bytes()

    def upload(content: bytes) -> httpx.Response:
        page = browser.get("/upload")
        files = {"profile": ("newsroom.json", content, "application/json")}
        return browser.post("/upload", data={"csrf_token": csrf_of(page.text)}, files=files, follow_redirects=False)

    assert upload(b"{ not json").status_code == 422  # a refused file costs no acceptance
    statuses = [upload(profile).status_code for _ in range(5)]
    assert statuses == [303, 303, 303, 429, 429]
    refused = upload(profile)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "this file was not kept" in refused.text and "Upload the file again in" in refused.text
    assert site.store.count() == 3
    other = TestClient(create_app(site))  # another client uploads meanwhile
    page = other.get("/upload")
    files = {"profile": ("newsroom.json", profile, "application/json")}
    assert other.post(
        "/upload", data={"csrf_token": csrf_of(page.text)}, files=files, follow_redirects=False
    ).is_redirect


# ---- retention ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [1, 30, 10**6, 10**12])
def test_any_keep_drafts_the_option_takes_gives_a_time_and_deletes_only_what_is_older(tmp_path, days):
    site = open_site(None, tmp_path, Settings(limits=Limits(keep_drafts_days=days)))
    untouched = site.store.create({"org_name": "Old"}, "0" * 64)
    accepted = site.store.create({}, "0" * 64, profile={"organization": {"name": "Kept"}}, source="upload")
    edited_after_acceptance = site.store.create({}, "0" * 64, survey="gone", profile={"organization": {"name": "K"}})
    site.store.execute("UPDATE drafts SET updated = '2001-01-01T00:00:00.000+00:00'")
    site.store.save_answers(edited_after_acceptance, {"respondent_role": "Changed"}, "0" * 64)
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    assert clean(site, now) == (1 if days < 9000 else 0)  # never an OverflowError in the hourly thread
    assert (site.store.get(untouched) is None) == (days < 9000)
    assert site.store.get(accepted) is not None and site.store.get(edited_after_acceptance) is not None


def test_a_draft_deleted_by_retention_while_its_pages_are_open_gets_not_found_never_an_error(tmp_path):
    site = open_site(None, tmp_path)
    browser = TestClient(create_app(site), raise_server_exceptions=False)
    home = browser.get("/")
    token = browser.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    draft = token.headers["location"].split("/")[2]
    section = browser.get(f"/q/{draft}/1").text
    summary = browser.get(f"/q/{draft}/summary").text
    site.store.execute("UPDATE drafts SET updated = '2001-01-01T00:00:00.000+00:00' WHERE token = ?", (draft,))
    assert clean(site) == 1  # the hourly run, between the page and its form
    fields = {**form_fields(section), "action": ["next"]}
    saved = browser.post(f"/q/{draft}/1", data=fields, follow_redirects=False)
    accepted = browser.post(f"/q/{draft}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    live = browser.post(f"/q/{draft}/1/live", data=fields)
    assert [saved.status_code, accepted.status_code, live.status_code] == [404, 404, 404]
    assert "There is nothing at this address" in saved.text and "There is nothing at this address" in accepted.text


# ---- the organiser's session ends while a form is open ------------------------------------------------------------


def test_a_form_posted_after_the_session_ended_gets_the_login_page_with_why_and_changes_nothing(tmp_path):
    site = open_site(None, tmp_path)
    survey = site.surveys.create("Ends", {"name": "Harbour News"}, None, "rules 1")
    browser = TestClient(create_app(site), raise_server_exceptions=False)
    login = browser.get("/admin/login")
    browser.post("/admin/login", data={"csrf_token": csrf_of(login.text), "token": site.admin_token})
    page = browser.get(f"/admin/surveys/{survey.id}")
    site.store.execute("UPDATE admin_sessions SET seen = seen - 9 * 3600")  # 9 hours unused
    closed = browser.post(f"/admin/surveys/{survey.id}/close", data={"csrf_token": csrf_of(page.text)})
    assert closed.status_code == 401 and "Your organiser session has ended" in closed.text
    assert not site.surveys.get(survey.id).closed
    again = browser.post("/admin/login", data={"csrf_token": csrf_of(closed.text), "token": site.admin_token})
    assert again.status_code == 200 and again.url.path == "/admin"  # its login form works as it is


# ---- admin back-off: no guess slips through between the check and the count ------------------------------------------


def test_wrong_tokens_sent_at_once_are_never_more_than_the_limit_looked_at(tmp_path, monkeypatch):
    site = open_site(None, tmp_path)
    looked_at = []

    def slow_same_secret(given: str, expected: str) -> bool:  # widen the window between the wait and the count
        looked_at.append(given)
        time.sleep(0.01)
        return given == expected

    monkeypatch.setattr(admin_auth, "same_secret", slow_same_secret)
    site.admin_failures = RateLimit(site.settings.limits.admin_failures_per_minute, 60.0, clock=lambda: 0.0)
    browsers = [TestClient(create_app(site), client=(ATTACKER, 40000 + n)) for n in range(30)]

    def guess(number: int) -> int:
        headers = {"authorization": f"Bearer wrong-token-{number:016d}", "accept": "application/json"}
        return browsers[number].get("/admin", headers=headers).status_code

    with ThreadPoolExecutor(30) as pool:
        statuses = list(pool.map(guess, range(30)))
    limit = site.settings.limits.admin_failures_per_minute
    assert len(looked_at) == limit and sorted(statuses) == [403] * limit + [429] * (30 - limit)
    login = TestClient(create_app(site), client=(ATTACKER, 50000))  # the login form counts the same tries
    page = login.get("/admin/login")
    refused = login.post("/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token})
    assert refused.status_code == 429 and len(looked_at) == limit


def test_behind_a_named_proxy_a_forged_x_forwarded_for_in_front_gives_no_new_quotas(tmp_path):
    # the proxy (here 127.0.0.1) appends what it saw, as Caddy does: "<whatever the client sent>, <the client>"
    options = ("--drafts-per-minute", "3", "--forwarded-allow-ips", "127.0.0.1")
    with live_server(tmp_path, *options) as running, client(running) as proxy:
        csrf = csrf_of(proxy.get("/", headers={"x-forwarded-for": "203.0.113.9"}).text)

        def start_as(forwarded: str) -> int:
            sent = proxy.post("/start", data={"csrf_token": csrf}, headers={"x-forwarded-for": forwarded})
            return sent.status_code

        forged = [start_as(f"198.51.100.{n}, 203.0.113.9") for n in range(5)]
        assert forged == [303, 303, 303, 429, 429]
        assert start_as("203.0.113.10") == 303  # another visitor behind the same proxy


def test_refused_acceptances_stale_unfinished_or_full_cost_nothing_of_the_hourly_quota(tmp_path):
    site = open_site(None, tmp_path, Settings(limits=Limits(responses_per_hour=2)))
    full = site.surveys.create("Full", {"name": "Harbour News"}, None, "rules 1", max_responses=1)
    taken, taken_draft, taken_csrf = respondent_at_summary(site, f"/s/{full.link}", "Finance")
    late, late_draft, late_csrf = respondent_at_summary(site, f"/s/{full.link}", "Legal")  # started before it filled
    assert taken.post(f"/q/{taken_draft}/finish", data={"csrf_token": taken_csrf}, follow_redirects=False).is_redirect
    survey = site.surveys.create("Open", {"name": "Harbour News"}, None, "rules 1")
    browser, draft, csrf = respondent_at_summary(site, f"/s/{survey.link}", "Audit")
    begun = start(browser, f"/s/{survey.link}")  # a draft with its sections still open
    for _ in range(5):
        stale = browser.post(f"/q/{draft}/finish", data={"csrf_token": csrf, "revision": "0"}, follow_redirects=False)
        assert stale.status_code == 409
        unfinished = browser.post(f"/q/{begun}/finish", data={"csrf_token": csrf_of(browser.get(f"/q/{begun}/1").text)})
        assert unfinished.url.path == f"/q/{begun}/1"
        refused = late.post(f"/q/{late_draft}/finish", data={"csrf_token": late_csrf}, follow_redirects=False)
        assert refused.status_code == 403 and "is full" in refused.text
    accepted = browser.post(f"/q/{draft}/finish", data={"csrf_token": csrf}, follow_redirects=False)
    assert accepted.status_code == 303  # the one acceptance left this hour after the first respondent's
    again = browser.post(f"/q/{draft}/finish", data={"csrf_token": csrf}, follow_redirects=False)
    assert again.status_code == 429  # and the quota is real: a third acceptance waits
