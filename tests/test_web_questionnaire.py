"""The questionnaire in the browser, through its routes: a section per page, the interview's own checks, back, save
and resume, the summary with Change, accepting, and drafts that outlive the server."""

from __future__ import annotations

import re

import orjson
import pytest

from advisor.questionnaire import answers_from_profile, profile_data
from tests.web_helpers import client_for, csrf_of, form_fields, submit


@pytest.fixture()
def web(tmp_path):
    client, site = client_for(tmp_path)
    return client, site


def start(client) -> tuple[str, str]:
    """Start a questionnaire; the URL of its first section and that page's HTML."""
    home = client.get("/")
    response = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert response.status_code == 303
    url = response.headers["location"]
    return url, client.get(url).text


def token_of(url: str) -> str:
    return url.split("/")[2]


def test_the_first_section_says_where_it_is_and_labels_every_input(web):
    client, site = web
    url, html = start(client)
    assert url.endswith("/1")
    assert "Section 1 of 5" in html and "<h1>Your organisation</h1>" in html
    assert '<html lang="en">' in html
    for input_id in re.findall(r'<input id="([^"]+)" type="text"', html):
        assert f'<label for="{input_id}"' in html
    # one name per question: a choice question's group by its legend, a text question's input by its label alone
    questions = site.questionnaire.sections[0][1]
    assert html.count("<legend") == len([q for q in questions if q.type not in ("text", "number")])
    assert html.count('class="prompt"') == len(questions)


def test_a_missing_name_is_refused_with_the_interviews_message_and_nothing_else_is_lost(web):
    client, site = web
    url, html = start(client)
    response = submit(client, url, html, {"org_name": "  ", "regions": '"EU"'})
    assert response.status_code == 422
    assert (
        "What is the organisation called?</a>: must not be empty" in response.text
        and "(got &#39;&#39;)" not in response.text
    )
    draft = site.store.get(token_of(url))
    assert draft.answers["regions"] == ["EU"]  # the valid answers of the page are kept
    assert "org_name" not in draft.answers
    assert 'value="&#34;EU&#34;" checked' in response.text


def test_next_saves_the_page_and_goes_on_back_returns_with_the_answers(web):
    client, site = web
    url, html = start(client)
    response = submit(client, url, html, {"org_name": "Acme Ltd", "size": '"51-250"'})
    assert response.status_code == 303 and response.headers["location"].endswith("/2")
    assert site.store.get(token_of(url)).answers["org_name"] == "Acme Ltd"
    second = client.get(response.headers["location"]).text
    back = submit(client, response.headers["location"], second, {"writing_importance": "4"}, action="back")
    assert back.headers["location"] == url
    again = client.get(url).text
    assert 'value="Acme Ltd"' in again and 'value="&#34;51-250&#34;" checked' in again
    assert site.store.get(token_of(url)).answers["writing_importance"] == 4  # Back saves too


def test_an_answer_that_opens_a_question_on_the_same_page_shows_the_page_again_with_it_marked(web):
    client, site = web
    url, _html = start(client)
    token = token_of(url)
    answers = {"org_name": "Clinic", "writing_importance": 3, "writing_volume": "medium"}
    site.store.save_answers(token, answers, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/3").text
    assert 'id="q-regulated_data" data-question="regulated_data" hidden' in page
    response = submit(client, f"/q/{token}/3", page, {"data_sensitivity": '"regulated"'})
    assert response.status_code == 422
    assert 'class="question opened" id="q-regulated_data"' in response.text
    assert "further question" in response.text
    assert site.store.get(token).answers["data_sensitivity"] == "regulated"


def test_the_live_conditions_come_from_the_server_and_save_nothing(web):
    client, site = web
    url, _html = start(client)
    token = token_of(url)
    site.store.save_answers(token, {"org_name": "X", "writing_importance": 2}, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/3").text
    fields = form_fields(page) | {"data_sensitivity": ['"regulated"']}
    response = client.post(f"/q/{token}/3/live", data=fields)
    assert "regulated_data" in response.json()["applies"]
    fields["data_sensitivity"] = ['"public"']
    assert "regulated_data" not in client.post(f"/q/{token}/3/live", data=fields).json()["applies"]
    assert "data_sensitivity" not in site.store.get(token).answers


def test_leaving_the_needs_with_every_importance_at_zero_is_refused(web):
    client, _site = web
    url, _html = start(client)
    token = token_of(url)
    page = client.get(f"/q/{token}/2").text
    response = submit(client, f"/q/{token}/2", page, {})
    assert response.status_code == 422
    assert "No content needs given: every use case has importance 0" in response.text


def test_a_value_no_input_could_send_is_named_not_stored(web):
    client, site = web
    url, _html = start(client)
    token = token_of(url)
    page = client.get(f"/q/{token}/2").text
    response = submit(client, f"/q/{token}/2", page, {"writing_importance": "9", "code_importance": "true"})
    assert response.status_code == 422
    assert "not one of the choices" in response.text or "less than or equal to 5" in response.text
    assert "writing_importance" not in site.store.get(token).answers


def test_a_checkbox_with_none_of_these_and_another_box_is_refused_with_the_terminal_message(web):
    client, site = web
    url, _ = start(client)
    token = token_of(url)
    site.store.save_answers(token, {"org_name": "X", "writing_importance": 2}, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/4").text
    response = submit(client, f"/q/{token}/4", page, {"governance": ['"policy"', "__none__"]})
    assert response.status_code == 422
    assert "choose either &#39;None of these yet&#39; or the others, not both" in response.text


def test_a_refused_checkbox_keeps_its_ticks_and_is_not_called_a_new_question(web):
    client, site = web
    url, _ = start(client)
    token = token_of(url)
    site.store.save_answers(token, {"org_name": "X", "writing_importance": 2}, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/4").text
    response = submit(client, f"/q/{token}/4", page, {"governance": ['"policy"', "__none__"], "public_chatbot": "true"})
    assert response.status_code == 422
    assert "New question" not in response.text and "further question" not in response.text
    assert re.findall(r'name="governance" value="([^"]+)" checked', response.text) == ["&#34;policy&#34;", "__none__"]
    assert 'name="public_chatbot" value="true" checked' in response.text  # the accepted answers are shown too
    problems = re.search(r'<div class="problem".*?</div>', response.text, re.DOTALL)[0]
    assert problems.count("<p>") == 1 and "Which governance basics are in place?" in problems
    assert form_fields(response.text)["governance"] == ['"policy"', "__none__"]  # sent again as the person left it


@pytest.mark.parametrize("action", ["save", "back"])
def test_save_or_back_with_a_refused_checkbox_shows_the_problem_instead_of_dropping_the_ticks(web, action):
    """'Save and continue later' must not say "saved" (nor Back leave the page) while the ticks of a refused checkbox
    are thrown away: the page comes back with them and its one problem; the accepted answers are saved."""
    client, site = web
    url, _ = start(client)
    token = token_of(url)
    site.store.save_answers(token, {"org_name": "X", "writing_importance": 2}, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/4").text
    sent = {"governance": ['"policy"', "__none__"], "public_chatbot": "true"}
    response = submit(client, f"/q/{token}/4", page, sent, action=action)
    assert response.status_code == 422
    assert re.findall(r'name="governance" value="([^"]+)" checked', response.text) == ["&#34;policy&#34;", "__none__"]
    problems = re.search(r'<div class="problem".*?</div>', response.text, re.DOTALL)[0]
    assert problems.count("<p>") == 1 and "Which governance basics are in place?" in problems
    assert site.store.get(token).answers["public_chatbot"] is True


def test_the_countries_output_regions_and_role_questions_are_on_their_sections_pages(web):
    client, site = web
    url, first = start(client)
    token = token_of(url)
    assert '<label for="in-countries" class="prompt">In which countries? (optional)</label>' in first
    assert '<input id="in-countries" type="text" name="countries" value=""' in first
    assert first.index('id="q-regions"') < first.index('id="q-countries"')  # asked after where it operates
    site.store.save_answers(token, {"org_name": "X", "writing_importance": 2}, site.questionnaire.sha256)
    page = client.get(f"/q/{token}/4").text
    assert "<h1>Obligations and readiness</h1>" in page
    assert "Where will the AI output be used or published? (optional)</legend>" in page
    assert "Will you offer an AI system to others under your own name?</legend>" in page
    regions = re.findall(r'name="output_regions" value="([^"]+)"', page)
    assert [r.replace("&#34;", "") for r in regions] == [
        "EU", "UK", "Other Europe", "North America", "Latin America", "Asia-Pacific", "Middle East and Africa"
    ]
    assert re.findall(r'name="offers_ai_system" value="([^"]*)"', page) == ["true", "false", ""]
    assert 'name="offers_ai_system" value="" checked' in page  # skipped unless answered: deployer by default
    order = [page.index(f'id="q-{q}"') for q in ("output_regions", "offers_ai_system", "publishes_outputs")]
    assert order == sorted(order)


def test_the_countries_output_regions_and_role_are_saved_and_reach_the_profile(web):
    client, site = web
    url, html = start(client)
    token = token_of(url)
    response = submit(client, url, html, {"org_name": "Acme", "regions": '"UK"', "countries": "US, Germany"})
    assert response.status_code == 303
    assert site.store.get(token).answers["countries"] == ["US", "Germany"]
    assert answer_section(client, token, 2, {"writing_importance": "3"}).status_code == 303
    assert answer_section(client, token, 3, {}).status_code == 303
    changes = {"output_regions": ['"EU"', '"North America"'], "offers_ai_system": "true"}
    assert answer_section(client, token, 4, changes).status_code == 303
    saved = site.store.get(token).answers
    assert saved["output_regions"] == ["EU", "North America"] and saved["offers_ai_system"] is True
    again = client.get(f"/q/{token}/4").text  # shown as saved
    assert 'value="&#34;EU&#34;" checked' in again and 'name="offers_ai_system" value="true" checked' in again
    assert answer_section(client, token, 5, {}).status_code == 303
    summary = client.get(f"/q/{token}/summary").text
    assert "US, Germany" in summary and "North America" in summary
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert response.headers["location"] == f"/result/{token}"
    profile = site.store.get(token).profile
    assert profile["organization"]["countries"] == ["US", "DE"]
    assert profile["organization"]["regions"] == ["UK", "North America", "EU"]
    assert profile["context"]["output_regions"] == ["EU", "North America"]
    assert profile["context"]["offers_ai_system"] is True


def test_the_new_questions_left_alone_stay_unstated_in_the_profile(web):
    client, site = web
    token = walk_to_summary(client, site)
    summary = client.get(f"/q/{token}/summary").text
    client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    profile = site.store.get(token).profile
    assert "countries" not in profile["organization"] and "regions" not in profile["organization"]
    assert not {"output_regions", "offers_ai_system"} & set(profile["context"])  # not [], not false: absent


def test_an_unknown_country_is_refused_naming_the_question_and_the_word(web):
    client, site = web
    url, html = start(client)
    response = submit(client, url, html, {"org_name": "Acme", "countries": "US, Narnia"})
    assert response.status_code == 422
    problems = re.search(r'<div class="problem".*?</div>', response.text, re.DOTALL)[0]
    assert problems.count("<p>") == 1
    assert '<a href="#q-countries">In which countries? (optional)</a>: unknown country &#39;Narnia&#39;' in problems
    assert 'value="US, Narnia"' in response.text  # the text is shown again as typed, to correct
    answers = site.store.get(token_of(url)).answers
    assert answers["org_name"] == "Acme" and "countries" not in answers  # the valid answers kept, not the refused


def answer_section(client, token: str, number: int, changes: dict) -> object:
    """Submit section `number` with `changes`; when they open questions on the page, submit it again as shown."""
    page = client.get(f"/q/{token}/{number}").text
    response = submit(client, f"/q/{token}/{number}", page, changes)
    if response.status_code == 422 and "further question" in response.text:
        response = submit(client, f"/q/{token}/{number}", response.text, {})
    return response


def walk_to_summary(client, site) -> str:
    """Answer every section with a browser's defaults plus a name and one need; the token."""
    url, _html = start(client)
    token = token_of(url)
    changes = {1: {"org_name": "Harbour & Sons <Ltd>"}, 2: {"writing_importance": "5", "code_importance": "3"}}
    for number in range(1, len(site.questionnaire.sections) + 1):
        page = client.get(f"/q/{token}/{number}").text
        response = submit(client, f"/q/{token}/{number}", page, changes.get(number, {}))
        if response.status_code == 422:  # the needs opened their volume questions: shown now, with defaults
            assert "further question" in response.text
            response = submit(client, f"/q/{token}/{number}", response.text, {})
        assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/q/{token}/summary"
    return token


def test_the_summary_lists_the_answers_as_chosen_and_change_returns_to_it(web):
    client, site = web
    token = walk_to_summary(client, site)
    summary = client.get(f"/q/{token}/summary").text
    assert "Harbour &amp; Sons &lt;Ltd&gt;" in summary
    assert "5 Essential" in summary and "Internal: not public, not sensitive" in summary
    change = re.search(rf'href="(/q/{token}/2\?then=summary#q-code_importance)"', summary)
    assert change, "each answer has a Change link to its section"
    page = client.get(change[1].split("#")[0]).text
    assert 'name="then" value="summary"' in page
    response = submit(client, f"/q/{token}/2", page, {"code_importance": "1"})
    assert response.headers["location"] == f"/q/{token}/summary"
    assert "1 Marginal" in client.get(f"/q/{token}/summary").text


def test_accepting_keeps_the_profile_the_answers_make_and_goes_to_the_result(web):
    client, site = web
    token = walk_to_summary(client, site)
    summary = client.get(f"/q/{token}/summary").text
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/result/{token}"
    draft = site.store.get(token)
    assert draft.profile["organization"]["name"] == "Harbour & Sons <Ltd>"
    assert draft.profile["needs"] == {
        "writing": {"importance": 5, "volume": "medium"},
        "code": {"importance": 3, "volume": "medium"},
    }
    expected = profile_data(site.questionnaire, draft.answers)
    assert draft.profile["context"]["data_sensitivity"] == expected["context"]["data_sensitivity"]


def test_accepting_with_open_questions_sends_to_the_first_open_section(web):
    client, site = web
    url, html = start(client)
    token = token_of(url)
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(html)}, follow_redirects=False)
    assert response.headers["location"] == f"/q/{token}/1"
    assert site.store.get(token).profile is None


def test_save_and_continue_later_gives_a_resume_link_that_works_in_a_fresh_browser(web, tmp_path):
    client, _site = web
    url, html = start(client)
    response = submit(client, url, html, {"org_name": "Resume GmbH"}, action="save")
    saved = client.get(response.headers["location"]).text
    link = re.search(r'id="resume-link" class="link" type="text" readonly value="([^"]+)"', saved)[1]
    assert link.endswith(f"/q/{token_of(url)}")
    fresh, _ = client_for(tmp_path)  # a restarted server on the same data folder, a browser without cookies
    opened = fresh.get(link.replace("http://testserver", ""), follow_redirects=True)
    assert opened.url.path == f"/q/{token_of(url)}/2"
    assert 'value="Resume GmbH"' in fresh.get(f"/q/{token_of(url)}/1").text


def test_a_draft_survives_a_restart_of_the_app(tmp_path):
    client, site = client_for(tmp_path)
    url, html = start(client)
    submit(client, url, html, {"org_name": "Durable AG"})
    site.store.close()
    again, later = client_for(tmp_path)
    assert later.store.get(token_of(url)).answers["org_name"] == "Durable AG"
    assert 'value="Durable AG"' in again.get(url).text


def test_unknown_tokens_and_sections_are_a_plain_404_page(web):
    client, _ = web
    for path in ("/q/nope/1", "/q/nope", "/q/nope/summary", "/result/nope", "/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404 and "There is nothing at this address" in response.text
    url, _ = start(client)
    assert client.get(url.replace("/1", "/99")).status_code == 404


def test_drafts_are_keyed_by_unguessable_tokens(web):
    client, _site = web
    tokens = {token_of(start(client)[0]) for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)  # >= 128 bits


def test_a_hostile_name_is_shown_literally_everywhere(web):
    client, site = web
    url, html = start(client)
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    submit(client, url, html, {"org_name": hostile})
    page = client.get(url).text
    assert "<script>alert(1)" not in page and "onerror=alert(2)>" not in page
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert orjson.loads(orjson.dumps(site.store.get(token_of(url)).answers))["org_name"] == hostile


def test_changing_an_uploaded_profiles_answers_keeps_its_fields_that_no_question_asks(web):
    client, site = web
    data = {
        "id": "harbour-2026",
        "organization": {"name": "Harbour"},
        "needs": {"writing": {"importance": 4, "volume": "high"}},
    }
    token = site.store.create(answers_from_profile(site.questionnaire, data), site.questionnaire.sha256, data, "upload")
    summary = client.get(f"/q/{token}/summary").text
    assert answer_section(client, token, 2, {"code_importance": "2"}).status_code == 303
    for number in (1, 3, 4, 5):  # the questions the upload did not answer
        assert answer_section(client, token, number, {}).status_code == 303
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert response.headers["location"] == f"/result/{token}"
    profile = site.store.get(token).profile
    assert profile["id"] == "harbour-2026"
    assert profile["needs"]["code"] == {"importance": 2, "volume": "medium"}
