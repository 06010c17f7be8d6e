"""advisor: decide whether an organisation should adopt an LLM, broader generative AI, or both.

The Python API, a stable public surface (see README, "Use from Python"):

    import advisor
    rules = advisor.load_rules()                      # or load_rules("extended"), load_rules("my-rules.yaml")
    profile = advisor.parse_profile(data, rules)      # a dict, JSON text or bytes; raises advisor.InvalidInput
    result = advisor.assess(profile, rules)           # an Assessment; advisor.said(result.to_dict()) is the JSON
    for result in advisor.assess_many(profiles, rules, jobs=4): ...   # in input order, in parallel
    group = advisor.assess_group(profiles, rules)      # respondents of one organisation: consensus and disagreement

Importing advisor is cheap: the engine is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.api import assess, assess_group, assess_many, load_rules, parse_profile, said
from advisor.core.errors import InvalidInput, Problem, ProfileError, RulesError
from advisor.core.version import __version__


def _said(error: InvalidInput) -> str:
    """An error as the CLI prints it, the vocabulary loaded on first use (which then says every later one itself)."""
    from advisor.words.problems import problem_text

    return problem_text(error.problems, "file", error.source)


if InvalidInput.said_by is None:
    InvalidInput.said_by = _said  # str(error) reads as the CLI prints it, for a program that catches it

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.group import GroupAssessment
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules

__all__ = [
    "Assessment",
    "GroupAssessment",
    "InvalidInput",
    "Problem",
    "Profile",
    "ProfileError",
    "Rules",
    "RulesError",
    "__version__",
    "assess",
    "assess_group",
    "assess_many",
    "load_rules",
    "parse_profile",
    "said",
]

_TYPES = {
    "GroupAssessment": "advisor.core.group",
    "Assessment": "advisor.core.assessment",
    "Profile": "advisor.core.profile",
    "Rules": "advisor.core.rules",
}


def __getattr__(name: str) -> object:
    """The result and input types, imported when first named (so that `import advisor` stays cheap)."""
    if name in _TYPES:
        import importlib

        return getattr(importlib.import_module(_TYPES[name]), name)
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")
