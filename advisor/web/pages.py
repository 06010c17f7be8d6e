"""What pages share: the site of a request, the plain pages for a missing draft, a refused form and a failure (JSON
problems instead for an API client), and the PDFs (rendered off the request's thread, or refused for now) with their
date."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from functools import partial

import orjson
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from advisor.core.errors import UsageError
from advisor.report import report_date
from advisor.web.errors import status_code
from advisor.web.limits import client_key, retry_after
from advisor.web.renders import CLIENT_BUSY, FAILED, QUEUE_FULL, TOO_SLOW, Refused
from advisor.web.security import MAX_BODY_BYTES
from advisor.web.site import Site
from advisor.words.text import text

log = logging.getLogger("advisor.web")


def site_of(request: Request) -> Site:
    """The state of the server handling `request`."""
    site: Site = request.app.state.site
    return site


def wants_json(request: Request) -> bool:
    """Whether the client reads JSON rather than pages: anything under /api/; a script that sends the admin token as
    a bearer header; else a client whose Accept header asks for JSON, or one that does not ask for HTML (a script,
    not a browser) fetching a JSON download."""
    if request.url.path.startswith("/api/"):
        return True
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return True
    accept = request.headers.get("accept", "")
    if "text/html" in accept:
        return False
    return "application/json" in accept or request.url.path.endswith((".json", ".jsonl"))


def problem_json(status: int, message: str, headers: dict[str, str] | None = None, code: str | None = None) -> Response:
    """An API client's refusal, in the JSON API's shape: `{"problems": [{"path": "", "message": ..., "code": ...}]}`
    (`code` by default the status's, see `errors.STATUS_CODES`)."""
    body = orjson.dumps({"problems": [problem_dict(status, message, code)]}, option=orjson.OPT_INDENT_2) + b"\n"
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def problem_dict(status: int, message: str, code: str | None = None, path: str = "") -> dict[str, str]:
    """One problem of a refusal as the JSON API writes it: path, message and its stable code."""
    return {"path": path, "message": message, "code": code or status_code(status)}


def not_found(request: Request) -> Response:
    """A 404 page: the link is wrong, or the draft is gone."""
    if wants_json(request):
        return problem_json(404, text("web.not_found.json"))
    return site_of(request).page(
        request,
        "message.html.j2",
        status=404,
        title=text("web.not_found.title"),
        message=text("web.not_found.page"),
    )


def wait_words(seconds: float) -> str:
    """How long to wait, in words: "in 40 seconds", "in a minute", "in 12 minutes"."""
    if seconds <= 1:
        return text("web.wait.second")
    if seconds <= 55:
        return text("web.wait.seconds", n=math.ceil(seconds))
    return text("web.wait.minutes", n=math.ceil(seconds / 60))


def try_later(
    request: Request,
    status: int,
    title: str,
    message: str,
    seconds: float,
    back: tuple[str, str] | None = None,
    code: str | None = None,
) -> Response:
    """A refusal for now (429 too many, 503 busy) with `Retry-After`: a page that says what happened and when to try
    again, nothing having been saved; JSON problems for an API client."""
    response = message_page(request, status, title, message, back, code)
    response.headers["retry-after"] = retry_after(seconds)
    return response


def message_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    back: tuple[str, str] | None = None,
    code: str | None = None,
) -> Response:
    """A short page that says what happened, with a link back (`back`: its address and words; else the start page);
    for an API client, the message as JSON problems (`code` by default the status's)."""
    if wants_json(request):
        return problem_json(status, message, code=code)
    url, label = back or ("/", text("web.back.start"))
    page = site_of(request).page
    return page(request, "message.html.j2", status=status, title=title, message=message, back_url=url, back_label=label)


MAX_BODY_WORDS = f"{MAX_BODY_BYTES // (1024 * 1024)} MiB"


def too_large(request: Request) -> Response:
    """The answer to a body over the cap (413): JSON problems for an API client, the upload page with the problem
    for an upload, else a page that says so."""
    if wants_json(request):
        return problem_json(413, text("web.too_large.json", size=MAX_BODY_WORDS))
    if request.url.path == "/upload":
        problem = text("web.too_large.upload", size=MAX_BODY_WORDS)
        return site_of(request).page(request, "upload.html.j2", status=413, problems=[], too_large=problem)
    message = text("web.too_large.page", size=MAX_BODY_WORDS)
    return message_page(request, 413, text("web.too_large.title"), message)


def report_day() -> dt.date:
    """The report date: SOURCE_DATE_EPOCH, else today (a malformed SOURCE_DATE_EPOCH is logged, not fatal)."""
    try:
        return report_date(None)
    except UsageError as exc:
        log.warning("%s; the reports are dated today", exc)
        return dt.date.today()


REFUSED_PDF = {CLIENT_BUSY: "busy_client", QUEUE_FULL: "queue_full", TOO_SLOW: "too_slow", FAILED: "failed"}
"""The catalogue's name (web.pdf.NAME and its .title) of each reason a PDF is not made now."""


async def pdf_of(request: Request, key: str, html: Callable[[], str]) -> bytes | Response:
    """The PDF of the report whose HTML `html()` makes (called only when it must be rendered) and that `key`
    identifies; else a 429 or 503 page with Retry-After (the client has a render in flight, the queue is full)."""
    site = site_of(request)
    try:
        return await site.renders.pdf(key, client_key(request.scope), html)
    except Refused as refused:
        site.refusals.note(refused.kind)
        return await run_in_threadpool(partial(pdf_refused, request, refused))  # never on the event loop


def pdf_refused(request: Request, refused: Refused) -> Response:
    """The 429 or 503 page of a PDF not made now, with a link back to the page it was asked from."""
    name = REFUSED_PDF[refused.kind]
    title, message = text(f"web.pdf.{name}.title"), text(f"web.pdf.{name}")
    when = text("web.pdf.try_again", wait=wait_words(refused.seconds))
    page = request.url.path.rsplit("/", 1)[0]  # the result, or the survey of a group report
    back = (page, text("web.back.survey") if page.startswith("/admin/") else text("web.back.result"))
    return try_later(request, refused.status, title, message + when, refused.seconds, back)
