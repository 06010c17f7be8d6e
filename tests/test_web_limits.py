"""The counting behind every per-client limit of `advisor serve`: a token bucket per address, and refusals logged
once per interval with their count (a flood of refusals never becomes a flood of log lines)."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from advisor.web.limits import RateLimit, RefusalLog, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_count_then_says_how_long_to_wait_and_refills_with_time():
    clock = Clock()
    limit = RateLimit(10, 60.0, clock)
    assert [limit.take("127.0.0.2") for _ in range(10)] == [0.0] * 10
    wait = limit.take("127.0.0.2")
    assert wait == 6.0  # one event every 6 s
    assert retry_after(wait) == "6"
    assert limit.take("127.0.0.1") == 0.0  # another address has its own bucket
    clock.now += 6
    assert limit.take("127.0.0.2") == 0.0
    assert limit.take("127.0.0.2") > 0


def test_check_looks_without_taking():
    limit = RateLimit(1, 60.0, Clock())
    assert limit.check("a") == 0.0
    assert limit.check("a") == 0.0
    assert limit.take("a") == 0.0
    assert limit.check("a") == 60.0


@given(st.lists(st.sampled_from("abcdefghij"), max_size=200), st.integers(1, 5))
def test_no_key_is_allowed_more_than_its_count_in_a_period(keys, count):
    limit = RateLimit(count, 60.0, Clock())
    allowed: dict[str, int] = {}
    for key in keys:
        if limit.take(key) == 0.0:
            allowed[key] = allowed.get(key, 0) + 1
    assert allowed == {key: min(count, keys.count(key)) for key in set(keys)}


@given(st.lists(st.text(min_size=1, max_size=3), max_size=300))
def test_the_buckets_kept_are_bounded_whatever_the_addresses(keys):
    limit = RateLimit(2, 60.0, Clock(), max_keys=16)
    for key in keys:
        limit.take(key)
    assert len(limit._buckets) <= 16


def test_refusals_are_logged_once_per_interval_with_their_count_and_a_last_burst_at_the_end(caplog):
    clock = Clock()
    refusals = RefusalLog(60.0, clock, wall=clock)  # 1000 s after the epoch: 00:16:40 UTC
    with caplog.at_level(logging.WARNING, logger="advisor.web"):
        for _ in range(1000):
            refusals.note("slow request bodies")
        clock.now += 61
        refusals.note("slow request bodies")
        for _ in range(5):
            refusals.note("slow request bodies")
        refusals.flush()
    assert [r.getMessage() for r in caplog.records] == [
        "refused slow request bodies: 1 since 00:16:40 UTC",  # the first at once
        "refused slow request bodies: 1000 since 00:16:40 UTC",  # the 999 others and the one a minute later
        "refused slow request bodies: 5 since 00:17:41 UTC",  # the last burst, when the server stops
    ]
