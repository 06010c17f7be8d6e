"""The questionnaire's own sentences (advisor/questionnaire: ask, answers, questions, coverage, --set overrides)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # advisor ask
    "edge.ask.no_answer": "no answer given and no default; pass --set {field}=... or an --answers file",
    "edge.ask.list_hint": "{message}; give a JSON list, e.g. --set {field}='{example}'",
    "edge.ask.holds_draft": (
        "{target} already holds an unfinished questionnaire draft; continue it with advisor ask --resume {target}, "
        "choose another file with -o, or pass --force to replace it"
    ),
    "edge.ask.holds_file": "{target} already holds a file; choose another file with -o, or pass --force to replace it",
    "edge.ask.replace_draft": "{target} already holds an unfinished questionnaire draft. Replace it?",
    "edge.ask.replace_file": "{target} already holds a file. Replace it?",
    "edge.ask.saved": "saved the profile to {target}",
    "edge.ask.section": "Section {number} of {count}: {title}",
    "edge.ask.content_needs": "Content needs: {no_needs}.",
    "edge.ask.needs_terminal": (
        "advisor ask needs a terminal to ask its questions. For an unattended run add --defaults, "
        "with --answers FILE and --set PATH=VALUE for the answers you have, e.g.\n"
        "  advisor ask --defaults --set organization.name=Acme --set needs.code.importance=5 -o -"
    ),
    "edge.ask.stdout_needs_defaults": "-o - writes to standard output, which only works with --defaults",
    "edge.ask.answers_not_object": "the answers file must be a JSON object (a full or partial profile)",
    # answers
    "edge.answers.no_needs": (
        "no content needs given: every use case has importance 0; give at least one use case an importance from 1 to 5"
    ),
    "edge.answers.none_and_others": "choose either '{none}' or the others, not both",
    "edge.answers.item_hint": "{word} {hint}",
    "edge.answers.item_problem": "{word}: {problem}",
    "edge.answers.not_a_draft": "not a draft saved by advisor ask; use --answers for a profile",
    # questions.yaml
    "edge.questions.not_utf8": "not valid UTF-8",
    "edge.questions.section_empty": "a section needs questions or generated: use_cases",
    "edge.questions.duplicate_id": "duplicate question id '{question}'",
    "edge.questions.survey_condition": "a survey question takes no condition",
    "edge.questions.refers_later": "the condition refers to a later question '{ref}'; only earlier questions can be used",
    "edge.questions.refers_unknown": (
        "the condition refers to an unknown question '{ref}'; only earlier questions can be used"
    ),
    "edge.questions.never_holds": "never holds: no answers give {condition}, so the question is never asked",
    "edge.questions.list_not_text": "list: true applies to text questions, not to a {type} question",
    "edge.questions.item_hint_needs_list": "item_hint needs list: true",
    "edge.questions.none_choice_not_checkbox": "none_choice applies to checkbox questions, not to a {type} question",
    "edge.questions.needs_choices": "a {type} question needs choices",
    "edge.questions.takes_no_choices": "a {type} question takes no choices",
    "edge.questions.default_not_choice": "default {default} is not one of the choices {values}",
    "edge.questions.default_not_choices": "default must be a list of choice values from {values}",
    "edge.questions.default_not_level": "default must be a whole number from 0 to {top}",
    "edge.questions.default_not_bool": "default must be true or false",
    "edge.questions.default_not_texts": "default must be a list of texts (list: true)",
    # coverage of context rules by the questions
    "edge.coverage.reader": "context rule '{rule}' of {rules_name} reads {field}",
    "edge.coverage.unasked": "no question asks {field}, but {reader}",
    "edge.coverage.fact": "{field} is {value}",
    "edge.coverage.others_not_needed": "the other use cases its condition names are not needed",
    "edge.coverage.none_needed": "none of the use cases its condition names is needed",
    "edge.coverage.and": "{left} and {right}",
    "edge.coverage.not_asked": (
        "question '{question}' is not asked when {situation}, but {reader} and can fire then; "
        "widen the question's condition"
    ),
    # --set PATH=VALUE and what-if changes
    "edge.set.expected": "--set {setting}: expected PATH=VALUE, for example needs.art.importance=5",
    "edge.set.duplicate_key": "--set {setting}: {where}: duplicate key in the JSON value",
    "edge.set.problem": "--set {setting}: {problem}",
    "edge.set.change_problem": "{path}: {problem}",
    "edge.set.not_an_object": "{path} is not an object, so it has no field {key}",
}
