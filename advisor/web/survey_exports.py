"""A survey's downloads for the organiser: batch's CSV, the profiles as JSONL (what `advisor group` and
`advisor batch` read), the group assessment JSON (v1) and the group report (PDF). They need the admin session."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from advisor.report import render_group_html
from advisor.web.admin_pages import organiser
from advisor.web.pages import message_page, not_found, pdf_of, report_day, site_of
from advisor.web.renders import pdf_key
from advisor.web.survey_results import Collected, profiles_jsonl, responses_csv
from advisor.web.survey_store import Survey
from advisor.words import said

router = APIRouter(prefix="/admin/surveys/{survey_id}", dependencies=[Depends(organiser)])
NO_RESPONSES = "The survey has no accepted response yet: the group assessment needs at least one."


def _survey(request: Request, survey_id: str) -> Survey | None:
    return site_of(request).surveys.get(survey_id)


def _collected(request: Request, survey_id: str) -> Collected | None:
    survey = _survey(request, survey_id)
    return site_of(request).survey_results.collected(survey) if survey is not None else None


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
    survey = _survey(request, survey_id)
    if survey is None:
        return not_found(request)
    results = site_of(request).survey_results
    collected = results.collected(survey)
    group = results.group(collected)
    if group is None:
        return message_page(request, 409, "No responses yet", NO_RESPONSES, code="survey.no_responses")
    body = orjson.dumps(said(group.to_dict()), option=orjson.OPT_INDENT_2) + b"\n"
    return _download(body, "application/json", f"{collected.file_stem}-group.json")


@router.get("/group.pdf")
async def group_pdf(request: Request, survey_id: str) -> Response:
    """The group report, as `advisor group --report` writes it for the JSONL export; it counts the responses left out
    as not valid for the active rules. Cached by its HTML (which holds all that determines it), rendered off the
    request's thread."""
    prepared = await run_in_threadpool(_group_html, request, survey_id)
    if isinstance(prepared, Response):
        return prepared
    html, stem = prepared
    key = pdf_key("group", hashlib.sha256(html.encode()).hexdigest())
    pdf = await pdf_of(request, key, lambda: html)
    if isinstance(pdf, Response):
        return pdf
    return _download(pdf, "application/pdf", f"{stem}-group.pdf")


def _group_html(request: Request, survey_id: str) -> tuple[str, str] | Response:
    """The group report's HTML and the file stem; else a 404 or 409 page."""
    survey = _survey(request, survey_id)
    if survey is None:
        return not_found(request)
    site = site_of(request)
    rules, collected = site.rules, site.survey_results.collected(survey)
    group = site.survey_results.group(collected)
    if group is None:
        return message_page(request, 409, "No responses yet", NO_RESPONSES, code="survey.no_responses")
    day = group.consensus.as_of or report_day()  # the day the group was assessed for: the clock read once
    return render_group_html(group, rules, day, invalid=len(collected.unreadable)), collected.file_stem
