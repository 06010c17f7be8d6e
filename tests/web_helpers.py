"""Helpers for the web tests: an app on a temporary data folder, and forms filled in as a browser would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from advisor.web import Site, create_app, open_site


def client_for(data_dir: Path, rules: str | None = None) -> tuple[TestClient, Site]:
    """A test client of a fresh server whose drafts live in `data_dir`."""
    site = open_site(rules, data_dir)
    return TestClient(create_app(site)), site


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found[1]


def form_fields(html: str) -> dict[str, list[str]]:
    """What a browser sends for the page's question form as it is (checked boxes and radios, text values, hidden
    fields), skipping disabled fieldsets, as a browser does."""
    form = html[html.index('class="questions"') :]
    form = form[: form.index("</form>")]
    form = re.sub(r"<fieldset disabled.*?</fieldset>", "", form, flags=re.DOTALL)
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name:
            continue
        if kind and kind[1] in ("radio", "checkbox") and " checked" not in tag:
            continue
        fields.setdefault(name[1], []).append(_unescape(value[1]) if value else "")
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def submit(client: TestClient, url: str, html: str, changes: dict[str, Any], action: str = "next") -> Any:
    """Post the page's form at `url` with `changes` (field -> value or list of values) over what it shows."""
    fields = form_fields(html)
    for name, value in changes.items():
        fields[name] = value if isinstance(value, list) else [value]
    fields["action"] = [action]
    return client.post(url, data=fields, follow_redirects=False)


def untimed(message: str) -> str:
    """A refusal's log line without the time its count runs from ('... since 12:17:37 UTC'), to compare as text."""
    return re.sub(r" since \d\d:\d\d:\d\d UTC", "", message)
