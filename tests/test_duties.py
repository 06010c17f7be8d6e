"""Duties by jurisdiction: a duty counts only where its law is law for the organisation (where it operates, where its
output is used), says "would apply if" where the profile does not tell, waits for the date it applies from, binds
providers only when the organisation offers an AI system, and is refused on load without its law, place, dates or
source."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.core.engine import assess
from advisor.core.errors import RulesError
from advisor.core.law import DutyEntry
from advisor.core.profile import parse_profile
from advisor.core.resources import bundled_dir
from advisor.core.rules import parse_rules
from advisor.words import said, say
from advisor.words.problems import problem_message

_DEFAULT = (bundled_dir("rules") / "default.yaml").read_text(encoding="utf-8")
_LAW = _DEFAULT.index("\nlaw_checked:")
BASE = (_DEFAULT[:_LAW] + "\n" + _DEFAULT[_DEFAULT.index("\nuse_cases:", _LAW):]).encode()
"""The default rules without their own duties: each test states the ones it reads."""

LAW = """
jurisdictions:
  EU: {title: the European Union, region: EU}
  US: {title: the United States, country: US}
  US-NY: {title: New York City, country: US, within: true}
duties:
  eu-health:
    title: A condition for health data
    step: Meet an Art. 9(2) condition before health data reaches an AI tool.
    law: {title: GDPR, article: Art. 9}
    jurisdiction: EU
    binds: [controller]
    when: {field: context.regulated_data, contains: health}
    applies_from: 2018-05-25
    source: https://eur-lex.europa.eu/eli/reg/2016/679/oj
    checked: 2026-12-07
    rationale: Health data is special-category data.
  us-baa:
    title: A BAA
    step: Sign a business associate agreement.
    law: {title: HIPAA Privacy Rule, article: 45 CFR 164.502(e)}
    jurisdiction: US
    binds: [covered_entity, business_associate]
    when: {field: context.regulated_data, contains: health}
    applies_from: 2003-04-14
    source: https://www.ecfr.gov/current/title-45/section-164.502
    checked: 2026-12-07
    rationale: A vendor handling PHI is a business associate.
    condition: if you are a HIPAA covered entity or business associate
  nyc-hiring:
    title: A bias audit
    step: Have the hiring tool audited for bias.
    law: {title: NYC Local Law 144, article: "§ 20-871"}
    jurisdiction: US-NY
    binds: [employer]
    when: {field: context.ai_act_areas, contains: employment}
    applies_from: 2023-07-05
    source: https://rules.cityofnewyork.us/rule/automated-employment-decision-tools-updated/
    checked: 2026-12-07
    rationale: Automated employment decision tools need a yearly bias audit.
  eu-provider-marking:
    title: Mark synthetic output
    step: Mark generated media in a machine-readable way.
    law: {title: EU AI Act, article: Art. 50(2)}
    jurisdiction: EU
    binds: [provider]
    when: {field: context.publishes_outputs, equals: true}
    applies_from: 2026-08-02
    source: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    checked: 2026-12-07
    rationale: Providers mark synthetic output.
  eu-annex-iii:
    title: Annex III deployer duties
    step: Use the high-risk system as instructed, with human oversight.
    law: {title: EU AI Act, article: Art. 26}
    jurisdiction: EU
    through_output: true
    binds: [deployer]
    when: {field: context.ai_act_areas, contains: employment}
    applies_from: 2027-12-02
    source: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    checked: 2026-12-07
    rationale: High-risk uses bring deployer duties.
  old-rule:
    title: A duty that ended
    step: Do something no longer needed.
    law: {title: Old Act, article: s. 1}
    jurisdiction: EU
    binds: [organisation]
    when: {field: context.publishes_outputs, equals: true}
    applies_from: 2020-01-01
    applies_until: 2025-12-31
    source: https://example.org/old-act
    checked: 2026-12-07
    rationale: It was repealed.
"""
RULES = parse_rules(BASE + LAW.encode(), "law.yaml")
DAY = dt.date(2026, 12, 7)


def duties(organization: dict, context: dict, as_of: dt.date | None = DAY) -> dict[str, DutyEntry]:
    data = {"organization": {"name": "Acme", **organization}, "needs": {"writing": {"importance": 3}}, "context": context}
    result = assess(parse_profile(data, RULES, "p.json"), RULES, as_of=as_of, robustness=False)
    return {o.rule: o for o in result.context.obligations if isinstance(o, DutyEntry)}


HEALTH = {"regulated_data": ["health"], "deployment": "cloud_api"}


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ({"regions": ["EU"]}, {"eu-health": "applies"}),
        ({"regions": ["US"]}, {"us-baa": "applies"}),  # the country is recorded: the US, not Canada
        ({"regions": ["North America"]}, {"us-baa": "applies_if"}),  # the US or Canada: it would apply if the US
        ({"countries": ["CA"]}, {}),  # Canada is stated: no US law
        ({"regions": ["Other Europe"], "countries": ["CH"]}, {}),  # Switzerland: neither the EU nor the US
        ({"countries": ["JP"]}, {}),
        ({"regions": ["UK"]}, {}),
        ({}, {"eu-health": "applies_if", "us-baa": "applies_if"}),  # where it operates is not stated
    ],
)
def test_a_duty_counts_only_where_its_law_is_law(organization, expected):
    found = duties(organization, HEALTH)
    assert {rule: entry.status for rule, entry in found.items()} == expected


def test_output_used_in_the_eu_brings_the_law_that_follows_the_output_and_no_other():
    hiring = {**HEALTH, "ai_act_areas": ["employment"]}
    assert not {"eu-health", "eu-annex-iii"} & set(duties({"countries": ["JP"]}, hiring))
    used = duties({"countries": ["JP"]}, {**hiring, "output_regions": ["EU"]})
    assert used["eu-annex-iii"].status == "applies_from"  # the EU AI Act follows the output (Art. 2(1)(c))
    assert "eu-health" not in used  # a law of where the organisation is does not


def test_a_would_apply_duty_says_where_and_for_whom_and_asserts_nothing():
    baa = duties({"regions": ["North America"]}, HEALTH)["us-baa"]
    assert say(baa.condition) == "if you operate in the United States"
    assert baa.who is not None and say(baa.who) == "if you are a HIPAA covered entity or business associate"
    city = duties({"regions": ["US"]}, {"ai_act_areas": ["employment"]})["nyc-hiring"]
    assert city.status == "applies_if"  # a profile never places itself in a city: it would apply
    assert say(city.condition) == "if your organisation is in New York City"


def test_dates_hold_back_a_duty_not_yet_applicable_and_drop_one_that_ended():
    later = duties({"regions": ["EU"]}, {"ai_act_areas": ["employment"]})
    assert later["eu-annex-iii"].status == "applies_from" and later["eu-annex-iii"].applies_from == dt.date(2027, 12, 2)
    assert duties({"regions": ["EU"]}, {"ai_act_areas": ["employment"]}, dt.date(2027, 12, 2))["eu-annex-iii"].status == "applies"
    published = {"publishes_outputs": True}
    assert "old-rule" not in duties({"regions": ["EU"]}, published)
    assert duties({"regions": ["EU"]}, published, dt.date(2025, 12, 31))["old-rule"].status == "applies"


def test_a_providers_duty_needs_the_organisation_to_offer_an_ai_system():
    unstated = duties({"regions": ["EU"]}, {"publishes_outputs": True})["eu-provider-marking"]
    assert unstated.status == "applies_if"  # the role is not stated: it would apply, and says on what
    assert say(unstated.condition) == "if you offer an AI system to others under your own name"
    assert "eu-provider-marking" not in duties({"regions": ["EU"]}, {"publishes_outputs": True, "offers_ai_system": False})
    offered = duties({"regions": ["EU"]}, {"publishes_outputs": True, "offers_ai_system": True})
    assert offered["eu-provider-marking"].status == "applies"


def test_every_duty_in_the_json_names_its_law_place_binding_dates_and_source():
    data = {"organization": {"name": "Acme", "regions": ["EU"]}, "needs": {"writing": {"importance": 3}}, "context": HEALTH}
    result = said(assess(parse_profile(data, RULES, "p.json"), RULES, as_of=DAY, robustness=False).to_dict())
    [entry] = [o for o in result["context"]["obligations"] if o["rule"] == "eu-health"]
    assert {k: entry[k] for k in ("law", "jurisdiction", "binds", "applies_from", "source", "status")} == {
        "law": "GDPR Art. 9",
        "jurisdiction": "EU",
        "binds": ["controller"],
        "applies_from": "2018-05-25",
        "source": "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
        "status": "applies",
    }


@pytest.mark.parametrize(
    ("remove", "path"),
    [
        ("    law: {title: GDPR, article: Art. 9}\n", "duties.eu-health.law"),
        ("    jurisdiction: EU\n    binds: [controller]\n", "duties.eu-health.jurisdiction"),
        ("    applies_from: 2018-05-25\n", "duties.eu-health.applies_from"),
        ("    source: https://eur-lex.europa.eu/eli/reg/2016/679/oj\n", "duties.eu-health.source"),
    ],
)
def test_a_duty_without_its_law_place_date_or_source_is_refused_where_it_is(remove, path):
    broken = LAW.replace(remove, "    binds: [controller]\n" if "jurisdiction" in remove else "", 1)
    with pytest.raises(RulesError) as refused:
        parse_rules(BASE + broken.encode(), "law.yaml")
    problems = [(p.path, p.line, problem_message(p)) for p in refused.value.problems]
    assert [(where, message) for where, _, message in problems] == [(path, "is required but missing")]
    assert problems[0][1] is not None  # located on its line


def test_a_duty_in_a_jurisdiction_the_rules_do_not_describe_is_refused():
    with pytest.raises(RulesError) as refused:
        parse_rules(BASE + LAW.replace("jurisdiction: US-NY", "jurisdiction: US-CA").encode(), "law.yaml")
    [problem] = refused.value.problems
    assert problem.code == "rules.duties.invalid" and problem.path == "duties.nyc-hiring.jurisdiction"
    assert problem_message(problem).startswith("jurisdiction 'US-CA' is not described under jurisdictions")


def test_countries_are_read_by_name_code_or_the_regions_name_that_stands_for_one_and_add_their_region():
    data = {"organization": {"name": "A", "countries": ["UK", "United States", "jpn"]}, "needs": {"art": {"importance": 1}}}
    organization = parse_profile(data, RULES, "p.json").organization
    assert organization.countries == ["GB", "US", "JP"]
    assert organization.regions == ["UK", "North America", "Asia-Pacific"]


def test_a_list_of_names_with_spaces_is_split_on_commas_only_where_the_question_says():
    from advisor.questionnaire.answers import split_items

    assert split_items("United Kingdom, United States; Japan", commas_only=True) == ["United Kingdom", "United States", "Japan"]
    assert split_items("en de, fr") == ["en", "de", "fr"]  # language tags: spaces separate too


def test_whatif_names_a_duty_whose_status_changed_when_the_country_is_stated():
    from advisor.core.whatif import context_changes

    before = {"organization": {"name": "A", "regions": ["North America"]}, "needs": {"art": {"importance": 3}}, "context": HEALTH}
    after = {**before, "organization": {"name": "A", "regions": ["US"]}}
    old, new = (assess(parse_profile(d, RULES, "p.json"), RULES, as_of=DAY, robustness=False) for d in (before, after))
    changed = context_changes(old, new)["obligations"]
    assert [(e["rule"], e["status"]) for e in changed["changed"]] == [("us-baa", "applies")]
    assert not changed["added"] and not changed["removed"]
