"""What the core's context modules decide, in words: the readiness ring (advisor/core/ring.py) and the remedy of a
vetoed deployment path (advisor/core/deployment.py). Texts from the rules (reasons, meanings, path phrases) are
`DataText` parameters, said from the rules' overlay for the language."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the ring placed by a ring rule: its reason, with `{unstated}` (the readiness facts left out, a list) filled in
    "ring.reason": "{reason}",
    "ring.not_assessed.reason": (
        "The ring depends on how robust the recommendation is, and robustness was not analysed; it would be {rings}."
    ),
    "ring.not_assessed.meaning": "Analyse robustness to place the ring.",
    # the rings a ring not assessed could be, from the most cautious: 'Assess or Trial or Adopt'
    "ring.choice.2": "{first} or {second}",
    "ring.choice.3": "{first} or {second} or {third}",
    "ring.choice.4": "{first} or {second} or {third} or {fourth}",
    "ring.name.adopt": "Adopt",
    "ring.name.trial": "Trial",
    "ring.name.assess": "Assess",
    "ring.name.hold": "Hold",
    # a readiness fact left out, named in a ring's reason when the rules give no words for it
    "ring.unstated.governance": "governance",
    "ring.unstated.ai_skills": "ai skills",
    # the remedy: the preferred deployment path is vetoed, the profile re-scored on the nearest acceptable one
    "deployment.remedy.neither": "Any use would have to run on {path} rather than {preferred}.",
    "deployment.remedy.both": "Both, provided they run on {path} rather than {preferred}.",
    "deployment.remedy.one": "{track}, provided it runs on {path} rather than {preferred}.",
}
