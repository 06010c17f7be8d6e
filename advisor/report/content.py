"""What the stakeholder report says, computed from an assessment: pure, no templates, no files.

The templates decide layout and wording around these values; everything that needs arithmetic or a choice of words
that depends on the numbers is done here so that it can be tested without rendering.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any

from advisor.core.assessment import Assessment
from advisor.core.data_text import use_case_noun
from advisor.core.explanation import how_sure, recommendation_words
from advisor.core.headline import capitalised, join_words
from advisor.core.messages import Message
from advisor.core.numbers import weights_look_equal
from advisor.core.profile import Profile
from advisor.core.rules import TRACKS, Rules
from advisor.core.types import Severity
from advisor.report.costs import costs_view
from advisor.words import said, say
from advisor.words.data import localised
from advisor.words.dates import long_date
from advisor.words.duties import grouped, is_duty, law_checked_note
from advisor.words.labels import recommendation_label, verdict_label
from advisor.words.need import assessment_need, need_label, need_sentence
from advisor.words.numbers import as_written, percent
from advisor.words.readiness import assessment_readiness, readiness_rows
from advisor.words.roadmap import roadmap_words
from advisor.words.say import join
from advisor.words.text import text
from advisor.words.translations import data_text

if typing.TYPE_CHECKING:
    from advisor.questionnaire import AnswerWords

OUTCOME_ORDER = ("llm", "hybrid", "generative_ai", "neither")
RECOMMENDATION_LABELS = {outcome: recommendation_label(outcome) for outcome in OUTCOME_ORDER}
"""Each recommendation's label ('Broader generative AI'), from the one label function (advisor.words.labels)."""
"""The order of recommendations in outcome bars and counts: from LLM through both to generative AI, then neither."""
SEVERITIES: tuple[str, ...] = typing.get_args(Severity)  # high, medium, low: the order flags are listed in


@dataclass(frozen=True, slots=True)
class Reproducibility:
    """Enough to reproduce the report exactly."""

    advisor_version: str
    rules_name: str
    rules_version: str
    rules_sha256: str
    profile_sha256: str
    date: str


def report_context(
    assessment: Assessment, profile: Profile, rules: Rules, profile_sha256: str, date: dt.date
) -> dict[str, Any]:
    """Every value the report template needs, as plain data."""
    results = assessment.use_cases
    weighted = [r for r in results if r.weight > 0]
    return {
        "organization": profile.organization.model_dump(),
        "date": date.isoformat(),
        "date_long": long_date(date),
        "recommendation": assessment.recommendation,
        "recommendation_label": RECOMMENDATION_LABELS[assessment.recommendation],
        "action_title": say(assessment.action_title),
        "headline": say(assessment.headline),
        "rationale": say(assessment.explanation.summary if assessment.explanation else assessment.headline),
        "findings": key_findings(assessment, rules),
        "fits": [
            {"track": t, "title": track_text(rules, t, "title"), "short": track_text(rules, t, "short"), "fit": assessment.scores[t]}
            for t in TRACKS
        ],
        "margin": assessment.margin,
        "basis": assessment.basis,
        "shares": assessment.shares,
        "tracks": {t: localised(rules.tracks[t].model_dump(), f"rules.tracks.{t}") for t in TRACKS},
        "use_cases": [
            {
                **r.to_dict(),
                "title": use_case_text(rules, r.id, "title"),
                "noun": say(use_case_noun(rules, r.id)),
                "description": use_case_text(rules, r.id, "description"),
                "examples": {t: rules.use_cases[r.id].examples.get(t, []) for t in TRACKS},
                "better_fit_label": track_text(rules, r.better_fit, "short") if r.better_fit in rules.tracks else "even",
            }
            for r in results
        ],
        "weighted_use_cases": [r.id for r in weighted],
        "robustness": robustness_view(assessment, rules),
        "meaning": context_view(assessment, rules),
        "need": need_view(assessment, rules),
        "roadmap": roadmap_view(assessment, rules),
        "costs": costs_view(assessment, rules, date),
        "readiness": readiness_rows(assessment_readiness(assessment)),
        "law_note": law_checked_note(rules.law_checked, date) if _has_duties(assessment) else None,
        "where_who": where_who(profile, rules),
        "explanation": said(assessment.explanation.to_dict()) if assessment.explanation else None,
        "methodology": methodology(rules, tool_sources_cited(assessment, rules)),
        "answers": answers(profile, rules),
        "notes": profile.notes,
        "reproducibility": Reproducibility(
            assessment.advisor_version,
            rules.name,
            rules.version,
            rules.sha256,
            profile_sha256,
            date.isoformat(),
        ),
        "keywords": ", ".join(
            ["AI adoption", "LLM", "generative AI", RECOMMENDATION_LABELS[assessment.recommendation]]
        ),
    }


def track_text(rules: Rules, track: str, key: str) -> str:
    """A track's text (`title`, `short`, `phrase`) from the rules, in the current language."""
    return data_text(f"rules.tracks.{track}.{key}", getattr(rules.tracks[track], key))


def use_case_text(rules: Rules, use_case: str, key: str) -> str:
    """A use case's text (`title`, `description`) from the rules, in the current language."""
    return data_text(f"rules.use_cases.{use_case}.{key}", getattr(rules.use_cases[use_case], key))


def tool_names(rules: Rules, track: str, path: str | None, tools: list[str]) -> list[str]:
    """The example tools of a deployment path, each in the current language (by its place in the rules' list)."""
    tools_of_path = rules.deployment.tools.get(track, {}).get(path or "", []) if rules.deployment else []
    listed = [tool.name for tool in tools_of_path]
    return [
        data_text(f"rules.deployment.tools.{track}.{path}.{listed.index(tool)}", tool) if tool in listed else tool
        for tool in tools
    ]


def key_findings(assessment: Assessment, rules: Rules) -> list[str]:
    """Three findings that support the answer: what drives it, what pulls the other way, how sure it is."""
    findings = []
    by_side: dict[str, list[Any]] = {"llm": [], "generative_ai": []}
    for r in assessment.use_cases:
        if r.weight > 0 and r.better_fit in by_side:
            by_side[r.better_fit].append(r)
    ordered = sorted(by_side, key=lambda t: -assessment.shares[t])
    adjusted = {  # use cases whose ratings the context changed: their labels are the matrix's, not what was scored
        r.id for r in assessment.use_cases if any(r.values[t] != rules.scale.labels[r.ratings[t]] for t in TRACKS)
    }
    for track in ordered:
        cases = sorted(by_side[track], key=lambda r: -r.weight)
        if not cases:
            continue
        nouns = join([say(use_case_noun(rules, r.id)) for r in cases])  # in the current language
        labels = sorted({r.ratings[track] for r in cases}, key=lambda lab: -rules.scale.labels[lab])
        singular = len(cases) == 1 and not rules.use_cases[cases[0].id].plural
        findings.append(
            text(
                f"report.finding.drives.{'one' if singular else 'other'}",
                nouns=capitalised(nouns),
                share=percent(assessment.shares[track]),
                track=track_text(rules, track, "phrase"),
                labels=join_words(labels),
                lowered=text("report.finding.lowered") if adjusted & {r.id for r in cases} else "",
            )
        )
    if assessment.shares.get("even", 0) > 0:
        even = percent(assessment.shares["even"])
        findings.append(text("report.finding.even_after_context" if adjusted else "report.finding.even", share=even))
    report = assessment.robustness
    if report is not None:
        sure = how_sure(assessment.recommendation, assessment.margin, report, rules)
        if report.decided_by != "dominance" and assessment.explanation and assessment.explanation.what_would_change:
            first = assessment.explanation.what_would_change[0]  # said inline: its own message, not a case edit
            closest = Message(f"{first.id}.inline", first.params)
            findings.append(say(Message.of("explanation.finding.closest", sure=sure, change=closest)))
        else:
            findings.append(say(Message.of("explanation.finding.sure", sure=sure)))
    return findings[:3]


def robustness_view(assessment: Assessment, rules: Rules) -> dict[str, Any] | None:
    """Robustness in report terms: verdict words, outcome bars and the tornado rows (distance to each flip)."""
    report = assessment.robustness
    if report is None:
        return None
    rows: dict[str, dict[str, Any]] = {}
    for flip in report.flip_thresholds:
        row = rows.setdefault(
            flip.use_case,
            {
                "use_case": flip.use_case,
                "title": use_case_text(rules, flip.use_case, "title"),
                "increase": None,
                "decrease": None,
            },
        )
        row[flip.direction] = {
            "distance": abs(flip.weight - flip.current_weight),
            "weight": flip.weight,
            "current": flip.current_weight,
            "importance": flip.importance,
            "new": RECOMMENDATION_LABELS[flip.new_recommendation],
            "on_edge": weights_look_equal(flip.weight, flip.current_weight),  # any move at all changes the answer
        }
    tornado = sorted(
        rows.values(),
        key=lambda r: min(d["distance"] for d in (r["increase"], r["decrease"]) if d is not None),
    )
    return {
        "verdict": report.verdict,
        "verdict_words": verdict_label(report.verdict, report.decided_by),
        "decided_by": report.decided_by,
        "p_same": report.p_outcome[assessment.recommendation],
        "outcomes": [
            {"outcome": o, "label": RECOMMENDATION_LABELS[o], "p": report.p_outcome[o]}
            for o in OUTCOME_ORDER
            if o in report.p_outcome  # 'neither' only when the rules can give it
        ],
        "samples": report.samples,
        "concentration": report.concentration,
        "tornado": tornado,
        "unflippable": [use_case_text(rules, u, "title") for u in report.unflippable],
        "rating_flips": [
            {
                "title": use_case_text(rules, f.use_case, "title"),
                "track": track_text(rules, f.track, "short"),
                "from": f.from_label,
                "to": f.to_label,
                "new": say(recommendation_words(f.new_recommendation, rules)),
            }
            for f in report.rating_flips
        ],
        "methods": report.methods_agree.leanings,
        "agreeing": report.methods_agree.agreeing,
        "method_count": report.methods_agree.methods,
        "dominance": track_text(rules, report.dominance, "phrase") if report.dominance else None,
    }


def tool_fact_sources(rules: Rules) -> set[str]:
    """The sources cited only by the example tools' facts (none of the matrix's ratings or the context rules)."""
    if rules.deployment is None:
        return set()
    cited = {tool.source for per_path in rules.deployment.tools.values() for tools in per_path.values() for tool in tools}
    elsewhere = {rule.source for rule in rules.context_rules.values()} | {
        rating.source for use_case in rules.use_cases.values() for rating in use_case.ratings.values()
    }
    return {sid for sid in cited if sid is not None} - elsewhere


def tool_sources_cited(assessment: Assessment, rules: Rules) -> set[str]:
    """The sources of the example tools' facts that chose the tools of a path in this report (a filtered path)."""
    if assessment.context is None or rules.deployment is None:
        return set()
    return {
        tool.source
        for path in assessment.context.deployment_paths
        if path.path is not None and path.tools_filtered_by
        for tool in rules.deployment.tools.get(path.track, {}).get(path.path, [])
        if tool.source is not None
    }


def methodology(rules: Rules, tool_sources: set[str] | None = None) -> dict[str, Any]:
    """The matrix with labels and values, the scale, volume factors and thresholds, for the methodology section; the
    sources the rules cite, those of the example tools' facts only where they chose a path's tools (`tool_sources`)."""
    only_tools = tool_fact_sources(rules) - (tool_sources or set())
    return {
        "matrix": [
            {
                "id": uid,
                "title": use_case_text(rules, uid, "title"),
                "ratings": {
                    t: {"label": uc.ratings[t].label, "value": rules.value(uid, t), "source": uc.ratings[t].source}
                    for t in TRACKS
                },
            }
            for uid, uc in rules.use_cases.items()
        ],
        "scale": sorted(rules.scale.labels.items(), key=lambda kv: -kv[1]),
        "order_rationale": data_text("rules.scale.order_rationale", rules.scale.order_rationale),
        "volume_factors": list(rules.volume_factors.items()),
        "decision": rules.decision.model_dump(),
        "robustness": rules.robustness.model_dump(),
        "sources": {
            sid: localised(source.model_dump(), f"rules.sources.{sid}")
            for sid, source in rules.sources.items()
            if sid not in only_tools
        },
        "context_rules": len(rules.context_rules),
        "rings": list(rules.readiness.meaning.items()) if rules.readiness else [],
        "ring_names": [text(f"report.methodology.ring.{ring}") for ring in rules.readiness.meaning]
        if rules.readiness
        else [],
        "ring_rules": len(rules.readiness.rings) if rules.readiness else 0,
        "need_size": need_scale(rules),
    }


def need_view(assessment: Assessment, rules: Rules) -> dict[str, Any] | None:
    """The need's size for the first page: its name, the sentence that places its total on the scale, and why the
    scale's steps sit where they do (the rules' `need_size.rationale`); None without a size."""
    need = assessment_need(assessment)
    if need is None or rules.need_size is None:
        return None
    return {
        "size": need.size,
        "label": need_label(need.size),
        "total": need.total,
        "sentence": need_sentence(need),
        "rationale": data_text("rules.need_size.rationale", rules.need_size.rationale),
    }


def roadmap_view(assessment: Assessment, rules: Rules) -> list[dict[str, Any]] | None:
    """How to start, for the first pages: each phase's id, name, weeks, what it does and its lines; None without one."""
    phases = roadmap_words(assessment, rules)
    if phases is None:
        return None
    return [
        {"phase": p.phase, "name": p.name, "weeks": p.weeks, "what": p.what, "lines": list(p.lines)} for p in phases
    ]


def need_scale(rules: Rules) -> dict[str, Any] | None:
    """The need's scale for the methodology: where each size starts (as the rules write it), the rationale, and
    whether a readiness rule reads the size."""
    scale = rules.need_size
    if scale is None:
        return None
    rings = rules.readiness.rings if rules.readiness else []
    return {
        "modest": as_written(scale.modest_from),
        "substantial": as_written(scale.substantial_from),
        "strong": as_written(scale.strong_from),
        "rationale": data_text("rules.need_size.rationale", scale.rationale),
        "read_by_ring": any(r.when is not None and "need.size" in r.when.model_dump_json() for r in rings),
    }


def cite(source_id: str, rules: Rules) -> str:
    """A source by title (and section), for a reader: 'Regulation (EU) 2024/1689, the EU AI Act, Art. 50, ...'."""
    source = rules.sources.get(source_id)
    if source is None:
        return source_id
    title = data_text(f"rules.sources.{source_id}.title", source.title)
    if not source.section:
        return title
    return f"{title}, {data_text(f'rules.sources.{source_id}.section', source.section)}"


def context_view(assessment: Assessment, rules: Rules) -> dict[str, Any] | None:
    """What the context means for the organisation: ring, remedy, deployment per track, vetoes, obligations, flags
    by severity and rating adjustments, each with its source cited by title."""
    context = assessment.context
    if context is None:
        return None
    paths = rules.deployment.paths if rules.deployment else {}

    def path_title(path: str) -> str:
        return data_text(f"rules.deployment.paths.{path}.title", paths[path].title) if path in paths else path.replace("_", " ")

    def cited(entry: dict[str, Any], *keys: str) -> dict[str, Any]:
        said_keys = {k: said(entry[k]) for k in ("rule", "title", *keys, "rationale")}  # titles and texts from the rules
        return {**said_keys, "source": cite(entry["source"], rules)}

    vetoes = [
        {
            **cited(v, "kind"),
            "tracks": [track_text(rules, t, "short") for t in v.get("tracks", []) if t in rules.tracks],
            "deployment": [path_title(p) for p in v.get("deployment", [])],
            "use_cases": [use_case_text(rules, u, "title") for u in v.get("use_cases", []) if u in rules.use_cases],
            "practice": said(v.get("practice")),
        }
        for v in (veto.to_dict() for veto in context.vetoes)
    ]
    obligations = [o.to_dict() for o in context.obligations]
    flags = sorted((cited(f.to_dict(), "severity", "text") for f in context.flags), key=lambda f: SEVERITIES.index(f["severity"]))
    return {
        "ring": said(context.ring.to_dict()) if context.ring else None,
        "remedy": say(context.remedy.sentence) if context.remedy else None,
        "paths": [
            {
                **p,
                "track_title": track_text(rules, p["track"], "short"),
                "tools": tool_names(rules, p["track"], p["path"], p["tools"]),
                "tools_note": p.get("tools_note"),
                "description": data_text(f"rules.deployment.paths.{p['path']}.description", paths[p["path"]].description)
                if p["path"] in paths
                else None,
            }
            for p in (typing.cast(dict[str, Any], said(path.to_dict())) for path in context.deployment_paths)
        ],
        "vetoes": vetoes,
        "obligations": [cited(o, "text") for o in obligations if not is_duty(o)],
        "obligations_count": len(obligations),
        "duties": grouped(obligations),
        "flags": flags,
        "flag_counts": [(s, n) for s in SEVERITIES if (n := sum(1 for f in flags if f["severity"] == s))],
        "modifiers": [
            {
                **cited(m, "factor"),
                "track": track_text(rules, m["track"], "short"),
                "use_case": use_case_text(rules, m["use_case"], "title"),
            }
            for m in (modifier.to_dict() for modifier in context.modifiers_applied)
        ],
        "readiness": context.readiness.to_dict() if context.readiness is not None else {},
    }


def _has_duties(assessment: Assessment) -> bool:
    context = assessment.context
    return context is not None and any(is_duty(o.to_dict()) for o in context.obligations)


def where_who(profile: Profile, rules: Rules) -> list[tuple[str, str]]:
    """Where and who the profile stated, as the duties read it: regions, countries, where output is used, and
    provider or deployer ('not stated' where the profile says nothing)."""
    from advisor.questionnaire import answer_words  # the questionnaire (and rich) only when a report is made

    said = answer_words(rules)
    org, context = profile.organization, profile.context
    not_stated = text("duties.stated.not_stated")

    def places(field: str, values: list[str] | None) -> str:
        if not values:
            return not_stated
        return said.label(field, list(values)) if said.offers(field) else ", ".join(values)

    used = places("context.output_regions", context.output_regions)
    if context.output_regions is None:
        used = text("duties.stated.where_you_operate")
    role = None if context.offers_ai_system is None else "provider" if context.offers_ai_system else "deployer"
    return [
        (text("duties.stated.regions"), places("organization.regions", org.regions)),
        (text("duties.stated.countries"), ", ".join(org.countries) if org.countries else not_stated),
        (text("duties.stated.output_regions"), used),
        (text("duties.stated.role"), text(f"duties.stated.{role}") if role else not_stated),
    ]


def context_rows(
    context: dict[str, Any], words: dict[str, Any], labels: AnswerWords | None = None
) -> list[dict[str, str]]:
    """The stated context as (question, answer, what it implies) rows, in the profile's order; `words` is the
    report's context.yaml, `labels` the questionnaire's choices for an answer it has no words for. Fields without a
    question in `words` are left out."""
    rows = []
    for field, value in context.items():
        if field in words["questions"]:
            rows.append(
                {
                    "field": field,
                    "question": words["questions"][field],
                    "answer": _context_answer(field, value, words, labels),
                    "implication": _implication(field, value, words),
                }
            )
    return rows


def _context_answer(field: str, value: Any, words: dict[str, Any], choices: AnswerWords | None = None) -> str:
    labels = words.get("answers", {}).get(field, {})
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v).replace("_", " ")) for v in value) or "none"
    if isinstance(value, str) and value in labels:
        return str(labels[value])
    if choices is not None and choices.offers(f"context.{field}"):
        return choices.headword(f"context.{field}", value)  # the choice the person saw, not the stored value
    return _answer_words(value)


def _implication(field: str, value: Any, words: dict[str, Any]) -> str:
    says = words["implications"][field]
    if isinstance(value, bool):
        return str(says["yes" if value else "no"])
    if not isinstance(value, list):
        return str(says[value])
    if not value:
        return str(says["empty"])
    if "partial" in says:  # a checklist: what is missing matters more than what is there
        missing = [label for key, label in words["answers"][field].items() if key not in value]
        return str(says["partial"]).format(missing=join_words(missing)) if missing else str(says["complete"])
    if "any" in says:
        return str(says["any"])
    groups = words.get("groups", {}).get(field, {})
    keys = dict.fromkeys(groups.get(v, v) for v in value)  # one sentence per group, in the order first named
    return " ".join(str(says[k]) for k in keys)


def answers(profile: Profile, rules: Rules) -> list[tuple[str, str]]:
    """The answers given, as (question, answer) rows in the order of the profile schema; an answer to a question
    with choices in the words of the choice the person saw."""
    from advisor.questionnaire import answer_words  # the questionnaire (and rich) only when a report is made

    said = answer_words(rules)
    org = profile.organization
    size = said.label("organization.size", org.size) if org.size else None
    rows = [(text("report.answers.organization"), org.name)]
    stated = ((text("report.answers.industry"), org.industry), (text("report.answers.size"), size))
    rows += [(label, value) for label, value in stated if value]
    if org.regions:
        rows.append((text("report.answers.regions"), said.label("organization.regions", list(org.regions))))
    for uid in rules.use_cases:
        need = profile.needs.get(uid)
        answer = (
            text("report.answers.need", importance=need.importance, volume=need.volume)
            if need
            else text("report.answers.not_needed")
        )
        rows.append((use_case_text(rules, uid, "title"), answer))
    for field, value in profile.context.model_dump().items():
        labelled = value is not None and not isinstance(value, list) and said.offers(f"context.{field}")
        rows.append((text(f"report.answers.field.{field}"), said.label(f"context.{field}", value) if labelled else _answer_words(value)))
    rows.append((text("report.answers.confidence"), said.label("priorities_confidence", profile.priorities_confidence)))
    return rows


def _answer_words(value: Any) -> str:
    """An answer as a reader writes it: 'health, legal privilege', 'yes'."""
    if isinstance(value, bool):
        return text("report.answers.yes") if value else text("report.answers.no")
    if isinstance(value, list):
        return ", ".join(str(v).replace("_", " ") for v in value) or text("report.answers.none")
    return str(value).replace("_", " ")
