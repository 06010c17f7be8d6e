"""Duties by jurisdiction (advisor/core/law.py): where a duty would apply, and a practice that applies everywhere."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "law.everywhere": "everywhere",
    "law.applies_if.region": "if you operate in {place} or your output is used there",
    "law.applies_if.country": "if you operate in {place} or your output is used there",
    "law.applies_if.within": "if your organisation or its output reaches {place}",
    # a vetoed practice, named as the profile stated it with the law that bans it
    "veto.practice.referenced": "{label} ({reference})",
    "veto.practice.named": "{practice}: {named}",
    "veto.practice.unnamed": "a practice that is not acceptable",
}
