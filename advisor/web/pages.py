"""What pages share: the site of a request, and the plain pages for a missing draft, a refused form and a failure."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from advisor.web.site import Site


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
