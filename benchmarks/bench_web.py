"""Load figures for `advisor serve` against the targets of issue 13. Prints measurements; asserts nothing.

    python benchmarks/bench_web.py [--respondents 50] [--think 1.0] [--runs 1] [--pdf-repeat 5]

1. A bounded load run on loopback: `advisor serve --port 0` in its own process on a temporary data folder, and
   `--respondents` simulated respondents at once (asyncio + httpx, one cookie jar and one connection each), each,
   arriving within the first `--think` seconds and spending 0.5 to 1.5 x `--think` seconds on every page (a person
   takes ten times longer; --think 0 is a saturation run in which the latency is the queue): GET /, POST /start, GET and POST every section with valid answers read off the page's form
   (as the page's script sends them: a question an answer opens is answered in the same POST), GET the summary,
   POST finish, GET the result page; after one respondent alone to warm the server up. p50/p95/max per page kind,
   errors (any unexpected status), and lost drafts: after the server has stopped (Ctrl-C), every respondent's answers
   and accepted version (the answers accepted and the profile they made) must be in advisor.sqlite3.
   Targets on 2 cores: p95 <= 100 ms questionnaire pages, <= 150 ms result page; zero errors, zero lost drafts.
2. The PDF download (`/result/{token}/report.pdf`: the first, rendered in a worker that starts with it, then cached)
   beside `advisor report`'s warm time
   (load_profile + render_html + render_pdf in this process after one warm-up, as bench_report.py times it) for the
   same profile file.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import importlib
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
ATTACKS = ("pdf", "slow", "cpu")
SHARED_ADDRESS = ("--drafts-per-minute", "100000", "--responses-per-hour", "100000")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REVISION = re.compile(r'name="(revision|based_on)" value="([^"]*)"')
"""The draft's revision and saved answers a page shows, which a browser sends back with its form."""
INPUT = re.compile(r"<input [^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
QUESTION = re.compile(
    r'<div class="question[^"]*" id="q-[^"]+" data-question="([^"]+)"[^>]*>(.*?)</fieldset>', re.DOTALL
)


class Timings:
    """Response times (seconds) per page kind, and the errors seen."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.result_missing = 0


async def timed(
    client: httpx.AsyncClient, timings: Timings, kind: str, method: str, url: str, expect: int, **kwargs: Any
) -> httpx.Response:
    """One request, timed under `kind`; a status other than `expect` is an error."""
    start = time.perf_counter()
    response = await client.request(method, url, **kwargs)
    timings.times[kind].append(time.perf_counter() - start)
    if response.status_code != expect:
        timings.errors.append(f"{method} {url.split('/', 3)[-1][:40]}: {response.status_code} (expected {expect})")
    return response


def form_of(page: str) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """The section form's fields as a browser would send them untouched (hidden fields, checked choices, texts),
    per question (with `<id>__shown`), and every question's choice values; '' is the form's own fields."""
    fields: dict[str, list[tuple[str, str]]] = {"": []}
    choices: dict[str, list[str]] = {}
    for question, body in QUESTION.findall(page):
        fields[question] = []
        for tag in INPUT.findall(body):
            attributes = dict(ATTRIBUTE.findall(tag))
            name, value = attributes.get("name", ""), html.unescape(attributes.get("value", ""))
            if attributes.get("type") in ("radio", "checkbox"):
                choices.setdefault(name, []).append(value)
                if " checked" not in tag:
                    continue
            fields[question].append((name, value))
    csrf = CSRF.search(page)
    fields[""].append(("csrf_token", csrf[1] if csrf else ""))
    fields[""] += [(name, html.unescape(value)) for name, value in REVISION.findall(page)]
    return fields, choices


def answer_section(page: str, respondent: int, rng: random.Random) -> list[tuple[str, str]]:
    """The POST body of a section with valid answers: the page's defaults, a name, a few needs, and anything an
    answer opens; the questions the page hides (and no answer here opens) are left out, as a browser does."""
    fields, choices = form_of(page)
    hidden = set(re.findall(r'data-question="([^"]+)" hidden', page))
    chosen: dict[str, list[str]] = {}
    if "org_name" in fields:
        chosen["org_name"] = [f"Load Test {respondent:03d} & Co"]
        chosen["regions"] = rng.sample(choices["regions"], rng.randint(0, 2))
    needs = [name[: -len("_importance")] for name in choices if name.endswith("_importance")]
    for need in rng.sample(needs, min(len(needs), rng.randint(1, 3))):
        chosen[f"{need}_importance"] = [str(rng.randint(1, 5))]
        chosen[f"{need}_volume"] = [rng.choice(choices[f"{need}_volume"])]
    if "data_sensitivity" in fields:
        sensitivity = rng.choice(choices["data_sensitivity"])
        chosen["data_sensitivity"] = [sensitivity]
        if sensitivity == '"regulated"':
            chosen["regulated_data"] = ['"health"']
    body = list(fields[""])
    for question, sent in fields.items():
        if not question or (question in hidden and question not in chosen):
            continue
        body.append((f"{question}__shown", "1"))
        values = chosen.get(question)
        if values is None:
            values = [value for name, value in sent if name == question]
        body += [(question, value) for value in values]
    body.append(("action", "next"))
    return body


def form_body(fields: list[tuple[str, str]]) -> dict[str, Any]:
    """A form POST's body as a browser encodes it (names may repeat)."""
    return {"content": urlencode(fields), "headers": {"content-type": "application/x-www-form-urlencoded"}}


async def respondent(base: str, number: int, timings: Timings, tokens: dict[str, int], think: float) -> None:
    """One person completing the questionnaire and opening the result page."""
    rng = random.Random(number)

    async def reading() -> None:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.sleep(think * rng.random())
        page = await timed(client, timings, "questionnaire GET", "GET", "/", 200)
        await reading()
        csrf = CSRF.search(page.text)
        assert csrf, "the start page has no CSRF token"
        response = await timed(
            client, timings, "questionnaire POST", "POST", "/start", 303, data={"csrf_token": csrf[1]}
        )
        location = response.headers["location"]
        token = location.split("/")[2]
        tokens[token] = number
        while "/summary" not in location:
            page = await timed(client, timings, "questionnaire GET", "GET", location, 200)
            body = answer_section(page.text, number, rng)
            await reading()
            response = await timed(client, timings, "questionnaire POST", "POST", location, 303, **form_body(body))
            if response.status_code != 303:
                return
            location = response.headers["location"]
        page = await timed(client, timings, "questionnaire GET", "GET", location, 200)
        await reading()
        csrf = CSRF.search(page.text)
        data = {"csrf_token": csrf[1] if csrf else ""} | {k: html.unescape(v) for k, v in REVISION.findall(page.text)}
        response = await timed(client, timings, "questionnaire POST", "POST", f"/q/{token}/finish", 303, data=data)
        if response.headers.get("location") != f"/result/{token}":
            timings.errors.append(f"finish did not lead to the result: {response.headers.get('location')}")
            return
        start = time.perf_counter()
        result = await client.get(f"/result/{token}")
        if result.status_code == 404:
            timings.result_missing += 1
        else:
            timings.times["result page GET"].append(time.perf_counter() - start)
            if result.status_code != 200:
                timings.errors.append(f"GET /result: {result.status_code}")


def start_server(data: Path) -> tuple[subprocess.Popen[str], str]:
    """`advisor serve --port 0` in its own process; its URL, read from the line it prints. Every simulated respondent
    comes from 127.0.0.1, one address as a whole office behind one router would be, so the per-address limits on new
    drafts and accepted answers are raised past what the runs need (an attacker comes from 127.0.0.2)."""
    command = [sys.executable, "-m", "advisor", "serve", "--port", "0", "--data", str(data), *SHARED_ADDRESS]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert server.stderr is not None
    line = server.stderr.readline()
    found = re.search(r"http://\S+/", line)
    if not found:
        server.kill()
        raise SystemExit(f"advisor serve did not start: {line}{server.stderr.read()}")
    return server, found[0].rstrip("/")


def stop_server(server: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a person stops it; its exit status."""
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  max {ordered[-1] * 1000:6.1f} ms"
        f"  ({len(ordered)} requests)"
    )


def lost_drafts(database: Path, tokens: dict[str, int]) -> list[str]:
    """The respondents whose answers or accepted version (answers and profile) are not in the database."""
    db = sqlite3.connect(database)
    try:
        rows = {
            t: (a, aa, p) for t, a, aa, p in db.execute("SELECT token, answers, accepted_answers, profile FROM drafts")
        }
    finally:
        db.close()
    lost = []
    for token, number in tokens.items():
        answers, accepted, profile = rows.get(token, ("{}", None, None))
        name = f"Load Test {number:03d} & Co"
        if any(orjson.loads(text or "{}").get("org_name") != name for text in (answers, accepted)) or profile is None:
            lost.append(f"respondent {number}")
        elif orjson.loads(profile)["organization"]["name"] != name:
            lost.append(f"respondent {number} (profile)")
    return lost


async def load_run(base: str, respondents: int, think: float) -> tuple[Timings, dict[str, int], float]:
    """One respondent alone to warm the server up (untimed; its draft is checked too), then all at once."""
    tokens: dict[str, int] = {}
    await respondent(base, respondents, Timings(), tokens, 0)
    timings = Timings()
    start = time.perf_counter()
    await asyncio.gather(*(respondent(base, n, timings, tokens, think) for n in range(respondents)))
    return timings, tokens, time.perf_counter() - start


def pdf_figures(base: str, token: str, repeat: int) -> None:
    """The warm PDF download beside the warm in-process `advisor report` of the same profile file."""
    from advisor.io.sources import load_profile, load_rules
    from advisor.report import profile_digest, render_html, render_pdf

    with httpx.Client(base_url=base, timeout=120) as client:
        start = time.perf_counter()
        first = client.get(f"/result/{token}/report.pdf")
        rendered = time.perf_counter() - start  # the first download renders (in a worker); the others are cached
        if first.status_code == 404:
            print("PDF download: not available (no /result/{token}/report.pdf in this build)")
            return
        downloads = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(f"/result/{token}/report.pdf")
            downloads.append(time.perf_counter() - start)
            assert response.content.startswith(b"%PDF-")
        raw = client.get(f"/result/{token}/profile.json").content
    rules = load_rules(None)
    date = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.json"
        path.write_bytes(raw)
        render_pdf(render_html(load_profile(str(path), rules), rules, profile_digest(raw), date))  # warm up
        renders = []
        for _ in range(repeat):
            start = time.perf_counter()
            render_pdf(render_html(load_profile(str(path), rules), rules, profile_digest(raw), date))
            renders.append(time.perf_counter() - start)
    download, render = statistics.median(downloads), statistics.median(renders)
    print(
        f"PDF: first download (rendered in a worker) {rendered * 1000:.0f} ms; "
        f"cached, median of {repeat}: download {download * 1000:.0f} ms (min {min(downloads) * 1000:.0f}), "
        f"advisor report in-process {render * 1000:.0f} ms (min {min(renders) * 1000:.0f}); "
        f"ratio {download / render:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=50, help="simulated respondents at once")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a respondent spends on a page")
    parser.add_argument("--runs", type=int, default=1, help="load runs, each on a fresh server and data folder")
    parser.add_argument("--pdf-repeat", type=int, default=5, help="timed PDF downloads and renders")
    parser.add_argument("--downloads", type=int, default=150, help="--attack pdf: downloads of one PDF at once")
    parser.add_argument("--pdfs", type=int, default=1000, help="--attack pdf: PDFs of different profiles for memory")
    parser.add_argument("--greedy", type=int, default=16, help="--attack cpu: heavy requests in flight at once")
    parser.add_argument("--seconds", type=float, default=20.0, help="--attack cpu: how long the attack lasts")
    parser.add_argument(
        "--attack",
        choices=ATTACKS,
        help="instead of the load run: a hostile client's attack while respondents walk (web_attack_NAME.py)",
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.attack:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        importlib.import_module(f"web_attack_{args.attack}").main(args)
        return
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            server, base = start_server(Path(folder))
            try:
                timings, tokens, wall = asyncio.run(load_run(base, args.respondents, args.think))
                requests = sum(len(t) for t in timings.times.values())
                print(
                    f"run {run}: {args.respondents} respondents at once, {args.think:g} s per page, "
                    f"{requests} requests in {wall:.1f} s "
                    f"({requests / wall:.0f} requests/s)"
                )
                questionnaire = timings.times["questionnaire GET"] + timings.times["questionnaire POST"]
                print(f"  questionnaire pages  {percentiles(questionnaire)}   target p95 <= 100 ms")
                for kind in ("questionnaire GET", "questionnaire POST"):
                    print(f"    {kind:<18} {percentiles(timings.times[kind])}")
                if timings.times["result page GET"]:
                    print(
                        f"  result page          {percentiles(timings.times['result page GET'])}   target p95 <= 150 ms"
                    )
                if timings.result_missing:
                    print(f"  result page: not available ({timings.result_missing} respondents got 404)")
                if run == args.runs and tokens:
                    pdf_figures(base, next(iter(tokens)), args.pdf_repeat)
            finally:
                status = stop_server(server)
            lost = lost_drafts(Path(folder) / "advisor.sqlite3", tokens)
            print(
                f"  errors: {len(timings.errors)}{' (' + '; '.join(timings.errors[:5]) + ')' if timings.errors else ''}"
                f"; lost drafts: {len(lost)} of {len(tokens)}{' (' + ', '.join(lost[:5]) + ')' if lost else ''}"
                f"; server stopped by Ctrl-C with exit status {status}"
            )


if __name__ == "__main__":
    main()
