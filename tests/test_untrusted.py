"""Untrusted text reaching other programs, through the real command line: a name never becomes a spreadsheet
formula or a terminal escape sequence, and a reader that stops early ends a command quietly."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.io.untrusted import printable, spreadsheet_text
from tests.conftest import EXAMPLES, run_cli

FORMULA = '=HYPERLINK("http://evil","x")'
ESCAPES = "Acme\x1b]8;;http://evil\x1b\\link\x1b[2J\x07"


def advisor(*args, cwd, stdin=b""):
    return run_cli(*args, cwd=cwd, stdin=stdin, text=False)


def write_profile(path: Path, name: str, profile_id: str | None = None, **needs: int) -> Path:
    data: dict = {"organization": {"name": name}, "needs": {u: {"importance": i} for u, i in needs.items()}}
    if profile_id is not None:
        data["id"] = profile_id
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_starting_like_a_formula_gets_a_single_quote(start):
    assert spreadsheet_text(f"{start}1+2") == f"'{start}1+2"
    assert spreadsheet_text("Acme = 1") == "Acme = 1"


def test_batch_csv_neutralises_formulas_in_text_cells_and_keeps_negative_numbers(tmp_path):
    write_profile(tmp_path / "evil.json", FORMULA, "-2+3", art=5)
    write_profile(tmp_path / "@sum.json", "+Plus Ltd", writing=2, art=4)
    result = advisor("batch", "evil.json", "@sum.json", "-o", "out.csv", "-j", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with (tmp_path / "out.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["'-2+3", "'@sum.json"]
    assert [r["organization"] for r in rows] == ["'" + FORMULA, "'+Plus Ltd"]
    assert rows[1]["source"] == "'@sum.json"
    assert rows[0]["margin"] == "-0.550000" and float(rows[0]["margin"]) == -0.55  # a number stays a number


def test_control_characters_in_a_name_are_escaped_in_text_output_and_messages(tmp_path):
    write_profile(tmp_path / "p.json", ESCAPES, art=3)
    shown = advisor("score", "p.json", "--format", "text", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    first_line = shown.stdout.decode().splitlines()[0]
    assert first_line.startswith(r"Acme\x1b]8;;http://evil\x1b\link\x1b[2J\x07 - recommendation")
    valid = advisor("validate", "p.json", cwd=tmp_path)
    assert valid.stdout.decode() == "p.json: valid (" + printable(ESCAPES) + ")\n"

    bad = {"organization": {"name": "X"}, "needs": {ESCAPES: {"importance": 2}}}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    for command in (("score", "bad.json"), ("batch", "bad.json")):
        result = advisor(*command, cwd=tmp_path)
        assert result.returncode == 3
        assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
        assert rb"Acme\x1b]8;;http://evil" in result.stderr


def test_an_escape_in_a_file_name_is_escaped_in_the_message(tmp_path):
    result = advisor("score", "no\x1b[31mfile.json", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == b"no\\x1b[31mfile.json: no such file\n"


def read_one_line_and_close(*args: str, cwd: Path) -> tuple[int, bytes, bytes]:
    """Run advisor, read the first line of its stdout, close the pipe (as `| head -1` does), collect the rest."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    return process.wait(timeout=60), first, stderr


@pytest.mark.parametrize(
    "args",
    [
        ["score", str(EXAMPLES / "law-firm.json"), "--format", "text"],
        ["rules", "show", "--format", "text", "--rules", "extended"],
        ["batch", "many.jsonl", "--no-robustness", "-j", "1"],
        ["batch", "many.jsonl", "--no-robustness", "-f", "jsonl"],
    ],
    ids=["score-text", "rules-show", "batch-csv", "batch-jsonl"],
)
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, args):
    lines = [
        json.dumps({"organization": {"name": f"Org {i}"}, "needs": {"art": {"importance": 1 + i % 5}}})
        for i in range(3000)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")
    code, first, stderr = read_one_line_and_close(*args, cwd=tmp_path)
    assert first.strip()
    assert code == 0, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr and b"unexpected error" not in stderr


def test_printable_keeps_letters_of_every_script():
    assert printable("株式会社テスト Café") == "株式会社テスト Café"
    assert printable("a\u202eb\tc") == "a\\u202eb\\tc"
