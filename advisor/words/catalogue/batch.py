"""The batch command's own words (advisor/batch/run.py, batch/inputs.py): its summary, warnings and refusals."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    "batch.summary": Plural(
        "read {n} profile: {scored} scored, {invalid} invalid; "
        "recommendations: {counts}; scored in {elapsed} s ({rate} profiles/s){written}",
        "read {n} profiles: {scored} scored, {invalid} invalid; "
        "recommendations: {counts}; scored in {elapsed} s ({rate} profiles/s){written}",
    ),
    "batch.summary.none": "none",
    "batch.summary.rings": "; rings:{rings}",
    "batch.summary.reports": "; reports in {folder}",
    "batch.progress.rate": "{rate} profiles/s",
    "batch.progress.scoring": "scoring",
    "batch.duplicate_id": (
        "warning: more than one profile has the id {profile_id}; give each profile its own id to tell them apart"
    ),
    "batch.portfolio.of": Plural("Of {n} profile", "Of {n} profiles"),
    "batch.portfolio.of_assessed": Plural("Of {n} profile assessed", "Of {n} profiles assessed"),
    "batch.portfolio.headline": "{of}: {rings}.",
    "batch.portfolio.none_assessed": "No profile could be assessed.",
    "batch.portfolio.not_analysed": "not analysed",
    "batch.reports_is_file": (
        "--reports {folder}: {existing} is a file; give a folder (it gets one PDF per profile and portfolio.pdf)"
    ),
}
