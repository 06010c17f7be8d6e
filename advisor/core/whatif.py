"""What a what-if changed in the context's effects: obligations, vetoes and flags added or removed. Pure."""

from __future__ import annotations

from typing import Any

from advisor.core.assessment import Assessment
from advisor.core.costs import Costs

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
    assessments, what changed in the context's effects and in the typical monthly cost of the suggested paths."""
    return {
        "changes": list(changes),
        "before": before.to_dict(),
        "after": after.to_dict(),
        "context_changes": context_changes(before, after),
        "cost_change": cost_change(before, after),
    }


def cost_change(before: Assessment, after: Assessment) -> dict[str, Any] | None:
    """The typical monthly cost of the suggested path(s), summed over the recommended tracks, before and after (None
    for a side without costs or a figure unknown), with the currency; None when neither side has costs."""
    sides = [_costs(a) for a in (before, after)]
    known = [c for c in sides if c is not None]
    if not known:
        return None
    typical = [c.suggested_typical() if c is not None else None for c in sides]
    change = round(typical[1] - typical[0], 2) if typical[0] is not None and typical[1] is not None else None
    return {"before": typical[0], "after": typical[1], "change": change, "currency": known[0].currency}


def _costs(assessment: Assessment) -> Costs | None:
    case = assessment.parts.get("business_case")
    return case.costs if case is not None else None
