"""The what-if panel: the importance and volume of every use case as a form, the changed profile a submitted form
makes (as `advisor whatif --set needs.X.importance=N` would), and the comparison of the result before and after.

The stored profile is never changed; the server decides everything, the page's script only shows what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from advisor.core.assessment import Assessment
from advisor.core.errors import ProfileError
from advisor.core.profile import Profile, parse_profile
from advisor.core.rules import Rules
from advisor.core.whatif import context_changes
from advisor.questionnaire import Questionnaire, apply_settings
from advisor.words import problems as problem_words
from advisor.words import said, say
from advisor.words.duties import duty_view, is_duty
from advisor.words.text import text
from advisor.words.translations import data_text
from advisor.words.whatif import whatif_rows

SOURCE = "the what-if"
DEFAULT_VOLUME = "medium"


@dataclass(frozen=True, slots=True)
class NeedRow:
    """One use case in the panel: its importance (0 = not needed) and volume, as shown or as submitted."""

    id: str
    title: str
    importance: int
    volume: str
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Panel:
    """What the panel's form shows: one row per use case of the active rules, and the choices of each input."""

    rows: list[NeedRow]
    importance_choices: list[tuple[int, str]]
    volume_choices: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Submitted:
    """A submitted what-if: the rows as sent, the settings they make, and each value no input could have sent
    (profile path -> message)."""

    rows: list[NeedRow]
    settings: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def panel(profile: Profile, rules: Rules, questionnaire: Questionnaire, rows: list[NeedRow] | None = None) -> Panel:
    """The panel for `profile` (or with the submitted `rows`): the questionnaire's scale and volume choices."""
    volumes = _volume_choices(questionnaire, rules)
    shown = rows if rows is not None else current_rows(profile, rules, questionnaire)
    present = {value for value, _ in volumes}
    volumes += [(row.volume, row.volume) for row in shown if row.volume not in present]  # e.g. "none" in a file
    return Panel(shown, list(enumerate(questionnaire.scale_labels)), list(dict.fromkeys(volumes)))


def current_rows(profile: Profile, rules: Rules, questionnaire: Questionnaire) -> list[NeedRow]:
    """Every use case of the active rules with the profile's importance and volume (0 and the default if unstated)."""
    default = _volume_default(questionnaire)
    rows = []
    for uid in rules.use_case_ids:
        need = profile.needs.get(uid)
        title = data_text(f"rules.use_cases.{uid}.title", rules.use_cases[uid].title)
        rows.append(NeedRow(uid, title, need.importance if need else 0, need.volume if need else default))
    return rows


def read_form(form: FormData, profile: Profile, rules: Rules, questionnaire: Questionnaire) -> Submitted:
    """The rows a form sends and the `--set` settings they make; a value out of range or unknown is a problem.

    A use case the form leaves out keeps the profile's values.
    """
    levels = [str(level) for level in range(len(questionnaire.scale_labels))]
    rows: list[NeedRow] = []
    settings: list[str] = []
    problems: dict[str, str] = {}
    for row in current_rows(profile, rules, questionnaire):
        importance, volume, found = row.importance, row.volume, []
        raw_importance, raw_volume = form.get(f"{row.id}_importance"), form.get(f"{row.id}_volume")
        if isinstance(raw_importance, str):
            if raw_importance in levels:
                importance = int(raw_importance)
            else:
                given = repr(raw_importance[:20])
                found.append(("importance", text("web_forms.whatif.importance", given=given, most=levels[-1])))
        if isinstance(raw_volume, str):
            if raw_volume in rules.volume_factors:
                volume = raw_volume
            else:
                given, named = repr(raw_volume[:20]), ", ".join(rules.volume_factors)
                found.append(("volume", text("web_forms.whatif.volume", given=given, levels=named)))
        problems |= {f"needs.{row.id}.{name}": f"{row.title}: {message}" for name, message in found}
        rows.append(NeedRow(row.id, row.title, importance, volume, "; ".join(m for _, m in found) or None))
        if found:
            continue
        if importance != row.importance:
            settings.append(f"needs.{row.id}.importance={importance}")
        if importance > 0 and (volume != row.volume or row.id not in profile.needs):
            settings.append(f"needs.{row.id}.volume={volume}")
    return Submitted(rows, settings, problems)


def changed_rows(
    profile: Profile, rules: Rules, questionnaire: Questionnaire, rows: list[NeedRow]
) -> list[tuple[NeedRow, NeedRow]]:
    """The use cases a submitted what-if changes, as (now, with the changes); a volume counts only for a need."""
    changed = []
    for now, sent in zip(current_rows(profile, rules, questionnaire), rows, strict=True):
        if sent.problem is None and (
            now.importance != sent.importance or (sent.importance > 0 and now.volume != sent.volume)
        ):
            changed.append((now, sent))
    return changed


def changed_profile(data: dict[str, Any], settings: list[str], rules: Rules) -> Profile:
    """The profile with the settings applied; a need set to importance 0 is left out, as the questionnaire does.

    Raises `ProfileError` when the changed profile is not valid (no needs left, for one).
    """
    changed = apply_settings(data, settings)
    needs = changed.get("needs")
    if isinstance(needs, dict):
        changed["needs"] = {uid: n for uid, n in needs.items() if not (isinstance(n, dict) and n["importance"] == 0)}
    return parse_profile(changed, rules, SOURCE)


def comparison(before: Assessment, after: Assessment, rules: Rules) -> dict[str, Any]:
    """The result before and after side by side (recommendation, fits, verdict, ring) and the context's changes."""
    rows = [_row(row.key, row.label, row.before, row.after) for row in whatif_rows(before, after, rules, "web")]
    changes = context_changes(before, after)
    return {
        "rows": rows,
        "headline": {"before": say(before.headline), "after": say(after.headline)},
        "context_changes": said(changes),
        "duties": _duty_words(changes),
    }


def _duty_words(changes: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, dict[str, Any]]:
    """Each added or removed duty's law, jurisdiction and status in words, by rule, for the panel."""
    entries = [entry for kind in changes.values() for side in kind.values() for entry in side]
    return {entry["rule"]: duty_view(entry) for entry in entries if is_duty(entry)}


def problems_of(exc: ProfileError) -> list[tuple[str, str]]:
    """A changed profile's problems as (path, message), as `advisor whatif` names them."""
    return [(problem_words.problem_where(p), problem_words.problem_message(p)) for p in exc.problems]


def problem_text(exc: ProfileError) -> str:
    """A profile's problems in one sentence each: 'needs: no content needs given: ...'."""
    return problem_words.problem_text(exc.problems, "sentence")


def _row(key: str, label: str, before: str, after: str) -> dict[str, Any]:
    return {"key": key, "label": label, "before": before, "after": after, "changed": before != after}


def _volume_choices(questionnaire: Questionnaire, rules: Rules) -> list[tuple[str, str]]:
    """The volume question's choices (value, label); the rules' volume levels when the questions have none."""
    for question in questionnaire.questions:
        if question.id.endswith("_volume") and question.choices:
            return [(str(c.value), c.label) for c in question.choices if c.value in rules.volume_factors]
    return [(level, level) for level in rules.volume_factors]


def _volume_default(questionnaire: Questionnaire) -> str:
    for question in questionnaire.questions:
        if question.id.endswith("_volume") and isinstance(question.default, str):
            return question.default
    return DEFAULT_VOLUME
