"""The one kind of cache the package keeps: a bounded, locked table that forgets the least recently used entry.

Every value kept is the result of a pure function of its key, so a value dropped is only worked out again, and two
threads that miss the same key at once each work it out and keep the same value. The web server calls the core from
several threads: every write of the table holds its lock (a plain dict with manual eviction does not, and two threads
evicting at once can pop the same key); a read is two single steps of the OrderedDict, safe without it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()


class Memo(Generic[K, V]):
    """A least-recently-used table of at most `size` entries, safe to share between threads."""

    __slots__ = ("_entries", "_lock", "name", "size")

    def __init__(self, size: int, name: str = "") -> None:
        if size < 1:
            raise ValueError(f"a memo keeps at least one entry, not {size}")
        self.name = name
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value kept under `key` (now the most recently used), else `default`.

        Read without the lock (the most frequent call of a batch): each of the two OrderedDict calls is one step
        that no other thread interleaves with, and a key another thread evicted in between only stays evicted."""
        entries = self._entries
        found = entries.get(key, _MISSING)
        if found is _MISSING:
            return default
        try:
            entries.move_to_end(key)
        except KeyError:  # evicted by another thread since the read: the value read is still the key's
            pass
        return found  # type: ignore[return-value]

    def put(self, key: K, value: V) -> V:
        """Keep `value` under `key`, forgetting the least recently used entry beyond the size; return `value`."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self.put(key, value)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value under `key`, made by `make()` (outside the lock) and kept when missing."""
        found = self.get(key)
        if found is None:
            found = self.put(key, make())
        return found

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __reduce__(self) -> tuple[type[Memo[K, V]], tuple[int, str]]:
        return Memo, (self.size, self.name)  # a copy sent to another process starts empty (a lock does not pickle)


class Memos(dict[str, Memo[Any, Any]]):
    """Named memos of one size, made on first use: the tables of values derived from one object (see `Rules.memos`).

    A dict of the tables made so far: reading one that exists is a plain dict read (every stage of every batch row
    reads a few), and `__missing__` makes one, under the lock, only the first time it is asked for."""

    __slots__ = ("_lock", "size")

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size
        self._lock = threading.Lock()

    def __missing__(self, name: str) -> Memo[Any, Any]:
        with self._lock:
            return self.setdefault(name, Memo(self.size, name))

    def __reduce__(self) -> tuple[type[Memos], tuple[int]]:
        return Memos, (self.size,)  # a copy sent to another process starts empty
