"""Write a file so that readers see either the old complete file or the new complete one, never a part."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from advisor.core.errors import OutputError, UsageError
from advisor.io.untrusted import data_stream


def check_output_path(path: Path, option: str = "") -> None:
    """Refuse an output path that cannot be a file (a directory, or in a folder that does not exist) before any work
    is done; a missing folder is never created silently. `option` ('-o') names the path in the message."""
    named = f"{option} {path}" if option else str(path)
    if path.is_dir():
        from advisor.words.text import text

        raise UsageError(text("io.output.is_directory", named=named))
    check_folder_exists(path.parent, named)


def check_folder_exists(folder: Path, named: str) -> None:
    """Refuse (exit 2) an output whose folder does not exist or is a file: it is never created silently."""
    if folder.is_dir():
        return
    from advisor.words.text import text

    if not folder.exists():
        raise UsageError(text("io.output.no_folder", named=named, folder=str(folder)))
    raise UsageError(text("io.output.folder_is_file", named=named, folder=str(folder)))


def is_special(path: Path) -> bool:
    """Whether `path` is an existing device, pipe or socket (/dev/null, /dev/stdout, a FIFO): written in place,
    never replaced by a rename, which would swap the device for a regular file."""
    return path.exists() and not path.is_file() and not path.is_dir()


@contextlib.contextmanager
def writing_to(target: str) -> Iterator[None]:
    """Turn an operating-system error of writing `target` (a full disk, a read-only file system, no permission)
    into an `OutputError` that names it: exit 1 with a plain message, not a bug."""
    try:
        yield
    except (OutputError, BrokenPipeError):  # a reader that stopped early is the command line's to end quietly
        raise
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from None


def named_writes(handle: IO[bytes], target: str) -> IO[bytes]:
    """`handle`, whose writing errors name `target` (see `writing_to`): 'standard output' for stdout."""
    return cast(IO[bytes], _Named(handle, target))


class _Named:
    """A binary file whose writing errors name the output (see `writing_to`)."""

    def __init__(self, handle: IO[bytes], target: str) -> None:
        self._handle, self._target = handle, target

    def write(self, data: bytes) -> int:
        with writing_to(self._target):
            return self._handle.write(data)

    def flush(self) -> None:
        with writing_to(self._target):
            self._handle.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` only when the block ends without an error; its folder must exist.

    A device or pipe (/dev/null, a FIFO) is written directly: it holds no earlier content to protect. A full disk,
    a read-only file system or a file not ours to write is an `OutputError` naming `path`.
    """
    check_output_path(path)
    target = str(path)
    if is_special(path):
        with writing_to(target):
            special = path.open("wb")
        try:  # a terminal (-o /dev/tty, /dev/stdout) gets the data escaped, as stdout does
            yield named_writes(data_stream(special, special.isatty()), target)
        finally:
            with writing_to(target):  # closing flushes: a full device shows here
                special.close()
        return
    with writing_to(target):
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by `with handle` below; opened under writing_to
            dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    try:
        with handle:
            yield named_writes(handle, target)
            with writing_to(target):
                handle.flush()
                os.fsync(handle.fileno())
        with writing_to(target):
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
