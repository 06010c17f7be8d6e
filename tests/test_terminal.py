"""Readable output through the real command line: `rules show` prints every context rule's condition and the
readiness rings; `whatif` names the vetoes, obligations and risk flags it added or removed (text and JSON)."""

from __future__ import annotations

import json

from advisor.core.condition_text import condition_words
from advisor.core.context_rules import FieldCondition
from advisor.words import say
from tests.conftest import EXAMPLES, run_cli

LAW_FIRM = EXAMPLES / "law-firm.json"


def advisor(*args):
    return run_cli(*args)


def test_conditions_read_as_a_rules_file_would_write_them():
    condition = FieldCondition.model_validate(
        {
            "all": [
                {"field": "context.publishes_outputs", "equals": True},
                {"any": [{"field": "needs.art.importance", "ge": 1}, {"field": "context.regions", "outside": ["EU"]}]},
            ]
        }
    )
    assert say(condition_words(condition)) == (
        "context.publishes_outputs = true and "
        "(needs.art.importance ≥ 1 or context.regions holds a value other than EU)"
    )


def test_rules_show_prints_each_context_rule_with_its_condition_and_the_rings_in_order():
    result = advisor("rules", "show", "--format", "text")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert (
        "regulated-data-off-consumer-saas: Regulated data stays off consumer and team plans when "
        "context.data_sensitivity = regulated or context.regulated_data contains any of health, special_category, "
        "financial, legal_privilege veto; source nist-ai-600-1"
    ) in text
    # ip-indemnity-licensed-tools is a duty now (good practice, everywhere): `rules show --law` lists it, not the rules
    assert "ip-indemnity-licensed-tools" not in text
    duties = run_cli("rules", "show", "--law", "--format", "text", env={"COLUMNS": "300"})
    assert duties.returncode == 0, duties.stderr
    law = " ".join(duties.stdout.split())
    assert "ip-indemnity-licensed-tools NIST AI 600-1, Generative AI Profile GV-6.1-004, GV-6.2-007 everywhere" in law
    assert "Licensed, indemnified tools (good practice)" in law
    rings = text[text.index("Readiness rings (the first that holds)") :]
    assert rings.index("Hold when vetoes.practice > 0: The plan includes {practices}, which must be dropped") < rings.index(
        "Assess when readiness.skills_gap = true:"
    ) < rings.index("Trial when flags.high > 0 or verdict = fragile:") < rings.index("Adopt otherwise:")
    assert "True" not in text and "0.0" not in rings


def test_whatif_names_the_effects_it_added_and_removed():
    changes = (
        *("--set", "context.data_sensitivity=public", "--set", "context.deployment=on_premises"),
        *("--set", "context.risk_tolerance=medium"),
    )
    as_json = advisor("whatif", LAW_FIRM, *changes, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    effects = json.loads(as_json.stdout)["context_changes"]
    assert [v["rule"] for v in effects["vetoes"]["added"]] == ["on-premises-only"]
    assert [v["rule"] for v in effects["vetoes"]["removed"]] == ["regulated-data-off-consumer-saas"]
    assert [f["rule"] for f in effects["flags"]["added"]] == ["self-hosting-without-ml-engineers"]
    # public data on premises: no personal data reaches a provider, so the UK GDPR processor and transfer duties go too
    assert [o["rule"] for o in effects["obligations"]["removed"]] == [
        "uk-gdpr-art28-processor-agreement",
        "uk-gdpr-chapter5-transfers",
        "low-risk-human-review",
    ]
    assert effects["obligations"]["added"] == [] and effects["flags"]["removed"] == []

    as_text = advisor("whatif", LAW_FIRM, *changes, "--format", "text")
    text = " ".join(as_text.stdout.split())
    assert "Context effects that changed:" in text
    assert "+ Not acceptable: Only self-hosted options on premises [on-premises-only]" in text
    assert "- Not acceptable: Regulated data stays off consumer and team plans [regulated-data-off-consumer-saas]" in (
        text
    )
    assert "+ Risk (high): Self-hosted models need machine-learning engineers" in text
    assert "- Obligation: " in text and "[low-risk-human-review]" in text
    assert "[uk-gdpr-art28-processor-agreement]" in text and "[uk-gdpr-chapter5-transfers]" in text


def test_whatif_says_when_no_effect_changed():
    result = advisor("whatif", LAW_FIRM, "--set", "needs.art.importance=1", "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "No veto, obligation or risk flag was added or removed." in result.stdout
