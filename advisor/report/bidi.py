"""User text in pages and PDFs, isolated from the text around it (Unicode bidirectional algorithm, UAX #9).

An Arabic or Hebrew name next to "51-250" turns it into "250-51", and a RIGHT-TO-LEFT OVERRIDE (U+202E) in a name
reverses the rest of its line, unless the name is isolated: `<bdi>` in HTML (browsers isolate it; WeasyPrint lays
out its text as a box of its own), FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE where only characters can go
(PDF running headers set from text, page titles). Every template shows user text through these filters;
tests/test_bidi.py checks that no template shows a user field without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

FSI = "\u2068"
"""FIRST STRONG ISOLATE: the text up to the matching PDI takes the direction of its first strong letter."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: ends the isolate, and every embedding or override left open inside it."""


def isolate(text: object) -> Markup:
    """`text` escaped and isolated as HTML: `<bdi>text</bdi>` (nothing for None or '')."""
    if text is None or text == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % str(text)


def isolate_text(text: object) -> str:
    """`text` between FSI and PDI, for places that hold characters only (running headers, titles, attributes)."""
    if text is None or text == "":
        return ""
    return f"{FSI}{text}{PDI}"


def isolate_names(sentence: object, names: Iterable[object]) -> Markup:
    """`sentence` escaped, with each of `names` (user text the sentence quotes, such as respondents' labels) in
    `<bdi>`; the longest name first, so a name inside another one stays part of it."""
    text = str(sentence)
    wanted = sorted({str(n) for n in names if n}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    pattern = re.compile("|".join(re.escape(name) for name in wanted))
    parts: list[Markup] = []
    end = 0
    for found in pattern.finditer(text):
        parts.append(escape(text[end : found.start()]))
        parts.append(isolate(found.group()))
        end = found.end()
    parts.append(escape(text[end:]))
    return Markup("").join(parts)
