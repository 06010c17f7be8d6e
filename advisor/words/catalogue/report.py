"""The report's own sentences built in Python (advisor/report/content.py, report/group.py): key findings and the
appendix's rows. The report's template texts are marked in templates/ (Jinja2's i18n extension)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "report.finding.drives.one": (
        "{nouns} carries {share} of the weighted need; {track} is the better fit there (rated {labels}{lowered})."
    ),
    "report.finding.drives.other": (
        "{nouns} carry {share} of the weighted need; {track} is the better fit there (rated {labels}{lowered})."
    ),
    "report.finding.lowered": ", before your context lowered some",
    "report.finding.even": "{share} of the weighted need is rated alike for both tracks.",
    "report.finding.even_after_context": "{share} of the weighted need is rated alike for both tracks after your context.",
    "report.answers.organization": "Organisation",
    "report.answers.industry": "Industry",
    "report.answers.size": "Size",
    "report.answers.regions": "Regions",
    "report.answers.need": "importance {importance} of 5, volume {volume}",
    "report.answers.not_needed": "not needed (left out)",
    "report.answers.confidence": "Confidence in the priorities",
    "report.answers.yes": "yes",
    "report.answers.no": "no",
    "report.answers.none": "none",
    # the rings in the methodology's list of them, lower case: 'The ring (adopt, trial, assess, hold) is ...'
    "report.methodology.ring.adopt": "adopt",
    "report.methodology.ring.trial": "trial",
    "report.methodology.ring.assess": "assess",
    "report.methodology.ring.hold": "hold",
    # the answers table's label of each context field (one per field of the profile's context)
    "report.answers.field.data_sensitivity": "Data sensitivity",
    "report.answers.field.deployment": "Deployment",
    "report.answers.field.budget": "Budget",
    "report.answers.field.ai_skills": "AI skills",
    "report.answers.field.risk_tolerance": "Risk tolerance",
    "report.answers.field.data_residency": "Data residency",
    "report.answers.field.regulated_data": "Regulated data",
    "report.answers.field.publishes_outputs": "Publishes outputs",
    "report.answers.field.public_chatbot": "Public chatbot",
    "report.answers.field.synthetic_people": "Synthetic people",
    "report.answers.field.ip_indemnity": "IP indemnity",
    "report.answers.field.realtime": "Realtime",
    "report.answers.field.languages": "Languages",
    "report.answers.field.governance": "Governance",
    "report.answers.field.ai_act_areas": "AI act areas",
}
