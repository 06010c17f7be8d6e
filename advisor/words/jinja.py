"""The vocabulary in the templates: Jinja2's i18n extension, given the language's translations in one place."""

from __future__ import annotations

import jinja2

EXTENSIONS = ("jinja2.ext.i18n",)  # every template environment is made with these; `install` fills them


def install(environment: jinja2.Environment) -> None:
    """Give `environment` (made with `EXTENSIONS`) the translations of its templates' texts: English for now."""
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
