"""Duties by jurisdiction in every view (terminal, report, web): the groups, the facts line, whom a duty binds, the
law_checked warning, and where and who the profile stated."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "duties.group.applies": "Duties that apply",
    "duties.group.applies_if": "Would apply if the place or role holds",
    "duties.group.applies_from": "Applies later",
    "duties.status.applies": "applies",
    "duties.status.applies_if": "would apply if the place or role holds",
    "duties.facts": "{law} · {jurisdiction} · binds {binds} · from {applies_from} · source {source}",
    "duties.would_apply": "Would apply {condition}",
    "duties.who": "and {who}",
    "duties.applies_from": "applies from {date}",
    "duties.kind.law": "law",
    "duties.kind.guidance": "professional guidance, not law",
    "duties.kind.practice": "good practice, not law",
    "duties.binds.deployer": "deployers",
    "duties.binds.provider": "providers",
    "duties.binds.controller": "controllers",
    "duties.binds.processor": "processors",
    "duties.binds.covered_entity": "covered entities",
    "duties.binds.business_associate": "business associates",
    "duties.binds.financial_institution": "financial institutions",
    "duties.binds.employer": "employers",
    "duties.binds.lawyer": "lawyers",
    "duties.binds.organisation": "any organisation",
    "duties.law_checked.stale": (
        "The law behind these duties was last checked on {checked}, more than {days} days before {date}: "
        "it may have changed since."
    ),
    # where and who the profile stated (the report's context section)
    "duties.stated.regions": "Where you operate",
    "duties.stated.countries": "Countries",
    "duties.stated.output_regions": "Where your output is used",
    "duties.stated.role": "Your role under the EU AI Act",
    "duties.stated.not_stated": "not stated",
    "duties.stated.where_you_operate": "where you operate (not stated separately)",
    "duties.stated.provider": "provider: you offer an AI system under your own name",
    "duties.stated.deployer": "deployer: you use others' AI systems",
    "report.answers.field.output_regions": "Output regions",
    "report.answers.field.offers_ai_system": "Offers AI system",
}
