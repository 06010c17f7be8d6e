"""What it costs, in the PDF report and on the web result page: the section on the first pages, each path's figures
as the assessment JSON gives them (said by the numbers module), every figure row with its basis and sources, the
cost-versus-volume chart with its break-even, and the warning when the prices are older than 180 days on the report's
date. The PDF is read back with pypdf; the web page through FastAPI's TestClient and in headless Chromium."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from pypdf import PdfReader

from advisor.core.engine import assess
from advisor.core.messages import Number
from advisor.core.prices import STALE_AFTER_DAYS as PRICES_STALE_DAYS
from advisor.core.prices import TokenModel
from advisor.core.profile import parse_profile
from advisor.io.sources import load_profile, load_rules
from advisor.report.costs import assessment_costs, prices_stale_note
from advisor.report.render import report_template_context, template_environment
from advisor.web import create_app, open_site
from advisor.words.dates import long_date
from advisor.words.numbers import amount, money
from advisor.words.say import template
from advisor.words.text import text
from tests.conftest import ROOT, run_cli
from tests.live_server import serve_in_thread
from tests.web_helpers import client_for, csrf_of

LAW_FIRM = ROOT / "examples" / "law-firm.json"
"""One track (LLM) whose self-hosted line crosses the API line at about 34x today's quantities."""
HYBRID = ROOT / "examples" / "ecommerce-shop.json"
"""Two tracks, each with a break-even, the LLM's far beyond the chart's usual 32x."""
TODAY = "2026-12-07"
"""A report date on which the bundled prices are fresh."""
LATER = "2028-06-01"
"""A report date long after the prices were checked."""
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def squeezed(words: str) -> str:
    """`words` without any whitespace: a PDF line may break a sentence (or a URL) anywhere."""
    return re.sub(r"\s+", "", words)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def report_pdf(profile: Path, date: str, tmp: Path) -> list[str]:
    target = tmp / f"{profile.stem}-{date}.pdf"
    result = run_cli("report", profile, "-o", target, "--date", date)
    assert result.returncode == 0, result.stderr
    return pdf_pages(target.read_bytes())


def assessment_json(profile: Path) -> dict[str, Any]:
    result = run_cli("score", profile, "--format", "json")
    assert result.returncode == 0, result.stderr
    return orjson.loads(result.stdout)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[str]]:
    """The pages of the report of each profile on each date, rendered once for the module."""
    tmp = tmp_path_factory.mktemp("costs-pdf")
    made = {(LAW_FIRM.stem, TODAY): report_pdf(LAW_FIRM, TODAY, tmp), (HYBRID.stem, TODAY): report_pdf(HYBRID, TODAY, tmp)}
    made[(LAW_FIRM.stem, LATER)] = report_pdf(LAW_FIRM, LATER, tmp)
    return made


def costs_part(pages: list[str]) -> str:
    """The PDF's text from the section's heading to the roadmap's ("How to start")."""
    whole = "\n".join(pages)
    start = whole.index(text("costs.heading"))
    return whole[start : whole.index(text("roadmap.heading"), start)]


def figures(entry: dict[str, Any]) -> list[str]:
    """A cost line's low, typical and high as every view writes them."""
    return [money(entry["monthly_cost"][level], entry["currency"]) for level in ("low", "typical", "high")]


# --- the PDF -----------------------------------------------------------------------------------------------------


@pytest.mark.slow  # renders PDFs
def test_the_costs_section_is_on_the_reports_first_pages_before_how_to_start(pdfs):
    pages = pdfs[(LAW_FIRM.stem, TODAY)]
    first = next(i for i, page in enumerate(pages) if text("costs.heading") in page)
    assert first <= 2, "the section is on the first pages"
    whole = "\n".join(pages)
    assert whole.index(text("costs.heading")) < whole.index(text("roadmap.heading"))
    assert text("quantities.heading") in pages[first] and text("costs.costs_heading") in pages[first]


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize("profile", [LAW_FIRM, HYBRID], ids=lambda p: p.stem)
def test_each_paths_figures_in_the_pdf_are_the_jsons_in_order_after_their_basis_and_sources(pdfs, profile):
    """Each row reads: the path, its basis sentences, its sources, then low, typical and high; rows in JSON order."""
    part = squeezed(costs_part(pdfs[(profile.stem, TODAY)]))
    data = assessment_json(profile)
    rules = load_rules(None)
    paths = rules.deployment.paths if rules.deployment else {}
    at = 0
    for entry in data["business_case"]["costs"]:
        title = squeezed(paths[entry["path"]].title)
        at = part.index(title, at)
        assert entry["basis"], f"{entry['track']} on {entry['path']} has no basis"
        for sentence in entry["basis"]:
            at = part.index(squeezed(sentence), at)  # every figure row names its basis
        for source in entry["sources"]:
            at = part.index(squeezed(source), at)
        shown = "".join(figures(entry)) if entry["monthly_cost"] else squeezed(text("costs_report.not_estimated"))
        at = part.index(shown, at) + len(shown)  # low, typical and high, after the row's basis, before the next row


@pytest.mark.slow  # renders PDFs
def test_the_suggested_path_is_marked_in_its_row(pdfs):
    part = squeezed(costs_part(pdfs[(LAW_FIRM.stem, TODAY)]))
    rules = load_rules(None)
    suggested = [e for e in assessment_json(LAW_FIRM)["business_case"]["costs"] if e["suggested"]]
    assert [e["path"] for e in suggested] == ["private_cloud"]
    marked = squeezed(rules.deployment.paths["private_cloud"].title + text("costs_report.suggested"))
    assert marked in part


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize("profile", [LAW_FIRM, HYBRID], ids=lambda p: p.stem)
def test_the_chart_labels_each_break_even_the_json_gives(pdfs, profile):
    whole = squeezed("\n".join(pdfs[(profile.stem, TODAY)]))
    breaks = assessment_json(profile)["business_case"]["break_even"]
    assert breaks
    for entry in breaks:
        times = text("costs.times", times=amount(entry["times_today"]))
        label = f"{text('costs.chart.break_even')}: {times}, {money(entry['monthly_cost'], entry['currency'])}"
        assert squeezed(label) in whole, label


@pytest.mark.slow  # renders PDFs
def test_the_prices_date_and_currency_are_said(pdfs):
    data = assessment_json(LAW_FIRM)["business_case"]
    said = text("costs.prices_as_of", date=long_date(dt.date.fromisoformat(data["prices_as_of"])), currency="USD")
    assert squeezed(said) in squeezed(costs_part(pdfs[(LAW_FIRM.stem, TODAY)]))


@pytest.mark.slow  # renders PDFs
def test_the_quantities_say_which_are_derived(pdfs):
    part = costs_part(pdfs[(LAW_FIRM.stem, TODAY)])
    quantities = assessment_json(LAW_FIRM)["business_case"]["quantities"]
    assert quantities["users"]["derived"] and all(q["derived"] for q in quantities["use_cases"])
    derived = "(" + template("quantities.line.derived").split("(")[1].split(":")[0] + ":"  # '(derived:'
    assert part.count(derived) == len(quantities["use_cases"])
    for q in quantities["use_cases"]:
        assert amount(q["per_month"]) in part


@pytest.mark.slow  # renders PDFs
def test_prices_checked_more_than_180_days_before_the_reports_date_give_the_warning(pdfs):
    rules = load_rules(None)
    assessment = assess(load_profile(str(LAW_FIRM), rules), rules)
    _, costs = assessment_costs(assessment)
    assert costs is not None
    later = dt.date.fromisoformat(LATER)
    assert (later - costs.oldest_check).days > PRICES_STALE_DAYS
    warning = prices_stale_note(costs, later)
    assert warning is not None
    assert squeezed(warning) in squeezed(costs_part(pdfs[(LAW_FIRM.stem, LATER)])), "a notice near the costs"
    assert squeezed("\n".join(pdfs[(LAW_FIRM.stem, LATER)])).count(squeezed(warning)) == 2, "and in the appendix"
    opening = squeezed(template("costs.prices_stale").split("{")[0])
    assert opening not in squeezed("\n".join(pdfs[(LAW_FIRM.stem, TODAY)]))


def test_the_warning_starts_the_day_after_the_180th():
    rules = load_rules(None)
    _, costs = assessment_costs(assess(load_profile(str(LAW_FIRM), rules), rules))
    assert costs is not None
    edge = costs.oldest_check + dt.timedelta(days=PRICES_STALE_DAYS)
    assert prices_stale_note(costs, edge) is None
    assert prices_stale_note(costs, edge + dt.timedelta(days=1)) is not None


# --- the report's HTML: other currencies, unknown figures, nothing recommended -------------------------------------


def report_html(profile: Any, rules: Any, currency: str = "USD") -> str:
    assessment = assess(profile, rules, currency=currency, as_of=dt.date.fromisoformat(TODAY))
    context = report_template_context(profile, rules, "0" * 64, dt.date.fromisoformat(TODAY), assessment=assessment)
    return html.unescape(template_environment().get_template("report.html.j2").render(context))


def test_in_another_currency_the_figures_are_the_jsons_and_the_rate_and_its_date_are_said():
    rules = load_rules(None)
    profile = load_profile(str(LAW_FIRM), rules)
    page = report_html(profile, rules, "EUR")
    costs = assess(profile, rules, currency="EUR").parts["business_case"].costs
    rows = re.findall(r'<tr data-path="\w+"[^>]*>(.*?)</tr>', page, re.DOTALL)
    assert [cells(row) for row in rows] == [figures(entry) for entry in costs.to_dict()["costs"]]
    assert all(entry["currency"] == "EUR" for entry in costs.to_dict()["costs"])
    said = text("costs.exchange", rate=Number(costs.rate, "g"), currency="EUR", date=long_date(costs.rates_as_of))
    assert said in page and "0.8874" in said
    assert text("costs.prices_as_of", date=long_date(costs.prices_as_of), currency="EUR") in page


def test_figures_whose_inputs_are_unknown_are_not_estimated_and_say_what_would_give_them():
    rules = load_rules(None)
    data = orjson.loads(LAW_FIRM.read_bytes())
    del data["organization"]["size"]  # no users stated and no size to derive them from
    page = report_html(parse_profile(data, rules, "law-firm.json"), rules)
    section = page[page.index('<section class="costs"') : page.index("</section>", page.index('<section class="costs"'))]
    assert text("quantities.users.unknown") in section
    rows = re.findall(r'<tr data-path="(\w+)"[^>]*>(.*?)</tr>', section, re.DOTALL)
    assert [path for path, _ in rows] == ["saas", "cloud_api", "private_cloud", "on_premises"]
    for _, row in rows:
        assert text("costs_report.not_estimated") in row and re.search(r"<li>.+</li>", row)
    assert "<svg" not in section.split("</table>")[-1], "no chart without figures"


def test_without_token_prices_the_api_is_not_estimated_and_no_chart_or_break_even_is_drawn():
    rules = load_rules(None)
    assert rules.prices is not None
    tokens = rules.prices.tokens.model_copy(update={"typical": TokenModel(provider="openai", model="unpriced")})
    unpriced = rules.model_copy(update={"prices": rules.prices.model_copy(update={"tokens": tokens})})
    page = report_html(load_profile(str(LAW_FIRM), unpriced), unpriced)
    row = re.search(r'<tr data-path="cloud_api"[^>]*>(.*?)</tr>', page, re.DOTALL)
    assert row and text("costs_report.not_estimated") in row[1]
    assert text("costs.basis.tokens_unpriced") in row[1]
    assert "cost-curves" not in page
    assert text("costs.break_even.none", track="LLM") not in page, "no claim that the API stays cheaper"


def test_nothing_recommended_shows_no_costs_but_still_how_to_start():
    rules = load_rules("extended")
    data = {"schema_version": 1, "organization": {"name": "Kessler Logistics", "size": "51-250"},
            "needs": {"forecasting": {"importance": 5, "volume": "high"}}}
    profile = parse_profile(data, rules, "forecaster.json")
    assert assess(profile, rules).recommendation == "neither"
    page = report_html(profile, rules)
    assert text("costs.heading") not in page and 'class="costs"' not in page
    assert text("roadmap.heading") in page


# --- the web result page -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """The law firm's result page and its assessment JSON, from an upload."""
    client, _ = client_for(tmp_path_factory.mktemp("costs-web") / "data")
    with client:
        form = {"csrf_token": csrf_of(client.get("/upload").text)}
        files = {"profile": ("law-firm.json", LAW_FIRM.read_bytes(), "application/json")}
        sent = client.post("/upload", data=form, files=files, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        result = sent.headers["location"]
        yield client.get(result).text, client.get(f"{result}/assessment.json").json()


def cells(row: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]


def test_the_result_page_shows_each_paths_figures_basis_and_sources_as_the_json_gives_them(result_page):
    page, data = result_page
    tables = re.findall(r'<table class="costs" data-track="(\w+)">(.*?)</table>', page, re.DOTALL)
    assert [track for track, _ in tables] == ["llm"]
    rows = re.findall(r'<tr data-path="(\w+)"([^>]*)>(.*?)</tr>', tables[0][1], re.DOTALL)
    entries = data["business_case"]["costs"]
    assert [path for path, _, _ in rows] == [e["path"] for e in entries]
    for (_, marked, row), entry in zip(rows, entries, strict=True):
        assert cells(row) == figures(entry)
        basis = [html.unescape(b) for b in re.findall(r"<li>(.*?)</li>", row, re.DOTALL)]
        assert basis == entry["basis"]
        assert re.findall(r'<a href="([^"]+)"', row) == entry["sources"]
        assert ('class="suggested"' in marked) is entry["suggested"]


def test_the_result_page_draws_the_chart_with_its_break_even_and_a_table_of_its_values(result_page):
    page, data = result_page
    chart = re.search(r'<svg[^>]*class="chart cost-curves" data-track="llm".*?</svg>', page, re.DOTALL)
    assert chart, "the cost-versus-volume chart"
    assert "<title" in chart[0] and "<desc" in chart[0]
    assert len(re.findall(r'<polyline class="cost-line"', chart[0])) == 2
    entry = data["business_case"]["break_even"][0]
    label = f"{text('costs.chart.break_even')}: {text('costs.times', times=amount(entry['times_today']))}"
    assert label in html.unescape(chart[0])
    table = re.search(r'<table class="chart-data cost-data" data-track="llm">.*?</table>', page, re.DOTALL)
    assert table and 'class="break-even"' in table[0]


# --- in a real browser ---------------------------------------------------------------------------------------------

CHROMEDRIVER, CHROMIUM = Path("/usr/bin/chromedriver"), Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser_on_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Headless Chromium on the law firm's result page, served by uvicorn on a free loopback port (one browser for
    the module; the driver always quit)."""
    if not CHROMEDRIVER.exists():
        pytest.skip("no chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    site = open_site(None, tmp_path_factory.mktemp("costs-browser"))
    served = serve_in_thread(create_app(site))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        from selenium.webdriver.common.by import By

        driver.get(served.url + "/upload")
        driver.find_element(By.CSS_SELECTOR, "#profile-file").send_keys(str(LAW_FIRM))
        driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        driver.implicitly_wait(5)
        driver.find_element(By.CSS_SELECTOR, "section#costs")  # the result page has loaded
        with urllib.request.urlopen(driver.current_url + "/assessment.json") as answer:
            data = orjson.loads(answer.read())
        yield driver, data
    finally:
        driver.quit()
        served.stop()
        site.store.close()


def shot(driver: Any, name: str, width: int, height: int) -> tuple[int, int]:
    """A screenshot of the costs section at `width` px (test-artifacts/screenshots/); the page's and window's widths."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    )
    widths = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    from selenium.webdriver.common.by import By

    section = driver.find_element(By.CSS_SELECTOR, "section#costs")
    clip = driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return {x: 0, y: r.top + window.scrollY, width: window.innerWidth, height: r.height};",
        section,
    )
    picture = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {**clip, "scale": 1}}
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(picture["data"]))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return widths[0], widths[1]


@pytest.mark.browser
@pytest.mark.slow
def test_in_chromium_the_costs_show_the_jsons_figures_the_chart_and_fit_a_375_px_screen(browser_on_result):
    from selenium.webdriver.common.by import By

    driver, data = browser_on_result
    rows = driver.find_elements(By.CSS_SELECTOR, "table.costs tr[data-path]")
    entries = data["business_case"]["costs"]
    assert [r.get_attribute("data-path") for r in rows] == [e["path"] for e in entries]
    for row, entry in zip(rows, entries, strict=True):
        assert [c.text for c in row.find_elements(By.CSS_SELECTOR, "td")] == figures(entry)
    chart = driver.find_element(By.CSS_SELECTOR, "svg.cost-curves")
    assert chart.is_displayed() and chart.size["width"] > 300
    assert driver.find_element(By.CSS_SELECTOR, "svg.cost-curves .break-even-label").text.startswith(
        text("costs.chart.break_even")
    )
    page_width, window = shot(driver, "costs-desktop", 1280, 900)
    assert page_width <= window
    page_width, window = shot(driver, "costs-mobile", 375, 812)
    assert page_width <= window, f"the page scrolls sideways at 375 px ({page_width} px wide)"
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        assert not chart.is_displayed(), "at 375 px the chart gives way to its table of values"
        assert driver.find_element(By.CSS_SELECTOR, "table.cost-data").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
