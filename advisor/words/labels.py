"""One label function per decision (recommendation, ring, verdict): every view names a decision through these.

Where two views say the same decision differently today, the view is a `form` with its own message ids (see
`advisor/words/catalogue/labels.py`), so the English stays as it was until the wording is unified on purpose.
"""

from __future__ import annotations

from typing import Literal

from advisor.core.messages import Message
from advisor.words.say import say

RecommendationForm = Literal["badge", "label"]
RingForm = Literal["badge", "name", "group", "portfolio"]
VerdictForm = Literal["words", "short"]


def recommendation_label(recommendation: str, form: RecommendationForm = "label") -> str:
    """'LLM', 'Broader generative AI' (form 'label': report, web, portfolio) or 'BROADER GENERATIVE AI' ('badge')."""
    return say(Message.of(f"recommendation.{form}.{recommendation}"))


def ring_label(ring: str | None, form: RingForm = "name") -> str:
    """'Trial', 'Not assessed' (form 'name'), 'TRIAL' ('badge'), 'a ring not placed' ('group'); no ring: 'none
    placed' / 'no ring'; 'on Hold', 'to assess' (form 'portfolio': '3 on Hold')."""
    suffix = {"badge": ".badge", "name": "", "group": ".group", "portfolio": ".portfolio"}[form]
    return say(Message.of(f"ring.{ring or 'none'}{suffix}"))


def verdict_label(verdict: str | None, decided_by: str | None = None, form: VerdictForm = "words") -> str:
    """'moderately robust', 'too close to call', 'too uncertain to call' (by a probability) in form 'words'; the
    verdict id's words in form 'short' ('too close'); 'not analysed' without a verdict."""
    if verdict is None:
        return say(Message.of("verdict.none"))
    if form == "short":
        return say(Message.of(f"verdict.{verdict}.short"))
    if verdict == "too_close" and decided_by == "probability":
        return say(Message.of("verdict.too_uncertain"))
    return say(Message.of(f"verdict.{verdict}"))


LABEL_FILTERS = {"recommendation_label": recommendation_label, "ring_label": ring_label, "verdict_label": verdict_label}
"""The label functions as template filters: `{{ meaning.ring.ring|ring_label }}` is 'Not assessed'."""
