"""Hostile review of issue 24 (duties by jurisdiction): each test states what the advice should be and fails today.

Not fixes: every test here names a bug (see the docstring of each) and is expected to fail until it is fixed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.api import assess_group
from advisor.core.engine import assess
from advisor.core.law import DutyEntry
from advisor.core.profile import parse_profile
from advisor.core.resources import bundled_dir
from advisor.core.rules import parse_rules
from advisor.words.duties import duty_view

DEFAULT = parse_rules((bundled_dir("rules") / "default.yaml").read_bytes(), "default.yaml")
DAY = dt.date(2026, 12, 7)
HEALTH = {"regulated_data": ["health"], "deployment": "saas", "data_sensitivity": "regulated"}
GDPR = {"gdpr-art9-special-categories", "gdpr-art35-dpia", "gdpr-art28-processor-agreement", "gdpr-chapter5-transfers"}
UK_GDPR = {"uk-" + d for d in GDPR}


def run(organization, context, rules=DEFAULT, as_of=DAY, needs=None):
    data = {
        "organization": {"name": "Acme", **organization},
        "needs": needs or {"writing": {"importance": 3}},
        "context": context,
    }
    return assess(parse_profile(data, rules, "p.json"), rules, as_of=as_of, robustness=False)


def duties(organization, context, **kw) -> dict[str, DutyEntry]:
    return {o.rule: o for o in run(organization, context, **kw).context.obligations if isinstance(o, DutyEntry)}


def statuses(organization, context, **kw) -> dict[str, str]:
    return {rule: entry.status for rule, entry in duties(organization, context, **kw).items()}


# --- 1. Where the output is used drags in every law of that place (core/law.py reach(): output_regions count for
#        every jurisdiction, though only the EU AI Act reaches through output, Art. 2(1)(c)).


def test_output_used_in_the_eu_does_not_make_a_japanese_firm_a_gdpr_controller_exporting_from_the_eea():
    found = statuses({"countries": ["JP"]}, {**HEALTH, "output_regions": ["EU"]})
    assert found.get("eu-ai-act-art4-literacy") == "applies"  # the AI Act does reach through output (Art. 2(1)(c))
    asserted = {rule for rule in GDPR if found.get(rule) == "applies"}
    assert asserted == set(), f"GDPR asserted for a Japanese firm only because its output is used in the EU: {asserted}"


def test_output_used_in_the_uk_does_not_assert_uk_gdpr_on_an_eu_firm():
    found = statuses({"regions": ["EU"]}, {**HEALTH, "output_regions": ["UK"]})
    asserted = {rule for rule in UK_GDPR if found.get(rule) == "applies"}
    assert asserted == set(), f"UK GDPR asserted because output is used in the UK: {asserted}"


def test_output_used_in_the_us_does_not_make_a_japanese_clinic_a_hipaa_covered_entity():
    assert "hipaa-baa" not in statuses({"countries": ["JP"]}, {**HEALTH, "output_regions": ["US"]})


# --- 2. A data-residency wish puts the organisation "in the EU" (core/facts.py _in_eu: data_residency == "eu"):
#        a US-only firm gets the Art. 5 Hold and "you must ... Art. 26", while its duties list has no EU law at all.


EMOTION = {"regulated_data": ["financial"], "deployment": "cloud_api", "ai_act_areas": ["emotion_recognition_work_education"]}


def test_eu_data_residency_alone_does_not_make_a_us_firm_hold_under_the_eu_ai_act():
    in_us = run({"regions": ["US"]}, {**EMOTION, "data_residency": "us"})
    eu_residency = run({"regions": ["US"]}, {**EMOTION, "data_residency": "eu"})
    assert "eu-ai-act-art4-literacy" not in duties({"regions": ["US"]}, {**EMOTION, "data_residency": "eu"})
    assert [v.rule for v in eu_residency.context.vetoes] == [v.rule for v in in_us.context.vetoes]
    assert eu_residency.context.ring == in_us.context.ring


def test_eu_data_residency_alone_does_not_tell_a_us_firm_it_must_meet_art_26():
    found = run({"regions": ["US"]}, {"ai_act_areas": ["employment"], "data_residency": "eu"})
    assert "eu-high-risk-areas" not in {f.rule for f in found.context.flags}


# --- 3. "Applies later" drops the place: a duty of a jurisdiction the profile may not touch (regions unstated) is
#        shown as EU law that will bind it (words/duties.py duty_view shows the place condition only for applies_if;
#        core/law.py duties_met turns applies_if into applies_from and the JSON status no longer says "if").


def test_a_later_duty_in_an_unknown_place_still_says_would_apply_if():
    art26 = duties({}, {"ai_act_areas": ["employment"]})["eu-ai-act-art26-high-risk-deployer"]
    view = duty_view(art26.to_dict())
    assert view["condition"] is not None and "European Union" in view["condition"], view["condition"]


def test_a_later_duty_in_a_possible_place_still_says_would_apply_if():
    colorado = duties({"regions": ["US"]}, {"ai_act_areas": ["employment"]})["colorado-admt-consequential-decisions"]
    view = duty_view(colorado.to_dict())
    assert view["condition"] is not None and view["condition"].lower().startswith("would apply if"), view["condition"]


# --- 4. The EEA: GDPR is law in Norway, Iceland and Liechtenstein (EEA Agreement, since 20 July 2018), but
#        rules/regions.yaml puts them in "Other Europe" and jurisdiction codes cannot name the EEA (core/duties.py
#        JurisdictionCode refuses "EEA"): a Norwegian hospital gets no Art. 9 duty for health data.


def test_a_norwegian_hospital_gets_the_gdpr_special_category_duties():
    found = statuses({"countries": ["NO"]}, HEALTH)
    assert GDPR - {"gdpr-chapter5-transfers"} <= set(found), found


# --- 5. Equivalent spellings: "UK" / "United Kingdom" under regions record no country, "GB" does
#        (core/profile.py Organization._countries_and_regions skips region names; places.is_region_name), so a duty
#        of a custom jurisdiction given by country GB applies for one spelling and only "would apply" for the other.

GB_RULES = parse_rules(
    (bundled_dir("rules") / "default.yaml")
    .read_text(encoding="utf-8")
    .replace("jurisdictions:\n", "jurisdictions:\n  GB: {title: Great Britain, country: GB}\n", 1)
    .replace(
        "duties:\n",
        """duties:
  gb-duty:
    title: A British duty
    step: Do the British thing.
    law: {title: An Act, article: s. 1}
    jurisdiction: GB
    binds: [organisation]
    when: {field: context.publishes_outputs, equals: true}
    applies_from: 2020-01-01
    source: https://www.legislation.gov.uk/
    checked: 2026-12-07
    rationale: Because.
""",
        1,
    )
    .encode(),
    "gb.yaml",
)


@pytest.mark.xfail(
    reason="known gap: the region UK records no country, its code GB does; the bundled UK duties are region-based, "
    "so only a custom duty on the country GB tells them apart",
    strict=True,
)
def test_uk_spelled_as_a_region_or_a_country_gives_the_same_duties():
    got = {
        spelling: statuses({"regions": [spelling]}, {"publishes_outputs": True}, rules=GB_RULES).get("gb-duty")
        for spelling in ("UK", "United Kingdom", "Great Britain", "GB")
    }
    assert len(set(got.values())) == 1, got


# --- 6. Group: a respondent who says only "North America" is outvoted by one who names Canada
#        (core/group_merge.py Tally.resolve: countries are the union of those stated), so the consensus drops the
#        HIPAA duty that respondent alone would be told "would apply if you operate in the US".


def test_group_consensus_keeps_a_possible_us_duty_of_a_respondent_without_countries():
    canada = {"organization": {"name": "Acme", "countries": ["CA"]}, "needs": {"writing": {"importance": 3}}, "context": HEALTH}
    unsure = {"organization": {"name": "Acme", "regions": ["North America"]}, "needs": {"writing": {"importance": 3}}, "context": HEALTH}
    assert statuses({"regions": ["North America"]}, HEALTH).get("hipaa-baa") == "applies_if"
    group = assess_group([canada, unsure], robustness=False, as_of=DAY)
    consensus = {o.rule for o in group.consensus.context.obligations if isinstance(o, DutyEntry)}
    assert "hipaa-baa" in consensus


# --- 7. Data (rules/default.yaml duties): the GDPR DPIA fires only on special categories, though Art. 35(3)(a)
#        requires one for systematic evaluation of people by automated processing with legal or similar effects
#        (hiring, credit scoring), as /work/shared/notes/law.md says.


def test_an_eu_employer_using_ai_for_hiring_decisions_gets_the_dpia():
    assert "gdpr-art35-dpia" in statuses({"regions": ["EU"]}, {"ai_act_areas": ["employment"], "data_sensitivity": "confidential"})


# --- 8. US territories: HIPAA binds covered entities in Puerto Rico (a "State" under 45 CFR 160.103), but the
#        country PR is not the US for the engine (core/law.py _country_reach compares the code US only).


def test_a_puerto_rico_clinic_is_not_told_hipaa_is_out_of_reach():
    assert "hipaa-baa" in statuses({"countries": ["PR"]}, HEALTH)


# --- 9. Dates: the Art. 5 Hold ignores the assessment date (rules/default.yaml context_rules eu-prohibited-practices
#        has no date; vetoes are not dated), so a report dated 1 June 2024 says the practice "must be dropped" under a
#        ban that applies from 2 February 2025.


@pytest.mark.xfail(
    reason="known gap: context rules (the Art. 5 veto among them) carry no date yet; only duties are dated",
    strict=True,
)
def test_the_art5_hold_is_not_asserted_before_the_ban_applies():
    found = run({"regions": ["EU"]}, EMOTION, as_of=dt.date(2024, 6, 1))
    assert "eu-prohibited-practices" not in {v.rule for v in found.context.vetoes}


# --- 10. What-if "move to the UK" on a saved profile keeps US law: a profile saved by `advisor ask` or the web
#         carries organization.countries (regions: [US] is saved as regions: [North America], countries: [US]); a
#         change of organization.regions leaves the countries, and core/profile.py Organization._countries_and_regions
#         adds North America back, so HIPAA still "applies" after the move (advisor whatif --set
#         'organization.regions=["UK"]' on such a profile lists no "- hipaa-baa").


def test_whatif_moving_a_saved_us_clinic_to_the_uk_drops_hipaa():
    import json

    data = json.loads((bundled_dir("rules").parent / "examples" / "clinic.json").read_text(encoding="utf-8"))
    saved = parse_profile(data, DEFAULT, "clinic.json").model_dump(mode="json", exclude_none=True)
    assert saved["organization"].get("countries") == ["US"]  # what `ask` and the web save
    from advisor.questionnaire import apply_changes

    changed = apply_changes(saved, {"organization.regions": ["UK"]})  # what `whatif --set organization.regions=...` does
    assert "countries" not in changed["organization"]  # the US is no longer where it operates
    moved = assess(parse_profile(changed, DEFAULT, "clinic.json"), DEFAULT, as_of=DAY, robustness=False)
    assert "hipaa-baa" not in {o.rule for o in moved.context.obligations if isinstance(o, DutyEntry)}


# --- 11. Batch CSV: the `obligations` column counts every duty, "would apply if" and "applies later" included
#         (batch/scoring.py csv_line: len(context.obligations)), so leaving the regions unstated doubles a profile's
#         obligations next to the same profile placed in the EU.


def test_batch_csv_obligations_do_not_grow_because_the_regions_are_unstated(tmp_path):
    import csv
    import io
    import json
    import os
    import subprocess
    import sys

    base = {"organization": {"name": "Acme"}, "needs": {"writing": {"importance": 3}}, "context": HEALTH}
    placed = {**base, "id": "placed", "organization": {"name": "Acme", "regions": ["EU"]}}
    unstated = {**base, "id": "unstated"}
    lines = tmp_path / "p.jsonl"
    lines.write_text(json.dumps(placed) + "\n" + json.dumps(unstated) + "\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796601600", "PYTHONPATH": str(bundled_dir("rules").parent)}
    out = subprocess.run(
        [sys.executable, "-m", "advisor", "batch", str(lines), "-f", "csv", "-q", "--no-robustness", "-j", "1"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    rows = {row["id"]: int(row["obligations"]) for row in csv.DictReader(io.StringIO(out))}
    assert rows["unstated"] <= rows["placed"], rows


# --- 12. An unstated role is silently "deployer" (core/law.py duties_met skips `binds == ["provider"]` unless
#         offers_ai_system is True): an EU firm running a public chatbot that did not answer the role question gets no
#         word of Art. 50(1), not even "would apply if you offer it under your own name", though the views head the
#         list "Would apply if the place or role holds" and the report says "Your role under the EU AI Act: not stated".


def test_an_unstated_role_gives_would_apply_for_the_providers_chatbot_duty():
    found = statuses({"regions": ["EU"]}, {"public_chatbot": True})
    assert found.get("eu-ai-act-art50-1-chatbot-design") == "applies_if", found
