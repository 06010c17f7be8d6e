"""The need's size (advisor/core/need.py): its name and the sentence that places its total on the rules' scale."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "need.size.negligible": "negligible",
    "need.size.modest": "modest",
    "need.size.substantial": "substantial",
    "need.size.strong": "strong",
    "need.sentence": (
        "{size} (a total of {total} on a scale where modest starts at {modest}, substantial at {substantial} and "
        "strong at {strong})"
    ),
    "need.line": "Need: {need}",
    "need.short": "{size} ({total})",
    "need.none": "not sized",
    "terminal.rules.need_size_heading": "Need size (importance x volume factor, summed before normalising)",
    "terminal.rules.need_size": "negligible below {modest}, modest from {modest}, substantial from {substantial}, strong from {strong}",
    "terminal.group.need": "Need (the consensus profile's): {need}",
}
