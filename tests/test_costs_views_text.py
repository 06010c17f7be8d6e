"""Issue 25, items 3 and 6, in the terminal views: `advisor score --format text` says what each path costs a month
for each recommended track (the suggested one marked), every figure followed by its basis and the prices' date, the
break-even and the currency; `whatif` shows the change of the suggested paths' typical monthly cost; `batch` gives it
in a column; `--currency` converts at the dated rate and says so. Each command runs as a real process."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from advisor.io.sources import load_rules
from advisor.words.dates import long_date
from advisor.words.numbers import money
from tests.conftest import ROOT, run_cli

EPOCH = "1780790400"  # 2026-06-07: a day the prices are less than 180 days old on
ENV = {"COLUMNS": "400", "NO_COLOR": "1", "TZ": "UTC", "SOURCE_DATE_EPOCH": EPOCH}
LAW_FIRM = ROOT / "examples" / "law-firm.json"
AGENCY = ROOT / "examples" / "on-premises-agency.json"
PRICES = load_rules(None).prices
assert PRICES is not None
EUR = PRICES.rates.per_usd["EUR"]

FORECASTER: dict[str, Any] = {
    "schema_version": 1,
    "id": "forecaster",
    "organization": {"name": "Kessler Logistics"},
    "needs": {"forecasting": {"importance": 5, "volume": "high"}},
}
"""With the extended rules: 'neither' (nothing to cost)."""


def advisor(*args: object, stdin: bytes | None = None, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    """`python -m advisor ARGS` in a process of its own, from the repository, unwrapped text, on the day `epoch`."""
    env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": epoch}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ADVISOR_LANG", "FORCE_COLOR"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def ok(*args: object, stdin: bytes | None = None, epoch: str = EPOCH) -> str:
    ran = advisor(*args, stdin=stdin, epoch=epoch)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def block(text: str) -> list[str]:
    """The lines of 'What it costs a month', up to the rules' line."""
    lines = text.splitlines()
    start = lines.index("What it costs a month")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Rules: "))
    return lines[start + 1 : end]


def case(data: dict[str, Any]) -> dict[str, Any]:
    business_case: dict[str, Any] = data["business_case"]
    return business_case


def figure_line(entry: dict[str, Any], titles: dict[str, str], tracks: dict[str, str]) -> str:
    cost, currency = entry["monthly_cost"], entry["currency"]
    mark = " (suggested)" if entry["suggested"] else ""
    low, typical, high = (money(cost[level], currency) for level in ("low", "typical", "high"))
    return f"  {tracks[entry['track']]} on {titles[entry['path']]}{mark}: {low} to {high} a month (typical {typical})"


@pytest.fixture(scope="module")
def agency() -> tuple[list[str], dict[str, Any]]:
    return block(ok("score", AGENCY, "--format", "text")), json.loads(ok("score", AGENCY, "--format", "json"))


def test_every_path_of_every_recommended_track_is_priced_with_the_json_figures_and_the_suggested_one_marked(agency):
    lines, data = agency
    rules = load_rules(None)
    assert rules.deployment is not None
    titles = {path: p.title for path, p in rules.deployment.paths.items()}
    tracks = {track: t.short for track, t in rules.tracks.items()}
    costs = case(data)["costs"]
    assert {c["track"] for c in costs} == {"llm", "generative_ai"}  # a hybrid: both tracks
    for entry in costs:
        assert figure_line(entry, titles, tracks) in lines
    suggested = [line for line in lines if "(suggested)" in line]
    assert len(suggested) == sum(c["suggested"] for c in costs) == 2


def test_every_figure_is_followed_by_its_basis_sentences_and_the_prices_date(agency):
    lines, data = agency
    as_of = long_date(PRICES.as_of)
    figures = [i for i, line in enumerate(lines) if " a month (typical " in line]
    assert len(figures) == len(case(data)["costs"])
    for index, entry in zip(figures, case(data)["costs"], strict=True):
        following = []
        for line in lines[index + 1 :]:
            if not line.startswith("    - "):
                break
            following.append(line.removeprefix("    - "))
        assert following[: len(entry["basis"])] == entry["basis"], entry["path"]
        assert following[-1] == f"prices as of {as_of} (their sources: advisor prices show)"


def test_the_quantities_come_first_and_say_what_is_derived(agency):
    lines, data = agency
    quantities = case(data)["quantities"]
    assert lines[0] == f"  {quantities['users']['count']} users (derived from the size 51-250)"
    for entry, line in zip(quantities["use_cases"], lines[1:], strict=False):
        assert entry["derived"]
        assert line.endswith(f"per user at {entry['volume']} volume)")
        assert f" {entry['unit']} a month (derived: " in line


def test_the_break_even_of_each_track_and_the_currency_are_said(agency):
    lines, data = agency
    for entry in case(data)["break_even"]:
        track = load_rules(None).tracks[entry["track"]].short
        said = [line for line in lines if line.startswith(f"  Break-even for {track}: ")]
        assert len(said) == 1
        assert f"({money(entry['monthly_cost'], 'USD')} a month)" in said[0]
    assert f"  Prices as of {long_date(PRICES.as_of)}; amounts in USD" in lines
    assert not any("converted from USD" in line for line in lines)


def test_prices_checked_more_than_180_days_before_the_assessments_date_are_warned_about():
    oldest = PRICES.oldest_price_check  # a USD report: the exchange rates are not among its prices
    late = dt.datetime.combine(oldest + dt.timedelta(days=181), dt.time(), dt.UTC)
    lines = block(ok("score", LAW_FIRM, "--format", "text", epoch=str(int(late.timestamp()))))
    warning = f"  The oldest price was checked on {long_date(oldest)}, 181 days before {long_date(late.date())}: "
    assert any(line.startswith(warning) for line in lines)
    on_time = block(ok("score", LAW_FIRM, "--format", "text", epoch=str(int((late - dt.timedelta(days=1)).timestamp()))))
    assert not any("The oldest price was checked" in line for line in on_time)


def test_stated_users_and_quantities_are_not_called_derived(tmp_path):
    profile = json.loads(LAW_FIRM.read_text())
    profile["scale"] = {"users": 40}
    profile["needs"]["writing"]["quantity"] = 500
    path = tmp_path / "stated.json"
    path.write_text(json.dumps(profile))
    lines = block(ok("score", path, "--format", "text"))
    assert lines[0] == "  40 users"
    assert "  Content writing: 500 documents a month" in lines
    assert any(line.startswith("    - 40 seats x ") for line in lines)


def test_unknown_users_give_no_figure_and_say_what_would_give_one(tmp_path):
    profile = json.loads(LAW_FIRM.read_text())
    del profile["organization"]["size"]
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(profile))
    lines = block(ok("score", path, "--format", "text"))
    assert lines[0] == "  users not known"
    unknown = [line for line in lines if line.endswith(": not estimated")]
    assert len(unknown) == 4  # every path of the one track
    assert any("state scale.users" in line for line in lines)  # the basis names what would give the figure
    assert not any("Break-even" in line for line in lines)


def test_nothing_is_costed_when_nothing_is_recommended():
    text = ok("score", "-", "--rules", "extended", "-f", "text", stdin=json.dumps(FORECASTER).encode())
    data = json.loads(ok("score", "-", "--rules", "extended", "-f", "json", stdin=json.dumps(FORECASTER).encode()))
    assert data["recommendation"] == "neither"
    assert "What it costs a month" not in text
    assert case(data)["costs"] == [] and case(data)["monthly_cost_typical"] is None


# ---- --currency -------------------------------------------------------------------------------------------------


def test_currency_eur_gives_the_usd_figures_times_the_rate_and_names_the_rate_and_its_date():
    usd = case(json.loads(ok("score", LAW_FIRM, "--format", "json")))
    eur = case(json.loads(ok("score", LAW_FIRM, "--format", "json", "--currency", "EUR")))
    assert eur["currency"] == "EUR"
    assert eur["exchange_rate"] == {"per_usd": EUR, "as_of": PRICES.rates.as_of.isoformat()}
    for dollars, euros in zip(usd["costs"], eur["costs"], strict=True):
        assert euros["currency"] == "EUR"
        for level in ("low", "typical", "high"):
            assert euros["monthly_cost"][level] == pytest.approx(dollars["monthly_cost"][level] * EUR, abs=0.01)
    lines = block(ok("score", LAW_FIRM, "--format", "text", "--currency", "EUR"))
    assert f"  converted from USD at {EUR} EUR to the dollar ({long_date(PRICES.rates.as_of)})" in lines
    assert "  Prices as of 7 December 2026; amounts in EUR" in lines
    suggested = next(c for c in eur["costs"] if c["suggested"])
    assert any(f"(typical {money(suggested['monthly_cost']['typical'], 'EUR')})" in line for line in lines)


def test_currency_is_read_in_any_case_on_the_fast_path_and_through_typer():
    lower = ok("score", LAW_FIRM, "--format", "json", "--currency", "eur")
    assert lower == ok("score", LAW_FIRM, "--format", "json", "--currency=EUR")
    # --lang takes the command through Typer, not the plain score path
    assert json.loads(ok("score", LAW_FIRM, "--format", "json", "--lang", "en", "--currency", "Eur")) == json.loads(lower)


@pytest.mark.parametrize("command", [("score", LAW_FIRM), ("whatif", LAW_FIRM, "--set", "scale.users=3"), ("batch", LAW_FIRM)])
def test_an_unknown_currency_is_a_usage_error_naming_the_known_ones(command):
    ran = advisor(*command, "--currency", "XYZ")
    assert ran.returncode == 2
    assert "unknown currency 'XYZ'" in ran.stderr
    for code in ("USD", "EUR", "GBP", "CHF", "JPY"):
        assert code in ran.stderr
    assert ran.stdout == ""


def test_group_gives_the_consensus_costs_in_the_currency():
    data = json.loads(ok("group", LAW_FIRM, ROOT / "examples" / "clinic.json", "-f", "json", "--currency", "gbp"))
    consensus = case(data["consensus"])
    assert consensus["currency"] == "GBP"
    assert all(entry["currency"] == "GBP" for entry in consensus["costs"])


def test_the_report_is_assessed_in_the_currency(tmp_path, monkeypatch):
    from advisor.report import render

    seen: list[str] = []
    real = render.assess

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("currency", "USD"))
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "assess", spy)
    ran = run_cli("report", LAW_FIRM, "-o", tmp_path / "r.html", "--currency", "chf", "--date", "2026-12-07")
    assert ran.returncode == 0, ran.stderr
    assert seen == ["CHF"]


# ---- whatif -----------------------------------------------------------------------------------------------------

WHATIF = ("--set", "context.deployment=cloud_api", "--set", "needs.code.importance=4")


def test_whatif_shows_the_change_of_the_suggested_paths_typical_monthly_cost():
    data = json.loads(ok("whatif", AGENCY, *WHATIF, "--format", "json"))
    before, after = case(data["before"])["monthly_cost_typical"], case(data["after"])["monthly_cost_typical"]
    assert before != after
    assert data["cost_change"] == {
        "before": before,
        "after": after,
        "change": round(after - before, 2),
        "currency": "USD",
    }
    text = ok("whatif", AGENCY, *WHATIF, "--format", "text")
    row = next(line for line in text.splitlines() if "Cost a month (typical)" in line)
    assert row.split()[-2:] == [money(before, "USD"), money(after, "USD")]


def test_whatif_cost_change_is_in_the_currency():
    data = json.loads(ok("whatif", AGENCY, *WHATIF, "--format", "json", "--currency", "EUR"))
    assert data["cost_change"]["currency"] == "EUR"
    assert data["cost_change"]["before"] == case(data["before"])["monthly_cost_typical"]


# ---- batch ------------------------------------------------------------------------------------------------------


def suggested_sum(business_case: dict[str, Any]) -> float:
    return round(sum(c["monthly_cost"]["typical"] for c in business_case["costs"] if c["suggested"]), 2)


@pytest.mark.parametrize("robustness", [(), ("--no-robustness",)])
def test_batch_csv_gives_the_typical_monthly_cost_of_the_suggested_paths_and_jsonl_rows_the_same(robustness):
    inputs = [LAW_FIRM, AGENCY, ROOT / "examples" / "game-studio.json"]
    rows = list(csv.DictReader(io.StringIO(ok("batch", *inputs, "-q", "-j", "1", "-f", "csv", *robustness))))
    lines = ok("batch", *inputs, "-q", "-j", "1", "-f", "jsonl", *robustness).splitlines()
    assert len(rows) == len(lines) == 3
    for row, line in zip(rows, lines, strict=True):
        business_case = case(json.loads(line))
        assert float(row["monthly_cost_typical"]) == business_case["monthly_cost_typical"] == suggested_sum(business_case)
        assert row["currency"] == business_case["currency"] == "USD"


def test_batch_in_another_currency_and_an_unknown_cost_left_empty(tmp_path):
    profile = json.loads(LAW_FIRM.read_text())
    del profile["organization"]["size"]  # no users: the suggested path's cost is unknown
    profile["id"] = "no-size"
    (tmp_path / "no-size.json").write_text(json.dumps(profile))
    forecaster = tmp_path / "forecaster.json"
    forecaster.write_text(json.dumps(FORECASTER))
    rows = list(csv.DictReader(io.StringIO(ok("batch", LAW_FIRM, tmp_path / "no-size.json", "-q", "-j", "1", "--currency", "eur"))))
    assert [row["currency"] for row in rows] == ["EUR", "EUR"]
    usd = case(json.loads(ok("score", LAW_FIRM, "-f", "json")))["monthly_cost_typical"]
    assert float(rows[0]["monthly_cost_typical"]) == pytest.approx(usd * EUR, abs=0.02)
    assert rows[1]["monthly_cost_typical"] == ""
    neither = list(csv.DictReader(io.StringIO(ok("batch", forecaster, "-q", "-j", "1", "--rules", "extended"))))
    assert neither[0]["recommendation"] == "neither"
    assert neither[0]["monthly_cost_typical"] == neither[0]["currency"] == ""
