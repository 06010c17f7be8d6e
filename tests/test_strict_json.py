"""Strict JSON: a key given twice in one object is a located error on every JSON input, never silently the last one.

The CLI (exit 3, file and field path), the JSON API and the upload page through TestClient (422 with
the API's problems), and the loader itself against generated documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.core import jsondata
from advisor.web import Site, create_app, open_site
from tests.conftest import Ran, run_cli

ROOT = Path(__file__).resolve().parent.parent
CLINIC = ROOT / "examples" / "clinic.json"
JSON = {"content-type": "application/json"}

TWICE_IMPORTANCE = b'{"organization": {"name": "Acme"},\n "needs": {"writing": {"importance": 3,\n  "importance": 9}}}'
TWICE_NEEDS = b'{"organization": {"name": "Acme"},\n "needs": {"writing": {"importance": 3}},\n "needs": {"code": {}}}'
MESSAGE = "duplicate key: given more than once in the same object"


def cli(*args: str | Path, stdin: bytes | None = None, cwd: Path = ROOT) -> Ran:
    return run_cli(*args, stdin=stdin, cwd=cwd)


# ------------------------------------------------------------------------------------------------------- CLI


def test_a_profile_file_giving_a_key_twice_is_exit_3_naming_file_field_and_line(tmp_path):
    (tmp_path / "twice.json").write_bytes(TWICE_IMPORTANCE)
    (tmp_path / "needs.json").write_bytes(TWICE_NEEDS)

    importance = cli("score", "twice.json", cwd=tmp_path)
    needs = cli("score", "needs.json", cwd=tmp_path)

    assert importance.returncode == 3 and importance.stdout == "" and "Traceback" not in importance.stderr
    assert importance.stderr == f"twice.json: needs.writing.importance (line 3 column 3): {MESSAGE}\n"
    assert needs.returncode == 3
    assert needs.stderr == f"needs.json: needs (line 3 column 2): {MESSAGE}\n"


def test_stdin_an_answers_file_and_a_set_value_refuse_a_key_given_twice(tmp_path):
    (tmp_path / "answers.json").write_bytes(TWICE_IMPORTANCE)

    piped = cli("score", "-", stdin=TWICE_NEEDS, cwd=tmp_path)
    answers = cli("ask", "--defaults", "--answers", "answers.json", "-o", "-", cwd=tmp_path)
    setting = cli("whatif", CLINIC, "--set", 'needs.art={"importance": 3, "importance": 5}', cwd=tmp_path)

    assert piped.returncode == 3 and piped.stderr == f"<stdin>: needs (line 3 column 2): {MESSAGE}\n"
    assert answers.returncode == 3 and answers.stdout == ""
    assert f"answers.json: needs.writing.importance (line 3 column 3): {MESSAGE}" in answers.stderr
    assert setting.returncode == 2
    assert "needs.art.importance: duplicate key in the JSON value" in setting.stderr


def test_batch_and_group_report_a_record_giving_a_key_twice_as_invalid(tmp_path):
    good = orjson.dumps({"organization": {"name": "Good"}, "needs": {"code": {"importance": 4}}})
    (tmp_path / "survey.jsonl").write_bytes(good + b"\n" + TWICE_NEEDS.replace(b"\n", b"") + b"\n")
    (tmp_path / "one.json").write_bytes(TWICE_IMPORTANCE)

    batch = cli("batch", "survey.jsonl", "one.json", "--no-robustness", "-o", "out.csv", cwd=tmp_path)
    group = cli("group", "survey.jsonl", "--format", "json", cwd=tmp_path)

    assert batch.returncode == 3
    assert f"survey.jsonl:2: needs: {MESSAGE}" in batch.stderr
    assert f"one.json: needs.writing.importance: {MESSAGE}" in batch.stderr
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 2  # the header and the good record
    assert group.returncode == 3 and f"survey.jsonl:2: needs: {MESSAGE}" in group.stderr


def test_the_errors_file_names_a_record_giving_its_id_twice_by_its_place_not_by_one_of_the_ids(tmp_path):
    # orjson kept the last id: the error line said "b", as if the record had settled on it
    record = b'{"id": "a", "id": "b", "organization": {"name": "X"}, "needs": {"code": {"importance": 4}}}'
    (tmp_path / "survey.jsonl").write_bytes(record + b"\n")
    batch = cli("batch", "survey.jsonl", "-o", "out.csv", "--errors", "errors.jsonl", cwd=tmp_path)
    assert batch.returncode == 3
    line = orjson.loads((tmp_path / "errors.jsonl").read_bytes())
    assert line["id"] == "survey.jsonl:1" and line["path"] == "id"


# ------------------------------------------------------------------------------------------------------- web


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = open_site(None, tmp_path_factory.mktemp("strict-json"))
    yield served
    served.store.close()


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(site)) as test_client:
        yield test_client


def test_the_api_answers_422_with_located_problems_for_a_key_given_twice(client):
    clinic = CLINIC.read_text(encoding="utf-8")
    whatif = '{"profile": %s, "changes": {"needs.art.importance": 1, "needs.art.importance": 5}}' % clinic

    assessed = client.post("/api/v1/assess", content=TWICE_IMPORTANCE, headers=JSON)
    changed = client.post("/api/v1/whatif", content=whatif.encode(), headers=JSON)

    assert assessed.status_code == 422 and assessed.headers["content-type"] == "application/json"
    assert assessed.json() == {
        "problems": [
            {
                "path": "needs.writing.importance",
                "message": MESSAGE,
                "line": 3,
                "column": 3,
                "code": "json.duplicate_key",
            }
        ]
    }
    assert changed.status_code == 422
    [problem] = changed.json()["problems"]
    assert problem["path"] == "changes.needs.art.importance" and problem["message"] == MESSAGE


def test_the_upload_page_names_a_key_given_twice(client):
    page = client.get("/upload").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    response = client.post(
        "/upload", data={"csrf_token": token}, files={"profile": ("twice.json", TWICE_NEEDS, "application/json")}
    )

    assert response.status_code == 422
    assert f"twice.json: needs (line 3 column 2): {MESSAGE}" in response.text


# ------------------------------------------------------------------------------------------------------- loader

KEYS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)
SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8) | st.just("a:b")
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@given(DOCUMENTS, st.booleans())
@settings(max_examples=150, deadline=None)
def test_any_document_without_a_repeated_key_reads_as_orjson_reads_it(document, escape):
    text = json.dumps(document, ensure_ascii=escape, indent=1 if escape else None)
    if escape:
        text = text.replace(":", "\\u003a").replace('"\\u003a ', '": ')  # escaped colons inside strings only
    assert jsondata.loads(text.encode()) == orjson.loads(text)


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True)  # keys a dotted path spells without doubt
NAMED = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3))


@given(st.dictionaries(NAMES, NAMED, min_size=1, max_size=4), st.data())
@settings(max_examples=150, deadline=None)
def test_a_key_repeated_anywhere_is_found_with_its_path(document, data):
    path: list[str | int] = []
    target = document
    while True:  # walk down to a random object
        children = sorted(k for k, v in target.items() if isinstance(v, dict) and v)
        if not children or data.draw(st.booleans()):
            break
        key = data.draw(st.sampled_from(children))
        path.append(key)
        target = target[key]
    key = data.draw(st.sampled_from(sorted(target)))
    text = orjson.dumps(document).decode()
    inner = orjson.dumps(target).decode()
    repeated = inner[:-1] + "," + orjson.dumps(key).decode() + ":" + orjson.dumps(data.draw(DOCUMENTS)).decode() + "}"
    text = _replace_at(document, path, text, repeated)

    with pytest.raises(jsondata.DuplicateKeys) as raised:
        jsondata.loads(text.encode())

    assert [d.path for d in raised.value.duplicates] == [".".join([*path, key])]


def _replace_at(document: dict, path: list, text: str, replacement: str) -> str:
    """`document` written as JSON with the object at `path` written as `replacement`."""
    if not path:
        return replacement
    sentinel = "\x00SENTINEL\x00"
    copy = json.loads(text)
    holder = copy
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = sentinel
    return orjson.dumps(copy).decode().replace(orjson.dumps(sentinel).decode(), replacement)


def test_a_text_repeating_a_key_a_million_times_is_named_by_its_first_repetitions_in_one_pass():
    raw = b"{" + b",\n".join(b'"a": 1' for _ in range(1_000_000)) + b"}"

    with pytest.raises(jsondata.DuplicateKeys) as raised:
        jsondata.loads(raw)

    assert [(d.path, d.line, d.column) for d in raised.value.duplicates] == [
        ("a", line, 1) for line in range(2, 2 + jsondata.MAX_REPORTED)
    ]


def test_the_escaped_colon_and_deep_nesting_do_not_hide_a_repeated_key():
    escaped = b'{"a\\u003a": 1, "b": {"c": 1, "c": 2}}'
    deep = b'{"x": ' + b"[" * 300 + b'{"k": 1, "k": 2}' + b"]" * 300 + b"}"

    with pytest.raises(jsondata.DuplicateKeys) as first:
        jsondata.loads(escaped)
    with pytest.raises(jsondata.DuplicateKeys) as second:
        jsondata.loads(deep)

    assert [d.path for d in first.value.duplicates] == ["b.c"]
    assert second.value.duplicates[0].path == "x" + "[0]" * 300 + ".k"


@pytest.mark.parametrize(
    ("raw", "path"),
    [(b'{"a":1,"a":1}', "a"), (b'{"a":{"b":[],"b":[]}}', "a.b"), (b'[{"k":"v"},{"k":"v","k":"v"}]', "[1].k"),
     (b'{"a\\u003a":1,"b":{"c":1,"c":2}}', "b.c")],
)  # fmt: skip
def test_compact_text_as_orjson_writes_it_keeps_its_repeated_keys_found(raw, path):
    """Text equal to its data written back needs no counting; text with a repeated key never is."""
    with pytest.raises(jsondata.DuplicateKeys) as raised:
        jsondata.loads(raw)

    assert [d.path for d in raised.value.duplicates] == [path]
    assert jsondata.loads(orjson.dumps(orjson.loads(CLINIC.read_bytes()))) == orjson.loads(CLINIC.read_bytes())


# ------------------------------------------------------------------------------------------------------- guard

OWN_DATA = {
    "advisor/core/jsondata.py": "the strict loader itself",
    "advisor/web/store.py": "drafts this server wrote to its own database",
    "advisor/web/survey_store.py": "surveys this server wrote to its own database",
    "advisor/io/rules_cache.py": "the header of a cache entry this tool wrote",
    "advisor/web/forms.py": "one form field's scale level, a number",
    "advisor/questionnaire/ask.py": "whether a file about to be replaced is a draft (the message only)",
}


def test_no_input_is_decoded_as_json_but_through_the_strict_loader():
    decoding = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "advisor").rglob("*.py")
        if any(call in path.read_text(encoding="utf-8") for call in ("orjson.loads(", "json.loads(", ".json()"))
    }

    assert decoding <= set(OWN_DATA), f"decode input with advisor.core.jsondata.loads: {decoding - set(OWN_DATA)}"
