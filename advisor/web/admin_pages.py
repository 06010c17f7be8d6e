"""The organiser's pages under /admin: log in with the admin token, create a survey, follow its responses and the
group assessment as they arrive, close and reopen it, delete a response after confirming. Every page needs the
admin session (or the token as a bearer header); every form is CSRF-checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from advisor.core.group_words import group_words, quoted_names
from advisor.report import OUTCOME_ORDER, RECOMMENDATION_LABELS
from advisor.web import survey_pages
from advisor.web.admin_auth import AdminRefused, admin_status, log_in, log_out, require_admin, same_secret
from advisor.web.forms import field_values, sent_values, submitted
from advisor.web.pages import not_found, problem_json, site_of, wants_json
from advisor.web.security import checked_form
from advisor.web.site import Site
from advisor.web.survey_questions import organization_answers, organization_section
from advisor.web.survey_results import collect
from advisor.web.survey_store import Survey

MAX_TITLE = 200


def organiser(request: Request) -> None:
    """The dependency of every organiser's page: the admin session or token, else AdminRefused (401 or 403)."""
    require_admin(request, site_of(request).admin_token)


login_router = APIRouter(prefix="/admin")
router = APIRouter(prefix="/admin", dependencies=[Depends(organiser)])


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def login_page(request: Request, status: int = 200, problem: str | None = None) -> Response:
    """The form that asks for the admin token."""
    return site_of(request).page(request, "admin_login.html.j2", status=status, problem=problem)


def refused_page(request: Request, exc: AdminRefused) -> Response:
    """What a request without the organiser's session gets: the login form (401), or it with a problem (403); an API
    client gets the problem as JSON."""
    problem = None
    if exc.status == 403:
        problem = "That admin token or session is not valid. Log in with the token advisor serve printed."
    if wants_json(request):
        problem = problem or "This needs the admin token: send it as the header Authorization: Bearer TOKEN."
        response = problem_json(exc.status, problem)
    else:
        response = login_page(request, exc.status, problem)
    if exc.status == 401:
        response.headers["www-authenticate"] = 'Bearer realm="advisor organiser"'
    return response


@login_router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """The login form (straight to the surveys when already logged in)."""
    if admin_status(request, site_of(request).admin_token) == 200:
        return _see_other("/admin")
    return login_page(request)


@login_router.post("/login")
async def login(request: Request) -> Response:
    """Check the token (in constant time); set the session cookie."""
    form = await checked_form(request)
    site = site_of(request)
    token = form.get("token")
    if not isinstance(token, str) or not same_secret(token.strip(), site.admin_token):
        return login_page(request, 401, "That is not the admin token. Use the one advisor serve printed.")
    response = _see_other("/admin")
    log_in(request, response, site.admin_token)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the organiser's session in this browser."""
    await checked_form(request)
    response = _see_other("/admin/login")
    log_out(response)
    return response


@router.get("", response_class=HTMLResponse)
def surveys(request: Request) -> Response:
    """Every survey with its count of responses, and the way to a new one."""
    site = site_of(request)
    rows = [(survey, site.surveys.counts(survey.id)) for survey in site.surveys.all()]
    return site.page(request, "admin_home.html.j2", rows=rows, today=survey_pages.today())


@router.get("/surveys/new", response_class=HTMLResponse)
def new_survey(request: Request) -> Response:
    """The form for a new survey: title, closing date and the organisation section's own questions."""
    return _new_page(request, {}, {}, {"title": "", "closes": ""})


def _new_page(
    request: Request,
    answers: dict[str, Any],
    problems: dict[str, str],
    given: dict[str, str],
    status: int = 200,
    sent: dict[str, list[str]] | None = None,
) -> Response:
    site = site_of(request)
    q = site.questionnaire
    _, questions = q.sections[organization_section(q)]
    items = [
        {
            "q": question,
            "applies": True,
            "when": None,
            "problem": problems.get(question.id),
            "opened": False,
            **field_values(
                question, answers.get(question.id, question.default), q.scale_labels, (sent or {}).get(question.id)
            ),
        }
        for question in questions
    ]
    names = {"title": "Title of the survey", "closes": "Closing date"} | {q.id: q.prompt for q in questions}
    return site.page(
        request, "admin_new.html.j2", status=status, items=items, problems=problems, given=given, names=names
    )


@router.post("/surveys")
async def create_survey(request: Request) -> Response:
    """Create the survey (committed) and show its dashboard with the respondents' link; or the form again."""
    form = await checked_form(request)
    site = site_of(request)
    q = site.questionnaire
    given = {name: str(form.get(name) or "").strip() for name in ("title", "closes")}
    questions = list(q.sections[organization_section(q)][1])
    raw, problems = submitted(questions, form)
    sent = {q.id: sent_values(q, form) for q in questions if q.id in problems}  # shown as the organiser left them
    organization, answer_problems = organization_answers(q, raw)
    problems |= answer_problems
    if not given["title"] or len(given["title"]) > MAX_TITLE:
        problems["title"] = f"give the survey a title of 1 to {MAX_TITLE} characters"
    closes = None
    if given["closes"]:
        try:
            closes = dt.date.fromisoformat(given["closes"])
        except ValueError:
            problems["closes"] = "give the closing date as YYYY-MM-DD, or leave it empty"
        else:
            if closes < survey_pages.today():
                problems["closes"] = "the closing date has passed: give a later one, or leave it empty"
    if "name" not in organization and not problems:
        problems["org_name"] = "an answer is needed"
    if problems:
        answers = {k: v for k, v in raw.items() if k not in problems}
        return _new_page(request, answers, problems, given, 422, sent)
    survey = site.surveys.create(given["title"], organization, closes, f"{site.rules.name} {site.rules.version}")
    return _see_other(f"/admin/surveys/{survey.id}")


def _survey(site: Site, survey_id: str) -> Survey | None:
    return site.surveys.get(survey_id)


@router.get("/surveys/{survey_id}", response_class=HTMLResponse)
def dashboard(request: Request, survey_id: str) -> Response:
    """The survey's responses (label, recommendation, fits, time), the group assessment, exports, close/reopen."""
    site = site_of(request)
    survey = _survey(site, survey_id)
    if survey is None:
        return not_found(request)
    collected = collect(survey, site.surveys.responses(survey.id), site.rules, site.survey_questionnaire)
    group = collected.group(site.rules)
    labels = {r.profile_id: r.label for r in group.respondents} if group else {}
    return site.page(
        request,
        "admin_survey.html.j2",
        survey=survey,
        link=str(request.url_for("survey_page", link=survey.link)),
        open_now=survey.open_on(survey_pages.today()),
        counts=site.surveys.counts(survey.id),
        collected=collected,
        labels=labels,
        group=group,
        words=group_words(group, site.rules, site.answer_words) if group else None,
        conflicts=[c.worded(site.answer_words) for c in group.conflicts] if group else [],
        quoted=quoted_names(group) if group else [],
        recommendation_labels=RECOMMENDATION_LABELS,
        outcome_order=OUTCOME_ORDER,
        deleted=request.query_params.get("deleted") == "1",
    )


@router.post("/surveys/{survey_id}/close")
async def close(request: Request, survey_id: str) -> Response:
    """Stop taking responses (committed), then the dashboard."""
    return await _set_closed(request, survey_id, True)


@router.post("/surveys/{survey_id}/reopen")
async def reopen(request: Request, survey_id: str) -> Response:
    """Take responses again (committed), then the dashboard."""
    return await _set_closed(request, survey_id, False)


async def _set_closed(request: Request, survey_id: str, closed: bool) -> Response:
    await checked_form(request)
    site = site_of(request)
    if _survey(site, survey_id) is None:
        return not_found(request)
    site.surveys.set_closed(survey_id, closed)
    return _see_other(f"/admin/surveys/{survey_id}")


@router.get("/surveys/{survey_id}/responses/{response}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, survey_id: str, response: str) -> Response:
    """Ask before deleting a response: whose it is and what it gave."""
    site = site_of(request)
    survey = _survey(site, survey_id)
    draft = site.surveys.response(survey_id, response) if survey else None
    if survey is None or draft is None:
        return not_found(request)
    role = (draft.profile or {}).get("respondent", {}).get("role") or draft.answers.get("respondent_role") or ""
    return site.page(
        request, "admin_delete.html.j2", survey=survey, response=response, role=role, updated=draft.updated
    )


@router.post("/surveys/{survey_id}/responses/{response}/delete")
async def delete(request: Request, survey_id: str, response: str) -> Response:
    """Delete the response (committed), then the dashboard."""
    await checked_form(request)
    site = site_of(request)
    if _survey(site, survey_id) is None or not site.surveys.delete_response(survey_id, response):
        return not_found(request)
    return _see_other(f"/admin/surveys/{survey_id}?deleted=1")
