"""`advisor prices show`: every price the costs use, with what it is, its source and the date it was checked, the token
prices genai-prices gave and the rates; the prices file beside a rules file replaces the bundled one; a warning on
stderr when the oldest check is more than 180 days before the day (--date). Each command runs as a real process."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.io.sources import load_rules
from advisor.words.dates import long_date
from advisor.words.numbers import as_written
from tests.conftest import ROOT

ENV = {"COLUMNS": "1000", "NO_COLOR": "1", "TZ": "UTC"}
PRICES = load_rules(None).prices
assert PRICES is not None
OLDEST = PRICES.oldest_check
STALE = "check the prices before relying on the costs"


def advisor(*args: object) -> subprocess.CompletedProcess[str]:
    """`python -m advisor ARGS` in a process of its own, from the repository."""
    env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT)}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ADVISOR_LANG", "FORCE_COLOR", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip


def day(offset: int) -> str:
    """The day `offset` days after the oldest check."""
    return (OLDEST + dt.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def shown() -> subprocess.CompletedProcess[str]:
    ran = advisor("prices", "show", "--format", "text", "--date", day(0))
    assert ran.returncode == 0, ran.stderr
    return ran


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    ran = advisor("prices", "show", "--format", "json", "--date", day(0))
    assert ran.returncode == 0, ran.stderr
    loaded: dict[str, Any] = json.loads(ran.stdout)
    return loaded


def test_every_priced_figure_is_listed_with_what_it_is_its_source_and_when_it_was_checked(shown):
    text = shown.stdout
    assert PRICES is not None
    sh = PRICES.self_hosting
    priced = [*PRICES.seats.values(), *PRICES.units.values(), *sh.gpu_hour.values(), sh.platform, sh.staff_month]
    for price in priced:
        figures = f"{as_written(price.low)} / {as_written(price.typical)} / {as_written(price.high)} (low / typical / high)"
        assert figures in text
        assert price.what in text
        assert f"{price.source}, checked {long_date(price.checked)}" in text
    assert f"as of {long_date(PRICES.as_of)}" in text.splitlines()[0]
    assert f"{sh.throughput.source}, checked {long_date(sh.throughput.checked)}" in text


def test_the_token_models_are_listed_with_the_per_million_prices_genai_prices_gave(shown, data):
    tokens = data["tokens"]
    assert tokens["package"].startswith("genai-prices ")
    assert f"from {tokens['package']}" in shown.stdout
    for level in ("low", "typical", "high"):
        model = tokens[level]
        assert model["input"] is not None and model["output"] is not None  # filled in from genai-prices, offline
        row = next(line for line in shown.stdout.splitlines() if f"{model['provider']} {model['model']}" in line)
        assert row.split()[-2:] == [as_written(model["input"]), as_written(model["output"])]


def test_the_rates_are_listed_with_their_date_and_source(shown, data):
    assert PRICES is not None
    rates = PRICES.rates
    assert f"as of {long_date(rates.as_of)}" in shown.stdout
    assert rates.source in shown.stdout
    for currency, rate in rates.per_usd.items():
        assert any(line.split() == [currency, as_written(rate)] for line in shown.stdout.splitlines())
    assert data["rates"]["per_usd"] == rates.per_usd


def test_the_json_gives_the_files_figures_its_date_and_the_oldest_check(data):
    assert data["rules"] == "seed-use-case-matrix"
    assert data["as_of"] == PRICES.as_of.isoformat()
    assert data["oldest_check"] == OLDEST.isoformat()
    assert data["stale"] is False and data["stale_after_days"] == 180
    assert set(data) >= {"seats", "units", "tokens", "self_hosting", "rates"}


@pytest.mark.parametrize("output", ["text", "json"])
def test_prices_checked_more_than_180_days_before_the_day_are_warned_about_on_stderr(output):
    fresh = advisor("prices", "show", "--format", output, "--date", day(180))
    stale = advisor("prices", "show", "--format", output, "--date", day(181))
    assert fresh.returncode == stale.returncode == 0
    assert STALE not in fresh.stderr
    assert f"The oldest price was checked on {long_date(OLDEST)}, 181 days before" in stale.stderr
    assert STALE in stale.stderr and STALE not in stale.stdout
    if output == "json":
        assert json.loads(stale.stdout)["stale"] is True


def test_a_prices_file_beside_the_rules_file_replaces_the_bundled_one(tmp_path: Path):
    shutil.copy(ROOT / "rules" / "default.yaml", tmp_path / "mine.yaml")
    own = (ROOT / "rules" / "prices.yaml").read_text().replace("    typical: 25\n", "    typical: 27\n", 1)
    assert own != (ROOT / "rules" / "prices.yaml").read_text()
    (tmp_path / "prices.yaml").write_text(own)
    ran = advisor("prices", "show", "--rules", tmp_path / "mine.yaml", "--format", "json", "--date", day(0))
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["seats"]["llm"]["typical"] == 27


def test_the_extended_rules_prices_are_shown_and_a_wrong_date_is_a_usage_error():
    ran = advisor("prices", "show", "--rules", "extended", "--format", "json", "--date", day(0))
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["rules"] == "extended-use-case-matrix"
    wrong = advisor("prices", "show", "--date", "07/12/2026")
    assert wrong.returncode == 2
