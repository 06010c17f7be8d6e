"""The rules: rating scale, use-case matrix, volume factors and decision thresholds, validated from data.

Pure: `parse_rules` takes the file's bytes and returns a `Rules`; reading the file is the caller's job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from advisor.core.context_rules import ContextRule, Deployment, Readiness, RingRule, check_condition, check_context
from advisor.core.duties import Duty, Jurisdiction, JurisdictionCode, check_duties
from advisor.core.errors import Problem, Refused, RulesError
from advisor.core.memo import Memo, Memos
from advisor.core.messages import Message
from advisor.core.places import regions
from advisor.core.prices import Prices
from advisor.core.quantities import UseCaseQuantity, UsersBySize
from advisor.core.readiness import DERIVED as READINESS_DERIVED
from advisor.core.readiness import ReadinessDimensions
from advisor.core.roadmap import RoadmapRules
from advisor.core.types import SIDES
from advisor.core.validation import problems_from
from advisor.core.yamldata import YamlData, YamlDataError, dotted, load_yaml_data

T = TypeVar("T")

TRACKS: tuple[str, str] = ("llm", "generative_ai")
"""The two tracks the advisor chooses between; every use case is rated on both."""

VOLUMES: tuple[str, ...] = ("none", "low", "medium", "high")
"""The volume levels a profile may state, in increasing order."""

CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")
"""How sure a respondent can be about the priorities (profile field priorities_confidence)."""

MAX_RULES_BYTES = 2 * 1024 * 1024
MEMO_SIZE = 10_000
"""How many derived values (combined context effects, adjusted rules) one `Rules` keeps; a few hundred is usual."""

Name = Annotated[str, Field(min_length=1, max_length=200)]
USE_CASE_ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
"""What a use case id looks like (also how the questionnaire recognises a need question's use case)."""
Id = Annotated[str, Field(pattern=USE_CASE_ID_PATTERN)]
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,79}$")]


class _Strict(BaseModel):
    # built on first validation: a run that reads the rules from the cache never validates them
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Strict):
    """Where a rating comes from."""

    title: Name
    section: str | None = None
    reference: str | None = None


class Track(_Strict):
    """How one track is named and described to a reader."""

    title: Name
    short: Name
    phrase: Name = Field(description="how a sentence names the track: 'an LLM', 'broader generative AI'")
    description: Annotated[str, Field(min_length=1, max_length=500)]


class Scale(_Strict):
    """Rating labels and their fixed values; `order_rationale` says why the labels sit in this order."""

    labels: dict[Name, Unit] = Field(min_length=2)
    order_rationale: Annotated[str, Field(min_length=1)]

    @field_validator("labels")
    @classmethod
    def _distinct_values(cls, labels: dict[str, float]) -> dict[str, float]:
        values = sorted(labels.values())
        if len(set(values)) != len(values):
            raise Refused(Message.of("problem.rules.scale.same_value"))
        return labels


class Rating(_Strict):
    """One cell of the matrix: a scale label and the source it comes from."""

    label: Name
    source: Name
    note: str | None = None


class UseCase(_Strict):
    """A row of the matrix: what the use case is, how each track is rated on it, and example tools."""

    title: Name
    short: Name | None = None
    description: Annotated[str, Field(min_length=1, max_length=500)]
    ratings: dict[str, Rating]
    examples: dict[str, list[Name]] = Field(default_factory=dict)
    plural: bool = Field(
        False, description="the short name is a plural noun ('summaries': how many, carry), not a mass noun ('code')"
    )

    @property
    def noun(self) -> str:
        """The short name used inside sentences ('summaries')."""
        return self.short or self.title.lower()


class NeedScale(_Strict):
    """Where each size of the raw need (importance x volume factor, summed) starts; below `modest_from` it is
    negligible. `rationale` says why the steps sit there."""

    modest_from: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    substantial_from: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    strong_from: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    rationale: Annotated[str, Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _in_order(self) -> NeedScale:
        if not self.modest_from < self.substantial_from < self.strong_from:
            raise Refused(Message.of("problem.rules.need_size.order"))
        return self


class Decision(_Strict):
    """Thresholds that turn the fits into a recommendation."""

    indifference_band: Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)]
    hybrid_min_share: Annotated[float, Field(gt=0.0, le=0.5, allow_inf_nan=False)]
    clear_win_min_difference: Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)]
    neither_below: Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)] = Field(
        0.0, description="when both fits are below this, neither track is recommended (0: never)"
    )
    neither_advice: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        "consider other approaches", description="what to consider instead when neither track fits"
    )


class FactWords(_Strict):
    """How a sentence names one answer a profile may give ('emotion recognition at work or in education'), and the
    law that makes it matter ('EU AI Act Art. 5(1)(f)')."""

    label: Name
    reference: Annotated[str, Field(min_length=1, max_length=200)] | None = None

    def words(self) -> str:
        """The label with its reference in brackets, when it has one."""
        return f"{self.label} ({self.reference})" if self.reference else self.label


class VerdictThresholds(_Strict):
    """Probabilities (that the recommendation survives uncertain weights) separating the verdicts."""

    robust_min_p: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    moderate_min_p: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]
    fragile_min_p: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]


class Robustness(_Strict):
    """Parameters of the robustness analysis."""

    samples: Annotated[int, Field(ge=100, le=1_000_000)]
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)]
    concentration: dict[str, Annotated[float, Field(gt=0.0, le=10_000.0, allow_inf_nan=False)]]
    verdict: VerdictThresholds


class Rules(_Strict):
    """A validated rules file; `sha256` identifies the exact bytes it was read from."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$")]
    version: Annotated[str, Field(min_length=1, max_length=40)]
    description: str | None = None
    sources: dict[Name, Source] = Field(min_length=1)
    tracks: dict[str, Track]
    scale: Scale
    volume_factors: dict[str, Annotated[float, Field(ge=0.0, le=10.0, allow_inf_nan=False)]]
    decision: Decision
    need_size: NeedScale | None = None
    robustness: Robustness
    use_cases: dict[Id, UseCase] = Field(min_length=1, max_length=100)
    context_rules: dict[RuleId, ContextRule] = Field(default_factory=dict, max_length=500)
    deployment: Deployment | None = None
    readiness: Readiness | None = None
    roadmap: RoadmapRules | None = None
    users_by_size: UsersBySize | None = Field(None, description="people who would use AI tools, by organisation size")
    quantities: dict[Id, UseCaseQuantity] = Field(
        default_factory=dict, max_length=100, description="per use case: its unit, the default per user, what a unit consumes"
    )
    prices: Prices | None = Field(None, description="rules/prices.yaml as the edge read it (not a key of a rules file)")
    readiness_dimensions: ReadinessDimensions | None = None
    facts: dict[Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z_]+$")], dict[Name, FactWords]] = Field(
        default_factory=dict,
        description="how sentences name the answers of a profile field, by field and value (see `FactWords`)",
    )
    law_checked: dt.date | None = Field(None, description="the date the duties were last checked against their law")
    jurisdictions: dict[JurisdictionCode, Jurisdiction] = Field(default_factory=dict, max_length=300)
    duties: dict[RuleId, Duty] = Field(default_factory=dict, max_length=500)
    sha256: str = Field(default="", exclude=True)
    _factors: dict[str, dict[str, float]] = PrivateAttr(default_factory=dict)
    """Context modifiers applied to the ratings (use case -> track -> factor); empty for the rules as read."""

    @cached_property
    def use_case_ids(self) -> tuple[str, ...]:
        """Use case ids in the order of the file."""
        return tuple(self.use_cases)

    @cached_property
    def values(self) -> dict[str, dict[str, float]]:
        """Rating value per use case and track (times any context factor), looked up once per rules."""
        labels = self.scale.labels
        return {
            uid: {t: labels[uc.ratings[t].label] * self.factor(uid, t) for t in TRACKS}
            for uid, uc in self.use_cases.items()
        }

    @cached_property
    def no_volume(self) -> frozenset[str]:
        """Volumes whose factor is 0: a need at such a volume has no content."""
        return frozenset(v for v, f in self.volume_factors.items() if f == 0)

    @cached_property
    def context_tests(self) -> tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...]:
        """Each context rule's id and its condition compiled to a function of the facts (false when a field it needs
        is not stated)."""
        return tuple((rid, rule.when.compiled()) for rid, rule in self.context_rules.items())

    @cached_property
    def duty_tests(self) -> tuple[tuple[str, Duty, Callable[[dict[str, Any]], bool]], ...]:
        """Each duty with its id and its trigger compiled to a function of the facts."""
        return tuple((did, duty, duty.when.compiled()) for did, duty in self.duties.items())

    @cached_property
    def scoring_context_rules(self) -> frozenset[str]:
        """Ids of the context rules that change scoring or deployment: modifiers and vetoes."""
        return frozenset(rid for rid, rule in self.context_rules.items() if rule.modifier or rule.veto)

    @cached_property
    def ring_tests(self) -> tuple[tuple[RingRule, Callable[[dict[str, Any]], bool], bool], ...]:
        """The readiness rings in order, each with its condition compiled (the last, unconditional ring always holds)
        and whether that condition reads the verdict."""
        rings = self.readiness.rings if self.readiness else []
        return tuple(
            (ring, ring.when.compiled(), "verdict" in ring.when.references()) if ring.when else (ring, _always, False)
            for ring in rings
        )

    @cached_property
    def ring_fields(self) -> tuple[str, ...]:
        """The facts the readiness rings' conditions read, besides the verdict."""
        rings = self.readiness.rings if self.readiness else []
        return tuple(sorted({name for ring in rings if ring.when for name in ring.when.references()} - {"verdict"}))

    def to_dict(self) -> dict[str, Any]:
        """The rules as JSON data with the sha256 of their file, as `advisor rules show --format json` prints them."""
        return {**self.model_dump(mode="json", by_alias=True, exclude_none=True), "sha256": self.sha256}

    def factor(self, use_case: str, track: str) -> float:
        """The context factor on `track`'s rating for `use_case` (1 when no modifier applies)."""
        return self._factors.get(use_case, {}).get(track, 1.0)

    def adjusted(self, factors: dict[str, dict[str, float]]) -> Rules:
        """These rules with context factors on some ratings; the same object when there are none.

        The same factors give the same (shared, immutable) object: a batch sees few distinct sets of them.
        """
        if not factors:
            return self
        by_object = self.memos["adjusted by object"]  # the context's factors are shared objects (one per set fired)
        held = by_object.get(id(factors))
        if held is not None and held[0] is factors:  # held keeps the object alive: its id is not another's yet
            return held[1]  # type: ignore[no-any-return]
        table = self.memos["adjusted"]
        key = tuple((uid, tuple(row.items())) for uid, row in factors.items())
        found = table.get(key)
        if found is None:
            found = remember(table, key, self._adjusted_copy(factors))
        remember(by_object, id(factors), (factors, found))
        return found

    def _adjusted_copy(self, factors: dict[str, dict[str, float]]) -> Rules:
        copy = self.model_copy()
        copy._factors = factors
        # model_copy copies cached values too; these depend on the factors
        for derived in ("values", "columns", "sides", "side_masks", "memos", "tally"):
            copy.__dict__.pop(derived, None)
        return copy

    @cached_property
    def memos(self) -> Memos:
        """Values derived from these rules alone by pure functions: a table per kind of value, by its arguments.

        A batch meets the same few arguments again and again (see `remember`)."""
        return Memos(MEMO_SIZE)

    @cached_property
    def label_steps(self) -> tuple[str, ...]:
        """Scale labels from the lowest value to the highest: one step is a neighbour in this order."""
        return tuple(sorted(self.scale.labels, key=self.scale.labels.__getitem__))

    @cached_property
    def sides(self) -> dict[str, str]:
        """Which track each use case's ratings favour ('even' when neither clearly does), looked up once."""
        from advisor.core.scoring import better_fit  # scoring builds on rules; imported here to avoid a cycle

        return {uid: better_fit(row["llm"], row["generative_ai"], self) for uid, row in self.values.items()}

    @cached_property
    def columns(self) -> tuple[tuple[str, tuple[float, ...]], ...]:
        """Each track with its rating values in the order of the use cases (what a fit sums, weighted)."""
        values = self.values
        return tuple((t, tuple(values[u][t] for u in self.use_case_ids)) for t in TRACKS)

    @cached_property
    def side_masks(self) -> tuple[tuple[str, tuple[bool, ...]], ...]:
        """Each side with, in the order of the use cases, whether a use case's ratings favour it (a share sums the
        weights the mask selects)."""
        sides = self.sides
        return tuple((s, tuple(sides[u] == s for u in self.use_case_ids)) for s in SIDES)

    def value(self, use_case: str, track: str) -> float:
        """The rating value of `track` on `use_case`."""
        return self.values[use_case][track]


def remember(table: Memo[Any, Any], key: Any, value: T) -> T:
    """Keep `value` in one of `Rules.memos` under `key` (the least recently used of MEMO_SIZE entries goes); return it."""
    table.put(key, value)
    return value


def _always(facts: dict[str, Any]) -> bool:
    return True


ReadSibling = Callable[[str], bytes]
"""Reads a file named by `extends`: from the folder of the rules file being read, else the bundled rules (an edge
supplies it)."""

PRICES_FILE = "prices.yaml"
"""The prices file read beside a rules file that gives no `prices` of its own (see `parse_rules`)."""
_EXTENDS_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}\.ya?ml$")


def parse_rules(raw: bytes, source: str, read_sibling: ReadSibling | None = None) -> Rules:
    """Validate the bytes of a rules file; raise `RulesError` naming every problem and its place in the file.

    A file may start from another with `extends: FILE` (read with `read_sibling`: a file in the same folder, else the
    bundled rules file of that name): each
    top-level mapping of the base (sources, use_cases, context_rules, decision ...) gets this file's entries added or
    replaced by key; other values are replaced. The base must be valid rules on its own and may not extend another.
    """
    document = _document(raw, source)
    data, line_of, digest = document.data, document.line_of, hashlib.sha256(raw)
    if "extends" in data:
        base_name = data.pop("extends")
        where = Problem("extends", Message.of("problem.rules.extends.invalid"), document.line_of(("extends",)), code="rules.extends.invalid")
        if not isinstance(base_name, str) or not _EXTENDS_NAME.match(base_name) or base_name.startswith("."):
            raise RulesError(
                source,
                where,
            )
        if read_sibling is None:
            raise RulesError(
                source,
                replace(
                    where,
                    message=Message.of("problem.rules.extends.stdin"),
                    code="rules.extends.stdin",
                ),
            )
        base_raw = read_sibling(base_name)
        base = _document(base_raw, base_name)
        if "extends" in base.data:
            raise RulesError(
                source,
                replace(
                    where,
                    message=Message.of("problem.rules.extends.nested", base=base_name),
                    code="rules.extends.nested",
                ),
            )
        parse_rules(base_raw, base_name)  # the base must stand on its own; its problems name its own file
        data = {**base.data, **{k: _merged(base.data.get(k), v) for k, v in data.items()}}
        lines = document.lines

        def line_of(path: tuple[str | int, ...]) -> int | None:  # lines are known only for what this file says
            return document.line_of(path) if tuple(path[:2]) in lines or len(path) < 2 else None

        digest.update(base_raw)
    if read_sibling is not None and "prices" not in data:  # the prices file beside the rules (else the bundled one)
        data = {**data, "prices": parse_prices(read_sibling(PRICES_FILE), PRICES_FILE)}
    try:
        rules = Rules.model_validate(data)
    except ValidationError as exc:
        raise RulesError(source, problems_from(exc, line_of, model=Rules)) from None
    problems = _cross_check(rules)
    if problems:
        raise RulesError(source, [Problem(dotted(p), m, line_of(p), code=c) for p, m, c in problems])
    return rules.model_copy(update={"sha256": digest.hexdigest()})


def parse_prices(raw: bytes, source: str) -> Prices:
    """Validate the bytes of a prices file (rules/prices.yaml); raise `RulesError` naming every problem and its line."""
    document = _document(raw, source)
    try:
        prices = Prices.model_validate(document.data)
    except ValidationError as exc:
        raise RulesError(source, problems_from(exc, document.line_of, model=Prices)) from None
    return prices.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})


def _document(raw: bytes, source: str) -> YamlData:
    """The plain YAML data of a rules file, refused when too large, not UTF-8, not YAML or not a mapping."""
    if len(raw) > MAX_RULES_BYTES:
        raise RulesError(
            source,
            Problem("", Message.of("problem.file.too_large", mib=str(MAX_RULES_BYTES // (1024 * 1024))), code="file.too_large"),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RulesError(source, Problem("", Message.of("problem.file.encoding", byte=str(exc.start)), code="file.encoding")) from None
    try:
        document = load_yaml_data(text)
    except YamlDataError as exc:
        raise RulesError(source, exc.problem) from None
    if not isinstance(document.data, dict):
        raise RulesError(
            source,
            Problem("", Message.of("problem.rules.not_mapping"), 1, code="rules.not_mapping"),
        )
    return document


def _merged(base: Any, extension: Any) -> Any:
    """An extending file's value for one top-level key: mappings add or replace entries, anything else replaces."""
    if isinstance(base, dict) and isinstance(extension, dict):
        return {**base, **extension}
    return extension


def _cross_check(rules: Rules) -> list[tuple[tuple[str | int, ...], Message, str]]:
    """Checks across sections: labels in the scale, sources known, both tracks everywhere, volume levels complete;
    each problem's path, message and code."""
    problems: list[tuple[tuple[str | int, ...], Message, str]] = []
    labels = ", ".join(rules.scale.labels)
    track_list = ", ".join(TRACKS)
    if set(rules.tracks) != set(TRACKS):
        problems.append((("tracks",), Message.of("problem.rules.tracks.incomplete", tracks=track_list), "rules.tracks.incomplete"))
    if set(rules.volume_factors) != set(VOLUMES):
        problems.append(
            (
                ("volume_factors",),
                Message.of("problem.rules.volume_factors.missing", volumes=", ".join(VOLUMES)),
                "rules.volume_factors.invalid",
            )
        )
    else:
        factors = [rules.volume_factors[v] for v in VOLUMES]
        if factors != sorted(factors) or not any(f > 0 for f in factors):
            problems.append(
                (
                    ("volume_factors",),
                    Message.of("problem.rules.volume_factors.order"),
                    "rules.volume_factors.invalid",
                )
            )
    if set(rules.robustness.concentration) != set(CONFIDENCE_LEVELS):
        problems.append(
            (
                ("robustness", "concentration"),
                Message.of("problem.rules.robustness.concentration", levels=", ".join(CONFIDENCE_LEVELS)),
                "rules.robustness.invalid",
            )
        )
    verdict = rules.robustness.verdict
    if not verdict.robust_min_p >= verdict.moderate_min_p >= verdict.fragile_min_p:
        problems.append(
            (
                ("robustness", "verdict"),
                Message.of("problem.rules.robustness.verdict"),
                "rules.robustness.invalid",
            )
        )
    for uid in rules.quantities:
        if uid not in rules.use_cases:
            unknown_uc = Message.of("problem.rules.quantities.use_case", use_case=uid, known=", ".join(rules.use_cases))
            problems.append((("quantities", uid), unknown_uc, "rules.use_case.unknown"))
    for uid, use_case in rules.use_cases.items():
        for track in TRACKS:
            if track not in use_case.ratings:
                problems.append(
                    (("use_cases", uid, "ratings"), Message.of("problem.rules.rating.missing", track=track), "rules.rating.missing")
                )
        for track, rating in use_case.ratings.items():
            where = ("use_cases", uid, "ratings", track)
            if track not in TRACKS:
                unknown = Message.of("problem.rules.track.unknown", track=track, tracks=track_list)
                problems.append((where, unknown, "rules.track.unknown"))
            if rating.label not in rules.scale.labels:
                problems.append(
                    (
                        where + ("label",),
                        Message.of("problem.rules.rating.label_unknown", label=rating.label, labels=labels),
                        "rules.rating.label_unknown",
                    )
                )
            if rating.source not in rules.sources:
                problems.append(
                    (
                        where + ("source",),
                        Message.of("problem.rules.source.unknown", source=rating.source),
                        "rules.source.unknown",
                    )
                )
        for track in use_case.examples:
            if track not in TRACKS:
                problems.append(
                    (
                        ("use_cases", uid, "examples", track),
                        Message.of("problem.rules.track.unknown", track=track, tracks=track_list),
                        "rules.track.unknown",
                    )
                )
    from advisor.core.facts import field_specs  # the facts module builds on rules; imported here to avoid a cycle

    fields = field_specs(rules.use_case_ids)
    context = check_context(rules, fields)
    duties = check_duties(rules.duties, rules.jurisdictions, regions().names) + [
        problem for did, duty in rules.duties.items() for problem in check_condition(duty.when, ("duties", did, "when"), fields)
    ]
    context += _readiness_dimension_problems(rules, fields)
    return (
        problems
        + [(path, message, "rules.context.invalid") for path, message in context]
        + [(path, message, "rules.duties.invalid") for path, message in duties]
    )


def _readiness_dimension_problems(rules: Rules, fields: dict[str, Any]) -> list[tuple[Any, Message]]:
    """Problems in `readiness_dimensions`: conditions on unknown fields or values, stated fields no profile has."""
    section = rules.readiness_dimensions
    if section is None:
        return []
    from advisor.core.context_rules import derived_fact_specs

    derived = {name: spec for name, spec in derived_fact_specs().items() if name in READINESS_DERIVED}
    known = {**fields, **derived}
    problems: list[tuple[Any, Message]] = []
    for dimension, rule in section.dimensions.items():
        at = ("readiness_dimensions", "dimensions", dimension)
        problems += [
            (at + ("stated_by", i), Message.of("problem.rules.readiness_dimensions.field", field=name))
            for i, name in enumerate(rule.stated_by)
            if name not in fields
        ]
        for index, level in enumerate(rule.levels):
            if level.when is not None:
                problems += check_condition(level.when, at + ("levels", index, "when"), known)
    return problems
