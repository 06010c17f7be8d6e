"""The command line's declarations: each command, its arguments and options, and what it calls; what it prints is
in `advisor.io.views`, how it ends (errors to exit codes) in `advisor.io.exits`."""

from __future__ import annotations

import enum
import functools
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

from advisor.core.errors import UsageError
from advisor.core.version import __version__
from advisor.io.exits import EXIT_INVALID, exit_code_of, exit_now
from advisor.io.output_format import OutputFormat
from advisor.io.streams import closed_pipe_is_the_end, note, note_lines

if TYPE_CHECKING:
    import typer  # noqa: TC004 - bound at run time, by _app(), so that importing this module does not import it
    from typer._click import Context as ClickContext  # the context that TyperGroup.invoke is declared with

    from advisor.core.rules import Rules

    # The options' types, as a type checker reads them; `_app` binds their Typer annotations at run time
    RulesOption: TypeAlias = Path | None
    FormatOption: TypeAlias = "OutputFormat | None"
    DateOption: TypeAlias = str | None
    AsOfOption: TypeAlias = str | None
    LangOption: TypeAlias = str | None
    CurrencyOption: TypeAlias = str | None

_COMMANDS: list[tuple[str | None, str | None, Callable[..., None]]] = []
"""(group, name, function) of every command, in the order `--help` lists them; Typer gets them in `_app`."""


def command(name: str | None = None, group: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command (of the group `group`, e.g. 'rules'); its annotations are its options, as Typer reads them."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        _COMMANDS.append((group, name, function))
        return function

    return register


@functools.cache
def _app() -> typer.Typer:
    """The Typer app of all commands, built on first use: `advisor score` with plain arguments never needs it.

    The commands' annotations are strings (PEP 563) that Typer evaluates here, in this module: the names they use
    (`typer`, `RulesOption`, `FormatOption`, `DateOption`) are bound now, so that importing this module does not
    import Typer.
    """
    global typer, RulesOption, FormatOption, DateOption, AsOfOption, LangOption, CurrencyOption
    import typer
    from typer.core import TyperGroup

    RulesOption = Annotated[
        Path | None,
        typer.Option(
            "--rules", help="Rules file (YAML) to score with instead of the bundled default rules.", show_default=False
        ),
    ]
    FormatOption = Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="text (default on a terminal) or json (default otherwise).", show_default=False
        ),
    ]
    DateOption = Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date printed on the reports, YYYY-MM-DD (default SOURCE_DATE_EPOCH, else today).",
            show_default=False,
        ),
    ]
    AsOfOption = Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date the assessment is made for, YYYY-MM-DD: the duties that apply by then and the prices' age "
            "(default SOURCE_DATE_EPOCH, else today).",
            show_default=False,
        ),
    ]
    LangOption = Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the output, e.g. en or en-XA (the pseudo-locale); default ADVISOR_LANG, else English.",
            callback=_language,
            is_eager=True,
            expose_value=False,
            show_default=False,
        ),
    ]

    CurrencyOption = Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="Currency of the costs, one of the prices' rates table (e.g. EUR, any case); default USD.",
            show_default=False,
        ),
    ]

    class _Commands(TyperGroup):
        """The command group; a reader of stdout that stops early (`| head`) ends the command quietly, exit 0."""

        def invoke(self, ctx: ClickContext) -> object:
            return closed_pipe_is_the_end(lambda: super(_Commands, self).invoke(ctx))

    app = typer.Typer(
        cls=_Commands,
        name="advisor",
        help="Decide whether an organisation should adopt an LLM, broader generative AI, or both.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    rules_app = typer.Typer(
        help="Show or check the rules: rating scale, use-case matrix, thresholds.", no_args_is_help=True
    )
    app.add_typer(rules_app, name="rules")
    prices_app = typer.Typer(
        help="Show the prices the costs are computed with: seats, units, token prices, self-hosting, rates.",
        no_args_is_help=True,
    )
    app.add_typer(prices_app, name="prices")
    app.callback()(_root)
    groups = {"rules": rules_app, "prices": prices_app}
    for group, name, function in _COMMANDS:
        groups.get(group or "", app).command(name)(function)
    return app


def _version(value: bool) -> None:
    if value:
        print(f"advisor {__version__}")
        raise typer.Exit()


def _language(ctx: typer.Context, value: str | None) -> None:
    """--lang: the language of all the command says (its worker processes' too), until it ends."""
    from advisor.words.language import UnknownLanguage, speak_for_process

    if value is not None:
        try:
            ctx.call_on_close(speak_for_process(value))
        except UnknownLanguage as exc:
            raise typer.BadParameter(str(exc)) from None


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Decide whether an organisation should adopt an LLM, broader generative AI, or both."""


@command()
def score(
    profile: Annotated[str, typer.Argument(help="Profile JSON file, or - to read it from standard input.")],
    output_format: FormatOption = None,
    rules: RulesOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
    date: AsOfOption = None,
) -> None:
    """Score one profile and print the recommendation."""
    from advisor.core.engine import assess
    from advisor.io.currency import chosen_currency
    from advisor.io.dates import as_of
    from advisor.io.sources import load_profile, load_rules
    from advisor.io.views import show_assessment

    active = load_rules(rules)
    money = chosen_currency(currency, active)
    day = as_of(date, strict=False)
    assessment = assess(load_profile(profile, active), active, as_of=day, currency=money)
    show_assessment(assessment, active, output_format)


@command()
def ask(
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to save the profile (- for stdout with --defaults). Default: advisor-profile.json, or the --resume file.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        str | None,
        typer.Option("--resume", help="Continue a draft saved by an interrupted run.", show_default=False),
    ] = None,
    answers_file: Annotated[
        str | None,
        typer.Option(
            "--answers", help="A full or partial profile whose values answer the questions.", show_default=False
        ),
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="An answer as PATH=VALUE (repeatable), e.g. needs.code.importance=5 or "
            'context.languages=\'["de","en"]\'.',
        ),
    ] = None,
    defaults: Annotated[
        bool,
        typer.Option("--defaults", help="Take the default for every question not answered otherwise; ask nothing."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file without asking.")] = False,
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Answer the guided questionnaire and save the organisation's profile."""
    from advisor.io.sources import load_rules
    from advisor.questionnaire.ask import AskOptions, run_ask

    options = AskOptions(
        output=output,
        resume=resume,
        answers_file=answers_file,
        settings=settings or [],
        defaults=defaults,
        force=force,
        rules=str(rules) if rules is not None else None,
    )
    run_ask(options, lambda: load_rules(rules))


class BatchFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


@command()
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="Profile .json files, .jsonl files, folders, globs, or - (JSON Lines on stdin).")
    ],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output file (default: stdout).", show_default=False)
    ] = None,
    output_format: Annotated[
        BatchFormat | None,
        typer.Option(
            "--format", "-f", help="csv, jsonl or json (default: from -o's extension, else csv).", show_default=False
        ),
    ] = None,
    errors: Annotated[
        str | None,
        typer.Option("--errors", help="Write one JSON line per invalid profile here.", show_default=False),
    ] = None,
    reports: Annotated[
        str | None,
        typer.Option(
            "--reports", help="Write a PDF per valid profile and portfolio.pdf into this folder.", show_default=False
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).", show_default=False),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no per-profile error lines.")
    ] = False,
    no_robustness: Annotated[
        bool,
        typer.Option(
            "--no-robustness", help="Skip the robustness analysis (verdict and p_win stay empty); much faster."
        ),
    ] = False,
    date: DateOption = None,
    rules: RulesOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
) -> None:
    """Score many profiles at once; bad ones are reported and skipped, never lost."""
    from advisor.batch.run import BatchOptions, output_format_for, run_batch
    from advisor.batch.scoring import default_jobs
    from advisor.io.run_paths import check_run_paths, input_paths, named, rules_input
    from advisor.io.sources import load_rules

    chosen = output_format_for(output, output_format.value if output_format else None)
    day = None
    if date is not None:
        from advisor.report import report_date

        day = report_date(date)
    check_run_paths(
        [*input_paths("input", inputs), *rules_input(rules)],
        [*named("-o", output), *named("--errors", errors)],
        named("--reports", reports),
    )
    active = load_rules(rules)
    from advisor.io.currency import chosen_currency

    options = BatchOptions(
        inputs=inputs,
        output=output,
        output_format=chosen,
        errors=errors,
        reports=reports,
        jobs=jobs or default_jobs(),
        quiet=quiet,
        robustness=not no_robustness,
        date=day,
        currency=chosen_currency(currency, active),
    )
    totals = run_batch(options, active, note_lines)
    if totals.invalid:
        raise typer.Exit(EXIT_INVALID)


@command()
def group(
    inputs: Annotated[
        list[str], typer.Argument(help="Profile .json files, .jsonl files, folders, globs, or - (JSON Lines on stdin).")
    ],
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Split into groups by this profile field, e.g. organization.name (default: one group).",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    report: Annotated[
        str | None,
        typer.Option(
            "--report",
            help="Write the group report here (.pdf); with several groups, {group} in the name becomes each "
            "group's value.",
            show_default=False,
        ),
    ] = None,
    date: DateOption = None,
    rules: RulesOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
) -> None:
    """Assess the respondents of an organisation together: the consensus, the vote and where they disagree."""
    from advisor.batch import duplicate_id_warning, error_lines
    from advisor.group import assess_groups, check_report_name, group_json, read_respondents, report_targets
    from advisor.io.output_format import chosen_format
    from advisor.io.run_paths import Named, check_run_paths, input_paths, named, rules_input
    from advisor.io.sources import load_rules
    from advisor.io.streams import write_json

    chosen = chosen_format(output_format)
    read = [*input_paths("input", inputs), *rules_input(rules)]
    if report is not None:
        check_report_name(report)
        check_run_paths(read, named("--report", report))
    day = None
    if report is not None or date is not None:
        from advisor.report import report_date

        day = report_date(date)
    active = load_rules(rules)
    from advisor.io.currency import chosen_currency

    money = chosen_currency(currency, active)
    respondents = read_respondents(inputs, active, by, lambda line: note_lines("\n".join(error_lines(line))))
    for profile_id in respondents.duplicate_ids:
        note(duplicate_id_warning(profile_id))
    summary = respondents.summary(by)
    if not respondents.groups:
        note(summary)
    from advisor.io.dates import as_of

    results = assess_groups(respondents, active, day or as_of(strict=False), currency=money)
    targets = report_targets(report, results) if report is not None else []
    check_run_paths(read, [Named("--report", str(target)) for target in targets])
    if chosen is OutputFormat.json:
        write_json(group_json(results, by))
    else:
        from advisor.io.views import print_groups
        from advisor.questionnaire import answer_words

        groups = [(result.group.name, len(result.group.profiles), result.assessment) for result in results]
        print_groups(groups, by, active, answer_words(active))
    if report is not None:
        from advisor.group import write_reports

        assert day is not None
        from advisor.words.text import text

        for target in write_reports(results, targets, active, day, respondents.invalid):
            note(text("cli.wrote", path=str(target)))
    note(summary)
    if respondents.invalid:
        raise typer.Exit(EXIT_INVALID)


@command()
def whatif(
    profile: Annotated[str, typer.Argument(help="Profile JSON file, or - to read it from standard input.")],
    settings: Annotated[
        list[str],
        typer.Option("--set", help="A change to try, PATH=VALUE (repeatable), e.g. needs.art.importance=5."),
    ],
    output_format: FormatOption = None,
    rules: RulesOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
    date: AsOfOption = None,
) -> None:
    """Score a profile before and after some changes and show both side by side."""
    from advisor.core.engine import assess
    from advisor.io.currency import chosen_currency
    from advisor.io.dates import as_of
    from advisor.io.sources import load_profile, load_rules, read_profile_data, source_name
    from advisor.io.views import show_whatif
    from advisor.questionnaire.overrides import apply_settings

    active = load_rules(rules)
    money = chosen_currency(currency, active)
    data = read_profile_data(profile)
    day = as_of(date, strict=False)
    before = assess(load_profile(profile, active, data), active, as_of=day, currency=money)
    changed = apply_settings(data, settings) if isinstance(data, dict) else data
    from advisor.words.text import text

    changed_source = text("cli.changed_source", source=source_name(profile))
    after = assess(load_profile(profile, active, changed, source=changed_source), active, as_of=day, currency=money)
    show_whatif(settings, before, after, active, output_format)


@command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but loopback exposes the server.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")] = 8000,
    rules: RulesOption = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Folder of the drafts database (default: the user's data folder, ~/.local/share/advisor).",
            show_default=False,
        ),
    ] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the start page in a web browser.")] = False,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help="The address people use (behind a reverse proxy, e.g. https://advisor.example.org/, no path): "
            "every absolute link is built from it; its host name is accepted besides the bound address and loopback.",
            show_default=False,
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Comma-separated addresses of the reverse proxies whose X-Forwarded-For/-Proto headers to trust.",
            show_default=False,
        ),
    ] = None,
    keep_drafts: Annotated[
        int, typer.Option("--keep-drafts", min=1, help="Delete drafts nobody has touched for this many days.")
    ] = 30,
    drafts_per_minute: Annotated[
        int, typer.Option("--drafts-per-minute", min=1, help="New drafts per client address and minute.")
    ] = 60,
    responses_per_hour: Annotated[
        int, typer.Option("--responses-per-hour", min=1, help="Answers accepted per client address and hour.")
    ] = 120,
    max_connections: Annotated[
        int, typer.Option("--max-connections", min=1, help="Connections served at once; more get 503.")
    ] = 1000,
    render_workers: Annotated[
        int | None,
        typer.Option(
            "--render-workers",
            min=1,
            help="PDFs rendered at once, one process each (default: the cores).",
            show_default=False,
        ),
    ] = None,
    render_queue: Annotated[
        int, typer.Option("--render-queue", min=0, help="PDFs waiting for a render worker; more get 503.")
    ] = 16,
    lang: LangOption = None,
) -> None:
    """Serve the questionnaire, the recommendation, the what-if panel, the PDF and a JSON API in a browser, and
    surveys: the organiser's pages at /admin need the admin token printed at start-up (or ADVISOR_ADMIN_TOKEN)."""
    from advisor.web import Limits, Settings, open_site, public_base_url
    from advisor.web.server import serve as run_server

    limits = Limits(
        keep_drafts_days=keep_drafts,
        drafts_per_minute=drafts_per_minute,
        responses_per_hour=responses_per_hour,
        max_connections=max_connections,
        render_queue=render_queue,
        **({"render_workers": render_workers} if render_workers is not None else {}),
    )
    settings = Settings(
        public_url=public_base_url(public_url) if public_url is not None else None,
        forwarded_allow_ips=forwarded_allow_ips,
        limits=limits,
    )
    site = open_site(str(rules) if rules is not None else None, data, settings)
    run_server(site, host, port, open_browser, note)


class ReportFormat(str, enum.Enum):
    pdf = "pdf"
    html = "html"


class Paper(str, enum.Enum):
    a4 = "a4"
    letter = "letter"


REPORT_EXTENSIONS = {"pdf": "pdf", "html": "html", "htm": "html"}


@command()
def report(
    profile: Annotated[str, typer.Argument(help="Profile JSON file, or - to read it from standard input.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Output file (.pdf or .html), or - for stdout; default: <organisation>-ai-assessment.pdf here.",
            show_default=False,
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="pdf or html (default: from -o's extension, else pdf).", show_default=False
        ),
    ] = None,
    date: DateOption = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace a file at the default name even when it is not this organisation's report."
        ),
    ] = False,
    rules: RulesOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
) -> None:
    """Write the stakeholder report (PDF or HTML) for one profile."""
    from advisor.io.atomic import check_output_path, write_atomically
    from advisor.io.output_format import STDOUT, format_for
    from advisor.io.run_paths import check_run_paths, named, rules_input
    from advisor.io.sources import load_profile, load_rules, read_profile_bytes, read_profile_data
    from advisor.io.streams import is_terminal, write_data
    from advisor.report import (
        check_default_output,
        default_output,
        profile_digest,
        render_html,
        render_pdf,
        report_date,
    )
    from advisor.words.text import text

    when = report_date(date)
    chosen = format_for(output, report_format.value if report_format else None, REPORT_EXTENSIONS, "pdf")
    if output is not None and chosen == "pdf" and is_terminal(output):
        raise UsageError(text("cli.pdf_to_terminal", output=str(output)))
    if output is not None and output != STDOUT:
        check_output_path(Path(output), "-o")
    read = [*named("profile", profile), *rules_input(rules)]
    check_run_paths(read, named("-o", output))
    active = load_rules(rules)
    from advisor.io.currency import chosen_currency

    money = chosen_currency(currency, active)
    raw = read_profile_bytes(profile)
    loaded = load_profile(profile, active, read_profile_data(profile, raw))
    target = Path(output) if output is not None else default_output(loaded, chosen)
    if output is None:
        check_run_paths(read, named("default output", target))
        if not force:
            check_default_output(target, loaded.organization.name)
    html = render_html(loaded, active, profile_digest(raw), when, paper.value, currency=money)
    data = render_pdf(html) if chosen == "pdf" else html.encode("utf-8")
    if output == STDOUT:
        write_data(data)
        return
    check_output_path(target, "-o" if output is not None else "")
    write_atomically(target, data)
    note(text("cli.wrote", path=str(target)))


@command()
def validate(
    profiles: Annotated[list[str], typer.Argument(help="Profile JSON files (- for standard input).")],
    rules: RulesOption = None,
    lang: LangOption = None,
) -> None:
    """Check profiles against the schema and the active rules, without scoring them."""
    from advisor.io.sources import load_profile, load_rules
    from advisor.io.views import check_each, note_invalid_profiles, valid_profile

    active = load_rules(rules)
    invalid = check_each(profiles, lambda name: load_profile(name, active), valid_profile)
    if invalid:
        note_invalid_profiles(invalid, len(profiles))
        raise typer.Exit(EXIT_INVALID)


@command()
def schema(rules: RulesOption = None, lang: LangOption = None) -> None:
    """Print the JSON Schema of profile v1 for the active rules."""
    from advisor.core.profile import profile_json_schema
    from advisor.io.sources import load_rules
    from advisor.io.streams import write_json

    write_json(profile_json_schema(load_rules(rules)))


@command("show", group="rules")
def rules_show(
    rules: RulesOption = None,
    output_format: FormatOption = None,
    law: Annotated[
        bool,
        typer.Option(
            "--law",
            help="Show the duties instead: each with its law, where it is law, whom it binds, from when, its source.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Print the active rules: matrix with sources, scale, volume factors and thresholds (--law: the duties)."""
    from advisor.io.sources import load_rules

    if law:
        from advisor.io.law_table import show_law

        show_law(load_rules(rules), output_format)
        return
    from advisor.io.views import show_rules

    show_rules(load_rules(rules), output_format)


@command("show", group="prices")
def prices_show(
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Rules file (YAML) or bundled rules by name whose prices to show: a prices.yaml beside the file is "
            "read, else the bundled one.",
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day to judge the prices' age on, YYYY-MM-DD (default SOURCE_DATE_EPOCH, else today).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Print every price the costs use, with what it is, its source and when it was checked; warn when the oldest
    check is more than 180 days old."""
    from advisor.io.dates import as_of
    from advisor.io.prices_table import show_prices
    from advisor.io.sources import load_rules

    day = as_of(date)
    show_prices(load_rules(rules), output_format, day)


@command("validate", group="rules")
def rules_validate(
    files: Annotated[list[Path], typer.Argument(help="Rules files (YAML), or bundled rules by name, to check.")],
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Questions file to check the rules against (default: the bundled one).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Check rules files, and that the questionnaire asks every field their context rules read where they can fire;
    each problem is named with its path and line in the file."""
    from advisor.core.errors import RulesError
    from advisor.core.resources import bundled_dir
    from advisor.io.sources import load_rules
    from advisor.io.views import check_each, valid_rules
    from advisor.questionnaire import load_questions
    from advisor.questionnaire.coverage import coverage_problems

    def load(name: str) -> Rules:
        active = load_rules(name)
        questionnaire = load_questions(active, questions)
        problems = coverage_problems(questionnaire, active, name)
        if problems:
            raise RulesError(str(questions or bundled_dir("rules") / "questions.yaml"), problems)
        return active

    if check_each([str(path) for path in files], load, valid_rules):
        raise typer.Exit(EXIT_INVALID)


def _plain_score_arguments(args: list[str]) -> tuple[str, OutputFormat | None, Path | None, str | None] | None:
    """The arguments of `score PROFILE [--format|-f text|json] [--rules FILE] [--currency CODE]`, read without Typer, whose start-up
    is a large part of a score's time; None for anything else (help, other commands or spellings, mistakes), which
    Typer reads as before."""
    if not args or args[0] != "score":
        return None
    profile: str | None = None
    values: dict[str, str] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg in ("--format", "-f", "--rules", "--currency"):
            option, value = ("--format" if arg == "-f" else arg), next(rest, None)
        elif arg.startswith(("--format=", "--rules=", "--currency=")):
            option, _, value = arg.partition("=")
        elif profile is None and (arg == "-" or not arg.startswith("-")):
            profile = arg
            continue
        else:
            return None
        if value is None or value.startswith("-") or option in values:
            return None
        values[option] = value
    chosen = values.get("--format")
    if profile is None or chosen not in (None, *OutputFormat.__members__):
        return None
    rules = values.get("--rules")
    rules_path = Path(rules) if rules is not None else None
    return profile, OutputFormat(chosen) if chosen else None, rules_path, values.get("--currency")


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with the documented code: 0, 1, 2, 3, 4 or 130."""
    # A command imports large libraries (pydantic, WeasyPrint, numpy) into a fresh process. Their many allocations
    # set off Python's cycle collector again and again, and each full pass walks every object imported so far:
    # about 0.15 s of a cold `advisor report` at the default thresholds (700, 10, 10). Collecting less often
    # keeps that to a few passes; the garbage is still collected.
    gc.set_threshold(50_000, 20, 20)
    exit_now(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code instead of exiting (see `exit_code_of`)."""

    def invoke() -> None:
        plain_score = _plain_score_arguments(sys.argv[1:] if argv is None else argv)
        if plain_score is None:
            _app()(args=argv, prog_name="advisor")
        else:
            name, chosen, rules, currency = plain_score
            closed_pipe_is_the_end(lambda: score(name, chosen, rules, currency=currency))

    return exit_code_of(invoke)
