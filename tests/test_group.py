"""The laws of group assessment (hypothesis): a group of one kind of respondent is that respondent, the order and
duplication of respondents change nothing, a unanimous group votes 1.0, the reported pivotal respondents are exactly
those whose leaving out changes the answer (re-scored), and conflicting context answers resolve to the strictest."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.core.engine import assess
from advisor.core.group import assess_group, respondent_label, vetoes_of
from advisor.core.group_merge import ALL_MUST_HAVE, ANY_YES, MOST_RESTRICTIVE_LAST, UNITED, merge_rule
from advisor.core.profile import Context, parse_profile
from advisor.words import say
from tests.said_words import group_words
from tests.test_truthful import RULES, profiles

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
groups = st.lists(profiles(), min_size=1, max_size=5)
NAMES = ("furthest", "highest", "lowest")
"""Entries of a use case's spread that name respondents (by default labels, which number them in input order)."""


def parsed(group: list[dict[str, Any]]) -> list[Any]:
    return [parse_profile(copy.deepcopy(data), RULES, f"r{i}") for i, data in enumerate(group)]


def laws_view(group: Any) -> dict[str, Any]:
    """What must not depend on the order or the number of copies of the respondents."""
    data = group.to_dict()
    return {
        "consensus": data["consensus"],
        "consensus_profile": data["consensus_profile"],
        "vote": data["vote"],
        "weights": data["aggregation"]["weights"],
        "geometric": data["aggregation"]["geometric_check"],
        "spread": [{k: v for k, v in d.items() if k not in NAMES} for d in data["disagreement"]],
        "resolved": [(c["field"], c["resolved"]) for c in data["conflicts"]],
    }


@SETTINGS
@given(profiles(), st.integers(1, 4))
def test_a_group_of_identical_respondents_is_exactly_the_single_assessment(data, copies):
    single = assess(parse_profile(copy.deepcopy(data), RULES, "one"), RULES)
    group = assess_group(parsed([data] * copies), RULES)
    assert group.consensus.to_dict() == single.to_dict()
    assert group.vote[single.recommendation] == 1.0
    assert group.conflicts == () and group.pivotal == ()


@SETTINGS
@given(groups, st.randoms(use_true_random=False))
def test_the_order_of_the_respondents_changes_nothing(group, pick):
    shuffled = list(group)
    pick.shuffle(shuffled)
    assert laws_view(assess_group(parsed(shuffled), RULES)) == laws_view(assess_group(parsed(group), RULES))


@SETTINGS
@given(groups, st.integers(2, 3))
def test_duplicating_every_respondent_changes_nothing(group, times):
    once = assess_group(parsed(group), RULES)
    repeated = assess_group(parsed(group * times), RULES)
    assert laws_view(repeated) == laws_view(once)


@SETTINGS
@given(groups)
def test_the_vote_counts_the_respondents_own_answers(group):
    result = assess_group(parsed(group), RULES, robustness=False)
    own = [assess(p, RULES, robustness=False).recommendation for p in parsed(group)]
    for outcome, share in result.vote.items():
        assert share == own.count(outcome) / len(own)
    if len(set(own)) == 1:
        assert result.vote[own[0]] == 1.0


@SETTINGS
@given(groups)
def test_conflicting_context_answers_resolve_to_the_strictest(group):
    respondents = parsed(group)
    context = assess_group(respondents, RULES, robustness=False).consensus_profile.context
    for name, order in MOST_RESTRICTIVE_LAST.items():
        stated = [getattr(p.context, name) for p in respondents if name in p.context.model_fields_set]
        if stated:
            assert getattr(context, name) == max(stated, key=order.index)
    for name in UNITED:
        stated = [getattr(p.context, name) for p in respondents if name in p.context.model_fields_set]
        if stated:
            assert set(getattr(context, name)) == set().union(*stated)
    for name in ANY_YES:
        stated = [getattr(p.context, name) for p in respondents if name in p.context.model_fields_set]
        if stated:
            assert getattr(context, name) is any(stated)
    for name in ALL_MUST_HAVE:
        stated = [set(getattr(p.context, name)) for p in respondents if name in p.context.model_fields_set]
        if stated:
            assert set(getattr(context, name)) == set.intersection(*stated)


def test_every_context_field_has_a_merge_rule():
    for name in Context.model_fields:
        assert merge_rule(name) in ("restrictive", "union", "any_yes", "all_must_have")


def test_a_conflict_names_who_said_what_and_what_was_scored(rules):
    base = {"organization": {"name": "Daily Post"}, "needs": {"writing": {"importance": 5}}}
    said = [("internal", "Marketing"), ("internal", "Newsroom"), ("internal", "IT"), ("regulated", "Legal")]
    respondents = [
        parse_profile({**base, "respondent": {"role": role}, "context": {"data_sensitivity": level}}, rules, role)
        for level, role in said
    ]
    group = assess_group(respondents, rules, robustness=False)
    (conflict,) = group.conflicts
    assert conflict.field == "context.data_sensitivity"
    assert conflict.answers == {"internal": ["Marketing", "Newsroom", "IT"], "regulated": ["Legal"]}
    assert conflict.resolved == "regulated"
    assert say(conflict.message) == (
        "data sensitivity: 3 said internal, 1 said regulated. Scored as regulated (the most restrictive answer); "
        "resolve this."
    )
    assert group.consensus_profile.context.data_sensitivity == "regulated"


def test_a_governance_basic_counts_only_if_nobody_says_it_is_missing(rules):
    base = {"organization": {"name": "Acme"}, "needs": {"code": {"importance": 4}}}
    answers = [["policy", "owner"], ["policy"], None]
    respondents = [
        parse_profile({**base, "context": {"governance": g}} if g is not None else base, rules, f"r{i}")
        for i, g in enumerate(answers)
    ]
    group = assess_group(respondents, rules, robustness=False)
    assert group.consensus_profile.context.governance == ["policy"]
    (conflict,) = group.conflicts
    assert "1 did not say" in say(conflict.message)


def test_respondents_are_named_by_role_then_name_then_id(rules):
    def profile(**extra: Any) -> Any:
        data = {"organization": {"name": "A"}, "needs": {"code": {"importance": 3}}, **extra}
        return parse_profile(data, rules, "t")

    named = [
        profile(respondent={"role": "Legal", "name": "Ann"}),
        profile(respondent={"name": "Ann"}),
        profile(id="p-7"),
        profile(),
    ]
    assert [respondent_label(p, 4) for p in named] == ["Legal", "Ann", "p-7", "Respondent 4"]


def test_disagreement_is_ranked_by_how_far_it_could_move_the_answer(rules):
    def person(role: str, art: int, writing: int) -> Any:
        needs = {"art": {"importance": art}, "writing": {"importance": writing}, "code": {"importance": 3}}
        needs = {k: v for k, v in needs.items() if v["importance"] > 0}
        return parse_profile(
            {"organization": {"name": "Studio"}, "respondent": {"role": role}, "needs": needs}, rules, role
        )

    group = assess_group([person("Art", 5, 1), person("Legal", 0, 5), person("IT", 2, 2)], rules, robustness=False)
    influences = [d.influence for d in group.disagreement]
    assert influences == sorted(influences, reverse=True)
    art = next(d for d in group.disagreement if d.use_case == "art")
    assert art.min == 0.0 and art.furthest[0] in ("Art", "Legal")
    assert art.spread == pytest.approx(art.max - art.min)


def test_an_empty_group_is_refused(rules):
    from advisor.core.errors import ProfileError

    with pytest.raises(ProfileError, match="at least one respondent"):
        assess_group([], rules)


def test_different_organisation_names_are_a_conflict_taken_by_the_most_common(rules):
    needs = {"writing": {"importance": 3}}
    names = ["Acme", "Acme", "ACME Ltd"]
    respondents = [
        parse_profile({"organization": {"name": n}, "needs": needs}, rules, f"r{i}") for i, n in enumerate(names)
    ]
    group = assess_group(respondents, rules, robustness=False)
    assert group.organization["name"] == "Acme"
    (conflict,) = group.conflicts
    assert (
        say(conflict.message)
        == "organisation name: 2 said Acme, 1 said ACME Ltd. Taken as Acme (the most common answer); resolve this."
    )


# ------------------------------------------------------------------ leave-one-out: recommendation, ring and vetoes


def left_out(respondents: list[Any], labels: list[str], i: int, robustness: bool) -> Any:
    """The group assessment of everyone but respondent `i`, re-scored from scratch."""
    rest, names = respondents[:i] + respondents[i + 1 :], labels[:i] + labels[i + 1 :]
    return assess_group(rest, RULES, names, robustness=robustness)


def assert_leave_one_out_is_reported(group: list[dict[str, Any]], robustness: bool) -> None:
    respondents = parsed(group)
    labels = [f"person {i}" for i in range(len(respondents))]
    result = assess_group(respondents, RULES, labels, robustness=robustness)
    decisive = {d.label: d for d in result.decisive}
    for i, label in enumerate(labels):
        without = left_out(respondents, labels, i, robustness)
        lifted = tuple(v for v in vetoes_of(result.consensus) if v not in vetoes_of(without.consensus))
        assert (without.consensus.recommendation != result.consensus.recommendation) == (label in result.pivotal)
        assert (without.ring != result.ring) == (label in result.pivotal_ring), label
        assert (without.ring != result.ring or bool(lifted)) == (label in decisive), label
        if label in decisive:
            assert (decisive[label].ring, decisive[label].ring_without) == (result.ring, without.ring)
            assert decisive[label].vetoes == lifted
            for fact in decisive[label].facts:  # what they alone brought: no one else's answer has it
                section, name = fact.field.split(".")
                others = [getattr(getattr(p, section), name) for j, p in enumerate(respondents) if j != i]
                if fact.rule == "union":
                    mine = getattr(getattr(respondents[i], section), name) or []
                    assert all(v in mine and not any(v in (o or []) for o in others) for v in fact.values)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=2, max_size=5))
def test_leaving_out_each_respondent_re_scored_gives_exactly_the_reported_pivotal_sets(group):
    assert_leave_one_out_is_reported(group, robustness=False)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), min_size=2, max_size=4))
def test_with_robustness_the_ring_of_each_leave_one_out_is_the_re_scored_ring(group):
    assert_leave_one_out_is_reported(group, robustness=True)


def sentences(group: Any) -> dict[str, Any]:
    """Every sentence of a group's result: the shared words, the conflicts and the whole terminal text."""
    import io

    from advisor.io.group_terminal import print_group
    from advisor.io.terminal import console_for

    stream = io.StringIO()
    print_group(group, RULES, console_for(stream))
    words = group_words(group, RULES)
    return {
        "words": words,
        "conflicts": [say(c.message) for c in group.conflicts],
        "terminal": stream.getvalue(),
    }


labelled = st.lists(
    st.tuples(profiles(), st.sampled_from(["Legal", "IT", "Sales", "HR", "Ops", "Finance"])),
    min_size=2,
    max_size=6,
    unique_by=lambda t: t[1],
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labelled, st.randoms(use_true_random=False), st.booleans())
def test_shuffling_the_respondents_changes_no_sentence_of_the_group_result(group, pick, robustness):
    shuffled = list(group)
    pick.shuffle(shuffled)
    before = assess_group(parsed([d for d, _ in group]), RULES, [label for _, label in group], robustness=robustness)
    after = assess_group(parsed([d for d, _ in shuffled]), RULES, [r for _, r in shuffled], robustness=robustness)
    assert sentences(after) == sentences(before)


def test_ties_are_named_whole_and_the_headline_names_whom_the_table_names(rules):
    needs = {"writing": {"importance": 5}, "summarization": {"importance": 5}}
    base = {"organization": {"name": "Daily Post"}, "needs": needs}
    wants_art = {**base, "needs": {**base["needs"], "art": {"importance": 2}}}
    roles = ["Newsroom", "Marketing", "IT", "Legal", "People Operations"]
    data = [wants_art] + [base] * 4
    profiles_ = [parse_profile({**d, "respondent": {"role": r}}, rules, r) for d, r in zip(data, roles)]
    for order in (profiles_, profiles_[::-1], profiles_[2:] + profiles_[:2]):
        group = assess_group(order, rules, robustness=False)
        words = group_words(group, rules)
        top = group.disagreement[0]
        everyone_else = ("IT", "Legal", "Marketing", "People Operations")
        assert (top.use_case, top.highest, top.lowest) == ("art", ("Newsroom",), everyone_else)
        assert words.extremes["art"] == ("Newsroom", "4 respondents")
        assert words.disagreement == (
            "they disagree most on creative art: Newsroom gives it the most weight, 4 respondents give it no weight"
        )
