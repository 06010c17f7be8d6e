"""The group report's content and HTML, in-process: the sentences that answer for the group, the dot plot (a dot per
respondent and use case, close weights in separate lanes, an accessible title, description and table), hostile
labels shown literally, and the reading of --by fields."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from advisor.core.errors import UsageError
from advisor.core.group import assess_group
from advisor.core.group_words import agreement_words, disagreement_words, group_answer, top_disagreement
from advisor.core.profile import parse_profile
from advisor.group import field_reader
from advisor.report import render_group_html
from advisor.report.group import DOT_GAP, dot_rows, group_view
from tests.conftest import make_profile

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
    assert answer.startswith(group.consensus.action_title.rstrip(".") + ". ")
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
