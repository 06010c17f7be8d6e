"""Changes to profile data, applied before validation (so they pass the same checks): `--set PATH=VALUE` on the
command line, `{"changes": {PATH: VALUE}}` in the JSON API; each refusal is worded for the one that sent it."""

from __future__ import annotations

import copy
from typing import Any

import orjson

from advisor.core import jsondata
from advisor.core.errors import UsageError
from advisor.words.text import text


def parse_setting(setting: str) -> tuple[list[str], Any]:
    """Split 'needs.art.importance=5' into a path and a value; the value is read as JSON when it is JSON (5, true,
    ["de","en"] for a list), else as text."""
    path, sep, raw = setting.partition("=")
    keys = path.strip().split(".")
    if not sep or not all(keys):
        raise UsageError(text("edge.set.expected", setting=repr(setting)))
    try:
        value = jsondata.loads(raw)
    except orjson.JSONDecodeError:
        value = raw  # a bare word such as high or saas
    except jsondata.DuplicateKeys as exc:
        inner = exc.duplicates[0].path
        where = ".".join(keys) + ("" if inner.startswith("[") else ".") + inner
        raise UsageError(text("edge.set.duplicate_key", setting=repr(setting), where=where)) from None
    return keys, value


def apply_settings(data: dict[str, Any], settings: list[str]) -> dict[str, Any]:
    """A copy of `data` with every `--set` setting applied in order; objects on the way are created as needed."""
    result = copy.deepcopy(data)
    for setting in settings:
        keys, value = parse_setting(setting)
        problem = _place(result, keys, value)
        if problem:
            raise UsageError(text("edge.set.problem", setting=repr(setting), problem=problem))
    return result


def apply_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` with each change (dotted path -> value) applied in order; a refusal names the change."""
    result = copy.deepcopy(data)
    for path, value in changes.items():
        problem = _place(result, path.split("."), copy.deepcopy(value))
        if problem:
            raise UsageError(text("edge.set.change_problem", path=repr(path), problem=problem))
    if "organization.regions" in changes and "organization.countries" not in changes:
        _keep_countries_of_regions(result)
    return result


def _keep_countries_of_regions(data: dict[str, Any]) -> None:
    """After a change of where the organisation operates, the countries it stated outside the new regions are
    dropped: they would bring their regions back (a US clinic moved to the UK is no longer in the US)."""
    from advisor.core.places import canonical_region, country_of

    organization = data.get("organization")
    if not isinstance(organization, dict) or not isinstance(organization.get("countries"), list):
        return
    try:
        new = {canonical_region(r) for r in organization.get("regions") or [] if isinstance(r, str)}
    except ValueError:
        return  # a region the profile's validation will name
    kept = []
    for country in organization["countries"]:
        code = country_of(country) if isinstance(country, str) else None
        if code is None or canonical_region(code) in new:
            kept.append(country)
    if kept:
        organization["countries"] = kept
    else:
        del organization["countries"]


def _place(data: dict[str, Any], keys: list[str], value: Any) -> str | None:
    """Set `value` at `keys` in `data`, creating objects on the way; what stops it, if anything."""
    target = data
    for depth, key in enumerate(keys[:-1]):
        child = target.get(key)
        if child is None:  # absent or null (not stated): the setting states it
            child = target[key] = {}
        if not isinstance(child, dict):
            return text("edge.set.not_an_object", path=".".join(keys[: depth + 1]), key=repr(keys[depth + 1]))
        target = child
    target[keys[-1]] = value
    return None
