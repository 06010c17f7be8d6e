"""The interactive run of `advisor ask`: the interview, the preview and the offer of a report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rich.text import Text

from advisor.core.engine import assess
from advisor.core.profile import parse_profile
from advisor.core.rules import Rules
from advisor.io.terminal import console_for
from advisor.questionnaire.answers import profile_data
from advisor.questionnaire.ask import Interrupted, Interview, save_draft, write_profile
from advisor.questionnaire.prompts import PromptAsker
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.words import say
from advisor.words.labels import verdict_label
from advisor.words.numbers import fit
from advisor.words.text import text


def confirm(prompt: str) -> bool:
    """A yes/no question to the person at the keyboard; no unless they say yes (Ctrl-C is no too)."""
    question = Question.model_validate({"id": "confirm", "prompt": prompt, "type": "confirm", "field": "confirm"})
    try:
        return PromptAsker(()).ask(question, False) is True
    except KeyboardInterrupt:
        return False


def interview(
    questionnaire: Questionnaire, rules: Rules, given: dict[str, Any], base: dict[str, Any], output: str
) -> None:
    """Ask, save after every answer, then write the profile, preview the recommendation and offer the report."""
    console = console_for(sys.stdout)  # every character shown passes the one terminal escape
    save = save_draft(questionnaire, output)
    asker = PromptAsker(questionnaire.scale_labels)
    session = Interview(questionnaire, asker, console, save, answers=given)
    try:
        save(session.answers)
        answers = session.run()
    except KeyboardInterrupt:
        save(session.answers)
        raise Interrupted(
            text("questionnaire.interrupted", output=str(output))
        ) from None
    profile = parse_profile(profile_data(questionnaire, answers, base), rules, output)
    write_profile(profile.model_dump(mode="json", exclude_none=True), output)
    assessment = assess(profile, rules)
    console.print(Text.assemble("\n", (text("questionnaire.saved"), "bold"), output))
    console.print(Text(say(assessment.headline), style="bold cyan"))
    fits = ", ".join(f"{rules.tracks[t].short} {fit(assessment.scores[t])}" for t in ("llm", "generative_ai"))
    report = assessment.robustness
    verdict = verdict_label(report.verdict, report.decided_by) if report else ""
    console.print(text("questionnaire.fits", fits=fits, verdict=verdict))
    offer = Question.model_validate(
        {
            "id": "report",
            "prompt": text("questionnaire.offer_report"),
            "type": "confirm",
            "default": True,
            "field": "report",
        }
    )
    try:
        wanted = asker.ask(offer, True)
    except KeyboardInterrupt:
        return
    if wanted is True:
        from advisor.core.errors import UsageError
        from advisor.io.atomic import write_atomically
        from advisor.report import (
            check_default_output,
            default_output,
            profile_digest,
            render_html,
            render_pdf,
            report_date,
        )

        target = Path(output).parent / default_output(profile, "pdf")
        try:  # never replace another organisation's report, or a file that is not a report
            check_default_output(target, profile.organization.name)
        except UsageError as exc:
            console.print(text("questionnaire.report_refused", problem=str(exc), output=str(output)))
            return
        raw = Path(output).read_bytes()
        html = render_html(profile, rules, profile_digest(raw), report_date(None))
        write_atomically(target, render_pdf(html))
        console.print(text("questionnaire.report_written", target=str(target)))
    else:
        console.print(text("questionnaire.report_later", output=str(output)))
