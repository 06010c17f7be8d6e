"""The rules cache: a run with the same rules reads them from the cache folder, and the cache never changes a result.

Every test has its own cache folder (XDG_CACHE_HOME); outputs are compared with a run that has the cache turned off.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from advisor.cli import run
from advisor.io.rules_cache import NO_CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "law-firm.json"
DEFAULT_RULES = ROOT / "rules" / "default.yaml"
ART_GENERATIVE = "      generative_ai: {label: High, source: seed-comparison}\n      llm: {label: Limited"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of its own; returns the folder advisor keeps its entries in."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    return tmp_path / "xdg" / "advisor"


def score(capsysbinary: pytest.CaptureFixture[bytes], *options: str) -> bytes:
    """`advisor score law-firm.json --format json OPTIONS`: its stdout, after checking it succeeded quietly."""
    assert run(["score", str(PROFILE), "--format", "json", *options]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    return out


def uncached(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch, *options: str) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(NO_CACHE_ENV, "1")
        return score(capsysbinary, *options)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*.pickle"))


def test_a_second_run_reads_the_rules_from_the_cache_with_the_same_result(cache, capsysbinary, monkeypatch):
    first = score(capsysbinary)
    assert len(entries(cache)) == 1
    written = entries(cache)[0].stat().st_mtime_ns
    assert score(capsysbinary) == first == uncached(capsysbinary, monkeypatch)
    assert entries(cache)[0].stat().st_mtime_ns == written  # read, not written again


def test_a_changed_rules_file_is_read_again_and_changes_the_result(cache, capsysbinary, monkeypatch, tmp_path):
    rules = tmp_path / "mine.yaml"
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    assert ART_GENERATIVE in text
    rules.write_text(text, encoding="utf-8")
    before = score(capsysbinary, "--rules", str(rules))
    rules.write_text(text.replace(ART_GENERATIVE, ART_GENERATIVE.replace("High", "Low")), encoding="utf-8")
    after = score(capsysbinary, "--rules", str(rules))
    assert after != before
    assert b'"Low"' in after
    assert after == uncached(capsysbinary, monkeypatch, "--rules", str(rules))
    assert len(entries(cache)) == 2  # one entry per content of the file


def test_a_changed_base_of_an_extending_file_is_read_again(cache, capsysbinary, monkeypatch, tmp_path):
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    (tmp_path / "default.yaml").write_text(text, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: default.yaml\nname: child\n", encoding="utf-8")
    before = score(capsysbinary, "--rules", str(child))
    assert score(capsysbinary, "--rules", str(child)) == before
    (tmp_path / "default.yaml").write_text(
        text.replace(ART_GENERATIVE, ART_GENERATIVE.replace("High", "Low")), encoding="utf-8"
    )
    after = score(capsysbinary, "--rules", str(child))
    assert after != before
    assert after == uncached(capsysbinary, monkeypatch, "--rules", str(child))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + bytes(40), id="payload-overwritten"),
        pytest.param(lambda data: b"not a cache file at all\n" + data, id="foreign-header"),
        pytest.param(lambda data: data.split(b"\n", 2)[0] + b"\n{]\n" + data.split(b"\n", 2)[2], id="bad-json"),
        pytest.param(lambda data: data.replace(b"Limited", b"Unknown"), id="changed-in-place"),
    ],
)
def test_a_corrupt_cache_entry_is_ignored_and_replaced(cache, capsysbinary, monkeypatch, damage):
    expected = uncached(capsysbinary, monkeypatch)
    score(capsysbinary)
    [entry] = entries(cache)
    entry.write_bytes(damage(entry.read_bytes()))
    assert score(capsysbinary) == expected
    assert score(capsysbinary) == expected  # the entry written again is sound


def test_an_entry_that_unpickles_anything_but_the_rules_models_is_refused(cache, capsysbinary, monkeypatch, tmp_path):
    import hashlib

    import orjson

    expected = uncached(capsysbinary, monkeypatch)
    score(capsysbinary)
    [entry] = entries(cache)
    format_line, header, _ = entry.read_bytes().split(b"\n", 2)
    marker = tmp_path / "ran"

    class Payload:  # unpickling this would create the marker file
        def __reduce__(self):
            return (Path.touch, (marker,))

    payload = pickle.dumps(Payload())
    fields = orjson.loads(header) | {"payload": hashlib.sha256(payload).hexdigest()}
    entry.write_bytes(format_line + b"\n" + orjson.dumps(fields) + b"\n" + payload)
    assert score(capsysbinary) == expected
    assert not marker.exists()


def test_an_unwritable_cache_folder_does_not_fail_the_command(capsysbinary, monkeypatch, tmp_path):
    expected = uncached(capsysbinary, monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made inside a file\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    assert score(capsysbinary) == expected
    assert score(capsysbinary, "--rules", str(DEFAULT_RULES)) == expected


def test_the_cache_can_be_turned_off(cache, capsysbinary, monkeypatch):
    uncached(capsysbinary, monkeypatch)
    assert not cache.exists()


def test_invalid_rules_are_never_cached(cache, capsysbinary, tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text("extends: default.yaml\nname: bad\ndecision: {indifference_band: 2}\n", encoding="utf-8")
    for _ in range(2):
        assert run(["score", str(PROFILE), "--format", "json", "--rules", str(rules)]) == 3
        assert b"indifference_band" in capsysbinary.readouterr().err
    assert entries(cache) == []
