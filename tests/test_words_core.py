"""The core decides, the vocabulary says: headline, explanation, group words and conflicts are Messages (ids and
parameters), said by advisor.words; the core builds no sentence of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import orjson
import pytest

import advisor
from advisor.core.data_text import clause, track_phrase_initial
from advisor.core.engine import assess
from advisor.core.explanation import Explanation, recommendation_words, verdict_words
from advisor.core.group_words import group_words
from advisor.core.messages import DataText, Message, Number, Words
from advisor.core.profile import parse_profile
from advisor.words import said, say
from advisor.words.catalogue import catalogue
from advisor.words.labels import recommendation_label, ring_label, verdict_label

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
RULE_SETS = ("default", "extended")
CORE = ROOT / "advisor" / "core"

SENTENCES_ALLOWED = frozenset(
    {
        # a developer's error (an unknown problem code, a wrong size, an unknown stage name) or a broken installation
        # (a bundled folder missing), never met by a user of a working tool
        "errors.py",
        "memo.py",
        "pipeline.py",
        "resources.py",
    }
)
"""Core modules still allowed to build a sentence. This list may only shrink."""


@pytest.fixture(scope="module", params=RULE_SETS)
def rules(request):
    return advisor.load_rules(request.param)


@pytest.fixture(scope="module")
def assessed(rules):
    return [assess(parse_profile(orjson.loads(path.read_bytes()), rules, str(path)), rules) for path in EXAMPLES]


def ids(message: Message) -> set[str]:
    """Every message id in `message`, nested ones included."""
    found = {message.id}
    for value in message.args.values():
        items = value.items if isinstance(value, Words) else (value,)
        for item in items:
            if isinstance(item, Message):
                found |= ids(item)
    return found


def test_the_headline_and_action_title_are_messages_with_headline_ids(assessed):
    for result in assessed:
        assert isinstance(result.headline, Message) and isinstance(result.action_title, Message)
        assert result.headline.id.startswith("headline.") and result.action_title.id.startswith("headline.action.")
        assert result.action_title in result.headline.args.values()  # the headline leads with its action title


def test_the_explanation_is_messages_and_every_id_is_in_the_catalogue(assessed):
    known = catalogue()
    for result in assessed:
        explanation = result.explanation
        assert isinstance(explanation, Explanation)
        assert explanation.summary.id in ("explanation.summary", "explanation.summary.context")
        assert all(change.id.startswith("explanation.") for change in explanation.what_would_change)
        for message in (explanation.summary, result.headline, *explanation.what_would_change):
            assert ids(message) <= set(known), ids(message) - set(known)


def test_the_json_view_says_the_messages_and_keeps_the_assessment_json(assessed):
    for result in assessed:
        data = said(result.to_dict())
        assert data["headline"] == say(result.headline) and data["action_title"] == say(result.action_title)
        assert data["explanation"]["summary"] == say(result.explanation.summary)
        orjson.dumps(data)  # nothing left that is not JSON


def test_rules_texts_travel_as_data_texts_with_stable_ids(rules):
    phrase = track_phrase_initial(rules, "llm")
    assert phrase == DataText("rules.tracks.llm.phrase.initial", rules.tracks["llm"].phrase[:1].upper() + rules.tracks["llm"].phrase[1:])
    assert recommendation_words("llm", rules).args["track"] == DataText("rules.tracks.llm.phrase", rules.tracks["llm"].phrase)
    assert recommendation_words("hybrid", rules) == Message.of("recommendation.words.hybrid")
    assert clause("The plan includes a practice. ") == "the plan includes a practice"


def test_a_plural_and_a_list_are_said_by_the_vocabulary_not_the_core():
    one = Message.of("explanation.methods.same", n=Number(1, "count"), methods=Number(3, "count"))
    two = Message.of("explanation.methods.same", n=Number(2, "count"), methods=Number(3, "count"))
    assert say(one) == "1 of 3 aggregation methods favours the same track"
    assert say(two) == "2 of 3 aggregation methods favour the same track"
    who = Message.of("group.who", who=Words(("IT", "Legal", "Marketing")))
    assert say(who) == "IT, Legal and Marketing"


def test_each_decision_has_one_label_function_and_each_view_keeps_its_words():
    assert recommendation_label("generative_ai") == "Broader generative AI"
    assert recommendation_label("generative_ai", "badge") == "BROADER GENERATIVE AI"
    assert (ring_label("not_assessed"), ring_label("not_assessed", "badge"), ring_label(None)) == (
        "Not assessed",
        "NOT ASSESSED",
        "none placed",
    )
    assert ring_label("not_assessed", "group") == "a ring not placed"
    assert verdict_label("too_close") == "too close to call"
    assert verdict_label("too_close", "probability") == "too uncertain to call"
    assert verdict_label("too_close", form="short") == "too close"
    assert verdict_label(None) == "not analysed"


def test_a_verdict_is_a_message_said_as_before(assessed):
    for result in assessed:
        message = verdict_words(result.robustness)
        assert message.id.startswith("verdict.")
        assert say(message) == verdict_label(result.robustness.verdict, result.robustness.decided_by)


def test_group_words_are_messages_and_conflicts_say_their_json_message(rules):
    profiles = [parse_profile(orjson.loads(path.read_bytes()), rules, str(path)) for path in EXAMPLES]
    group = advisor.assess_group(profiles, rules, robustness=False)
    words = group_words(group, rules)
    assert words.answer.id == "group.answer" and words.agreement.id.startswith("group.agreement.")
    assert all(isinstance(sentence, Message) for sentence in words.pivotal)
    assert group.conflicts and all(c.message.id.startswith("group.conflict") for c in group.conflicts)
    data = said(group.to_dict())
    assert [c["message"] for c in data["conflicts"]] == [say(c.message) for c in group.conflicts]
    assert data["aggregation"]["method"] == "arithmetic mean of the respondents' normalised weights"


WORD = re.compile(r"[A-Za-z]{2,}")


def built_sentences(path: Path) -> list[tuple[int, str]]:
    """Texts of 4+ English words an f-string, str.format, % or + builds in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        texts: list[str] = []
        if isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            if isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
                texts.append(node.func.value.value)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            texts += [s.value for s in (node.left, node.right) if isinstance(s, ast.Constant) and isinstance(s.value, str)]
        found += [(node.lineno, t) for t in texts if sum(1 for w in t.split() if WORD.search(w)) >= 4]
    return found


def test_the_core_builds_no_sentence():
    """No f-string, str.format, % or + in advisor/core builds a text of four or more English words: the core returns
    message ids with parameters. Only the listed modules (error messages, being converted) still do."""
    offenders = {path.name: built_sentences(path) for path in sorted(CORE.glob("*.py"))}
    building = {name for name, found in offenders.items() if found}
    unexpected = {name: offenders[name] for name in building - SENTENCES_ALLOWED}
    assert not unexpected, unexpected
    assert not SENTENCES_ALLOWED - building, f"no longer builds sentences, remove from the list: {SENTENCES_ALLOWED - building}"


GOLDEN = orjson.loads((Path(__file__).parent / "data" / "words_core_golden.json").read_bytes())
"""The sentences as the tool said them before the core returned messages (commit a13f35f), per rules and example."""


@pytest.mark.parametrize("rules_name", RULE_SETS)
def test_said_messages_are_the_sentences_the_core_wrote_before(rules_name):
    rules = advisor.load_rules(rules_name)
    for path in EXAMPLES:
        result = assess(parse_profile(orjson.loads(path.read_bytes()), rules, str(path)), rules)
        expected = GOLDEN[f"{rules_name}/{path.stem}"]
        assert say(result.headline) == expected["headline"]
        assert say(result.action_title) == expected["action_title"]
        assert said(result.explanation.to_dict()) == expected["explanation"]
    profiles = [parse_profile(orjson.loads(path.read_bytes()), rules, str(path)) for path in EXAMPLES]
    group = advisor.assess_group(profiles, rules, labels=[path.stem for path in EXAMPLES], robustness=False)
    assert [say(c.message) for c in group.conflicts] == GOLDEN[f"{rules_name}/group"]["conflicts"]


AD_HOC_LABEL = re.compile(r"""(ring|verdict)[\w\[\]"'.]*\.(replace\("_", " "\)|capitalize\(\)|upper\(\))""")
"""A ring or verdict id turned into words by string surgery ('not_assessed' -> 'Not assessed')."""


def test_no_python_module_labels_a_ring_or_a_verdict_by_hand():
    """Rings and verdicts are named by advisor.words.labels (ring_label, verdict_label), never by editing the id."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "advisor").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if AD_HOC_LABEL.search(line)
    ]
    assert not found, found
