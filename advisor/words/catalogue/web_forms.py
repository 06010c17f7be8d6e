"""The web forms' own words (advisor/web: forms, revisions, security, survey_questions, admin_pages' survey form):
an answer's problems, an answer as a page words it, the organiser's survey form and its problems."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # an answer a form sent (web/forms.py)
    "web_forms.not_a_choice": "not one of the choices",
    "web_forms.yes_or_no": "answer yes or no",
    # an answer as the changes page words it (web/revisions.py)
    "web_forms.unshowable": "an answer this page cannot show",
    "web_forms.no_answer": "no answer",
    # a body over the limit, before any page can answer (web/security.py)
    "web_forms.too_large": "The request is larger than {size} KiB.",
    # a questions file the survey cannot use (web/survey_questions.py)
    "web_forms.no_organisation_section": "the questionnaire has no organisation section",
    "web_forms.no_survey_section": "the questions file has no survey section",
    # a what-if form's values (web/whatif.py)
    "web_forms.whatif.importance": "importance {given} is not one of 0 to {most}",
    "web_forms.whatif.volume": "volume {given} is not one of {levels}",
    # a JSON body beyond the server's bounds (web/bounds.py)
    "web_forms.too_deep": "nested more than {most} deep, the most this server accepts",
    "web_forms.too_many_keys": "more than {most} keys and list items in all, the most this server accepts",
    # advisor serve --public-url (web/links.py)
    "web_forms.public_url.address": "--public-url {value}: give the address people use, like https://advisor.example.org/",
    "web_forms.public_url.plain": "--public-url {value}: give it without a query, fragment or user name",
    "web_forms.public_url.root": (
        "--public-url {value}: advisor must be served at the root of its address, not under a path ({path}): give "
        "the proxy a host name of its own for it, like https://advisor.example.org/"
    ),
    "web_forms.public_url.port": "--public-url {value}: the port is not a number from 0 to 65535",
    # the organiser's pages (web/admin_pages.py)
    "web_forms.admin.not_the_token": "That is not the admin token. Use the one advisor serve printed.",
    "web_forms.survey.title": "Title of the survey",
    "web_forms.survey.closes": "Closing date",
    "web_forms.survey.max_responses": "Most responses",
    "web_forms.survey.title_problem": "give the survey a title of 1 to {most} characters",
    "web_forms.survey.closes_format": "give the closing date as YYYY-MM-DD, or leave it empty",
    "web_forms.survey.closes_passed": "the closing date has passed: give a later one, or leave it empty",
    "web_forms.survey.max_responses_problem": "give a whole number from 1 to {most}, or leave it empty",
    "web_forms.survey.answer_needed": "an answer is needed",
}
