"""The JSON API's own problem messages (advisor/web/api.py): why a request was refused."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "api.media_type": "send the body as JSON, with the header Content-Type: application/json",
    "api.draft_sent": (
        "this is an unfinished questionnaire draft, not a profile; finish the questionnaire, then send the profile "
        "it gives"
    ),
    "api.change_overlap": "is inside the change of {outer}; change either {outer} or its fields",
}
