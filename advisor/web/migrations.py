"""The web database's schema, as numbered steps: a database at `PRAGMA user_version` N gets steps N+1 onwards, in
order, in one transaction (all or none), its version set after each; a database newer than this code is refused.

Databases made before the steps were numbered have version 0 and any schema an earlier advisor made (its columns
were added as it met them): steps 1 to 5 describe those schemas and take what is already there as done. Each
earlier schema is kept as a fixture (tests/fixtures/schemas/), which tests/test_web_migrations.py upgrades.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from advisor.core.errors import UsageError
from advisor.words.text import text


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: the version it makes and what it does to a database at the version before."""

    version: int
    what: str
    apply: Callable[[sqlite3.Connection], None]


class NewerDatabase(UsageError):
    """The database was made by a newer advisor than this one (exit 2): its schema is not one this code knows."""

    def __init__(self, database: Path, version: int) -> None:
        self.database, self.version = database, version
        super().__init__(
            text("edge.web.newer_database", database=str(database), version=str(version), known=str(CURRENT))
        )

    def __reduce__(self) -> tuple[type[NewerDatabase], tuple[Path, int]]:
        return type(self), (self.database, self.version)


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _add_columns(db: sqlite3.Connection, table: str, *columns: tuple[str, str]) -> None:
    """Add the columns `table` lacks (a database of version 0 may have some of them already)."""
    present = _columns(db, table)
    for name, kind in columns:
        if name not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _drafts(db: sqlite3.Connection) -> None:
    """The questionnaire's drafts (advisor serve's first schema)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS drafts (token TEXT PRIMARY KEY, answers TEXT NOT NULL, "
        "questions_sha256 TEXT NOT NULL, profile TEXT, source TEXT NOT NULL DEFAULT 'questionnaire', "
        "created TEXT NOT NULL, updated TEXT NOT NULL)"
    )


def _upload_base(db: sqlite3.Connection) -> None:
    """An uploaded profile's fields that no question asks, kept when its answers are changed."""
    _add_columns(db, "drafts", ("base", "TEXT"))


def _surveys(db: sqlite3.Connection) -> None:
    """Surveys, and on each draft the survey it answers and its response id for the organiser's pages."""
    _add_columns(db, "drafts", ("survey", "TEXT"), ("response", "TEXT"))
    db.execute(
        "CREATE TABLE IF NOT EXISTS surveys (id TEXT PRIMARY KEY, link TEXT NOT NULL UNIQUE, title TEXT NOT NULL, "
        "organization TEXT NOT NULL, closes TEXT, closed INTEGER NOT NULL DEFAULT 0, rules TEXT NOT NULL, "
        "created TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS drafts_by_survey ON drafts (survey, updated)")


def _maximum_and_sessions(db: sqlite3.Connection) -> None:
    """A survey's maximum of accepted responses (NULL: none), and the organiser's sessions (hashed ids)."""
    _add_columns(db, "surveys", ("max_responses", "INTEGER"))
    db.execute(
        "CREATE TABLE IF NOT EXISTS admin_sessions (id_sha256 TEXT PRIMARY KEY, created REAL NOT NULL, "
        "seen REAL NOT NULL)"
    )


def _accepted_versions(db: sqlite3.Connection) -> None:
    """The accepted version beside the profile it made (its answers, when accepted) and the revision of the answers
    being edited; each finished draft's answers become its accepted version, accepted when it was last saved."""
    _add_columns(
        db, "drafts", ("accepted_answers", "TEXT"), ("accepted", "TEXT"), ("revision", "INTEGER NOT NULL DEFAULT 0")
    )
    db.execute(
        "UPDATE drafts SET accepted_answers = answers, accepted = updated WHERE profile IS NOT NULL AND accepted IS NULL"
    )


def _survey_revisions(db: sqlite3.Connection) -> None:
    """A survey's revision, raised (by triggers, in the writing statement's transaction) by every change to its
    drafts and by closing or reopening it: what its results are cached by."""
    _add_columns(db, "surveys", ("revision", "INTEGER NOT NULL DEFAULT 0"))
    raise_revision = "UPDATE surveys SET revision = revision + 1 WHERE id = {row}.survey;"
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS survey_revision_on_{event.lower()} AFTER {event} ON drafts "
            f"WHEN {row}.survey IS NOT NULL BEGIN {raise_revision.format(row=row)} END"
        )
    db.execute(  # a draft moved from one survey to another (never done) would change the old one too
        "CREATE TRIGGER IF NOT EXISTS survey_revision_on_move AFTER UPDATE OF survey ON drafts "
        "WHEN OLD.survey IS NOT NULL AND OLD.survey IS NOT NEW.survey "
        "BEGIN UPDATE surveys SET revision = revision + 1 WHERE id = OLD.survey; END"
    )
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS survey_revision_on_close AFTER UPDATE OF closed ON surveys "
        "BEGIN UPDATE surveys SET revision = revision + 1 WHERE id = NEW.id; END"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "drafts", _drafts),
    Migration(2, "an upload's base", _upload_base),
    Migration(3, "surveys", _surveys),
    Migration(4, "a survey's maximum; organiser sessions", _maximum_and_sessions),
    Migration(5, "accepted versions and revisions", _accepted_versions),
    Migration(6, "survey revisions", _survey_revisions),
)
CURRENT = MIGRATIONS[-1].version
"""The schema version this code makes and reads."""


def version_of(db: sqlite3.Connection) -> int:
    """The database's schema version (`PRAGMA user_version`)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, database: Path) -> list[Migration]:
    """Bring the database (a connection in autocommit mode) to the current schema, in one transaction; the steps
    applied (none when it is current). `NewerDatabase` when it was made by a newer advisor."""
    db.execute("BEGIN IMMEDIATE")  # two servers starting on one folder: the second sees the first one's steps
    try:
        version = version_of(db)
        if version > CURRENT:
            raise NewerDatabase(database, version)
        applied = [step for step in MIGRATIONS if step.version > version]
        for step in applied:
            step.apply(db)
            db.execute(f"PRAGMA user_version = {step.version:d}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return applied
