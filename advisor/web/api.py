"""The JSON API under /api/v1: assess, what-if, schema, rules and questions.

Every answer is the JSON the command line prints for the same input and rules, byte for byte (`advisor score`,
`advisor whatif`, `advisor schema`, `advisor rules show` with `--format json`). A refused request gets
`{"problems": [{"path", "message", "code"}]}`: the located problems the CLI names, each with its stable code. POST bodies must be sent as
`Content-Type: application/json` (415 otherwise), which a cross-site HTML form cannot do: the API's CSRF defence.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.core.engine import assess
from advisor.core.errors import Problem, ProfileError, UsageError
from advisor.core.profile import Profile, decode_json, parse_profile, profile_json_schema
from advisor.core.rules import Rules
from advisor.core.validation import problems_from
from advisor.core.whatif import whatif_dict
from advisor.questionnaire import Question, Questionnaire, apply_changes
from advisor.web.bounds import SHAPE_STATUS, capped_problems, shape_problem
from advisor.web.errors import WebError
from advisor.web.openapi import ASSESSMENT_REF, PROFILE_REF, WHATIF_ANSWER_REF, WHATIF_REF
from advisor.web.pages import report_day, site_of
from advisor.words import said
from advisor.words.problems import problem_json
from advisor.words.text import text

BODY = "request body"
"""How the API's input is named where the CLI would name a file."""

router = APIRouter(tags=["JSON API"])


class LocatedProblem(BaseModel):
    """One thing wrong with a request: where (a dotted path into the body; empty for the body as a whole), what, and
    for a body that is not JSON the line and column."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    code: str = Field(
        description="the problem's stable code (`json.syntax`, `schema.out_of_range`, ...): what a client matches; "
        "the README lists them all"
    )


class Problems(BaseModel):
    """Why a request was refused: every problem found."""

    problems: list[LocatedProblem]


ChangePath = Annotated[str, Field(pattern=r"^[^.=\s]+(\.[^.=\s]+)*$", max_length=200)]


class WhatIfRequest(BaseModel):
    """A profile v1 and the changes to try on it: dotted path -> new value (any JSON value)."""

    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any]
    changes: dict[ChangePath, Any] = Field(min_length=1, examples=[{"needs.art.importance": 5}])


class QuestionSection(BaseModel):
    """One section of the questionnaire, its questions in the order they are asked."""

    title: str
    questions: list[Question]


class QuestionnaireDocument(BaseModel):
    """The questionnaire for the active rules, as `advisor ask` and the browser ask it."""

    intro: str
    scale_labels: list[str]
    sha256: str
    sections: list[QuestionSection]


class Refused(WebError):
    """A request the API answers with its problems instead of a result."""

    def __init__(self, status: int, problems: list[Problem]) -> None:
        super().__init__(status)
        self.status = status
        self.problems = problems

    def response(self, request: Request) -> Response:
        """The problems as JSON: the first `Limits.max_problems`, then one that counts the rest."""
        listed = capped_problems(self.problems, site_of(request).settings.limits.max_problems)
        problems = [problem_json(p) for p in listed]
        return _json({"problems": problems}, self.status)


def _json(data: Any, status: int = 200) -> Response:
    """`data` written as the CLI writes JSON (indented by 2, a final newline, messages said), so the bytes are the same."""
    body = orjson.dumps(said(data), option=orjson.OPT_INDENT_2) + b"\n"
    return Response(body, status_code=status, media_type="application/json")


def _located(prefix: str, problems: list[Problem]) -> list[Problem]:
    """The problems of a part of the body, located from the body's top."""
    return [dataclasses.replace(p, path=f"{prefix}.{p.path}" if p.path else prefix) for p in problems]


async def body_of(request: Request) -> bytes:
    """The request's body, read on the event loop: the route, a plain `def`, then works in a worker thread."""
    return await request.body()


Body = Annotated[bytes, Depends(body_of)]


def _json_body(request: Request, body: bytes) -> Any:
    """The decoded JSON body; refused unless it is sent as application/json, is valid JSON and within the server's
    bounds of keys and nesting (checked before anything is validated)."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise Refused(
            415,
            [Problem("", text("api.media_type"), code="request.media_type")],
        )
    try:
        data = decode_json(body, BODY)
    except ProfileError as exc:
        raise Refused(422, exc.problems) from None
    limits = site_of(request).settings.limits
    too_large = shape_problem(data, limits.max_keys, limits.max_depth)
    if too_large is not None:
        raise Refused(SHAPE_STATUS, [too_large])
    return data


def _profile(data: Any, rules: Rules, prefix: str = "") -> Profile:
    """`data` validated as a profile for `rules`; refused with the CLI's located problems (a draft's, in the API's
    words: the command that finishes a draft is the CLI's)."""
    if isinstance(data, dict) and "advisor_draft" in data:
        raise Refused(422, [Problem(prefix, text("api.draft_sent"), code="profile.draft")])
    try:
        return parse_profile(data, rules, BODY)
    except ProfileError as exc:
        raise Refused(422, _located(prefix, exc.problems) if prefix else exc.problems) from None


REFUSALS: dict[int | str, dict[str, Any]] = {
    415: {"model": Problems, "description": "The body was not sent as `Content-Type: application/json`."},
    422: {"model": Problems, "description": "The body is not valid JSON or not a valid input; every problem named."},
}
ANY_OBJECT = {"content": {"application/json": {"schema": {"type": "object"}}}}
ASSESSMENT = {"content": {"application/json": {"schema": ASSESSMENT_REF}}}
WHATIF_ANSWER = {"content": {"application/json": {"schema": WHATIF_ANSWER_REF}}}


def _json_body_of(schema_ref: dict[str, str], description: str) -> dict[str, Any]:
    """The OpenAPI request body of a POST: JSON following a schema of the document's components."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": schema_ref}},
        }
    }


class RulesDocument(Rules):
    """The rules as `advisor rules show --format json` prints them: with the sha256 of the file they were read from."""

    sha256: str = Field(description="the sha256 of the rules file's bytes")


@router.post(
    "/assess",
    summary="Assess a profile",
    response_description="Assessment v1: the JSON of `advisor score PROFILE --format json` with the server's rules.",
    responses={200: ASSESSMENT, **REFUSALS},
    openapi_extra=_json_body_of(
        PROFILE_REF, "A profile v1, as the JSON Schema `advisor schema` prints for the server's rules describes it"
    ),
)
def assess_profile(request: Request, body: Body) -> Response:
    """Score one profile with the server's rules: the recommendation, fits, verdict, context and explanation.

    A profile without an `id` keeps none (the CLI would name it after its file)."""
    rules = site_of(request).rules
    try:
        profile = _profile(_json_body(request, body), rules)
    except Refused as refused:
        return refused.response(request)
    return _json(assess(profile, rules, as_of=report_day()).to_dict())


@router.post(
    "/whatif",
    summary="Assess a profile before and after some changes",
    response_description="`changes` (as `--set PATH=VALUE` arguments), `before`, `after` (assessments v1) and "
    "`context_changes`: the JSON of `advisor whatif PROFILE --set ... --format json`.",
    responses={200: WHATIF_ANSWER, **REFUSALS},
    openapi_extra=_json_body_of(WHATIF_REF, "A profile v1 and the changes to try on it"),
)
def whatif(request: Request, body: Body) -> Response:
    """Score a profile as it is and with `changes` applied, e.g. `{"profile": {...}, "changes":
    {"needs.art.importance": 5, "context.languages": ["de", "en"]}}`.

    Each change sets the field at a dotted path (objects on the way, absent or null, are created) to a JSON value; a
    change inside another (`needs.art` and `needs.art.importance`) is refused, as JSON keys have no order. The changed
    profile passes the same checks as any profile. The answer's `changes` spells them as the CLI's `--set` arguments
    (`needs.art.importance=5`) that give the same result."""
    rules = site_of(request).rules
    try:
        asked = WhatIfRequest.model_validate(_json_body(request, body))
        _refuse_overlaps(list(asked.changes))
        settings = [f"{path}={orjson.dumps(value).decode()}" for path, value in asked.changes.items()]
        before = _profile(asked.profile, rules, "profile")
        try:
            changed = apply_changes(asked.profile, asked.changes)  # refusals name the change, not a CLI flag
        except UsageError as exc:
            raise Refused(422, [Problem("changes", str(exc), code="whatif.change.invalid")]) from None
        after = _profile(changed, rules, "changes")
    except ValidationError as exc:
        return Refused(422, problems_from(exc, model=WhatIfRequest)).response(request)
    except Refused as refused:
        return refused.response(request)
    day = report_day()
    return _json(whatif_dict(settings, assess(before, rules, as_of=day), assess(after, rules, as_of=day)))


def _refuse_overlaps(paths: list[str]) -> None:
    """Refuse a change inside another (`needs.art` and `needs.art.importance`): JSON keys have no order to follow.

    Each path's own prefixes are looked up (not every pair compared: 20,000 changes took 34 s that way)."""
    given = set(paths)
    overlaps = [
        Problem(
            f"changes.{inner}",
            text("api.change_overlap", outer=outer),
            code="whatif.change.overlap",
        )
        for inner in paths
        for outer in _prefixes(inner)
        if outer in given
    ]
    if overlaps:
        raise Refused(422, overlaps)


def _prefixes(path: str) -> list[str]:
    """The paths that contain `path`, outermost first: 'a.b.c' -> ['a', 'a.b']."""
    parts = path.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


@router.get(
    "/schema",
    summary="The JSON Schema of profile v1",
    response_description="The JSON Schema of profile v1 for the server's rules, as `advisor schema` prints it.",
    responses={200: ANY_OBJECT},
)
def schema(request: Request) -> Response:
    """The JSON Schema a profile must follow, with `needs` limited to the server's use cases."""
    return _json(profile_json_schema(site_of(request).rules))


@router.get(
    "/rules",
    summary="The active rules",
    response_model=RulesDocument,
    response_description="The rules with the sha256 of their file, as `advisor rules show --format json` prints them.",
)
def rules(request: Request) -> Response:
    """The rules the server scores with: matrix with sources, scale, volume factors, thresholds and context rules."""
    return _json(site_of(request).rules.to_dict())


@router.get(
    "/questions",
    summary="The questionnaire",
    response_model=QuestionnaireDocument,
    response_description="The questions in sections, with their conditions (`when`), choices and defaults.",
)
def questions(request: Request) -> Response:
    """The questionnaire for the server's rules, as `advisor ask` and the browser ask it; `field` is the profile field
    an answer fills, `when` the condition on earlier answers under which a question is asked."""
    return _json(_questionnaire_dict(site_of(request).asked()))


def _questionnaire_dict(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "intro": questionnaire.intro,
        "scale_labels": list(questionnaire.scale_labels),
        "sha256": questionnaire.sha256,
        "sections": [
            {"title": title, "questions": [_question_dict(q) for q in questions]}
            for title, questions in questionnaire.sections
        ],
    }


def _question_dict(question: Question) -> dict[str, Any]:
    when = question.when.model_dump(mode="json", by_alias=True, exclude_none=True) if question.when else None
    return {**question.model_dump(mode="json", by_alias=True), "when": when}
