"""The data folder on disk: private modes (folder 0700, database files 0600), a start-up check that it can be
written, and which errors while serving mean "the disk refused" (full, read-only, failing) rather than a bug."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from advisor.core.errors import UsageError
from advisor.words.text import text

DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
"""The database file and SQLite's companions beside it."""
STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO, errno.EACCES, errno.EPERM}
SQLITE_STORAGE_CODES = {
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_PERM,
}
REASONS = {
    errno.EROFS: "edge.web.disk.read_only_folder",
    errno.EACCES: "edge.web.disk.no_permission",
    errno.EPERM: "edge.web.disk.not_permitted",
    errno.ENOSPC: "edge.web.disk.full",
    errno.EDQUOT: "edge.web.disk.quota",
}
"""errno -> the catalogue id of why the disk refused."""


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """While the block runs, new files and folders are readable by their owner only (umask 077)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def prepare_folder(folder: Path, option: str) -> list[str]:
    """Make `folder` (0700) or check the existing one can be written; warnings to show at start-up (an existing folder
    that others could read is made private when it is ours, else reported). `UsageError` (exit 2) with the reason
    when the folder cannot hold the database."""
    where = f"{option} {folder}"
    warnings: list[str] = []
    try:
        existed = folder.is_dir()
        if not existed:
            with private_files():
                try:
                    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                except OSError as exc:
                    if isinstance(exc, FileExistsError):
                        raise
                    raise UsageError(text("edge.web.folder_unmade", where=where, reason=reason(exc))) from None
        mode = stat.S_IMODE(folder.stat().st_mode)
        if existed and mode & 0o077:
            warnings.append(_private_folder(folder, mode, where))
        with private_files(), tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"advisor")
            probe.flush()
            os.fsync(probe.fileno())
    except FileExistsError:
        raise UsageError(text("edge.web.not_a_folder", where=where)) from None
    except OSError as exc:
        raise UsageError(text("edge.web.folder_unwritable", where=where, reason=reason(exc))) from None
    return warnings


def _private_folder(folder: Path, mode: int, where: str) -> str:
    """Make an existing folder 0700 when this user owns it and it is not a shared one (sticky, like /tmp)."""
    if folder.stat().st_uid == os.geteuid() and not mode & stat.S_ISVTX:
        with contextlib.suppress(OSError):
            folder.chmod(0o700)
            return text("edge.web.folder_was_open", where=where, mode=f"{mode:04o}")
    return text("edge.web.folder_is_open", where=where, mode=f"{mode:04o}")


def connect_private(database: Path) -> sqlite3.Connection:
    """A connection to `database` (made 0600; SQLite gives its WAL and SHM files the same mode), for any thread, in
    autocommit mode; `sqlite3.OperationalError` when it cannot be written (checked now: SQLite opens a read-only
    database without a word and fails at the first write)."""
    with private_files():
        make_private(database)  # made by an older version, or under another umask
        db = sqlite3.connect(database, check_same_thread=False, isolation_level=None, timeout=10)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE advisor_write_check (x)")
        finally:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        db.close()
        raise
    make_private(database)
    return db


def make_private(database: Path) -> None:
    """The database and its companions 0600, whoever made them and whatever the umask was."""
    for suffix in DATABASE_SUFFIXES:
        with contextlib.suppress(OSError):  # missing, or another user's: the write check says what matters
            database.with_name(database.name + suffix).chmod(0o600)


def reason(exc: BaseException) -> str:
    """Why the disk refused, in words ("the disk is full", "the folder is read-only", ...)."""
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == sqlite3.SQLITE_FULL:
            return text("edge.web.disk.full")
        if code == sqlite3.SQLITE_READONLY:
            return text("edge.web.disk.read_only_database")
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return text("edge.web.disk.busy")
        return text("edge.web.disk.unwritable", error=str(exc))
    if isinstance(exc, OSError) and exc.errno in REASONS:
        return text(REASONS[exc.errno])
    return str(getattr(exc, "strerror", None) or exc).lower()


def is_storage_failure(exc: BaseException) -> bool:
    """Whether `exc` is the disk or the database file refusing (full, read-only, I/O error), not a bug."""
    if isinstance(exc, sqlite3.OperationalError):
        return ((getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF) in SQLITE_STORAGE_CODES
    return isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS
