"""`advisor serve` as a user runs it: a real process that prints its URL, serves, keeps drafts through a `kill -9`,
warns when exposed, refuses a busy port, and stops on Ctrl-C with exit 130 and no traceback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import ROOT, interruptible
from tests.web_helpers import csrf_of


def start_server(data: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """`advisor serve --port 0 --data DATA` in a process; it and the URL it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 - only resets SIGINT before exec, taking no lock
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = process.stderr.readline()
    found = re.search(r"(http://\S+/)", line)
    assert found, f"no URL printed: {line!r}"
    for _ in range(100):  # the socket listens before uvicorn serves: wait for a first answer
        try:
            urllib.request.urlopen(found[1], timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, found[1]


def browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def test_serve_prints_its_url_and_stops_on_ctrl_c_with_exit_130(tmp_path):
    process, url = start_server(tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:")
        page = browser().open(url, timeout=5).read().decode()
        assert "Start the questionnaire" in page
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "interrupted" in stderr


def test_a_saved_page_survives_kill_9_of_the_server(tmp_path):
    process, url = start_server(tmp_path)
    opener = browser()
    try:
        home = opener.open(url, timeout=5).read().decode()
        body = urlencode({"csrf_token": csrf_of(home)}).encode()
        first = opener.open(url + "start", data=body, timeout=5)
        section_url = first.geturl()
        page = first.read().decode()
        fields = urlencode(
            {"csrf_token": csrf_of(page), "org_name__shown": "1", "org_name": "Kill Nine AG", "action": "save"}
        ).encode()
        saved = opener.open(section_url, data=fields, timeout=5).read().decode()
        assert "Your answers are saved" in saved
    finally:
        process.kill()  # SIGKILL: no shutdown, no flush
        process.communicate(timeout=15)
    again, url2 = start_server(tmp_path)
    try:
        page = browser().open(url2 + section_url.split("/", 3)[3], timeout=5).read().decode()
        assert 'value="Kill Nine AG"' in page
    finally:
        again.send_signal(signal.SIGINT)
        again.communicate(timeout=15)


def test_a_busy_port_is_a_usage_error(tmp_path):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "advisor", "serve", "--port", str(port), "--data", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        holder.close()
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "choose another --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_listening_beyond_loopback_warns(tmp_path):
    process, _url = start_server(tmp_path, "--host", "0.0.0.0")
    try:
        warning = process.stderr.readline()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert "warning: listening on 0.0.0.0" in warning and "TLS" in warning


def test_invalid_rules_are_refused_before_serving(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "serve", "--port", "0", "--rules", str(bad), "--data", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 3 and "bad.yaml" in result.stderr and "Traceback" not in result.stderr
