"""Reading rules from anywhere, through the real command line: `extends` finds the bundled rules file when the
rules file's own folder has no file of that name."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, run_cli


def advisor(*args, cwd):
    return run_cli(*args, cwd=cwd)


def test_extends_outside_the_bundled_folder_finds_the_bundled_file(tmp_path):
    (tmp_path / "mine.yaml").write_text("extends: default.yaml\nname: my-rules\nversion: 2.0.0\n")
    checked = advisor("rules", "validate", "mine.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "mine.yaml: valid rules 'my-rules' 2.0.0, 5 use cases\n"
    scored = advisor("score", EXAMPLES / "law-firm.json", "--rules", "mine.yaml", "--format", "json", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assessment = json.loads(scored.stdout)
    assert assessment["rules"]["name"] == "my-rules" and assessment["recommendation"] == "llm"


def test_a_file_beside_the_rules_comes_before_the_bundled_one(tmp_path):
    (tmp_path / "default.yaml").write_text("not: [valid rules\n")
    (tmp_path / "mine.yaml").write_text("extends: default.yaml\nname: mine\n")
    result = advisor("rules", "validate", "mine.yaml", cwd=tmp_path)
    assert result.returncode == 3 and result.stderr.startswith("default.yaml: ")

