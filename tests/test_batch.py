"""`advisor batch` through the real command line: inputs of every kind in order, bad records reported and skipped,
outputs that open as documented, nothing half-written after a kill, reports and a portfolio."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor.batch.scoring import CSV_COLUMNS
from tests.conftest import EXAMPLES, interruptible, run_cli, wait_until

EXAMPLE_IDS = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def advisor(*args, cwd, stdin=b"", env=None):
    return run_cli(*args, cwd=cwd, stdin=stdin, env=env, text=False)


def profile(name: str, **needs: int) -> str:
    return json.dumps({"organization": {"name": name}, "needs": {u: {"importance": i} for u, i in needs.items()}})


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "single.json").write_text(profile("Single", code=5))
    lines = [profile("First", art=5), "{not json", profile("Third", art=9), profile("Fourth", writing=4, art=4)]
    (tmp_path / "survey.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


def rows_of(stdout: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout.decode())))


def test_mixed_inputs_give_rows_in_input_order_and_one_error_line_per_bad_record(inputs):
    stdin = (profile("From stdin", summarization=3) + "\n").encode()
    result = advisor(
        "batch",
        "single.json",
        EXAMPLES,
        "survey.jsonl",
        "-",
        "--errors",
        "errors.jsonl",
        "-j",
        "2",
        cwd=inputs,
        stdin=stdin,
    )
    assert result.returncode == 3, result.stderr
    rows = rows_of(result.stdout)
    assert [r["id"] for r in rows] == ["single.json", *EXAMPLE_IDS, "survey.jsonl:1", "survey.jsonl:4", "stdin:1"]
    assert [r["organization"] for r in rows][-3:] == ["First", "Fourth", "From stdin"]
    errors = [json.loads(line) for line in (inputs / "errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["source"], e["line"], e["path"]) for e in errors] == [
        ("survey.jsonl:2", "survey.jsonl", 2, ""),
        ("survey.jsonl:3", "survey.jsonl", 3, "needs.art.importance"),
    ]
    assert "not valid JSON" in errors[0]["message"] and errors[1]["message"] == "must be at most 5 (got 9)"
    assert [e["code"] for e in errors] == ["json.syntax", "schema.out_of_range"]  # what a client matches, not words
    assert [p["code"] for p in errors[1]["problems"]] == ["schema.out_of_range"]
    assert b"survey.jsonl:3: needs.art.importance: must be at most 5" in result.stderr
    scored = len(EXAMPLE_IDS) + 4  # single.json, two good survey lines, stdin
    assert f"read {scored + 2} profiles: {scored} scored, 2 invalid".encode() in result.stderr


def test_csv_has_the_documented_header_and_values(inputs):
    result = advisor("batch", "single.json", cwd=inputs)
    assert result.returncode == 0
    header = result.stdout.decode().splitlines()[0]
    assert header == ",".join(CSV_COLUMNS)
    [row] = rows_of(result.stdout)
    assert row["recommendation"] == "llm" and float(row["fit_llm"]) == pytest.approx(0.9)
    assert row["top_use_case_llm"] == "code" and row["verdict"] == "robust" and float(row["p_win"]) == 1.0


def test_csv_rows_carry_the_ring_and_the_veto_and_obligation_counts(inputs):
    result = advisor("batch", EXAMPLES / "clinic.json", EXAMPLES / "software-house.json", "--no-robustness", cwd=inputs)
    assert result.returncode == 0, result.stderr
    clinic, software = rows_of(result.stdout)
    # the US clinic: HIPAA's BAA, human review and data residency
    assert (clinic["ring"], clinic["vetoes"], clinic["obligations"]) == ("trial", "1", "3")
    # governance is not stated: unknown, so Trial (stating it can move the ring to Adopt), not Assess; confidential
    # data at a cloud API from the EU: GDPR Art. 28 and Chapter V, Art. 4 AI literacy and the business-plans practice
    assert (software["ring"], software["vetoes"], software["obligations"]) == ("trial", "0", "4")
    assert b"rings: trial 2" in result.stderr


def test_jsonl_lines_follow_the_assessment_contract(inputs):
    result = advisor("batch", EXAMPLES, "-o", "out.jsonl", cwd=inputs)
    assert result.returncode == 0
    lines = (inputs / "out.jsonl").read_text().splitlines()
    assert len(lines) == len(EXAMPLE_IDS)
    for line in lines:
        data = json.loads(line)
        assert data["schema_version"] == 1 and data["recommendation"] in ("llm", "generative_ai", "hybrid")
        assert set(data["scores"]) == {"llm", "generative_ai"} and isinstance(data["margin"], float)
        assert {"id", "weight", "ratings", "contributions", "better_fit"} <= set(data["use_cases"][0])
        assert data["robustness"]["verdict"] in ("robust", "moderate", "fragile", "too_close")


@pytest.mark.parametrize("rules", [[], ["--rules", "extended"]], ids=["default", "extended"])
def test_csv_rows_tell_the_same_verdict_p_win_and_ring_as_the_full_assessment(inputs, rules):
    # a CSV row works out only the verdict and its probabilities, not the flip thresholds: it must still agree
    csv_run = advisor("batch", EXAMPLES, "-o", "out.csv", *rules, cwd=inputs)
    jsonl_run = advisor("batch", EXAMPLES, "-o", "out.jsonl", *rules, cwd=inputs)
    assert csv_run.returncode == 0 and jsonl_run.returncode == 0, csv_run.stderr + jsonl_run.stderr
    rows = rows_of((inputs / "out.csv").read_bytes())
    full = [json.loads(line) for line in (inputs / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [a["profile_id"] for a in full] and len(rows) == len(EXAMPLE_IDS)
    for row, assessment in zip(rows, full):
        robustness = assessment["robustness"]
        assert row["verdict"] == robustness["verdict"]
        assert row["p_win"] == f"{robustness['p_outcome'][assessment['recommendation']]:.4f}"
        assert row["ring"] == assessment["context"]["ring"]["ring"]


def test_json_format_is_one_array_and_the_same_bytes_with_one_or_two_jobs(inputs):
    one = advisor("batch", EXAMPLES, "survey.jsonl", "-f", "json", "-j", "1", "-q", cwd=inputs)
    two = advisor("batch", EXAMPLES, "survey.jsonl", "-f", "json", "-j", "2", "-q", cwd=inputs)
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)) == len(EXAMPLE_IDS) + 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing-here.json"], b"no such file"),
        (["*.nomatch"], b"matches no file"),
        ([str(EXAMPLES), "-o", "."], b"is a directory"),
        (["empty"], b"empty: the folder holds no .json or .jsonl file"),
        (["emp*"], b"emp*: the pattern matches only folders without a .json or .jsonl file"),
        (
            [str(EXAMPLES), "-o", "res.xlsx"],
            b"res.xlsx: unknown output format '.xlsx'; the known ones are .csv, .jsonl, .json",
        ),
        ([str(EXAMPLES), "-o", "res.csv", "-f", "json"], b"--format json contradicts res.csv"),
        ([str(EXAMPLES), "-o", "out.csv", "--reports", "single.json"], b"--reports single.json: single.json is a file"),
        ([str(EXAMPLES), "-o", "out.csv", "--reports", "single.json/sub"], b"single.json is a file; give a folder"),
        ([str(EXAMPLES), "-o", "out.csv", "--date", "2026-02-30"], b"--date '2026-02-30': expected a date"),
    ],
    ids=[
        "missing-input",
        "empty-glob",
        "directory-output",
        "empty-folder",
        "glob-of-empty-folders",
        "unknown-format",
        "contradicting-format",
        "reports-is-a-file",
        "reports-below-a-file",
        "bad-date",
    ],
)
def test_usage_errors_exit_two_before_anything_is_written(inputs, args, message):
    (inputs / "empty").mkdir()
    before = sorted(p.name for p in inputs.rglob("*"))
    result = advisor("batch", *args, cwd=inputs)
    assert result.returncode == 2 and message in result.stderr and b"Traceback" not in result.stderr
    assert result.stdout == b""
    assert sorted(p.name for p in inputs.rglob("*")) == before


def test_no_input_at_all_is_a_usage_error(inputs):
    assert advisor("batch", cwd=inputs).returncode == 2


def many_profiles(path: Path, count: int) -> None:
    with path.open("w") as handle:
        for index in range(count):
            handle.write(profile(f"Org {index}", art=index % 6, writing=5 - index % 5, code=index % 3) + "\n")


def long_batch(folder: Path) -> subprocess.Popen:
    """A batch to out.csv from an endless stream of profiles on stdin, in its own process group, returned once it
    writes its temporary output: the stream never ends, so the run is still under way when the test interrupts it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "batch", "-", "-o", "out.csv", "-q"],
        cwd=folder,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=interruptible,  # noqa: PLW1509 - only resets SIGINT before exec, taking no lock
    )

    def feed() -> None:
        index = 0
        try:
            while True:
                lines = [
                    profile(f"Org {i}", art=i % 6, writing=5 - i % 5, code=i % 3) for i in range(index, index + 500)
                ]
                process.stdin.write(("\n".join(lines) + "\n").encode())
                process.stdin.flush()
                index += 500
        except (BrokenPipeError, OSError, ValueError):  # the run ended: its end of the pipe closed
            pass

    threading.Thread(target=feed, daemon=True).start()
    wait_until(
        lambda: process.poll() is not None or any(folder.glob(".out.csv.*.part")), "the batch to write out.csv"
    )
    assert process.poll() is None, "the run ended before it could be interrupted"
    return process


def test_a_killed_run_leaves_the_earlier_output_intact_and_no_partial_file(tmp_path):
    (tmp_path / "out.csv").write_text("the earlier output\n")
    process = long_batch(tmp_path)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert (tmp_path / "out.csv").read_text() == "the earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["out.csv"]


def test_ctrl_c_exits_130_and_removes_the_temporary_output(tmp_path):
    process = long_batch(tmp_path)
    os.killpg(process.pid, signal.SIGINT)
    stderr = process.stderr.read()
    process.wait(timeout=30)
    assert process.returncode == 130 and b"Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_reports_write_one_pdf_per_valid_profile_and_a_portfolio_that_names_the_left_out(inputs):
    result = advisor(
        "batch",
        "single.json",
        "survey.jsonl",
        "-o",
        "out.csv",
        "--reports",
        "reports",
        "-q",
        "--date",
        "2026-03-02",
        cwd=inputs,
    )
    assert result.returncode == 3
    names = sorted(p.name for p in (inputs / "reports").iterdir())
    assert names == ["0001-single-json.pdf", "0002-survey-jsonl-1.pdf", "0003-survey-jsonl-4.pdf", "portfolio.pdf"]
    reader = PdfReader(inputs / "reports" / "portfolio.pdf")
    portfolio = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Of 3 profiles assessed: 3 to trial" in portfolio
    assert "5 profiles read: 3 assessed, 2 left out because they are invalid." in portfolio
    assert (
        "Readiness (technology-radar ring): Adopt 0, Trial 3, Assess 0, Hold 0." in portfolio
    )  # governance unknown, not none
    for name in ("Single", "First", "Fourth"):
        assert name in portfolio
    left_out = portfolio[portfolio.index("Profiles left out (2)") :]
    assert "File and line Id Field Problem" in left_out
    assert "survey.jsonl:2 survey.jsonl:2 (the whole record) not valid JSON" in left_out
    assert "survey.jsonl:3 survey.jsonl:3 needs.art.importance must be at most 5 (got 9)" in left_out
    assert reader.metadata.creation_date.date().isoformat() == "2026-03-02"
    single = PdfReader(inputs / "reports" / "0001-single-json.pdf")
    assert "Single" in single.pages[0].extract_text() and "2 March 2026" in single.pages[0].extract_text()


def test_a_terminal_gets_a_progress_bar_and_a_pipe_does_not(tmp_path):
    import pexpect

    many_profiles(tmp_path / "big.jsonl", 3_000)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "batch", "big.jsonl", "-o", "out.csv", "-j", "2", "--no-robustness"],
        cwd=str(tmp_path),
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        dimensions=(24, 100),
        timeout=120,
    )
    child.expect(r"scoring.*\d+/3000")  # count of total, then rate and time left as it goes
    child.expect("read 3000 profiles: 3000 scored")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    piped = advisor("batch", "big.jsonl", "-o", "piped.csv", "-j", "2", "--no-robustness", cwd=tmp_path)
    assert b"scoring" not in piped.stderr and piped.stderr.startswith(b"read 3000 profiles")
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "piped.csv").read_bytes()


@pytest.mark.parametrize("command", ["batch", "report"])
def test_writing_to_a_device_writes_through_it_and_never_replaces_it(tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    args = [EXAMPLES / "law-firm.json", "-o", fifo] + (
        ["--format", "csv"] if command == "batch" else ["--format", "pdf"]
    )
    result = advisor(command, *args, cwd=tmp_path)
    received = reader.communicate(timeout=60)[0]
    assert result.returncode == 0, result.stderr
    assert fifo.is_fifo() and not fifo.is_file()  # still the pipe, not a regular file put in its place
    assert received.startswith(b"id,source" if command == "batch" else b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it
