"""`advisor group`: assess each group of respondents, and where its reports go. An edge of the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.core.errors import Problem, ProfileError, UsageError
from advisor.core.group import GroupAssessment, assess_group
from advisor.core.rules import Rules
from advisor.group.inputs import Group, Respondents
from advisor.words import said
from advisor.words.text import text

PLACEHOLDER = "{group}"
"""In a --report name, replaced by each group's value (as a file name), so that each group gets its own PDF."""


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group and its assessment."""

    group: Group
    assessment: GroupAssessment


def check_report_name(report: str) -> None:
    """Refuse a --report name that is not a PDF file, before anything is read."""
    from advisor.io.atomic import check_output_path

    if Path(report).suffix.lower() != ".pdf":
        raise UsageError(text("group_command.report_not_pdf", report=report))
    if PLACEHOLDER not in str(Path(report).parent):  # else each group's folder is checked when its name is known
        check_output_path(Path(report), "--report")


def assess_groups(
    respondents: Respondents, rules: Rules, as_of: dt.date | None = None, currency: str = "USD"
) -> list[GroupResult]:
    """The group assessment of each group (for the date `as_of`, costs in `currency`), in order; an error when no
    profile is valid."""
    if not respondents.groups:
        what = text("group_command.none_read" if not respondents.read else "group_command.none_valid")
        raise ProfileError("group", Problem("", text("group_command.needs_one", what=what), code="group.empty"))
    return [
        GroupResult(group, assess_group(group.profiles, rules, as_of=as_of, currency=currency))
        for group in respondents.groups
    ]


def group_json(results: list[GroupResult], by: str | None) -> Any:
    """Group assessment JSON v1: one object without --by; with it, a list with each group's field and value first."""
    if by is None:
        return said(results[0].assessment.to_dict())
    return said([{"group": {"by": by, "value": r.group.value}, **r.assessment.to_dict()} for r in results])


def report_targets(report: str, results: list[GroupResult]) -> list[Path]:
    """Where each group's PDF goes: the --report name, with {group} replaced by the group's value as a file name
    (numbered when two values give one name); several groups need {group} in it."""
    from advisor.report import slug

    if PLACEHOLDER not in report:
        if len(results) > 1:
            raise UsageError(text("group_command.one_file", report=report, n=len(results), placeholder=PLACEHOLDER))
        return [Path(report)]
    targets: list[Path] = []
    used: set[str] = set()
    for result in results:
        stem = slug(result.group.name or str(result.assessment.organization.get("name", "")))
        name, number = stem, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name)
        targets.append(Path(report.replace(PLACEHOLDER, name)))
    return targets


def write_reports(
    results: list[GroupResult], targets: list[Path], rules: Rules, date: dt.date, invalid: int
) -> list[Path]:
    """Render and write each group's PDF (atomically); the paths written."""
    from advisor.io.atomic import check_output_path, write_atomically
    from advisor.report import render_group_html, render_pdf

    for target in targets:
        check_output_path(target, "--report")
    for result, target in zip(results, targets, strict=True):
        write_atomically(target, render_pdf(render_group_html(result.assessment, rules, date, invalid=invalid)))
    return targets
