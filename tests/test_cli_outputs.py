"""Where commands write, through the real command line: an output is never an input, nor inside a folder being read,
nor another output of the same run (exit 2 before anything is read or written); a missing output folder is exit 2
and never created; a full disk or a read-only place is a plain message, exit 1, never "a bug"."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import cli
from tests.conftest import EXAMPLES, Ran, run_cli

LAW_FIRM = EXAMPLES / "law-firm.json"
BUG = "This is a bug"


def advisor(*args, cwd: Path, stdin: bytes = b"") -> Ran:
    return run_cli(*args, cwd=cwd, stdin=stdin)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(LAW_FIRM, tmp_path / "m.json")
    (tmp_path / "profiles").mkdir()
    shutil.copy(LAW_FIRM, tmp_path / "profiles" / "a.json")
    (tmp_path / "rules.yaml").write_text("extends: default.yaml\n")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


REFUSED = [
    pytest.param(
        ["batch", "m.json", "--errors", "m.json"], "--errors m.json is also the input m.json", id="errors-is-input"
    ),
    pytest.param(["batch", "m.json", "-o", "m.json"], "-o m.json is also the input m.json", id="output-is-input"),
    pytest.param(
        ["batch", "m.json", "-o", "./m.json", "-f", "json"], "is also the input m.json", id="same-file-spelled-apart"
    ),
    pytest.param(
        ["batch", "m.json", "-o", "x.csv", "--errors", "x.csv"], "--errors x.csv is also -o x.csv", id="two-outputs"
    ),
    pytest.param(
        ["batch", "profiles", "-o", "profiles/out.csv"], "inside the input profiles", id="output-in-input-folder"
    ),
    pytest.param(
        ["batch", "profiles/*.json", "profiles", "--reports", "profiles"],
        "--reports profiles is the input profiles",
        id="reports-is-input-folder",
    ),
    pytest.param(
        ["batch", "m.json", "--reports", "r", "-o", "r/portfolio.pdf", "-f", "csv"],
        "inside --reports r",
        id="output-in-reports",
    ),
    pytest.param(
        ["batch", "pack/portfolio.pdf", "--reports", "pack"],
        "the input pack/portfolio.pdf is inside --reports pack",
        id="input-in-reports",
    ),
    pytest.param(
        ["batch", "m.json", "-o", "pack", "-f", "csv", "--reports", "pack"],
        "-o pack is also --reports pack",
        id="output-is-reports",
    ),
    pytest.param(
        ["batch", "m.json", "--rules", "rules.yaml", "-o", "rules.yaml", "-f", "csv"],
        "is also --rules rules.yaml",
        id="output-is-rules",
    ),
    pytest.param(["batch", "m.json", "-o", "hard.csv"], "-o hard.csv is also the input m.json", id="hard-link"),
    pytest.param(
        ["report", "m.json", "-o", "m.json", "-f", "html"], "-o m.json is also the profile m.json", id="report"
    ),
    pytest.param(
        ["group", "m.json", "--report", "m.pdf", "--rules", "m.pdf"], "--report m.pdf is also --rules m.pdf", id="group"
    ),
    pytest.param(
        ["ask", "--defaults", "--answers", "m.json", "-o", "m.json", "--force"],
        "-o m.json is also --answers m.json",
        id="ask",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_an_output_that_is_an_input_or_another_output_is_exit_2_and_nothing_changes(folder, args, message):
    if "hard.csv" in args:
        (folder / "hard.csv").hardlink_to(folder / "m.json")
    if "pack/portfolio.pdf" in args:
        (folder / "pack").mkdir()
        shutil.copy(LAW_FIRM, folder / "pack" / "portfolio.pdf")
    if "m.pdf" in args:
        shutil.copy(folder / "rules.yaml", folder / "m.pdf")
    before = snapshot(folder)
    result = advisor(*args, cwd=folder)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "nothing was read or written" in result.stderr
    assert result.stdout == "" and snapshot(folder) == before  # the input is intact, and nothing new was written


def test_ask_may_save_over_the_draft_it_resumes(folder):
    draft = {"_advisor_draft": {"version": 1}, "organization": {"name": "Acme"}}
    (folder / "draft.json").write_text(json.dumps(draft))
    result = advisor("ask", "--defaults", "--resume", "draft.json", "-o", "draft.json", cwd=folder)
    assert "is also" not in result.stderr


def test_devices_may_take_several_outputs_and_the_same_profile_twice_is_warned_about_once(folder):
    result = advisor("batch", "m.json", "m.json", "m.json", "-o", "/dev/null", "--errors", "/dev/null", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("more than one profile has the id 'law-firm'") == 1
    grouped = advisor("group", "m.json", "profiles/a.json", "m.json", "--format", "json", cwd=folder)
    assert grouped.returncode == 0, grouped.stderr
    assert grouped.stderr.count("more than one profile has the id 'law-firm'") == 1


def test_reports_folder_may_hold_the_table_and_is_created_when_its_parent_exists(folder):
    result = advisor("batch", "m.json", "--reports", "pack", "-o", "pack/results.csv", "--no-robustness", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (folder / "pack").iterdir()) == ["0001-law-firm.pdf", "portfolio.pdf", "results.csv"]


MISSING_FOLDER = [
    pytest.param(
        ["report", "m.json", "-o", "missing/dir/x.pdf"],
        "-o missing/dir/x.pdf: the folder missing/dir does not exist",
        id="report",
    ),
    pytest.param(
        ["batch", "m.json", "-o", "missing/x.csv"],
        "-o missing/x.csv: the folder missing does not exist",
        id="batch-output",
    ),
    pytest.param(
        ["batch", "m.json", "--errors", "missing/e.jsonl"],
        "--errors missing/e.jsonl: the folder missing",
        id="batch-errors",
    ),
    pytest.param(
        ["batch", "m.json", "--reports", "missing/pack"],
        "--reports missing/pack: the folder missing does not",
        id="batch-reports",
    ),
    pytest.param(
        ["group", "m.json", "--report", "missing/g.pdf"],
        "--report missing/g.pdf: the folder missing does not",
        id="group",
    ),
    pytest.param(
        ["ask", "--defaults", "-o", "missing/p.json"], "missing/p.json: the folder missing does not exist", id="ask"
    ),
]


@pytest.mark.parametrize(("args", "message"), MISSING_FOLDER)
def test_a_missing_output_folder_is_exit_2_and_is_not_created(folder, args, message):
    result = advisor(*args, cwd=folder)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "create it first" in result.stderr
    assert not (folder / "missing").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["report", "m.json", "-o", "/dev/full", "-f", "html"],
        ["batch", "m.json", "-o", "/dev/full", "-f", "csv"],
        ["batch", "m.json", "--errors", "/dev/full"],
    ],
    ids=["report", "batch-output", "batch-errors"],
)
def test_a_full_device_is_a_plain_message_naming_it_with_exit_1(folder, args):
    if "--errors" in args:
        (folder / "bad.json").write_text("{")
        args = [*args, "bad.json"]
    result = advisor(*args, cwd=folder)
    assert result.returncode == 1
    assert "/dev/full: cannot be written: No space left on device" in result.stderr
    assert BUG not in result.stderr and "Traceback" not in result.stderr


def test_standard_output_on_a_full_device_is_named_too(folder):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "advisor", "score", "m.json"],
            cwd=folder,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.decode() == "advisor: standard output: cannot be written: No space left on device\n"


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC], ids=["read-only", "permission", "full"])
def test_a_write_refused_by_the_system_is_exit_1_naming_the_file_without_bug_text(folder, monkeypatch, capsys, code):
    # run as root, chmod cannot refuse a write: the system's refusal is made where the file is opened
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(code, __import__("os").strerror(code))

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    monkeypatch.chdir(folder)
    assert cli.run(["report", "m.json", "-o", "out.html", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert err == f"advisor: out.html: cannot be written: {__import__('os').strerror(code)}\n"


def test_an_unnamed_system_error_is_plain_but_a_real_bug_keeps_its_bug_text(monkeypatch, capsys):
    from advisor.io import sources

    def refuse(name):
        raise PermissionError(errno.EACCES, "Permission denied", "/var/cache/x")

    monkeypatch.setattr(sources, "load_rules", refuse)
    assert cli.run(["schema"]) == 1
    err = capsys.readouterr().err
    assert err == "advisor: /var/cache/x: Permission denied\n"

    def broken(name):
        raise KeyError("oops")

    monkeypatch.setattr(sources, "load_rules", broken)
    assert cli.run(["schema"]) == 1
    assert BUG in capsys.readouterr().err


FULL_WHILE_WRITING_REPORTS = """
import errno, sys
import advisor.io.atomic as atomic
from advisor.core.errors import OutputError
from advisor import cli

def full(path, data):  # the disk fills up while the worker processes write the PDFs
    raise OutputError(str(path), "No space left on device")

atomic.write_atomically = full  # workers are forked from this process: they write through it too
sys.exit(cli.run(["batch", "m.json", "m.json", "--reports", "reports", "-o", "/dev/null", "--jobs", "2"]))
"""


def test_a_full_disk_while_worker_processes_write_the_reports_is_exit_1_not_a_hang(folder):
    # a worker's OutputError could not be unpickled in the main process: the pool waited for it forever
    result = subprocess.run(
        [sys.executable, "-c", FULL_WHILE_WRITING_REPORTS], cwd=folder, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 1, result.stderr
    assert b"reports/0001-" in result.stderr and b"cannot be written: No space left on device" in result.stderr
    assert BUG.encode() not in result.stderr


def test_every_error_of_advisor_survives_being_sent_between_processes():
    import pickle

    from advisor.core.errors import AdvisorError, OutputError, Problem, ProfileError, RulesError, UsageError

    errors = [
        OutputError("out.csv", "No space left on device"),
        ProfileError("p.json", [Problem("needs", "no content needs given", 3, 1, code="profile.needs.none")]),
        RulesError("r.yaml", Problem("", "not YAML", code="yaml.syntax")),
        UsageError("-o: a directory"),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error) and isinstance(copy, AdvisorError)
        assert getattr(copy, "problems", None) == getattr(error, "problems", None)
