"""`advisor rules show --law`: the duties of the rules as a table (text) or a list (JSON), each with its law,
jurisdiction, whom it binds, the dates it applies between, its source and when it was checked."""

from __future__ import annotations

import sys
from typing import Any

from rich import box
from rich.table import Table

from advisor.core.rules import Rules
from advisor.io.output_format import OutputFormat, chosen_format
from advisor.io.streams import write_json
from advisor.words.dates import long_date
from advisor.words.text import text
from advisor.words.translations import data_text


def show_law(rules: Rules, requested: OutputFormat | None) -> None:
    """The rules' duties: JSON (`{"law_checked": ..., "duties": [...]}`) or a table per jurisdiction."""
    if chosen_format(requested) is OutputFormat.json:
        write_json(law_data(rules))
        return
    from advisor.io.terminal import console_for

    console = console_for(sys.stdout)
    checked = long_date(rules.law_checked) if rules.law_checked else text("law_table.not_checked")
    console.print(text("law_table.heading", name=rules.name, count=len(rules.duties), checked=checked))
    table = Table(box=box.SIMPLE_HEAD, show_lines=False)
    for column in ("duty", "law", "jurisdiction", "binds", "applies", "source"):
        table.add_column(text(f"law_table.column.{column}"), overflow="fold")
    for did, duty in rules.duties.items():
        place = rules.jurisdictions.get(duty.jurisdiction)
        where = data_text(f"rules.jurisdictions.{duty.jurisdiction}.title", place.title) if place else text("law.everywhere")
        applies = long_date(duty.applies_from)
        if duty.applies_until is not None:
            applies = text("law_table.until", start=applies, end=long_date(duty.applies_until))
        table.add_row(
            f"{did}\n{data_text(f'rules.duties.{did}.title', duty.title)}",
            f"{data_text(f'rules.duties.{did}.law.title', duty.law.title)} "
            f"{data_text(f'rules.duties.{did}.law.article', duty.law.article)}\n({text(f'law_table.kind.{duty.kind}')})",
            where,
            ", ".join(text(f"law_table.role.{role}") for role in duty.binds),
            applies,
            f"{duty.source}\n{text('law_table.checked', date=long_date(duty.checked))}",
        )
    console.print(table)


def law_data(rules: Rules) -> dict[str, Any]:
    """The duties as JSON data, with the date the law was last checked and the jurisdictions they name."""
    data = rules.to_dict()
    return {
        "rules": rules.name,
        "law_checked": data.get("law_checked"),
        "jurisdictions": data.get("jurisdictions", {}),
        "duties": [{"id": did, **duty} for did, duty in data.get("duties", {}).items()],
    }
