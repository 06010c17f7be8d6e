"""What the commands print: a result as text for a person or as JSON, and a line per checked input."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from advisor.core.errors import InvalidInput
from advisor.io.output_format import OutputFormat, chosen_format
from advisor.io.streams import note, note_lines, write_json
from advisor.io.untrusted import printable
from advisor.words.counts import counted, invalid_of
from advisor.words.problems import problem_text

if TYPE_CHECKING:
    from advisor.core.assessment import Assessment
    from advisor.core.group import GroupAssessment
    from advisor.core.group_merge import Words
    from advisor.core.profile import Profile
    from advisor.core.rules import Rules

T = TypeVar("T")


def show_assessment(assessment: Assessment, rules: Rules, requested: OutputFormat | None) -> None:
    """One profile's assessment: JSON, or the recommendation and its reasons as text."""
    if chosen_format(requested) is OutputFormat.json:
        write_json(assessment.to_dict())
    else:
        from advisor.io.terminal import console_for, print_assessment

        print_assessment(assessment, rules, console_for(sys.stdout))


def show_whatif(
    settings: list[str], before: Assessment, after: Assessment, rules: Rules, requested: OutputFormat | None
) -> None:
    """A profile before and after the changes `settings`: JSON, or side by side as text with the context's changes."""
    from advisor.core.whatif import context_changes, whatif_dict

    if chosen_format(requested) is OutputFormat.json:
        write_json(whatif_dict(settings, before, after))
    else:
        from advisor.io.terminal import console_for, print_context_changes, print_whatif

        console = console_for(sys.stdout)
        print_whatif(before, after, settings, rules, console)
        print_context_changes(context_changes(before, after), console)


def show_rules(rules: Rules, requested: OutputFormat | None) -> None:
    """The rules: JSON, or the matrix, scale, volume factors and thresholds as text."""
    if chosen_format(requested) is OutputFormat.json:
        write_json(rules.to_dict())
    else:
        from advisor.io.terminal import console_for, print_rules

        print_rules(rules, console_for(sys.stdout))


def print_groups(
    groups: Sequence[tuple[str, int, GroupAssessment]], by: str | None, rules: Rules, words: Words
) -> None:
    """Each group (its name, its number of respondents, its assessment) as text; with --by, under a heading."""
    from advisor.io.group_terminal import group_heading, print_group
    from advisor.io.terminal import console_for

    console = console_for(sys.stdout)
    for number, (name, respondents, assessment) in enumerate(groups):
        if number:
            console.print()
        heading = group_heading(by, name, respondents) if by is not None else None
        print_group(assessment, rules, console, heading, words)


def check_each(names: list[str], load: Callable[[str], T], describe: Callable[[str, T], str]) -> int:
    """Load every input, print a line for each valid one (`describe` gives it escaped) and the problems of each
    invalid one; count the invalid."""
    invalid = 0
    for name in names:
        try:
            item = load(name)
        except InvalidInput as exc:
            invalid += 1
            note_lines(problem_text(exc.problems, "file", exc.source))
        else:
            print(describe(name, item))
    return invalid


def valid_profile(name: str, profile: Profile) -> str:
    """'NAME: valid (ORGANISATION)' for `advisor validate`."""
    from advisor.words.text import text

    return text("io.valid_profile", name=printable(name), organisation=user_words(profile.organization.name))


def valid_rules(name: str, rules: Rules) -> str:
    """ "NAME: valid rules 'default' 1.0, 12 use cases" for `advisor rules validate`."""
    from advisor.words.text import text

    use_cases = counted(len(rules.use_cases), "use_case")
    return printable(text("io.valid_rules", name=name, rules=rules.name, version=rules.version, use_cases=use_cases))


def note_invalid_profiles(invalid: int, total: int) -> None:
    """'2 of 3 profiles are invalid', on stderr."""
    note(invalid_of(invalid, total))


def user_words(text: str) -> str:
    """A name from the input in a line of text output: escaped, and isolated (FSI ... PDI) on a terminal."""
    from advisor.io.untrusted import isolated

    return isolated(text) if sys.stdout.isatty() else printable(text)
