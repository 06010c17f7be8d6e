"""How sure is the recommendation: weight-flip thresholds, rating flips, Monte Carlo, dominance, method agreement.

Pure and deterministic: the Monte Carlo draws use the seed from the rules. One module per job: `flips` (what would
change the answer), `rule` (the decision rule on many weightings at once), `lattice` (the quasi-random Dirichlet
points), `montecarlo` (how often each answer comes out), `verdict` (how sure, and do other methods agree) and
`analysis` (the report that gathers them). The names other modules use are exported here.
"""

from advisor.core.robustness.analysis import Estimate, RobustnessReport, analyse, estimate
from advisor.core.robustness.flips import FlipThreshold, RatingFlip, flip_thresholds, rating_flips, reweighted
from advisor.core.robustness.montecarlo import drawn_outcomes, monte_carlo, unanimous_track
from advisor.core.robustness.rule import OUTCOMES, decide_many, decision_forms, difference, outcomes
from advisor.core.robustness.verdict import (
    EVEN_GAP,
    MethodAgreement,
    decided_by,
    dominant_track,
    method_agreement,
    possible_verdicts,
    settled_verdict,
    verdict_for,
)

__all__ = [
    "EVEN_GAP",
    "OUTCOMES",
    "Estimate",
    "FlipThreshold",
    "MethodAgreement",
    "RatingFlip",
    "RobustnessReport",
    "analyse",
    "decide_many",
    "decided_by",
    "decision_forms",
    "difference",
    "dominant_track",
    "drawn_outcomes",
    "estimate",
    "flip_thresholds",
    "method_agreement",
    "monte_carlo",
    "outcomes",
    "possible_verdicts",
    "rating_flips",
    "reweighted",
    "settled_verdict",
    "unanimous_track",
    "verdict_for",
]
