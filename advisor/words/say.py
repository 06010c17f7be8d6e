"""Say a core `Message` in a language: look up its template, translate, fill in the parameters said in turn."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core import numbers
from advisor.core.messages import DataText, Message, Number, Param, Words
from advisor.words.catalogue import catalogue
from advisor.words.plural import Plural


def template(message_id: str) -> str | Plural:
    """The English template of a message id (KeyError names an id missing from the catalogue)."""
    try:
        return catalogue()[message_id]
    except KeyError:
        raise KeyError(f"no message {message_id!r} in advisor/words/catalogue") from None


def say(message: Message | DataText | None) -> str:
    """The sentence (or phrase) `message` stands for; a data text (a rule's title, a rationale) as the language has
    it; '' for None (a part whose pipeline stage did not run)."""
    if message is None:
        return ""
    if isinstance(message, DataText):
        return message.english
    text = template(message.id)
    params = message.args
    if isinstance(text, Plural):
        count = params[text.count]
        amount = count.value if isinstance(count, Number) else count
        text = text.one if amount == 1 else text.other
    words = {name: _say_param(value) for name, value in params.items() if not isinstance(value, DataText)}
    for name, value in params.items():  # a data text may name the message's other parameters: 'Not stated: {unstated}.'
        if isinstance(value, DataText):
            words[name] = _filled(value.english, words)
    return text.format(**words)


def _filled(english: str, words: dict[str, str]) -> str:
    """A data text with the `{name}` fields it names filled in (other braces, which rules texts may hold, kept)."""
    for name, word in words.items():
        english = english.replace("{" + name + "}", word)
    return english


def _say_param(value: Param) -> str:
    if isinstance(value, Message):
        return say(value)
    if isinstance(value, Number):
        return _number(value)
    if isinstance(value, Words):
        return _join([_say_param(item) for item in value.items], value.join)
    if isinstance(value, DataText):
        return value.english
    return str(value)


def _number(number: Number) -> str:
    kind = number.kind
    if kind.startswith("decimal:"):
        return numbers.decimal(number.value, int(kind.split(":", 1)[1]))
    if kind == "count":
        return str(int(number.value))
    if kind == "integer":  # a count with thousands grouped: '4,096'
        return f"{int(number.value):,}"
    if kind == "g":  # a threshold from the rules as written there: '0.5', '0.05'
        return f"{number.value:g}"
    formatter: dict[str, Callable[[float], str]] = {"fit": numbers.fit, "margin": numbers.difference, "difference": numbers.difference,
                 "signed": numbers.signed, "percent": numbers.percent, "weight": numbers.weight}
    return formatter[kind](number.value)


def _join(items: list[str], join: str) -> str:
    """'a', 'a and b', 'a, b and c' (no serial comma: English as the tool has always written it)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {join} {items[-1]}"


def said(data: object) -> object:
    """`data` (dicts, lists, tuples, as a core `to_dict()` gives them) with every `Message` (and data text) in it
    said: the JSON view."""
    kind = type(data)
    if kind in _PLAIN:  # most of a result is numbers and ids: returned at once (a batch says every row)
        return data
    if isinstance(data, dict):
        return {key: value if type(value) in _PLAIN else said(value) for key, value in data.items()}
    if isinstance(data, Message):
        return say(data)
    if isinstance(data, DataText):
        return data.english
    if isinstance(data, list | tuple):
        return [item if type(item) in _PLAIN else said(item) for item in data]
    return data


_PLAIN = frozenset({str, int, float, bool, type(None)})
