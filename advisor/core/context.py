"""What the context of application adds to an assessment, once the recommendation is known. Pure.

The parts live in their own modules: `context_effects` (which rules fire, their factors and vetoes, the remedy path),
`deployment` (the suggested path per track and the remedy), `ring` (the readiness ring). `context_report` gathers
them with the rules' entries that hold (modifiers applied, vetoes, obligations, flags) and the readiness facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from advisor.core.context_effects import (
    ContextEffects,
    changed_cells,
    context_effects,
    effects_on_path,
    nearest_acceptable,
    remedy_for,
)
from advisor.core.context_rules import ContextRule, FieldCondition
from advisor.core.deployment import RECOMMENDED_TRACKS, Remedy, SuggestedPath, remedy, suggested_paths
from advisor.core.law import DutyEntry
from advisor.core.messages import DataText, Message, Words
from advisor.core.need import NeedSize
from advisor.core.profile import Profile
from advisor.core.ring import RINGS_BY_ORDER, RingPlacement, place_ring
from advisor.core.rules import TRACKS, Rules
from advisor.core.types import GOVERNANCE_BASICS


@dataclass(frozen=True, slots=True)
class AppliedModifier:
    """A context rule that lowered one rating (`factor`) of one track on one use case the profile needs."""

    rule: str
    title: DataText
    track: str
    use_case: str
    factor: float
    rationale: DataText
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The modifiers_applied entry of assessment JSON v1."""
        return {
            "rule": self.rule,
            "title": self.title,
            "track": self.track,
            "use_case": self.use_case,
            "factor": self.factor,
            "rationale": self.rationale,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ImposedVeto:
    """A context rule that makes something unacceptable: deployment paths, use cases or tracks, or a practice."""

    rule: str
    title: DataText
    kind: str
    """'deployment', 'use_case', 'track' or 'practice'."""
    rationale: DataText
    source: str
    tracks: tuple[str, ...] = ()
    deployment: tuple[str, ...] | None = None
    use_cases: tuple[str, ...] | None = None
    practice: DataText | Message | None = None
    named: Words | None = None
    """For a practice veto: the practices the profile stated that make it, in the rules' `facts` words with their law
    ('emotion recognition at work or in education (EU AI Act Art. 5(1)(f))')."""

    def to_dict(self) -> dict[str, Any]:
        """The vetoes entry of assessment JSON v1 (a practice veto names no tracks)."""
        data: dict[str, Any] = {"rule": self.rule, "title": self.title, "kind": self.kind}
        if self.kind == "practice":
            data["practice"] = self.practice
        else:
            data["tracks"] = list(self.tracks)
            if self.deployment is not None:
                data["deployment"] = list(self.deployment)
            if self.use_cases is not None:
                data["use_cases"] = list(self.use_cases)
        data["rationale"] = self.rationale
        data["source"] = self.source
        return data


@dataclass(frozen=True, slots=True)
class Obligation:
    """Something the organisation must do, from a context rule that holds."""

    rule: str
    title: DataText
    text: DataText
    rationale: DataText
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The obligations entry of assessment JSON v1."""
        return {
            "rule": self.rule,
            "title": self.title,
            "text": self.text,
            "rationale": self.rationale,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class RiskFlag:
    """A risk to mention, with its severity, from a context rule that holds."""

    rule: str
    title: DataText
    severity: str
    text: DataText
    rationale: DataText
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The flags entry of assessment JSON v1."""
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "text": self.text,
            "rationale": self.rationale,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ReadinessFacts:
    """What the profile says of the organisation's readiness: skills (and a gap for the suggested paths), governance."""

    ai_skills: str | None
    skills_gap: bool | None
    governance_stated: bool
    governance_in_place: tuple[str, ...]
    governance_missing: tuple[str, ...]
    unstated: tuple[str, ...]
    """The readiness facts the profile left out: 'governance', 'ai_skills'."""

    def to_dict(self) -> dict[str, Any]:
        """The readiness entry of assessment JSON v1."""
        return {
            "ai_skills": self.ai_skills,
            "skills_gap": self.skills_gap,
            "governance_stated": self.governance_stated,
            "governance_in_place": list(self.governance_in_place),
            "governance_missing": list(self.governance_missing),
            "unstated": list(self.unstated),
        }


@dataclass(frozen=True, slots=True)
class ContextReport:
    """What the context of application adds to an assessment (assessment JSON v1, `context`)."""

    modifiers_applied: tuple[AppliedModifier, ...]
    vetoes: tuple[ImposedVeto, ...]
    obligations: tuple[Obligation | DutyEntry, ...]
    flags: tuple[RiskFlag, ...]
    remedy: Remedy | None
    deployment_paths: tuple[SuggestedPath, ...]
    ring: RingPlacement | None
    readiness: ReadinessFacts | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `context` entry of assessment JSON v1."""
        return {
            "modifiers_applied": [m.to_dict() for m in self.modifiers_applied],
            "vetoes": [v.to_dict() for v in self.vetoes],
            "obligations": [o.to_dict() for o in self.obligations],
            "flags": [f.to_dict() for f in self.flags],
            "remedy": self.remedy.to_dict() if self.remedy else None,
            "deployment_paths": [p.to_dict() for p in self.deployment_paths],
            "ring": self.ring.to_dict() if self.ring else None,
            "readiness": self.readiness.to_dict() if self.readiness is not None else {},
        }


def context_report(
    profile: Profile,
    effects: ContextEffects,
    remedy_path: str | None,
    first_effects: ContextEffects | None,
    recommendation: str,
    verdicts: Sequence[str],
    rules: Rules,
    duties: tuple[DutyEntry, ...] = (),
    need: NeedSize | None = None,
) -> ContextReport:
    """Everything the context adds, once the recommendation and the verdicts it may have are known.

    `first_effects` are the effects on the preferred path when a remedy moved the profile to `remedy_path`.
    `verdicts` is the verdict when robustness was analysed; when it was not, every verdict the cheap tests leave
    possible: the ring is placed only if they all give the same ring, else it is marked not assessed. `duties` (the
    duties stage's part) follow the context rules' obligations.
    """
    fired = [(rid, rules.context_rules[rid]) for rid in effects.fired]
    needs = profile.needs
    entries = _entries(rules)
    modifiers = tuple(
        [
            entry
            for rid, rule in fired
            if rule.modifier is not None
            for entry in entries.modifiers[rid]
            if entry.use_case in needs and needs[entry.use_case].importance > 0  # a factor on a use case not needed changes no fit
        ]
    )
    veto_rules = list(fired)
    if first_effects is not None:  # the vetoes that forced the remedy stand, though the re-score moved the path
        known = set(effects.fired)
        veto_rules += [(r, rules.context_rules[r]) for r in first_effects.fired if r not in known]
    vetoes = tuple(
        [_named(entries.vetoes[rid], rule, effects.facts, rules) for rid, rule in veto_rules if rule.veto is not None]
    )
    obligations: tuple[Obligation | DutyEntry, ...] = (
        *(entries.obligations[rid] for rid, rule in fired if rule.obligation),
        *duties,
    )
    flags = tuple([entries.flags[rid] for rid, rule in fired if rule.flag])
    found_remedy = None
    if remedy_path is not None and first_effects is not None and rules.deployment is not None:
        preferred = profile.context.deployment
        blocking = tuple(
            v.rule for v in vetoes if v.kind == "deployment" and v.deployment is not None and preferred in v.deployment
        )
        found_remedy = remedy(recommendation, preferred, remedy_path, blocking, rules)
    practice_vetoed = any(v.kind == "practice" for v in vetoes)
    tools_need = frozenset([f for duty in duties for f in rules.duties[duty.rule].tools_need]) if duties else frozenset()
    paths = () if practice_vetoed else suggested_paths(profile, effects, remedy_path, recommendation, rules, tools_need)
    governance = profile.context.governance
    gaps = [p.skills_gap for p in paths]
    skills_gap = True if True in gaps else (None if None in gaps else False)
    unstated = [
        name
        for name, known in (("governance", governance is not None), ("ai_skills", skills_gap is not None))
        if not known
    ]
    readiness = ReadinessFacts(
        ai_skills=profile.context.ai_skills,
        skills_gap=skills_gap,
        governance_stated=governance is not None,
        governance_in_place=tuple(governance or []),
        governance_missing=tuple(g for g in GOVERNANCE_BASICS if g not in governance) if governance is not None else (),
        unstated=tuple(unstated),
    )
    derived = {
        "recommendation": recommendation,
        "readiness.governance": len(governance) if governance is not None else None,
        "readiness.skills_gap": skills_gap,
        "readiness.unstated": len(unstated),
        "need.size": need.size if need is not None else None,
        "vetoes.practice": sum(1 for v in vetoes if v.kind == "practice"),
        "flags.high": sum(1 for f in flags if f.severity == "high"),
    }
    practices = tuple(v.named for v in vetoes if v.kind == "practice" and v.named is not None)
    ring = place_ring(effects.facts, derived, verdicts, unstated, rules, practices, need)
    return ContextReport(modifiers, vetoes, obligations, flags, found_remedy, paths, ring, readiness)


@dataclass(frozen=True, slots=True)
class _Entries:
    """Each context rule's entries, built once per rules: they depend on the rule alone (frozen, shared)."""

    modifiers: dict[str, list[AppliedModifier]]
    vetoes: dict[str, ImposedVeto]
    obligations: dict[str, Obligation]
    flags: dict[str, RiskFlag]


def _entries(rules: Rules) -> _Entries:
    table = rules.memos["entries"]
    found = table.get(None)
    if found is None:
        items = rules.context_rules.items()
        found = _Entries(
            modifiers={
                rid: [
                    AppliedModifier(rid, _title(rid, rule), t, u, f, _rationale(rid, rule), rule.source)
                    for t, u, f in changed_cells(rule, rules)
                ]
                for rid, rule in items
                if rule.modifier is not None
            },
            vetoes={rid: _veto(rid, rule) for rid, rule in items if rule.veto is not None},
            obligations={
                rid: Obligation(
                    rid, _title(rid, rule), _text(rid, "obligation", rule.obligation), _rationale(rid, rule), rule.source
                )
                for rid, rule in items
                if rule.obligation
            },
            flags={
                rid: RiskFlag(
                    rid,
                    _title(rid, rule),
                    rule.flag.severity,
                    _text(rid, "flag.text", rule.flag.text),
                    _rationale(rid, rule),
                    rule.source,
                )
                for rid, rule in items
                if rule.flag
            },
        )
        table[None] = found
    return found


def _text(rid: str, field: str, english: str) -> DataText:
    """A context rule's text by its id in the rules (`rules.context_rules.<rule>.<field>`), with its English."""
    return DataText(f"rules.context_rules.{rid}.{field}", english)


def _title(rid: str, rule: ContextRule) -> DataText:
    return _text(rid, "title", rule.title)


def _rationale(rid: str, rule: ContextRule) -> DataText:
    return _text(rid, "rationale", rule.rationale)


def _named(veto: ImposedVeto, rule: ContextRule, facts: dict[str, Any], rules: Rules) -> ImposedVeto:
    """A practice veto with the practices the profile stated that make it: the values its condition looks for
    (contains, contains_any, equals, in) that the profile holds and the rules' `facts` name."""
    if veto.kind != "practice" or veto.practice is None:
        return veto
    named: list[Message] = []
    for field, values in _looked_for(rule.when):
        words = rules.facts.get(field, {})
        stated = facts.get(field)
        for value in stated if isinstance(stated, list) else [stated]:
            known = words.get(str(value))
            if value in values and known is not None and known.reference:
                label = DataText(f"rules.facts.{field}.{value}.label", known.label)
                reference = DataText(f"rules.facts.{field}.{value}.reference", known.reference)
                named.append(Message.of("veto.practice.referenced", label=label, reference=reference))
    if not named:
        return veto
    found = Words(tuple(named))
    return replace(veto, practice=Message.of("veto.practice.named", practice=veto.practice, named=found), named=found)


def _looked_for(condition: FieldCondition) -> list[tuple[str, frozenset[Any]]]:
    """The fields a condition tests for given values, with those values."""
    nested = condition.groups()
    if nested is not None:
        return [found for part in nested for found in _looked_for(part)]
    op = condition.operators()[0]
    if op not in ("contains", "contains_any", "equals", "in"):
        return []
    operand = getattr(condition, "in_" if op == "in" else op)
    return [(condition.field or "", frozenset(operand if isinstance(operand, list) else [operand]))]


def _veto(rid: str, rule: ContextRule) -> ImposedVeto:
    veto = rule.veto
    assert veto is not None
    if veto.kind == "practice":
        practice = _text(rid, "veto.practice", veto.practice or "")
        return ImposedVeto(rid, _title(rid, rule), veto.kind, _rationale(rid, rule), rule.source, practice=practice)
    return ImposedVeto(
        rid,
        _title(rid, rule),
        veto.kind,
        _rationale(rid, rule),
        rule.source,
        tracks=tuple(veto.tracks or TRACKS),
        deployment=tuple(veto.deployment) if veto.deployment is not None else None,
        use_cases=tuple(veto.use_cases) if veto.use_cases is not None else None,
    )


__all__ = [
    "RECOMMENDED_TRACKS",
    "RINGS_BY_ORDER",
    "AppliedModifier",
    "ContextEffects",
    "ContextReport",
    "ImposedVeto",
    "Obligation",
    "ReadinessFacts",
    "Remedy",
    "RingPlacement",
    "RiskFlag",
    "SuggestedPath",
    "context_effects",
    "context_report",
    "effects_on_path",
    "nearest_acceptable",
    "remedy_for",
]
