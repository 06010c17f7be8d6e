"""`bench_web.py --attack cpu`: one client sends heavy but valid requests, many at once, while another loads a static
asset and a page. Prints measurements; asserts nothing.

    python benchmarks/bench_web.py --attack cpu [--greedy 16] [--seconds 20]

`advisor serve --port 0` on a temporary data folder. The attacker (source address 127.0.0.2, in a process of its own)
keeps `--greedy` requests in flight for `--seconds`, cycling through the requests that cost the server most while
staying within every bound: the JSON API's what-if and assess with a large valid profile (50 languages, 50 regions,
5,000 characters of notes) and importances that change every time (so no cache answers), the result page's what-if
form (three assessments and the page), the result page, the assessment download, and an upload. Meanwhile the
normal user (127.0.0.1) fetches the style sheet and the home page, one after the other, timed.

Figures: the normal user's asset and page p50/p95/max without the attack and during it, and the attacker's answers
by status and count. Before issue 22's review, such routes ran their work (validation, assessments, templates,
database writes) on the event loop, which every connection shares: while they ran, nothing else was served.

Measured 2026-12-07 on the shared 2-core machine (other engineers running tests, load average 1-3; figures vary
with the load), `--seconds 15`, the attacker on the same two cores; quiet: asset p50 3.5 ms, page p50 2 ms:
- `--greedy 16`: before (work on the event loop) asset p50 115 / p95 139 / max 155 ms, page p50 53 / p95 70 ms;
  after (routes in worker threads) asset p50 54 / p95 89 / max 104 ms, page p50 23 / p95 46 ms. The attacker got
  ~712 answers of each kind either way.
- `--greedy 64` (the per-address limit of requests in progress): before asset p50 334 / max 391 ms, page p50 143 ms;
  after asset p50 248 / max 347 ms, page p50 114 ms. What remains is the worker threads' queue, first come first
  served: one address with 64 requests in flight is ahead of everyone else's (the asset needs 3-4 turns in it).
The issue's 19 s stall came from 830 KB bodies answered with one problem per key; the JSON bounds refuse those now,
and the heaviest valid request costs the server about 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import copy
import itertools
import multiprocessing
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from bench_web import ROOT, percentiles, start_server, stop_server

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ASSET = re.compile(r'href="(/assets/[^"]+\.css[^"]*)"')
ATTACKER = "127.0.0.2"
LANGUAGES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "da",
    "fi",
    "no",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "bg",
    "el",
    "tr",
    "ru",
    "uk",
    "ar",
    "he",
    "fa",
    "hi",
    "bn",
    "ta",
    "te",
    "ur",
    "zh",
    "ja",
    "ko",
    "vi",
    "th",
    "id",
    "ms",
    "tl",
    "sw",
    "am",
    "yo",
    "ig",
    "zu",
    "xh",
    "af",
    "is",
    "ga",
    "cy",
    "eu",
    "ca",
    "gl",
]
COUNTRIES = [
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Portugal",
    "Netherlands",
    "Belgium",
    "Austria",
    "Sweden",
    "Denmark",
    "Finland",
    "Norway",
    "Poland",
    "Ireland",
    "Greece",
    "Japan",
    "China",
    "India",
    "Brazil",
    "Mexico",
    "Canada",
    "Argentina",
    "Chile",
    "Peru",
    "Colombia",
    "Kenya",
    "Nigeria",
    "Egypt",
    "Morocco",
    "Israel",
    "Turkey",
    "Australia",
    "New Zealand",
    "Singapore",
    "Malaysia",
    "Thailand",
    "Vietnam",
    "Indonesia",
    "Philippines",
    "South Korea",
    "Switzerland",
    "Iceland",
    "Ukraine",
    "Romania",
    "Hungary",
    "Czechia",
    "Slovakia",
    "Bulgaria",
    "Croatia",
    "Slovenia",
]


def heavy_profile() -> dict[str, Any]:
    """clinic.json with every list as long as a profile allows and the longest notes: valid, and large."""
    data = orjson.loads((ROOT / "examples" / "clinic.json").read_bytes())
    data["context"]["languages"] = LANGUAGES
    data["organization"]["regions"] = COUNTRIES
    data["notes"] = "n" * 5000
    return data


def client(base: str, address: str, connections: int = 1) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(
        base_url=base, transport=transport, limits=httpx.Limits(max_connections=connections), timeout=120
    )


async def attack(base: str, greedy: int, seconds: float) -> collections.Counter[str]:
    """`greedy` lanes of heavy requests from ATTACKER for `seconds`; the answers by kind and status."""
    seen: collections.Counter[str] = collections.Counter()
    profile = heavy_profile()
    use_cases = list(profile["needs"]) + ["art", "code", "multimodal"]
    async with client(base, ATTACKER, greedy) as session:
        csrf = CSRF.search((await session.get("/upload")).text)
        assert csrf, "the upload page has no CSRF token"
        files = {"profile": ("heavy.json", orjson.dumps(profile), "application/json")}
        uploaded = await session.post("/upload", data={"csrf_token": csrf[1]}, files=files)
        result = uploaded.headers["location"]
        token = CSRF.search((await session.get(result)).text)
        assert token, "the result page has no CSRF token"
        numbers = itertools.count()
        stop = time.monotonic() + seconds

        def importances(n: int) -> list[int]:
            return [1 + (n // 5**i) % 5 for i in range(len(use_cases))]

        async def one(n: int) -> tuple[str, httpx.Response]:
            kind = ("api whatif", "api assess", "whatif form", "result page", "assessment.json", "upload")[n % 6]
            levels = importances(n)
            if kind == "api whatif":
                changes = {f"needs.{u}.importance": i for u, i in zip(use_cases, levels, strict=True)}
                return kind, await session.post("/api/v1/whatif", json={"profile": profile, "changes": changes})
            if kind == "api assess":
                changed = copy.deepcopy(profile)
                changed["needs"] = {u: {"importance": i, "volume": "high"} for u, i in zip(use_cases, levels)}
                return kind, await session.post("/api/v1/assess", json=changed)
            if kind == "whatif form":
                form = {"csrf_token": token[1]}
                form |= {f"{u}_importance": str(i) for u, i in zip(use_cases, levels, strict=True)}
                return kind, await session.post(f"{result}/whatif", data=form)
            if kind == "result page":
                return kind, await session.get(result)
            if kind == "assessment.json":
                return kind, await session.get(f"{result}/assessment.json")
            return kind, await session.post("/upload", data={"csrf_token": csrf[1]}, files=files)

        async def lane() -> None:
            while time.monotonic() < stop:
                try:
                    kind, response = await one(next(numbers))
                    seen[f"{kind} {response.status_code}"] += 1
                except httpx.HTTPError as exc:
                    seen[type(exc).__name__] += 1

        await asyncio.gather(*(lane() for _ in range(greedy)))
    return seen


def attacker(base: str, greedy: int, seconds: float, results: Any) -> None:
    """The attack in a process of its own, so that its client work does not slow the normal user's client."""
    results.put(asyncio.run(attack(base, greedy, seconds)))


async def normal_user(base: str, done: Any) -> dict[str, list[float]]:
    """The style sheet and the home page, one after the other, until `done()`; their times."""
    times: dict[str, list[float]] = {"asset": [], "page": []}
    async with client(base, "127.0.0.1") as session:
        asset = ASSET.search((await session.get("/")).text)
        assert asset, "the home page links no style sheet"
        while not done():
            for kind, url in (("asset", asset[1]), ("page", "/")):
                start = time.perf_counter()
                response = await session.get(url)
                times[kind].append(time.perf_counter() - start)
                assert response.status_code == 200, f"{url}: {response.status_code}"
            await asyncio.sleep(0.05)
    return times


async def attacked(base: str, greedy: int, seconds: float) -> None:
    quiet_until = time.monotonic() + 3
    quiet = await normal_user(base, lambda: time.monotonic() > quiet_until)
    print("0. without the attack:")
    for kind, times in quiet.items():
        print(f"   {kind:<6} {percentiles(times)}")
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    hostile = context.Process(target=attacker, args=(base, greedy, seconds, results))
    start = time.perf_counter()
    hostile.start()
    await asyncio.sleep(1.5)  # the attacker's process has started and has its requests in flight
    times = await normal_user(base, lambda: not hostile.is_alive())
    seen = await asyncio.to_thread(results.get, timeout=seconds + 120)
    hostile.join(30)
    print(f"1. {greedy} heavy requests at once from {ATTACKER} for {time.perf_counter() - start:.1f} s:")
    for kind, count in sorted(seen.items()):
        print(f"     {kind:<24} {count}")
    print("   the normal user meanwhile:")
    for kind, times_of_kind in times.items():
        print(f"   {kind:<6} {percentiles(times_of_kind)}")


def main(args: argparse.Namespace) -> None:
    """Run the attack on a fresh server and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        server, base = start_server(Path(folder))
        try:
            asyncio.run(attacked(base, args.greedy, args.seconds))
        finally:
            status = stop_server(server)
        print(f"server stopped by Ctrl-C with exit status {status}")
