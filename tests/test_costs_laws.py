"""Laws the costs obey for every profile, with the default and the extended rules (hypothesis).

Every figure is ordered low <= typical <= high and never negative; a figure is missing exactly when an input it needs
is unknown, and then says which; stating a quantity equal to the derived one changes no figure; costs never change
the recommendation, the ring or anything else the assessment says; another currency multiplies every figure by its
rate; every line names its basis and https sources; equivalent inputs give the same costs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.need import BusinessCase
from advisor.core.profile import parse_profile
from advisor.core.rules import Rules
from advisor.io.sources import load_rules
from advisor.words import said

DEFAULT = load_rules(None)
EXTENDED = load_rules("extended")
DAY = dt.date(2026, 12, 7)
VOLUMES = ("none", "low", "medium", "high")
SIZES = ("1-50", "51-250", "251-1000", "1000+")
COST_KEYS = ("quantities", "costs", "break_even", "currency", "exchange_rate", "prices_as_of", "monthly_cost_typical")
"""What the costs stage adds to `business_case`: nothing else of the assessment may depend on it."""
RULESETS = {"default": DEFAULT, "extended": EXTENDED}
LAWS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def profiles(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A rules set's name and a profile for it: needs (some with quantities), perhaps a size, perhaps users, a context."""
    name = draw(st.sampled_from(tuple(RULESETS)))
    rules = RULESETS[name]
    uids = draw(st.lists(st.sampled_from(rules.use_case_ids), min_size=1, max_size=5, unique=True))
    needs: dict[str, dict[str, Any]] = {}
    for uid in uids:
        need: dict[str, Any] = {"importance": draw(st.integers(0, 5)), "volume": draw(st.sampled_from(VOLUMES))}
        quantity = draw(st.none() | st.integers(0, 1_000_000) | st.floats(0, 1e9, allow_nan=False, allow_infinity=False))
        if quantity is not None:
            need["quantity"] = quantity
        needs[uid] = need
    if all(need["importance"] == 0 or need["volume"] == "none" for need in needs.values()):  # a profile needs one
        needs[uids[0]] |= {"importance": draw(st.integers(1, 5)), "volume": draw(st.sampled_from(VOLUMES[1:]))}
    organization: dict[str, Any] = {"name": "Law Org"}
    size = draw(st.none() | st.sampled_from(SIZES))
    if size is not None:
        organization["size"] = size
    regions = draw(st.none() | st.lists(st.sampled_from(("EU", "UK", "US")), min_size=1, max_size=3, unique=True))
    if regions is not None:
        organization["regions"] = regions
    data: dict[str, Any] = {
        "organization": organization,
        "needs": needs,
        "context": {
            "deployment": draw(st.sampled_from(("saas", "cloud_api", "private_cloud", "on_premises", "no_preference"))),
            "data_sensitivity": draw(st.sampled_from(("public", "internal", "confidential", "regulated"))),
            "budget": draw(st.sampled_from(("low", "medium", "high"))),
        },
    }
    skills = draw(st.none() | st.sampled_from(("none", "basic", "developers", "ml_engineers")))
    if skills is not None:
        data["context"]["ai_skills"] = skills
    users = draw(st.none() | st.integers(1, 10_000_000))
    if users is not None:
        data["scale"] = {"users": users}
    return name, data


def run(rules: Rules | str, data: dict[str, Any], currency: str = "USD") -> Any:
    rules = RULESETS[rules] if isinstance(rules, str) else rules
    return assess(parse_profile(data, rules, "law"), rules, as_of=DAY, robustness=False, currency=currency)


def business(rules: Rules | str, data: dict[str, Any], currency: str = "USD") -> BusinessCase:
    return run(rules, data, currency).parts["business_case"]


def figures(case: BusinessCase) -> dict[tuple[str, str], dict[str, float] | None]:
    assert case.costs is not None
    return {(line.track, line.path): line.monthly for line in case.costs.lines}


def users_known(data: dict[str, Any]) -> bool:
    return "scale" in data or "size" in data["organization"]


@LAWS
@given(profiles())
def test_every_figure_is_ordered_low_typical_high_and_never_negative(drawn):
    case = business(*drawn)
    assert case.costs is not None
    for line in case.costs.lines:
        if line.monthly is not None:
            assert 0 <= line.monthly["low"] <= line.monthly["typical"] <= line.monthly["high"]
    for even in case.costs.break_even:
        assert even.scale > 0 and even.monthly_cost >= 0
        assert all(amount >= 0 for _, _, amount in even.quantities), (drawn, even)


@LAWS
@given(profiles())
def test_a_figure_is_missing_exactly_when_an_input_is_unknown_and_missing_says_which(drawn):
    name, data = drawn
    rules = RULESETS[name]
    case = business(rules, data)
    assert case.costs is not None and case.quantities is not None
    unknown_quantities = {q.use_case for q in case.quantities.use_cases if q.amount is None}
    for q in case.quantities.use_cases:  # a quantity is unknown only when neither it nor the users are known
        assert (q.amount is None) == ("quantity" not in data["needs"][q.use_case] and not users_known(data))
    for line in case.costs.lines:
        assert (line.monthly is None) == bool(line.missing)
        if line.path == "saas":  # an unknown users count never gives a seat figure
            assert line.missing == (() if users_known(data) else ("users",))
        else:
            assert set(line.missing) <= unknown_quantities
    for even in case.costs.break_even:  # a break-even only between figures that are known
        assert figures(case)[even.track, "cloud_api"] is not None and figures(case)[even.track, "on_premises"] is not None


@LAWS
@given(profiles())
def test_stating_each_quantity_as_the_derived_one_changes_no_figure(drawn):
    name, data = drawn
    rules = RULESETS[name]
    derived = business(rules, data)
    assert derived.quantities is not None
    stated = {**data, "needs": {uid: dict(need) for uid, need in data["needs"].items()}}
    for q in derived.quantities.use_cases:
        if q.amount is not None:
            stated["needs"][q.use_case]["quantity"] = q.amount
    again = business(rules, stated)
    assert figures(again) == figures(derived)
    assert again.costs is not None and derived.costs is not None
    assert [(b.track, b.scale) for b in again.costs.break_even] == [(b.track, b.scale) for b in derived.costs.break_even]


def without_costs(assessment: Any) -> dict[str, Any]:
    data = said(assessment.to_dict())
    data["business_case"] = {k: v for k, v in data["business_case"].items() if k not in COST_KEYS}
    return data


@LAWS
@given(profiles())
def test_costs_never_change_the_recommendation_the_ring_or_anything_else_said(drawn):
    name, data = drawn
    rules = RULESETS[name]
    plain = {
        **data,
        "needs": {uid: {k: v for k, v in need.items() if k != "quantity"} for uid, need in data["needs"].items()},
    }
    plain.pop("scale", None)
    with_costs, without = run(rules, data), run(rules, plain)
    assert with_costs.recommendation == without.recommendation
    assert with_costs.parts["context"].ring == without.parts["context"].ring
    assert without_costs(with_costs) == without_costs(without)
    no_stage = assess(parse_profile(data, rules, "law"), rules, as_of=DAY, robustness=False,
                      stages={"headline", "readiness", "roadmap"})
    assert no_stage.parts["business_case"].costs is None
    assert without_costs(no_stage) == without_costs(with_costs)


@LAWS
@given(profiles(), st.sampled_from(("EUR", "GBP", "JPY", "INR")))
def test_another_currency_multiplies_every_figure_by_its_rate(drawn, currency):
    name, data = drawn
    rules = RULESETS[name]
    usd, other = business(rules, data), business(rules, data, currency)
    assert rules.prices is not None and other.costs is not None and usd.costs is not None
    rate = rules.prices.rates.per_usd[currency]
    for key, monthly in figures(usd).items():
        converted = figures(other)[key]
        if monthly is None:
            assert converted is None
            continue
        assert converted is not None
        for level, value in monthly.items():  # each is rounded to cents after converting: half a cent either side
            assert abs(converted[level] - value * rate) <= 0.005 * (1 + rate) + 1e-9 * value * rate
    assert [b.scale for b in other.costs.break_even] == pytest.approx([b.scale for b in usd.costs.break_even], rel=1e-12)
    assert other.costs.to_dict()["exchange_rate"]["per_usd"] == rate


@LAWS
@given(profiles())
def test_every_cost_line_has_a_basis_sentence_and_an_https_source(drawn):
    data = said(run(*drawn).to_dict())["business_case"]
    for line in data["costs"]:
        assert line["basis"] and all(isinstance(sentence, str) and sentence.strip() for sentence in line["basis"])
        assert line["sources"] and all(source.startswith("https://") for source in line["sources"])
        assert line["prices_as_of"] == data["prices_as_of"]


@LAWS
@given(profiles())
def test_equivalent_inputs_give_the_same_costs(drawn):
    name, data = drawn
    rules = RULESETS[name]
    lower = {**data, "organization": {**data["organization"]}}
    if "regions" in data["organization"]:
        lower["organization"]["regions"] = [region.lower() for region in data["organization"]["regions"]]
    lower["needs"] = {  # the same needs in the other order, whole quantities written as floats
        uid: {**need, **({"quantity": float(need["quantity"])} if "quantity" in need else {})}
        for uid, need in reversed(data["needs"].items())
    }
    first, second = said(run(rules, data).to_dict()), said(run(rules, lower).to_dict())
    assert {k: first["business_case"].get(k) for k in COST_KEYS} == {k: second["business_case"].get(k) for k in COST_KEYS}


@LAWS
@given(profiles(), st.integers(1, 1_000_000))
def test_doubling_the_users_doubles_every_seat_figure(drawn, users):
    name, data = drawn
    rules = RULESETS[name]
    one = figures(business(rules, {**data, "scale": {"users": users}}))
    two = figures(business(rules, {**data, "scale": {"users": 2 * users}}))
    for (track, path), monthly in one.items():
        if path == "saas":
            assert monthly is not None and two[track, path] is not None
            for level, value in monthly.items():
                assert two[track, path][level] == round(2 * value, 2)  # type: ignore[index]


@LAWS
@given(profiles())
def test_doubling_every_quantity_doubles_the_api_figures(drawn):
    name, data = drawn
    rules = RULESETS[name]
    once = business(rules, data)
    assert once.quantities is not None
    amounts = {q.use_case: q.amount for q in once.quantities.use_cases if q.amount is not None}
    twice = {**data, "needs": {uid: dict(need) for uid, need in data["needs"].items()}}
    for uid, amount in amounts.items():
        twice["needs"][uid]["quantity"] = min(2 * amount, 1e9)
    doubled = figures(business(rules, twice))
    if any(2 * amount > 1e9 for amount in amounts.values()):
        return  # beyond what a profile may state
    for (track, path), monthly in figures(once).items():
        if path == "cloud_api" and monthly is not None:
            for level, value in monthly.items():
                assert abs(doubled[track, path][level] - 2 * value) <= 0.015 + 1e-9 * value  # type: ignore[index]


@LAWS
@given(profiles(), st.sampled_from(("USD", "EUR")))
def test_the_chart_lines_pass_through_todays_typical_figures_and_meet_at_the_break_even(drawn, currency):
    name, data = drawn
    case = business(name, data, currency)
    assert case.costs is not None
    known = figures(case)
    for curve in case.costs.curves:
        api, own = known[curve.track, "cloud_api"], known[curve.track, "on_premises"]
        assert api is not None and own is not None
        assert abs(curve.api(1) - api["typical"]) <= 0.005 + 1e-9 * api["typical"]
        assert abs(curve.self_hosted(1) - own["typical"]) <= 0.005 + 1e-9 * own["typical"]
    crossings = {curve.track: curve.crossing() for curve in case.costs.curves}
    for even in case.costs.break_even:
        curve = next(c for c in case.costs.curves if c.track == even.track)
        assert crossings[even.track] == even.scale
        assert curve.api(even.scale) == pytest.approx(curve.self_hosted(even.scale), rel=1e-6)
        assert curve.api(0.9 * even.scale) < curve.self_hosted(0.9 * even.scale)
        assert curve.api(1.1 * even.scale) > curve.self_hosted(1.1 * even.scale)
        entry = even.to_dict()
        assert entry["monthly_cost"] == pytest.approx(curve.api(entry["times_today"]), rel=1e-3, abs=0.01)
    assert {e.track for e in case.costs.break_even} == {t for t, s in crossings.items() if s is not None}


@LAWS
@given(profiles(), st.sampled_from(("USD", "EUR", "JPY")))
def test_the_batch_figure_worked_out_alone_is_the_suggested_lines_typical_figure(drawn, currency):
    """A batch row asks for the suggested paths' typical figure only, worked out without the lines' words: it is the
    sum of the suggested lines' typical figures, as JSON and every view give them."""
    name, data = drawn
    alone = business(name, data, currency).costs
    with_lines = business(name, data, currency).costs
    assert alone is not None and with_lines is not None
    suggested = [line.monthly for line in with_lines.lines if line.suggested]  # works the lines out first
    expected = None if not suggested or None in suggested else round(sum(m["typical"] for m in suggested if m), 2)
    assert alone.suggested_typical() == with_lines.suggested_typical() == expected
    assert alone.empty == with_lines.empty == (not with_lines.lines)
