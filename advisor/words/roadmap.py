"""The roadmap in words, for every view: one list of phases, each with its lines, that the text output prints under
"How to start" and the report's partial template (PDF and web page) lays out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.core.data_text import use_case_noun
from advisor.core.messages import Message, Number, Words
from advisor.words.say import say

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.roadmap import Phase
    from advisor.core.rules import Rules


@dataclass(frozen=True, slots=True)
class PhaseWords:
    """One phase said: its id, name, weeks, what it does, and its lines (use cases, skills, measures, duties)."""

    phase: str
    name: str
    weeks: str
    what: str
    lines: tuple[str, ...]

    @property
    def title(self) -> str:
        """'Pilot (weeks 0 to 8): Run a time-boxed pilot ...'."""
        return say(Message.of("roadmap.phase_line", name=self.name, weeks=self.weeks, what=self.what))


def assessment_roadmap(assessment: Assessment) -> tuple[Phase, ...] | None:
    """The roadmap of an assessment (stage `roadmap`), None when the stage did not run."""
    case = assessment.parts.get("business_case")
    return case.roadmap if case is not None else None


def roadmap_words(assessment: Assessment, rules: Rules) -> list[PhaseWords] | None:
    """Each phase of the roadmap said in the current language; None when there is none."""
    phases = assessment_roadmap(assessment)
    if not phases:
        return None
    context = assessment.context
    practices = context.ring.practices if context is not None and context.ring is not None else None
    return [_phase_words(phase, rules, practices) for phase in phases]


def _phase_words(phase: Phase, rules: Rules, practices: Words | Message | None) -> PhaseWords:
    what = phase.what
    if phase.phase == "drop" and practices is not None:
        what = Message.of("roadmap.phase.drop.what_named", practices=practices)
    lines: list[str] = []
    if phase.use_cases:
        nouns = Words(tuple(use_case_noun(rules, uid) for uid in phase.use_cases))
        lines.append(say(Message.of("roadmap.use_cases", use_cases=nouns)))
    if phase.skills:
        skills = Words(tuple(Message.of(f"roadmap.skills.{s}") for s in phase.skills), "or")
        lines.append(say(Message.of("roadmap.skills", skills=skills)))
    for measure in phase.measures:
        noun = use_case_noun(rules, measure.use_case)
        lines.append(say(Message.of("roadmap.measure", use_case=noun, measure=measure.text)))
    lines.extend(say(Message.of("roadmap.duty", duty=title)) for title in phase.duty_titles)
    weeks = Message.of("roadmap.weeks", start=Number(phase.weeks[0], "count"), end=Number(phase.weeks[1], "count"))
    return PhaseWords(phase.phase, say(phase.name), say(weeks), say(what), tuple(lines))
