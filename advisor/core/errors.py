"""One error hierarchy for the whole tool; the CLI maps each class to an exit code in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from advisor.core.messages import Message
from advisor.core.problem_codes import PROBLEM_CODES


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where (a dotted path, maybe a line), what (a `Message` the vocabulary says; an
    edge may give the words it said already), and its stable `code` (one of `PROBLEM_CODES`: what tests and API
    clients match, not the message's words)."""

    path: str
    message: Message | str
    line: int | None = None
    column: int | None = None
    code: str = field(kw_only=True)

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {self.code!r}: add it to advisor/core/problem_codes.py")


class AdvisorError(Exception):
    """Base of every error the tool raises on purpose."""

    exit_code = 1


class UsageError(AdvisorError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


class OutputError(AdvisorError):
    """An output could not be written: a full disk, a read-only file system, no permission (exit 1, not a bug)."""

    exit_code = 1

    def __init__(self, target: str, reason: str) -> None:
        self.target, self.reason = target, reason
        super().__init__(f"{target}: cannot be written: {reason}")

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str]]:
        # made again from its own arguments: a worker process's error reaches the main process whole (a pool whose
        # error could not be unpickled waited forever)
        return type(self), (self.target, self.reason)


class Refused(ValueError):
    """A value a check refuses, with what to say about it: raised inside a pydantic validator it becomes the problem's
    message (see `validation.problems_from`); an edge that catches it says `message`."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.id)

    def __reduce__(self) -> tuple[type[Refused], tuple[Message]]:
        return type(self), (self.message,)


class TerminalRequired(AdvisorError):
    """An interactive command was run without a terminal (exit 4)."""

    exit_code = 4


class InvalidInput(AdvisorError):
    """A profile, rules file or answer is not acceptable (exit 3); carries every problem found."""

    exit_code = 3
    kind = "input"

    def __init__(self, source: str, problems: list[Problem] | Problem) -> None:
        self.source = source
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(source, *(problem.code for problem in self.problems))

    def __reduce__(self) -> tuple[type[InvalidInput], tuple[str, list[Problem]]]:
        return type(self), (self.source, self.problems)  # see OutputError.__reduce__

    said_by: ClassVar[Callable[[InvalidInput], str] | None] = None
    """How the error reads: the vocabulary (`advisor.words.problems`, an edge) sets it when it is loaded, so `str()`
    gives the lines the CLI prints; until then, the source and the problems' codes."""

    def __str__(self) -> str:
        if InvalidInput.said_by is not None:
            return InvalidInput.said_by(self)
        return f"{self.source}: {', '.join(problem.code for problem in self.problems)}"


class ProfileError(InvalidInput):
    """A profile could not be read or does not follow the profile schema."""

    kind = "profile"


class RulesError(InvalidInput):
    """A rules file could not be read or does not follow the rules schema."""

    kind = "rules"
