"""The verdict: how sure the recommendation is, from the tests that need no sampling (indifference band, a dominant
track) or else from how often it held in the Monte Carlo; and whether other aggregation methods lean the same way."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import gt
from typing import Literal

from advisor.core.robustness.rule import difference
from advisor.core.rules import TRACKS, Rules
from advisor.core.scoring import Outcome, tally_of
from advisor.core.types import VERDICTS, Verdict

EVEN_GAP = 1e-12
"""A gap between two fits at most this large is rounding in the sums, not a lead: the fits are even."""


@dataclass(frozen=True, slots=True)
class MethodAgreement:
    """Which track each aggregation method favours, and how many favour the same track as the weighted sum."""

    leanings: dict[str, str]
    agreeing: int

    @property
    def methods(self) -> int:
        """How many methods were compared."""
        return len(self.leanings)


def dominant_track(weight: Mapping[str, float], rules: Rules) -> str | None:
    """The track that wins under every weighting of the stated needs, if one does.

    That holds when the track is ahead by more than the indifference band on every weighted use case: the margin,
    a weighted mean of those differences, then stays outside the band, and the other track wins no share.
    """
    tally = tally_of(rules)
    ids = tally.ids
    support = tuple(compress(ids, map(gt, map(weight.__getitem__, ids), repeat(0))))  # weight[u] > 0, no Python loop
    table = tally.dominant  # it depends on which use cases are weighted, not on their weights
    found: tuple[str | None] | None = table.get(support)
    if found is None:
        found = table.put(support, (_dominant_track(support, rules),))
    return found[0]


def _dominant_track(support: tuple[str, ...], rules: Rules) -> str | None:
    band, floor = rules.decision.indifference_band, rules.decision.neither_below
    differences = [difference(u, rules) for u in support]
    for track, ahead in (
        ("llm", all(d > band for d in differences)),
        ("generative_ai", all(d < -band for d in differences)),
    ):
        if ahead and all(rules.values[u][track] >= floor for u in support):  # no weighting can then give 'neither'
            return track
    return None


def method_agreement(weight: Mapping[str, float], outcome: Outcome, rules: Rules) -> MethodAgreement:
    """The weighted sum against a weighted product and a weakest-link aggregation: which track each favours."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    product = {t: math.prod(rules.values[u][t] ** weight[u] for u in support) for t in TRACKS}
    weakest = {t: min(rules.values[u][t] for u in support) for t in TRACKS}
    leanings = {
        "weighted_sum": _leaning(outcome.scores),
        "weighted_product": _leaning(product),
        "weakest_link": _leaning(weakest),
    }
    agreeing = sum(1 for lean in leanings.values() if lean == leanings["weighted_sum"])
    return MethodAgreement(leanings, agreeing)


def _leaning(fits: Mapping[str, float]) -> str:
    gap = fits["llm"] - fits["generative_ai"]
    if abs(gap) <= EVEN_GAP:
        return "even"
    return "llm" if gap > 0 else "generative_ai"


def settled_verdict(outcome: Outcome, dominance: str | None) -> Verdict | None:
    """The verdict when a test without sampling decides it: inside the band too close, a dominant track robust."""
    if outcome.basis == "indifference_band":
        return "too_close"
    if dominance is not None and dominance == outcome.recommendation:
        return "robust"
    return None


def possible_verdicts(outcome: Outcome, weight: Mapping[str, float], rules: Rules) -> tuple[Verdict, ...]:
    """The verdicts an unanalysed recommendation may have: the settled one, or any of them."""
    if outcome.basis != "indifference_band" and outcome.recommendation not in TRACKS:
        return VERDICTS  # no dominant track is ever 'hybrid' or 'neither': nothing settles it
    settled = settled_verdict(outcome, dominant_track(weight, rules))
    return (settled,) if settled is not None else VERDICTS


def decided_by(outcome: Outcome, dominance: str | None) -> Literal["band", "dominance", "probability"]:
    """Which test gave the verdict: the indifference band, a dominant track, or the Monte Carlo probability."""
    settled = settled_verdict(outcome, dominance)
    return "band" if settled == "too_close" else "dominance" if settled == "robust" else "probability"


def verdict_for(outcome: Outcome, p_outcome: Mapping[str, float], dominance: str | None, rules: Rules) -> Verdict:
    """robust, moderate, fragile or too_close, from how often the recommendation survives uncertain weights."""
    settled = settled_verdict(outcome, dominance)
    if settled is not None:
        return settled
    p_same = p_outcome[outcome.recommendation]
    limits = rules.robustness.verdict
    if p_same >= limits.robust_min_p:
        return "robust"
    if p_same >= limits.moderate_min_p:
        return "moderate"
    if p_same >= limits.fragile_min_p:
        return "fragile"
    return "too_close"
