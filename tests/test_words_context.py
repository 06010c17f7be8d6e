"""The context's results name what was decided (message ids, parameters, rules' texts by id), never a sentence:
ring reasons and meanings, the remedy, the rules' titles, rationales and texts. The English is said at the edges."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from advisor.core.deployment import remedy
from advisor.core.engine import assess
from advisor.core.messages import DataText, Message, Words
from advisor.core.profile import parse_profile
from advisor.io.sources import load_profile, load_rules
from advisor.words import said, say
from tests.conftest import EXAMPLES

RULES = load_rules(None)
CODE = {"code": {"importance": 5, "volume": "high"}}
READY = {"ai_skills": "developers", "deployment": "cloud_api", "governance": ["policy", "owner", "review_process", "training"]}
CONTEXT_MODULES = ("context.py", "context_effects.py", "deployment.py", "ring.py")
SENTENCE_KEYS = {"title", "rationale", "text", "reason", "meaning", "sentence", "practice"}


def profile(context: dict[str, Any], needs: dict[str, Any] = CODE, regions: list[str] | None = None):
    organization: dict[str, Any] = {"name": "Test Org", **({"regions": regions} if regions else {})}
    return parse_profile({"organization": organization, "needs": needs, "context": context}, RULES, "test")


def ids(value: Any) -> Any:
    """A parameter as ids: messages and data texts by id, lists as tuples."""
    if isinstance(value, Message):
        return (value.id, {name: ids(param) for name, param in value.params})
    if isinstance(value, DataText):
        return value.id
    if isinstance(value, Words):
        return (value.join, tuple(ids(item) for item in value.items))
    return value


def test_the_remedy_names_the_track_and_both_paths_by_id():
    result = assess(load_profile(str(EXAMPLES / "clinic.json"), RULES), RULES)
    assert ids(result.context.remedy.sentence) == (
        "deployment.remedy.one",
        {
            "track": "rules.tracks.llm.phrase.initial",
            "path": "rules.deployment.paths.cloud_api.phrase",
            "preferred": "rules.deployment.paths.saas.phrase",
        },
    )


@pytest.mark.parametrize(
    ("recommendation", "message"),
    [("hybrid", "deployment.remedy.both"), ("neither", "deployment.remedy.neither"), ("generative_ai", "deployment.remedy.one")],
)
def test_the_remedy_agrees_with_the_tracks_recommended(recommendation, message):
    found = remedy(recommendation, "saas", "cloud_api", ("a-rule",), RULES).sentence
    assert found.id == message
    assert ids(found.args["path"]) == "rules.deployment.paths.cloud_api.phrase"
    assert ids(found.args["preferred"]) == "rules.deployment.paths.saas.phrase"


def test_a_ring_on_unstated_readiness_names_the_facts_left_out_as_a_list():
    ring = assess(profile({"ai_skills": "developers", "deployment": "cloud_api"}), RULES).context.ring
    rings = RULES.readiness.rings
    index = next(i for i, r in enumerate(rings) if r.when is not None and r.when.field == "readiness.unstated")
    assert ring.ring == "trial"
    assert ids(ring.reason) == (
        "ring.reason",
        {"reason": f"rules.readiness.rings.{index}.reason", "unstated": ("and", ("rules.readiness.unstated.governance",))},
    )
    assert ids(ring.meaning) == "rules.readiness.meaning.trial"
    assert ring.rule_reason == DataText(f"rules.readiness.rings.{index}.reason", rings[index].reason)


def test_a_ring_not_assessed_names_the_rings_it_could_be():
    close = {"writing": {"importance": 5}, "art": {"importance": 5}}  # a margin robustness would have to judge
    ring = assess(profile(READY, close), RULES, robustness=False).context.ring
    assert ring.ring == "not_assessed" and ring.possible == ("assess", "trial", "adopt")
    named = dict(zip(("first", "second", "third"), ((f"ring.name.{r}", {}) for r in ring.possible), strict=True))
    assert ids(ring.reason) == ("ring.not_assessed.reason", {"rings": ("ring.choice.3", named)})
    assert ids(ring.meaning) == ("ring.not_assessed.meaning", {})
    assert say(ring.reason) == (  # golden: the English of before (a13f35f)
        "The ring depends on how robust the recommendation is, and robustness was not analysed; "
        "it would be Assess or Trial or Adopt."
    )


def test_vetoes_obligations_and_flags_quote_the_rules_by_id():
    context = assess(load_profile(str(EXAMPLES / "on-premises-agency.json"), RULES), RULES).context
    entries = [*context.vetoes, *context.flags, *context.modifiers_applied]
    assert entries
    for entry in entries:
        assert entry.title == DataText(f"rules.context_rules.{entry.rule}.title", RULES.context_rules[entry.rule].title)
        assert ids(entry.rationale) == f"rules.context_rules.{entry.rule}.rationale"
    for flag in context.flags:
        assert ids(flag.text) == f"rules.context_rules.{flag.rule}.flag.text"
    # the obligations are duties now: they quote rules.duties by id, and their jurisdiction by its code
    assert [o.rule for o in context.obligations] == [
        "eu-ai-act-art4-literacy",
        "eu-ai-act-art50-2-machine-readable-marking",
        "eu-ai-act-art50-4-public-interest-text",
    ]
    for obligation in context.obligations:
        duty = RULES.duties[obligation.rule]
        assert obligation.title == DataText(f"rules.duties.{obligation.rule}.title", duty.title)
        assert ids(obligation.text) == f"rules.duties.{obligation.rule}.step"
        assert ids(obligation.rationale) == f"rules.duties.{obligation.rule}.rationale"
        assert ids(obligation.jurisdiction_title) == f"rules.jurisdictions.{duty.jurisdiction}.title"
    for path in context.deployment_paths:
        assert path.path is None or ids(path.title) == f"rules.deployment.paths.{path.path}.title"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_no_sentence_field_of_the_context_holds_english_and_said_gives_plain_text(path):
    context = assess(load_profile(str(path), RULES), RULES).context
    data = context.to_dict()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif key in SENTENCE_KEYS:
            assert isinstance(node, Message | DataText), (path.stem, key, node)

    walk(data)
    plain = said(data)
    assert "Message(" not in repr(plain) and "DataText(" not in repr(plain)
    if context.ring is not None:
        assert plain["ring"]["reason"] == say(context.ring.reason)  # type: ignore[index]


def test_the_context_modules_write_no_sentence():
    """No f-string in the context modules but an id ('rules.…', 'ring.…', 'deployment.…', 'context.…')."""
    root = Path(__file__).resolve().parent.parent / "advisor" / "core"
    found = []
    for name in CONTEXT_MODULES:
        for node in ast.walk(ast.parse((root / name).read_text())):
            if isinstance(node, ast.JoinedStr):
                head = node.values[0]
                is_id = isinstance(head, ast.Constant) and str(head.value).startswith(("rules.", "ring.", "deployment.", "context."))
                if not is_id:
                    found.append(f"{name}:{node.lineno}")
    assert found == []


def test_two_readiness_facts_left_out_are_said_as_one_list():
    ring = assess(profile({"deployment": "cloud_api"}), RULES).context.ring
    assert [ids(item) for item in ring.reason.args["unstated"].items] == [  # type: ignore[union-attr]
        "rules.readiness.unstated.governance",
        "rules.readiness.unstated.ai_skills",
    ]
    assert say(ring.reason).startswith(  # golden: the English of before (a13f35f)
        "Not stated: which governance basics are in place (AI policy, owner, review process, AI-literacy training) "
        "and the organisation's AI skills. Stating them can move the ring from Trial to Adopt"
    )


def test_a_vetoed_practice_is_quoted_from_the_rules_by_id():
    context = assess(profile({**READY, "ai_act_areas": ["manipulation"]}, regions=["EU"]), RULES).context
    practice = [v for v in context.vetoes if v.kind == "practice"]
    rule = RULES.context_rules[practice[0].rule].veto.practice  # type: ignore[union-attr]
    assert practice and ids(practice[0].practice)[0] == "veto.practice.named"
    assert ids(practice[0].practice)[1]["practice"] == f"rules.context_rules.{practice[0].rule}.veto.practice"
    # the rules' words for the practice, then the one the profile stated, with the article that bans it
    assert said(practice[0].to_dict())["practice"] == f"{rule}: manipulation by subliminal or deceptive techniques (EU AI Act Art. 5(1)(a))"
    assert context.ring.ring == "hold" and context.ring.rule_reason is not None
