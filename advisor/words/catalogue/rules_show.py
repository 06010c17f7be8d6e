"""The words of `advisor rules show` that are not the rules' own: the name of a context rule's effect (a condition's
words are in `condition.py`)."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "rules_show.effect.modifier": "modifier",
    "rules_show.effect.veto": "veto",
    "rules_show.effect.obligation": "obligation",
    "rules_show.effect.flag": "flag",
}
