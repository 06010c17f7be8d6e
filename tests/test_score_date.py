"""`advisor score --date` and `advisor whatif --date`: the assessment is made for the date given (the duties that
apply by then, the prices' age), so a fixed date gives the same costs and duties on any day, as SOURCE_DATE_EPOCH does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AGENCY = ROOT / "examples" / "on-premises-agency.json"


def advisor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "advisor", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )


def test_a_fixed_date_gives_the_same_assessment_as_source_date_epoch_and_moves_the_duties_that_apply_later():
    dated = advisor("score", str(AGENCY), "--format", "json", "--date", "2026-12-07")
    epoch = advisor("score", str(AGENCY), "--format", "json", env={"SOURCE_DATE_EPOCH": "1796601600"})  # 2026-12-07
    assert dated.returncode == epoch.returncode == 0, dated.stderr + epoch.stderr
    assert json.loads(dated.stdout) == json.loads(epoch.stdout)
    earlier = json.loads(advisor("score", str(AGENCY), "--format", "json", "--date", "2026-06-01").stdout)
    statuses = {o["rule"]: o["status"] for o in json.loads(dated.stdout)["context"]["obligations"]}
    before = {o["rule"]: o["status"] for o in earlier["context"]["obligations"]}
    rule = "eu-ai-act-art50-4-public-interest-text"  # from 2 Aug 2026
    assert (before[rule], statuses[rule]) == ("applies_from", "applies")
    assert json.loads(dated.stdout)["business_case"]["costs"] == earlier["business_case"]["costs"]  # prices are data


def test_the_text_warns_about_old_prices_only_when_the_date_is_more_than_180_days_after_their_check():
    fresh = advisor("score", str(AGENCY), "--format", "text", "--date", "2026-12-07")
    old = advisor("score", str(AGENCY), "--format", "text", "--date", "2028-06-01")
    assert "The oldest price was checked" not in fresh.stdout
    assert "The oldest price was checked on 7 December 2026, 542 days before 1 June 2028" in " ".join(old.stdout.split())


def test_a_malformed_date_is_a_usage_error_naming_it():
    for command in (["score", str(AGENCY)], ["whatif", str(AGENCY), "--set", "scale.users=40"]):
        ran = advisor(*command, "--date", "7/12/2026")
        assert ran.returncode == 2 and "--date '7/12/2026'" in ran.stderr and "YYYY-MM-DD" in ran.stderr
