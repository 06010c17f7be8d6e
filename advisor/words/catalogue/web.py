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
    # refused requests and failures
    "web.not_saved.title": "Your last answer was not saved",
    "web.not_saved": (
        "Your last answer was NOT saved: the server cannot write its data just now. What you saved before is kept. "
        "Go back and send it again {wait}; if this goes on, tell whoever runs this server."
    ),
    "web.form_refused.title": "Form refused",
    "web.form_refused": (
        "This form could not be checked (its security token is missing or out of date), so nothing was saved. "
        "Go back, reload the page and send it again; your browser must accept cookies from this site."
    ),
    "web.refused.title": "Request refused",
    "web.failure": "Something went wrong on the server (error id {incident}). The details are in the server's log.",
    "web.cross_origin": (
        "This request came from another site, or from another port of this one, so it was not carried out and "
        "nothing was changed. Open this site's own page and send the form from there."
    ),
    "web.unknown_host.title": "Wrong address",
    "web.unknown_host": (
        "This server does not answer to that host name, so nothing was done. Use the address its organiser gave you."
    ),
    "web.timed_out.title": "Request timed out",
    "web.timed_out": (
        "What you sent stopped arriving before it was complete, so nothing was saved. Check your connection and "
        "send it again."
    ),
    "web.busy.title": "Too many requests at once",
    "web.busy": (
        "Too many requests from your address are in progress at once, so this one was not handled and nothing was "
        "saved. What you saved before is kept. Try again {wait}."
    ),
}
