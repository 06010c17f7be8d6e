"""The web edge's durable state: questionnaire drafts (and their accepted versions) in one SQLite database.

A draft holds the answers being edited and, apart from them, the version its person last accepted (the answers, the
profile they made, and when): saving a page never touches the accepted version, only a new acceptance replaces it.
Every save of the answers raises the draft's revision, and a save or an acceptance names the revision its page
showed: a stale page (another tab, the browser's Back) changes nothing.

Every saved page is one transaction, committed before the page says it was saved; WAL mode with synchronous=FULL
keeps every committed transaction through a `kill -9` of the server (and a power loss). One connection, writes
serialised by a lock; SQL only with parameters. Tokens are 192 random bits from `secrets`. Drafts never accepted
and untouched for `--keep-drafts` days are deleted (`delete_stale_drafts`, run by `retention`). The schema is made
and upgraded by numbered steps (`migrations`); rows are read by column name.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from advisor.web.migrations import Migration, migrate
from advisor.web.storage import connect_private

DATABASE_NAME = "advisor.sqlite3"
TOKEN_BYTES = 24  # 192 bits; the issue asks for at least 128


@dataclass(frozen=True, slots=True)
class Draft:
    """One questionnaire in progress, and its accepted version if its person accepted answers once."""

    token: str
    answers: dict[str, Any]
    """The answers being edited (saved with every page)."""
    questions_sha256: str
    profile: dict[str, Any] | None
    """The profile of the accepted version (None until answers are accepted): what the result, the survey's counts
    and its exports use."""
    base: dict[str, Any] | None
    """The fields of an uploaded profile that no question asks (its id, say): kept when the answers are changed."""
    source: str
    created: str
    updated: str
    survey: str | None = None
    """The id of the survey this draft answers, if any."""
    response: str | None = None
    """The response id the organiser's pages use (a survey's draft only)."""
    accepted_answers: dict[str, Any] | None = None
    """The answers of the accepted version (None until answers are accepted)."""
    accepted: str | None = None
    """When the accepted version was accepted (UTC, ISO 8601)."""
    revision: int = 0
    """How many times the answers were saved: a page names the revision it showed."""


DRAFT_FIELDS = (
    "token, answers, questions_sha256, profile, base, source, created, updated, survey, response, "
    "accepted_answers, accepted, revision"
)


def draft_of(row: sqlite3.Row) -> Draft:
    """The draft a row of DRAFT_FIELDS holds."""

    def json_or_none(name: str) -> dict[str, Any] | None:
        text = row[name]
        return orjson.loads(text) if text is not None else None

    return Draft(
        token=row["token"],
        answers=orjson.loads(row["answers"]),
        questions_sha256=row["questions_sha256"],
        profile=json_or_none("profile"),
        base=json_or_none("base"),
        source=row["source"],
        created=row["created"],
        updated=row["updated"],
        survey=row["survey"],
        response=row["response"],
        accepted_answers=json_or_none("accepted_answers"),
        accepted=row["accepted"],
        revision=int(row["revision"]),
    )


def new_token() -> str:
    """An unguessable token for a draft's links."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Store:
    """The drafts of one server, in `folder`/advisor.sqlite3."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = folder / DATABASE_NAME
        self._lock = threading.Lock()
        self._db = connect_private(self.path)  # 0600 with its WAL and SHM files; refuses a read-only database
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.row_factory = sqlite3.Row  # rows read by column name
        with self._lock:  # the schema's numbered steps this database lacks (see `migrations`)
            self.migrated: list[Migration] = migrate(self._db, self.path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def create(
        self,
        answers: dict[str, Any],
        questions_sha256: str,
        profile: dict[str, Any] | None = None,
        source: str = "questionnaire",
        base: dict[str, Any] | None = None,
        survey: str | None = None,
    ) -> str:
        """A new draft with these answers (and, for an uploaded profile, the profile as its base and its accepted
        version; for a survey's draft, the survey's id and the fields it fixes as the base); its token."""
        token = new_token()
        now = utc_now()
        answers_text = orjson.dumps(answers).decode()
        profile_text = orjson.dumps(profile).decode() if profile is not None else None
        base_text = orjson.dumps(base).decode() if base is not None else profile_text
        accepted_answers, accepted = (answers_text, now) if profile is not None else (None, None)
        response = new_token() if survey is not None else None
        with self._lock:
            self._db.execute(
                "INSERT INTO drafts (token, answers, questions_sha256, profile, base, source, created, updated, "
                "survey, response, accepted_answers, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token,
                    answers_text,
                    questions_sha256,
                    profile_text,
                    base_text,
                    source,
                    now,
                    now,
                    survey,
                    response,
                    accepted_answers,
                    accepted,
                ),
            )
        return token

    def get(self, token: str) -> Draft | None:
        """The draft with this token, or None."""
        if not token or len(token) > 100:
            return None
        with self._lock:
            row = self._db.execute(f"SELECT {DRAFT_FIELDS} FROM drafts WHERE token = ?", (token,)).fetchone()
        return None if row is None else draft_of(row)

    def save_answers(
        self, token: str, answers: dict[str, Any], questions_sha256: str, revision: int | None = None
    ) -> int | None:
        """Replace the answers being edited, if the draft is still at `revision` (any, when None): the new revision
        (committed on return), or None when the draft has moved on (nothing saved). The accepted version stays."""
        with self._lock:
            rows = self._db.execute(  # every row read: the statement, and so its commit, ends here
                "UPDATE drafts SET answers = ?, questions_sha256 = ?, revision = revision + 1, updated = ? "
                "WHERE token = ? AND revision = coalesce(?, revision) RETURNING revision",
                (orjson.dumps(answers).decode(), questions_sha256, utc_now(), token, revision),
            ).fetchall()
        return int(rows[0]["revision"]) if rows else None

    def finish(
        self,
        token: str,
        answers: dict[str, Any],
        profile: dict[str, Any],
        revision: int | None = None,
        most: int | None = None,
    ) -> bool:
        """Make these answers and the profile they make the accepted version, if the draft is still at `revision`
        (any, when None) and, for a survey's draft not accepted yet, if its survey has fewer than `most` accepted
        responses (no maximum, when None); whether it was (committed on return).

        Both conditions are part of the one UPDATE, which SQLite runs under the database's write lock: two
        acceptances at once (two threads, two servers on one data folder) can never both pass a check that only
        one of them may pass."""
        now = utc_now()
        answers_text = orjson.dumps(answers).decode()  # the answers being edited stay as they are
        with self._lock:
            changed = self._db.execute(
                "UPDATE drafts SET profile = ?, accepted_answers = ?, accepted = ?, updated = ? "
                "WHERE token = ? AND revision = coalesce(?, revision) AND (? IS NULL OR survey IS NULL "
                "OR profile IS NOT NULL OR (SELECT count(*) FROM drafts AS counted "
                "WHERE counted.survey = drafts.survey AND counted.profile IS NOT NULL) < ?)",
                (orjson.dumps(profile).decode(), answers_text, now, now, token, revision, most, most),
            ).rowcount
        return changed > 0

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """The rows of one read, by column name (for the survey store: SQL with parameters only)."""
        with self._lock:
            return self._db.execute(sql, parameters).fetchall()

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> int:
        """One write, committed on return; how many rows it changed."""
        with self._lock:
            return self._db.execute(sql, parameters).rowcount

    def delete_stale_drafts(self, before: str) -> int:
        """Delete the drafts never accepted and untouched since `before` (an ISO time in UTC, as `updated` holds
        them); how many (committed on return).

        The one condition of retention: a draft without a profile (never accepted: no accepted survey response, no
        accepted result, no uploaded profile) whose last change is older than `before`. Accepted answers and
        uploads stay, however old."""
        return self.execute("DELETE FROM drafts WHERE profile IS NULL AND updated < ?", (before,))

    def count(self) -> int:
        """How many drafts are kept."""
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM drafts").fetchone()[0])
