"""Refusals in the client's own language: JSON problems (the JSON API's shape) for an API client wherever it asks, a
styled page for a browser; a body over the cap is no exception (413). Error messages never speak of the CLI's flags."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from advisor.web import Site, create_app, open_site
from advisor.web.assets import asset_url
from tests.test_web_survey import BROWSER_ACCEPT, create_survey, organiser

ROOT = Path(__file__).resolve().parent.parent
LAW_FIRM = (ROOT / "examples" / "law-firm.json").read_bytes()
OVER_THE_CAP = 1536 * 1024  # the 1.5 MB of the report


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = open_site(None, tmp_path_factory.mktemp("web-errors"))
    yield served
    served.store.close()


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(site)) as test_client:
        yield test_client


def problems_of(response) -> list[dict]:
    """The problems of a JSON refusal, checking its shape is the JSON API's."""
    assert response.headers["content-type"] == "application/json", response.text[:200]
    body = response.json()
    assert list(body) == ["problems"] and body["problems"], body
    assert all(set(p) >= {"path", "message"} and p["message"] for p in body["problems"]), body
    return body["problems"]


def bearer(site: Site) -> dict[str, str]:
    return {"authorization": f"Bearer {site.admin_token}"}


# ---- 413 ------------------------------------------------------------------------------------------------------------


def upload_form(client: TestClient) -> str:
    page = client.get("/upload").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def test_a_1_5_mb_upload_gets_the_styled_upload_page_with_the_problem(client):
    padded = LAW_FIRM[:-2] + b', "notes": "' + b"x" * OVER_THE_CAP + b'"}'
    response = client.post(
        "/upload", data={"csrf_token": upload_form(client)}, files={"profile": ("big.json", padded, "application/json")}
    )
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert f'<link rel="stylesheet" href="{asset_url("web/site.css")}">' in response.text
    assert re.search(r'<div class="problem" role="alert" id="problems"><p>The file is larger than 1 MiB', response.text)
    assert 'type="file" name="profile"' in response.text  # choose another file on the same page
    assert "KiB" not in response.text and response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/v1/assess", "/api/v1/whatif"])
def test_a_1_5_mb_api_body_gets_413_json_problems(client, path):
    response = client.post(path, content=b" " * OVER_THE_CAP, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert problems_of(response) == [
        {
            "path": "",
            "message": "the request body is larger than 1 MiB, the most this server accepts",
            "code": "request.too_large",
        }
    ]


def test_an_organisers_form_over_the_cap_is_a_styled_page_and_never_cached(client, site):
    response = client.post(
        "/admin/surveys",
        content=b"title=" + b"x" * OVER_THE_CAP,
        headers={"content-type": "application/x-www-form-urlencoded", "accept": BROWSER_ACCEPT},
    )
    assert response.status_code == 413 and "<h1>Too large to accept</h1>" in response.text
    assert response.headers["cache-control"] == "no-store"


# ---- API clients get JSON everywhere ---------------------------------------------------------------------------------


def test_group_json_of_an_empty_survey_is_a_json_409_for_a_bearer_client(site):
    dashboard, _ = create_survey(organiser(site))
    with TestClient(create_app(site), headers=bearer(site)) as script:
        for export in ("group.json", "group.pdf"):
            response = script.get(f"{dashboard}/{export}")
            assert response.status_code == 409
            assert "no accepted response yet" in problems_of(response)[0]["message"]
    browser = organiser(site)
    page = browser.get(f"{dashboard}/group.pdf", headers={"accept": BROWSER_ACCEPT})
    assert page.status_code == 409 and "<h1>No responses yet</h1>" in page.text  # a browser gets the page


def test_a_script_without_or_with_a_wrong_token_gets_json_401_and_403(site):
    with TestClient(create_app(site)) as script:
        missing = script.get("/admin/surveys/x/group.json")
        assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in problems_of(missing)[0]["message"]
        wrong = script.get("/admin/surveys/x", headers={"authorization": "Bearer not-the-token"})
        assert wrong.status_code == 403 and "not valid" in problems_of(wrong)[0]["message"]


def get_routes(site: Site) -> list[str]:
    """Every page a GET reaches outside the JSON API, its parameters filled with a value no draft or survey has."""
    urls = []
    for route in iter_route_contexts(create_app(site).routes):
        if "GET" in (getattr(route, "methods", None) or ()) and not route.path.startswith(("/api/", "/openapi")):
            values = {name: "1" if name == "number" else "no-such-thing" for name in route.param_convertors}
            urls.append(route.path_format.format(**values))
    return urls


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param("bearer", id="bearer-token"),
        pytest.param({"accept": "application/json"}, id="accept-json"),
    ],
)
def test_every_refusal_outside_the_api_is_json_problems_for_an_api_client(site, headers):
    sent = bearer(site) if headers == "bearer" else headers
    refused = []
    with TestClient(create_app(site), headers=sent) as script:
        for url in [*get_routes(site), "/no/such/page", "/admin/surveys/no-such-thing/nothing.json"]:
            response = script.get(url, follow_redirects=False)
            if response.status_code >= 400:
                problems_of(response)
                refused.append(url)
        wrong_method = script.delete("/q/no-such-thing/1")
        assert wrong_method.status_code == 405 and problems_of(wrong_method)
    assert len(refused) >= 10, refused  # drafts, results, downloads, surveys, exports, unknown addresses


def test_a_browser_still_gets_pages(client):
    response = client.get("/no/such/page", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text


def test_a_failure_is_json_with_an_error_id_for_an_api_client(site, monkeypatch):
    def broken(questionnaire, answers):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("advisor.web.questionnaire_pages.first_open_section", broken)
    token = site.store.create({}, site.questionnaire.sha256)
    with TestClient(create_app(site), raise_server_exceptions=False, headers=bearer(site)) as script:
        response = script.get(f"/q/{token}")
    assert response.status_code == 500
    (problem,) = problems_of(response)
    assert re.fullmatch(r"Something went wrong on the server \(error id [0-9a-f]{12}\)\. .*", problem["message"])
    assert "secret" not in response.text


# ---- the API speaks of its own fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"organization.name.first": "Acme"},
        {"needs.art.importance.level": 3},
        {"context.languages": "de, en"},
        {"needs.art.importance": 9},
        {"context.nothing": 1},
    ],
)
def test_what_if_errors_name_the_changes_field_never_a_cli_flag(client, changes):
    profile = (ROOT / "examples" / "newsroom.json").read_text()
    body = '{"profile": ' + profile + ', "changes": ' + json.dumps(changes) + "}"
    response = client.post("/api/v1/whatif", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    for problem in problems_of(response):
        assert problem["path"].startswith("changes"), problem
        assert not re.search(r"(^|\s)--\w", problem["message"]), problem  # no --set, no other flag
        assert "=" not in problem["message"].split(":")[0], problem


@pytest.mark.parametrize("path", ["/api/v1/assess", "/api/v1/whatif"])
def test_a_draft_sent_as_a_profile_is_refused_without_the_clis_command(client, path):
    draft = {"advisor_draft": {"version": 1, "answers": {}, "resume": "advisor ask --resume x.json"}}
    body = draft if path.endswith("assess") else {"profile": draft, "changes": {"needs.art.importance": 3}}
    response = client.post(path, json=body)
    assert response.status_code == 422
    (problem,) = problems_of(response)
    assert problem["message"].startswith("this is an unfinished questionnaire draft, not a profile")
    assert "advisor ask" not in problem["message"] and "--" not in problem["message"]


def test_a_change_under_a_value_that_is_not_an_object_names_the_change(client):
    profile = (ROOT / "examples" / "newsroom.json").read_text()
    body = '{"profile": ' + profile + ', "changes": {"organization.name.first": "Acme"}}'
    response = client.post("/api/v1/whatif", content=body, headers={"content-type": "application/json"})
    assert problems_of(response) == [
        {
            "path": "changes",
            "message": "'organization.name.first': organization.name is not an object, so it has no field 'first'",
            "code": "whatif.change.invalid",
        }
    ]
