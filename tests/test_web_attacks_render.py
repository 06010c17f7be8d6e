"""Renders never starve pages or people (issue 22, item 2), and SIGTERM stops the server like Ctrl-C (item 7).

The rules of `advisor.web.renders` are checked in-process with a pool whose renders the test ends by hand (no timing);
a real worker's death is a 503, never a hung request; the download is `advisor report`'s PDF byte for byte. On the
real server (tests/live_server.py), bounded: 40 downloads of one PDF at once from 127.0.0.2 while a normal user on
127.0.0.1 loads pages and gets another PDF; a full queue answers 503 with Retry-After and a page that says so;
SIGTERM leaves no temporary folder and no process behind.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import httpx
import orjson
import pytest

from advisor.web.render_pool import RenderPool
from advisor.web.renders import WAITING_PER_CLIENT, Refused, Renders
from tests.conftest import EXAMPLES, ROOT, run_cli
from tests.live_server import LiveServer, _children, live_server
from tests.web_helpers import client_for, csrf_of

pytestmark = pytest.mark.slow  # PDF renders in worker processes, a real server under load

LAW_FIRM = EXAMPLES / "law-firm.json"
ATTACKER, USER = "127.0.0.2", "127.0.0.1"
PDF = b"%PDF-"


# --- the rules, in-process: a pool whose renders the test ends ---------------------------------------------------


class HeldPool:
    """A stand-in for RenderPool: every render waits until the test ends it."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self.renders: list[tuple[str, Future[bytes]]] = []

    def submit(self, html: str) -> Future[bytes]:
        future: Future[bytes] = Future()
        self.renders.append((html, future))
        return future

    def restart(self) -> None:
        pass

    def close(self) -> None:
        pass


async def until(condition: Callable[[], bool]) -> None:
    """Let the requests started so far run until `condition` holds (at most 30 s)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, "the requests did not get there"
        await asyncio.sleep(0.002)


def test_one_render_serves_every_request_for_the_same_pdf_and_then_the_cache_does():
    async def scenario() -> None:
        pool = HeldPool()
        renders = Renders(pool, queue=0, cache_bytes=10_000)  # type: ignore[arg-type]
        asking = [asyncio.ensure_future(renders.pdf("key", ATTACKER, lambda: "<html>")) for _ in range(40)]
        await until(lambda: len(pool.renders) == 1)
        pool.renders[0][1].set_result(b"%PDF-one")
        assert await asyncio.gather(*asking) == [b"%PDF-one"] * 40
        assert len(pool.renders) == 1 and renders.waiting(ATTACKER) == 0
        assert await renders.pdf("key", USER, lambda: pytest.fail("rendered again")) == b"%PDF-one"

    asyncio.run(scenario())


def test_a_clients_second_pdf_waits_its_turn_and_past_the_waiting_ones_it_gets_429():
    async def scenario() -> None:
        pool = HeldPool(workers=4)
        renders = Renders(pool, queue=16, cache_bytes=10_000)  # type: ignore[arg-type]
        first = asyncio.ensure_future(renders.pdf("a", ATTACKER, lambda: "a"))
        waiting = [
            asyncio.ensure_future(renders.pdf(f"w{n}", ATTACKER, lambda: "w")) for n in range(WAITING_PER_CLIENT)
        ]
        await until(lambda: renders.waiting(ATTACKER) == WAITING_PER_CLIENT and len(pool.renders) == 1)
        with pytest.raises(Refused) as refused:
            await renders.pdf("more", ATTACKER, lambda: "more")
        assert refused.value.status == 429 and refused.value.seconds > 0
        other = asyncio.ensure_future(renders.pdf("b", USER, lambda: "b"))
        await until(lambda: len(pool.renders) == 2)
        assert [html for html, _ in pool.renders] == ["a", "b"], "another client does not wait for the attacker"
        pool.renders[1][1].set_result(b"%PDF-b")
        assert await other == b"%PDF-b"
        for number in range(1 + len(waiting)):
            pool.renders[-1 if number else 0][1].set_result(b"%%PDF-%d" % number)
            if number < WAITING_PER_CLIENT:
                await until(lambda number=number: len(pool.renders) == 3 + number)
        assert await first == b"%PDF-0"
        assert await asyncio.gather(*waiting) == [b"%%PDF-%d" % n for n in range(1, WAITING_PER_CLIENT + 1)]

    asyncio.run(scenario())


def test_past_the_queue_a_render_is_refused_with_503_and_a_failed_render_is_a_503_too():
    async def scenario() -> None:
        pool = HeldPool(workers=1)
        renders = Renders(pool, queue=1, cache_bytes=10_000)  # type: ignore[arg-type]
        held = [asyncio.ensure_future(renders.pdf(f"k{n}", f"10.0.0.{n}", lambda n=n: f"k{n}")) for n in range(2)]
        await until(lambda: len(pool.renders) == 2)
        rendering = dict(pool.renders)  # the two start in either order
        with pytest.raises(Refused) as refused:
            await renders.pdf("k2", "10.0.0.2", lambda: "x")
        assert refused.value.status == 503 and refused.value.seconds >= 1
        rendering["k0"].set_exception(BrokenProcessPool("the worker died"))
        rendering["k1"].set_result(b"%PDF-k1")
        with pytest.raises(Refused) as failed:
            await held[0]
        assert failed.value.status == 503
        assert await held[1] == b"%PDF-k1"
        later = asyncio.ensure_future(renders.pdf("k0", "10.0.0.0", lambda: "x"))
        await until(lambda: len(pool.renders) == 3)
        pool.renders[-1][1].set_result(b"%PDF-k0")
        assert await later == b"%PDF-k0", "a failure is not cached: the next request renders again"

    asyncio.run(scenario())


def test_a_report_that_cannot_be_made_is_the_servers_error_not_a_busy_server():
    async def scenario() -> None:
        renders = Renders(HeldPool(), queue=1, cache_bytes=10_000)  # type: ignore[arg-type]

        def broken() -> str:
            raise KeyError("a template's missing value")

        with pytest.raises(KeyError):
            await renders.pdf("k", USER, broken)
        assert renders.waiting(USER) == 0
        with pytest.raises(KeyError):  # nothing held: the turn and the queue's place were given back
            await renders.pdf("k", USER, broken)

    asyncio.run(scenario())


def test_the_cache_keeps_the_most_recently_used_pdfs_within_its_bytes():
    async def scenario() -> None:
        pool = HeldPool(workers=1)
        renders = Renders(pool, queue=4, cache_bytes=25)  # type: ignore[arg-type]
        for key in ("a", "b", "c"):
            asking = asyncio.ensure_future(renders.pdf(key, USER, lambda key=key: key))
            await until(lambda: len(pool.renders) == "abc".index(key) + 1)  # noqa: B023 - awaited here
            pool.renders[-1][1].set_result(key.encode() * 10)
            await asking
        assert len(pool.renders) == 3
        assert await renders.pdf("c", USER, lambda: "c") == b"c" * 10
        assert await renders.pdf("b", USER, lambda: "b") == b"b" * 10
        asking = asyncio.ensure_future(renders.pdf("a", USER, lambda: "a"))
        await until(lambda: len(pool.renders) == 4)  # the least recently used PDF was dropped: rendered again
        pool.renders[-1][1].set_result(b"a")
        await asking

    asyncio.run(scenario())


def test_a_worker_that_dies_fails_its_render_with_503_and_the_next_render_gets_a_new_worker():
    pool = RenderPool(1)
    renders = Renders(pool, queue=2, cache_bytes=10_000_000)
    html = "<html lang=en><title>t</title><p>dies</p></html>"
    try:
        rendering = pool.submit(html)
        for pid in pool.pids():
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(Exception, match="terminated abruptly|BrokenProcessPool"):
            rendering.result(timeout=60)

        async def after() -> bytes:
            return await renders.pdf("after", USER, lambda: html)

        assert asyncio.run(after()).startswith(PDF)
    finally:
        pool.close()


def test_the_pdf_download_is_advisor_reports_pdf_of_the_downloaded_profile_byte_for_byte(tmp_path):
    client, _ = client_for(tmp_path / "data")
    with client:
        page = client.get("/upload")
        upload = client.post(
            "/upload",
            data={"csrf_token": csrf_of(page.text)},
            files={"profile": ("law-firm.json", LAW_FIRM.read_bytes(), "application/json")},
            follow_redirects=False,
        )
        result = upload.headers["location"]
        pdf = client.get(f"{result}/report.pdf")
        again = client.get(f"{result}/report.pdf")
        (tmp_path / "profile.json").write_bytes(client.get(f"{result}/profile.json").content)
    assert pdf.status_code == 200 and pdf.content.startswith(PDF)
    assert again.content == pdf.content
    written = tmp_path / "cli.pdf"
    made = run_cli("report", tmp_path / "profile.json", "-o", written, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert written.read_bytes() == pdf.content, f"rendered for {dt.date.today()}"


# --- on the real server ----------------------------------------------------------------------------------------


def varied_profile(number: int) -> bytes:
    data = orjson.loads(LAW_FIRM.read_bytes())
    data["organization"]["name"] = f"Render Test {number:03d}"
    return orjson.dumps(data)


def uploaded(server: LiveServer, content: bytes, address: str = USER) -> str:
    """The result address of an uploaded profile, uploaded from `address`."""
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=server.url, transport=transport, timeout=30) as client:
        csrf = csrf_of(client.get("upload").text)
        files = {"profile": ("profile.json", content, "application/json")}
        response = client.post("upload", data={"csrf_token": csrf}, files=files)
        assert response.status_code == 303, response.text
        return str(response.headers["location"]).lstrip("/")


async def downloads(server: LiveServer, address: str, paths: list[str]) -> list[httpx.Response]:
    """GET every path at once from `address`."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    limits = httpx.Limits(max_connections=len(paths))
    async with httpx.AsyncClient(base_url=server.url, transport=transport, limits=limits, timeout=90) as client:
        return list(await asyncio.gather(*(client.get(path, headers={"accept": "text/html"}) for path in paths)))


def assert_refused_for_now(response: httpx.Response) -> None:
    assert response.status_code in (429, 503), response.status_code
    assert int(response.headers["retry-after"]) >= 1


def test_many_downloads_of_one_pdf_leave_another_persons_pages_and_pdf_alone(tmp_path):
    with live_server(tmp_path / "data") as server:
        attacked = uploaded(server, LAW_FIRM.read_bytes(), ATTACKER)
        own = uploaded(server, varied_profile(1))

        async def user() -> tuple[list[httpx.Response], httpx.Response]:
            transport = httpx.AsyncHTTPTransport(local_address=USER)
            async with httpx.AsyncClient(base_url=server.url, transport=transport, timeout=90) as client:
                pages = [await client.get(path) for path in ("", own, "upload", own, "")]
                return pages, await client.get(f"{own}/report.pdf")

        async def both() -> tuple[list[httpx.Response], tuple[list[httpx.Response], httpx.Response]]:
            attack = asyncio.ensure_future(downloads(server, ATTACKER, [f"{attacked}/report.pdf"] * 40))
            normal = await user()
            return await attack, normal

        attack, (pages, pdf) = asyncio.run(asyncio.wait_for(both(), 120))
        assert [page.status_code for page in pages] == [200] * 5
        assert pdf.status_code == 200 and pdf.content.startswith(PDF)
        served = [response for response in attack if response.status_code == 200]
        assert served, "the attacker's PDF is made once and shared"
        assert {response.content for response in served} == {served[0].content}
        for response in attack:
            if response.status_code != 200:
                assert_refused_for_now(response)
        assert not [line for line in server.log if "Traceback" in line]


def test_past_the_render_queue_a_pdf_gets_503_with_retry_after_and_a_page_that_says_so(tmp_path):
    with live_server(tmp_path / "data", "--render-workers", "1", "--render-queue", "0") as server:
        results = [uploaded(server, varied_profile(number)) for number in range(12)]
        refused: list[httpx.Response] = []
        for burst in range(3):  # four clients at once, four different PDFs, room for one render
            mine = results[burst * 4 : burst * 4 + 4]

            async def at_once(paths: list[str] = mine) -> list[list[httpx.Response]]:
                clients = [
                    downloads(server, f"127.0.0.{10 + n}", [f"{path}/report.pdf"]) for n, path in enumerate(paths)
                ]
                return await asyncio.wait_for(asyncio.gather(*clients), 120)

            answers = [response for answers in asyncio.run(at_once()) for response in answers]
            assert {response.status_code for response in answers} <= {200, 503}
            assert any(response.status_code == 200 for response in answers)
            refused += [response for response in answers if response.status_code == 503]
            if refused:
                break
        assert refused, "four PDFs at once with room for one: some were refused"
        for response in refused:
            assert_refused_for_now(response)
            assert "Busy making reports" in response.text and "ask for the pdf again in" in response.text.lower()


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] in ("Z", "X")  # a zombie has ended
    except OSError:
        return True


def test_sigterm_stops_the_server_like_ctrl_c_without_leaving_a_temporary_folder_or_a_process(tmp_path):
    temporary = Path(tempfile.mkdtemp(prefix="adv-"))  # short: the fork server's socket path must fit AF_UNIX's 108
    try:
        with live_server(tmp_path / "data", env={"TMPDIR": str(temporary)}) as server:
            result = uploaded(server, LAW_FIRM.read_bytes())
            pdf = httpx.get(f"{server.url}{result}/report.pdf", timeout=90)
            assert pdf.status_code == 200 and pdf.content.startswith(PDF), "".join(server.log)
            assert list(temporary.iterdir()), "the render workers keep their fonts in TMPDIR while serving"
            family = _children(server.process.pid)
            assert family, "the PDF was rendered in worker processes"
            assert server.stop(signal.SIGTERM) == 0
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not all(_gone(pid) for pid in family):
            time.sleep(0.1)
        assert [pid for pid in family if not _gone(pid)] == []
        assert list(temporary.rglob("*")) == []
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    assert any("stopped (SIGTERM)" in line for line in server.log)
    assert not [line for line in server.log if "Traceback" in line]


def test_a_server_killed_with_sigkill_leaves_no_render_worker_behind(tmp_path):
    with live_server(tmp_path / "data") as server:
        result = uploaded(server, LAW_FIRM.read_bytes())
        assert httpx.get(f"{server.url}{result}/report.pdf", timeout=90).content.startswith(PDF)
        family = _children(server.process.pid)
        assert family
        server.process.kill()
        server.process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not all(_gone(pid) for pid in family):
        time.sleep(0.1)
    assert [pid for pid in family if not _gone(pid)] == []


def test_a_long_tmpdir_still_gives_pdfs(tmp_path):
    """The fork server listens on a Unix socket under TMPDIR, whose path may not pass 107 bytes: with a longer
    TMPDIR every PDF was a 500; the workers are then spawned instead."""
    temporary = tmp_path / ("a-long-folder-name-" * 6)
    temporary.mkdir()
    with live_server(tmp_path / "data", env={"TMPDIR": str(temporary)}) as server:
        result = uploaded(server, LAW_FIRM.read_bytes())
        pdf = httpx.get(f"{server.url}{result}/report.pdf", timeout=90)
        assert pdf.status_code == 200 and pdf.content.startswith(PDF), "".join(server.log)
