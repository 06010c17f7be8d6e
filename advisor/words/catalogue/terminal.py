"""The terminal's own words (advisor/io/terminal.py and io/group_terminal.py): headings, labels and the sentences
around what the core decided."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    # an assessment
    "terminal.recommendation_lead": " - recommendation: ",
    "terminal.ring_lead": " ring ",
    "terminal.margin": "margin {margin} (LLM minus generative AI); {basis}",
    "terminal.use_cases.caption": "rating and contribution to the fit; ✓ better fit",
    "terminal.use_cases.use_case": "Use case",
    "terminal.use_cases.need": "Need",
    "terminal.use_cases.weight": "Weight",
    "terminal.why": "Why: ",
    "terminal.what_would_change": "What would change it:",
    "terminal.more_changes": "... and {n} more (--format json lists them all)",
    "terminal.rules_identity": "Rules: {name} {version} (sha256 {sha256}…)",
    # the basis of the decision
    "terminal.basis.indifference_band": "too close: |margin| <= {band}",
    "terminal.basis.split_need": "split need: each track wins >= {share}",
    "terminal.basis.low_fit": "low fit: both fits below {floor}",
    "terminal.basis.margin": "clear margin",
    # the context of application
    "terminal.context.heading": "What this means for you",
    "terminal.context.ring": "  Ring: ",
    "terminal.context.no_path": "no deployment path is acceptable under these constraints",
    "terminal.context.skills_gap": " (needs {skills}: a skills gap)",
    "terminal.context.tools": "e.g. {tools}",
    "terminal.context.veto": "  Not acceptable: ",
    "terminal.context.obligations": "  Obligations:",
    "terminal.context.risk": "  Risk ",
    "terminal.context.adjusted": "Adjusted: {track} on {use_case} x{factor} ({title})",
    # a what-if
    "terminal.whatif.lead": "What if: ",
    "terminal.whatif.before": "Before",
    "terminal.whatif.after": "After",
    "terminal.whatif.recommendation": "Recommendation",
    "terminal.whatif.fit": "Fit {track}",
    "terminal.whatif.margin": "Margin",
    "terminal.whatif.verdict": "Verdict",
    "terminal.whatif.ring": "Ring",
    "terminal.whatif.p_same": "P(same answer)",
    "terminal.whatif.after_headline": "After: ",
    "terminal.whatif.veto": "Not acceptable",
    "terminal.whatif.obligation": "Obligation",
    "terminal.whatif.risk": "Risk",
    "terminal.whatif.no_context_change": "No veto, obligation or risk flag was added or removed.",
    "terminal.whatif.context_changed": "Context effects that changed:",
    # the rules
    "terminal.rules.matrix": "Use-case matrix",
    "terminal.rules.use_case_id": "Use case (id)",
    "terminal.rules.source": "Source",
    "terminal.rules.examples": "Example tools",
    "terminal.rules.scale": "Scale",
    "terminal.rules.order": "why this order: {rationale}",
    "terminal.rules.volume_factors": "Volume factors",
    "terminal.rules.decision_heading": "Decision",
    "terminal.rules.decision": (
        "hybrid when |margin| ≤ {band}, or when each track clearly wins (rating ahead by ≥ {difference}) at least "
        "{share} of the weighted need"
    ),
    "terminal.rules.neither": "neither when both fits are below {floor}: {advice}",
    "terminal.rules.context_rules": "Context rules",
    "terminal.rules.context_rules_note": " (a field not stated makes a comparison false)",
    "terminal.rules.when": "when {condition}",
    "terminal.rules.effect": "{effect}; source {source}",
    "terminal.rules.rings": "Readiness rings",
    "terminal.rules.rings_note": " (the first that holds)",
    "terminal.rules.otherwise": "otherwise",
    "terminal.rules.paths": "Deployment paths",
    "terminal.rules.path": "{path} (needs {skills})",
    "terminal.rules.source_heading": "Source",
    # a group
    "terminal.group.heading": Plural("{by} = {value} ({n} respondent)", "{by} = {value} ({n} respondents)"),
    "terminal.group.consensus": "Consensus: ",
    "terminal.group.vote": Plural(
        "The respondents' vote (their own priorities, {n} respondent):",
        "The respondents' vote (their own priorities, {n} respondents):",
    ),
    "terminal.group.consensus_mark": " ← consensus",
    "terminal.group.no_conflicts": "No conflicting context answers.",
    "terminal.group.conflicts": "Conflicts to resolve ({n}):",
    "terminal.group.pivotal": "Pivotal respondents (each one left out, the others re-scored):",
    "terminal.group.disagree_lead": "Where they disagree: ",
    "terminal.group.disagree": "Where they disagree (a use case's weight: its share of a respondent's priorities):",
    "terminal.group.disagree_caption": "ranked by how far the disagreement could move the answer",
    "terminal.group.min": "Min",
    "terminal.group.median": "Median",
    "terminal.group.max": "Max",
    "terminal.group.consensus_column": "Consensus",
    "terminal.group.most": "Most weight",
    "terminal.group.least": "Least weight",
    "terminal.group.more": Plural(
        "  ... and {n} more use case (--format json lists them all)",
        "  ... and {n} more use cases (--format json lists them all)",
    ),
    "terminal.group.geometric": "Geometric-mean check: ",
}
