"""Counts with the noun that agrees with them (advisor/words/counts.py)."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "count.profile": Plural("{n} profile", "{n} profiles"),
    "count.use_case": Plural("{n} use case", "{n} use cases"),
    "count.group": Plural("{n} group", "{n} groups"),
    "count.respondent": Plural("{n} respondent", "{n} respondents"),
    "count.more_use_case": Plural("{n} more use case", "{n} more use cases"),
    "count.more_problem": Plural("{n} more problem", "{n} more problems"),
    "count.invalid_of": Plural("{n} of {total} is invalid", "{n} of {total} are invalid"),
}
