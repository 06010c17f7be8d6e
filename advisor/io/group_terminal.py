"""A group assessment on the terminal (rich): the answer first, then the vote, conflicts, pivotal respondents,
where they disagree most and the geometric check. An edge: the core never imports it."""

from __future__ import annotations

import re
import typing

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from advisor.core.group import GroupAssessment
from advisor.core.group_merge import Words, stored_words
from advisor.core.group_words import group_words, quoted_names
from advisor.core.rules import Rules
from advisor.core.types import Recommendation
from advisor.io.terminal import BAR_WIDTH, RING_STYLES, VERDICT_STYLES, rules_identity, user_text
from advisor.io.untrusted import printable
from advisor.words import say
from advisor.words.group import SaidGroupWords, geometric_check, said_group_words
from advisor.words.labels import recommendation_label, ring_label, verdict_label
from advisor.words.need import assessment_need, need_message
from advisor.words.numbers import percent
from advisor.words.text import text
from advisor.words.translations import data_text

MAX_DISAGREEMENTS_SHOWN = 5
VOTE_ORDER = ("llm", "hybrid", "generative_ai", "neither")


def group_heading(by: str, value: str, respondents: int) -> Text:
    """'organization.name = Acme (3 respondents)': which group follows, with --by."""
    marker = "\0"  # where the user's value goes, so that it is marked as user text
    before, _, after = text("terminal.group.heading", by=by, value=marker, n=respondents).partition(marker)
    return Text.assemble(before, user_text(value), after, style="bold underline")


def quoting(sentence: str, names: list[str], style: str = "") -> Text:
    """A sentence whose quoted user text (respondents' labels, organisation details) is marked as user text, so that
    each is isolated on a terminal as the pages isolate it; the longest name first, as the pages match them."""
    wanted = sorted({n for n in names if isinstance(n, str) and n}, key=len, reverse=True)
    if not wanted:
        return Text(printable(sentence), style=style)
    text, end = Text(style=style), 0
    for found in re.finditer("|".join(re.escape(name) for name in wanted), sentence):
        text.append(printable(sentence[end : found.start()]))
        text.append_text(user_text(found.group()))
        end = found.end()
    text.append(printable(sentence[end:]))
    return text


def print_group(
    group: GroupAssessment, rules: Rules, console: Console, heading: Text | None = None, words: Words = stored_words
) -> None:
    """One group's answer and where its respondents disagree; `heading` names the group (with --by); `words` says
    the answers in conflicts (the questionnaire's labels)."""
    if heading is not None:
        console.print(heading)
    sentences = said_group_words(group_words(group, rules, None if words is stored_words else words))
    name = str(group.organization.get("name", ""))
    quoted = quoted_names(group)
    console.print(Text.assemble(user_text(name, "bold"), (": ", "bold"), quoting(sentences.answer, quoted)))
    badge = Text.assemble(
        text("terminal.group.consensus"), (recommendation_label(group.consensus.recommendation, "badge"), "bold cyan")
    )
    if group.consensus.robustness is not None:
        verdict = group.consensus.robustness.verdict
        badge.append_text(Text.assemble(" (", (verdict_label(verdict, form="short"), VERDICT_STYLES[verdict]), ")"))
    if group.ring is not None:
        ring = group.ring
        badge.append_text(Text.assemble(text("terminal.ring_lead"), (ring_label(ring, "badge"), f"bold {RING_STYLES[ring]}")))
    console.print(badge)
    need = assessment_need(group.consensus)
    if need is not None:
        console.print(Text(printable(text("terminal.group.need", need=need_message(need)))))
    console.print()
    _print_vote(group, console)
    _print_conflicts(group, console, words, quoted)
    _print_pivotal(group, sentences, console, quoted)
    _print_disagreement(group, sentences, console, quoted)
    _print_geometric(group, console)
    console.print(rules_identity(group.consensus.rules), style="dim")


def _print_vote(group: GroupAssessment, console: Console) -> None:
    count = len(group.respondents)
    console.print(Text(text("terminal.group.vote", n=count), style="bold"))
    for outcome in VOTE_ORDER:
        if outcome not in group.vote:
            continue
        share = group.vote[outcome]
        voters = sum(r.recommendation == outcome for r in group.respondents)
        filled = round(share * BAR_WIDTH)
        mark = text("terminal.group.consensus_mark") if outcome == group.consensus.recommendation else ""
        console.print(
            Text.assemble(
                f"  {recommendation_label(outcome, 'badge'):<22}{voters:>5} {percent(share):>5} ",
                ("█" * filled, "cyan"),
                ("░" * (BAR_WIDTH - filled), "dim"),
                (mark, "bold"),
            )
        )


def _print_conflicts(group: GroupAssessment, console: Console, words: Words, quoted: list[str]) -> None:
    if not group.conflicts:
        console.print(Text(text("terminal.group.no_conflicts"), style="bold"))
        return
    console.print(Text(text("terminal.group.conflicts", n=len(group.conflicts)), style="bold"))
    for conflict in group.conflicts:
        console.print(Text("  - ").append_text(quoting(say(conflict.worded(words)), quoted)))


def _print_pivotal(group: GroupAssessment, words: SaidGroupWords, console: Console, quoted: list[str]) -> None:
    if len(group.respondents) < 2:
        return
    console.print(Text(text("terminal.group.pivotal"), style="bold"))
    for sentence in words.pivotal:
        console.print(Text("  - ").append_text(quoting(sentence, quoted)))


def _print_disagreement(group: GroupAssessment, words: SaidGroupWords, console: Console, quoted: list[str]) -> None:
    if len(group.respondents) < 2:
        return
    if not group.disagreement:
        console.print(Text.assemble((text("terminal.group.disagree_lead"), "bold"), quoting(words.disagreement, quoted)))
        return
    console.print(Text(text("terminal.group.disagree"), style="bold"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, caption=text("terminal.group.disagree_caption"))
    table.add_column(text("terminal.use_cases.use_case"), max_width=14)
    for title in ("min", "median", "max", "consensus_column"):
        table.add_column(text(f"terminal.group.{title}"), justify="right")
    table.add_column(text("terminal.group.most"), overflow="fold")  # no minimum width: one made the table wider than 80
    table.add_column(text("terminal.group.least"), overflow="fold")
    for spread in group.disagreement[:MAX_DISAGREEMENTS_SHOWN]:
        most, least = words.extremes[spread.use_case]
        table.add_row(
            Text(data_text(f"rules.use_cases.{spread.use_case}.title", spread.title)),
            percent(spread.min),
            percent(spread.median),
            percent(spread.max),
            percent(spread.consensus),
            quoting(most, quoted),
            quoting(least, quoted),
        )
    console.print(table)
    hidden = len(group.disagreement) - MAX_DISAGREEMENTS_SHOWN
    if hidden > 0:
        console.print(Text(text("terminal.group.more", n=hidden)))


def _print_geometric(group: GroupAssessment, console: Console) -> None:
    labels = {name: recommendation_label(name, "badge") for name in typing.get_args(Recommendation)}
    check = geometric_check(group, labels, "terminal")
    assert check is not None  # the terminal always says the check
    console.print(Text.assemble((text("terminal.group.geometric"), "bold"), check.lead))
