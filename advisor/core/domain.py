"""The domain's named lists, read from the bundled `rules/domain.json` and checked there: deployment paths, AI skill
levels, the facts a ring condition may read besides the profile's, the words that keep their capitals.

Read once, at import (a small JSON file: no YAML parser on the cold path of `advisor score`).
"""

from __future__ import annotations

from typing import Any

from advisor.core import jsondata
from advisor.core.errors import Problem, RulesError
from advisor.core.messages import Message
from advisor.core.resources import bundled_dir

LISTS = ("deployment_paths", "skills", "derived_facts", "acronyms")


def check_lists(data: Any, source: str = "domain.json") -> dict[str, tuple[str, ...]]:
    """Each list of `data`, as a tuple; RulesError naming every list that is missing, empty, not text or repeats."""
    if not isinstance(data, dict):
        raise RulesError(source, Problem("", Message.of("problem.domain.not_object"), code="rules.domain.invalid"))
    problems = []
    for name in LISTS:
        value = data.get(name)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            problems.append(Problem(name, Message.of("problem.domain.not_texts"), code="rules.domain.invalid"))
        elif len(set(value)) != len(value):
            twice = sorted({v for v in value if value.count(v) > 1})
            problems.append(Problem(name, Message.of("problem.domain.twice", names=", ".join(twice)), code="rules.domain.invalid"))
    unknown = sorted(set(data) - {*LISTS, "about"})
    problems += [Problem(name, Message.of("problem.domain.unknown", lists=", ".join(LISTS)), code="rules.domain.invalid") for name in unknown]
    if problems:
        raise RulesError(source, problems)
    return {name: tuple(data[name]) for name in LISTS}


def _read() -> dict[str, tuple[str, ...]]:
    path = bundled_dir("rules") / "domain.json"
    return check_lists(jsondata.loads(path.read_bytes()), str(path))


_LISTS = _read()
PATHS: tuple[str, ...] = _LISTS["deployment_paths"]
"""Deployment paths from least to most self-managed: the values of context.deployment other than no_preference."""
SKILLS: tuple[str, ...] = _LISTS["skills"]
"""AI skill levels a profile may state, from least to most (profile field context.ai_skills)."""
DERIVED_FACTS: tuple[str, ...] = _LISTS["derived_facts"]
"""Facts a ring condition may read besides the profile's fields."""
ACRONYMS: frozenset[str] = frozenset(_LISTS["acronyms"])
"""Words that keep their capitals wherever they stand in a sentence."""
