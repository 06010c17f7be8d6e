"""Messages shared by every view."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
