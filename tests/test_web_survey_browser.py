"""A survey in a real browser (headless Chromium, as in test_web_browser.py): the organiser logs in and creates a
survey; two respondents answer in two separate sessions, one of them stopping and resuming with the link; the
organiser sees both, their recommendations and the group assessment, and downloads the group JSON and the group
report (PDF).
Screenshots (desktop and 375 px) go to test-artifacts/screenshots/."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Iterator

import orjson
import pypdf
import pytest

from tests.test_web_browser import (
    CHROMEDRIVER,
    LiveServer,
    choose,
    find,
    fresh,
    new_driver,
    press,
    screenshots,
    start_server,
)

pytestmark = pytest.mark.skipif(
    not CHROMEDRIVER.exists(),
    reason="no /usr/bin/chromedriver: install Debian's chromium and chromium-driver (`make test` does, as root)",
)

if CHROMEDRIVER.exists():
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

SUBMIT = "Accept, send my response and see my recommendation"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("survey-data"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def two_browsers() -> Iterator[tuple[WebDriver, WebDriver]]:
    """The organiser's browser and the respondents' (cookies cleared between respondents); always quit."""
    started: list[WebDriver] = []
    try:
        started.append(new_driver(True))
        started.append(new_driver(True))
        yield started[0], started[1]
    finally:
        for driver in started:
            driver.quit()


def fetch(driver: WebDriver, url: str) -> tuple[str, bytes]:
    """GET `url` with the browser's cookies for that page (a download, without a download folder)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=60) as response:
        return response.headers["content-type"], bytes(response.read())


def begin(driver: WebDriver, link: str, role: str) -> None:
    """Open the survey link in a new session, start, and give the role."""
    fresh(driver).get(link)
    assert "You are asked to answer for Lighthouse Media" in find(driver, "main").text
    press(driver, "Start the questionnaire")
    assert find(driver, "h1").text == "About you"
    assert "answering for Lighthouse Media" in find(driver, ".survey-banner").text
    assert not driver.find_elements(By.CSS_SELECTOR, "#in-org_name"), "the organisation is not asked again"
    find(driver, "#in-respondent_role").send_keys(role)


def needs_then_accept(driver: WebDriver, use_case: str) -> None:
    """Section 2: one use case essential (its volume question appears at once); the rest as shown; accept."""
    assert find(driver, "h1").text == "Content needs"
    choose(driver, f"{use_case}_importance", 5)
    WebDriverWait(driver, 5, poll_frequency=0.02).until(lambda d: find(d, f"#q-{use_case}_volume").is_displayed())
    for _ in range(3):
        press(driver, "Next")
    press(driver, "Review your answers")
    assert find(driver, "h1").text == "Your answers"
    assert "The organisation’s details come from the survey: Lighthouse Media" in find(driver, "main").text
    press(driver, SUBMIT)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#response-recorded"))
    assert "is saved" in find(driver, "#response-recorded").text


def test_an_organiser_and_two_respondents_in_separate_sessions(
    live: LiveServer, two_browsers: tuple[WebDriver, WebDriver]
) -> None:
    organiser, respondent = two_browsers
    organiser.get(live.url + "/admin")
    assert find(organiser, "h1").text == "Organiser: log in"
    find(organiser, "#admin-token").send_keys(live.site.admin_token)
    press(organiser, "Log in")
    assert find(organiser, "h1").text == "Surveys"
    press(organiser, "New survey")
    find(organiser, "#in-title").send_keys("Where do we stand on AI?")
    find(organiser, "#in-org_name").send_keys("Lighthouse Media")
    choose(organiser, "regions", "EU")
    press(organiser, "Create the survey")
    assert find(organiser, "h1").text == "Where do we stand on AI?"
    dashboard = organiser.current_url
    link = find(organiser, "#respondent-link").get_attribute("value")
    assert link.startswith(live.url + "/s/")

    begin(respondent, link, "Legal")  # the first respondent answers in one go
    press(respondent, "Next")
    needs_then_accept(respondent, "writing")
    screenshots(respondent, "survey-1-respondent-result", part="#response-recorded")

    begin(respondent, link, "Marketing")  # the second stops after the first page ...
    press(respondent, "Save and continue later")
    resume = find(respondent, "#resume-link").get_attribute("value")
    fresh(respondent).get(resume)  # ... and resumes in a new session with the link
    assert respondent.current_url.endswith("/2")
    needs_then_accept(respondent, "art")

    organiser.get(dashboard)
    rows = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")[1:3]]
        for row in organiser.find_elements(By.CSS_SELECTOR, "#responses tbody tr")
    ]
    assert rows == [["Legal", "LLM"], ["Marketing", "Broader generative AI"]]
    headline = find(organiser, "#group-headline").text
    assert headline.startswith("Lighthouse Media:") and "2 respondents' own priorities lead to" in headline
    assert "Leaving out any one of Legal and Marketing changes the recommendation." in find(organiser, "#pivotal").text
    screenshots(organiser, "survey-2-dashboard")

    kind, body = fetch(organiser, dashboard + "/group.json")
    group = orjson.loads(body)
    assert kind == "application/json" and [r["label"] for r in group["respondents"]] == ["Legal", "Marketing"]
    kind, pdf = fetch(organiser, find(organiser, "a[href$='/group.pdf']").get_attribute("href"))
    assert kind == "application/pdf" and pdf.startswith(b"%PDF-")
    first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert first_page.startswith("AI ADOPTION ASSESSMENT · 2 RESPONDENTS\nLighthouse Media · ")
    assert "Leaving out any one of Legal and Marketing changes the recommendation." in " ".join(first_page.split())
