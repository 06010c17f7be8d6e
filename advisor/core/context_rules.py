"""The context part of the rules, as data: context rules (condition -> effect), deployment paths, readiness rings.

Pure models and checks; `advisor.core.rules` embeds them in `Rules` and calls `check_context` once the whole file is read.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from advisor.core.condition_text import condition_words
from advisor.core.conditions import Comparisons, FieldSpec
from advisor.core.domain import DERIVED_FACTS, PATHS, SKILLS
from advisor.core.errors import Refused
from advisor.core.messages import Message
from advisor.core.satisfiable import can_hold
from advisor.core.types import GOVERNANCE_BASICS, RINGS, Recommendation, Ring, Severity, Verdict

NOT_ASSESSED = "not_assessed"
"""The ring when robustness was not analysed and the verdicts still possible would place it differently."""
RING_STATES: tuple[str, ...] = (*RINGS, NOT_ASSESSED)
"""Every value an assessment's context.ring.ring may take."""

Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=1000)]
Factor = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Where = tuple[str | int, ...]


class _Strict(BaseModel):
    # built on first validation: a run that reads the rules from the cache never validates them
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FieldCondition(Comparisons):
    """A condition on profile fields (dotted: context.deployment, needs.art.importance), or all/any of several."""

    subject_key: ClassVar[str] = "field"

    field: str | None = None
    all: list[FieldCondition] | None = None
    any: list[FieldCondition] | None = None

    def compiled(self) -> Callable[[dict[str, Any]], bool]:
        """The condition as a plain function of the facts, for scoring many profiles fast: one Python expression of
        the condition's operators, made once per rules (its fields and operands are passed in as values, never
        written into the expression's text)."""
        test: Callable[[dict[str, Any]], bool] = _compile([self], one=True)
        return test

    def _expression(self, text: _Text) -> str:
        """The condition as the text of a Python expression of the facts `text` reads."""
        nested = self.groups()
        if nested is not None:
            if not nested:  # refused when the rules are read; all of nothing holds, any of nothing does not
                return "True" if self.all is not None else "False"
            joined = (" and " if self.all is not None else " or ").join(c._expression(text) for c in nested)
            return f"({joined})"
        op = self.operators()[0]
        operand = getattr(self, "in_" if op == "in" else op)
        if op in ("in", "not_in", "contains_any", "outside"):
            operand = frozenset(operand)
        kind, comparison = _COMPARISONS[op]
        value = text.read(self.field or "")
        compared = comparison.format(value=value, operand=text.name(operand, "o"))
        return f"({compared})" if kind is None else f"({text.guard(value, kind)} and {compared})"


def compiled_all(conditions: Sequence[FieldCondition]) -> Callable[[dict[str, Any]], tuple[bool, ...]]:
    """Several conditions as one plain function of the facts that says, in order, whether each holds: what each
    one's `compiled()` says, in one call rather than one per condition (a batch tests every rule on every profile)."""
    tests: Callable[[dict[str, Any]], tuple[bool, ...]] = _compile(conditions, one=False)
    return tests


def _compile(conditions: Sequence[FieldCondition], one: bool) -> Any:
    """The function of the facts that gives whether the one condition holds (`one`), or the tuple of whether each
    does. It reads each field once, and checks once what kind of value it holds; the fields and operands are passed
    in as values, never written into its text."""
    text = _Text()
    expressions = [condition._expression(text) for condition in conditions]
    result = expressions[0] if one else f"({''.join(e + ', ' for e in expressions)})"
    reads = _reads(text)
    scope = {**_SCOPE, **text.values}
    exec(f"def test(facts):\n{reads}{_lines(text.lines)}    return {result}\n", scope)  # noqa: S102 - names and operators only
    return scope["test"]


def _reads(text: _Text) -> str:
    """The lines that read the fields the conditions test: all in one call of an itemgetter (cheaper than one `get`
    per field), and field by field with `get` (None for a missing one) when the facts lack one of them."""
    if not text.reads:
        return ""
    text.values["read"] = operator.itemgetter(*(field for _, field in text.reads))
    locals_ = "".join(f"{local}, " for local, _ in text.reads) if len(text.reads) > 1 else text.reads[0][0]
    one_by_one = [f"{local} = get({text.name(field, 'f')})" for local, field in text.reads]
    return f"    try:\n        {locals_} = read(facts)\n{_MISSING}{_lines(one_by_one, '        ')}"


_MISSING = "    except KeyError:\n        get = facts.get\n"
"""The compiled function's lines for facts that lack a field it reads (code, not words)."""


def _lines(lines: list[str], indent: str = "    ") -> str:
    return "".join(f"{indent}{line}\n" for line in lines)


class _Text:
    """The names a compiled condition's text gives its fields, operands and the values it reads, the fields it reads
    (each once) and the lines that check what kind of value each holds (once per kind)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.reads: list[tuple[str, str]] = []
        """Each field read: the local variable that holds its value, and the field."""
        self.lines: list[str] = []
        self._read: dict[str, str] = {}
        self._guards: dict[tuple[str, str], str] = {}

    def name(self, value: Any, prefix: str) -> str:
        """The name the text gives `value` (passed in with the text, never written into it)."""
        name = f"{prefix}{len(self.values)}"
        self.values[name] = value
        return name

    def read(self, field: str) -> str:
        """The name of the local variable that holds the field's value (None when the facts lack it)."""
        local = self._read.get(field)
        if local is None:
            local = self._read[field] = f"x{len(self._read)}"
            self.reads.append((local, field))
        return local

    def guard(self, value: str, kind: str) -> str:
        """The name of the local variable that says whether `value` is of `kind` ('list', 'single', 'number')."""
        local = self._guards.get((value, kind))
        if local is None:
            local = self._guards[value, kind] = f"g{len(self._guards)}"
            self.lines.append(f"{local} = {_KINDS[kind].format(value=value)}")
        return local


_SCOPE: dict[str, Any] = {"__builtins__": {}, "KeyError": KeyError, "isinstance": isinstance, "list": list, "int": int, "float": float, "bool": bool}
"""All a compiled condition may name besides its fields and operands."""

_KINDS: dict[str, str] = {
    "list": "isinstance({value}, list)",
    "single": "({value} is not None and not isinstance({value}, list))",
    "number": "(isinstance({value}, (int, float)) and not isinstance({value}, bool))",  # an order needs numbers: True > 0 would hold
}
"""The kinds of value an operator compares, as expressions of the value."""

_COMPARISONS: dict[str, tuple[str | None, str]] = {
    "contains": ("list", "{operand} in {value}"),
    "contains_any": ("list", "not {operand}.isdisjoint({value})"),
    "outside": ("list", "not {operand}.issuperset({value})"),
    "equals": (None, "{value} == {operand}"),  # a list or null never equals a scalar
    "not_equals": ("single", "{value} != {operand}"),
    "in": ("single", "{value} in {operand}"),
    "not_in": ("single", "{value} not in {operand}"),
    **{op: ("number", f"{{value}} {sign} {{operand}}") for op, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<="))},
}
"""`compare(facts[field], op, operand)` per operator: the kind of value it needs (_KINDS; None: any) and the
comparison, false when the field is null or missing: each states `compare`'s rules for its operator (lists only for
list operators, numbers only for order); a test checks the two agree on every kind of value."""


class Modifier(_Strict):
    """Multiply ratings: track -> use case -> factor from 0 to 1 (context only ever lowers a fit)."""

    factors: dict[str, dict[str, Factor]] = Field(min_length=1)


class Veto(_Strict):
    """What is not acceptable: deployment paths, use cases or whole tracks (for `tracks`, default both), or a practice."""

    deployment: list[str] | None = Field(None, min_length=1)
    use_cases: list[str] | None = Field(None, min_length=1)
    tracks: list[str] | None = Field(None, min_length=1)
    practice: Name | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Veto:
        kinds = [k for k in ("deployment", "use_cases", "practice") if getattr(self, k) is not None]
        if len(kinds) > 1 or (not kinds and self.tracks is None):
            raise Refused(Message.of("problem.context.veto.kind"))
        if self.practice is not None and self.tracks is not None:
            raise Refused(Message.of("problem.context.veto.practice_tracks"))
        return self

    @property
    def kind(self) -> str:
        """deployment, use_case, track or practice."""
        if self.deployment is not None:
            return "deployment"
        if self.use_cases is not None:
            return "use_case"
        return "practice" if self.practice is not None else "track"


class Flag(_Strict):
    """A risk to mention, with its severity."""

    severity: Severity
    text: Text


class ContextRule(_Strict):
    """When the condition holds, one effect applies; the rationale and source go into the report."""

    title: Name
    when: FieldCondition
    modifier: Modifier | None = None
    veto: Veto | None = None
    obligation: Text | None = None
    flag: Flag | None = None
    rationale: Text
    source: Name

    @model_validator(mode="after")
    def _one_effect(self) -> ContextRule:
        effects = [e for e in ("modifier", "veto", "obligation", "flag") if getattr(self, e) is not None]
        if len(effects) != 1:
            raise Refused(Message.of("problem.context.effect"))
        return self

    @property
    def effect(self) -> str:
        """modifier, veto, obligation or flag."""
        return next(e for e in ("modifier", "veto", "obligation", "flag") if getattr(self, e) is not None)


class DeploymentPath(_Strict):
    """One way to run the tools, and the skills it takes."""

    title: Name
    phrase: Name = Field(description="how a sentence names the path: 'a private endpoint in your own cloud tenant'")
    description: Text
    skills: Literal["none", "basic", "developers", "ml_engineers"]


TOOL_FACTS: tuple[str, ...] = ("indemnity", "baa", "eu_residency", "on_premises")
"""The facts about an example tool that decide whether it fits a profile."""


class ExampleTool(_Strict):
    """An example tool of a deployment path and the facts that decide whether it fits (each unknown when left out).

    In the rules a tool is a plain name (every fact unknown) or a mapping: `indemnity` (the vendor indemnifies the
    user against IP claims on generated output), `baa` (a HIPAA business associate agreement is offered),
    `eu_residency` (the data can be kept in the EU), `on_premises` (it runs on the organisation's own servers), and
    `source`, the id of the source the facts come from.
    """

    name: Name
    indemnity: StrictBool | None = None
    baa: StrictBool | None = None
    eu_residency: StrictBool | None = None
    on_premises: StrictBool | None = None
    source: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_name(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data

    def has(self, fact: str) -> bool | None:
        """Whether the tool has `fact` (one of TOOL_FACTS); None when unknown."""
        value: bool | None = getattr(self, fact)
        return value


class Deployment(_Strict):
    """Deployment paths from least to most self-managed (file order), the path per skill level, and example tools."""

    paths: dict[str, DeploymentPath]
    by_skills: dict[str, str]
    tools: dict[str, dict[str, list[ExampleTool]]]


class RingRule(_Strict):
    """A ring and when it applies; the rings are tried in order and the last one has no condition."""

    ring: Ring
    when: FieldCondition | None = None
    reason: Text
    lead: bool = Field(False, description="the reason leads the action title and the headline, as a Hold's does")


class Readiness(_Strict):
    """How readiness and risk turn into a technology-radar ring beside the recommendation."""

    meaning: dict[Ring, Text]
    unstated: dict[Literal["governance", "ai_skills"], Text] = Field(
        default_factory=dict, description="how a ring's {unstated} names each readiness fact the profile left out"
    )
    rings: list[RingRule] = Field(min_length=1)


def derived_fact_specs() -> dict[str, FieldSpec]:
    """What each derived fact a ring condition may read holds, from the models that produce it."""
    import typing

    count = FieldSpec("number", low=0, whole=True)
    known = {
        "recommendation": FieldSpec("text", frozenset(typing.get_args(Recommendation))),
        "verdict": FieldSpec("text", frozenset(typing.get_args(Verdict))),
        "readiness.governance": FieldSpec("number", low=0, high=len(GOVERNANCE_BASICS), whole=True),
        "readiness.skills_gap": FieldSpec("bool", frozenset({True, False})),
        "readiness.unstated": FieldSpec("number", low=0, high=2, whole=True),
        "need.size": FieldSpec("text", frozenset(("negligible", "modest", "substantial", "strong"))),
        "vetoes.practice": count,
        "flags.high": count,
    }
    return {name: known.get(name, FieldSpec()) for name in DERIVED_FACTS}


def check_context(rules: Any, profile_fields: dict[str, FieldSpec]) -> list[tuple[Where, Message]]:
    """Problems in the context sections of `rules`: unknown fields, values, tracks, use cases, paths, sources."""
    from advisor.core.rules import TRACKS

    problems: list[tuple[Where, Message]] = []
    paths = list(rules.deployment.paths) if rules.deployment else []
    for rid, rule in rules.context_rules.items():
        where: Where = ("context_rules", rid)
        problems += check_condition(rule.when, where + ("when",), profile_fields)
        if rule.source not in rules.sources:
            problems.append((where + ("source",), Message.of("problem.rules.source.unknown", source=rule.source)))
        if rule.modifier is not None:
            for track, factors in rule.modifier.factors.items():
                at: Where = where + ("modifier", "factors", track)
                if track not in TRACKS:
                    problems.append((at, Message.of("problem.rules.track.unknown", track=track, tracks=", ".join(TRACKS))))
                problems += [(at + (u,), _unknown_use_case(u, rules)) for u in factors if u not in rules.use_cases]
        if rule.veto is not None:
            at = where + ("veto",)
            veto = rule.veto
            problems += _unknown(veto.tracks, TRACKS, at + ("tracks",), "track")
            problems += [
                (at + ("use_cases",), _unknown_use_case(u, rules))
                for u in veto.use_cases or []
                if u not in rules.use_cases
            ]
            if veto.deployment is not None and not paths:
                problems.append((at + ("deployment",), Message.of("problem.context.veto.no_paths")))
            elif veto.deployment is not None:
                problems += _unknown(veto.deployment, paths, at + ("deployment",), "deployment_path")
    if rules.deployment is not None:
        problems += _check_deployment(rules.deployment, TRACKS)
        problems += [
            (("deployment", "tools", track, path, index, "source"),
             Message.of("problem.rules.source.unknown", source=tool.source))
            for track, per_path in rules.deployment.tools.items()
            for path, tools in per_path.items()
            for index, tool in enumerate(tools)
            if tool.source is not None and tool.source not in rules.sources
        ]  # fmt: skip
    if rules.readiness is not None:
        facts = {**profile_fields, **derived_fact_specs()}
        rings = rules.readiness.rings
        for index, ring in enumerate(rings):
            at = ("readiness", "rings", index)
            if ring.when is not None:
                problems += check_condition(ring.when, at + ("when",), facts)
            elif index != len(rings) - 1:
                problems.append((at, Message.of("problem.context.ring.default_not_last")))
        if rings[-1].when is not None:
            problems.append((("readiness", "rings", len(rings) - 1), Message.of("problem.context.ring.last_has_condition")))
        if set(rules.readiness.meaning) != set(RINGS):
            problems.append((("readiness", "meaning"), Message.of("problem.context.ring.meaning", rings=", ".join(RINGS))))
    return problems


def _check_deployment(deployment: Deployment, tracks: Iterable[str]) -> list[tuple[Where, Message]]:
    problems: list[tuple[Where, Message]] = []
    if list(deployment.paths) != list(PATHS):
        problems.append((("deployment", "paths"), Message.of("problem.context.deployment.paths", paths=", ".join(PATHS))))
    if set(deployment.by_skills) != set(SKILLS):
        problems.append(
            (("deployment", "by_skills"), Message.of("problem.context.deployment.by_skills", skills=", ".join(SKILLS)))
        )
    for skill, path in deployment.by_skills.items():
        problems += _unknown([path], PATHS, ("deployment", "by_skills", skill), "deployment_path")
    for track, per_path in deployment.tools.items():
        problems += _unknown([track], tuple(tracks), ("deployment", "tools", track), "track")
        problems += _unknown(list(per_path), PATHS, ("deployment", "tools", track), "deployment_path")
    return problems


def check_condition(condition: FieldCondition, where: Where, fields: dict[str, FieldSpec]) -> list[tuple[Where, Message]]:
    """Problems of a condition: each comparison that can never hold on its own, else each part that never holds (an
    `all` whose comparisons contradict each other, a range left empty, a branch of an `any` that is never taken)."""
    return _check_comparisons(condition, where, fields) or _never_holding(condition, where, fields)


def _never_holding(condition: FieldCondition, where: Where, fields: dict[str, FieldSpec]) -> list[tuple[Where, Message]]:
    nested = condition.groups()
    if not can_hold(condition, fields):
        return _never_holds(condition, where, fields)
    group = "all" if condition.all is not None else "any"
    return [p for i, part in enumerate(nested or []) for p in _never_holding(part, where + (group, i), fields)]


def _never_holds(condition: FieldCondition, where: Where, fields: dict[str, FieldSpec]) -> list[tuple[Where, Message]]:
    """The innermost parts of a condition that never holds: each part of an `any` (none of them holds), the first
    part of an `all` that never holds on its own, else the `all` itself (its parts contradict each other)."""
    nested = condition.groups()
    if condition.any is not None and nested:
        return [p for i, part in enumerate(nested) for p in _never_holds(part, where + ("any", i), fields)]
    if nested:
        for index, part in enumerate(nested):
            if not can_hold(part, fields):
                return _never_holds(part, where + ("all", index), fields)
        return [(where + ("all",), Message.of("problem.context.never_holds", condition=condition_words(condition)))]
    op = condition.operators()[0]
    words, takes = condition_words(condition), fields[condition.field or ""].describe()
    never = Message.of("problem.context.never_holds.takes", condition=words, field=condition.field or "", takes=takes)
    return [(where + (op,), never)]


def _check_comparisons(
    condition: FieldCondition, where: Where, fields: dict[str, FieldSpec]
) -> list[tuple[Where, Message]]:
    nested = condition.groups()
    if nested is not None:
        group = "all" if condition.all is not None else "any"
        if not nested:
            return [(where + (group,), Message.of("problem.context.group_empty", group=group))]
        problems: list[tuple[Where, Message]] = []
        for index, part in enumerate(nested):
            problems += _check_comparisons(part, where + (group, index), fields)
        return problems
    field = condition.field or ""
    if field not in fields:
        near = [f for f in fields if f.split(".")[-1] == field.split(".")[-1]]
        if near:
            return [(where + ("field",), Message.of("problem.context.field_unknown.near", field=field, near=near[0]))]
        return [(where + ("field",), Message.of("problem.context.field_unknown", field=field))]
    op = condition.operators()[0]
    problem = fields[field].problem(field, op, getattr(condition, "in_" if op == "in" else op))
    return [(where + (op,), problem)] if problem else []


def _unknown(names: Iterable[str] | None, known: Iterable[str], where: Where, what: str) -> list[tuple[Where, Message]]:
    """Each of `names` not `known`: an unknown `what` ('track', 'deployment_path')."""
    known = tuple(known)
    listed = ", ".join(known)
    return [(where, Message.of(f"problem.context.unknown.{what}", name=n, known=listed)) for n in names or [] if n not in known]


def _unknown_use_case(uid: str, rules: Any) -> Message:
    return Message.of("problem.context.use_case_unknown", use_case=uid, use_cases=", ".join(rules.use_case_ids))
