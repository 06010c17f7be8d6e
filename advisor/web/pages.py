"""What pages share: the site of a request, the plain pages for a missing draft, a refused form and a failure, and
the PDF rendering (one at a time) with its date."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from fastapi import Request
from fastapi.responses import Response

from advisor.core.errors import UsageError
from advisor.report import render_pdf, report_date
from advisor.web.site import Site

log = logging.getLogger("advisor.web")
_PDF_LOCK = threading.Lock()  # one WeasyPrint rendering at a time: its font configuration is shared


def site_of(request: Request) -> Site:
    """The state of the server handling `request`."""
    site: Site = request.app.state.site
    return site


def not_found(request: Request) -> Response:
    """A 404 page: the link is wrong, or the draft is gone."""
    return site_of(request).page(
        request,
        "message.html.j2",
        status=404,
        title="Not found",
        message="There is nothing at this address. Check the link, or start a new assessment.",
    )


def message_page(request: Request, status: int, title: str, message: str) -> Response:
    """A short page that says what happened, with a link home."""
    return site_of(request).page(request, "message.html.j2", status=status, title=title, message=message)


def report_day() -> dt.date:
    """The report date: SOURCE_DATE_EPOCH, else today (a malformed SOURCE_DATE_EPOCH is logged, not fatal)."""
    try:
        return report_date(None)
    except UsageError as exc:
        log.warning("%s; the reports are dated today", exc)
        return dt.date.today()


def pdf_of(html: str) -> bytes:
    """The PDF of a report's HTML, rendered one at a time in this process."""
    with _PDF_LOCK:
        return render_pdf(html)
