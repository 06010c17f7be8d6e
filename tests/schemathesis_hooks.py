"""Schemathesis's extensions for advisor's JSON API (named by `tests/schemathesis.toml`, used by `st run` from the project
folder and by tests/test_web_openapi.py): strategies for the profile's three formats, and the what-if's one rule that
JSON Schema cannot state."""

from __future__ import annotations

import json
import re
from typing import Any

import schemathesis
from hypothesis import strategies as st

from advisor.core.places import canonical_language, regions


def _known(tag: str) -> bool:
    try:
        return canonical_language(tag) == tag
    except ValueError:
        return False


LANGUAGE_TAGS = [
    base + region
    for base in "en de fr es pt it nl sv ja zh ar sw hi".split()  # noqa: SIM905 - a list of words reads best as words
    for region in ("", "-GB", "-BR", "-US")
]
"""Tags for the profile's `language-tag` format, a known BCP 47 tag (no JSON Schema keyword says "known"); at least
50, as a list of languages may hold 50 different ones."""
COUNTRIES = ["Germany", "DE", "DEU", "Japan", "US", "Brazil"]
"""Countries for the `country` format (organization.countries: a name or an ISO 3166 code), and for the `region` format
beside the regions' own names."""

schemathesis.openapi.format("language-tag", st.sampled_from([tag for tag in LANGUAGE_TAGS if _known(tag)]))
schemathesis.openapi.format("region", st.sampled_from([*regions().names, *COUNTRIES]))
schemathesis.openapi.format("country", st.sampled_from([*COUNTRIES, "CH", "GB", "fr", "United Kingdom"]))

JOINT = re.compile(r"changes\.needs(\.[a-z0-9_]+\.importance)?")
"""Where a what-if's changes, applied together to its profile, can break it."""


@schemathesis.check
def whatif_refuses_a_valid_body_only_for_what_the_changes_do_together(ctx: Any, response: Any, case: Any) -> None:
    """A what-if body valid under its schema may still be refused when its changes, applied together to its profile,
    leave no content need or set a need's volume without its importance: a rule across the profile and the changes
    that JSON Schema cannot state. Such a 422 names exactly that; any other refusal of a valid body is a failure.

    `tests/schemathesis.toml` lets 422 pass positive_data_acceptance for the what-if only; this check takes its place."""
    meta = case.meta
    if case.operation.path != "/api/v1/whatif" or response.status_code != 422 or meta is None:
        return
    if not meta.generation.mode.is_positive:
        return
    for problem in json.loads(response.content)["problems"]:
        joint = JOINT.fullmatch(problem["path"]) and (
            problem["message"].startswith("no content needs given") or problem["message"] == "is required but missing"
        )
        assert joint, f"a schema-valid what-if was refused: {problem}"
