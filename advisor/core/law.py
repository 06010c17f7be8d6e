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
from dataclasses import dataclass
from typing import Any, Literal

from advisor.core.duties import Duty, Jurisdiction
from advisor.core.messages import DataText, Message
from advisor.core.places import regions
from advisor.core.profile import Profile
from advisor.core.rules import Rules

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


def reach(profile: Profile, place: Jurisdiction) -> Reach:
    """Whether the law of `place` reaches the organisation, from where it operates and where its output is used."""
    operating, countries = profile.organization.regions, profile.organization.countries
    used = profile.context.output_regions
    if place.region is not None:
        found: Reach = "yes" if place.region in (operating or ()) or place.region in (used or ()) else "no"
    else:
        found = max(_country_reach(place, operating, countries), _used_reach(place, used), key=_ORDER.__getitem__)
    if found == "no" and operating is None:
        return "unknown"
    return found


def _country_reach(place: Jurisdiction, operating: list[str] | None, countries: list[str] | None) -> Reach:
    if operating is None:
        return "unknown"
    region = regions().by_country.get(place.country or "")
    if countries and place.country in countries:
        return "possible" if place.within else "yes"
    if region not in operating:
        return "no"
    stated_there = [c for c in countries or () if regions().by_country.get(c) == region]
    return "no" if stated_there else "possible"


def _used_reach(place: Jurisdiction, used: list[str] | None) -> Reach:
    region = regions().by_country.get(place.country or "")
    return "possible" if used and region in used else "no"


def duties_met(profile: Profile, facts: dict[str, Any], rules: Rules, as_of: dt.date | None) -> tuple[DutyEntry, ...]:
    """The duties whose trigger holds for `facts` and whose jurisdiction may reach the organisation, on `as_of` (None:
    the date is not known, so no duty is held back or dropped by its dates)."""
    found = []
    offers = profile.context.offers_ai_system is True
    reached_by: dict[str, Reach] = {}  # several duties share a jurisdiction
    entries = rules.memos["duty_entries"]
    for did, duty, holds in rules.duty_tests:
        if duty.binds == ["provider"] and not offers:
            continue  # a provider's duty; the profile deploys others' systems (or does not say it offers one)
        if as_of is not None and duty.applies_until is not None and as_of > duty.applies_until:
            continue
        if not holds(facts):
            continue
        place = rules.jurisdictions.get(duty.jurisdiction)
        if place is None:  # `any`: a practice, everywhere
            reached: Reach = "yes"
        else:
            reached = reached_by.get(duty.jurisdiction) or reached_by.setdefault(duty.jurisdiction, reach(profile, place))
        if reached == "no":
            continue
        status: Status = "applies" if reached == "yes" else "applies_if"
        if as_of is not None and as_of < duty.applies_from:
            status = "applies_from"
        key = (did, status, reached == "yes")
        entry = entries.get(key)  # an entry depends on the duty, its status and whether its place is reached alone
        if entry is None:
            entry = entries.put(key, _entry(did, duty, place, status, reached))
        found.append(entry)
    return tuple(found)


def _entry(did: str, duty: Duty, place: Jurisdiction | None, status: Status, reached: Reach) -> DutyEntry:
    title = _text(did, "title", duty.title)
    where: DataText | Message = (
        DataText(f"rules.jurisdictions.{duty.jurisdiction}.title", place.title) if place else Message.of("law.everywhere")
    )
    condition = None
    if reached != "yes" and place is not None:
        kind = "within" if place.within else "region" if place.region else "country"
        condition = Message.of(f"law.applies_if.{kind}", place=where)
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
