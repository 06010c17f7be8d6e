"""Surveys in the drafts database: one row per survey; its responses are the drafts that carry its id.

A survey has two unguessable ids: `id` for the organiser's pages (which need the admin token too) and `link` for
the respondents' address, which only starts new drafts. A response counts once its draft has an accepted version,
and it is that version that counts (in the counts, the dashboard, the group and the exports) until a new acceptance
replaces it: answers being changed meanwhile, or a survey closed meanwhile, never withdraw it. Every change is
committed before a page says so (the store's WAL,
synchronous=FULL). Past the organiser's maximum (if any) the survey takes no new response.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from advisor.web.store import DRAFT_FIELDS, Draft, Store, draft_of, new_token, utc_now

FIELDS = "id, link, title, organization, closes, closed, rules, created, max_responses, revision"


@dataclass(frozen=True, slots=True)
class Survey:
    """One organisation's survey: what the organiser set, and whether it takes responses."""

    id: str
    link: str
    title: str
    organization: dict[str, Any]
    """The organisation section of every response's profile (name, and industry, size, regions if given)."""
    closes: dt.date | None
    """The last day responses are taken, if the organiser set one."""
    closed: bool
    rules: str
    """The rules the server ran when the survey was created (name and version), for the organiser's page."""
    created: str
    max_responses: int | None = None
    """The most accepted responses the survey takes, if the organiser set a maximum."""
    revision: int = 0
    """Raised by every change to its drafts and by closing or reopening it (what its results are cached by)."""

    def open_on(self, day: dt.date) -> bool:
        """Whether the survey takes responses on `day`: not closed, and not past its closing date."""
        return not self.closed and (self.closes is None or day <= self.closes)


@dataclass(frozen=True, slots=True)
class Counts:
    """How many drafts of a survey have an accepted version (responses) and how many are still being answered."""

    finished: int
    """Accepted responses (those with changes in progress too)."""
    unfinished: int
    """Drafts never accepted."""


def _survey(row: sqlite3.Row) -> Survey:
    closes = dt.date.fromisoformat(row["closes"]) if row["closes"] else None
    return Survey(
        id=row["id"],
        link=row["link"],
        title=row["title"],
        organization=orjson.loads(row["organization"]),
        closes=closes,
        closed=bool(row["closed"]),
        rules=row["rules"],
        created=row["created"],
        max_responses=row["max_responses"],
        revision=int(row["revision"]),
    )


class SurveyStore:
    """The surveys kept in a drafts `Store` (same database, same connection and lock)."""

    def __init__(self, store: Store) -> None:
        self.store = store  # its schema is the store's (see `migrations`)

    def create(
        self,
        title: str,
        organization: dict[str, Any],
        closes: dt.date | None,
        rules: str,
        max_responses: int | None = None,
    ) -> Survey:
        """A new open survey (committed on return)."""
        survey_id, link = new_token(), new_token()
        organization_text = orjson.dumps(organization).decode()
        self.store.execute(
            f"INSERT INTO surveys ({FIELDS}) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, 0)",
            (survey_id, link, title, organization_text, _iso(closes), rules, utc_now(), max_responses),
        )
        found = self.get(survey_id)
        assert found is not None
        return found

    def get(self, survey_id: str) -> Survey | None:
        """The survey with this id, or None."""
        return self._one("id", survey_id)

    def by_link(self, link: str) -> Survey | None:
        """The survey whose respondent link ends in `link`, or None."""
        return self._one("link", link)

    def _one(self, column: str, value: str) -> Survey | None:
        if not value or len(value) > 100:
            return None
        rows = self.store.query(f"SELECT {FIELDS} FROM surveys WHERE {column} = ?", (value,))
        return _survey(rows[0]) if rows else None

    def all(self) -> list[Survey]:
        """Every survey, the newest first."""
        return [_survey(row) for row in self.store.query(f"SELECT {FIELDS} FROM surveys ORDER BY created DESC, id")]

    def set_closed(self, survey_id: str, closed: bool) -> None:
        """Close or reopen a survey (committed on return)."""
        self.store.execute("UPDATE surveys SET closed = ? WHERE id = ?", (int(closed), survey_id))

    def responses(self, survey_id: str) -> list[Draft]:
        """The survey's drafts with an accepted version, in the order they were last accepted."""
        rows = self.store.query(
            f"SELECT {DRAFT_FIELDS} FROM drafts WHERE survey = ? AND profile IS NOT NULL ORDER BY accepted, rowid",
            (survey_id,),
        )
        return [draft_of(row) for row in rows]

    def response(self, survey_id: str, response: str) -> Draft | None:
        """One draft of the survey, by its response id, or None."""
        if not response or len(response) > 100:
            return None
        rows = self.store.query(
            f"SELECT {DRAFT_FIELDS} FROM drafts WHERE survey = ? AND response = ?", (survey_id, response)
        )
        return draft_of(rows[0]) if rows else None

    def counts(self, survey_id: str) -> Counts:
        """How many of the survey's drafts are accepted (changes in progress or not) and never accepted."""
        rows = self.store.query(
            "SELECT count(profile) AS finished, count(*) - count(profile) AS unfinished FROM drafts WHERE survey = ?",
            (survey_id,),
        )
        return Counts(int(rows[0]["finished"]), int(rows[0]["unfinished"]))

    def full(self, survey: Survey, draft: Draft | None = None) -> bool:
        """Whether the survey has its maximum of accepted responses, so that it takes no new one; a `draft` whose
        response is already accepted can always be accepted again (it replaces itself)."""
        if survey.max_responses is None:
            return False
        if draft is not None and draft.survey == survey.id and draft.profile is not None:
            return False
        return self.counts(survey.id).finished >= survey.max_responses

    def delete_response(self, survey_id: str, response: str) -> bool:
        """Delete one draft of the survey (committed on return); whether there was one."""
        return self.delete_responses(survey_id, [response]) > 0

    def delete_responses(self, survey_id: str, responses: list[str]) -> int:
        """Delete these drafts of the survey, by response id, in one transaction (committed on return); how many."""
        wanted = sorted({r for r in responses if r and len(r) <= 100})
        if not wanted:
            return 0
        marks = ", ".join("?" * len(wanted))
        return self.store.execute(
            f"DELETE FROM drafts WHERE survey = ? AND response IN ({marks})", (survey_id, *wanted)
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
