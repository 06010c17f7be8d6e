"""Readiness per dimension (advisor/core/readiness.py): the dimensions' and levels' names, the lines that say them."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "readiness.dimension.data": "Data",
    "readiness.dimension.skills": "Skills",
    "readiness.dimension.governance": "Governance",
    "readiness.dimension.infrastructure": "Infrastructure",
    "readiness.dimension.budget": "Budget",
    "readiness.level.low": "low",
    "readiness.level.partial": "partial",
    "readiness.level.ready": "ready",
    "readiness.level.not_stated": "not stated",
    "readiness.heading": "Readiness per dimension",
    "readiness.line": "  {dimension}: {level}. {reason}",
    "readiness.raise": "    To raise it: {raise_}",
    "problem.rules.readiness_dimensions.last": (
        "every level but the last needs a condition (when), and the last has none"
    ),
    "problem.rules.readiness_dimensions.all": "list every dimension once, in this order: {dimensions}",
    "problem.rules.readiness_dimensions.field": "'{field}' is not a field of a profile's context",
}
