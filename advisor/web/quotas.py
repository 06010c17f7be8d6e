"""What one client may add: new drafts (a questionnaire or survey started, a profile uploaded) and accepted answers
per client address (`Limits.drafts_per_minute`, `Limits.responses_per_hour`); past them 429 with `Retry-After` and a
page that says nothing was lost. A survey's own maximum of responses is the organiser's (`Survey.max_responses`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from advisor.web.limits import client_address
from advisor.web.pages import site_of, try_later, wait_words


def new_draft_refusal(request: Request) -> Response | None:
    """429 when this client has started too many drafts lately (the start is counted otherwise); else None."""
    site = site_of(request)
    wait = site.new_drafts.take(client_address(request.scope))
    if wait <= 0:
        return None
    site.refusals.note("new drafts over the limit")
    return try_later(
        request,
        429,
        "Too many new starts from your address",
        f"Too many new questionnaires, surveys or uploads were started from your address in the last minute, so "
        f"this one was not. Nothing was lost: answers you saved and their links still work. Try again "
        f"{wait_words(wait)}.",
        wait,
    )


def acceptance_refusal(request: Request) -> Response | None:
    """429 when this client has accepted too many answers lately (the acceptance is counted otherwise); else None."""
    site = site_of(request)
    wait = site.accepted_answers.take(client_address(request.scope))
    if wait <= 0:
        return None
    site.refusals.note("accepted answers over the limit")
    return try_later(
        request,
        429,
        "Too many answers accepted from your address",
        f"Too many answers were accepted from your address in the last hour, so these were not accepted yet. "
        f"Nothing was lost: your answers are saved. Accept them again {wait_words(wait)}.",
        wait,
    )
