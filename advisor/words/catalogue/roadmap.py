"""The roadmap (advisor/core/roadmap.py): the phases' names, what each does, and the lines of the "How to start" block."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "roadmap.heading": "How to start",
    "roadmap.none": "No roadmap: the ring was not assessed.",
    "roadmap.phase.drop": "Drop",
    "roadmap.phase.drop.what": "Stop the practice the context rules out, and keep its data out of AI tools.",
    "roadmap.phase.drop.what_named": "Stop {practices} as planned, and keep its data out of AI tools.",
    "roadmap.phase.prepare": "Prepare",
    "roadmap.phase.prepare.what": (
        "Build the missing readiness first: the skills the suggested path needs, a policy, an owner, a review process "
        "and training, and the duties that apply."
    ),
    "roadmap.phase.pilot": "Pilot",
    "roadmap.phase.pilot.what": (
        "Run a time-boxed pilot on real work with the use cases that carry most of the need, measured against how "
        "the work is done today."
    ),
    "roadmap.phase.rollout": "Roll out",
    "roadmap.phase.rollout.what": "Roll out the suggested path to the use cases that carry most of the need.",
    "roadmap.phase.scale": "Scale",
    "roadmap.phase.scale.what": "Extend to the other use cases and more people once the measures are met.",
    "roadmap.phase.review": "Review",
    "roadmap.phase.review.what": "Compare the results with the measures and run the assessment again on what changed.",
    "roadmap.weeks": "weeks {start} to {end}",
    "roadmap.phase_line": "{name} ({weeks}): {what}",
    "roadmap.use_cases": "Use cases: {use_cases}",
    "roadmap.skills": "Skills needed: {skills}",
    "roadmap.measure": "Success for {use_case}: {measure}",
    "roadmap.duty": "Settle first: {duty}",
    "roadmap.skills.none": "no technical skills",
    "roadmap.skills.basic": "business users and low-code skills",
    "roadmap.skills.developers": "developers",
    "roadmap.skills.ml_engineers": "ML engineers",
}
