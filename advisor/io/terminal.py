"""Readable terminal output (rich) for assessments and rules. An edge: the core never imports it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from advisor.core.assessment import Assessment, RulesIdentity
from advisor.core.condition_text import condition_words
from advisor.core.numbers import MARGIN_DIGITS
from advisor.core.rules import TRACKS, Rules
from advisor.io.untrusted import isolated, printable
from advisor.words import say
from advisor.words.cost_lines import cost_block
from advisor.words.duties import duty_view, grouped, is_duty, law_checked_note
from advisor.words.labels import recommendation_label, ring_label, verdict_label
from advisor.words.need import assessment_need, need_line
from advisor.words.numbers import as_written, decimal, fit, percent, signed, weight
from advisor.words.readiness import assessment_readiness, readiness_lines
from advisor.words.roadmap import roadmap_words
from advisor.words.text import text
from advisor.words.translations import data_text
from advisor.words.whatif import whatif_rows

VERDICT_STYLES = {"robust": "green", "moderate": "yellow", "fragile": "red", "too_close": "red"}
RING_STYLES = {"adopt": "green", "trial": "cyan", "assess": "yellow", "hold": "red", "not_assessed": "dim"}
SEVERITY_STYLES = {"high": "red", "medium": "yellow", "low": "dim"}
BAR_WIDTH = 30
MAX_CHANGES_SHOWN = 6


USER_TEXT = Style.from_meta({"isolate": True})
"""The mark of text from the input (a name): on a terminal it is isolated, so right-to-left text keeps its place."""


def user_text(text: str, style: str = "") -> Text:
    """Text from the input (an organisation's or a respondent's name), escaped and marked to be isolated."""
    return Text(printable(text), style=Style.parse(style) + USER_TEXT if style else USER_TEXT)


class _Console(Console):
    """A rich console whose every written character passes `printable` (the one escape function): rules, names and
    sentences alike; text marked `USER_TEXT` is isolated (FSI ... PDI) on a terminal. A closed pipe is left to the
    command line (exit 0) instead of exiting 1 here."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        terminal = self.is_terminal
        safe = []
        for segment in buffer:
            text, style, control = segment
            if control is None and text:
                lines = text.split("\n")
                if terminal and style is not None and style.meta.get("isolate"):
                    text = "\n".join(isolated(line) if line else line for line in lines)
                else:
                    text = "\n".join(printable(line) for line in lines)
                segment = Segment(text, style, control)
            safe.append(segment)
        return super()._render_buffer(safe)


def console_for(stream: TextIO) -> Console:
    """A console on `stream` that honours NO_COLOR and keeps to 80 columns when not a terminal."""
    return _Console(file=stream, highlight=False, soft_wrap=False)


def print_assessment(assessment: Assessment, rules: Rules, console: Console) -> None:
    """The recommendation, both fits as bars, and the use-case table."""
    title = Text.assemble(
        user_text(str(assessment.organization.get("name", "")), "bold"),
        text("terminal.recommendation_lead"),
        (recommendation_label(assessment.recommendation, "badge"), "bold cyan"),
    )
    if assessment.robustness is not None:
        verdict = assessment.robustness.verdict
        title.append_text(Text.assemble(" (", (_verdict(assessment), VERDICT_STYLES[verdict]), ")"))
    context = assessment.context
    if context is not None and context.ring is not None:
        ring = context.ring.ring
        title.append_text(Text.assemble(text("terminal.ring_lead"), (ring_label(ring, "badge"), f"bold {RING_STYLES[ring]}")))
    console.print(title)
    console.print(Text(printable(say(assessment.headline))))
    if context is not None and context.remedy is not None:
        console.print(Text(printable(say(context.remedy.sentence)), style="bold"))
    need_size = assessment_need(assessment)
    if need_size is not None:
        console.print(Text(printable(need_line(need_size))))
    _print_readiness(console, assessment)
    console.print()
    for track in TRACKS:
        value = assessment.scores[track]
        filled = round(value * BAR_WIDTH)
        console.print(
            Text.assemble(
                (f"  {rules.tracks[track].short:<14}", "bold"),
                (f"{fit(value):>5} ", ""),
                ("█" * filled, "green" if track == "llm" else "magenta"),
                ("░" * (BAR_WIDTH - filled), "dim"),
            )
        )
    margin = text("terminal.margin", margin=signed(assessment.margin), basis=basis_words(assessment.basis, rules))
    console.print(f"  {margin}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=text("terminal.use_cases.caption"))
    table.add_column(text("terminal.use_cases.use_case"), max_width=24)
    table.add_column(text("terminal.use_cases.need"))
    table.add_column(text("terminal.use_cases.weight"), justify="right")
    for track in TRACKS:
        table.add_column(rules.tracks[track].short)
    for use_case in assessment.use_cases:
        need = f"{use_case.importance} {use_case.volume}" if use_case.importance else "-"
        cells = [
            f"{use_case.ratings[t]} {decimal(use_case.contributions[t], MARGIN_DIGITS)}"
            + (" ✓" if use_case.better_fit == t else "")
            for t in TRACKS
        ]
        style = "" if use_case.weight > 0 else "dim"
        table.add_row(Text(printable(use_case.title)), need, weight(use_case.weight), *cells, style=style)
    console.print(table)
    if assessment.explanation is not None:
        console.print(Text(text("terminal.why"), style="bold") + Text(printable(say(assessment.explanation.summary))))
        console.print(Text(text("terminal.what_would_change"), style="bold"))
        changes = [say(change) for change in assessment.explanation.what_would_change]
        for sentence in changes[:MAX_CHANGES_SHOWN]:  # nearest first; all of them are in the JSON
            console.print(Text(f"  - {printable(sentence)}"))
        if len(changes) > MAX_CHANGES_SHOWN:
            console.print(Text(f"  {text('terminal.more_changes', n=len(changes) - MAX_CHANGES_SHOWN)}"))
    if context is not None:
        print_context(assessment, rules, console)
    print_roadmap(assessment, rules, console)
    print_costs(assessment, rules, console)
    console.print(rules_identity(assessment.rules), style="dim")


def print_roadmap(assessment: Assessment, rules: Rules, console: Console) -> None:
    """How to start: the roadmap's phases, each with its use cases, skills, measures and duties to settle first."""
    phases = roadmap_words(assessment, rules)
    if phases is None:
        return
    console.print(Text(text("roadmap.heading"), style="bold underline"))
    for phase in phases:
        console.print(Text(f"  {printable(phase.title)}"))
        for line in phase.lines:
            console.print(Text(f"    - {printable(line)}"))


def print_costs(assessment: Assessment, rules: Rules, console: Console) -> None:
    """What it costs a month: the quantities, each recommended track's paths with their basis and the prices' date,
    the break-even and the currency (nothing when nothing is recommended or the rules have no prices)."""
    block = cost_block(assessment, rules)
    if block is None:
        return
    console.print(Text(block.heading, style="bold underline"))
    for line in block.quantities:
        console.print(Text(f"  {printable(line)}"))
    for entry in block.lines:
        console.print(Text(f"  {printable(entry.line)}", style="bold" if entry.suggested else ""))
        for sentence in entry.basis:
            console.print(Text(f"    - {printable(sentence)}", style="dim"))
    for line in (*block.break_even, *block.footer):
        console.print(Text(f"  {printable(line)}"))


def _print_readiness(console: Console, assessment: Assessment) -> None:
    """Readiness per dimension: a short block under the need's size (nothing when the stage did not run)."""
    for line in readiness_lines(assessment_readiness(assessment)):
        console.print(Text(printable(line)))


def print_context(assessment: Assessment, rules: Rules, console: Console) -> None:
    """What the context of application means: ring, deployment path per track, vetoes, obligations, flags, modifiers."""
    context = assessment.context
    assert context is not None
    console.print(Text(text("terminal.context.heading"), style="bold underline"))
    if context.ring is not None:
        ring = context.ring.ring
        console.print(
            Text.assemble(
                (text("terminal.context.ring"), "bold"),
                (ring_label(ring), RING_STYLES[ring]),
                f" - {say(context.ring.reason)}",
            )
        )
    for path in context.deployment_paths:
        track = rules.tracks[path.track].short
        if path.path is None:
            console.print(Text(f"  {track}: {text('terminal.context.no_path')}", style="red"))
            continue
        skills = path.skills_needed.replace("_", " ")
        gap = text("terminal.context.skills_gap", skills=skills) if path.skills_gap else ""
        console.print(Text.assemble((f"  {track}: ", "bold"), f"{say(path.title) if path.title else ''}{gap}"))
        if path.tools:
            tools = ", ".join(say(tool) for tool in path.tools)
            note = f" ({say(path.tools_note)})" if path.tools_note else ""
            console.print(Text(f"    {text('terminal.context.tools', tools=tools)}{note}", style="dim"))
        elif path.tools_note:
            console.print(Text(f"    {say(path.tools_note)}", style="yellow"))
    for veto in context.vetoes:
        console.print(Text.assemble((text("terminal.context.veto"), "bold red"), f"{say(veto.title)}. {say(veto.rationale)}"))
    entries = [item.to_dict() for item in context.obligations]
    others = [entry for entry in entries if not is_duty(entry)]
    if others:
        console.print(Text(text("terminal.context.obligations"), style="bold"))
        for entry in others:
            console.print(Text(f"    [ ] {say(entry['text'])}"))
    print_duties(grouped(entries), law_checked_note(rules.law_checked, assessment.as_of), console)
    for flag in context.flags:
        console.print(
            Text.assemble(
                (text("terminal.context.risk"), "bold"), (f"({flag.severity})", SEVERITY_STYLES[flag.severity]), f": {say(flag.text)}"
            )
        )
    for modifier in context.modifiers_applied:
        noun = rules.use_cases[modifier.use_case].noun
        adjusted = text(
            "terminal.context.adjusted",
            track=rules.tracks[modifier.track].short,
            use_case=noun,
            factor=f"{modifier.factor:g}",
            title=modifier.title,
        )
        console.print(Text(f"  {adjusted}", style="dim"))


def print_duties(groups: dict[str, list[dict[str, Any]]], note: str | None, console: Console) -> None:
    """The duties by status: those that apply, those that would apply if a place or role holds, those that apply
    later; each with its step and a line of law, jurisdiction, whom it binds, from when and source."""
    for status, duties in groups.items():
        if not duties:
            continue
        console.print(Text(f"  {text(f'duties.group.{status}')}:", style="bold"))
        for duty in duties:
            kind = f" ({duty['kind_words']})" if duty["kind"] != "law" else ""
            later = f" ({duty['applies_from_words']})" if status == "applies_from" else ""
            console.print(Text.assemble("    [ ] ", (f"{duty['title']}{kind}{later}", "bold"), f": {duty['step']}"))
            if duty["condition"]:
                console.print(Text(f"        {duty['condition']}", style="yellow"))
            console.print(Text(f"        {duty['facts']}", style="dim"))
    if note is not None and any(groups.values()):
        console.print(Text(f"  {note}", style="yellow"))


def _verdict(assessment: Assessment) -> str:
    report = assessment.robustness
    return verdict_label(report.verdict, report.decided_by) if report is not None else "-"


def print_whatif(before: Assessment, after: Assessment, changes: list[str], rules: Rules, console: Console) -> None:
    """Before and after a set of changes, side by side."""
    console.print(Text.assemble((text("terminal.whatif.lead"), "bold"), ", ".join(changes)))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("")
    table.add_column(text("terminal.whatif.before"))
    table.add_column(text("terminal.whatif.after"))
    for row in whatif_rows(before, after, rules, "terminal"):
        table.add_row(row.label, row.before, Text(row.after, style="bold" if row.after != row.before else ""))
    console.print(table)
    console.print(Text(text("terminal.whatif.after_headline"), style="bold") + Text(printable(say(after.headline))))


def print_context_changes(changes: dict[str, dict[str, list[dict[str, Any]]]], console: Console) -> None:
    """The vetoes, obligations and flags a what-if added (+) or removed (-)."""
    lines = []
    kinds = (("vetoes", "veto"), ("obligations", "obligation"), ("flags", "risk"))
    for kind, label in ((kind, text(f"terminal.whatif.{word}")) for kind, word in kinds):
        for sign, style in (("added", "+"), ("removed", "-"), ("changed", "~")):
            for entry in changes[kind].get(sign, ()):
                detail = say(entry.get("text") or entry["title"])
                if is_duty(entry):
                    duty = duty_view(entry)
                    detail = f"{duty['title']} ({duty['law']} · {duty['jurisdiction']}, {duty['status_words']})"
                severity = f" ({entry['severity']})" if kind == "flags" else ""
                lines.append(Text(f"  {style} {label}{severity}: {detail} [{entry['rule']}]"))
    if not lines:
        console.print(Text(text("terminal.whatif.no_context_change")))
        return
    console.print(Text(text("terminal.whatif.context_changed"), style="bold"))
    for line in lines:
        console.print(line)


def basis_words(basis: str, rules: Rules) -> str:
    """Which decision rule gave the recommendation, with its threshold."""
    decision = rules.decision
    if basis == "indifference_band":
        return text("terminal.basis.indifference_band", band=f"{decision.indifference_band:g}")
    if basis == "split_need":
        return text("terminal.basis.split_need", share=percent(decision.hybrid_min_share))
    if basis == "low_fit":
        return text("terminal.basis.low_fit", floor=f"{decision.neither_below:g}")
    return text("terminal.basis.margin")


def rules_identity(identity: RulesIdentity) -> str:
    """'Rules: default 1.0.0 (sha256 0123456789ab…)': which rules gave a result."""
    return text("terminal.rules_identity", name=identity.name, version=identity.version, sha256=identity.sha256[:12])


def _track_short(rules: Rules, track: str) -> str:
    """A track's short name in the current language: 'LLM'."""
    return data_text(f"rules.tracks.{track}.short", rules.tracks[track].short)


def print_rules(rules: Rules, console: Console) -> None:
    """The active rules as tables: matrix with sources, scale, volume factors, thresholds."""
    console.print(Text.assemble((rules.name, "bold"), f" {rules.version}  sha256 {rules.sha256}"))
    if rules.description:
        console.print(data_text("rules.description", rules.description))
    matrix = Table(title=text("terminal.rules.matrix"), box=box.SIMPLE_HEAD, title_justify="left")
    matrix.add_column(text("terminal.rules.use_case_id"))
    for track in TRACKS:
        matrix.add_column(_track_short(rules, track))
    matrix.add_column(text("terminal.rules.source"))
    for uid, use_case in rules.use_cases.items():
        ratings = [
            f"{data_text(f'rules.use_cases.{uid}.ratings.{t}.label', use_case.ratings[t].label)} "
            f"({rules.value(uid, t):.2f})"
            for t in TRACKS
        ]
        sources = sorted({use_case.ratings[t].source for t in TRACKS})
        title = data_text(f"rules.use_cases.{uid}.title", use_case.title)
        matrix.add_row(Text(f"{title} ({uid})"), *ratings, ", ".join(sources))
    console.print(matrix)
    console.print(f"[bold]{text('terminal.rules.examples')}[/bold]")
    for uid, use_case in rules.use_cases.items():
        examples = "; ".join(
            f"{_track_short(rules, t)}: "
            + ", ".join(
                data_text(f"rules.use_cases.{uid}.examples.{t}.{n}", tool) for n, tool in enumerate(use_case.examples[t])
            )
            for t in TRACKS
            if use_case.examples.get(t)
        )
        title = data_text(f"rules.use_cases.{uid}.title", use_case.title)
        console.print(Text(f"  {title}: {examples or '-'}"))
    scale = ", ".join(
        f"{label} = {value:.2f}" for label, value in sorted(rules.scale.labels.items(), key=lambda kv: -kv[1])
    )
    console.print(f"[bold]{text('terminal.rules.scale')}[/bold]: {scale}")
    rationale = data_text("rules.scale.order_rationale", rules.scale.order_rationale)
    console.print(f"  {text('terminal.rules.order', rationale=rationale)}")
    volumes = ", ".join(f"{level} × {factor:g}" for level, factor in rules.volume_factors.items())
    console.print(f"[bold]{text('terminal.rules.volume_factors')}[/bold]: {volumes}")
    if rules.need_size is not None:
        need_scale = rules.need_size
        steps = text(
            "terminal.rules.need_size",
            modest=as_written(need_scale.modest_from),
            substantial=as_written(need_scale.substantial_from),
            strong=as_written(need_scale.strong_from),
        )
        console.print(f"[bold]{text('terminal.rules.need_size_heading')}[/bold]: {steps}")
        console.print(Text(f"  {data_text('rules.need_size.rationale', need_scale.rationale)}"))
    d = rules.decision
    decision = text(
        "terminal.rules.decision",
        band=f"{d.indifference_band:g}",
        difference=f"{d.clear_win_min_difference:g}",
        share=percent(d.hybrid_min_share),
    )
    console.print(f"[bold]{text('terminal.rules.decision_heading')}[/bold]: {decision}")
    if d.neither_below > 0:
        advice = data_text("rules.decision.neither_advice", d.neither_advice)
        console.print(f"  {text('terminal.rules.neither', floor=f'{d.neither_below:g}', advice=advice)}")
    if rules.context_rules:
        heading = text("terminal.rules.context_rules")
        console.print(f"[bold]{heading}[/bold]{text('terminal.rules.context_rules_note')}")
        for rid, rule in rules.context_rules.items():
            title = data_text(f"rules.context_rules.{rid}.title", rule.title)
            console.print(Text.assemble("  ", (rid, "bold"), f": {title}"))
            condition = say(condition_words(rule.when))
            console.print(Text(f"    {text('terminal.rules.when', condition=condition)}"))
            effect = text(f"rules_show.effect.{rule.effect}")
            console.print(Text(f"    {text('terminal.rules.effect', effect=effect, source=rule.source)}", style="dim"))
    if rules.readiness is not None:
        console.print(f"[bold]{text('terminal.rules.rings')}[/bold]{text('terminal.rules.rings_note')}")
        for index, ring in enumerate(rules.readiness.rings):
            when = (
                text("terminal.rules.when", condition=say(condition_words(ring.when)))
                if ring.when is not None
                else text("terminal.rules.otherwise")
            )
            console.print(
                Text.assemble(
                    "  ",
                    (ring_label(ring.ring), RING_STYLES.get(ring.ring, "")),
                    f" {when}: {data_text(f'rules.readiness.rings.{index}.reason', ring.reason)}",
                )
            )
    if rules.deployment is not None:
        paths = "; ".join(
            text("terminal.rules.path", path=pid, skills=p.skills.replace("_", " "))
            for pid, p in rules.deployment.paths.items()
        )
        console.print(f"[bold]{text('terminal.rules.paths')}[/bold]: {paths}")
    for sid, source in rules.sources.items():
        section = data_text(f"rules.sources.{sid}.section", source.section) if source.section else ""
        detail = ", ".join(part for part in (section, source.reference) if part)
        title = data_text(f"rules.sources.{sid}.title", source.title)
        console.print(f"[bold]{text('terminal.rules.source_heading')}[/bold] {sid}: {title}" + (f" ({detail})" if detail else ""))
