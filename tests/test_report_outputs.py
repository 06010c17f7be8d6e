"""Where `advisor report` writes, through the real command line: the format follows the file's extension, `-o -`
is stdout, and a default name never replaces another organisation's report or a file advisor did not write."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from tests.conftest import EXAMPLES, run_cli

LAW_FIRM = str(EXAMPLES / "law-firm.json")


def advisor(*args, cwd):
    return run_cli(*args, cwd=cwd, text=False)


def write_profile(folder, file_name: str, name: str) -> str:
    (folder / file_name).write_text(json.dumps({"organization": {"name": name}, "needs": {"art": {"importance": 3}}}))
    return file_name


def test_the_extension_chooses_the_format_and_stdout_takes_the_pdf(tmp_path):
    html = advisor("report", LAW_FIRM, "-o", "x.html", "--date", "2026-01-15", cwd=tmp_path)
    assert html.returncode == 0, html.stderr
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    piped = advisor("report", LAW_FIRM, "-o", "-", "--date", "2026-01-15", cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"%PDF-") and piped.stderr == b""
    assert "15 January 2026" in PdfReader(io.BytesIO(piped.stdout)).pages[0].extract_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.html"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.html", "--format", "pdf"], b"--format pdf contradicts x.html"),
        (["-o", "x.pdf", "-f", "html"], b"--format html contradicts x.pdf"),
        (["-o", "x.json"], b"x.json: unknown output format '.json'; the known ones are .pdf, .html, .htm"),
    ],
    ids=["html-file-pdf-flag", "pdf-file-html-flag", "unknown-extension"],
)
def test_a_format_that_contradicts_the_file_or_an_unknown_extension_is_a_usage_error(tmp_path, args, message):
    result = advisor("report", LAW_FIRM, *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and b"Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_names_in_any_script_keep_their_letters_in_the_default_name(tmp_path):
    write_profile(tmp_path, "jp.json", "株式会社テスト")
    result = advisor("report", "jp.json", "--date", "2026-01-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "株式会社テスト-ai-assessment.pdf"
    assert PdfReader(written).metadata.author == "株式会社テスト"


def test_a_default_name_never_replaces_another_organisations_report(tmp_path):
    write_profile(tmp_path, "bang.json", "!!!")
    write_profile(tmp_path, "question.json", "???")
    first = advisor("report", "bang.json", "--date", "2026-01-15", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "organisation-ai-assessment.pdf"
    before = target.read_bytes()

    other = advisor("report", "question.json", "--date", "2026-01-15", cwd=tmp_path)
    assert other.returncode == 2
    assert other.stderr.decode() == (
        "advisor: organisation-ai-assessment.pdf already exists and is the report of '!!!'; not replaced. "
        "Name another file with -o, or replace it with --force\n"
    )
    assert target.read_bytes() == before

    again = advisor("report", "bang.json", "--date", "2026-02-01", cwd=tmp_path)  # the same organisation: updated
    assert again.returncode == 0, again.stderr
    assert "1 February 2026" in PdfReader(target).pages[0].extract_text()

    forced = advisor("report", "question.json", "--force", "--date", "2026-01-15", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert PdfReader(target).metadata.author == "???"


@pytest.mark.parametrize(
    ("name", "content"),
    [("hargreave-lund-llp-ai-assessment.html", b"my own notes"), ("hargreave-lund-llp-ai-assessment.pdf", b"%PDF-1.4 x")],
    ids=["own-html", "broken-pdf"],
)
def test_a_default_name_never_replaces_a_file_advisor_did_not_write(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    result = advisor("report", LAW_FIRM, "-f", name.rsplit(".", 1)[1], cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"advisor: {name} already exists and is not a report by advisor; not replaced. "
        "Name another file with -o, or replace it with --force\n"
    )
    assert (tmp_path / name).read_bytes() == content
