"""Which duties a profile meets, where and from when. Pure.

A duty counts where its jurisdiction is law for the organisation: where it operates (`organization.regions`, and
`organization.countries` inside a region) or where its output is used (`context.output_regions`, by default where it
operates). Each jurisdiction is reached ('yes'), maybe reached ('possible': North America without a stated country, a
state or city inside a reached country), not known ('unknown': where it operates is not stated) or not reached ('no').
A duty whose trigger holds then `applies`, or `applies_if` (it would apply if the organisation is there), or
`applies_from` a later date; one past its `applies_until` is dropped, as is one in a jurisdiction not reached.
`provider` duties need the profile to say it offers an AI system under its own name (else: a deployer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from typing import Any, Literal

from advisor.core.context_rules import compiled_all
from advisor.core.duties import Duty, Jurisdiction
from advisor.core.messages import DataText, Message
from advisor.core.places import regions
from advisor.core.profile import Profile
from advisor.core.rules import Rules, remember

Reach = Literal["yes", "possible", "unknown", "no"]
Status = Literal["applies", "applies_if", "applies_from"]
_ORDER: dict[Reach, int] = {"yes": 3, "possible": 2, "unknown": 1, "no": 0}


@dataclass(frozen=True, slots=True)
class DutyEntry:
    """A duty the profile meets: what to do, the law, where and for whom, from when, and whether it surely applies."""

    rule: str
    title: DataText
    text: DataText
    rationale: DataText
    source: str
    law: Message
    """The law and its article: 'GDPR Art. 35(3)(b)', each a text of the rules (said in the reader's language)."""
    kind: str
    jurisdiction: str
    jurisdiction_title: DataText | Message
    binds: tuple[str, ...]
    applies_from: dt.date
    applies_until: dt.date | None
    checked: dt.date
    status: Status
    condition: Message | None
    """For `applies_if`: the place that would make it apply ('if you operate in the EU or your output is used there'),
    with who it binds when the duty says ('if you are a HIPAA covered entity or business associate')."""
    who: DataText | None = None

    def to_dict(self) -> dict[str, Any]:
        """The obligations entry of assessment JSON v1, for a duty."""
        return {
            "rule": self.rule,
            "title": self.title,
            "text": self.text,
            "rationale": self.rationale,
            "source": self.source,
            "law": self.law,
            "kind": self.kind,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_title": self.jurisdiction_title,
            "binds": list(self.binds),
            "applies_from": self.applies_from.isoformat(),
            "applies_until": self.applies_until.isoformat() if self.applies_until else None,
            "checked": self.checked.isoformat(),
            "status": self.status,
            "condition": self.condition,
            "who": self.who,
        }


def reach(profile: Profile, place: Jurisdiction, through_output: bool = False) -> Reach:
    """Whether the law of `place` reaches the organisation from where it operates, and, for a law that follows the
    output (`through_output`: the EU AI Act, Art. 2(1)(c)), from where its output is used."""
    operating, countries = profile.organization.regions, profile.organization.countries
    found = _operating_reach(place, operating, countries or [])
    if through_output:
        found = max(found, _output_reach(place, profile.context.output_regions or []), key=_ORDER.__getitem__)
    if found == "no" and operating is None:
        return "unknown"
    return found


def _operating_reach(place: Jurisdiction, operating: list[str] | None, countries: list[str]) -> Reach:
    if operating is None:
        return "unknown"
    if place.region is not None and place.region in operating:
        return "yes"
    by_country = regions().by_country
    if any(country in countries for country in place.countries):
        return "possible" if place.within else "yes"
    # a region that holds the law's country, with no country of it stated: it may be there. A country-based law
    # counts its own country only (not the territories it also covers: Guam does not make Asia-Pacific the US); a
    # region-based one the countries it also covers (Norway makes Other Europe maybe in the EEA)
    found: Reach = "no"
    for country in (place.country,) if place.country else place.also:
        region = by_country.get(country)
        if region in operating and not any(by_country.get(c) == region for c in countries):
            found = "possible"
    return found


def _output_reach(place: Jurisdiction, used: list[str]) -> Reach:
    if place.region is not None and place.region in used:
        return "yes"
    by_country = regions().by_country
    counted = (place.country,) if place.country else place.also
    return "possible" if any(by_country.get(country) in used for country in counted) else "no"


def duties_met(profile: Profile, facts: dict[str, Any], rules: Rules, as_of: dt.date | None) -> tuple[DutyEntry, ...]:
    """The duties whose trigger holds for `facts` and whose jurisdiction may reach the organisation, on `as_of` (None:
    the date is not known, so no duty is held back or dropped by its dates)."""
    here, triggers = _duties_here(profile, rules, as_of)
    return tuple(compress(here, triggers(facts)))  # each duty that can apply here, whose trigger holds


_Here = tuple[tuple[DutyEntry, ...], Callable[[dict[str, Any]], tuple[bool, ...]]]


def _duties_here(profile: Profile, rules: Rules, as_of: dt.date | None) -> _Here:
    """The entry of each duty that can apply where the profile operates, for its role and on the date (not: a duty
    that does not bind that role, is no longer in force or does not reach there), should its trigger hold, in the
    rules' order; with those duties' triggers as one function of the facts, in the same order. These few values recur
    in a batch, the triggers' facts much less: each such table is made once."""
    # the models' fields read from their __dict__ (a pydantic model's attribute read takes CPython's slow path, its
    # class defines __getattr__): this key is made for every assessment
    read = profile.__dict__
    organization, context = read["organization"].__dict__, read["context"].__dict__
    regions_, countries, used = organization["regions"], organization["countries"], context["output_regions"]
    key = (
        context["offers_ai_system"],
        as_of,
        tuple(regions_) if regions_ is not None else None,
        tuple(countries) if countries is not None else None,
        tuple(used) if used is not None else None,
    )
    table = rules.memos["duties by place"]
    found: _Here | None = table.get(key)
    if found is None:
        reached_by: dict[tuple[str, bool], Reach] = {}  # several duties share a jurisdiction
        made = [_duty_here(did, duty, profile, rules, as_of, reached_by) for did, duty in rules.duties.items()]
        can_apply = tuple(i for i, entry in enumerate(made) if entry is not None)
        here = tuple(entry for entry in made if entry is not None)
        found = remember(table, key, (here, _triggers(rules, can_apply)))
    return found


def _triggers(rules: Rules, which: tuple[int, ...]) -> Callable[[dict[str, Any]], tuple[bool, ...]]:
    """The triggers of the duties `which` (their places in the rules' order) as one function of the facts: whether
    each holds, in that order. Only the duties that can apply where a profile is are tested (a batch meets a few such
    sets: each is compiled once)."""
    table = rules.memos["duty triggers"]
    found: Callable[[dict[str, Any]], tuple[bool, ...]] | None = table.get(which)
    if found is None:
        duties = tuple(rules.duties.values())
        found = remember(table, which, compiled_all([duties[i].when for i in which]))
    return found


def _duty_here(
    did: str,
    duty: Duty,
    profile: Profile,
    rules: Rules,
    as_of: dt.date | None,
    reached_by: dict[tuple[str, bool], Reach],
) -> DutyEntry | None:
    """The duty's entry for the profile's places and role on `as_of`, should its trigger hold; None when it cannot
    apply (a provider's duty for a deployer, a duty no longer in force, a jurisdiction not reached)."""
    if duty.binds == ["provider"] and profile.context.offers_ai_system is False:
        return None  # a provider's duty; the profile says it deploys others' systems
    if as_of is not None and duty.applies_until is not None and as_of > duty.applies_until:
        return None
    place = rules.jurisdictions.get(duty.jurisdiction)
    if place is None:  # `any`: a practice, everywhere
        reached: Reach = "yes"
    else:
        known = (duty.jurisdiction, duty.through_output)
        reached = reached_by.get(known) or reached_by.setdefault(known, reach(profile, place, duty.through_output))
    if reached == "no":
        return None
    role_unknown = duty.binds == ["provider"] and profile.context.offers_ai_system is not True  # not said it offers one
    status: Status = "applies" if reached == "yes" and not role_unknown else "applies_if"
    if as_of is not None and as_of < duty.applies_from:
        status = "applies_from"
    key = (did, status, reached == "yes", role_unknown)
    entries = rules.memos["duty_entries"]  # an entry depends on the duty, its status, what is not known of place and role
    entry: DutyEntry | None = entries.get(key)
    if entry is None:
        entry = entries.put(key, _entry(did, duty, place, status, reached, role_unknown))
    return entry


def _entry(
    did: str, duty: Duty, place: Jurisdiction | None, status: Status, reached: Reach, role_unknown: bool
) -> DutyEntry:
    title = _text(did, "title", duty.title)
    where: DataText | Message = (
        DataText(f"rules.jurisdictions.{duty.jurisdiction}.title", place.title) if place else Message.of("law.everywhere")
    )
    condition = None
    if reached != "yes" and place is not None:
        kind = "within" if place.within else "region" if place.region else "country"
        if not duty.through_output:
            kind += ".operating"  # the law reaches where the organisation is, not where its output goes
        condition = Message.of(f"law.applies_if.{kind}", place=where)
    if role_unknown:
        role = Message.of("law.applies_if.provider")
        condition = role if condition is None else Message.of("law.applies_if.both", place=condition, role=role)
    return DutyEntry(
        rule=did,
        title=title,
        text=_text(did, "step", duty.step),
        rationale=_text(did, "rationale", duty.rationale),
        source=duty.source,
        law=Message.of(
            "law.cited",
            title=_text(did, "law.title", duty.law.title),
            article=_text(did, "law.article", duty.law.article),
        ),
        kind=duty.kind,
        jurisdiction=duty.jurisdiction,
        jurisdiction_title=where,
        binds=tuple(duty.binds),
        applies_from=duty.applies_from,
        applies_until=duty.applies_until,
        checked=duty.checked,
        status=status,
        condition=condition,
        who=_text(did, "condition", duty.condition) if duty.condition else None,
    )


def _text(did: str, field: str, english: str) -> DataText:
    """A duty's text by its id in the rules (`rules.duties.<duty>.<field>`), with its English."""
    return DataText(f"rules.duties.{did}.{field}", english)
