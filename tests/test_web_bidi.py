"""Right-to-left and override characters in what people type, on the web pages: every organisation name, survey
title and role is shown in a <bdi> (isolated), on the survey's pages, the respondent's summary and result, the
organiser's dashboard and the delete confirmation; long words wrap (site.css)."""

from __future__ import annotations

import re

from advisor.core.resources import bundled_dir
from advisor.report.bidi import FSI, PDI
from tests.test_report_layout import unisolated
from tests.test_web_survey import accept, create_survey, organiser, respond, respondent, served, start

__all__ = ["served"]  # the fixture, shared with tests/test_web_survey.py

ARABIC = "شركة الأمل للتقنية"
TITLE = "Survey \u202eAI 2026"
ROLE = "Legal \u202eteam"
OTHER = "مدير التسويق"


def test_every_web_page_isolates_what_people_typed(served):
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin, title=TITLE, org_name=ARABIC, industry=OTHER, size='"51-250"')
    names = [ARABIC, TITLE, ROLE, OTHER]
    client = respondent(site)
    token = start(client, link)
    assert not unisolated(client.get(link).text, names)  # the survey's first page
    assert not unisolated(client.get(f"/q/{token}/1").text, names)  # the banner of every section
    respond(client, link, ROLE, {"writing_importance": "5"})
    token = respond(respondent(site), link, OTHER, {"art_importance": "5"})
    summary = respondent(site).get(f"/q/{token}/summary").text
    assert f"<bdi>{ARABIC}</bdi>" in summary and not unisolated(summary, names)
    result = respondent(site).get(f"/result/{token}").text
    assert f"<bdi>{ARABIC}</bdi> · <bdi>{OTHER}</bdi> · 51-250 employees" in result
    assert not unisolated(result, names)
    page = admin.get(dashboard).text
    assert f"Survey of <bdi>{ARABIC}</bdi>" in page and f"<h1><bdi>{TITLE}</bdi></h1>" in page
    assert f"<td><bdi>{ROLE}</bdi></td>" in page and not unisolated(page, names)
    delete = re.findall(r'href="(/admin/surveys/[^"]+/responses/[^"]+/delete)"', page)[0]
    confirm = admin.get(delete).text
    assert "Delete this response?" in confirm and f"<strong><bdi>{ROLE}</bdi></strong>" in confirm
    assert f"“<bdi>{TITLE}</bdi>”" in confirm and not unisolated(confirm, names)
    assert not unisolated(admin.get("/admin").text, names)
    accept(respondent(site), token)  # accepting again leaves the pages as they were


def test_long_words_wrap_on_every_web_page():
    css = (bundled_dir("templates") / "assets" / "web" / "site.css").read_text(encoding="utf-8")
    assert "body { overflow-wrap: break-word; }" in css and "bdi { overflow-wrap: anywhere; }" in css


def test_the_closed_survey_page_isolates_the_title_it_quotes(served):
    """The page a closed survey answers with names the survey in its heading and its title: U+202E in the title must
    not reverse the server's own words ("“Survey AI 2026” is closed" read as "desolc si ”6202 IA")."""
    _, site = served
    admin = organiser(site)
    dashboard, link = create_survey(admin, title=TITLE, org_name=ARABIC)
    client = respondent(site)
    token = start(client, link)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', admin.get(dashboard).text)[1]
    admin.post(f"{dashboard}/close", data={"csrf_token": csrf})
    quoted = f"“{FSI}{TITLE}{PDI}” is closed"
    closed = client.get(link)  # the survey's link
    assert closed.status_code == 403
    assert f"<h1>{quoted}</h1>" in closed.text and f"<title>Error: {quoted} · advisor</title>" in closed.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/q/{token}/summary").text)[1]
    refused = client.post(f"/q/{token}/1", data={"csrf_token": csrf, "respondent_role": "Ops", "action": "next"})
    assert refused.status_code == 403 and f"<h1>{quoted}</h1>" in refused.text  # a section sent after the close


def test_the_upload_page_isolates_the_file_name_it_quotes(served):
    """A refused upload names the file in a sentence: U+202E in the file's name must not reverse "is not a valid
    profile" (the problem lines escape it, as the CLI does)."""
    client, _ = served
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/upload").text)[1]
    name = "\u202eevil نص.json"
    sent = {"profile": (name, b'{"organization": {"name": "A"}, "needs": {}}', "application/json")}
    page = client.post("/upload", data={"csrf_token": csrf}, files=sent).text
    assert f"<strong><bdi>{name}</bdi></strong> is not a valid profile" in page
    assert not unisolated(page.replace("\\u202e", ""), [name])
