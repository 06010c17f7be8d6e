"""What one server allows each client, and how it counts: the documented limits of `advisor serve`, a token bucket
per client address, and a log that reports refusals once per interval with a count (never a line per refusal).

A client is its address as the server sees it: behind a reverse proxy, the address the proxy forwards when
`--forwarded-allow-ips` names the proxy (uvicorn's proxy headers), else the proxy's own. An office behind one
address shares its limits, so the defaults leave room for a whole team answering a survey at once.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("advisor.web")


def _cores() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one server (README, "Running it for others", lists them with the options that change them)."""

    keep_drafts_days: int = 30
    """Drafts nobody has touched for this many days are deleted (at start and hourly); accepted responses stay."""
    drafts_per_minute: int = 60
    """New drafts (a questionnaire started, a survey started, a profile uploaded) per client address and minute."""
    responses_per_hour: int = 120
    """Answers accepted (a valid upload too: an accepted result) per client and hour."""
    admin_failures_per_minute: int = 10
    """Wrong admin tokens per client address and minute; then 429 until the minute has passed."""
    requests_per_client: int = 64
    """Requests in progress at once from one client address; more get 503."""
    max_connections: int = 1000
    """Connections and requests in progress at once in all (uvicorn's limit_concurrency); more get 503."""
    body_timeout: float = 10.0
    """Seconds a request body may make no progress before the request gets 408 and its connection is closed."""
    header_timeout: float = 10.0
    """Seconds a client may take to send a request's headers."""
    render_workers: int = field(default_factory=_cores)
    """PDFs rendered at once (one process each)."""
    render_queue: int = 16
    """PDFs waiting for a worker; more get 503 with Retry-After."""
    render_cache_mib: int = 32
    """Megabytes of rendered PDFs kept to answer the same request again (least recently used go first)."""
    max_problems: int = 50
    """Problems listed in a refusal; the rest are counted ("and N more")."""
    max_keys: int = 2000
    """Keys and list items in a JSON body, counted before it is validated."""
    max_depth: int = 32
    """Nesting of a JSON body."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How `advisor serve` was started: its public address, its proxy and its limits."""

    public_url: str | None = None
    """The address people use (`--public-url`), from which every absolute link is built; None: the bound address."""
    forwarded_allow_ips: str | None = None
    """The proxies whose X-Forwarded-For and X-Forwarded-Proto headers are trusted (uvicorn's option)."""
    bound_hosts: tuple[str, ...] = ()
    """The host names the server accepts without --public-url: its bound address and loopback names."""
    limits: Limits = field(default_factory=Limits)


def client_address(scope: Mapping[str, Any]) -> str:
    """The client's address as the server sees it ('' when unknown)."""
    client = scope.get("client")
    return str(client[0]) if client else ""


IPV6_CLIENT_PREFIX = 64
"""An IPv6 client's quotas are its /64 network's: one subscriber's line or host gets a whole /64 and may take any
address in it, so counting per address would give one client 2**64 quotas."""


def client_key(scope: Mapping[str, Any]) -> str:
    """What a client's quotas (new drafts, accepted answers, wrong admin tokens) are counted under: its IPv4 address
    (an IPv4-mapped IPv6 address counts as the IPv4 one), or its IPv6 address's /64 network."""
    address = client_address(scope)
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(parsed)


class RateLimit:
    """A token bucket per key: `count` events per `period` seconds, in bursts of up to `count`. Thread-safe; keeps
    at most `max_keys` buckets (the fullest, which have nothing to remember, are forgotten first)."""

    def __init__(
        self, count: int, period: float, clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000
    ) -> None:
        self.count = count
        self.period = period
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (float(self.count), now))
        return min(float(self.count), tokens + (now - then) * self.count / self.period)

    def take(self, key: str) -> float:
        """Take one event for `key`: 0 when allowed, else the seconds until one would be (for Retry-After)."""
        if self.count <= 0:
            return 0.0
        with self._lock:
            now = self.clock()
            tokens = self._level(key, now)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) * self.period / self.count
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > self.max_keys:
                self._forget(now)
            return 0.0

    def check(self, key: str) -> float:
        """Like `take`, but only looking: 0 when an event would be allowed now, else the seconds to wait."""
        if self.count <= 0:
            return 0.0
        with self._lock:
            tokens = self._level(key, self.clock())
            return 0.0 if tokens >= 1 else (1 - tokens) * self.period / self.count

    def _forget(self, now: float) -> None:
        full = [key for key in self._buckets if self._level(key, now) >= self.count]
        for key in full:
            del self._buckets[key]
        while len(self._buckets) > self.max_keys:  # all busy: forget the oldest
            del self._buckets[next(iter(self._buckets))]


def retry_after(seconds: float) -> str:
    """A Retry-After value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))


class RefusalLog:
    """Logs refusals of one kind at most once per `interval` seconds, each line with how many there were since the
    kind's previous line: "refused slow request bodies (408): 63 since 12:17:37 UTC". The first refusal of a kind
    is logged at once (a count of 1 since itself)."""

    def __init__(
        self,
        interval: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.wall = wall
        self._counts: dict[str, int] = {}
        self._last: dict[str, float] = {}
        self._since: dict[str, float] = {}
        """Per kind, the wall time its count runs from: its previous line, or its first refusal."""
        self._lock = threading.Lock()

    def note(self, kind: str, detail: str = "") -> None:
        """Count one refusal of `kind` (e.g. "slow request bodies (408)"); log the count when the interval has
        passed since the kind's previous line."""
        with self._lock:
            now = self.clock()
            self._counts[kind] = self._counts.get(kind, 0) + 1
            self._since.setdefault(kind, self.wall())
            last = self._last.get(kind)
            if last is not None and now - last < self.interval:
                return
            count, since = self._counts.pop(kind), self._since[kind]
            self._last[kind] = now
            self._since[kind] = self.wall()
        self._write(kind, count, since, detail)

    def flush(self) -> None:
        """Log the refusals counted since each kind's last line (when the server stops: a last burst is never lost)."""
        with self._lock:
            pending, self._counts = self._counts, {}
            since = dict(self._since)
        for kind, count in pending.items():
            self._write(kind, count, since[kind], "")

    def _write(self, kind: str, count: int, since: float, detail: str) -> None:
        suffix = f" ({detail})" if detail else ""
        when = time.strftime("%H:%M:%S", time.gmtime(since))
        log.warning("refused %s: %d since %s UTC%s", kind, count, when, suffix)
