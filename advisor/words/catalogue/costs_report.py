"""The costs in the PDF report and on the web result page (advisor/report/costs.py, templates/report/costs.html.j2):
the table per track, the chart's words and the quantities' volume."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "costs_report.track_caption": "{track}: what each path costs a month",
    "costs_report.suggested": "suggested",
    "costs_report.not_estimated": "not estimated",
    "costs_report.sources": "Sources:",
    "costs_report.break_even_quantities": "that is about {quantities} a month",
    "costs_report.per_month": "{amount} {unit} of {use_case}",
    "costs_report.volume.none": "no",
    "costs_report.volume.low": "low",
    "costs_report.volume.medium": "medium",
    "costs_report.volume.high": "high",
    "costs_report.without_unit": "Not costed: {use_cases} (the rules give no unit to count them in)",
    "costs_report.chart.title": "{title}, {track}: {values}",
    "costs_report.chart.desc": "The cloud API's line against self-hosting's, from 0 to {top} today's quantities",
    "costs_report.chart.desc_point": "at {times} today's quantities, the API {api} and self-hosting {self_hosted} a month",
    "costs_report.chart.desc_break_even": "they cross at about {times} today's quantities ({cost} a month)",
    "costs_report.chart.desc_none": "they do not cross: the API stays cheaper",
    "costs_report.chart.today": "today",
    "costs_report.chart.caption": (
        "Typical monthly cost of {track} as today's quantities are multiplied: the cloud API grows with the volume; "
        "self-hosting (on your servers) pays a fixed platform, an engineer's share and one GPU always on, then more "
        "GPU hours."
    ),
    "costs_report.chart.table_caption": "Typical monthly cost of {track} by volume",
    "costs_report.chart.times_column": "Times today's quantities",
    "costs_report.reproducibility.prices": "prices",
    "costs_report.reproducibility.prices_value": "as of {as_of}, oldest check {oldest}",
}
