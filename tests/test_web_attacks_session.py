"""Attacks on sessions, CSRF and quotas (issue 22, items 4 and 5, and a proxy's Authorization header from item 6),
replayed on the real `advisor serve` on loopback, bounded in count and time; each asserts what the organiser or a
normal respondent sees meanwhile. The attacker comes from another loopback address than the normal user, so that
the per-address limits can tell them apart. OWASP ASVS 4.0: V3 (session management), V4.2.2 (CSRF), V11 (business
logic limits).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.server
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from advisor.web import create_app, open_site
from advisor.web.admin_sessions import IDLE_SECONDS, LIFETIME_SECONDS, AdminSessions
from advisor.web.retention import clean
from advisor.web.secret import SECRET_NAME
from advisor.web.store import DATABASE_NAME, Store
from tests.live_server import ORGANISER_TOKEN, LiveServer, live_server
from tests.web_helpers import csrf_of, submit

NORMAL = "127.0.0.1"
SECTIONS = 5
OLD = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat(timespec="milliseconds")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("attacks-session")


@pytest.fixture(scope="module")
def planted(data: Path) -> dict[str, str]:
    """Drafts made before the server starts, some untouched for 40 days: what the retention job finds at start."""
    store = Store(data)
    site_sha = "0" * 64
    tokens = {
        "stale": store.create({"org_name": "Gone"}, site_sha),
        "stale accepted": store.create({}, site_sha, profile={"organization": {"name": "Kept"}}, source="upload"),
        "stale accepted response": store.create({}, site_sha, profile={"organization": {"name": "K"}}, survey="s"),
        "stale unaccepted response": store.create({}, site_sha, survey="s"),
        "fresh": store.create({"org_name": "Fresh"}, site_sha),
    }
    for name, token in tokens.items():
        if name.startswith("stale"):
            store.execute("UPDATE drafts SET updated = ? WHERE token = ?", (OLD, token))
    store.close()
    return tokens


@pytest.fixture(scope="module")
def server(data: Path, planted: dict[str, str]) -> Iterator[LiveServer]:
    with live_server(data) as running:
        yield running


def client(server: LiveServer, address: str = NORMAL, **options: Any) -> httpx.Client:
    """A browser-like client of the server from `address` (a loopback address of its own)."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=server.url, transport=transport, timeout=20, **options)


def database(data: Path) -> sqlite3.Connection:
    return sqlite3.connect(data / DATABASE_NAME, isolation_level=None, timeout=10)


def log_in(browser: httpx.Client) -> str:
    """Log in through the form; the session cookie's value."""
    page = browser.get("/admin/login")
    response = browser.post("/admin/login", data={"csrf_token": csrf_of(page.text), "token": ORGANISER_TOKEN})
    assert response.status_code == 303, response.text
    return response.cookies["advisor_admin"]


def create_survey(admin: httpx.Client, **changes: str) -> tuple[str, str]:
    """A new survey through the form; its id and its respondents' link (a path)."""
    page = admin.get("/admin/surveys/new")
    fields = {"title": "Where do we stand on AI?", "org_name": "Harbour News", **changes}
    response = submit(admin, "/admin/surveys", page.text, fields)
    assert response.status_code == 303, response.text
    survey_id = response.headers["location"].rsplit("/", 1)[1]
    link = re.search(
        r'id="respondent-link" class="link" type="text" readonly value="https?://[^/]+([^"]+)"',
        dashboard(admin, survey_id),
    )
    assert link
    return survey_id, link[1]


def dashboard(admin: httpx.Client, survey_id: str) -> str:
    page = admin.get(f"/admin/surveys/{survey_id}")
    assert page.status_code == 200, page.text
    return page.text


def walk(browser: httpx.Client, token: str, changes: dict[int, dict[str, str]]) -> None:
    """Answer every section of a draft with a browser's defaults plus `changes`, up to the summary."""
    for number in range(1, SECTIONS + 1):
        page = browser.get(f"/q/{token}/{number}").text
        response = submit(browser, f"/q/{token}/{number}", page, changes.get(number, {}))
        if response.status_code == 422 and "further question" in response.text:
            response = submit(browser, f"/q/{token}/{number}", response.text, {})
        assert response.status_code == 303, response.text


def start_survey(browser: httpx.Client, link: str) -> str:
    """Start a response to the survey; its draft's token."""
    page = browser.get(link)
    assert page.status_code == 200, page.text
    response = browser.post(f"{link}/start", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[2]


def finish(browser: httpx.Client, token: str) -> httpx.Response:
    summary = browser.get(f"/q/{token}/summary").text
    return browser.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)})


def respond(browser: httpx.Client, link: str, role: str) -> str:
    """Answer the survey as one respondent and accept; the draft's token."""
    token = start_survey(browser, link)
    walk(browser, token, {1: {"respondent_role": role}, 2: {"writing_importance": "4"}})
    accepted = finish(browser, token)
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/result/{token}", accepted.text
    return token


def response_ids(page: str) -> list[str]:
    return re.findall(r'<tr data-response="([^"]+)"', page)


# ---- CSRF: a page on another port of the same host ----------------------------------------------------------------


def test_a_page_on_another_port_cannot_close_delete_reopen_create_or_log_out(server):
    organiser = client(server)
    session = log_in(organiser)
    survey_id, link = create_survey(organiser)
    respond(client(server), link, "Finance")
    response = response_ids(dashboard(organiser, survey_id))[0]
    surveys_before = organiser.get("/admin").text.count('href="/admin/surveys/')
    # the attacker's page on another port: it fetches a form with a cookie of its choosing, then plants that cookie
    # in the organiser's browser (cookies ignore ports) and posts the form's token with it
    chosen = "attacker-chosen-cookie-value-0123456789"
    with client(server, "127.0.0.2") as attacker:
        attacker.cookies.set("advisor_csrf", chosen)
        token_for_chosen = csrf_of(attacker.get("/").text)
    other_port = f"http://127.0.0.1:{server.port + 1}"
    targets = [
        f"/admin/surveys/{survey_id}/close",
        f"/admin/surveys/{survey_id}/responses/{response}/delete",
        f"/admin/surveys/{survey_id}/responses/delete",
        f"/admin/surveys/{survey_id}/reopen",
        "/admin/surveys",
        "/admin/logout",
    ]
    victim = client(server)  # the organiser's browser: its session cookie and the planted CSRF cookie
    cookies = {"cookie": f"advisor_admin={session}; advisor_csrf={chosen}"}
    forged = {
        "csrf_token": token_for_chosen,
        "response": response,
        "confirm": "yes",
        "title": "Forged",
        "org_name": "X",
    }
    for url in targets:
        for headers in (
            {"origin": other_port, "sec-fetch-site": "same-site"},  # what Chromium sends from another port
            {"origin": other_port},
            {"sec-fetch-site": "same-site"},
            {"origin": "null"},
        ):
            refused = victim.post(url, data=forged, headers=cookies | headers)
            assert refused.status_code == 403, (url, headers)
            assert "came from another site, or from another port of this one" in refused.text
        for field in (token_for_chosen, chosen):  # no Origin (an old browser): the token is bound to the session
            refused = victim.post(url, data=forged | {"csrf_token": field}, headers=cookies)
            assert refused.status_code == 403 and "security token is missing or out of date" in refused.text, url

    page = dashboard(organiser, survey_id)
    assert re.search(r'id="survey-status"><strong>Open\.', page)
    assert response_ids(page) == [response] and "1 response accepted" in page
    assert organiser.get("/admin").text.count('href="/admin/surveys/') == surveys_before
    # the organiser's own form, from the server's own origin, still works: the refusals were the defence's doing
    own = organiser.post(
        f"/admin/surveys/{survey_id}/close",
        data={"csrf_token": csrf_of(page)},
        headers={"origin": server.url.rstrip("/"), "sec-fetch-site": "same-origin"},
    )
    assert own.status_code == 303 and "<strong>Closed." in dashboard(organiser, survey_id)


def test_the_json_api_refuses_writes_from_another_origin_too(server):
    body = (Path(__file__).parent.parent / "examples" / "clinic.json").read_bytes()
    headers = {"content-type": "application/json"}
    with client(server) as browser:
        for foreign in ({"origin": "http://127.0.0.1:1"}, {"sec-fetch-site": "cross-site"}):
            refused = browser.post("/api/v1/assess", content=body, headers=headers | foreign)
            assert refused.status_code == 403 and "another site" in refused.json()["problems"][0]["message"]
        own = browser.post("/api/v1/assess", content=body, headers=headers | {"origin": server.url.rstrip("/")})
        assert own.status_code == 200
        assert browser.post("/api/v1/assess", content=body, headers=headers).status_code == 200  # a script


def test_a_respondents_forms_are_bound_to_their_draft_not_to_a_cookie(server):
    with client(server) as respondent, client(server, "127.0.0.2") as attacker:
        home = respondent.get("/")
        token = respondent.post("/start", data={"csrf_token": csrf_of(home.text)}).headers["location"].split("/")[2]
        # the attacker knows what any cookie of their choosing gives, but not the victim's draft
        attacker.cookies.set("advisor_csrf", "c" * 43)
        theirs = csrf_of(attacker.get("/").text)
        victim = client(server)
        planted = victim.post(
            f"/q/{token}/1",
            data={"csrf_token": theirs, "org_name": "Forged"},
            headers={"cookie": f"advisor_csrf={'c' * 43}"},
        )
        assert planted.status_code == 403
        own = csrf_of(respondent.get(f"/q/{token}/1").text)
        assert own != theirs and own == csrf_of(client(server).get(f"/q/{token}/summary").text)  # any page of it


# ---- quotas ----------------------------------------------------------------------------------------------------------


def test_300_new_drafts_from_one_address_get_429_after_the_limit_while_another_address_still_starts(server, data):
    with database(data) as db:
        before = db.execute("SELECT count(*) FROM drafts").fetchone()[0]
    statuses = []
    began = time.monotonic()
    with client(server, "127.0.0.2") as attacker:
        token = csrf_of(attacker.get("/").text)
        upload_token = csrf_of(attacker.get("/upload").text)  # fetched first: the upload follows the refusal at once
        for _ in range(300):
            statuses.append(attacker.post("/start", data={"csrf_token": token}).status_code)
        for _ in range(3):  # a loaded run may refill a token (one a second) between a refusal and the upload: again
            refused = attacker.post("/start", data={"csrf_token": token})
            if refused.status_code != 429:
                statuses.append(refused.status_code)
                continue
            upload = attacker.post(
                "/upload",
                data={"csrf_token": upload_token},
                files={"profile": ("p.json", b"{}", "application/json")},
            )
            if upload.status_code == 429:
                break
    elapsed = time.monotonic() - began

    started = statuses.count(303)
    assert 60 <= started <= 60 + elapsed + 1  # 60 a minute, refilled at one a second
    assert statuses[:60] == [303] * 60 and set(statuses) == {303, 429}
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
    assert "Nothing was lost: answers you saved and their links still work" in refused.text
    assert upload.status_code == 429  # an upload is a new draft too
    with database(data) as db:
        assert db.execute("SELECT count(*) FROM drafts").fetchone()[0] - before == started
    with client(server) as normal:  # meanwhile, another address
        home = normal.get("/")
        assert normal.post("/start", data={"csrf_token": csrf_of(home.text)}).status_code == 303


def test_accepting_answers_over_the_hourly_limit_gets_429_and_keeps_the_answers(server):
    with client(server, "127.0.0.4") as browser:
        home = browser.get("/")
        token = browser.post("/start", data={"csrf_token": csrf_of(home.text)}).headers["location"].split("/")[2]
        walk(browser, token, {1: {"org_name": "Busy Ltd"}, 2: {"writing_importance": "5"}})
        csrf = csrf_of(browser.get(f"/q/{token}/summary").text)
        statuses = [browser.post(f"/q/{token}/finish", data={"csrf_token": csrf}).status_code for _ in range(125)]
        refused = browser.post(f"/q/{token}/finish", data={"csrf_token": csrf})

    assert statuses[:120] == [303] * 120 and statuses[120:] == [429] * 5  # 120 an hour: one refilled per 30 s
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "Nothing was lost: your answers are saved. Accept them again in" in refused.text
    with client(server) as normal:
        assert "Busy Ltd" in normal.get(f"/q/{token}/summary").text


def test_a_survey_with_a_maximum_takes_no_more_responses_but_lets_an_accepted_one_be_accepted_again(server):
    organiser = client(server)
    log_in(organiser)
    survey_id, link = create_survey(organiser, max_responses="2")
    late = client(server)
    late_token = start_survey(late, link)  # started while there was room
    first = client(server)
    first_token = respond(first, link, "Finance")
    respond(client(server), link, "Legal")

    walk(late, late_token, {1: {"respondent_role": "Ops"}, 2: {"writing_importance": "4"}})
    full = finish(late, late_token)
    assert full.status_code == 403 and "is full" in full.text and "all the 2 responses" in full.text
    assert client(server).get(link).status_code == 403
    again = finish(first, first_token)  # the first respondent accepts theirs again: it replaces itself
    assert again.status_code == 303 and again.headers["location"] == f"/result/{first_token}"
    page = dashboard(organiser, survey_id)
    assert "2 responses accepted of at most 2" in page and 'id="survey-full"' in page


def test_a_maximum_that_is_not_a_whole_number_is_named(server):
    organiser = client(server)
    log_in(organiser)
    page = organiser.get("/admin/surveys/new")
    fields = {"title": "T", "org_name": "O", "max_responses": "lots"}
    refused = submit(organiser, "/admin/surveys", page.text, fields)
    assert refused.status_code == 422 and "give a whole number from 1 to 100,000, or leave it empty" in refused.text


def test_several_responses_are_deleted_at_once_after_a_confirmation_that_names_how_many(server):
    organiser = client(server)
    log_in(organiser)
    survey_id, link = create_survey(organiser)
    for role in ("Finance", "Legal", "Ops"):
        respond(client(server), link, role)
    page = dashboard(organiser, survey_id)
    ticked = response_ids(page)[:2]

    confirm = organiser.post(
        f"/admin/surveys/{survey_id}/responses/delete", data={"csrf_token": csrf_of(page), "response": ticked}
    )
    assert confirm.status_code == 200 and "<h1>Delete 2 responses?</h1>" in confirm.text
    assert "3 responses accepted" in dashboard(organiser, survey_id)  # nothing deleted before the confirmation
    done = organiser.post(
        f"/admin/surveys/{survey_id}/responses/delete",
        data={"csrf_token": csrf_of(confirm.text), "response": ticked, "confirm": "yes"},
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?deleted=2")
    after = organiser.get(done.headers["location"]).text
    assert "2 responses deleted." in after and "1 response accepted" in after
    assert response_ids(after) == [r for r in response_ids(page) if r not in ticked]


# ---- the organiser's session -----------------------------------------------------------------------------------------


def test_the_session_cookie_differs_per_login_and_is_dead_after_logout(server):
    first, second = client(server), client(server)
    one, two = log_in(first), log_in(second)
    assert one != two and ORGANISER_TOKEN not in one + two
    assert first.get("/admin").status_code == second.get("/admin").status_code == 200

    page = first.get("/admin").text
    assert first.post("/admin/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    with client(server) as replay:  # the old cookie, replayed after logout
        ended = replay.get("/admin", headers={"cookie": f"advisor_admin={one}"})
    assert ended.status_code == 401 and "Your organiser session has ended" in ended.text
    assert 'name="token"' in ended.text  # the login page
    assert second.get("/admin").status_code == 200  # another login is another session


def test_a_session_expires_after_8_hours_unused_and_after_7_days_in_all(server, data):
    idle, old, recent = client(server), client(server), client(server)
    sessions = {name: log_in(browser) for name, browser in (("idle", idle), ("old", old), ("recent", recent))}

    def shift(name: str, column: str, seconds: float) -> None:
        digest = hashlib.sha256(sessions[name].encode()).hexdigest()
        with database(data) as db:
            db.execute(f"UPDATE admin_sessions SET {column} = {column} - ? WHERE id_sha256 = ?", (seconds, digest))

    shift("idle", "seen", IDLE_SECONDS + 1)
    shift("old", "created", LIFETIME_SECONDS + 1)  # used a minute ago, but logged in more than 7 days ago
    shift("recent", "seen", IDLE_SECONDS - 120)
    assert idle.get("/admin").status_code == 401
    assert old.get("/admin").status_code == 401
    assert recent.get("/admin").status_code == 200
    with database(data) as db:  # an expired session is deleted
        digests = {row[0] for row in db.execute("SELECT id_sha256 FROM admin_sessions")}
    assert hashlib.sha256(sessions["idle"].encode()).hexdigest() not in digests
    assert not any(session in digests for session in sessions.values())  # only hashes are stored


def test_1000_wrong_admin_tokens_get_429_after_10_even_for_the_right_token(server):
    statuses = []
    began = time.monotonic()
    with client(server, "127.0.0.3") as attacker:
        for guess in range(1000):
            statuses.append(attacker.get("/admin", headers={"authorization": f"Bearer guess-{guess}"}).status_code)
        right = attacker.get("/admin", headers={"authorization": f"Bearer {ORGANISER_TOKEN}", "accept": "text/html"})
        page = attacker.get("/admin/login")
        by_form = attacker.post("/admin/login", data={"csrf_token": csrf_of(page.text), "token": ORGANISER_TOKEN})
    elapsed = time.monotonic() - began

    assert statuses[:10] == [403] * 10 and statuses[10] == 429
    assert statuses.count(403) <= 10 + elapsed / 6 + 1  # ten a minute: one more every 6 s
    assert right.status_code == 429 and int(right.headers["retry-after"]) >= 1
    assert by_form.status_code == 429 and "not even the right one" in by_form.text
    with client(server) as organiser:  # another address is not held back
        assert organiser.get("/admin", headers={"authorization": f"Bearer {ORGANISER_TOKEN}"}).status_code == 200
    assert sum("wrong admin tokens" in line for line in server.log) <= 2  # logged once a minute, with a count


def test_a_proxys_basic_authorization_header_leaves_the_organisers_session_in_charge(server):
    organiser = client(server)
    log_in(organiser)
    survey_id, _ = create_survey(organiser)
    basic = {"authorization": "Basic " + base64.b64encode(b"proxy-user:proxy-password").decode()}

    for path in ("/admin", f"/admin/surveys/{survey_id}", f"/admin/surveys/{survey_id}/responses.csv"):
        assert organiser.get(path, headers=basic).status_code == 200, path
    page = dashboard(organiser, survey_id)
    closed = organiser.post(f"/admin/surveys/{survey_id}/close", data={"csrf_token": csrf_of(page)}, headers=basic)
    assert closed.status_code == 303
    with client(server) as stranger:  # without a session, Basic is no credential: the login page, not a 403
        refused = stranger.get("/admin", headers=basic | {"accept": "text/html"})
        assert refused.status_code == 401 and 'name="token"' in refused.text


# ---- retention -------------------------------------------------------------------------------------------------------


def test_stale_drafts_are_deleted_at_start_and_accepted_ones_kept(server, data, planted):
    deadline = time.monotonic() + 20
    while True:  # the retention thread runs at start, beside the first requests
        with database(data) as db:
            kept = {row[0] for row in db.execute("SELECT token FROM drafts")}
        if planted["stale"] not in kept or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert planted["stale"] not in kept and planted["stale unaccepted response"] not in kept
    assert {planted["stale accepted"], planted["stale accepted response"], planted["fresh"]} <= kept


# ---- in process: the clock, the cookies over HTTPS, the secret, an older database -----------------------------------


def test_the_retention_condition_and_the_session_clock_are_injectable(tmp_path):
    site = open_site(None, tmp_path)
    now = [1_000_000.0]
    sessions = AdminSessions(site.store, clock=lambda: now[0])
    session = sessions.open()
    now[0] += IDLE_SECONDS - 1
    assert sessions.alive(session)
    now[0] += IDLE_SECONDS - 1
    assert sessions.alive(session)  # each use restarts the idle time
    now[0] += IDLE_SECONDS
    assert not sessions.alive(session)
    young = site.store.create({}, "x")
    assert clean(site, dt.datetime.now(dt.UTC) + dt.timedelta(days=29)) == 0
    assert clean(site, dt.datetime.now(dt.UTC) + dt.timedelta(days=31)) == 1 and site.store.get(young) is None


def test_over_https_the_cookies_are_host_prefixed_secure_and_path_slash(tmp_path):
    site = open_site(None, tmp_path)
    with TestClient(create_app(site), base_url="https://advisor.example.org") as browser:
        page = browser.get("/admin/login")
        assert page.headers["set-cookie"].startswith("__Host-advisor_csrf=")
        response = browser.post(
            "/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token}, follow_redirects=False
        )
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-advisor_admin=") and "Secure" in cookie and "Path=/;" in cookie + ";"
        assert "Domain" not in cookie
        assert browser.get("/admin").status_code == 200
        session = cookie.split(";")[0].split("=", 1)[1]
    with TestClient(create_app(site), base_url="https://advisor.example.org") as planted:
        planted.cookies.set("advisor_admin", session)  # without the prefix, as another origin could set it
        assert planted.get("/admin").status_code == 401


def test_the_public_url_is_an_origin_of_this_server(tmp_path):
    from advisor.web import Settings

    site = open_site(None, tmp_path, Settings(public_url="https://advisor.example.org/"))
    body = (Path(__file__).parent.parent / "examples" / "clinic.json").read_bytes()
    headers = {"content-type": "application/json"}
    # behind a TLS proxy that passes the Host on and speaks plain HTTP to the server
    with TestClient(create_app(site), base_url="http://advisor.example.org") as browser:
        public = browser.post(
            "/api/v1/assess", content=body, headers=headers | {"origin": "https://advisor.example.org"}
        )
        assert public.status_code == 200
        other = browser.post("/api/v1/assess", content=body, headers=headers | {"origin": "https://evil.example"})
        assert other.status_code == 403


def test_the_server_secret_is_0600_kept_across_restarts_and_binds_the_forms(tmp_path):
    first = open_site(None, tmp_path)
    secret = tmp_path / SECRET_NAME
    assert secret.stat().st_mode & 0o777 == 0o600
    first.store.close()
    again = open_site(None, tmp_path)
    assert again.secret == first.secret
    with TestClient(create_app(again)) as browser:
        token = browser.post("/start", data={"csrf_token": csrf_of(browser.get("/").text)}, follow_redirects=False)
        draft = token.headers["location"].split("/")[2]
        expected = hmac.new(again.secret, b"draft\0" + draft.encode(), hashlib.sha256).hexdigest()
        assert csrf_of(browser.get(f"/q/{draft}/1").text) == expected


OLD_SURVEYS = """
CREATE TABLE drafts (
    token TEXT PRIMARY KEY, answers TEXT NOT NULL, questions_sha256 TEXT NOT NULL, profile TEXT, base TEXT,
    source TEXT NOT NULL DEFAULT 'questionnaire', created TEXT NOT NULL, updated TEXT NOT NULL, survey TEXT, response TEXT
);
CREATE TABLE surveys (
    id TEXT PRIMARY KEY, link TEXT NOT NULL UNIQUE, title TEXT NOT NULL, organization TEXT NOT NULL, closes TEXT,
    closed INTEGER NOT NULL DEFAULT 0, rules TEXT NOT NULL, created TEXT NOT NULL
);
INSERT INTO surveys VALUES ('old-survey-id-0123456789', 'old-link-0123456789abc', 'Old', '{"name": "Old AG"}', NULL, 0,
    'seed 1.0.0', '2026-01-01T00:00:00.000+00:00');
"""
"""The drafts and surveys tables as the code before this change made them."""


def test_a_database_made_before_sessions_and_maximums_keeps_working(tmp_path):
    with sqlite3.connect(tmp_path / DATABASE_NAME) as db:
        db.executescript(OLD_SURVEYS)
    site = open_site(None, tmp_path)
    survey = site.surveys.get("old-survey-id-0123456789")
    assert survey is not None and survey.max_responses is None and not site.surveys.full(survey)
    with TestClient(create_app(site)) as browser:
        assert browser.get("/s/old-link-0123456789abc").status_code == 200
        page = browser.get("/admin/login")
        browser.post("/admin/login", data={"csrf_token": csrf_of(page.text), "token": site.admin_token})
        assert "Old AG" in browser.get("/admin").text


def test_every_state_changing_route_refuses_a_request_from_another_site(tmp_path):
    """Found by walking the app's routes (the JSON API included), so that a new route is covered without a new test."""
    from fastapi.routing import iter_route_contexts

    site = open_site(None, tmp_path)
    app = create_app(site)
    writes = [
        (method, re.sub(r"\{[^}]+\}", "x" * 32, route.path_format).replace(":int", ""))
        for route in iter_route_contexts(app.routes)
        for method in sorted(route.methods or ())
        if method in ("POST", "PUT", "PATCH", "DELETE")
    ]
    assert len(writes) >= 12
    with TestClient(app, headers={"authorization": f"Bearer {site.admin_token}"}) as browser:
        for method, path in writes:
            for foreign in ({"sec-fetch-site": "cross-site"}, {"origin": "http://testserver:8081"}):
                refused = browser.request(method, path, headers=foreign)
                assert refused.status_code == 403 and "another site" in refused.text, (method, path, foreign)


def test_wrong_tokens_in_the_login_form_get_429_after_10(tmp_path):
    site = open_site(None, tmp_path)
    with TestClient(create_app(site)) as browser:
        token = csrf_of(browser.get("/admin/login").text)
        tries = [
            browser.post("/admin/login", data={"csrf_token": token, "token": f"guess-{n}"}).status_code
            for n in range(11)
        ]
        right = browser.post("/admin/login", data={"csrf_token": token, "token": site.admin_token})
    assert tries == [401] * 10 + [429]
    assert right.status_code == 429 and "Log in again in" in right.text and "not even the right one" in right.text


def test_a_secret_file_advisor_did_not_make_or_cannot_write_is_a_usage_error(tmp_path):
    from advisor.core.errors import UsageError
    from advisor.web.secret import server_secret

    (tmp_path / SECRET_NAME).write_text("not a secret\n")
    with pytest.raises(UsageError, match="not a secret advisor made"):
        server_secret(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere: nothing to check
            return
        with pytest.raises(UsageError, match="cannot keep the server's secret there"):
            server_secret(locked)
    finally:
        locked.chmod(0o700)


def test_waits_are_said_in_words():
    from advisor.web.pages import wait_words

    assert [wait_words(s) for s in (0.4, 1, 6.2, 55, 56, 61, 600)] == [
        "in a second",
        "in a second",
        "in 7 seconds",
        "in 55 seconds",
        "in a minute",
        "in 2 minutes",
        "in 10 minutes",
    ]


def test_a_csrf_field_that_is_not_ascii_is_refused_not_a_failure(tmp_path):
    site = open_site(None, tmp_path)
    with TestClient(create_app(site)) as browser:
        browser.get("/")
        refused = browser.post("/start", data={"csrf_token": "é" * 64})
    assert refused.status_code == 403 and "security token is missing or out of date" in refused.text


# ---- the cross-port attack in a real browser -------------------------------------------------------------------------

CHROMEDRIVER = Path("/usr/bin/chromedriver")


@contextmanager
def attacker_site(page: str, cookie: str) -> Iterator[str]:
    """A page of an attacker's on another port of this host (a thread of this process) that sets `cookie` (for
    the whole host: cookies ignore ports); its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.send_header("set-cookie", cookie)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}/"
    finally:
        site.shutdown()
        site.server_close()


@pytest.mark.browser
def test_in_chromium_a_page_on_another_port_that_plants_the_cookie_cannot_close_the_survey(server):
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    organiser = client(server)
    log_in(organiser)
    survey_id, _ = create_survey(organiser, title="Targeted")
    chosen = "attacker-chosen-cookie-value-0123456789"
    with client(server, "127.0.0.2") as attacker:
        attacker.cookies.set("advisor_csrf", chosen)
        token = csrf_of(attacker.get("/").text)
    page = f"""<!DOCTYPE html><title>Cute cats</title>
<form id="f" method="post" action="{server.url}admin/surveys/{survey_id}/close">
<input type="hidden" name="csrf_token" value="{token}"></form>
<script>document.getElementById("f").submit();</script>"""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        driver.get(server.url + "admin/login")
        driver.find_element(By.ID, "admin-token").send_keys(ORGANISER_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form.admin-login button").click()
        wait = WebDriverWait(driver, 10, poll_frequency=0.05, ignored_exceptions=(WebDriverException,))
        wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Surveys")
        with attacker_site(page, f"advisor_csrf={chosen}; Path=/; HttpOnly; SameSite=Lax") as url:
            driver.get(url)  # the organiser visits the attacker's page
            wait.until(lambda d: d.current_url.startswith(server.url) and d.find_element(By.TAG_NAME, "h1").text)
            assert driver.find_element(By.TAG_NAME, "h1").text == "Request refused"
        assert {c["name"]: c["value"] for c in driver.get_cookies()}.get("advisor_csrf") == chosen  # it was planted
        driver.get(server.url + "admin")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Surveys"  # still logged in
    finally:
        driver.quit()
    assert re.search(r'id="survey-status"><strong>Open\.', dashboard(organiser, survey_id))
