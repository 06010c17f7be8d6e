"""`advisor report` through the real command line: outputs, names, dates and exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from pypdf import PdfReader

from tests.conftest import EXAMPLES, run_cli

LAW_FIRM = str(EXAMPLES / "law-firm.json")


def advisor(*args, cwd, env=None):
    return run_cli(*args, cwd=cwd, env=env)


def test_report_writes_a_pdf_named_after_the_organisation_in_the_current_folder(tmp_path):
    result = advisor("report", LAW_FIRM, "--date", "2026-01-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "hargreave-lund-llp-ai-assessment.pdf"
    assert "wrote hargreave-lund-llp-ai-assessment.pdf" in result.stderr
    reader = PdfReader(io.BytesIO(written.read_bytes()))
    assert "15 January 2026" in reader.pages[0].extract_text()
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary file left behind


def test_the_quick_exit_still_cleans_up_and_the_pdf_to_stdout_arrives_whole(tmp_path):
    # the command line ends the process without tearing the interpreter down (advisor.io.exits.exit_now): WeasyPrint's
    # temporary font folder must still go, and every byte written to stdout must still arrive
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "report", LAW_FIRM, "-o", "-", "--date", "2026-01-15"],
        cwd=tmp_path,
        capture_output=True,
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}, "TMPDIR": str(scratch)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    assert "15 January 2026" in PdfReader(io.BytesIO(result.stdout)).pages[0].extract_text()
    assert list(scratch.iterdir()) == []


def test_source_date_epoch_fixes_the_date(tmp_path):
    result = advisor("report", LAW_FIRM, "-o", "r.pdf", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "r.pdf")
    assert "14 November 2023" in reader.pages[0].extract_text()
    assert reader.metadata.creation_date.date().isoformat() == "2023-11-14"


def test_html_format_and_a_missing_output_folder_is_refused_not_created(tmp_path):
    refused = advisor(
        "report", LAW_FIRM, "--format", "html", "-o", "new/sub/report.html", "--date", "2026-01-15", cwd=tmp_path
    )
    assert refused.returncode == 2
    assert refused.stderr == "advisor: -o new/sub/report.html: the folder new/sub does not exist; create it first\n"
    assert not (tmp_path / "new").exists()
    (tmp_path / "new" / "sub").mkdir(parents=True)
    result = advisor(
        "report", LAW_FIRM, "--format", "html", "-o", "new/sub/report.html", "--date", "2026-01-15", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "new" / "sub" / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Hargreave &amp; Lund LLP" in html


def test_a_directory_as_output_is_a_usage_error(tmp_path):
    result = advisor("report", LAW_FIRM, "-o", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "is a directory" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_date_is_a_usage_error(tmp_path):
    result = advisor("report", LAW_FIRM, "--date", "2026-13-01", cwd=tmp_path)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_profile_leaves_an_existing_report_untouched(tmp_path):
    (tmp_path / "r.pdf").write_bytes(b"the previous report")
    (tmp_path / "bad.json").write_text('{"organization": {"name": "X"}, "needs": {"art": {"importance": 9}}}')
    result = advisor("report", "bad.json", "-o", "r.pdf", cwd=tmp_path)
    assert result.returncode == 3 and "needs.art.importance" in result.stderr
    assert (tmp_path / "r.pdf").read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "r.pdf"]


def test_an_existing_report_is_replaced_by_the_complete_new_one(tmp_path):
    (tmp_path / "r.pdf").write_bytes(b"the previous report")
    result = advisor("report", LAW_FIRM, "-o", "r.pdf", "--date", "2026-01-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-") and (
        tmp_path / "r.pdf"
    ).read_bytes().rstrip().endswith(b"%%EOF")


def test_the_scoring_path_does_not_load_weasyprint():
    probe = (
        "import sys; from advisor.cli import run; run(['score', %r, '--format', 'json']); "
        "print('weasyprint' in sys.modules, 'jinja2' in sys.modules, file=sys.stderr)" % LAW_FIRM
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stderr.strip().endswith("False False")
