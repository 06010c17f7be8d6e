"""The twin of Profile's validator reads valid profiles without most Python checks: it accepts nothing the model
refuses, makes an equal object of what it accepts, and leaves every error to the model."""

from __future__ import annotations

import copy
import enum
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError, field_validator

from advisor.core import profile as profile_module
from advisor.core.profile import Profile, parse_profile
from advisor.core.twin import twin_validator

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
BASE = {
    "id": "unit-1",
    "organization": {"name": "Unit 1", "size": "1000+", "regions": ["Germany"]},
    "needs": {"art": {"importance": 5, "volume": "high"}, "code": {"importance": 3, "quantity": 200}},
    "context": {"risk_tolerance": "high", "governance": ["review_process"], "languages": ["en", "pt-BR"]},
}


class Level(enum.IntEnum):
    THREE = 3


class Region(str, enum.Enum):
    EU = "EU"


ODD_VALUES = [
    None, True, False, 0, 3, 5, 6, -1, 3.0, 2.5, 1e300, 10**30, Decimal(3), float("nan"), Level.THREE,
    "", " ", "3", "EU", " x ", "\u3000", "x" * 200, " " + "x" * 200, "x" * 201, b"3", Region.EU, "medium",
    [], {}, {"x": 1}, ("EU",), [1], [None], ["EU"], ["EU", "EU"], ["Germany", "EU"], ["DE", "Germany"], ["Narnia"],
    ["Antarctica"], ["en", "EN"], [Region.EU], ["EU", Region.EU], ["x"] * 51,
]  # fmt: skip
CHANGED = [
    ("schema_version",), ("id",), ("notes",), ("respondent", "role"), ("scale", "users"), ("organization", "name"),
    ("organization", "industry"), ("organization", "regions"), ("organization", "countries"), ("organization", "size"),
    ("needs", "art", "importance"), ("needs", "art", "volume"), ("needs", "code", "quantity"), ("needs", "bogus"),
    ("needs", "code"), ("context", "languages"), ("context", "output_regions"), ("context", "governance"),
    ("context", "realtime"), ("context", "bogus"), ("organization",), ("needs",), ("context",), ("scale",),
]  # fmt: skip


def _with(data: dict, path: tuple[str, ...], value: object) -> dict:
    copied = copy.deepcopy(data)
    node = copied
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[path[-1]] = value
    return copied


def _made(model: BaseModel) -> object:
    """A model as data, with the fields set of it and of every model in it."""
    fields = {name: getattr(model, name) for name in type(model).model_fields}
    return type(model).__name__, sorted(model.model_fields_set), {k: _made_value(v) for k, v in fields.items()}


def _made_value(value: object) -> object:
    if isinstance(value, BaseModel):
        return _made(value)
    if isinstance(value, dict):
        return {(type(k), k): _made_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_made_value(v) for v in value]
    return type(value), repr(value)


def _twin_agrees(rules, data: dict) -> None:
    twin = profile_module._read_by_twin(data, rules)
    if twin is not None:  # else declined: the model reads it (parse_profile), whatever it says
        assert _made(twin) == _made(Profile.model_validate(data, context={"use_cases": rules.use_case_ids}))


def test_the_twin_accepts_only_what_the_model_accepts_and_makes_the_same_profile(rules):
    for path in CHANGED:
        for value in ODD_VALUES:
            _twin_agrees(rules, _with(BASE, path, value))


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(CHANGED), st.sampled_from(ODD_VALUES)), min_size=2, max_size=4))
def test_so_does_it_for_several_changes_at_once(rules, changes):
    data = BASE
    for path, value in changes:
        data = _with(data, path, value)
    _twin_agrees(rules, data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_twin_reads_each_example_as_the_model_does(rules, path):
    data = orjson.loads(path.read_bytes())
    twin = profile_module._read_by_twin(data, rules)

    assert twin is not None
    assert _made(twin) == _made(Profile.model_validate(data, context={"use_cases": rules.use_case_ids}))


def test_what_the_twin_declines_is_read_or_refused_by_the_model(rules):
    """A whole number written 3.0 is the twin's to decline (strict), and the model's to read."""
    data = _with(BASE, ("needs", "art", "importance"), 3.0)

    assert profile_module._read_by_twin(data, rules) is None
    assert parse_profile(data, rules, "p.json").needs["art"].importance == 3


def test_the_twin_runs_none_of_the_checks_it_makes_native():
    """pydantic-core would give each model node the class's own validator (its Python checks with it)."""
    built = repr(profile_module._TWIN)

    assert "_number_not_text" not in built and "_at_most_200" not in built and "_countries_and_regions" not in built
    assert "_placed" in built and "_known_use_cases" not in built


def test_needs_of_a_use_case_the_rules_do_not_know_are_left_to_the_model(rules):
    data = _with(BASE, ("needs", "bogus"), {"importance": 3})

    assert profile_module._read_by_twin(data, rules) is None


def test_a_twin_leaves_the_classes_finished_and_their_own_validators_as_they_were():
    class Item(BaseModel):
        size: int

        @field_validator("size", mode="before")
        @classmethod
        def _not_text(cls, value: object) -> object:
            if isinstance(value, str):
                raise ValueError("a number")  # noqa: TRY004 (pydantic reports a ValueError, not a TypeError)
            return value

    own = Item.__pydantic_validator__
    twin = twin_validator(Item, {Item._not_text: lambda node, inner: {**inner, "strict": True}})

    assert Item.__pydantic_complete__ and Item.__pydantic_validator__ is own
    assert twin.validate_python({"size": 3}) == Item(size=3)
    with pytest.raises(ValidationError):
        twin.validate_python({"size": 3.0})
    assert Item.model_validate({"size": 3.0}).size == 3
