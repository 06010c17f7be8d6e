"""The questionnaire's own words in Python (advisor/questionnaire: `advisor ask`'s prompts, hints and messages);
the questions themselves are data (rules/questions.yaml), by id."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "questionnaire.keys": "Ctrl-B back · Ctrl-C save and stop",
    "questionnaire.skip": "Skip (leave unstated)",
    "questionnaire.hint.confirm_skip": "y/n, Enter skips",
    "questionnaire.hint.checkbox": "Space selects, Enter confirms",
    "questionnaire.hint.checkbox_skip": "Space selects, Enter confirms, none to skip",
    "questionnaire.summary.title": "Your answers",
    "questionnaire.summary.question": "Question",
    "questionnaire.summary.answer": "Answer",
    "questionnaire.summary.accept": "Accept these answers",
    "questionnaire.summary.change": "Change {number}: {prompt}",
    "questionnaire.summary.prompt": "Accept, or change an answer?",
    "questionnaire.interrupted": (
        "interrupted; your answers so far are saved in {output}\n  continue with: advisor ask --resume {output}"
    ),
    "questionnaire.saved": "Saved the profile to ",
    "questionnaire.fits": "Fits: {fits}; the answer is {verdict}.",
    "questionnaire.offer_report": "Write the PDF report for stakeholders now?",
    "questionnaire.report_refused": "{problem}. The profile is saved; write the report with: advisor report {output} -o FILE.pdf",
    "questionnaire.report_written": "Wrote the report to {target}",
    "questionnaire.report_later": "Later: advisor report {output}",
}
