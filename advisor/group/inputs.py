"""A group's respondents: read as batch reads its inputs, each profile validated, split by a profile field."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from advisor.batch import Record, error_line, expand_inputs, load_record, records
from advisor.core.errors import Problem, UsageError
from advisor.core.facts import DERIVED_FROM, field_specs, profile_facts
from advisor.core.profile import Profile
from advisor.core.rules import Rules
from advisor.words.text import text

NOT_STATED = "(not stated)"
OWN_FIELDS = ("id", "respondent.role", "respondent.name")
"""Fields to group by besides those a rule may test."""


@dataclass(frozen=True, slots=True)
class Group:
    """The respondents that share one value of the --by field (all valid respondents without --by), in input order."""

    value: Any
    """The field's value as JSON (None without --by, or where the field is not stated)."""
    name: str
    """The value as a person reads it: 'Acme', 'legal, health', '(not stated)'; '' without --by."""
    profiles: tuple[Profile, ...]


@dataclass(frozen=True, slots=True)
class Respondents:
    """What was read: the groups of valid profiles, and how many records were read and how many were invalid."""

    groups: tuple[Group, ...]
    read: int
    invalid: int

    @property
    def assessed(self) -> int:
        return sum(len(g.profiles) for g in self.groups)

    @property
    def duplicate_ids(self) -> list[str]:
        """The ids that more than one valid profile has, each once, in the order their second holder was read."""
        seen: set[str] = set()
        twice: dict[str, None] = {}
        for group in self.groups:
            for profile in group.profiles:
                profile_id = profile.id or ""  # never empty: a profile without an id is named by where it was read
                if profile_id in seen:
                    twice[profile_id] = None
                seen.add(profile_id)
        return list(twice)

    def summary(self, by: str | None) -> str:
        """'10 profiles read, 9 assessed, 1 invalid; 2 groups by organization.name'."""
        said = text("group_command.read", n=self.read, assessed=self.assessed, invalid=self.invalid)
        if by is not None:
            said += text("group_command.groups_by", n=len(self.groups), by=by)
        return said


def group_fields(rules: Rules) -> tuple[str, ...]:
    """The dotted profile fields a group can be split by."""
    tested = [name for name in field_specs(rules.use_case_ids) if name not in DERIVED_FROM]
    return (*OWN_FIELDS, *tested)


def field_reader(path: str, rules: Rules) -> Callable[[Profile], Any]:
    """A function giving a profile's value of the dotted field `path` (a usage error when no profile has it)."""
    known = group_fields(rules)
    if path not in known:
        close = difflib.get_close_matches(path, known, n=1)
        hint = text("group_command.did_you_mean", field=close[0]) if close else ""
        raise UsageError(text("group_command.no_field", path=path, hint=hint))
    if path in OWN_FIELDS:
        section, _, name = path.rpartition(".")

        def own(profile: Profile) -> Any:
            holder = getattr(profile, section) if section else profile
            return getattr(holder, name) if holder is not None else None

        return own
    ids = rules.use_case_ids
    return lambda profile: profile_facts(profile, ids)[path]


def value_words(value: Any) -> str:
    """A field's value as a person reads it."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    return str(value)


def read_respondents(
    inputs: list[str], rules: Rules, by: str | None, report: Callable[[dict[str, Any]], None]
) -> Respondents:
    """Every profile of the inputs, validated for `rules` and split by the field `by` (one group without it), in
    the order each value first appears; `report` gets the error line of each invalid or unreadable record."""
    value_of = field_reader(by, rules) if by is not None else None
    paths = expand_inputs(inputs)
    found: dict[bytes, tuple[Any, list[Profile]]] = {}
    read = invalid = 0

    def unreadable(record: Record, message: str) -> None:
        nonlocal read, invalid
        read += 1
        invalid += 1
        report(error_line(record, [Problem("", message, code="file.unreadable")]))

    for record in records(paths, unreadable):
        read += 1
        loaded = load_record(record, rules)
        if not isinstance(loaded, Profile):
            invalid += 1
            report(loaded)
            continue
        value = value_of(loaded) if value_of is not None else None
        found.setdefault(orjson.dumps(value, option=orjson.OPT_SORT_KEYS), (value, []))[1].append(loaded)
    groups = tuple(
        Group(value, value_words(value) if by is not None else "", tuple(profiles))
        for value, profiles in found.values()
    )
    return Respondents(groups, read, invalid)
