"""The group command's own words (advisor/group: its summary, refusals and the values a group is named by)."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "group_command.read": Plural(
        "{n} profile read, {assessed} assessed, {invalid} invalid", "{n} profiles read, {assessed} assessed, {invalid} invalid"
    ),
    "group_command.groups_by": Plural("; {n} group by {by}", "; {n} groups by {by}"),
    "group_command.none_read": "no profile was read",
    "group_command.none_valid": "no profile is valid",
    "group_command.needs_one": "{what}: a group needs at least one respondent",
    "group_command.report_not_pdf": "--report {report}: the group report is a PDF; name the file .pdf",
    "group_command.one_file": Plural(
        "--report {report}: {n} group cannot share one file; put {placeholder} in the name "
        "for a PDF per group, e.g. --report 'assessment-{placeholder}.pdf'",
        "--report {report}: {n} groups cannot share one file; put {placeholder} in the name "
        "for a PDF per group, e.g. --report 'assessment-{placeholder}.pdf'",
    ),
    "group_command.did_you_mean": "did you mean {field}? ",
    "group_command.no_field": (
        "--by {path}: no such profile field; {hint}fields include organization.name, respondent.role, "
        "organization.industry and context.data_sensitivity (`advisor schema` shows them all)"
    ),
}
