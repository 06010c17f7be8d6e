"""`advisor serve` as a user runs it: a real process that prints its URL, serves, keeps drafts through a `kill -9`,
warns when exposed, refuses a busy port, and stops on Ctrl-C with exit 130 and no traceback."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from tests.conftest import ROOT, wait_until
from tests.live_server import start_serve
from tests.web_helpers import csrf_of


def browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def test_serve_prints_its_url_and_stops_on_ctrl_c_with_exit_130(tmp_path):
    server = start_serve(tmp_path, admin_token=None)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        page = browser().open(server.url, timeout=5).read().decode()
        assert "Start the questionnaire" in page
    finally:
        code = server.stop(signal.SIGINT)
    assert code == 130
    assert "Traceback" not in server.stderr and "interrupted" in server.stderr


def test_a_saved_page_survives_kill_9_of_the_server(tmp_path):
    server = start_serve(tmp_path, admin_token=None)
    url = server.url
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
        server.stop(signal.SIGKILL)  # no shutdown, no flush
    again = start_serve(tmp_path, admin_token=None)
    try:
        page = browser().open(again.url + section_url.split("/", 3)[3], timeout=5).read().decode()
        assert 'value="Kill Nine AG"' in page
    finally:
        again.stop(signal.SIGINT)


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
    server = start_serve(tmp_path, "--host", "0.0.0.0", admin_token=None)
    try:
        wait_until(lambda: len(server.log) > 1, "a second line on stderr")
    finally:
        server.stop(signal.SIGINT)
    warning = server.log[1]
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
