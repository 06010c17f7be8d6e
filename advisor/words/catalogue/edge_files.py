"""Sentences of the edges that read and write files and name things: batch inputs, the report's files, the Python
API's arguments, language tags."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # advisor batch: the inputs named on the command line
    "edge.batch.folder_empty": "{item}: the folder holds no .json or .jsonl file",
    "edge.batch.pattern_no_file": "{item}: the pattern matches no file",
    "edge.batch.pattern_only_folders": "{item}: the pattern matches only folders without a .json or .jsonl file",
    "edge.batch.no_such_input": "{item}: no such file or folder",
    # advisor report
    "edge.report.exists_other_report": (
        "{path} already exists and is the report of {owner}; not replaced. Name another file with -o, or replace it "
        "with --force"
    ),
    "edge.report.exists_not_report": (
        "{path} already exists and is not a report by advisor; not replaced. Name another file with -o, or replace it "
        "with --force"
    ),
    "edge.report.paper": "--paper {paper}: choose one of {sizes}",
    "edge.report.refused_asset": "refused to load {url}: only bundled assets may be loaded",
    # the Python API
    "edge.api.rules_argument": (
        "rules must be a Rules object (advisor.load_rules()), a bundled rules name ('default', 'extended') or the "
        "path of a rules file (str or Path), not {kind}"
    ),
    # language tags (--lang, ADVISOR_LANG)
    "edge.language.not_a_tag": "{tag} is not a language tag (such as en, en-GB or en-XA)",
}
