"""Accessibility of every kind of web page, in a real headless Chromium (one browser for the module) and, where the
HTML says enough, through the test client: at 375 px no page scrolls sideways and no text is smaller than 10 px (a
chart gives way to its table of values); headings never skip a level; a page that shows an alert says "Error:" in
its title; each question has one accessible name; the focus ring stands out 3:1 from the page; questions that an
answer opens are announced; each chart is named with its values. Screenshots go to test-artifacts/screenshots/a11y-*.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import tinycss2
from coloraide import Color
from fastapi.testclient import TestClient

from advisor.io.sources import load_profile, load_rules
from advisor.questionnaire import Question
from advisor.report import render_html
from advisor.web import Site
from tests.test_web_browser import (
    CHROMEDRIVER,
    DESKTOP,
    MOBILE,
    SCREENSHOTS,
    LiveServer,
    choose,
    find,
    fresh,
    new_driver,
    press,
    start_server,
    submit_with,
)
from tests.web_helpers import client_for, csrf_of, submit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "law-firm.json"
SMALLEST_TEXT_PX = 10
browser_only = pytest.mark.browser

if CHROMEDRIVER.exists():
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import Select, WebDriverWait


def contrast(colour: str, background: str = "white") -> float:
    """The WCAG 2 contrast ratio of two CSS colours."""
    return float(Color(colour).contrast(background))


# --- what is checked on every page -------------------------------------------------------------------------------

# the page as a list of facts the checks below need, gathered in one script run
PAGE_FACTS = """
const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
const tiny = [];
for (const e of document.body.querySelectorAll('*')) {
  if (!visible(e) || e.closest('svg') && e.tagName.toLowerCase() !== 'text') continue;
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  let size = parseFloat(getComputedStyle(e).fontSize);
  if (e.tagName.toLowerCase() === 'text') size *= e.getScreenCTM().a;  // SVG text shrinks with its drawing
  if (size < arguments[0]) tiny.push(e.textContent.trim().slice(0, 40) + ' (' + size.toFixed(1) + ' px)');
}
const root = document.scrollingElement;
return {
  title: document.title,
  alerts: [...document.querySelectorAll('[role=alert]')].filter(visible).map((e) => e.textContent.trim().slice(0, 60)),
  headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => [+h.tagName[1], h.textContent.trim()]),
  scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, tiny: tiny,
};
"""


def heading_jumps(headings: list[list[object]]) -> list[str]:
    """Where a page's headings skip a level (or do not start with its one h1)."""
    problems = []
    levels = [int(str(level)) for level, _ in headings]
    if levels.count(1) != 1 or levels[0] != 1:
        problems.append(f"not one h1 first: {headings}")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if int(str(level)) > int(str(before)) + 1:
            problems.append(f"h{before} then h{level} {text!r}")
    return problems


def audit(driver: WebDriver, name: str, problems: list[str]) -> None:
    """Check the page in the browser now at 375 px and at desktop width; save both screenshots; add what is wrong to
    `problems` (every page is checked before the test fails)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in (("mobile", MOBILE), ("desktop", DESKTOP)):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": label == "mobile"},
        )
        facts = driver.execute_script(PAGE_FACTS, SMALLEST_TEXT_PX)
        where = f"{name} at {width} px"
        if facts["scrollWidth"] > facts["clientWidth"]:
            problems.append(f"{where} scrolls sideways ({facts['scrollWidth']} > {facts['clientWidth']} px)")
        if label == "mobile" and facts["tiny"]:
            problems.append(f"{where}: text below {SMALLEST_TEXT_PX} px: {facts['tiny'][:5]}")
        content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": max(height, content["height"]), "scale": 1},
            },
        )
        (SCREENSHOTS / f"a11y-{name}-{label}.png").write_bytes(base64.b64decode(shot["data"]))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    problems.extend(f"{name}: {jump}" for jump in heading_jumps(facts["headings"]))
    if bool(facts["alerts"]) != facts["title"].startswith("Error:"):
        problems.append(f"{name}: title {facts['title']!r} with alerts {facts['alerts']}")
    for field in driver.execute_script(SHOWN, "main input:not([type=hidden]), main select, main textarea"):
        if field.get_attribute("tabindex") != "-1" and not field.accessible_name.strip():
            problems.append(f"{name}: {field.get_attribute('outerHTML')[:80]} has no accessible name")
    for question in driver.execute_script(SHOWN, "main .question"):
        problems.extend(f"{name}: {p}" for p in question_names(question))
    for chart in driver.find_elements(By.CSS_SELECTOR, "main svg[role=img]"):
        if not re.search(r": .*\d", chart.accessible_name):
            problems.append(f"{name}: a chart named {chart.accessible_name!r}, without its values")


SHOWN = "return [...document.querySelectorAll(arguments[0])].filter((e) => e.getClientRects().length > 0);"
"""The elements a CSS selector finds that are shown (laid out: not hidden, nor inside something hidden), in one call."""


def question_names(question: WebElement) -> list[str]:
    """What is wrong with a question's accessible names: its prompt must name exactly one thing (the group of a
    choice question, the input of a text question), and each choice its own label."""
    prompt = question.find_element(By.CSS_SELECTOR, ".prompt").text.replace("New question", "").strip()
    fieldset = question.find_element(By.TAG_NAME, "fieldset")
    fields = question.find_elements(By.CSS_SELECTOR, "input:not([type=hidden])")
    field_names = [f.accessible_name for f in fields]
    names = [fieldset.accessible_name, *field_names]
    naming = [n for n in names if prompt in n]
    if len(naming) != 1:
        return [f"question {prompt!r} is named {len(naming)} times: {names}"]
    if fields and fields[0].get_attribute("type") in ("radio", "checkbox"):
        empty = [f.get_attribute("value") for f, n in zip(fields, field_names, strict=True) if not n.strip()]
        return [f"question {prompt!r}: choices {empty} have no name"] if empty else []
    return []


# --- the browser ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("a11y-data"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """The module's one browser (JavaScript on); always quit."""
    started = new_driver(True)
    try:
        yield started
    finally:
        started.quit()


def questions(live: LiveServer) -> dict[str, Question]:
    return {q.id: q for q in live.site.questionnaire.questions}


def wait_for(driver: WebDriver, css: str) -> None:
    WebDriverWait(driver, 10, poll_frequency=0.02).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))


def upload(driver: WebDriver, live: LiveServer, path: Path) -> None:
    driver.get(live.url + "/upload")
    find(driver, "#profile-file").send_keys(str(path))
    press(driver, "Score this profile")


@browser_only
@pytest.mark.slow
def test_every_kind_of_page_fits_375_px_keeps_heading_order_and_names_its_errors(
    driver: WebDriver, live: LiveServer, tmp_path: Path
) -> None:
    problems: list[str] = []
    fresh(driver).get(live.url + "/")
    audit(driver, "home", problems)

    # the questionnaire: each section, a refused section, the summary, the saved page
    submit_with(driver, find(driver, "form[action='/start'] button"))
    audit(driver, "section-1", problems)
    press(driver, "Next")  # nothing answered: refused
    audit(driver, "section-1-refused", problems)
    find(driver, "#in-org_name").send_keys("Brightwater Legal LLP")
    choose(driver, "regions", "EU")
    press(driver, "Next")
    choose(driver, "writing_importance", 4)
    wait_for(driver, "#q-writing_volume:not([hidden])")
    for number in (2, 3, 4, 5):
        audit(driver, f"section-{number}", problems)
        press(driver, "Review your answers" if number == 5 else "Next")
    audit(driver, "summary", problems)
    press(driver, "Accept and see the recommendation")
    audit(driver, "result", problems)
    driver.get(driver.current_url.replace("/result/", "/q/") + "/1")
    press(driver, "Save and continue later")
    audit(driver, "saved", problems)
    driver.get(live.url + "/q/no-such-draft")
    audit(driver, "not-found", problems)

    # an uploaded profile: refused, then scored; its what-if refused, then compared
    broken = tmp_path / "broken.json"
    broken.write_text('{"organization": {"name": ""}, "needs": {"writing": {"importance": 9}}}', encoding="utf-8")
    driver.get(live.url + "/upload")
    audit(driver, "upload", problems)
    upload(driver, live, broken)
    audit(driver, "upload-refused", problems)
    upload(driver, live, EXAMPLE)
    for select in driver.find_elements(By.CSS_SELECTOR, "form.whatif select[name$='_importance']"):
        Select(select).select_by_value("0")
    find(driver, "form.whatif button[type=submit]").click()
    wait_for(driver, "#whatif-outcome [role=alert]")
    audit(driver, "whatif-refused", problems)
    Select(find(driver, "form.whatif select[name='writing_importance']")).select_by_value("5")
    find(driver, "form.whatif button[type=submit]").click()
    wait_for(driver, "#whatif-outcome table.comparison")
    audit(driver, "whatif-compared", problems)

    # the organiser's pages and a survey's
    driver.get(live.url + "/admin")
    audit(driver, "admin-login", problems)
    find(driver, "#admin-token").send_keys("not the token")
    press(driver, "Log in")
    audit(driver, "admin-login-refused", problems)
    find(driver, "#admin-token").send_keys(live.site.admin_token)
    press(driver, "Log in")
    press(driver, "New survey")
    audit(driver, "admin-new", problems)
    press(driver, "Create the survey")
    audit(driver, "admin-new-refused", problems)
    find(driver, "#in-title").send_keys("Where do we stand on AI?")
    find(driver, "#in-org_name").send_keys("Lighthouse Media")
    choose(driver, "regions", "EU")
    press(driver, "Create the survey")
    dashboard = driver.current_url
    audit(driver, "admin-survey-empty", problems)
    link = find(driver, "#respondent-link").get_attribute("value")
    for role, use_case in (("Legal and compliance", "writing"), ("Marketing", "art")):
        driver.get(link)
        audit(driver, "survey", problems)
        press(driver, "Start the questionnaire")
        find(driver, "#in-respondent_role").send_keys(role)
        press(driver, "Next")
        choose(driver, f"{use_case}_importance", 5)
        wait_for(driver, f"#q-{use_case}_volume:not([hidden])")
        for _ in range(3):
            press(driver, "Next")
        press(driver, "Review your answers")
        press(driver, "Accept, send my response and see my recommendation")
    audit(driver, "survey-result", problems)
    driver.get(live.url + "/admin")
    audit(driver, "admin-home", problems)
    driver.get(dashboard)
    audit(driver, "admin-survey", problems)
    driver.get(find(driver, "#responses a[href$='/delete']").get_attribute("href"))
    audit(driver, "admin-delete", problems)
    driver.get(dashboard)
    for box in driver.find_elements(By.CSS_SELECTOR, "#responses input[type=checkbox]"):
        box.click()
    press(driver, "Delete the ticked responses…")
    assert find(driver, "h1").text == "Delete 2 responses?"
    audit(driver, "admin-delete-several", problems)
    driver.get(dashboard)
    press(driver, "Close the survey")
    driver.get(link)
    audit(driver, "survey-closed", problems)
    assert not problems, "\n".join(problems)


@browser_only
def test_the_focus_ring_stands_out_three_to_one_from_what_surrounds_it(driver: WebDriver, live: LiveServer) -> None:
    fresh(driver).get(live.url + "/")
    submit_with(driver, find(driver, "form[action='/start'] button"), key=Keys.ENTER)
    driver.execute_script("document.getElementById('main').focus();")
    seen: dict[str, tuple[str, str]] = {}
    active = driver.switch_to.active_element
    for _ in range(40):
        active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        kind = active.get_attribute("type") or active.tag_name
        if kind == "body":  # past the last control
            break
        if kind not in seen:
            seen[kind] = driver.execute_script(
                "var e = document.activeElement, s = getComputedStyle(e), p = e.parentElement, bg = 'rgb(255, 255, 255)';"
                "for (; p; p = p.parentElement) { var c = getComputedStyle(p).backgroundColor;"
                "  if (c !== 'rgba(0, 0, 0, 0)') { bg = c; break; } }"
                "return [s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, bg];"
            )
    assert {"text", "checkbox", "submit"} <= set(seen), seen
    for kind, (outline, background) in seen.items():
        style, width, colour = outline.split(" ", 2)
        assert style == "solid" and float(width.removesuffix("px")) >= 2, f"a focused {kind}: {outline}"
        assert contrast(colour) >= 3 and contrast(colour, background) >= 3, f"a focused {kind}: {colour} on {background}"


@browser_only
def test_questions_an_answer_opens_are_announced_in_a_live_region(driver: WebDriver, live: LiveServer) -> None:
    fresh(driver).get(live.url + "/")
    submit_with(driver, find(driver, "form[action='/start'] button"))
    find(driver, "#in-org_name").send_keys("Announce Ltd")
    choose(driver, "regions", "EU")
    press(driver, "Next")
    region = find(driver, "#questions-changed")
    assert region.get_attribute("aria-live") == "polite" and region.text == ""
    volume = questions(live)["writing_volume"].prompt
    quantity = questions(live)["writing_quantity"].prompt
    choose(driver, "writing_importance", 4)
    WebDriverWait(driver, 5, poll_frequency=0.02).until(lambda d: volume in region.get_attribute("textContent"))
    assert region.get_attribute("textContent") == f"2 new questions below: {volume}; {quantity}."
    choose(driver, "writing_importance", 0)
    WebDriverWait(driver, 5, poll_frequency=0.02).until(lambda d: "no longer asked" in region.get_attribute("textContent"))
    assert region.get_attribute("textContent") == f"2 questions no longer asked: {volume}; {quantity}."


@browser_only
def test_each_question_kind_has_one_accessible_name(driver: WebDriver, live: LiveServer) -> None:
    """Text, single choice (select, confirm, scale) and multiple choice: the prompt names one thing, read once."""
    fresh(driver).get(live.url + "/")
    submit_with(driver, find(driver, "form[action='/start'] button"))
    token = driver.current_url.split("/q/")[1].split("/")[0]
    kinds: dict[str, list[str]] = {}
    for number in range(1, len(live.site.questionnaire.sections) + 1):
        driver.get(f"{live.url}/q/{token}/{number}")
        for question in driver.find_elements(By.CSS_SELECTOR, "main .question"):
            if not question.is_displayed():
                continue
            q = questions(live)[question.get_attribute("data-question")]
            kinds.setdefault(q.type, []).extend(question_names(question))
            if q.type in ("text", "number"):
                field = find(driver, f"#in-{q.id}")
                assert field.accessible_name == q.prompt
                assert question.find_element(By.TAG_NAME, "fieldset").accessible_name == ""
            else:
                assert question.find_element(By.TAG_NAME, "fieldset").accessible_name == q.prompt
    assert set(kinds) == {"text", "select", "checkbox", "confirm", "scale", "number"}
    assert not [p for found in kinds.values() for p in found]


@browser_only
def test_at_phone_width_a_chart_gives_way_to_its_table_of_values(driver: WebDriver, live: LiveServer) -> None:
    upload(fresh(driver), live, EXAMPLE)
    charts = driver.find_elements(By.CSS_SELECTOR, "main svg.chart")
    tables = driver.find_elements(By.CSS_SELECTOR, "main table.chart-data")
    assert len(charts) == len(tables) == 5  # fits, contributions, outcomes, tornado, cost against volume
    assert all(c.is_displayed() for c in charts) and not any(t.is_displayed() for t in tables)
    fit = charts[0].accessible_name
    assert re.fullmatch(r"Fit of each track, 0 to 1: LLM \d\.\d\d \(\w+ fit\); .+ \d\.\d\d \(\w+ fit\)", fit), fit
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        assert not any(c.is_displayed() for c in charts) and all(t.is_displayed() for t in tables)
        # the table shows what the chart's name says: "LLM | 0.90 | strong fit" for "LLM 0.90 (strong fit)"
        for row in tables[0].find_elements(By.CSS_SELECTOR, "tbody tr"):
            track, value, band = [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")]
            assert f"{track} {value} ({band})" in fit
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# --- the HTML alone ------------------------------------------------------------------------------------------------


class _Outline(HTMLParser):
    """The headings, the <title> and the charts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[list[object]] = []
        self.title = ""
        self.charts: list[dict[str, str | None]] = []
        self._in_title = self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append([int(tag[1]), ""])
        elif tag == "svg":
            self.charts.append(dict(attrs) | {"title": ""})
            self._in_svg = True
        self._in_title = self._in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"
        self._in_svg = self._in_svg and tag != "svg"

    def handle_data(self, data: str) -> None:
        if self._in_title and self._in_svg:
            self.charts[-1]["title"] = (self.charts[-1]["title"] or "") + data
        elif self._in_title:
            self.title += data


def outline(html: str) -> _Outline:
    parsed = _Outline()
    parsed.feed(html)
    return parsed


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[TestClient, Site]]:
    """A test client of a fresh server."""
    client, site = client_for(tmp_path)
    try:
        yield client, site
    finally:
        site.store.close()


def _uploaded(client: TestClient, body: bytes) -> httpx.Response:
    """The page after uploading `body` as a profile file (followed to the result when it is valid)."""
    token = csrf_of(client.get("/upload").text)
    files = {"profile": ("p.json", body, "application/json")}
    return client.post("/upload", data={"csrf_token": token}, files=files)


def test_a_page_that_shows_an_error_says_so_first_in_its_title(web: tuple[TestClient, Site]) -> None:
    client, _ = web
    refused = [
        client.get("/q/no-such-draft"),
        _uploaded(client, b'{"organization": {}}'),
        client.post("/admin/login", data={"csrf_token": csrf_of(client.get("/admin/login").text), "token": "x"}),
    ]
    start = client.post("/start", data={"csrf_token": csrf_of(client.get("/").text)}, follow_redirects=False)
    section = client.get(start.headers["location"])
    refused.append(submit(client, start.headers["location"], section.text, {"org_name": "  "}))
    for response in refused:
        assert response.status_code >= 400
        assert outline(response.text).title.startswith("Error: "), outline(response.text).title
    for response in (client.get("/"), section, _uploaded(client, EXAMPLE.read_bytes())):
        assert not outline(response.text).title.startswith("Error"), outline(response.text).title


def test_the_result_page_headings_never_skip_a_level_and_its_charts_are_named_with_their_values(
    web: tuple[TestClient, Site],
) -> None:
    client, _ = web
    page = outline(client.get(_uploaded(client, EXAMPLE.read_bytes()).url).text)
    assert heading_jumps(page.headings) == []
    assert len(page.charts) == 5
    for chart in page.charts:
        assert chart["role"] == "img" and "aria-label" not in chart, chart  # the <title> is the name
        assert re.search(r": .*\d.*; .*\d", chart["title"] or ""), chart["title"]


def test_every_focus_ring_in_the_style_sheet_contrasts_three_to_one_with_white() -> None:
    sheet = (ROOT / "templates" / "assets" / "web" / "site.css").read_text(encoding="utf-8")
    rings = []
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or ":focus" not in tinycss2.serialize(rule.prelude):
            continue
        for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type == "declaration" and declaration.lower_name.startswith("outline"):
                rings += [t.serialize() for t in declaration.value if t.type in ("hash", "ident") and t.value != "solid"]
    colours = [c for c in rings if c not in ("none", "auto")]
    assert colours, "no focus ring colour found in site.css"
    for colour in colours:
        assert contrast(colour) >= 3, f"focus ring {colour}: {contrast(colour):.2f}:1 against white"


def test_chart_titles_in_the_report_html_name_their_values_too() -> None:
    """The PDF's HTML carries the same chart titles (and hides the tables of values)."""
    rules = load_rules(None)
    html = render_html(load_profile(str(EXAMPLE), rules), rules, "0" * 64, dt.date(2026, 1, 1))
    page = outline(html)
    assert page.charts and all(re.search(r": .*\d.*; .*\d", c["title"] or "") for c in page.charts)
