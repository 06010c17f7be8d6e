"""Upload: score an existing profile file from the browser. A valid file becomes a finished draft (its answers read
back from the profile, so "Change answers" works); an invalid one shows the located problems the CLI prints."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from advisor.core.errors import Problem, ProfileError
from advisor.core.profile import MAX_PROFILE_BYTES, decode_json, parse_profile
from advisor.io.untrusted import printable_lines
from advisor.questionnaire import answers_from_profile
from advisor.web.bounds import SHAPE_STATUS, capped_problems, shape_problem
from advisor.web.pages import site_of
from advisor.web.quotas import acceptance_refusal, new_draft_refusal
from advisor.web.security import CheckedForm
from advisor.words.problems import problem_text

router = APIRouter()
FIELD = "profile"
NO_FILE = "no file chosen: choose a profile file (JSON) to upload"
MAX_ID = 200  # a profile id is 1 to 200 characters


def file_name(upload: UploadFile) -> str:
    """The uploaded file's own name (a browser may send a path); empty when it has none."""
    return re.split(r"[\\/]", upload.filename or "")[-1].strip()


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> Response:
    """The upload page: one file input."""
    return site_of(request).page(request, "upload.html.j2", problems=[], file_name=None)


@router.post("/upload")
def upload(request: Request, form: CheckedForm) -> Response:
    """Check the file as a profile for the active rules; keep it as a finished draft and show its result."""
    refused = new_draft_refusal(request)
    if refused is not None:
        return refused
    site = site_of(request)
    sent = form.get(FIELD)
    if not isinstance(sent, UploadFile) or (not sent.filename and not sent.size):
        return _refused(request, None, ProfileError("upload", Problem("", NO_FILE, code="upload.no_file")))
    name = file_name(sent)
    source = name or "upload"
    raw = sent.file.read(MAX_PROFILE_BYTES + 1)
    limits = site.settings.limits
    try:
        data = decode_json(raw, source)
        too_large = shape_problem(data, limits.max_keys, limits.max_depth)
        if too_large is not None:  # refused before it is validated: one problem, not one per key
            return _refused(request, source, ProfileError(source, too_large), SHAPE_STATUS)
        profile = parse_profile(data, site.rules, source)
    except ProfileError as exc:
        return _refused(request, source, exc)
    if profile.id is None and name and len(name) <= MAX_ID:  # the file name stands in, as on the command line
        profile = profile.model_copy(update={"id": name})
    refused = acceptance_refusal(request, upload=True)  # a valid upload is an accepted result: counted as one
    if refused is not None:
        return refused
    data = profile.model_dump(mode="json", exclude_none=True)
    q = site.questionnaire
    token = site.store.create(answers_from_profile(q, data), q.sha256, profile=data, source="upload")
    return RedirectResponse(f"/result/{token}", status_code=303)


def _refused(request: Request, name: str | None, exc: ProfileError, status: int = 422) -> Response:
    """The upload page again (422) with the file's problems, one line each as the CLI prints them (the first
    `Limits.max_problems`, then how many more)."""
    site = site_of(request)
    shown = capped_problems(exc.problems, site.settings.limits.max_problems)
    problems = printable_lines(problem_text(shown, "file", exc.source)).split("\n")
    return site.page(
        request, "upload.html.j2", status=status, problems=problems, problem_count=len(exc.problems), file_name=name
    )
