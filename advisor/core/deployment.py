"""Where each recommended track should run: the suggested deployment path, the skills it takes, example tools, and
the remedy when the preferred path is vetoed. Pure.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advisor.core.context_effects import ContextEffects, nearest_acceptable
from advisor.core.context_rules import TOOL_FACTS, ExampleTool
from advisor.core.domain import PATHS, SKILLS
from advisor.core.messages import DataText, Message, Words
from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules, remember

RECOMMENDED_TRACKS: dict[str, tuple[str, ...]] = {
    "llm": ("llm",),
    "generative_ai": ("generative_ai",),
    "hybrid": TRACKS,
    "neither": (),
}


def _none_vetoed(vetoed: dict[str, frozenset[str]]) -> tuple[()]:
    return ()


_VETOED_ON: dict[str, Callable[[dict[str, frozenset[str]]], Any]] = {
    recommendation: operator.itemgetter(*tracks) if tracks else _none_vetoed
    for recommendation, tracks in RECOMMENDED_TRACKS.items()
}
"""Per recommendation, the paths vetoed for each track it recommends, read in one step (a part of a memo's key: one
track's set alone, or a tuple of both tracks' sets)."""


@dataclass(frozen=True, slots=True)
class Remedy:
    """The preferred deployment path was vetoed; the profile was re-scored on the nearest acceptable one."""

    preferred: str
    path: str
    vetoed_by: tuple[str, ...]
    sentence: Message

    def to_dict(self) -> dict[str, Any]:
        """The remedy entry of assessment JSON v1."""
        return {"from": self.preferred, "to": self.path, "vetoed_by": list(self.vetoed_by), "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class SuggestedPath:
    """The deployment path suggested for one recommended track (`path` None: no path is acceptable)."""

    track: str
    path: str | None
    basis: str
    """Why this path: 'preference', 'remedy', 'skills', 'fewest_skills', 'constraints' or 'none_acceptable'."""
    skills_gap: bool | None
    """Whether the organisation lacks the skills it needs; None when its skills are unknown and it needs some."""
    title: DataText | None = None
    skills_needed: str = ""
    tools: tuple[DataText, ...] = ()
    """The example tools that satisfy every fact the profile requires of the path's tools."""
    tools_filtered_by: tuple[str, ...] = ()
    """The facts (TOOL_FACTS) the profile requires of this path's tools: only tools known to have them are listed."""
    no_tool_satisfies: tuple[str, ...] = ()
    """Required facts no example tool of the path is known to have (all required ones when only their mix fails)."""
    tools_note: Message | None = None
    """What the filter did: 'deployment.tools.filtered' (some tools listed) or 'deployment.tools.none_satisfies' (none)."""

    def to_dict(self) -> dict[str, Any]:
        """The deployment_paths entry of assessment JSON v1 (the filter's keys only where the profile requires facts)."""
        if self.path is None:
            return {"track": self.track, "path": None, "basis": self.basis, "skills_gap": self.skills_gap, "tools": []}
        entry: dict[str, Any] = {
            "track": self.track,
            "path": self.path,
            "title": self.title,
            "basis": self.basis,
            "skills_needed": self.skills_needed,
            "skills_gap": self.skills_gap,
            "tools": list(self.tools),
        }
        if self.tools_filtered_by:
            entry |= {
                "tools_filtered_by": list(self.tools_filtered_by),
                "no_tool_satisfies": list(self.no_tool_satisfies),
                "tools_note": self.tools_note,
            }
        return entry


@dataclass(frozen=True, slots=True)
class ToolChoice:
    """The example tools of a path that satisfy what the profile requires, and what the filter did."""

    tools: tuple[DataText, ...]
    filtered_by: tuple[str, ...] = ()
    unsatisfied: tuple[str, ...] = ()
    note: Message | None = None


def required_facts(profile: Profile, path: str, duties_need: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The facts (TOOL_FACTS, in that order) a tool on `path` must have for `profile`: IP indemnity when asked for; on
    a provider's path (own servers keep the data) EU residency for data kept in the EU, and what the duties the
    profile meets need of a provider's tools (`duties_need`: a BAA where HIPAA applies or would apply)."""
    context = profile.context
    wanted = {"indemnity"} if context.ip_indemnity else set()
    if path != "on_premises":
        wanted |= duties_need
        if context.data_residency == "eu":
            wanted.add("eu_residency")
    return tuple(fact for fact in TOOL_FACTS if fact in wanted)


def choose_tools(track: str, path: str, listed: list[ExampleTool], required: tuple[str, ...]) -> ToolChoice:
    """The tools of `listed` known to have every `required` fact (unknown is not enough), by their DataText ids."""
    fit = tuple(
        DataText(f"rules.deployment.tools.{track}.{path}.{i}", tool.name)
        for i, tool in enumerate(listed)
        if all(tool.has(fact) is True for fact in required)
    )
    if not required or not listed:
        return ToolChoice(fit)
    missing = tuple(f for f in required if not any(tool.has(f) is True for tool in listed)) or (required if not fit else ())
    facts = Words(tuple(Message.of(f"deployment.tools.fact.{f}") for f in (missing or required)))
    note = Message.of("deployment.tools.none_satisfies", facts=facts) if not fit else Message.of("deployment.tools.filtered", facts=facts)
    return ToolChoice(fit, required, missing, note)


def remedy(
    recommendation: str, preferred: str, path: str, vetoed_by: tuple[str, ...], rules: Rules
) -> Remedy:
    """The remedy that moved the profile from its `preferred` path to `path`, with the sentence that says it."""
    return Remedy(preferred, path, vetoed_by, _remedy_sentence(recommendation, preferred, path, rules))


def _remedy_sentence(recommendation: str, preferred: str, path: str, rules: Rules) -> Message:
    """'deployment.remedy.neither' (any use), '.both' (both tracks) or '.one' (the one recommended track)."""
    assert rules.deployment is not None
    paths = rules.deployment.paths
    on = DataText(f"rules.deployment.paths.{path}.phrase", paths[path].phrase)
    instead = DataText(f"rules.deployment.paths.{preferred}.phrase", paths[preferred].phrase)
    tracks = RECOMMENDED_TRACKS[recommendation]
    if not tracks:
        return Message.of("deployment.remedy.neither", path=on, preferred=instead)
    if len(tracks) == 2:
        return Message.of("deployment.remedy.both", path=on, preferred=instead)
    phrase = rules.tracks[tracks[0]].phrase  # the sentence starts with it: its initial capital is part of the data text
    track = DataText(f"rules.tracks.{tracks[0]}.phrase.initial", phrase[:1].upper() + phrase[1:])
    return Message.of("deployment.remedy.one", track=track, path=on, preferred=instead)


def suggested_paths(
    profile: Profile,
    effects: ContextEffects,
    remedy_path: str | None,
    recommendation: str,
    rules: Rules,
    duties_need: frozenset[str] = frozenset(),
) -> tuple[SuggestedPath, ...]:
    """The path per recommended track: the remedy's, else the preferred one, else the one the skills suit, else the
    one that needs the fewest skills; moved to the nearest acceptable path where the track is vetoed on it."""
    return paths_and_gap(profile, effects, remedy_path, recommendation, rules, duties_need)[0]


def paths_and_gap(
    profile: Profile,
    effects: ContextEffects,
    remedy_path: str | None,
    recommendation: str,
    rules: Rules,
    duties_need: frozenset[str] = frozenset(),
) -> tuple[tuple[SuggestedPath, ...], bool | None]:
    """The suggested paths (see `suggested_paths`) and whether the organisation lacks the skills one of them needs
    (None: its skills are unknown and a path needs some; False when no path is suggested)."""
    if rules.deployment is None:
        return (), False
    context = profile.context
    vetoed = effects.vetoed_paths
    # the paths depend on these few values alone, and a batch meets the same few again and again: made once each
    key = (
        recommendation,
        remedy_path,
        context.deployment,
        context.ai_skills,
        _VETOED_ON[recommendation](vetoed),
        bool(context.ip_indemnity),
        context.data_residency == "eu",
        duties_need,
    )
    table = rules.memos["suggested_paths"]
    found: tuple[tuple[SuggestedPath, ...], bool | None] | None = table.get(key)
    if found is None:
        paths = _suggested_paths(profile, effects, remedy_path, recommendation, rules, duties_need)
        gaps = [p.skills_gap for p in paths]
        found = remember(table, key, (paths, True if True in gaps else (None if None in gaps else False)))
    return found


def _suggested_paths(
    profile: Profile,
    effects: ContextEffects,
    remedy_path: str | None,
    recommendation: str,
    rules: Rules,
    duties_need: frozenset[str],
) -> tuple[SuggestedPath, ...]:
    deployment = rules.deployment
    assert deployment is not None
    preferred = profile.context.deployment
    if remedy_path is not None:
        start, basis = remedy_path, "remedy"
    elif preferred in PATHS:
        start, basis = preferred, "preference"
    elif profile.context.ai_skills is not None:
        start, basis = deployment.by_skills[profile.context.ai_skills], "skills"
    else:  # nothing says which path suits: the one that needs the fewest skills
        start, basis = PATHS[0], "fewest_skills"
    out: list[SuggestedPath] = []
    for track in RECOMMENDED_TRACKS[recommendation]:
        path: str | None = start
        why = basis
        if not effects.acceptable(start, track):
            path, why = nearest_acceptable(start, {p for p in PATHS if effects.acceptable(p, track)}), "constraints"
        if path is None:
            out.append(SuggestedPath(track, None, "none_acceptable", False))
            continue
        required = required_facts(profile, path, duties_need)
        # a track's path depends on these few values alone: made once each (the paths' table holds their mixes)
        key = (track, path, why, profile.context.ai_skills, required)
        table = rules.memos["suggested path"]
        found: SuggestedPath | None = table.get(key)
        if found is None:
            needed = deployment.paths[path].skills
            # the tools depend on the track, the path and the facts required alone (not on the skills): chosen once each
            choices = rules.memos["tool choices"]
            choice_key = (track, path, required)
            choice: ToolChoice | None = choices.get(choice_key)
            if choice is None:
                listed = deployment.tools.get(track, {}).get(path, [])
                choice = remember(choices, choice_key, choose_tools(track, path, listed, required))
            found = SuggestedPath(
                track,
                path,
                why,
                skills_gap(needed, profile.context.ai_skills),
                DataText(f"rules.deployment.paths.{path}.title", deployment.paths[path].title),
                needed,
                choice.tools,
                choice.filtered_by,
                choice.unsatisfied,
                choice.note,
            )
            remember(table, key, found)
        out.append(found)
    return tuple(out)


def skills_gap(needed: str, have: str | None) -> bool | None:
    """Whether the organisation lacks skills a path needs; None when its skills are unknown and the path needs some."""
    if have is None:
        return None if SKILLS.index(needed) > 0 else False
    return SKILLS.index(needed) > SKILLS.index(have)
