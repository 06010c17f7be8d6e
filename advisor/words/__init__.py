"""The one vocabulary: every sentence a user reads is said here, from a core `Message` or a label id.

An edge between the core and the views (io, report, web, batch, group import it; the core never does). Messages are
kept in `advisor/words/catalogue/*.py`, one module per area, each a `MESSAGES` dict of id -> English template
(`str.format` fields named like the message's parameters; a `Plural` where the words agree with a count). `say()`
looks the template up, passes it through the language's translations (gettext, advisor/locale; English is the
identity) and fills in the parameters, each said for that language: numbers by `advisor.words.numbers`, lists joined
by Babel (`join`), data texts from the language's overlay of rules/ and questions.yaml (`advisor.words.data`).
The language is the current one (`advisor.words.language`: set by the CLI's `--lang`/ADVISOR_LANG and per web
request from Accept-Language) or an explicit `lang=`. Texts the edges write themselves are marked `gettext("...")`
(or `ngettext`, `pgettext`), which `make messages` extracts.
"""

from __future__ import annotations

from advisor.words.language import current as current_language
from advisor.words.language import set_language, speaking
from advisor.words.plural import Plural
from advisor.words.problems import problem_text  # noqa: F401 (loading it makes str(InvalidInput) read as the CLI prints)
from advisor.words.say import join, said, say, template
from advisor.words.translations import data_text


def gettext(message: str) -> str:
    """A text an edge writes (marked for `make messages`), in the current language."""
    from advisor.words.translations import text

    return text(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A text an edge writes that agrees with `n`, in the current language."""
    from advisor.words.translations import translations

    return translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A text an edge writes, told apart by `context`, in the current language."""
    from advisor.words.translations import translations

    return translations(current_language()).pgettext(context, message)


__all__ = [
    "Plural",
    "current_language",
    "data_text",
    "gettext",
    "join",
    "ngettext",
    "pgettext",
    "said",
    "say",
    "set_language",
    "speaking",
    "template",
]
