"""The rules' texts as sentences quote them: each a `DataText` with a stable id (`rules.<section>.<key>.<field>`). Pure.

A form of a text that a sentence needs (sentence-initial, inline, as a clause) is a text of its own, with its own id
(`….initial`, `….inline`, `….clause`): a language's overlay gives each form, so no sentence edits translated words.
The English of such a form is derived here from the rules' English.
"""

from __future__ import annotations

from advisor.core.messages import DataText
from advisor.core.rules import Rules

ACRONYMS = frozenset({"AI", "LLM", "IP", "EU", "BAA", "UK", "US", "ML", "Q&A"})
"""Words that keep their capitals wherever they stand in a sentence."""


def track_phrase(rules: Rules, track: str) -> DataText:
    """How a sentence names a track: 'an LLM'."""
    return DataText(f"rules.tracks.{track}.phrase", rules.tracks[track].phrase)


def track_phrase_initial(rules: Rules, track: str) -> DataText:
    """The track's phrase at the start of a sentence: 'An LLM'."""
    phrase = rules.tracks[track].phrase
    return DataText(f"rules.tracks.{track}.phrase.initial", phrase[:1].upper() + phrase[1:])


def use_case_noun(rules: Rules, use_case: str) -> DataText:
    """How a sentence names a use case: its short noun ('summaries'), else its title in lower case."""
    found = rules.use_cases[use_case]
    if found.short:
        return DataText(f"rules.use_cases.{use_case}.short", found.short)
    return DataText(f"rules.use_cases.{use_case}.title.inline", found.noun)


def use_case_title_inline(rules: Rules, use_case: str) -> DataText:
    """A use case's title inside a sentence: first letter lower-case unless the first word is an acronym."""
    return DataText(f"rules.use_cases.{use_case}.title.inline", in_sentence(rules.use_cases[use_case].title))


def neither_advice(rules: Rules) -> DataText:
    """What to do when neither track fits."""
    return DataText("rules.decision.neither_advice", rules.decision.neither_advice)


def context_rule_title(rules: Rules, rule: str) -> DataText:
    """A context rule's title: 'Only self-hosted options on premises'."""
    return DataText(f"rules.context_rules.{rule}.title", rules.context_rules[rule].title)


def ring_reason_clause(rules: Rules, ring: str, reason: str) -> DataText:
    """A ring's reason as the clause after a colon: 'the plan includes …', no full stop."""
    rings = rules.readiness.rings if rules.readiness is not None else []
    index = next((i for i, rule in enumerate(rings) if rule.ring == ring and rule.reason == reason), None)
    key = f"rules.readiness.rings.{index}" if index is not None else f"rules.readiness.{ring}"
    return DataText(f"{key}.reason.clause", clause(reason))


def clause(sentence: str) -> str:
    """An English sentence as the clause after a colon: 'The plan includes ...' -> 'the plan includes ...', no stop."""
    text = sentence.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def in_sentence(title: str) -> str:
    """An English title as it reads inside a sentence: first letter lower-case unless the first word is an acronym."""
    first = title.split(" ", 1)[0]
    return title if first.upper() in ACRONYMS or (len(first) > 1 and first.isupper()) else title[:1].lower() + title[1:]
