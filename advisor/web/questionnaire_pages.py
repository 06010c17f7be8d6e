"""The questionnaire in the browser: start, one section per page, back, save and continue later, the summary with
"Change" per answer, and accepting the answers. Every submitted page is saved as a draft before the next is shown;
accepting makes the draft's accepted version, which saving later pages never touches. A page sent from an older
revision of the draft (another tab, the browser's Back) saves nothing and comes back with what changed (409)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from advisor.core.errors import ProfileError
from advisor.core.profile import parse_profile
from advisor.questionnaire import (
    MISSING,
    asked,
    default_note,
    display,
    first_open_section,
    needs_section,
    profile_data,
    shown,
    submit_section,
)
from advisor.web.forms import field_values, sent_values, submitted
from advisor.web.links import absolute_url
from advisor.web.pages import not_found, problem_dict, site_of
from advisor.web.quotas import acceptance_refusal, new_draft_refusal
from advisor.web.revisions import Stale, based_on, sent_revision, stale, unaccepted_changes
from advisor.web.security import CheckedForm
from advisor.web.store import Draft
from advisor.web.survey_pages import full_page, questionnaire_of, survey_of, survey_refusal, today
from advisor.web.survey_store import Survey
from advisor.words.problems import problem_text

router = APIRouter()


def _draft(request: Request, token: str) -> Draft | None:
    return site_of(request).store.get(token)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The start page: what the questionnaire is, start it, or upload a profile."""
    site = site_of(request)
    said = site.asked()
    return site.page(request, "home.html.j2", intro=said.intro, sections=said.sections)


@router.post("/start")
def start(request: Request, form: CheckedForm) -> Response:
    """A new draft, then its first section."""
    refused = new_draft_refusal(request)
    if refused is not None:
        return refused
    site = site_of(request)
    token = site.store.create({}, site.questionnaire.sha256)
    return _see_other(f"/q/{token}/1")


@router.get("/q/{token}")
def resume(request: Request, token: str) -> Response:
    """A resume link: the first section with an open question, else the summary."""
    draft = _draft(request, token)
    if draft is None:
        return not_found(request)
    open_section = first_open_section(questionnaire_of(site_of(request), draft), draft.answers)
    return _see_other(f"/q/{token}/{open_section + 1}" if open_section is not None else f"/q/{token}/summary")


@router.get("/q/{token}/summary", response_class=HTMLResponse)
def summary(request: Request, token: str) -> Response:
    """Every answer, with "Change" per answer, and the button that accepts them."""
    draft = _draft(request, token)
    if draft is None:
        return not_found(request)
    return _summary_page(request, draft)


def _summary_page(
    request: Request, draft: Draft, problem: str | None = None, status: int = 200, stale: Stale | None = None
) -> Response:
    site = site_of(request)
    q = questionnaire_of(site, draft)
    survey = survey_of(site, draft)
    survey_open = survey is None or survey.open_on(today())  # a closed survey's answers can no longer be sent
    # a closed survey keeps the accepted answers: those are what its respondent sees, read only
    final = not survey_open and draft.accepted_answers is not None
    answers = draft.accepted_answers if final and draft.accepted_answers is not None else draft.answers
    rows = [
        {
            "id": question.id,
            "prompt": question.prompt,
            "answer": display(question, answers.get(question.id, MISSING), q.scale_labels),
            "section": q.section_of(question.id) + 1,
        }
        for question in asked(q, answers)
    ]
    open_section = first_open_section(q, answers)
    return site.page(
        request,
        "summary.html.j2",
        status=status,
        token=draft.token,
        rows=rows,
        open_section=open_section + 1 if open_section is not None else None,
        sections_total=len(q.sections),
        problem=problem,
        survey=survey,
        survey_open=survey_open,
        label=site.said_answers().label,
        revision=draft.revision,
        based_on=based_on(draft.answers),
        accepted=draft.accepted,
        changed=unaccepted_changes(q, draft),
        final=final,
        stale=stale,
    )


@router.get("/q/{token}/saved", response_class=HTMLResponse)
def saved(request: Request, token: str) -> Response:
    """The resume link of a saved draft."""
    draft = _draft(request, token)
    if draft is None:
        return not_found(request)
    link = absolute_url(request, "resume", token=token)
    return site_of(request).page(request, "saved.html.j2", token=token, link=link)


@router.get("/q/{token}/{number:int}", response_class=HTMLResponse)
def section(request: Request, token: str, number: int, then: str = "") -> Response:
    """Section `number` (from 1) with the answers so far filled in."""
    draft = _draft(request, token)
    q = site_of(request).questionnaire  # a survey's questionnaire has as many sections
    if draft is None or not 1 <= number <= len(q.sections):
        return not_found(request)
    survey = survey_of(site_of(request), draft)
    if survey is not None and not survey.open_on(today()):  # its answers are final: shown on the summary, read only
        return _see_other(f"/q/{token}/summary")
    return _section_page(request, draft, draft.answers, number, then=then)


def _section_page(
    request: Request,
    draft: Draft,
    answers: dict[str, Any],
    number: int,
    problems: dict[str, str] | None = None,
    opened: tuple[str, ...] = (),
    given: dict[str, Any] | None = None,
    then: str = "",
    status: int = 200,
    sent: dict[str, list[str]] | None = None,
    stale: Stale | None = None,
) -> Response:
    """Section `number` showing `answers` (or what was `given`, or `sent` as it was); the form names the draft's
    revision and saved answers, which the next save checks."""
    site = site_of(request)
    q = questionnaire_of(site, draft)
    title, questions = q.sections[number - 1]
    problems = problems or {}
    shown_ids = {question.id for question in shown(q, number - 1, answers)}
    items = []
    for question in questions:
        value = (given or {}).get(question.id, answers.get(question.id, question.default))
        items.append(
            {
                "q": question,
                "applies": question.id in shown_ids,
                "when": question.when.model_dump(exclude_none=True) if question.when else None,
                "problem": problems.get(question.id),
                "opened": question.id in opened,
                "note": default_note(q, question, answers, draft.base, same_page=True),
                **field_values(question, value, q.scale_labels, (sent or {}).get(question.id)),
            }
        )
    return site.page(
        request,
        "section.html.j2",
        status=status,
        token=draft.token,
        number=number,
        total=len(q.sections),
        title=title,
        items=items,
        section_problem=problems.get(""),
        answers=answers,
        then=then if then == "summary" else "",
        survey=survey_of(site, draft),
        revision=draft.revision,
        based_on=based_on(draft.answers),
        stale=stale,
    )


@router.post("/q/{token}/{number:int}")
def submit(request: Request, token: str, number: int, form: CheckedForm) -> Response:
    """Save the section's answers, then go on, back, or to the resume link; a refused answer shows the page again."""
    site = site_of(request)
    draft = site.store.get(token)
    if draft is None or not 1 <= number <= len(site.questionnaire.sections):
        return not_found(request)
    refused = survey_refusal(request, draft)
    if refused is not None:
        return refused
    q = questionnaire_of(site, draft)
    action = form.get("action", "next")
    then = str(form.get("then", ""))
    questions = list(q.sections[number - 1][1])
    given, form_problems = submitted(questions, form)
    outcome = submit_section(q, draft.answers, number - 1, given)
    revision = sent_revision(form)
    saved = None
    if revision is None or revision == draft.revision:  # saved (if still at that revision) before a page says so
        saved = site.store.save_answers(token, outcome.answers, q.sha256, draft.revision)
    if saved is None:
        return _stale_section(request, token, number, form, then)
    draft = replace(draft, answers=outcome.answers, revision=saved)
    if form_problems and action in ("back", "save"):  # a refused answer comes back as sent, never dropped unsaid
        sent = {q.id: sent_values(q, form) for q in questions if q.id in form_problems}
        return _section_page(request, draft, outcome.answers, number, form_problems, (), given, then, 422, sent)
    if action == "back":
        return _see_other(f"/q/{token}/{number - 1}" if number > 1 else _start_of(survey_of(site, draft)))
    if action == "save":
        return _see_other(f"/q/{token}/saved")
    problems = {**outcome.problems, **form_problems}
    opened = tuple(i for i in outcome.opened if i not in form_problems)  # a refused question was on the page
    if problems or opened:
        sent = {q.id: sent_values(q, form) for q in questions if q.id in form_problems}  # shown as the person left it
        return _section_page(request, draft, outcome.answers, number, problems, opened, given, then, 422, sent)
    open_section = first_open_section(q, outcome.answers)
    if then == "summary" or number == len(q.sections):
        target = open_section + 1 if open_section is not None else None
        return _see_other(f"/q/{token}/{target}" if target else f"/q/{token}/summary")
    return _see_other(f"/q/{token}/{number + 1}")


def _stale_section(request: Request, token: str, number: int, form: Any, then: str) -> Response:
    """The section again (409) as the stale form sent it, every value kept as typed, with the answers saved since
    named; it carries the draft's revision now, so sending it again saves it."""
    draft = site_of(request).store.get(token)
    if draft is None:
        return not_found(request)
    q = questionnaire_of(site_of(request), draft)
    questions = list(q.sections[number - 1][1])
    given, form_problems = submitted(questions, form)
    shown_now = submit_section(q, draft.answers, number - 1, given).answers  # which questions the page shows
    sent = {
        question.id: sent_values(question, form)
        for question in questions
        if question.id in given or question.id in form_problems
    }
    changes = stale(q, form, draft.answers)
    return _section_page(request, draft, shown_now, number, form_problems, (), given, then, 409, sent, stale=changes)


@router.post("/q/{token}/{number:int}/live")
def live(request: Request, token: str, number: int, form: CheckedForm) -> Response:
    """Which questions of the section apply to the answers on the page as it is now (the script's live conditions;
    nothing is saved): the same conditions as the server's, from the same code."""
    site = site_of(request)
    draft = site.store.get(token)
    if draft is None or not 1 <= number <= len(site.questionnaire.sections):
        return JSONResponse({"problems": [problem_dict(404, "no such draft or section")]}, status_code=404)
    q = questionnaire_of(site, draft)
    given, _ = submitted(list(q.sections[number - 1][1]), form)
    outcome = submit_section(q, draft.answers, number - 1, given)
    return JSONResponse({"applies": [question.id for question in shown(q, number - 1, outcome.answers)]})


@router.post("/q/{token}/finish")
def finish(request: Request, token: str, form: CheckedForm) -> Response:
    """Accept the answers: make and check the profile, keep it, and show the result."""
    site = site_of(request)
    draft = site.store.get(token)
    if draft is None:
        return not_found(request)
    refused = survey_refusal(request, draft)
    if refused is not None:
        return refused
    q = questionnaire_of(site, draft)
    revision = sent_revision(form)
    if revision is not None and revision != draft.revision:  # the summary showed other answers than these
        return _summary_page(request, draft, status=409, stale=stale(q, form, draft.answers))
    open_section = first_open_section(q, draft.answers)
    if open_section is not None:
        return _see_other(f"/q/{token}/{open_section + 1}")
    needs = needs_section(q)
    if needs is not None:
        outcome = submit_section(q, draft.answers, needs, {})
        if "" in outcome.problems:
            return _section_page(request, draft, draft.answers, needs + 1, outcome.problems, status=422)
    data = profile_data(q, draft.answers, draft.base)  # an uploaded profile's unasked fields stay
    try:
        profile = parse_profile(data, site.rules, "answers")
    except ProfileError as exc:
        problem = problem_text(exc.problems, "path_always")
        return _summary_page(request, draft, problem=problem, status=422)
    survey = survey_of(site, draft)
    if survey is not None and site.surveys.full(survey, draft):
        return full_page(request, survey)
    refused = acceptance_refusal(request)
    if refused is not None:
        return refused
    kept = profile.model_dump(mode="json", exclude_none=True)
    most = survey.max_responses if survey is not None else None  # checked again where it counts: in the UPDATE
    if not site.store.finish(token, draft.answers, kept, draft.revision, most):  # committed, if nothing came between
        fresh = site.store.get(token)
        if fresh is None:
            return not_found(request)
        if survey is not None and fresh.revision == draft.revision:  # not stale: the survey filled up meanwhile
            return full_page(request, survey)
        return _summary_page(request, fresh, status=409, stale=stale(q, form, fresh.answers))
    return _see_other(f"/result/{token}")


def _start_of(survey: Survey | None) -> str:
    """Where Back on the first section goes: the survey's page, or the home page."""
    return f"/s/{survey.link}" if survey is not None else "/"
