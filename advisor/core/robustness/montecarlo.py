"""The Monte Carlo: how often each recommendation comes out when the weights vary around the profile's.

The weights are drawn from Dirichlet(concentration x weight) as the points of a shifted lattice (`lattice`), and each
point is decided by `rule.decide_many`'s arithmetic. With `exact_ratings` (the ratings are the rules' own, the same
at every point) two shortcuts give the same numbers sooner: a profile with one weighted use case, or whose ratings
alone decide every point, is known without drawing, and a result is kept by what determines it. Sampled ratings
(ratings drawn per point) need them off.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.core.memo import Memo
from advisor.core.robustness.lattice import gamma_points
from advisor.core.robustness.rule import (
    OUTCOMES,
    decision_forms,
    difference,
    outcome_counts,
    outcomes,
    rating_matrix,
)
from advisor.core.rules import Rules
from advisor.core.scoring import evaluate

_SLACK = 1e-9  # how far inside its thresholds a certain Monte Carlo outcome must be (see unanimous_track)


def monte_carlo(
    weight: Mapping[str, float], concentration: float, rules: Rules, *, exact_ratings: bool = True
) -> dict[str, float]:
    """Probability of each outcome when the weights are drawn from Dirichlet(concentration x weight).

    `exact_ratings=False` draws every point even when the ratings alone decide it (the same numbers, later)."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    if exact_ratings:
        if len(support) == 1:
            only = evaluate(weight, rules.values, rules).recommendation
            return {outcome: float(outcome == only) for outcome in outcomes(rules)}
        certain = unanimous_track(support, rules)
        if certain is not None:  # every draw would give it: the counts are known without drawing (or importing numpy)
            return {outcome: float(outcome == certain) for outcome in outcomes(rules)}
    return drawn_outcomes(weight, concentration, rules, exact_ratings=exact_ratings)


def drawn_outcomes(
    weight: Mapping[str, float], concentration: float, rules: Rules, *, exact_ratings: bool = True
) -> dict[str, float]:
    """The Monte Carlo itself: the share of the `rules.robustness.samples` lattice points giving each outcome.

    `exact_ratings=False` neither reads nor keeps the rules' decision forms or a result in `RESULTS`."""
    support = [u for u in rules.use_case_ids if weight[u] > 0]
    import numpy as np  # here, not at the top: numpy is a large import, and only the Monte Carlo needs it

    alpha = np.array([weight[u] for u in support]) * concentration
    if exact_ratings:  # the rules' ratings: the same forms for every profile that weights the same use cases
        forms = rules.memos["decision forms"].get_or_make(
            tuple(support), lambda: decision_forms(rating_matrix(support, rules), rules)
        )
    else:
        forms = decision_forms(rating_matrix(support, rules), rules)
    samples, seed = rules.robustness.samples, rules.robustness.seed
    key = (alpha.tobytes(), forms.tobytes(), samples, seed)
    found = RESULTS.get(key) if exact_ratings else None
    if found is None:
        counts = outcome_counts(gamma_points(alpha, samples, seed), forms)
        found = tuple(float(n / samples) for n in counts)
        if exact_ratings:
            RESULTS.put(key, found)
    p = dict(zip(OUTCOMES, found))
    return {outcome: p[outcome] for outcome in outcomes(rules)}


RESULTS: Memo[tuple[bytes, bytes, int, int], tuple[float, ...]] = Memo(4096, "Monte Carlo results")
"""Weight vectors repeat in surveys; the answer depends only on alpha, the decision forms, samples and seed."""


def unanimous_track(support: list[str], rules: Rules) -> str | None:
    """The track that every Dirichlet draw on `support` recommends, when the ratings alone guarantee one.

    Every draw is a convex combination of the use cases' values. When one track is ahead of the other by more than
    the indifference band on every supported use case, the margin stays outside the band; the other track then owns
    no use case, so its share is 0 and the split-need rule (a positive minimum share) cannot fire; and when the track's
    value is above the 'neither' floor everywhere, so is its fit. `_SLACK` keeps every comparison clear of the rounding
    of the sampled weights (their sum is 1 only to a few ulps), so the drawn counts are certain, not merely likely.
    """
    decision = rules.decision
    if decision.hybrid_min_share <= 0:
        return None
    differences = [difference(u, rules) for u in support]
    for track, lead in (("llm", min(differences)), ("generative_ai", -max(differences))):
        floor_gap = min(rules.values[u][track] for u in support) - decision.neither_below
        if lead - decision.indifference_band > _SLACK and floor_gap > _SLACK:
            return track
    return None
