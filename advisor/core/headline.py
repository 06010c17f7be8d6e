"""The one-sentence headline of an assessment, written from its numbers (deterministic, no language model)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from advisor.core.assessment import Basis, UseCaseResult
from advisor.core.numbers import fit as fit_text
from advisor.core.numbers import fits_look_equal
from advisor.core.rules import Rules

if TYPE_CHECKING:
    from advisor.core.ring import RingPlacement

MAX_NAMED = 3


RING_VERBS = {"adopt": "Adopt", "trial": "Trial", "assess": "Assess", "not_assessed": "Consider"}
"""The verb an action title starts with, from the readiness ring (Adopt when the rules place no ring)."""


def action_title(
    recommendation: str,
    basis: Basis,
    results: Sequence[UseCaseResult],
    rules: Rules,
    ring: RingPlacement | None = None,
) -> str:
    """The recommendation as an action led by its ring: 'Trial an LLM for writing, code and summaries'.

    A Hold leads with why (a vetoed practice, no fit) and names no track to adopt.
    """
    if ring is not None and ring.ring == "hold":
        return f"Hold: {_clause(ring.rule_reason.english if ring.rule_reason is not None else '')}"
    verb = RING_VERBS.get(ring.ring, "Adopt") if ring is not None else "Adopt"
    uses = {track: _uses(results, track, rules) for track in ("llm", "generative_ai")}
    if recommendation in ("llm", "generative_ai"):
        return f"{verb} {rules.tracks[recommendation].phrase}{_for(uses[recommendation])}"
    if recommendation == "neither":
        return f"Neither track fits these needs: {rules.decision.neither_advice}"
    if basis == "split_need":
        return f"{verb} both: {_split(rules, uses)}"
    return (
        f"Too close to call: {verb.lower()} both {rules.tracks['llm'].phrase} and "
        f"{rules.tracks['generative_ai'].phrase}"
    )


def write_headline(
    recommendation: str,
    basis: Basis,
    scores: dict[str, float],
    results: Sequence[UseCaseResult],
    rules: Rules,
    ring: RingPlacement | None = None,
) -> str:
    """'Adopt an LLM for code, summaries and writing: it fits these needs at ...' for the given outcome and ring."""
    fit = {track: fit_text(value) for track, value in scores.items()}
    alike = fits_look_equal(scores["llm"], scores["generative_ai"])  # equal as shown: say so, never '0.69 against 0.69'
    action = action_title(recommendation, basis, results, rules, ring)
    llm, genai = rules.tracks["llm"].phrase, rules.tracks["generative_ai"].phrase
    fits = f"{llm} fits at {fit['llm']} and {genai} at {fit['generative_ai']}"
    if alike:
        fits = f"{llm} and {genai} both fit at {fit['llm']}"
    if ring is not None and ring.ring == "hold":
        if recommendation == "neither":
            return f"{action}. {_capital(fits)}; {rules.decision.neither_advice}."
        return f"{action}. On the needs alone, {fits}."
    if recommendation in ("llm", "generative_ai"):
        other = "generative_ai" if recommendation == "llm" else "llm"
        if alike:
            just_less = f"{rules.tracks[other].phrase} only just less"
            return f"{action}: it fits these needs at {fit[recommendation]}, {just_less}."
        return f"{action}: it fits these needs at {fit[recommendation]} against {fit[other]} for {rules.tracks[other].phrase}."
    if recommendation == "neither":
        needs = join_words(
            [rules.use_cases[r.id].noun for r in sorted(results, key=lambda r: -r.weight) if r.weight > 0][:MAX_NAMED]
        )
        if alike:
            return f"Neither {llm} nor {genai} (both {fit['llm']}) fits {needs} well: {rules.decision.neither_advice}."
        return (
            f"Neither {llm} ({fit['llm']}) nor {genai} ({fit['generative_ai']}) fits {needs} well: "
            f"{rules.decision.neither_advice}."
        )
    if basis == "split_need":
        shown = f"both fit at {fit['llm']}" if alike else f"fits {fit['llm']} and {fit['generative_ai']}"
        return f"{action} ({shown})."
    uses = {track: _uses(results, track, rules) for track in ("llm", "generative_ai")}
    split = _split(rules, uses)
    closing = (
        f"plan a hybrid, {split}" if split else "both fit these needs about equally, so choose on context and cost"
    )
    return f"{action}. {_capital(fits)}: {closing}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clause(sentence: str) -> str:
    """A sentence as the clause after a colon: 'The plan includes ...' -> 'the plan includes ...', no full stop."""
    text = sentence.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _uses(results: Sequence[UseCaseResult], track: str, rules: Rules) -> list[str]:
    won = sorted((r for r in results if r.weight > 0 and r.better_fit == track), key=lambda r: -r.weight)
    return [rules.use_cases[r.id].noun for r in won[:MAX_NAMED]]


def _for(nouns: list[str]) -> str:
    return f" for {join_words(nouns)}" if nouns else ""


def _split(rules: Rules, uses: dict[str, list[str]]) -> str:
    llm, genai = rules.tracks["llm"].phrase, rules.tracks["generative_ai"].phrase
    parts = []
    if uses["llm"]:
        parts.append(f"{llm} for {join_words(uses['llm'])}")
    if uses["generative_ai"]:
        parts.append(f"{genai} for {join_words(uses['generative_ai'])}")
    return ", ".join(parts)


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


ACRONYMS = frozenset({"AI", "LLM", "IP", "EU", "BAA", "UK", "US", "ML", "Q&A"})
"""Words that keep their capitals wherever they stand in a sentence."""


def capitalised(text: str) -> str:
    """The text with its first letter upper-case and the rest as written ('an LLM' -> 'An LLM', not 'An llm')."""
    return text[:1].upper() + text[1:]


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: first letter lower-case unless the first word is an acronym."""
    first = title.split(" ", 1)[0]
    return title if first.upper() in ACRONYMS or (len(first) > 1 and first.isupper()) else title[:1].lower() + title[1:]


def label_of(key: str) -> str:
    """A field name as a label: 'ai_skills' -> 'AI skills', 'ip_indemnity' -> 'IP indemnity'."""
    words = [word.upper() if word.upper() in ACRONYMS else word for word in key.split("_")]
    return capitalised(" ".join(words))
