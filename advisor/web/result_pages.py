"""The result of a finished questionnaire or an uploaded profile: the page (the report's sections as HTML), its
downloads (the PDF `advisor report` writes, the profile JSON `advisor ask` writes, the assessment JSON `advisor score`
prints) and the what-if panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from advisor.core.assessment import Assessment
from advisor.core.engine import assess
from advisor.core.errors import ProfileError
from advisor.core.profile import Profile, parse_profile
from advisor.report import (
    default_output,
    profile_digest,
    render_html,
    report_template_context,
    slug,
)
from advisor.web import upload_pages, whatif
from advisor.web.bounds import capped
from advisor.web.pages import message_page, not_found, pdf_of, problem_dict, report_day, site_of
from advisor.web.renders import pdf_key
from advisor.web.revisions import unaccepted_changes
from advisor.web.security import CheckedForm
from advisor.web.store import Draft
from advisor.web.survey_pages import questionnaire_of, survey_of, today
from advisor.words import said
from advisor.words.problems import problem_message, problem_where
from advisor.words.text import text

router = APIRouter()
router.include_router(upload_pages.router)
SAVED = "the saved profile"


@dataclass(frozen=True, slots=True)
class Finished:
    """A draft's accepted version (its profile), valid for the active rules."""

    draft: Draft
    profile: Profile

    @property
    def profile_json(self) -> bytes:
        """The profile file, byte for byte as `advisor ask` writes it."""
        return orjson.dumps(self.draft.profile, option=orjson.OPT_INDENT_2) + b"\n"


def _finished(request: Request, token: str, as_json: bool = False) -> Finished | Response:
    """The draft's accepted profile (its answers may have changed since); else a 404, a redirect to the questionnaire
    of a draft never accepted, or a 409."""
    site = site_of(request)
    draft = site.store.get(token)
    if draft is None:
        return _problem(request, 404, text("web.not_found.title"), text("web.not_found.result"), as_json)
    if draft.profile is None:
        if as_json:
            return _problem(
                request, 409, text("web.result.not_finished.title"), text("web.result.not_finished"), True,
                "request.not_finished",
            )
        return RedirectResponse(f"/q/{token}", status_code=303)
    try:
        return Finished(draft, parse_profile(draft.profile, site.rules, SAVED))
    except ProfileError as exc:  # saved under other rules than the server runs now
        message = text("web.result.unavailable", rules=f"{site.rules.name} {site.rules.version}")
        title = text("web.result.unavailable.title")
        return _problem(request, 409, title, message + whatif.problem_text(exc), as_json, "request.result_unavailable")


def _problem(
    request: Request, status: int, title: str, message: str, as_json: bool, code: str | None = None
) -> Response:
    if as_json:
        return JSONResponse({"problems": [problem_dict(status, message, code)]}, status_code=status)
    if status == 404:
        return not_found(request)
    return message_page(request, status, title, message)


def _attachment(name: str) -> dict[str, str]:
    """A download's Content-Disposition: the file name as given (UTF-8) with an ASCII fallback."""
    fallback = name if name.isascii() else "ai-assessment." + name.rsplit(".", 1)[-1]
    return {"content-disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"}


def _result_page(
    request: Request,
    found: Finished,
    status: int = 200,
    *,
    assessed: tuple[dt.date, Assessment] | None = None,
    **whatif_values: Any,
) -> Response:
    """The result page; `assessed`: the day and the saved profile's assessment when the caller has them already."""
    site = site_of(request)
    if assessed is None:
        day = report_day()
        assessed = day, assess(found.profile, site.rules, as_of=day)
    day, assessment = assessed
    context = report_template_context(
        found.profile, site.rules, profile_digest(found.profile_json), day, assessment=assessment
    )
    values: dict[str, Any] = {"panel": whatif.panel(found.profile, site.rules, site.asked())}
    values |= {"comparison": None, "whatif_problems": [], "changes": [], **whatif_values}
    token, source = found.draft.token, found.draft.source
    survey = survey_of(site, found.draft)
    values["survey_open"] = survey is not None and survey.open_on(today())  # else its answers are final
    changed = unaccepted_changes(questionnaire_of(site, found.draft), found.draft)
    values["changed"] = changed  # the result stays the accepted one's, with a note
    return site.page(
        request, "result.html.j2", status=status, token=token, source=source, survey=survey, **context, **values
    )


@router.get("/result/{token}", response_class=HTMLResponse)
def result(request: Request, token: str) -> Response:
    """The result page: the report's first page, what it means, use cases, robustness, downloads and what-if."""
    found = _finished(request, token)
    return found if isinstance(found, Response) else _result_page(request, found)


@router.get("/result/{token}/report.pdf")
async def report_pdf(request: Request, token: str) -> Response:
    """The PDF report, as `advisor report` writes it for the downloaded profile.json: cached by the profile, the
    rules, the templates and the date; rendered in a worker process (waiting for it holds no thread)."""
    prepared = await run_in_threadpool(_report_request, request, token)
    if isinstance(prepared, Response):
        return prepared
    found, key, html = prepared
    pdf = await pdf_of(request, key, html)
    if isinstance(pdf, Response):
        return pdf
    name = default_output(found.profile, "pdf").name
    return Response(pdf, media_type="application/pdf", headers=_attachment(name))


def _report_request(request: Request, token: str) -> tuple[Finished, str, Callable[[], str]] | Response:
    """The finished profile, the key of its PDF and how to make the PDF's HTML; else the page that says why not."""
    found = _finished(request, token)
    if isinstance(found, Response):
        return found
    rules, day, digest = site_of(request).rules, report_day(), profile_digest(found.profile_json)
    key = pdf_key("report", digest, rules.sha256, day.isoformat(), "a4")
    return found, key, lambda: render_html(found.profile, rules, digest, day)


@router.get("/result/{token}/profile.json")
def profile_json(request: Request, token: str) -> Response:
    """The profile, as `advisor ask` writes it."""
    found = _finished(request, token, as_json=True)
    if isinstance(found, Response):
        return found
    name = f"{slug(found.profile.organization.name)}-profile.json"
    return Response(found.profile_json, media_type="application/json", headers=_attachment(name))


@router.get("/result/{token}/assessment.json")
def assessment_json(request: Request, token: str) -> Response:
    """The assessment, as `advisor score --format json` prints it for the downloaded profile.json."""
    found = _finished(request, token, as_json=True)
    if isinstance(found, Response):
        return found
    assessment = assess(found.profile, site_of(request).rules, as_of=report_day())
    data = orjson.dumps(said(assessment.to_dict()), option=orjson.OPT_INDENT_2) + b"\n"
    name = default_output(found.profile, "json").name
    return Response(data, media_type="application/json", headers=_attachment(name))


@router.post("/result/{token}/whatif")
def whatif_post(request: Request, token: str, form: CheckedForm) -> Response:
    """Score the profile with the panel's changes (the saved profile stays as it is) and compare; as JSON for the
    page's script (`Accept: application/json`), else the result page again with the comparison."""
    as_json = "application/json" in request.headers.get("accept", "")
    found = _finished(request, token, as_json)
    if isinstance(found, Response):
        return found
    site = site_of(request)
    sent = whatif.read_form(form, found.profile, site.rules, site.asked())
    values: dict[str, Any] = {
        "panel": whatif.panel(found.profile, site.rules, site.asked(), sent.rows),
        "changes": whatif.changed_rows(found.profile, site.rules, site.asked(), sent.rows),
        "comparison": None,
        "whatif_problems": list(sent.problems.values()),  # each names its use case
    }
    problems = [(path, message, "whatif.change.invalid") for path, message in sent.problems.items()]
    assessed = None
    if not problems:
        try:
            after = whatif.changed_profile(dict(found.draft.profile or {}), sent.settings, site.rules)
        except ProfileError as exc:  # no needs left, for one
            problems = [(problem_where(p), problem_message(p), p.code) for p in exc.problems]
            worded = whatif.problems_of(exc)
            values["whatif_problems"] = [f"{path}: {message}" if path else message for path, message in worded]
        else:
            day = report_day()  # read once: the page and both sides of the comparison are for this day
            before = assess(found.profile, site.rules, as_of=day)
            assessed = day, before
            values["comparison"] = whatif.comparison(before, assess(after, site.rules, as_of=day), site.rules)
    status = 422 if problems else 200
    limit = site.settings.limits.max_problems  # the first ones, then how many more
    problems = capped(problems, limit, lambda words: ("", words, "problems.more"))
    values["whatif_problems"] = capped(values["whatif_problems"], limit, str)
    if not as_json:
        return _result_page(request, found, status, assessed=assessed, **values)
    body: dict[str, Any] = {
        "changes": sent.settings,
        "html": site.templates.get_template("web/whatif_outcome.html.j2").render(values),
    }
    if problems:
        body["problems"] = [{"path": path, "message": message, "code": code} for path, message, code in problems]
    else:
        body["comparison"] = values["comparison"]
    return JSONResponse(body, status_code=status)
