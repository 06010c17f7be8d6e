"""The respondents' answers merged into one profile, safety first: the consensus's needs and context. Pure.

Context answers that conflict are resolved to the most restrictive one (the highest data sensitivity, the lowest risk
tolerance, the strictest deployment and residency, the fewest skills, the lowest budget), lists are united (regulated
data kinds, EU AI Act areas, languages, regions), a yes/no duty applies if anyone says yes, and a governance basic
counts as in place only if nobody who answered says it is missing. Every conflict is listed with who said what.

Merging goes through tallies (counts of each answer), so that leaving one respondent out is a subtraction: the
leave-one-out analysis of a large group stays linear in its size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.core.domain import PATHS, SKILLS
from advisor.core.headline import join_words
from advisor.core.messages import Message, Number, Param
from advisor.core.messages import Words as MessageWords
from advisor.core.places import regions
from advisor.core.profile import Context, Profile

MOST_RESTRICTIVE_LAST: dict[str, tuple[Any, ...]] = {
    "data_sensitivity": ("public", "internal", "confidential", "regulated"),
    "risk_tolerance": ("high", "medium", "low"),
    "deployment": ("no_preference", *PATHS),  # the more self-managed, the fewer providers see the data
    "data_residency": ("none", "us", "uk", "eu", "in_country"),
    "ai_skills": tuple(reversed(SKILLS)),  # the fewer skills, the more cautious
    "budget": ("high", "medium", "low"),
}
"""Scalar answers in order of restriction: a conflict is resolved to the one furthest along."""
UNITED = ("regulated_data", "languages", "ai_act_areas", "output_regions")
"""List answers that are united: a kind of data, an area or a language anyone names applies."""
ANY_YES = ("publishes_outputs", "public_chatbot", "synthetic_people", "ip_indemnity", "realtime", "offers_ai_system")
"""Yes/no answers that bring duties: yes if anyone says yes."""
ALL_MUST_HAVE = ("governance",)
"""Lists of things in place: an item counts only if everyone who answered has it."""
CONFIDENCE_ORDER = ("high", "medium", "low")
"""The least sure respondent sets how widely the robustness analysis varies the consensus's priorities."""


def merge_rule(field_name: str) -> str:
    """How a context field is merged: 'restrictive', 'union', 'any_yes' or 'all_must_have' (KeyError if none)."""
    for kind, names in (
        ("restrictive", tuple(MOST_RESTRICTIVE_LAST)),
        ("union", UNITED),
        ("any_yes", ANY_YES),
        ("all_must_have", ALL_MUST_HAVE),
    ):
        if field_name in names:
            return kind
    raise KeyError(field_name)


@dataclass(frozen=True, slots=True)
class Said:
    """What one respondent stated that the merge reads: stated context fields only, needs above importance 0."""

    label: str
    organization: dict[str, Any]
    context: dict[str, Any]
    confidence: str | None
    needs: dict[str, tuple[int, str]]


def said(profile: Profile, label: str) -> Said:
    """The parts of `profile` the merge reads; a context field left out (or null) is not stated."""
    stated = {
        name: getattr(profile.context, name)
        for name in profile.context.model_fields_set
        if getattr(profile.context, name) is not None
    }
    confidence = profile.priorities_confidence if "priorities_confidence" in profile.model_fields_set else None
    needs: dict[str, tuple[int, str]] = {
        uid: (need.importance, need.volume)
        for uid, need in profile.needs.items()
        if need.importance > 0 and need.volume != "none"
    }
    return Said(label, profile.organization.model_dump(exclude_none=True), stated, confidence, needs)


@dataclass
class Tally:
    """Counts of every answer of a group; `resolve` turns them into the consensus profile's data."""

    respondents: int = 0
    names: Counter[str] = field(default_factory=Counter)
    industries: Counter[str] = field(default_factory=Counter)
    sizes: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    open_regions: Counter[str] = field(default_factory=Counter)
    """Regions a respondent named without naming a country in them: the consensus names no country there either."""
    scalars: dict[str, Counter[Any]] = field(default_factory=dict)
    items: dict[str, Counter[Any]] = field(default_factory=dict)
    stated: Counter[str] = field(default_factory=Counter)
    lists: dict[str, Counter[tuple[Any, ...]]] = field(default_factory=dict)
    """Each list answer as given: when everyone gave the same list, the consensus keeps its order."""
    confidence: Counter[str] = field(default_factory=Counter)
    importance: dict[str, Counter[int]] = field(default_factory=dict)
    volume: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, one: Said, sign: int = 1) -> None:
        """Count one respondent's answers in (`sign` 1) or out (-1)."""
        self.respondents += sign
        organization = one.organization
        self.names[organization["name"]] += sign
        for counter, key in ((self.industries, "industry"), (self.sizes, "size")):
            if key in organization:
                counter[organization[key]] += sign
        for region in organization.get("regions", ()):
            self.regions[region] += sign
        for country in organization.get("countries", ()):
            self.countries[country] += sign
        stated_in = {regions().by_country.get(c) for c in organization.get("countries", ())}
        for region in organization.get("regions", ()):
            if region not in stated_in:
                self.open_regions[region] += sign
        for key in ("regions", "countries"):
            if key in organization:
                self.lists.setdefault(key, Counter())[tuple(organization[key])] += sign
        for name, value in one.context.items():
            self.stated[name] += sign
            if isinstance(value, list):
                self.lists.setdefault(name, Counter())[tuple(value)] += sign
                for item in value:
                    self.items.setdefault(name, Counter())[item] += sign
            else:
                self.scalars.setdefault(name, Counter())[value] += sign
        if one.confidence is not None:
            self.confidence[one.confidence] += sign
        for uid, (importance, volume) in one.needs.items():
            self.importance.setdefault(uid, Counter())[importance] += sign
            self.volume.setdefault(uid, Counter())[volume] += sign

    def without(self, one: Said) -> Tally:
        """A copy with one respondent counted out."""
        copy = Tally(
            self.respondents,
            Counter(self.names),
            Counter(self.industries),
            Counter(self.sizes),
            Counter(self.regions),
            Counter(self.countries),
            Counter(self.open_regions),
            {k: Counter(v) for k, v in self.scalars.items()},
            {k: Counter(v) for k, v in self.items.items()},
            Counter(self.stated),
            {k: Counter(v) for k, v in self.lists.items()},
            Counter(self.confidence),
            {k: Counter(v) for k, v in self.importance.items()},
            {k: Counter(v) for k, v in self.volume.items()},
        )
        copy.add(one, -1)
        return copy

    def resolve(self, use_case_ids: Sequence[str]) -> dict[str, Any]:
        """The consensus profile's data: the group's organisation, needs and context, safety first."""
        organization: dict[str, Any] = {"name": _most_common(self.names)}
        for key, counter in (("industry", self.industries), ("size", self.sizes)):
            if +counter:
                organization[key] = _most_common(counter)
        if +self.lists.get("regions", Counter()):
            organization["regions"] = self._same_list("regions") or _present(self.regions)
        if +self.lists.get("countries", Counter()):
            # a country is kept unless someone named its region without a country: the law there stays "would apply"
            by_country, unsure = regions().by_country, +self.open_regions
            kept = [c for c in self._same_list("countries") or _present(self.countries) if by_country.get(c) not in unsure]
            if kept:
                organization["countries"] = kept
        context: dict[str, Any] = {}
        for name in Context.model_fields:
            if self.stated[name] <= 0:
                continue
            rule = merge_rule(name)
            if rule == "restrictive":
                order = MOST_RESTRICTIVE_LAST[name]
                context[name] = max(_present(self.scalars[name]), key=order.index)
            elif rule == "any_yes":
                context[name] = self.scalars[name][True] > 0
            elif rule == "union":
                context[name] = self._same_list(name) or _present(self.items.get(name, Counter()))
            else:  # all_must_have: held by every respondent who answered
                context[name] = self._same_list(name) or [
                    item
                    for item in _present(self.items.get(name, Counter()))
                    if self.items[name][item] == self.stated[name]
                ]
        needs = {}
        for uid in use_case_ids:
            levels = self.importance.get(uid, Counter())
            if +levels:
                needs[uid] = {"importance": _median(levels), "volume": _most_common(self.volume[uid])}
        data: dict[str, Any] = {"organization": organization, "needs": needs, "context": context}
        if +self.confidence:
            data["priorities_confidence"] = max(_present(self.confidence), key=CONFIDENCE_ORDER.index)
        return data

    def _same_list(self, name: str) -> list[Any] | None:
        """The list everyone who answered gave, in their order, when they all gave the same one (else None)."""
        given = [answer for answer, n in self.lists.get(name, Counter()).items() if n > 0]
        return list(given[0]) if len(given) == 1 else None


def tally(group: Iterable[Said]) -> Tally:
    """The counts of a group's answers."""
    counts = Tally()
    for one in group:
        counts.add(one)
    return counts


def _present(counter: Counter[Any]) -> list[Any]:
    """The values counted at least once, in the order first counted (stable across runs and respondent orders
    where it matters: callers sort or pick by rank)."""
    return sorted((value for value, n in counter.items() if n > 0), key=_sort_key)


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def _most_common(counter: Counter[Any]) -> Any:
    """The value counted most often; a tie goes to the first in sorted order, so the order of respondents is moot."""
    best = max(n for n in counter.values())
    return min((value for value, n in counter.items() if n == best), key=_sort_key)


def _median(levels: Counter[int]) -> int:
    """The median importance of those who need a use case (the lower middle one of an even count), from the counts."""
    position = (sum(n for n in levels.values() if n > 0) - 1) // 2
    for level in sorted(level for level, n in levels.items() if n > 0):
        position -= levels[level]
        if position < 0:
            return level
    raise ValueError("no importance counted")


Words = Callable[[str, Any], Param]
"""How an answer reads in a sentence: (profile field, value) -> words. By default the value as stored; the edges pass
the labels the respondents saw (`advisor.questionnaire.AnswerWords`)."""


def stored_words(field: str, value: Any) -> Param:
    """An answer as stored: 'saas', 'yes', 'policy and owner', 'none'."""
    if isinstance(value, bool):
        return Message.of("group.answer.yes" if value else "group.answer.no")
    if isinstance(value, list):
        items = tuple(str(item) for item in sorted(value, key=_sort_key))
        return MessageWords(items) if items else Message.of("group.answer.none")
    return str(value)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Respondents who answered one field differently, and how the consensus settled it."""

    field: str
    answers: dict[str, list[str]]
    resolved: Any
    message: Message
    given: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    """Each answer as stored with who gave it, the most given first (the order of `message`)."""
    unstated: int = 0
    """How many respondents did not answer the field."""

    def worded(self, words: Words = stored_words) -> Message:
        """The conflict in a sentence, each answer in `words` (`message` is it with the answers as stored)."""
        return _sentence(self.field, self.given, self.resolved, self.unstated, words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "answers": {k: list(v) for k, v in self.answers.items()},
            "resolved": self.resolved,
            "message": self.message,
        }


def _sentence(
    field: str, given: Sequence[tuple[Any, Sequence[str]]], resolved: Any, unstated: int, words: Words
) -> Message:
    said = [Message.of("group.conflict.said", n=Number(len(labels), "count"), answer=words(field, value)) for value, labels in given]
    *first, counts = said
    for one in reversed(first):
        counts = Message.of("group.conflict.counts", first=one, rest=counts)
    part, name = field.split(".", 1)
    if part == "organization":
        return Message.of("group.conflict.organization", name=name, counts=counts, taken=words(field, resolved))
    how = Message.of(f"group.conflict.how.{merge_rule(name)}")
    if unstated:
        return Message.of(
            "group.conflict.unstated", field=name.replace("_", " "), counts=counts, unstated=Number(unstated, "count"),
            resolved=words(field, resolved), how=how,
        )
    return Message.of(
        "group.conflict", field=name.replace("_", " "), counts=counts, resolved=words(field, resolved), how=how
    )


def conflicts(group: Sequence[Said], consensus: dict[str, Any]) -> tuple[Conflict, ...]:
    """Every context field the respondents answered differently, with who said what and what the consensus took;
    and the organisation's name, industry or size when they differ (the consensus takes the most common)."""
    found = []
    for key in ("name", "industry", "size"):
        answered = [one for one in group if key in one.organization]
        if len({str(one.organization[key]) for one in answered}) > 1:
            pairs = [(one.organization[key], one.label) for one in answered]
            found.append(_conflict(f"organization.{key}", pairs, consensus["organization"].get(key), 0, str))
    for name in Context.model_fields:
        answered = [one for one in group if name in one.context]
        if len({_words(one.context[name]) for one in answered}) > 1:
            pairs = [(one.context[name], one.label) for one in answered]
            unstated = len(group) - len(answered)
            found.append(_conflict(f"context.{name}", pairs, consensus["context"][name], unstated, _words))
    return tuple(found)


def _conflict(
    field: str, answered: list[tuple[Any, str]], resolved: Any, unstated: int, key: Callable[[Any], str]
) -> Conflict:
    """The conflict of `answered` (value, respondent) pairs: the answers grouped by `key`, the most given first."""
    answers: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for value, label in answered:
        answers.setdefault(key(value), []).append(label)
        values.setdefault(key(value), sorted(value, key=_sort_key) if isinstance(value, list) else value)
    given = tuple((values[k], tuple(labels)) for k, labels in _by_count(answers))
    message = _sentence(field, given, resolved, unstated, stored_words)
    return Conflict(field, answers, resolved, message, given, unstated)


def _by_count(answers: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Answers from the most given to the least; a tie in the order of the answers' words (not of the respondents)."""
    return sorted(answers.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return join_words([str(item) for item in sorted(value, key=_sort_key)]) or "none"
    return str(value)
