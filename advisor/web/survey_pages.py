"""A survey for its respondents: the page the survey link opens, which only ever starts a new draft of the survey's
questionnaire (the organisation fixed, the respondent's role asked). The drafts then go through the questionnaire's
own pages, each behind its own token, so one respondent's link never leads to another's answers."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from advisor.questionnaire import Questionnaire
from advisor.report import isolate_text
from advisor.web.pages import message_page, not_found, site_of
from advisor.web.quotas import new_draft_refusal
from advisor.web.security import CheckedForm
from advisor.web.site import Site
from advisor.web.store import Draft
from advisor.web.survey_store import Survey
from advisor.words.text import text

router = APIRouter()


def today() -> dt.date:
    """The server's date, which a survey's closing date is compared with."""
    return dt.date.today()


def survey_of(site: Site, draft: Draft) -> Survey | None:
    """The survey a draft answers, if any."""
    return site.surveys.get(draft.survey) if draft.survey else None


def questionnaire_of(site: Site, draft: Draft) -> Questionnaire:
    """The questionnaire a draft answers: a survey's drafts do not ask for the organisation."""
    return site.asked(survey=bool(draft.survey))


def closed_page(request: Request, survey: Survey | None) -> Response:
    """The page a closed survey (or one past its closing date) answers with."""
    # the title is what the organiser typed: isolated, so that a right-to-left override in it stays inside the quotes
    title = (
        text("web.survey.closed.title", title=isolate_text(survey.title))
        if survey is not None
        else text("web.survey.closed.title_gone")
    )
    return message_page(request, 403, title, text("web.survey.closed"))


def full_page(request: Request, survey: Survey) -> Response:
    """The page a survey that has all the responses its organiser wanted answers with."""
    return message_page(
        request,
        403,
        text("web.survey.full.title", title=isolate_text(survey.title)),
        text("web.survey.full", n=str(survey.max_responses)),
    )


def survey_refusal(request: Request, draft: Draft) -> Response | None:
    """For a draft of a survey that takes no responses now (closed, or gone): the page that says so; else None."""
    if not draft.survey:
        return None
    survey = site_of(request).surveys.get(draft.survey)
    if survey is None or not survey.open_on(today()):
        return closed_page(request, survey)
    return None


def _open_survey(request: Request, link: str) -> Survey | Response:
    """The survey a respondents' link opens, if it takes new responses today; else the 404, closed or full page."""
    site = site_of(request)
    survey = site.surveys.by_link(link)
    if survey is None:
        return not_found(request)
    if not survey.open_on(today()):
        return closed_page(request, survey)
    if site.surveys.full(survey):
        return full_page(request, survey)
    return survey


@router.get("/s/{link}", response_class=HTMLResponse)
def survey_page(request: Request, link: str) -> Response:
    """What the survey is about, and the button that starts a new response."""
    site = site_of(request)
    survey = _open_survey(request, link)
    if isinstance(survey, Response):
        return survey
    q = site.asked(survey=True)
    return site.page(request, "survey.html.j2", survey=survey, intro=q.intro, sections=q.sections)


@router.post("/s/{link}/start")
def start(request: Request, link: str, form: CheckedForm) -> Response:
    """A new draft of the survey (the organisation set from the survey), then its first section."""
    site = site_of(request)
    survey = _open_survey(request, link)
    if isinstance(survey, Response):
        return survey
    refused = new_draft_refusal(request)
    if refused is not None:
        return refused
    q = site.survey_questionnaire
    token = site.store.create({}, q.sha256, base={"organization": survey.organization}, survey=survey.id)
    return RedirectResponse(f"/q/{token}/1", status_code=303)
