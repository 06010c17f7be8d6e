"""The date an assessment is made for, and a report dated: --date, else SOURCE_DATE_EPOCH, else today.

The core never reads a clock: the edges work the date out here and hand it to `assess(..., as_of=)`.
"""

from __future__ import annotations

import datetime as dt
import os

from advisor.core.errors import UsageError


def as_of(given: str | None = None, *, strict: bool = True) -> dt.date:
    """--date (YYYY-MM-DD), else SOURCE_DATE_EPOCH (whole seconds since 1970, UTC), else today.

    A malformed --date or SOURCE_DATE_EPOCH is a UsageError; with `strict=False` a malformed SOURCE_DATE_EPOCH
    gives today (for commands that print no date).
    """
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            from advisor.words.text import text

            raise UsageError(text("io.date.given", given=repr(given))) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError):
            if strict:
                from advisor.words.text import text

                raise UsageError(text("io.date.epoch", epoch=repr(epoch))) from None
    return dt.date.today()
