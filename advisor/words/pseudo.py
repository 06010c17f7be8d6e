"""The pseudo-locale's transform: 'Trial an LLM {x}' -> '[Ţŕîàĺ àñ ĹĹṀ {x}]'.

Every ASCII letter becomes an accented one (still a letter, readable, never ASCII), and each message is bracketed
inside its outer whitespace, so that English the vocabulary does not say stands out in any view and a cut-off text
shows a missing bracket. What the code fills in or reads stays as it is: `{placeholders}` (with `{{`/`}}`), printf
fields (`%(name)s`, `%s`, `%%`), HTML tags and entities, and Jinja syntax (`{{ ... }}`, `{% ... %}`).
"""

from __future__ import annotations

import re

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþʠŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
KEPT = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"  # Jinja expressions, statements and comments
    r"|\{\{|\}\}|\{[^{}]*\}"  # str.format fields and escaped braces
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|%[-#0+]*\d*(?:\.\d+)?[sdifr%]"  # printf fields
    r"|<[^<>]*>|&[#a-zA-Z0-9]+;",  # HTML tags and entities
    re.DOTALL,
)


def accented(text: str) -> str:
    """`text` with its letters accented, what the code reads left as it is."""
    kept = [(found.start(), found.end()) for found in KEPT.finditer(text)]
    pieces, at = [], 0
    for start, end in kept:
        pieces.append(text[at:start].translate(ACCENTED))
        pieces.append(text[start:end])
        at = end
    pieces.append(text[at:].translate(ACCENTED))
    return "".join(pieces)


def pseudo(text: str) -> str:
    """`text` accented and bracketed inside its outer whitespace ('' stays '')."""
    body = text.strip()
    if not body:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}[{accented(body)}]{trail}"
