"""Guards for truthful advice (hypothesis): equivalent inputs give the same assessment, an unstated fact is unknown
(never asserted, never lowering the ring on its own), every output tells one story, and edges give true sentences."""

from __future__ import annotations

import copy
import io
import random
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.messages import DataText, Message, Words
from advisor.core.numbers import difference, margins_look_equal, percent
from advisor.core.profile import parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.core.types import GOVERNANCE_BASICS
from advisor.io.sources import load_rules
from advisor.io.terminal import console_for, print_assessment
from advisor.words import said, say

RULES = parse_rules(default_rules_path().read_bytes(), "default.yaml")
EXTENDED = load_rules("extended")
RING_ORDER = {"hold": 0, "assess": 1, "trial": 2, "adopt": 3}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Equivalent spellings: each list holds spellings of one value.
LANGUAGE_SPELLINGS = [
    ["en", "EN", "eng", "en-GB", "en-us"],
    ["pt", "pt-BR", "PT-br", "por"],
    ["de", "de-DE", "DE", "deu"],
    ["zh", "zh-Hans", "ZH-hant-TW", "zho"],
    ["sw", "SW", "swa", "sw-KE"],
    ["yo", "yor", "yo-NG"],
]
REGION_SPELLINGS = [
    ["EU", "eu", "European Union", "EU27"],
    ["UK", "uk", "United Kingdom", "Great Britain"],
    ["North America", "north america", "NAM", "US and Canada"],
    ["Asia-Pacific", "APAC", "Asia"],
    ["Middle East and Africa", "MEA", "Africa"],
    # a country says more than its region (the law can differ inside a region): its own spellings are equivalent
    ["Germany", "DE", "DEU", "germany"],
    ["United States", "US", "USA", "us"],
    ["Japan", "JP", "JPN"],
    ["ireland", "IE", "IRL"],
]
DEFAULTS = {"data_sensitivity": "internal", "deployment": "no_preference", "budget": "medium", "risk_tolerance": "medium"}

needs = st.dictionaries(
    st.sampled_from(RULES.use_case_ids),
    st.fixed_dictionaries({"importance": st.integers(1, 5), "volume": st.sampled_from(["low", "medium", "high"])}),
    min_size=1,
)
contexts = st.fixed_dictionaries(
    {},
    optional={
        "data_sensitivity": st.sampled_from(["public", "internal", "confidential", "regulated"]),
        "deployment": st.sampled_from(["saas", "cloud_api", "private_cloud", "on_premises", "no_preference"]),
        "budget": st.sampled_from(["low", "medium", "high"]),
        "ai_skills": st.sampled_from(["none", "basic", "developers", "ml_engineers"]),
        "risk_tolerance": st.sampled_from(["low", "medium", "high"]),
        "data_residency": st.sampled_from(["none", "eu", "uk", "us", "in_country"]),
        "regulated_data": st.lists(st.sampled_from(["health", "financial"]), unique=True),
        "publishes_outputs": st.booleans(),
        "public_chatbot": st.booleans(),
        "synthetic_people": st.booleans(),
        "ip_indemnity": st.booleans(),
        "realtime": st.booleans(),
        "languages": st.lists(st.integers(0, len(LANGUAGE_SPELLINGS) - 1), min_size=1, max_size=3, unique=True),
        "governance": st.lists(st.sampled_from(GOVERNANCE_BASICS), unique=True),
        "ai_act_areas": st.lists(st.sampled_from(["social_scoring", "employment", "education_access"]), unique=True),
    },
)
regions = st.none() | st.lists(st.integers(0, len(REGION_SPELLINGS) - 1), min_size=1, max_size=3, unique=True)


@st.composite
def profiles(draw: Any) -> dict[str, Any]:
    """Profile data with canonical spellings (languages and regions as indexes into the spelling lists, spelled 0)."""
    context = draw(contexts)
    if "languages" in context:
        context["languages"] = [LANGUAGE_SPELLINGS[i][0] for i in context["languages"]]
    data: dict[str, Any] = {"organization": {"name": "Guard Org"}, "needs": draw(needs), "context": context}
    chosen = draw(regions)
    if chosen is not None:
        data["organization"]["regions"] = [REGION_SPELLINGS[i][0] for i in chosen]
    return data


def assessed(data: dict[str, Any], rules: Any = RULES, robustness: bool = True) -> Any:
    return assess(parse_profile(copy.deepcopy(data), rules, "guard"), rules, robustness=robustness)


def respelled(data: dict[str, Any], pick: random.Random) -> dict[str, Any]:
    """The same profile with every language and region spelled another equivalent way."""
    out = copy.deepcopy(data)
    spelling = {s: group for group in LANGUAGE_SPELLINGS + REGION_SPELLINGS for s in group}
    if "languages" in out["context"]:
        out["context"]["languages"] = [pick.choice(spelling[t]) for t in out["context"]["languages"]]
    if "regions" in out["organization"]:
        out["organization"]["regions"] = [pick.choice(spelling[r]) for r in out["organization"]["regions"]]
    return out


def shuffled(value: Any, pick: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        pick.shuffle(items)
        return {k: shuffled(v, pick) for k, v in items}
    return value


def text_of(assessment: Any, rules: Any = RULES) -> str:
    stream = io.StringIO()
    print_assessment(assessment, rules, console_for(stream))
    return " ".join(stream.getvalue().split())


# ---------------------------------------------------------------------------------------------- equivalent inputs


@SETTINGS
@given(profiles(), st.integers(0, 2**32 - 1))
def test_equivalent_spellings_key_orders_and_explicit_defaults_give_the_same_assessment(data, seed):
    pick = random.Random(seed)
    expected = assessed(data).to_dict()
    assert assessed(respelled(data, pick)).to_dict() == expected
    assert assessed(shuffled(data, pick)).to_dict() == expected
    explicit = copy.deepcopy(data)
    explicit["context"] = {**DEFAULTS, **explicit["context"]}
    explicit["priorities_confidence"] = "medium"
    for need in explicit["needs"].values():
        need.setdefault("volume", "medium")
    stated = assessed(explicit).to_dict()
    # a default said out loud is a statement: readiness scores it where silence stays "not stated"; nothing else moves
    for case in (stated["business_case"], expected["business_case"]):
        case.pop("readiness")
    assert stated == expected


@pytest.mark.parametrize("spellings", LANGUAGE_SPELLINGS[:4])
def test_high_resource_languages_in_any_spelling_lower_no_rating(spellings):
    for tag in spellings:
        result = assessed({"organization": {"name": "L"}, "needs": {"writing": {"importance": 4}}, "context": {"languages": [tag]}})
        assert result.context.modifiers_applied == (), tag
        # no review of a low-resource language: the one duty is Art. 4 AI literacy, which would apply in the EU
        duties = {(o.rule, o.status) for o in result.context.obligations}
        assert duties == {("eu-ai-act-art4-literacy", "applies_if")}, tag


@pytest.mark.parametrize("spelling", REGION_SPELLINGS[0])
def test_every_spelling_of_the_eu_fires_the_eu_marking_duty(spelling):
    data = {
        "organization": {"name": "R", "regions": [spelling]},
        "needs": {"art": {"importance": 4}},
        "context": {"publishes_outputs": True, "offers_ai_system": True},
    }
    result = assessed(data)
    # the marking duty binds a provider (offers_ai_system); in the EU in any spelling it applies, not "would apply"
    statuses = {o.rule: (o.status, o.jurisdiction) for o in result.context.obligations}
    assert statuses["eu-ai-act-art50-2-machine-readable-marking"] == ("applies", "EU")
    assert result.organization["regions"] == ["EU"]


# ------------------------------------------------------------------------------------------------ unknown facts


@SETTINGS
@given(profiles(), st.sampled_from(GOVERNANCE_BASICS))
def test_stating_one_more_governance_basic_never_lowers_the_ring(data, basic):
    stated = list(data["context"].get("governance", []))
    if basic in stated:
        return
    before = assessed(data).context.ring.ring
    more = copy.deepcopy(data)
    more["context"]["governance"] = [*stated, basic] if "governance" in data["context"] else list(GOVERNANCE_BASICS)
    after = assessed(more).context.ring.ring
    assert RING_ORDER[after] >= RING_ORDER[before]


@SETTINGS
@given(profiles())
def test_more_skills_never_lower_the_ring(data):
    levels = ["none", "basic", "developers", "ml_engineers"]
    rings = []
    for level in levels:
        stated = copy.deepcopy(data)
        stated["context"]["ai_skills"] = level
        rings.append(RING_ORDER[assessed(stated).context.ring.ring])
    assert rings == sorted(rings)


def _tests(condition: Any, field: str, value: Any) -> bool:
    """Whether a rule's condition (at any depth of all/any) asks `field` to equal `value`."""
    if condition is None:
        return False
    if getattr(condition, "field", None) == field and condition.equals == value:
        return True
    return any(_tests(part, field, value) for part in (condition.all or []) + (condition.any or []))


def ids_in(data: Any) -> set[str]:
    """Every message and data-text id in an assessment's `to_dict()` tree, parameters included: what it says."""
    found: set[str] = set()
    if isinstance(data, Message):
        found.add(data.id)
        for _, value in data.params:
            found |= ids_in(value)
    elif isinstance(data, DataText):
        found.add(data.id)
    elif isinstance(data, Words):
        for item in data.items:
            found |= ids_in(item)
    elif isinstance(data, dict):
        for value in data.values():
            found |= ids_in(value)
    elif isinstance(data, list | tuple):
        for item in data:
            found |= ids_in(item)
    return found


RING_REASONS_ASSERTING = {
    # the ring rule that says the fact is missing: it may fire only when the profile states it
    "governance": ("readiness.governance", 0),
    "ai_skills": ("readiness.skills_gap", True),
}
NEGATIVE_IDS = {
    fact: {
        f"rules.readiness.rings.{index}.reason"
        for index, rule in enumerate(RULES.readiness.rings)
        if _tests(rule.when, field, value)
    }
    for fact, (field, value) in RING_REASONS_ASSERTING.items()
}
"""Fact -> the ids of the sentences that assert its negative (found from the rules' conditions, not their words)."""
OUTSIDE_EU_RULES = {name for name, rule in RULES.context_rules.items() if _tests(rule.when, "organization.in_eu", "no")}
"""The context rules that assert the organisation is not in the EU."""


def test_the_sentences_asserting_a_missing_fact_are_found_in_the_rules():
    """The guard of the guard: each id set is found (a rules change that renames them fails here, not vacuously)."""
    assert all(NEGATIVE_IDS.values()), NEGATIVE_IDS
    assert OUTSIDE_EU_RULES, "no context rule asserts 'not in the EU' any more"


@SETTINGS
@given(profiles())
def test_removing_an_optional_fact_never_produces_a_sentence_asserting_its_negative(data):
    for fact in ("governance", "ai_skills", "organization.regions"):
        removed = copy.deepcopy(data)
        if fact == "organization.regions":
            removed["organization"].pop("regions", None)
        else:
            removed["context"].pop(fact, None)
        result = assessed(removed)
        said_ids = ids_in(result.to_dict())
        if fact == "organization.regions":
            fired = {flag.rule for flag in result.context.flags} | {veto.rule for veto in result.context.vetoes}
            assert not fired & OUTSIDE_EU_RULES, fired
        else:
            assert not said_ids & NEGATIVE_IDS[fact], (fact, said_ids & NEGATIVE_IDS[fact])
        if fact == "governance":
            assert result.context.readiness.governance_missing == ()
        if fact == "ai_skills":  # unknown skills: no path is said to have a skills gap ('(needs ...: a skills gap)')
            assert all(path.skills_gap is not True for path in result.context.deployment_paths)


@SETTINGS
@given(profiles())
def test_skipping_robustness_never_changes_the_ring_it_places(data):
    full = assessed(data).context.ring
    quick = assessed(data, robustness=False).context.ring
    if quick.ring == "not_assessed":
        assert full.ring in quick.possible and len(quick.possible) > 1
    else:
        assert quick.ring == full.ring


# ------------------------------------------------------------------------------------------------------ one story

VERB = {"adopt": "Adopt", "trial": "Trial", "assess": "Assess"}


def assert_one_story(result: Any, rules: Any = RULES) -> None:
    ring = result.context.ring.ring
    title, headline = say(result.action_title), say(result.headline)
    assert headline.startswith(title)
    if ring == "hold":
        assert title.startswith("Hold: ") and "Adopt" not in headline and "Trial" not in headline
        if result.context.vetoes and any(v.kind == "practice" for v in result.context.vetoes):
            assert result.context.deployment_paths == ()
    elif result.recommendation != "neither":
        verb = VERB[ring]
        assert title.startswith((verb, f"Too close to call: {verb.lower()} both")), (ring, title)
        for other in set(VERB.values()) - {verb}:
            assert not title.startswith(other)
    fits = f"{result.scores['llm']:.2f}", f"{result.scores['generative_ai']:.2f}"
    assert all(fit in headline for fit in fits)
    text = text_of(result, rules)
    assert " ".join(headline.split()) in text
    assert f"ring {ring.replace('_', ' ').upper()}" in text
    if result.robustness is not None:
        summary = say(result.explanation.summary)
        p_same = result.robustness.p_outcome[result.recommendation]
        shown = percent(p_same)  # the numbers module: never 100% below 1
        assert f"held in {shown}" in summary or f"came out in {shown}" in summary
        if result.robustness.verdict == "too_close" and result.robustness.decided_by == "probability":
            assert "too uncertain to call" in summary and "too close to call" not in summary
        if result.basis != "low_fit" and not margins_look_equal(result.margin, 0):
            assert f"by {difference(result.margin)}" in summary


@SETTINGS
@given(profiles())
def test_every_generated_profile_tells_one_story(data):
    assert_one_story(assessed(data))


@SETTINGS
@given(profiles())
def test_every_generated_profile_tells_one_story_with_the_extended_rules(data):
    assert_one_story(assessed(data, EXTENDED), EXTENDED)


# ---------------------------------------------------------------------------------------------------------- edges

PERCENT_CHANGE = re.compile(r"from (-?[\d.]+)% to (-?[\d.]+)%")


@settings(max_examples=150, deadline=None)
@given(needs)
def test_no_change_sentence_is_zero_length_or_negative(need_map):
    result = assessed({"organization": {"name": "Edge"}, "needs": need_map})
    for flip in result.robustness.flip_thresholds:
        assert 0.0 <= flip.weight <= 1.0 and str(flip.weight) != "-0.0"
        assert flip.weight >= flip.current_weight if flip.direction == "increase" else flip.weight <= flip.current_weight
    for sentence in said(result.explanation.what_would_change):
        assert "-0.0" not in sentence
        for before, after in PERCENT_CHANGE.findall(sentence):
            assert before != after, sentence


@pytest.mark.parametrize(
    "need_map",
    [
        {"summarization": {"importance": 3}, "multimodal": {"importance": 1}},  # the LLM's share is exactly 25%
        {"writing": {"importance": 1}, "art": {"importance": 3}},  # generative AI's share is exactly 75%
        {"code": {"importance": 1}, "art": {"importance": 3}},
    ],
)
def test_a_profile_exactly_on_an_edge_says_what_any_move_does(need_map):
    result = assessed({"organization": {"name": "Edge"}, "needs": need_map})
    on_edge = [s for s in said(result.explanation.what_would_change) if s.startswith("The answer sits on an edge")]
    assert on_edge, said(result.explanation.what_would_change)
    assert all(re.search(r"any (rise|fall) in the weight of .+ (above|below) its current [\d.]+%", s) for s in on_edge)
