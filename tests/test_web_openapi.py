"""The OpenAPI document says what the JSON API does: Schemathesis (a third-party API tester) runs all its checks
against a live server on loopback from `/openapi.json`, openapi-spec-validator accepts the document, its request
bodies are the profile JSON Schema `advisor schema` prints, and every 405 of the application says what is allowed."""

from __future__ import annotations

import json
import re
import signal
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from advisor.core.profile import profile_json_schema
from advisor.core.rules import Rules
from advisor.io.sources import load_rules
from advisor.web import create_app, open_site
from tests.live_server import start_serve

ROOT = Path(__file__).resolve().parent.parent


def schemathesis_failures(url: str) -> list[str]:
    """Every check Schemathesis runs (all of them) that failed against the API at `url`, in its phases (examples,
    coverage with boundary values and undeclared methods, fuzzing), configured as `st run` is from `tests/schemathesis.toml`
    (a bounded number of examples; the formats and the what-if's rule of `tests/schemathesis_hooks.py`)."""
    from schemathesis.engine import Status, events, from_schema

    settings = tomllib.loads((ROOT / "tests" / "schemathesis.toml").read_text(encoding="utf-8"))
    config = schemathesis.Config.from_dict({**settings, "hooks": str(ROOT / settings["hooks"])})
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json", config=config)
    failures = []
    for event in from_schema(schema).execute():
        if isinstance(event, (events.FatalError, events.NonFatalError)):
            failures.append(f"{getattr(event, 'label', '')}: error {getattr(event, 'value', event)!r}")
        if not isinstance(event, events.ScenarioFinished):
            continue
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.status == Status.FAILURE:
                    interaction = event.recorder.interactions.get(case_id)
                    answer = interaction.response.content[:300] if interaction and interaction.response else b""
                    info = check.failure_info.failure if check.failure_info else ""
                    failures.append(f"{event.label}: {check.name}: {info}\n{answer!r}")
    return sorted(set(failures))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of `advisor serve --port 0` in its own process: a server in a thread of this one would share its GIL
    with Schemathesis and take four times as long."""
    server = start_serve(tmp_path_factory.mktemp("web-openapi"), admin_token=None)
    try:
        yield server.url.rstrip("/")
    finally:
        server.stop(signal.SIGINT)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules(None)


@pytest.fixture(scope="module")
def document(live: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{live}/openapi.json", timeout=10) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


@pytest.mark.slow
def test_schemathesis_finds_nothing_with_all_its_checks(live):
    """Schema-valid bodies are accepted and invalid ones refused, every answer matches its documented status, media
    type, headers and schema, an undeclared method gets 405 with `Allow`, and nothing answers 500."""
    assert schemathesis_failures(live) == []


def test_the_openapi_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_every_reference_in_the_document_resolves(document):
    """The profile schema's `$defs` live in `components/schemas`, where its references point."""
    resolver = Registry().with_resource("urn:doc", Resource.from_contents(document, DRAFT202012)).resolver("urn:doc")
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(document)))
    assert "#/components/schemas/Profile" in refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        resolver.lookup(f"urn:doc{ref}")
    assert "$defs" not in json.dumps(document)


def test_request_bodies_are_the_profile_schema_advisor_schema_prints(document, rules):
    body = document["paths"]["/api/v1/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    printed = profile_json_schema(rules)
    components = document["components"]["schemas"]

    assert body == {"$ref": "#/components/schemas/Profile"}
    as_printed = json.loads(json.dumps(components["Profile"]).replace("#/components/schemas/", "#/$defs/"))
    assert as_printed == {k: v for k, v in printed.items() if k not in ("$defs", "$schema")}
    assert {name: components[name] for name in printed["$defs"]} == printed["$defs"]
    whatif = components["WhatIfRequest"]
    assert whatif["properties"]["profile"] == {"$ref": "#/components/schemas/Profile"}
    assert whatif["required"] == ["profile", "changes"]
    assert whatif["properties"]["changes"]["properties"]["needs.art.importance"] == components["Need"]["properties"][
        "importance"
    ]


def validator_of(document: dict[str, Any], ref: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator for the document's schema at `ref` (`#/components/schemas/...`)."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:doc", resource)
    return jsonschema.Draft202012Validator({"$ref": f"urn:doc{ref}"}, registry=registry)


@pytest.mark.parametrize("body", [{}, {"profile": {}, "changes": {}}])
def test_an_empty_body_is_invalid_under_the_documented_schemas(document, body):
    """Schemathesis's first finding: `{}` passed the documented request schemas while the server refused it."""
    for name in ("Profile", "WhatIfRequest"):
        assert not validator_of(document, f"#/components/schemas/{name}").is_valid(body), name


def test_rules_answer_what_their_schema_allows(document, live, rules):
    """Schemathesis's second finding: `GET /api/v1/rules` sent a `sha256` its schema forbade."""
    ref = document["paths"]["/api/v1/rules"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    with urllib.request.urlopen(f"{live}/api/v1/rules", timeout=10) as answer:
        answered = json.loads(answer.read())

    validator_of(document, ref["$ref"]).validate(answered)
    assert answered["sha256"] == rules.sha256


def test_refusals_that_can_happen_are_documented_with_problems(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            expected = {"200", "429", "500", "503"} | ({"413", "415", "422"} if method == "post" else set())
            assert expected <= statuses, (path, method)
            for status in expected - {"200"}:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problems"}, (path, method, status)
            for status in ("429", "503"):
                assert "Retry-After" in operation["responses"][status]["headers"]


# ------------------------------------------------------------------------------------------------- 405 and Allow


def routes_of(app: FastAPI) -> list[tuple[str, set[str]]]:
    """Every (path, methods) the application routes, page routers and mounts included."""
    found: dict[str, set[str]] = {}

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI keeps included routers whole
            if included is not None:
                walk(included.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "app") and not hasattr(route, "methods"):  # a mount: the static assets
                found.setdefault(prefix + route.path + "/app.css", set()).update({"GET", "HEAD"})
            else:
                path = re.sub(r"\{[^}:]+(:int)?\}", lambda m: "1" if m[1] else "x", prefix + route.path)
                found.setdefault(path, set()).update(route.methods)

    walk(app.router.routes, "")
    return sorted(found.items())


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    site = open_site(None, tmp_path)
    yield create_app(site)
    site.store.close()


def test_every_405_says_which_methods_the_path_allows(app):
    """RFC 9110: a 405 carries `Allow`; where a GET and a POST route share a path it names both."""
    client = TestClient(app, raise_server_exceptions=False)
    routes = routes_of(app)
    assert len(routes) > 20
    assert ("/upload", {"GET", "POST"}) in [(path, methods) for path, methods in routes]
    for path, methods in routes:
        for method in ("PUT", "DELETE", "PATCH", "TRACE"):
            response = client.request(method, path)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].split(", ")) == methods, (method, path)


@pytest.mark.parametrize("example", ["law-firm", "clinic"])
def test_assessments_answer_what_their_schema_says(document, live, example):
    profile = (ROOT / "examples" / f"{example}.json").read_bytes()
    request = urllib.request.Request(
        f"{live}/api/v1/assess", data=profile, headers={"Content-Type": "application/json"}, method="POST"
    )
    ref = document["paths"]["/api/v1/assess"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    with urllib.request.urlopen(request, timeout=30) as answer:
        validator_of(document, ref["$ref"]).validate(json.loads(answer.read()))
