"""The protections of a server that may be exposed: security headers on every kind of response, CSRF refusal on every
form POST (found by walking the app's routes, so a new form is covered without a new test), and the body cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.convertors import IntegerConvertor

from advisor.web import Site, create_app, open_site
from advisor.web.assets import asset_url
from advisor.web.security import CSRF_COOKIE, CSRF_FIELD

ROOT = Path(__file__).resolve().parent.parent
PROFILE = (ROOT / "examples" / "clinic.json").read_bytes()
LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = open_site(None, tmp_path_factory.mktemp("web-security"))
    yield served
    served.store.close()


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    """A fresh browser: no cookies."""
    with TestClient(create_app(site)) as test_client:
        yield test_client


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as directive -> sources."""
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


# ------------------------------------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/api/v1/rules", 200),
        ("POST", "/api/v1/assess", 415),
        ("GET", "/no/such/page", 404),
        ("GET", "/assets/web/site.css", 200),
        ("GET", "/assets/web/nothing.css", 404),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, method, path, status):
    response = client.request(method, path)

    assert response.status_code == status
    policy = directives(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["object-src"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_the_stylesheet_is_served_as_css_from_the_packages_assets(client):
    response = client.get("/assets/web/site.css")

    assert response.headers["content-type"].startswith("text/css")
    assert response.content == (ROOT / "templates" / "assets" / "web" / "site.css").read_bytes()
    for outside in ("/assets/web/%2e%2e/%2e%2e/report.css", "/assets/..%2f..%2frules%2fdefault.yaml"):
        assert client.get(outside).status_code == 404  # templates/report.css, rules/default.yaml exist


def test_pages_have_no_inline_script_for_the_policy_to_block(client):
    html = client.get("/").text

    assert re.findall(r"<script\b[^>]*>", html) == [f'<script src="{asset_url("web/site.js")}" defer>']
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "<style" not in html


def test_the_csrf_cookie_is_httponly_and_samesite_lax(client):
    cookie = client.get("/").headers["set-cookie"]

    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie


# ------------------------------------------------------------------------------------------------------- CSRF


def form_posts(site: Site) -> list[str]:
    """The URL of every form POST route of the app (all but the JSON API), with real values for its parameters.

    FastAPI keeps included routers as nodes of `app.routes`; `iter_route_contexts` walks them, as its OpenAPI does."""
    token = site.store.create({}, site.questionnaire.sha256)  # a real draft: a refusal is the CSRF check's doing
    urls = []
    for route in iter_route_contexts(create_app(site).routes):
        if "POST" in (route.methods or ()) and not route.path.startswith("/api/"):
            values = {
                name: "1" if isinstance(convertor, IntegerConvertor) else token
                for name, convertor in route.param_convertors.items()
            }
            urls.append(route.path_format.format(**values))
    return urls


def organiser(site: Site) -> dict[str, str]:
    """The admin token as a bearer header: the organiser's form posts then get as far as their CSRF check."""
    return {"authorization": f"Bearer {site.admin_token}"}


def test_the_form_posts_are_found(site):
    shapes = {re.sub(r"[\w-]{20,}", "TOKEN", url) for url in form_posts(site)}

    assert {"/start", "/q/TOKEN/1", "/q/TOKEN/1/live", "/q/TOKEN/finish"} <= shapes
    assert {"/s/TOKEN/start", "/admin/login", "/admin/surveys", "/admin/surveys/TOKEN/close"} <= shapes
    assert "/admin/surveys/TOKEN/responses/TOKEN/delete" in shapes


@pytest.mark.parametrize(
    "forged",
    [
        pytest.param({}, id="no-cookie-no-field"),
        pytest.param({"field": "a" * 43}, id="field-without-cookie"),
        pytest.param({"cookie": "b" * 43}, id="cookie-without-field"),
        pytest.param({"cookie": "b" * 43, "field": "a" * 43}, id="field-not-the-cookie"),
        pytest.param({"cookie": "b" * 43, "field": "b" * 43}, id="field-equal-to-a-planted-cookie"),
    ],
)
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_every_form_post_refuses_a_request_without_the_csrf_token(site, forged, encoding):
    for url in form_posts(site):
        with TestClient(create_app(site), headers=organiser(site)) as client:
            if "cookie" in forged:
                client.cookies.set(CSRF_COOKIE, forged["cookie"])
            data = {"action": "next", **({CSRF_FIELD: forged["field"]} if "field" in forged else {})}
            files = {"profile": ("profile.json", PROFILE, "application/json")} if encoding == "multipart" else None

            response = client.post(url, data=data, files=files, follow_redirects=False)

        assert response.status_code == 403, url
        assert "security token is missing or out of date" in response.text, url  # as JSON: a bearer client
        assert response.headers["content-type"] == "application/json", url


def test_every_form_post_takes_a_request_with_the_token_its_page_carries(site):
    """The other side of the refusals above: they are the token's doing, not the route's. A draft's forms carry the
    token of its pages; the others that of the browser's cookie, which any page gives."""
    for url in form_posts(site):
        with TestClient(create_app(site), headers=organiser(site)) as client:
            draft = re.match(r"/(?:q|result)/([^/]+)", url)
            page = client.get(f"/q/{draft[1]}/1" if draft else "/")
            token = re.search(rf'name="{CSRF_FIELD}" value="([^"]+)"', page.text)[1]

            response = client.post(url, data={"action": "next", CSRF_FIELD: token}, follow_redirects=False)

        assert response.status_code != 403, url


def test_a_form_post_with_the_token_of_its_cookie_is_accepted(client):
    page = client.get("/")
    token = re.search(rf'name="{CSRF_FIELD}" value="([^"]+)"', page.text).group(1)

    response = client.post("/start", data={CSRF_FIELD: token}, follow_redirects=False)

    assert response.status_code == 303
    assert re.fullmatch(r"/q/[\w-]{32}/1", response.headers["location"])


# ------------------------------------------------------------------------------------------------------- failures


def test_a_failing_page_answers_a_plain_error_with_an_id_and_no_trace(site, monkeypatch):
    def broken(questionnaire, answers):
        raise RuntimeError("secret detail of /srv/advisor/internal.py")

    monkeypatch.setattr("advisor.web.questionnaire_pages.first_open_section", broken)
    token = site.store.create({}, site.questionnaire.sha256)
    with TestClient(create_app(site), raise_server_exceptions=False) as client:
        response = client.get(f"/q/{token}")

    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert re.fullmatch(r"Something went wrong on the server \(error id [0-9a-f]{12}\)\. .*", response.text)
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------------------------------------------- body cap


def test_a_body_over_1_mib_is_refused_with_413_json_problems_on_the_api(client):
    body = b"{" + b" " * (LIMIT + LIMIT // 10) + b"}"

    response = client.post("/api/v1/assess", content=body, headers={"content-type": "application/json"})

    assert response.status_code == 413 and response.headers["content-type"] == "application/json"
    assert response.json() == {
        "problems": [
            {
                "path": "",
                "message": "the request body is larger than 1 MiB, the most this server accepts",
                "code": "request.too_large",
            }
        ]
    }
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_form_over_1_mib_is_refused_with_a_styled_413_page(client):
    body = b"csrf_token=" + b"x" * (LIMIT + LIMIT // 10)

    response = client.post("/start", content=body, headers={"content-type": "application/x-www-form-urlencoded"})

    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert f'<link rel="stylesheet" href="{asset_url("web/site.css")}">' in response.text
    assert "<h1>Too large to accept</h1>" in response.text and "larger than 1 MiB" in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_over_1_mib_without_a_length_is_refused_with_413(client):
    def chunks() -> Iterator[bytes]:
        for _ in range(11):
            yield b" " * (LIMIT // 10)

    request = client.build_request(
        "POST", "/api/v1/assess", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in request.headers
    assert request.headers["transfer-encoding"] == "chunked"

    response = client.send(request)

    assert response.status_code == 413 and response.json()["problems"][0]["message"].startswith("the request body")


def test_a_profile_just_under_the_cap_is_assessed(client):
    body = PROFILE + b" " * (LIMIT - len(PROFILE))

    response = client.post("/api/v1/assess", content=body, headers={"content-type": "application/json"})

    assert response.status_code == 200
    assert response.json()["profile_id"] == "clinic"


def test_a_declared_length_that_is_not_a_number_is_refused(client):
    response = client.post(
        "/api/v1/assess", content=PROFILE, headers={"content-type": "application/json", "content-length": "12x"}
    )

    assert response.status_code == 413
