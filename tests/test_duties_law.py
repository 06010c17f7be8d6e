"""The bundled duties, moved between countries: one organisation in the US, the UK, the EU, Switzerland and Japan (and
with its output used in the EU) meets exactly the duties of the law where it is law; health data brings the
special-category duties wherever the GDPR applies; no duty appears for a jurisdiction the profile does not touch; every
obligation of every example names its law, jurisdiction, date and source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor.core.engine import assess
from advisor.core.law import DutyEntry, reach
from advisor.core.profile import parse_profile
from advisor.words import said

DAY = dt.date(2026, 12, 7)
RULES = {name: advisor.load_rules(name) for name in ("default", "extended")}
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))
MOVER = {
    "organization": {"name": "Mover"},
    "needs": {"writing": {"importance": 4}, "art": {"importance": 2}},
    "context": {
        "data_sensitivity": "regulated",
        "deployment": "cloud_api",
        "regulated_data": ["health", "financial"],
        "publishes_outputs": True,
        "public_chatbot": True,
        "ai_act_areas": ["employment"],
    },
}
AI_ACT = {  # the EU AI Act reaches where the organisation is and where its output is used (Art. 2(1)(c))
    "eu-ai-act-art4-literacy": "applies",
    "eu-ai-act-art50-4-public-interest-text": "applies",
    "eu-ai-act-art26-high-risk-deployer": "applies_from",  # Annex III deployer duties from 2 Dec 2027
    # a provider's duties, and the profile does not say whether it offers an AI system under its own name
    "eu-ai-act-art50-1-chatbot-design": "applies_if",
    "eu-ai-act-art50-2-machine-readable-marking": "applies_if",
}
GDPR = {  # where the organisation operates, in the EEA
    "gdpr-art9-special-categories": "applies",
    "gdpr-art35-dpia": "applies",
    "gdpr-art28-processor-agreement": "applies",
    "gdpr-chapter5-transfers": "applies",
}
EU = {**AI_ACT, **GDPR}
UK = {
    "uk-gdpr-art9-special-categories": "applies",
    "uk-gdpr-art35-dpia": "applies",
    "uk-gdpr-art28-processor-agreement": "applies",
    "uk-gdpr-chapter5-transfers": "applies",
}
US = {
    "hipaa-baa": "applies",
    "glba-safeguards-service-providers": "applies",  # financial records: GLBA, never a BAA
    "nyc-ll144-aedt": "applies_if",  # a city or state inside the US: it would apply if the hiring reaches it
    "illinois-hb3773-ai-employment": "applies_if",
    "colorado-admt-consequential-decisions": "applies_from",  # from 1 Jan 2027
}


def duties(data: dict, rules_name: str = "default", as_of: dt.date = DAY) -> dict[str, str]:
    rules = RULES[rules_name]
    result = assess(parse_profile(data, rules, "p.json"), rules, as_of=as_of, robustness=False)
    return {o.rule: o.status for o in result.context.obligations if isinstance(o, DutyEntry)}


def moved(organization: dict, output_regions: list[str] | None = None) -> dict:
    context = {**MOVER["context"], **({"output_regions": output_regions} if output_regions else {})}
    return {**MOVER, "organization": {"name": "Mover", **organization}, "context": context}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"countries": ["US"]}, US),
        ({"regions": ["UK"]}, UK),
        ({"regions": ["EU"]}, EU),
        ({"countries": ["DE"]}, EU),
        ({"countries": ["CH"]}, {}),
        ({"countries": ["JP"]}, {}),
    ],
    ids=["US", "UK", "EU", "Germany", "Switzerland", "Japan"],
)
@pytest.mark.parametrize("rules_name", ["default", "extended"])
def test_one_organisation_moved_between_countries_meets_exactly_the_law_there(where, expected, rules_name):
    assert duties(moved(where), rules_name) == expected
    # its output used in the EU adds the EU AI Act's duties (Art. 2(1)(c)), not the GDPR's, and changes nothing else
    assert duties(moved(where, ["EU"]), rules_name) == {**expected, **AI_ACT}


def test_health_data_brings_the_special_category_duties_wherever_the_gdpr_applies():
    for where, prefix in (({"regions": ["EU"]}, "gdpr"), ({"regions": ["UK"]}, "uk-gdpr")):
        for kind in (["health"], ["special_category"]):
            found = duties({**moved(where), "context": {"regulated_data": kind, "deployment": "on_premises"}})
            assert {f"{prefix}-art9-special-categories", f"{prefix}-art35-dpia"} <= set(found)
            assert "hipaa-baa" not in found  # a UK or EU health body is never told to sign a BAA


def test_financial_records_alone_get_glba_in_the_us_and_no_baa_anywhere():
    for where in ({"countries": ["US"]}, {"regions": ["EU"]}, {"regions": ["UK"]}):
        found = duties({**moved(where), "context": {"regulated_data": ["financial"], "deployment": "cloud_api"}})
        assert "hipaa-baa" not in found
        assert ("glba-safeguards-service-providers" in found) == (where == {"countries": ["US"]})


def test_where_the_organisation_operates_is_not_stated_nothing_is_asserted():
    found = duties(moved({}))
    assert found and set(found.values()) <= {"applies_if", "applies_from"}


def test_a_provider_meets_the_art_50_provider_duties_a_deployer_does_not():
    providers = {"eu-ai-act-art50-1-chatbot-design", "eu-ai-act-art50-2-machine-readable-marking"}

    def role(offers: bool) -> dict:
        return {**moved({"regions": ["EU"]}), "context": {**MOVER["context"], "offers_ai_system": offers}}

    assert {rule: duties(role(True))[rule] for rule in providers} == dict.fromkeys(providers, "applies")
    assert not providers & set(duties(role(False)))
    assert {rule: duties(moved({"regions": ["EU"]}))[rule] for rule in providers} == dict.fromkeys(providers, "applies_if")


@pytest.mark.parametrize("rules_name", ["default", "extended"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_obligation_of_every_example_names_its_law_jurisdiction_date_and_source(path, rules_name):
    rules = RULES[rules_name]
    result = assess(parse_profile(orjson.loads(path.read_bytes()), rules, str(path)), rules, as_of=DAY)
    for obligation in said(result.to_dict())["context"]["obligations"]:
        assert obligation["law"] and obligation["jurisdiction"] and obligation["applies_from"], obligation["rule"]
        assert obligation["source"].startswith("https://"), obligation["rule"]


places = st.fixed_dictionaries(
    {},
    optional={
        "regions": st.lists(st.sampled_from(["EU", "UK", "North America", "Other Europe", "Asia-Pacific"]), unique=True),
        "countries": st.lists(st.sampled_from(["US", "CA", "DE", "CH", "JP", "GB"]), unique=True),
    },
)


@settings(max_examples=60, deadline=None)
@given(places, st.none() | st.lists(st.sampled_from(["EU", "UK", "North America"]), min_size=1, unique=True))
def test_no_duty_appears_for_a_jurisdiction_the_profile_does_not_touch(organization, output_regions):
    rules = RULES["default"]
    data = moved(organization, output_regions)
    profile = parse_profile(data, rules, "p.json")
    for rule, status in duties(data).items():
        duty = rules.duties[rule]
        if duty.jurisdiction == "any":
            continue
        touched = reach(profile, rules.jurisdictions[duty.jurisdiction], duty.through_output)
        assert touched != "no", (rule, organization, output_regions)
        assert (status == "applies") <= (touched == "yes"), (rule, status, touched)
    # saying where the output is used can only add duties, never take one away
    if output_regions:
        assert set(duties(moved(organization))) <= set(duties(data))
