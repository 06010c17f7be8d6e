"""The group edge: `advisor group`. `inputs` reads the respondents as batch reads its inputs and splits them by a
profile field; `run` assesses each group and places its report. Other edges use what is exported here."""

from advisor.group.inputs import Group, Respondents, field_reader, group_fields, read_respondents
from advisor.group.run import (
    GroupResult,
    assess_groups,
    check_report_name,
    group_json,
    report_targets,
    write_reports,
)

__all__ = [
    "Group",
    "GroupResult",
    "Respondents",
    "assess_groups",
    "check_report_name",
    "field_reader",
    "group_fields",
    "group_json",
    "read_respondents",
    "report_targets",
    "write_reports",
]
