"""What each deployment path costs a month (advisor/core/costs.py, quantities.py, prices.py).

Per-seat plans scale with the users, APIs with the quantities, self-hosting has a floor (one GPU always on, a platform
and a share of an engineer) and crosses the API line at the stated break-even. Costs are reproducible for a date, the
token prices come from genai-prices' bundled data and are never fetched, and a warm rules cache does not even import
genai-prices. The figures below follow rules/prices.yaml as of 2026-12-07; most are worked out from its figures so that
the test reads as the formula.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.core.costs import CostLine, Costs, Curve, costs, track_use_cases
from advisor.core.costs import json_figure as significant
from advisor.core.engine import assess
from advisor.core.need import BusinessCase
from advisor.core.profile import parse_profile
from advisor.core.quantities import Quantities
from advisor.io.sources import load_rules
from advisor.words import said

ROOT = Path(__file__).resolve().parent.parent
LAW_FIRM = ROOT / "examples" / "law-firm.json"
RULES = load_rules(None)  # read as the CLI reads them: with prices.yaml (parse_rules without a reader has no prices)
EXTENDED = load_rules("extended")
PRICES = RULES.prices
assert PRICES is not None
DAY = dt.date(2026, 12, 7)
SH = PRICES.self_hosting
DOC_TOKENS = 3000 + 1500
"""One written document reads 3,000 tokens and writes 1,500 (rules/default.yaml, quantities.writing)."""


def profile_data(needs: dict[str, dict[str, Any]], size: str | None = "51-250", users: int | None = None, **context: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"organization": {"name": "Costs Org"}, "needs": needs}
    if size is not None:
        data["organization"]["size"] = size
    if users is not None:
        data["scale"] = {"users": users}
    if context:
        data["context"] = context
    return data


def case(data: dict[str, Any], rules=RULES, currency: str = "USD") -> BusinessCase:
    """The business case of `data` (no robustness analysis: costs do not need it)."""
    found = assess(parse_profile(data, rules, "costs"), rules, as_of=DAY, robustness=False, currency=currency)
    return found.parts["business_case"]


def lines(business: BusinessCase) -> dict[tuple[str, str], CostLine]:
    assert business.costs is not None
    return {(line.track, line.path): line for line in business.costs.lines}


def monthly(business: BusinessCase, path: str, track: str = "llm") -> dict[str, float] | None:
    return lines(business)[track, path].monthly


def writing(amount: float | None = None, **extra: Any) -> dict[str, dict[str, Any]]:
    """A need for writing only, at importance 5 (the recommendation is the LLM track), with `amount` documents a month."""
    need: dict[str, Any] = {"importance": 5, "volume": "high"}
    if amount is not None:
        need["quantity"] = amount
    return {"writing": need, **extra}


def at_levels(fn) -> dict[str, float]:
    return {level: round(fn(level), 2) for level in ("low", "typical", "high")}


def self_hosted(path: str, hours: float) -> dict[str, float]:
    """The monthly cost on a self-hosted path: GPU hours (at least the floor) x price + platform + a share of staff."""
    return at_levels(
        lambda level: SH.gpu_hour[path].at(level) * max(hours, SH.min_gpu_hours)
        + SH.platform.at(level)
        + SH.staff_fte.at(level) * SH.staff_month.at(level)
    )


# ------------------------------------------------------------------------------------------ per seat (saas)


def test_the_per_seat_cost_is_users_times_the_seat_price_and_doubling_the_users_doubles_it_exactly():
    forty = monthly(case(profile_data(writing(), users=40)), "saas")
    eighty = monthly(case(profile_data(writing(), users=80)), "saas")
    assert forty == {"low": 40 * 19.0, "typical": 40 * 25.0, "high": 40 * 39.0}  # ChatGPT/Claude/Copilot team plans
    assert eighty == {level: 2 * value for level, value in forty.items()}


def test_generative_ai_seats_are_priced_as_image_video_or_voice_plans():
    art = {"art": {"importance": 5, "volume": "high"}}
    assert monthly(case(profile_data(art, users=10)), "saas", "generative_ai") == {"low": 100.0, "typical": 300.0, "high": 1200.0}


def test_without_stated_users_the_seats_are_the_rules_default_for_the_size_and_say_so():
    business = case(profile_data(writing(), size="251-1000"))
    assert business.quantities is not None and business.quantities.users.to_dict() == {
        "count": 300, "derived": True, "from_size": "251-1000"
    }
    line = lines(business)["llm", "saas"]
    assert line.monthly == {"low": 300 * 19.0, "typical": 300 * 25.0, "high": 300 * 39.0}
    assert [m.id for m in line.basis] == ["costs.basis.seats", "costs.basis.users_derived"]


def test_stated_users_win_over_the_size():
    assert monthly(case(profile_data(writing(), size="1000+", users=7)), "saas") == {"low": 133.0, "typical": 175.0, "high": 273.0}


def test_with_neither_users_nor_size_no_seat_figure_is_given_and_missing_says_users():
    line = lines(case(profile_data(writing(), size=None)))["llm", "saas"]
    assert line.monthly is None and line.missing == ("users",)
    assert [m.id for m in line.basis] == ["costs.basis.seats_unknown"] and line.sources


# ------------------------------------------------------------------------------------------------ cloud APIs


def test_the_api_cost_is_tokens_times_the_token_prices_and_doubling_the_quantity_doubles_it_exactly():
    one = case(profile_data(writing(1000)))
    two = case(profile_data(writing(2000)))
    # 1,000 documents: 3 million tokens read and 1.5 million written, at gpt-5-mini ($0.25/$2 a million),
    # claude-sonnet-4-5 ($3/$15) and claude-opus-4-5 ($5/$25)
    assert monthly(one, "cloud_api") == {"low": 3.75, "typical": 31.5, "high": 52.5}
    assert monthly(two, "cloud_api") == {"low": 7.5, "typical": 63.0, "high": 105.0}
    assert two.costs is not None and one.costs is not None
    assert two.costs.curves[0].api_per_scale == pytest.approx(2 * one.costs.curves[0].api_per_scale, rel=1e-12)


def test_media_are_priced_per_image_and_per_minute():
    art = {"art": {"importance": 5, "volume": "high", "quantity": 100}}  # 100 images kept, 4 generated for each
    line = lines(case(profile_data(art)))["generative_ai", "cloud_api"]
    assert line.monthly == {"low": 400 * 0.02, "typical": 400 * 0.04, "high": round(400 * 0.167, 2)}
    assert line.sources == (PRICES.units["images"].source,)


def test_a_quantity_of_zero_costs_nothing_on_the_api_and_the_floor_self_hosted():
    business = case(profile_data(writing(0)))
    assert monthly(business, "cloud_api") == {"low": 0.0, "typical": 0.0, "high": 0.0}
    assert [m.id for m in lines(business)["llm", "cloud_api"].basis] == ["costs.basis.nothing"]
    assert lines(business)["llm", "cloud_api"].sources == (PRICES.tokens.source,)
    assert monthly(business, "on_premises") == self_hosted("on_premises", 0)
    assert business.costs is not None and business.costs.break_even == ()  # an API costing nothing never breaks even


def test_an_unknown_quantity_gives_no_api_or_self_hosted_figure_and_missing_names_the_use_case():
    business = case(profile_data(writing(), size=None))
    for path in ("cloud_api", "private_cloud", "on_premises"):
        line = lines(business)["llm", path]
        assert line.monthly is None and line.missing == ("writing",) and line.sources
    assert business.costs is not None and business.costs.break_even == () and business.costs.curves == ()


def test_a_stated_quantity_is_costed_even_when_the_users_are_unknown():
    business = case(profile_data(writing(1000), size=None))
    assert monthly(business, "cloud_api") == {"low": 3.75, "typical": 31.5, "high": 52.5}
    assert monthly(business, "saas") is None


# -------------------------------------------------------------------------------------------- self-hosting


FLOOR_DOCUMENTS = SH.min_gpu_hours * SH.throughput.tokens / DOC_TOKENS
"""Documents a month that fill the hours one GPU always on serves (730 h x 3 million tokens / 4,500 tokens: 486,667)."""


def test_self_hosting_has_a_fixed_floor_below_which_the_quantity_changes_nothing():
    small = case(profile_data(writing(1000)))
    larger = case(profile_data(writing(round(FLOOR_DOCUMENTS / 2))))
    for path in ("private_cloud", "on_premises"):
        assert monthly(small, path) == monthly(larger, path) == self_hosted(path, 0)
    # one GPU always on ($1.50 an hour own server), a $2,000 platform and a quarter of a $13,000 engineer
    assert monthly(small, "on_premises") == {"low": 1665.0, "typical": 6345.0, "high": 17190.0}


def test_above_the_floor_self_hosting_grows_by_the_gpu_hours_the_volume_takes():
    documents = 2 * round(FLOOR_DOCUMENTS)
    hours = documents * DOC_TOKENS / SH.throughput.tokens
    business = case(profile_data(writing(documents)))
    assert hours > SH.min_gpu_hours
    for path in ("private_cloud", "on_premises"):
        assert monthly(business, path) == self_hosted(path, hours)
        assert monthly(business, path)["typical"] > self_hosted(path, 0)["typical"]


def test_the_self_hosted_line_names_gpu_hours_platform_and_staff_with_their_sources():
    line = lines(case(profile_data(writing(1000))))["llm", "private_cloud"]
    assert [m.id for m in line.basis] == ["costs.basis.gpu", "costs.basis.platform_staff"]
    assert line.sources[0] == SH.gpu_hour["private_cloud"].source
    assert {SH.throughput.source, SH.platform.source, SH.staff_month.source} <= set(line.sources)


# -------------------------------------------------------------------------------------------------- break-even


def test_the_self_hosted_line_crosses_the_api_line_at_the_stated_break_even():
    business = case(profile_data(writing(1000)))
    assert business.costs is not None
    (curve,) = business.costs.curves
    (even,) = business.costs.break_even
    s = even.scale
    assert curve.api(s) == pytest.approx(curve.self_hosted(s), rel=1e-6)
    assert s == pytest.approx(6345.0 / 31.5)  # the floor over the API's typical cost of today's 1,000 documents
    data = business.costs.to_dict()["break_even"][0]
    assert data["times_today"] == 201.429 and data["monthly_cost"] == 6345.0
    assert data["monthly_cost"] == pytest.approx(curve.api(data["times_today"]), rel=1e-5)  # times_today is rounded
    assert data["per_month"] == [{"use_case": "writing", "unit": "documents", "per_month": round(1000 * s, 2)}]
    assert curve.api(0.9 * s) < curve.self_hosted(0.9 * s) and curve.api(1.1 * s) > curve.self_hosted(1.1 * s)


@pytest.mark.parametrize(("factor", "cheaper"), [(0.9, "cloud_api"), (1.1, "on_premises")])
def test_below_the_break_even_the_api_costs_less_and_above_it_self_hosting_does(factor, cheaper):
    scale = case(profile_data(writing(1000))).costs.break_even[0].scale  # type: ignore[union-attr]
    business = case(profile_data(writing(round(factor * scale * 1000))))
    api, own = monthly(business, "cloud_api")["typical"], monthly(business, "on_premises")["typical"]
    assert (api < own) if cheaper == "cloud_api" else (own < api)


def test_the_break_even_of_the_law_firm_is_34_times_todays_quantities():
    business = case(json.loads(LAW_FIRM.read_text()))
    assert business.costs is not None
    (data,) = business.costs.to_dict()["break_even"]
    assert data["track"] == "llm" and data["between"] == ["cloud_api", "on_premises"]
    assert data["times_today"] == pytest.approx(6345.0 / 183.9375, abs=5e-4) and data["monthly_cost"] == 6345.0


def test_the_curve_meets_on_the_flat_part_on_the_rising_part_or_never():
    flat = Curve("llm", api_per_scale=100.0, fixed=500.0, gpu_price=1.0, hours_per_scale=1.0, min_hours=100.0)
    assert flat.crossing() == pytest.approx(6.0)  # floor 600 / 100 a scale, at 6 hours: still on the flat part
    rising = Curve("llm", api_per_scale=100.0, fixed=500.0, gpu_price=1.0, hours_per_scale=50.0, min_hours=100.0)
    s = rising.crossing()
    assert s == pytest.approx(10.0) and rising.api(s) == pytest.approx(rising.self_hosted(s))
    assert rising.hours_per_scale * s > rising.min_hours
    dearer = Curve("llm", api_per_scale=100.0, fixed=500.0, gpu_price=3.0, hours_per_scale=50.0, min_hours=100.0)
    assert dearer.crossing() is None  # each unit self-hosted costs more than through the API: they never meet
    free = Curve("llm", api_per_scale=0.0, fixed=500.0, gpu_price=1.0, hours_per_scale=1.0, min_hours=100.0)
    assert free.crossing() is None


def test_no_break_even_when_self_hosting_costs_more_per_unit_than_the_api():
    slow = SH.model_copy(update={"throughput": SH.throughput.model_copy(update={"tokens": 1000.0})})
    prices = PRICES.model_copy(update={"self_hosting": slow})
    rules = RULES.model_copy(update={"prices": prices})
    business = case(profile_data(writing(1000)), rules)
    assert business.costs is not None and business.costs.break_even == ()
    (curve,) = business.costs.curves
    assert curve.api_per_scale < curve.gpu_price * curve.hours_per_scale


def test_a_break_even_far_below_todays_quantities_is_not_rounded_to_zero_in_json():
    business = case(profile_data(writing(1_000_000_000)))
    assert business.costs is not None
    (data,) = business.costs.to_dict()["break_even"]
    assert data["times_today"] == pytest.approx(6345.0 / 31_500_000, rel=1e-3) and data["times_today"] > 0
    assert significant(34.4954) == 34.495 and significant(0.000201428) == 0.0002014 and significant(0.0) == 0.0


def test_huge_quantities_give_finite_ordered_figures():
    business = case(profile_data({"writing": {"importance": 5, "quantity": 1e9}, "code": {"importance": 5, "quantity": 1e9}}))
    for line in lines(business).values():
        assert line.monthly is not None
        assert 0 <= line.monthly["low"] <= line.monthly["typical"] <= line.monthly["high"] < float("inf")


# ------------------------------------------------------------------------------------------ which use cases


def test_a_hybrid_costs_each_use_case_on_the_track_that_fits_it_better():
    business = case(profile_data({"writing": {"importance": 5, "quantity": 1000}, "art": {"importance": 5, "quantity": 100}}))
    assert business.quantities is not None and business.costs is not None
    assert {line.track for line in business.costs.lines} == {"llm", "generative_ai"}
    assert monthly(business, "cloud_api", "llm") == {"low": 3.75, "typical": 31.5, "high": 52.5}  # writing only
    assert monthly(business, "cloud_api", "generative_ai")["typical"] == 400 * 0.04  # art only
    assert [b.track for b in business.costs.break_even] == ["llm", "generative_ai"]


def test_a_use_case_rated_alike_on_both_tracks_goes_to_the_first_track():
    quantities = case(profile_data({"writing": {"importance": 5, "quantity": 10}})).quantities
    assert quantities is not None
    tie = {"writing": {"llm": 0.6, "generative_ai": 0.6}}
    assert {t: [q.use_case for q in qs] for t, qs in track_use_cases(("llm", "generative_ai"), quantities, tie).items()} == {
        "llm": ["writing"], "generative_ai": []
    }


def test_a_need_of_importance_0_is_not_costed_even_with_a_quantity():
    business = case(profile_data(writing(1000, summarization={"importance": 0, "quantity": 50_000})))
    assert business.quantities is not None
    assert [q.use_case for q in business.quantities.use_cases] == ["writing"]
    assert monthly(business, "cloud_api") == {"low": 3.75, "typical": 31.5, "high": 52.5}


def test_a_need_at_volume_none_derives_a_quantity_of_zero():
    business = case(profile_data(writing(1000, summarization={"importance": 3, "volume": "none"})))
    assert business.quantities is not None
    summaries = business.quantities.use_cases[1].to_dict()
    assert summaries == {"use_case": "summarization", "unit": "documents", "per_month": 0.0, "derived": True,
                         "volume": "none", "per_user": 0.0}
    assert monthly(business, "cloud_api") == {"low": 3.75, "typical": 31.5, "high": 52.5}


def test_neither_costs_nothing_and_suggests_nothing():
    found = assess(
        parse_profile(profile_data({"forecasting": {"importance": 5, "volume": "high"}}), EXTENDED, "x"),
        EXTENDED, as_of=DAY, robustness=False,
    )
    assert found.recommendation == "neither"
    business = found.parts["business_case"]
    assert business.costs is not None and business.costs.lines == () and business.costs.break_even == ()
    assert business.costs.suggested_typical() is None
    assert business.quantities is not None and business.quantities.use_cases[0].amount == 750.0  # still counted


def test_with_no_acceptable_path_no_line_is_suggested_and_there_is_no_suggested_total():
    quantities = case(profile_data(writing(1000))).quantities
    assert isinstance(quantities, Quantities)
    found = costs(("llm",), {"llm": None}, quantities, RULES, PRICES)
    assert [line.suggested for line in found.lines] == [False] * 4
    assert found.suggested_typical() is None
    assert all(line.monthly is not None for line in found.lines)


def test_the_suggested_total_sums_the_suggested_path_of_each_track():
    business = case(profile_data({"writing": {"importance": 5, "quantity": 1000}, "art": {"importance": 5, "quantity": 100}},
                                 users=10, deployment="cloud_api"))
    assert business.costs is not None
    chosen = [line for line in business.costs.lines if line.suggested]
    assert {line.track for line in chosen} == {"llm", "generative_ai"}
    assert business.costs.suggested_typical() == round(sum(line.monthly["typical"] for line in chosen), 2)  # type: ignore[index]


def test_the_extended_use_cases_are_all_costed_in_their_own_units():
    needs = {uid: {"importance": 3, "volume": "medium"} for uid in EXTENDED.use_case_ids if uid not in RULES.use_case_ids}
    business = case(profile_data(needs, users=20), EXTENDED)
    assert business.quantities is not None and business.quantities.without_unit == ()
    units = {q.use_case: q.unit for q in business.quantities.use_cases}
    assert units["translation"] == "pages" and units["chat_qa"] == "conversations" and units["video"] == "minutes"
    assert all(line.monthly is not None for line in lines(business).values())


# ------------------------------------------------------------------------------------------------- currency


def test_another_currency_multiplies_every_figure_by_the_dated_rate_and_keeps_the_break_even():
    usd, eur = case(profile_data(writing(1000), users=10)), case(profile_data(writing(1000), users=10), currency="EUR")
    assert usd.costs is not None and eur.costs is not None
    rate = PRICES.rates.per_usd["EUR"]
    for key, line in lines(usd).items():
        assert lines(eur)[key].currency == "EUR"
        for level, value in line.monthly.items():  # type: ignore[union-attr]
            assert lines(eur)[key].monthly[level] == pytest.approx(value * rate, abs=0.01)  # type: ignore[index]
    assert eur.costs.break_even[0].scale == pytest.approx(usd.costs.break_even[0].scale)
    assert eur.costs.to_dict()["exchange_rate"] == {"per_usd": rate, "as_of": "2026-10-06"}


def test_a_currency_the_rates_lack_is_refused():
    with pytest.raises(ValueError, match="XYZ"):
        case(profile_data(writing(1000)), currency="XYZ")


# ------------------------------------------------------------------------------ reproducible, never fetched


def _score_json(cli, env: dict[str, str]) -> dict[str, Any]:
    ran = cli("score", LAW_FIRM, "--format", "json", env={"SOURCE_DATE_EPOCH": "1796601600", **env})
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def test_costs_are_the_same_on_every_run_for_a_date_with_the_rules_cache_cold_or_warm(cli, tmp_path):
    cold = _score_json(cli, {"ADVISOR_NO_CACHE": "1"})
    filled = _score_json(cli, {"XDG_CACHE_HOME": str(tmp_path)})
    assert list((tmp_path / "advisor").glob("rules-*.pickle"))
    warm = _score_json(cli, {"XDG_CACHE_HOME": str(tmp_path)})
    assert cold["business_case"] == filled["business_case"] == warm["business_case"]
    assert cold == warm
    assert [c["monthly_cost"]["typical"] for c in warm["business_case"]["costs"]] == [1875.0, 183.94, 7797.7, 6345.0]


def test_genai_prices_is_read_offline_and_never_asked_to_fetch(monkeypatch, tmp_path):
    import socket

    import genai_prices
    import httpx2
    from genai_prices import data_snapshot, update_prices

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("genai-prices was asked to fetch")

    monkeypatch.setattr(httpx2, "get", refuse)
    monkeypatch.setattr(httpx2.Client, "send", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(update_prices.UpdatePrices, "start", refuse)
    monkeypatch.setattr(update_prices.UpdatePrices, "fetch", refuse)
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    fresh = load_rules(ROOT / "rules" / "default.yaml")
    assert fresh.prices is not None and fresh.prices.tokens.priced
    assert fresh.prices.tokens.typical.input == 3.0 and fresh.prices.tokens.typical.output == 15.0
    assert fresh.prices.tokens.package == f"genai-prices {genai_prices.__version__}"
    assert data_snapshot._custom_snapshot is None  # no UpdatePrices ever replaced the bundled data


_IMPORTED = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network blocked in this test")
socket.socket.connect = refuse
from advisor.cli import run
code = run(["score", sys.argv[1], "--format", "json"])
sys.stderr.write(f"{code} {'genai_prices' in sys.modules}")
"""


def test_a_warm_rules_cache_scores_without_importing_genai_prices(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1796601600"}
    env.pop("ADVISOR_NO_CACHE", None)

    def imported() -> str:
        ran = subprocess.run([sys.executable, "-c", _IMPORTED, str(LAW_FIRM)], env=env, capture_output=True, text=True,
                             check=False, cwd=tmp_path)
        return ran.stderr

    assert imported() == "0 True"  # cold: the token prices are read from genai-prices, with the network blocked
    assert imported() == "0 False"  # warm: they come with the rules from the cache


# ------------------------------------------------------------------------------------------- rules validate


def _prices_beside_rules(tmp_path: Path, change) -> Path:
    """A copy of the default rules with a changed prices.yaml beside it (read instead of the bundled one)."""
    rules = tmp_path / "default.yaml"
    rules.write_bytes((ROOT / "rules" / "default.yaml").read_bytes())
    (tmp_path / "prices.yaml").write_text(change((ROOT / "rules" / "prices.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    return rules


def _swap(old: str, new: str):
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


@pytest.mark.parametrize(
    ("change", "located"),
    [
        (_swap("    low: 19\n", "    low: 29\n"), "prices.yaml: seats.llm (line 12): the figures must be in order"),
        (_swap("      source: https://www.runpod.io/pricing\n", ""), "prices.yaml: self_hosting.gpu_hour.on_premises.source"),
        (_swap("model: claude-opus-4-5", "model: claude-opus-9"), "prices.yaml: tokens.high.model: genai-prices"),
        (_swap("model: claude-opus-4-5", "model: claude-haiku-4-5"), "prices.yaml: tokens.input: the figures must be in order"),
        (_swap("{provider: openai,", "{provider: nosuch,"), "prices.yaml: tokens.low.model: genai-prices"),
        (_swap("package: genai-prices 0.2.5", "package: genai-prices 0.1.0"), "prices.yaml: tokens.package: names genai-prices 0.1.0"),
    ],
    ids=["out_of_order", "missing_source", "unknown_model", "token_models_out_of_order", "unknown_provider", "other_version"],
)
def test_rules_validate_refuses_a_bad_prices_file_beside_the_rules_with_a_located_error(cli, tmp_path, change, located):
    rules = _prices_beside_rules(tmp_path, change)
    ran = cli("rules", "validate", rules, env={"ADVISOR_NO_CACHE": "1"})
    assert ran.returncode == 3, ran.stderr
    assert located in ran.stderr


def test_a_prices_file_beside_the_rules_replaces_the_bundled_one(tmp_path):
    rules = _prices_beside_rules(tmp_path, _swap("    low: 19\n    typical: 25\n", "    low: 19\n    typical: 20\n"))
    mine = load_rules(rules)
    assert mine.prices is not None and mine.prices.seats["llm"].typical == 20.0
    assert monthly(case(profile_data(writing(), users=10), mine), "saas")["typical"] == 200.0  # type: ignore[index]


def test_every_cost_line_in_json_has_its_basis_sentences_and_https_sources():
    found = assess(parse_profile(json.loads(LAW_FIRM.read_text()), RULES, "law"), RULES, as_of=DAY, robustness=False)
    data = said(found.to_dict())["business_case"]
    assert data["prices_as_of"] == "2026-12-07" and data["currency"] == "USD" and data["exchange_rate"] is None
    for line in data["costs"]:
        assert line["basis"] and all(isinstance(sentence, str) and sentence for sentence in line["basis"])
        assert line["sources"] and all(source.startswith("https://") for source in line["sources"])
    assert isinstance(found.parts["business_case"].costs, Costs)


def test_a_quantity_too_small_to_ever_reach_the_floor_has_no_break_even_rather_than_an_infinite_one():
    business = case(profile_data(writing(1e-307, art={"importance": 1, "volume": "none"}), users=1))
    assert business.costs is not None and business.costs.break_even == ()
    assert business.costs.curves[0].crossing() is None
    assert Curve("llm", 1e-320, 6345.0, 1.5, 1e-320, 730.0).crossing() is None


def test_a_needed_use_case_the_rules_give_no_unit_leaves_the_api_and_self_hosted_figures_unknown(tmp_path):
    text = (ROOT / "rules" / "default.yaml").read_text(encoding="utf-8")
    start, end = text.index("  writing:\n    unit: documents"), text.index("  code:\n    unit: developers")
    (tmp_path / "mine.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    mine = load_rules(tmp_path / "mine.yaml")
    business = case(profile_data(writing(1000, summarization={"importance": 3, "quantity": 500})), mine)
    assert business.quantities is not None and business.quantities.without_unit == ("writing",)
    assert monthly(business, "saas") is not None  # seats do not count documents
    for path in ("cloud_api", "private_cloud", "on_premises"):
        line = lines(business)["llm", path]
        assert line.monthly is None and line.missing == ("writing",) and line.sources
        assert [m.id for m in line.basis] == ["costs.basis.without_unit"]
    assert business.costs is not None and business.costs.break_even == ()


def test_the_staff_share_names_the_engineers_monthly_cost_from_low_to_high_as_the_figures_use_it():
    line = lines(case(profile_data(writing(1000))))["llm", "on_premises"]
    sentence = said(line.basis[1])
    assert sentence == "plus a platform at $500 to $6,000 a month and 0.1 to 0.5 of an engineer at $8,000 to $18,000 a month"
    assert line.monthly["high"] == 3 * 730 + 6000 + 0.5 * 18000  # type: ignore[index]


def test_the_prices_age_counts_the_exchange_rates_only_for_costs_in_another_currency():
    usd, eur = case(profile_data(writing(1000))).costs, case(profile_data(writing(1000)), currency="EUR").costs
    assert usd is not None and eur is not None
    assert usd.oldest_check == dt.date(2026, 12, 7)  # every USD price was checked then
    assert eur.oldest_check == PRICES.rates.as_of == dt.date(2026, 10, 6)  # the ECB rates of 6 October


def test_a_changed_prices_file_beside_the_rules_is_read_again_with_a_warm_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    folder = tmp_path / "rules"
    folder.mkdir()
    rules = _prices_beside_rules(folder, lambda text: text)
    assert load_rules(rules).prices.seats["llm"].typical == 25.0  # type: ignore[union-attr]
    assert list((tmp_path / "cache" / "advisor").glob("rules-*.pickle"))
    _prices_beside_rules(folder, _swap("    low: 19\n    typical: 25\n", "    low: 19\n    typical: 21\n"))
    assert load_rules(rules).prices.seats["llm"].typical == 21.0  # type: ignore[union-attr]


def test_a_derived_quantity_is_written_as_the_product_people_would_write_not_its_float_noise():
    business = case(profile_data({"code": {"importance": 5, "volume": "medium"}}, users=3))  # 0.15 developers a user
    assert business.quantities is not None
    assert business.quantities.to_dict()["use_cases"][0]["per_month"] == 0.45  # 3 x 0.15 is 0.44999999999999996 in floats


def test_without_token_prices_the_api_figure_is_missing_and_no_curve_is_drawn_at_zero():
    unpriced = PRICES.tokens.model_copy(update={level: PRICES.tokens.at(level).model_copy(update={"input": None, "output": None})
                                                for level in ("low", "typical", "high")})
    rules = RULES.model_copy(update={"prices": PRICES.model_copy(update={"tokens": unpriced})})
    business = case(profile_data(writing(1000)), rules)
    line = lines(business)["llm", "cloud_api"]
    assert line.monthly is None and line.missing == ("token_prices",) and line.sources == (PRICES.tokens.source,)
    assert business.costs is not None and business.costs.curves == () and business.costs.break_even == ()
    assert monthly(business, "on_premises") == self_hosted("on_premises", 0)


def test_users_and_quantities_change_nothing_the_full_assessment_says_but_its_costs():
    plain = json.loads(LAW_FIRM.read_text())
    counted = {**plain, "scale": {"users": 4321}, "needs": {u: {**n, "quantity": 12345.6} for u, n in plain["needs"].items()}}
    before, after = (said(assess(parse_profile(d, RULES, "law"), RULES, as_of=DAY).to_dict()) for d in (plain, counted))
    for data in (before, after):
        for key in ("quantities", "costs", "break_even", "monthly_cost_typical"):
            del data["business_case"][key]
    assert before["robustness"] and before["context"]["ring"]["ring"] == "assess"
    assert before == after  # robustness, verdict, ring, headline, roadmap and readiness alike


def test_rules_validate_refuses_quantities_for_a_use_case_the_rules_lack_with_a_located_error(cli, tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "extends: default.yaml\nquantities:\n  nosuch:\n    unit: documents\n    per_user: {low: 1, medium: 2, high: 3}\n"
        "    consumes: {tokens_in: 10}\n",
        encoding="utf-8",
    )
    ran = cli("rules", "validate", rules, env={"ADVISOR_NO_CACHE": "1"})
    assert ran.returncode == 3, ran.stderr
    assert "mine.yaml: quantities.nosuch (line 4): no use case 'nosuch' in the rules" in ran.stderr
