"""An input's problems as lines for a person: the one place every view lists them (CLI, batch, upload page, survey
dashboard, questionnaire summary, what-if). The views have always differed a little; each difference is a style."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from advisor.core.errors import Problem

Style = Literal["file", "record", "path", "path_always", "sentence"]
"""'file': 'law-firm.json: needs.art.importance (line 4): ...' (the CLI, `advisor validate`, the upload page);
'record': 'survey.jsonl:17: needs.art.importance: ...' (batch; `source` is the file and line);
'path': 'needs.art.importance: ...', the message alone without a path (the survey dashboard);
'path_always': 'needs.art.importance: ...', even with an empty path (the questionnaire's summary);
'sentence': 'needs.art.importance (line 4): ....' with a full stop (the what-if's refusal)."""

JOINS: dict[Style, str] = {"file": "\n", "record": "\n", "path": "; ", "path_always": "; ", "sentence": " "}
"""How each style joins its lines into one text."""


def problem_line(problem: Problem, style: Style, source: str = "") -> str:
    """One problem as a line in `style`; `source` names the input for 'file' and 'record'."""
    where, message = problem.where(), problem.message
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
