"""The in-process command line of the tests (tests/conftest.py `run_cli`) gives what a real process gives and
leaves nothing behind: the working folder, the environment and the standard streams are as before every run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli

LAW_FIRM = EXAMPLES / "law-firm.json"


def real(*args: object, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)], cwd=ROOT, input=stdin, capture_output=True, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("score", LAW_FIRM), id="score-json"),
        pytest.param(("score", LAW_FIRM, "--format", "text"), id="score-text"),
        pytest.param(("score", "-", "--rules", "extended"), id="stdin-extended"),
        pytest.param(("score", "--format", "xml", LAW_FIRM), id="usage-error"),
        pytest.param(("validate", LAW_FIRM, "missing.json"), id="invalid-input"),
    ],
)
def test_a_run_in_this_process_gives_the_code_and_bytes_of_a_real_process(args):
    stdin = LAW_FIRM.read_bytes()
    here = run_cli(*args, cwd=ROOT, stdin=stdin, text=False)
    there = real(*args, stdin=stdin)
    assert (here.returncode, here.stdout, here.stderr) == (there.returncode, there.stdout, there.stderr)


def test_a_run_leaves_the_folder_the_environment_and_the_streams_as_they_were(tmp_path):
    before = (os.getcwd(), dict(os.environ), sys.stdin, sys.stdout, sys.stderr)
    ran = run_cli("schema", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "0", "ADVISOR_NO_CACHE": "1"})
    assert ran.returncode == 0 and ran.stdout.startswith("{")
    assert (os.getcwd(), dict(os.environ), sys.stdin, sys.stdout, sys.stderr) == before


def test_a_run_that_fails_leaves_them_too(tmp_path):
    before = (os.getcwd(), dict(os.environ), sys.stdin, sys.stdout, sys.stderr)
    with pytest.raises(FileNotFoundError):
        run_cli("schema", cwd=tmp_path / "not-there", env={"ADVISOR_NO_CACHE": "1"})
    assert (os.getcwd(), dict(os.environ), sys.stdin, sys.stdout, sys.stderr) == before


def test_a_variable_given_to_one_run_is_not_seen_by_the_next(tmp_path):
    (tmp_path / "p.json").write_bytes(LAW_FIRM.read_bytes())
    dated = run_cli("report", "p.json", "-o", "a.html", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "0"})
    undated = run_cli("report", "p.json", "-o", "b.html", cwd=tmp_path)
    assert dated.returncode == undated.returncode == 0
    assert "1970-01-01" in (tmp_path / "a.html").read_text() and "1970-01-01" not in (tmp_path / "b.html").read_text()
    assert "SOURCE_DATE_EPOCH" not in os.environ or os.environ["SOURCE_DATE_EPOCH"] != "0"


def test_the_cli_fixture_runs_the_command_line_in_this_process(cli):
    code, stdout, stderr = cli("--version")
    assert (code, stderr) == (0, "") and stdout.startswith("advisor ")
