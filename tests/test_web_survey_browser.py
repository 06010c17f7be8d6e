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
    chosen,
    find,
    fresh,
    new_driver,
    press,
    screenshots,
    start_server,
    submit_with,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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


# --- accepted means kept (issue 22, item 1) -------------------------------------------------------------------------


def new_survey(organiser: WebDriver, live: LiveServer, title: str) -> tuple[str, str]:
    """Create a survey for Lighthouse Media as the organiser (logging in first if needed): its dashboard and link."""
    organiser.get(live.url + "/admin")
    if find(organiser, "h1").text == "Organiser: log in":
        find(organiser, "#admin-token").send_keys(live.site.admin_token)
        press(organiser, "Log in")
    press(organiser, "New survey")
    find(organiser, "#in-title").send_keys(title)
    find(organiser, "#in-org_name").send_keys("Lighthouse Media")
    press(organiser, "Create the survey")
    return organiser.current_url, find(organiser, "#respondent-link").get_attribute("value")


def dashboard_state(organiser: WebDriver, dashboard: str) -> tuple[str, list[str]]:
    """The dashboard's status line and each response's status, as the organiser reads them now."""
    organiser.get(dashboard)
    statuses = [cell.text for cell in organiser.find_elements(By.CSS_SELECTOR, "#responses td.status")]
    return " ".join(find(organiser, "#survey-status").text.split()), statuses


def accepted_roles(live: LiveServer, dashboard: str) -> list[str]:
    """The roles of the survey's accepted responses, in the order they were accepted."""
    survey_id = dashboard.rstrip("/").rsplit("/", 1)[1]
    return [draft.profile["respondent"]["role"] for draft in live.site.surveys.responses(survey_id) if draft.profile]


def test_back_and_review_then_accepting_again_then_closing_keep_every_accepted_response(
    live: LiveServer, two_browsers: tuple[WebDriver, WebDriver]
) -> None:
    organiser, respondent = two_browsers
    dashboard, link = new_survey(organiser, live, "Back and review")
    for role, use_case in (("Legal", "writing"), ("Marketing", "art"), ("Finance", "code")):
        begin(respondent, link, role)
        press(respondent, "Next")
        needs_then_accept(respondent, use_case)
    roles = ["Legal", "Marketing", "Finance"]
    assert accepted_roles(live, dashboard) == roles
    _, group = fetch(organiser, dashboard + "/group.json")

    # Finance goes Back twice from the result and presses "Review your answers" without changing anything
    respondent.back()
    respondent.back()
    assert find(respondent, "h1").text == "How sure are you"
    press(respondent, "Review your answers")
    if find(respondent, "h1").text != "Your answers":  # the history's copy of the page: refused, nothing saved
        assert "Nothing was saved" in find(respondent, "#stale").text
        press(respondent, "Review your answers")  # sent again on purpose
    assert find(respondent, "h1").text == "Your answers"
    assert accepted_roles(live, dashboard) == roles
    status, statuses = dashboard_state(organiser, dashboard)
    assert "3 responses accepted, 0 being answered" in status and statuses == ["accepted"] * 3
    assert fetch(organiser, dashboard + "/group.json")[1] == group, "the group is not recomputed without Finance"

    # ... accepts the same answers again, and the organiser closes the survey
    press(respondent, SUBMIT)
    assert "is saved" in find(respondent, "#response-recorded").text
    assert accepted_roles(live, dashboard) == roles
    organiser.get(dashboard)
    press(organiser, "Close the survey")
    status, statuses = dashboard_state(organiser, dashboard)
    assert status.startswith("Closed. 3 responses accepted") and statuses == ["accepted"] * 3
    _, jsonl = fetch(organiser, dashboard + "/profiles.jsonl")
    assert [orjson.loads(line)["respondent"]["role"] for line in jsonl.splitlines()] == roles
    assert orjson.loads(fetch(organiser, dashboard + "/group.json")[1])["respondents_count"] == 3

    # Finance's link still shows the accepted result; the answers are final and read only
    respondent.refresh()
    assert "The survey is closed, so your answers are final." in find(respondent, "#response-recorded").text
    token = respondent.current_url.split("/result/")[1]
    respondent.get(f"{live.url}/q/{token}/5")  # a section of a closed survey: the summary instead, read only
    assert find(respondent, "h1").text == "Your answers"
    assert "your accepted answers count as your response" in find(respondent, "#survey-closed").text
    assert not respondent.find_elements(By.CSS_SELECTOR, "form[action$='/finish'] button")


def test_two_tabs_on_one_draft_the_stale_one_is_refused_with_what_changed_and_the_response_kept(
    live: LiveServer, two_browsers: tuple[WebDriver, WebDriver]
) -> None:
    organiser, respondent = two_browsers
    dashboard, link = new_survey(organiser, live, "Two tabs")
    begin(respondent, link, "Newsroom")
    press(respondent, "Next")
    needs_then_accept(respondent, "writing")
    token = respondent.current_url.split("/result/")[1]
    accepted = live.site.store.get(token)
    first = respondent.current_window_handle
    try:
        respondent.get(f"{live.url}/q/{token}/2")  # the needs page in this tab ...
        respondent.switch_to.new_window("tab")
        second = respondent.current_window_handle
        respondent.get(f"{live.url}/q/{token}/2")  # ... and in a second one, where art is raised and saved
        choose(respondent, "art_importance", 5)
        WebDriverWait(respondent, 5, poll_frequency=0.02).until(lambda d: find(d, "#q-art_volume").is_displayed())
        press(respondent, "Next")
        assert find(respondent, "h1").text == "Context of application"

        respondent.switch_to.window(first)  # the first tab still shows art at 0; code is raised there
        choose(respondent, "code_importance", 4)
        WebDriverWait(respondent, 5, poll_frequency=0.02).until(lambda d: find(d, "#q-code_volume").is_displayed())
        press(respondent, "Next")
        assert find(respondent, "h1").text == "Content needs", "refused: the same section again"
        stale = " ".join(find(respondent, "#stale").text.split())
        assert stale.startswith("Nothing was saved: this page was out of date.")
        assert (
            "How important is creative art to you? (section 2): now “5 Essential”; this page showed “0 Not needed”."
            in stale
        )
        assert chosen(respondent, "code_importance") == [4] and find(respondent, "#q-code_volume").is_displayed()
        now = live.site.store.get(token).answers  # the second tab's save stands; the refused page saved nothing
        assert (now["art_importance"], now["code_importance"]) == (5, accepted.answers["code_importance"])
        screenshots(respondent, "survey-3-stale-form")
        choose(respondent, "summarization_importance", 2)  # the page's script still opens questions on the refused page
        WebDriverWait(respondent, 5, poll_frequency=0.02).until(
            lambda d: find(d, "#q-summarization_volume").is_displayed()
        )
        press(respondent, "Next")  # sent again, on purpose: saved
        assert find(respondent, "h1").text == "Context of application"
        saved = live.site.store.get(token)
        assert (saved.answers["code_importance"], saved.answers["summarization_importance"]) == (4, 2)
        assert saved.profile == accepted.profile and accepted_roles(live, dashboard) == ["Newsroom"]
        status, statuses = dashboard_state(organiser, dashboard)
        assert "1 response accepted (1 with changes in progress" in status
        assert statuses == ["accepted, changes in progress"]

        respondent.get(f"{live.url}/result/{token}")  # the result link: the accepted result, with a note
        note = find(respondent, "#unaccepted-changes")
        assert note.text == "You changed answers since accepting them: review and accept them to update this result."
        screenshots(respondent, "survey-4-result-with-changes")
        submit_with(respondent, note.find_element(By.TAG_NAME, "a"))
        assert find(respondent, "h1").text == "Your answers"
        press(respondent, SUBMIT)
        assert not respondent.find_elements(By.CSS_SELECTOR, "#unaccepted-changes")
        assert live.site.store.get(token).profile["needs"]["summarization"]["importance"] == 2

        respondent.switch_to.window(second)  # the second tab, older now, is refused too and says so
        press(respondent, "Next")
        assert find(respondent, "h1").text == "Context of application"
        assert "Nothing was saved" in find(respondent, "#stale").text
        assert accepted_roles(live, dashboard) == ["Newsroom"]
        assert dashboard_state(organiser, dashboard)[1] == ["accepted"]
    finally:
        for handle in respondent.window_handles:
            if handle != first:
                respondent.switch_to.window(handle)
                respondent.close()
        respondent.switch_to.window(first)
