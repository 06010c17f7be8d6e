"""Profile facts: the profile as the flat, dotted facts that rule conditions test, the facts derived from other
answers (organization.in_eu) and what each fact may hold (`field_specs`). Pure.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from advisor.core.conditions import FieldSpec
from advisor.core.messages import Message
from advisor.core.places import base_language, canonical_country, canonical_language, canonical_region, regions
from advisor.core.profile import Context, Need, Organization, Profile

IN_EU: tuple[str, ...] = ("yes", "no", "not_stated")
"""Values of the derived fact organization.in_eu: a region or the residency puts the organisation in the EU, or not,
or the profile does not say where it operates."""
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "organization.in_eu": ("organization.regions", "context.output_regions")
}
"""Profile facts computed from other fields, with the fields they are computed from."""


def field_specs(use_case_ids: tuple[str, ...]) -> dict[str, FieldSpec]:
    """Every dotted profile field a rule may test, with what it holds (values, range, list or not), from the models."""
    fields = {"priorities_confidence": _spec_of(Profile, "priorities_confidence")}
    for section, model in (("organization", Organization), ("context", Context)):
        fields |= {f"{section}.{name}": _spec_of(model, name) for name in model.model_fields}
    fields["organization.regions"] = FieldSpec(
        "text", frozenset(regions().names), is_list=True, standard=canonical_region
    )
    fields["context.output_regions"] = FieldSpec(
        "text", frozenset(regions().names), is_list=True, standard=canonical_region
    )
    fields["organization.countries"] = FieldSpec("text", is_list=True, standard=canonical_country)
    fields["context.languages"] = FieldSpec(
        "text",
        is_list=True,
        standard=_base_language_of,
        described=Message.of("condition.takes.base_languages"),
    )
    fields["organization.in_eu"] = FieldSpec("text", frozenset(IN_EU))
    for uid in use_case_ids:
        fields[f"needs.{uid}.importance"] = _spec_of(Need, "importance")
        fields[f"needs.{uid}.volume"] = _spec_of(Need, "volume")
    return fields


def profile_facts(
    profile: Profile, use_case_ids: tuple[str, ...], no_volume: frozenset[str] = frozenset({"none"})
) -> dict[str, Any]:
    """The profile as flat facts for rule conditions: dotted field -> value.

    A use case left out, or needed at a volume in `no_volume` (volume factor 0), has importance 0: a need with no
    content fires no rule. Languages are compared by base language (en-GB is English); `organization.in_eu` says
    whether a region or the data residency puts the organisation in the EU.
    """
    # the models' fields are read from their __dict__: an attribute of a pydantic model (a class with __getattr__)
    # takes the interpreter's slow path, a dict's item does not
    confidence, organization, context, needs = _PROFILE_VALUES(profile.__dict__)
    organization, context = organization.__dict__, context.__dict__
    blank, keys = _blank_facts(use_case_ids)
    facts = blank.copy()  # every key in place, each need not stated: filled in below without growing the dict
    facts.update(zip(_PROFILE_KEYS, (confidence, *_ORGANIZATION_VALUES(organization), *_CONTEXT_VALUES(context))))
    languages = context["languages"]
    if languages:
        facts["context.languages"] = list(dict.fromkeys(base_language(tag) for tag in languages))
    facts["organization.in_eu"] = _in_eu(organization["regions"], context["output_regions"])
    for uid, need in needs.items():
        found = keys.get(uid)
        if found is not None:
            stated = need.__dict__
            volume = stated["volume"]
            facts[found[0]] = 0 if volume in no_volume else stated["importance"]
            facts[found[1]] = volume
    return facts


def _base_language_of(tag: str) -> str:
    """The base language a rule compares for `tag`: `en-GB` -> `en`, `cmn` -> `zh`; ValueError for no language."""
    return base_language(canonical_language(tag))


def _in_eu(stated: list[str] | None, used: list[str] | None) -> str:
    """'yes' when the EU AI Act reaches the organisation: it operates in the EU (`stated`) or its output is used there
    (`used`, Art. 2(1)(c)); 'no' when it says where it operates and neither holds; else 'not_stated'. Keeping data in
    the EU says nothing of where the organisation or its output is."""
    if (stated and "EU" in stated) or (used and "EU" in used):
        return "yes"
    return "no" if stated else "not_stated"


_ORGANIZATION_KEYS = tuple(f"organization.{name}" for name in Organization.model_fields)
_ORGANIZATION_VALUES = operator.itemgetter(*Organization.model_fields)
_CONTEXT_KEYS = tuple(f"context.{name}" for name in Context.model_fields)
_CONTEXT_VALUES = operator.itemgetter(*Context.model_fields)
_PROFILE_KEYS = ("priorities_confidence", *_ORGANIZATION_KEYS, *_CONTEXT_KEYS)
"""The facts a profile states itself, in the order of `_PROFILE_VALUES` then both models' fields: filled in at once."""
_PROFILE_VALUES = operator.itemgetter("priorities_confidence", "organization", "context", "needs")


@functools.lru_cache(maxsize=64)  # one entry per rules in use: bounded all the same (a server may see many)
def _blank_facts(use_case_ids: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """The facts of a profile in the order `profile_facts` gives them, every use case not needed (importance 0, volume
    none) and the rest not filled in yet; and each use case's two keys."""
    keys = {uid: (f"needs.{uid}.importance", f"needs.{uid}.volume") for uid in use_case_ids}
    blank: dict[str, Any] = dict.fromkeys(("priorities_confidence", *_ORGANIZATION_KEYS, *_CONTEXT_KEYS))
    blank["organization.in_eu"] = None
    for importance, volume in keys.values():
        blank[importance], blank[volume] = 0, "none"
    return blank, keys


def _spec_of(model: type[BaseModel], name: str) -> FieldSpec:
    info = model.model_fields[name]
    return _spec(info.annotation, list(info.metadata))


def _spec(annotation: Any, metadata: list[Any]) -> FieldSpec:
    """What a type holds: Literal values, true/false, a number within its bounds, text, or a list of these."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extra = typing.get_args(annotation)
        return _spec(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _spec(options[0], metadata) if len(options) == 1 else FieldSpec()
    if origin is list:
        return dataclasses.replace(_spec(typing.get_args(annotation)[0], []), is_list=True)
    if origin is Literal:
        values = frozenset(typing.get_args(annotation))
        return FieldSpec("text" if all(isinstance(v, str) for v in values) else "any", values)
    if annotation is bool:
        return FieldSpec("bool", frozenset({True, False}))
    if annotation in (int, float):
        bounds = _bounds(metadata)
        return FieldSpec("number", low=bounds.get("low"), high=bounds.get("high"), whole=annotation is int)
    if annotation is str:
        stripped = any(getattr(item, "strip_whitespace", False) for item in metadata)
        return FieldSpec("text", standard=_stripped if stripped else None)
    return FieldSpec()


def _stripped(text: str) -> str:
    """Text as a profile keeps it, without surrounding spaces; ValueError when nothing is left."""
    if not text.strip():
        raise ValueError("empty text")
    return text.strip()


def _bounds(metadata: list[Any]) -> dict[str, float]:
    """The lower and upper bound a number's constraints (annotated-types or a Field) set."""
    found: dict[str, float] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found |= _bounds(list(item.metadata))
        for attribute, end in (("ge", "low"), ("gt", "low"), ("le", "high"), ("lt", "high")):
            value = getattr(item, attribute, None)
            if isinstance(value, (int, float)):
                found[end] = value
    return found
