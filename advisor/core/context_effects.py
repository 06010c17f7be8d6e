"""Which context rules fire for a profile and what they change in scoring: factors per rating, vetoed deployment
paths, and the nearest acceptable path when the preferred one is vetoed (a remedy). Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from advisor.core.context_rules import ContextRule, compiled_all
from advisor.core.domain import PATHS
from advisor.core.facts import profile_facts
from advisor.core.profile import Profile
from advisor.core.rules import MEMO_SIZE, TRACKS, Rules, remember


@dataclass(slots=True)
class ContextEffects:
    """The context rules that fired for one profile, and their combined effect on scoring and deployment. Read them,
    never change them (not frozen: one is made per profile, and a frozen dataclass sets each field slowly)."""

    fired: tuple[str, ...]
    factors: dict[str, dict[str, float]]
    vetoed_paths: dict[str, frozenset[str]]
    facts: dict[str, Any]
    """The profile's fields the rules were read against (on the remedy's path, after a remedy)."""
    remedies: Mapping[str, str | None] | None = None
    """The remedy for each preferred path some track may not run on (see `remedy_for`), worked out once with the
    vetoed paths; None: not worked out."""

    def acceptable(self, path: str, track: str) -> bool:
        """Whether `track` may run on deployment `path`."""
        return path not in self.vetoed_paths[track]


def context_effects(profile: Profile, rules: Rules) -> ContextEffects:
    """Fire the context rules on `profile`: factors multiply per cell; use-case and track vetoes are factor 0."""
    tests = _tests(rules)  # holds the use cases and volumes too: a Rules' attribute is slow to read
    return _effects(profile_facts(profile, tests.use_case_ids, tests.no_volume), rules, tests)


def effects_on_path(effects: ContextEffects, path: str, rules: Rules) -> ContextEffects:
    """The effects had the profile preferred deployment `path` (a remedy re-scores on it): the same facts, moved."""
    return _effects({**effects.facts, "context.deployment": path}, rules)


@dataclass(frozen=True, slots=True)
class _Tests:
    """The context rules' conditions as one function of the facts, with the rules' ids in the same order."""

    ids: tuple[str, ...]
    holds: Callable[[dict[str, Any]], tuple[bool, ...]]
    scoring: frozenset[str]
    use_case_ids: tuple[str, ...]
    no_volume: frozenset[str]
    fired: dict[tuple[bool, ...], tuple[tuple[str, ...], _Combined]] = field(default_factory=dict)
    """What each outcome of `holds` fires and combines to: a batch meets the same few outcomes again and again, so
    each is worked out once (a plain dict, cheaper to read than a Memo: at most MEMO_SIZE outcomes, then emptied)."""


def _tests(rules: Rules) -> _Tests:
    table = rules.memos["context tests"]
    found: _Tests | None = table.get(None)
    if found is None:
        items = rules.context_rules.items()
        made = _Tests(
            tuple(rid for rid, _ in items),
            compiled_all([rule.when for _, rule in items]),
            rules.scoring_context_rules,
            rules.use_case_ids,
            rules.no_volume,
        )
        found = remember(table, None, made)
    return found


def _effects(facts: dict[str, Any], rules: Rules, tests: _Tests | None = None) -> ContextEffects:
    if tests is None:
        tests = _tests(rules)
    holds = tests.holds(facts)
    found = tests.fired.get(holds)
    if found is None:
        found = _fired(holds, tests, rules)
    fired, (factors, vetoed, remedies) = found
    return ContextEffects(fired, factors, vetoed, facts, remedies)


_Combined = tuple[dict[str, dict[str, float]], dict[str, frozenset[str]], dict[str, str | None]]


def _fired(holds: tuple[bool, ...], tests: _Tests, rules: Rules) -> tuple[tuple[str, ...], _Combined]:
    """The rules that fire when each holds as `holds` says, and their combined effect; kept in `tests.fired`."""
    fired = tuple(compress(tests.ids, holds))
    scoring = tests.scoring
    found = (fired, _combined(tuple([rid for rid in fired if rid in scoring]), rules))
    table = tests.fired
    if len(table) >= MEMO_SIZE:
        table.clear()  # bounded: a server may meet many outcomes; starting over only costs working them out again
    table[holds] = found
    return found


def _combined(fired: tuple[str, ...], rules: Rules) -> _Combined:
    """The factors, vetoed paths and remedies of the modifiers and vetoes `fired`, in order; the same few sets recur
    in a batch, so each is combined once (the results are shared: read them, never change them)."""
    table = rules.memos["context"]
    found: _Combined | None = table.get(fired)
    if found is not None:
        return found
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
    frozen = {t: frozenset(p) for t, p in vetoed.items()}
    return remember(table, fired, (factors, frozen, _remedies(frozen)))


def _remedies(vetoed: dict[str, frozenset[str]]) -> dict[str, str | None]:
    """The path to re-score on for each path some track may not run on: the nearest one both tracks accept."""
    both = {p for p in PATHS if all(p not in vetoed[t] for t in TRACKS)}
    return {path: nearest_acceptable(path, both) for path in PATHS if path not in both}


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
    if effects.remedies is not None:
        return effects.remedies.get(preferred) if preferred is not None else None
    if preferred not in PATHS or all(effects.acceptable(preferred, t) for t in TRACKS):
        return None
    both = {p for p in PATHS if all(effects.acceptable(p, t) for t in TRACKS)}
    return nearest_acceptable(preferred, both)
