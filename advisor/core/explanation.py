"""Why the recommendation came out, and what would change it: sentences written from the numbers (no language model)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.core.assessment import UseCaseResult
from advisor.core.headline import capitalised, join_words
from advisor.core.numbers import (
    difference,
    fit,
    fits_look_equal,
    margins_look_equal,
    percent,
    weight,
    weights_look_equal,
)
from advisor.core.robustness import EVEN_GAP, FlipThreshold, RatingFlip, RobustnessReport
from advisor.core.rules import Rules
from advisor.core.scoring import Outcome

VERDICT_WORDS = {
    "robust": "robust",
    "moderate": "moderately robust",
    "fragile": "fragile",
    "too_close": "too close to call",
}
METHOD_WORDS = {"weighted_sum": "weighted sum", "weighted_product": "weighted product", "weakest_link": "weakest link"}


@dataclass(frozen=True, slots=True)
class Explanation:
    """A short paragraph on why, and one sentence per change that would alter the recommendation."""

    summary: str
    what_would_change: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The `explanation` object of assessment JSON v1."""
        return {"summary": self.summary, "what_would_change": list(self.what_would_change)}


def explain(
    outcome: Outcome,
    results: Sequence[UseCaseResult],
    report: RobustnessReport,
    rules: Rules,
    without_context: Outcome | None = None,
    by_importance: bool = True,
) -> Explanation:
    """The explanation of one assessment; every number in it is one of the assessment's own.

    `without_context` is the outcome on the unadjusted ratings, given when context modifiers or vetoes changed them.
    """
    sentences = [_pushes(results, rules, without_context is not None), _overall(outcome, rules)]
    if without_context is not None:
        sentences.append(_context_change(outcome, without_context, rules))
    sentences.append(_how_sure(outcome, report, rules))
    reachable = [f for f in report.flip_thresholds if f.importance is not None or not by_importance]
    shown = reachable or list(report.flip_thresholds[:1])  # all thresholds stay in the JSON; say the useful ones
    changes = [_weight_sentence(f, results, rules, by_importance) for f in shown]
    changes += [_rating_sentence(r, rules) for r in report.rating_flips]
    if not changes:
        changes.append("No change of a single importance or a single rating would change the recommendation.")
    return Explanation(" ".join(s for s in sentences if s), tuple(changes))


def recommendation_words(recommendation: str, rules: Rules) -> str:
    """'an LLM', 'broader generative AI', 'a hybrid of both' or 'neither track'."""
    if recommendation == "neither":
        return "neither track"
    return rules.tracks[recommendation].phrase if recommendation in rules.tracks else "a hybrid of both"


def _pushes(results: Sequence[UseCaseResult], rules: Rules, context_changed: bool) -> str:
    parts = []
    for track, other in (("llm", "generative_ai"), ("generative_ai", "llm")):
        pushing = sorted(
            (r for r in results if r.weight > 0 and r.contributions[track] > r.contributions[other]),
            key=lambda r: r.contributions[other] - r.contributions[track],
        )
        if pushing:
            leads = [(rules.use_cases[r.id].noun, r.contributions[track] - r.contributions[other]) for r in pushing]
            items = [f"{noun} ({_plus(lead)})" for noun, lead in leads]
            parts.append(f"{rules.tracks[track].phrase} leads on {join_words(items)}")
    if not parts:
        after = " after your context" if context_changed else ""
        return f"Both tracks are rated alike on every stated need{after}."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _plus(lead: float) -> str:
    """A lead as added to a fit: '+0.150', or 'less than +0.001'."""
    text = difference(lead)
    return f"less than +{text.removeprefix('less than ')}" if text.startswith("less") else f"+{text}"


def _overall(outcome: Outcome, rules: Rules) -> str:
    llm, genai = outcome.scores["llm"], outcome.scores["generative_ai"]
    if outcome.basis == "low_fit":
        both = f"{fit(llm)} each" if fits_look_equal(llm, genai) else f"LLM {fit(llm)} against {fit(genai)}"
        return (
            f"Both fits ({both}) are below {rules.decision.neither_below:g}, so neither track is recommended: "
            f"{rules.decision.neither_advice}."
        )
    lead = fit_comparison(outcome.scores, outcome.margin, rules)
    if outcome.basis == "indifference_band":
        return f"{lead}, inside the indifference band of {rules.decision.indifference_band:g}, so neither is preferred."
    if outcome.basis == "split_need":
        share = min(outcome.shares["llm"], outcome.shares["generative_ai"])
        return (
            f"{lead}, but each track clearly wins at least {percent(rules.decision.hybrid_min_share)} of the weighted "
            f"need (the smaller share is {percent(share)}), so both are recommended."
        )
    return f"{lead}."


def fit_comparison(scores: dict[str, float], margin: float, rules: Rules) -> str:
    """The two fits compared at the precision they are shown: 'Overall an LLM fits better by 0.012 (LLM 0.70 against
    0.69)', 'An LLM and broader generative AI fit equally at 0.69' (no full stop)."""
    llm, genai = scores["llm"], scores["generative_ai"]
    both = capitalised(f"{rules.tracks['llm'].phrase} and {rules.tracks['generative_ai'].phrase}")
    leader = rules.tracks["llm" if margin > 0 else "generative_ai"].phrase
    if fits_look_equal(llm, genai):
        if margins_look_equal(margin, 0):
            return f"{both} fit equally at {fit(llm)}"
        return f"{both} fit almost equally at {fit(llm)} ({leader} is ahead by {difference(margin)})"
    return f"Overall {leader} fits better by {difference(margin)} (LLM {fit(llm)} against {fit(genai)})"


def _context_change(outcome: Outcome, plain: Outcome, rules: Rules) -> str:
    tracks = ("llm", "generative_ai")
    changed = [
        f"{rules.tracks[t].phrase} from {fit(plain.scores[t])} to {fit(outcome.scores[t])}"
        for t in tracks
        if not fits_look_equal(plain.scores[t], outcome.scores[t])
    ]
    rather = plain.recommendation != outcome.recommendation
    alone = f"on the ratings alone the recommendation would be {recommendation_words(plain.recommendation, rules)}"
    if changed:
        text = f"Your context lowered the fit of {join_words(changed)}"
        return f"{text}; {alone}." if rather else f"{text}, without changing the recommendation."
    if any(plain.scores[t] != outcome.scores[t] for t in tracks):
        text = "Your context did not visibly change either fit"
    else:
        text = "Your context changed no fit"
    return f"{text}, yet {alone}." if rather else f"{text}."


def verdict_words(report: RobustnessReport) -> str:
    """The verdict in words; a too-close verdict given by the probability, not the band, is 'too uncertain to call'."""
    if report.verdict == "too_close" and report.decided_by == "probability":
        return "too uncertain to call"
    return VERDICT_WORDS[report.verdict]


def how_sure(recommendation: str, margin: float, report: RobustnessReport, rules: Rules) -> str:
    """The verdict, the test that decided it and the numbers behind it, in one sentence (no full stop)."""
    p_same = report.p_outcome[recommendation]
    held = f"{percent(p_same)} of {report.samples:,} weightings drawn around the stated priorities"
    if report.decided_by == "band":
        band = f"{rules.decision.indifference_band:g}"
        gap = (  # 'differ by less than 0.001' when a difference too small to print is there (not rounding in the sums)
            f"are equal, and any difference within {band} is a tie"
            if abs(margin) <= EVEN_GAP
            else f"differ by {difference(margin)}, within {band}, whatever the weights"
        )
        return (
            f"The answer is too close to call by the indifference band: the fits {gap} "
            f"(the same recommendation came out in {held})"
        )
    if report.decided_by == "dominance" and report.dominance:
        return (
            f"The answer is robust: {rules.tracks[report.dominance].phrase} is ahead on every stated need, so no "
            f"weighting can change it (it held in {held})"
        )
    limits = rules.robustness.verdict
    test = {
        "robust": f"at least {percent(limits.robust_min_p)} makes it robust",
        "moderate": f"from {percent(limits.moderate_min_p)} to {percent(limits.robust_min_p)} is moderately robust",
        "fragile": f"from {percent(limits.fragile_min_p)} to {percent(limits.moderate_min_p)} is fragile",
        "too_close": f"below the {percent(limits.fragile_min_p)} a fragile answer needs",
    }[report.verdict]
    return f"The answer is {verdict_words(report)}: it held in {held} ({test})"


def _how_sure(outcome: Outcome, report: RobustnessReport, rules: Rules) -> str:
    text = how_sure(outcome.recommendation, outcome.margin, report, rules)
    agreement = report.methods_agree
    reference = agreement.leanings["weighted_sum"]
    dissent = [METHOD_WORDS[m] for m, lean in agreement.leanings.items() if lean != reference]
    if reference == "even":
        verb = "finds" if agreement.agreeing == 1 else "find"
        text += f". {agreement.agreeing} of {agreement.methods} aggregation methods {verb} the tracks even"
    else:
        verb = "favours" if agreement.agreeing == 1 else "favour"
        text += f". {agreement.agreeing} of {agreement.methods} aggregation methods {verb} the same track"
    text += f" (the {join_words(dissent)} {'does' if len(dissent) == 1 else 'do'} not)." if dissent else "."
    return text


def _weight_sentence(
    flip: FlipThreshold, results: Sequence[UseCaseResult], rules: Rules, by_importance: bool = True
) -> str:
    noun = rules.use_cases[flip.use_case].noun
    verb = "Raising" if flip.direction == "increase" else "Lowering"
    current = next(r for r in results if r.id == flip.use_case)
    if not by_importance:  # a consensus of several people's weights: no importance level to name
        how = ""
    elif flip.importance is not None:
        how = f" (importance {flip.importance} instead of {current.importance})"
    else:
        how = " (no importance from 0 to 5 gets there at the stated volume)"
    new = recommendation_words(flip.new_recommendation, rules)
    if weights_look_equal(flip.weight, flip.current_weight):  # on the edge: no distance worth printing
        move, limit = ("rise", "above") if flip.direction == "increase" else ("fall", "below")
        return (
            f"The answer sits on an edge: any {move} in the weight of {noun} {limit} its current "
            f"{weight(flip.current_weight)}{how} would change the recommendation to {new}."
        )
    return (
        f"{verb} the weight of {noun} from {weight(flip.current_weight)} to {weight(flip.weight)}{how} "
        f"would change the recommendation to {new}."
    )


def _rating_sentence(flip: RatingFlip, rules: Rules) -> str:
    noun = rules.use_cases[flip.use_case].noun
    track = rules.tracks[flip.track].phrase
    new = recommendation_words(flip.new_recommendation, rules)
    return f"If {track} were rated {flip.to_label} instead of {flip.from_label} for {noun}, the recommendation would be {new}."
