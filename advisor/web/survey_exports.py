"""A survey's downloads for the organiser: batch's CSV, the profiles as JSONL (what `advisor group` and
`advisor batch` read), the group assessment JSON (v1) and the group report (PDF). They need the admin session."""

from __future__ import annotations

from urllib.parse import quote

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from advisor.report import render_group_html
from advisor.web.admin_pages import organiser
from advisor.web.pages import message_page, not_found, pdf_of, report_day, site_of
from advisor.web.survey_results import Collected, collect, profiles_jsonl, responses_csv

router = APIRouter(prefix="/admin/surveys/{survey_id}", dependencies=[Depends(organiser)])
NO_RESPONSES = "The survey has no accepted response yet: the group assessment needs at least one."


def _collected(request: Request, survey_id: str) -> Collected | None:
    site = site_of(request)
    survey = site.surveys.get(survey_id)
    if survey is None:
        return None
    return collect(survey, site.surveys.responses(survey.id), site.rules)


def _download(body: bytes, media_type: str, name: str) -> Response:
    fallback = name if name.isascii() else "survey." + name.rsplit(".", 1)[-1]
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media_type, headers={"content-disposition": disposition})


@router.get("/responses.csv")
def responses_csv_file(request: Request, survey_id: str) -> Response:
    """One row per accepted response: the columns and values `advisor batch` writes for the JSONL export, with the
    respondent's role and name after the id."""
    collected = _collected(request, survey_id)
    if collected is None:
        return not_found(request)
    body = responses_csv(collected, site_of(request).rules)
    return _download(body, "text/csv; charset=utf-8", f"{collected.file_stem}.csv")


@router.get("/profiles.jsonl")
def profiles_file(request: Request, survey_id: str) -> Response:
    """The accepted responses' profiles, one JSON per line."""
    collected = _collected(request, survey_id)
    if collected is None:
        return not_found(request)
    return _download(profiles_jsonl(collected), "application/x-ndjson", f"{collected.file_stem}.jsonl")


@router.get("/group.json")
def group_json(request: Request, survey_id: str) -> Response:
    """The group assessment (JSON v1), as `advisor group --format json` prints it for the JSONL export."""
    collected = _collected(request, survey_id)
    if collected is None:
        return not_found(request)
    group = collected.group(site_of(request).rules)
    if group is None:
        return message_page(request, 409, "No responses yet", NO_RESPONSES)
    body = orjson.dumps(group.to_dict(), option=orjson.OPT_INDENT_2) + b"\n"
    return _download(body, "application/json", f"{collected.file_stem}-group.json")


@router.get("/group.pdf")
def group_pdf(request: Request, survey_id: str) -> Response:
    """The group report, as `advisor group --report` writes it for the JSONL export; it counts the responses left out
    as not valid for the active rules."""
    collected = _collected(request, survey_id)
    if collected is None:
        return not_found(request)
    rules = site_of(request).rules
    group = collected.group(rules)
    if group is None:
        return message_page(request, 409, "No responses yet", NO_RESPONSES)
    html = render_group_html(group, rules, report_day(), invalid=len(collected.unreadable))
    return _download(pdf_of(html), "application/pdf", f"{collected.file_stem}-group.pdf")
