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
    "problem.profile.quantity.number": "must be a number of items per month (0 or more)",
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
    "problem.file.empty": "the file is empty",
    # YAML (advisor/core/yamldata.py)
    "problem.yaml.too_deep": "nested too deeply (more than {most} levels)",
    "problem.yaml.syntax": "not valid YAML: {reason}",
    "problem.yaml.alias": "YAML anchors and aliases are not allowed in this file",
    "problem.yaml.tag": "YAML tag '{tag}' is not allowed: only plain data is accepted",
    "problem.yaml.key": "keys must be plain names (no merge keys or complex keys)",
    "problem.yaml.duplicate_key": "duplicate key '{key}'",
    # regions and languages (advisor/core/places.py)
    "problem.place.country_unassigned": "{country} belongs to no region here; name the region you operate in",
    "problem.place.region_unknown": (
        "unknown region '{spelling}'; use one of {regions}, or a country's name or ISO 3166 code (Germany, DE, DEU)"
    ),
    "problem.place.country_unknown": "unknown country '{spelling}'; use its name or ISO 3166 code (Germany, DE, DEU)",
    "problem.place.language_unknown": (
        "'{tag}' is not a known language tag; use an ISO 639 code such as en, de or sw, optionally with a "
        "region or script (en-GB, pt-BR, zh-Hans)"
    ),
    # rules (advisor/core/rules.py)
    "problem.rules.extends.invalid": "must name a .yaml file in the same folder or a bundled one, e.g. default.yaml",
    "problem.rules.extends.stdin": "a rules file read from standard input cannot extend another",
    "problem.rules.extends.nested": "{base} itself extends another file; one level only",
    "problem.rules.quantities.rising": "the quantities per user must not fall as the volume rises: low <= medium <= high",
    "problem.rules.quantities.consumes": "a unit must consume something: tokens_in, tokens_out, images, audio_minutes or video_minutes",
    "problem.rules.quantities.use_case": "no use case '{use_case}' in the rules; the use cases are {known}",
    "problem.rules.users_by_size.all": "users_by_size must give every organisation size: 1-50, 51-250, 251-1000, 1000+",
    "problem.prices.package": "names genai-prices {named}, but {installed} is installed: install {named}, or name {installed} after checking its prices",
    "problem.prices.model": "{package} has no model '{model}' of provider '{provider}'",
    "problem.rules.prices.ordered": "the figures must be in order: low <= typical <= high",
    "problem.rules.prices.gpu_paths": "gpu_hour must give the price on private_cloud and on_premises",
    "problem.rules.prices.seats": "seats must give the per-seat price of both tracks: llm and generative_ai",
    "problem.rules.prices.units": "units must give the price of images, audio_minutes and video_minutes",
    "problem.rules.roadmap.weeks": "a phase must end after it starts: weeks.from < weeks.to",
    "problem.rules.roadmap.rings": "the roadmap must give the phases of every ring: {rings}",
    "problem.rules.need_size.order": "the sizes must start in order: modest_from < substantial_from < strong_from",
    "problem.rules.scale.same_value": "two labels have the same value; every label needs its own place in the order",
    "problem.rules.not_mapping": "the rules must be a mapping of keys (name, version, scale, ...)",
    "problem.rules.tracks.incomplete": "must describe exactly the tracks {tracks}",
    "problem.rules.volume_factors.missing": "must give a factor for each of {volumes}",
    "problem.rules.volume_factors.order": "factors must not decrease from none to high, and one must be above 0",
    "problem.rules.robustness.concentration": "must give a concentration for each of {levels}",
    "problem.rules.robustness.verdict": "needs robust_min_p >= moderate_min_p >= fragile_min_p",
    "problem.rules.rating.missing": "missing the rating for track '{track}'",
    "problem.rules.track.unknown": "unknown track '{track}'; the tracks are {tracks}",
    "problem.rules.rating.label_unknown": "unknown rating label '{label}'; the scale has {labels}",
    "problem.rules.source.unknown": "unknown source '{source}'; add it under sources",
    # the rules' context sections (advisor/core/context_rules.py)
    "problem.context.veto.kind": "a veto names one of deployment, use_cases or practice, or tracks alone",
    "problem.context.veto.practice_tracks": "a practice veto takes no tracks",
    "problem.context.veto.no_paths": "a deployment veto needs a deployment section with its paths",
    "problem.context.effect": "a context rule has exactly one effect: modifier, veto, obligation or flag",
    "problem.context.ring.default_not_last": "only the last ring may have no condition (it applies when no other does)",
    "problem.context.ring.last_has_condition": "the last ring needs no condition: it is the default",
    "problem.context.ring.meaning": "must say what each ring means: {rings}",
    "problem.context.deployment.paths": "must describe exactly the paths {paths}, in this order",
    "problem.context.deployment.by_skills": "must give a path for each skill level: {skills}",
    "problem.context.never_holds": "never holds: no profile has {condition}",
    "problem.context.never_holds.takes": "never holds: no profile has {condition} ({field} takes {takes})",
    "problem.context.group_empty": "'{group}' needs at least one condition",
    "problem.context.field_unknown": "unknown field '{field}'; fields look like context.deployment or needs.art.importance",
    "problem.context.field_unknown.near": "unknown field '{field}'; did you mean {near}?",
    "problem.context.unknown.track": "unknown track '{name}'; known: {known}",
    "problem.context.unknown.deployment_path": "unknown deployment path '{name}'; known: {known}",
    "problem.context.use_case_unknown": "unknown use case '{use_case}'; the rules have {use_cases}",
    # conditions (advisor/core/conditions.py)
    "problem.condition.list_operator": (
        "'{op}' reads a list, but {subject} holds one value; use equals, not_equals, in or not_in"
    ),
    "problem.condition.value_operator": (
        "'{op}' compares one value, but {subject} is a list; use contains, contains_any or outside"
    ),
    "problem.condition.not_numbers": "'{op}' compares numbers, but {subject} takes {takes}",
    "problem.condition.empty_list": "'{op}' with an empty list never holds",
    "problem.condition.standard_form": "{value} never matches {subject}, which holds {takes}: write '{standard}'",
    "problem.condition.not_a_value": "{value} is not a value of {subject}; it takes {takes}",
    "problem.condition.out_of_range": "'{op}: {operand}' never holds: {subject} is {takes}",
    "problem.condition.several": "use either all, any, or {subject} with one comparison, not several",
    "problem.condition.operator": "needs {subject} and exactly one of {operators}",
    # duties by jurisdiction (advisor/core/duties.py)
    "problem.duties.jurisdiction.place": "a jurisdiction names a region or a country (or both)",
    "problem.duties.dates": "applies_until is before applies_from",
    "problem.duties.any": "only a practice (kind: practice) applies everywhere (jurisdiction: any), and a practice always does",
    "problem.duties.region": "unknown region '{region}'; the regions are {known}",
    "problem.duties.jurisdiction": "jurisdiction '{code}' is not described under jurisdictions; described: {known}",
    # the domain lists (advisor/core/domain.py)
    "problem.domain.not_object": "expected an object of lists",
    "problem.domain.not_texts": "expected a non-empty list of non-empty texts",
    "problem.domain.twice": "names {names} more than once",
    "problem.domain.unknown": "unknown list; the lists are {lists}",
    # scoring and groups
    "problem.scoring.needs.none": "no content needs given: every use case has importance 0 or volume none",
    "problem.group.empty": "a group needs at least one respondent",
    # the Python API (advisor/api.py)
    "problem.rules.missing": "no such rules file, nor bundled rules of that name; the bundled rules are {names}",
    "problem.api.not_a_profile": "a profile is a dict, JSON text or bytes, not {kind}",
}
