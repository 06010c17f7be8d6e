"""The objects of every batch row made by a maker (`advisor.core.frozen.maker_of`) are those the dataclass makes:
equal, immutable, picklable, of the same class; and the memos' tables are read as a plain dict."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from advisor.core.assessment import Assessment
from advisor.core.engine import Scored, assess, score
from advisor.core.frozen import maker_of
from advisor.core.memo import Memos
from advisor.core.need import BusinessCase
from advisor.core.scoring import Outcome, evaluate, weights
from advisor.io.sources import load_profile, load_rules
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def rules():
    return load_rules(None)


@pytest.fixture(scope="module")
def profile(rules):
    return load_profile(str(min(EXAMPLES.glob("*.json"))), rules)


def test_an_outcome_made_by_its_maker_is_the_outcome_the_dataclass_makes(rules, profile):
    outcome = evaluate(weights(profile, rules), rules.values, rules)
    assert type(outcome) is Outcome
    fields = [getattr(outcome, f.name) for f in dataclasses.fields(Outcome)]
    assert outcome == Outcome(*fields) and repr(outcome) == repr(Outcome(*fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.margin = 0.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert dataclasses.replace(outcome, margin=1.0).margin == 1.0


def test_scored_assessment_and_business_case_made_by_their_makers_stay_frozen_and_pickle(rules, profile):
    scored = score(profile, rules)
    assert type(scored) is Scored
    with pytest.raises(dataclasses.FrozenInstanceError):
        scored.weight = {}  # type: ignore[misc]
    assessment = assess(profile, rules, robustness=False)
    assert type(assessment) is Assessment
    with pytest.raises(dataclasses.FrozenInstanceError):
        assessment.margin = 0.0  # type: ignore[misc]
    again = assess(profile, rules, robustness=False)
    assert assessment == again and assessment.to_dict() == again.to_dict()
    copy = pickle.loads(pickle.dumps(assessment))
    assert copy == assessment and copy.to_dict() == assessment.to_dict()
    case = assessment.parts["business_case"]
    assert type(case) is BusinessCase and case == BusinessCase(*[getattr(case, f.name) for f in dataclasses.fields(case)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.costs = None  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(case)) == case and dataclasses.replace(case, roadmap=()).roadmap == ()


def test_a_maker_is_refused_for_a_class_whose_slots_are_not_its_fields_in_order():
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    with pytest.raises(TypeError, match="slotted dataclass"):
        maker_of(Unslotted)
    made = maker_of(Outcome)("llm", "clear_margin", {"llm": 0.9, "generative_ai": 0.2}, 0.7, {})
    assert type(made) is Outcome and made == Outcome("llm", "clear_margin", {"llm": 0.9, "generative_ai": 0.2}, 0.7, {})


def test_the_weighted_sums_are_those_of_the_plain_arithmetic(rules, profile):
    """The fits and shares summed without a Python loop are the plain loop's, to the last bit."""
    weight = weights(profile, rules)
    outcome = evaluate(weight, rules.values, rules)
    plain = evaluate(weight, {u: dict(row) for u, row in rules.values.items()}, rules)  # not rules.values: the loop
    assert outcome == plain


def test_memos_make_a_table_on_first_read_and_keep_it(rules):
    memos = Memos(4)
    table = memos["x"]
    assert memos["x"] is table and table.size == 4 and table.name == "x"
    assert pickle.loads(pickle.dumps(memos)).size == 4
