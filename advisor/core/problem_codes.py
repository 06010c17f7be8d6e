"""The stable code of every kind of `Problem`: what tests and API clients match, whatever the message's words.

A code is dotted and lower-case, `<input or check>.<what>`; once published it keeps its meaning. The README lists
them (a test checks that the two agree and that every code here is used).
"""

from __future__ import annotations

PROBLEM_CODES: dict[str, str] = {
    # reading a file or a body
    "file.missing": "The file does not exist.",
    "file.is_directory": "A folder was given where a file is read.",
    "file.permission": "The file may not be read.",
    "file.unreadable": "The file could not be read (an I/O error).",
    "file.too_large": "The file or body is larger than the most accepted.",
    "file.empty": "The file or body is empty.",
    "file.encoding": "The file or body is not valid UTF-8.",
    "json.syntax": "Not valid JSON.",
    "json.duplicate_key": "A JSON object gives the same key twice.",
    "yaml.syntax": "Not valid YAML.",
    "yaml.too_deep": "The YAML is nested deeper than accepted.",
    "yaml.alias": "The YAML uses anchors or aliases.",
    "yaml.tag": "The YAML uses a tag: only plain data is accepted.",
    "yaml.key": "A YAML key is not a plain name (a merge key or a complex key).",
    "yaml.duplicate_key": "A YAML mapping gives the same key twice.",
    # any input against its schema (profile, rules, questions, an API request)
    "schema.unknown_key": "A key the schema does not have at that place.",
    "schema.missing": "A required key is missing.",
    "schema.type": "A value of the wrong type (a number expected, a list, an object...).",
    "schema.out_of_range": "A number outside its allowed range.",
    "schema.not_a_choice": "A value that is not one of the allowed choices.",
    "schema.too_long": "A text or list longer than allowed.",
    "schema.too_short": "A text or list shorter than allowed.",
    "schema.empty": "A value that must not be empty is empty.",
    "schema.duplicate": "A list that gives the same value more than once.",
    "schema.pattern": "A text that does not match its pattern.",
    "schema.invalid": "A value the schema's own checks refuse (the message says why).",
    # profiles
    "profile.not_object": "A profile that is not a JSON object.",
    "profile.schema_version": "A profile's schema_version is not one this advisor reads.",
    "profile.use_case.unknown": "A need names a use case the active rules do not have.",
    "profile.draft": "An unfinished questionnaire draft given where a profile is expected.",
    "profile.needs.none": "No use case has an importance above 0 with a volume above none.",
    # rules
    "rules.missing": "No rules file of that name, nor bundled rules of that name.",
    "rules.not_mapping": "A rules file that is not a mapping of keys.",
    "rules.extends.invalid": "`extends` does not name a .yaml file in the same folder or a bundled one.",
    "rules.extends.missing": "The file `extends` names does not exist.",
    "rules.extends.stdin": "Rules read from standard input cannot extend another file.",
    "rules.extends.nested": "The file `extends` names extends another (one level only).",
    "rules.tracks.incomplete": "The rules do not describe exactly the tracks the tool knows.",
    "rules.volume_factors.invalid": "Volume factors missing, decreasing, or all 0.",
    "rules.robustness.invalid": "Robustness settings incomplete or out of order.",
    "rules.rating.missing": "A use case lacks the rating of a track.",
    "rules.track.unknown": "A rating or example names a track the tool does not know.",
    "rules.rating.label_unknown": "A rating's label is not on the scale.",
    "rules.source.unknown": "A rating cites a source not listed under sources.",
    "rules.context.invalid": "A context rule names an unknown field or value, or can never hold.",
    "rules.duties.invalid": "A duty names a jurisdiction the rules do not describe, or its trigger can never hold.",
    "rules.domain.invalid": "The domain lists (rules/domain.json: deployment paths, skills, derived facts, acronyms) are missing, empty, repeated or unknown.",
    # the questionnaire (questions.yaml)
    "questions.section.empty": "A section has no questions.",
    "questions.invalid": "A question is inconsistent: a duplicate id, a condition on a later question, bad choices.",
    "questions.survey.invalid": "A survey question repeats an id or has a condition.",
    "questions.coverage": "A context rule uses a profile field or value that no question can give.",
    # answers (advisor ask, --answers, --resume, a survey)
    "answers.not_object": "An answers file that is not a JSON object.",
    "answers.missing": "A question without an answer and without a default.",
    "answers.invalid": "An answer that is not one the question accepts.",
    "answers.not_a_draft": "A file given to --resume that is not a draft saved by advisor ask.",
    # groups
    "group.empty": "A group without any valid respondent.",
    # the web server and its JSON API
    "request.media_type": "A request body not sent as Content-Type: application/json.",
    "request.too_deep": "A request body nested deeper than the server accepts.",
    "request.too_many_keys": "A request body with more keys and list items than the server accepts.",
    "request.too_large": "A request body larger than the server accepts.",
    "request.not_found": "Nothing at this address (or no such draft, result or section).",
    "request.refused": "A request the server refuses (its HTTP status says why: a wrong method, a bad request...).",
    "request.not_finished": "The questionnaire of this result is not finished yet.",
    "request.result_unavailable": "The saved profile does not fit the rules the server runs now.",
    "request.timeout": "The request body stopped arriving before it was complete.",
    "request.conflict": "The request conflicts with the state of what it addresses.",
    "request.limited": "Too many requests, or the server is busy: try again later (Retry-After says when).",
    "request.forbidden": "A request refused for its origin, its CSRF token or its session.",
    "whatif.change.invalid": "A what-if change that cannot be applied to the profile.",
    "whatif.change.overlap": "A what-if change inside another change.",
    "upload.no_file": "An upload form sent without a file.",
    "problems.more": "Stands for the problems a refusal does not list (it says how many).",
    "survey.no_responses": "A survey's group assessment asked for before any response was accepted.",
    "server.storage": "The server's disk or database refused to save (full, read-only): try again later.",
    "server.error": "An unexpected error on the server; the message names an error id its log explains.",
}
