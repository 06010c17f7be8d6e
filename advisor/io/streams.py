"""The process's standard streams: data to stdout (as it is for a pipe or a file, escaped on a terminal), messages
to stderr (escaped), and a reader of stdout that stops early ending a command quietly."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

from advisor.core.errors import OutputError
from advisor.io.untrusted import printable, printable_lines

T = TypeVar("T")

STANDARD_OUTPUT = "standard output"


def closed_pipe_is_the_end(invoke: Callable[[], T]) -> T:
    """Run a command; a reader of stdout that stops early (`| head`) ends it quietly, exit 0; a stdout that cannot
    be written (a full disk) is an `OutputError` naming it."""
    try:
        try:
            return invoke()
        finally:
            flush_stdout()  # inside the try: a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        stdout_to_devnull()
        raise SystemExit(0) from None


def flush_stdout() -> None:
    """Flush stdout; a write the system refuses is an `OutputError` naming standard output."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        stdout_to_devnull()  # what is still buffered cannot be written either
        raise OutputError(STANDARD_OUTPUT, exc.strerror or str(exc)) from None


def stdout_to_devnull() -> None:
    """Send what is still buffered for stdout to /dev/null, so the flush at exit meets no closed pipe (Python docs)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def write_data(data: bytes) -> None:
    """Data (JSON, HTML) to stdout: as it is for a file or a pipe, escaped on a terminal (see `data_stream`)."""
    from advisor.io.atomic import named_writes
    from advisor.io.untrusted import data_stream

    sys.stdout.flush()
    stream = named_writes(data_stream(), STANDARD_OUTPUT)
    stream.write(data)
    stream.flush()


def write_json(data: object) -> None:
    """`data` as indented JSON to stdout, every core `Message` in it said."""
    import orjson

    from advisor.words import said

    write_data(orjson.dumps(said(data), option=orjson.OPT_INDENT_2) + b"\n")


def note(message: str) -> None:
    """A one-line message to stderr, escaped."""
    print(printable(message), file=sys.stderr)


def note_lines(message: str) -> None:
    """A message of several lines to stderr, each escaped."""
    print(printable_lines(message), file=sys.stderr)


def is_terminal(output: str) -> bool:
    """Whether the output named by -o is a terminal: '-' on one, /dev/stdout on one, /dev/tty."""
    if output == "-":
        return sys.stdout.isatty()
    import stat

    try:
        if not stat.S_ISCHR(os.stat(output).st_mode):
            return False
        descriptor = os.open(output, os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        return False  # not there or not ours to write: the write says so
    try:
        return os.isatty(descriptor)
    finally:
        os.close(descriptor)
