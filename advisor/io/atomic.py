"""Write a file so that readers see either the old complete file or the new complete one, never a part."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from advisor.core.errors import UsageError


def check_output_path(path: Path) -> None:
    """Refuse an output path that cannot be a file (a directory) before any work is done."""
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name for the output")


def is_special(path: Path) -> bool:
    """Whether `path` is an existing device, pipe or socket (/dev/null, /dev/stdout, a FIFO): written in place,
    never replaced by a rename, which would swap the device for a regular file."""
    return path.exists() and not path.is_file() and not path.is_dir()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` only when the block ends without an error; creates missing folders.

    A device or pipe (/dev/null, a FIFO) is written directly: it holds no earlier content to protect.
    """
    check_output_path(path)
    if is_special(path):
        try:
            special = path.open("wb")
        except OSError as exc:
            raise UsageError(f"{path}: cannot write here: {exc.strerror or exc}") from None
        with special:
            yield special
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step."""
    with atomic_writer(path) as handle:
        handle.write(data)
