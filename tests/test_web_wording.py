"""What the web pages say about answers: the labels the respondents saw (never the stored codes) on the summary, the
survey dashboard and the group report; headings that are true; nothing offered after a survey has closed."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fastapi.testclient import TestClient

from advisor.web import Site
from advisor.web.survey_results import SURVEY_CSV_COLUMNS
from tests.test_web_survey import SECTIONS, accept, answer, create_survey, organiser, respondent, start
from tests.web_helpers import client_for

CODES = ("saas", "cloud_api", "review_process", "no_preference", "1-50", "51-250")
"""Stored values that differ from their labels: none may appear where a person reads the answers."""


@pytest.fixture()
def served(tmp_path: Path) -> tuple[TestClient, Site]:
    return client_for(tmp_path)


def respond_fully(site: Site, link: str, role: str, context: dict[str, Any], obligations: dict[str, Any]) -> str:
    """One respondent answering every section (context on section 3, obligations and governance on 4); the token."""
    client = respondent(site)
    token = start(client, link)
    pages = {1: {"respondent_role": role}, 2: {"writing_importance": "4"}, 3: context, 4: obligations}
    for number in range(1, SECTIONS + 1):
        response = answer(client, token, number, pages.get(number, {}))
        assert response.status_code == 303, response.text
    return accept(client, token)


@pytest.fixture()
def disagreeing(served) -> tuple[TestClient, Site, str]:
    """Three respondents who disagree on where the tools may run and on the governance in place."""
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin, size='"51-250"', regions=['"EU"', '"Other Europe"'])
    respond_fully(site, link, "Legal", {"deployment": '"saas"'}, {"governance": ['"policy"', '"review_process"']})
    respond_fully(site, link, "Marketing", {"deployment": '"saas"'}, {"governance": '"owner"'})
    respond_fully(site, link, "IT", {"deployment": '"cloud_api"'}, {"governance": "__none__"})
    return admin, site, dashboard


def test_the_dashboard_states_conflicts_in_the_labels_respondents_saw(disagreeing):
    admin, _, dashboard = disagreeing
    page = admin.get(dashboard).text
    conflicts = re.search(r'<ul class="conflicts">(.*?)</ul>', page, re.DOTALL)[1]
    assert (
        "<li>deployment: 2 said “Ready-made SaaS tools (e.g. ChatGPT Team, Midjourney)”, 1 said “Cloud APIs built "
        "into our own systems”. Scored as “Cloud APIs built into our own systems” (the most restrictive answer); "
        "resolve this.</li>"
    ) in conflicts
    assert "1 said “An AI use policy” and “A review process for AI output and new tools”" in conflicts
    assert "Scored as “None of these yet”" in conflicts
    assert not [code for code in CODES if re.search(rf"\b{re.escape(code)}\b", conflicts)], conflicts


def test_the_group_pdf_states_conflicts_in_the_labels_respondents_saw(disagreeing):
    admin, _, dashboard = disagreeing
    pdf = pypdf.PdfReader(io.BytesIO(admin.get(f"{dashboard}/group.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "2 said “Ready-made SaaS tools (e.g. ChatGPT Team, Midjourney)”, 1 said “Cloud APIs built into" in text
    assert "“A review process for AI output and new tools”" in text
    assert "review_process" not in text and "cloud_api" not in text and "said saas" not in text


def test_the_survey_csv_names_each_respondent_and_keeps_the_codes(disagreeing):
    admin, site, dashboard = disagreeing
    survey = site.surveys.all()[0]
    named = {"organization": survey.organization, "respondent": {"role": "Board", "name": "=Ann Lee"}}
    named |= {"needs": {"code": {"importance": 3}}}
    token = site.store.create({}, site.survey_questionnaire.sha256, base=named, survey=survey.id)
    site.store.finish(token, {}, named)
    rows = list(csv.DictReader(io.StringIO(admin.get(f"{dashboard}/responses.csv").text)))
    assert tuple(rows[0]) == SURVEY_CSV_COLUMNS
    assert [(r["respondent_role"], r["respondent_name"]) for r in rows] == [
        ("Legal", ""),
        ("Marketing", ""),
        ("IT", ""),
        ("Board", "'=Ann Lee"),  # a name that a spreadsheet would run as a formula is kept as text
    ]
    assert {r["recommendation"] for r in rows} <= {"llm", "generative_ai", "hybrid", "neither"}  # codes by design


def test_the_summary_heading_is_true_and_answers_read_as_their_labels(disagreeing):
    _, site, _ = disagreeing
    link = re.search(r"/s/[\w-]+", organiser(site).get("/admin/surveys/" + site.surveys.all()[0].id).text)[0]
    client = respondent(site)
    token = start(client, link)
    pages = {1: {"respondent_role": "Ops"}, 2: {"code_importance": "2"}, 4: {"public_chatbot": "true"}}
    for number in range(1, SECTIONS + 1):
        assert answer(client, token, number, pages.get(number, {})).status_code == 303
    summary = client.get(f"/q/{token}/summary").text
    assert '<p class="progress">Summary of all 5 sections</p>' in summary and "after section" not in summary
    chatbot = re.search(r'<tr id="answer-public_chatbot">.*?<td class="answer">(?:<bdi>)?([^<]*)(?:</bdi>)?</td>', summary, re.DOTALL)[1]
    assert chatbot == "Yes"  # the label of the choice, not "yes"
    assert re.search(r"<td class=\"answer\">(?:<bdi>)?(yes|no)(?:</bdi>)?</td>", summary) is None
    assert "51 to 250 people, operating in European Union and Rest of Europe (outside the EU and the UK)" in summary


def test_after_the_survey_closes_the_result_and_summary_offer_no_change(disagreeing):
    admin, site, dashboard = disagreeing
    token = next(d.token for d in site.surveys.responses(site.surveys.all()[0].id))
    client = respondent(site)
    result = client.get(f"/result/{token}").text
    assert "you can change your answers until the survey closes" in result and "Change answers" in result
    page = admin.get(dashboard).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    admin.post(f"{dashboard}/close", data={"csrf_token": csrf})
    result = client.get(f"/result/{token}").text
    assert "until the survey closes" not in result and "The survey is closed, so your answers are final." in result
    assert "Change answers" not in result and "see and change these answers" not in result
    summary = client.get(f"/q/{token}/summary").text
    # an accepted response stays the respondent's response: the summary says so, read only
    assert "The survey is closed: your accepted answers count as your response and can no longer be changed." in summary
    assert "Accept, send my response" not in summary
    assert f'href="/q/{token}/' not in summary  # no "Change" per answer, no Back into a form that cannot be sent
    section = client.get(f"/q/{token}/2", follow_redirects=False)  # a bookmarked section: the answers, read only
    assert section.status_code == 303 and section.headers["location"] == f"/q/{token}/summary"


def test_the_result_page_shows_the_answers_as_their_choices_labels(served):
    client, _ = served
    page = client.get("/upload").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    profile = (Path(__file__).resolve().parent.parent / "examples" / "on-premises-agency.json").read_bytes()
    response = client.post("/upload", data={"csrf_token": csrf}, files={"profile": ("agency.json", profile, "x")})
    result = response.text
    context = result[result.index('<section id="context">') : result.index("</section>", result.index('id="context"'))]
    cells = re.findall(r"<tr><td>[^<]*</td><td>(?:<bdi>)?([^<]*)(?:</bdi>)?</td>", context)  # answers are isolated
    assert "Only on our own servers" in cells and "Yes" in cells  # the headwords of the choices' labels
    appendix = result[result.index("Appendix: the answers given") :]
    assert "<td><bdi>Only on our own servers (self-hosted)</bdi></td>" in appendix  # answers are isolated
    assert "<td>Confidence in the priorities</td><td><bdi>Very sure: agreed with stakeholders</bdi></td>" in appendix
    shown = re.findall(r"<td>(?:<bdi>)?([^<]*)(?:</bdi>)?</td>", context + appendix)
    codes = {"on premises", "on_premises", "ml engineers", "developers", "medium", "high", "low", "yes", "no"}
    assert not codes & set(shown), codes & set(shown)


def test_the_organisers_refused_survey_form_keeps_what_was_ticked(served):
    from tests.web_helpers import submit

    _, site = served
    admin = organiser(site)
    page = admin.get("/admin/surveys/new").text
    fields = {"title": "T", "org_name": "Acme", "regions": ['"EU"', '"Other Europe"', '"Atlantis"']}
    response = submit(admin, "/admin/surveys", page, fields)
    assert response.status_code == 422 and "not one of the choices" in response.text
    ticked = re.findall(r'name="regions" value="([^"]+)" checked', response.text)
    assert ticked == ["&#34;EU&#34;", "&#34;Other Europe&#34;"]


def test_who_alone_moves_the_ring_is_said_in_the_labels_respondents_saw(served):
    """The pivotal sentence names what the respondent alone said as the conflicts do: the choices' labels, never the
    stored codes ('policy and review process are not in place'), on the dashboard and in the group PDF."""
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin, size='"51-250"', regions=['"EU"'])
    every = {"governance": ['"policy"', '"owner"', '"review_process"', '"training"']}
    respond_fully(site, link, "Legal", {"deployment": '"saas"'}, every)
    respond_fully(site, link, "Marketing", {"deployment": '"saas"'}, every)
    respond_fully(site, link, "IT", {"deployment": '"saas"'}, {"governance": ['"owner"', '"training"']})
    said = (
        "IT said “An AI use policy” and “A review process for AI output and new tools” are not in place (governance): "
        "this puts the organisation on Trial rather than Adopt."
    )
    pivotal = re.search(r'<p id="pivotal">(.*?)</p>', admin.get(dashboard).text, re.DOTALL)[1]
    assert said in pivotal.replace("<bdi>IT</bdi>", "IT")
    pdf = pypdf.PdfReader(io.BytesIO(admin.get(f"{dashboard}/group.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert said in text
    assert "review process are" not in text and "policy and" not in pivotal
