"""The arithmetic of the score, shared by the engine and the robustness analysis.

weight(u)         = importance(u) * volume_factor(u), normalised to sum 1
contribution(u, t) = weight(u) * value(rating(u, t))
fit(t)            = sum of the contributions of t      (in [0, 1]; no normalisation across tracks)
value(u, t)       = the rating's value on the scale, times any context modifier (see advisor.core.context)
margin            = fit(llm) - fit(generative_ai)        (positive favours the LLM)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import mul, truediv

from advisor.core.assessment import Basis, BetterFit, Recommendation, twin_of
from advisor.core.errors import Problem, ProfileError
from advisor.core.messages import Message
from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules
from advisor.core.types import SIDES

Values = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a set of weights and rating values add up to."""

    recommendation: Recommendation
    basis: Basis
    scores: dict[str, float]
    margin: float
    shares: dict[str, float]


_OUTCOME = twin_of(Outcome)


def raw_weight(profile: Profile, use_case: str, rules: Rules) -> float:
    """Importance x volume factor of one use case, before normalisation (0 when left out)."""
    need = profile.needs.get(use_case)
    return need.importance * rules.volume_factors[need.volume] if need else 0.0


def weights(profile: Profile, rules: Rules) -> dict[str, float]:
    """Normalised weight per use case of the rules (0 for a use case the profile leaves out)."""
    get, factors, ids = profile.needs.get, rules.volume_factors, rules.use_case_ids  # raw_weight, inline: every
    raw = [n.importance * factors[n.volume] if (n := get(uid)) else 0.0 for uid in ids]  # assessment weighs
    total = math.fsum(raw)
    if total <= 0:
        raise ProfileError(
            profile.id or "profile",
            Problem(
                "needs",
                Message.of("problem.scoring.needs.none"),
                code="profile.needs.none",
            ),
        )
    return dict(zip(ids, map(truediv, raw, repeat(total))))  # value / total per use case, without a Python loop


def better_fit(value_llm: float, value_generative_ai: float, rules: Rules) -> BetterFit:
    """Which track a use case's ratings favour; 'even' when they differ by less than the clear-win difference."""
    difference = value_llm - value_generative_ai
    if difference == 0 or abs(difference) < rules.decision.clear_win_min_difference:
        return "even"
    return "llm" if difference > 0 else "generative_ai"


def side(use_case: str, values: Values, rules: Rules) -> BetterFit:
    """The better fit of one use case under the given rating values."""
    if values is rules.values:
        return rules.sides[use_case]  # type: ignore[return-value]
    row = values[use_case]
    return better_fit(row["llm"], row["generative_ai"], rules)


def decide(
    margin: float, shares: Mapping[str, float], scores: Mapping[str, float], rules: Rules
) -> tuple[Recommendation, Basis]:
    """The recommendation and the rule that gave it: low fit, indifference band, split need, or a clear margin."""
    decision = rules.decision
    if max(scores["llm"], scores["generative_ai"]) < decision.neither_below:
        return "neither", "low_fit"
    if abs(margin) <= decision.indifference_band:
        return "hybrid", "indifference_band"
    if min(shares["llm"], shares["generative_ai"]) >= decision.hybrid_min_share:
        return "hybrid", "split_need"
    return ("llm" if margin > 0 else "generative_ai"), "clear_margin"


def evaluate(weight: Mapping[str, float], values: Values, rules: Rules) -> Outcome:
    """Fits, margin, shares and decision for the given weights and rating values."""
    ids = rules.use_case_ids
    if values is rules.values:  # the usual case: the same products and sums, without a Python loop
        w = list(map(weight.__getitem__, ids))
        (track, column), (other, other_column) = rules.columns
        scores = {track: math.fsum(map(mul, w, column)), other: math.fsum(map(mul, w, other_column))}
        margin = scores["llm"] - scores["generative_ai"]
        # fsum is exact: the order of a side's weights is immaterial
        shares = {s: math.fsum(compress(w, mask)) for s, mask in rules.side_masks}
    else:
        scores = {track: math.fsum([weight[u] * values[u][track] for u in ids]) for track in TRACKS}
        margin = scores["llm"] - scores["generative_ai"]
        sides = {u: side(u, values, rules) for u in ids}
        groups = tuple((s, tuple(u for u in ids if sides[u] == s)) for s in SIDES)
        shares = {s: math.fsum([weight[u] for u in members]) for s, members in groups}
    recommendation, basis = decide(margin, shares, scores, rules)
    made = _OUTCOME(recommendation, basis, scores, margin, shares)
    made.__class__ = Outcome  # made as `twin_of` says: one per profile
    outcome: Outcome = made
    return outcome
