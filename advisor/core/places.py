"""Regions and languages as a profile may spell them, reduced to one canonical form each.

Equivalent spellings must give the same advice: `Germany`, `DE`, `deu` and `European Union` all mean the region EU;
`en-GB`, `EN` and `eng` all mean English; `cmn` (Mandarin) is `zh`. Regions and their countries are data
(`rules/regions.yaml`); countries and languages come from ISO 3166 (pycountry) and BCP 47 / ISO 639 (langcodes),
imported only when a spelling needs them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from advisor.core.errors import Refused
from advisor.core.messages import Message
from advisor.core.resources import bundled_dir


@dataclass(frozen=True, slots=True)
class Regions:
    """The canonical regions, and every spelling that names one of them (lower-cased)."""

    names: tuple[str, ...]
    titles: dict[str, str]
    by_spelling: dict[str, str]
    by_country: dict[str, str]
    unassigned: frozenset[str]
    country_names: dict[str, str]
    """Everyday names of countries that ISO 3166 spells otherwise (lower-cased) -> alpha-2 code."""
    country_aliases: dict[str, str]
    """Names of a region here that stand for one country under `countries` (lower-cased): UK -> GB."""


@functools.cache
def regions() -> Regions:
    """The bundled regions table (read once)."""
    text = (bundled_dir("rules") / "regions.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when present: same data
    by_spelling: dict[str, str] = {}
    by_country: dict[str, str] = {}
    for name, region in data["regions"].items():
        for spelling in (name, region["title"], *region.get("synonyms", [])):
            by_spelling[str(spelling).casefold()] = name
        for country in region["countries"]:
            by_country[str(country)] = name
    country_names = {str(spelling).casefold(): str(country) for spelling, country in data.get("country_names", {}).items()}
    for spelling, country in country_names.items():
        by_spelling.setdefault(spelling, by_country[country])
    names = tuple(data["regions"])
    titles = {name: region["title"] for name, region in data["regions"].items()}
    aliases = {str(spelling).casefold(): str(country) for spelling, country in data.get("country_aliases", {}).items()}
    unassigned = frozenset(data.get("unassigned", []))
    return Regions(names, titles, by_spelling, by_country, unassigned, country_names, aliases)


@functools.lru_cache(maxsize=4096)  # a batch repeats the same few spellings; errors are not cached
def canonical_region(spelling: str) -> str:
    """The region `spelling` names (a region, a synonym or a country); ValueError naming the allowed values."""
    table = regions()
    key = spelling.strip().casefold()
    if key in table.by_spelling:
        return table.by_spelling[key]
    import pycountry  # only for spellings that are not a region's own

    try:
        country = pycountry.countries.lookup(spelling.strip())
    except LookupError:
        country = None
    if country is not None and country.alpha_2 in table.by_country:
        return table.by_country[country.alpha_2]
    if country is not None:
        raise Refused(Message.of("problem.place.country_unassigned", country=country.name))
    raise Refused(Message.of("problem.place.region_unknown", spelling=spelling, regions=", ".join(table.names)))


@functools.lru_cache(maxsize=4096)  # a batch repeats the same few spellings; errors are not cached
def canonical_country(spelling: str) -> str:
    """The ISO 3166 alpha-2 code of the country `spelling` names (Germany, DE, DEU, de); Refused when none."""
    code = country_of(spelling)
    if code is None:
        raise Refused(Message.of("problem.place.country_unknown", spelling=spelling))
    return code


@functools.lru_cache(maxsize=4096)  # a batch repeats the same few spellings, and pycountry's lookup is slow
def country_of(spelling: str) -> str | None:
    """The alpha-2 code of a country's name or code, or None when `spelling` names no country (a region, a typo)."""
    key = spelling.strip()
    table = regions()
    named = (table.country_names.get(key.casefold()) or table.country_aliases.get(key.casefold())) if key else None
    if named is not None:
        return named
    import pycountry  # only for spellings that are not a region's own

    try:
        return str(pycountry.countries.lookup(key).alpha_2) if key else None
    except LookupError:
        return None


def is_region_name(spelling: str) -> bool:
    """Whether `spelling` names a region itself (EU, European Union, APAC), not a country standing for one."""
    key = spelling.strip().casefold()
    table = regions()
    return key in table.by_spelling and key not in table.country_names


@functools.lru_cache(maxsize=4096)  # a batch repeats the same few tags; errors are not cached
def canonical_language(tag: str) -> str:
    """`tag` as a standard BCP 47 tag (`EN` -> `en`, `eng` -> `en`, `pt_br` -> `pt-BR`); ValueError when unknown.

    A language inside a macrolanguage is named by the macrolanguage, as BCP 47 prefers for these (`cmn` Mandarin ->
    `zh`, `arb` Standard Arabic -> `ar`, `swh` -> `sw`), and deprecated codes by their replacements (`iw` -> `he`):
    one language, one tag, so that rules reading languages treat every spelling alike."""
    import langcodes

    try:
        language = langcodes.Language.get(tag.strip())
    except ValueError:  # langcodes.LanguageTagError among them
        language = None
    if language is None or not language.language or language.language == "und" or not language.is_valid():
        raise Refused(Message.of("problem.place.language_unknown", tag=tag))
    return str(language.prefer_macrolanguage().to_tag())


def base_language(tag: str) -> str:
    """The language of a canonical tag without region or script: `en-GB` -> `en`, `zh-Hans` -> `zh`."""
    return tag.split("-", 1)[0]
