"""The web edge's durable state: questionnaire drafts (and their finished profiles) in one SQLite database.

Every saved page is one transaction, committed before the page says it was saved; WAL mode with synchronous=FULL
keeps every committed transaction through a `kill -9` of the server (and a power loss). One connection, writes
serialised by a lock; SQL only with parameters. Tokens are 192 random bits from `secrets`. Drafts never accepted
and untouched for `--keep-drafts` days are deleted (`delete_stale_drafts`, run by `retention`).
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from advisor.web.storage import connect_private

DATABASE_NAME = "advisor.sqlite3"
TOKEN_BYTES = 24  # 192 bits; the issue asks for at least 128
SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    token TEXT PRIMARY KEY,
    answers TEXT NOT NULL,
    questions_sha256 TEXT NOT NULL,
    profile TEXT,
    base TEXT,
    source TEXT NOT NULL DEFAULT 'questionnaire',
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""
SURVEY_COLUMNS = (("survey", "TEXT"), ("response", "TEXT"))
"""A survey's response drafts carry the survey's id and a response id of their own (for the organiser's pages,
which never show the draft's token); added to a database made before surveys existed."""


@dataclass(frozen=True, slots=True)
class Draft:
    """One questionnaire in progress (or finished: then `profile` holds the profile data it made)."""

    token: str
    answers: dict[str, Any]
    questions_sha256: str
    profile: dict[str, Any] | None
    base: dict[str, Any] | None
    """The fields of an uploaded profile that no question asks (its id, say): kept when the answers are changed."""
    source: str
    created: str
    updated: str
    survey: str | None = None
    """The id of the survey this draft answers, if any."""
    response: str | None = None
    """The response id the organiser's pages use (a survey's draft only)."""


DRAFT_FIELDS = "token, answers, questions_sha256, profile, base, source, created, updated, survey, response"


def draft_of(row: tuple[Any, ...]) -> Draft:
    """The draft a row of DRAFT_FIELDS holds."""
    profile, base = (orjson.loads(text) if text is not None else None for text in (row[3], row[4]))
    return Draft(row[0], orjson.loads(row[1]), row[2], profile, base, row[5], row[6], row[7], row[8], row[9])


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
        with self._lock:
            self._db.executescript(SCHEMA)
            present = {row[1] for row in self._db.execute("PRAGMA table_info(drafts)")}
            for name, kind in SURVEY_COLUMNS:
                if name not in present:
                    self._db.execute(f"ALTER TABLE drafts ADD COLUMN {name} {kind}")
            self._db.execute("CREATE INDEX IF NOT EXISTS drafts_by_survey ON drafts (survey, updated)")

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
        """A new draft with these answers (and, for an uploaded profile, the profile as its base; for a survey's
        draft, the survey's id and the fields it fixes as the base); its token."""
        token = new_token()
        now = utc_now()
        profile_text = orjson.dumps(profile).decode() if profile is not None else None
        base_text = orjson.dumps(base).decode() if base is not None else profile_text
        response = new_token() if survey is not None else None
        with self._lock:
            self._db.execute(
                "INSERT INTO drafts (token, answers, questions_sha256, profile, base, source, created, updated, "
                "survey, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token,
                    orjson.dumps(answers).decode(),
                    questions_sha256,
                    profile_text,
                    base_text,
                    source,
                    now,
                    now,
                    survey,
                    response,
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

    def save_answers(self, token: str, answers: dict[str, Any], questions_sha256: str) -> None:
        """Replace a draft's answers (committed on return); a finished profile made from older answers is dropped."""
        with self._lock:
            self._db.execute(
                "UPDATE drafts SET answers = ?, questions_sha256 = ?, profile = NULL, updated = ? WHERE token = ?",
                (orjson.dumps(answers).decode(), questions_sha256, utc_now(), token),
            )

    def finish(self, token: str, answers: dict[str, Any], profile: dict[str, Any]) -> None:
        """Keep the profile the accepted answers make (committed on return)."""
        with self._lock:
            self._db.execute(
                "UPDATE drafts SET answers = ?, profile = ?, updated = ? WHERE token = ?",
                (orjson.dumps(answers).decode(), orjson.dumps(profile).decode(), utc_now(), token),
            )

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read (for the survey store: SQL with parameters only)."""
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
