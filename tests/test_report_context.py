"""The context of application in the stakeholder PDF, checked in the PDF itself: the remedy and the ring on page 1,
"What this means for you" with a check box per obligation, rating adjustments and risks, every stated context field
in the context table, 'neither' labelled and counted; the words behind the tables are complete."""

from __future__ import annotations

import datetime as dt
import io
import re
import typing

import pytest
import yaml
from pypdf import PdfReader

from advisor.batch.portfolio import portfolio_context, portfolio_html
from advisor.core.engine import assess
from advisor.core.profile import Context, parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.io.sources import load_profile
from advisor.report.content import context_rows, context_view
from advisor.report.render import _words, profile_digest, render_html, render_pdf
from advisor.words import say
from tests.conftest import EXAMPLES, make_profile

pytestmark = pytest.mark.slow  # PDFs rendered and read back

DATE = dt.date(2026, 11, 23)
BOX = "☐"


def words_of(text: str) -> str:
    """Text as one line of single spaces, with line breaks after a hyphen undone."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def render(profile, rules) -> list[str]:
    return pages_of(render_pdf(render_html(profile, rules, profile_digest(b"{}"), DATE)))


@pytest.fixture(scope="module")
def neither_rules(rules):
    """The default rules with a floor no fit reaches, so every profile gets 'neither'."""
    data = yaml.safe_load(default_rules_path().read_bytes())
    data["decision"]["neither_below"] = 0.95
    return parse_rules(yaml.safe_dump(data, sort_keys=False).encode(), "neither.yaml")


@pytest.fixture(scope="module")
def reports(rules, neither_rules):
    """Each case rendered once: name -> (assessment, page texts)."""
    out = {}
    for name in ("clinic", "on-premises-agency"):
        profile = load_profile(str(EXAMPLES / f"{name}.json"), rules)
        out[name] = (assess(profile, rules), render(profile, rules))
    # regions unstated would bring Art. 4 AI literacy as 'would apply if you operate in the EU': a Japanese
    # organisation's writing and code meet no duty and no context rule
    plain = parse_profile(
        {
            "organization": {"name": "Test Org", "regions": ["Asia-Pacific"], "countries": ["JP"]},
            "needs": {"writing": {"importance": 4, "volume": "medium"}, "code": {"importance": 3, "volume": "medium"}},
        },
        rules,
        "plain",
    )
    out["plain"] = (assess(plain, rules), render(plain, rules))
    clinic = load_profile(str(EXAMPLES / "clinic.json"), neither_rules)
    out["neither"] = (assess(clinic, neither_rules), render(clinic, neither_rules))
    return out


def test_page_one_states_the_remedy_and_the_ring_beside_the_recommendation(reports):
    assessment, pages = reports["clinic"]
    first = words_of(pages[0])
    assert assessment.context.remedy is not None and assessment.context.ring.ring == "trial"
    assert words_of(say(assessment.context.remedy.sentence)) in first
    assert "Recommendation: LLM Trial" in first
    assert words_of(say(assessment.context.ring.reason)) in first


def test_what_this_means_for_you_comes_before_the_use_cases_with_a_check_box_per_obligation(reports, rules):
    assessment, pages = reports["clinic"]
    text = words_of("\n".join(pages))
    assert text.index("What this means for you") < text.index("The use cases")
    section = text[text.index("What this means for you") : text.index("The use cases")]
    obligations = assessment.context.obligations
    assert [o.rule for o in obligations] == ["hipaa-baa", "low-risk-human-review", "data-residency-region"]
    assert f"Obligations ({len(obligations)}) Duties by jurisdiction" in section
    unbroken = re.sub(r"\s", "", section)  # a long source URL breaks across lines in its column
    for obligation in obligations:  # a row of the duties table: the step, its source, law, place, from when, checked
        assert f"{BOX} {say(obligation.title)}. {words_of(say(obligation.text))}" in section
        assert f"Source:{obligation.source}" in unbroken
        assert f"{say(obligation.law)} {say(obligation.jurisdiction_title)} " in section
        assert f"{long_date(obligation.applies_from)} {long_date(obligation.checked)}" in section
    assert "business associate agreement (BAA) with every AI provider" in section
    assert "reaches it, and use only the services that agreement covers. if you are a HIPAA covered entity" in section
    assert section.count("(good practice, not law)") == 2
    assert section.count(BOX) == len(obligations) == text.count(BOX)
    assert "Trial Worth pursuing" in section  # the ring with its meaning
    assert "Not acceptable (1)" in section and "Regulated data stays off consumer and team plans" in section
    assert "Enterprise service or cloud API" in section and "Azure OpenAI Service" in section
    assert "No risks are flagged" in section and "No rating was adjusted" in section


def test_the_on_premises_agency_sees_its_rating_adjustments_its_high_risk_and_its_skills_gap(reports):
    assessment, pages = reports["on-premises-agency"]
    text = words_of("\n".join(pages))
    section = text[text.index("What this means for you") : text.index("The use cases")]
    assert "Rating adjustments (2)" in section
    assert "generative AI Creative art × 0.85 Self-hosted media generation is less mature" in section
    assert "Multi-modal media generation × 0.6" in section
    [flag] = assessment.context.flags
    assert flag.severity == "high" and "Risks to manage (1 high)" in section
    assert f"High {say(flag.title)}. {words_of(say(flag.text))}" in section
    assert "Example tools Skills needed" in section  # what the path needs, beside what the organisation has
    assert section.count("Needs ML engineers. You have developers: a skills gap.") == 2
    assert "Assess" in words_of(pages[0]) and "Deployment condition" not in words_of(pages[0])  # no remedy here


def test_a_profile_without_context_effects_says_so_instead_of_printing_empty_lists(reports, rules):
    unplaced = assess(make_profile(rules, writing=4, code=3), rules).context  # regions not stated
    assert [(o.rule, o.status) for o in unplaced.obligations] == [("eu-ai-act-art4-literacy", "applies_if")]
    assessment, pages = reports["plain"]  # the same needs in Japan
    context = assessment.context
    assert not (context.obligations or context.vetoes or context.flags or context.modifiers_applied)
    text = words_of("\n".join(pages))
    assert "What this means for you" in text
    assert "No obligations arise from the context you gave." in text
    assert "Nothing in the context you gave rules out" in text
    assert BOX not in text
    assert "Needs no technical skills. Your skills were not stated." in text  # no claim either way


def test_the_context_table_shows_every_stated_field_readably(reports):
    _, pages = reports["on-premises-agency"]
    text = words_of("\n".join(pages))
    table = text[text.index("Your context and what it implies") :]
    assert "Is AI-made content published? Yes AI-made content reaches the public" in table  # the choice's label
    assert "Languages of the content German, English Text quality varies by language" in table
    assert (
        "Governance basics in place AI policy, owner Still missing: review process and AI-literacy training." in table
    )
    clinic = words_of("\n".join(reports["clinic"][1]))
    assert "Which regulated data will the tools see? health Health data needs a business associate agreement" in clinic


def test_every_answer_to_every_context_question_has_words():
    words = _words("context.yaml")
    for field, info in Context.model_fields.items():
        kind = _bare(info.annotation)
        if kind is bool:
            samples: list[typing.Any] = [True, False]
        elif typing.get_origin(kind) is list:
            items = _bare(typing.get_args(kind)[0])
            choices = typing.get_args(items) if typing.get_origin(items) is typing.Literal else ("en", "sw")
            samples = [[], list(choices), *([c] for c in choices)]
        else:
            samples = list(typing.get_args(kind))
        assert samples, field
        for value in samples:
            [row] = context_rows({field: value}, words)
            assert row["question"] and row["answer"] and row["implication"], (field, value)
            assert "{" not in row["implication"], (field, value)


def _bare(annotation):
    """A context field's type without Optional and Annotated."""
    while True:
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = args[0]
        elif type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def entry(pid: str, recommendation: str, margin: float, **extra) -> dict:
    """A batch summary entry, as the portfolio reads it."""
    scores = {"llm": 0.4 + margin, "generative_ai": 0.4}
    return {
        "id": pid,
        "organization": pid.upper(),
        "recommendation": recommendation,
        "scores": scores,
        "margin": margin,
        "verdict": "robust",
        "weights": {"writing": 1.0},
        **extra,
    }


def test_neither_is_labelled_on_page_one_in_the_outcome_bar_and_in_the_portfolio(reports, neither_rules):
    assessment, pages = reports["neither"]
    assert assessment.recommendation == "neither"
    first = words_of(pages[0])
    assert "Hold: neither track fits" in first and "Adopt" not in first and "Recommendation: Neither: other approaches" in first
    text = words_of("\n".join(pages))
    assert "Neither: other approaches: 100.0%" in text  # the outcome bar's legend
    assert "Neither track when both fits are below 0.95" in text
    assert "No deployment path to suggest: neither track is recommended." in text
    entries = [entry("a", "neither", 0.1, ring="hold"), entry("b", "llm", 0.5, ring="adopt")]
    portfolio = portfolio_context(entries, neither_rules, DATE)
    assert portfolio["headline"] == "Of 2 profiles: 1 on Hold; 1 to adopt an LLM."
    assert {o["outcome"]: o["n"] for o in portfolio["outcomes"]}["neither"] == 1
    assert dict(portfolio["rings"]) == {"adopt": 1, "trial": 0, "assess": 0, "hold": 1}
    text = words_of("\n".join(pages_of(render_pdf(portfolio_html(entries, neither_rules, DATE)))))
    assert "Neither: other approaches: 50.0%" in text and "Hold 1" in text


def test_the_portfolio_leaves_out_rings_and_neither_when_there_are_none(rules):
    entries = [entry("b", "llm", 0.5)]
    portfolio = portfolio_context(entries, rules, DATE)
    assert portfolio["rings"] == []
    assert [o["outcome"] for o in portfolio["outcomes"]] == ["llm", "hybrid", "generative_ai"]


def test_the_methodology_says_how_many_context_rules_are_active(reports, rules):
    text = words_of("\n".join(reports["plain"][1]))
    assert f"{len(rules.context_rules)} context rules are active" in text
    assert "A modifier only ever lowers a rating" in text
    assert f"the first of {len(rules.readiness.rings)} readiness rules" in text


def test_the_context_view_cites_sources_by_title_and_orders_flags_by_severity(rules):
    data = {
        "organization": {"name": "X", "regions": ["EU"]},
        "needs": {"art": {"importance": 4}, "writing": {"importance": 3}},
        "context": {"public_chatbot": True, "synthetic_people": True, "ai_act_areas": ["employment"]},
    }
    view = context_view(assess(parse_profile(data, rules, "x.json"), rules), rules)
    severities = [f["severity"] for f in view["flags"]]
    assert severities == sorted(severities, key=("high", "medium", "low").index) and "medium" in severities
    assert view["flag_counts"][0][0] == "high"
    for entry in view["flags"] + view["obligations"]:
        assert entry["source"].startswith(tuple(s.title for s in rules.sources.values()))


def test_every_context_field_has_its_answers_table_label_in_the_catalogue() -> None:
    """The answers table names each context field by a catalogue message (so a language says it), whose English is
    the field's name as a label, as the table has always shown it ('ai_skills' -> 'AI skills')."""
    from advisor.core.headline import label_of
    from advisor.words.say import template

    for field in Context.model_fields:
        assert template(f"report.answers.field.{field}") == label_of(field)
