"""Say a core `Message` in a language: look up its template, translate, fill in the parameters said in turn."""

from __future__ import annotations

from typing import Literal

from advisor.core.messages import DataText, Message, Number, Param, Words
from advisor.words import translations
from advisor.words.catalogue import catalogue
from advisor.words.language import ENGLISH, current, is_pseudo
from advisor.words.numbers import babel_locale, number
from advisor.words.plural import Plural
from advisor.words.pseudo import accented

LIST_STYLES: dict[str, Literal["standard", "or"]] = {"and": "standard", "or": "or"}
"""A `Words` join -> Babel's list style ('a, b and c'; 'a, b or c')."""


def template(message_id: str) -> str | Plural:
    """The English template of a message id (KeyError names an id missing from the catalogue)."""
    try:
        return catalogue()[message_id]
    except KeyError:
        raise KeyError(f"no message {message_id!r} in advisor/words/catalogue") from None


def say(message: Message | DataText | None, lang: str | None = None) -> str:
    """The sentence (or phrase) `message` stands for, in `lang` (default: the current language); a data text (a
    rule's title, a rationale) as the language has it; '' for None (a part whose pipeline stage did not run)."""
    if message is None:
        return ""
    language = lang or current()
    if isinstance(message, DataText):
        return translations.data_text(message.id, message.english, language)
    english = template(message.id)
    params = message.args
    if isinstance(english, Plural):
        amount = params[english.count]
        value = amount.value if isinstance(amount, Number) else amount
        whole = int(value) if isinstance(value, int | float) and float(value).is_integer() else value
        if isinstance(whole, int):
            text = translations.plural_message(message.id, english.one, english.other, whole, language)
        else:  # a fraction: gettext has no form for it; the plural form of 2, English's 'other' as always chosen
            text = translations.plural_message(message.id, english.one, english.other, 2, language)
    else:
        text = translations.message(message.id, english, language)
    words = {name: _say_param(value, language) for name, value in params.items() if not isinstance(value, DataText)}
    for name, param in params.items():  # a data text may name the message's other parameters: 'Not stated: {unstated}.'
        if isinstance(param, DataText):
            words[name] = _filled(translations.data_text(param.id, param.english, language), words)
    return text.format(**words)


def _filled(data_text: str, words: dict[str, str]) -> str:
    """A data text with the `{name}` fields it names filled in (other braces, which rules texts may hold, kept)."""
    for name, word in words.items():
        data_text = data_text.replace("{" + name + "}", word)
    return data_text


def _say_param(value: Param, language: str) -> str:
    if isinstance(value, Message):
        return say(value, language)
    if isinstance(value, Number):
        return number(value.value, value.kind, language)
    if isinstance(value, Words):
        return join([_say_param(item, language) for item in value.items], value.join, language)
    if isinstance(value, DataText):
        return translations.data_text(value.id, value.english, language)
    return str(value)


def join(items: list[str], join: str = "and", lang: str | None = None) -> str:
    """'a', 'a and b', 'a, b and c' ('or': 'a, b or c') as the language lists things (English: no serial comma)."""
    if not items:
        return ""
    language = lang or current()
    if language == ENGLISH:  # Babel's en_GB pattern, written out (tests/test_words.py checks they agree)
        return english_join(items, join)
    if is_pseudo(language):  # English's pattern, its word accented as every word of the pseudo-locale
        return english_join(items, accented(join))
    from babel.lists import format_list

    return format_list(items, style=LIST_STYLES[join], locale=babel_locale(language))


def english_join(items: list[str], join: str = "and") -> str:
    """The tool's English list: 'a', 'a and b', 'a, b and c' (Babel's en_GB 'standard' and 'or' patterns)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {join} {items[-1]}"


def said(data: object, lang: str | None = None) -> object:
    """`data` (dicts, lists, tuples, as a core `to_dict()` gives them) with every `Message` (and data text) in it
    said: the JSON view."""
    kind = type(data)
    if kind in _PLAIN:  # most of a result is numbers and ids: returned at once (a batch says every row)
        return data
    if isinstance(data, dict):
        return {key: value if type(value) in _PLAIN else said(value, lang) for key, value in data.items()}
    if isinstance(data, Message | DataText):
        return say(data, lang)
    if isinstance(data, list | tuple):
        return [item if type(item) in _PLAIN else said(item, lang) for item in data]
    return data


_PLAIN = frozenset({str, int, float, bool, type(None)})
