"""The optional quantity questions of the questionnaire (advisor/questionnaire/quantities.py): what an answer left
empty would be, and why a typed number is refused. The questions themselves are data (rules/questions.yaml)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "questionnaire.quantities.users.derived": (
        "Left empty, it is derived from the organisation's size ({size}): {users} people."
    ),
    "questionnaire.quantities.users.by_size": "Left empty, it is derived from the organisation's size: {sizes}.",
    "questionnaire.quantities.users.at_size": "{users} people at {size}",
    "questionnaire.quantities.users.unknown": (
        "Left empty, and with no size given, it stays unknown: costs per seat and quantities are then not estimated."
    ),
    "questionnaire.quantities.derived": (
        "Left empty, it is derived: {users} people x {per_user} each at {volume} volume = {amount} {unit} a month."
    ),
    "questionnaire.quantities.derived_by_volume": (
        "Left empty, it is derived from {users} people and the volume: {low} {unit} a month at low volume, "
        "{medium} at medium, {high} at high."
    ),
    "questionnaire.quantities.unknown": (
        "Left empty, and with neither the number of people nor the organisation's size, it stays unknown and is not "
        "costed."
    ),
    "questionnaire.quantities.not_a_number": "type a number, such as {example}, or leave it empty",
    "questionnaire.quantities.negative": "must be 0 or more",
    "questionnaire.quantities.not_whole": "must be a whole number, such as 25",
    "questionnaire.quantities.not_number": "only a number question takes a unit or whole (this one is {type})",
    "questionnaire.quantities.default_not_number": "the default of a number question must be a number, 0 or more",
    "questionnaire.quantities.hint": "a number, Enter leaves it empty",
}
