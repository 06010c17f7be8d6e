"""The report edge: the stakeholder report's content (pure, in `content`) and its rendering to HTML and PDF.

Other edges use what is exported here, never the modules' internals.
"""

from typing import Any

from advisor.report.bidi import isolate_text
from advisor.report.content import OUTCOME_ORDER, RECOMMENDATION_LABELS
from advisor.report.render import (
    check_default_output,
    default_output,
    profile_digest,
    release_renderer,
    render_html,
    render_pdf,
    report_date,
    report_template_context,
    slug,
    template_environment,
)

__all__ = [
    "OUTCOME_ORDER",
    "RECOMMENDATION_LABELS",
    "check_default_output",
    "default_output",
    "isolate_text",
    "profile_digest",
    "release_renderer",
    "render_group_html",
    "render_html",
    "render_pdf",
    "report_date",
    "report_template_context",
    "slug",
    "template_environment",
]


def __getattr__(name: str) -> Any:
    """`render_group_html`, imported when first used: a single report needs neither it nor the group core."""
    if name == "render_group_html":
        from advisor.report.group import render_group_html

        return render_group_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
