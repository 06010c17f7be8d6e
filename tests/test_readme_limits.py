"""README's table of limits ("Running it for others") cannot drift from the code: every row's default is the one
`advisor.web.limits.Limits` (or the module that owns the limit) holds, every option it names is an option of
`advisor serve` with that default in `advisor serve --help`, and every limit and every limit option has its row."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from advisor.cli import _app
from advisor.web.connections import CONNECTIONS_PER_REQUEST
from advisor.web.limits import Limits
from advisor.web.renders import WAITING_PER_CLIENT
from advisor.web.security import MAX_BODY_BYTES
from advisor.web.timeouts import BODY_MIN_RATE

README = Path(__file__).resolve().parent.parent / "README.md"
DEFAULTS = Limits()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# the Limits field (or a module's constant) each row states, by the words that start the row: default, option
ROWS: dict[str, tuple[str | None, str, str]] = {
    "drafts nobody has touched": ("keep_drafts_days", f"{DEFAULTS.keep_drafts_days} days", "--keep-drafts DAYS"),
    "new drafts": ("drafts_per_minute", _number(DEFAULTS.drafts_per_minute), "--drafts-per-minute N"),
    "answers accepted": ("responses_per_hour", _number(DEFAULTS.responses_per_hour), "--responses-per-hour N"),
    "connections and requests in progress at once, in all": (
        "max_connections",
        _number(DEFAULTS.max_connections),
        "--max-connections N",
    ),
    "wrong admin tokens": ("admin_failures_per_minute", _number(DEFAULTS.admin_failures_per_minute), ""),
    "requests in progress at once from one client": (
        "requests_per_client",
        _number(DEFAULTS.requests_per_client),
        "",
    ),
    "connections open at once from one client": (
        None,
        _number(CONNECTIONS_PER_REQUEST * DEFAULTS.requests_per_client),
        "",
    ),
    "seconds a request body may make no progress": ("body_timeout", _number(DEFAULTS.body_timeout), ""),
    "a request body's average pace": (None, f"{BODY_MIN_RATE} bytes/s", ""),
    "seconds a client may take to send a request's headers": ("header_timeout", _number(DEFAULTS.header_timeout), ""),
    "PDFs rendered at once": ("render_workers", "the cores", "--render-workers N"),
    "PDFs waiting for a renderer": ("render_queue", _number(DEFAULTS.render_queue), "--render-queue N"),
    "PDFs one client waits for at once": (None, _number(WAITING_PER_CLIENT), ""),
    "PDFs kept": ("render_cache_mib", f"{DEFAULTS.render_cache_mib} MiB", ""),
    "request body": (None, f"{MAX_BODY_BYTES // (1024 * 1024)} MiB (413)", ""),
    "problems listed in a refusal": ("max_problems", _number(DEFAULTS.max_problems), ""),
    "keys and list items in a JSON body": ("max_keys", _number(DEFAULTS.max_keys), ""),
    "nesting of a JSON body": ("max_depth", _number(DEFAULTS.max_depth), ""),
}


def readme_rows() -> list[tuple[str, str, str]]:
    """The rows of the limits table: (limit, default, option)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("#### Running it for others") :]
    table = section[section.index("| Limit | Default | Option |") :]
    rows = []
    for line in table.splitlines()[2:]:
        line = line.strip()
        if not line.startswith("|"):
            break
        limit, default, option = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((limit, default, option.strip("`")))
    return rows


def row_of(limit: str) -> tuple[str | None, str, str]:
    starts = [words for words in ROWS if limit.startswith(words)]
    assert len(starts) == 1, f"README's limits table: no single known limit for the row {limit!r}"
    return ROWS[starts[0]]


def serve_options() -> dict[str, Any]:
    """`advisor serve`'s options (click's) by their name."""
    serve = typer.main.get_command(_app()).commands["serve"]  # type: ignore[attr-defined]
    return {opt: p for p in serve.params if p.param_type_name == "option" for opt in p.opts}


def test_every_row_of_the_readme_limits_table_states_the_codes_default_and_option():
    rows = readme_rows()
    assert len(rows) == len(ROWS), [r[0] for r in rows]
    for limit, default, option in rows:
        _, expected_default, expected_option = row_of(limit)
        assert default == expected_default, (limit, default, expected_default)
        assert option == expected_option, (limit, option, expected_option)


def test_every_limit_has_a_row_in_the_readme():
    stated = {row_of(limit)[0] for limit, _, _ in readme_rows()}
    fields = {f.name for f in dataclasses.fields(Limits)}
    assert fields <= stated, f"limits without a README row: {sorted(fields - stated)}"


def test_every_option_of_the_limits_table_is_an_option_of_serve_with_that_default():
    options = serve_options()
    for limit, _, option in readme_rows():
        if not option:
            continue
        name = option.split()[0]
        assert name in options, (limit, name)
        field, _, _ = row_of(limit)
        default = options[name].default
        if field == "render_workers":
            assert default is None  # the cores, decided at start
        else:
            assert default == getattr(DEFAULTS, field), (name, default, getattr(DEFAULTS, field))


def test_every_limit_option_of_serve_has_a_row_and_its_help_says_its_default():
    named = {option.split()[0] for _, _, option in readme_rows() if option}
    limit_options = {"--keep-drafts", "--drafts-per-minute", "--responses-per-hour", "--max-connections"}
    limit_options |= {"--render-workers", "--render-queue"}
    assert limit_options <= set(serve_options()), "a limit option of advisor serve was renamed"
    assert limit_options == named
    result = CliRunner().invoke(_app(), ["serve", "--help"], env={"COLUMNS": "200", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    help_text = re.sub(r"\s+", " ", result.output)
    for name in sorted(named - {"--render-workers"}):
        default = serve_options()[name].default
        assert re.search(rf"{re.escape(name)} .*?\[default: {default}\]", help_text), (name, default)
    assert "(default: the cores)" in help_text
