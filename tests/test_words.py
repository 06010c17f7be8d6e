"""The vocabulary's language: chosen per context, matched with langcodes, said through gettext, Babel lists and
plurals, data texts by id; the pseudo-locale's transform keeps what the code reads."""

from __future__ import annotations

import importlib
import os
import re
import string
import threading
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.core.messages import DataText, Message, Number, Words
from advisor.words import catalogue as catalogue_package
from advisor.words import current_language, join, said, say, set_language, speaking, translations
from advisor.words.catalogue import catalogue
from advisor.words.data import localised, texts
from advisor.words.language import (
    ENGLISH,
    PSEUDO,
    UnknownLanguage,
    accepted,
    available,
    match,
    resolve,
    speak_for_process,
)
from advisor.words.plural import Plural
from advisor.words.pseudo import KEPT, pseudo


@pytest.fixture()
def a_catalogue(monkeypatch):
    """Two messages of a test area, added to the gathered catalogue for one test."""
    messages = dict(catalogue())
    messages |= {
        "test.lead": "{track} leads by {margin} on {cases}",
        "test.profiles": Plural("{n} profile was read", "{n} profiles were read"),
        "test.text": "{text} stays",
    }
    monkeypatch.setattr(importlib.import_module("advisor.words.say"), "catalogue", lambda: messages)
    return messages


@pytest.mark.parametrize(
    ("tag", "language"),
    [("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("eng", "en"), ("en-XA", "en-XA"), ("en_xa", "en-XA"),
     ("de", None), ("zh-Hant", None)],
)  # fmt: skip
def test_a_tag_names_the_language_advisor_speaks_or_none(tag, language):
    assert match(tag) == language


def test_a_pseudo_locale_is_only_chosen_by_its_own_tag():
    assert "en-XA" in available()
    assert match("en-GB") == "en"  # langcodes finds en-XA closer to en-GB than en: never used for English
    assert match("en-XB") is None


@pytest.mark.parametrize("tag", ["", "en GB", "e", "not-a-language-tag-at-all!"])
def test_what_is_not_a_language_tag_is_refused_by_match_and_english_for_resolve(tag):
    with pytest.raises(UnknownLanguage):
        match(tag)
    assert resolve(tag) == ENGLISH


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, "en"), ("", "en"), ("de", "en"), ("en-XA", "en-XA"), ("de-DE, en-XA;q=0.5", "en-XA"),
     ("en-XA;q=0.5, en-GB;q=0.8", "en"), ("*, en-XA;q=0.1", "en-XA"), ("en-XA;q=0", "en"), ("x;;q=z, en-XA", "en-XA"),
     (",".join(["de"] * 16 + ["en-XA"]), "en")],  # only the first 16 languages are read
)  # fmt: skip
def test_accept_language_chooses_the_most_preferred_language_spoken_else_the_default(header, expected):
    assert accepted(header, "en") == expected


def test_the_current_language_is_per_context_and_advisor_lang_is_the_default(monkeypatch):
    monkeypatch.delenv("ADVISOR_LANG", raising=False)
    assert current_language() == ENGLISH
    monkeypatch.setenv("ADVISOR_LANG", "en-XA")
    assert current_language() == PSEUDO
    with speaking("en-GB") as language:
        assert language == current_language() == ENGLISH
        seen = []
        thread = threading.Thread(target=lambda: seen.append(current_language()))
        thread.start()
        thread.join()
        assert seen == [PSEUDO]  # a new thread starts from the default, not from this context
    assert current_language() == PSEUDO


def test_a_message_is_said_in_the_current_or_the_given_language(a_catalogue):
    message = Message.of("test.lead", track="LLM", margin=Number(0.0123, "margin"), cases=Words(("code", "chat", "art")))
    assert say(message) == "LLM leads by 0.012 on code, chat and art"
    assert say(message, lang="en-GB") == say(message)
    token = set_language("en-XA")
    try:
        assert said({"headline": message}) == {"headline": say(message, lang="en-XA")}
    finally:
        from advisor.words.language import reset_language

        reset_language(token)


def test_lists_are_joined_for_the_language_without_the_serial_comma_in_english():
    assert join([]) == ""
    assert join(["a"]) == "a"
    assert join(["a", "b"]) == "a and b"
    assert join(["a", "b", "c"]) == "a, b and c"
    assert join(["a", "b", "c"], "or") == "a, b or c"
    assert join(["a", "b", "c"], lang="de") == "a, b und c"
    assert join(["a", "b", "c"], "or", lang="en-XA") == "a, b öŕ c"


@given(st.lists(st.text(alphabet=string.ascii_letters + " -", min_size=1, max_size=8), max_size=6),
       st.sampled_from(["and", "or"]))  # fmt: skip
def test_the_english_join_is_babels_en_gb_list_pattern(items, word):
    from babel.lists import format_list

    from advisor.words.say import LIST_STYLES, english_join

    babel = format_list(items, style=LIST_STYLES[word], locale="en_GB") if items else ""
    assert english_join(items, word) == babel


@pytest.mark.parametrize(("count", "expected"), [(0, "0 profiles were read"), (1, "1 profile was read"),
                                                 (Number(1.0, "count"), "1 profile was read"), (2, "2 profiles were read"),
                                                 (Number(1.5, "decimal:1"), "1.5 profiles were read")])  # fmt: skip
def test_a_plural_agrees_with_its_count_through_ngettext(a_catalogue, count, expected):
    assert say(Message.of("test.profiles", n=count)) == expected


def test_a_data_text_comes_from_the_languages_overlay_by_id_else_the_catalogue_by_english(tmp_path, monkeypatch):
    overlay = tmp_path / "en-XA.yaml"
    overlay.write_text("rules.tracks.llm.title: Overlaid title\n", encoding="utf-8")
    monkeypatch.setattr(translations, "overlay_path", lambda language: overlay)
    translations.overlay.cache_clear()
    try:
        title = DataText("rules.tracks.llm.title", "Large language model (LLM)")
        assert translations.data_text(title.id, title.english, "en-XA") == "Overlaid title"
        assert translations.data_text(title.id, title.english, "en") == "Large language model (LLM)"
        derived = DataText("rules.tracks.llm.phrase.initial", "An LLM")  # in no catalogue: transformed on the fly
        assert translations.data_text(derived.id, derived.english, "en-XA") == pseudo("An LLM")
        assert translations.data_text(derived.id, derived.english, "de") == "An LLM"  # no German yet: English
    finally:
        translations.overlay.cache_clear()


def test_a_loaded_document_is_localised_by_the_same_ids_as_extracted():
    document = {"tracks": {"llm": {"title": "Large language model (LLM)", "short": "LLM"}},
                "sections": [{"id": "organization", "value": "org", "questions": [{"id": "x", "prompt": "Who are you?"}]}]}  # fmt: skip
    assert dict(texts(document, "rules")) == {
        "rules.tracks.llm.title": "Large language model (LLM)",
        "rules.tracks.llm.short": "LLM",
        "rules.sections.organization.questions.x.prompt": "Who are you?",
    }
    assert localised(document, "rules", "en") is document
    said_again = localised(document, "rules", "en-XA")
    assert said_again["tracks"]["llm"]["title"] == pseudo("Large language model (LLM)")
    assert said_again["sections"][0]["value"] == "org"  # a stored value is never translated


def test_every_catalogue_message_has_its_fields_in_the_pseudo_locale():
    fields = string.Formatter()
    for message_id, english in catalogue().items():
        if isinstance(english, Plural):
            said_as = {english.one: translations.plural_message(message_id, english.one, english.other, 1, PSEUDO),
                       english.other: translations.plural_message(message_id, english.one, english.other, 2, PSEUDO)}  # fmt: skip
        else:
            said_as = {english: translations.message(message_id, english, PSEUDO)}
        for text, translated in said_as.items():
            assert translated == pseudo(text), f"{message_id}: run `make messages`"
            assert [f for _, f, _, _ in fields.parse(translated) if f] == [f for _, f, _, _ in fields.parse(text) if f]


def test_the_catalogue_gathers_every_area_module():
    import pkgutil

    areas = {info.name for info in pkgutil.iter_modules(catalogue_package.__path__)}
    assert "numbers" in areas
    assert catalogue()["numbers.less_than"] == "less than {value}"


kept_piece = st.sampled_from(["{x}", "{name!r}", "{{", "}}", "%(fit)s", "%s", "%%", "<a href=\"/x\">", "</b>",
                              "&amp;", "{{ value|fit }}", "{% if a %}", "&#8212;"])  # fmt: skip
prose = st.text(alphabet=string.ascii_letters + " ,.;:!?-'()0123456789\n", max_size=20)


@given(st.lists(st.one_of(prose, kept_piece), max_size=8))
def test_the_pseudo_transform_accents_every_ascii_letter_and_keeps_what_the_code_reads(pieces):
    text = "".join(pieces)
    transformed = pseudo(text)
    assert [m.group() for m in KEPT.finditer(transformed)] == [m.group() for m in KEPT.finditer(text)]
    outside = KEPT.sub("", transformed)
    assert not re.search(r"[A-Za-z]", outside.replace("[", "").replace("]", ""))
    if text.strip():
        assert transformed.strip().startswith("[") and transformed.strip().endswith("]")
        assert transformed[: len(text) - len(text.lstrip())] == text[: len(text) - len(text.lstrip())]
    else:
        assert transformed == text


def test_the_template_environment_says_marked_texts_in_the_current_language():
    from advisor.report.render import template_environment

    environment = template_environment()
    assert "jinja2.ext.InternationalizationExtension" in environment.extensions
    template = environment.from_string("{{ _('Fit %(fit)s', fit=x|fit) }} {{ x|percent }} {{ ['a', 'b', 'c']|join_words }}")
    assert template.render(x=0.5) == "Fit 0.50 50% a, b and c"
    question = "What is the organisation called?"  # a data text: in the catalogue
    with speaking("en-XA"):
        assert template.render(x=0.5).endswith("50% a, b and c")
        assert environment.from_string("{{ _(q) }}").render(q=question) == pseudo(question)
    assert environment.from_string("{{ _(q) }}").render(q=question) == question


def test_translations_are_cached_for_a_bounded_number_of_languages():
    assert translations.translations.cache_info().maxsize == translations.CACHED_LANGUAGES
    assert translations.overlay.cache_info().maxsize == translations.CACHED_LANGUAGES


def test_the_environment_is_a_jinja_environment():
    from advisor.report.render import template_environment

    assert isinstance(template_environment(), jinja2.Environment)


def test_english_loads_neither_babel_nor_langcodes():
    """A cold `advisor score` says English without Babel's or langcodes' data (about 0.1 s and 0.06 s to load)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from advisor.core.messages import Message, Number, Words\n"
        "from advisor.words import join, say, current_language\n"
        "from advisor.words.numbers import NUMBER_FILTERS, number\n"
        "assert current_language() == 'en'\n"
        "say(Message.of('numbers.less_than', value=Number(0.5, 'fit')))\n"
        "join(['a', 'b', 'c']); [number(0.5, kind) for kind in ('fit', 'signed', 'percent', 'weight', 'integer', 'g')]\n"
        "print(sorted(name for name in ('babel', 'langcodes') if name in sys.modules))\n"
    )
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_commands_language_reaches_its_worker_processes_and_is_undone_after(monkeypatch):
    monkeypatch.setenv("ADVISOR_LANG", "en-GB")
    before = current_language()
    restore = speak_for_process("en-xa")
    try:
        assert current_language() == PSEUDO
        assert os.environ["ADVISOR_LANG"] == PSEUDO
    finally:
        restore()
    assert current_language() == before == ENGLISH
    assert os.environ["ADVISOR_LANG"] == "en-GB"
    monkeypatch.delenv("ADVISOR_LANG")
    speak_for_process("en")()
    assert "ADVISOR_LANG" not in os.environ
    with pytest.raises(UnknownLanguage):
        speak_for_process("en GB")
