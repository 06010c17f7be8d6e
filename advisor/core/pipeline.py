"""The stages of an assessment, as a registry: each named stage adds one part, after the stages it needs. Pure.

`advisor.core.engine` registers the stages (scoring, robustness, verdict, explanation, context, headline) and runs
the ones asked for; a new analysis is one more `STAGES.add(...)` there, its part then on every assessment (and in
its JSON under the stage's key) without another wiring in batch, group, the web or the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.core.engine import Scored
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules


@dataclass(slots=True)
class Draft:
    """An assessment being made: what it starts from, and the parts the stages that ran so far added."""

    profile: Profile
    rules: Rules
    """The rules as given (the scoring stage's part holds them as the profile's context adjusted them)."""
    as_of: dt.date | None
    weight: Mapping[str, float] | None
    """Weights that replace those of the profile's needs (a group's consensus), else None."""
    currency: str = "USD"
    """The currency the costs are given in (converted at the prices' dated rate)."""
    parts: dict[str, Any] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)
    """Values several stages build from the parts (the use-case results): built once, by the first that asks."""

    @property
    def scored(self) -> Scored:
        """The scoring stage's part (every other stage needs it)."""
        scored: Scored = self.parts["scoring"]
        return scored

    @property
    def by_importance(self) -> bool:
        """Whether the weights come from the profile's importance levels (not a group's consensus)."""
        return self.weight is None


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline: `run` returns its part of the assessment (None: nothing to add)."""

    name: str
    run: Callable[[Draft], Any]
    needs: tuple[str, ...] = ()
    """Stages that must run before it; asking for it runs them too."""
    key: str | None = None
    """Where its part goes in assessment JSON (the part's `to_dict()`); None: not there, or said by the Assessment."""
    default: bool = True
    """Whether it runs when no stages are named."""


class Registry:
    """The stages in the order they run (a stage is added after those it needs)."""

    def __init__(self) -> None:
        self._stages: dict[str, Stage] = {}
        self._plans: dict[frozenset[str], tuple[Stage, ...]] = {}  # a few selections recur: plan each once
        self._defaults: frozenset[str] | None = None

    def add(
        self,
        name: str,
        run: Callable[[Draft], Any],
        *,
        needs: tuple[str, ...] = (),
        key: str | None = None,
        default: bool = True,
    ) -> Stage:
        """Register a stage; the stages it needs must be registered already."""
        if name in self._stages:
            raise ValueError(f"stage '{name}' is registered already")
        unknown = [n for n in needs if n not in self._stages]
        if unknown:
            raise ValueError(f"stage '{name}' needs {', '.join(unknown)}, not registered (yet)")
        stage = Stage(name, run, needs, key, default)
        self._stages[name] = stage
        self._plans.clear()
        self._defaults = None
        return stage

    def __iter__(self) -> Iterator[Stage]:
        return iter(self._stages.values())

    def __contains__(self, name: object) -> bool:
        return name in self._stages

    @property
    def names(self) -> tuple[str, ...]:
        """Every stage's name, in the order they run."""
        return tuple(self._stages)

    @property
    def defaults(self) -> frozenset[str]:
        """The stages that run when none are named."""
        found = self._defaults
        if found is None:
            self._defaults = found = frozenset(s.name for s in self._stages.values() if s.default)
        return found

    def plan(self, names: Collection[str]) -> tuple[Stage, ...]:
        """The stages to run for `names`, with every stage they need, in order; ValueError for an unknown name."""
        key = names if isinstance(names, frozenset) else frozenset(names)
        found = self._plans.get(key)
        if found is not None:
            return found
        unknown = sorted(n for n in names if n not in self._stages)
        if unknown:
            raise ValueError(f"unknown stage(s) {', '.join(unknown)}; the stages are {', '.join(self._stages)}")
        wanted = set(names)
        for stage in reversed(self._stages.values()):  # a stage's needs come before it: one backward pass closes them
            if stage.name in wanted:
                wanted.update(stage.needs)
        plan = tuple(s for s in self._stages.values() if s.name in wanted)
        self._plans[key] = plan  # at most one entry per subset of the stages
        return plan

    def run(self, draft: Draft, names: Collection[str]) -> Draft:
        """Run the stages `names` (and those they need) on `draft`, each adding its part."""
        for stage in self.plan(names):
            part = stage.run(draft)
            if part is not None:
                draft.parts[stage.name] = part
        return draft

    def keyed(self) -> Iterator[tuple[str, str]]:
        """(stage name, JSON key) of each stage whose part goes into assessment JSON, in order."""
        return ((s.name, s.key) for s in self._stages.values() if s.key is not None)


STAGES = Registry()
"""The pipeline's stages (registered by `advisor.core.engine`)."""
