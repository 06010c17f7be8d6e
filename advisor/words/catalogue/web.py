"""The web pages' own words built in Python (advisor/web/*.py): page titles, refusals and their links back. The
pages' template texts are marked in templates/web/ (Jinja2's i18n extension)."""

from __future__ import annotations

from advisor.words.plural import Plural

MESSAGES: dict[str, str | Plural] = {
    # how long to wait
    "web.wait.second": "in a second",
    "web.wait.seconds": "in {n} seconds",
    "web.wait.minutes": Plural("in a minute", "in {n} minutes"),
    # links back
    "web.back.start": "Back to the start",
    "web.back.survey": "Back to the survey",
    "web.back.result": "Back to the result",
    "web.back.login": "Back to the login page",
    # nothing here
    "web.not_found.title": "Not found",
    "web.not_found.page": "There is nothing at this address. Check the link, or start a new assessment.",
    "web.not_found.json": "There is nothing at this address.",
    "web.not_found.result": "There is no result at this address.",
    # too large
    "web.too_large.json": "the request body is larger than {size}, the most this server accepts",
    "web.too_large.upload": (
        "The file is larger than {size}, the most this server accepts. A profile is a few kilobytes: "
        "check that you chose the right file."
    ),
    "web.too_large.page": "What you sent is larger than {size}, the most this server accepts. Go back and send less.",
    "web.too_large.title": "Too large to accept",
    # PDFs not made now
    "web.pdf.busy_client.title": "Your report is being made",
    "web.pdf.busy_client": "Your previous report is still being made. Wait for it, then ask again.",
    "web.pdf.queue_full.title": "Busy making reports",
    "web.pdf.queue_full": "Many reports are being made right now, so yours was not started.",
    "web.pdf.too_slow.title": "Busy making reports",
    "web.pdf.too_slow": "Your report took too long to make and was stopped.",
    "web.pdf.failed.title": "Report not made",
    "web.pdf.failed": "Your report could not be made just now: the process making it stopped.",
    "web.pdf.try_again": " Nothing was lost: your answers are kept. Ask for the PDF again {wait}.",
    # results
    "web.result.not_finished.title": "Not finished",
    "web.result.not_finished": "The questionnaire is not finished yet.",
    "web.result.unavailable.title": "Result unavailable",
    "web.result.unavailable": "The saved profile does not fit the active rules ({rules}): ",
    # surveys
    "web.survey.closed.title": "“{title}” is closed",
    "web.survey.closed.title_gone": "This survey is closed",
    "web.survey.closed": (
        "This survey no longer takes responses: the organiser has closed it or its closing date has passed. "
        "Ask the organiser if you think it should still be open."
    ),
    "web.survey.full.title": "“{title}” is full",
    "web.survey.full": (
        "This survey has all the {n} responses its organiser asked for, so it takes no new "
        "ones. If you have already accepted your answers, they count. Ask the organiser if you think yours is "
        "still needed."
    ),
    # limits on a client
    "web.limit.new_drafts.title": "Too many new starts from your address",
    "web.limit.new_drafts": (
        "Too many new questionnaires, surveys or uploads were started from your address in the last minute, so "
        "this one was not. Nothing was lost: answers you saved and their links still work. Try again {wait}."
    ),
    "web.limit.accepted.title": "Too many answers accepted from your address",
    "web.limit.accepted_upload": (
        "Too many answers and profiles were accepted from your address in the last hour, so this file was not "
        "kept. Nothing else was lost: results you have still work. Upload the file again {wait}."
    ),
    "web.limit.accepted": (
        "Too many answers were accepted from your address in the last hour, so these were not accepted yet. "
        "Nothing was lost: your answers are saved. Accept them again {wait}."
    ),
    # the organiser
    "web.admin.too_many.title": "Too many wrong admin tokens",
    "web.admin.too_many": (
        "Too many wrong admin tokens came from your address, so for now no token is checked, not even the right one. "
        "Nothing was lost: your surveys and their responses are kept. Log in again {wait} with the "
        "token advisor serve printed."
    ),
    "web.admin.ended": (
        "Your organiser session has ended (you logged out, it went unused for 8 hours, or it is 7 days old). "
        "Log in again with the admin token."
    ),
    "web.admin.wrong_token": "That admin token is not valid. Log in with the token advisor serve printed.",
    "web.admin.needs_token": "This needs the admin token: send it as the header Authorization: Bearer TOKEN.",
}
