"""Why the recommendation came out, and what would change it: decided from the numbers (no language model). Pure.

Returns `Message`s (ids in `advisor/words/catalogue/explanation.py` and `labels.py`); the edge says them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.core.assessment import UseCaseResult
from advisor.core.data_text import neither_advice, track_phrase, track_phrase_initial, use_case_noun
from advisor.core.messages import DataText, Message, Number, Words
from advisor.core.numbers import MARGIN_DIGITS, fits_look_equal, margins_look_equal, weights_look_equal
from advisor.core.robustness import EVEN_GAP, FlipThreshold, RatingFlip, RobustnessReport
from advisor.core.rules import Rules
from advisor.core.scoring import Outcome

VERDICTS = ("robust", "moderate", "fragile", "too_close")
"""The verdicts, each said by the message `verdict.<verdict>` ('too close to call'; `verdict.too_uncertain` when a
probability, not the band, found it too close)."""
METHODS = ("weighted_sum", "weighted_product", "weakest_link")
"""The aggregation methods, each said by the message `method.<method>` ('weighted sum')."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """A short paragraph on why, and one sentence per change that would alter the recommendation."""

    summary: Message
    what_would_change: tuple[Message, ...]

    def to_dict(self) -> dict[str, Any]:
        """The `explanation` object of assessment JSON v1 (the edge says its messages)."""
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
    pushes, overall = _pushes(results, rules, without_context is not None), _overall(outcome, rules)
    sure = _how_sure(outcome, report, rules)
    if without_context is not None:
        context = _context_change(outcome, without_context, rules)
        summary = Message.of("explanation.summary.context", pushes=pushes, overall=overall, context=context, sure=sure)
    else:
        summary = Message.of("explanation.summary", pushes=pushes, overall=overall, sure=sure)
    reachable = [f for f in report.flip_thresholds if f.importance is not None or not by_importance]
    shown = reachable or list(report.flip_thresholds[:1])  # all thresholds stay in the JSON; say the useful ones
    changes = [_weight_sentence(f, results, rules, by_importance) for f in shown]
    changes += [_rating_sentence(r, rules) for r in report.rating_flips]
    if not changes:
        changes.append(Message.of("explanation.change.none"))
    return Explanation(summary, tuple(changes))


def recommendation_words(recommendation: str, rules: Rules) -> Message:
    """'an LLM', 'broader generative AI', 'a hybrid of both' or 'neither track'."""
    if recommendation in rules.tracks:
        return Message.of("recommendation.words.track", track=track_phrase(rules, recommendation))
    return Message.of("recommendation.words.neither" if recommendation == "neither" else "recommendation.words.hybrid")


def _pushes(results: Sequence[UseCaseResult], rules: Rules, context_changed: bool) -> Message:
    parts = []
    for track, other in (("llm", "generative_ai"), ("generative_ai", "llm")):
        pushing = sorted(
            (r for r in results if r.weight > 0 and r.contributions[track] > r.contributions[other]),
            key=lambda r: r.contributions[other] - r.contributions[track],
        )
        if pushing:
            items = Words(
                tuple(
                    Message.of(
                        "explanation.lead_item",
                        use_case=use_case_noun(rules, r.id),
                        lead=_plus(r.contributions[track] - r.contributions[other]),
                    )
                    for r in pushing
                )
            )
            parts.append((track, items))
    if not parts:
        return Message.of("explanation.pushes.none.context" if context_changed else "explanation.pushes.none")
    first, items = parts[0]
    if len(parts) == 1:
        return Message.of("explanation.pushes.one", track=track_phrase_initial(rules, first), items=items)
    second, others = parts[1]
    return Message.of(
        "explanation.pushes.both",
        track=track_phrase_initial(rules, first),
        items=items,
        other=track_phrase(rules, second),
        other_items=others,
    )


def _plus(lead: float) -> Message:
    """A lead as added to a fit: '+0.150', or 'less than +0.001'."""
    if margins_look_equal(lead, 0):
        return Message.of("explanation.lead.below", step=Number(10**-MARGIN_DIGITS, f"decimal:{MARGIN_DIGITS}"))
    return Message.of("explanation.lead", lead=Number(lead, "difference"))


def _overall(outcome: Outcome, rules: Rules) -> Message:
    llm, genai = outcome.scores["llm"], outcome.scores["generative_ai"]
    if outcome.basis == "low_fit":
        below, advice = Number(rules.decision.neither_below, "g"), neither_advice(rules)
        if fits_look_equal(llm, genai):
            return Message.of("explanation.overall.low_fit.alike", fit=Number(llm), below=below, advice=advice)
        return Message.of(
            "explanation.overall.low_fit", llm_fit=Number(llm), genai_fit=Number(genai), below=below, advice=advice
        )
    lead = fit_comparison(outcome.scores, outcome.margin, rules)
    if outcome.basis == "indifference_band":
        return Message.of("explanation.overall.band", lead=lead, band=Number(rules.decision.indifference_band, "g"))
    if outcome.basis == "split_need":
        share = min(outcome.shares["llm"], outcome.shares["generative_ai"])
        return Message.of(
            "explanation.overall.split",
            lead=lead,
            min_share=Number(rules.decision.hybrid_min_share, "percent"),
            share=Number(share, "percent"),
        )
    return Message.of("explanation.overall", lead=lead)


def fit_comparison(scores: dict[str, float], margin: float, rules: Rules) -> Message:
    """The two fits compared at the precision they are shown: 'Overall an LLM fits better by 0.012 (LLM 0.70 against
    0.69)', 'An LLM and broader generative AI fit equally at 0.69' (no full stop)."""
    llm, genai = scores["llm"], scores["generative_ai"]
    first, second = track_phrase_initial(rules, "llm"), track_phrase(rules, "generative_ai")
    leader = track_phrase(rules, "llm" if margin > 0 else "generative_ai")
    if fits_look_equal(llm, genai):
        if margins_look_equal(margin, 0):
            return Message.of("explanation.fits.equal", llm=first, genai=second, fit=Number(llm))
        return Message.of(
            "explanation.fits.almost", llm=first, genai=second, fit=Number(llm), leader=leader,
            margin=Number(margin, "difference"),
        )
    return Message.of(
        "explanation.fits.better", leader=leader, margin=Number(margin, "difference"), llm_fit=Number(llm),
        genai_fit=Number(genai),
    )


def _context_change(outcome: Outcome, plain: Outcome, rules: Rules) -> Message:
    tracks = ("llm", "generative_ai")
    changed = [
        Message.of(
            "explanation.context.change",
            track=track_phrase(rules, t),
            before=Number(plain.scores[t]),
            after=Number(outcome.scores[t]),
        )
        for t in tracks
        if not fits_look_equal(plain.scores[t], outcome.scores[t])
    ]
    rather = plain.recommendation != outcome.recommendation
    alone = recommendation_words(plain.recommendation, rules)
    if changed:
        if rather:
            return Message.of("explanation.context.lowered.rather", changed=Words(tuple(changed)), alone=alone)
        return Message.of("explanation.context.lowered", changed=Words(tuple(changed)))
    kind = "unseen" if any(plain.scores[t] != outcome.scores[t] for t in tracks) else "unchanged"
    if rather:
        return Message.of(f"explanation.context.{kind}.rather", alone=alone)
    return Message.of(f"explanation.context.{kind}")


def verdict_words(report: RobustnessReport) -> Message:
    """The verdict in words; a too-close verdict given by the probability, not the band, is 'too uncertain to call'."""
    if report.verdict == "too_close" and report.decided_by == "probability":
        return Message.of("verdict.too_uncertain")
    return Message.of(f"verdict.{report.verdict}")


def how_sure(recommendation: str, margin: float, report: RobustnessReport, rules: Rules) -> Message:
    """The verdict, the test that decided it and the numbers behind it, in one sentence (no full stop)."""
    held = Message.of(
        "explanation.held", p=Number(report.p_outcome[recommendation], "percent"), samples=Number(report.samples, "integer")
    )
    if report.decided_by == "band":
        band = Number(rules.decision.indifference_band, "g")
        gap = (  # 'differ by less than 0.001' when a difference too small to print is there (not rounding in the sums)
            Message.of("explanation.gap.equal", band=band)
            if abs(margin) <= EVEN_GAP
            else Message.of("explanation.gap.within", margin=Number(margin, "difference"), band=band)
        )
        return Message.of("explanation.sure.band", gap=gap, held=held)
    if report.decided_by == "dominance" and report.dominance:
        return Message.of("explanation.sure.dominance", track=track_phrase(rules, report.dominance), held=held)
    limits = rules.robustness.verdict
    robust, moderate = Number(limits.robust_min_p, "percent"), Number(limits.moderate_min_p, "percent")
    fragile = Number(limits.fragile_min_p, "percent")
    test = {
        "robust": Message.of("explanation.test.robust", robust=robust),
        "moderate": Message.of("explanation.test.moderate", moderate=moderate, robust=robust),
        "fragile": Message.of("explanation.test.fragile", fragile=fragile, moderate=moderate),
        "too_close": Message.of("explanation.test.too_close", fragile=fragile),
    }[report.verdict]
    return Message.of("explanation.sure", verdict=verdict_words(report), held=held, test=test)


def _how_sure(outcome: Outcome, report: RobustnessReport, rules: Rules) -> Message:
    sure = how_sure(outcome.recommendation, outcome.margin, report, rules)
    agreement = report.methods_agree
    reference = agreement.leanings["weighted_sum"]
    dissent = [Message.of(f"method.{m}") for m, lean in agreement.leanings.items() if lean != reference]
    methods = Message.of(
        "explanation.methods.even" if reference == "even" else "explanation.methods.same",
        n=Number(agreement.agreeing, "count"),
        methods=Number(agreement.methods, "count"),
    )
    if dissent:
        not_they = Message.of("explanation.methods.dissent", n=Number(len(dissent), "count"), dissent=Words(tuple(dissent)))
        return Message.of("explanation.sure.methods.dissent", sure=sure, methods=methods, dissent=not_they)
    return Message.of("explanation.sure.methods", sure=sure, methods=methods)


def _weight_sentence(
    flip: FlipThreshold, results: Sequence[UseCaseResult], rules: Rules, by_importance: bool = True
) -> Message:
    noun = use_case_noun(rules, flip.use_case)
    current = next(r for r in results if r.id == flip.use_case)
    if not by_importance:  # a consensus of several people's weights: no importance level to name
        how = Message.of("explanation.how.none")
    elif flip.importance is not None:
        how = Message.of(
            "explanation.how.importance", new=Number(flip.importance, "count"), current=Number(current.importance, "count")
        )
    else:
        how = Message.of("explanation.how.unreachable")
    new = recommendation_words(flip.new_recommendation, rules)
    now = Number(flip.current_weight, "weight")
    if weights_look_equal(flip.weight, flip.current_weight):  # on the edge: no distance worth printing
        move = "rise" if flip.direction == "increase" else "fall"
        return Message.of(f"explanation.edge.{move}", use_case=noun, current=now, how=how, new=new)
    verb = "raise" if flip.direction == "increase" else "lower"
    return Message.of(
        f"explanation.change.{verb}", use_case=noun, current=now, weight=Number(flip.weight, "weight"), how=how, new=new
    )


def _rating_sentence(flip: RatingFlip, rules: Rules) -> Message:
    return Message.of(
        "explanation.change.rating",
        track=track_phrase(rules, flip.track),
        to=DataText(f"rules.scale.labels.{flip.to_label}", flip.to_label),
        was=DataText(f"rules.scale.labels.{flip.from_label}", flip.from_label),
        use_case=use_case_noun(rules, flip.use_case),
        new=recommendation_words(flip.new_recommendation, rules),
    )
