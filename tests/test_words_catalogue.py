"""`make messages`: the committed .pot and pseudo-locale are what extraction writes now, shipped in the wheel."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest

from advisor.words.extract import POT, rendered, template_catalogue
from advisor.words.language import PSEUDO
from advisor.words.pseudo import pseudo

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extracted() -> dict[Path, bytes]:
    return rendered(template_catalogue(ROOT))


def _without_tool_version(content: bytes) -> bytes:
    return re.sub(rb'"Generated-By: Babel [^"]*"\n', b"", content)


def test_the_committed_catalogues_are_what_make_messages_writes(extracted):
    for path, content in extracted.items():
        committed = ROOT / path
        assert committed.is_file(), f"{path} is missing: run `make messages`"
        if path.suffix == ".mo":
            new = gettext.GNUTranslations(io.BytesIO(content))._catalog  # type: ignore[attr-defined]
            old = gettext.GNUTranslations(io.BytesIO(committed.read_bytes()))._catalog  # type: ignore[attr-defined]
            assert {k: v for k, v in old.items() if k} == {k: v for k, v in new.items() if k}, (
                f"{path} is out of date: run `make messages`"
            )
        else:
            assert _without_tool_version(committed.read_bytes()) == _without_tool_version(content), (
                f"{path} is out of date: run `make messages`"
            )


def test_the_template_holds_catalogue_messages_by_id_and_data_texts_with_their_ids(extracted):
    pot = extracted[POT].decode()
    assert 'msgctxt "numbers.less_than"\nmsgid "less than {value}"' in pot
    assert "#. id: questions.sections.organization.questions.org_name.prompt\n" in pot
    assert 'msgid "What is the organisation called?"' in pot
    assert "https://" not in pot.split("msgid")[-1]  # a URL is not a text


def test_the_pseudo_locale_translates_every_entry_of_the_template():
    catalogue = template_catalogue(ROOT)
    translations = gettext.translation("advisor", ROOT / "advisor" / "locale", languages=[PSEUDO.replace("-", "_")])
    for entry in catalogue:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple | list):
            assert translations.npgettext(entry.context, entry.id[0], entry.id[1], 2) == pseudo(entry.id[1]) if (
                entry.context) else translations.ngettext(entry.id[0], entry.id[1], 2) == pseudo(entry.id[1])  # fmt: skip
        elif entry.context:
            assert translations.pgettext(entry.context, entry.id) == pseudo(entry.id)
        else:
            assert translations.gettext(entry.id) == pseudo(entry.id)


def test_the_wheel_ships_the_compiled_catalogues():
    from hatchling.builders.wheel import WheelBuilder

    builder = WheelBuilder(str(ROOT))
    shipped = {Path(f.distribution_path).as_posix() for f in builder.recurse_included_files()}
    assert "advisor/locale/en_XA/LC_MESSAGES/advisor.mo" in shipped
    assert "advisor/locale/advisor.pot" in shipped
