"""What a person sees when the server refuses or protects, in real headless Chromium (one browser for the module):
too many new starts or wrong admin tokens (429), the report queue busy and the disk full (503, "NOT saved"), too
many requests from one address or in all (503), a body that stopped coming (408), an unknown host name (400), a
form from another site or with an old token (403), a full survey, the organiser's ended session. Each page says what
happened, what was kept, what to do and when (in words, never a raw status or an internal name), and offers a way
back; its message is an alert under one h1. Screenshots at desktop width and 375 px go to /tmp/refusal-pages/.

Refusals that need an attack to happen (a slow body, a full queue, a full disk) are served by the real functions
that answer them, mounted under /refusal/ beside the real application; the others are reached as a person would.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from advisor.core.problem_codes import PROBLEM_CODES
from advisor.web import admin_pages, create_app, open_site
from advisor.web.admin_auth import AdminRefused
from advisor.web.app import cross_origin
from advisor.web.connections import server_busy
from advisor.web.limits import Limits, Settings
from advisor.web.pages import pdf_refused
from advisor.web.renders import CLIENT_BUSY, QUEUE_FULL, Refused
from advisor.web.security import CsrfRefused
from advisor.web.survey_pages import full_page
from advisor.web.timeouts import busy_answer, timed_out_answer
from tests.live_server import serve_in_thread
from tests.test_web_browser import CHROMEDRIVER, DESKTOP, MOBILE, new_driver

SHOTS = Path("/tmp/refusal-pages")
pytestmark = [pytest.mark.browser, pytest.mark.slow]
if CHROMEDRIVER.exists():
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

RAW = re.compile(r"\b(4\d\d|5\d\d)\b|requests_per_client|max_connections|limit_concurrency|Retry-After|_")


def _refusals(app: Any) -> dict[str, Callable[[Request], Awaitable[Any]]]:
    """The real answers to refusals an attack would cause, by name."""

    async def storage(request: Request) -> Any:  # the handlers are plain functions: Starlette runs them in a thread
        return await run_in_threadpool(
            app.exception_handlers[OSError], request, OSError(errno.ENOSPC, "No space left on device")
        )

    async def csrf(request: Request) -> Any:
        return await run_in_threadpool(app.exception_handlers[CsrfRefused], request, CsrfRefused())

    def plain(answer: Callable[[Request], Any]) -> Callable[[Request], Awaitable[Any]]:
        async def call(request: Request) -> Any:
            return answer(request)

        return call

    survey = SimpleNamespace(title="Staff survey 2027", max_responses=40)
    return {
        "storage": storage,
        "csrf": csrf,
        "busy-client": plain(busy_answer),
        "slow-body": plain(timed_out_answer),
        "cross-origin": plain(cross_origin),
        "full": plain(lambda r: full_page(r, survey)),  # type: ignore[arg-type]
        "ended": plain(lambda r: admin_pages.refused_page(r, AdminRefused(401, ended=True))),
        "result/x/report.pdf": plain(lambda r: pdf_refused(r, Refused(503, 20, QUEUE_FULL))),
        "result/y/report.pdf": plain(lambda r: pdf_refused(r, Refused(429, 3, CLIENT_BUSY))),
    }


def with_refusals(app: Any) -> Any:
    """The application with the refusal answers at /refusal/NAME, behind all its middleware (uvicorn's own 503,
    which no middleware sees, at /refusal/server-busy)."""
    answers = _refusals(app)

    async def refusal(request: Request) -> Any:
        name = request.path_params["name"]
        if "/" in name:  # a PDF's refusal, at its own address (its link back is made from it)
            request = Request({**request.scope, "path": "/" + name}, request.receive)
        return await answers[name](request)

    app.router.add_route("/refusal/{name:path}", refusal, methods=["GET"])

    async def outer(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/refusal/server-busy":
            await server_busy(scope, receive, send)
        else:
            await app(scope, receive, send)

    return outer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """advisor on a free loopback port that answers only its own host names, with small per-client limits."""
    limits = Limits(drafts_per_minute=1, admin_failures_per_minute=1)
    settings = Settings(bound_hosts=("127.0.0.1",), limits=limits)
    site = open_site(None, tmp_path_factory.mktemp("refusals"), settings)
    app = create_app(site)
    served = serve_in_thread(with_refusals(app))
    try:
        yield SimpleNamespace(url=served.url, site=site, app=app)
    finally:
        served.stop()
        site.store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = new_driver(javascript=True)
    try:
        yield driver
    finally:
        driver.quit()


def looked_at(driver: WebDriver, name: str) -> dict[str, Any]:
    """The page's heading, alert, links and what a reader sees, after a screenshot at desktop width and at 375 px
    (no sideways scrolling at 375 px)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(*DESKTOP)
    driver.save_screenshot(str(SHOTS / f"{name}-desktop.png"))
    driver.set_window_size(*MOBILE)
    driver.save_screenshot(str(SHOTS / f"{name}-375.png"))
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    driver.set_window_size(*DESKTOP)
    assert overflow <= 0, f"{name} scrolls sideways at 375 px"
    headings = [h.tag_name for h in driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3")]
    alerts = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "[role=alert], [role=status]")]
    links = {a.text: a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a")}
    return {"title": driver.title, "headings": headings, "alerts": alerts, "links": links, "text": body(driver)}


def body(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def a_readable_refusal(seen: dict[str, Any], *sentences: str) -> None:
    """One h1, one alert that holds every sentence, "Error:" in the title, no raw status or internal name."""
    assert seen["headings"][:1] == ["h1"] and seen["headings"].count("h1") == 1, seen
    assert len(seen["alerts"]) == 1, seen
    for sentence in sentences:
        assert sentence in seen["alerts"][0], (sentence, seen["alerts"][0])
    assert seen["title"].startswith("Error: "), seen["title"]
    assert not RAW.search(seen["text"]), (RAW.search(seen["text"]), seen["text"])


PAGES = {
    # name: (sentences in the alert, the link back's words and where it leads)
    "storage": (
        ["Your last answer was NOT saved", "What you saved before is kept", "send it again in a minute"],
        ("Back to the start", "/"),
    ),
    "busy-client": (["nothing was saved", "What you saved before is kept", "Try again in 5 seconds"], None),
    "slow-body": (["stopped arriving", "nothing was saved", "send it again"], None),
    "cross-origin": (["came from another site", "nothing was changed", "send the form from there"], None),
    "csrf": (["could not be checked", "nothing was saved", "reload the page and send it again"], None),
    "full": (["takes no new ones", "If you have already accepted your answers, they count"], None),
    "result/x/report.pdf": (
        ["yours was not started", "Nothing was lost", "Ask for the PDF again in 20 seconds"],
        ("Back to the result", "/result/x"),
    ),
    "result/y/report.pdf": (
        ["still being made", "Nothing was lost", "Ask for the PDF again in 3 seconds"],
        ("Back to the result", "/result/y"),
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_refusal_page_says_what_happened_what_was_kept_and_when_to_try_again(server, browser, name):
    sentences, back = PAGES[name]
    browser.get(f"{server.url}/refusal/{name}")
    seen = looked_at(browser, name.replace("/", "-"))
    a_readable_refusal(seen, *sentences)
    label, path = back or ("Back to the start", "/")
    assert seen["links"].get(label) == server.url + path, seen["links"]


def test_the_server_busy_page_past_max_connections_needs_no_asset_and_says_when(server, browser):
    browser.get(f"{server.url}/refusal/server-busy")
    seen = looked_at(browser, "server-busy")
    a_readable_refusal(seen, "too many requests in progress", "nothing was saved", "Try again in 5 seconds")
    assert "Try again" in seen["links"]


def test_too_many_new_starts_from_one_address_say_when_to_start_again(server, browser):
    browser.delete_all_cookies()
    for _ in range(2):
        browser.get(server.url + "/")
        click_and_wait(browser, "form[action='/start'] button")
    seen = looked_at(browser, "too-many-starts")
    a_readable_refusal(seen, "was not", "Nothing was lost", "Try again in")


def test_too_many_wrong_admin_tokens_say_when_to_log_in_again(server, browser):
    browser.delete_all_cookies()
    for _ in range(2):
        browser.get(server.url + "/admin/login")
        browser.find_element(By.ID, "admin-token").send_keys("a wrong token")
        click_and_wait(browser, "form.admin-login button")
    seen = looked_at(browser, "admin-tokens")
    a_readable_refusal(seen, "not even the right one", "Nothing was lost", "Log in again in")
    assert seen["links"].get("Back to the login page") == server.url + "/admin/login"


def test_an_ended_organiser_session_shows_the_login_form_with_why(server, browser):
    browser.get(f"{server.url}/refusal/ended")
    seen = looked_at(browser, "session-ended")
    assert "Your organiser session has ended" in seen["alerts"][0] and "Log in again" in seen["alerts"][0]
    assert browser.find_element(By.CSS_SELECTOR, "label[for=admin-token]").text == "Admin token"
    assert not RAW.search(seen["alerts"][0])  # the page names ADVISOR_ADMIN_TOKEN, an option of the organiser


def test_an_unknown_host_name_gets_a_page_that_says_which_address_to_use_and_no_link(server, browser):
    port = server.url.rsplit(":", 1)[1]
    browser.get(f"http://wrong-name.localhost:{port}/")  # Chromium sends *.localhost to loopback
    seen = looked_at(browser, "unknown-host")
    a_readable_refusal(seen, "does not answer to that host name", "Use the address its organiser gave you")
    assert seen["links"] == {}


def click_and_wait(driver: WebDriver, selector: str) -> None:
    """Click the button `selector` finds and wait until the page it leads to has loaded: the old page gone first (its
    readyState is "complete" too, so waiting for that alone could let the next step cancel the form's request).

    Under a loaded test run Chromium has once answered a click with "node does not belong to the document" for a
    button found a moment before, on a page that had not changed: the click never reached the page, so it is found
    and clicked once more."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    try:
        driver.find_element(By.CSS_SELECTOR, selector).click()
    except (StaleElementReferenceException, WebDriverException) as exc:
        if "does not belong to the document" not in str(exc) and not isinstance(exc, StaleElementReferenceException):
            raise
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


# --- API clients: every refusal in the JSON problems shape --------------------------------------------------------


@pytest.mark.parametrize("name", [*PAGES, "server-busy", "ended"])
def test_an_api_client_gets_each_refusal_as_json_problems(server, name):
    import httpx

    response = httpx.get(f"{server.url}/refusal/{name}", headers={"accept": "application/json"})
    assert response.status_code >= 400
    assert response.headers["content-type"].startswith("application/json")
    problems = response.json()["problems"]
    assert problems and all(set(p) == {"path", "message", "code"} for p in problems)
    assert all(p["code"] in PROBLEM_CODES for p in problems)
    assert response.headers["cache-control"] == "no-store", response.headers
    if response.status_code in (429, 503):
        assert int(response.headers["retry-after"]) > 0


def test_an_unknown_host_gets_json_problems_too(server):
    with TestClient(server.app, base_url="http://evil.example") as client:
        response = client.get("/api/v1/rules")
    assert response.status_code == 400
    assert response.json()["problems"][0]["message"].startswith("This server does not answer to that host name")


@pytest.fixture(scope="module")
def api(server: Any) -> Iterator[TestClient]:
    with TestClient(server.app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path", "body", "kind", "status"),
    [
        ("post", "/api/v1/assess", b"x" * (1024 * 1024 + 1), "application/json", 413),
        ("post", "/api/v1/assess", b"{}", "text/plain", 415),
        ("post", "/api/v1/assess", b"{", "application/json", 422),
        ("post", "/api/v1/whatif", b"[" * 40 + b"]" * 40, "application/json", 413),
        ("get", "/api/v1/nothing-here", None, None, 404),
        ("put", "/api/v1/assess", None, None, 405),
    ],
)
def test_each_api_refusal_is_json_problems_that_no_cache_keeps(api, method, path, body, kind, status):
    headers = {"content-type": kind} if kind else {}
    response = api.request(method.upper(), path, content=body, headers=headers)
    assert response.status_code == status, response.text[:200]
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    problems = response.json()["problems"]
    assert problems and all({"path", "message"} <= set(p) and p["message"] for p in problems)


def test_the_openapi_document_declares_every_refusal_an_api_operation_can_give(api):
    paths = api.get("/openapi.json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            expected = {"429", "503"} | ({"413", "415", "422"} if "requestBody" in operation else set())
            assert expected <= statuses, (method, path, sorted(statuses))
            for status in ("429", "503"):
                assert "Retry-After" in operation["responses"][status]["headers"], (method, path, status)


# --- the organiser's pages: ended session, bulk delete, "accepted, changes in progress" ----------------------------


def a_survey_with_two_responses(server: Any) -> tuple[str, list[str]]:
    """A survey made through the organiser's form, and two respondents (each from an address of their own) who
    accepted their answers, one of whom then changed one: the dashboard's path and the respondents' tokens."""
    from tests.test_web_survey import answer, respond
    from tests.web_helpers import csrf_of, submit

    admin = TestClient(server.app, base_url="http://127.0.0.1", client=("10.9.0.1", 1))
    page = admin.get("/admin/login").text
    admin.post("/admin/login", data={"csrf_token": csrf_of(page), "token": server.site.admin_token})
    fields = {"title": "Where do we stand on AI?", "org_name": "Harbour News", "regions": '"EU"'}
    made = submit(admin, "/admin/surveys", admin.get("/admin/surveys/new").text, fields)
    dashboard = made.headers["location"]
    link = re.search(r'id="respondent-link"[^>]*value="http://127\.0\.0\.1(/s/[^"]+)"', admin.get(dashboard).text)
    assert link
    tokens = []
    for number, role in enumerate(["Finance", "Legal"]):
        respondent = TestClient(server.app, base_url="http://127.0.0.1", client=(f"10.9.1.{number}", 1))
        tokens.append(respond(respondent, link[1], role, {"writing_importance": "5", "code_importance": "3"}))
        if role == "Legal":
            assert answer(respondent, tokens[-1], 2, {"writing_importance": "1"}).status_code == 303
    return dashboard, tokens


def as_organiser(server: Any, browser: WebDriver, session: str | None = None) -> None:
    """The browser with an organiser's session cookie (a live one by default, as a login gives)."""
    browser.get(server.url + "/admin/login")
    browser.delete_all_cookies()
    value = session or server.site.sessions.open()
    browser.add_cookie({"name": "advisor_admin", "value": value, "path": "/admin", "httpOnly": True})


def test_a_session_that_ended_shows_the_login_form_with_why_in_an_alert(server, browser):
    as_organiser(server, browser, session="a-session-that-ended")
    browser.get(server.url + "/admin")
    seen = looked_at(browser, "session-ended-real")
    assert seen["headings"] == ["h1"] and len(seen["alerts"]) == 1 and seen["title"].startswith("Error: ")
    assert seen["alerts"][0].startswith("Your organiser session has ended") and "Log in again" in seen["alerts"][0]


def test_bulk_delete_names_how_many_and_whom_and_says_how_many_were_deleted(server, browser):
    dashboard, _ = a_survey_with_two_responses(server)
    as_organiser(server, browser)
    browser.get(server.url + dashboard)
    seen = looked_at(browser, "dashboard-changes-in-progress")
    assert [h for h in seen["headings"] if h != "h3"][:3] == ["h1", "h2", "h2"]
    statuses = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#responses td.status")]
    assert sorted(statuses) == ["accepted", "accepted, changes in progress"]
    ticks = browser.find_elements(By.CSS_SELECTOR, "#responses input[type=checkbox]")
    names = [t.accessible_name.strip("\u2068\u2069").replace("\u2068", "").replace("\u2069", "") for t in ticks]
    assert sorted(names) == ["Tick the response of Finance", "Tick the response of Legal"], names
    for tick in ticks:
        tick.click()
    click_and_wait(browser, "#delete-several button")
    seen = looked_at(browser, "delete-several-confirm")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Delete 2 responses?"
    assert "cannot be undone" in seen["text"] and "Finance" in seen["text"] and "Legal" in seen["text"]
    assert seen["links"].get("Keep them") == server.url + dashboard and not seen["alerts"]
    click_and_wait(browser, "form[action$='/responses/delete'] button.danger")
    seen = looked_at(browser, "delete-several-done")
    assert "2 responses deleted." in seen["alerts"]
    assert browser.find_element(By.ID, "deleted").get_attribute("role") == "status"


def test_a_stale_form_says_nothing_was_saved_what_changed_and_keeps_what_was_typed(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.test_web_survey import answer
    from tests.web_helpers import csrf_of

    other = TestClient(server.app, base_url="http://127.0.0.1", client=("10.9.2.1", 1))
    home = other.get("/").text
    started = other.post("/start", data={"csrf_token": csrf_of(home)}, follow_redirects=False)
    token = started.headers["location"].split("/")[2]
    browser.delete_all_cookies()
    browser.get(f"{server.url}/q/{token}/1")
    assert answer(other, token, 1, {"org_name": "Saved elsewhere Ltd"}).status_code == 303  # another tab saves
    name = browser.find_element(By.CSS_SELECTOR, "input[name=org_name]")
    name.clear()
    name.send_keys("Typed here GmbH")
    button = browser.find_element(By.CSS_SELECTOR, "button[value=next]")
    browser.execute_script("arguments[0].scrollIntoView(); arguments[0].click()", button)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "stale"))
    seen = looked_at(browser, "stale-form")
    alert = seen["alerts"][0]
    assert alert.startswith("Nothing was saved: this page was out of date.") and "Saved elsewhere Ltd" in alert
    changes = browser.find_elements(By.CSS_SELECTOR, "#stale-changes li")
    assert len(changes) == 1, [c.text for c in changes]  # questions left empty on both pages are no change
    assert browser.find_element(By.CSS_SELECTOR, "input[name=org_name]").get_attribute("value") == "Typed here GmbH"
    assert seen["title"].startswith("Error: ") and seen["headings"][0] == "h1"
    assert not RAW.search(alert), alert


def test_the_server_answers_past_max_connections_with_its_own_busy_page_not_uvicorns():
    from uvicorn.protocols.http import h11_impl

    from advisor.web.connections import timed_protocol
    from advisor.web.limits import RefusalLog

    timed_protocol(Limits(), RefusalLog())
    assert h11_impl.service_unavailable is server_busy
