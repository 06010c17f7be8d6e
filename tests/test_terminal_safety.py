"""What reaches a terminal, through the real command line on a pseudo-terminal: every character passes the one
escape function (C0, C1, DEL and bidi controls shown as \\x1b, \\x9b, \\u202e), batch CSV and JSON included; names
in text output are isolated (FSI ... PDI); files and pipes get the data byte for byte as it is."""

from __future__ import annotations

import ast
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.io.terminal import console_for, user_text
from advisor.io.untrusted import FSI, PDI, printable

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
HOSTILE_ID = "e\x1b]0;pwned\x07"
HOSTILE_NAME = "Acme\x1b[2J\x9b2J\u202eevil\x7f\u2069"
ARABIC = "\u0634\u0631\u0643\u0629 \u0627\u0644\u0623\u0645\u0644"  # an Arabic organisation name
RAW = [b"\x1b]", b"\x1b[2J", b"\x07", "\x9b".encode(), "\u202e".encode(), b"\x7f"]
"""The raw bytes of the hostile text: none may reach a terminal."""


def on_terminal(*args: str, cwd: Path) -> tuple[int, bytes, bytes]:
    """Run advisor with stdout on a pseudo-terminal (stderr a pipe): exit code, what the terminal got, stderr."""
    main, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", *args], cwd=cwd, stdout=secondary, stderr=subprocess.PIPE, env=env
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other end closed: the process is done writing
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    stderr = process.stderr.read()
    process.wait(timeout=60)
    return process.returncode, b"".join(chunks).replace(b"\r\n", b"\n"), stderr


def piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args], cwd=cwd, capture_output=True, timeout=60, check=False
    )


def without_styles(shown: bytes) -> bytes:
    """The terminal's bytes without the style sequences rich writes itself (bold: ESC [ 1 m, reset: ESC [ 0 m...)."""
    import re

    return re.sub(rb"\x1b\[[0-9;]*m", b"", shown)


def assert_no_raw_controls(shown: bytes) -> None:
    for raw in RAW:
        assert raw not in without_styles(shown), raw


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    profile = {
        "id": HOSTILE_ID,
        "organization": {"name": HOSTILE_NAME, "size": "51-250"},
        "needs": {"art": {"importance": 3}, "code": {"importance": 4}},
    }
    (tmp_path / "evil.json").write_text(json.dumps(profile))
    arabic = {"id": "arabic", "organization": {"name": ARABIC, "size": "51-250"}, "needs": {"code": {"importance": 4}}}
    (tmp_path / "arabic.json").write_text(json.dumps(arabic))
    return tmp_path


@pytest.mark.parametrize("output_format", ["csv", "jsonl", "json"])
def test_batch_data_on_a_terminal_is_escaped_and_in_a_pipe_is_byte_for_byte(hostile, output_format):
    args = ("batch", "evil.json", "-f", output_format, "-q", "--no-robustness", "-j", "1")
    code, shown, _ = on_terminal(*args, cwd=hostile)
    assert code == 0
    assert_no_raw_controls(shown)
    assert b"\\x9b2J\\u202eevil\\x7f\\u2069" in shown  # the name, visible as escapes
    assert shown.count(b"\n") == piped(*args, cwd=hostile).stdout.count(b"\n")  # one line a row, as in a file

    result = piped(*args, cwd=hostile)
    assert result.returncode == 0
    assert "\x9b2J\u202eevil\x7f\u2069".encode() in result.stdout  # a pipe gets the data as it is
    if output_format == "csv":
        assert HOSTILE_ID.encode() in result.stdout and b"\x1b[2J" in result.stdout


def test_score_json_on_a_terminal_escapes_c1_and_bidi_and_a_pipe_gets_valid_json_as_it_is(hostile):
    code, shown, _ = on_terminal("score", "evil.json", "--format", "json", cwd=hostile)
    assert code == 0
    assert_no_raw_controls(shown)
    assert b'"name": "Acme\\u001b[2J\\x9b2J\\u202eevil\\x7f\\u2069"' in shown
    result = piped("score", "evil.json", "--format", "json", cwd=hostile)
    assert json.loads(result.stdout)["organization"]["name"] == HOSTILE_NAME


def test_text_output_isolates_names_on_a_terminal_and_escapes_their_own_isolates(hostile):
    code, shown, _ = on_terminal("score", "arabic.json", "--format", "text", cwd=hostile)
    assert code == 0
    first = without_styles(shown).decode().splitlines()[0]
    assert first.startswith(f"{FSI}{ARABIC}{PDI} - recommendation: ")  # cannot reorder what follows it

    code, shown, _ = on_terminal("score", "evil.json", "--format", "text", cwd=hostile)
    assert_no_raw_controls(shown)
    first = without_styles(shown).decode().splitlines()[0]
    assert first.startswith(f"{FSI}{printable(HOSTILE_NAME)}{PDI} - ")  # its own PDI shown, so it closes nothing
    assert first.count(PDI) == 1

    text = piped("score", "arabic.json", "--format", "text", cwd=hostile).stdout.decode()
    assert text.startswith(f"{ARABIC} - recommendation") and FSI not in text  # isolation only on a terminal


def test_group_text_on_a_terminal_isolates_the_group_value_and_names(hostile):
    code, shown, stderr = on_terminal(
        "group", "evil.json", "arabic.json", "--by", "organization.name", "--format", "text", cwd=hostile
    )
    assert code == 0, stderr
    assert_no_raw_controls(shown)
    text = without_styles(shown).decode()
    assert f"organization.name = {FSI}{ARABIC}{PDI} (1 respondent)" in text
    assert "1 respondents" not in text


def test_report_html_to_a_terminal_is_escaped(hostile):
    code, shown, _ = on_terminal(
        "report", "evil.json", "-o", "-", "--format", "html", "--date", "2026-01-01", cwd=hostile
    )
    assert code == 0
    assert_no_raw_controls(shown)
    assert (
        piped("report", "evil.json", "-o", "-", "--format", "html", "--date", "2026-01-01", cwd=hostile).stdout.count(
            "\u202e".encode()
        )
        >= 1
    )


def test_messages_on_stderr_are_escaped(hostile):
    (hostile / "bad.json").write_text(
        json.dumps({"id": HOSTILE_ID, "organization": {"name": "X"}, "needs": {HOSTILE_NAME: {}}})
    )
    result = piped("batch", "bad.json", "evil.json", "evil.json", "-o", "/dev/null", cwd=hostile)
    assert result.returncode == 3
    assert_no_raw_controls(result.stderr)
    assert b"more than one profile has the id 'e\\x1b]0;pwned\\x07'" in result.stderr


def test_the_console_escapes_every_segment_and_isolates_only_marked_text_on_a_terminal():
    plain = io.StringIO()
    console_for(plain).print("rules title \x1b[2J\x9b", user_text("\u202eName"))
    assert plain.getvalue() == "rules title \\x1b[2J\\x9b \\u202eName\n"  # not a terminal: escaped, not isolated

    terminal = io.StringIO()
    console = console_for(terminal)
    console._force_terminal = True  # as on a terminal
    console.print(user_text("\u202eName"))
    assert terminal.getvalue() == f"{FSI}\\u202eName{PDI}\n"


def test_no_module_writes_data_to_stdout_but_through_the_terminal_escape():
    """The guard: stdout's bytes are reached only through `data_stream`, and a console only through `console_for`."""
    allowed = {"advisor/io/untrusted.py": "sys.stdout.buffer", "advisor/io/terminal.py": "Console("}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(PACKAGE.parent))
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "buffer"
                and ast.unparse(node) == "sys.stdout.buffer"
                and allowed.get(name) != "sys.stdout.buffer"
            ):
                offenders.append(f"{name}:{node.lineno} sys.stdout.buffer")
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "Console" and allowed.get(name) != "Console(":
                offenders.append(f"{name}:{node.lineno} Console(...)")
    assert offenders == []


def test_every_message_on_stderr_passes_the_escape():
    """The guard: `print(..., file=sys.stderr)` prints a constant or what `printable`/`printable_lines` returned."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"):
                continue
            to_stderr = any(k.arg == "file" and ast.unparse(k.value) == "sys.stderr" for k in node.keywords)
            if not to_stderr or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.BinOp):  # printable(...) + a constant
                first = first.left
            escaped = isinstance(first, ast.Call) and ast.unparse(first.func) in ("printable", "printable_lines")
            constant = isinstance(first, ast.Constant) or (
                isinstance(first, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in first.values)
            )
            if not (escaped or constant):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {ast.unparse(first)[:60]}")
    assert offenders == []


def test_a_terminal_named_as_the_output_file_gets_the_data_escaped(hostile):
    code, shown, stderr = on_terminal("batch", "evil.json", "-o", "/dev/stdout", "-q", "--no-robustness", cwd=hostile)
    assert code == 0, stderr
    assert_no_raw_controls(shown)
    assert b"\\x9b2J" in shown


def test_validate_isolates_the_name_on_a_terminal_only(hostile):
    code, shown, _ = on_terminal("validate", "arabic.json", "evil.json", cwd=hostile)
    assert code == 0
    assert_no_raw_controls(shown)
    assert shown.decode().splitlines()[0] == f"arabic.json: valid ({FSI}{ARABIC}{PDI})"
    assert piped("validate", "arabic.json", cwd=hostile).stdout.decode() == f"arabic.json: valid ({ARABIC})\n"


def test_group_sentences_on_a_terminal_isolate_the_names_they_quote(tmp_path):
    # the headline, conflicts and pivotal lines quote respondents' labels and organisation names: on a terminal an
    # Arabic label turned the words and numbers around it, as on the pages before <bdi>
    role = f"{ARABIC} 51-250"
    base = {"organization": {"name": "Acme", "size": "51-250"}, "needs": {"writing": {"importance": 4}}}
    respondents = [
        {**base, "id": "a", "respondent": {"role": role}, "organization": {"name": ARABIC, "size": "51-250"}},
        {**base, "id": "b", "respondent": {"role": "Finance"}},
        {**base, "id": "c", "respondent": {"role": "IT"}, "needs": {"art": {"importance": 5}}},
    ]
    for data in respondents:
        (tmp_path / f"{data['id']}.json").write_text(json.dumps(data))
    code, shown, stderr = on_terminal("group", "a.json", "b.json", "c.json", "--format", "text", cwd=tmp_path)
    assert code == 0, stderr
    text = without_styles(shown).decode()
    conflict = next(line for line in text.splitlines() if "organisation name:" in line)
    assert f"said {FSI}{ARABIC}{PDI}" in conflict and f"said {FSI}Acme{PDI}" in conflict
    assert f"{FSI}{role}{PDI}" in text
    assert role not in text.replace(f"{FSI}{role}{PDI}", "")  # every time it is quoted
    piped_text = piped("group", "a.json", "b.json", "c.json", "--format", "text", cwd=tmp_path).stdout.decode()
    assert FSI not in piped_text and role in piped_text


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_pdf_bytes_are_refused_for_a_terminal_however_it_is_named(hostile, output):
    # -o - was refused on a terminal, but -o /dev/stdout poured the whole PDF, escaped, onto it
    code, shown, stderr = on_terminal("report", "arabic.json", "-o", output, cwd=hostile)
    assert code == 2 and shown == b""
    assert f"-o {output}: will not write PDF bytes to a terminal".encode() in stderr
