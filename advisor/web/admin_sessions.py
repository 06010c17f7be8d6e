"""The organiser's sessions, kept server-side: a random id per login (256 bits from `secrets`), of which the
database keeps only the SHA-256 (a copy of the database opens no session). A session ends after `idle` seconds
unused (8 hours), `lifetime` seconds after the login whatever happens (7 days), and at logout.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

from advisor.web.store import Store

IDLE_SECONDS = 8 * 3600
LIFETIME_SECONDS = 7 * 24 * 3600
TOUCH_SECONDS = 60.0
"""How long a use may go unrecorded: a page load writes the time of use at most once a minute."""


def _digest(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()


class AdminSessions:
    """The organiser's live sessions in a drafts `Store` (same database); `clock` gives the time in seconds."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        idle: float = IDLE_SECONDS,
        lifetime: float = LIFETIME_SECONDS,
    ) -> None:
        self.store = store
        self.clock = clock
        self.idle = idle
        self.lifetime = lifetime  # the table is the store's (see `migrations`)

    def open(self) -> str:
        """A new session (committed on return); its id, for the organiser's cookie only."""
        session = secrets.token_urlsafe(32)
        now = self.clock()
        self.store.execute(
            "INSERT INTO admin_sessions (id_sha256, created, seen) VALUES (?, ?, ?)", (_digest(session), now, now)
        )
        return session

    def alive(self, session: str) -> bool:
        """Whether `session` is a live session; records its use. An expired one is deleted."""
        if not session or len(session) > 100:
            return False
        digest = _digest(session)
        rows = self.store.query("SELECT created, seen FROM admin_sessions WHERE id_sha256 = ?", (digest,))
        if not rows:
            return False
        created, seen = rows[0]["created"], rows[0]["seen"]
        now = self.clock()
        if now - created >= self.lifetime or now - seen >= self.idle:
            self.store.execute("DELETE FROM admin_sessions WHERE id_sha256 = ?", (digest,))
            return False
        if now - seen >= TOUCH_SECONDS:
            self.store.execute("UPDATE admin_sessions SET seen = ? WHERE id_sha256 = ?", (now, digest))
        return True

    def close(self, session: str) -> None:
        """End a session (logout; committed on return)."""
        self.store.execute("DELETE FROM admin_sessions WHERE id_sha256 = ?", (_digest(session),))

    def delete_expired(self) -> int:
        """Delete every session past its idle or absolute expiry; how many."""
        now = self.clock()
        return self.store.execute(
            "DELETE FROM admin_sessions WHERE created <= ? OR seen <= ?", (now - self.lifetime, now - self.idle)
        )
