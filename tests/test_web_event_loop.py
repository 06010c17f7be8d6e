"""The event loop serves every connection (static files included), so a request's work never runs on it (issue 22,
items 2 and 3; OWASP ASVS V13: one client's requests must not stall everyone's): a route that reads a form or a body
is a plain `def` (FastAPI runs it in a worker thread) with the form or body read by a dependency, and the exception
handlers and the middlewares' refusal pages run in worker threads too. Only the PDF downloads are `async def`: they
wait for the render pool, holding no thread, and prepare their HTML in a worker thread.

The guard: every route the application has is requested, with the site behind a spy that notes each use of the site
(its rules, database, pages, limits) made on the event loop's thread; the spy must note none but the PDF downloads'
turn with the render pool.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import time
import traceback
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from advisor.web import Site, create_app, open_site
from tests.live_server import live_server
from tests.test_web_survey import accept, answer, create_survey, organiser, respond, respondent, start
from tests.web_helpers import csrf_of

ROOT = Path(__file__).resolve().parent.parent
CLINIC = (ROOT / "examples" / "clinic.json").read_bytes()
WAITING_ROUTES = {"report_pdf", "group_pdf"}
"""The routes that are `async def`: they wait for the render pool (holding no thread) and prepare in a thread."""
ON_LOOP = {"renders", "refusals"}
"""What of the site the event loop may use: the render pool's turns and flights, the refusal counts (locks held for
a dictionary update)."""


def on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LoopSpy:
    """The site, noting each attribute used on the event loop's thread (a worker thread has no running loop)."""

    def __init__(self, site: Site) -> None:
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "seen", [])

    def __getattr__(self, name: str) -> Any:
        if name not in ON_LOOP and on_event_loop():
            caller = traceback.extract_stack(limit=3)[0]
            self.seen.append(f"site.{name} in {Path(caller.filename).name}:{caller.lineno} {caller.name}")
        return getattr(self._site, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._site, name, value)


def api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every route of the application, the included routers' too (FastAPI keeps each included router as one
    route of the application, with the router it includes as `original_router`)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
    return found


def test_only_the_pdf_downloads_are_async_routes_and_every_exception_handler_is_a_plain_def(tmp_path):
    app = create_app(open_site(None, tmp_path))
    routes = api_routes(app.routes)
    assert len(routes) > 30
    asynchronous = {route.endpoint.__name__ for route in routes if inspect.iscoroutinefunction(route.endpoint)}
    assert asynchronous == WAITING_ROUTES
    ours = [h for h in app.exception_handlers.values() if h.__module__.startswith("advisor.")]
    assert len(ours) >= 5
    assert [h.__name__ for h in ours if inspect.iscoroutinefunction(h)] == []  # FastAPI's own 422 for bad params: JSON


@pytest.fixture()
def spied(tmp_path: Path) -> tuple[TestClient, LoopSpy, set[tuple[str, Any]], set[tuple[str, Any]]]:
    """A client of an application whose site is behind a `LoopSpy`, the (method, endpoint) pairs it requested, and
    those of every route but the PDF downloads."""
    site = open_site(None, tmp_path)
    app = create_app(site)
    spy = LoopSpy(site)
    app.state.site = spy
    requested: set[tuple[str, Any]] = set()

    async def recording(scope: Any, receive: Any, send: Any) -> None:
        await app(scope, receive, send)
        if scope["type"] == "http" and "route" in scope:
            requested.add((scope["method"], scope["route"].endpoint))

    every = {
        (method, route.endpoint)
        for route in api_routes(app.routes)
        if route.endpoint.__name__ not in WAITING_ROUTES
        for method in route.methods
    }
    return TestClient(recording), spy, requested, every


def test_no_route_handler_or_refusal_uses_the_site_on_the_event_loop(spied):
    client, spy, requested, every = spied
    site: Site = spy._site
    # the questionnaire, from the home page to an accepted result
    home = client.get("/")
    started = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    token = started.headers["location"].split("/")[2]
    assert client.get(f"/q/{token}").status_code in (200, 303)
    first = client.get(f"/q/{token}/1")
    form = {"csrf_token": csrf_of(first.text), "org_name": "Loop Clinic"}
    assert client.post(f"/q/{token}/1/live", data=form).status_code == 200
    assert client.post(f"/q/{token}/1", data={**form, "action": "save"}, follow_redirects=False).status_code == 303
    assert client.get(f"/q/{token}/saved").status_code == 200
    pages = {1: {"org_name": "Loop Clinic"}, 2: {"writing_importance": "4"}}
    for number in range(1, 6):
        assert answer(client, token, number, pages.get(number, {})).status_code == 303
    assert client.get(f"/q/{token}/summary").status_code == 200
    accept(client, token)
    # an upload, its result, downloads and what-if
    upload = client.get("/upload")
    files = {"profile": ("clinic.json", CLINIC, "application/json")}
    uploaded = client.post("/upload", data={"csrf_token": csrf_of(upload.text)}, files=files, follow_redirects=False)
    result = uploaded.headers["location"]
    bad = {"profile": ("bad.json", b'{"needs": 1}', "application/json")}
    assert client.post("/upload", data={"csrf_token": csrf_of(upload.text)}, files=bad).status_code == 422
    page = client.get(result)
    for download in ("profile.json", "assessment.json"):
        assert client.get(f"{result}/{download}").status_code == 200
    whatif = {"csrf_token": csrf_of(page.text), "art_importance": "5"}
    assert client.post(f"{result}/whatif", data=whatif).status_code == 200
    assert client.post(f"{result}/whatif", data=whatif, headers={"accept": "application/json"}).status_code == 200
    # the JSON API
    profile = json.loads(CLINIC)
    assert client.post("/api/v1/assess", json=profile).status_code == 200
    assert client.post("/api/v1/assess", content=b"{}", headers={"content-type": "text/plain"}).status_code == 415
    changes = {"profile": profile, "changes": {"needs.art.importance": 5}}
    assert client.post("/api/v1/whatif", json=changes).status_code == 200
    for path in ("schema", "rules", "questions"):
        assert client.get(f"/api/v1/{path}").status_code == 200
    # the organiser: login (a wrong token, then the right one), a survey, a response, exports, deletions, logout
    login = client.get("/admin/login")
    wrong = {"csrf_token": csrf_of(login.text), "token": "not-the-token"}
    assert client.post("/admin/login", data=wrong).status_code == 401
    right = {"csrf_token": csrf_of(login.text), "token": site.admin_token}
    assert client.post("/admin/login", data=right, follow_redirects=False).status_code == 303
    assert client.get("/admin").status_code == 200
    dashboard, link = create_survey(client)
    respondent = start(client, link)
    for number in range(1, 6):
        changes_of_page = {1: {"respondent_role": "IT"}, 2: {"writing_importance": "3"}}.get(number, {})
        assert answer(client, respondent, number, changes_of_page).status_code == 303
    accept(client, respondent)
    shown = client.get(dashboard)
    response_ids = re.findall(r'name="response" value="([^"]+)"', shown.text)
    for export in ("responses.csv", "profiles.jsonl", "group.json"):
        assert client.get(f"{dashboard}/{export}").status_code == 200
    admin_csrf = csrf_of(shown.text)
    for action in ("close", "reopen"):
        assert client.post(f"{dashboard}/{action}", data={"csrf_token": admin_csrf}).status_code == 200
    several = {"csrf_token": admin_csrf, "response": response_ids}
    assert client.post(f"{dashboard}/responses/delete", data=several).status_code == 200  # asks first
    confirm = client.get(f"{dashboard}/responses/{response_ids[0]}/delete")
    assert confirm.status_code == 200
    gone = client.post(f"{dashboard}/responses/{response_ids[0]}/delete", data={"csrf_token": admin_csrf})
    assert gone.status_code == 200
    several["confirm"] = "yes"
    assert client.post(f"{dashboard}/responses/delete", data=several).status_code == 200
    assert client.post("/admin/logout", data={"csrf_token": admin_csrf}, follow_redirects=False).status_code == 303
    # refusals: not found, a method not allowed, a missing CSRF token, a cross-site write, a body too large
    assert client.get("/no/such/page").status_code == 404
    assert client.put("/").status_code == 405
    assert client.post("/start", data={}).status_code == 403
    assert client.post("/start", data={}, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.post("/api/v1/assess", content=b" " * (1024 * 1024 + 1)).status_code == 413

    assert spy.seen == []
    assert every - requested == set(), "a route this test does not request: add it above"


def test_a_dashboard_reloaded_assesses_the_group_again_only_when_its_responses_changed(tmp_path, monkeypatch):
    from advisor.web import survey_results

    calls = []
    real = survey_results.assess_group
    monkeypatch.setattr(survey_results, "assess_group", lambda *a, **k: calls.append(1) or real(*a, **k))
    site = open_site(None, tmp_path)
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    respond(respondent(site), link, "IT", {"writing_importance": "4"})
    first = admin.get(dashboard).text
    assert admin.get(dashboard).text == first and calls == [1]  # reloaded: the same page, not assessed again
    respond(respondent(site), link, "Legal", {"art_importance": "5"})
    assert admin.get(dashboard).text != first and calls == [1, 1]


# ---- replayed on the real server ----------------------------------------------------------------------------------

ATTACKER = "127.0.0.2"
GREEDY = 16
"""Heavy requests the attacker keeps in flight: the issue's 16 what-ifs at once, now all valid."""
ROUNDS = 4
GENEROUS = 3.0
"""Seconds any one fetch of the normal user may take: tens of milliseconds here, seconds only if the event loop
stalled (16 what-ifs once stalled static files for 19 s)."""


async def heavy_requests(base: str) -> list[int]:
    """GREEDY lanes from ATTACKER, each sending ROUNDS of the requests that cost most within every bound: the page's
    what-if (three assessments and the page), the API's what-if and assess with importances that change every time
    (no cache answers), an upload, the result page; their statuses."""
    transport = httpx.AsyncHTTPTransport(local_address=ATTACKER)
    limits = httpx.Limits(max_connections=GREEDY)
    async with httpx.AsyncClient(base_url=base, transport=transport, limits=limits, timeout=60) as session:
        csrf = csrf_of((await session.get("/upload")).text)
        files = {"profile": ("clinic.json", CLINIC, "application/json")}
        result = (await session.post("/upload", data={"csrf_token": csrf}, files=files)).headers["location"]
        token = csrf_of((await session.get(result)).text)
        profile = json.loads(CLINIC)

        async def lane(number: int) -> list[int]:
            statuses = []
            for round_ in range(ROUNDS):
                levels = {u: 1 + (number + round_ + i) % 5 for i, u in enumerate(("art", "code", "writing"))}
                form = {"csrf_token": token, **{f"{u}_importance": str(n) for u, n in levels.items()}}
                changes = {f"needs.{u}.importance": n for u, n in levels.items()}
                needs = {u: {"importance": n, "volume": "high"} for u, n in levels.items()}
                answers = await asyncio.gather(
                    session.post(f"{result}/whatif", data=form),
                    session.post("/api/v1/whatif", json={"profile": profile, "changes": changes}),
                    session.post("/api/v1/assess", json={**profile, "needs": needs}),
                    session.get(result),
                )
                statuses += [answer.status_code for answer in answers]
            upload = await session.post("/upload", data={"csrf_token": csrf}, files=files)
            return [*statuses, upload.status_code]

        return [status for statuses in await asyncio.gather(*(lane(n) for n in range(GREEDY))) for status in statuses]


async def normal_user(base: str, attack: asyncio.Task[list[int]]) -> list[float]:
    """The style sheet and the home page from 127.0.0.1, one after the other, until the attack has ended; the
    longest each fetch took, per pair."""
    longest = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as session:
        home = (await session.get("/")).text
        asset = re.search(r'href="(/assets/[^"]+\.css[^"]*)"', home)
        assert asset, "the home page links its style sheet"
        while not attack.done():
            times = []
            for url in (asset[1], "/"):
                began = time.perf_counter()
                assert (await session.get(url)).status_code == 200
                times.append(time.perf_counter() - began)
            longest.append(max(times))
    return longest


def test_a_normal_user_gets_the_style_sheet_and_a_page_while_another_address_sends_heavy_requests(tmp_path):
    with live_server(tmp_path / "data") as server:

        async def both() -> tuple[list[int], list[float]]:
            attack = asyncio.create_task(heavy_requests(server.url.rstrip("/")))
            fetches = await normal_user(server.url.rstrip("/"), attack)
            return await attack, fetches

        statuses, fetches = asyncio.run(both())
    assert statuses.count(200) == 4 * ROUNDS * GREEDY and statuses.count(303) == GREEDY
    assert fetches, "the normal user fetched nothing while the attack ran"
    assert max(fetches) < GENEROUS, f"a fetch took {max(fetches):.1f} s during the attack: {sorted(fetches)[-5:]}"
