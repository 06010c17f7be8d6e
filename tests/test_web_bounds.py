"""What one request may make the server do (OWASP ASVS V13.1: API input bounded): a JSON body over the bounds of keys
and nesting is refused before it is validated, with one located problem (413); a refusal lists at most
`Limits.max_problems` problems, then one that counts the rest; the slow-client middleware answers 408 to a body that
stopped coming, 503 to a client address over its requests in progress, and ends an abandoned body without an error.

The same attacks on the real server are in tests/test_web_attacks_slow.py."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from advisor.core.errors import Problem
from advisor.web import create_app, open_site
from advisor.web.bounds import capped_problems, shape_problem
from advisor.web.limits import Limits, RefusalLog, Settings
from advisor.web.timeouts import ABORTED_BODY, BUSY_CLIENT, SLOW_BODY, ClientLimits
from tests.web_helpers import untimed

ROOT = Path(__file__).resolve().parent.parent
CLINIC = json.loads((ROOT / "examples" / "clinic.json").read_bytes())
JSON = {"content-type": "application/json"}
FEW_PROBLEMS = 3


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    site = open_site(None, tmp_path_factory.mktemp("bounds"))
    with TestClient(create_app(site)) as test_client:
        yield test_client
    site.store.close()


@pytest.fixture(scope="module")
def few(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server that lists at most FEW_PROBLEMS problems, so that a what-if form can go over."""
    settings = Settings(limits=Limits(max_problems=FEW_PROBLEMS))
    site = open_site(None, tmp_path_factory.mktemp("few"), settings)
    with TestClient(create_app(site)) as test_client:
        yield test_client
    site.store.close()


def with_unknown_keys(count: int) -> dict[str, Any]:
    return {**CLINIC, **{f"unknown_{i:05d}": 1 for i in range(count)}}


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


# ------------------------------------------------------------------------------------------------- the JSON shape

json_values = st.recursive(
    st.none() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=30,
)


def size_and_depth(value: Any) -> tuple[int, int]:
    """Keys and list items in all, and how many objects and lists are nested at the deepest: the rule, recursively."""
    if isinstance(value, dict):
        inner = [size_and_depth(v) for v in value.values()]
    elif isinstance(value, list):
        inner = [size_and_depth(v) for v in value]
    else:
        return 0, 0
    return len(value) + sum(size for size, _ in inner), 1 + max((depth for _, depth in inner), default=0)


@given(json_values, st.integers(0, 20), st.integers(1, 5))
def test_a_json_body_is_refused_exactly_when_it_has_too_many_keys_or_is_nested_too_deep(value, max_keys, max_depth):
    size, depth = size_and_depth(value)

    problem = shape_problem(value, max_keys, max_depth)

    assert (problem is None) == (size <= max_keys and depth <= max_depth)


def test_the_problem_is_located_where_the_body_went_over_with_long_keys_shortened():
    long_key = "k" * 500
    too_deep = shape_problem({"profile": {long_key: nested(40)}}, 2000, 32)
    too_many = shape_problem({"profile": CLINIC, "changes": {str(i): i for i in range(2001)}}, 2000, 32)

    assert too_deep is not None and too_deep.path == "profile." + "k" * 40 + "..." + ".a" * 30
    assert too_deep.message == "nested more than 32 deep, the most this server accepts"
    assert too_many == Problem(
        "changes",
        "more than 2000 keys and list items in all, the most this server accepts",
        code="request.too_many_keys",
    )


def test_a_refusal_lists_the_first_problems_then_counts_the_rest():
    problems = [Problem(f"p{i}", "wrong", code="schema.invalid") for i in range(53)]

    assert capped_problems(problems, 53) == problems
    assert capped_problems(problems, 50) == [*problems[:50], Problem("", "and 3 more problems", code="problems.more")]
    assert capped_problems(problems, 52)[-1] == Problem("", "and 1 more problem", code="problems.more")


# ------------------------------------------------------------------------------------------------- the JSON API


def test_an_api_body_with_20000_unknown_keys_is_refused_before_validation_with_one_small_problem(client):
    body = {"profile": with_unknown_keys(20_000), "changes": {"needs.writing.importance": 5}}

    for path, sent in (("/api/v1/whatif", body), ("/api/v1/assess", body["profile"])):
        response = client.post(path, json=sent)

        assert response.status_code == 413, path
        assert response.json() == {
            "problems": [
                {
                    "path": "profile" if path.endswith("whatif") else "",
                    "message": "more than 2000 keys and list items in all, the most this server accepts",
                    "code": "request.too_many_keys",
                }
            ]
        }


def test_a_deeply_nested_api_body_is_refused_with_where_it_went_too_deep(client):
    response = client.post("/api/v1/assess", json={**CLINIC, "notes": nested(100)})

    assert response.status_code == 413
    assert response.json()["problems"] == [
        {
            "path": "notes" + ".a" * 31,
            "message": "nested more than 32 deep, the most this server accepts",
            "code": "request.too_deep",
        }
    ]


def test_an_api_refusal_lists_50_problems_then_how_many_more(client):
    response = client.post("/api/v1/assess", json=with_unknown_keys(120))

    listed = response.json()["problems"]
    assert response.status_code == 422
    assert len(listed) == 51
    assert [p["path"] for p in listed[:3]] == ["unknown_00000", "unknown_00001", "unknown_00002"]
    assert listed[-1] == {"path": "", "message": "and 70 more problems", "code": "problems.more"}


def test_thousands_of_whatif_changes_inside_each_other_are_all_named(client):
    """The overlap check looks up each change's own prefixes (every pair took 34 s for 20,000 changes)."""
    changes = {"needs.art": {"importance": 1}, **{f"needs.art.x{i}": 1 for i in range(1500)}}

    response = client.post("/api/v1/whatif", json={"profile": CLINIC, "changes": changes})

    listed = response.json()["problems"]
    assert response.status_code == 422
    assert listed[0] == {
        "path": "changes.needs.art.x0",
        "message": "is inside the change of needs.art; change either needs.art or its fields",
        "code": "whatif.change.overlap",
    }
    assert listed[-1] == {"path": "", "message": "and 1450 more problems", "code": "problems.more"}


# ------------------------------------------------------------------------------------------------- pages


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form with a CSRF token"
    return found[1]


def csrf(test_client: TestClient) -> str:
    return csrf_of(test_client.get("/upload").text)


def upload(test_client: TestClient, data: Any) -> Any:
    content = json.dumps(data).encode()
    files = {"profile": ("big.json", content, "application/json")}
    return test_client.post("/upload", data={"csrf_token": csrf(test_client)}, files=files, follow_redirects=False)


def test_an_uploaded_file_with_many_problems_lists_50_then_how_many_more(client):
    page = upload(client, with_unknown_keys(120))

    problems = [html.unescape(item) for item in re.findall(r"<li><code>(.*?)</code></li>", page.text, re.DOTALL)]
    assert page.status_code == 422
    assert "big.json</bdi></strong> is not a valid profile (120 problems)" in page.text
    assert len(problems) == 51
    assert problems[-1] == "big.json: and 70 more problems"


def test_an_uploaded_file_with_20000_keys_is_refused_with_one_problem(client):
    page = upload(client, with_unknown_keys(20_000))

    assert page.status_code == 413
    assert "big.json: more than 2000 keys and list items in all" in html.unescape(page.text)
    assert len(page.content) < 20_000


def test_whatif_form_problems_are_capped_on_the_page_and_in_its_json(few):
    result = upload(few, CLINIC).headers["location"]
    wrong = {f"{uid}_{field}": "9" for uid in ("writing", "summarization", "art") for field in ("importance", "volume")}

    token = csrf_of(few.get(result).text)  # the what-if form's, as the result page carries it

    answer = few.post(f"{result}/whatif", data={"csrf_token": token, **wrong}, headers={"accept": "application/json"})
    page = few.post(f"{result}/whatif", data={"csrf_token": token, **wrong})

    listed = answer.json()["problems"]
    assert answer.status_code == 422 and page.status_code == 422
    assert len(listed) == FEW_PROBLEMS + 1
    assert listed[-1] == {"path": "", "message": "and 3 more problems", "code": "problems.more"}
    assert "and 3 more problems" in page.text


# ------------------------------------------------------------------------------------------------- the middleware


def plain(status: int) -> Any:
    def answer(request: Request) -> Response:
        return PlainTextResponse(f"refused {status}", status_code=status, headers={"retry-after": "5"})

    return answer


def middleware(app: Any, refusals: RefusalLog, **limits: Any) -> ClientLimits:
    return ClientLimits(app, Limits(**limits), refusals, timed_out=plain(408), busy=plain(503))


async def read_body(scope: Any, receive: Any, send: Any) -> None:
    """An application that reads the whole body, then answers 200."""
    while (await receive()).get("more_body"):
        pass
    await PlainTextResponse("ok")(scope, receive, send)


def scope(client: str = "192.0.2.1", body: bool = True) -> dict[str, Any]:
    headers = [(b"content-length", b"1000")] if body else []
    return {"type": "http", "method": "POST", "path": "/x", "headers": headers, "client": (client, 1234)}


async def call(app: ClientLimits, receive: Any, request: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(request or scope(), receive, send)
    return sent


def test_a_body_that_stops_coming_gets_408_and_its_connection_is_closed(caplog):
    async def first_byte_then_nothing() -> dict[str, Any]:
        if not hasattr(first_byte_then_nothing, "sent"):
            first_byte_then_nothing.sent = True  # type: ignore[attr-defined]
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.Event().wait()  # never comes
        raise AssertionError

    app = middleware(read_body, RefusalLog(), body_timeout=0.01)
    with caplog.at_level(logging.WARNING, "advisor.web"):
        sent = asyncio.run(call(app, first_byte_then_nothing))

    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert [untimed(r.getMessage()) for r in caplog.records] == [f"refused {SLOW_BODY}: 1 (192.0.2.1)"]


def test_in_the_server_a_timed_out_body_gets_408_with_the_security_headers_and_no_store(tmp_path):
    """The client limits sit inside SecurityMiddleware, so their refusals carry what every answer carries."""

    async def first_byte_then_nothing() -> dict[str, Any]:
        if not hasattr(first_byte_then_nothing, "sent"):
            first_byte_then_nothing.sent = True  # type: ignore[attr-defined]
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.Event().wait()  # never comes
        raise AssertionError

    app = create_app(open_site(None, tmp_path, Settings(limits=Limits(body_timeout=0.05))))
    request = {
        **scope(),
        "path": "/api/v1/assess",
        "raw_path": b"/api/v1/assess",
        "query_string": b"",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"content-length", b"1000")],
    }
    sent = asyncio.run(call(app, first_byte_then_nothing, request))  # type: ignore[arg-type]

    headers = dict(sent[0]["headers"])
    assert sent[0]["status"] == 408
    assert headers[b"cache-control"] == b"no-store" and headers[b"connection"] == b"close"
    assert headers[b"x-content-type-options"] == b"nosniff" and b"content-security-policy" in headers


def test_a_client_address_over_its_requests_in_progress_gets_503_and_others_do_not(caplog):
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        release = asyncio.Event()

        async def waiting() -> dict[str, Any]:
            await release.wait()
            return {"type": "http.request", "body": b"", "more_body": False}

        app = middleware(read_body, RefusalLog(), requests_per_client=1)
        first = asyncio.create_task(call(app, waiting))
        await asyncio.sleep(0)  # the first request is now in progress, waiting for its body
        second = await call(app, waiting)
        other_client = asyncio.create_task(call(app, waiting, scope("192.0.2.2")))
        release.set()
        return await first, second, await other_client

    with caplog.at_level(logging.WARNING, "advisor.web"):
        first, second, other = asyncio.run(scenario())

    assert [first[0]["status"], second[0]["status"], other[0]["status"]] == [200, 503, 200]
    assert (b"retry-after", b"5") in second[0]["headers"]
    assert [untimed(r.getMessage()) for r in caplog.records] == [f"refused {BUSY_CLIENT}: 1 (192.0.2.1)"]


def test_an_abandoned_body_ends_the_request_with_one_line_and_no_error(caplog):
    from starlette.requests import Request as StarletteRequest

    async def form_reader(scope: Any, receive: Any, send: Any) -> None:
        await StarletteRequest(scope, receive).body()  # raises ClientDisconnect when the client leaves

    messages = iter([{"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"}])

    async def leaving() -> dict[str, Any]:
        return next(messages)

    with caplog.at_level(logging.DEBUG):
        sent = asyncio.run(call(middleware(form_reader, RefusalLog()), leaving))

    assert sent == []
    assert [untimed(r.getMessage()) for r in caplog.records if r.name != "asyncio"] == [
        f"refused {ABORTED_BODY}: 1 (192.0.2.1)"
    ]
    assert not any(r.exc_info for r in caplog.records)
