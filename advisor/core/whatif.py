"""What a what-if changed in the context's effects: obligations, vetoes and flags added or removed. Pure."""

from __future__ import annotations

from typing import Any

from advisor.core.assessment import Assessment

EFFECTS = ("vetoes", "obligations", "flags")


def context_changes(before: Assessment, after: Assessment) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per kind of effect, the entries only `after` has (added) and those only `before` has (removed), by rule; for
    obligations also those whose status changed (a duty that would apply now applies: `changed`, as after)."""
    changes = {}
    for kind in EFFECTS:
        old, new = _by_rule(before, kind), _by_rule(after, kind)
        changes[kind] = {
            "added": [entry for rule, entry in new.items() if rule not in old],
            "removed": [entry for rule, entry in old.items() if rule not in new],
        }
        if kind == "obligations":
            changes[kind]["changed"] = [
                entry for rule, entry in new.items() if rule in old and old[rule].get("status") != entry.get("status")
            ]
    return changes


def _by_rule(assessment: Assessment, kind: str) -> dict[str, dict[str, Any]]:
    entries = getattr(assessment.context, kind) if assessment.context is not None else ()
    return {entry.rule: entry.to_dict() for entry in entries}


def whatif_dict(changes: list[str], before: Assessment, after: Assessment) -> dict[str, Any]:
    """What-if JSON, as `advisor whatif --format json` prints it: the changes (as --set spells them), both
    assessments, and what changed in the context's effects."""
    return {
        "changes": list(changes),
        "before": before.to_dict(),
        "after": after.to_dict(),
        "context_changes": context_changes(before, after),
    }
