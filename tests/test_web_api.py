"""The JSON API under /api/v1: its answers are the CLI's JSON for the same input and rules, byte for byte; a refused
request names every problem as the CLI does, in `{"problems": [{"path", "message", "code"}]}`."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from advisor.web import Site, create_app, open_site
from tests.conftest import Ran, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
JSON = {"content-type": "application/json"}


def cli(*args: str | Path) -> Ran:
    """`advisor ARGS` in this process, its output as bytes."""
    return run_cli(*args, cwd=ROOT, text=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = open_site(None, tmp_path_factory.mktemp("web-api"))
    yield served
    served.store.close()


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(site)) as test_client:
        yield test_client


def problems(response) -> list[dict]:
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["problems"]
    return body["problems"]


# ------------------------------------------------------------------------------------------------------- assess


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_assess_answers_the_bytes_of_advisor_score_format_json(client, path):
    printed = cli("score", path, "--format", "json")
    assert printed.returncode == 0, printed.stderr

    response = client.post("/api/v1/assess", content=path.read_bytes(), headers=JSON)

    assert response.status_code == 200
    assert response.json() == json.loads(printed.stdout)
    assert response.content == printed.stdout


def test_assess_scores_with_the_servers_rules(tmp_path):
    path = ROOT / "examples" / "on-premises-agency.json"
    printed = cli("score", path, "--format", "json", "--rules", "extended")
    extended = open_site("extended", tmp_path)
    try:
        with TestClient(create_app(extended)) as test_client:
            response = test_client.post("/api/v1/assess", content=path.read_bytes(), headers=JSON)
    finally:
        extended.store.close()

    assert response.status_code == 200
    assert response.json()["rules"]["name"] == json.loads(printed.stdout)["rules"]["name"] == "extended-use-case-matrix"
    assert response.content == printed.stdout


def test_assess_of_an_invalid_profile_names_the_problems_the_cli_names(client, tmp_path):
    profile = {
        "schema_version": 1,
        "organization": {"size": "huge"},
        "needs": {"art": {"importance": 4, "volume": "high"}, "poetry": {"importance": 3, "volume": "low"}},
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    printed = cli("score", path, "--format", "json")

    response = client.post("/api/v1/assess", json=profile)

    assert response.status_code == 422
    found = problems(response)
    assert [p["path"] for p in found] == ["organization.name", "organization.size", "needs"]
    assert printed.returncode == 3
    assert [f"{path}: {p['path']}: {p['message']}" for p in found] == printed.stderr.decode().splitlines()


def test_assess_of_broken_json_names_the_line_and_column(client):
    body = b'{\n  "organization": {"name": "Acme"},\n  "needs": {,}\n}'

    response = client.post("/api/v1/assess", content=body, headers=JSON)

    assert response.status_code == 422
    [problem] = problems(response)
    assert problem["path"] == ""
    assert problem["message"].startswith("not valid JSON")
    assert (problem["line"], problem["column"]) == (3, 13)  # the comma after the brace


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the file is empty; expected a JSON profile"),
        (b"[1, 2]", "a profile must be a JSON object, not a list"),
        (b'{"organization": {"name": "Acme"}, "needs": {}}', "no content needs given"),
    ],
)
def test_assess_refuses_what_is_not_a_profile(client, body, message):
    response = client.post("/api/v1/assess", content=body, headers=JSON)

    assert response.status_code == 422
    assert problems(response)[0]["message"].startswith(message)


@pytest.mark.parametrize("endpoint", ["/api/v1/assess", "/api/v1/whatif"])
@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"],
)
def test_a_post_not_sent_as_application_json_is_refused_with_415(client, endpoint, content_type):
    """A cross-site HTML form can send only the first four: the API's CSRF defence."""
    headers = {"content-type": content_type} if content_type else {}

    response = client.post(endpoint, content=(EXAMPLES[0]).read_bytes(), headers=headers)

    assert response.status_code == 415
    assert problems(response) == [
        {
            "path": "",
            "message": "send the body as JSON, with the header Content-Type: application/json",
            "code": "request.media_type",
        }
    ]


def test_application_json_with_a_charset_is_json(client):
    headers = {"content-type": "Application/JSON; charset=utf-8"}

    response = client.post("/api/v1/assess", content=EXAMPLES[0].read_bytes(), headers=headers)

    assert response.status_code == 200


def test_a_profile_without_an_id_keeps_none(client):
    profile = json.loads((ROOT / "examples" / "law-firm.json").read_bytes())
    del profile["id"]

    response = client.post("/api/v1/assess", json=profile)

    assert response.status_code == 200
    assert response.json()["profile_id"] is None


# ------------------------------------------------------------------------------------------------------- what-if


@pytest.mark.parametrize(
    ("example", "changes", "settings"),
    [
        (
            "law-firm",
            {"needs.art.importance": 5, "needs.art.volume": "high", "context.regulated_data": ["legal_privilege"]},
            ["needs.art.importance=5", 'needs.art.volume="high"', 'context.regulated_data=["legal_privilege"]'],
        ),
        ("clinic", {"needs.summarization.importance": 0}, ["needs.summarization.importance=0"]),
    ],
)
def test_whatif_answers_the_bytes_of_advisor_whatif_format_json(client, example, changes, settings):
    path = ROOT / "examples" / f"{example}.json"
    printed = cli("whatif", path, *[arg for s in settings for arg in ("--set", s)], "--format", "json")
    assert printed.returncode == 0, printed.stderr

    response = client.post("/api/v1/whatif", json={"profile": json.loads(path.read_bytes()), "changes": changes})

    assert response.status_code == 200
    answer = response.json()
    assert answer == json.loads(printed.stdout)
    assert response.content == printed.stdout
    assert answer["changes"] == settings
    assert answer["before"]["scores"] != answer["after"]["scores"]


def test_whatif_reports_the_context_effects_a_change_adds(client):
    profile = json.loads((ROOT / "examples" / "law-firm.json").read_bytes())

    response = client.post(
        "/api/v1/whatif", json={"profile": profile, "changes": {"context.regulated_data": ["legal_privilege"]}}
    )

    added = response.json()["context_changes"]["obligations"]["added"]
    # a UK firm: the privilege duty is the SRA / Law Society guidance, worded as guidance (the context rule it replaced)
    assert [(e["rule"], e["status"], e["jurisdiction"], e["kind"]) for e in added] == [
        ("uk-solicitors-generative-ai", "applies", "UK", "guidance")
    ]


def test_whatif_locates_problems_in_the_body(client):
    profile = json.loads((ROOT / "examples" / "clinic.json").read_bytes())
    cases = [
        ({"profile": profile, "changes": {"needs.art.importance": 9}}, "changes.needs.art.importance", "at most 5"),
        ({"profile": profile, "changes": {"needs.art.importance.x": 1}}, "changes.needs.art.importance", "whole"),
        ({"profile": {"needs": 3}, "changes": {"needs.art.importance": 1}}, "profile.organization", "required"),
        ({"profile": profile, "changes": {}}, "changes", "must not be empty"),
        ({"profile": profile, "changes": {"needs.art=5": 1}}, "changes.needs.art=5", "pattern"),
        ({"profile": profile, "changes": {"organization.name.first": "A"}}, "changes", "is not an object"),
        ({"profile": profile}, "changes", "required but missing"),
        ({"profile": profile, "changes": {"needs.art.importance": 1}, "rules": "x"}, "rules", "unknown key"),
        ([profile], "", "must be an object"),
    ]
    for body, path, message in cases:
        response = client.post("/api/v1/whatif", json=body)

        assert response.status_code == 422, body
        found = problems(response)
        assert any(p["path"] == path and message in p["message"] for p in found), (path, found)


def test_whatif_refuses_a_change_inside_another_as_json_keys_have_no_order(client):
    profile = json.loads((ROOT / "examples" / "clinic.json").read_bytes())
    changes = {"needs.art": {"importance": 1}, "needs.art.importance": 5}

    response = client.post("/api/v1/whatif", json={"profile": profile, "changes": changes})

    assert response.status_code == 422
    assert problems(response) == [
        {
            "path": "changes.needs.art.importance",
            "message": "is inside the change of needs.art; change either needs.art or its fields",
            "code": "whatif.change.overlap",
        }
    ]


def test_whatif_states_a_field_of_an_object_the_profile_left_unstated(client):
    """`respondent: null` is not stated: a change of `respondent.role` states it, as for a missing object."""
    profile = {**json.loads((ROOT / "examples" / "clinic.json").read_bytes()), "respondent": None}

    response = client.post("/api/v1/whatif", json={"profile": profile, "changes": {"respondent.role": "Legal"}})

    assert response.status_code == 200
    assert response.json()["changes"] == ['respondent.role="Legal"']


# ------------------------------------------------------------------------------------------------------- GET


@pytest.mark.parametrize(
    ("endpoint", "command"), [("/api/v1/schema", ["schema"]), ("/api/v1/rules", ["rules", "show", "--format", "json"])]
)
def test_schema_and_rules_answer_the_bytes_the_cli_prints(client, endpoint, command):
    printed = cli(*command)

    response = client.get(endpoint)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == printed.stdout


def test_questions_are_the_questionnaire_in_sections(client, site):
    questionnaire = site.questionnaire

    answer = client.get("/api/v1/questions").json()

    assert answer["intro"] == questionnaire.intro
    assert answer["scale_labels"] == list(questionnaire.scale_labels)
    assert answer["scale_labels"][0] == "Not needed"
    assert answer["sha256"] == questionnaire.sha256
    assert [s["title"] for s in answer["sections"]] == [title for title, _ in questionnaire.sections]
    asked = [q for s in answer["sections"] for q in s["questions"]]
    assert [q["id"] for q in asked] == [q.id for q in questionnaire.questions]
    assert asked[0] == {
        "id": "org_name",
        "prompt": "What is the organisation called?",
        "help": "It appears on the report. 1 to 200 characters.",
        "type": "text",
        "choices": None,
        "default": None,
        "when": None,
        "field": "organization.name",
        "optional": False,
        "list": False,
        "split": "commas_or_spaces",
        "item_hint": None,
        "none_choice": None,
        "unit": None,
        "whole": False,
    }
    countries = next(q for q in asked if q["id"] == "countries")  # names with spaces: only commas separate
    assert (countries["list"], countries["split"], countries["field"]) == (True, "commas", "organization.countries")
    art = next(q for q in asked if q["id"] == "art_importance")
    assert (art["type"], art["field"]) == ("scale", "needs.art.importance")
    conditional = [q for q in asked if q["when"]]
    assert conditional, "the bundled questionnaire has conditional questions"
    for question in conditional:  # a condition names the earlier answer it reads and one operator, no nulls
        assert None not in question["when"].values()
        assert question["when"].get("question") or question["when"].get("all") or question["when"].get("any")
    choices = next(q for q in asked if q["type"] == "select")["choices"]
    assert all(set(c) == {"value", "label"} for c in choices)


# ------------------------------------------------------------------------------------------------------- OpenAPI


def test_openapi_describes_the_json_api(client):
    spec = client.get("/openapi.json").json()

    operations = {(path, method): op for path, item in spec["paths"].items() for method, op in item.items()}
    assert set(operations) == {
        ("/api/v1/assess", "post"),
        ("/api/v1/whatif", "post"),
        ("/api/v1/schema", "get"),
        ("/api/v1/rules", "get"),
        ("/api/v1/questions", "get"),
    }
    assert all(op["summary"] and op["description"] for op in operations.values())
    for post in ("/api/v1/assess", "/api/v1/whatif"):
        for status in ("415", "422"):
            schema = operations[(post, "post")]["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problems"}
    problem = spec["components"]["schemas"]["LocatedProblem"]
    assert set(problem["required"]) == {"path", "message", "code"}
    whatif_body = operations[("/api/v1/whatif", "post")]["requestBody"]["content"]["application/json"]["schema"]
    assert whatif_body == {"$ref": "#/components/schemas/WhatIfRequest"}
    assert spec["components"]["schemas"]["WhatIfRequest"]["required"] == ["profile", "changes"]
    assert "needs.art.importance" in operations[("/api/v1/whatif", "post")]["description"]


# ------------------------------------------------------------------------------------------------------- failures


def test_an_unexpected_error_answers_problems_with_an_error_id_and_no_trace(site, monkeypatch, caplog):
    def broken(rules):
        raise RuntimeError("secret detail of /srv/advisor/internal.py")

    monkeypatch.setattr("advisor.web.api.profile_json_schema", broken)
    with (
        TestClient(create_app(site), raise_server_exceptions=False) as test_client,
        caplog.at_level(logging.ERROR, logger="advisor.web"),
    ):
        response = test_client.get("/api/v1/schema")

    assert response.status_code == 500
    [problem] = problems(response)
    assert problem["path"] == ""
    incident = re.search(r"error id ([0-9a-f]{12})", problem["message"]).group(1)
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert any(incident in record.getMessage() and record.exc_info for record in caplog.records)


def test_an_unknown_api_path_or_method_answers_problems(client):
    assert client.get("/api/v1/nothing").status_code == 404
    assert problems(client.get("/api/v1/nothing")) == [
        {"path": "", "message": "Not Found", "code": "request.not_found"}
    ]
    assert client.get("/api/v1/assess").status_code == 405
    assert problems(client.get("/api/v1/assess"))[0]["message"] == "Method Not Allowed"
    assert client.get("/api/v1/assess").headers["allow"] == "POST"  # RFC 9110
    assert client.put("/api/v1/rules").headers["allow"] == "GET"
