"""The organiser's pages under /admin: log in with the admin token (a new server-side session per login; too many
wrong tokens from one address get 429), create a survey (with an optional maximum of responses), follow its
responses and the group assessment as they arrive, close and reopen it, delete one response or several ticked ones
after a confirmation that names how many, log out (the session is deleted). Every page needs a live admin session
(or the token as a bearer header); every form's CSRF token is bound to the session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from advisor.core.group_words import group_words, quoted_names
from advisor.report import OUTCOME_ORDER, RECOMMENDATION_LABELS
from advisor.web import survey_pages
from advisor.web.admin_auth import AdminRefused, log_in, log_out, require_admin, token_check
from advisor.web.forms import field_values, sent_values, submitted
from advisor.web.links import absolute_url
from advisor.web.pages import not_found, problem_json, site_of, try_later, wait_words, wants_json
from advisor.web.security import CheckedForm
from advisor.web.site import Site
from advisor.web.store import Draft
from advisor.web.survey_questions import organization_answers, organization_questions
from advisor.web.survey_store import Survey
from advisor.words import say
from advisor.words.group import dashboard_words, said_group_words
from advisor.words.text import text

MAX_TITLE = 200
MOST_RESPONSES = 100_000


def organiser(request: Request) -> None:
    """The dependency of every organiser's page: the admin session or token, else AdminRefused (401 or 403)."""
    require_admin(request, site_of(request))


login_router = APIRouter(prefix="/admin")
router = APIRouter(prefix="/admin", dependencies=[Depends(organiser)])


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def login_page(request: Request, status: int = 200, problem: str | None = None) -> Response:
    """The form that asks for the admin token."""
    return site_of(request).page(request, "admin_login.html.j2", status=status, problem=problem)


def too_many_tries(request: Request, seconds: float) -> Response:
    """429 after too many wrong admin tokens from this address: no token is checked until the wait is over."""
    return try_later(
        request,
        429,
        text("web.admin.too_many.title"),
        text("web.admin.too_many", wait=wait_words(seconds)),
        seconds,
        ("/admin/login", text("web.back.login")),
    )




def refused_page(request: Request, exc: AdminRefused) -> Response:
    """What a request without the organiser's session gets: the login form (401; with a note when its session has
    ended), or it with a problem (403: a wrong bearer token), or 429 after too many wrong tokens; an API client gets
    the problem as JSON."""
    if exc.status == 429:
        return too_many_tries(request, exc.retry)
    problem = text("web.admin.ended") if exc.ended else None
    if exc.status == 403:
        problem = text("web.admin.wrong_token")
    if wants_json(request):
        problem = problem or text("web.admin.needs_token")
        response = problem_json(exc.status, problem)
    else:
        response = login_page(request, exc.status, problem)
    if exc.status == 401:
        response.headers["www-authenticate"] = 'Bearer realm="advisor organiser"'
    return response


@login_router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    """The login form (straight to the surveys when already logged in)."""
    site = site_of(request)
    if site.admin_session(request) is not None:
        return _see_other("/admin")
    return login_page(request)


@login_router.post("/login")
def login(request: Request, form: CheckedForm) -> Response:
    """Check the token (in constant time, unless this address has sent too many wrong ones); open a new session."""
    site = site_of(request)
    token = form.get("token")
    checked = token_check(request, site, token.strip() if isinstance(token, str) else "")
    if isinstance(checked, float):  # too many wrong ones lately: this one was not looked at
        return too_many_tries(request, checked)
    if not checked:
        return login_page(request, 401, text("web_forms.admin.not_the_token"))
    previous = site.admin_session(request)
    if previous is not None:  # a new login ends the session this browser had: one live session per login
        site.sessions.close(previous)
    response = _see_other("/admin")
    log_in(request, response, site.sessions.open())
    return response


@router.post("/logout")
def logout(request: Request, form: CheckedForm) -> Response:
    """End the organiser's session: deleted on the server, its cookie removed from this browser."""
    site = site_of(request)
    session = site.admin_session(request)
    if session is not None:
        site.sessions.close(session)
    response = _see_other("/admin/login")
    log_out(request, response)
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
    return _new_page(request, {}, {}, {"title": "", "closes": "", "max_responses": ""})


def _new_page(
    request: Request,
    answers: dict[str, Any],
    problems: dict[str, str],
    given: dict[str, str],
    status: int = 200,
    sent: dict[str, list[str]] | None = None,
) -> Response:
    site = site_of(request)
    q = site.asked()
    questions = organization_questions(q)
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
    names = {name: text(f"web_forms.survey.{name}") for name in ("title", "closes", "max_responses")}
    names |= {q.id: q.prompt for q in questions}
    return site.page(
        request, "admin_new.html.j2", status=status, items=items, problems=problems, given=given, names=names
    )


@router.post("/surveys")
def create_survey(request: Request, form: CheckedForm) -> Response:
    """Create the survey (committed) and show its dashboard with the respondents' link; or the form again."""
    site = site_of(request)
    q = site.questionnaire
    given = {name: str(form.get(name) or "").strip() for name in ("title", "closes", "max_responses")}
    questions = organization_questions(q)
    raw, problems = submitted(questions, form)
    sent = {q.id: sent_values(q, form) for q in questions if q.id in problems}  # shown as the organiser left them
    organization, answer_problems = organization_answers(q, raw)
    problems |= answer_problems
    if not given["title"] or len(given["title"]) > MAX_TITLE:
        problems["title"] = text("web_forms.survey.title_problem", most=str(MAX_TITLE))
    closes = None
    if given["closes"]:
        try:
            closes = dt.date.fromisoformat(given["closes"])
        except ValueError:
            problems["closes"] = text("web_forms.survey.closes_format")
        else:
            if closes < survey_pages.today():
                problems["closes"] = text("web_forms.survey.closes_passed")
    max_responses = None
    if given["max_responses"]:
        if given["max_responses"].isascii() and given["max_responses"].isdigit():
            max_responses = int(given["max_responses"])
        if max_responses is None or not 1 <= max_responses <= MOST_RESPONSES:
            problems["max_responses"] = text("web_forms.survey.max_responses_problem", most=f"{MOST_RESPONSES:,}")
    if "name" not in organization and not problems:
        problems["org_name"] = text("web_forms.survey.answer_needed")
    if problems:
        answers = {k: v for k, v in raw.items() if k not in problems}
        return _new_page(request, answers, problems, given, 422, sent)
    rules = f"{site.rules.name} {site.rules.version}"
    survey = site.surveys.create(given["title"], organization, closes, rules, max_responses)
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
    collected = site.survey_results.collected(survey)
    group = site.survey_results.group(collected)
    labels = {r.profile_id: r.label for r in group.respondents} if group else {}
    return site.page(
        request,
        "admin_survey.html.j2",
        survey=survey,
        link=absolute_url(request, "survey_page", link=survey.link),
        open_now=survey.open_on(survey_pages.today()),
        counts=site.surveys.counts(survey.id),
        collected=collected,
        labels=labels,
        group=group,
        words=said_group_words(group_words(group, site.rules, site.said_answers())) if group else None,
        consensus_words=dashboard_words(group, RECOMMENDATION_LABELS) if group else None,
        conflicts=[say(c.worded(site.said_answers())) for c in group.conflicts] if group else [],
        quoted=quoted_names(group) if group else [],
        recommendation_labels=RECOMMENDATION_LABELS,
        outcome_order=OUTCOME_ORDER,
        deleted=_count(request.query_params.get("deleted")),
        full=site.surveys.full(survey),
    )


def _count(text: str | None) -> int | None:
    """A count in a query parameter (None when absent or not a count)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) <= 9 else None


@router.post("/surveys/{survey_id}/close")
def close(request: Request, survey_id: str, form: CheckedForm) -> Response:
    """Stop taking responses (committed), then the dashboard."""
    return _set_closed(request, survey_id, True)


@router.post("/surveys/{survey_id}/reopen")
def reopen(request: Request, survey_id: str, form: CheckedForm) -> Response:
    """Take responses again (committed), then the dashboard."""
    return _set_closed(request, survey_id, False)


def _set_closed(request: Request, survey_id: str, closed: bool) -> Response:
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
    return site.page(
        request, "admin_delete.html.j2", survey=survey, response=response, role=_role(draft), updated=draft.updated
    )


def _role(draft: Draft) -> str:
    """The role a respondent gave ('' for none)."""
    role = (draft.profile or {}).get("respondent", {}).get("role") or draft.answers.get("respondent_role") or ""
    return str(role)


@router.post("/surveys/{survey_id}/responses/{response}/delete")
def delete(request: Request, survey_id: str, response: str, form: CheckedForm) -> Response:
    """Delete the response (committed), then the dashboard."""
    site = site_of(request)
    if _survey(site, survey_id) is None or not site.surveys.delete_response(survey_id, response):
        return not_found(request)
    return _see_other(f"/admin/surveys/{survey_id}?deleted=1")


@router.post("/surveys/{survey_id}/responses/delete")
def delete_several(request: Request, survey_id: str, form: CheckedForm) -> Response:
    """The responses ticked on the dashboard: first a page that asks to confirm and names how many, then (with
    `confirm`) all deleted in one transaction and the dashboard that says how many."""
    site = site_of(request)
    survey = _survey(site, survey_id)
    if survey is None:
        return not_found(request)
    chosen = sorted({value for value in form.getlist("response") if isinstance(value, str) and value})
    if not chosen:
        return _see_other(f"/admin/surveys/{survey_id}?deleted=0")
    if form.get("confirm") != "yes":
        drafts = [d for d in (site.surveys.response(survey_id, r) for r in chosen) if d is not None]
        rows = [(d.response, _role(d), d.updated) for d in drafts]
        return site.page(request, "admin_delete_several.html.j2", survey=survey, rows=rows)
    deleted = site.surveys.delete_responses(survey_id, chosen)
    return _see_other(f"/admin/surveys/{survey_id}?deleted={deleted}")
