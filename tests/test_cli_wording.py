"""Count sentences agree in number and an empty value is called empty, through the real command line; and the one
plural helper is the only way the command line's edges write a count."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from advisor.words.counts import counted, english_agrees, english_counted, invalid_of
from tests.conftest import EXAMPLES
from tests.test_cli_outputs import advisor  # the command line in this process (run_cli), its output as text

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
LAW_FIRM = EXAMPLES / "law-firm.json"


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 profiles"), (1, "1 profile"), (2, "2 profiles"), (11, "11 profiles")]
)
def test_a_count_agrees_with_its_noun(count, expected):
    assert counted(count, "profile") == expected
    assert counted(1, "more_use_case") == "1 more use case" and counted(2, "more_problem") == "2 more problems"
    assert invalid_of(1, 3) == "1 of 3 profiles is invalid" and invalid_of(2, 3) == "2 of 3 profiles are invalid"
    assert english_counted(3, "child", "children") == "3 children"  # the templates' filters, until Jinja2's i18n
    assert english_agrees(1, "is", "are") == "is" and english_agrees(0, "is", "are") == "are"


def test_batch_and_group_summaries_of_one_profile_say_profile(tmp_path):
    batch = advisor("batch", LAW_FIRM, "-o", "/dev/null", "--no-robustness", cwd=tmp_path)
    assert batch.returncode == 0, batch.stderr
    assert batch.stderr.startswith("read 1 profile: 1 scored, 0 invalid;")
    group = advisor("group", LAW_FIRM, "--by", "organization.name", "--format", "json", cwd=tmp_path)
    assert group.returncode == 0, group.stderr
    assert group.stderr.strip().endswith("1 profile read, 1 assessed, 0 invalid; 1 group by organization.name")
    two = advisor("batch", LAW_FIRM, EXAMPLES / "clinic.json", "-o", "/dev/null", "--no-robustness", cwd=tmp_path)
    assert two.stderr.startswith("read 2 profiles: 2 scored")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs a file that cannot be read (Linux)")
def test_an_input_that_cannot_be_read_is_counted_as_read_and_invalid_as_group_counts_it(tmp_path):
    # it was "read 1 profile: 1 scored, 1 invalid": the counts did not add up
    batch = advisor("batch", "/proc/self/mem", LAW_FIRM, "-o", "/dev/null", "--no-robustness", cwd=tmp_path)
    assert batch.returncode == 3
    assert "read 2 profiles: 1 scored, 1 invalid;" in batch.stderr
    group = advisor("group", "/proc/self/mem", LAW_FIRM, "--format", "json", cwd=tmp_path)
    assert "2 profiles read, 1 assessed, 1 invalid" in group.stderr


def test_validate_counts_agree(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    result = advisor("validate", "bad.json", cwd=tmp_path)
    assert result.returncode == 3 and result.stderr.endswith("1 of 1 profile is invalid\n")
    result = advisor("validate", "bad.json", "bad.json", LAW_FIRM, cwd=tmp_path)
    assert result.stderr.endswith("2 of 3 profiles are invalid\n")


def test_an_empty_value_is_called_empty_without_showing_the_empty_value(tmp_path):
    profile = {"organization": {"name": ""}, "needs": {"art": {"importance": 3}}}
    (tmp_path / "e.json").write_text(json.dumps(profile))
    result = advisor("score", "e.json", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == "e.json: organization.name: must not be empty\n"
    asked = advisor("ask", "--defaults", "--set", "organization.name=", "-o", "-", cwd=tmp_path)
    assert asked.returncode == 3 and asked.stderr == "--set: organization.name: must not be empty\n"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("context.budget=", "context.budget: must be one of 'low', 'medium' or 'high' (left empty)"),
        ("needs.code.importance=", "needs.code.importance: must be a whole number from 0 to 5 (left empty)"),
        ("organization.size=", "organization.size: must be one of '1-50', '51-250', '251-1000' or '1000+' (left empty)"),
    ],
)
def test_an_empty_value_is_never_shown_as_got_quotes_whatever_the_field(tmp_path, setting, message):
    result = advisor("whatif", LAW_FIRM, "--set", setting, cwd=tmp_path)
    assert result.returncode == 3
    assert message in result.stderr and "(got '')" not in result.stderr


def test_no_count_in_the_command_lines_edges_is_pluralised_by_hand():
    """The guard: '{n} thing{'s' if n != 1 else ''}' written by hand is how "read 1 profiles" came about."""
    edges = [PACKAGE / "cli.py", *sorted((PACKAGE / "io").glob("*.py")), *sorted((PACKAGE / "group").glob("*.py"))]
    edges += [PACKAGE / "batch" / name for name in ("run.py", "inputs.py", "scoring.py")]
    hand_made = re.compile(r"""\{'s' if|\{"s" if|\} (profiles|respondents|groups|use cases)\b(?!/s)""")  # not a rate
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in edges
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if hand_made.search(line)
    ]
    assert offenders == []


def test_no_template_pluralises_a_count_by_hand():
    """Pages and PDFs count through `{% trans count=n %}...{% pluralize %}...` (the language's plural rules) or the
    `counted` and `agrees` filters: 'AI adoption portfolio: 1 profiles' was a count written by hand in a template."""
    templates = PACKAGE.parent / "templates"
    hand_made = re.compile(r"""["'](s|es|were|are|they are)["'] if |\}\} (profiles|respondents|responses|rules)\b""")
    offenders = [
        f"{path.relative_to(templates)}:{number}: {line.strip()}"
        for path in sorted(templates.rglob("*.j2"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if hand_made.search(line) and "{% pluralize %}" not in line
    ]
    assert offenders == []


def test_a_portfolio_of_one_profile_says_profile(tmp_path):
    """The portfolio's title and lead count one profile as 'profile', read back from the PDF's metadata."""
    from pypdf import PdfReader

    result = advisor("batch", LAW_FIRM, "-o", "out.csv", "--reports", "reports", "--date", "2026-01-05", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    title = PdfReader(tmp_path / "reports" / "portfolio.pdf").metadata.title
    assert title == "AI adoption portfolio: 1 profile"
