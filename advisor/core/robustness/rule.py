"""The decision rule of `scoring.decide` for many weightings and rating matrices at once, the arithmetic of the Monte
Carlo.

Every test of `decide` compares a weighted mean with a threshold, so with weights w = g / sum g it is a sign test of
a linear form in g: `w . x >= t` is `g . (x - t) >= 0`. The forms are worked out from the ratings (`decision_forms`),
one matrix product gives them at every point, and `decide_many` reads the recommendation from their signs, in the
order `decide` applies its rules: 'neither' when both fits are below the floor, else 'hybrid' inside the band or on a
split need, else the side of the margin. The points' weights need not sum to 1 (the forms are homogeneous), which
spares normalising them; the rule is then exact up to the rounding of the sums (tests/test_decide_many.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from advisor.core.rules import Rules
from advisor.core.types import Recommendation

if TYPE_CHECKING:
    import numpy as np

OUTCOMES: tuple[Recommendation, ...] = ("llm", "generative_ai", "hybrid", "neither")
"""The recommendations, in the order of the codes `decide_many` returns."""

FORMS = 7
"""Columns of `decision_forms`: the margin against +band, -band and 0; each track's share against hybrid_min_share;
each fit against neither_below."""


def outcomes(rules: Rules) -> tuple[Recommendation, ...]:
    """The recommendations the rules can give: 'neither' only when they set a neither_below threshold."""
    return OUTCOMES if rules.decision.neither_below > 0 else OUTCOMES[:3]


def difference(use_case: str, rules: Rules, values: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """Rating value of the LLM minus that of generative AI on one use case."""
    row = (values or rules.values)[use_case]
    return row["llm"] - row["generative_ai"]


def rating_matrix(use_cases: list[str], rules: Rules) -> np.ndarray:
    """The rules' rating values of `use_cases`, one row each, the tracks (LLM, generative AI) as columns."""
    import numpy as np  # loaded by the Monte Carlo only

    values = rules.values
    return np.array([(values[u]["llm"], values[u]["generative_ai"]) for u in use_cases])


def decision_forms(ratings: np.ndarray, rules: Rules) -> np.ndarray:
    """The decision's edges as linear forms in unnormalised weights, one column per edge (see `FORMS`).

    `ratings` has the use cases on its last axis but one and the tracks (LLM, generative AI) on its last; the forms
    have the same leading axes. A use case's side is `scoring.better_fit` of its two values."""
    import numpy as np  # loaded by the Monte Carlo only

    decision = rules.decision
    band, share, floor = decision.indifference_band, decision.hybrid_min_share, decision.neither_below
    llm, generative_ai = ratings[..., 0], ratings[..., 1]
    d = llm - generative_ai
    even = (d == 0) | (np.abs(d) < decision.clear_win_min_difference)
    forms = np.empty((*ratings.shape[:-1], FORMS))
    forms[..., 0] = d - band
    forms[..., 1] = d + band
    forms[..., 2] = d
    forms[..., 3] = (~even & (d > 0)) - share
    forms[..., 4] = (~even & ~(d > 0)) - share
    forms[..., 5] = llm - floor
    forms[..., 6] = generative_ai - floor
    return forms


def decide_many(ratings: np.ndarray, weights: np.ndarray, rules: Rules) -> np.ndarray:
    """The recommendation at each point, as an index into OUTCOMES: `scoring.evaluate`'s decision of every point.

    `ratings`: the rating values, (use cases, tracks) for all points or (points, use cases, tracks) for one matrix
    per point, or any shape that broadcasts to it. `weights`: (points, use cases), each row non-negative with a
    positive sum (normalised or not)."""
    import numpy as np  # loaded by the Monte Carlo only

    neither, hybrid, llm = _tests(_edge_values(weights, decision_forms(ratings, rules)))
    code = np.where(llm, 0, 1).astype(np.int8)
    code[hybrid] = 2
    if neither is not None:
        code[neither] = 3
    return code


def outcome_counts(weights: np.ndarray, forms: np.ndarray) -> tuple[int, int, int, int]:
    """How many rows of `weights` give each outcome (in the order of OUTCOMES), from the `decision_forms`: what
    `decide_many` gives, counted without listing it."""
    import numpy as np  # loaded by the Monte Carlo only

    neither, hybrid, llm = _tests(_edge_values(weights, forms))
    counts = [int(np.count_nonzero(llm)), 0, int(np.count_nonzero(hybrid)), 0]
    if neither is not None:
        counts[3] = int(np.count_nonzero(neither))
    counts[1] = len(hybrid) - counts[0] - counts[2] - counts[3]
    return counts[0], counts[1], counts[2], counts[3]


def _edge_values(weights: np.ndarray, forms: np.ndarray) -> np.ndarray:
    """Each form at each weighting; the 'neither' columns only when a rating is below the floor (else no weighting
    can bring a fit below it)."""
    import numpy as np  # loaded by the Monte Carlo only

    if not np.any(forms[..., 5:] < 0):
        forms = forms[..., :5]
    if forms.ndim == 2:
        return weights @ forms  # type: ignore[no-any-return]
    return (weights[..., None, :] @ forms)[..., 0, :]  # type: ignore[no-any-return]


def _tests(values: np.ndarray) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Per weighting, from the signs of the forms: is it 'neither' (None when no row can be), 'hybrid', 'llm'."""
    hybrid = ((values[:, 0] <= 0) & (values[:, 1] >= 0)) | ((values[:, 3] >= 0) & (values[:, 4] >= 0))
    if values.shape[1] < FORMS:
        return None, hybrid, (values[:, 2] > 0) & ~hybrid
    neither = (values[:, 5] < 0) & (values[:, 6] < 0)
    hybrid &= ~neither
    return neither, hybrid, (values[:, 2] > 0) & ~hybrid & ~neither
