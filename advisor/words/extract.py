"""`make messages`: every text a user reads, extracted to advisor/locale/advisor.pot, and the pseudo-locale built from it.

The template (`.pot`) gathers (1) the catalogue modules' `MESSAGES` (msgctxt: the message id; msgid: the English;
a `Plural` as msgid/msgid_plural), (2) the texts marked in the Jinja templates (`{% trans %}`, `_()`, Babel's
jinja2 extractor, with the environment's options), (3) the texts marked in the edges' Python (`_()`, `gettext()`,
`ngettext()`, `pgettext()`, Babel's Python extractor; the core has none) and (4) the data texts of rules/*.yaml,
questions.yaml and templates/*.yaml (msgid: the English; their ids, advisor/words/data.py, as comments). Then the
pseudo-locale `en-XA` (advisor/locale/en_XA/LC_MESSAGES/advisor.po and .mo, committed and shipped) is every entry
through `advisor.words.pseudo`. The output is deterministic (no dates, no line numbers): tests/test_words_catalogue.py
fails when the committed files are not what `make messages` writes now.

Run: `python -m advisor.words.extract [ROOT]` (ROOT: the project folder, default the current one).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import pkgutil
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from advisor.core.version import __version__
from advisor.words import catalogue as catalogue_package
from advisor.words.data import DATA_FILES, source_of, texts
from advisor.words.jinja import EXTENSIONS
from advisor.words.language import PSEUDO
from advisor.words.plural import Plural
from advisor.words.pseudo import pseudo

FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""The catalogues' dates: fixed, so that the files change only when a text does."""
POT = Path("advisor/locale/advisor.pot")
JINJA_OPTIONS = {
    "extensions": ",".join(EXTENSIONS),
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
    "silent": "false",
}
"""Babel's jinja2 extractor reads the templates as advisor/report/render.py's environment does."""
PYTHON_EDGES = ("io", "report", "web", "batch", "group", "questionnaire", "cli.py", "api.py")
"""Where marked Python strings may be (the core says nothing; words holds the catalogue)."""


def template_catalogue(root: Path) -> Catalog:
    """Every text of the project in `root` as one gettext template catalogue."""
    catalog = _empty(None)
    for module_path, messages in _catalogue_modules():
        for message_id, english in messages.items():
            entry = (english.one, english.other) if isinstance(english, Plural) else english
            catalog.add(entry, context=message_id, locations=[(module_path, 0)], flags=_flags(entry))
    templates = root / "templates"
    options = {"**.j2": JINJA_OPTIONS}
    for filename, _line, marked, comments, context in extract_from_dir(
        templates, [("**.j2", "jinja2.ext:babel_extract")], options, comment_tags=("Translators:",)
    ):
        catalog.add(marked, context=context, locations=[(f"templates/{filename}", 0)], auto_comments=comments)
    for edge in PYTHON_EDGES:
        folder = root / "advisor" / edge
        found = extract_from_dir(folder, [("**.py", "python")]) if folder.is_dir() else _python_file(folder)
        for filename, _line, marked, comments, context in found:
            where = f"advisor/{edge}/{filename}" if folder.is_dir() else f"advisor/{edge}"
            catalog.add(marked, context=context, locations=[(where, 0)], auto_comments=comments)
    for data_file in DATA_FILES:
        document = yaml.safe_load((root / data_file).read_text(encoding="utf-8"))
        for text_id, english in texts(document, source_of(data_file)):
            catalog.add(english, locations=[(data_file, 0)], auto_comments=[f"id: {text_id}"])
    return catalog


def pseudo_catalogue(template: Catalog) -> Catalog:
    """The pseudo-locale en-XA: every entry of `template` accented and bracketed."""
    catalog = _empty(PSEUDO)
    for entry in template:
        if not entry.id:
            continue
        string = tuple(pseudo(part) for part in entry.id) if isinstance(entry.id, tuple | list) else pseudo(entry.id)
        catalog.add(entry.id, string, locations=entry.locations, flags=entry.flags, context=entry.context,
                    auto_comments=entry.auto_comments)  # fmt: skip
    return catalog


def write_catalogues(root: Path) -> list[Path]:
    """Write the .pot and the pseudo-locale's .po and .mo under `root`; the paths written."""
    template = template_catalogue(root)
    written = []
    for path, content in rendered(template).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != content:
            target.write_bytes(content)
        written.append(target)
    return written


def rendered(template: Catalog) -> dict[Path, bytes]:
    """The bytes of every file `make messages` writes, by path from the project root."""
    pseudo_locale = pseudo_catalogue(template)
    folder = Path("advisor/locale") / PSEUDO.replace("-", "_") / "LC_MESSAGES"
    return {
        POT: _po_bytes(template),
        folder / "advisor.po": _po_bytes(pseudo_locale),
        folder / "advisor.mo": _mo_bytes(pseudo_locale),
    }


def _empty(language: str | None) -> Catalog:
    catalog = Catalog(
        locale=language.replace("-", "_") if language else None,
        project="advisor",
        version=__version__,
        copyright_holder="the advisor authors",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    if language:  # Babel knows no pseudo-locale: English's plural rule, and who made it
        catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
        catalog.language_team = f"{language} (generated by make messages)"
        catalog.last_translator = "advisor.words.pseudo"
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=120, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _flags(msgid: str | tuple[str, ...]) -> set[str]:
    parts = msgid if isinstance(msgid, tuple) else (msgid,)
    return {"python-brace-format"} if any("{" in part for part in parts) else set()


def _catalogue_modules() -> list[tuple[str, dict[str, str | Plural]]]:
    found = []
    for info in sorted(pkgutil.iter_modules(catalogue_package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{catalogue_package.__name__}.{info.name}")
        found.append((f"advisor/words/catalogue/{info.name}.py", dict(getattr(module, "MESSAGES", {}))))
    return found


def _python_file(path: Path) -> list[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    from babel.messages.extract import extract

    if not path.is_file():
        return []
    with path.open("rb") as handle:
        return [(path.name, line, msgid, comments, context) for line, msgid, comments, context in
                extract("python", handle)]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Write the catalogues of the project in argv[0] (default: the current folder)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else ".").resolve()
    for path in write_catalogues(root):
        print(path.relative_to(root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
