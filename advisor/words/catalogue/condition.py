"""A condition written for people (advisor/core/condition_text.py): `needs.art.importance ≥ 3`, `context.deployment
is one of saas, private_cloud`; the symbol operators (=, ≠, <, ≤, >, ≥) are the same in every language."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "condition.comparison": "{subject} {operator} {value}",
    "condition.and": "{left} and {right}",
    "condition.or": "{left} or {right}",
    "condition.bracketed": "({condition})",
    "condition.none": "(no condition)",
    "condition.operator.in": "is one of",
    "condition.operator.not_in": "is none of",
    "condition.operator.contains": "contains",
    "condition.operator.contains_any": "contains any of",
    "condition.operator.outside": "holds a value other than",
    # what a condition's subject takes (a problem says it when a condition can never hold)
    "condition.takes.boolean": "true or false",
    "condition.takes.values": "{values}",
    "condition.takes.whole.range": "a whole number from {low} to {high}",
    "condition.takes.number.range": "a number from {low} to {high}",
    "condition.takes.whole.at_least": "a whole number of at least {low}",
    "condition.takes.number.at_least": "a number of at least {low}",
    "condition.takes.whole": "a whole number",
    "condition.takes.number": "a number",
    "condition.takes.text": "text",
    "condition.takes.any": "any value",
    "condition.takes.base_languages": "base language codes such as en, de or zh (rules compare en-GB as en)",
}
