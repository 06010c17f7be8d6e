"""Retention: drafts nobody accepted and nobody has touched for `Limits.keep_drafts_days` days (`--keep-drafts`,
30 by default) are deleted, and expired organiser sessions with them: once when the server starts and then every
hour, by a background thread that stops with the server. Accepted survey responses and accepted results stay."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from advisor.web.site import Site

log = logging.getLogger("advisor.web")
INTERVAL_SECONDS = 3600.0


EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def stale_before(now: dt.datetime, days: int) -> str:
    """The time (ISO, UTC, as drafts record it) before which an untouched draft is stale; the earliest time there is
    for more days than the calendar has behind `now` (`--keep-drafts 1000000`: nothing is stale yet)."""
    days = min(days, (now.astimezone(dt.UTC) - EARLIEST).days)
    return (now - dt.timedelta(days=days)).astimezone(dt.UTC).isoformat(timespec="milliseconds")


def clean(site: Site, now: dt.datetime | None = None) -> int:
    """Delete the stale drafts and the expired organiser sessions once; how many drafts."""
    moment = now or dt.datetime.now(dt.UTC)
    deleted = site.store.delete_stale_drafts(stale_before(moment, site.settings.limits.keep_drafts_days))
    site.sessions.delete_expired()
    if deleted:
        log.info("deleted %d drafts untouched for %d days", deleted, site.settings.limits.keep_drafts_days)
    return deleted


class Retention:
    """The background thread that runs `clean` at start and every `interval` seconds until `stop`."""

    def __init__(self, site: Site, interval: float = INTERVAL_SECONDS, run: Callable[[Site], int] = clean) -> None:
        self.site = site
        self.interval = interval
        self.run = run
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="advisor-retention", daemon=True)

    def start(self) -> None:
        """Start cleaning (the first time at once)."""
        self._thread.start()

    def stop(self) -> None:
        """Stop, and wait for a cleaning in progress to end."""
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self.run(self.site)
            except Exception:  # a failed cleaning (a full disk, say) must not end the server; the next one retries
                log.exception("deleting stale drafts failed")
            self._stopped.wait(self.interval)
