"""Slow and greedy clients replayed on the real `advisor serve` (issue 22, item 3; OWASP ASVS V13: resources bounded
per client), bounded in count and time: request bodies that trickle in one byte every two seconds and headers half
sent, from 127.0.0.2, while a normal user at 127.0.0.1 loads pages; what-if and assess bodies too large to validate;
an upload its client abandons. The server answers, closes and logs a line per kind of refusal, never one per event.
"""

from __future__ import annotations

import asyncio
import json
import resource
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.live_server import LiveServer, live_server
from tests.web_helpers import untimed

pytestmark = pytest.mark.slow  # slow clients against the real server

ROOT = Path(__file__).resolve().parent.parent
CLINIC = json.loads((ROOT / "examples" / "clinic.json").read_bytes())
ATTACKER = "127.0.0.2"
IN_PROGRESS_PER_CLIENT = 64  # Limits.requests_per_client
SLOW_BODIES = IN_PROGRESS_PER_CLIENT + 6
BOUND = 40.0
"""Seconds within which every slow connection must have been answered and closed: generous (the limits are 10 s)."""
TRICKLE = 2.0
SLOW_HEAD = (
    b"POST /api/v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000\r\n\r\n{"
)


@dataclass
class Seen:
    """What one slow connection was answered, and whether the server closed it."""

    status: str
    closed: bool


async def slow_body(port: int, answered: asyncio.Queue[str]) -> Seen:
    """Headers announcing 1,000 bytes, then a byte every TRICKLE seconds until the server answers and closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0))

    async def trickling() -> None:
        writer.write(SLOW_HEAD)
        while True:
            await writer.drain()
            await asyncio.sleep(TRICKLE)  # the attacker's pace, not a wait for the server
            writer.write(b" ")

    sender = asyncio.create_task(trickling())
    try:
        status = (await reader.readline()).decode().strip()
        await answered.put(status)
        await reader.read()  # to the end: the server closed the connection
        return Seen(status, closed=True)
    except OSError as exc:
        return Seen(f"reset: {exc}", closed=True)
    finally:
        sender.cancel()
        writer.close()


async def half_sent_headers(port: int) -> bytes:
    """Half a request line, then nothing: what the server says before it closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0))
    writer.write(b"GET / HT")
    await writer.drain()
    try:
        return await reader.read()
    finally:
        writer.close()


async def normal_user(base: str) -> list[tuple[str, int]]:
    """A person's page loads and an API call from 127.0.0.1: each path with its status."""
    async with httpx.AsyncClient(base_url=base, timeout=BOUND) as client:
        answers = [(path, (await client.get(path)).status_code) for path in ("/", "/upload", "/api/v1/questions")]
        assessed = await client.post("/api/v1/assess", json=CLINIC)
        return [*answers, ("/api/v1/assess", assessed.status_code)]


async def attack(server: LiveServer) -> tuple[list[Seen], bytes, list[tuple[str, int]]]:
    """The slow bodies and the half-sent headers; the normal user once the attacker is over its limit."""
    answered: asyncio.Queue[str] = asyncio.Queue()
    slow = [asyncio.create_task(slow_body(server.port, answered)) for _ in range(SLOW_BODIES)]
    half = asyncio.create_task(half_sent_headers(server.port))

    async def address_limit_reached() -> None:  # a 503: the attacker's address has its 64 requests in progress
        while (await answered.get()) != "HTTP/1.1 503 Service Unavailable":
            pass

    await asyncio.wait_for(address_limit_reached(), BOUND)
    user = await normal_user(server.url)
    seen = await asyncio.wait_for(asyncio.gather(*slow), BOUND)
    return seen, await asyncio.wait_for(half, BOUND), user


def refusal_lines(server: LiveServer) -> list[str]:
    return [line for line in server.log if " refused " in line]


def refusal_counts(lines: list[str]) -> dict[str, list[int]]:
    """The counts each kind of refusal was logged with, in order: 'refused KIND: N since HH:MM:SS UTC (...)'."""
    counts: dict[str, list[int]] = {}
    for line in lines:
        kind, _, rest = line.split(" refused ", 1)[1].rpartition(": ")
        counts.setdefault(kind, []).append(int(rest.split()[0]))
    return counts


def logged(server: LiveServer) -> list[str]:
    """What the server logged while serving: not its lines at the start (to the organiser's), nor its last one."""
    start = next(n for n, line in enumerate(server.log) if line.startswith("organiser's pages")) + 1
    return [line for line in server.log[start:] if line.strip() and line.strip() != "advisor: interrupted"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, list[Seen], bytes, list]]:
    """A server that went through the attack and has stopped (so its log is complete)."""
    with live_server(tmp_path_factory.mktemp("slow")) as server:
        seen, half, user = asyncio.run(attack(server))
    yield server, seen, half, user


def test_a_normal_user_is_served_while_slow_bodies_hold_their_address_limit(attacked):
    _, _, _, user = attacked

    assert user == [("/", 200), ("/upload", 200), ("/api/v1/questions", 200), ("/api/v1/assess", 200)]


def test_slow_bodies_get_408_beyond_the_address_limit_503_and_all_are_closed(attacked):
    _, seen, _, _ = attacked
    statuses = [s.status for s in seen]

    assert statuses.count("HTTP/1.1 408 Request Timeout") == IN_PROGRESS_PER_CLIENT
    assert statuses.count("HTTP/1.1 503 Service Unavailable") == SLOW_BODIES - IN_PROGRESS_PER_CLIENT
    assert all(s.closed for s in seen)


def test_half_sent_headers_get_408_and_the_connection_is_closed(attacked):
    _, _, half, _ = attacked

    assert half.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert b"connection: close" in half


def test_the_attack_is_logged_once_per_kind_of_refusal_without_tracebacks(attacked):
    server, _, _, _ = attacked
    refusals = refusal_lines(server)

    # per kind: a line at its first refusal, then one with the count of the others when the server stops
    counted = refusal_counts(refusals)
    assert counted == {
        "slow request bodies (408)": [1, IN_PROGRESS_PER_CLIENT - 1],
        "slow request headers (408)": [1],
        "requests over the limit of requests in progress per client address (503)": [
            1,
            SLOW_BODIES - IN_PROGRESS_PER_CLIENT - 1,
        ],
    }, refusals
    assert logged(server) == refusals


# ------------------------------------------------------------------------------------------------- amplification


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("bounds")) as server:
        yield server


def test_an_830_kb_whatif_body_with_20000_unknown_keys_gets_one_small_problem(served):
    """It cost 1.8 s and answered 10.9 MB, a problem per key; now it is refused before validation."""
    profile = {**CLINIC, **{f"unknown_key_{i:05d}_" + "x" * 18: 1 for i in range(20_000)}}
    body = json.dumps({"profile": profile, "changes": {"needs.writing.importance": 5}}).encode()

    answer = httpx.post(
        f"{served.url}api/v1/whatif", content=body, headers={"content-type": "application/json"}, timeout=BOUND
    )

    assert len(body) > 800_000
    assert answer.status_code == 413
    assert len(answer.content) < 500
    assert answer.json()["problems"] == [
        {
            "path": "profile",
            "message": "more than 2000 keys and list items in all, the most this server accepts",
            "code": "request.too_many_keys",
        }
    ]


def test_a_deeply_nested_body_is_refused_with_where(served):
    body = b'{"profile": ' + b'{"a": ' * 100 + b"1" + b"}" * 100 + b', "changes": {"x": 1}}'

    answer = httpx.post(
        f"{served.url}api/v1/whatif", content=body, headers={"content-type": "application/json"}, timeout=BOUND
    )

    assert answer.status_code == 413
    assert answer.json()["problems"] == [
        {
            "path": "profile" + ".a" * 31,
            "message": "nested more than 32 deep, the most this server accepts",
            "code": "request.too_deep",
        }
    ]


# ------------------------------------------------------------------------------------------------- aborted upload


def test_an_aborted_upload_logs_one_line_and_no_traceback(tmp_path):
    """Each aborted upload logged two tracebacks."""
    part = (
        b'--XyZ\r\nContent-Disposition: form-data; name="profile"; filename="p.json"\r\n'
        b"Content-Type: application/json\r\n\r\n" + b'{"notes": "' + b"x" * 5000
    )
    with live_server(tmp_path) as server:
        with socket.create_connection(("127.0.0.1", server.port)) as client:
            client.sendall(
                b"POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                b"Content-Length: 100000\r\n\r\n" + part
            )
            assert httpx.get(server.url, timeout=BOUND).status_code == 200  # the upload is being read by now
        for _ in range(200):  # until the server has noticed that the client left
            if refusal_lines(server):
                break
            httpx.get(server.url, timeout=BOUND)

    assert [untimed(line.split(" WARNING ")[-1].strip()) for line in logged(server)] == [
        "refused requests whose client left before sending the whole body: 1 (127.0.0.1)"
    ]


# ------------------------------------------------------------------------------------------------- uvicorn's refusals


def over_max_connections(server: LiveServer, held: int, tries: int) -> list[int]:
    """`held` idle connections from 127.0.0.2 count against --max-connections; then `tries` requests from 127.0.0.1,
    each on a new connection, once the server has taken the idle ones."""
    idle = [socket.create_connection(("127.0.0.1", server.port), source_address=(ATTACKER, 0)) for _ in range(held)]
    try:
        for _ in range(200):  # until the server has accepted them all (it says so with a 503)
            if httpx.get(server.url, timeout=BOUND).status_code == 503:
                break
        return [httpx.get(server.url, timeout=BOUND).status_code for _ in range(tries)]
    finally:
        for connection in idle:
            connection.close()


def test_requests_over_max_connections_get_503_and_uvicorns_warnings_are_counted_not_repeated(tmp_path):
    """uvicorn logs a line for every request over its limit and every invalid one: 600,000 lines in one attack."""
    with live_server(tmp_path, "--max-connections", "3") as server:
        statuses = over_max_connections(server, held=3, tries=5)
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", server.port)) as client:
                client.sendall(b"NOT HTTP AT ALL\r\n\r\n")
                assert client.recv(100).startswith(b"HTTP/1.1 400 ")

    assert statuses == [503] * 5
    # each kind: one line at its first refusal, then, when the server stops, one with the count of the others
    assert [line.split(" WARNING ")[-1].split(" since ")[0] for line in logged(server)] == [
        "refused requests over --max-connections (503): 1",
        "refused invalid HTTP requests (400): 1",
        "refused requests over --max-connections (503): 5",
        "refused invalid HTTP requests (400): 4",
    ]


def test_the_server_raises_its_open_files_limit_to_the_hard_limit():
    """A connection is a file: 1,000 connections exhausted a soft limit of 1,024."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    program = (
        "import resource; from advisor.web.connections import raise_open_files_limit; "
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, resource.getrlimit(resource.RLIMIT_NOFILE)[1])); "
        "print(raise_open_files_limit(), resource.getrlimit(resource.RLIMIT_NOFILE)[0])"
    )
    shown = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT)

    expected = hard if hard != resource.RLIM_INFINITY else max(256, 65536)
    assert shown.stdout.split() == [str(expected), str(expected)]
