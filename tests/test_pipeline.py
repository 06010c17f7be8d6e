"""The pipeline: named stages selected by every view, parts None when their stage did not run, one registration per
stage, the date an explicit input, and typed context results whose JSON is assessment JSON v1."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

from advisor.core.context import ContextReport, ImposedVeto, RingPlacement, SuggestedPath
from advisor.core.engine import ROBUSTNESS_STAGES, assess, stage_names
from advisor.core.pipeline import Draft, Registry
from advisor.core.profile import parse_profile
from advisor.io.sources import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(None)
EXTENDED = load_rules("extended")


def example(name: str, rules=RULES):
    return parse_profile(json.loads((ROOT / "examples" / f"{name}.json").read_text()), rules, name)


def test_the_stages_run_in_order_with_the_scoring_first():
    assert stage_names() == (
        "scoring", "robustness", "verdict", "explanation", "duties", "business_case", "context", "readiness",
        "headline", "roadmap", "costs",
    )  # fmt: skip


def test_a_part_whose_stage_did_not_run_is_none():
    scored = assess(example("clinic"), RULES, stages={"scoring"})
    assert (scored.robustness, scored.estimate, scored.explanation, scored.context) == (None, None, None, None)
    assert scored.headline is None and scored.action_title is None and scored.verdict is None
    assert set(scored.to_dict()) == {
        "schema_version", "profile_id", "organization", "recommendation", "basis", "scores", "margin", "shares",
        "use_cases", "rules", "advisor_version",
    }  # fmt: skip


def test_a_stage_brings_the_stages_it_needs():
    explained = assess(example("newsroom"), RULES, stages={"explanation"})
    assert explained.robustness is not None and explained.explanation is not None and explained.context is None
    headed = assess(example("newsroom"), RULES, stages={"headline"})
    assert headed.context is not None and headed.headline and headed.robustness is None


@pytest.mark.parametrize("name", ["clinic", "newsroom", "on-premises-agency", "marketing-agency"])
def test_selected_stages_give_the_same_parts_as_the_whole_pipeline(name):
    full = assess(example(name, EXTENDED), EXTENDED)
    row = assess(example(name, EXTENDED), EXTENDED, stages={"verdict", "context"})
    assert row.verdict == full.verdict == full.robustness.verdict
    assert row.estimate.p_outcome == full.robustness.p_outcome
    assert row.context == full.context and row.recommendation == full.recommendation and row.scores == full.scores
    assert row.use_cases == full.use_cases


def test_robustness_false_is_the_default_stages_without_the_monte_carlo():
    quick = assess(example("newsroom"), RULES, robustness=False)
    assert quick.robustness is None and quick.estimate is None and quick.explanation is None
    assert quick.to_dict() == assess(example("newsroom"), RULES, stages={"headline", "readiness", "roadmap", "costs"}).to_dict()
    assert ROBUSTNESS_STAGES == {"robustness", "verdict", "explanation"}


def test_an_unknown_stage_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown stage.*forecast.*the stages are scoring, robustness"):
        assess(example("clinic"), RULES, stages={"forecast"})


def test_adding_a_stage_is_one_registration_and_its_part_lands_in_the_json_under_its_key():
    registry = Registry()
    registry.add("scoring", lambda draft: "scored")

    class Part:
        def to_dict(self):
            return {"due": str(draft_seen[0].as_of)}

    draft_seen: list[Draft] = []
    registry.add("duties", lambda draft: draft_seen.append(draft) or Part(), needs=("scoring",), key="duties")
    draft = registry.run(Draft(example("clinic"), RULES, dt.date(2026, 8, 2), None), {"duties"})
    assert list(draft.parts) == ["scoring", "duties"] and list(registry.keyed()) == [("duties", "duties")]
    assert draft.parts["duties"].to_dict() == {"due": "2026-08-02"}
    with pytest.raises(ValueError, match="needs business_case, not registered"):
        registry.add("panel", lambda draft: None, needs=("business_case",))


def test_the_date_is_an_input_the_assessment_keeps_and_the_json_leaves_out():
    day = dt.date(2026, 8, 2)
    dated = assess(example("clinic"), RULES, as_of=day)
    assert dated.as_of == day and assess(example("clinic"), RULES).as_of is None
    assert dated.to_dict() == assess(example("clinic"), RULES).to_dict()


def test_the_core_reads_no_clock():
    core = ROOT / "advisor" / "core"
    for path in core.rglob("*.py"):  # the subpackages (robustness) too
        text = path.read_text(encoding="utf-8")
        for clock in ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time("):
            assert clock not in text, f"{path.name} reads the clock ({clock})"


def test_an_assessment_travels_between_processes_without_its_intermediate_values():
    full = assess(example("on-premises-agency"), RULES)
    copied = pickle.loads(pickle.dumps(full))
    assert copied.to_dict() == full.to_dict() and copied.scored is None and copied.use_cases == full.use_cases


def test_the_organization_is_made_when_first_read_and_travels_unread():
    """A CSV row never reads the organisation's JSON: it is made from the profile's model on first read."""
    profile = example("clinic")
    unread = assess(profile, RULES, stages={"scoring"})
    copied = pickle.loads(pickle.dumps(unread))
    assert copied.organization == unread.organization == profile.organization.model_dump(exclude_none=True)
    assert unread.organization is unread.organization and copied == unread


def test_context_results_are_typed_and_frozen_and_say_assessment_json_v1():
    context = assess(example("on-premises-agency"), RULES).context
    assert isinstance(context, ContextReport) and isinstance(context.ring, RingPlacement)
    assert all(isinstance(p, SuggestedPath) for p in context.deployment_paths)
    assert all(isinstance(v, ImposedVeto) for v in context.vetoes)
    with pytest.raises(AttributeError):
        context.ring.ring = "adopt"  # type: ignore[misc]
    data = context.to_dict()
    assert list(data) == [
        "modifiers_applied", "vetoes", "obligations", "flags", "remedy", "deployment_paths", "ring", "readiness",
    ]  # fmt: skip
    assert list(data["vetoes"][0]) == ["rule", "title", "kind", "tracks", "deployment", "rationale", "source"]
    assert list(data["deployment_paths"][0]) == [
        "track", "path", "title", "basis", "skills_needed", "skills_gap", "tools",
    ]  # fmt: skip
    assert list(data["ring"]) == ["ring", "reason", "meaning"]


def test_a_ring_not_assessed_names_the_rings_it_could_be():
    ring = assess(example("newsroom"), RULES, robustness=False).context.ring
    assert ring.ring == "not_assessed" and len(ring.possible) > 1
    assert list(ring.to_dict()) == ["ring", "reason", "meaning", "possible"]
    assert assess(example("newsroom"), RULES).context.ring.ring in ring.possible


def test_a_group_assesses_its_consensus_for_the_date_given():
    from advisor.core.group import assess_group

    day = dt.date(2026, 8, 2)
    group = assess_group([example("clinic"), example("law-firm")], RULES, as_of=day)
    assert group.consensus.as_of == day


def test_a_batch_dates_its_reports_the_day_its_profiles_were_assessed_for(tmp_path, monkeypatch):
    """The day is worked out once: a clock read again for the reports (after a long batch) could give the next day."""
    import itertools

    import advisor.batch.run as batch_run
    from advisor.io import dates
    from advisor.report import render

    days = (dt.date(2026, 8, 2) + dt.timedelta(days=n) for n in itertools.count())  # each read of the clock: a day on
    monkeypatch.setattr(dates, "as_of", lambda given=None, *, strict=True: next(days))
    monkeypatch.setattr(render, "as_of", lambda given=None, *, strict=True: next(days))
    seen: dict[str, object] = {}
    real_map = batch_run.ordered_map

    def ordered_map(chunks, jobs, init_args, work=None):
        seen["assessed"] = init_args[4]  # rules, format, robustness, keep_summary, as_of, currency
        return real_map(chunks, jobs, init_args, work)

    monkeypatch.setattr(batch_run, "ordered_map", ordered_map)
    monkeypatch.setattr(
        batch_run, "write_reports", lambda folder, entries, rules, jobs, date, left, currency: seen.update(dated=date)
    )
    source = tmp_path / "in.jsonl"
    source.write_text((ROOT / "examples" / "clinic.json").read_text().replace("\n", " ") + "\n")
    options = batch_run.BatchOptions(
        inputs=[str(source)], output=str(tmp_path / "out.csv"), output_format="csv", errors=None,
        reports=str(tmp_path / "reports"), jobs=1, quiet=True, robustness=False, date=None,
    )  # fmt: skip
    batch_run.run_batch(options, RULES, lambda *lines: None)
    assert isinstance(seen["assessed"], dt.date) and seen["dated"] == seen["assessed"]


def test_two_assess_many_in_one_process_keep_their_own_rules_date_and_stages():
    """In-process (one job) each run carries its own setup: a second run started between two chunks of the first
    (or from another thread) once replaced the process-global state the first read its rules, date and stages from."""
    from advisor import api
    from advisor.batch import scoring

    clinic = json.loads((ROOT / "examples" / "clinic.json").read_text())
    before = dict(scoring._STATE)
    first = api.assess_many([clinic] * 300, robustness=True, jobs=1, as_of=dt.date(2026, 8, 2))  # two chunks of 256
    opening = next(first)
    other = api.assess_many([clinic], "extended", robustness=False, jobs=1, as_of=dt.date(2030, 1, 1))
    assert next(other).robustness is None
    rest = list(first)
    assert len(rest) == 299 and all(a.robustness is not None and a.as_of == dt.date(2026, 8, 2) for a in rest)
    assert {a.rules.name for a in rest} == {opening.rules.name} and rest[-1].to_dict() == opening.to_dict()
    assert scoring._STATE == before
