"""What it costs, for the report's first pages and the web result page: the quantities, a table per recommended
track of each path's monthly low / typical / high with its basis and sources, the prices' date, the stale-prices
warning, and the cost-versus-volume chart's geometry. Pure: no templates, no files.

The chart is drawn from the core's curves (advisor/core/costs.py `Curve`): the API line and the self-hosted line
over `CHART_SCALES` times today's quantities, widened until the break-even sits inside it; the self-hosted line's
bend (where the GPU that is always on is no longer enough) is a point of its own, so the straight segments between
the points are the lines themselves and the break-even lies exactly on both.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from advisor.core.costs import CHART_SCALES, BreakEven, CostLine, Costs, Curve
from advisor.core.data_text import use_case_noun
from advisor.core.headline import capitalised
from advisor.core.messages import Message, Number, Words
from advisor.core.prices import stale_days
from advisor.words.dates import long_date
from advisor.words.numbers import integer, money
from advisor.words.say import say
from advisor.words.text import text
from advisor.words.translations import data_text

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.quantities import Quantities
    from advisor.core.rules import Rules

"""Prices last checked more than this many days before the report's date are said to be stale."""

WIDTH, HEIGHT = 600.0, 250.0
"""The chart's drawing box (SVG user units)."""
LEFT, RIGHT, TOP, BOTTOM = 64.0, 16.0, 18.0, 40.0
"""The margins around the plot: money labels left, the scale's labels and its title below."""
LEGEND = 20.0
"""The legend's row under the chart."""


def assessment_costs(assessment: Assessment) -> tuple[Quantities | None, Costs | None]:
    """The business case's quantities and costs (stage `costs`); None where the stage did not run or gave none."""
    case = assessment.parts.get("business_case")
    if case is None:
        return None, None
    return case.quantities, case.costs


def prices_stale_note(costs: Costs, date: dt.date) -> str | None:
    """The warning that the prices' oldest check is more than STALE_AFTER_DAYS before `date`, or None."""
    days = stale_days(costs.oldest_check, date)
    if days is None:
        return None
    return text("costs.prices_stale", checked=long_date(costs.oldest_check), days=integer(days))


def costs_view(assessment: Assessment, rules: Rules, date: dt.date) -> dict[str, Any] | None:
    """'What it costs and how to start' for the report and the web page; None without costs (no prices in the rules,
    or nothing recommended)."""
    quantities, costs = assessment_costs(assessment)
    if costs is None or not costs.lines:
        return None
    tracks = list(dict.fromkeys(line.track for line in costs.lines))
    api_known = {line.track for line in costs.lines if line.path == "cloud_api" and line.monthly is not None}
    # a track's lines are drawn only where its API figure is known: a curve of unpriced tokens is no API line
    curves = {curve.track: curve for curve in costs.curves if curve.track in api_known}
    breaks = {entry.track: entry for entry in costs.break_even}
    return {
        "heading": text("costs.heading"),
        "costs_heading": text("costs.costs_heading"),
        "quantities_heading": text("quantities.heading"),
        "quantities": quantity_lines(quantities, rules) if quantities is not None else [],
        "tracks": [
            {
                "track": track,
                "title": _track(rules, track),
                "caption": capitalised(text("costs_report.track_caption", track=_track(rules, track))),
                "rows": [row(line, rules) for line in costs.lines if line.track == track],
                "break_even": _break_even_words(track, breaks.get(track), curves.get(track), rules),
                "chart": chart(curves[track], breaks.get(track), costs.currency, rules) if track in curves else None,
            }
            for track in tracks
        ],
        "prices": text("costs.prices_as_of", date=long_date(costs.prices_as_of), currency=costs.currency),
        "exchange": text(
            "costs.exchange", rate=Number(costs.rate, "g"), currency=costs.currency, date=long_date(costs.rates_as_of)
        )
        if costs.currency != "USD"
        else None,
        "stale": prices_stale_note(costs, date),
        "words": {
            "suggested": text("costs_report.suggested"),
            "not_estimated": text("costs_report.not_estimated"),
            "sources": text("costs_report.sources"),
        },
        "reproducibility_label": text("costs_report.reproducibility.prices"),
        "reproducibility": text(
            "costs_report.reproducibility.prices_value",
            as_of=costs.prices_as_of.isoformat(),
            oldest=costs.oldest_check.isoformat(),
        ),
    }


def _track(rules: Rules, track: str) -> str:
    return data_text(f"rules.tracks.{track}.short", rules.tracks[track].short)


def path_title(rules: Rules, path: str) -> str:
    """A deployment path's title from the rules ('Enterprise service or cloud API'), in the current language."""
    paths = rules.deployment.paths if rules.deployment else {}
    if path not in paths:
        return path.replace("_", " ")
    return data_text(f"rules.deployment.paths.{path}.title", paths[path].title)


def row(line: CostLine, rules: Rules) -> dict[str, Any]:
    """One path's row: its title, whether it is suggested, the three figures said (None when not estimated), the
    basis sentences and the sources."""
    figures = {level: money(value, line.currency) for level, value in line.monthly.items()} if line.monthly else None
    return {
        "path": line.path,
        "title": path_title(rules, line.path),
        "suggested": line.suggested,
        "figures": figures,
        "basis": [say(message) for message in line.basis],
        "sources": list(line.sources),
        "missing": list(line.missing),
    }


def quantity_lines(quantities: Quantities, rules: Rules) -> list[dict[str, Any]]:
    """The users and each use case's quantity a month, each saying whether it was stated or derived."""
    users = quantities.users
    if users.count is None:
        said_users = text("quantities.users.unknown")
    elif users.derived:
        said_users = text("quantities.users.derived", users=Number(users.count, "integer"), size=users.size or "")
    else:
        said_users = text("quantities.users.stated", users=Number(users.count, "integer"))
    lines = [{"what": "users", "derived": users.derived, "text": said_users}]
    for q in quantities.use_cases:
        unit = Message.of(f"quantities.unit.{q.unit}")
        noun = use_case_noun(rules, q.use_case)
        if q.amount is None:
            said = say(Message.of("quantities.line.unknown", use_case=noun, unit=unit))
        elif q.derived:
            said = say(
                Message.of(
                    "quantities.line.derived",
                    use_case=noun,
                    amount=Number(q.amount, "amount"),
                    unit=unit,
                    per_user=Number(q.per_user or 0.0, "amount"),
                    volume=Message.of(f"costs_report.volume.{q.volume}"),
                )
            )
        else:
            said = say(Message.of("quantities.line", use_case=noun, amount=Number(q.amount, "amount"), unit=unit))
        lines.append({"what": q.use_case, "derived": q.derived, "text": said[:1].upper() + said[1:]})
    if quantities.without_unit:
        nouns = Words(tuple(use_case_noun(rules, uid) for uid in quantities.without_unit))
        lines.append({"what": "without_unit", "derived": False, "text": text("costs_report.without_unit", use_cases=nouns)})
    return lines


def _times(scale: float, kind: str = "g") -> str:
    return text("costs.times", times=Number(scale, kind))


def _break_even_words(track: str, found: BreakEven | None, curve: Curve | None, rules: Rules) -> list[str]:
    """The break-even sentence of a track (and the quantities it means), or that there is none; [] without a curve."""
    if curve is None:
        return []
    if found is None:
        return [text("costs.break_even.none", track=_track(rules, track))]
    sentence = text(
        "costs.break_even",
        track=_track(rules, track),
        times=Message.of("costs.times", times=Number(found.times_today, "amount")),
        cost=Number(found.shown_cost, f"money:{found.currency}"),
    )
    amounts = Words(
        tuple(
            Message.of(
                "costs_report.per_month",
                amount=Number(amount, "amount"),
                unit=Message.of(f"quantities.unit.{unit}"),
                use_case=use_case_noun(rules, use_case),
            )
            for use_case, unit, amount in found.quantities
        )
    )
    return [sentence, text("costs_report.break_even_quantities", quantities=amounts)] if found.quantities else [sentence]


def widened(found: BreakEven | None) -> tuple[float, ...]:
    """CHART_SCALES, doubled on until the break-even (if any) sits well inside: the multiples the table lists."""
    scales = list(CHART_SCALES)
    while found is not None and scales[-1] < found.scale * 1.25:
        scales.append(scales[-1] * 2)
    return tuple(scales)


def chart_scales(curve: Curve, found: BreakEven | None) -> tuple[float, ...]:
    """The multiples of today's quantities the chart draws: `widened`, with the break-even and the self-hosted
    line's bend as points of their own (so the straight segments between the points are the lines themselves)."""
    scales = widened(found)
    extra = [found.scale] if found is not None else []
    if curve.hours_per_scale > 0:
        bend = curve.min_hours / curve.hours_per_scale
        if 0 < bend < scales[-1]:
            extra.append(bend)
    return tuple(sorted({*scales, *extra}))


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `ticks` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)


def chart(curve: Curve, found: BreakEven | None, currency: str, rules: Rules) -> dict[str, Any]:
    """The cost-versus-volume chart of one track: the two lines as SVG points, the axes' ticks, today, the
    break-even, the words of its title and description, and the rows of its table of values."""
    scales = chart_scales(curve, found)
    top = scales[-1]
    highest = max(max(curve.api(s), curve.self_hosted(s)) for s in scales)
    y_step = nice_step(highest)
    y_top = y_step * max(1, math.ceil(highest / y_step - 1e-9))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(scale: float) -> float:
        return round(LEFT + scale / top * plot_w, 2)

    def y(value: float) -> float:
        return round(TOP + plot_h - value / y_top * plot_h, 2)

    def points(line: Any) -> str:
        return " ".join(f"{x(s)},{y(line(s))}" for s in scales)

    x_step = nice_step(top)
    x_ticks = [{"x": x(i * x_step), "label": _times(i * x_step)} for i in range(int(top // x_step) + 1)]
    y_ticks = [{"y": y(i * y_step), "label": money(i * y_step, currency)} for i in range(round(y_top / y_step) + 1)]
    track = _track(rules, curve.track)

    def cost(value: float) -> str:
        return money(round(value, 2), currency)  # rounded to cents first, as the JSON's figures are

    rows = [
        (s, {"times": _times(s), "api": cost(curve.api(s)), "self_hosted": cost(curve.self_hosted(s)), "break_even": False})
        for s in widened(found)
    ]
    if found is not None:
        at = cost(found.shown_cost)
        rows.append((found.scale, {"times": _times(found.times_today, "amount"), "api": at, "self_hosted": at, "break_even": True}))
    described = [
        text("costs_report.chart.desc_point", times=_times(s), api=cost(curve.api(s)), self_hosted=cost(curve.self_hosted(s)))
        for s in (1, top)
    ]
    marker = None
    if found is not None:
        bx, by = x(found.scale), y(curve.api(found.scale))
        label = f"{text('costs.chart.break_even')}: {_times(found.times_today, 'amount')}, {cost(found.shown_cost)}"
        right = bx > LEFT + plot_w * 0.6  # the label goes left of the point near the right edge
        marker = {
            "x": bx,
            "y": by,
            "label": label,
            "anchor": "end" if right else "start",
            "label_x": bx - 7 if right else bx + 7,
            "label_y": min(by + 15, TOP + plot_h - 4),  # under the crossing, where only the axis is
        }
        described.append(
            text("costs_report.chart.desc_break_even", times=_times(found.times_today, "amount"), cost=cost(found.shown_cost))
        )
    else:
        described.append(text("costs_report.chart.desc_none"))
    return {
        "track": curve.track,
        "width": WIDTH,
        "height": HEIGHT + LEGEND,
        "plot": {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h, "middle": LEFT + plot_w / 2},
        "api": points(curve.api),
        "self_hosted": points(curve.self_hosted),
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "today": x(1) if top > 1 else None,
        "break_even": marker,
        "title": text("costs_report.chart.title", title=text("costs.chart.title"), track=track, values="; ".join(described)),
        "desc": text("costs_report.chart.desc", top=_times(top)),
        "caption": text("costs_report.chart.caption", track=track),
        "words": {
            "api": text("costs.chart.api"),
            "self_hosted": text("costs.chart.self"),
            "x": text("costs.chart.x"),
            "today": text("costs_report.chart.today"),
            "break_even": text("costs.chart.break_even"),
        },
        "table": {
            "caption": text("costs_report.chart.table_caption", track=track),
            "times": text("costs_report.chart.times_column"),
            "rows": [entry for _, entry in sorted(rows, key=lambda pair: pair[0])],
        },
    }
