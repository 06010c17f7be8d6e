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
from advisor.core.deployment import RECOMMENDED_TRACKS, Remedy, SuggestedPath, paths_and_gap, remedy
from advisor.core.law import DutyEntry
from advisor.core.messages import DataText, Message, Words
from advisor.core.need import NeedSize
from advisor.core.profile import Profile
from advisor.core.ring import RINGS_BY_ORDER, RingPlacement, place_ring
from advisor.core.rules import TRACKS, Rules, remember
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


_LATER: Any = object()
"""A part of a context report not worked out yet."""


class ContextReport:
    """What the context of application adds to an assessment (assessment JSON v1, `context`). Read it, never change it.

    The parts only words read (the modifiers applied, the remedy, the readiness facts) are worked out when first read:
    a CSV row reads the ring, the vetoes, the obligations and the suggested paths alone. (Not a frozen dataclass: its
    slots are set once per assessment, and a frozen one sets each through object.__setattr__, slowly.)
    """

    __slots__ = ("_later", "deployment_paths", "flags", "obligations", "ring", "vetoes")

    def __init__(
        self,
        modifiers_applied: tuple[AppliedModifier, ...],
        vetoes: tuple[ImposedVeto, ...],
        obligations: tuple[Obligation | DutyEntry, ...],
        flags: tuple[RiskFlag, ...],
        remedy: Remedy | None,
        deployment_paths: tuple[SuggestedPath, ...],
        ring: RingPlacement | None,
        readiness: ReadinessFacts | None = None,
    ) -> None:
        self.vetoes = vetoes
        self.obligations = obligations
        self.flags = flags
        self.deployment_paths = deployment_paths
        self.ring = ring
        self._later = _Later.known(modifiers_applied, remedy, readiness)

    @classmethod
    def _with_later(
        cls,
        vetoes: tuple[ImposedVeto, ...],
        obligations: tuple[Obligation | DutyEntry, ...],
        flags: tuple[RiskFlag, ...],
        deployment_paths: tuple[SuggestedPath, ...],
        ring: RingPlacement | None,
        later: _Later,
    ) -> ContextReport:
        """A report whose modifiers, remedy and readiness `later` works out when first read."""
        report = cls.__new__(cls)
        report.vetoes = vetoes
        report.obligations = obligations
        report.flags = flags
        report.deployment_paths = deployment_paths
        report.ring = ring
        report._later = later
        return report

    @property
    def modifiers_applied(self) -> tuple[AppliedModifier, ...]:
        """The context rules that lowered a rating of a use case the profile needs."""
        return self._later.modifiers_applied()

    @property
    def remedy(self) -> Remedy | None:
        """The move from a vetoed preferred deployment path to the nearest acceptable one (None: no move)."""
        return self._later.remedy(self.vetoes)

    @property
    def readiness(self) -> ReadinessFacts | None:
        """What the profile says of the organisation's readiness."""
        return self._later.readiness()

    def _parts(self) -> tuple[Any, ...]:
        return (
            self.modifiers_applied,
            self.vetoes,
            self.obligations,
            self.flags,
            self.remedy,
            self.deployment_paths,
            self.ring,
            self.readiness,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContextReport):
            return NotImplemented
        return self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        names = ("modifiers_applied", "vetoes", "obligations", "flags", "remedy", "deployment_paths", "ring", "readiness")
        said = ", ".join(name + "=" + repr(value) for name, value in zip(names, self._parts(), strict=True))
        return "ContextReport(" + said + ")"

    def __reduce__(self) -> tuple[type[ContextReport], tuple[Any, ...]]:
        return ContextReport, self._parts()  # every part worked out: a copy needs nothing they were worked out from

    def to_dict(self) -> dict[str, Any]:
        """The `context` entry of assessment JSON v1."""
        remedy_ = self.remedy
        readiness = self.readiness
        return {
            "modifiers_applied": [m.to_dict() for m in self.modifiers_applied],
            "vetoes": [v.to_dict() for v in self.vetoes],
            "obligations": [o.to_dict() for o in self.obligations],
            "flags": [f.to_dict() for f in self.flags],
            "remedy": remedy_.to_dict() if remedy_ else None,
            "deployment_paths": [p.to_dict() for p in self.deployment_paths],
            "ring": self.ring.to_dict() if self.ring else None,
            "readiness": readiness.to_dict() if readiness is not None else {},
        }


class _Later:
    """The parts of a context report that only words read, worked out when first read (and kept), from what the
    report was made of."""

    __slots__ = (
        "_modifiers_applied",
        "_readiness",
        "_remedy",
        "fired",
        "moved",
        "plan",
        "profile",
        "recommendation",
        "rules",
        "skills_gap",
        "unstated",
    )

    def __init__(
        self,
        profile: Profile | None,
        fired: tuple[str, ...],
        plan: _Plan | None,
        recommendation: str,
        moved: str | None,
        rules: Rules | None,
        skills_gap: bool | None,
        unstated: tuple[str, ...],
    ) -> None:
        self.profile = profile
        self.fired = fired
        self.plan = plan
        self.recommendation = recommendation
        self.moved = moved
        """The remedy's path, when a remedy moved the profile and the rules describe deployment paths."""
        self.rules = rules
        self.skills_gap = skills_gap
        self.unstated = unstated
        self._modifiers_applied: tuple[AppliedModifier, ...] | None = None
        self._remedy: Remedy | None = _LATER
        self._readiness: ReadinessFacts | None = _LATER

    @classmethod
    def known(
        cls, modifiers_applied: tuple[AppliedModifier, ...], remedy: Remedy | None, readiness: ReadinessFacts | None
    ) -> _Later:
        """The parts given, worked out already."""
        later = cls(None, (), None, "", None, None, None, ())
        later._modifiers_applied, later._remedy, later._readiness = modifiers_applied, remedy, readiness
        return later

    def modifiers_applied(self) -> tuple[AppliedModifier, ...]:
        found = self._modifiers_applied
        if found is None:
            assert self.profile is not None and self.plan is not None
            needs = self.profile.needs
            modifiers = self.plan.modifiers
            self._modifiers_applied = found = tuple(
                [
                    entry
                    for rid in self.fired
                    if rid in modifiers
                    for entry in modifiers[rid]
                    if entry.use_case in needs and needs[entry.use_case].importance > 0  # a factor on a use case not needed changes no fit
                ]
            )
        return found

    def remedy(self, vetoes: tuple[ImposedVeto, ...]) -> Remedy | None:
        found = self._remedy
        if found is _LATER:
            found = None
            moved, profile, rules = self.moved, self.profile, self.rules
            if moved is not None and profile is not None and rules is not None:
                preferred = profile.context.deployment
                assert preferred is not None  # a remedy moves from the preferred path
                blocking = tuple(
                    v.rule
                    for v in vetoes
                    if v.kind == "deployment" and v.deployment is not None and preferred in v.deployment
                )
                found = remedy(self.recommendation, preferred, moved, blocking, rules)
            self._remedy = found
        return found

    def readiness(self) -> ReadinessFacts | None:
        found = self._readiness
        if found is _LATER:
            assert self.profile is not None
            context = self.profile.context
            governance = context.governance
            self._readiness = found = ReadinessFacts(
                ai_skills=context.ai_skills,
                skills_gap=self.skills_gap,
                governance_stated=governance is not None,
                governance_in_place=tuple(governance or []),
                governance_missing=(
                    tuple(g for g in GOVERNANCE_BASICS if g not in governance) if governance is not None else ()
                ),
                unstated=self.unstated,
            )
        return found


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
    plan = _plan(rules)
    fired = effects.fired
    veto_of = plan.vetoes
    veto_ids = fired
    if first_effects is not None:  # the vetoes that forced the remedy stand, though the re-score moved the path
        veto_ids = (*fired, *[rid for rid in first_effects.fired if rid not in fired])
    vetoes = tuple([veto_of[rid] for rid in veto_ids if rid in veto_of])
    practices: tuple[Words, ...] = ()
    practice_vetoes = 0
    if vetoes and not plan.practice.isdisjoint(veto_ids):
        looked_for = plan.looked_for
        vetoes = tuple([_named(v, looked_for.get(v.rule, ()), effects.facts, rules) for v in vetoes])
        practice_vetoes = sum(1 for v in vetoes if v.kind == "practice")
        practices = tuple([v.named for v in vetoes if v.kind == "practice" and v.named is not None])
    obligation_of, flag_of = plan.obligations, plan.flags
    obligations: tuple[Obligation | DutyEntry, ...] = (
        *[obligation_of[rid] for rid in fired if rid in obligation_of],
        *duties,
    )
    flags = tuple([flag_of[rid] for rid in fired if rid in flag_of])
    if practice_vetoes:
        paths: tuple[SuggestedPath, ...] = ()
        skills_gap: bool | None = False
    else:
        need_of = plan.tools_need
        tools_need = (
            frozenset([f for duty in duties if duty.rule in need_of for f in need_of[duty.rule]]) if duties else _NO_NEED
        )
        paths, skills_gap = paths_and_gap(profile, effects, remedy_path, recommendation, rules, tools_need)
    governance = profile.context.governance
    unstated = _UNSTATED[governance is None, skills_gap is None]
    derived = {
        "recommendation": recommendation,
        "readiness.governance": len(governance) if governance is not None else None,
        "readiness.skills_gap": skills_gap,
        "readiness.unstated": len(unstated),
        "need.size": need.size if need is not None else None,
        "vetoes.practice": practice_vetoes,
        "flags.high": len(plan.high.intersection(fired)) if flags else 0,
    }
    ring = place_ring(effects.facts, derived, verdicts, unstated, rules, practices, need)
    moved = remedy_path if first_effects is not None and rules.deployment is not None else None
    later = _Later(profile, fired, plan, recommendation, moved, rules, skills_gap, unstated)
    return ContextReport._with_later(vetoes, obligations, flags, paths, ring, later)


_NO_NEED: frozenset[str] = frozenset()
"""What no duty needs of a provider's tools (the same key as any empty set)."""

_UNSTATED: dict[tuple[bool, bool], tuple[str, ...]] = {
    (False, False): (),
    (True, False): ("governance",),
    (False, True): ("ai_skills",),
    (True, True): ("governance", "ai_skills"),
}
"""The readiness facts a profile left out, by whether it left out its governance and whether its skills gap is
unknown."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """Each context rule's entries, built once per rules: they depend on the rule alone (frozen, shared)."""

    modifiers: dict[str, list[AppliedModifier]]
    vetoes: dict[str, ImposedVeto]
    practice: frozenset[str]
    """The rules that veto a practice."""
    obligations: dict[str, Obligation]
    flags: dict[str, RiskFlag]
    high: frozenset[str]
    """The rules that flag a high risk."""
    tools_need: dict[str, list[str]]
    """What the duties that need something of a provider's tools need (the others are left out)."""
    looked_for: dict[str, list[tuple[str, frozenset[Any]]]]
    """The fields and values each practice veto's condition looks for (see `_named`): read off the condition once."""


def _plan(rules: Rules) -> _Plan:
    table = rules.memos["entries"]
    found: _Plan | None = table.get(None)
    if found is None:
        items = rules.context_rules.items()
        flags = {
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
        }
        vetoes = {rid: _veto(rid, rule) for rid, rule in items if rule.veto is not None}
        practice = frozenset(rid for rid, veto in vetoes.items() if veto.kind == "practice")
        made = _Plan(
            modifiers={
                rid: [
                    AppliedModifier(rid, _title(rid, rule), t, u, f, _rationale(rid, rule), rule.source)
                    for t, u, f in changed_cells(rule, rules)
                ]
                for rid, rule in items
                if rule.modifier is not None
            },
            vetoes=vetoes,
            practice=practice,
            obligations={
                rid: Obligation(
                    rid, _title(rid, rule), _text(rid, "obligation", rule.obligation), _rationale(rid, rule), rule.source
                )
                for rid, rule in items
                if rule.obligation
            },
            flags=flags,
            high=frozenset(rid for rid, flag in flags.items() if flag.severity == "high"),
            tools_need={did: list(duty.tools_need) for did, duty in rules.duties.items() if duty.tools_need},
            looked_for={rid: _looked_for(rules.context_rules[rid].when) for rid in practice},
        )
        found = remember(table, None, made)
    return found


def _text(rid: str, field: str, english: str) -> DataText:
    """A context rule's text by its id in the rules (`rules.context_rules.<rule>.<field>`), with its English."""
    return DataText(f"rules.context_rules.{rid}.{field}", english)


def _title(rid: str, rule: ContextRule) -> DataText:
    return _text(rid, "title", rule.title)


def _rationale(rid: str, rule: ContextRule) -> DataText:
    return _text(rid, "rationale", rule.rationale)


def _named(
    veto: ImposedVeto, looked_for: Sequence[tuple[str, frozenset[Any]]], facts: dict[str, Any], rules: Rules
) -> ImposedVeto:
    """A practice veto with the practices the profile stated that make it: the values its rule's condition looks for
    (`looked_for`: contains, contains_any, equals, in) that the profile holds and the rules' `facts` name."""
    if veto.kind != "practice" or veto.practice is None:
        return veto
    named: list[Message] = []
    for field, values in looked_for:
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
