"""The stakeholder report: assessment -> Jinja2 templates -> HTML -> WeasyPrint -> PDF. An edge of the core.

Safe by construction: autoescaping everywhere and StrictUndefined; the only URLs WeasyPrint may load are regular
files inside the bundled assets folder; presentational hints stay off; user text never reaches a stylesheet,
an attachment or `|safe`. WeasyPrint is imported only when a PDF is written, so other commands stay fast.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import mimetypes
import os
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
import yaml

from advisor.core.assessment import Assessment
from advisor.core.engine import assess
from advisor.core.errors import UsageError
from advisor.core.headline import capitalised
from advisor.core.profile import Profile
from advisor.core.resources import bundled_dir
from advisor.core.rules import Rules
from advisor.io.dates import as_of
from advisor.report.bidi import isolate, isolate_names, isolate_text
from advisor.report.content import context_rows, report_context
from advisor.report.measure import legend, text_width, wrap
from advisor.words.counts import english_agrees, english_counted
from advisor.words.data import localised
from advisor.words.jinja import EXTENSIONS, install
from advisor.words.labels import LABEL_FILTERS
from advisor.words.text import text

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
MAX_SLUG = 60
RUNNING_NAME = 80
"""Characters of the organisation's name in the PDF page header; a longer name is cut there (whole on page 1)."""


def report_date(given: str | None) -> dt.date:
    """The date printed on the report: --date, else SOURCE_DATE_EPOCH, else today (the date assessed for)."""
    return as_of(given)


def slug(name: str) -> str:
    """A safe file name stem from an organisation name: lower-case letters of any script, digits and dashes."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue  # an accent on a Latin letter goes (Café -> cafe); other scripts keep their marks
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept)).lower()
    text = "".join(char if unicodedata.category(char)[0] in "LNM" else "-" for char in text)
    text = re.sub(r"-+", "-", text).strip("-")[:MAX_SLUG].rstrip("-")
    return text or "organisation"


def default_output(profile: Profile, extension: str) -> Path:
    """'<organisation slug>-ai-assessment.<ext>' in the current folder."""
    return Path(f"{slug(profile.organization.name)}-ai-assessment.{extension}")


def check_default_output(path: Path, organization: str) -> None:
    """Refuse to replace a file at a default report name unless it is an advisor report of the same organisation."""
    if not path.exists() or path.is_dir():
        return
    owner = report_organization(path)
    if owner == organization:
        return
    if owner is not None:
        raise UsageError(text("edge.report.exists_other_report", path=str(path), owner=repr(owner)))
    raise UsageError(text("edge.report.exists_not_report", path=str(path)))


def report_organization(path: Path) -> str | None:
    """The organisation an existing advisor report (PDF or HTML) was written for; None for any other file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
        if head == b"%PDF-":
            import logging

            from pypdf import PdfReader

            logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a broken file is not ours; no warnings about it
            info: dict[str, Any] = PdfReader(path).metadata or {}
            author, creator = info.get("/Author"), info.get("/Creator")
        else:
            text = path.read_text(encoding="utf-8", errors="replace")[:20_000]
            author, creator = _meta(text, "author"), _meta(text, "generator")
    except Exception:  # noqa: BLE001 - an unreadable or broken file is simply not one of our reports
        return None
    if not isinstance(creator, str) or not creator.startswith("advisor ") or not isinstance(author, str):
        return None
    return str(author)


def _meta(html: str, name: str) -> str | None:
    import html as html_module

    found = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    return html_module.unescape(found.group(1)) if found else None


_ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "autoescape": True,  # not select_autoescape(): it would skip templates named *.html.j2
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": list(EXTENSIONS),  # Jinja2's i18n: texts marked {% trans %} / _() are said in the language
}


class _TemplateCodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache folder: compiling them costs a cold `advisor report` about 0.12 s.

    Jinja reuses a file only while the template's source is unchanged; the key also holds the Jinja version and
    the environment's options, which change the compiled code. A cache folder that cannot be written is no error.
    """

    _signature = f"jinja2 {jinja2.__version__} {sorted((k, str(v)) for k, v in _ENVIRONMENT_OPTIONS.items())}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._signature}|{name}", filename)

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # read-only or full disk: the next run compiles again


def _template_cache() -> jinja2.BytecodeCache | None:
    """The compiled-template cache in $XDG_CACHE_HOME/advisor (~/.cache/advisor); None where it cannot be made."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(root) / "advisor" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _TemplateCodeCache(str(folder))


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(bundled_dir("templates")),
        bytecode_cache=_template_cache(),
        **_ENVIRONMENT_OPTIONS,
    )
    install(environment)  # the vocabulary's translations for the templates' own texts
    environment.filters["capitalize"] = capitalised  # Jinja's lower-cases the rest: 'An llm'
    environment.filters |= {"counted": english_counted, "agrees": english_agrees}  # '1 profile', '2 profiles'; 'is', 'are'
    environment.filters |= LABEL_FILTERS  # one label per decision: {{ ring|ring_label }}, {{ verdict|verdict_label }}
    # user text is isolated wherever it is shown (advisor/report/bidi.py); charts measure their labels
    environment.filters["isolate"] = isolate
    environment.filters["isolate_text"] = isolate_text
    environment.filters["isolate_names"] = isolate_names
    environment.globals.update(text_width=text_width, wrap=wrap, legend=legend, RUNNING_NAME=RUNNING_NAME)
    return environment


# libyaml's loader reads the report's words about 8 times faster than the pure-Python one (same values)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _words(name: str) -> Any:
    """A YAML file of report words from the templates folder (trusted, bundled)."""
    return yaml.load((bundled_dir("templates") / name).read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def report_template_context(
    profile: Profile,
    rules: Rules,
    profile_sha256: str,
    date: dt.date,
    paper: str = "a4",
    *,
    assessment: Assessment | None = None,
    currency: str = "USD",
) -> dict[str, Any]:
    """Every value the report's templates read: `report_context` with the paper, the glance and the context words.

    `assessment` is `assess(profile, rules)` when the caller already has it. Shared by `render_html` and the web
    result page, which includes the same section templates. `currency` is the costs' (when the assessment is
    made here).
    """
    if paper not in PAPER_SIZES:
        raise UsageError(text("edge.report.paper", paper=repr(paper), sizes=", ".join(PAPER_SIZES)))
    if assessment is None:
        assessment = assess(profile, rules, as_of=date, currency=currency)
    context = report_context(assessment, profile, rules, profile_sha256, date)
    from advisor.questionnaire import answer_words  # loaded with the first report, not with the package

    words = localised(_words("context.yaml"), "context")  # the bundled words in the current language
    context.update(
        paper=PAPER_SIZES[paper],
        glance=localised(_words("glance.yaml"), "glance"),
        context_words=words,
        context_rows=context_rows(profile.context.model_dump(), words, answer_words(rules)),
        skills_stated=profile.context.ai_skills is not None,  # unstated skills are unknown, never assumed
    )
    return context


def render_html(
    profile: Profile, rules: Rules, profile_sha256: str, date: dt.date, paper: str = "a4", *, currency: str = "USD"
) -> str:
    """The report as one HTML document (styles inline, assets referenced relative to the templates folder), the
    costs in `currency`."""
    context = report_template_context(profile, rules, profile_sha256, date, paper, currency=currency)
    return template_environment().get_template("report.html.j2").render(context)


def profile_digest(raw: bytes) -> str:
    """The sha256 of the profile's bytes, printed in the reproducibility block."""
    return hashlib.sha256(raw).hexdigest()


class _Renderer:
    """WeasyPrint with one font configuration per process and a fetcher limited to the bundled assets."""

    def __init__(self) -> None:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        assets = (bundled_dir("templates") / "assets").resolve()

        class AssetFetcher(URLFetcher):
            """Serves regular files inside the bundled assets folder; refuses every other URL."""

            def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
                parts = urlsplit(url)
                if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                    raise ValueError(text("edge.report.refused_asset", url=repr(url)))
                path = Path(url2pathname(unquote(parts.path))).resolve()
                if not path.is_relative_to(assets) or not path.is_file():
                    raise ValueError(text("edge.report.refused_asset", url=repr(url)))
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

        self._html = HTML
        self._fetcher = AssetFetcher(allowed_protocols=("file",), timeout=1)
        self._fonts = FontConfiguration()
        self._base_url = bundled_dir("templates").resolve().as_uri() + "/"

    def pdf(self, html: str) -> bytes:
        document = self._html(string=html, base_url=self._base_url, url_fetcher=self._fetcher)
        return document.write_pdf(font_config=self._fonts, pdf_variant="pdf/ua-1", pdf_tags=True)

    def close(self) -> None:
        """Remove the temporary folder of the fonts the reports loaded (WeasyPrint's FontConfiguration does it in
        its __del__, which waits for the garbage collector: fonts and documents refer to each other)."""
        self._fonts.__del__()


@lru_cache(maxsize=1)
def _renderer() -> _Renderer:
    return _Renderer()


@atexit.register
def release_renderer() -> None:
    """Remove the temporary folder of the fonts this process's reports loaded (at exit, and in render workers)."""
    # The cleaning must not wait for interpreter teardown: it fails noisily there, and the command line ends the
    # process without one (advisor.io.exits.exit_now).
    if _renderer.cache_info().currsize:
        _renderer().close()
    _renderer.cache_clear()


# Elements of block, table and SVG structure: whitespace between two of their tags shows as nothing.
_STRUCTURE = (
    "html|head|body|meta|title|style|link|section|article|header|footer|main|nav|aside|div|blockquote|hr|"
    "table|caption|colgroup|col|thead|tbody|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|p|h[1-6]|figure|figcaption|"
    "svg|g|rect|text|line|path|circle|polyline|polygon|desc"
)
_BETWEEN_STRUCTURE = re.compile(
    rf"(?!</svg>|<[^>]*\buser-text\b)(</?(?:{_STRUCTURE})\b[^>]*>)\s+(?=</?(?:{_STRUCTURE})\b)"
)


def compact(html: str) -> str:
    """`html` without the whitespace between two tags of block, table or SVG structure, for WeasyPrint.

    Such whitespace renders as nothing, but WeasyPrint parses, styles and lays out each run of it as a box: about 4%
    of a cold report, up to a tenth of a warm render (issue 15). Kept: the whitespace after an inline SVG chart
    (`</svg>`), which sits in a line of its own; the text of a `user-text` element, whose whitespace shows
    (`white-space: pre-wrap`: notes that are only blanks); and any whitespace touching text. Only tags can match:
    text from a profile is escaped (`&lt;`). The PDF is the same, byte for byte (tests/test_report.py renders every
    example both ways)."""
    return _BETWEEN_STRUCTURE.sub(r"\1", html)


def render_pdf(html: str) -> bytes:
    """The PDF bytes of a report's HTML: tagged (PDF/UA-1), fonts embedded, only bundled assets loaded."""
    return _renderer().pdf(compact(html))
