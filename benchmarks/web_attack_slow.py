"""`bench_web.py --attack slow`: 1,000 slow request bodies from 127.0.0.2 while respondents from 127.0.0.1 walk the
questionnaire. Prints measurements; asserts nothing.

    python benchmarks/bench_web.py --attack slow [--respondents 50] [--think 1.0]

The attacker opens SLOW (1,000) connections to `advisor serve` (its own process, a fresh data folder), each sending
the headers of a POST with `Content-Length: 1000` and then one byte every TRICKLE (3) seconds, reading whatever the
server answers, until the server closes the connection (or 30 s have passed). Once they are all open, the respondents
start (bench_web.respondent: every page of the questionnaire, then the result page).

Figures: the respondents' page p50/p95/max and errors (target: p95 <= 500 ms, no errors), the attacker's answers by
status, how many slow connections are still open 15 s after the attack began (target: none), and the lines the
server logged (target: a few, never one per connection).
Targets of issue 22 on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench_web import Timings, percentiles, respondent, start_server, stop_server

ATTACKER = "127.0.0.2"
SLOW = 1000
TRICKLE = 3.0
OPEN_AT = 15.0
"""Seconds after the attack began at which the slow connections still open are counted (target: none)."""
GIVE_UP = 30.0


class Attack:
    """What the slow connections saw: the status each was answered with, when each was closed."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.closed_after: list[float] = []
        self.open = 0
        self.failed_to_connect = 0


async def slow_body(port: int, attack: Attack, began: float, trickle: float) -> None:
    """One connection: the headers of a POST with a 1,000-byte body, then a byte every `trickle` seconds."""
    loop = asyncio.get_running_loop()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0))
    except OSError:
        attack.failed_to_connect += 1
        return
    attack.open += 1
    head = (
        b"POST /api/v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n{"
    )

    async def trickling() -> None:
        writer.write(head)
        while True:
            await writer.drain()
            await asyncio.sleep(trickle)
            writer.write(b" ")

    sender = asyncio.create_task(trickling())
    try:
        status = await asyncio.wait_for(reader.readline(), GIVE_UP)
        attack.statuses[status.decode(errors="replace").strip() or "closed without an answer"] += 1
        await asyncio.wait_for(reader.read(), max(0.1, GIVE_UP - (loop.time() - began)))
    except TimeoutError:
        attack.statuses["no answer in 30 s"] += 1
    except OSError:
        attack.statuses["connection reset"] += 1
    finally:
        attack.closed_after.append(loop.time() - began)
        attack.open -= 1
        sender.cancel()
        writer.close()


async def attack_run(base: str, slow: int, trickle: float, respondents: int, think: float) -> tuple[Timings, Attack]:
    """The slow connections, then the respondents while they last; the open connections counted at OPEN_AT s."""
    port = int(base.rsplit(":", 1)[1])
    await respondent(base, respondents, Timings(), {}, 0)  # warm up, untimed
    loop = asyncio.get_running_loop()
    attack = Attack()
    began = loop.time()
    slow_ones = [asyncio.create_task(slow_body(port, attack, began, trickle)) for _ in range(slow)]
    await asyncio.sleep(0.5)  # let them connect
    print(f"{attack.open} slow connections open after {loop.time() - began:.1f} s")
    timings = Timings()
    walking = asyncio.gather(*(respondent(base, n, timings, {}, think) for n in range(respondents)))
    await asyncio.sleep(max(0.0, began + OPEN_AT - loop.time()))
    still_open = attack.open
    print(f"slow connections still open at {OPEN_AT:.0f} s: {still_open} of {slow}")
    await walking
    await asyncio.gather(*slow_ones)
    return timings, attack


def main(args: argparse.Namespace) -> None:
    """Run the attack on a fresh server and print the figures."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the attacker needs a descriptor per connection
    with tempfile.TemporaryDirectory() as folder:
        server, base = start_server(Path(folder))
        assert server.stderr is not None
        log: list[str] = []
        reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)  # type: ignore[arg-type]
        reader.start()
        start = time.perf_counter()
        try:
            timings, attack = asyncio.run(attack_run(base, SLOW, TRICKLE, args.respondents, args.think))
        finally:
            code = stop_server(server)
            reader.join(10)
    wall = time.perf_counter() - start
    pages = [t for kind, times in timings.times.items() for t in times]
    print(f"{args.respondents} respondents, {args.think:g} s per page, during {SLOW} slow bodies ({wall:.1f} s)")
    print(f"  pages: {percentiles(pages)}")
    for kind, times in sorted(timings.times.items()):
        print(f"  {kind:20} {percentiles(times)}")
    print(f"  errors: {len(timings.errors)} {timings.errors[:5]}")
    print(f"attacker's answers: {dict(attack.statuses)}; could not connect: {attack.failed_to_connect}")
    closed = sorted(attack.closed_after)
    if closed:
        print(f"  closed after: median {closed[len(closed) // 2]:.1f} s, last {closed[-1]:.1f} s")
    print(f"server log: {len(log)} lines (exit {code}), {sum(len(line) for line in log)} bytes")
    for line in log[:12]:
        print(f"  | {line.rstrip()[:160]}")
