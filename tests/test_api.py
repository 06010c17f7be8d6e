"""The Python API (`import advisor`): the same answers as the CLI, the same located problems, streaming in order,
and the README's pandas and Dask examples run for real."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import advisor
from advisor.words.problems import problem_message
from tests.conftest import Ran, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
RULES = advisor.load_rules()


def cli(*args: object, stdin: bytes | None = None) -> Ran:
    return run_cli(*args, stdin=stdin, text=False)


def test_the_one_liner_of_the_issue_prints_llm():
    code = (
        "import advisor; r = advisor.load_rules(); print(advisor.assess(advisor.parse_profile("
        "open('examples/law-firm.json').read(), r), r).to_dict()['recommendation'])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert result.stdout == b"llm\n", result.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_api_dict_equals_the_cli_json_for_every_example(path):
    expected = json.loads(cli("score", path, "--format", "json").stdout)
    assert advisor.said(advisor.assess(advisor.parse_profile(path.read_bytes(), RULES, source=str(path)), RULES).to_dict()) == expected


def test_the_extended_rules_by_name_give_the_cli_answer():
    data = {"organization": {"name": "Kessler"}, "needs": {"forecasting": {"importance": 5}}}
    expected = json.loads(cli("score", "-", "--rules", "extended", "--format", "json", stdin=json.dumps(data).encode()).stdout)
    extended = advisor.load_rules("extended")
    assert advisor.said(advisor.assess(data, extended).to_dict()) == expected and expected["recommendation"] == "neither"


def test_an_invalid_profile_raises_invalid_input_with_the_problems_the_cli_prints():
    data = {"organization": {"name": "Bad"}, "needs": {"art": {"importance": 7}, "poetry": {"importance": 1}}}
    with pytest.raises(advisor.InvalidInput) as caught:
        advisor.parse_profile(data, RULES, source="bad.json")
    printed = cli("validate", "-", stdin=json.dumps(data).encode()).stderr.decode()
    for problem in caught.value.problems:
        assert f"{problem.path}: {problem_message(problem)}" in printed
    assert isinstance(caught.value, advisor.ProfileError) and caught.value.problems


def test_json_text_with_a_syntax_error_is_located():
    with pytest.raises(advisor.ProfileError) as caught:
        advisor.parse_profile('{"organization": {"name": "A"},\n "needs": {', RULES)
    assert caught.value.problems[0].line == 2


def test_a_wrong_kind_of_input_is_invalid_input_not_a_type_error():
    with pytest.raises(advisor.InvalidInput, match="a profile is a dict, JSON text or bytes, not int"):
        advisor.parse_profile(42, RULES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_assess_many_streams_in_input_order_and_equals_assess(jobs):
    profiles = [json.loads(p.read_text()) for p in EXAMPLES] * 40  # 320 profiles: more than one chunk of 256
    results = list(advisor.assess_many(iter(profiles), RULES, jobs=jobs))
    assert [r.profile_id for r in results] == [p["id"] for p in profiles]
    assert results[7].to_dict() == advisor.assess(profiles[7], RULES).to_dict()


def test_assess_many_raises_or_returns_the_invalid_profile_in_its_place():
    good = json.loads(EXAMPLES[0].read_text())
    stream = [good, {"organization": {"name": "x"}}, good]
    returned = list(advisor.assess_many(stream, RULES, jobs=1, errors="return"))
    assert isinstance(returned[1], advisor.ProfileError) and returned[1].source == "profile 1"
    assert [type(r).__name__ for r in returned] == ["Assessment", "ProfileError", "Assessment"]
    with pytest.raises(advisor.ProfileError, match="profile 1: needs: no content needs given"):
        list(advisor.assess_many(stream, RULES, jobs=1))


def test_importing_advisor_loads_no_engine():
    code = "import sys, advisor; print(sorted(m for m in sys.modules if m.startswith(('advisor.core.engine', 'numpy', 'pydantic'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert result.stdout == b"[]\n", result.stdout
    assert advisor.Assessment.__name__ == "Assessment" and advisor.Rules.__name__ == "Rules"


def readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text()
    found = re.search(re.escape(marker) + r".*?\n```python\n(.*?)\n```", text, re.DOTALL)
    assert found, marker
    return found.group(1)


def test_the_readme_pandas_example_turns_a_survey_frame_into_a_frame_of_recommendations(capsys):
    namespace: dict[str, object] = {}
    exec(readme_block("tests/test_api.py runs this block -->"), namespace)  # noqa: S102 - our own README
    frame = namespace["recommendations"]
    assert list(frame["respondent"]) == ["r1", "r2", "r3"]
    assert list(frame["recommendation"]) == ["hybrid", "llm", "llm"]  # marketing writes too: both tracks
    assert set(frame.columns) >= {"fit_llm", "fit_generative_ai", "verdict", "ring"}


def test_the_readme_dask_recipe_runs_on_the_local_scheduler(tmp_path, monkeypatch):
    import dask  # a test dependency: missing, it is an error, not a skip
    lines = [json.dumps(json.loads(p.read_text())) for p in EXAMPLES]
    (tmp_path / "survey-1.jsonl").write_text("\n".join(lines[:4]) + "\n")
    (tmp_path / "survey-2.jsonl").write_text("\n".join(lines[4:]) + "\n")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    with dask.config.set(scheduler="synchronous"):
        exec(readme_block("tests/test_api.py runs this block with the local scheduler -->"), namespace)  # noqa: S102
    rows = namespace["rows"]
    assert [r["id"] for r in rows] == [json.loads(line)["id"] for line in lines]
    assert {r["recommendation"] for r in rows} <= {"llm", "generative_ai", "hybrid"}
