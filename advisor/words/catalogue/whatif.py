"""The what-if comparison's row labels, per view (advisor/words/whatif.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "whatif.row.recommendation.terminal": "Recommendation",
    "whatif.row.recommendation.web": "Recommendation",
    "whatif.row.fit.terminal": "Fit {track}",
    "whatif.row.fit.web": "{track} fit",
    "whatif.row.margin.terminal": "Margin",
    "whatif.row.verdict.terminal": "Verdict",
    "whatif.row.verdict.web": "Verdict",
    "whatif.row.ring.terminal": "Ring",
    "whatif.row.ring.web": "Ring",
    "whatif.row.need.terminal": "Need",
    "whatif.row.need.web": "Need",
    "whatif.row.p_same.terminal": "P(same answer)",
}
