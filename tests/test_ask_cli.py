"""`advisor ask` as a user meets it: unattended options through the command line run in this process (a real process
for the missing terminal), and the real prompts in a pseudo-terminal (pexpect) with answers typed, Ctrl-C, and
resume."""

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

from tests.conftest import EXAMPLES, run_cli

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"
DOWN, BACKSPACE = "\x1b[B", "\x7f"


def run(*args, cwd, stdin=b""):
    return run_cli(*args, cwd=cwd, stdin=stdin, text=False)


def test_without_a_terminal_and_without_defaults_it_stops_at_once_with_a_hint(tmp_path):
    started = time.perf_counter()
    # a real process: its standard input is not a terminal (an in-process run's never is either, but this is the contract)
    result = subprocess.run([sys.executable, "-m", "advisor", "ask", "-o", "p.json"], cwd=tmp_path, capture_output=True)
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


def test_defaults_leave_the_optional_context_unstated(tmp_path):
    made = run(
        "ask",
        "--defaults",
        "--set",
        "organization.name=Acme",
        "--set",
        "needs.art.importance=3",
        "-o",
        "-",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["context"] == {
        "data_sensitivity": "internal",
        "deployment": "no_preference",
        "budget": "medium",
        "ai_skills": "basic",
        "risk_tolerance": "medium",
    }


def test_defaults_leave_the_size_unstated(tmp_path):
    answers = ("--set", "organization.name=Acme", "--set", "needs.code.importance=5")
    made = run("ask", "--defaults", *answers, "-o", "-", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["organization"] == {"name": "Acme"}


FINISHED = {"organization": {"name": "Kept Ltd"}, "needs": {"code": {"importance": 5}}}


@pytest.mark.parametrize("defaults", [True, False], ids=["set-only", "answers-file"])
def test_an_existing_output_file_is_refused_without_force(tmp_path, defaults):
    (tmp_path / "p.json").write_text(json.dumps(FINISHED))
    (tmp_path / "a.json").write_text(json.dumps(FINISHED))
    source = ["--defaults"] if defaults else ["--defaults", "--answers", "a.json"]
    answers = ("--set", "organization.name=New", "--set", "needs.art.importance=2")
    result = run("ask", *source, *answers, "-o", "p.json", cwd=tmp_path)
    assert result.returncode == 2
    assert b"p.json already holds a file" in result.stderr and b"--force" in result.stderr
    assert b"Traceback" not in result.stderr
    assert json.loads((tmp_path / "p.json").read_text()) == FINISHED


def test_force_replaces_an_existing_output_file(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(FINISHED))
    args = ("--set", "organization.name=New", "--set", "needs.art.importance=2", "-o", "p.json", "--force")
    result = run("ask", "--defaults", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "p.json").read_text())["organization"]["name"] == "New"


def test_an_existing_draft_is_refused_with_the_resume_hint(tmp_path):
    draft = {"advisor_draft": {"version": 1, "incomplete": True, "answers": {"org_name": "Acme"}}}
    (tmp_path / "p.json").write_text(json.dumps(draft))
    result = run("ask", "--defaults", "--set", "needs.art.importance=2", "-o", "p.json", cwd=tmp_path)
    assert result.returncode == 2 and b"advisor ask --resume p.json" in result.stderr
    assert json.loads((tmp_path / "p.json").read_text()) == draft


def test_set_takes_json_lists_and_booleans_for_the_context(tmp_path):
    made = run(
        "ask",
        "--defaults",
        "--set",
        "organization.name=Acme",
        "--set",
        "needs.code.importance=5",
        "--set",
        'context.languages=["de","en"]',
        "--set",
        "context.governance=[]",
        "--set",
        "context.public_chatbot=true",
        "--set",
        'context.regulated_data=["financial"]',
        "--set",
        'organization.countries=["US","Germany"]',
        "--set",
        'context.output_regions=["EU"]',
        "--set",
        "context.offers_ai_system=true",
        "-o",
        "-",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    context = json.loads(made.stdout)["context"]
    assert context["languages"] == ["de", "en"] and context["governance"] == [] and context["public_chatbot"] is True
    assert context["regulated_data"] == ["financial"]  # not asked for internal data, but stated, so kept
    assert context["output_regions"] == ["EU"] and context["offers_ai_system"] is True
    organization = json.loads(made.stdout)["organization"]
    assert organization["countries"] == ["US", "DE"] and organization["regions"] == ["North America", "EU"]


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
        (
            [
                "--set",
                "organization.name=Acme",
                "--set",
                "needs.code.importance=5",
                "--set",
                'context.languages=["de","xx"]',
            ],
            b"--set: context.languages: 'xx' is not a known language tag",
        ),
        (
            ["--set", "organization.name=Acme", "--set", "needs.code.importance=5", "--set", "context.languages=de,en"],
            b"""context.languages: must be a list (got 'de,en'); give a JSON list, e.g. --set context.languages='["de","en"]'""",
        ),
        (
            ["--set", "organization.name=Acme", "--set", "needs.code.importance=5", "--set", "context.realtime=yes"],
            b"context.realtime: must be true or false (got 'yes')",
        ),
        (
            [
                "--set",
                "organization.name=Acme",
                "--set",
                "needs.code.importance=5",
                "--set",
                'organization.countries=["US","Narnia"]',
            ],
            b"--set: organization.countries: unknown country 'Narnia'",
        ),
        (
            ["--set", "organization.name=Acme", "--set", "needs.code.importance=5", "--set", "context.offers_ai_system=1"],
            b"context.offers_ai_system: must be true or false (got 1)",
        ),
    ],
    ids=[
        "out-of-range",
        "missing-name",
        "unknown-use-case",
        "bad-language",
        "list-as-text",
        "bool-as-text",
        "bad-country",
        "role-as-number",
    ],
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


def answer_the_rest(child, from_size=False, bad_language=False, report=False, users="", images="", at_users=False):
    """Answer from the organisation size on: art importance 3, everything else by default or skipped (with
    `bad_language`, languages "de, english" refused and corrected to "de, sw"); decline the report. `users` and
    `images` are typed at the optional quantity questions (people using AI tools, images a month of art); with
    `at_users`, the people question is already on the screen."""
    if not from_size and not at_users:
        child.expect("Which industry")
        child.send("Retail\r")
    if not at_users:
        child.expect("How many people work")
        child.send("\r")
        child.expect("How many people would use AI tools")
    child.send(users + "\r")
    child.expect("Where does it operate")
    child.send("\r")
    child.expect("In which countries")
    child.send("\r")
    child.expect("How important is creative art")
    child.send(DOWN * 3 + "\r")
    child.expect("How much creative art")
    child.send("\r")
    child.expect("How many images a month for creative art")
    child.send(images + "\r")
    for prompt in ("content writing", "code assistance", "multi-modal media generation", "data summarization"):
        child.expect(f"How important is {prompt}")
        child.send("\r")
    for prompt in ("How sensitive", "Must the data stay", "Where may the tools run", "Which AI skills", "What budget"):
        child.expect(prompt)
        child.send("\r")
    child.expect("How much wrong output")
    child.send("\r")
    child.expect("Which languages will")
    if bad_language:  # refused at the prompt with a message, then corrected
        child.send("de, english\r")
        child.expect("'english' is not a known language tag")
        child.send(BACKSPACE * len("english") + "sw")
    child.send("\r")
    for prompt in (
        "needed in real time",
        "Where will the AI output be used",
        "offer an AI system to others",
        "published to the public",
        "chatbot talk",
        "synthetic images, voices",
        "vendor to indemnify",
        "area the EU AI Act names",
        "Which governance basics",
        "How sure are you about",
    ):
        child.expect(prompt)
        child.send("\r")
    child.expect("Accept, or change an answer")
    child.send("\r")
    child.expect("Saved the profile to")
    child.expect("Write the PDF report")
    child.send("y" if report else "n")
    if report:
        child.expect(r"not\s+replaced")
    child.expect(pexpect.EOF)
    child.close()


def test_the_report_offered_after_the_questionnaire_never_replaces_another_file(tmp_path):
    (tmp_path / "acme-studio-ai-assessment.pdf").write_bytes(b"my own notes, not a report")
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    answer_the_rest(child, report=True)
    assert child.exitstatus == 0 and json.loads((tmp_path / "p.json").read_text())["organization"]["name"] == "Acme Studio"
    assert (tmp_path / "acme-studio-ai-assessment.pdf").read_bytes() == b"my own notes, not a report"


def test_a_person_answers_in_a_real_terminal_and_the_profile_scores(tmp_path):
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    answer_the_rest(child, bad_language=True)
    assert child.exitstatus == 0
    profile = json.loads((tmp_path / "p.json").read_text())
    assert profile["organization"]["name"] == "Acme Studio" and profile["needs"]["art"]["importance"] == 3
    assert profile["context"]["languages"] == ["de", "sw"] and "publishes_outputs" not in profile["context"]
    assert not {"output_regions", "offers_ai_system"} & set(profile["context"])  # skipped: unstated
    assert not {"regions", "countries"} & set(profile["organization"])
    scored = run("score", "p.json", "--format", "json", cwd=tmp_path)
    assert scored.returncode == 0 and json.loads(scored.stdout)["recommendation"] == "generative_ai"


def test_a_person_is_asked_before_an_existing_profile_is_replaced_and_no_keeps_it(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(FINISHED))
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("p.json already holds a file. Replace it")
    child.send("n")
    child.expect("pass --force to replace it")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert json.loads((tmp_path / "p.json").read_text()) == FINISHED


def test_ctrl_c_saves_the_answers_and_resume_continues_where_it_stopped(tmp_path):
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    child.expect("Which industry")
    child.send("Retail\r")
    child.expect("How many people work")
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
    assert profile["organization"] == {"name": "Acme Studio", "industry": "Retail"}  # Enter skipped the size


@pytest.mark.parametrize(("device", "code"), [("/dev/null", 0), ("/dev/full", 1)])
def test_a_device_as_output_is_written_in_place_not_read_as_a_file_to_replace(tmp_path, device, code):
    # /dev/full was read whole to look for a draft: endless zeros, until the process was killed
    args = ("--set", "organization.name=New", "--set", "needs.art.importance=2", "-o", device)
    command = [sys.executable, "-m", "advisor", "ask", "--defaults", *args]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=60, check=False)
    assert result.returncode == code, result.stderr
    assert b"already holds" not in result.stderr and b"Traceback" not in result.stderr
    if code:
        assert f"{device}: cannot be written: No space left on device".encode() in result.stderr
