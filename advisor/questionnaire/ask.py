"""`advisor ask`: the guided questionnaire, with or without a person at the keyboard. An edge of the core.

Answers are layered: --set over --answers over a resumed draft over the questions' defaults; interactive answers come
last and replace nothing already given unless the person changes it. Every answer is saved as a draft before the
next question, so an interruption loses nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from advisor.core.errors import AdvisorError, Problem, ProfileError, TerminalRequired, UsageError
from advisor.core.messages import Message
from advisor.core.profile import Profile, parse_profile
from advisor.core.rules import Rules
from advisor.io.atomic import write_atomically
from advisor.io.terminal import user_text
from advisor.io.untrusted import printable
from advisor.questionnaire.answers import (
    BACK,
    MISSING,
    answer_problem,
    answers_from_profile,
    applies,
    draft_document,
    has_a_need,
    next_open,
    no_needs,
    profile_data,
    record,
    skipped,
    split_items,
    typed_answer,
)
from advisor.questionnaire.labels import answer_label
from advisor.questionnaire.quantities import default_note
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.questionnaire.sections import asked
from advisor.words.text import text


class Asker(Protocol):
    def ask(self, question: Question, default: Any) -> Any: ...


class Interrupted(AdvisorError):
    """Ctrl-C during the questionnaire: the answers so far are saved (exit 130)."""

    exit_code = 130


def unattended(
    questionnaire: Questionnaire, rules: Rules, given: dict[str, Any], base: dict[str, Any], source: str
) -> Profile:
    """The profile from given answers plus defaults, with a clear error for a question that has neither."""
    answers = dict(given)
    for question in questionnaire.questions:
        if question.id in answers or not applies(question, answers):
            continue
        if question.default is not None:
            answers[question.id] = question.default
        elif not question.optional:
            raise ProfileError(
                source,
                Problem(
                    question.field,
                    Message.of("edge.ask.no_answer", field=question.field),
                    code="answers.missing",
                ),
            )
    return parse_profile(profile_data(questionnaire, answers, base), rules, source)


def display(question: Question, value: Any, scale_labels: tuple[str, ...]) -> str:
    """An answer as the person chose it, in the question's own words (`answer_label`): the choice's label, not its
    stored value; Yes or No; checkbox labels one a line (they may hold commas), other list items joined."""
    if value is MISSING:
        return "-"
    if skipped(question, value):
        return "(skipped)" if question.optional else "-"
    return answer_label(question, value, scale_labels, "\n" if question.type == "checkbox" else ", ") or "-"


class Interview:
    """The interactive flow: sections with progress, back, saving after every answer, summary and changes."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        asker: Asker,
        console: Console,
        save: Callable[[dict[str, Any]], None],
        answers: dict[str, Any] | None = None,
    ) -> None:
        self.q = questionnaire
        self.asker = asker
        self.console = console
        self.save = save
        self.answers: dict[str, Any] = dict(answers or {})

    def run(self) -> dict[str, Any]:
        """Ask until every applicable question is answered and the person accepts the summary."""
        self.console.print(Text(self.q.intro))
        first = next_open(self.q, self.answers)
        if first is not None:
            self.walk(first)
        while True:
            choice = self.asker.ask(self._summary_question(), "accept")
            if choice == "accept" and not self._refuse_no_needs():
                return self.answers
            if choice == "accept":
                self.walk(self._first_need(), only_missing=True, force_first=True, reask_needs=True)
            elif choice is not BACK:
                index = next(i for i, q in enumerate(self.q.questions) if q.id == choice)
                self.walk(index, only_missing=True, force_first=True)

    def walk(
        self, start: int, only_missing: bool = False, force_first: bool = False, reask_needs: bool = False
    ) -> None:
        """Ask the applicable questions from `start` on, earlier answers as defaults; Ctrl-B steps back one.

        With `only_missing`, answered questions are skipped (after a change from the summary), except the first
        one when `force_first`, any question stepped back to, and the needs when `reask_needs`. Leaving the needs
        with no use case above importance 0 is refused there, and the needs are asked again.
        """
        questions = self.q.questions
        history = [i for i in range(start) if applies(questions[i], self.answers) and questions[i].id in self.answers]
        index, forced, shown = start, (start if force_first else None), -1
        while index < len(questions):
            question = questions[index]
            if index != forced and not self._asks(index, only_missing, reask_needs):
                index += 1
                continue
            section = self.q.section_of(question.id)
            if section != shown:
                title = self.q.sections[section][0]
                self.console.print(Text("\n" + text("edge.ask.section", number=str(section + 1), count=str(len(self.q.sections)), title=title), style="bold"))
                shown = section
            if question.help:
                self.console.print(Text(question.help, style="dim"))
            note = default_note(self.q, question, self.answers)
            if note:
                self.console.print(Text(note, style="dim"))
            result = self.asker.ask(question, self.answers.get(question.id, question.default))
            if result is BACK:
                if history:
                    index = forced = history.pop()
                continue
            value = typed_answer(question, result)
            problem = answer_problem(question, value)
            if problem:
                self.console.print(Text(f"{question.prompt}: {problem}", style="red"))
                continue
            self.answers = record(self.q, self.answers, question, value)
            self.save(self.answers)
            history.append(index)
            index += 1
            if self._leaves_needs(question, index, only_missing, reask_needs) and self._refuse_no_needs():
                index = forced = self._first_need()
                reask_needs, shown = True, -1

    def _asks(self, index: int, only_missing: bool, reask_needs: bool) -> bool:
        """Whether the walk asks question `index`: it applies, and it is open or to be asked again."""
        question = self.q.questions[index]
        if not applies(question, self.answers):
            return False
        again = reask_needs and self._is_need(question)
        return not (only_missing and question.id in self.answers and not again)

    def _is_need(self, question: Question) -> bool:
        return bool(self.q.need_importance) and self.q.section_of(question.id) == self._needs_section()

    def _needs_section(self) -> int:
        return self.q.section_of(self.q.need_importance[0])

    def _first_need(self) -> int:
        return next(i for i, q in enumerate(self.q.questions) if q.id == self.q.need_importance[0])

    def _leaves_needs(self, question: Question, following: int, only_missing: bool, reask_needs: bool) -> bool:
        """Whether `question` was the last need question this walk asks (from `following` on, none is)."""
        if not self._is_need(question):
            return False
        rest = range(following, len(self.q.questions))
        return not any(self._is_need(self.q.questions[i]) and self._asks(i, only_missing, reask_needs) for i in rest)

    def _refuse_no_needs(self) -> bool:
        """Say so and return True when no use case has an importance above 0."""
        if not self.q.need_importance or has_a_need(self.q, self.answers):
            return False
        self.console.print(Text(text("edge.ask.content_needs", no_needs=no_needs()), style="red"))
        return True

    def summary(self) -> Table:
        """The answers so far as a table."""
        table = Table(title=text("questionnaire.summary.title"), title_justify="left", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column(text("questionnaire.summary.question"))
        table.add_column(text("questionnaire.summary.answer"))
        for number, question in enumerate(self._asked(), start=1):
            shown = display(question, self.answers.get(question.id, MISSING), self.q.scale_labels)
            typed = question.type == "text" and question.id in self.answers  # the person's own words: isolated
            table.add_row(str(number), Text(question.prompt), user_text(shown) if typed else Text(shown))
        return table

    def _asked(self) -> list[Question]:  # and the answers given beforehand to questions not asked
        return asked(self.q, self.answers)

    def _summary_question(self) -> Question:
        self.console.print(self.summary())
        choices = [{"value": "accept", "label": text("questionnaire.summary.accept")}]
        choices += [
            {"value": q.id, "label": text("questionnaire.summary.change", number=number, prompt=q.prompt)[:120]}
            for number, q in enumerate(self._asked(), start=1)
        ]
        return Question.model_validate(
            {
                "id": "summary",
                "prompt": text("questionnaire.summary.prompt"),
                "type": "select",
                "choices": choices,
                "default": "accept",
                "field": "summary",
            }
        )


def write_profile(data: dict[str, Any], output: str) -> None:
    """The finished profile, to a file (atomically) or to stdout for '-'."""
    body = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    if output == "-":
        from advisor.io.atomic import named_writes
        from advisor.io.untrusted import data_stream

        stream = named_writes(data_stream(), "standard output")  # escaped on a terminal, as it is for a pipe
        stream.write(body)
        stream.flush()
    else:
        write_atomically(Path(output), body)


def save_draft(questionnaire: Questionnaire, output: str) -> Callable[[dict[str, Any]], None]:
    """A function that saves the answers so far as a draft at `output`."""

    def save(answers: dict[str, Any]) -> None:
        body = orjson.dumps(draft_document(answers, questionnaire, output), option=orjson.OPT_INDENT_2) + b"\n"
        write_atomically(Path(output), body)

    return save


def given_answers(questionnaire: Questionnaire, base: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """Answers already known: from the answers file and --set (base) over a resumed draft."""
    return {**draft, **answers_from_profile(questionnaire, base)}


def _with_hint(question: Question, value: Any, message: str) -> str:
    """A problem's message, with the JSON list to write when --set gave a list answer as plain text."""
    if not isinstance(value, str) or not (question.is_list or question.type == "checkbox"):
        return message
    example = orjson.dumps(split_items(value, question.split == "commas") or ["..."]).decode()
    return text("edge.ask.list_hint", message=message, field=question.field, example=example)


def _replaces_a_file(target: str, resume: str | None) -> bool:
    """Whether writing `target` would replace a file other than the draft being resumed. A device or pipe
    (/dev/null, /dev/full) holds no file to protect, and reading it to look for a draft might never end."""
    from advisor.io.atomic import is_special

    if target == "-" or not Path(target).exists() or is_special(Path(target)):
        return False
    return resume is None or Path(resume).resolve() != Path(target).resolve()


def _confirm_replace(target: str, ask_person: bool) -> None:
    """Refuse to replace `target` (exit 2), unless the person at the keyboard says yes."""
    from advisor.io.atomic import check_output_path
    from advisor.questionnaire.answers import DRAFT_KEY

    check_output_path(Path(target))
    try:
        is_draft = DRAFT_KEY in orjson.loads(Path(target).read_bytes())
    except (OSError, orjson.JSONDecodeError, TypeError):
        is_draft = False
    refusal = text("edge.ask.holds_draft" if is_draft else "edge.ask.holds_file", target=target)
    if ask_person:
        from advisor.questionnaire.interactive import confirm

        if confirm(text("edge.ask.replace_draft" if is_draft else "edge.ask.replace_file", target=target)):
            return
    raise UsageError(refusal)


@dataclass(frozen=True, slots=True)
class AskOptions:
    """What `advisor ask` was asked to do."""

    output: str | None
    resume: str | None
    answers_file: str | None
    settings: list[str]
    defaults: bool
    force: bool = False
    rules: str | None = None
    """The --rules file, as given: read, so never the output."""


def run_ask(options: AskOptions, load_rules: Callable[[], Rules]) -> None:
    """Refuse at once without a terminal (unless unattended), layer the given answers, then ask or fill in."""
    from advisor.io.sources import read_profile_data, source_name
    from advisor.questionnaire.answers import draft_answers
    from advisor.questionnaire.files import load_questions
    from advisor.questionnaire.overrides import apply_settings

    if not options.defaults and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TerminalRequired(
            text("edge.ask.needs_terminal")
        )
    target = options.output or options.resume or "advisor-profile.json"
    if target == "-" and not options.defaults:
        raise UsageError(text("edge.ask.stdout_needs_defaults"))
    from advisor.io.run_paths import check_run_paths, named, rules_input

    # the draft being resumed is saved where it was read (the default output): the answers file and rules never are
    check_run_paths([*named("--answers", options.answers_file), *rules_input(options.rules)], named("-o", target))
    if target != "-":
        from advisor.io.atomic import check_output_path

        check_output_path(Path(target), "-o")
    if not options.force and _replaces_a_file(target, options.resume):
        _confirm_replace(target, ask_person=not options.defaults)
    rules = load_rules()
    questionnaire = load_questions(rules)
    base: dict[str, Any] = {}
    source = "--set"
    if options.answers_file is not None:
        data = read_profile_data(options.answers_file)
        if not isinstance(data, dict):
            raise ProfileError(
                source_name(options.answers_file),
                Problem("", Message.of("edge.ask.answers_not_object"), code="answers.not_object"),
            )
        base, source = data, source_name(options.answers_file)
    base = apply_settings(base, options.settings)
    draft = draft_answers(read_profile_data(options.resume), source_name(options.resume)) if options.resume else {}
    given = given_answers(questionnaire, base, draft)
    set_paths = {setting.partition("=")[0].strip() for setting in options.settings}
    problems = [
        Problem(
            q.field, _with_hint(q, given[q.id], message) if q.field in set_paths else message, code="answers.invalid"
        )
        for q in questionnaire.questions
        if q.id in given and (message := answer_problem(q, given[q.id]))
    ]
    if problems:
        raise ProfileError(source, problems)
    if options.defaults:
        profile = unattended(questionnaire, rules, given, base, source)
        write_profile(profile.model_dump(mode="json", exclude_none=True), target)
        if target != "-":
            print(printable(text("edge.ask.saved", target=target)), file=sys.stderr)
        return
    from advisor.questionnaire.interactive import interview  # questionary is loaded only for a person at the keyboard

    interview(questionnaire, rules, given, base, target)
