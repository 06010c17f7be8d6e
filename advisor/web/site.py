"""What every page of one server shares: the active rules, the questionnaire, the drafts and the templates."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from advisor.core.errors import UsageError
from advisor.core.rules import Rules
from advisor.core.version import __version__
from advisor.io.sources import load_rules
from advisor.questionnaire import AnswerWords, Questionnaire, load_questions
from advisor.report import template_environment
from advisor.web.admin_auth import admin_token_from_env, new_admin_token, session_of
from advisor.web.admin_sessions import AdminSessions
from advisor.web.assets import asset_url
from advisor.web.limits import RateLimit, RefusalLog, Settings
from advisor.web.render_pool import shared_pool
from advisor.web.renders import Renders
from advisor.web.secret import server_secret
from advisor.web.security import CSRF_FIELD, csrf_token, set_csrf_cookie
from advisor.web.storage import prepare_folder, reason
from advisor.web.store import DATABASE_NAME, Store
from advisor.web.survey_questions import survey_questionnaire
from advisor.web.survey_results import SurveyResults
from advisor.web.survey_store import SurveyStore
from advisor.words import current_language
from advisor.words.language import ENGLISH
from advisor.words.text import text


def default_data_dir() -> Path:
    """The user's data folder for advisor: $XDG_DATA_HOME/advisor, else ~/.local/share/advisor."""
    root = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(root) / "advisor"


@dataclass
class Site:
    """The state of one server."""

    rules: Rules
    rules_source: str | None
    questionnaire: Questionnaire
    store: Store
    admin_token: str = field(default_factory=new_admin_token, repr=False)
    """What the organiser's pages need: ADVISOR_ADMIN_TOKEN, else a random token printed at start-up."""
    admin_token_given: bool = False
    """Whether the admin token came from ADVISOR_ADMIN_TOKEN (then start-up does not print it)."""
    settings: Settings = field(default_factory=Settings)
    """How the server was started: public address, proxy, limits."""
    notices: list[str] = field(default_factory=list)
    """Warnings to show at start-up (a data folder others could read)."""
    surveys: SurveyStore = field(init=False)
    survey_questionnaire: Questionnaire = field(init=False)
    survey_results: SurveyResults = field(init=False)
    """Each survey's responses and group assessment, kept by the survey's revision."""
    """The questionnaire a survey's respondents answer: the organisation fixed, their role asked instead."""
    answer_words: AnswerWords = field(init=False)
    """Answers in the words the questionnaire showed (summaries, dashboards, conflicts)."""
    new_drafts: RateLimit = field(init=False)
    """New drafts per client address (questionnaire, survey, upload)."""
    accepted_answers: RateLimit = field(init=False)
    """Accepted answers per client address."""
    admin_failures: RateLimit = field(init=False)
    """Wrong admin tokens per client address."""
    refusals: RefusalLog = field(init=False)
    """Refusals (limits, timeouts), logged once per interval with a count."""
    secret: bytes = field(init=False, repr=False)
    """The server's secret (in the data folder), which CSRF tokens are an HMAC with."""
    sessions: AdminSessions = field(init=False)
    """The organiser's live sessions."""
    renders: Renders = field(init=False)
    """The PDFs: cached, rendered in worker processes, a bounded queue, one render in flight per client."""
    _said: dict[str, tuple[Questionnaire, Questionnaire, AnswerWords]] = field(init=False, default_factory=dict)
    """The questionnaire, the survey's and the answer words as each language says them, made once per language."""

    def __post_init__(self) -> None:
        self.surveys = SurveyStore(self.store)
        self.survey_questionnaire = survey_questionnaire(self.questionnaire)
        self.survey_results = SurveyResults(self.surveys, self.rules, self.survey_questionnaire)
        self.answer_words = AnswerWords(self.questionnaire)
        limits = self.settings.limits
        self.new_drafts = RateLimit(limits.drafts_per_minute, 60.0)
        self.accepted_answers = RateLimit(limits.responses_per_hour, 3600.0)
        self.admin_failures = RateLimit(limits.admin_failures_per_minute, 60.0)
        self.refusals = RefusalLog()
        self.secret = server_secret(self.store.path.parent)
        self.sessions = AdminSessions(self.store)
        pool = shared_pool(limits.render_workers)
        self.renders = Renders(pool, limits.render_queue, limits.render_cache_mib * 1024 * 1024)

    def _in_language(self) -> tuple[Questionnaire, Questionnaire, AnswerWords]:
        language = current_language()
        if language == ENGLISH:
            return self.questionnaire, self.survey_questionnaire, self.answer_words
        found = self._said.get(language)
        if found is None:
            said = load_questions(self.rules, lang=language)
            found = self._said.setdefault(language, (said, survey_questionnaire(said), AnswerWords(said)))
        return found

    def asked(self, survey: bool = False) -> Questionnaire:
        """The questionnaire (or a survey's) in the request's language: the same questions, ids and values."""
        said, survey_said, _ = self._in_language()
        return survey_said if survey else said

    def said_answers(self) -> AnswerWords:
        """The answers in the words the questionnaire showed, in the request's language."""
        return self._in_language()[2]

    def admin_session(self, request: Request) -> str | None:
        """The request's live organiser session, if any."""
        return session_of(request, self)

    @property
    def templates(self) -> jinja2.Environment:
        return template_environment()

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page rendered from templates/web/`template`, with the CSRF token every form needs."""
        context = {
            "request_path": request.url.path,
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token(request),
            "advisor_version": __version__,
            "asset_url": asset_url,
            "rules_label": f"{self.rules.name} {self.rules.version}",
            **values,
        }
        html = self.templates.get_template(f"web/{template}").render(context)
        response = HTMLResponse(html, status_code=status)
        set_csrf_cookie(request, response)
        return response


def open_site(rules_source: str | None, data_dir: Path | None, settings: Settings | None = None) -> Site:
    """Load the rules and the questionnaire and open the drafts database (errors are the CLI's InvalidInput); the
    admin token is ADVISOR_ADMIN_TOKEN's, else a new random one."""
    settings = settings or Settings()
    rules = load_rules(rules_source)
    questionnaire = load_questions(rules)
    given = admin_token_from_env()
    store, notices = open_store(data_dir)
    if given is None:
        return Site(rules, rules_source, questionnaire, store, settings=settings, notices=notices)
    site = Site(rules, rules_source, questionnaire, store, given, admin_token_given=True, settings=settings)
    site.notices = notices
    return site


def open_store(data_dir: Path | None) -> tuple[Store, list[str]]:
    """The drafts database in `data_dir` (else the user's data folder), with the warnings to show at start-up;
    `UsageError` (exit 2) with the reason when the folder or the database cannot be written."""
    folder = data_dir or default_data_dir()
    where = "--data" if data_dir is not None else text("edge.web.the_data_folder")
    notices = prepare_folder(folder, where)
    try:
        return Store(folder), notices
    except (sqlite3.Error, OSError) as exc:
        raise UsageError(
            text("edge.web.database_unwritable", where=where, folder=str(folder), name=DATABASE_NAME, reason=reason(exc))
        ) from None
