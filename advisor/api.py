"""The Python API behind `import advisor`: load rules, parse a profile, assess one or many. Stable and documented.

The same code paths as the CLI: `said(assess(...).to_dict())` is exactly `advisor score --format json`, and `assess_many`
runs the batch command's worker pool. Heavy modules are imported on first call, so `import advisor` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from advisor.core.errors import ProfileError
from advisor.core.messages import Message

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.group import GroupAssessment
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules

ProfileInput = Any
"""A profile as `parse_profile` takes it: a dict of decoded JSON, JSON text (str) or bytes, or a Profile."""
RulesInput = Any
"""Rules as every function here takes them: a Rules object, a bundled set's name ('default', 'extended'), a rules
file's path (str or Path), or None for the default rules."""


def said(data: Any) -> Any:
    """`data` (a result's `to_dict()`) with every message in it said in English: the JSON the CLI prints."""
    from advisor.words import said as say_all

    return say_all(data)


def load_rules(name_or_path: str | os.PathLike[str] | None = None) -> Rules:
    """The rules: the default ones (None), a bundled set by name ('extended'), or a rules file's path.

    Raises `advisor.RulesError` (an `InvalidInput`) naming every problem in the file, as `advisor rules validate`.
    """
    if name_or_path is None:
        return _default_rules()
    from advisor.io.sources import load_rules as load

    return load(os.fspath(name_or_path))


def _rules(rules: RulesInput) -> Rules:
    """The Rules `rules` stands for (see `RulesInput`); TypeError for anything else."""
    from advisor.core.rules import Rules

    if isinstance(rules, Rules):
        return rules
    if rules is None:
        return _default_rules()
    if isinstance(rules, str) and not Path(rules).suffix and not Path(rules).exists():
        from advisor.core.errors import Problem, RulesError
        from advisor.core.resources import bundled_dir

        names = sorted(p.stem for p in bundled_dir("rules").glob("*.yaml") if p.stem not in ("questions", "regions"))
        if rules not in names:
            message = Message.of("problem.rules.missing", names=", ".join(names))
            raise RulesError(rules, Problem("", message, code="rules.missing"))
    if isinstance(rules, (str, os.PathLike)):
        return load_rules(rules)
    from advisor.words.text import text

    raise TypeError(text("edge.api.rules_argument", kind=type(rules).__name__))


@functools.cache
def _default_rules() -> Rules:
    from advisor.io.sources import load_rules as load

    return load(None)


def parse_profile(data: ProfileInput, rules: RulesInput = None, source: str | None = None) -> Profile:
    """Validate one profile for `rules` (a Rules object, a bundled name or a path; default rules when None).

    `data` is a dict of decoded JSON, JSON text or bytes (a Profile is returned as it is). `source` names the
    profile in messages; when it is a file name, the profile's id falls back to it, as on the command line.
    Raises `advisor.ProfileError` (an `InvalidInput`) whose `.problems` are the located problems the CLI prints.
    """
    from advisor.core.profile import Profile, decode_json
    from advisor.core.profile import parse_profile as validate

    active = _rules(rules)
    if isinstance(data, Profile):
        return data
    name = source or "<python>"
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, (bytes, bytearray)):
        data = decode_json(bytes(data), name)
    elif not isinstance(data, Mapping):
        from advisor.core.errors import Problem

        raise ProfileError(
            name,
            Problem("", Message.of("problem.api.not_a_profile", kind=type(data).__name__), code="profile.not_object"),
        )
    profile = validate(dict(data), active, name)
    if profile.id is None and source is not None:
        profile = profile.model_copy(update={"id": Path(source).name})
    return profile


def _as_of(day: dt.date | None) -> dt.date:
    """The date to assess for: the one given, else SOURCE_DATE_EPOCH, else today (as the CLI)."""
    from advisor.io.dates import as_of

    return day if day is not None else as_of(strict=False)


def assess(
    profile: Profile | ProfileInput,
    rules: RulesInput = None,
    *,
    robustness: bool = True,
    stages: Collection[str] | None = None,
    as_of: dt.date | None = None,
) -> Assessment:
    """Assess one profile (a Profile, or anything `parse_profile` takes) against `rules` (a Rules object, a bundled
    name such as 'extended' or a rules file's path; default rules when None).

    `robustness=False` skips the Monte Carlo analysis (verdict and explanation stay empty; the ring is placed only
    when every possible verdict gives the same one). `stages` names the pipeline's stages to run instead (see
    `advisor.core.engine.stage_names()`; those they need run too). `as_of` is the date assessed for (default:
    SOURCE_DATE_EPOCH, else today). `said(result.to_dict())` is assessment JSON v1.
    """
    from advisor.core.engine import assess as run

    active = _rules(rules)
    day = _as_of(as_of)
    return run(parse_profile(profile, active), active, as_of=day, stages=stages, robustness=robustness)


def assess_group(
    profiles: Iterable[Profile | ProfileInput],
    rules: RulesInput = None,
    labels: Iterable[str] | None = None,
    *,
    robustness: bool = True,
    as_of: dt.date | None = None,
) -> GroupAssessment:
    """Assess the respondents of one organisation together (anything `parse_profile` takes, each).

    The consensus (mean of the normalised weights, context merged safety first), the respondents' vote, pivotal
    respondents, disagreement per use case and the conflicts to resolve; `said(.to_dict())` is group assessment JSON v1,
    as `advisor group --format json` prints it."""
    from advisor.core.group import assess_group as run

    active = _rules(rules)
    parsed = [parse_profile(p, active) for p in profiles]
    names = list(labels) if labels is not None else None
    return run(parsed, active, names, robustness=robustness, as_of=_as_of(as_of))


def assess_many(
    profiles: Iterable[Profile | ProfileInput],
    rules: RulesInput = None,
    *,
    robustness: bool = True,
    jobs: int | None = None,
    chunk_size: int = 256,
    errors: Literal["raise", "return"] = "raise",
    as_of: dt.date | None = None,
) -> Iterator[Assessment | ProfileError]:
    """Assess many profiles, streaming the results in input order, on `jobs` processes (None: every core).

    The batch command's machinery: the input is consumed lazily in chunks of `chunk_size`, a few chunks in flight, so
    memory stays flat however long the iterable. An invalid profile raises its `ProfileError` (named
    'profile N', N counting from 0) when its turn comes, or with `errors="return"` is yielded in its place.
    """
    from advisor.batch.scoring import assess_chunk, default_jobs, ordered_map
    from advisor.core.errors import ProfileError as Invalid

    active = _rules(rules)
    workers = default_jobs() if jobs is None else max(1, jobs)
    numbered = enumerate(profiles)
    chunks = iter(lambda: list(itertools.islice(numbered, chunk_size)), [])
    init_args = (active, "objects", robustness, False, _as_of(as_of))
    for chunk in ordered_map(chunks, workers, init_args, assess_chunk):
        for index, result in chunk:
            if isinstance(result, list):  # the problems of an invalid profile
                error = Invalid(f"profile {index}", result)
                if errors == "raise":
                    raise error
                yield error
            else:
                yield result
