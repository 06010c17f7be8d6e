"""Which context rules fire for a profile and what they change in scoring: factors per rating, vetoed deployment
paths, and the nearest acceptable path when the preferred one is vetoed (a remedy). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.core.context_rules import ContextRule
from advisor.core.domain import PATHS
from advisor.core.facts import profile_facts
from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules, remember


@dataclass(frozen=True, slots=True)
class ContextEffects:
    """The context rules that fired for one profile, and their combined effect on scoring and deployment."""

    fired: tuple[str, ...]
    factors: dict[str, dict[str, float]]
    vetoed_paths: dict[str, frozenset[str]]
    facts: dict[str, Any]
    """The profile's fields the rules were read against (on the remedy's path, after a remedy)."""

    def acceptable(self, path: str, track: str) -> bool:
        """Whether `track` may run on deployment `path`."""
        return path not in self.vetoed_paths[track]


def context_effects(profile: Profile, rules: Rules) -> ContextEffects:
    """Fire the context rules on `profile`: factors multiply per cell; use-case and track vetoes are factor 0."""
    return _effects(profile_facts(profile, rules.use_case_ids, rules.no_volume), rules)


def effects_on_path(effects: ContextEffects, path: str, rules: Rules) -> ContextEffects:
    """The effects had the profile preferred deployment `path` (a remedy re-scores on it): the same facts, moved."""
    return _effects({**effects.facts, "context.deployment": path}, rules)


def _effects(facts: dict[str, Any], rules: Rules) -> ContextEffects:
    fired = tuple([rid for rid, test in rules.context_tests if test(facts)])
    scoring = rules.scoring_context_rules
    factors, vetoed = _combined(tuple([rid for rid in fired if rid in scoring]), rules)
    return ContextEffects(fired, factors, vetoed, facts)


def _combined(fired: tuple[str, ...], rules: Rules) -> tuple[dict[str, dict[str, float]], dict[str, frozenset[str]]]:
    """The factors and vetoed paths of the modifiers and vetoes `fired`, in order; the same few sets recur in a
    batch, so each is combined once (the results are shared: read them, never change them)."""
    table = rules.memos["context"]
    found = table.get(fired)
    if found is not None:
        return found  # type: ignore[no-any-return]
    factors: dict[str, dict[str, float]] = {}
    vetoed: dict[str, set[str]] = {t: set() for t in TRACKS}
    for rid in fired:
        rule = rules.context_rules[rid]
        for track, use_case, factor in changed_cells(rule, rules):
            row = factors.setdefault(use_case, {})
            row[track] = row.get(track, 1.0) * factor
        veto = rule.veto
        if veto is not None and veto.deployment is not None:
            for track in veto.tracks or TRACKS:
                vetoed[track].update(veto.deployment)
    return remember(table, fired, (factors, {t: frozenset(p) for t, p in vetoed.items()}))


def changed_cells(rule: ContextRule, rules: Rules) -> list[tuple[str, str, float]]:
    """(track, use case, factor) for every rating a modifier or a use-case / track veto changes."""
    if rule.modifier is not None:
        return [(t, u, f) for t, row in rule.modifier.factors.items() for u, f in row.items()]
    veto = rule.veto
    if veto is None or veto.kind not in ("use_case", "track"):
        return []
    use_cases = veto.use_cases or list(rules.use_case_ids)
    return [(t, u, 0.0) for t in veto.tracks or TRACKS for u in use_cases]


def nearest_acceptable(path: str, acceptable: set[str] | frozenset[str]) -> str | None:
    """The acceptable path fewest steps from `path` in the order of PATHS; on a tie the more self-managed one."""
    here = PATHS.index(path)
    return min(acceptable, key=lambda p: (abs(PATHS.index(p) - here), -PATHS.index(p)), default=None)


def remedy_for(profile: Profile, effects: ContextEffects) -> str | None:
    """The path to re-score on when the preferred path is vetoed for a track: the nearest one both tracks accept."""
    preferred = profile.context.deployment
    if preferred not in PATHS or all(effects.acceptable(preferred, t) for t in TRACKS):
        return None
    both = {p for p in PATHS if all(effects.acceptable(p, t) for t in TRACKS)}
    return nearest_acceptable(preferred, both)
