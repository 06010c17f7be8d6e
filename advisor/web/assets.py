"""The bundled assets (style sheet, script) at addresses that carry a digest of their content, so that a browser may
keep them for a year: a changed file gets a new address. The PDF report loads its assets from files, not from here."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from advisor.core.resources import bundled_dir

LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def assets_dir() -> Path:
    """The folder served at /assets."""
    return bundled_dir("templates") / "assets"


def asset_digest(name: str) -> str:
    """The first 12 hex digits of the sha256 of asset `name` ('' when there is no such file)."""
    path = assets_dir() / name
    try:
        status = path.stat()
    except OSError:
        return ""
    return _digest(str(path), status.st_mtime_ns, status.st_size)  # read again when the file changes


@lru_cache(maxsize=64)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(name: str) -> str:
    """The address the pages use for asset `name`: '/assets/web/site.css?v=<digest>'."""
    return f"/assets/{name}?v={asset_digest(name)}"


def asset_cache_control(name: str, query: str) -> str:
    """Cache-Control of an asset: kept for a year at its digest's address, else checked again at every use."""
    wanted = asset_digest(name)
    return LONG_CACHE if wanted and f"v={wanted}" in query.split("&") else REVALIDATE
