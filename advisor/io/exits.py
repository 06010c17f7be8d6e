"""How a command ends: the one place where errors become messages and exit codes (0 ok, 1 unexpected, 2 usage,
3 invalid input, 4 a terminal is required, 130 interrupted), and the quick exit of the process."""

from __future__ import annotations

import atexit
import errno
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

from advisor.core.errors import AdvisorError, InvalidInput
from advisor.io.streams import STANDARD_OUTPUT, stdout_to_devnull
from advisor.io.untrusted import printable, printable_lines
from advisor.words.problems import problem_text

EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, EXIT_INVALID, EXIT_TERMINAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def exit_code_of(command: Callable[[], object]) -> int:
    """Run `command` and return its exit code, its errors said on stderr.

    Typer reports usage errors (exit 2) and turns Ctrl-C into 130; our own errors arrive here as
    `AdvisorError` and carry their exit code; anything else is a bug and gets a short message, not a traceback.
    """
    try:
        command()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_UNEXPECTED)
        if code == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into a silent exit 130
            _interrupted()
        return code
    except AdvisorError as exc:
        message = problem_text(exc.problems, "file", exc.source) if isinstance(exc, InvalidInput) else f"advisor: {exc}"
        print(printable_lines(message), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        _interrupted()
        return EXIT_INTERRUPTED
    except OSError as exc:  # a write the edges did not name (`OutputError`): still the system's, not a bug
        if exc.errno not in _SYSTEM_ERRNOS or os.environ.get("ADVISOR_DEBUG"):
            return _bug(exc)
        print(printable(f"advisor: {exc.filename or STANDARD_OUTPUT}: {exc.strerror}"), file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a short message, no traceback
        return _bug(exc)
    return EXIT_OK


_SYSTEM_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EFBIG", "EIO", "ENXIO")
    if hasattr(errno, name)
)
"""Operating-system errors that say what the machine allows (a full disk, a read-only file system), not a bug."""


def _bug(exc: Exception) -> int:
    """A short message for an error no part of advisor expected, which is a bug; ADVISOR_DEBUG=1 shows it whole."""
    if os.environ.get("ADVISOR_DEBUG"):
        raise exc
    from advisor.words.text import text

    print(printable(text("io.unexpected", kind=type(exc).__name__, detail=str(exc))), text("io.bug"), sep="\n", file=sys.stderr)
    return EXIT_UNEXPECTED


def _interrupted() -> None:
    """'advisor: interrupted' on stderr, on a line of its own (after the ^C the terminal echoed)."""
    from advisor.words.text import text

    print("\n" + text("io.interrupted"), file=sys.stderr)


def exit_now(code: int) -> NoReturn:
    """End the process with `code` without tearing the interpreter down.

    A command's work is done when it returns: its outputs are written and closed. What remains is freeing every
    object one by one, and after a report that is WeasyPrint's boxes and fonts: about 0.3 s of a cold
    `advisor report` (issue 15). So the exit handlers run (Python's and ours) and the streams are flushed, as at a
    normal exit, then the process ends. While another thread still runs, under a profiler, tracer or debugger (which
    write their results after the program returns: `python -m cProfile -m advisor ...`), or without the exit
    handlers' runner, the exit is the normal one.
    """
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if run_exit_handlers is None or watched or threading.active_count() > 1:
        sys.exit(code)
    run_exit_handlers()  # first, as at a normal exit: what they write is flushed below
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # a reader that stopped early: what is left goes nowhere, as at a normal exit
        stdout_to_devnull()
    except (OSError, ValueError, AttributeError):  # stdout closed, unusable or absent: nothing more can be written
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(code)
