"""The words of `advisor rules show` that are not the rules' own: the operators of a condition written for people
and the name of a context rule's effect."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "rules_show.operator.in": "is one of",
    "rules_show.operator.not_in": "is none of",
    "rules_show.operator.contains": "contains",
    "rules_show.operator.contains_any": "contains any of",
    "rules_show.operator.outside": "holds a value other than",
    "rules_show.effect.modifier": "modifier",
    "rules_show.effect.veto": "veto",
    "rules_show.effect.obligation": "obligation",
    "rules_show.effect.flag": "flag",
}
