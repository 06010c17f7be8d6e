"""The edges' own words: every template text is marked for translation, every id an edge asks for is in the
catalogue, problems are listed by one function, and the group's consensus sentences come from one module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2
import pytest

from advisor.core.errors import Problem
from advisor.report.render import template_environment
from advisor.words.catalogue import catalogue
from advisor.words.problems import problem_lines, problem_text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")  # form values and meta tags are not read
NOT_WORDS = {"advisor", "sha256", "UTF-8", "MiB", "utf-8", "YYYY-MM-DD"}
"""Left as they are in every language: the product's name, a digest's name, units and formats."""


def _unmarked_text(source: str) -> str:
    """The literal text of a template that is outside {% trans %} blocks and _() calls, as a reader would see it:
    tags removed except the attributes a reader (or a screen reader) is given."""
    environment = template_environment()
    parts, depth = [], 0
    tokens = [token for token in environment.lex(source) if token[1] != "whitespace"]
    for index, (_, kind, value) in enumerate(tokens):
        if kind == "name" and value in ("trans", "pluralize") and tokens[index - 1][1] == "block_begin":
            depth += value == "trans"
        elif kind == "name" and value == "endtrans" and tokens[index - 1][1] == "block_begin":
            depth -= 1
        elif kind == "data" and depth == 0:
            parts.append(value)
        elif kind in ("variable_begin", "block_begin") and depth == 0:
            parts.append(" ")
    text = "".join(parts)
    text = re.sub(r"(?s)<style>.*?</style>", " ", text)
    shown = " ".join(m.group(2) for m in re.finditer(r'\b(%s)="([^"{]*)"' % "|".join(SHOWN_ATTRIBUTES), text))
    text = re.sub(r"<[^>]*>", " ", text) + " " + shown
    return " ".join(word for word in text.split() if word not in NOT_WORDS)


@pytest.mark.parametrize(
    "name", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.j2")), ids=lambda n: n
)
def test_every_text_a_template_shows_is_marked_for_translation(name):
    left = _unmarked_text((TEMPLATES / name).read_text(encoding="utf-8"))
    words = re.findall(r"[A-Za-z]{2,}", left)
    assert not words, f"{name}: text outside {{% trans %}} / _(): {left!r}"


def test_the_template_environment_has_the_i18n_extension_and_says_english():
    environment = template_environment()
    assert "jinja2.ext.InternationalizationExtension" in environment.extensions
    rendered = environment.from_string('{{ _("Key findings") }} {% trans n=2 %}{{ n }} rules{% endtrans %}').render()
    assert rendered == "Key findings 2 rules"


def _asked_ids() -> list[tuple[str, str]]:
    """(file, id or f-string prefix) of every `text("...")` call in the package."""
    found = []
    for path in (ROOT / "advisor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "text" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((path.name, first.value))
                elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                    found.append((path.name, str(first.values[0].value)))
    return found


def test_every_id_an_edge_asks_for_is_in_the_catalogue():
    ids = catalogue()
    asked = _asked_ids()
    assert len(asked) > 100
    missing = [(f, i) for f, i in asked if i not in ids and not any(k.startswith(i) for k in ids)]
    assert not missing


def test_problem_lines_keep_each_views_style():
    problems = [
        Problem("needs.art.importance", "must be 0 to 5", line=4, code="schema.out_of_range"),
        Problem("", "not a profile", code="profile.not_object"),
    ]
    assert problem_lines(problems, "file", "a.json") == [
        "a.json: needs.art.importance (line 4): must be 0 to 5",
        "a.json: not a profile",
    ]
    assert problem_lines(problems, "record", "s.jsonl:17") == [
        "s.jsonl:17: needs.art.importance: must be 0 to 5",
        "s.jsonl:17: not a profile",
    ]
    assert problem_text(problems, "path") == "needs.art.importance: must be 0 to 5; not a profile"
    assert problem_text(problems, "path_always") == "needs.art.importance: must be 0 to 5; : not a profile"
    assert problem_text(problems, "sentence") == "needs.art.importance (line 4): must be 0 to 5. not a profile."


def test_no_view_joins_problems_by_hand():
    hand_made = re.compile(r'join\(f"\{p\.(path|where)|for p in exc\.problems\)|p\[.message.\]\}"')
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "advisor").rglob("*.py")
        if "core" not in path.parts and hand_made.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_a_pseudo_translation_reaches_every_marked_template_text():
    environment = template_environment.__wrapped__()
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lambda s: f"⟦{s}⟧", lambda s, p, n: f"⟦{s if n == 1 else p}⟧", newstyle=True
    )
    page = environment.from_string('{% trans n=3 %}{{ n }} sections{% endtrans %} {{ _("Back") }}').render()
    assert page == "⟦3 sections⟧ ⟦Back⟧"
    with pytest.raises(jinja2.TemplateSyntaxError):
        environment.from_string("{% trans %}{{ a.b }}{% endtrans %}")


def test_the_dashboard_and_the_terminal_say_the_consensus_and_its_geometric_check_from_one_module():
    import orjson

    from advisor import load_rules
    from advisor.core.group import assess_group
    from advisor.core.profile import parse_profile
    from advisor.report import RECOMMENDATION_LABELS
    from advisor.words.group import dashboard_words, geometric_check
    from advisor.words.labels import recommendation_label

    rules = load_rules(None)
    profiles = [
        parse_profile(orjson.loads((ROOT / "examples" / name).read_bytes()), rules, name)
        for name in ("law-firm.json", "marketing-agency.json", "newsroom.json")
    ]
    group = assess_group(profiles, rules)
    said = dashboard_words(group, RECOMMENDATION_LABELS)
    assert said.verdict == f"The consensus is {group.consensus.robustness.verdict.replace('_', ' ')}."
    assert said.fits.startswith("Consensus fits: LLM 0.") and "(margin " in said.fits
    badges = {name: recommendation_label(name, "badge") for name in RECOMMENDATION_LABELS}
    check = geometric_check(group, badges, "terminal")
    assert check is not None
    if group.geometric.agrees:
        assert said.geometric is None and check.lead.endswith(", the same answer")
    else:
        assert said.geometric is not None and said.geometric.lead.startswith("The geometric mean of the priorities")
        assert "the answer depends on how the weights are averaged" in check.lead


SAID_EDGES = (
    "cli.py",
    "io/views.py",
    "io/exits.py",
    "io/dates.py",
    "io/output_format.py",
    "io/atomic.py",
    "io/run_paths.py",
    "io/sources.py",
    "web/api.py",
    "web/forms.py",
    "web/security.py",
    "web/limits.py",
    "web/revisions.py",
    "web/survey_questions.py",
    "web/bounds.py",
    "web/links.py",
    "web/admin_pages.py",
    "web/whatif.py",
)
"""Edges whose own sentences are all said through `text(...)` (a sentence left as a literal stays English in every
language)."""
DOCUMENTATION = {"help", "description", "summary", "response_description", "short_help", "epilog", "openapi_extra"}
"""Keyword arguments and keys that document the interface (--help, OpenAPI): not the messages a command says."""
LOGGED = {"debug", "info", "warning", "error", "exception", "critical", "note"}
"""Methods that write the server's log (a logger's, and `RefusalLog.note`'s counts): for its operator, in English."""
SENTENCE = re.compile(r"(?<![\w-])[A-Za-z]+(?:[ ,;:]+[A-Za-z]+){3,}(?![\w-])")
"""Four or more words in a row."""


def _sentences_in(path: Path) -> list[str]:
    """The string literals of `path` with four or more words, outside docstrings, documentation and log calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    left_out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):  # docstrings, attribute docstrings
            left_out.add(id(node.value))
        documented = []
        if isinstance(node, ast.keyword) and node.arg in DOCUMENTATION:
            documented.append(node.value)
        if isinstance(node, ast.Dict):
            documented += [
                v for k, v in zip(node.keys, node.values, strict=True) if getattr(k, "value", None) in DOCUMENTATION
            ]
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in LOGGED:
            documented.append(node)
        left_out |= {id(sub) for part in documented for sub in ast.walk(part)}
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in left_out
        and SENTENCE.search(node.value)
    ]


@pytest.mark.parametrize("name", SAID_EDGES)
def test_an_edge_says_its_sentences_through_the_catalogue(name):
    assert _sentences_in(ROOT / "advisor" / name) == []


def test_the_edge_sentence_check_finds_a_literal_sentence(tmp_path):
    source = tmp_path / "edge.py"
    source.write_text(
        '"""A docstring of many words."""\nx = f"{a}: is a directory; give a file name"\n', encoding="utf-8"
    )
    assert _sentences_in(source) == ["edge.py:2: ': is a directory; give a file name'"]


def test_the_long_date_is_englishs_as_before_and_the_languages_beyond():
    import datetime as dt

    from advisor.words.dates import long_date

    day = dt.date(2026, 3, 7)
    assert long_date(day) == long_date(day, "en") == "7 March 2026"
    assert long_date(day, "de") == "7. März 2026"
    assert long_date(day, "en-XA") == "7 March 2026"  # no Babel locale: the digits and English's month


@pytest.mark.parametrize("name", ["web/base.html.j2", "report.html.j2", "group.html.j2", "portfolio.html.j2"])
def test_a_page_names_its_language(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    element = re.search(r"<html[^>]*>", source)
    assert element is not None
    environment = template_environment.__wrapped__()
    assert environment.from_string(element.group()).render() == '<html lang="en">'
    environment.globals["current_language"] = lambda: "en-XA"
    assert environment.from_string(element.group()).render() == '<html lang="en-XA">'
