"""Duties by jurisdiction as a reader sees them, for every view: grouped by status (applies, would apply if, applies
later), each with its law, jurisdiction, whom it binds, dates and source in words; and the law_checked warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.words import say
from advisor.words.dates import long_date
from advisor.words.numbers import integer
from advisor.words.say import join
from advisor.words.text import text

STATUSES = ("applies", "applies_if", "applies_from")
"""The order of the groups in every view."""
LAW_CHECKED_DAYS = 180
"""A report warns when the rules' law was last checked more than this many days before its date."""


def is_duty(entry: dict[str, Any]) -> bool:
    """Whether an obligations entry (assessment JSON) is a duty, not a context rule's obligation."""
    return "status" in entry and "jurisdiction" in entry


def _words(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else say(value)


def _day(value: str | dt.date) -> str:
    return long_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))


def duty_view(entry: dict[str, Any]) -> dict[str, Any]:
    """A duty's obligations entry (DutyEntry.to_dict(), said or not) in words: title, step, law, jurisdiction, whom it
    binds, from when, source, checked, its kind and, for one that would apply, the condition."""
    binds = join([text(f"duties.binds.{role}") for role in entry["binds"]])
    jurisdiction = _words(entry["jurisdiction_title"])
    applies_from = _day(entry["applies_from"])
    law = _words(entry["law"])
    condition = None
    if entry.get("condition") is not None:  # would apply if (also for one that applies later: where is not known)
        condition = text("duties.would_apply", condition=_words(entry["condition"]))
        if entry.get("who"):
            condition = f"{condition} {text('duties.who', who=_words(entry['who']))}"
    elif entry.get("who"):
        condition = _words(entry["who"])
    return {
        "rule": entry["rule"],
        "status": entry["status"],
        "title": _words(entry["title"]),
        "step": _words(entry["text"]),
        "rationale": _words(entry["rationale"]),
        "law": law,
        "kind": entry["kind"],
        "kind_words": text(f"duties.kind.{entry['kind']}"),
        "jurisdiction": jurisdiction,
        "binds": binds,
        "applies_from": applies_from,
        "applies_from_words": text("duties.applies_from", date=applies_from),
        "status_words": (
            text("duties.applies_from", date=applies_from)
            if entry["status"] == "applies_from"
            else text(f"duties.status.{entry['status']}")
        ),
        "source": entry["source"],
        "checked": _day(entry["checked"]),
        "condition": condition,
        "facts": text(
            "duties.facts", law=law, jurisdiction=jurisdiction, binds=binds, applies_from=applies_from,
            source=entry["source"],
        ),
    }


def grouped(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The duties among `entries` in words, by status in the order of STATUSES (a status with none: an empty list)."""
    views = [duty_view(e) for e in entries if is_duty(e)]
    return {status: [v for v in views if v["status"] == status] for status in STATUSES}


def law_checked_note(law_checked: dt.date | None, date: dt.date | None) -> str | None:
    """The warning that the rules' law was last checked more than LAW_CHECKED_DAYS before `date`, or None."""
    if law_checked is None or date is None or (date - law_checked).days <= LAW_CHECKED_DAYS:
        return None
    return text("duties.law_checked.stale", checked=long_date(law_checked), days=integer(LAW_CHECKED_DAYS), date=long_date(date))


