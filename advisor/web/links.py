"""Absolute links (resume links, survey links): built from `--public-url` when the server was given one, never from
a client's Host header alone."""

from __future__ import annotations

from urllib.parse import urlsplit

from advisor.core.errors import UsageError


def public_base_url(value: str) -> str:
    """`--public-url` checked and normalised: an http(s) address with a host, no query or fragment, ending in '/'."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--public-url {value}: give the address people use, like https://advisor.example.org/")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UsageError(f"--public-url {value}: give it without a query, fragment or user name")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc.lower()}{path}"
