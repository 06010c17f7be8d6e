"""The vocabulary in the templates: Jinja2's i18n extension, the numbers and lists as filters, in the current language.

One environment serves every language (the report and the web pages share it, compiled once and cached): its
gettext functions look the text up in the translations of the language current at render time (a CLI run's
`--lang`, a web request's `Accept-Language`), as `install_gettext_translations` would for one language. Newstyle
gettext: `{{ _("Fit %(fit)s", fit=x|fit) }}` escapes the values and formats once; a literal percent in a marked text
is written `%%`. `make messages` extracts the templates with the same options (advisor/words/extract.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import jinja2

from advisor.words.data import localised
from advisor.words.language import current
from advisor.words.numbers import NUMBER_FILTERS
from advisor.words.say import join, say
from advisor.words.translations import translations

EXTENSIONS = ("jinja2.ext.i18n",)  # every template environment is made with these; `install` fills them
POLICIES: Mapping[str, Any] = MappingProxyType({})
"""Jinja policies of the i18n extension (none changed: `{% trans trimmed %}` trims where a template asks)."""


def _gettext(message: str) -> str:
    return translations(current()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def _pgettext(context: str, message: str) -> str:
    return translations(current()).pgettext(context, message)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current()).npgettext(context, singular, plural, n)


def install(environment: jinja2.Environment) -> None:
    """Give `environment` (made with `EXTENSIONS`) the current language's translations, the numbers module's filters
    (`fit`, `percent`, `weight`, `signed`, `decimal`, `difference`, `count`), `say` (a core `Message`), `join`
    (a list: 'a, b and c') and `localised` (a bundled YAML document's texts)."""
    environment.policies.update(POLICIES)
    environment.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )
    environment.filters |= NUMBER_FILTERS
    environment.filters |= {"say": say, "join_words": join}
    environment.globals.update(localised=localised, current_language=current)
