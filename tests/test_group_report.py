"""The group report's content and HTML, in-process: the sentences that answer for the group, the dot plot (a dot per
respondent and use case, close weights in separate lanes, an accessible title, description and table), hostile
labels shown literally, and the reading of --by fields."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core.errors import UsageError
from advisor.core.group import StatedFact, assess_group
from advisor.core.headline import RING_VERBS
from advisor.core.profile import parse_profile
from advisor.core.rules import FactWords
from advisor.group import field_reader
from advisor.report import render_group_html
from advisor.report.group import DOT_GAP, dot_rows, group_view
from advisor.words import say
from tests.conftest import make_profile
from tests.said_words import (
    agreement_words,
    decisive_words,
    disagreement_words,
    fact_words,
    group_answer,
    group_words,
    top_disagreement,
)
from tests.test_truthful import RULES, profiles

pytestmark = pytest.mark.slow  # PDFs rendered and read back

DAY = dt.date(2025, 3, 1)


def respondent(rules, role, **importances):
    data = {
        "organization": {"name": "Acme"},
        "respondent": {"role": role},
        "needs": {uid: {"importance": level} for uid, level in importances.items()},
    }
    return parse_profile(data, rules, role)


def test_a_unanimous_group_of_one_kind_says_everyone_agrees(rules):
    group = assess_group([make_profile(rules, writing=4, code=2)] * 3, rules)
    assert agreement_words(group, rules) == "3 of 3 respondents' own priorities lead to an LLM"
    assert top_disagreement(group) is None
    assert disagreement_words(group, rules) == "the respondents weigh every use case alike"


def test_the_two_furthest_apart_on_the_most_influential_use_case_are_named(rules):
    group = assess_group(
        [
            respondent(rules, "Legal", summarization=5, writing=3),
            respondent(rules, "Marketing", art=5, writing=4, multimodal=4),
            respondent(rules, "Engineering", code=5, summarization=2),
        ],
        rules,
    )
    top = top_disagreement(group)
    assert top is group.disagreement[0]
    uid = top.use_case
    weights = {r.label: r.weights[uid] for r in group.respondents}
    assert top.highest == tuple(sorted(k for k, w in weights.items() if w == max(weights.values())))
    assert top.lowest == tuple(sorted(k for k, w in weights.items() if w == min(weights.values())))
    assert (top.use_case, top.highest, top.lowest) == ("code", ("Engineering",), ("Legal", "Marketing"))
    assert disagreement_words(group, rules) == (
        "they disagree most on code assistance: Engineering gives it the most weight, Legal and Marketing give it "
        "no weight"
    )
    answer = group_answer(group, rules)
    assert answer.startswith(say(group.consensus.action_title).rstrip(".") + ". ")
    assert f"{group.agreeing} of 3 respondents' own priorities lead to " in answer


def test_one_respondent_is_the_whole_answer(rules):
    group = assess_group([make_profile(rules, art=3)], rules)
    assert group_answer(group, rules).endswith(". The one respondent's own priorities lead to broader generative AI.")


def test_the_dot_plot_has_a_dot_per_respondent_and_close_weights_in_separate_lanes(rules):
    profiles = [make_profile(rules, writing=4, art=level) for level in (0, 0, 0, 1, 5)]
    group = assess_group(profiles, rules)
    rows = dot_rows(group)
    assert [row["use_case"] for row in rows] == [d.use_case for d in group.disagreement]
    for row in rows:
        assert [d["weight"] for d in row["dots"]] == [r.weights[row["use_case"]] for r in group.respondents]
        placed = [(d["weight"], d["lane"]) for d in row["dots"]]
        for i, (weight, lane) in enumerate(placed):
            for other, other_lane in placed[i + 1 :]:
                assert lane != other_lane or abs(weight - other) >= DOT_GAP
    html = render_group_html(group, rules, DAY)
    assert html.count('<circle class="respondent"') == 5 * len(rows)
    assert html.count('<rect class="consensus"') == len(rows)


def test_the_dot_plot_is_accessible_and_its_data_is_a_table(rules):
    group = assess_group(
        [respondent(rules, "Legal", summarization=5), respondent(rules, "Marketing", art=5, summarization=1)], rules
    )
    html = render_group_html(group, rules, DAY)
    plot = html[html.index("<svg", html.index('id="disagreement"')) :]
    plot = plot[: plot.index("</svg>")]
    assert 'role="img"' in plot and "<title>Each respondent's weight of each use case" in plot
    description = re.search(r"<desc>(.*?)</desc>", plot, re.DOTALL).group(1)
    assert "Data summarization: consensus" in description
    art = next(d for d in group.disagreement if d.use_case == "art")
    assert (art.min, art.max, art.consensus) == (0.0, 5 / 6, 5 / 12)
    assert "Creative art: consensus 42%, respondents from 0% to 83%, median 42%" in description
    assert "<th>Most weight</th><th>Least weight</th>" in html


def test_hostile_labels_and_names_are_escaped(rules):
    hostile = '<script>alert(1)</script> & "Co"'
    data = {"organization": {"name": hostile}, "respondent": {"role": hostile}, "needs": {"art": {"importance": 3}}}
    group = assess_group([parse_profile(data, rules, "x"), make_profile(rules, writing=3)], rules)
    html = render_group_html(group, rules, DAY, invalid=2)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;" in html
    assert "2 profiles in the input were invalid and are not counted here" in html


def test_the_vote_counts_respondents_in_the_report_order(rules):
    group = assess_group([make_profile(rules, code=5), make_profile(rules, art=5), make_profile(rules, code=4)], rules)
    view = group_view(group, rules)
    assert [(v["outcome"], v["n"]) for v in view["vote"]] == [
        (outcome, sum(r.recommendation == outcome for r in group.respondents))
        for outcome in ("llm", "hybrid", "generative_ai")
    ]
    assert sum(v["p"] for v in view["vote"]) == pytest.approx(1.0)


def test_a_by_field_reads_the_profile_and_an_unknown_one_is_a_usage_error(rules):
    profile = respondent(rules, "Legal", art=2)
    assert field_reader("respondent.role", rules)(profile) == "Legal"
    assert field_reader("organization.name", rules)(profile) == "Acme"
    assert field_reader("needs.art.importance", rules)(profile) == 2
    assert field_reader("context.data_sensitivity", rules)(profile) == "internal"  # the default, as scored
    assert field_reader("context.data_residency", rules)(profile) is None  # not stated
    with pytest.raises(UsageError, match="--by needs.translation.importance: no such profile field"):
        field_reader("needs.translation.importance", rules)


# ------------------------------------------------------------- who brings a ring or a veto, and its words (item 3)


def departments(rules, practice="emotion_recognition_work_education"):
    """Five departments of an EU newsroom; only People Operations names a practice (from the rules' facts)."""
    roles = ("Newsroom", "Marketing", "IT", "Legal", "People Operations")
    out = []
    for role in roles:
        data = {
            "organization": {"name": "The Riverside Courier", "regions": ["EU"]},
            "respondent": {"role": role},
            "needs": {"writing": {"importance": 5}, "summarization": {"importance": 5}},
            "context": {"governance": ["policy", "owner", "review_process", "training"], "ai_skills": "basic"},
        }
        if role == "People Operations":
            data["context"]["ai_act_areas"] = [practice]
        out.append(parse_profile(data, rules, role))
    return out


def test_a_respondent_who_alone_brings_a_hold_is_named_with_the_fact_and_its_law(rules):
    group = assess_group(departments(rules), rules)
    assert (group.ring, group.pivotal, group.pivotal_ring) == ("hold", (), ("People Operations",))
    words = group_words(group, rules)
    sentence = (
        "People Operations named emotion recognition at work or in education (EU AI Act Art. 5(1)(f)): this puts "
        "the organisation on Hold rather than Adopt."
    )
    assert words.pivotal == ("Leaving out any one respondent gives the same recommendation.", sentence)
    assert words.answer.startswith(
        "Hold: the plan includes emotion recognition at work or in education (EU AI Act Art. 5(1)(f)), which must "
        f"be dropped before anything else. {sentence} 5 of 5 respondents' own priorities lead to an LLM"
    )
    html = render_group_html(group, rules, DAY)
    shown = sentence.replace("People Operations", "<bdi>People Operations</bdi>")  # a name is isolated on the page
    assert html.count(shown) == 2  # the lead and the pivotal section


def test_the_facts_words_and_legal_reference_come_from_the_rules_data(rules):
    group = assess_group(departments(rules, "social_scoring"), rules)
    (decisive,) = group.decisive
    assert decisive_words(decisive, rules).startswith(
        "People Operations named social scoring of people (EU AI Act Art. 5(1)(c)): "
    )
    facts = {**rules.facts, "context.ai_act_areas": {"social_scoring": FactWords(label="a social credit score")}}
    edited = rules.model_copy(update={"facts": facts})
    assert decisive_words(decisive, edited).startswith("People Operations named a social credit score: ")
    unlabelled = rules.model_copy(update={"facts": {}})
    assert decisive_words(decisive, unlabelled).startswith("People Operations named social scoring: ")


@pytest.mark.parametrize("name", ["default", "extended"])
def test_every_fact_the_rules_name_is_an_answer_a_profile_can_give(name):
    from advisor import load_rules

    rules = load_rules(name)
    assert rules.facts, "the rules name no answer: the group report would fall back to codes"
    for field, values in rules.facts.items():
        section, key = field.split(".")
        for value in values:
            data = {"organization": {"name": "A"}, "needs": {"writing": {"importance": 3}}, section: {key: [value]}}
            assert getattr(getattr(parse_profile(data, rules, field), section), key) == [value], (field, value)


def test_a_respondent_whose_context_lifts_the_ring_is_named_too(rules):
    people = departments(rules)[:4]
    unsure = {
        "organization": {"name": "The Riverside Courier", "regions": ["EU"]},
        "respondent": {"role": "Finance"},
        "needs": {"writing": {"importance": 5}, "summarization": {"importance": 5}},
        "context": {"governance": [], "ai_skills": "basic"},
    }
    group = assess_group([*people, parse_profile(unsure, rules, "Finance")], rules)
    (decisive,) = group.decisive
    assert (decisive.label, decisive.ring, decisive.ring_without) == ("Finance", "assess", "adopt")
    assert decisive_words(decisive, rules) == (
        "Finance said policy, owner, review process and training are not in place (governance): this puts the "
        "organisation on Assess rather than Adopt."
    )


# ----------------------------------------------------------------------- the answer speaks in rings (item 2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=1, max_size=4))
def test_the_group_answer_leads_with_the_consensus_ring_and_never_says_should_adopt(group):
    respondents = [parse_profile(copy.deepcopy(d), RULES, f"r{i}") for i, d in enumerate(group)]
    result = assess_group(respondents, RULES)
    words = group_words(result, RULES)
    title = words.answer.split(". ", 1)[0]
    assert "should adopt" not in " ".join([words.answer, *words.pivotal]).lower()
    if result.ring == "hold":
        assert title.startswith("Hold: ")
    elif result.consensus.recommendation != "neither":
        assert RING_VERBS[result.ring].lower() in title.lower(), title
        assert all(v.lower() not in title.lower() for r, v in RING_VERBS.items() if r != result.ring), title


@pytest.mark.parametrize(
    ("fact", "words"),
    [
        (StatedFact("context.ai_act_areas", "union", ("social_scoring",)),
         "named social scoring of people (EU AI Act Art. 5(1)(c))"),
        (StatedFact("context.data_sensitivity", "restrictive", ("regulated",)), "said data sensitivity is regulated"),
        (StatedFact("context.public_chatbot", "any_yes", (True,)), "said yes to public chatbot"),
        (StatedFact("context.public_chatbot", "any_yes", (False,)), "said no to public chatbot"),
        (
            StatedFact("context.governance", "all_must_have", ("training",)),
            "said training is not in place (governance)",
        ),
        (StatedFact("context.governance", "answer", ("policy", "owner")), "answered governance: policy and owner"),
        (StatedFact("context.governance", "answer", ()), "answered governance: none"),
    ],
)
def test_each_kind_of_fact_says_what_the_respondent_answered(rules, fact, words):
    assert fact_words(fact, rules) == words


def test_a_practice_two_respondents_bring_names_them_both_though_neither_is_pivotal(rules):
    people = departments(rules)
    hr = {
        "organization": {"name": "The Riverside Courier", "regions": ["EU"]},
        "respondent": {"role": "HR"},
        "needs": {"writing": {"importance": 5}, "summarization": {"importance": 5}},
        "context": {
            "governance": ["policy", "owner", "review_process", "training"],
            "ai_skills": "basic",
            "ai_act_areas": ["emotion_recognition_work_education"],
        },
    }
    group = assess_group([*people, parse_profile(hr, rules, "HR")], rules)
    assert (group.ring, group.pivotal_ring, group.decisive) == ("hold", (), ())
    assert [r.label for r in group.respondents if r.vetoes] == ["People Operations", "HR"]
    sentence = (
        "On their own answers, HR and People Operations bring the veto “Prohibited practices (EU AI Act Art. 5)”: "
        "it stays unless each of them drops the answer that brings it."
    )
    words = group_words(group, rules)
    assert sentence in words.pivotal and sentence in words.answer


def test_what_one_respondent_alone_said_is_in_the_labels_they_saw_in_the_pdf_terminal_and_dashboard(rules):
    # it said "Finance said ai skills is none and named health" (codes) where the conflicts, on the
    # same pages, quote the questionnaire's labels
    import io

    from advisor.io.group_terminal import print_group
    from advisor.io.terminal import console_for
    from advisor.questionnaire import answer_words

    people = departments(rules)[:4]
    unskilled = {
        "organization": {"name": "The Riverside Courier", "regions": ["EU"]},
        "respondent": {"role": "Finance"},
        "needs": {"writing": {"importance": 5}, "summarization": {"importance": 5}},
        "context": {"deployment": "cloud_api", "ai_skills": "none", "regulated_data": ["health"]},
    }
    group = assess_group([*people, parse_profile(unskilled, rules, "Finance")], rules)
    labels = answer_words(rules)
    said = [decisive_words(d, rules, labels) for d in group.decisive]
    assert said and all("“" in s for s in said), said
    assert not any(code in s for s in said for code in ("cloud api", "is none", "named health")), said
    assert "said ai skills is “" + labels.label("context.ai_skills", "none") + "”" in " ".join(said)
    assert [s for s in group_view(group, rules)["pivotal"] if s.startswith("Finance")] == said
    stream = io.StringIO()
    print_group(group, rules, console_for(stream), words=labels)
    assert all(" ".join(s.split()) in " ".join(stream.getvalue().split()) for s in said)
    assert decisive_words(group.decisive[0], rules).startswith("Finance said")  # without labels: as stored


def test_an_answer_is_never_blamed_for_a_ring_that_the_respondents_priorities_move(rules):
    """Outside the EU, naming emotion recognition does not put anyone on Assess: HR's wish for creative art does.
    The sentence names what moves the ring (their priorities), not an answer that was merely theirs alone."""

    def respondent(role: str, needs: dict, practice: bool = False):
        data = {
            "organization": {"name": "Acme", "regions": ["North America"]},
            "respondent": {"role": role},
            "needs": needs,
            "context": {"governance": ["policy", "owner", "review_process", "training"], "ai_skills": "basic"},
        }
        if practice:
            data["context"]["ai_act_areas"] = ["emotion_recognition_work_education"]
        return parse_profile(data, rules, role)

    writing = {"writing": {"importance": 5}}
    group = assess_group(
        [respondent("Legal", writing), respondent("IT", writing), respondent("HR", {"art": {"importance": 5}}, True)],
        rules,
    )
    (hr,) = [d for d in group.decisive if d.label == "HR"]
    assert (group.ring, hr.ring_without, hr.facts) == ("assess", "adopt", ())
    pivotal = group_words(group, rules).pivotal
    assert "Without HR, the organisation would be on Adopt, not Assess." in pivotal
    assert not any("emotion recognition" in sentence for sentence in pivotal), pivotal
