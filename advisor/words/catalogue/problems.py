"""Problems with an input (advisor/words/problems.py): where they are, and what the core found wrong."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # where a problem is
    "problem.where.line": "line {line}",
    "problem.where.line_column": "line {line} column {column}",
    "problem.where.path": "{path} ({position})",
    # the value a problem is about, after its message
    "problem.got": "{message} (got {value})",
    "problem.got.empty": "{message} (left empty)",
    "problem.got.object": "{message} (got an object)",
    "problem.got.list": "{message} (got a list)",
    # any input against its schema (advisor/core/validation.py)
    "problem.schema.unknown_key": "unknown key",
    "problem.schema.unknown_key.allowed": "unknown key; allowed here: {allowed}",
    "problem.schema.missing": "is required but missing",
    "problem.schema.at_most": "must be at most {limit}",
    "problem.schema.less_than": "must be less than {limit}",
    "problem.schema.at_least": "must be at least {limit}",
    "problem.schema.greater_than": "must be greater than {limit}",
    "problem.schema.whole_number": "must be a whole number",
    "problem.schema.number": "must be a number",
    "problem.schema.finite_number": "must be a finite number (not NaN or infinity)",
    "problem.schema.text": "must be a text string",
    "problem.schema.boolean": "must be true or false",
    "problem.schema.object": "must be an object (a mapping of keys)",
    "problem.schema.list": "must be a list",
    "problem.schema.one_of": "must be one of {expected}",
    "problem.schema.too_long.characters": "is too long (at most {most} characters)",
    "problem.schema.too_long.items": "is too long (at most {most} items)",
    "problem.schema.empty": "must not be empty",
    "problem.schema.too_short": "is too short (at least {least})",
    "problem.schema.pattern": "must match the pattern {pattern}",
    "problem.schema.other": "{reason}",
    # profiles (advisor/core/profile.py)
    "problem.profile.importance.whole": "must be a whole number from 0 to 5",
    "problem.profile.duplicate": "lists each value more than once; give every value once",
    "problem.profile.duplicate.language": (
        "lists each value more than once ('{first}' and '{given}' are both {tag}); give every value once"
    ),
    "problem.profile.schema_version": "unsupported schema version {given}; this advisor reads version {version}",
    "problem.profile.use_case.unknown": "unknown use case '{use_case}'; the active rules have: {known}",
    "problem.profile.not_object.list": "a profile must be a JSON object, not a list",
    "problem.profile.not_object.string": "a profile must be a JSON object, not a string",
    "problem.profile.not_object.null": "a profile must be a JSON object, not null",
    "problem.profile.not_object.boolean": "a profile must be a JSON object, not a boolean",
    "problem.profile.not_object.number": "a profile must be a JSON object, not a number",
    "problem.profile.draft": (
        "this is an unfinished questionnaire draft, not a profile; finish it with: advisor ask --resume {source}"
    ),
    "problem.profile.needs.none": (
        "no content needs given: every use case has importance 0 or volume none; "
        "give at least one use case an importance from 1 to 5"
    ),
    "problem.profile.empty": "the file is empty; expected a JSON profile",
    # files and JSON (advisor/core/profile.py, rules.py, yamldata.py)
    "problem.file.too_large": "the file is larger than {mib} MiB",
    "problem.file.encoding": "not valid UTF-8 (byte {byte})",
    "problem.json.syntax": "not valid JSON: {reason}",
    "problem.json.not_a_number": "NaN and Infinity are not numbers in JSON",
    "problem.json.too_deep": "nested too deeply",
    "problem.json.number_too_large": "number too large",
    "problem.json.duplicate_key": "duplicate key: given more than once in the same object",
}
