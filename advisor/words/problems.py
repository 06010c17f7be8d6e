"""An input's problems as words for a person: the one place every view says them (CLI, batch, upload page, survey
dashboard, questionnaire summary, what-if, the JSON API). The core gives each problem a `Message`; the views have
always differed a little in how they lay the lines out, and each difference is a style."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from advisor.core.errors import InvalidInput, Problem, Refused
from advisor.core.messages import Message
from advisor.words.say import say

Style = Literal["file", "record", "path", "path_always", "sentence"]
"""'file': 'law-firm.json: needs.art.importance (line 4): ...' (the CLI, `advisor validate`, the upload page);
'record': 'survey.jsonl:17: needs.art.importance: ...' (batch; `source` is the file and line);
'path': 'needs.art.importance: ...', the message alone without a path (the survey dashboard);
'path_always': 'needs.art.importance: ...', even with an empty path (the questionnaire's summary);
'sentence': 'needs.art.importance (line 4): ....' with a full stop (the what-if's refusal)."""

JOINS: dict[Style, str] = {"file": "\n", "record": "\n", "path": "; ", "path_always": "; ", "sentence": " "}
"""How each style joins its lines into one text."""


def problem_message(problem: Problem, lang: str | None = None) -> str:
    """What is wrong, in words (a message an edge gave as words already is kept as it is)."""
    return problem.message if isinstance(problem.message, str) else say(problem.message, lang)


def problem_where(problem: Problem, lang: str | None = None) -> str:
    """The path, with the line (and column) when known: 'needs.art.importance (line 4)'."""
    if problem.line is None:
        return problem.path
    if problem.column is None:
        position = say(Message.of("problem.where.line", line=str(problem.line)), lang)
    else:
        position = say(
            Message.of("problem.where.line_column", line=str(problem.line), column=str(problem.column)), lang
        )
    return (
        say(Message.of("problem.where.path", path=problem.path, position=position), lang) if problem.path else position
    )


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as the JSON API gives it: path, message, line and column when known, code."""
    data: dict[str, Any] = {"path": problem.path, "message": problem_message(problem)}
    data |= {key: value for key, value in (("line", problem.line), ("column", problem.column)) if value is not None}
    return data | {"code": problem.code}


def refusal_text(error: ValueError) -> str:
    """What a refused value's check says (`Refused`), or a plain ValueError's own text."""
    return say(error.message) if isinstance(error, Refused) else str(error)


def problem_line(problem: Problem, style: Style, source: str = "") -> str:
    """One problem as a line in `style`; `source` names the input for 'file' and 'record'."""
    where, message = problem_where(problem), problem_message(problem)
    if style == "file":
        return f"{source}: {where}: {message}" if where else f"{source}: {message}"
    if style == "record":
        return f"{source}: {problem.path + ': ' if problem.path else ''}{message}"
    if style == "path":
        return f"{problem.path}: {message}" if problem.path else message
    if style == "path_always":
        return f"{problem.path}: {message}"
    return f"{where}: {message}." if where else f"{message}."


def problem_lines(problems: Iterable[Problem], style: Style, source: str = "") -> list[str]:
    """Each problem as a line in `style`."""
    return [problem_line(problem, style, source) for problem in problems]


def problem_text(problems: Iterable[Problem], style: Style, source: str = "") -> str:
    """The problems' lines joined as `style` joins them (new lines, semicolons or sentences)."""
    return JOINS[style].join(problem_lines(problems, style, source))


def _error_text(error: InvalidInput) -> str:
    return problem_text(error.problems, "file", error.source)


InvalidInput.said_by = _error_text  # str(error) reads as the CLI prints it
