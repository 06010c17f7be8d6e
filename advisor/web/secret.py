"""The server's own secret, kept in the data folder: what the CSRF tokens of respondents' forms are an HMAC with.

One file of 64 hex digits, mode 0600, made once and atomically (written under a temporary name, then hard-linked to
its name, which fails if another server made it first), so that every process on one data folder uses the same one
and a restart keeps the forms already open in browsers valid.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from advisor.core.errors import UsageError
from advisor.words.text import text

SECRET_NAME = "server-secret"
SECRET_SHAPE = re.compile(r"[0-9a-f]{64}")


def server_secret(folder: Path) -> bytes:
    """The secret in `folder`, made there (0600) if it has none yet."""
    path = folder / SECRET_NAME
    try:
        if not path.exists():
            _make(path)
        content = path.read_text(encoding="ascii", errors="replace").strip()
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # only this user reads it
    except OSError as exc:
        raise UsageError(text("edge.web.secret_unkept", path=str(path), reason=str(exc.strerror))) from None
    if not SECRET_SHAPE.fullmatch(content):
        raise UsageError(text("edge.web.secret_foreign", path=str(path)))
    return bytes.fromhex(content)


def _make(path: Path) -> None:
    temporary = path.with_name(f".{SECRET_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):  # another server made it first: theirs stands
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
