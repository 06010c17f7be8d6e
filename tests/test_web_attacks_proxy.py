"""Issue 22, items 6 and 7, replayed as an attacker or a careless operator would: a forged Host header, forwarded
headers from an untrusted client, responses a browser or proxy could keep, a data folder others can read, a
read-only folder or database, and a full disk while a respondent saves a section (OWASP ASVS V12 files, V13 API,
V14 configuration)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from advisor.core.errors import UsageError
from advisor.web import Site, create_app, open_site, public_base_url
from advisor.web.assets import LONG_CACHE, asset_digest, asset_url
from advisor.web.limits import Settings
from advisor.web.store import DATABASE_NAME
from tests.conftest import EXAMPLES, ROOT
from tests.live_server import LiveServer, live_server
from tests.web_helpers import csrf_of, submit

PUBLIC = "https://advisor.example.org/"
EVIL = "evil.example"
LAW_FIRM = EXAMPLES / "law-firm.json"
LAW_FIRM_NAME = "Hargreave"


def served(data: Path, **settings: object) -> tuple[TestClient, Site]:
    """An app as `advisor serve --host 127.0.0.1` makes it (its bound host filled in), with `settings`."""
    site = open_site(None, data, Settings(bound_hosts=("127.0.0.1",), **settings))  # type: ignore[arg-type]
    return TestClient(create_app(site), base_url="http://127.0.0.1:8000"), site


def start(client: TestClient) -> str:
    """Start a questionnaire; the draft's token."""
    home = client.get("/")
    response = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[2]


def log_in(client: TestClient, token: str) -> None:
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": csrf_of(page.text), "token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def new_survey(admin: TestClient) -> str:
    """Create a survey with the form; its dashboard's path."""
    page = admin.get("/admin/surveys/new")
    fields = {"title": "Where do we stand on AI?", "org_name": "Harbour News", "regions": '"EU"'}
    response = submit(admin, "/admin/surveys", page.text, fields)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def link_in(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}" class="link" type="text" readonly value="([^"]+)"', page)
    assert found, f"no #{element_id} on the page"
    return found[1]


# ---- Host: links and names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/upload", "/q/anything/saved", "/admin", "/admin/login", "/api/v1/rules"])
def test_a_host_that_is_not_the_servers_is_refused_400_without_naming_it(tmp_path, path):
    client, _ = served(tmp_path)

    response = client.get(path, headers={"host": EVIL}, follow_redirects=False)

    assert response.status_code == 400
    assert EVIL not in response.text and not any(EVIL in value for value in response.headers.values())
    assert response.headers["cache-control"] == "no-store" and response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]:8000", "[::1]"])
def test_loopback_names_and_the_bound_address_are_accepted_with_or_without_a_port(tmp_path, host):
    client, _ = served(tmp_path)
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1.evil.example", "localhost@evil.example", "[::1", ""])
def test_names_that_only_look_like_the_servers_are_refused(tmp_path, host):
    client, _ = served(tmp_path)
    assert client.get("/", headers={"host": host}).status_code == 400


def test_with_a_public_url_the_resume_link_is_under_it_whatever_host_was_sent(tmp_path):
    client, _ = served(tmp_path, public_url=PUBLIC)
    token = start(client)
    for host in ("localhost:8000", "127.0.0.1", "advisor.example.org"):
        saved = client.get(f"/q/{token}/saved", headers={"host": host})
        assert saved.status_code == 200, host
        assert link_in(saved.text, "resume-link") == f"{PUBLIC}q/{token}"
    assert client.get(f"/q/{token}/saved", headers={"host": EVIL}).status_code == 400


def test_with_a_public_url_the_survey_link_on_the_dashboard_is_under_it(tmp_path):
    admin, site = served(tmp_path, public_url=PUBLIC)
    log_in(admin, site.admin_token)
    dashboard = new_survey(admin)
    for host in ("localhost", "advisor.example.org"):
        link = link_in(admin.get(dashboard, headers={"host": host}).text, "respondent-link")
        assert link.startswith(f"{PUBLIC}s/")
    survey_page = TestClient(create_app(site), base_url="http://localhost").get(link.removeprefix(PUBLIC[:-1]))
    assert survey_page.status_code == 200  # the link works


def test_without_a_public_url_the_links_use_the_accepted_host(tmp_path):
    client, _ = served(tmp_path)
    token = start(client)
    saved = client.get(f"/q/{token}/saved", headers={"host": "localhost:8000"})
    assert link_in(saved.text, "resume-link") == f"http://localhost:8000/q/{token}"


@pytest.mark.parametrize(
    "value", ["https://x.org/advisor/", "https://x.org/advisor", "ftp://x.org/", "https://x.org:99999/"]
)
def test_a_public_url_with_a_path_or_without_http_is_a_usage_error(value):
    with pytest.raises(UsageError, match="--public-url"):
        public_base_url(value)
    assert public_base_url("https://Advisor.Example.org") == "https://advisor.example.org/"


def test_the_public_url_with_a_path_is_refused_by_the_cli_with_exit_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(tmp_path), "--public-url",
         "https://x.org/advisor/"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "served at the root of its address" in result.stderr
    assert "Traceback" not in result.stderr


# ---- the real server: Host, proxy headers, 0.0.0.0 -----------------------------------------------------------------


def logged(server: LiveServer, text: str, timeout: float = 10) -> str:
    """The first log line containing `text`, waiting for the log reader (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(server.log):
            if text in line:
                return line
        time.sleep(0.02)
    raise AssertionError(f"{text!r} not logged: {server.log}")


def forged(server: LiveServer) -> httpx.Response:
    """A request with a forged Host and forwarded client address and scheme, as a client could send it."""
    headers = {"host": EVIL, "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https"}
    return httpx.get(server.url, headers=headers, timeout=10)


def csrf_cookie_of(server: LiveServer, **headers: str) -> str:
    return httpx.get(server.url, headers=headers, timeout=10).headers["set-cookie"]


def test_the_real_server_refuses_a_forged_host_and_ignores_forwarded_headers_from_an_untrusted_client(tmp_path):
    with live_server(tmp_path / "data") as server:
        response = forged(server)
        assert response.status_code == 400 and EVIL not in response.text
        line = logged(server, "unknown Host")
        assert "from 127.0.0.1" in line and "203.0.113.7" not in line  # the address the server saw, not the claim
        cookie = csrf_cookie_of(server, **{"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7"})
        assert "secure" not in cookie.lower()  # the scheme was not taken from the client's header either
        assert httpx.get(server.url.replace("127.0.0.1", "localhost"), timeout=10).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_address_and_scheme_are_used(tmp_path):
    with live_server(tmp_path / "data", "--forwarded-allow-ips", "127.0.0.1", "--public-url", PUBLIC) as server:
        assert forged(server).status_code == 400
        assert "from 203.0.113.7" in logged(server, "unknown Host")
        cookie = csrf_cookie_of(server, **{"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7"})
        assert "secure" in cookie.lower()  # the proxy said the visitor used https
        with httpx.Client(base_url=server.url, headers={"host": "advisor.example.org"}, timeout=10) as client:
            home = client.get("/")
            assert home.status_code == 200
            started = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
            token = started.headers["location"].split("/")[2]
            saved = client.get(f"/q/{token}/saved").text
        assert link_in(saved, "resume-link") == f"{PUBLIC}q/{token}"


def test_bound_to_every_address_it_accepts_this_machines_names_and_recommends_a_public_url(tmp_path):
    with live_server(tmp_path / "data", "--host", "0.0.0.0") as server:
        assert "--public-url" in logged(server, "note:")
        url = f"http://127.0.0.1:{server.port}/"
        for name in {socket.gethostname(), "localhost", "127.0.0.1", "0.0.0.0"}:
            assert httpx.get(url, headers={"host": f"{name}:{server.port}"}, timeout=10).status_code == 200, name
        assert httpx.get(url, headers={"host": EVIL}, timeout=10).status_code == 400


# ---- Cache-Control --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def everything(tmp_path_factory) -> Iterator[tuple[TestClient, TestClient, dict[str, str]]]:
    """A respondent with a saved draft and a result, an organiser with a survey: the addresses of every kind of page
    and download."""
    client, site = served(tmp_path_factory.mktemp("data"))
    token = start(client)
    upload = client.post(
        "/upload",
        data={"csrf_token": csrf_of(client.get("/upload").text)},
        files={"profile": ("law-firm.json", LAW_FIRM.read_bytes(), "application/json")},
        follow_redirects=False,
    )
    result = upload.headers["location"]
    admin = TestClient(create_app(site), base_url="http://127.0.0.1:8000")
    log_in(admin, site.admin_token)
    dashboard = new_survey(admin)
    paths = {
        "home": "/",
        "section": f"/q/{token}/1",
        "resume": f"/q/{token}",
        "saved": f"/q/{token}/saved",
        "summary": f"/q/{token}/summary",
        "result": result,
        "pdf": f"{result}/report.pdf",
        "profile": f"{result}/profile.json",
        "assessment": f"{result}/assessment.json",
        "upload": "/upload",
        "admin login": "/admin/login",
        "admin home": "/admin",
        "dashboard": dashboard,
        "csv": f"{dashboard}/responses.csv",
        "jsonl": f"{dashboard}/profiles.jsonl",
        "api rules": "/api/v1/rules",
        "openapi": "/openapi.json",
        "not found": "/nothing-here",
        "missing draft": "/q/not-a-token/summary",
    }
    yield client, admin, paths
    site.store.close()


@pytest.mark.parametrize(
    "kind",
    ["home", "section", "resume", "saved", "summary", "result", "profile", "assessment", "upload",
     "admin login", "admin home", "dashboard", "csv", "jsonl", "api rules", "openapi", "not found", "missing draft"],
)  # fmt: skip
def test_no_page_or_download_may_be_kept_by_a_browser_or_proxy(everything, kind):
    client, admin, paths = everything
    response = (admin if kind.startswith(("admin", "dashboard", "csv", "jsonl")) else client).get(
        paths[kind], follow_redirects=False
    )
    assert response.status_code in (200, 303, 404), response.text[:200]
    assert response.headers["cache-control"] == "no-store"


def test_refusals_are_not_kept_either(everything):
    client, _, paths = everything
    too_large = client.post("/start", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "text/plain"})
    wrong_method = client.delete(paths["result"])
    api_problem = client.post("/api/v1/assess", content=b"{", headers={"content-type": "application/json"})
    for response in (too_large, wrong_method, api_problem):
        assert response.status_code in (405, 413, 422), response.status_code
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("name", ["web/site.css", "web/site.js"])
def test_assets_at_their_digests_address_are_kept_a_year_others_are_checked_again(everything, name):
    client, _, paths = everything
    page = client.get(paths["home"]).text
    assert f'"{asset_url(name)}"' in page and len(asset_digest(name)) == 12
    kept = client.get(asset_url(name))
    assert kept.status_code == 200 and kept.headers["cache-control"] == LONG_CACHE
    assert kept.content == (ROOT / "templates" / "assets" / name).read_bytes()
    for stale in (f"/assets/{name}", f"/assets/{name}?v=000000000000"):
        assert client.get(stale).headers["cache-control"] == "no-cache"


def test_the_pdf_report_is_not_kept_and_is_made_from_the_files_not_the_assets_addresses(everything):
    client, _, paths = everything
    response = client.get(paths["pdf"])
    assert response.headers["cache-control"] == "no-store"
    pdf = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) > 1 and LAW_FIRM_NAME in text


# ---- files: modes, read-only, full disk -----------------------------------------------------------------------------


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_in_an_existing_folder_others_can_read_the_files_are_private_with_a_warning(tmp_path):
    data = tmp_path / "shared"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / DATABASE_NAME).touch(mode=0o644)  # left by an older version
    (data / DATABASE_NAME).chmod(0o644)
    with live_server(data) as server:
        assert "readable by others (mode 0755)" in logged(server, "warning:")
        home = httpx.get(server.url, timeout=10)
        httpx.post(server.url + "start", data={"csrf_token": csrf_of(home.text)}, cookies=home.cookies, timeout=10)
        files = {path.name: mode_of(path) for path in data.iterdir()}
    assert mode_of(data) == 0o700
    assert {f"{DATABASE_NAME}{suffix}" for suffix in ("", "-wal", "-shm")} <= set(files)
    assert set(files.values()) == {0o600}, files


def test_a_new_data_folder_is_0700_and_its_database_0600(tmp_path):
    data = tmp_path / "new" / "advisor"
    site = open_site(None, data)
    site.store.create({}, "x")
    site.store.close()
    assert mode_of(data) == 0o700 and site.notices == []
    assert {mode_of(path) for path in data.iterdir()} == {0o600}


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` unwritable: chmod for a normal user; for root, whom modes do not stop, the immutable attribute."""
    if os.geteuid() != 0:
        before = mode_of(path)
        path.chmod(before & ~0o222)
        try:
            yield
        finally:
            path.chmod(before)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: nothing makes a folder read-only for root")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def serve_exit(data: Path) -> subprocess.CompletedProcess[str]:
    """`advisor serve --data DATA` expected to stop before serving."""
    return subprocess.run(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_read_only_data_folder_is_refused_at_start_with_exit_2_and_the_reason(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    with read_only(data):
        existing = serve_exit(data)
        inside = serve_exit(data / "new")
    assert existing.returncode == 2, existing.stderr
    assert f"--data {data}: " in existing.stderr and "advisor needs to write its database there" in existing.stderr
    assert inside.returncode == 2 and f"--data {data / 'new'}: the folder cannot be made" in inside.stderr
    for result in (existing, inside):
        assert "Traceback" not in result.stderr and "bug" not in result.stderr.lower()


def test_a_read_only_database_is_refused_at_start_not_at_the_first_answer(tmp_path):
    site = open_site(None, tmp_path)
    site.store.close()
    with read_only(tmp_path / DATABASE_NAME):
        result = serve_exit(tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"{DATABASE_NAME}: the database is read-only" in result.stderr and "Traceback" not in result.stderr


def fill_the_disk(site: Site) -> None:
    """Let the database grow no more (SQLite's max_page_count, as a full disk would) and fill every page it has:
    filler drafts until no page is left, then each filler grown until its page has no room for more."""
    pages = site.store.query("PRAGMA page_count")[0][0]
    site.store.query(f"PRAGMA max_page_count = {pages}")
    fillers = 0
    with contextlib.suppress(sqlite3.OperationalError):
        for fillers in range(100_000):  # how many were made
            site.store.execute(
                "INSERT INTO drafts (token, answers, questions_sha256, source, created, updated) "
                "VALUES (?, '', '', 'filler', '', '')",
                (f"filler-{fillers:06}",),
            )
    for number in range(fillers):
        for size in (2048, 512, 128, 32, 8, 2, 1):
            with contextlib.suppress(sqlite3.OperationalError):
                while True:
                    site.store.execute(
                        "UPDATE drafts SET answers = answers || ? WHERE token = ?", ("x" * size, f"filler-{number:06}")
                    )
    assert site.store.query("PRAGMA freelist_count")[0][0] == 0


def test_a_full_disk_while_saving_a_section_says_it_was_not_saved_and_keeps_the_previous_answers(tmp_path, caplog):
    client, site = served(tmp_path)
    token = start(client)
    first = client.get(f"/q/{token}/1").text
    assert submit(client, f"/q/{token}/1", first, {"org_name": "Kept Ltd"}).status_code == 303
    before = site.store.get(token).answers
    fill_the_disk(site)
    second = client.get(f"/q/{token}/2").text

    changes = {"writing_importance": "5", "code_importance": "4", "image_importance": "3", "audio_importance": "2"}
    response = submit(client, f"/q/{token}/2", second, changes)
    if response.status_code == 422 and "further question" in response.text:  # the needs opened their volumes
        response = submit(client, f"/q/{token}/2", response.text, {})

    assert response.status_code == 503, response.text[:300]
    assert "NOT saved" in response.text and "send it again in a minute" in response.text
    assert response.headers["retry-after"] and response.headers["cache-control"] == "no-store"
    assert site.store.get(token).answers == before and before["org_name"] == "Kept Ltd"
    assert any("the disk is full" in record.getMessage() for record in caplog.records)


def test_a_full_disk_gives_an_api_client_json_problems(tmp_path):
    client, site = served(tmp_path)
    page = client.get("/upload").text
    fill_the_disk(site)
    response = client.post(
        "/upload",
        data={"csrf_token": csrf_of(page)},
        files={"profile": ("law-firm.json", LAW_FIRM.read_bytes(), "application/json")},
        headers={"accept": "application/json"},
        follow_redirects=False,
    )
    assert response.status_code == 503
    assert "NOT saved" in response.json()["problems"][0]["message"]


def test_a_database_made_read_only_while_serving_gives_the_not_saved_page(tmp_path):
    client, site = served(tmp_path)
    token = start(client)
    page = client.get(f"/q/{token}/1").text
    site.store.query("PRAGMA query_only = ON")  # SQLite's own "attempt to write a readonly database"

    response = submit(client, f"/q/{token}/1", page, {"org_name": "Lost Ltd"})

    assert response.status_code == 503 and "NOT saved" in response.text
    site.store.query("PRAGMA query_only = OFF")
    assert site.store.get(token).answers.get("org_name") != "Lost Ltd"
    assert client.get(f"/q/{token}/1").status_code == 200  # reading goes on


@pytest.mark.parametrize(
    "error", [sqlite3.OperationalError("no such table: drafts"), RuntimeError("a bug"), OSError(5 + 100, "odd")]
)
def test_an_error_that_is_not_the_disk_refusing_stays_a_500_with_an_error_id_and_is_not_kept(tmp_path, error):
    client, site = served(tmp_path)
    token = start(client)

    def broken(token: str) -> None:
        raise error

    site.store.get = broken  # type: ignore[method-assign]
    response = TestClient(client.app, base_url="http://127.0.0.1", raise_server_exceptions=False).get(f"/q/{token}/1")
    assert response.status_code == 500 and "error id" in response.text and "NOT saved" not in response.text
    assert response.headers["cache-control"] == "no-store"


def test_absolute_links_are_made_in_one_place_and_assets_only_at_their_digests_address():
    """Guards of the class: a new absolute link must go through links.absolute_url (--public-url), a new asset link
    through asset_url (its digest), or it would come from the Host header or be cached under a stale address."""
    web = ROOT / "advisor" / "web"
    building = [path.name for path in web.glob("*.py") if "url_for(" in path.read_text(encoding="utf-8")]
    assert building == ["links.py"]
    literal = [path.name for path in (ROOT / "templates").rglob("*.j2") if "/assets/" in path.read_text("utf-8")]
    assert literal == []
