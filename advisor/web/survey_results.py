"""A survey's responses as the organiser reads them: each accepted version's profile (checked against the active
rules), scored, and the exports: JSONL of the profiles (what `advisor group` and `advisor batch` read) and batch's CSV with
the respondents' role and name."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson

from advisor.batch import CSV_COLUMNS, Record, csv_table
from advisor.core.engine import assess
from advisor.core.errors import ProfileError
from advisor.core.group import GroupAssessment, assess_group
from advisor.core.memo import Memo
from advisor.core.profile import Profile, parse_profile
from advisor.core.rules import Rules
from advisor.io.untrusted import spreadsheet_text
from advisor.questionnaire import Questionnaire
from advisor.report import slug
from advisor.web.revisions import unaccepted_changes
from advisor.web.store import Draft
from advisor.web.survey_store import Survey, SurveyStore
from advisor.words.problems import problem_text


@dataclass(frozen=True, slots=True)
class Answered:
    """One accepted response: its profile data (its id the response id when it has none) and what it scores."""

    response: str
    accepted: str
    data: dict[str, Any]
    profile: Profile
    recommendation: str
    scores: dict[str, float]
    changing: bool = False
    """Whether its respondent has changed answers since accepting them (the accepted version still counts)."""

    @property
    def role(self) -> str:
        """The respondent's role or department as they gave it ('' if none)."""
        who = self.profile.respondent
        return (who.role or "") if who is not None else ""


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An accepted response whose profile no longer fits the active rules (the server runs other rules now)."""

    response: str
    accepted: str
    problem: str
    changing: bool = False


@dataclass(frozen=True)
class Collected:
    """A survey's accepted responses, in the order they were accepted."""

    survey: Survey
    answered: tuple[Answered, ...]
    unreadable: tuple[Unreadable, ...]

    @cached_property
    def accepted(self) -> str:
        """The sha256 of the answered profiles in their order: what the group assessment is made of."""
        data = orjson.dumps([a.data for a in self.answered], option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(data).hexdigest()

    @property
    def changing(self) -> int:
        """How many accepted responses have changes in progress."""
        return sum(a.changing for a in self.answered) + sum(u.changing for u in self.unreadable)

    @property
    def profiles(self) -> list[Profile]:
        return [a.profile for a in self.answered]

    @property
    def file_stem(self) -> str:
        """The stem of the export files' names: the organisation's slug."""
        return f"{slug(self.survey.organization.get('name', 'survey'))}-survey"


def collect(survey: Survey, drafts: list[Draft], rules: Rules, questionnaire: Questionnaire | None = None) -> Collected:
    """The accepted versions of the survey's drafts read as profiles of the active rules, each scored (and, given the
    survey's questionnaire, whether each has changes in progress)."""
    answered, unreadable = [], []
    for draft in drafts:
        assert draft.profile is not None and draft.response is not None
        data = dict(draft.profile)
        data.setdefault("id", draft.response)
        accepted = draft.accepted or draft.updated
        changing = questionnaire is not None and unaccepted_changes(questionnaire, draft)
        try:
            profile = parse_profile(data, rules, f"response {draft.response}")
        except ProfileError as exc:
            problem = problem_text(exc.problems, "path")
            unreadable.append(Unreadable(draft.response, accepted, problem, changing))
            continue
        scored = assess(profile, rules, stages={"scoring"})
        scores = dict(scored.scores)
        answered.append(Answered(draft.response, accepted, data, profile, scored.recommendation, scores, changing))
    return Collected(survey, tuple(answered), tuple(unreadable))


RESULTS_KEPT = 8
"""Survey revisions, and group assessments, kept (a dashboard of 600 responses took 0.3 s to assess them at every
view)."""


class SurveyResults:
    """A survey's collected responses, kept for its last few revisions (the survey store raises a survey's revision
    with every change to its responses and when it is closed or reopened), and its group assessment, kept for the
    accepted profiles it was made of and the day (a change not accepted yet, or closing, leaves them as they were):
    reloading a dashboard or downloading an export neither reads nor assesses them again. A page asks for the group
    of the `Collected` it shows, so that its table and its group are of the same responses whatever happens meanwhile."""

    def __init__(self, surveys: SurveyStore, rules: Rules, questionnaire: Questionnaire, kept: int = RESULTS_KEPT):
        self.surveys, self.rules, self.questionnaire, self.kept = surveys, rules, questionnaire, kept
        self._collected: Memo[tuple[str, int], Collected] = Memo(kept, "collected responses")
        self._groups: Memo[tuple[str, str, str], tuple[GroupAssessment | None]] = Memo(kept, "group assessments")

    def collected(self, survey: Survey) -> Collected:
        """The survey's accepted responses at its revision."""
        key = (survey.id, survey.revision)  # `survey` read before its responses: never newer than they are
        found = self._collected.get(key)
        if found is None:
            collected = collect(survey, self.surveys.responses(survey.id), self.rules, self.questionnaire)
            found = self._collected.put(key, collected)
        return found

    def group(self, collected: Collected) -> GroupAssessment | None:
        """The group assessment of these collected responses' answered profiles (None before the first)."""
        from advisor.web.pages import report_day  # pages -> site -> this module: imported when first needed

        day = report_day()  # the assessment is dated: a new day assesses again
        key = (collected.survey.id, collected.accepted, day.isoformat())
        found = self._groups.get(key)
        if found is None:  # kept as a 1-tuple: a survey with no answer yet has the group None, kept too
            answered = collected.profiles
            found = self._groups.put(key, (assess_group(answered, self.rules, as_of=day) if answered else None,))
        return found[0]


def profiles_jsonl(collected: Collected) -> bytes:
    """One profile per line, as `advisor group FILE.jsonl` and `advisor batch FILE.jsonl` read them."""
    return b"".join(orjson.dumps(a.data) + b"\n" for a in collected.answered)


RESPONDENT_COLUMNS = ("respondent_role", "respondent_name")
SURVEY_CSV_COLUMNS = (CSV_COLUMNS[0], *RESPONDENT_COLUMNS, *CSV_COLUMNS[1:])
"""The survey CSV's columns: batch's, with who answered after the id."""


def responses_csv(collected: Collected, rules: Rules) -> bytes:
    """The CSV `advisor batch` writes for the JSONL export saved under its own name (same rows, values as codes),
    with each respondent's role and name after the id."""
    name = f"{collected.file_stem}.jsonl"
    records = [Record(name, line, orjson.dumps(a.data)) for line, a in enumerate(collected.answered, start=1)]
    table, _ = csv_table(records, rules)  # every answered profile was checked against these rules already
    rows = list(csv.reader(io.StringIO(table.decode("utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SURVEY_CSV_COLUMNS)
    for row, answered in zip(rows[1:], collected.answered, strict=True):
        who = answered.profile.respondent
        role, person = (who.role or "", who.name or "") if who is not None else ("", "")
        writer.writerow([row[0], spreadsheet_text(role), spreadsheet_text(person), *row[1:]])
    return out.getvalue().encode("utf-8")
