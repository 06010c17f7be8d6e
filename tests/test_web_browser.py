"""`advisor serve` in a real browser: Debian's headless Chromium, driven by Selenium, against uvicorn on a free
loopback port. The questionnaire walked with the keyboard and the mouse, once with JavaScript on and once with it
off; back, change in the summary, save and continue later, a draft surviving a restart; the result page, its what-if
panel and its PDF. Screenshots (desktop and 375 px) go to test-artifacts/screenshots/.

One browser per JavaScript mode for the module, cookies cleared per test; the driver is always quit in a `finally`
(a killed run can otherwise leave chromedriver and chromium behind).
"""

from __future__ import annotations

import base64
import io
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pypdf
import pytest

from advisor.web import Site, create_app, open_site
from tests.live_server import ThreadServer, serve_in_thread

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
DESKTOP = (1280, 900)
MOBILE = (375, 812)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if CHROMEDRIVER.exists():  # selenium is a test dependency; the names are only needed when the browser is there
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait


# --- the server -------------------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    """A site served by uvicorn in a thread of this process (tests/live_server.py `serve_in_thread`)."""

    site: Site
    url: str
    served: ThreadServer

    def stop(self) -> None:
        self.served.stop()
        self.site.store.close()


def start_server(data_dir: Path) -> LiveServer:
    """Serve a fresh site on `data_dir` on a free loopback port."""
    site = open_site(None, data_dir)
    served = serve_in_thread(create_app(site))
    return LiveServer(site, served.url, served)


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server most tests share."""
    server = start_server(tmp_path_factory.mktemp("web-data"))
    try:
        yield server
    finally:
        server.stop()


# --- the browsers -----------------------------------------------------------------------------------------------


def new_driver(javascript: bool) -> WebDriver:
    """Headless Debian Chromium; the driver's path given, so Selenium Manager (which goes online) never runs."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


@pytest.fixture(scope="module")
def drivers() -> Iterator[dict[bool, WebDriver]]:
    """The module's browsers, one per JavaScript mode, each started when first asked for; always quit."""

    class Started(dict[bool, WebDriver]):
        def __missing__(self, javascript: bool) -> WebDriver:
            self[javascript] = new_driver(javascript)
            return self[javascript]

    started = Started()
    try:
        yield started
    finally:
        for driver in started.values():
            driver.quit()


def fresh(driver: WebDriver) -> WebDriver:
    """The browser with no cookies (a new session) and the desktop window."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return driver


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    """Whether the browser runs the page's script (each test using it runs once with it and once without)."""
    return bool(request.param)


@pytest.fixture
def browser(javascript: bool, drivers: dict[bool, WebDriver]) -> WebDriver:
    """The browser of that JavaScript mode; cookies cleared."""
    return fresh(drivers[javascript])


@pytest.fixture
def js_browser(drivers: dict[bool, WebDriver]) -> WebDriver:
    """The browser with JavaScript on; cookies cleared."""
    return fresh(drivers[True])


# --- what a person does -----------------------------------------------------------------------------------------


def find(driver: WebDriver, css: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, css)


def submit_with(driver: WebDriver, button: WebElement, key: str | None = None) -> None:
    """Press a button that loads a new page (click it, or type `key` on it), and wait for the new page."""
    old = driver.find_element(By.TAG_NAME, "html")
    if key is None:
        button.click()
    else:
        button.send_keys(key)
    # while the old page goes, Chrome may answer "node does not belong to the document" rather than "stale"
    WebDriverWait(driver, 10, poll_frequency=0.02, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(old)
    )


def press(driver: WebDriver, label: str) -> None:
    """Click the form button with this text and wait for the next page."""
    buttons = [
        b
        for b in driver.find_elements(By.CSS_SELECTOR, "main button, main a.button")
        if b.text.strip() == label and b.get_attribute("aria-hidden") != "true"
    ]
    assert buttons, f"no button {label!r} on {driver.current_url}"
    submit_with(driver, buttons[0])


def choose(driver: WebDriver, question: str, value: Any) -> WebElement:
    """Click the label of the choice `value` of a radio or checkbox question (as a mouse user does)."""
    field = find(driver, f"input[name='{question}'][value='{orjson.dumps(value).decode()}']")
    field.find_element(By.XPATH, "./ancestor::label").click()
    return field


def chosen(driver: WebDriver, question: str) -> list[Any]:
    """The values of the ticked choices of a question, as the page shows them now."""
    fields = driver.find_elements(By.CSS_SELECTOR, f"input[name='{question}']")
    return [orjson.loads(f.get_attribute("value")) for f in fields if f.is_selected() and f.get_attribute("value")]


def shown(driver: WebDriver, question: str) -> bool:
    return find(driver, f"#q-{question}").is_displayed()


def token_of(driver: WebDriver) -> str:
    return driver.current_url.split("/q/")[1].split("/")[0]


def section_number(driver: WebDriver) -> str:
    return find(driver, "p.progress").text


def mark_page(driver: WebDriver) -> None:
    """Leave a mark in the page's window: it survives script updates and vanishes with a page load."""
    driver.execute_script("window.advisorTestMark = 'same page';")


def same_page(driver: WebDriver) -> bool:
    return driver.execute_script("return window.advisorTestMark || null;") == "same page"


def screenshots(driver: WebDriver, name: str, part: str | None = None) -> None:
    """Full-page screenshots (or of the element `part`) at desktop and phone width; at 375 px the page body must not
    scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in (("desktop", DESKTOP), ("mobile", MOBILE)):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": label == "mobile"},
        )
        scroll_width, inner_width = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];"
        )
        assert scroll_width <= inner_width, f"{name} scrolls sideways at {width} px ({scroll_width} px wide)"
        if part is None:
            content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": width, "height": max(height, content["height"])}
        else:
            clip = driver.execute_script(
                "var r = arguments[0].getBoundingClientRect();"
                "return {x: 0, y: r.top + window.scrollY, width: window.innerWidth, height: r.height};",
                find(driver, part),
            )
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {**clip, "scale": 1}}
        )
        (SCREENSHOTS / f"{name}-{label}.png").write_bytes(base64.b64decode(shot["data"]))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def start(driver: WebDriver, live: LiveServer, javascript: bool = True, screenshot: bool = False) -> None:
    """Open the start page and start the questionnaire with the keyboard (checking the script runs, or not)."""
    driver.get(live.url + "/")
    if screenshot:
        screenshots(driver, "0-start")
    submit_with(driver, find(driver, "form[action='/start'] button"), key=Keys.ENTER)
    assert section_number(driver) == "Section 1 of 5"
    scripted = driver.execute_script("return document.documentElement.classList.contains('js');")
    assert scripted is javascript, "the page's script ran" if scripted else "the page's script did not run"


def fill_organisation(driver: WebDriver, name: str) -> None:
    """Type the name, then reach the first region with TAB and tick it with the space bar."""
    field = find(driver, "#in-org_name")
    field.click()
    field.send_keys(name)
    active = field
    for _ in range(10):
        active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        if active.get_attribute("name") == "regions":
            break
    assert active.get_attribute("value") == '"EU"', "TAB never reached the first region"
    active.send_keys(Keys.SPACE)
    assert chosen(driver, "regions") == ["EU"]


# --- the tests --------------------------------------------------------------------------------------------------


def test_a_person_walks_the_whole_questionnaire_with_keyboard_and_mouse(
    browser: WebDriver, javascript: bool, live: LiveServer
) -> None:
    name = "Brightwater Legal LLP" if javascript else "Harbour & Sons <Kiel>"
    start(browser, live, javascript, screenshot=javascript)
    if javascript:
        screenshots(browser, "1-section")
    token = token_of(browser)
    fill_organisation(browser, name)
    press(browser, "Next")

    # Content needs: importances by mouse; the volume question each opens appears at once with the script, and
    # without it the page comes back marking the questions the answers opened.
    assert section_number(browser) == "Section 2 of 5"
    assert not shown(browser, "writing_volume")
    if javascript:
        mark_page(browser)
    choose(browser, "writing_importance", 4)
    choose(browser, "summarization_importance", 3)
    if javascript:
        WebDriverWait(browser, 5, poll_frequency=0.02).until(
            lambda d: shown(d, "writing_volume") and shown(d, "summarization_volume")
        )
        assert same_page(browser)
    else:
        press(browser, "Next")
        assert section_number(browser) == "Section 2 of 5"
        opened = [e.get_attribute("data-question") for e in browser.find_elements(By.CSS_SELECTOR, ".question.opened")]
        assert opened == ["writing_volume", "writing_quantity", "summarization_volume", "summarization_quantity"]
        assert "New question" in find(browser, "#q-writing_volume").text
        assert chosen(browser, "writing_importance") == [4]
    choose(browser, "writing_volume", "high")
    press(browser, "Next")

    # Back once: the earlier answers are still there.
    assert section_number(browser) == "Section 3 of 5"
    press(browser, "Back")
    assert section_number(browser) == "Section 2 of 5"
    assert chosen(browser, "writing_importance") == [4]
    assert chosen(browser, "writing_volume") == ["high"]
    assert chosen(browser, "summarization_importance") == [3]
    press(browser, "Next")

    # Context: "regulated" opens the question about the kinds of regulated data.
    assert section_number(browser) == "Section 3 of 5"
    assert not shown(browser, "regulated_data")
    if javascript:
        mark_page(browser)
    choose(browser, "data_sensitivity", "regulated")
    if javascript:
        WebDriverWait(browser, 5, poll_frequency=0.02).until(lambda d: shown(d, "regulated_data"))
        assert same_page(browser)
        screenshots(browser, "2-section-opened")
    else:
        press(browser, "Next")
        assert section_number(browser) == "Section 3 of 5"
        assert "opened" in find(browser, "#q-regulated_data").get_attribute("class")
        assert "marked “New question” below" in find(browser, "#opened").text
        screenshots(browser, "2-section-opened-no-js", part="main")
        assert chosen(browser, "data_sensitivity") == ["regulated"]
    choose(browser, "regulated_data", "health")
    press(browser, "Next")
    assert section_number(browser) == "Section 4 of 5"
    press(browser, "Next")
    assert section_number(browser) == "Section 5 of 5"
    press(browser, "Review your answers")

    # The summary; "Change" one answer and come back to the summary with the new answer.
    assert browser.current_url.endswith(f"/q/{token}/summary")
    assert find(browser, "#answer-org_name .answer").text == name
    assert find(browser, "#answer-writing_importance .answer").text == "4 Very important"
    assert "Health data" in find(browser, "#answer-regulated_data .answer").text
    if javascript:
        screenshots(browser, "3-summary")
    submit_with(browser, find(browser, "#answer-writing_importance a"))
    assert section_number(browser) == "Section 2 of 5"
    choose(browser, "writing_importance", 5)
    press(browser, "Review your answers")
    assert browser.current_url.endswith(f"/q/{token}/summary")
    assert find(browser, "#answer-writing_importance .answer").text == "5 Essential"

    # Accept: the profile is kept with the draft, and the result page opens.
    press(browser, "Accept and see the recommendation")
    assert browser.current_url == f"{live.url}/result/{token}"
    draft = live.site.store.get(token)
    assert draft is not None and draft.profile is not None
    assert draft.profile["organization"] == {"name": name, "regions": ["EU"]}
    assert draft.profile["needs"]["writing"] == {"importance": 5, "volume": "high"}
    assert draft.profile["context"]["regulated_data"] == ["health"]
    # a missing or broken result page fails here (it was a skip, which would have hidden it)
    assert find(browser, "h1").text.strip() != "Not found", browser.page_source[:500]

    # The result: the headline first, the organisation named; the what-if panel; the PDF of this organisation.
    assert find(browser, "#headline").text.strip()
    assert name in find(browser, "main").text
    if javascript:
        screenshots(browser, "4-result")
    try_a_what_if(browser, javascript, "art", 5)
    if javascript:
        screenshots(browser, "5-whatif", part="#whatif")
    pdf = download(browser, find(browser, "a[href$='/report.pdf']").get_attribute("href"))
    assert pdf.startswith(b"%PDF-")
    first_page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert name in first_page


def try_a_what_if(driver: WebDriver, javascript: bool, use_case: str, importance: int) -> None:
    """Raise one need's importance in the what-if panel and compare: in place with the script, else a page load."""
    from selenium.webdriver.support.ui import Select

    before = find(driver, "#headline").text
    Select(find(driver, f"form.whatif select[name='{use_case}_importance']")).select_by_value(str(importance))
    button = find(driver, "form.whatif button[type=submit]")
    if javascript:
        mark_page(driver)
        button.click()
        WebDriverWait(driver, 10, poll_frequency=0.02).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#whatif-outcome table.comparison")
        )
        assert same_page(driver), "the comparison should appear without a page load"
    else:
        submit_with(driver, button)
    outcome = find(driver, "#whatif-outcome")
    assert f"importance 0 → {importance}" in outcome.text
    assert find(outcome, "[data-headline=after]").text.strip()
    assert find(driver, "#headline").text == before, "the saved result stays as it was"


def download(driver: WebDriver, url: str) -> bytes:
    """GET `url` with the browser's cookies (a download, without a download folder)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["content-type"] == "application/pdf"
        return bytes(response.read())


def test_every_input_of_a_section_is_reachable_with_tab_and_focus_is_visible(
    js_browser: WebDriver, live: LiveServer
) -> None:
    driver = js_browser
    start(driver, live)
    driver.get(f"{live.url}/q/{token_of(driver)}/3")
    form = find(driver, "form.questions")
    expected = set()
    for field in form.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), button"):
        if field.is_displayed() and field.get_attribute("tabindex") != "-1":
            expected.add(_stop(field))
    driver.execute_script("document.getElementById('main').focus();")
    reached: list[tuple[str, ...]] = []
    outlines: dict[str, str] = {}
    active = driver.switch_to.active_element
    for _ in range(60):
        active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        stop = _stop(active)
        reached.append(stop)
        kind = active.get_attribute("type")
        if kind in ("radio", "submit") and kind not in outlines:
            outlines[kind] = driver.execute_script(
                "var s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;"
            )
        if stop == ("button", "Next"):
            break
    assert expected <= set(reached), f"not reachable with TAB: {sorted(expected - set(reached))}"
    assert ("button", "Next") in reached and reached[-3:] == [
        ("button", "Back"),
        ("button", "Save and continue later"),
        ("button", "Next"),
    ]
    for kind, outline in outlines.items():
        style, width = outline.split()
        assert style != "none" and width != "0px", f"a focused {kind} shows no outline ({outline})"
    assert set(outlines) == {"radio", "submit"}

    # A radio group is one TAB stop; the arrow keys choose within it.
    driver.execute_script("document.getElementById('main').focus();")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    group = driver.switch_to.active_element
    assert group.get_attribute("name") == "data_sensitivity" and group.get_attribute("value") == '"internal"'
    group.send_keys(Keys.ARROW_DOWN)
    assert chosen(driver, "data_sensitivity") == ["confidential"]


def _stop(element: WebElement) -> tuple[str, ...]:
    """A TAB stop as a person sees it: a radio group is one stop, every other input and button its own."""
    kind = element.get_attribute("type") or element.tag_name
    if kind == "radio":
        return ("radio group", element.get_attribute("name"))
    if element.tag_name == "button":
        return ("button", element.text.strip())
    return (kind, element.get_attribute("name") or "", element.get_attribute("value") or "")


def test_save_and_continue_later_gives_a_link_that_brings_the_answers_back_in_a_new_session(
    browser: WebDriver, javascript: bool, live: LiveServer
) -> None:
    start(browser, live, javascript)
    token = token_of(browser)
    find(browser, "#in-org_name").send_keys("Saved & Later GmbH")
    choose(browser, "regions", "UK")
    press(browser, "Save and continue later")
    assert find(browser, "h1").text == "Your answers are saved"
    link = find(browser, "#resume-link").get_attribute("value")
    assert link == f"{live.url}/q/{token}"

    fresh(browser)  # a new session: no cookies, so no CSRF cookie either
    browser.get(link)
    assert browser.current_url == f"{live.url}/q/{token}/2"  # the first section with an open question
    press(browser, "Back")
    assert section_number(browser) == "Section 1 of 5"
    assert find(browser, "#in-org_name").get_attribute("value") == "Saved & Later GmbH"
    assert chosen(browser, "regions") == ["UK"]


def test_a_draft_survives_a_restart_of_the_server(js_browser: WebDriver, tmp_path: Path) -> None:
    first = start_server(tmp_path)
    try:
        start(js_browser, first)
        token = token_of(js_browser)
        find(js_browser, "#in-org_name").send_keys("Restart Proof AG")
        choose(js_browser, "regions", "North America")
        press(js_browser, "Next")
        assert section_number(js_browser) == "Section 2 of 5"
    finally:
        first.stop()
    second = start_server(tmp_path)
    try:
        js_browser.get(f"{second.url}/q/{token}")
        assert js_browser.current_url == f"{second.url}/q/{token}/2"
        js_browser.get(f"{second.url}/q/{token}/1")
        assert find(js_browser, "#in-org_name").get_attribute("value") == "Restart Proof AG"
        assert chosen(js_browser, "regions") == ["North America"]
    finally:
        second.stop()


def test_ticking_a_governance_basic_and_none_of_these_keeps_the_ticks_and_names_only_that_problem(
    browser: WebDriver, javascript: bool, live: LiveServer
) -> None:
    start(browser, live, javascript)
    token = token_of(browser)
    answers = {"org_name": "Tick Keepers", "writing_importance": 3}
    live.site.store.save_answers(token, answers, live.site.questionnaire.sha256)
    browser.get(f"{live.url}/q/{token}/4")
    choose(browser, "governance", "policy")
    find(browser, "input[name='governance'][value='__none__']").find_element(By.XPATH, "./ancestor::label").click()
    press(browser, "Next")

    assert section_number(browser) == "Section 4 of 5"
    assert "New question" not in browser.page_source and not browser.find_elements(By.ID, "opened")
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name='governance']:checked")
    assert [box.get_attribute("value") for box in boxes] == ['"policy"', "__none__"]
    assert find(browser, "#problems").text.splitlines() == [
        "Which governance basics are in place?: choose either 'None of these yet' or the others, not both"
    ]


def test_the_countries_where_output_is_used_and_the_role_are_typed_ticked_and_saved(
    js_browser: WebDriver, live: LiveServer
) -> None:
    driver = js_browser
    start(driver, live)
    token = token_of(driver)
    find(driver, "#in-org_name").send_keys("Wide Reach Ltd")
    countries = find(driver, "#in-countries")
    countries.send_keys("US, Narnia")
    press(driver, "Next")
    assert section_number(driver) == "Section 1 of 5"
    assert find(driver, "#problems").text.splitlines() == [
        "In which countries? (optional): unknown country 'Narnia'; use its name or ISO 3166 code (Germany, DE, DEU)"
    ]
    countries = find(driver, "#in-countries")
    assert countries.get_attribute("value") == "US, Narnia"  # shown again as typed, to correct
    countries.clear()
    countries.send_keys("US, Germany")
    press(driver, "Next")
    assert section_number(driver) == "Section 2 of 5"
    answers = dict(live.site.store.get(token).answers)
    assert answers["countries"] == ["US", "Germany"]

    live.site.store.save_answers(token, {**answers, "writing_importance": 3}, live.site.questionnaire.sha256)
    driver.get(f"{live.url}/q/{token}/4")
    assert shown(driver, "output_regions") and shown(driver, "offers_ai_system")
    choose(driver, "output_regions", "EU")
    choose(driver, "offers_ai_system", True)
    press(driver, "Next")
    assert section_number(driver) == "Section 5 of 5"
    saved = live.site.store.get(token).answers
    assert saved["output_regions"] == ["EU"] and saved["offers_ai_system"] is True


def test_a_1_5_mb_upload_shows_the_styled_upload_page_with_the_problem(
    js_browser: WebDriver, live: LiveServer, tmp_path: Path
) -> None:
    big = tmp_path / "big-profile.json"
    big.write_bytes(b'{"organization": {"name": "Big"}, "notes": "' + b"x" * (1536 * 1024) + b'"}')
    js_browser.get(live.url + "/upload")
    find(js_browser, "#profile-file").send_keys(str(big))
    press(js_browser, "Score this profile")

    assert find(js_browser, "h1").text == "Score an existing profile"
    assert find(js_browser, "#problems").text.startswith("The file is larger than 1 MiB")
    problem_style = js_browser.execute_script(
        "return getComputedStyle(document.getElementById('problems')).borderLeftWidth;"
    )
    assert problem_style == "8px"  # styled by the site's style sheet, not a bare text answer
    assert "KiB" not in js_browser.page_source
