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
from operator import itemgetter, mul, truediv
from typing import Any

from advisor.core.assessment import Basis, BetterFit, Recommendation
from advisor.core.errors import Problem, ProfileError
from advisor.core.frozen import maker_of
from advisor.core.memo import Memo
from advisor.core.messages import Message
from advisor.core.profile import Profile
from advisor.core.rules import MEMO_SIZE, TRACKS, Rules
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


_OUTCOME = maker_of(Outcome)


class Tally:
    """What scoring reads of one `Rules`, as plain values: an attribute of a pydantic model (a class with __getattr__)
    takes the interpreter's slow path, a slot of this object does not, and every assessment reads a dozen of them.

    Made once per rules object by `tally_of`, which keeps it in the rules' __dict__ beside their cached properties and
    makes another for a copy (`model_copy` gives the copy a __dict__ of its own, and may have changed any field)."""

    __slots__ = (
        "columns",
        "dominant",
        "fields",
        "hybrid_min_share",
        "identity",
        "ids",
        "importances",
        "indifference_band",
        "masks",
        "neither_below",
        "values",
        "volume_factors",
        "volumes",
    )

    def __init__(self, rules: Rules) -> None:
        decision = rules.decision
        self.fields: dict[str, Any] = rules.__dict__
        """The __dict__ of the rules it was made from: it holds for those rules only."""
        self.ids = ids = rules.use_case_ids
        # each use case's importance and volume among a profile's facts (see `facts.profile_facts`), in order
        self.importances = itemgetter(*[f"needs.{uid}.importance" for uid in ids]) if len(ids) > 1 else None
        self.volumes = itemgetter(*[f"needs.{uid}.volume" for uid in ids]) if len(ids) > 1 else None
        self.values = rules.values
        self.columns = rules.columns
        self.masks = rules.side_masks
        self.volume_factors = rules.volume_factors
        self.neither_below = decision.neither_below
        self.indifference_band = decision.indifference_band
        self.hybrid_min_share = decision.hybrid_min_share
        self.identity: Any = None
        """The rules' `RulesIdentity`, set by the engine when first asked for."""
        self.dominant: Memo[tuple[str, ...], tuple[str | None]] = Memo(MEMO_SIZE, "dominant track")
        """The dominant track (see `robustness.verdict.dominant_track`) by the use cases weighted."""


def tally_of(rules: Rules) -> Tally:
    """The `Tally` of `rules`, made when first asked for (two threads making it at once make equal ones)."""
    fields = rules.__dict__
    found: Tally | None = fields.get("tally")
    if found is None or found.fields is not fields:  # not made yet, or made for the rules this one was copied from
        fields["tally"] = found = Tally(rules)
    return found


def raw_weight(profile: Profile, use_case: str, rules: Rules) -> float:
    """Importance x volume factor of one use case, before normalisation (0 when left out)."""
    need = profile.needs.get(use_case)
    return need.importance * rules.volume_factors[need.volume] if need else 0.0


def weights(profile: Profile, rules: Rules) -> dict[str, float]:
    """Normalised weight per use case of the rules (0 for a use case the profile leaves out)."""
    return _weights(profile, tally_of(rules))


def facts_weights(profile: Profile, facts: dict[str, Any], tally: Tally) -> dict[str, float]:
    """`weights` read off the profile's facts (`facts.profile_facts`), which hold each need's importance and volume
    already: the same raw weights (a need left out, or at a volume whose factor is 0, has importance 0 there, so its
    raw weight is 0 either way) without a Python loop."""
    importances, volumes = tally.importances, tally.volumes
    if importances is None or volumes is None:  # one use case: itemgetter gives no tuple
        return _weights(profile, tally)
    return _normalised(profile, list(map(mul, importances(facts), map(tally.volume_factors.__getitem__, volumes(facts)))), tally)


def _weights(profile: Profile, tally: Tally) -> dict[str, float]:
    get, factors, ids = profile.needs.get, tally.volume_factors, tally.ids  # raw_weight, inline: every assessment
    # weighs; a need's fields are read from its __dict__ (see `Tally`)
    raw = [(f := n.__dict__)["importance"] * factors[f["volume"]] if (n := get(uid)) else 0.0 for uid in ids]
    return _normalised(profile, raw, tally)


def _normalised(profile: Profile, raw: list[float], tally: Tally) -> dict[str, float]:
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
    return dict(zip(tally.ids, map(truediv, raw, repeat(total))))  # value / total per use case, without a Python loop


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
    return _decided(margin, shares, scores, tally_of(rules))


def _decided(
    margin: float, shares: Mapping[str, float], scores: Mapping[str, float], tally: Tally
) -> tuple[Recommendation, Basis]:
    # max, abs and min spelt out (each builtin call costs more than the comparisons): max(a, b) is b if b > a else a
    llm, generative_ai = scores["llm"], scores["generative_ai"]
    if (generative_ai if generative_ai > llm else llm) < tally.neither_below:  # noqa: FURB136
        return "neither", "low_fit"
    band = tally.indifference_band
    if -band <= margin <= band:
        return "hybrid", "indifference_band"
    llm, generative_ai = shares["llm"], shares["generative_ai"]
    if (generative_ai if generative_ai < llm else llm) >= tally.hybrid_min_share:  # noqa: FURB136
        return "hybrid", "split_need"
    return ("llm" if margin > 0 else "generative_ai"), "clear_margin"


def evaluate(weight: Mapping[str, float], values: Values, rules: Rules) -> Outcome:
    """Fits, margin, shares and decision for the given weights and rating values."""
    tally = tally_of(rules)
    if values is tally.values:  # the usual case: the same products and sums, without a Python loop
        return tally_outcome(weight, tally)
    ids = tally.ids
    scores = {track: math.fsum([weight[u] * values[u][track] for u in ids]) for track in TRACKS}
    margin = scores["llm"] - scores["generative_ai"]
    sides = {u: side(u, values, rules) for u in ids}
    groups = tuple((s, tuple(u for u in ids if sides[u] == s)) for s in SIDES)
    shares: dict[str, float] = {s: math.fsum([weight[u] for u in members]) for s, members in groups}
    return _outcome(margin, shares, scores, tally)


def tally_outcome(weight: Mapping[str, float], tally: Tally) -> Outcome:
    """`evaluate` on the rules' own rating values: the same products and sums, without a Python loop."""
    w = list(map(weight.__getitem__, tally.ids))
    (track, column), (other, other_column) = tally.columns
    scores = {track: math.fsum(map(mul, w, column)), other: math.fsum(map(mul, w, other_column))}
    # fsum is exact: the order of a side's weights is immaterial; one entry per side of SIDES, unrolled
    (side_a, mask_a), (side_b, mask_b), (side_c, mask_c) = tally.masks
    shares = {
        side_a: math.fsum(compress(w, mask_a)),
        side_b: math.fsum(compress(w, mask_b)),
        side_c: math.fsum(compress(w, mask_c)),
    }
    margin = scores["llm"] - scores["generative_ai"]
    return _OUTCOME(*_decided(margin, shares, scores, tally), scores, margin, shares)


def _outcome(margin: float, shares: dict[str, float], scores: dict[str, float], tally: Tally) -> Outcome:
    recommendation, basis = _decided(margin, shares, scores, tally)
    return _OUTCOME(recommendation, basis, scores, margin, shares)
