"""The web application: FastAPI with server-rendered pages, the JSON API under /api/v1, and the bundled assets.

`create_app` builds it around one `Site` (rules, questionnaire, drafts); `advisor serve` runs it on uvicorn.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from advisor.core.version import __version__
from advisor.web import admin_pages, api, questionnaire_pages, result_pages, survey_exports, survey_pages
from advisor.web.admin_auth import AdminRefused
from advisor.web.assets import asset_cache_control, assets_dir
from advisor.web.links import HostCheck, accepted_hosts
from advisor.web.openapi import openapi_document
from advisor.web.pages import message_page, not_found, problem_dict, too_large, try_later, wait_words, wants_json
from advisor.web.security import SECURITY_HEADERS, CsrfRefused, SameOriginMiddleware, SecurityMiddleware
from advisor.web.site import Site
from advisor.web.storage import is_storage_failure, reason
from advisor.web.timeouts import ClientLimits
from advisor.words.text import text

STORAGE_RETRY_SECONDS = 60

log = logging.getLogger("advisor.web")


def create_app(site: Site) -> FastAPI:
    """The application serving `site`."""
    app = FastAPI(
        title="advisor",
        version=__version__,
        summary="Decide whether an organisation should adopt an LLM, broader generative AI, or both.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.site = site

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_document(app, site.rules)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.mount("/assets", Assets(directory=assets_dir(), follow_symlink=False), "assets")
    app.include_router(questionnaire_pages.router, include_in_schema=False)  # the OpenAPI describes the JSON API
    app.include_router(result_pages.router, include_in_schema=False)
    app.include_router(survey_pages.router, include_in_schema=False)
    app.include_router(admin_pages.login_router, include_in_schema=False)
    app.include_router(admin_pages.router, include_in_schema=False)
    app.include_router(survey_exports.router, include_in_schema=False)
    app.include_router(api.router, prefix="/api/v1")
    app.add_middleware(SameOriginMiddleware, refuse=cross_origin, public_url=site.settings.public_url)
    hosts = accepted_hosts(site.settings)
    if hosts is not None:
        app.add_middleware(HostCheck, hosts=hosts, refusals=site.refusals, refuse=unknown_host)  # inside: its 400 gets the headers
    # ClientLimits sees every request; SecurityMiddleware, outermost, gives its refusals the headers like any answer
    app.add_middleware(ClientLimits, limits=site.settings.limits, refusals=site.refusals)
    app.add_middleware(SecurityMiddleware, too_large=too_large)
    from advisor.web.language import LanguageMiddleware, server_language  # each request in its language

    app.add_middleware(LanguageMiddleware, default=server_language())  # outermost: every answer in its language

    @app.exception_handler(sqlite3.Error)
    @app.exception_handler(OSError)
    def storage_failure(request: Request, exc: Exception) -> Response:
        if not is_storage_failure(exc):
            return failure(request, exc)
        site.refusals.note("requests the disk refused", reason(exc))
        not_saved = text("web.not_saved", wait=wait_words(STORAGE_RETRY_SECONDS))
        return try_later(
            request, 503, text("web.not_saved.title"), not_saved, STORAGE_RETRY_SECONDS, code="server.storage"
        )

    @app.exception_handler(CsrfRefused)
    def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        return message_page(request, 403, text("web.form_refused.title"), text("web.form_refused"))

    @app.exception_handler(AdminRefused)
    def admin_refused(request: Request, exc: AdminRefused) -> Response:
        return admin_pages.refused_page(request, exc)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(app, request.scope)) or headers.get("Allow", "")
        if wants_json(request):
            problems = {"problems": [problem_dict(exc.status_code, str(exc.detail))]}
            return JSONResponse(problems, status_code=exc.status_code, headers=headers)
        if exc.status_code == 404:
            response = not_found(request)
        else:
            response = message_page(request, exc.status_code, text("web.refused.title"), str(exc.detail))
        response.headers.update(headers)
        return response

    @app.exception_handler(Exception)
    def failure(request: Request, exc: Exception) -> Response:
        incident = uuid.uuid4().hex[:12]
        log.error("error %s on %s %s", incident, request.method, request.url.path, exc_info=exc)
        said = text("web.failure", incident=incident)
        if wants_json(request):
            response: Response = JSONResponse({"problems": [problem_dict(500, said)]}, status_code=500)
        else:
            response = Response(said, status_code=500, media_type="text/plain; charset=utf-8")
        response.headers.update(SECURITY_HEADERS)  # this answer does not pass the SecurityMiddleware
        response.headers["cache-control"] = "no-store"
        return response

    return app


def cross_origin(request: Request) -> Response:
    """The answer to a write that a browser sent from another site or origin (another port of this host too)."""
    return message_page(request, 403, text("web.refused.title"), text("web.cross_origin"))


def unknown_host(request: Request) -> Response:
    """The answer (400) to a request for a host name this server does not answer to: a page with no link (a link
    would lead to that name again), or JSON problems for an API client."""
    return message_page(request, 400, text("web.unknown_host.title"), text("web.unknown_host"), back=("", ""))


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """The methods some route answers at the request's path: the `Allow` of a 405 (RFC 9110), which Starlette
    takes from the first route on the path only (a GET and a POST route on one path would each name their own)."""
    found = []
    routes = [route for route in app.router.routes if not isinstance(route, Mount)]  # a mount says for itself
    for method in METHODS:
        probe = {"type": "http", "method": method, "path": scope["path"], "root_path": scope.get("root_path", "")}
        if any(route.matches({**probe, "headers": []})[0] is Match.FULL for route in routes):
            found.append(method)
    return found


class Assets(StaticFiles):
    """The bundled assets; a method other than GET or HEAD is a 405 that says which are allowed."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise StarletteHTTPException(405, headers={"Allow": "GET, HEAD"})
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["cache-control"] = asset_cache_control(path, scope["query_string"].decode("latin-1"))
        return response
