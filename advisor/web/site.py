"""What every page of one server shares: the active rules, the questionnaire, the drafts and the templates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from advisor.core.rules import Rules
from advisor.core.version import __version__
from advisor.io.sources import load_rules
from advisor.questionnaire import Questionnaire, load_questions
from advisor.report import template_environment
from advisor.web.security import CSRF_FIELD, csrf_token, set_csrf_cookie
from advisor.web.store import Store


def default_data_dir() -> Path:
    """The user's data folder for advisor: $XDG_DATA_HOME/advisor, else ~/.local/share/advisor."""
    root = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(root) / "advisor"


@dataclass
class Site:
    """The state of one server."""

    rules: Rules
    rules_source: str | None
    questionnaire: Questionnaire
    store: Store

    @property
    def templates(self) -> jinja2.Environment:
        return template_environment()

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page rendered from templates/web/`template`, with the CSRF token every form needs."""
        context = {
            "request_path": request.url.path,
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token(request),
            "advisor_version": __version__,
            "rules_label": f"{self.rules.name} {self.rules.version}",
            **values,
        }
        html = self.templates.get_template(f"web/{template}").render(context)
        response = HTMLResponse(html, status_code=status)
        set_csrf_cookie(request, response)
        return response


def open_site(rules_source: str | None, data_dir: Path | None) -> Site:
    """Load the rules and the questionnaire and open the drafts database (errors are the CLI's InvalidInput)."""
    rules = load_rules(rules_source)
    questionnaire = load_questions(rules)
    return Site(rules, rules_source, questionnaire, Store(data_dir or default_data_dir()))
