"""The command line's contract: in this process (`run_cli`), and in real subprocesses (`python -m advisor ...`)
where only a process shows it: the exit code at interpreter exit, a pipe, Ctrl-C, a profiler.

Exit codes: 0 ok, 1 unexpected error, 2 usage error, 3 invalid input (profile or rules), 130 interrupted.
Data goes to stdout, messages to stderr, and a Python traceback is never shown.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Ran, interruptible, reading_stdin, run_cli, wait_until

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEFAULT_RULES = ROOT / "rules" / "default.yaml"
USE_CASE_IDS = ["art", "writing", "code", "multimodal", "summarization"]
USE_CASE_TITLES = [
    "Creative art",
    "Content writing",
    "Code assistance",
    "Multi-modal media generation",
    "Data summarization",
]
LABELS = ["High", "Medium", "Limited", "Low"]

EXIT_OK, EXIT_USAGE, EXIT_INVALID, EXIT_INTERRUPTED = 0, 2, 3, 130


# --------------------------------------------------------------------------------------------- helpers


def run_advisor(*args: str | Path, cwd: Path = ROOT, stdin: bytes | None = None) -> Ran:
    """`advisor ARGS` in this process (tests/conftest.py `run_cli`), stdout and stderr as text."""
    return run_cli(*args, cwd=cwd, stdin=stdin or b"")


def in_a_process(*args: str | Path, cwd: Path = ROOT, stdin: bytes | None = None) -> Ran:
    """`python -m advisor ARGS` in a real process: the exit code the shell sees, stdout a real pipe."""
    result = subprocess.run(
        [sys.executable, "-m", "advisor", *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=60,
    )
    return Ran(result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace"))


def assert_no_traceback(result: Ran) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def assert_invalid(result: Ran, *fragments: str) -> None:
    """Exit 3, nothing on stdout, no traceback, and every fragment in the message on stderr."""
    assert result.returncode == EXIT_INVALID, (result.returncode, result.stderr)
    assert_no_traceback(result)
    assert result.stdout == "", result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in stderr: {result.stderr!r}"


def profile_data(**overrides: object) -> dict[str, object]:
    """A small valid profile (no id), with top-level keys replaced by `overrides`."""
    data: dict[str, object] = {
        "schema_version": 1,
        "organization": {"name": "Test Org"},
        "needs": {"writing": {"importance": 4, "volume": "high"}, "art": {"importance": 2}},
    }
    data.update(overrides)
    return data


def write(path: Path, content: str | bytes | dict[str, object]) -> Path:
    if isinstance(content, dict):
        content = json.dumps(content)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def importance_json(raw_value: str) -> str:
    """A profile whose needs.art.importance is `raw_value`, written verbatim as JSON text."""
    return '{"organization": {"name": "Test Org"}, "needs": {"art": {"importance": ' + raw_value + "}}}"


def default_rules_text() -> str:
    return DEFAULT_RULES.read_text(encoding="utf-8")


def edited_rules(old: str, new: str) -> str:
    """The default rules with the first `old` replaced by `new`; the rest stays valid."""
    text = default_rules_text()
    assert old in text, f"the default rules no longer contain {old!r}; update the test"
    return text.replace(old, new, 1)


def line_of(text: str, marker: str) -> int:
    """The 1-based line of the first occurrence of `marker` in `text`."""
    return text[: text.index(marker)].count("\n") + 1


TRANSLATION_USE_CASE = """\
  translation:
    title: Translation
    description: Translating documents, websites and support answers between languages.
    ratings:
      llm: {label: High, source: seed-comparison}
      generative_ai: {label: Medium, source: seed-comparison}
"""


def extended_rules(tmp_path: Path) -> Path:
    """A rules file with a sixth use case, translation, added after the five default ones."""
    text = default_rules_text()
    return write(tmp_path / "extended.yaml", text.rstrip("\n") + "\n" + TRANSLATION_USE_CASE)


# ------------------------------------------------------------------------------ version, help, usage


def test_version_prints_name_and_version():
    result = in_a_process("--version")
    assert result.returncode == EXIT_OK
    assert result.stdout.strip() == "advisor 0.1.0"
    assert_no_traceback(result)


def test_help_exits_zero_and_lists_the_commands():
    result = run_advisor("--help")
    assert result.returncode == EXIT_OK
    for command in ("score", "validate", "schema", "rules"):
        assert command in result.stdout
    assert_no_traceback(result)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["score"], id="score-without-profile"),
        pytest.param(["score", "x.json", "--format", "xml"], id="bad-format-value"),
        pytest.param(["rules", "show", "--format", "xml"], id="rules-show-bad-format-value"),
        pytest.param(["score", "x.json", "--no-such-option"], id="unknown-option"),
        pytest.param(["nosuchcommand"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_two_without_traceback(args):
    result = in_a_process(*args)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stderr.strip(), "a usage error must say what is wrong on stderr"
    assert_no_traceback(result)


# ------------------------------------------------------------------------------------------- score


def test_score_json_has_the_documented_keys():
    result = run_advisor("score", EXAMPLES / "law-firm.json", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    expected = {
        "schema_version", "profile_id", "organization", "recommendation", "headline",
        "scores", "margin", "use_cases", "rules", "advisor_version",
    }  # fmt: skip
    assert expected <= set(data)
    assert data["profile_id"] == "law-firm"
    assert set(data["scores"]) == {"llm", "generative_ai"}
    assert [use_case["id"] for use_case in data["use_cases"]] == USE_CASE_IDS
    assert data["recommendation"] in {"llm", "generative_ai", "hybrid"}
    assert data["advisor_version"] == "0.1.0"


def test_score_json_names_the_rules_by_name_version_and_sha256():
    result = run_advisor("score", EXAMPLES / "law-firm.json", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    rules = json.loads(result.stdout)["rules"]
    assert rules == {
        "name": "seed-use-case-matrix",
        "version": "1.0.0",
        "sha256": hashlib.sha256(DEFAULT_RULES.read_bytes()).hexdigest(),
    }


def test_profile_id_falls_back_to_the_file_name(tmp_path):
    write(tmp_path / "p.json", profile_data())
    result = run_advisor("score", "p.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["profile_id"] == "p.json"


def test_score_prints_json_when_stdout_is_not_a_terminal():
    result = in_a_process("score", EXAMPLES / "law-firm.json")
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["profile_id"] == "law-firm"
    assert result.stderr == ""


def _first_column_text(table_output: str) -> str:
    """The 'Use case' column of the text table, wrapped cells joined back with spaces."""
    lines = table_output.splitlines()
    header = next(i for i, line in enumerate(lines) if "Use case" in line and "Need" in line)
    width = lines[header].index("Need")
    return " ".join(line[:width].strip() for line in lines[header + 1 :] if line[:width].strip())


def test_score_text_shows_the_recommendation_and_every_use_case_title():
    result = run_advisor("score", EXAMPLES / "law-firm.json", "--format", "text")
    assert result.returncode == EXIT_OK, result.stderr
    assert "Hargreave & Lund LLP" in result.stdout
    assert "recommendation: LLM" in result.stdout
    column = _first_column_text(result.stdout)
    for title in USE_CASE_TITLES:
        assert title in column, f"{title!r} not in the use-case column: {column!r}"
    assert_no_traceback(result)


def test_every_bundled_example_scores():
    for example in sorted(EXAMPLES.glob("*.json")):
        result = run_advisor("score", example, "--format", "json")
        assert result.returncode == EXIT_OK, (example.name, result.stderr)
        assert json.loads(result.stdout)["profile_id"] == example.stem


def test_score_reads_a_profile_from_stdin():
    result = run_advisor("score", "-", stdin=(EXAMPLES / "law-firm.json").read_bytes())
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert data["profile_id"] == "law-firm"
    assert data["organization"]["name"] == "Hargreave & Lund LLP"


def test_invalid_stdin_is_named_stdin_in_the_message():
    result = run_advisor("score", "-", stdin=importance_json("9").encode())
    assert_invalid(result, "<stdin>", "needs.art.importance", "at most 5")


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    write(tmp_path / "p.json", b"\xef\xbb\xbf" + json.dumps(profile_data()).encode())
    result = run_advisor("score", "p.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["organization"]["name"] == "Test Org"


# ---------------------------------------------------------------------------------- bad profiles


def test_importance_above_five_names_the_path_and_limit(tmp_path):
    write(tmp_path / "p.json", importance_json("7"))
    result = run_advisor("score", "p.json", cwd=tmp_path)
    assert_invalid(result, "p.json", "needs.art.importance", "at most 5")


DEEP_NOTES = (
    '{"organization": {"name": "Test Org"}, "needs": {"art": {"importance": 3}}, "notes": '
    + ("[" * 5000 + "]" * 5000)
    + "}"
)

# (content of p.json, fragments every one of which must be in stderr). The file name is checked for all.
BAD_PROFILES = [
    pytest.param(
        '{"organization": {"name": "Test Org"},\n "needs": {"art": {"importance": 3,}}}',
        ["line 2 column", "not valid JSON"],
        id="malformed-json-trailing-comma",
    ),
    pytest.param(
        '{"organization": {"name": "Test Org"}', ["line 1 column", "not valid JSON"], id="malformed-json-truncated"
    ),
    pytest.param(importance_json('"5"'), ["needs.art.importance", "whole number"], id="importance-as-string"),
    pytest.param(importance_json("true"), ["needs.art.importance", "whole number"], id="importance-as-boolean"),
    pytest.param(importance_json("2.5"), ["needs.art.importance", "whole number"], id="importance-as-fraction"),
    pytest.param(importance_json("-1"), ["needs.art.importance", "at least 0"], id="importance-negative"),
    pytest.param(
        json.dumps(profile_data(needs={"art": {"importance": 3, "volume": "huge"}})),
        ["needs.art.volume", "must be one of"],
        id="volume-not-a-level",
    ),
    pytest.param(
        json.dumps(profile_data(needs={"translation": {"importance": 3}})),
        ["needs", "unknown use case 'translation'", *USE_CASE_IDS],
        id="unknown-use-case",
    ),
    pytest.param(
        json.dumps(
            {
                "organisation": {"name": "Test Org"},
                "organization": {"name": "Test Org"},
                "needs": {"art": {"importance": 3}},
            }
        ),
        ["organisation", "unknown key"],
        id="unknown-top-level-key",
    ),  # fmt: skip
    pytest.param(
        json.dumps(profile_data(organization={"nmae": "Test Org"})),
        ["organization.nmae", "unknown key"],
        id="unknown-key-in-organization",
    ),
    pytest.param(
        json.dumps(profile_data(needs={"art": {"importance": 3, "volum": "low"}})),
        ["needs.art.volum", "unknown key"],
        id="unknown-key-in-a-need",
    ),
    pytest.param(
        json.dumps(profile_data(context={"budgett": "low"})),
        ["context.budgett", "unknown key"],
        id="unknown-key-in-context",
    ),
    pytest.param(b"", ["empty"], id="empty-file"),
    pytest.param(b"  \n\t\r\n   \n", ["empty"], id="whitespace-only-file"),
    pytest.param(
        b'{"organization": {"name": "Caf\xe9"}, "needs": {"art": {"importance": 3}}}',
        ["UTF-8", "line 1 column"],
        id="invalid-utf8",
    ),
    pytest.param(importance_json("NaN"), ["NaN and Infinity", "line 1 column"], id="nan"),
    pytest.param(importance_json("Infinity"), ["NaN and Infinity", "line 1 column"], id="infinity"),
    pytest.param(importance_json("-Infinity"), ["NaN and Infinity", "line 1 column"], id="minus-infinity"),
    pytest.param(importance_json("1e400"), ["number too large", "line 1 column"], id="number-beyond-float-1e400"),
    pytest.param(importance_json("1e30"), ["needs.art.importance", "at most 5"], id="importance-1e30"),  # fmt: skip
    pytest.param(
        importance_json("1234567890123456789012345678901234567890"),
        ["needs.art.importance", "at most 5"],
        id="importance-40-digit-integer",
    ),
    pytest.param(DEEP_NOTES, ["nested too deeply", "line 1 column"], id="notes-nested-5000-deep"),
    pytest.param(
        json.dumps(profile_data(schema_version=2)),
        ["schema_version", "unsupported schema version"],
        id="schema-version-2",
    ),  # fmt: skip
    pytest.param(
        json.dumps(profile_data(schema_version="1")),
        ["schema_version", "unsupported schema version"],
        id="schema-version-as-string",
    ),  # fmt: skip
    pytest.param(
        json.dumps(profile_data(schema_version=True)),
        ["schema_version", "unsupported schema version true"],
        id="schema-version-true",
    ),  # fmt: skip
    pytest.param(
        json.dumps(profile_data(organization={"name": ""})),
        ["organization.name", "must not be empty"],
        id="organization-name-empty",
    ),  # fmt: skip
    pytest.param(
        json.dumps(profile_data(organization={"name": "x" * 201})),
        ["organization.name", "too long", "200"],
        id="organization-name-over-200-chars",
    ),
    pytest.param(json.dumps(profile_data(notes="n" * 5001)), ["notes", "too long", "5000"], id="notes-over-5000-chars"),
    pytest.param(json.dumps([profile_data()]), ["must be a JSON object", "list"], id="json-list-not-object"),
    pytest.param(
        json.dumps(profile_data(needs={"art": {"importance": 0}, "code": {"importance": 0}})),
        ["needs", "no content needs given"],
        id="every-importance-zero",
    ),
    pytest.param(
        json.dumps(profile_data(needs={})),
        ["needs", "no content needs given"],
        id="no-needs-at-all",
    ),
]


@pytest.mark.parametrize(("content", "fragments"), BAD_PROFILES)
def test_bad_profile_exits_three_naming_file_path_and_problem(tmp_path, content, fragments):
    write(tmp_path / "p.json", content)
    result = run_advisor("score", "p.json", "--format", "json", cwd=tmp_path)
    assert_invalid(result, "p.json")
    for fragment in fragments:
        alternatives = fragment if isinstance(fragment, tuple) else (fragment,)
        assert any(a in result.stderr for a in alternatives), f"none of {alternatives!r} in {result.stderr!r}"


def test_missing_profile_file_is_named(tmp_path):
    result = run_advisor("score", "nope.json", cwd=tmp_path)
    assert_invalid(result, "nope.json", "no such file")


def test_directory_given_as_profile_is_refused(tmp_path):
    (tmp_path / "profiles").mkdir()
    result = run_advisor("score", "profiles", cwd=tmp_path)
    assert_invalid(result, "profiles", "is a directory")


# ---------------------------------------------------------------------------------------- validate


def test_validate_checks_every_file_and_reports_valid_and_invalid_apart(tmp_path):
    write(tmp_path / "a.json", (EXAMPLES / "law-firm.json").read_bytes())
    write(tmp_path / "bad.json", importance_json("7"))
    write(tmp_path / "b.json", (EXAMPLES / "newsroom.json").read_bytes())
    result = run_advisor("validate", "a.json", "bad.json", "b.json", cwd=tmp_path)
    assert result.returncode == EXIT_INVALID
    assert_no_traceback(result)
    assert "a.json: valid" in result.stdout
    assert "b.json: valid" in result.stdout, "a bad file in the middle must not stop the rest"
    assert "bad.json" not in result.stdout
    assert "bad.json: needs.art.importance" in result.stderr
    assert "a.json" not in result.stderr and "b.json" not in result.stderr


def test_validate_exits_zero_when_every_profile_is_valid():
    result = run_advisor("validate", EXAMPLES / "law-firm.json", EXAMPLES / "newsroom.json")
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.count(": valid") == 2


# -------------------------------------------------------------------------------------- bad rules


def _rules_case(old: str, new: str, path: str | None, line_marker: str | None, *words: str, line_slack: int = 0):
    """(rules text, dotted path or None, expected line or None, allowed extra lines, words)."""
    text = edited_rules(old, new)
    line = line_of(text, line_marker) if line_marker else None
    return text, path, line, line_slack, words


BAD_RULES = [
    pytest.param(
        *_rules_case(
            "llm: {label: Limited,",
            "llm: {label: Hgh,",
            "use_cases.art.ratings.llm.label",
            "label: Hgh",
            "unknown rating label 'Hgh'",
            *LABELS,
        ),
        id="unknown-rating-label",
    ),  # fmt: skip
    pytest.param(
        # the line may be that of the `ratings:` key or of the first entry in its block
        *_rules_case(
            "      llm: {label: Limited, source: seed-comparison}\n",
            "",
            "use_cases.art.ratings",
            "    ratings:",
            "missing",
            "llm",
            line_slack=1,
        ),
        id="missing-matrix-cell",
    ),  # fmt: skip
    pytest.param(
        *_rules_case("  low: 0.5\n", "  low: -0.5\n", "volume_factors.low", "low: -0.5", "at least 0"),
        id="volume-factor-negative",
    ),
    pytest.param(
        *_rules_case("  high: 1.5\n", "  high: 11\n", "volume_factors.high", "high: 11", "at most 10"),
        id="volume-factor-over-ten",
    ),
    pytest.param(
        *_rules_case(
            "hybrid_min_share: 0.25",
            "hybrid_min_share: 0.9",
            "decision.hybrid_min_share",
            "hybrid_min_share: 0.9",
            "at most 0.5",
        ),
        id="threshold-out-of-range",
    ),  # fmt: skip
    pytest.param(
        *_rules_case(
            "  indifference_band: 0.05\n",
            "  indifference_band: 0.05\n  tie_breaker: llm\n",
            "decision.tie_breaker",
            "tie_breaker",
            "unknown key",
        ),
        id="unknown-key",
    ),  # fmt: skip
    pytest.param(
        *_rules_case(
            "  hybrid_min_share: 0.25\n",
            "  hybrid_min_share: 0.25\n  hybrid_min_share: 0.3\n",
            "decision",
            "hybrid_min_share: 0.3",
            "duplicate key 'hybrid_min_share'",
        ),
        id="duplicate-key",
    ),  # fmt: skip
    pytest.param(
        *_rules_case("hybrid_min_share: 0.25", "hybrid_min_share: 0.25: x", None, "0.25: x", "not valid YAML"),
        id="malformed-yaml",
    ),
    pytest.param("", None, None, 0, ("empty",), id="empty-file"),
]


@pytest.mark.parametrize(
    "command", [["score", "PROFILE", "--rules"], ["rules", "validate"]], ids=["score", "rules-validate"]
)
@pytest.mark.parametrize(("text", "path", "line", "line_slack", "words"), BAD_RULES)
def test_bad_rules_exit_three_naming_file_path_and_line(tmp_path, command, text, path, line, line_slack, words):
    write(tmp_path / "profile.json", profile_data())
    write(tmp_path / "r.yaml", text)
    args = [("profile.json" if part == "PROFILE" else part) for part in command]
    result = run_advisor(*args, "r.yaml", cwd=tmp_path)
    assert_invalid(result, "r.yaml", *words)
    if path is not None:
        assert f"r.yaml: {path} (line " in result.stderr, result.stderr
    if line is not None:
        reported = [int(n) for n in re.findall(r"\bline (\d+)", result.stderr)]
        assert reported, f"no line number in {result.stderr!r}"
        assert line <= reported[0] <= line + line_slack, f"expected line {line}, got {reported[0]}: {result.stderr!r}"


OBJECT_TAG = '!!python/object/apply:os.system ["echo hacked > hacked.txt"]'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param('version: "1.0.0"', f"version: {OBJECT_TAG}", id="as-a-text-value"),
        pytest.param("      llm: []\n", f"      llm: {OBJECT_TAG}\n", id="as-a-list-value"),
        pytest.param(
            "      generative_ai: {label: High, source: seed-comparison}\n",
            "      generative_ai: !!python/object/new:builtins.dict {label: High, source: seed-comparison}\n",
            id="as-a-mapping-value",
        ),
    ],
)
def test_yaml_tag_that_builds_objects_is_refused_and_not_executed(tmp_path, old, new):
    write(tmp_path / "r.yaml", edited_rules(old, new))
    result = run_advisor("rules", "validate", "r.yaml", cwd=tmp_path)
    assert not (tmp_path / "hacked.txt").exists(), "the YAML tag was executed"
    assert_invalid(result, "r.yaml", "tag", "not allowed")


def test_rules_validate_checks_every_file(tmp_path):
    write(tmp_path / "bad.yaml", edited_rules("hybrid_min_share: 0.25", "hybrid_min_share: 0.9"))
    result = run_advisor("rules", "validate", "bad.yaml", DEFAULT_RULES, cwd=tmp_path)
    assert result.returncode == EXIT_INVALID
    assert_no_traceback(result)
    assert "bad.yaml: decision.hybrid_min_share" in result.stderr
    assert "default.yaml: valid rules 'seed-use-case-matrix' 1.0.0, 5 use cases" in result.stdout


def test_rules_validate_accepts_the_default_rules():
    result = run_advisor("rules", "validate", DEFAULT_RULES)
    assert result.returncode == EXIT_OK, result.stderr
    assert "valid rules" in result.stdout


# ---------------------------------------------------------------------------- custom rules, schema


def test_custom_rules_with_an_added_use_case_let_a_profile_use_it(tmp_path):
    rules = extended_rules(tmp_path)
    write(tmp_path / "p.json", profile_data(needs={"translation": {"importance": 4, "volume": "high"}}))
    result = run_advisor("score", "p.json", "--rules", rules, "--format", "json", cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    translation = next(u for u in data["use_cases"] if u["id"] == "translation")
    assert translation["ratings"] == {"llm": "High", "generative_ai": "Medium"}
    assert data["rules"]["sha256"] == hashlib.sha256(rules.read_bytes()).hexdigest()


def test_added_use_case_is_unknown_under_the_default_rules(tmp_path):
    write(tmp_path / "p.json", profile_data(needs={"translation": {"importance": 4, "volume": "high"}}))
    result = run_advisor("score", "p.json", cwd=tmp_path)
    assert_invalid(result, "p.json", "needs", "unknown use case 'translation'")


def test_schema_is_json_schema_listing_the_five_use_cases():
    result = run_advisor("schema")
    assert result.returncode == EXIT_OK, result.stderr
    schema = json.loads(result.stdout)
    assert "$schema" in schema
    assert list(schema["properties"]["needs"]["properties"]) == USE_CASE_IDS


def test_schema_with_custom_rules_lists_the_added_use_case(tmp_path):
    result = run_advisor("schema", "--rules", extended_rules(tmp_path))
    assert result.returncode == EXIT_OK, result.stderr
    assert list(json.loads(result.stdout)["properties"]["needs"]["properties"]) == [*USE_CASE_IDS, "translation"]


# ------------------------------------------------------------------------------------ rules show


def test_rules_show_text_lists_titles_and_labels():
    result = run_advisor("rules", "show", "--format", "text")
    assert result.returncode == EXIT_OK, result.stderr
    for word in [*USE_CASE_TITLES, *LABELS]:
        assert word in result.stdout, word
    assert_no_traceback(result)


def test_rules_show_json_includes_the_sha256():
    result = run_advisor("rules", "show", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert data["sha256"] == hashlib.sha256(DEFAULT_RULES.read_bytes()).hexdigest()
    assert list(data["use_cases"]) == USE_CASE_IDS


# ------------------------------------------------------------------------------------- interrupt


def test_interrupt_while_reading_stdin_exits_130_without_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "score", "-"],
        cwd=ROOT,
        preexec_fn=interruptible,  # noqa: PLW1509 - only resets SIGINT before exec, taking no lock
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(lambda: reading_stdin(process.pid), "the command to read its standard input")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert b"Traceback" not in stderr, stderr.decode("utf-8", "replace")
    assert b"advisor: interrupted" in stderr
    assert stdout == b""


# ------------------------------------------------------------------------------------------- whatif


def test_whatif_shows_before_and_after_side_by_side():
    result = run_advisor(
        "whatif", EXAMPLES / "game-studio.json", "--set", "needs.code.importance=2", "--format", "text"
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert "Before" in result.stdout and "After" in result.stdout
    assert "HYBRID (both)" in result.stdout and "BROADER GENERATIVE AI" in result.stdout
    assert "Verdict" in result.stdout


def test_whatif_json_has_both_assessments_and_the_changes():
    result = run_advisor(
        "whatif", EXAMPLES / "law-firm.json", "--set", "needs.art.importance=5", "--set", "needs.art.volume=high"
    )
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert data["changes"] == ["needs.art.importance=5", "needs.art.volume=high"]
    assert data["before"]["recommendation"] == "llm"
    assert data["after"]["recommendation"] == "hybrid"
    assert data["after"]["profile_id"] == data["before"]["profile_id"] == "law-firm"


def test_whatif_change_that_makes_the_profile_invalid_exits_three():
    result = run_advisor("whatif", EXAMPLES / "law-firm.json", "--set", "needs.art.importance=9")
    assert_invalid(result, "law-firm.json with --set", "needs.art.importance", "at most 5")


@pytest.mark.parametrize("setting", ["needs.art", "=5", "organization.name.first=Ann"])
def test_whatif_malformed_setting_is_a_usage_error(setting):
    result = run_advisor("whatif", EXAMPLES / "law-firm.json", "--set", setting)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "--set" in result.stderr
    assert_no_traceback(result)


def test_score_text_shows_the_verdict_and_what_would_change():
    result = run_advisor("score", EXAMPLES / "game-studio.json", "--format", "text")
    assert "(fragile)" in result.stdout
    assert "Why:" in result.stdout and "What would change it:" in result.stdout


# --------------------------------------------------------------------------------------------- score without Typer


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score", "p.json"], ("p.json", None, None)),
        (["score", "-"], ("-", None, None)),
        (["score", "p.json", "--format", "json"], ("p.json", "json", None)),
        (["score", "-f", "text", "p.json"], ("p.json", "text", None)),
        (["score", "p.json", "--format=json", "--rules", "r.yaml"], ("p.json", "json", Path("r.yaml"))),
        (["score", "--rules=r.yaml", "p.json"], ("p.json", None, Path("r.yaml"))),
    ],
)
def test_plain_score_arguments_are_read_without_typer(args, expected):
    from advisor.cli import _plain_score_arguments

    read = _plain_score_arguments(args)
    assert read is not None
    profile, output_format, rules, currency = read
    assert (profile, output_format and output_format.value, rules) == expected
    assert currency is None


@pytest.mark.parametrize(
    ("args", "currency"),
    [(["score", "p.json", "--currency", "eur"], "eur"), (["score", "--currency=EUR", "p.json", "-f", "json"], "EUR")],
)
def test_a_plain_score_in_another_currency_is_read_without_typer(args, currency):
    from advisor.cli import _plain_score_arguments

    read = _plain_score_arguments(args)
    assert read is not None and read[0] == "p.json" and read[3] == currency


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["score"],
        ["score", "--help"],
        ["score", "a.json", "b.json"],
        ["score", "p.json", "--format"],
        ["score", "p.json", "--format", "yaml"],
        ["score", "p.json", "--format", "json", "--format", "text"],
        ["score", "p.json", "--rules"],
        ["score", "p.json", "--currency"],
        ["score", "p.json", "--currency", "EUR", "--currency", "GBP"],
        ["score", "p.json", "--no-such-option"],
        ["score", "p.json", "-fjson"],
        ["score", "--", "p.json"],
        ["validate", "p.json"],
        ["--version"],
    ],
)
def test_anything_but_a_plain_score_is_left_to_typer(args):
    from advisor.cli import _plain_score_arguments

    assert _plain_score_arguments(args) is None


def test_score_spellings_give_the_same_json_with_and_without_typer():
    law_firm = EXAMPLES / "law-firm.json"
    plain = run_advisor("score", law_firm, "--format", "json")
    through_typer = run_advisor("score", "--format", "json", "--", law_firm)  # `--` is left to Typer
    assert plain.returncode == through_typer.returncode == EXIT_OK
    assert plain.stdout == through_typer.stdout
    assert plain.stderr == through_typer.stderr == ""


def test_plain_score_with_a_missing_file_exits_three_like_typer(tmp_path):
    missing = tmp_path / "missing.json"
    plain = run_advisor("score", missing, "--format", "json")
    through_typer = run_advisor("score", "--format", "json", "--", missing)
    assert plain.returncode == through_typer.returncode == EXIT_INVALID
    assert plain.stderr == through_typer.stderr


def test_under_a_profiler_the_exit_is_the_normal_one_so_the_profile_gets_written(tmp_path):
    # the command line skips interpreter teardown (advisor.io.exits.exit_now), but not when a profiler must write its results
    stats = tmp_path / "score.prof"
    law_firm = str(EXAMPLES / "law-firm.json")
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "advisor", "score", law_firm]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    plain = subprocess.run(command[:1] + command[5:], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == plain.returncode == 0, result.stderr
    assert result.stdout == plain.stdout and plain.stdout.strip()
    assert stats.stat().st_size > 0


def test_plain_score_does_not_import_typer():
    probe = (
        "import sys, atexit; sys.argv = ['advisor', 'score', %r, '--format', 'json'];\n"
        "atexit.register(lambda: print('typer' in sys.modules, 'click' in sys.modules, end=''))\n"
        "import runpy; runpy.run_module('advisor', run_name='__main__')"
    ) % str(EXAMPLES / "law-firm.json")
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout a pipe, so block-buffered
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT, env=buffered
    )
    # an exit handler's output is flushed after it ran, though the process ends without interpreter teardown
    assert result.stdout.endswith("}\nFalse False"), result.stderr
