"""What is wrong with an input is said by the vocabulary: the core gives each problem a catalogue message (id and
parameters), never a sentence, so a problem reads in the language asked for, and English reads as it always has."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import advisor
from advisor.core.domain import check_lists
from advisor.core.errors import InvalidInput, Problem, Refused
from advisor.core.messages import Message
from advisor.core.profile import decode_json
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.words.catalogue import catalogue
from advisor.words.problems import problem_json, problem_message, problem_text, problem_where, refusal_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = default_rules_path().read_text(encoding="utf-8")
RULES = advisor.load_rules("default")
GOOD = {"organization": {"name": "Acme"}, "needs": {"art": {"importance": 3}}}

BROKEN_PROFILES: dict[str, object] = {
    "a list": [1],
    "a draft": {"advisor_draft": {}},
    "importance 7": {**GOOD, "needs": {"art": {"importance": 7}}},
    "importance 2.5": {**GOOD, "needs": {"art": {"importance": 2.5}}},
    "an unknown use case": {**GOOD, "needs": {"poetry": {"importance": 1}}},
    "an unknown region": {"organization": {"name": "A", "regions": ["Atlantis"]}, "needs": GOOD["needs"]},
    "a country in no region": {"organization": {"name": "A", "regions": ["Antarctica"]}, "needs": GOOD["needs"]},
    "an unknown language": {**GOOD, "context": {"languages": ["xx-zz-1"]}},
    "a language twice": {**GOOD, "context": {"languages": ["zh", "cmn"]}},
    "schema version 2": {**GOOD, "schema_version": 2},
    "an unknown key": {**GOOD, "colour": "blue"},
    "no needs": {"organization": {"name": "A"}, "needs": {"art": {"importance": 0}}},
    "a name too long": {"organization": {"name": "A" * 300}, "needs": GOOD["needs"]},
    "an empty name": {"organization": {"name": ""}, "needs": GOOD["needs"]},
    "a wrong choice": {**GOOD, "context": {"deployment": "moon"}},
}
BROKEN_BYTES = {
    "not JSON": b"{",
    "NaN": b'{"a": NaN}',
    "not UTF-8": b'{"a": "\xff"}',
    "empty": b"  ",
    "a key twice": b'{"a": 1, "a": 2}',
}
BROKEN_RULES = {
    "not YAML": "a: [",
    "an alias": "a: &x 1\nb: *x\n",
    "a tag": "a: !!python/name:os.system x\n",
    "a key twice": "a: 1\na: 2\n",
    "not a mapping": "- 1\n",
    "an unknown label": DEFAULT.replace("label: High", "label: Hgh", 1),
    "a condition that never holds": DEFAULT.replace(
        "context_rules:\n",
        (
            "context_rules:\n  never:\n    title: Never\n    when: {field: needs.art.importance, gt: 9}\n"
            "    obligation: Something.\n    rationale: Because.\n    source: seed-comparison\n"
        ),
        1,
    ),
    "an unknown field": DEFAULT.replace(
        "context_rules:\n",
        (
            "context_rules:\n  nofield:\n    title: No field\n    when: {field: context.colour, equals: red}\n"
            "    obligation: Something.\n    rationale: Because.\n    source: seed-comparison\n"
        ),
        1,
    ),
    "a list operator on one value": DEFAULT.replace(
        "context_rules:\n",
        (
            "context_rules:\n  listop:\n    title: List op\n    when: {field: context.deployment, contains: saas}\n"
            "    obligation: Something.\n    rationale: Because.\n    source: seed-comparison\n"
        ),
        1,
    ),
    "two effects": DEFAULT.replace(
        "context_rules:\n",
        (
            "context_rules:\n  both:\n    title: Both\n    when: {field: context.deployment, equals: saas}\n"
            "    obligation: Something.\n    flag: {severity: high, text: Risky.}\n    rationale: Because.\n"
            "    source: seed-comparison\n"
        ),
        1,
    ),
    "extends from standard input": "extends: default.yaml\n",
}


def _problems() -> list[tuple[str, Problem]]:
    found: list[tuple[str, Problem]] = []
    for name, data in BROKEN_PROFILES.items():
        with pytest.raises(InvalidInput) as caught:
            advisor.parse_profile(data, RULES, source=f"{name}.json")
        found += [(name, p) for p in caught.value.problems]
    for name, raw in BROKEN_BYTES.items():
        with pytest.raises(InvalidInput) as caught:
            decode_json(raw, f"{name}.json")
        found += [(name, p) for p in caught.value.problems]
    for name, text in BROKEN_RULES.items():
        with pytest.raises(InvalidInput) as caught:
            parse_rules(text.encode(), f"{name}.yaml")
        found += [(name, p) for p in caught.value.problems]
    for data in ({"skills": []}, []):
        with pytest.raises(InvalidInput) as caught:
            check_lists(data)
        found += [("domain lists", p) for p in caught.value.problems]
    return found


PROBLEMS = _problems()


def test_every_problem_the_core_finds_is_a_catalogue_message():
    known = catalogue()
    assert len(PROBLEMS) >= len(BROKEN_PROFILES) + len(BROKEN_BYTES) + len(BROKEN_RULES)
    for name, problem in PROBLEMS:
        assert isinstance(problem.message, Message), (name, problem)
        assert problem.message.id in known, (name, problem.message.id)


def test_every_problem_reads_in_the_pseudo_locale_and_in_english_as_a_sentence():
    for name, problem in PROBLEMS:
        english, pseudo = problem_message(problem, "en"), problem_message(problem, "en-XA")
        assert english and "{" not in english, (name, english)  # every field filled in
        assert pseudo != english, (name, english)  # said through the catalogue, so the pseudo-locale reaches it


def test_a_problem_is_placed_and_said_as_before():
    importance = next(p for name, p in PROBLEMS if name == "importance 7")
    assert problem_where(importance) == "needs.art.importance"
    assert problem_message(importance) == "must be at most 5 (got 7)"
    unknown = next(p for name, p in PROBLEMS if name == "an unknown label" and p.code == "rules.rating.label_unknown")
    assert problem_where(unknown).startswith("use_cases.art.ratings.generative_ai.label (line ")
    assert problem_message(unknown) == "unknown rating label 'Hgh'; the scale has High, Medium, Limited, Low"
    duplicate = next(p for name, p in PROBLEMS if name == "a key twice" and p.code == "json.duplicate_key")
    assert problem_where(duplicate) == "a (line 1 column 10)"
    assert problem_json(duplicate) == {
        "path": "a",
        "message": "duplicate key: given more than once in the same object",
        "line": 1,
        "column": 10,
        "code": "json.duplicate_key",
    }


def test_an_error_reads_as_the_cli_prints_it_and_survives_a_worker_process():
    with pytest.raises(InvalidInput) as caught:
        advisor.parse_profile(BROKEN_PROFILES["importance 7"], RULES, source="p.json")
    error = caught.value
    assert (
        str(error)
        == problem_text(error.problems, "file", "p.json")
        == "p.json: needs.art.importance: must be at most 5 (got 7)"
    )
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.problems == error.problems
    refused = pickle.loads(pickle.dumps(Refused(Message.of("problem.schema.empty"))))
    assert refusal_text(refused) == "must not be empty" and refusal_text(ValueError("plain")) == "plain"


def test_no_problem_in_the_core_is_given_words():
    """A `Problem(...)`, `refusal(...)` or `Refused(...)` in advisor/core takes a Message, never a text or f-string."""
    found = []
    for path in sorted((ROOT / "advisor" / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            index = {"Problem": 1, "refusal": 1, "Refused": 0}.get(node.func.id)
            if index is not None and len(node.args) > index:
                argument = node.args[index]
                if isinstance(argument, ast.JoinedStr) or (
                    isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                ):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, found
