"""Every process-wide cache is a `Memo`: bounded, least recently used first out, safe when the web server's threads
share it; assessing from many threads at once gives what one thread gives."""

from __future__ import annotations

import ast
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from advisor.core.engine import assess
from advisor.core.memo import Memo, Memos
from advisor.core.robustness import lattice, montecarlo
from advisor.io.sources import load_profile, load_rules
from tests.conftest import EXAMPLES

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
ROBUSTNESS_MEMOS = (montecarlo.RESULTS, lattice.COLUMNS, lattice.COORDINATES, lattice.TABLES)


def test_a_memo_forgets_the_least_recently_used_entry_beyond_its_size():
    memo: Memo[str, int] = Memo(3)
    for key, value in (("a", 1), ("b", 2), ("c", 3)):
        memo.put(key, value)
    assert memo.get("a") == 1  # now the most recently used
    memo.put("d", 4)
    assert len(memo) == 3
    assert "b" not in memo
    assert [memo.get(k) for k in ("a", "c", "d")] == [1, 3, 4]
    memo["a"] = 10  # a key kept again is the most recent, not a second entry
    memo.put("e", 5)
    assert len(memo) == 3 and "c" not in memo and memo.get("a") == 10
    assert memo.get("missing", 0) == 0


def test_a_memo_needs_room_for_one_entry():
    with pytest.raises(ValueError, match="at least one"):
        Memo(0)


def test_a_memo_sent_to_another_process_starts_empty():
    """Rules travel to batch workers by pickle, their memos with them: a lock does not pickle, an empty memo does."""
    memo: Memo[str, int] = Memo(5, "x")
    memo.put("a", 1)
    copy = pickle.loads(pickle.dumps(memo))
    assert (copy.size, copy.name, len(copy)) == (5, "x", 0)
    memos = Memos(7)
    memos["context"].put("k", 1)
    assert pickle.loads(pickle.dumps(memos))["context"].size == 7


def test_threads_evicting_at_once_keep_the_bound_and_raise_nothing():
    memo: Memo[int, int] = Memo(8)
    start = threading.Barrier(8)

    def hammer(offset: int) -> None:
        start.wait()
        for i in range(5000):
            key = (i * 7 + offset) % 50
            found = memo.get(key)
            assert found is None or found == key * 2
            memo.put(key, key * 2)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(hammer, range(8)))
    assert len(memo) == 8


def assessments(rules_names: list[str | None]) -> list[tuple[str | None, str]]:
    """(rules name, example) for every example under every rules."""
    return [(name, path.name) for name in rules_names for path in sorted(EXAMPLES.glob("*.json"))]


def test_eight_threads_assessing_with_two_rule_sets_give_the_serial_results(monkeypatch):
    """Fresh rules and tiny memos, so that the threads fill and evict the same tables at the same time."""
    rules = {None: load_rules(None), "extended": load_rules("rules/extended.yaml")}
    profiles = {
        (name, example): load_profile(str(EXAMPLES / example), rules[name])
        for name, example in assessments(list(rules))
    }

    def run(key: tuple[str | None, str]) -> bytes:
        return orjson.dumps(assess(profiles[key], rules[key[0]]).to_dict())

    serial = {key: run(key) for key in profiles}
    for memo in ROBUSTNESS_MEMOS:
        memo.clear()
        monkeypatch.setattr(memo, "size", 2)
    fresh = {None: load_rules(None), "extended": load_rules("rules/extended.yaml")}
    for loaded in fresh.values():
        loaded.memos.size = 2  # before any table is made: every table of these rules keeps 2 entries
    rules.update(fresh)
    keys = list(profiles)
    start = threading.Barrier(8)

    def worker(index: int) -> list[tuple[tuple[str | None, str], bytes]]:
        start.wait()  # the eight threads begin together
        return [(key, run(key)) for key in (keys[index:] + keys[:index]) * 3]  # each its own order: keys collide

    with ThreadPoolExecutor(8) as pool:
        found = [future.result() for future in [pool.submit(worker, i) for i in range(8)]]  # re-raises any error
    assert [len(done) for done in found] == [3 * len(keys)] * 8
    assert all(result == serial[key] for done in found for key, result in done)
    assert all(len(memo) <= 2 for memo in ROBUSTNESS_MEMOS)


def module_level_dicts(source: str) -> list[str]:
    """Names bound at module level to an empty dict (or OrderedDict, defaultdict): the shape of an unlocked cache."""
    found = []
    for node in ast.parse(source).body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if not isinstance(target, ast.Name) or value is None:
            continue
        empty = isinstance(value, ast.Dict) and not value.keys
        made = isinstance(value, ast.Call) and getattr(value.func, "id", None) in ("dict", "OrderedDict", "defaultdict")
        if empty or made:
            found.append(target.id)
    return found


# State that is not a cache: set once per process (a batch worker's rules, the render pools by pid, the commands
# declared at import).
NOT_CACHES = {
    "advisor/batch/scoring.py": {"_STATE"},
    "advisor/web/render_pool.py": {"_POOLS"},
}


def test_no_module_keeps_a_plain_dict_as_a_cache():
    """A new process-wide cache is a Memo; a module-level dict filled at run time would be unbounded and unlocked."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        names = set(module_level_dicts(path.read_text(encoding="utf-8"))) - NOT_CACHES.get(relative, set())
        if names:
            found[relative] = sorted(names)
    assert found == {}


def unbounded_caches(source: str) -> list[str]:
    """Functions with parameters under `functools.cache` or `lru_cache(maxsize=None)`: one entry per argument, forever."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef) or not (node.args.args or node.args.kwonlyargs):
            continue
        for decorator in node.decorator_list:
            text = ast.unparse(decorator)
            if text in ("cache", "functools.cache") or ("lru_cache" in text and "maxsize=None" in text):
                found.append(node.name)
    return found


def test_every_functools_cache_with_arguments_is_bounded():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        names = set(unbounded_caches(path.read_text(encoding="utf-8"))) - UNBOUNDED_BY_DOMAIN.get(relative, set())
        if names:
            found[relative] = sorted(names)
    assert found == {}


# The arguments come from a closed set: the report's bundled word files.
UNBOUNDED_BY_DOMAIN = {"advisor/report/render.py": {"_words"}}
