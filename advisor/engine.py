"""The scoring engine: a weighted sum of fixed rating values, and a decision rule for LLM, generative AI or hybrid.

weight(u)        = importance(u) * volume_factor(u), normalised to sum 1
contribution(u,t)= weight(u) * value(rating(u, t))
fit(t)           = sum of contributions of t          (in [0, 1]; no normalisation across tracks)
margin           = fit(llm) - fit(generative_ai)       (positive favours the LLM)
"""

from __future__ import annotations

import math

from advisor import __version__
from advisor.assessment import Assessment, Basis, BetterFit, Recommendation, RulesIdentity, UseCaseResult
from advisor.errors import Problem, ProfileError
from advisor.headline import write_headline
from advisor.profile import Profile
from advisor.rules import TRACKS, Rules


def weights(profile: Profile, rules: Rules) -> dict[str, float]:
    """Normalised weight per use case of the rules (0 for a use case the profile leaves out)."""
    raw = {}
    for uid in rules.use_case_ids:
        need = profile.needs.get(uid)
        raw[uid] = need.importance * rules.volume_factors[need.volume] if need else 0.0
    total = math.fsum(raw.values())
    if total <= 0:
        raise ProfileError(
            profile.id or "profile",
            Problem("needs", "no content needs given: every use case has importance 0 or volume none"),
        )
    return {uid: value / total for uid, value in raw.items()}


def better_fit(value_llm: float, value_generative_ai: float, rules: Rules) -> BetterFit:
    """Which track a use case's ratings favour, 'even' when they differ by less than the clear-win difference."""
    difference = value_llm - value_generative_ai
    if abs(difference) < rules.decision.clear_win_min_difference or difference == 0:
        return "even"
    return "llm" if difference > 0 else "generative_ai"


def decide(margin: float, shares: dict[str, float], rules: Rules) -> tuple[Recommendation, Basis]:
    """The recommendation and the rule that gave it: indifference band, split need, or a clear margin."""
    decision = rules.decision
    if abs(margin) <= decision.indifference_band:
        return "hybrid", "indifference_band"
    if min(shares["llm"], shares["generative_ai"]) >= decision.hybrid_min_share:
        return "hybrid", "split_need"
    return ("llm" if margin > 0 else "generative_ai"), "clear_margin"


def assess(profile: Profile, rules: Rules) -> Assessment:
    """Score `profile` against `rules`: pure, deterministic, no I/O."""
    weight = weights(profile, rules)
    results = []
    for uid in rules.use_case_ids:
        use_case = rules.use_cases[uid]
        need = profile.needs.get(uid)
        values = rules.values[uid]
        w = weight[uid]
        results.append(
            UseCaseResult(
                id=uid,
                title=use_case.title,
                importance=need.importance if need else 0,
                volume=need.volume if need else "none",
                weight=w,
                ratings={track: use_case.ratings[track].label for track in TRACKS},
                values=dict(values),
                contributions={track: w * values[track] for track in TRACKS},
                better_fit=better_fit(values["llm"], values["generative_ai"], rules),
            )
        )
    scores = {track: math.fsum([r.contributions[track] for r in results]) for track in TRACKS}
    margin = scores["llm"] - scores["generative_ai"]
    shares = {side: math.fsum([r.weight for r in results if r.better_fit == side]) for side in _SIDES}
    recommendation, basis = decide(margin, shares, rules)
    return Assessment(
        profile_id=profile.id,
        organization=profile.organization.model_dump(exclude_none=True),
        recommendation=recommendation,
        basis=basis,
        headline=write_headline(recommendation, basis, scores, results, rules),
        scores=scores,
        margin=margin,
        shares=shares,
        use_cases=tuple(results),
        rules=RulesIdentity(rules.name, rules.version, rules.sha256),
        advisor_version=__version__,
    )


_SIDES = ("llm", "generative_ai", "even")
