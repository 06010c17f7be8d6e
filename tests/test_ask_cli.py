"""`advisor ask` as a user meets it: unattended options through subprocesses, and the real prompts in a
pseudo-terminal (pexpect) with answers typed, Ctrl-C, and resume."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import EXAMPLES

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
DOWN = "\x1b[B"


def run(*args, cwd, stdin=b""):
    return subprocess.run([sys.executable, "-m", "advisor", *map(str, args)], cwd=cwd, input=stdin, capture_output=True)


def test_without_a_terminal_and_without_defaults_it_stops_at_once_with_a_hint(tmp_path):
    started = time.perf_counter()
    result = run("ask", "-o", "p.json", cwd=tmp_path)
    assert result.returncode == 4
    assert b"--defaults" in result.stderr and b"\x1b[" not in result.stderr + result.stdout
    assert time.perf_counter() - started < 10 and not (tmp_path / "p.json").exists()


def test_defaults_and_set_write_a_profile_to_stdout_that_score_reads(tmp_path):
    made = run(
        "ask",
        "--defaults",
        "--set",
        "organization.name=Acme",
        "--set",
        "needs.code.importance=5",
        "-o",
        "-",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    profile = json.loads(made.stdout)
    assert profile["needs"] == {"code": {"importance": 5, "volume": "medium"}}
    assert profile["context"]["data_sensitivity"] == "internal"  # the question's default
    scored = run("score", "-", "--format", "json", cwd=tmp_path, stdin=made.stdout)
    assert scored.returncode == 0 and json.loads(scored.stdout)["recommendation"] == "llm"


def test_an_answers_file_is_completed_and_overridden_by_set(tmp_path):
    result = run(
        "ask",
        "--defaults",
        "--answers",
        EXAMPLES / "law-firm.json",
        "--set",
        "context.budget=low",
        "-o",
        "p.json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    profile = json.loads((tmp_path / "p.json").read_text())
    original = json.loads((EXAMPLES / "law-firm.json").read_text())
    assert profile["context"]["budget"] == "low"
    assert profile["needs"] == original["needs"] and profile["notes"] == original["notes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "organization.name=Acme", "--set", "needs.code.importance=9"],
            b"needs.code.importance: must be at most 5",
        ),
        (["--set", "needs.code.importance=5"], b"organization.name: no answer given"),
        (["--set", "organization.name=Acme", "--set", "needs.poetry.importance=5"], b"unknown use case 'poetry'"),
    ],
    ids=["out-of-range", "missing-name", "unknown-use-case"],
)
def test_bad_unattended_answers_exit_three_naming_the_field(tmp_path, args, message):
    result = run("ask", "--defaults", *args, "-o", "-", cwd=tmp_path)
    assert result.returncode == 3 and message in result.stderr and b"Traceback" not in result.stderr


def test_score_refuses_an_unfinished_draft(tmp_path):
    (tmp_path / "d.json").write_text(json.dumps({"advisor_draft": {"version": 1, "incomplete": True, "answers": {}}}))
    result = run("score", "d.json", cwd=tmp_path)
    assert result.returncode == 3 and b"unfinished questionnaire draft" in result.stderr
    assert b"advisor ask --resume d.json" in result.stderr


def spawn(*args, cwd):
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1"}  # pexpect answers no CPR
    return pexpect.spawn(ADVISOR, list(args), cwd=str(cwd), env=env, dimensions=(24, 80), timeout=20, encoding="utf-8")


def answer_the_rest(child, from_size=False):
    """Answer from the organisation size on: art importance 3, everything else by default; decline the report."""
    if not from_size:
        child.expect("Which industry")
        child.send("Retail\r")
    child.expect("How many people")
    child.send("\r")
    child.expect("Where does it operate")
    child.send("\r")
    child.expect("How important is creative art")
    child.send(DOWN * 3 + "\r")
    child.expect("How much creative art")
    child.send("\r")
    for prompt in ("content writing", "code assistance", "multi-modal media generation", "data summarization"):
        child.expect(f"How important is {prompt}")
        child.send("\r")
    for prompt in (
        "How sensitive",
        "Where may the tools run",
        "Which AI skills",
        "What budget",
        "How much wrong output",
        "How sure are you",
    ):
        child.expect(prompt)
        child.send("\r")
    child.expect("Accept, or change an answer")
    child.send("\r")
    child.expect("Saved the profile to")
    child.expect("Write the PDF report")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()


def test_a_person_answers_in_a_real_terminal_and_the_profile_scores(tmp_path):
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    answer_the_rest(child)
    assert child.exitstatus == 0
    profile = json.loads((tmp_path / "p.json").read_text())
    assert profile["organization"]["name"] == "Acme Studio" and profile["needs"]["art"]["importance"] == 3
    scored = run("score", "p.json", "--format", "json", cwd=tmp_path)
    assert scored.returncode == 0 and json.loads(scored.stdout)["recommendation"] == "generative_ai"


def test_ctrl_c_saves_the_answers_and_resume_continues_where_it_stopped(tmp_path):
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    child.expect("Which industry")
    child.send("Retail\r")
    child.expect("How many people")
    child.sendcontrol("c")
    child.expect("advisor ask --resume p.json")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = json.loads((tmp_path / "p.json").read_text())
    assert draft["advisor_draft"]["answers"] == {"org_name": "Acme Studio", "industry": "Retail"}

    child = spawn("ask", "--resume", "p.json", cwd=tmp_path)
    answer_the_rest(child, from_size=True)
    assert child.exitstatus == 0
    profile = json.loads((tmp_path / "p.json").read_text())
    assert profile["organization"] == {"name": "Acme Studio", "industry": "Retail", "size": "51-250"}
