"""What one client may add: new drafts (a questionnaire or survey started, a profile uploaded) and accepted answers
(a valid upload is one too) per client (`Limits.drafts_per_minute`, `Limits.responses_per_hour`; a client is its
IPv4 address or its IPv6 /64, `client_key`); past them 429 with `Retry-After` and a page that says nothing was lost.
An acceptance is counted after every other check: one refused as invalid, stale, closed or full costs nothing. An
upload is counted as a new draft before its file is read, valid or not (reading it is the cost). A survey's own
maximum of responses is the organiser's (`Survey.max_responses`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from advisor.web.limits import client_key
from advisor.web.pages import site_of, try_later, wait_words
from advisor.words.text import text


def new_draft_refusal(request: Request) -> Response | None:
    """429 when this client has started too many drafts lately (the start is counted otherwise); else None."""
    site = site_of(request)
    wait = site.new_drafts.take(client_key(request.scope))
    if wait <= 0:
        return None
    site.refusals.note("new drafts over the limit")
    return try_later(
        request,
        429,
        text("web.limit.new_drafts.title"),
        text("web.limit.new_drafts", wait=wait_words(wait)),
        wait,
    )


def acceptance_refusal(request: Request, upload: bool = False) -> Response | None:
    """429 when this client has accepted too many answers lately (the acceptance is counted otherwise); else None.
    An uploaded profile is an accepted result too, kept as long as one (retention never deletes it), so it counts:
    `upload` words the refusal for it (nothing was kept)."""
    site = site_of(request)
    wait = site.accepted_answers.take(client_key(request.scope))
    if wait <= 0:
        return None
    site.refusals.note("accepted answers over the limit")
    if upload:
        message = text("web.limit.accepted_upload", wait=wait_words(wait))
    else:
        message = text("web.limit.accepted", wait=wait_words(wait))
    return try_later(request, 429, text("web.limit.accepted.title"), message, wait)
