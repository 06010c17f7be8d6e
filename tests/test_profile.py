"""Profile schema v1: what is accepted, the defaults, and the problems named for what is not."""

from __future__ import annotations

import jsonschema
import orjson
import pytest
from pydantic import ValidationError

from advisor.core.errors import ProfileError
from advisor.core.profile import Profile, profile_from_bytes, profile_json_schema
from advisor.words.problems import problem_message, problem_where

MINIMAL = {"organization": {"name": "Acme"}, "needs": {"code": {"importance": 3}}}


def problems(rules, data) -> list[str]:
    raw = data if isinstance(data, bytes) else orjson.dumps(data)
    with pytest.raises(ProfileError) as caught:
        profile_from_bytes(raw, rules, "p.json")
    return [f"{problem_where(p)}: {problem_message(p)}" for p in caught.value.problems]


def test_a_minimal_profile_gets_the_stated_defaults(rules):
    profile = profile_from_bytes(orjson.dumps(MINIMAL), rules, "p.json")
    assert profile.schema_version == 1 and profile.id is None
    assert profile.needs["code"].volume == "medium"
    assert profile.context.model_dump() == {
        "data_sensitivity": "internal",
        "deployment": "no_preference",
        "budget": "medium",
        "risk_tolerance": "medium",
    }
    assert profile.priorities_confidence == "medium"
    assert profile.importance("art") == 0


def test_a_utf8_byte_order_mark_is_accepted(rules):
    assert profile_from_bytes(b"\xef\xbb\xbf" + orjson.dumps(MINIMAL), rules, "p.json").organization.name == "Acme"


def test_unknown_use_case_lists_the_allowed_ones(rules):
    [message] = problems(rules, {**MINIMAL, "needs": {"translation": {"importance": 2}}})
    assert message == (
        "needs: unknown use case 'translation'; the active rules have: art, writing, code, multimodal, summarization"
    )


def test_out_of_range_importance_names_path_limit_and_value(rules):
    [message] = problems(rules, {**MINIMAL, "needs": {"art": {"importance": 7}}})
    assert message == "needs.art.importance: must be at most 5 (got 7)"


@pytest.mark.parametrize("value", ["5", True, 2.5])
def test_importance_must_be_a_whole_number(rules, value):
    [message] = problems(rules, {**MINIMAL, "needs": {"art": {"importance": value}}})
    assert message.startswith("needs.art.importance: must be a whole number")


def test_unknown_nested_key_names_the_path_and_the_allowed_keys(rules):
    [message] = problems(rules, {**MINIMAL, "organization": {"nmae": "x", "name": "Acme"}})
    assert message == "organization.nmae: unknown key; allowed here: name, industry, size, regions, countries"


@pytest.mark.parametrize("version", [2, "1", True, 0])
def test_other_schema_versions_are_unsupported(rules, version):
    [message] = problems(rules, {**MINIMAL, "schema_version": version})
    assert message.startswith("schema_version: unsupported schema version")


def test_a_blank_organization_name_is_empty(rules):
    [message] = problems(rules, {**MINIMAL, "organization": {"name": "   "}})
    assert message == "organization.name: must not be empty (got '   ')"


def test_every_problem_is_reported_at_once(rules):
    messages = problems(rules, {"organization": {"name": ""}, "needs": {"art": {"importance": 9, "volume": "lots"}}})
    assert {m.split(":")[0] for m in messages} == {"organization.name", "needs.art.importance", "needs.art.volume"}


def test_malformed_json_gives_line_and_column(rules):
    [message] = problems(rules, b'{\n  "organization": {"name": "A"},\n  "needs": {,}\n}')
    assert message.startswith("line 3 column 13: not valid JSON")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"  \n", "the file is empty"),
        (b'{"notes": "\xff"}', "not valid UTF-8"),
        (b'{"notes": ,\n "\xff"}', "not valid UTF-8"),
        (b'{"organization": {"name": "A"}, "needs": {"art": {"importance": NaN}}}', "NaN and Infinity"),
        (b'{"organization": {"name": "A"}, "needs": {"art": {"importance": -Infinity}}}', "NaN and Infinity"),
        (b'{"organization": {"name": "A"}, "needs": {"art": {"importance": 1e400}}}', "number too large"),
        (b'{"notes": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
        (b"[1, 2]", "a profile must be a JSON object, not a list"),
    ],
    ids=["empty", "blank", "bad-utf8", "bad-utf8-after-a-syntax-error", "nan", "minus-infinity", "huge-float", "deep", "list"],
)
def test_broken_documents_are_named_plainly(rules, raw, expected):
    [message] = problems(rules, raw)
    assert expected in message


def test_json_schema_lists_the_active_use_cases(rules):
    schema = profile_json_schema(rules)
    assert list(schema["properties"]["needs"]["properties"]) == list(rules.use_case_ids)
    assert schema["properties"]["needs"]["additionalProperties"] is False
    assert schema["additionalProperties"] is False
    assert schema["properties"]["schema_version"]["const"] == 1


def test_profiles_are_immutable(rules):
    profile = Profile.model_validate(MINIMAL)
    with pytest.raises(ValidationError, match="frozen"):
        profile.notes = "changed"  # type: ignore[misc]


def _accepted(rules, data) -> bool:
    try:
        profile_from_bytes(orjson.dumps(data), rules, "p.json")
    except ProfileError:
        return False
    return True


NAME_201 = " " + "a" * 200


@pytest.mark.parametrize(
    "data",
    [
        MINIMAL,
        {**MINIMAL, "organization": {"name": " Acme ", "industry": "x" * 200}},
        {**MINIMAL, "context": {"governance": ["policy", "owner"], "languages": ["en", "de"]}},
        {"organization": {"name": "Acme"}, "needs": {"art": {"importance": 0}, "code": {"importance": 1}}},
        {"organization": {"name": "\x1c"}, "needs": {"code": {"importance": 3}}},  # not a space to pydantic
        {"organization": {"name": "Acme"}},
        {"organization": {"name": "Acme"}, "needs": {}},
        {"organization": {"name": "Acme"}, "needs": {"code": {"importance": 0}}},
        {"organization": {"name": "Acme"}, "needs": {"code": {"importance": 4, "volume": "none"}}},
        {**MINIMAL, "organization": {"name": "   "}},
        {**MINIMAL, "organization": {"name": "\u3000\u2028"}},
        {**MINIMAL, "organization": {"name": NAME_201}},
        {**MINIMAL, "respondent": {"role": "r" * 200 + " "}},
        {**MINIMAL, "context": {"governance": ["policy", "policy"]}},
        {**MINIMAL, "context": {"regulated_data": ["health", "health"]}},
        {**MINIMAL, "context": {"languages": ["en", "en"]}},
        {**MINIMAL, "schema_version": 2},
    ],
)
def test_the_json_schema_accepts_what_the_validator_accepts(rules, data):
    """`advisor schema` (and the API's request bodies) states the checks: content needs, unique lists, text that is
    not all spaces, lengths as sent. The formats of regions and language tags (a known tag) are its only words."""
    validator = jsonschema.Draft202012Validator(profile_json_schema(rules))

    assert validator.is_valid(data) == _accepted(rules, data), list(validator.iter_errors(data))


def test_text_is_measured_as_sent_and_must_not_be_only_spaces(rules):
    [too_long] = problems(rules, {**MINIMAL, "organization": {"name": NAME_201}})
    [blank] = problems(rules, {**MINIMAL, "organization": {"name": " \t "}})

    assert "organization.name: is too long (at most 200 characters)" in too_long
    assert "organization.name: must not be empty" in blank
