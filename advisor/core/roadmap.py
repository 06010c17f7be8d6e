"""The roadmap: the ring turned into phases (rules' `roadmap`), each with its weeks, the use cases to start with, the
skills, a success measure per use case and the duties to settle first. Pure.

Trial: a pilot of the top weighted use cases of the recommended track(s), then scale, then review. Adopt: a rollout,
then scale, then review. Assess: build the missing readiness first. Hold: drop the practice the vetoes name. What a
phase names is the rules' choice (`use_cases`, `skills`, `measures`, `duties`); the words are the edge's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.core.errors import Refused
from advisor.core.messages import DataText, Message
from advisor.core.types import RINGS

if TYPE_CHECKING:
    from advisor.core.assessment import UseCaseResult
    from advisor.core.context import ContextReport
    from advisor.core.rules import Rules

PHASES: tuple[str, ...] = ("drop", "prepare", "pilot", "rollout", "scale", "review")
"""The phases a roadmap may have (their names and what each means are the catalogue's: roadmap.phase.<id>)."""
SETTLE_FIRST: frozenset[str] = frozenset({"applies", "applies_from"})
"""The duties' statuses a phase settles first: those that apply now or from a known date, without a condition left
open (not 'applies if', nor a later duty that would apply only if ...); a context rule's obligation always applies."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class WeeksSpec(_Strict):
    """When a phase runs, in weeks from the start: from `from` to `to`."""

    start: Annotated[int, Field(ge=0, le=520, alias="from")]
    end: Annotated[int, Field(ge=1, le=520, alias="to")]

    @model_validator(mode="after")
    def _in_order(self) -> WeeksSpec:
        if self.start >= self.end:
            raise Refused(Message.of("problem.rules.roadmap.weeks"))
        return self


class PhaseSpec(_Strict):
    """One phase of a ring's roadmap and what it names: the top `use_cases` (0: none), the suggested path's
    `skills`, a success measure per use case named (`measures`), the duties to settle first (`duties`)."""

    phase: Literal["drop", "prepare", "pilot", "rollout", "scale", "review"]
    weeks: WeeksSpec
    use_cases: Annotated[int, Field(ge=0, le=100)] = 0
    skills: bool = False
    measures: bool = False
    duties: bool = False


class RoadmapRules(_Strict):
    """The phases per ring, the success measure per use case (a generic one for the others) and why."""

    rings: dict[Literal["hold", "assess", "trial", "adopt"], Annotated[list[PhaseSpec], Field(min_length=1)]]
    measures: dict[str, Annotated[str, Field(min_length=1, max_length=300)]] = Field(default_factory=dict)
    generic_measure: Annotated[str, Field(min_length=1, max_length=300)]
    rationale: Annotated[str, Field(min_length=1, max_length=500)]

    @model_validator(mode="after")
    def _every_ring(self) -> RoadmapRules:
        if set(self.rings) != set(RINGS):
            raise Refused(Message.of("problem.rules.roadmap.rings", rings=", ".join(RINGS)))
        return self


@dataclass(frozen=True, slots=True)
class Measure:
    """How a phase tells success for one use case: the rules' measure for it, else their generic one."""

    use_case: str
    text: DataText

    def to_dict(self) -> dict[str, Any]:
        """A `measures` entry of a roadmap phase in assessment JSON v1."""
        return {"use_case": self.use_case, "measure": self.text}


@dataclass(frozen=True, slots=True)
class Phase:
    """One phase of the roadmap (assessment JSON v1, `business_case.roadmap[]`)."""

    phase: str
    weeks: tuple[int, int]
    use_cases: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    """The skills the suggested deployment path(s) need (ids of `deployment.paths.*.skills`)."""
    measures: tuple[Measure, ...] = ()
    duties: tuple[str, ...] = ()
    """The rule ids of the duties to settle first."""
    duty_titles: tuple[DataText, ...] = ()

    @property
    def name(self) -> Message:
        """The phase's name: 'Pilot'."""
        return Message.of(f"roadmap.phase.{self.phase}")

    @property
    def what(self) -> Message:
        """What the phase does, in one sentence."""
        return Message.of(f"roadmap.phase.{self.phase}.what")

    def to_dict(self) -> dict[str, Any]:
        """A `roadmap` entry of assessment JSON v1's `business_case`."""
        return {
            "phase": self.phase,
            "weeks": {"from": self.weeks[0], "to": self.weeks[1]},
            "use_cases": list(self.use_cases),
            "skills": list(self.skills),
            "measures": [m.to_dict() for m in self.measures],
            "duties": list(self.duties),
        }


def roadmap(
    ring: str | None,
    tracks: Sequence[str],
    results: Sequence[UseCaseResult],
    context: ContextReport,
    rules: Rules,
) -> tuple[Phase, ...]:
    """The phases for `ring` (none when the rules have no roadmap or the ring is not assessed).

    `tracks` are the recommended ones; the use cases to start with are those with a need whose better fit is one of
    them (or even between the tracks), the heaviest first; the skills are those the suggested paths of these tracks need.
    """
    spec = rules.roadmap
    if spec is None or ring not in spec.rings:
        return ()
    top = tuple(
        r.id
        for r in sorted(results, key=lambda r: (-r.weight, r.id))
        if r.weight > 0 and (r.better_fit in tracks or r.better_fit == "even")
    )
    skills = tuple(
        dict.fromkeys(p.skills_needed for p in context.deployment_paths if p.track in tracks and p.skills_needed)
    )
    duties = tuple(
        o
        for o in context.obligations
        if getattr(o, "status", "applies") in SETTLE_FIRST and getattr(o, "condition", None) is None
    )
    phases = []
    for step in spec.rings[ring]:
        use_cases = top[: step.use_cases]
        measures = tuple(Measure(uid, _measure(uid, rules)) for uid in use_cases) if step.measures else ()
        named = duties if step.duties else ()
        phases.append(
            Phase(
                step.phase,
                (step.weeks.start, step.weeks.end),
                use_cases,
                skills if step.skills else (),
                measures,
                tuple(d.rule for d in named),
                tuple(d.title for d in named),
            )
        )
    return tuple(phases)


def _measure(use_case: str, rules: Rules) -> DataText:
    spec = rules.roadmap
    assert spec is not None
    text = spec.measures.get(use_case)
    if text is not None:
        return DataText(f"rules.roadmap.measures.{use_case}", text)
    return DataText("rules.roadmap.generic_measure", spec.generic_measure)
