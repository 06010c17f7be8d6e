"""Duties by jurisdiction (advisor/core/law.py): where a duty would apply, and a practice that applies everywhere."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "law.everywhere": "everywhere",
    "law.cited": "{title} {article}",
    "law.applies_if.region": "if you operate in {place} or your output is used there",
    "law.applies_if.country": "if you operate in {place} or your output is used there",
    "law.applies_if.within": "if your organisation or its output reaches {place}",
    "law.applies_if.region.operating": "if you operate in {place}",
    "law.applies_if.country.operating": "if you operate in {place}",
    "law.applies_if.within.operating": "if your organisation is in {place}",
    "law.applies_if.provider": "if you offer an AI system to others under your own name",
    "law.applies_if.both": "{place}, and {role}",
    # a vetoed practice, named as the profile stated it with the law that bans it
    "veto.practice.referenced": "{label} ({reference})",
    "veto.practice.named": "{practice}: {named}",
    "veto.practice.unnamed": "a practice that is not acceptable",
    # advisor rules show --law
    "law_table.heading": "Duties of the rules {name}: {count}; the law was last checked on {checked}",
    "law_table.not_checked": "no date given",
    "law_table.column.duty": "Duty",
    "law_table.column.law": "Law",
    "law_table.column.jurisdiction": "Where it is law",
    "law_table.column.binds": "Binds",
    "law_table.column.applies": "Applies",
    "law_table.column.source": "Source",
    "law_table.until": "{start} to {end}",
    "law_table.checked": "checked {date}",
    "law_table.kind.law": "law",
    "law_table.kind.guidance": "professional guidance",
    "law_table.kind.practice": "good practice",
    "law_table.role.deployer": "deployers",
    "law_table.role.provider": "providers",
    "law_table.role.controller": "controllers",
    "law_table.role.processor": "processors",
    "law_table.role.covered_entity": "covered entities",
    "law_table.role.business_associate": "business associates",
    "law_table.role.financial_institution": "financial institutions",
    "law_table.role.employer": "employers",
    "law_table.role.lawyer": "lawyers",
    "law_table.role.organisation": "any organisation",
}
