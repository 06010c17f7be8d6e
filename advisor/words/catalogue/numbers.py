"""Words around numbers (advisor/words/numbers.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "numbers.less_than": "less than {value}",
}
