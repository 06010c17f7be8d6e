"""Every problem has a stable code: each code the package uses is in the registry and the README's table, each
registered code is used, and the JSON API returns it beside the message."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from advisor.core.errors import Problem
from advisor.core.problem_codes import PROBLEM_CODES
from advisor.web.errors import STATUS_CODES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "advisor"
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _strings_in_package() -> set[str]:
    """Every string constant in the package but the registry's own module."""
    found: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        if module.name == "problem_codes.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _codes_given_to_problems() -> set[str]:
    """The literal `code=` of every Problem(...) made in the package."""
    given: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Problem":
                codes = [k.value for k in node.keywords if k.arg == "code"]
                assert codes, f"{module.relative_to(ROOT)}:{node.lineno}: a Problem without a code"
                if isinstance(codes[0], ast.Constant):
                    given.add(codes[0].value)
    return given


def test_every_code_is_dotted_lower_case_and_explained():
    assert all(CODE.match(code) and meaning.strip() for code, meaning in PROBLEM_CODES.items())


def test_every_problem_made_in_the_package_has_a_registered_code():
    assert _codes_given_to_problems() <= set(PROBLEM_CODES)


def test_every_registered_code_is_used_somewhere_in_the_package():
    assert set(PROBLEM_CODES) - _strings_in_package() == set()


def test_the_web_status_table_gives_registered_codes():
    assert set(STATUS_CODES.values()) <= set(PROBLEM_CODES)


def test_the_readme_lists_exactly_the_registered_codes_with_their_meaning():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Problem codes") :]
    section = section[: section.index("\n## ", 1)]
    rows = dict(re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, flags=re.MULTILINE))
    assert rows == PROBLEM_CODES


def test_a_problem_with_an_unknown_code_cannot_be_made():
    with pytest.raises(ValueError, match="unknown problem code"):
        Problem("", "x", code="no.such_code")
    with pytest.raises(TypeError):
        Problem("", "x")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("body", "status", "code", "path"),
    [
        (b"{not json", 422, "json.syntax", ""),
        (
            b'{"schema_version": 1, "organization": {"name": "X", "size": "huge"}, "needs": {"art": {"importance": 3}}}',
            422,
            "schema.not_a_choice",
            "organization.size",
        ),
        (
            b'{"schema_version": 1, "organization": {"name": "X"}, "needs": {"art": {"importance": 9}}}',
            422,
            "schema.out_of_range",
            "needs.art.importance",
        ),
        (
            b'{"schema_version": 1, "organization": {"name": "X"}, "needs": {"no_such": {"importance": 3}}}',
            422,
            "profile.use_case.unknown",
            "needs",
        ),
        (
            b'{"schema_version": 1, "organization": {"name": "X"}, "needs": {}, "colour": 1}',
            422,
            "schema.unknown_key",
            "colour",
        ),
    ],
)
def test_the_api_returns_each_problems_code(tmp_path, body, status, code, path):
    from tests.web_helpers import client_for

    client, _ = client_for(tmp_path)
    response = client.post("/api/v1/assess", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert (path, code) in [(p["path"], p["code"]) for p in response.json()["problems"]]


def test_a_refusal_without_a_problem_of_its_own_has_its_statuss_code(tmp_path):
    from tests.web_helpers import client_for

    client, _ = client_for(tmp_path)
    assert client.get("/api/v1/nothing").json()["problems"][0]["code"] == "request.not_found"
    assert client.post("/api/v1/assess", content=b"{}").json()["problems"][0]["code"] == "request.media_type"


# ---- the web's errors in the one hierarchy --------------------------------------------------------------------------


def test_every_exception_the_web_defines_is_in_the_one_hierarchy_with_its_http_status():
    import importlib
    import inspect
    import pkgutil

    import advisor.web
    from advisor.core.errors import AdvisorError
    from advisor.web.errors import WebError

    defined = []
    for info in pkgutil.iter_modules(advisor.web.__path__, "advisor.web."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == info.name:
                defined.append(value)
    assert len(defined) >= 9
    assert [e.__name__ for e in defined if not issubclass(e, AdvisorError)] == []
    for error in (e for e in defined if issubclass(e, WebError)):
        assert 400 <= error.status < 600 and error.__doc__


# ---- the codes made from pydantic's error types ---------------------------------------------------------------------


def _profile_codes(changes: dict[str, object]) -> set[tuple[str, str]]:
    from advisor.api import parse_profile
    from advisor.core.errors import ProfileError

    profile: dict[str, object] = {
        "schema_version": 1,
        "organization": {"name": "X"},
        "needs": {"art": {"importance": 3}},
    }
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = profile
        for part in parents:
            target = target.setdefault(part, {})  # type: ignore[assignment]
        target[last] = value  # type: ignore[index]
    with pytest.raises(ProfileError) as caught:
        parse_profile(profile)
    return {(p.path, p.code) for p in caught.value.problems}


@pytest.mark.parametrize(
    ("changes", "path", "code"),
    [
        ({"organization.name": 5}, "organization.name", "schema.type"),
        ({"context.governance": {}}, "context.governance", "schema.type"),
        ({"organization": {}}, "organization.name", "schema.missing"),
        ({"organization.name": ""}, "organization.name", "schema.empty"),
        ({"organization.name": "   "}, "organization.name", "schema.empty"),
        ({"id": "a" * 1000}, "id", "schema.too_long"),
        ({"context.languages": ["en", "en"]}, "context.languages", "schema.duplicate"),
        ({"organization.size": "huge"}, "organization.size", "schema.not_a_choice"),
        ({"needs.art.importance": 9}, "needs.art.importance", "schema.out_of_range"),
        ({"colour": 1}, "colour", "schema.unknown_key"),
    ],
)
def test_each_schema_code_a_profile_can_get_is_pinned_to_a_real_input(changes, path, code):
    """The schema codes come from pydantic's error types, and an unknown type falls back to `schema.invalid`: a
    pydantic that renamed a type would change the code silently, so each is pinned here to an input that gets it."""
    assert (path, code) in _profile_codes(changes)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda rules: rules["scale"].update({"labels": {"High": 0.9}}), "schema.too_short"),
        (lambda rules: rules.update({"name": "Not A Name"}), "schema.pattern"),
    ],
    ids=["too_short", "pattern"],
)
def test_each_schema_code_only_rules_can_get_is_pinned_to_a_real_input(change, code):
    import yaml

    from advisor.core.errors import RulesError
    from advisor.core.rules import parse_rules

    rules = yaml.safe_load((ROOT / "rules" / "default.yaml").read_text(encoding="utf-8"))
    change(rules)
    with pytest.raises(RulesError) as caught:
        parse_rules(yaml.safe_dump(rules).encode(), "rules.yaml")
    assert code in {p.code for p in caught.value.problems}
