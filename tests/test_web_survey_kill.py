"""A survey under load loses no acknowledged response: `advisor serve` in its own process, 20 simulated respondents
at once (threads, one cookie jar each), the server killed with SIGKILL once some have been told their response is
saved, then restarted on the same data folder: every acknowledged response is in the organiser's export."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest

from tests.conftest import ROOT, interruptible
from tests.web_helpers import csrf_of, form_fields

pytestmark = pytest.mark.slow  # kill -9 of a real server under load

TOKEN = "kill-test-organiser-token-0123456789"
RESPONDENTS = 20
KILL_AFTER = 6  # acknowledged responses before the kill: the others are in flight or not started
SECTIONS = 5


def start_server(data: Path) -> tuple[subprocess.Popen[str], str]:
    """`advisor serve --port 0 --data DATA` with the organiser's token set; it and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 - started before the respondents' threads, or after they ended
        env={**os.environ, "PYTHONUNBUFFERED": "1", "ADVISOR_ADMIN_TOKEN": TOKEN},
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"(http://\S+)/", line)
    assert found, f"no URL printed: {line!r}"
    for _ in range(200):  # the socket listens before uvicorn serves: wait for a first answer
        try:
            httpx.get(found[1] + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    return process, found[1]


def organiser(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"authorization": f"Bearer {TOKEN}"}, timeout=30)


def create_survey(base: str) -> tuple[str, str]:
    """A survey made through the organiser's form: its dashboard path and the respondents' link path."""
    with organiser(base) as admin:
        page = admin.get("/admin/surveys/new").text
        fields = {**form_fields(page), "title": ["Kill test"], "org_name": ["Kill Nine Media"], "action": ["next"]}
        created = admin.post("/admin/surveys", data=fields)
        assert created.status_code == 303, created.text
        dashboard = created.headers["location"]
        link = re.search(
            r'id="respondent-link" class="link" type="text" readonly value="http://[^/]+([^"]+)"',
            admin.get(dashboard).text,
        )
        assert link
        return dashboard, link[1]


class Run:
    """What the respondents saw: the roles whose acceptance was acknowledged, and when enough were."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: dict[str, str] = {}  # role -> draft token
        self.enough = threading.Event()
        self.failures: list[str] = []

    def acknowledge(self, role: str, token: str) -> None:
        with self.lock:
            self.acknowledged[role] = token
            if len(self.acknowledged) >= KILL_AFTER:
                self.enough.set()


def submit_page(client: httpx.Client, url: str, page: str, changes: dict[str, str]) -> httpx.Response:
    fields = form_fields(page)
    fields.update({name: [value] for name, value in changes.items()})
    fields["action"] = ["next"]
    return client.post(url, data=fields)


def respond(base: str, link: str, number: int, run: Run) -> None:
    """One respondent answering every section and accepting; stops quietly once the server is gone."""
    role = f"Department {number:02d}"
    pages = {1: {"respondent_role": role}, 2: {"writing_importance": str(1 + number % 5)}}
    try:
        with httpx.Client(base_url=base, timeout=15) as client:
            survey = client.get(link)
            started = client.post(f"{link}/start", data={"csrf_token": csrf_of(survey.text)})
            token = started.headers["location"].split("/")[2]
            for section in range(1, SECTIONS + 1):
                url = f"/q/{token}/{section}"
                response = submit_page(client, url, client.get(url).text, pages.get(section, {}))
                if response.status_code == 422:  # the needs opened their volume questions: send them as shown
                    response = submit_page(client, url, response.text, {})
                assert response.status_code == 303, f"{role} section {section}: {response.status_code}"
            summary = client.get(f"/q/{token}/summary").text
            accepted = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)})
            if accepted.status_code == 303 and accepted.headers["location"] == f"/result/{token}":
                run.acknowledge(role, token)  # the server committed the response before it said so
    except (httpx.TransportError, KeyError):
        return  # the server was killed under this respondent
    except AssertionError as exc:
        with run.lock:
            run.failures.append(str(exc))


def test_every_acknowledged_response_survives_kill_9_under_load(tmp_path):
    process, base = start_server(tmp_path)
    run = Run()
    try:
        dashboard, link = create_survey(base)
        threads = [threading.Thread(target=respond, args=(base, link, n, run)) for n in range(RESPONDENTS)]
        for thread in threads:
            thread.start()
        assert run.enough.wait(timeout=90), f"only {len(run.acknowledged)} responses acknowledged"
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=15)
    for thread in threads:
        thread.join(timeout=30)
    assert not run.failures, run.failures
    with run.lock:
        acknowledged = dict(run.acknowledged)
    assert len(acknowledged) >= KILL_AFTER

    again, base = start_server(tmp_path)
    try:
        with organiser(base) as admin:
            lines = admin.get(f"{dashboard}/profiles.jsonl").content.splitlines()
            page = admin.get(dashboard).text
        roles = [orjson.loads(line)["respondent"]["role"] for line in lines]
        assert set(acknowledged) <= set(roles), sorted(set(acknowledged) - set(roles))
        assert len(roles) == len(set(roles)) and len(roles) <= RESPONDENTS
        for role in acknowledged:
            assert f"<td><bdi>{role}</bdi></td>" in page  # a role is isolated on the page
        with httpx.Client(base_url=base, timeout=15) as client:
            for role, token in acknowledged.items():
                result = client.get(f"/result/{token}")
                assert result.status_code == 200 and "is saved" in result.text, role
    finally:
        again.send_signal(signal.SIGINT)
        again.communicate(timeout=15)
