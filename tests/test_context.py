"""Context of application: each context rule fires where it should and nowhere else; modifiers, vetoes, remedies,
deployment paths and the readiness ring do what the rules file says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.errors import RulesError
from advisor.core.profile import parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import Rules, parse_rules
from advisor.core.scoring import evaluate, weights
from advisor.io.sources import load_profile
from advisor.words import say
from tests.conftest import EXAMPLES

DEFAULT_TEXT = default_rules_path().read_text(encoding="utf-8")
RULES = parse_rules(DEFAULT_TEXT.encode(), "default.yaml")
ALL_NEEDS = {u: {"importance": 3, "volume": "medium"} for u in RULES.use_case_ids}


def profile(context: dict[str, Any] | None = None, needs: dict[str, Any] | None = None, regions=None, rules=RULES):
    data: dict[str, Any] = {"organization": {"name": "Test Org"}, "needs": needs or ALL_NEEDS}
    if regions:
        data["organization"]["regions"] = regions
    if context:
        data["context"] = context
    return parse_profile(data, rules, "test")


def fired(p, rules=RULES) -> set[str]:
    context = assess(p, rules, robustness=False).context
    entries = context.modifiers_applied + context.vetoes + context.obligations + context.flags
    return {e.rule for e in entries}


EU = ["EU"]
BUILT_FOR: dict[str, tuple[dict[str, Any], list[str] | None]] = {
    "regulated-data-off-consumer-saas": ({"data_sensitivity": "regulated"}, None),
    "financial-data-sector-rules": ({"regulated_data": ["financial"]}, None),
    "on-premises-only": ({"deployment": "on_premises"}, None),
    "on-premises-media-maturity": ({"deployment": "on_premises"}, None),
    "self-hosting-without-ml-engineers": ({"deployment": "on_premises", "ai_skills": "developers"}, None),
    "ip-indemnity-media-risk": ({"ip_indemnity": True}, None),
    "synthetic-people-consent": ({"synthetic_people": True}, None),
    "public-chatbot-answers-bind": ({"public_chatbot": True}, None),
    "eu-prohibited-practices": ({"ai_act_areas": ["emotion_recognition_work_education"]}, ["EU"]),
    "eu-prohibited-practices-elsewhere": ({"ai_act_areas": ["social_scoring"]}, ["UK"]),
    "eu-prohibited-practices-regions-unstated": ({"ai_act_areas": ["manipulation"]}, None),
    "eu-high-risk-areas": ({"ai_act_areas": ["employment"]}, ["Germany"]),
    "eu-high-risk-areas-elsewhere": ({"ai_act_areas": ["employment"]}, ["North America"]),
    "realtime-media-latency": ({"realtime": True}, None),
    "low-budget-media-volume": ({"budget": "low"}, None),
    "low-resource-languages": ({"languages": ["en", "sw"]}, None),
    "data-residency-one-country": ({"data_residency": "in_country"}, None),
}

US = ["US"]
LAW_CHECKED = dt.date(2026, 12, 7)
UK = ["UK"]
OFFERS = {"offers_ai_system": True}
# The duties (rules.duties) built for: (context, regions, the status on the profile built for it). Health data in an
# unstated region would apply (HIPAA, GDPR); each one below is given its jurisdiction so that it surely applies.
DUTY_BUILT_FOR: dict[str, tuple[dict[str, Any], list[str] | None, str]] = {
    "hipaa-baa": ({"regulated_data": ["health"]}, US, "applies"),
    "gdpr-art9-special-categories": ({"regulated_data": ["special_category"]}, EU, "applies"),
    "gdpr-art35-dpia": ({"regulated_data": ["health"]}, EU, "applies"),
    "gdpr-art28-processor-agreement": ({"data_sensitivity": "confidential"}, EU, "applies"),
    "gdpr-chapter5-transfers": ({"regulated_data": ["financial"]}, EU, "applies"),
    "uk-gdpr-art9-special-categories": ({"regulated_data": ["special_category"]}, UK, "applies"),
    "uk-gdpr-art35-dpia": ({"regulated_data": ["health"]}, UK, "applies"),
    "uk-gdpr-art28-processor-agreement": ({"data_sensitivity": "regulated"}, UK, "applies"),
    "uk-gdpr-chapter5-transfers": ({"regulated_data": ["legal_privilege"]}, UK, "applies"),
    "eu-ai-act-art4-literacy": ({"data_sensitivity": "internal"}, EU, "applies"),
    "eu-ai-act-art50-1-chatbot-design": ({"public_chatbot": True, **OFFERS}, EU, "applies"),
    "eu-ai-act-art50-2-machine-readable-marking": ({"publishes_outputs": True, **OFFERS}, EU, "applies"),
    "eu-ai-act-art50-3-emotion-biometric-notice": (
        {"ai_act_areas": ["biometric_categorisation_sensitive"]},
        EU,
        "applies",
    ),
    "eu-ai-act-art50-4-deepfakes": ({"synthetic_people": True}, EU, "applies"),
    "eu-ai-act-art50-4-public-interest-text": ({"publishes_outputs": True}, EU, "applies"),
    "eu-ai-act-art26-high-risk-deployer": ({"ai_act_areas": ["employment"]}, EU, "applies_from"),
    "eu-ai-act-art27-fria": ({"ai_act_areas": ["essential_services"]}, EU, "applies_from"),
    "glba-safeguards-service-providers": ({"regulated_data": ["financial"]}, US, "applies"),
    "aba-512-client-confidentiality": ({"regulated_data": ["legal_privilege"]}, US, "applies"),
    "uk-solicitors-generative-ai": ({"regulated_data": ["legal_privilege"]}, UK, "applies"),
    "ccbe-generative-ai-guide": ({"regulated_data": ["legal_privilege"]}, EU, "applies"),
    # a US state's law would apply if the organisation is in that state: the profile names no state
    "nyc-ll144-aedt": ({"ai_act_areas": ["employment"]}, US, "applies_if"),
    "colorado-admt-consequential-decisions": ({"ai_act_areas": ["education_access"]}, US, "applies_from"),  # 2027
    "illinois-hb3773-ai-employment": ({"ai_act_areas": ["employment"]}, US, "applies_if"),
    "low-risk-human-review": ({"risk_tolerance": "low"}, None, "applies"),
    "confidential-data-business-plans": ({"data_sensitivity": "confidential"}, None, "applies"),
    "ip-indemnity-licensed-tools": ({"ip_indemnity": True}, None, "applies"),
    "low-resource-languages-review": ({"languages": ["yo"]}, None, "applies"),
    "data-residency-region": ({"data_residency": "eu"}, None, "applies"),
}


def duties(p, rules=RULES, as_of: dt.date | None = LAW_CHECKED) -> dict[str, str]:
    """The duties the profile meets, by id, with their status on `as_of` (the day the law was checked)."""
    return {o.rule: o.status for o in assess(p, rules, robustness=False, as_of=as_of).context.obligations}


def test_every_default_context_rule_has_a_profile_built_for_it():
    assert set(BUILT_FOR) == set(RULES.context_rules)
    assert set(DUTY_BUILT_FOR) == set(RULES.duties)


def test_a_neutral_profile_fires_no_context_rule():
    # Art. 4 AI literacy reaches every organisation in the EU: with regions unstated it would apply, and nothing else
    assert fired(profile()) == {"eu-ai-act-art4-literacy"}
    assert duties(profile()) == {"eu-ai-act-art4-literacy": "applies_if"}
    # outside the EU a neutral profile fires nothing
    assert fired(profile({"publishes_outputs": True, "languages": ["en", "de"]}, regions=["North America"])) == set()


@pytest.mark.parametrize("rule", sorted(BUILT_FOR))
def test_each_default_rule_fires_on_the_profile_built_for_it(rule):
    context, regions = BUILT_FOR[rule]
    needs = {**ALL_NEEDS, "multimodal": {"importance": 4, "volume": "high"}}
    assert rule in fired(profile(context, needs, regions))


@pytest.mark.parametrize("duty", sorted(DUTY_BUILT_FOR))
def test_each_default_duty_is_met_by_the_profile_built_for_it(duty):
    context, regions, status = DUTY_BUILT_FOR[duty]
    needs = {**ALL_NEEDS, "multimodal": {"importance": 4, "volume": "high"}}
    met = duties(profile(context, needs, regions))
    assert met.get(duty) == status
    assert duty in fired(profile(context, needs, regions))


def test_eu_disclosure_duties_need_the_eu_and_published_output():
    provider = {"publishes_outputs": True, "offers_ai_system": True}
    marking = "eu-ai-act-art50-2-machine-readable-marking"
    assert marking not in fired(profile(provider, regions=["UK"]))
    assert duties(profile(provider, regions=EU))[marking] == "applies"
    # EU data residency does not say where the organisation operates: with regions unstated the duty would apply
    assert duties(profile({**provider, "data_residency": "eu"}))[marking] == "applies_if"
    # marking binds the provider: a deployer that publishes is not asked to mark; one that does not say would be
    assert marking not in fired(profile({"publishes_outputs": True, "offers_ai_system": False}, regions=EU))
    assert duties(profile({"publishes_outputs": True}, regions=EU))[marking] == "applies_if"
    text_only = {"writing": {"importance": 5, "volume": "high"}}
    published_text = duties(profile({"publishes_outputs": True, "offers_ai_system": False}, text_only, EU))
    assert published_text == {"eu-ai-act-art4-literacy": "applies", "eu-ai-act-art50-4-public-interest-text": "applies"}
    # a provider's generated text is marked too (Art. 50(2) covers text)
    assert marking in fired(profile(provider, text_only, EU))


# ------------------------------------------------------------------------------------------------------ modifiers


def test_a_modifier_multiplies_the_rating_it_names_and_nothing_else():
    art_only = {"art": {"importance": 5, "volume": "medium"}}
    plain = assess(profile(None, art_only), RULES, robustness=False)
    covered = assess(profile({"ip_indemnity": True}, art_only), RULES, robustness=False)
    assert plain.scores["generative_ai"] == pytest.approx(0.90)
    assert covered.scores["generative_ai"] == pytest.approx(0.90 * 0.8)
    assert covered.scores["llm"] == plain.scores["llm"] == pytest.approx(0.35)
    applied = covered.context.modifiers_applied
    assert [(m.track, m.use_case, m.factor) for m in applied] == [("generative_ai", "art", 0.8)]


def test_modifiers_on_one_rating_multiply():
    media = {"multimodal": {"importance": 5, "volume": "high"}}
    result = assess(profile({"realtime": True, "budget": "low", "ip_indemnity": True}, media), RULES, robustness=False)
    assert result.scores["generative_ai"] == pytest.approx(0.90 * 0.75 * 0.8 * 0.7)


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "deployment": st.sampled_from(["saas", "cloud_api", "private_cloud", "on_premises", "no_preference"]),
            "budget": st.sampled_from(["low", "medium", "high"]),
            "realtime": st.booleans(),
            "ip_indemnity": st.booleans(),
            "languages": st.lists(st.sampled_from(["en", "de", "sw", "yo", "fr"]), unique=True, max_size=3),
            "data_sensitivity": st.sampled_from(["public", "internal", "confidential", "regulated"]),
        },
    ),
    st.dictionaries(
        st.sampled_from(list(RULES.use_case_ids)),
        st.fixed_dictionaries({"importance": st.integers(1, 5), "volume": st.sampled_from(["low", "medium", "high"])}),
        min_size=1,
    ),
)
def test_context_never_raises_a_fit_and_scores_are_the_rated_values_times_the_factors(context, needs):
    p = profile(context, needs)
    result = assess(p, RULES, robustness=False)
    plain = evaluate(weights(p, RULES), RULES.values, RULES)
    for track in ("llm", "generative_ai"):
        assert result.scores[track] <= plain.scores[track] + 1e-12
    for use_case in (u for u in result.use_cases if u.importance > 0):
        for track in ("llm", "generative_ai"):
            factor = 1.0
            for m in result.context.modifiers_applied:
                if (m.use_case, m.track) == (use_case.id, track):
                    factor *= m.factor
            assert use_case.values[track] == pytest.approx(RULES.values[use_case.id][track] * factor)


@pytest.mark.parametrize(
    "name", ["marketing-agency", "software-house", "law-firm", "game-studio", "newsroom", "ecommerce-shop"]
)
def test_the_earlier_examples_keep_their_scores(name):
    p = load_profile(str(EXAMPLES / f"{name}.json"), RULES)
    result = assess(p, RULES, robustness=False)
    assert result.context.modifiers_applied == ()
    assert result.scores == evaluate(weights(p, RULES), RULES.values, RULES).scores


# ------------------------------------------------------------------------------------------- vetoes and remedies


def test_the_clinic_on_consumer_saas_gets_an_llm_on_a_covered_endpoint():
    clinic = load_profile(str(EXAMPLES / "clinic.json"), RULES)
    result = assess(clinic, RULES)
    remedy = result.context.remedy
    assert result.recommendation == "llm"
    assert (remedy.preferred, remedy.path, remedy.vetoed_by) == (
        "saas",
        "cloud_api",
        ("regulated-data-off-consumer-saas",),
    )
    assert say(remedy.sentence) == (
        "An LLM, provided it runs on an enterprise service or cloud API under a data-processing agreement "
        "rather than consumer or team SaaS plans."
    )
    assert [p.path for p in result.context.deployment_paths] == ["cloud_api"]
    assert "ChatGPT Enterprise" in [say(tool) for tool in result.context.deployment_paths[0].tools]
    duties_met = {o.rule: (o.status, o.jurisdiction) for o in result.context.obligations}
    # a US clinic (countries: US): HIPAA's business associate agreement applies, with human review as practice
    assert duties_met["hipaa-baa"] == ("applies", "US")
    assert duties_met["low-risk-human-review"] == ("applies", "any")
    assert result.context.ring.ring == "trial"  # one governance basic of four in place


def test_the_on_premises_agency_self_hosts_both_tracks_with_media_scored_down():
    agency = load_profile(str(EXAMPLES / "on-premises-agency.json"), RULES)
    result = assess(agency, RULES)
    context = result.context
    assert result.recommendation == "hybrid" and context.remedy is None
    assert {(p.track, p.path, p.skills_gap) for p in context.deployment_paths} == {
        ("llm", "on_premises", True),
        ("generative_ai", "on_premises", True),
    }
    assert {(m.use_case, m.factor) for m in context.modifiers_applied} == {("art", 0.85), ("multimodal", 0.6)}
    assert (
        result.scores["generative_ai"]
        < assess(
            agency.model_copy(update={"context": agency.context.model_copy(update={"deployment": "no_preference"})}),
            RULES,
        ).scores["generative_ai"]
    )
    assert [f.rule for f in context.flags] == ["self-hosting-without-ml-engineers"]
    # a deployer publishing in the EU: Art. 50(4) for its published text and Art. 4 literacy; the machine-readable
    # marking of Art. 50(2) binds providers, and the agency offers no AI system of its own
    assert {o.rule: o.status for o in context.obligations} == {
        "eu-ai-act-art4-literacy": "applies",
        "eu-ai-act-art50-4-public-interest-text": "applies",
        "eu-ai-act-art50-2-machine-readable-marking": "applies_if",  # it does not say whether it offers an AI system
    }
    assert context.ring.ring == "assess"  # self-hosting needs ML engineers the agency lacks


def test_a_remedy_rescores_on_the_nearest_acceptable_path():
    """private_cloud vetoed: cloud_api and on_premises are one step away; the tie goes to the more self-managed."""
    extra = DEFAULT_TEXT.replace(
        "\ncontext_rules:\n",
        "\ncontext_rules:\n"
        "  no-shared-tenants:\n"
        "    title: No shared cloud tenants\n"
        "    when: {field: context.data_residency, equals: in_country}\n"
        "    veto: {deployment: [private_cloud]}\n"
        "    rationale: Test rule.\n"
        "    source: gdpr\n",
        1,
    )
    rules = parse_rules(extra.encode(), "extra.yaml")
    needs = {"art": {"importance": 5, "volume": "high"}, "writing": {"importance": 3, "volume": "medium"}}
    preferred = profile({"deployment": "private_cloud", "data_residency": "in_country"}, needs, rules=rules)
    result = assess(preferred, rules)
    assert (result.context.remedy.preferred, result.context.remedy.path) == ("private_cloud", "on_premises")
    moved = profile({"deployment": "on_premises", "data_residency": "in_country"}, needs, rules=rules)
    direct = assess(moved, rules)
    assert result.scores == direct.scores and result.recommendation == direct.recommendation
    assert result.scores["generative_ai"] < assess(profile(None, needs, rules=rules), rules).scores["generative_ai"]
    assert "on-premises-media-maturity" in {m.rule for m in result.context.modifiers_applied}
    assert {"no-shared-tenants", "data-residency-one-country"} <= {v.rule for v in result.context.vetoes}


def test_no_preference_takes_the_path_for_the_skills_and_steps_around_a_veto():
    paths = assess(profile({"ai_skills": "developers"}), RULES).context.deployment_paths
    assert {(p.track, p.path, p.basis) for p in paths} >= {("llm", "cloud_api", "skills")}
    regulated = assess(profile({"data_sensitivity": "regulated", "ai_skills": "basic"}), RULES).context
    assert regulated.remedy is None  # nothing preferred, nothing to remedy
    assert {(p.path, p.basis) for p in regulated.deployment_paths} == {("cloud_api", "constraints")}


CONTEXT_LINE = DEFAULT_TEXT[: DEFAULT_TEXT.index("\ncontext_rules:\n")].count("\n") + 2
WHEN_LINE = CONTEXT_LINE + 3  # context_rules:, bad:, title:, when:


def _with_rule(body: str) -> Rules:
    text = DEFAULT_TEXT.replace("\ncontext_rules:\n", "\ncontext_rules:\n" + body, 1)
    return parse_rules(text.encode(), "custom.yaml")


def test_a_track_veto_zeroes_that_track_and_the_other_wins():
    rules = _with_rule(
        "  no-media-generators:\n    title: No media generators\n    when: {field: context.budget, equals: low}\n"
        "    veto: {tracks: [generative_ai]}\n    rationale: Test.\n    source: gdpr\n"
    )
    needs = {"art": {"importance": 5, "volume": "high"}, "writing": {"importance": 2, "volume": "low"}}
    result = assess(profile({"budget": "low"}, needs, rules=rules), rules)
    assert result.scores["generative_ai"] == 0.0 and result.recommendation == "llm"
    assert result.context.vetoes[0].kind == "track"


def test_a_use_case_veto_takes_the_use_case_from_both_tracks():
    rules = _with_rule(
        "  no-art:\n    title: No generated art\n    when: {field: context.budget, equals: low}\n"
        "    veto: {use_cases: [art]}\n    rationale: Test.\n    source: gdpr\n"
    )
    result = assess(profile({"budget": "low"}, rules=rules), rules, robustness=False)
    art = next(u for u in result.use_cases if u.id == "art")
    assert art.values == {"llm": 0.0, "generative_ai": 0.0}


def test_a_prohibited_practice_in_the_eu_puts_the_recommendation_on_hold_and_leads_the_title():
    result = assess(
        profile(
            {"ai_act_areas": ["social_scoring"], "governance": ["policy", "owner", "review_process", "training"]},
            regions=["EU"],
        ),
        RULES,
    )
    assert result.context.ring.ring == "hold"
    assert [v.kind for v in result.context.vetoes] == ["practice"]
    assert say(result.action_title).startswith("Hold: the plan includes social scoring of people (EU AI Act Art. 5(1)(c))")
    assert say(result.headline).startswith(say(result.action_title)) and "Adopt" not in say(result.headline)
    assert result.context.deployment_paths == ()  # no tools are suggested for a plan that must change first


@pytest.mark.parametrize(("regions", "rule"), [(["UK"], "eu-prohibited-practices-elsewhere"), (None, "eu-prohibited-practices-regions-unstated")])
def test_outside_the_eu_or_with_regions_unstated_a_prohibited_practice_is_a_high_flag_naming_the_eu_ban(regions, rule):
    result = assess(profile({"ai_act_areas": ["social_scoring"]}, regions=regions), RULES).context
    assert [v.kind for v in result.vetoes] == []
    assert [(f.rule, f.severity) for f in result.flags] == [(rule, "high")]
    assert "EU AI Act prohibits (Art. 5)" in say(result.flags[0].text) and result.ring.ring != "hold"


# ---------------------------------------------------------------------------------------------------------- ring


def ready(**context: Any) -> dict[str, Any]:
    base = {
        "ai_skills": "developers",
        "deployment": "cloud_api",
        "governance": ["policy", "owner", "review_process", "training"],
    }
    return {**base, **context}


CODE = {"code": {"importance": 5, "volume": "high"}}


@pytest.mark.parametrize(
    ("context", "ring"),
    [
        (ready(), "adopt"),
        (ready(governance=["policy", "owner"]), "trial"),
        (ready(synthetic_people=True), "trial"),
        (ready(governance=[]), "assess"),
        (ready(ai_skills="basic", deployment="private_cloud"), "assess"),
        (ready(ai_act_areas=["manipulation"]), "hold"),
    ],
    ids=["ready", "some-governance", "high-flag", "no-governance", "skills-gap", "prohibited"],
)
def test_the_ring_follows_readiness_and_risk(context, ring):
    assert assess(profile(context, CODE, regions=EU), RULES).context.ring.ring == ring


def test_an_unstated_governance_is_unknown_not_none_in_place():
    result = assess(profile({"ai_skills": "developers", "deployment": "cloud_api"}, CODE), RULES).context
    assert result.ring.ring == "trial" and result.readiness.governance_stated is False
    assert result.readiness.governance_missing == () and result.readiness.unstated == ("governance",)
    assert say(result.ring.reason).startswith("Not stated: which governance basics are in place")
    assert "from Trial to Adopt" in say(result.ring.reason) and "No AI governance" not in say(result.ring.reason)


def test_unstated_skills_are_unknown_unless_the_path_needs_none():
    on_api = assess(profile({"deployment": "cloud_api", "governance": ["policy"]}, CODE), RULES).context
    assert on_api.readiness.skills_gap is None and on_api.ring.ring == "trial"
    on_saas = assess(profile({"deployment": "saas", "governance": ["policy", "owner", "review_process", "training"]}, CODE), RULES)
    assert on_saas.context.readiness.skills_gap is False and on_saas.context.ring.ring == "adopt"
    assert "does not have" not in say(on_api.ring.reason)


# -------------------------------------------------------------------------------------------- the rules language


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "    when: {field: context.budgt, equals: low}\n",
            f"when.field (line {WHEN_LINE}): unknown field 'context.budgt'",
        ),
        ("    when: {field: context.budget, equals: lowe}\n", "'lowe' is not a value of context.budget"),
        ("    when: {field: context.budget, equals: low, in: [high]}\n", "needs field and exactly one of"),
        ("    when: {any: [{field: needs.poetry.importance, ge: 1}]}\n", "context_rules.bad.when.any[0].field"),
        ("    when: {fields: context.budget}\n", f"context_rules.bad.when.fields (line {WHEN_LINE}): unknown key"),
        ("    when: {all: []}\n", "context_rules.bad.when.all (line"),
    ],
    ids=["unknown-field", "unknown-value", "two-operators", "unknown-use-case", "unknown-key", "empty-group"],
)
def test_a_rules_file_with_a_bad_condition_is_rejected_with_its_place(body, expected):
    text = (
        "  bad:\n    title: Bad\n" + body + "    flag: {severity: low, text: x}\n    rationale: x\n    source: gdpr\n"
    )
    with pytest.raises(RulesError) as caught:
        _with_rule(text)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("effect", "expected"),
    [
        (
            "    modifier: {factors: {generative_ai: {poetry: 0.5}}}\n",
            "context_rules.bad.modifier.factors.generative_ai.poetry",
        ),
        ("    modifier: {factors: {llm: {art: 1.5}}}\n", "must be at most 1"),
        ("    veto: {deployment: [moon]}\n", "unknown deployment path 'moon'"),
        ("    obligation: x\n    flag: {severity: low, text: x}\n", "exactly one effect"),
    ],
    ids=["unknown-use-case", "factor-above-one", "unknown-path", "two-effects"],
)
def test_a_rules_file_with_a_bad_effect_is_rejected_with_its_place(effect, expected):
    text = (
        "  bad:\n    title: Bad\n    when: {field: context.budget, equals: low}\n"
        + effect
        + "    rationale: x\n    source: gdpr\n"
    )
    with pytest.raises(RulesError) as caught:
        _with_rule(text)
    assert expected in str(caught.value)


def test_a_rules_file_without_context_sections_still_scores():
    start = DEFAULT_TEXT.index(
        "# -----------------------------------------------------------------------------------------------"
    )
    end = DEFAULT_TEXT.index("use_cases:\n")
    rules = parse_rules((DEFAULT_TEXT[:start] + DEFAULT_TEXT[end:]).encode(), "plain.yaml")
    result = assess(profile({"data_sensitivity": "regulated", "deployment": "saas"}), rules)
    assert result.context.vetoes == () and result.context.ring is None and result.context.deployment_paths == ()


def test_the_explanation_says_what_the_context_changed():
    agency = assess(load_profile(str(EXAMPLES / "on-premises-agency.json"), RULES), RULES)
    assert "Your context lowered the fit of broader generative AI from 0.77 to 0.65, without changing" in (
        say(agency.explanation.summary)
    )
    media = {"multimodal": {"importance": 5, "volume": "medium"}, "writing": {"importance": 3, "volume": "medium"}}
    context = {"deployment": "on_premises", "ai_skills": "ml_engineers", "ip_indemnity": True, "realtime": True}
    turned = assess(profile(context, media), RULES)
    assert turned.recommendation == "llm"
    assert "on the ratings alone the recommendation would be a hybrid of both" in say(turned.explanation.summary)
    assert "Your context" not in say(assess(profile(None, media), RULES).explanation.summary)


OPERANDS = {
    "equals": ["a", 1, 2.5, True, False],
    "not_equals": ["a", 1, True],
    "in": [["a", "b"], [1, 2.5], [True]],
    "not_in": [["a", "b"], [1, True]],
    "gt": [0, 1.5],
    "ge": [0, 1],
    "lt": [4, 0.5],
    "le": [4, 0],
    "contains": ["a", 1, True],
    "contains_any": [["a", "b"], [1, 2]],
    "outside": [["a", "b"], [1]],
}
VALUES = [None, "a", "c", 0, 1, 2.5, 5, True, False, [], ["a"], ["a", "c"], [1], [True], [0, 2]]


@pytest.mark.parametrize("op", list(OPERANDS))
def test_a_compiled_condition_holds_exactly_where_the_condition_does(op):
    from advisor.core.context_rules import FieldCondition

    for operand in OPERANDS[op]:
        condition = FieldCondition.model_validate({"field": "x", op: operand})
        test = condition.compiled()
        for value in VALUES:
            assert test({"x": value}) is condition.holds({"x": value}), (op, operand, value)
        assert test({}) is False


@pytest.mark.parametrize("group", ["all", "any"])
@pytest.mark.parametrize("size", [1, 2, 3])
def test_a_compiled_group_of_conditions_holds_exactly_where_the_group_does(group, size):
    from advisor.core.context_rules import FieldCondition

    parts = [{"field": "a", "equals": 1}, {"field": "b", "ge": 2}, {"field": "c", "contains": "x"}][:size]
    condition = FieldCondition.model_validate({group: parts})
    test = condition.compiled()
    for a in (None, 0, 1):
        for b in (None, 1, 3):
            for c in (None, [], ["x"]):
                facts = {"a": a, "b": b, "c": c}
                assert test(facts) is condition.holds(facts), (group, size, facts)


def test_conditions_compiled_together_hold_exactly_where_each_does():
    """The context rules and the duties are tested in one call per profile: it says what each condition says."""
    from advisor.core.context_rules import FieldCondition, compiled_all

    conditions = [FieldCondition.model_validate({"field": "x", op: operand}) for op in OPERANDS for operand in OPERANDS[op]]
    conditions += [FieldCondition.model_validate({"all": []}), FieldCondition.model_validate({"any": []})]
    conditions += [rule.when for rule in RULES.context_rules.values()] + [duty.when for duty in RULES.duties.values()]
    tests = compiled_all(conditions)
    for value in VALUES:
        facts = {"x": value, "context.deployment": "saas", "context.regulated_data": ["health"], "organization.in_eu": "yes"}
        assert tests(facts) == tuple(condition.holds(facts) for condition in conditions), value
    assert compiled_all([])({}) == ()


def test_changing_one_assessments_json_never_changes_another():
    """Context entries are built once per rules and shared: to_dict hands out copies, lists included."""
    data = {"data_sensitivity": "regulated", "deployment": "saas", "regulated_data": ["health"]}
    first = assess(profile(data), RULES, robustness=False).to_dict()
    first["context"]["vetoes"][0]["deployment"].append("on_premises")
    first["context"]["obligations"][0]["text"] = "changed"
    second = assess(profile(data), RULES, robustness=False).to_dict()
    assert second["context"]["vetoes"][0]["deployment"] == ["saas"]
    assert second["context"]["obligations"][0]["text"] != "changed"
