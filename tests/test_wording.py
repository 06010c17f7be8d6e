"""Words a person reads: acronyms keep their capitals, nouns agree with their verbs and quantifiers."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.core.engine import assess
from advisor.core.headline import capitalised, in_sentence, label_of
from advisor.questionnaire import load_questions
from advisor.report.content import answers, key_findings
from advisor.report.render import render_html
from tests.conftest import make_profile


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("an LLM", "An LLM"),
        ("broader generative AI", "Broader generative AI"),
        ("too close to call", "Too close to call"),
    ],
)
def test_capitalising_a_sentence_keeps_the_rest_as_written(text, expected):
    assert capitalised(text) == expected


def test_a_field_name_as_a_label_keeps_its_acronyms():
    assert [label_of(k) for k in ("ai_skills", "ip_indemnity", "data_residency")] == [
        "AI skills",
        "IP indemnity",
        "Data residency",
    ]


def test_a_title_inside_a_sentence_keeps_a_leading_acronym():
    assert in_sentence("Data summarization") == "data summarization"
    assert in_sentence("LLM fine-tuning") == "LLM fine-tuning" and in_sentence("AI search") == "AI search"


def test_the_volume_question_counts_a_plural_use_case_and_measures_a_mass_one(rules):
    prompts = {q.id: q.prompt for q in load_questions(rules).questions}
    assert prompts["summarization_volume"] == "How many summaries do you need?"
    assert prompts["writing_volume"] == "How much writing do you need?"
    assert prompts["summarization_importance"] == "How important is data summarization to you?"


def test_a_plural_use_case_takes_a_plural_verb_in_the_findings(rules):
    assessment = assess(make_profile(rules, summarization=5), rules)
    assert key_findings(assessment, rules)[0].startswith("Summaries carry 100% of the weighted need")
    assessment = assess(make_profile(rules, code=5), rules)
    assert key_findings(assessment, rules)[0].startswith("Code carries 100% of the weighted need")


def test_the_report_capitalises_a_track_without_lowering_its_acronym(rules):
    profile = make_profile(rules, summarization=5, writing=3)
    html = render_html(profile, rules, "0" * 64, dt.date(2025, 1, 1))
    assert "An LLM is ahead on every stated need" in html
    assert "An llm" not in html and "generative ai" not in html
    stated = profile.model_copy(update={"context": profile.context.model_copy(update={"ai_skills": "basic"})})
    assert ("AI skills", "Business users and low-code") in answers(stated, rules)  # the choice as the person saw it
    assert not any(label.startswith("Ai ") for label, _ in answers(stated, rules))
