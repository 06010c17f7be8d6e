"""The context of application: which context rules fire for a profile, what they change, and what follows from it.

Pure. `context_effects` reads the rules against the profile (modifier factors, vetoes, obligations, flags);
`remedy_for` finds the nearest acceptable deployment path when the preferred one is vetoed; `context_report` adds the
suggested deployment path per recommended track and the readiness ring once the recommendation is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.core.context_rules import NOT_ASSESSED, PATHS, SKILLS, ContextRule, RingRule
from advisor.core.facts import profile_facts
from advisor.core.headline import join_words
from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules, remember
from advisor.core.types import GOVERNANCE_BASICS, RINGS

RINGS_BY_ORDER = tuple(reversed(RINGS))  # hold, assess, trial, adopt: from the most cautious

RECOMMENDED_TRACKS: dict[str, tuple[str, ...]] = {
    "llm": ("llm",),
    "generative_ai": ("generative_ai",),
    "hybrid": TRACKS,
    "neither": (),
}


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


@dataclass(frozen=True, slots=True)
class Remedy:
    """The preferred deployment path was vetoed; the profile was re-scored on the nearest acceptable one."""

    preferred: str
    path: str
    vetoed_by: tuple[str, ...]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """The remedy entry of assessment JSON v1."""
        return {"from": self.preferred, "to": self.path, "vetoed_by": list(self.vetoed_by), "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class ContextReport:
    """What the context of application adds to an assessment (assessment JSON v1, `context`)."""

    modifiers_applied: tuple[dict[str, Any], ...]
    vetoes: tuple[dict[str, Any], ...]
    obligations: tuple[dict[str, Any], ...]
    flags: tuple[dict[str, Any], ...]
    remedy: Remedy | None
    deployment_paths: tuple[dict[str, Any], ...]
    ring: dict[str, Any] | None
    readiness: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `context` entry of assessment JSON v1."""
        return {
            "modifiers_applied": [_copied(m) for m in self.modifiers_applied],
            "vetoes": [_copied(v) for v in self.vetoes],
            "obligations": [_copied(o) for o in self.obligations],
            "flags": [_copied(f) for f in self.flags],
            "remedy": self.remedy.to_dict() if self.remedy else None,
            "deployment_paths": [dict(p) for p in self.deployment_paths],
            "ring": dict(self.ring) if self.ring else None,
            "readiness": dict(self.readiness),
        }


def context_effects(profile: Profile, rules: Rules) -> ContextEffects:
    """Fire the context rules on `profile`: factors multiply per cell; use-case and track vetoes are factor 0."""
    return _effects(profile_facts(profile, rules.use_case_ids, rules.no_volume), rules)


def effects_on_path(effects: ContextEffects, path: str, rules: Rules) -> ContextEffects:
    """The effects had the profile preferred deployment `path` (a remedy re-scores on it): the same facts, moved."""
    return _effects({**effects.facts, "context.deployment": path}, rules)


def _effects(facts: dict[str, Any], rules: Rules) -> ContextEffects:
    fired = tuple(rid for rid, test in rules.context_tests if test(facts))
    scoring = rules.scoring_context_rules
    factors, vetoed = _combined(tuple(rid for rid in fired if rid in scoring), rules)
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
        for track, use_case, factor in _cells(rule, rules):
            row = factors.setdefault(use_case, {})
            row[track] = row.get(track, 1.0) * factor
        veto = rule.veto
        if veto is not None and veto.deployment is not None:
            for track in veto.tracks or TRACKS:
                vetoed[track].update(veto.deployment)
    return remember(table, fired, (factors, {t: frozenset(p) for t, p in vetoed.items()}))


def _cells(rule: ContextRule, rules: Rules) -> list[tuple[str, str, float]]:
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


def context_report(
    profile: Profile,
    effects: ContextEffects,
    remedy_path: str | None,
    first_effects: ContextEffects | None,
    recommendation: str,
    verdicts: Sequence[str],
    rules: Rules,
) -> ContextReport:
    """Everything the context adds, once the recommendation and the verdicts it may have are known.

    `first_effects` are the effects on the preferred path when a remedy moved the profile to `remedy_path`.
    `verdicts` is the verdict when robustness was analysed; when it was not, every verdict the cheap tests leave
    possible: the ring is placed only if they all give the same ring, else it is marked not assessed.
    """
    fired = [(rid, rules.context_rules[rid]) for rid in effects.fired]
    needs = profile.needs
    entries = _entries(rules)
    modifiers = tuple(
        entry
        for rid, rule in fired
        if rule.modifier is not None
        for entry, u in entries.modifiers[rid]
        if u in needs and needs[u].importance > 0  # on a use case not needed a factor changes no fit; values show it
    )
    veto_rules = list(fired)
    if first_effects is not None:  # the vetoes that forced the remedy stand, though the re-score moved the path
        known = set(effects.fired)
        veto_rules += [(r, rules.context_rules[r]) for r in first_effects.fired if r not in known]
    vetoes = tuple(entries.vetoes[rid] for rid, rule in veto_rules if rule.veto is not None)
    obligations = tuple(entries.obligations[rid] for rid, rule in fired if rule.obligation)
    flags = tuple(entries.flags[rid] for rid, rule in fired if rule.flag)
    remedy = None
    if remedy_path is not None and first_effects is not None and rules.deployment is not None:
        preferred = profile.context.deployment
        blocking = tuple(v["rule"] for v in vetoes if v["kind"] == "deployment" and preferred in v["deployment"])
        remedy = Remedy(
            preferred, remedy_path, blocking, _remedy_sentence(recommendation, preferred, remedy_path, rules)
        )
    practice_vetoed = any(v["kind"] == "practice" for v in vetoes)
    paths = () if practice_vetoed else _deployment_paths(profile, effects, remedy_path, recommendation, rules)
    governance = profile.context.governance
    gaps = [p["skills_gap"] for p in paths]
    skills_gap = True if True in gaps else (None if None in gaps else False)
    unstated = [
        name
        for name, known in (("governance", governance is not None), ("ai_skills", skills_gap is not None))
        if not known
    ]
    readiness = {
        "ai_skills": profile.context.ai_skills,
        "skills_gap": skills_gap,
        "governance_stated": governance is not None,
        "governance_in_place": list(governance or []),
        "governance_missing": [g for g in GOVERNANCE_BASICS if g not in governance] if governance is not None else [],
        "unstated": unstated,
    }
    derived = {
        "recommendation": recommendation,
        "readiness.governance": len(governance) if governance is not None else None,
        "readiness.skills_gap": skills_gap,
        "readiness.unstated": len(unstated),
        "vetoes.practice": sum(1 for v in vetoes if v["kind"] == "practice"),
        "flags.high": sum(1 for f in flags if f["severity"] == "high"),
    }
    ring = _ring(effects.facts, derived, verdicts, unstated, rules)
    return ContextReport(modifiers, vetoes, obligations, flags, remedy, paths, ring, readiness)


@dataclass(frozen=True, slots=True)
class _Entries:
    """Each context rule's entries of assessment JSON v1, built once per rules: they depend on the rule alone.

    Shared between assessments and never changed: `ContextReport.to_dict` and the report copy what they use.
    """

    modifiers: dict[str, list[tuple[dict[str, Any], str]]]
    vetoes: dict[str, dict[str, Any]]
    obligations: dict[str, dict[str, Any]]
    flags: dict[str, dict[str, Any]]


def _copied(entry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a shared entry, its lists included, that the caller may change freely."""
    return {key: list(value) if isinstance(value, list) else value for key, value in entry.items()}


def _entries(rules: Rules) -> _Entries:
    table = rules.memos["entries"]
    found = table.get(None)
    if found is None:
        items = rules.context_rules.items()
        found = _Entries(
            modifiers={
                rid: [(_entry(rid, rule, track=t, use_case=u, factor=f), u) for t, u, f in _cells(rule, rules)]
                for rid, rule in items
                if rule.modifier is not None
            },
            vetoes={rid: _veto_entry(rid, rule) for rid, rule in items if rule.veto is not None},
            obligations={rid: _entry(rid, rule, text=rule.obligation) for rid, rule in items if rule.obligation},
            flags={
                rid: _entry(rid, rule, severity=rule.flag.severity, text=rule.flag.text)
                for rid, rule in items
                if rule.flag
            },
        )
        table[None] = found
    return found


def _entry(rid: str, rule: ContextRule, **details: Any) -> dict[str, Any]:
    return {"rule": rid, "title": rule.title, **details, "rationale": rule.rationale, "source": rule.source}


def _veto_entry(rid: str, rule: ContextRule) -> dict[str, Any]:
    veto = rule.veto
    assert veto is not None
    details: dict[str, Any] = {"kind": veto.kind}
    if veto.kind == "practice":
        details["practice"] = veto.practice
    else:
        details["tracks"] = list(veto.tracks or TRACKS)
        if veto.deployment is not None:
            details["deployment"] = list(veto.deployment)
        if veto.use_cases is not None:
            details["use_cases"] = list(veto.use_cases)
    return _entry(rid, rule, **details)


def _remedy_sentence(recommendation: str, preferred: str, path: str, rules: Rules) -> str:
    assert rules.deployment is not None
    paths = rules.deployment.paths
    tracks = RECOMMENDED_TRACKS[recommendation]
    if not tracks:
        return f"Any use would have to run on {paths[path].phrase} rather than {paths[preferred].phrase}."
    subject = "Both" if len(tracks) == 2 else rules.tracks[tracks[0]].phrase
    verb = "they run" if len(tracks) == 2 else "it runs"
    return f"{subject[:1].upper()}{subject[1:]}, provided {verb} on {paths[path].phrase} rather than {paths[preferred].phrase}."


def _deployment_paths(
    profile: Profile, effects: ContextEffects, remedy_path: str | None, recommendation: str, rules: Rules
) -> tuple[dict[str, Any], ...]:
    deployment = rules.deployment
    if deployment is None:
        return ()
    preferred = profile.context.deployment
    if remedy_path is not None:
        start, basis = remedy_path, "remedy"
    elif preferred in PATHS:
        start, basis = preferred, "preference"
    elif profile.context.ai_skills is not None:
        start, basis = deployment.by_skills[profile.context.ai_skills], "skills"
    else:  # nothing says which path suits: the one that needs the fewest skills
        start, basis = PATHS[0], "fewest_skills"
    out: list[dict[str, Any]] = []
    for track in RECOMMENDED_TRACKS[recommendation]:
        path: str | None = start
        why = basis
        if not effects.acceptable(start, track):
            path, why = nearest_acceptable(start, {p for p in PATHS if effects.acceptable(p, track)}), "constraints"
        if path is None:
            out.append({"track": track, "path": None, "basis": "none_acceptable", "skills_gap": False, "tools": []})
            continue
        needed = deployment.paths[path].skills
        out.append(
            {
                "track": track,
                "path": path,
                "title": deployment.paths[path].title,
                "basis": why,
                "skills_needed": needed,
                "skills_gap": _skills_gap(needed, profile.context.ai_skills),
                "tools": list(deployment.tools.get(track, {}).get(path, [])),
            }
        )
    return tuple(out)


def _skills_gap(needed: str, have: str | None) -> bool | None:
    """Whether the organisation lacks skills a path needs; None when its skills are unknown and the path needs some."""
    if have is None:
        return None if SKILLS.index(needed) > 0 else False
    return SKILLS.index(needed) > SKILLS.index(have)


def _ring(
    facts: dict[str, Any], derived: dict[str, Any], verdicts: Sequence[str], unstated: list[str], rules: Rules
) -> dict[str, Any] | None:
    """The first ring whose condition holds; not assessed when the possible verdicts would place it differently.

    `facts` are the profile's, `derived` the facts the assessment adds (recommendation, readiness, counts).
    """
    readiness = rules.readiness
    if readiness is None:
        return None
    placed = _placed(facts, derived, verdicts, rules)
    rings = {rule.ring for rule in placed}
    if len(rings) > 1:
        return {
            "ring": NOT_ASSESSED,
            "reason": (
                "The ring depends on how robust the recommendation is, and robustness was not analysed; "
                f"it would be {' or '.join(r.capitalize() for r in RINGS_BY_ORDER if r in rings)}."
            ),
            "meaning": "Analyse robustness to place the ring.",
            "possible": [r for r in RINGS_BY_ORDER if r in rings],
        }
    rule = placed[0]
    words = readiness.unstated
    named = join_words([words.get(name, name.replace("_", " ")) for name in unstated])  # type: ignore[call-overload]
    return {
        "ring": rule.ring,
        "reason": rule.reason.replace("{unstated}", named),
        "meaning": readiness.meaning[rule.ring],
    }


def _placed(
    facts: dict[str, Any], derived: dict[str, Any], verdicts: Sequence[str], rules: Rules
) -> tuple[RingRule, ...]:
    """The first ring for each verdict, decided once per combination of the values the ring conditions read."""
    values = (derived[name] if name in derived else facts.get(name) for name in rules.ring_fields)
    key = (tuple(verdicts), *(tuple(v) if isinstance(v, list) else v for v in values))
    table = rules.memos["rings"]
    found = table.get(key)
    if found is None:
        found = remember(table, key, tuple(_first_rings({**facts, **derived}, verdicts, rules)))
    return found


def _first_rings(facts: dict[str, Any], verdicts: Sequence[str], rules: Rules) -> list[RingRule]:
    """The first ring whose condition holds, for each verdict; a condition that does not read the verdict is tried
    once for all of them. `facts` is the caller's own dict: the verdict is set in it, not copied per verdict."""
    found: dict[str, RingRule] = {}
    pending = list(verdicts)
    for rule, holds, reads_verdict in rules.ring_tests:
        if not reads_verdict:
            if holds(facts):
                found.update(dict.fromkeys(pending, rule))
                pending = []
        else:
            left = []
            for verdict in pending:
                facts["verdict"] = verdict
                if holds(facts):
                    found[verdict] = rule
                else:
                    left.append(verdict)
            pending = left
        if not pending:
            return [found[verdict] for verdict in verdicts]
    raise AssertionError("the last ring has no condition (checked when the rules are read)")  # pragma: no cover
