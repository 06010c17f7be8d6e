"""The OpenAPI 3.1 document of the JSON API, as the server checks and answers.

FastAPI describes the routes; this adds what it cannot see: the request bodies are the profile JSON Schema that
`advisor schema` prints for the server's rules (its `$defs` moved to `components/schemas`, so every `$ref` resolves)
and the what-if body built on it; every refusal the server can send is listed with its problems body.
"""

from __future__ import annotations

import copy
import typing
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from advisor.core.assessment import ASSESSMENT_SCHEMA_VERSION
from advisor.core.profile import profile_json_schema
from advisor.core.rules import Rules
from advisor.core.types import Basis, Recommendation
from advisor.web.limits import Limits
from advisor.web.security import MAX_BODY_BYTES
from advisor.words.text import text

PROBLEMS = {"application/json": {"schema": {"$ref": "#/components/schemas/Problems"}}}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}}
}
ALWAYS: dict[str, dict[str, Any]] = {
    "429": {"description": "Too many requests from this client; try again after `Retry-After` seconds."},
    "500": {"description": "An unexpected error; the problem names an error id that the server's log explains."},
    "503": {"description": "The server is busy or cannot save now; try again after `Retry-After` seconds."},
}
DEFAULTS = Limits()


def with_body() -> dict[str, dict[str, Any]]:
    """The responses of an operation that reads a body, in the current language."""
    too_large = text(
        "edge.web.openapi.too_large",
        kib=str(MAX_BODY_BYTES // 1024),
        keys=str(DEFAULTS.max_keys),
        depth=str(DEFAULTS.max_depth),
    )
    return {"413": {"description": too_large}}

PROFILE_REF = {"$ref": "#/components/schemas/Profile"}
WHATIF_REF = {"$ref": "#/components/schemas/WhatIfRequest"}
ASSESSMENT_REF = {"$ref": "#/components/schemas/Assessment"}
WHATIF_ANSWER_REF = {"$ref": "#/components/schemas/WhatIfAnswer"}


def assessment_schema() -> dict[str, Any]:
    """Assessment JSON v1, as `advisor score --format json` prints it: its top level (the README documents the rest)."""
    text = {"type": "string"}
    numbers = {"type": "object", "additionalProperties": {"type": "number"}}
    always = {
        "schema_version": {"const": ASSESSMENT_SCHEMA_VERSION},
        "profile_id": {"type": ["string", "null"]},
        "organization": {"type": "object"},
        "recommendation": {"enum": list(typing.get_args(Recommendation))},
        "basis": {"enum": list(typing.get_args(Basis))},
        "headline": text,
        "action_title": text,
        "scores": numbers,
        "margin": {"type": "number"},
        "shares": numbers,
        "use_cases": {"type": "array", "items": {"type": "object"}},
        "rules": {
            "type": "object",
            "required": ["name", "version", "sha256"],
            "properties": {"name": text, "version": text, "sha256": text},
        },
        "advisor_version": text,
    }
    stages = {name: {"type": "object"} for name in ("robustness", "explanation", "context")}
    return {
        "title": "Assessment",
        "description": "Assessment JSON v1; `robustness`, `explanation` and `context` are there when computed.",
        "type": "object",
        "required": list(always),
        "properties": {**always, **stages},
    }


def whatif_answer_schema() -> dict[str, Any]:
    """What-if JSON, as `advisor whatif --format json` prints it."""
    return {
        "title": "WhatIfAnswer",
        "type": "object",
        "required": ["changes", "before", "after", "context_changes"],
        "properties": {
            "changes": {"type": "array", "items": {"type": "string"}, "description": "as `--set PATH=VALUE`"},
            "before": ASSESSMENT_REF,
            "after": ASSESSMENT_REF,
            "context_changes": {"type": "object"},
        },
    }


def openapi_document(app: FastAPI, rules: Rules) -> dict[str, Any]:
    """The OpenAPI document of `app`'s JSON API for `rules`."""
    document = get_openapi(
        title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    profile = profile_json_schema(rules)
    defs = profile.pop("$defs", {})
    profile.pop("$schema", None)  # the document's dialect: OpenAPI 3.1's default is JSON Schema 2020-12
    for name, schema in {**defs, "Profile": profile}.items():
        if name in components:
            raise RuntimeError(f"the profile's schema {name!r} clashes with another in the OpenAPI document")
        components[name] = _refs_to_components(schema)
    components["WhatIfRequest"] = whatif_schema(rules)
    components["Assessment"] = assessment_schema()
    components["WhatIfAnswer"] = whatif_answer_schema()
    for item in document["paths"].values():
        for operation in item.values():
            _describe(operation)
    return document


def _describe(operation: dict[str, Any]) -> None:
    """Add the refusals an operation can answer beside its own."""
    body = operation.get("requestBody")
    responses = operation["responses"]
    for status, response in {**ALWAYS, **(with_body() if body else {})}.items():
        entry = {**response, "content": PROBLEMS}
        if status in ("429", "503"):
            entry["headers"] = RETRY_AFTER
        responses.setdefault(status, entry)
    operation["responses"] = dict(sorted(responses.items()))


def whatif_schema(rules: Rules) -> dict[str, Any]:
    """The what-if body: a profile and the changes to try, each a dotted path of the profile and a value for it."""
    profile = profile_json_schema(rules)
    changes = dict(_fields(profile, profile, ""))
    return {
        "title": "WhatIfRequest",
        "description": "A profile v1 and the changes to try on it: dotted path -> new value. The changed profile must "
        "be a valid profile too (422 names what is wrong with it).",
        "type": "object",
        "additionalProperties": False,
        "required": ["profile", "changes"],
        "properties": {
            "profile": PROFILE_REF,
            "changes": {
                "type": "object",
                "description": "a field's dotted path -> the value it takes; objects on the way are created",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": changes,
                "examples": [{"needs.art.importance": 5}],
            },
        },
    }


def _fields(root: dict[str, Any], schema: dict[str, Any], prefix: str) -> list[tuple[str, dict[str, Any]]]:
    """Every field of the profile (a dotted path to a value that is not an object), with the schema of its value.

    Objects are reached through their fields: a change of an object and one of its fields would depend on which is
    applied first, and JSON objects have no order."""
    found = []
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        target = _object_in(root, sub)
        if target is None:
            found.append((path, _refs_to_components(sub)))
        else:
            found += _fields(root, target, f"{path}.")
    return found


def _object_in(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema `schema` is or refers to (through `$ref` and a nullable `anyOf`), if any."""
    if "$ref" in schema:
        return _object_in(root, root["$defs"][schema["$ref"].rsplit("/", 1)[1]])
    for option in schema.get("anyOf", []):
        found = _object_in(root, option)
        if found is not None:
            return found
    return schema if schema.get("type") == "object" and "properties" in schema else None


def _refs_to_components(schema: Any) -> Any:
    """`schema` with its `#/$defs/X` references pointing at `#/components/schemas/X`."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node["$ref"] = "#/components/schemas/" + ref.removeprefix("#/$defs/")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema
