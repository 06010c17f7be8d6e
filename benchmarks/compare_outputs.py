"""The gate of issue 23: every output of this tree is byte-identical to the base commit's (4116b4a).

    cd /work/wt-X && PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/compare_outputs.py --quick   # ~0.5-1 min
    cd /work/wt-X && PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/compare_outputs.py           # ~3-5 min
    --base REV (default 4116b4a)   --tree DIR (default: PYTHONPATH's first entry holding advisor/, else this
    script's repository)   --only GLOB (outputs by name; a plain word means *word*)   --allow GLOB (repeatable: may
    differ, reported as "allowed")   --keep DIR (keep this tree's outputs)   --diffs N, --diff-lines N (how much diff
    is shown)   --fresh (each command in a new interpreter instead of a warm fork: slower, same outputs)   -v

Outputs, each a file named by what produced it (`score/default/law-firm.text`), with a `.status` beside it (exit
code and masked stderr; stdout too when the output is a file the command writes):
- per example (the base's examples/*.json) x rules {default, extended}: `score` text and json; `whatif` with three
  sets of changes (art + regulated data; on-premises + low budget; code high + no AI skills) in text and json;
  `report` PDF and HTML (--date 2026-01-01);
- `validate` and `score` on three invalid profiles (exit code and stderr), `validate` on the examples, a refused
  `whatif` change; `group` of the examples in text and json, with its PDF report, and `--by organization.size`;
- `rules show` text and json, `rules validate`, `schema`, for both rule sets (and `schema` without --rules);
- `batch` of 3,000 varied profiles (bench_batch.generate, its fixed seed; written once into the cache and read by
  both trees) to CSV, JSONL and JSON with robustness, both rule sets; CSV without robustness; a JSONL with bad lines
  plus invalid files (its --errors file too); `batch --reports` on the examples (each PDF and portfolio.pdf);
- web pages, in process (the tree's `advisor.web` create_app(open_site(...)) through starlette's TestClient):
  home; the questionnaire's sections fresh and answered (and the page that asks the further questions), summary,
  result, saved; the upload page; per example the result page, assessment.json, profile.json, report.pdf and the
  what-if panel (three changes, page and JSON); the JSON API (assess, whatif, schema, rules, questions, an invalid
  profile, openapi.json); a survey: organiser login, new-survey form (refused and created), dashboard empty, survey
  page, two respondents who answer every section and accept, their results, the dashboard, admin home, group.json,
  group.pdf, responses.csv, profiles.jsonl. Result pages, API and what-if also with --rules extended's server.
--quick: the examples with default rules (score text/json, whatif), one report PDF, rules show, schema, 300 varied
profiles to CSV and JSONL, and the web pages (one report.pdf, no group.pdf, no extended server).

Both trees run this script's command set (a tree under test may add options or files: only the base's commands run).
A command runs as `python -m advisor` (runpy) in a fork of a process that imported the tree's advisor and ran a few
commands once (output discarded: the children start warm), two at a time, with PYTHONPATH=<tree>, cwd a scratch
folder holding the inputs (paths read the same in both trees), SOURCE_DATE_EPOCH=1767225600 (2026-01-01),
COLUMNS=80, TZ=UTC, LC_ALL=LANG=C.UTF-8 (LANGUAGE, LC_*, ADVISOR_*, NO_COLOR, FORCE_COLOR, PYTHON* unset),
PYTHONHASHSEED=0, a fresh XDG_CACHE_HOME per run (the rules cache keys the YAML, not the code that unpickles it),
ADVISOR_ADMIN_TOKEN fixed for the web. `--fresh` gives the same outputs (checked). A command that fails in this tree
but not in the base shows as its .status differing (exit code and stderr); one that hangs is killed after 600 s.

The base: a detached worktree of REV at /work/base-<rev> (made with `git worktree add --detach` if missing; the
caller's tree is untouched), run the same way; its outputs are cached in /work/outputs-<rev>/quick-<digest>/ and
full-<digest>/ (the digest of this script's job set, so that two versions of the script never replace each other's
set; COMPLETE marks a finished one; a lock serialises making them). The inputs both trees read: /work/outputs-<rev>/inputs/ (the base's examples, invalid profiles, varied-300/3000.jsonl,
mixed.jsonl).

Masks (only what differs between two runs of the same tree: the base run twice, quick and full, gives 0 differences):
- web: random draft tokens, survey ids, respondents' links (taken from the redirects) and response ids (taken from
  profiles.jsonl) become `{draft-1}`, `{survey-1}`, `{link-1}`, `{response-1}` in order of appearance; the forms'
  CSRF tokens (`name="csrf_token" value="{csrf}"`: HMACs with the site's random secret); the dashboard's response
  time `<td>YYYY-MM-DD HH:MM</td>` (wall clock);
- stderr: batch's `scored in X s (N profiles/s)` (wall time).
PDFs are not masked: with SOURCE_DATE_EPOCH and --date, two runs give identical bytes (CLI reports, group report,
batch reports and portfolio, the web's report.pdf and group.pdf). When PDFs differ, their text (pypdf) is compared
too and the report says whether only the bytes or the text differ too.

Report: `DIFFERENT name` with the first differing lines (a unified diff without context, capped), `allowed name`,
with -v `same name`; then `N outputs, M differ`. Exit 0 when none differs (allowed ones aside), 1 otherwise.

Tested (2 cores shared with six engineers, load average 10-14): quick 33-70 s (23-42 s producing the tree's outputs),
full 235-480 s (171-265 s for the tree); producing the base's cache once: quick 34 s, full 220-234 s. A tree equal
to the base (this worktree, and the base worktree itself: the base run twice): 216 quick / 411 full outputs, 0 differ,
also with --fresh. A one-word change in a headline ("both" -> "together") and in a report template (uncommitted,
reverted): 100 quick outputs differ, the PDF among them ("PDF bytes differ; text differs too" with the line). A tree
that does not import: every output differs by its .status (exit 1 and the error).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import fcntl
import fnmatch
import hashlib
import html as html_lib
import io
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCRIPT_ROOT = HERE.parent
DEFAULT_BASE = "4116b4a"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
DATE = "2026-01-01"
RULES = ("default", "extended")
JOBS = 2
CHILD_TIMEOUT = 600  # seconds
FRESH = os.environ.get("COMPARE_OUTPUTS_FRESH") == "1"  # --fresh: each command in a new interpreter
ADMIN_TOKEN = "compare-outputs-admin-token-0123456789abcdef"
VERSION = "4"  # bump when the produced outputs change shape (the cache is keyed by it and the job names)
WHATIFS = (
    ("art-regulated", ("needs.art.importance=5", "context.data_sensitivity=regulated")),
    ("onprem-lowbudget", ("context.deployment=on_premises", "context.budget=low")),
    ("code-high", ("needs.code.importance=5", "needs.code.volume=high", "context.ai_skills=none")),
)
INVALID = {
    "no-needs.json": b'{"schema_version": 1, "id": "no-needs", "organization": {"name": "X"}, "needs": {}}\n',
    "bad-values.json": (
        b'{"schema_version": 1, "id": "bad", "organization": {"name": "X", "size": "huge"},'
        b' "needs": {"writing": {"importance": 9, "volume": "vast"}, "telepathy": {"importance": 2}},'
        b' "context": {"deployment": "moon", "colour": "blue"}}\n'
    ),
    "not-json.json": b'{"schema_version": 1, "id": "broken", "organization": \n',
}


# ---- the command set ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One command: `name` is the output's file; `args` are advisor's, with {out} for a file it writes."""

    name: str
    args: tuple[str, ...]

    @property
    def writes_file(self) -> bool:
        return any("{out}" in a or "{dir}" in a for a in self.args)


def examples(inputs: Path) -> list[str]:
    """The examples, as relative paths the commands are given."""
    return sorted(f"examples/{p.name}" for p in (inputs / "examples").glob("*.json"))


def jobs_for(inputs: Path, quick: bool) -> list[Job]:
    """Every command whose outputs are compared."""
    jobs: list[Job] = []

    def add(name: str, *args: str) -> None:
        jobs.append(Job(name, args))

    found = examples(inputs)
    for rules in RULES[:1] if quick else RULES:
        r = ("--rules", rules)
        for index, example in enumerate(found):
            stem = Path(example).stem
            add(f"score/{rules}/{stem}.text", "score", example, "--format", "text", *r)
            add(f"score/{rules}/{stem}.json", "score", example, "--format", "json", *r)
            for label, changes in WHATIFS:
                sets = tuple(x for change in changes for x in ("--set", change))
                for fmt in ("text", "json"):
                    add(f"whatif/{rules}/{stem}.{label}.{fmt}", "whatif", example, *sets, "-f", fmt, *r)
            if not quick or index == 0:
                add(f"report/{rules}/{stem}.pdf", "report", example, "-o", "{out}", "--date", DATE, *r)
            if not quick:
                add(f"report/{rules}/{stem}.html", "report", example, "-o", "{out}", "--date", DATE, *r)
        for fmt in ("text", "json"):
            add(f"rules/{rules}/show.{fmt}", "rules", "show", "--format", fmt, *r)
        add(f"schema/{rules}.json", "schema", *r)
        if not quick:
            add(f"rules/{rules}/validate.text", "rules", "validate", rules)
            for fmt in ("text", "json"):
                add(f"group/{rules}/examples.{fmt}", "group", *found, "--format", fmt, *r)
            add(f"group/{rules}/examples.pdf", "group", *found, "-f", "json", "--report", "{out}", "--date", DATE, *r)
            add(f"group/{rules}/by-size.text", "group", *found, "--by", "organization.size", "--format", "text", *r)
            for name in sorted(INVALID):
                add(f"validate/{rules}/{Path(name).stem}.text", "validate", f"invalid/{name}", *r)
                add(f"score/{rules}/invalid-{Path(name).stem}.json", "score", f"invalid/{name}", "-f", "json", *r)
            add(f"validate/{rules}/examples.text", "validate", *found, *r)
        count = 300 if quick else 3000
        varied = f"varied-{count}.jsonl"
        batch = ("batch", varied, "-o", "{out}", "-q", "-j", "1", *r)
        for fmt in ("csv", "jsonl") if quick else ("csv", "jsonl", "json"):
            add(f"batch/{rules}/varied-{count}.{fmt}", *batch, "-f", fmt)
        if not quick:
            add(f"batch/{rules}/varied-{count}-no-robustness.csv", *batch, "-f", "csv", "--no-robustness")
            errors = ("--errors", "out/errors.jsonl")
            add(f"batch/{rules}/mixed.csv", "batch", "mixed.jsonl", "invalid", "-o", "{out}", *errors, "-j", "1", *r)
    if not quick:
        reports = ("--reports", "{dir}", "--date", DATE)
        add("batch/default/examples-reports", "batch", *found, "-o", "out/examples.csv", "-q", "-j", "1", *reports)
        add("whatif/default/refused.text", "whatif", found[0], "--set", "needs.code.volume=high", "-f", "text")
        add("schema/plain.json", "schema")
    return jobs


WEB = "web"  # the web pages are one job, run in process with the app


def digest(jobs: list[Job], quick: bool) -> str:
    text = "\n".join(f"{j.name}\t{' '.join(j.args)}" for j in jobs) + f"\nweb {quick}\nversion {VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ---- producing the outputs of one tree (runs with PYTHONPATH=<tree>) -----------------------------------------------


def produce(out: Path, inputs: Path, quick: bool, only: str | None) -> None:
    """Write every output of the tree on sys.path into `out`."""
    work = Path(tempfile.mkdtemp(prefix="compare-outputs-"))
    try:
        for name in ("examples", "invalid"):
            shutil.copytree(inputs / name, work / name)
        for path in inputs.glob("*.jsonl"):
            os.symlink(path, work / path.name)
        (work / "out").mkdir()
        os.chdir(work)
        jobs = [j for j in jobs_for(inputs, quick) if only is None or fnmatch.fnmatch(j.name, only)]
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")  # the rules cache keys no code: one per run and tree
        if not FRESH:
            warm_up(examples(inputs)[0])
        sys.stdout.flush()
        sys.stderr.flush()
        running: dict[int, Callable[[int], None]] = {}
        queue: list[Callable[[], tuple[int, Callable[[int], None]]]] = []
        if only is None or only.startswith(("web", "*", "?", "[")):
            queue.append(lambda: _fork(lambda: _web(out, work, quick, only)))
        queue += [(lambda job=job: _fork_job(job, out, work)) for job in jobs]
        while queue or running:
            while queue and len(running) < JOBS:
                pid, done = queue.pop(0)()
                running[pid] = done
            pid, status = os.wait()
            if pid in running:
                running.pop(pid)(os.waitstatus_to_exitcode(status))
    finally:
        os.chdir("/")
        shutil.rmtree(work, ignore_errors=True)


def warm_up(example: str) -> None:
    """Import the tree's advisor and run a few commands once, output discarded, so that each forked command starts
    with the modules imported and the rules read (as a cached run would)."""
    try:
        import advisor.cli
    except Exception:  # noqa: BLE001  a tree that does not import: each command fails and shows it
        traceback.print_exc()
        return
    with contextlib.suppress(ImportError):
        import weasyprint  # noqa: F401
    run = getattr(advisor.cli, "run", None)
    if run is None:
        return
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        for rules in RULES:
            for args in (
                ("score", example, "-f", "json"),
                ("whatif", example, "--set", "needs.art.importance=5"),
                ("rules", "show", "-f", "json"),
            ):
                try:
                    run([*args, "--rules", rules])
                except (Exception, SystemExit):  # noqa: BLE001, S110  a warm-up only: the commands run below
                    pass
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(null)


def _fork(body: Callable[[], int]) -> tuple[int, Callable[[int], None]]:
    pid = os.fork()
    if pid == 0:
        code = 1
        signal.alarm(CHILD_TIMEOUT)  # a command that hangs is killed (SIGALRM: exit -14), not waited for forever
        try:
            code = body()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001  whatever the tree raises ends this child with exit 1, shown
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(code)
    return pid, lambda code: None


def _fork_job(job: Job, out: Path, work: Path) -> tuple[int, Callable[[int], None]]:
    """Run `advisor <job.args>` in a forked child; record its output and status when it ends."""
    target = out / job.name
    target.parent.mkdir(parents=True, exist_ok=True)
    produced = f"out/{job.name.replace('/', '-')}"
    args = [a.replace("{out}", produced).replace("{dir}", produced) for a in job.args]
    stdout, stderr = Path(f"{target}.stdout"), Path(f"{target}.stderr")

    def run() -> int:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, path in ((1, stdout), (2, stderr)):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
        if FRESH:
            os.execv(sys.executable, [sys.executable, "-m", "advisor", *args])
        sys.argv = ["advisor", *args]
        runpy.run_module("advisor", run_name="__main__", alter_sys=True)
        return 0

    pid, _ = _fork(run)

    def done(code: int) -> None:
        error = mask_stderr(stderr.read_bytes())
        status = f"exit {code}\n--- stderr\n".encode() + error
        if job.writes_file:
            status += b"\n--- stdout\n" + stdout.read_bytes()
            produced_path = work / produced
            if produced_path.is_dir():  # a folder of outputs: each file is one, e.g. reports/portfolio.pdf
                for path in sorted(produced_path.rglob("*")):
                    if path.is_file():
                        each = target / path.relative_to(produced_path)
                        each.parent.mkdir(parents=True, exist_ok=True)
                        shutil.move(path, each)
            elif produced_path.exists():
                shutil.move(produced_path, target)
            if job.name.endswith("mixed.csv") and (work / "out/errors.jsonl").exists():
                shutil.move(work / "out/errors.jsonl", Path(f"{target}.errors.jsonl"))
        else:
            shutil.move(stdout, target)
        Path(f"{target}.status").write_bytes(status)
        stdout.unlink(missing_ok=True)
        stderr.unlink(missing_ok=True)

    return pid, done


def mask_stderr(text: bytes) -> bytes:
    """Wall times in messages: batch's 'scored in 2.6 s (1,151 profiles/s)'."""
    return re.sub(rb"scored in [\d.,]+ s \([\d.,]+ profiles/s\)", b"scored in {time}", text)


# ---- the web pages --------------------------------------------------------------------------------------------------


class Secrets:
    """Random values seen in the pages (tokens, ids, links), each replaced by a name in order of appearance."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def add(self, value: str, kind: str) -> str:
        if value and value not in self.names:
            count = sum(1 for n in self.names.values() if n.startswith("{" + kind + "-")) + 1
            self.names[value] = "{" + kind + "-" + str(count) + "}"
        return value

    def mask(self, text: str) -> str:
        for value in sorted(self.names, key=len, reverse=True):
            text = text.replace(value, self.names[value])
        text = re.sub(r'(name="csrf_token" value=")[^"]+"', r'\1{csrf}"', text)
        text = re.sub(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", "<td>{time}</td>", text)
        return text


LOCATION_SECRETS = (
    (r"^/q/([^/?#]+)", "draft"),
    (r"^/result/([^/?#]+)", "draft"),
    (r"^/admin/surveys/([^/?#]+)", "survey"),
    (r"^/s/([^/?#]+)", "link"),
)
"""Where the redirects carry random values: draft tokens, survey ids, respondents' links."""

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    return html_lib.unescape(found[1]) if found else ""


def form_fields(page: str) -> dict[str, list[str]]:
    """What a browser sends for the page's question form as it is (as tests/web_helpers.form_fields)."""
    start = page.find('class="questions"')
    if start < 0:
        return {}
    form = page[start:]
    form = form[: form.index("</form>")]
    form = re.sub(r"<fieldset disabled.*?</fieldset>", "", form, flags=re.DOTALL)
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name:
            continue
        if kind and kind[1] in ("radio", "checkbox") and " checked" not in tag:
            continue
        fields.setdefault(name[1], []).append(html_lib.unescape(value[1]) if value else "")
    for select in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.DOTALL):
        chosen = re.search(r'<option [^>]*value="([^"]*)"[^>]*selected', select[1])
        if chosen:
            fields.setdefault(select[0], []).append(html_lib.unescape(chosen[1]))
    return fields


def _web(out: Path, work: Path, quick: bool, only: str | None) -> int:
    """Every page and answer of the web app, masked, into out/web/."""
    os.environ["ADVISOR_ADMIN_TOKEN"] = ADMIN_TOKEN
    from fastapi.testclient import TestClient

    from advisor.web import create_app, open_site

    secrets = Secrets()
    written: list[str] = []

    def save(name: str, response: Any) -> Any:
        if only and not fnmatch.fnmatch(f"web/{name}", only):
            return response
        location = response.headers.get("location", "")
        for pattern, kind in LOCATION_SECRETS:
            found = re.search(pattern, location)
            if found:
                secrets.add(found[1], kind)
        target = out / "web" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        headers = [f"status {response.status_code}"]
        for header in ("content-type", "content-disposition", "location"):
            if header in response.headers:
                headers.append(f"{header}: {secrets.mask(response.headers[header])}")
        target.with_name(target.name + ".status").write_text("\n".join(headers) + "\n")
        kind = response.headers.get("content-type", "")
        if "pdf" in kind:
            target.write_bytes(response.content)
        else:
            target.write_text(secrets.mask(response.content.decode()))
        written.append(name)
        return response

    def token_from(response: Any, kind: str, index: int = 2) -> str:
        location = response.headers.get("location", "")
        parts = location.split("/")
        return secrets.add(parts[index] if len(parts) > index else "", kind)

    def submit(client: TestClient, url: str, page: str, changes: dict[str, Any], action: str = "next") -> Any:
        fields = form_fields(page)
        fields["csrf_token"] = [csrf_of(page)]
        for name, value in changes.items():
            fields[name] = value if isinstance(value, list) else [value]
        fields["action"] = [action]
        return client.post(url, data=fields, follow_redirects=False)

    def answer(client: TestClient, token: str, number: int, changes: dict[str, Any], prefix: str) -> Any:
        page = client.get(f"/q/{token}/{number}")
        if prefix:
            save(f"{prefix}/section-{number}.html", page)
        response = submit(client, f"/q/{token}/{number}", page.text, changes)
        if response.status_code == 422 and "further question" in response.text:
            if prefix:
                save(f"{prefix}/section-{number}-further.html", response)
            response = submit(client, f"/q/{token}/{number}", response.text, {})
        return response

    def walk(client: TestClient, token: str, pages: dict[int, dict[str, Any]], prefix: str) -> None:
        number = 1
        while number < 20:
            response = answer(client, token, number, pages.get(number, {}), prefix)
            if response.status_code != 303:
                if prefix:
                    save(f"{prefix}/section-{number}-refused.html", response)
                return
            if response.headers["location"].endswith("/summary"):
                return
            number += 1

    found = examples(work)
    data = Path(tempfile.mkdtemp(prefix="compare-outputs-web-"))
    site = open_site(None, data / "default")
    with TestClient(create_app(site)) as client:
        home = save("home.html", client.get("/"))
        started = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
        save("start.redirect", started)
        fresh = token_from(started, "draft")
        number = 1
        while True:  # each section as a fresh draft shows it
            page = client.get(f"/q/{fresh}/{number}")
            if page.status_code != 200 or number > 20:
                break
            save(f"questionnaire/fresh-section-{number}.html", page)
            number += 1
        save("questionnaire/missing-section.html", client.get(f"/q/{fresh}/{number}"))
        started = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
        token = token_from(started, "draft")
        changes = {1: {"org_name": "Harbour & Sons <Ltd>"}, 2: {"writing_importance": "5", "code_importance": "3"}}
        walk(client, token, changes, "questionnaire/answered")
        summary = save("questionnaire/summary.html", client.get(f"/q/{token}/summary"))
        finished = save(
            "questionnaire/finish.redirect",
            client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary.text)}, follow_redirects=False),
        )
        save("questionnaire/result.html", client.get(finished.headers.get("location", f"/result/{token}")))
        save("questionnaire/saved.html", client.get(f"/q/{token}/saved"))
        upload = save("upload.html", client.get("/upload"))
        for index, example in enumerate(found):
            stem = Path(example).stem
            sent = client.post(
                "/upload",
                data={"csrf_token": csrf_of(upload.text)},
                files={"profile": (Path(example).name, (work / example).read_bytes(), "application/json")},
                follow_redirects=False,
            )
            save(f"result/{stem}/upload.redirect", sent)
            result = token_from(sent, "draft")
            page = save(f"result/{stem}/page.html", client.get(f"/result/{result}"))
            save(f"result/{stem}/assessment.json", client.get(f"/result/{result}/assessment.json"))
            save(f"result/{stem}/profile.json", client.get(f"/result/{result}/profile.json"))
            if not quick or index == 0:
                save(f"result/{stem}/report.pdf", client.get(f"/result/{result}/report.pdf"))
            token = csrf_of(page.text)
            for label, fields in (
                ("art", {"art_importance": "5", "art_volume": "medium"}),
                ("writing-off", {"writing_importance": "0", "summarization_importance": "0"}),
                ("code", {"code_importance": "4", "code_volume": "high"}),
            ):
                form = {"csrf_token": token, **fields}
                save(f"result/{stem}/whatif-{label}.html", client.post(f"/result/{result}/whatif", data=form))
                save(
                    f"result/{stem}/whatif-{label}.json",
                    client.post(f"/result/{result}/whatif", data=form, headers={"accept": "application/json"}),
                )
        _api(client, work, found, save, "api")
        _survey(site, save, secrets, submit, answer, csrf_of, token_from, quick)
    if not quick:
        extended = open_site("extended", data / "extended")
        with TestClient(create_app(extended)) as client:
            upload = client.get("/upload")
            for example in found:
                stem = Path(example).stem
                sent = client.post(
                    "/upload",
                    data={"csrf_token": csrf_of(upload.text)},
                    files={"profile": (Path(example).name, (work / example).read_bytes(), "application/json")},
                    follow_redirects=False,
                )
                result = token_from(sent, "draft")
                page = save(f"extended/result/{stem}/page.html", client.get(f"/result/{result}"))
                save(f"extended/result/{stem}/assessment.json", client.get(f"/result/{result}/assessment.json"))
                form = {"csrf_token": csrf_of(page.text), "art_importance": "5", "art_volume": "medium"}
                save(f"extended/result/{stem}/whatif-art.html", client.post(f"/result/{result}/whatif", data=form))
            _api(client, work, found, save, "extended/api")
    close_pools = getattr(sys.modules.get("advisor.web.render_pool"), "close_pools", None)
    if close_pools is not None:  # the PDF workers, ended before this process exits
        close_pools()
    shutil.rmtree(data, ignore_errors=True)
    return 0


def _api(client: Any, work: Path, found: list[str], save: Callable[..., Any], prefix: str) -> None:
    import json

    for path in ("schema", "rules", "questions"):
        save(f"{prefix}/{path}.json", client.get(f"/api/v1/{path}"))
    save(f"{prefix}/openapi.json", client.get("/openapi.json"))
    for example in found:
        stem = Path(example).stem
        body = (work / example).read_bytes()
        headers = {"content-type": "application/json"}
        save(f"{prefix}/assess/{stem}.json", client.post("/api/v1/assess", content=body, headers=headers))
        changes = {"needs.art.importance": 5, "context.data_sensitivity": "regulated"}
        asked = json.dumps({"profile": json.loads(body), "changes": changes}).encode()
        save(f"{prefix}/whatif/{stem}.json", client.post("/api/v1/whatif", content=asked, headers=headers))
    bad = b'{"schema_version": 1, "organization": {"name": "X"}, "needs": {"writing": {"importance": 9}}}'
    save(f"{prefix}/assess/invalid.json", client.post("/api/v1/assess", content=bad, headers=headers))


def _survey(
    site: Any,
    save: Callable[..., Any],
    secrets: Secrets,
    submit: Any,
    answer: Any,
    csrf: Any,
    token_from: Any,
    quick: bool,
) -> None:
    from fastapi.testclient import TestClient

    from advisor.web import create_app

    admin = TestClient(create_app(site))
    login = save("survey/admin-login.html", admin.get("/admin/login"))
    save(
        "survey/admin-login.redirect",
        admin.post("/admin/login", data={"csrf_token": csrf(login.text), "token": ADMIN_TOKEN}, follow_redirects=False),
    )
    save("survey/admin-home-empty.html", admin.get("/admin"))
    new = save("survey/new.html", admin.get("/admin/surveys/new"))
    refused = submit(admin, "/admin/surveys", new.text, {"title": "", "org_name": ""})
    save("survey/new-refused.html", refused)
    created = submit(
        admin,
        "/admin/surveys",
        new.text,
        {"title": "Where do we stand on AI?", "org_name": "Harbour News", "regions": '"EU"'},
    )
    save("survey/created.redirect", created)
    dashboard_url = created.headers.get("location", "")
    secrets.add(dashboard_url.rsplit("/", 1)[-1], "survey")
    dashboard = save("survey/dashboard-empty.html", admin.get(dashboard_url))
    link_match = re.search(
        r'id="respondent-link" class="link" type="text" readonly value="http://testserver([^"]+)"', dashboard.text
    )
    link = link_match[1] if link_match else "/s/missing"
    secrets.add(link.rsplit("/", 1)[-1], "link")
    save("survey/dashboard-empty.html", admin.get(dashboard_url))  # again, with the link masked
    respondents = (
        ("legal", "Legal", {"writing_importance": "5", "code_importance": "1"}, {"data_sensitivity": '"confidential"'}),
        ("marketing", "Marketing", {"art_importance": "5", "video_importance": "4"}, {}),
    )
    for index, (label, role, needs, context) in enumerate(respondents):
        client = TestClient(create_app(site))
        page = client.get(link)
        if index == 0:
            save("survey/survey-page.html", page)
        started = client.post(f"{link}/start", data={"csrf_token": csrf(page.text)}, follow_redirects=False)
        token = token_from(started, "draft")
        pages = {1: {"respondent_role": role}, 2: needs, 3: context}
        number = 1
        while number < 20:
            response = answer(client, token, number, pages.get(number, {}), f"survey/{label}" if index == 0 else "")
            if response.status_code != 303 or response.headers["location"].endswith("/summary"):
                break
            number += 1
        summary = save(f"survey/{label}/summary.html", client.get(f"/q/{token}/summary"))
        save(
            f"survey/{label}/finish.redirect",
            client.post(f"/q/{token}/finish", data={"csrf_token": csrf(summary.text)}, follow_redirects=False),
        )
        save(f"survey/{label}/result.html", client.get(f"/result/{token}"))
    for line in admin.get(f"{dashboard_url}/profiles.jsonl").content.splitlines():  # the responses' random ids
        found = re.search(rb'"id":"([^"]+)"', line)
        if found:
            secrets.add(found[1].decode(), "response")
    save("survey/dashboard.html", admin.get(dashboard_url))
    save("survey/admin-home.html", admin.get("/admin"))
    for export in ("group.json", "responses.csv", "profiles.jsonl"):
        save(f"survey/{export}", admin.get(f"{dashboard_url}/{export}"))
    if not quick:
        save("survey/group.pdf", admin.get(f"{dashboard_url}/group.pdf"))


# ---- the base: worktree, inputs, cached outputs ----------------------------------------------------------------------


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (several engineers may run the gate at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def git(tree: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(tree), *args], check=True, capture_output=True, text=True).stdout.strip()


def base_worktree(tree: Path, rev: str) -> Path:
    """A detached worktree of `rev` at /work/base-<rev>, made once."""
    path = Path(f"/work/base-{rev}")
    with locked(Path(f"/work/.base-{rev}.lock")):
        if not (path / "advisor").is_dir():
            git(tree, "worktree", "add", "--detach", str(path), rev)
    return path


def make_inputs(inputs: Path, base: Path) -> None:
    """The files both trees read: the base's examples, invalid profiles, varied profiles (seeded)."""
    if (inputs / "COMPLETE").exists():
        return
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    shutil.copytree(base / "examples", inputs / "examples")
    (inputs / "invalid").mkdir()
    for name, content in INVALID.items():
        (inputs / "invalid" / name).write_bytes(content)
    sys.path.insert(0, str(HERE))
    from bench_batch import generate

    for count in (300, 3000):
        generate(inputs / f"varied-{count}.jsonl", count)
    good = (inputs / "varied-300.jsonl").read_bytes().splitlines(keepends=True)[:20]
    bad = [b'{"id": "bad-1", "needs": {}}\n', b"not json\n", b'{"id": "bad-2", "organization": {"name": 3}}\n']
    (inputs / "mixed.jsonl").write_bytes(b"".join(good[:8] + bad[:2] + good[8:] + bad[2:]))
    (inputs / "COMPLETE").write_text("inputs\n")


def child_env(tree: Path) -> dict[str, str]:
    fresh = os.environ.get("COMPARE_OUTPUTS_FRESH")
    dropped = ("ADVISOR_", "FORCE_COLOR", "NO_COLOR", "PYTHON", "LC_", "LANGUAGE", "XDG_CACHE_HOME")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        PYTHONPATH=str(tree),
        SOURCE_DATE_EPOCH=EPOCH,
        COLUMNS="80",
        LINES="40",
        TZ="UTC",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
        PYTHONHASHSEED="0",
        PYTHONPYCACHEPREFIX="/tmp/compare-outputs-pycache",
        TERM="dumb",
    )
    if fresh:
        env["COMPARE_OUTPUTS_FRESH"] = fresh
    return env


def run_producer(tree: Path, out: Path, inputs: Path, quick: bool, only: str | None) -> float:
    """Produce `tree`'s outputs into `out` in a fresh interpreter with PYTHONPATH=<tree>; the seconds it took."""
    command = [sys.executable, str(Path(__file__).resolve()), "--produce", str(out), "--inputs", str(inputs)]
    command += ["--quick"] if quick else []
    command += ["--only", only] if only else []
    start = time.perf_counter()
    result = subprocess.run(command, env=child_env(tree), cwd="/", check=False)
    if result.returncode != 0:
        sys.exit(f"producing the outputs of {tree} failed ({result.returncode})")
    return time.perf_counter() - start


def base_outputs(tree: Path, rev: str, quick: bool) -> Path:
    """The base's outputs for this job set, produced once and cached."""
    base = base_worktree(tree, rev)
    root = Path(f"/work/outputs-{rev}")
    inputs = root / "inputs"
    with locked(root.parent / f".outputs-{rev}.lock"):
        make_inputs(inputs, base)
        key = digest(jobs_for(inputs, quick), quick)
        cached = root / f"{'quick' if quick else 'full'}-{key}"  # one folder per job set: never replaced once made
        if (cached / "COMPLETE").exists():
            return cached
        fresh = root / f".new-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"producing the base's outputs ({rev}, {'quick' if quick else 'full'}) into {cached} ...", flush=True)
        took = run_producer(base, fresh, inputs, quick, None)
        (fresh / "COMPLETE").write_text(key + "\n")
        shutil.rmtree(cached, ignore_errors=True)  # an unfinished one
        fresh.rename(cached)
        print(f"  done in {took:.0f} s", flush=True)
    return cached


# ---- comparing ------------------------------------------------------------------------------------------------------


def outputs_in(folder: Path) -> list[str]:
    """The outputs of a set: every file but the .status/.errors sidecars and the marker."""
    names = []
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "COMPLETE" and not path.name.endswith((".status", ".errors.jsonl")):
            names.append(str(path.relative_to(folder)))
    for path in folder.rglob("*.status"):  # an output file that was never written still has its status
        name = str(path.relative_to(folder))[: -len(".status")]
        if not (folder / name).is_file():
            names.append(name)
    return sorted(set(names))


def read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def text_diff(old: bytes | None, new: bytes | None, label: str, limit: int) -> list[str]:
    a = (old or b"").decode(errors="replace").splitlines()
    b = (new or b"").decode(errors="replace").splitlines()
    if old is None:
        return [f"  (missing in the base) {label}"]
    if new is None:
        return [f"  (missing in this tree) {label}"]
    lines = list(difflib.unified_diff(a, b, n=0, lineterm=""))[2:]  # no ---/+++ header: the name is above
    shown = [("  " + line)[:200] for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"  ... {len(lines) - limit} more diff lines")
    return shown


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # noqa: BLE001  a broken PDF is a difference to show, not a crash
        return f"(unreadable PDF: {exc})"


def compare(
    base: Path, new: Path, allow: list[str], only: str | None, limit: int, shown: int
) -> tuple[int, int, list[str]]:
    """Compare two output sets: (outputs, differing, report lines)."""
    names = [n for n in outputs_in(base) if only is None or fnmatch.fnmatch(n, only)]
    differ = 0
    lines: list[str] = []
    for name in names:
        problems: list[str] = []
        for suffix in ("", ".status", ".errors.jsonl"):
            old, fresh = read(base / (name + suffix)), read(new / (name + suffix))
            if old == fresh:
                continue
            label = name + suffix
            if suffix == "" and name.endswith(".pdf") and old is not None and fresh is not None:
                same_text = pdf_text(old) == pdf_text(fresh)
                problems.append(f"  PDF bytes differ; text {'is the same' if same_text else 'differs too'}")
                if not same_text:
                    problems += text_diff(pdf_text(old).encode(), pdf_text(fresh).encode(), label + " (text)", limit)
            else:
                problems += text_diff(old, fresh, label, limit)
        if not problems:
            continue
        if any(fnmatch.fnmatch(name, pattern) for pattern in allow):
            lines.append(f"allowed   {name}")
            continue
        differ += 1
        lines.append(f"DIFFERENT {name}")
        if differ <= shown:
            lines += problems
    return len(names), differ, lines


def default_tree() -> Path:
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and (Path(entry) / "advisor" / "__init__.py").exists():
            return Path(entry).resolve()
    return SCRIPT_ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="the commit to compare with (default %(default)s)")
    parser.add_argument("--tree", type=Path, default=None, help="the tree under test (default: PYTHONPATH's)")
    parser.add_argument("--quick", action="store_true", help="examples with default rules, 300 profiles, web")
    parser.add_argument("--only", default=None, help="only outputs whose name matches this glob, e.g. 'score/*'")
    parser.add_argument("--allow", action="append", default=[], help="outputs (glob) allowed to differ")
    parser.add_argument("--keep", type=Path, default=None, help="keep this tree's outputs in DIR")
    parser.add_argument("--diff-lines", type=int, default=12, help="diff lines shown per output (%(default)s)")
    parser.add_argument("--diffs", type=int, default=30, help="outputs whose diff is shown; the rest are named")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the outputs that are the same too")
    parser.add_argument("--fresh", action="store_true", help="run each command in a new interpreter (slower)")
    parser.add_argument("--produce", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only and not any(c in args.only for c in "*?["):
        args.only = f"*{args.only}*"
    if args.produce:
        produce(args.produce, args.inputs, args.quick, args.only)
        return
    if args.fresh:
        os.environ["COMPARE_OUTPUTS_FRESH"] = "1"
    start = time.perf_counter()
    tree = (args.tree or default_tree()).resolve()
    rev = git(tree, "rev-parse", "--short=7", f"{args.base}^{{commit}}")
    base = base_outputs(tree, rev, args.quick)
    inputs = Path(f"/work/outputs-{rev}/inputs")
    out = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="compare-outputs-tree-"))
    if args.keep:
        shutil.rmtree(out, ignore_errors=True)
    print(f"producing the outputs of {tree} ...", flush=True)
    took = run_producer(tree, out, inputs, args.quick, args.only)
    total, differ, lines = compare(base, out, args.allow, args.only, args.diff_lines, args.diffs)
    if args.verbose:
        different = {line.split(None, 1)[1] for line in lines if line.startswith(("DIFFERENT", "allowed"))}
        for name in outputs_in(base):
            if name not in different and (args.only is None or fnmatch.fnmatch(name, args.only)):
                print(f"same      {name}")
    print("\n".join(lines))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    else:
        print(f"this tree's outputs: {out}; the base's: {base}")
    print(
        f"{total} outputs, {differ} differ (tree {tree} vs base {rev}; {took:.0f} s to produce, "
        f"{time.perf_counter() - start:.0f} s in all)"
    )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
