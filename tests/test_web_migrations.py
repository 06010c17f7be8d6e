"""The web database's numbered migrations: every schema an earlier advisor shipped (kept as fixtures made by that
code, tests/fixtures/schemas/) upgrades to the current one with its drafts, accepted responses, surveys and sessions
kept; opening it again changes nothing; a database newer than the code is refused; a failed step leaves it as it was.
And a survey's results are kept by its revision: a dashboard reloaded does not assess the group again."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import orjson
import pytest

from advisor.core.errors import UsageError
from advisor.web import migrations, open_site
from advisor.web.admin_sessions import AdminSessions
from advisor.web.migrations import CURRENT, MIGRATIONS, Migration, NewerDatabase
from advisor.web.site import open_store
from advisor.web.store import DATABASE_NAME, Store
from advisor.web.survey_store import SurveyStore
from tests.test_web_survey import accept, answer, create_survey, organiser, respond, respondent

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
SCHEMAS = sorted(FIXTURES.glob("v*.sql"))
FIRST_NUMBERED = 6
"""The first schema a database records in its user_version (those before it have 0)."""


def load(fixture: Path, folder: Path) -> Path:
    """The fixture's database, in `folder` as the server's data folder holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / DATABASE_NAME
    db = sqlite3.connect(database)
    db.executescript(fixture.read_text())
    db.close()
    return database


def rows(database: Path, table: str) -> list[dict[str, object]]:
    db = sqlite3.connect(database)
    db.row_factory = sqlite3.Row
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return []
        return [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    finally:
        db.close()


def schema(database: Path) -> dict[str, object]:
    """Tables (their columns as sets: ALTER TABLE adds at the end), indexes and triggers by name."""
    db = sqlite3.connect(database)
    try:
        names = db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        shape: dict[str, object] = {}
        for kind, name in names.fetchall():
            columns = {tuple(c[1:]) for c in db.execute(f"PRAGMA table_info({name})")} if kind == "table" else None
            shape[name] = (kind, columns and frozenset(columns))
        return shape
    finally:
        db.close()


def dump(database: Path) -> str:
    db = sqlite3.connect(database)
    try:
        return "\n".join(db.iterdump()) + f"\nuser_version {db.execute('PRAGMA user_version').fetchone()[0]}"
    finally:
        db.close()


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("fresh")
    Store(folder).close()
    return schema(folder / DATABASE_NAME)


def test_every_earlier_schema_is_kept_as_a_fixture():
    assert [f.name.split("-")[0] for f in SCHEMAS] == ["v1", "v2", "v3", "v4", "v5"]
    numbered = {int(m[1]) for f in SCHEMAS if (m := re.search(r"PRAGMA user_version\s*=\s*(\d+)", f.read_text()))}
    # a new step needs a fixture of the schema before it: made by the code before it, with its user_version
    assert numbered >= set(range(FIRST_NUMBERED, CURRENT)), "add a fixture of the schema before the new step"


@pytest.mark.parametrize("fixture", SCHEMAS, ids=lambda f: f.stem)
def test_an_earlier_database_upgrades_to_the_current_schema_with_its_data(fixture, tmp_path, fresh_schema):
    database = load(fixture, tmp_path)
    before = {row["token"]: row for row in rows(database, "drafts")}
    surveys_before = rows(database, "surveys")
    sessions_before = rows(database, "admin_sessions")

    store = Store(tmp_path)
    assert store.migrated and store.migrated[-1].version == CURRENT
    assert schema(database) == fresh_schema
    assert sqlite3.connect(database).execute("PRAGMA user_version").fetchone()[0] == CURRENT

    for token, old in before.items():  # every draft, its answers and profile as they were
        draft = store.get(str(token))
        assert draft is not None and draft.answers == orjson.loads(str(old["answers"]))
        assert draft.profile == (orjson.loads(str(old["profile"])) if old["profile"] else None)
        assert draft.created == old["created"] and draft.source == old["source"]
        if old["profile"] is not None and "accepted" not in old:  # a finished draft: its answers, accepted then
            assert draft.accepted_answers == draft.answers and draft.accepted == old["updated"]
        if old["profile"] is None:  # a draft in progress stays one
            assert draft.accepted is None and draft.accepted_answers is None
        assert draft.revision == old.get("revision", 0)
    assert store.count() == len(before)

    surveys = SurveyStore(store)
    assert [(s.id, s.title, s.closed, s.max_responses) for s in reversed(surveys.all())] == [
        (s["id"], s["title"], bool(s["closed"]), s.get("max_responses")) for s in surveys_before
    ]
    for survey in surveys_before:
        accepted = [t for t, d in before.items() if d.get("survey") == survey["id"] and d["profile"] is not None]
        responses = surveys.responses(str(survey["id"]))
        assert sorted(d.token for d in responses) == sorted(accepted)
        assert all(d.accepted_answers is not None for d in responses)
    sessions = AdminSessions(store, clock=lambda: 1_800_000_001.0)
    assert len(store.query("SELECT id_sha256 FROM admin_sessions")) == len(sessions_before)
    assert sessions.delete_expired() == 0
    store.close()


@pytest.mark.parametrize("fixture", SCHEMAS, ids=lambda f: f.stem)
def test_a_second_opening_of_an_upgraded_database_changes_nothing(fixture, tmp_path):
    database = load(fixture, tmp_path)
    Store(tmp_path).close()
    upgraded = dump(database)
    store = Store(tmp_path)
    assert store.migrated == []
    store.close()
    assert dump(database) == upgraded


def test_a_new_database_gets_every_step_and_a_second_opening_none(tmp_path):
    store = Store(tmp_path)
    assert [m.version for m in store.migrated] == list(range(1, CURRENT + 1))
    store.close()
    assert Store(tmp_path).migrated == []


def test_a_database_newer_than_the_code_is_refused_with_its_version_and_left_as_it_is(tmp_path):
    database = load(SCHEMAS[-1], tmp_path)
    Store(tmp_path).close()
    db = sqlite3.connect(database)
    db.execute(f"PRAGMA user_version = {CURRENT + 1}")
    db.close()
    before = dump(database)
    with pytest.raises(NewerDatabase) as raised:
        Store(tmp_path)
    message = str(raised.value)
    assert (
        str(database) in message and f"schema version {CURRENT + 1}" in message and isinstance(raised.value, UsageError)
    )
    with pytest.raises(UsageError):  # what `advisor serve` meets: exit 2 with that message
        open_store(tmp_path)
    assert dump(database) == before


def test_a_step_that_fails_leaves_the_database_at_its_version(tmp_path, monkeypatch):
    database = load(SCHEMAS[0], tmp_path)
    before = dump(database)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE drafts ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS[:3], Migration(4, "broken", broken)))
    with pytest.raises(sqlite3.OperationalError):
        Store(tmp_path)
    assert dump(database) == before


def test_two_servers_opening_one_old_database_upgrade_it_once(tmp_path):
    load(SCHEMAS[1], tmp_path)
    first, second = Store(tmp_path), Store(tmp_path)
    assert first.migrated and second.migrated == []
    first.close()
    second.close()


# ---- results kept by the survey's revision --------------------------------------------------------------------------


@pytest.fixture()
def counted(tmp_path, monkeypatch):
    """A server with one survey and one accepted response; the reads of its responses and the group assessments it
    makes, counted."""
    from advisor.web import survey_results

    calls: dict[str, int] = {"collect": 0, "assess_group": 0}
    for name in calls:
        real = getattr(survey_results, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(survey_results, name, counting)
    site = open_site(None, tmp_path)
    admin = organiser(site)
    dashboard, link = create_survey(admin)
    respond(respondent(site), link, "IT", {"writing_importance": "4"})
    calls.update(dict.fromkeys(calls, 0))  # creating the survey showed its empty dashboard
    return site, admin, dashboard, link, calls


def test_a_dashboard_reloaded_at_the_same_revision_does_not_read_or_assess_the_responses_again(counted):
    _, admin, dashboard, _, calls = counted
    first = admin.get(dashboard).text
    assert admin.get(dashboard).text == first
    for export in ("group.json", "responses.csv", "profiles.jsonl"):
        assert admin.get(f"{dashboard}/{export}").status_code == 200
    assert calls == {"collect": 1, "assess_group": 1}


def test_an_acceptance_assesses_the_group_again_a_change_or_closing_reads_the_responses_again(counted):
    site, admin, dashboard, link, calls = counted
    first = admin.get(dashboard).text
    survey_id = dashboard.rsplit("/", 1)[1]
    revision = site.surveys.get(survey_id).revision
    client = respondent(site)
    token = respond(client, link, "Legal", {"art_importance": "5"})  # a new acceptance
    assert site.surveys.get(survey_id).revision > revision
    assert admin.get(dashboard).text != first and calls == {"collect": 2, "assess_group": 2}
    answer(client, token, 2, {"art_importance": "2"})  # a change not accepted: the dashboard shows it in progress
    assert "changes in progress" in admin.get(dashboard).text.lower()
    assert calls == {"collect": 3, "assess_group": 2}  # the accepted profiles are as they were
    accept(client, token)
    admin.get(dashboard)
    assert calls == {"collect": 4, "assess_group": 3}
    site.surveys.set_closed(survey_id, True)
    assert "reopen" in admin.get(dashboard).text.lower()
    assert calls == {"collect": 5, "assess_group": 3}


def test_results_are_kept_for_a_bounded_number_of_revisions(counted):
    site, _, dashboard, _, _ = counted
    survey_id = dashboard.rsplit("/", 1)[1]
    results = site.survey_results
    for closed in [True, False] * results.kept:
        site.surveys.set_closed(survey_id, closed)
        results.group(results.collected(site.surveys.get(survey_id)))
    assert len(results._collected) == results.kept and len(results._groups) == 2  # none accepted (made), and one


# ---- no reach into batch's internals --------------------------------------------------------------------------------


def test_the_web_uses_batch_through_its_package_only_and_leaves_batchs_process_state_alone(tmp_path):
    import ast

    from advisor.batch import Record, csv_table, scoring
    from advisor.io.sources import load_rules

    for module in (Path(__file__).parents[1] / "advisor" / "web").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor.batch"):
                assert node.module == "advisor.batch", f"{module.name} imports {node.module}"
    before = dict(scoring._STATE)
    profile = (Path(__file__).parents[1] / "examples" / "clinic.json").read_bytes()
    table, errors = csv_table([Record("clinic.json", None, profile)], load_rules(None))
    assert errors == [] and table.count(b"\n") == 2
    assert scoring._STATE == before


def test_advisor_serve_on_a_newer_database_stops_with_exit_2_and_says_why(tmp_path):
    import os
    import subprocess
    import sys

    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / DATABASE_NAME)
    db.execute(f"PRAGMA user_version = {CURRENT + 1}")
    db.close()
    root = Path(__file__).resolve().parents[1]
    environment = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "serve", "--data", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert f"the database has schema version {CURRENT + 1}, newer than this advisor knows ({CURRENT})" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_pages_group_is_made_of_the_very_responses_its_table_shows(counted):
    """The dashboard and the group exports read the collected responses, then the group: another request evicting
    the survey's entry in between, and an acceptance, made the group of newer responses than the table (found by
    review: 1 row, 2 respondents in the group)."""
    from advisor.web.survey_results import SurveyResults

    site, admin, dashboard, link, _ = counted
    results = SurveyResults(site.surveys, site.rules, site.survey_questionnaire, kept=1)
    other, _ = create_survey(admin, title="Another survey")
    survey = site.surveys.get(dashboard.rsplit("/", 1)[1])  # one request: the survey read once
    collected = results.collected(survey)
    results.collected(site.surveys.get(other.rsplit("/", 1)[1]))  # another organiser's dashboard, meanwhile
    respond(respondent(site), link, "Legal", {"art_importance": "5"})  # and an acceptance
    group = results.group(collected)
    assert group is not None and len(group.respondents) == len(collected.answered) == 1


def test_every_page_takes_its_group_from_the_collected_responses_it_shows():
    import ast

    for name in ("admin_pages.py", "survey_exports.py"):
        tree = ast.parse((Path(__file__).parents[1] / "advisor" / "web" / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "group" and node.args:
                assert ast.unparse(node.args[0]) == "collected", f"{name}:{node.lineno}: {ast.unparse(node)}"
