"""Load figures for surveys in `advisor serve` against the targets of issue 14. Prints measurements; asserts nothing.

    python benchmarks/bench_survey.py [--respondents 100] [--think 1.0] [--runs 1]

`advisor serve --port 0` in its own process on a temporary data folder (ADVISOR_ADMIN_TOKEN set); the organiser
creates a survey through the form; then `--respondents` simulated respondents at once (asyncio + httpx, one cookie
jar and one connection each, as in bench_web.py), arriving within the first `--think` seconds and spending 0.5 to
1.5 x `--think` seconds on every page (--think 0 is a saturation run): GET the survey link, POST start, GET and POST
every section with valid answers read off the page's form (their role, a few needs), GET the summary, POST accept,
GET their result page. After one respondent alone to warm the server up. Then the organiser's pages with every
response in: the dashboard (with the live group assessment), the group JSON, the CSV and the JSONL.
Figures: accepted responses per second over the run, p50/p95/max per page kind, errors (any unexpected status), and
lost responses: after the server has stopped (Ctrl-C), every acknowledged response must be in advisor.sqlite3.
Targets on 2 cores: zero errors, p95 <= 150 ms per page, zero lost responses.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sqlite3
import ssl
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import (  # the respondents' forms are read as bench_web reads them
    CSRF,
    Timings,
    answer_section,
    form_body,
    percentiles,
    start_server,
    stop_server,
    timed,
)

TOKEN = "bench-survey-organiser-token-0123456789"
ADMIN = {"authorization": f"Bearer {TOKEN}"}
SSL = ssl.create_default_context()
"""One TLS context for every client (unused on http://): httpx builds one per client otherwise, about 40 ms of CPU
each, which with 100 clients blocks the event loop for seconds and turns the staggered arrivals into a burst."""


async def create_survey(base: str) -> tuple[str, str]:
    """The organiser's form, filled in: the dashboard path and the respondents' link path."""
    async with httpx.AsyncClient(base_url=base, headers=ADMIN, timeout=60) as admin:
        page = (await admin.get("/admin/surveys/new")).text
        csrf = CSRF.search(page)
        assert csrf, "the new survey form has no CSRF token"
        fields = [("csrf_token", csrf[1]), ("title", "Benchmark survey"), ("org_name__shown", "1")]
        fields += [("org_name", "Bench Media"), ("regions__shown", "1"), ("regions", '"EU"')]
        created = await admin.post("/admin/surveys", **form_body(fields))
        assert created.status_code == 303, created.text
        dashboard = created.headers["location"]
        link = re.search(r'id="respondent-link" [^>]*value="http://[^/]+([^"]+)"', (await admin.get(dashboard)).text)
        assert link, "the dashboard shows no respondents' link"
        return dashboard, link[1]


def with_role(body: list[tuple[str, str]], role: str) -> list[tuple[str, str]]:
    """The section's body with the respondent's role typed in (the page shows an empty field)."""
    return [(name, role if name == "respondent_role" else value) for name, value in body]


async def respondent(
    base: str, link: str, number: int, timings: Timings, acknowledged: dict[str, int], think: float
) -> None:
    """One person answering the survey, accepting and opening their result page."""
    rng = random.Random(number)
    role = f"Department {number:03d}"

    async def reading() -> None:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.sleep(think * rng.random())
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60, verify=SSL) as client:
        page = await timed(client, timings, "survey page GET", "GET", link, 200)
        await reading()
        csrf = CSRF.search(page.text)
        assert csrf, "the survey page has no CSRF token"
        response = await timed(
            client, timings, "start POST", "POST", f"{link}/start", 303, data={"csrf_token": csrf[1]}
        )
        location = response.headers["location"]
        token = location.split("/")[2]
        while "/summary" not in location:
            page = await timed(client, timings, "section GET", "GET", location, 200)
            body = with_role(answer_section(page.text, number, rng), role)
            await reading()
            response = await timed(client, timings, "section POST", "POST", location, 303, **form_body(body))
            if response.status_code != 303:
                return
            location = response.headers["location"]
        page = await timed(client, timings, "summary GET", "GET", location, 200)
        await reading()
        csrf = CSRF.search(page.text)
        data = {"csrf_token": csrf[1] if csrf else ""}
        response = await timed(client, timings, "accept POST", "POST", f"/q/{token}/finish", 303, data=data)
        if response.headers.get("location") != f"/result/{token}":
            timings.errors.append(f"accept did not lead to the result: {response.headers.get('location')}")
            return
        acknowledged[token] = number
        await timed(client, timings, "result page GET", "GET", f"/result/{token}", 200)


async def load_run(base: str, link: str, respondents: int, think: float) -> tuple[Timings, dict[str, int], float]:
    """One respondent alone to warm the server up (untimed; checked too), then all at once."""
    acknowledged: dict[str, int] = {}
    await respondent(base, link, respondents, Timings(), acknowledged, 0)
    timings = Timings()
    start = time.perf_counter()
    await asyncio.gather(*(respondent(base, link, n, timings, acknowledged, think) for n in range(respondents)))
    return timings, acknowledged, time.perf_counter() - start


async def organiser_figures(base: str, dashboard: str, expected: int) -> None:
    """The organiser's pages with every response in, each timed twice (the second is printed)."""
    async with httpx.AsyncClient(base_url=base, headers=ADMIN, timeout=120) as admin:
        for path in ("", "/group.json", "/responses.csv", "/profiles.jsonl"):
            for _ in range(2):
                start = time.perf_counter()
                response = await admin.get(dashboard + path)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, f"{path or 'dashboard'}: {response.status_code}"
            if path == "/group.json":
                count = orjson.loads(response.content)["respondents_count"]
                assert count == expected, f"the group has {count} respondents, not {expected}"
            print(f"  organiser {path or 'dashboard':<16} {elapsed * 1000:7.0f} ms ({len(response.content):,} bytes)")


def lost_responses(database: Path, acknowledged: dict[str, int]) -> list[str]:
    """The acknowledged respondents whose finished profile (with their role) is not in the database."""
    db = sqlite3.connect(database)
    try:
        rows = dict(db.execute("SELECT token, profile FROM drafts WHERE survey IS NOT NULL"))
    finally:
        db.close()
    lost = []
    for token, number in acknowledged.items():
        profile = rows.get(token)
        if profile is None or orjson.loads(profile)["respondent"]["role"] != f"Department {number:03d}":
            lost.append(f"respondent {number}")
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=100, help="simulated respondents at once")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a respondent spends on a page")
    parser.add_argument("--runs", type=int, default=1, help="load runs, each on a fresh server and data folder")
    args = parser.parse_args()
    os.environ["ADVISOR_ADMIN_TOKEN"] = TOKEN  # the server started below takes it
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            server, base = start_server(Path(folder))
            try:
                dashboard, link = asyncio.run(create_survey(base))
                timings, acknowledged, wall = asyncio.run(load_run(base, link, args.respondents, args.think))
                requests = sum(len(t) for t in timings.times.values())
                done = len(acknowledged) - 1  # less the warm-up respondent
                print(
                    f"run {run}: {args.respondents} respondents at once, {args.think:g} s per page: {done} responses "
                    f"accepted in {wall:.1f} s ({done / wall:.1f} responses/s; {requests / wall:.0f} requests/s)"
                )
                every = [t for times in timings.times.values() for t in times]
                print(f"  every page           {percentiles(every)}   target p95 <= 150 ms")
                for kind, times in timings.times.items():
                    print(f"    {kind:<18} {percentiles(times)}")
                asyncio.run(organiser_figures(base, dashboard, len(acknowledged)))
            finally:
                status = stop_server(server)
            lost = lost_responses(Path(folder) / "advisor.sqlite3", acknowledged)
            errors = f" ({'; '.join(timings.errors[:5])})" if timings.errors else ""
            print(
                f"  errors: {len(timings.errors)}{errors}; lost responses: {len(lost)} of {len(acknowledged)}"
                f"{' (' + ', '.join(lost[:5]) + ')' if lost else ''}; server stopped by Ctrl-C with exit status {status}"
            )


if __name__ == "__main__":
    main()
