"""The one-sentence headline of an assessment, decided from its numbers (deterministic, no language model). Pure.

Returns `Message`s (ids in `advisor/words/catalogue/headline.py`); the edge says them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from advisor.core.assessment import Basis, UseCaseResult
from advisor.core.data_text import (
    ACRONYMS,
    in_sentence,
    neither_advice,
    ring_reason_clause,
    track_phrase,
    track_phrase_initial,
    use_case_noun,
)
from advisor.core.messages import Message, Number, Words
from advisor.core.numbers import fits_look_equal
from advisor.core.rules import Rules

if TYPE_CHECKING:
    from advisor.core.ring import RingPlacement
__all__ = ["ACRONYMS", "RING_VERBS", "action_title", "capitalised", "in_sentence", "join_words", "label_of",
           "write_headline"]

MAX_NAMED = 3

RING_VERBS = {"adopt": "Adopt", "trial": "Trial", "assess": "Assess", "not_assessed": "Consider"}
"""The verb an action title starts with, from the readiness ring (Adopt when the rules place no ring); said by the
messages `headline.verb.<ring>` (sentence-initial) and `headline.verb.<ring>.inline`."""


def _verb(ring: RingPlacement | None, inline: bool = False) -> Message:
    name = ring.ring if ring is not None and ring.ring in RING_VERBS else "adopt"
    return Message.of(f"headline.verb.{name}{'.inline' if inline else ''}")


def action_title(
    recommendation: str,
    basis: Basis,
    results: Sequence[UseCaseResult],
    rules: Rules,
    ring: RingPlacement | None = None,
) -> Message:
    """The recommendation as an action led by its ring: 'Trial an LLM for writing, code and summaries'.

    A Hold leads with why (a vetoed practice, no fit) and names no track to adopt.
    """
    if ring is not None and ring.lead and ring.ring != "hold":
        reason = ring.rule_reason.english if ring.rule_reason is not None else ""
        said = {k: v for k, v in ring.reason.args.items() if k not in ("reason", "unstated")}  # what the reason names
        return Message.of("headline.action.lead", verb=_verb(ring), reason=ring_reason_clause(rules, ring.ring, reason), **said)
    if ring is not None and ring.ring == "hold":
        reason = ring.rule_reason.english if ring.rule_reason is not None else ""
        clause = ring_reason_clause(rules, "hold", reason)
        if ring.practices is None:
            return Message.of("headline.action.hold", reason=clause)
        return Message.of("headline.action.hold", reason=clause, practices=ring.practices)
    verb = _verb(ring)
    if recommendation in ("llm", "generative_ai"):
        uses = _uses(results, recommendation, rules)
        track = track_phrase(rules, recommendation)
        if uses:
            return Message.of("headline.action.track_for", verb=verb, track=track, uses=Words(tuple(uses)))
        return Message.of("headline.action.track", verb=verb, track=track)
    if recommendation == "neither":
        return Message.of("headline.action.neither", advice=neither_advice(rules))
    if basis == "split_need":
        return Message.of("headline.action.split", verb=verb, split=_split(results, rules) or Message.of("headline.none"))
    return Message.of(
        "headline.action.too_close",
        verb=_verb(ring, inline=True),
        llm=track_phrase(rules, "llm"),
        genai=track_phrase(rules, "generative_ai"),
    )


def write_headline(
    recommendation: str,
    basis: Basis,
    scores: dict[str, float],
    results: Sequence[UseCaseResult],
    rules: Rules,
    ring: RingPlacement | None = None,
) -> Message:
    """'Adopt an LLM for code, summaries and writing: it fits these needs at ...' for the given outcome and ring."""
    alike = fits_look_equal(scores["llm"], scores["generative_ai"])  # equal as shown: say so, never '0.69 against 0.69'
    action = action_title(recommendation, basis, results, rules, ring)
    llm, genai = track_phrase(rules, "llm"), track_phrase(rules, "generative_ai")
    fit = {track: Number(value, "fit") for track, value in scores.items()}

    def fits(initial: bool = False) -> Message:
        first = track_phrase_initial(rules, "llm") if initial else llm
        if alike:
            return Message.of("headline.fits.alike", llm=first, genai=genai, fit=fit["llm"])
        return Message.of("headline.fits.apart", llm=first, genai=genai, llm_fit=fit["llm"], genai_fit=fit["generative_ai"])

    advice = neither_advice(rules)
    if ring is not None and (ring.ring == "hold" or ring.lead):
        if recommendation == "neither":
            return Message.of("headline.hold.neither", action=action, fits=fits(initial=True), advice=advice)
        return Message.of("headline.hold", action=action, fits=fits())
    if recommendation in ("llm", "generative_ai"):
        other = "generative_ai" if recommendation == "llm" else "llm"
        if alike:
            return Message.of(
                "headline.track.alike", action=action, fit=fit[recommendation], other=track_phrase(rules, other)
            )
        return Message.of(
            "headline.track",
            action=action,
            fit=fit[recommendation],
            other_fit=fit[other],
            other=track_phrase(rules, other),
        )
    if recommendation == "neither":
        weighted = [r.id for r in sorted(results, key=lambda r: -r.weight) if r.weight > 0][:MAX_NAMED]
        needs = Words(tuple(use_case_noun(rules, uid) for uid in weighted))
        if alike:
            return Message.of("headline.neither.alike", llm=llm, genai=genai, fit=fit["llm"], needs=needs, advice=advice)
        return Message.of(
            "headline.neither",
            llm=llm,
            genai=genai,
            llm_fit=fit["llm"],
            genai_fit=fit["generative_ai"],
            needs=needs,
            advice=advice,
        )
    if basis == "split_need":
        if alike:
            return Message.of("headline.split.alike", action=action, fit=fit["llm"])
        return Message.of("headline.split", action=action, llm_fit=fit["llm"], genai_fit=fit["generative_ai"])
    split = _split(results, rules)
    if split is not None:
        return Message.of("headline.too_close.hybrid", action=action, fits=fits(initial=True), split=split)
    return Message.of("headline.too_close.equal", action=action, fits=fits(initial=True))


def _uses(results: Sequence[UseCaseResult], track: str, rules: Rules) -> list[Any]:
    won = sorted((r for r in results if r.weight > 0 and r.better_fit == track), key=lambda r: -r.weight)
    return [use_case_noun(rules, r.id) for r in won[:MAX_NAMED]]


def _split(results: Sequence[UseCaseResult], rules: Rules) -> Message | None:
    """'an LLM for writing, broader generative AI for art' (each track with the needs it wins), None when none wins."""
    parts = {track: _uses(results, track, rules) for track in ("llm", "generative_ai")}
    llm, genai = track_phrase(rules, "llm"), track_phrase(rules, "generative_ai")
    if parts["llm"] and parts["generative_ai"]:
        return Message.of(
            "headline.split.both",
            llm=llm,
            llm_uses=Words(tuple(parts["llm"])),
            genai=genai,
            genai_uses=Words(tuple(parts["generative_ai"])),
        )
    for track, phrase in (("llm", llm), ("generative_ai", genai)):
        if parts[track]:
            return Message.of("headline.split.one", track=phrase, uses=Words(tuple(parts[track])))
    return None


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c' (English, for the edges that still join English; the core joins with `Words`)."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def capitalised(text: str) -> str:
    """The text with its first letter upper-case and the rest as written ('an LLM' -> 'An LLM', not 'An llm')."""
    return text[:1].upper() + text[1:]


def label_of(key: str) -> str:
    """A field name as a label: 'ai_skills' -> 'AI skills', 'ip_indemnity' -> 'IP indemnity'."""
    words = [word.upper() if word.upper() in ACRONYMS else word for word in key.split("_")]
    return capitalised(" ".join(words))
