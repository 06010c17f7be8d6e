"""`advisor rules validate` as a rules author meets it: conditions that can never be true, and fields the
questionnaire never asks where a rule reading them could fire. Through the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.core.resources import bundled_dir
from tests.conftest import Ran, run_cli

RULES = bundled_dir("rules")


def run(*args: str | Path, cwd: Path) -> Ran:
    return run_cli(*args, cwd=cwd)


def extending(tmp_path: Path, body: str) -> Path:
    """custom.yaml in tmp_path: the default rules plus `body`, with default.yaml beside it."""
    shutil.copy(RULES / "default.yaml", tmp_path / "default.yaml")
    path = tmp_path / "custom.yaml"
    path.write_text("extends: default.yaml\n" + body, encoding="utf-8")
    return path


def rule(rule_id: str, when: str) -> str:
    effect = "    flag: {severity: low, text: x}\n    rationale: x\n    source: gdpr\n"
    return f"  {rule_id}:\n    title: T\n    when: {when}\n" + effect


NEVER_TRUE = [
    ("list-equals", "{field: context.regulated_data, equals: health}",
     "'equals' compares one value, but context.regulated_data is a list; use contains, contains_any or outside"),
    ("gt-on-text", "{field: context.budget, gt: 1}",
     "'gt' compares numbers, but context.budget takes high, low, medium"),
    ("contains-on-scalar", "{field: context.deployment, contains: saas}",
     "'contains' reads a list, but context.deployment holds one value; use equals, not_equals, in or not_in"),
    ("importance-above-five", "{field: needs.art.importance, ge: 9}",
     "'ge: 9' never holds: needs.art.importance is a whole number from 0 to 5"),
    ("importance-not-whole", "{field: needs.art.importance, equals: 2.5}",
     "2.5 is not a value of needs.art.importance; it takes a whole number from 0 to 5"),
    ("boolean-as-text", "{field: context.realtime, equals: 'yes'}",
     "'yes' is not a value of context.realtime; it takes true or false"),
    ("boolean-on-text", "{field: context.budget, equals: true}",
     "true is not a value of context.budget; it takes high, low, medium"),
    ("unknown-list-item", "{field: context.governance, contains_any: [policy, budget]}",
     "'budget' is not a value of context.governance; it takes owner, policy, review_process, training"),
    ("number-on-text", "{field: organization.industry, equals: 5}",
     "5 is not a value of organization.industry; it takes text"),
]  # fmt: skip


def test_every_condition_that_can_never_be_true_is_refused_with_file_path_line_and_reason(tmp_path):
    rings = (
        "readiness:\n  rings:\n"
        "    - {ring: hold, when: {field: recommendation, equals: nether}, reason: x}\n"
        "    - {ring: assess, when: {field: verdict, equals: too-close}, reason: x}\n"
        "    - {ring: trial, when: {field: readiness.governance, gt: 4}, reason: x}\n"
        "    - {ring: trial, when: {field: readiness.skills_gap, equals: 1}, reason: x}\n"
        "    - {ring: adopt, reason: x}\n"
    )
    body = "context_rules:\n" + "".join(rule(f"bad-{name}", when) for name, when, _ in NEVER_TRUE) + rings
    path = extending(tmp_path, body)
    result = run("rules", "validate", path, cwd=tmp_path)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == len(NEVER_TRUE) + 4, result.stderr
    for index, (name, when, message) in enumerate(NEVER_TRUE):
        op = when.split(",")[1].split(":")[0].strip()
        line = 5 + index * 6  # extends, context_rules, then six lines per rule with "when" third
        assert f"{path}: context_rules.bad-{name}.when.{op} (line {line}): {message}\n" in result.stderr
    assert "readiness.rings[0].when.equals" in result.stderr
    assert "'nether' is not a value of recommendation; it takes generative_ai, hybrid, llm, neither" in result.stderr
    assert "'too-close' is not a value of verdict; it takes fragile, moderate, robust, too_close" in result.stderr
    assert "'gt: 4' never holds: readiness.governance is a whole number from 0 to 4" in result.stderr
    assert "1 is not a value of readiness.skills_gap; it takes true or false" in result.stderr
    assert "True" not in result.stderr and "False" not in result.stderr  # booleans are spelt as in YAML


def test_sound_conditions_of_every_kind_are_accepted(tmp_path):
    sound = [
        "{field: context.regulated_data, contains: health}",
        "{field: context.budget, in: [low, medium]}",
        "{field: needs.art.importance, ge: 5}",
        "{field: context.public_chatbot, equals: false}",
        "{field: organization.industry, equals: Retail}",
        "{field: context.languages, outside: [en]}",
    ]
    body = "context_rules:\n" + "".join(rule(f"good-{i}", when) for i, when in enumerate(sound))
    result = run("rules", "validate", extending(tmp_path, body), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------- questions cover the rules

QUESTIONS = (RULES / "questions.yaml").read_text(encoding="utf-8")
REALTIME = QUESTIONS[QUESTIONS.index("      - id: realtime") :]
REALTIME_WHEN = REALTIME.split("        when:\n", 1)[1].split("        field:")[0]


def test_the_bundled_questions_cover_both_bundled_rule_sets(tmp_path):
    result = run("rules", "validate", "default", "extended", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid rules") == 2


def test_with_only_voice_and_music_needs_the_questions_their_rules_read_are_asked():
    from advisor.io.sources import load_rules
    from advisor.questionnaire import load_questions
    from advisor.questionnaire.answers import applies

    questionnaire = load_questions(load_rules("extended"))
    needs = {q: 0 for q in questionnaire.need_importance} | {"voice_importance": 3, "music_importance": 4}
    asked = {q.id for q in questionnaire.questions if applies(q, needs)}
    assert {"synthetic_people", "ip_indemnity", "realtime"} <= asked


def test_a_question_asked_under_too_narrow_a_condition_is_reported_with_its_place(tmp_path):
    narrow = "        when: {any: [{question: art_importance, gt: 0}, {question: multimodal_importance, gt: 0}]}\n"
    broken = QUESTIONS.replace("        when:\n" + REALTIME_WHEN, narrow, 1)
    assert broken != QUESTIONS
    (tmp_path / "q.yaml").write_text(broken, encoding="utf-8")
    line = broken[: broken.index(narrow)].count("\n") + 1
    assert run("rules", "validate", "default", "--questions", "q.yaml", cwd=tmp_path).returncode == 0  # no music
    result = run("rules", "validate", "extended", "--questions", "q.yaml", cwd=tmp_path)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    place = f"q.yaml: sections[2].questions[8].when (line {line}): "
    assert place + "question 'realtime' is not asked when" in result.stderr
    assert "context rule 'realtime-media-latency' of extended reads context.realtime and can fire" in result.stderr
    assert "needs.music.importance is 1" in result.stderr  # the first situation found, one line per rule and field


def test_a_field_no_question_asks_is_reported(tmp_path):
    start = QUESTIONS.index("      - id: synthetic_people")
    end = QUESTIONS.index("      - id: ip_indemnity")
    (tmp_path / "q.yaml").write_text(QUESTIONS[:start] + QUESTIONS[end:], encoding="utf-8")
    result = run("rules", "validate", "default", "--questions", "q.yaml", cwd=tmp_path)
    assert result.returncode == 3
    message = "q.yaml: no question asks context.synthetic_people, but context rule 'synthetic-people-consent'"
    assert message in result.stderr


def test_a_broken_questions_file_is_reported_as_such(tmp_path):
    broken = QUESTIONS.replace("    type: confirm\n", "    type: yesno\n", 1)
    (tmp_path / "q.yaml").write_text(broken, encoding="utf-8")
    result = run("rules", "validate", "default", "--questions", "q.yaml", cwd=tmp_path)
    assert result.returncode == 3 and result.stderr.startswith("q.yaml: sections[") and "type" in result.stderr


ASKED_WHEN = "        when: {question: data_sensitivity, equals: regulated}\n"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("{question: data_sensitivity, equals: regulatd}",
         "'regulatd' is not a value of data_sensitivity; it takes confidential, internal, public, regulated"),
        ("{all: [{question: data_sensitivity, equals: regulated}, {question: data_sensitivity, equals: public}]}",
         "never holds: no answers give data_sensitivity = regulated and data_sensitivity = public, so the question "
         "is never asked"),
        ("{question: art_importance, gt: 7}", "'gt: 7' never holds"),
    ],
    ids=["not-a-choice", "contradictory-all", "beyond-the-scale"],
)  # fmt: skip
def test_a_question_whose_condition_can_never_hold_is_refused_with_its_place(tmp_path, when, message):
    broken = QUESTIONS.replace(ASKED_WHEN, f"        when: {when}\n", 1)
    assert broken != QUESTIONS
    (tmp_path / "q.yaml").write_text(broken, encoding="utf-8")
    line = broken[: broken.index(when)].count("\n") + 1
    result = run("rules", "validate", "default", "--questions", "q.yaml", cwd=tmp_path)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"q.yaml: sections[2].questions[1].when (line {line}): {message}" in result.stderr
