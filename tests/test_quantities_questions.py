"""The optional quantity questions (issue 25, item 2): how many people would use AI tools (`scale.users`) and, for each
needed use case, its quantity a month in the unit the rules give it. Asked in the terminal (the real prompts) and in
the browser (number inputs, checked by the server); empty leaves the field out of the profile, and each question
says the default that would be derived instead."""

from __future__ import annotations

import io
import json
import re

import pytest
import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from advisor.core.profile import parse_profile
from advisor.core.resources import default_rules_path
from advisor.core.rules import parse_rules
from advisor.questionnaire import default_note, load_questions, profile_data
from advisor.questionnaire.answers import answer_problem, typed_answer
from advisor.questionnaire.ask import Interview, display
from advisor.questionnaire.prompts import PromptAsker
from advisor.questionnaire.questions import parse_questions
from tests.conftest import EXAMPLES
from tests.test_ask_cli import answer_the_rest, run, spawn
from tests.web_helpers import client_for, csrf_of, submit

ENTER, DOWN, BACKSPACE = "\r", "\x1b[B", "\x7f"


@pytest.fixture(scope="module")
def questionnaire(rules):
    return load_questions(rules)


@pytest.fixture(scope="module")
def by_id(questionnaire):
    return {q.id: q for q in questionnaire.questions}


# ---- the questions as data ------------------------------------------------------------------------------------------


def test_the_people_question_follows_the_size_and_is_optional(questionnaire, by_id):
    ids = [q.id for q in questionnaire.sections[0][1]]
    assert ids.index("users") == ids.index("size") + 1
    users = by_id["users"]
    assert users.type == "number" and users.optional and users.whole and users.field == "scale.users"
    assert users.prompt == "How many people would use AI tools? (optional)"
    assert "Leave empty if you do not know: it will be derived from the organisation's size" in (users.help or "")


def test_each_use_case_with_a_unit_gets_its_quantity_question_after_its_volume(questionnaire, by_id, rules):
    needs = [q.id for q in questionnaire.sections[1][1]]
    for uid in rules.use_case_ids:
        assert needs.index(f"{uid}_quantity") == needs.index(f"{uid}_volume") + 1
        quantity = by_id[f"{uid}_quantity"]
        assert quantity.optional and quantity.type == "number" and quantity.field == f"needs.{uid}.quantity"
        assert quantity.when is not None and quantity.when.holds({f"{uid}_importance": 1})
        assert not quantity.when.holds({f"{uid}_importance": 0})
    assert by_id["writing_quantity"].prompt == "How many documents a month for content writing? (optional)"
    assert by_id["writing_quantity"].unit == "documents a month"
    assert by_id["art_quantity"].unit == "images a month" and by_id["code_quantity"].unit == "developers a month"
    assert questionnaire.need_importance == tuple(f"{uid}_importance" for uid in rules.use_case_ids)


def test_a_use_case_the_rules_give_no_unit_gets_no_quantity_question():
    data = yaml.safe_load(default_rules_path().read_text("utf-8"))
    del data["quantities"]["code"]
    rules = parse_rules(yaml.safe_dump(data, sort_keys=False).encode(), "no-code-unit.yaml")
    ids = {q.id for q in load_questions(rules).questions}
    assert "code_volume" in ids and "code_quantity" not in ids and "writing_quantity" in ids


def test_a_unit_on_a_question_that_is_no_number_is_refused(rules):
    from advisor.core.errors import RulesError
    from advisor.core.resources import bundled_dir

    text = (bundled_dir("rules") / "questions.yaml").read_text("utf-8")
    text = text.replace("        type: text\n        field: organization.name", "        type: text\n        unit: people\n        field: organization.name")
    with pytest.raises(RulesError) as caught:
        parse_questions(text.encode(), "questions.yaml", rules)
    assert "only a number question takes a unit" in str(caught.value)


# ---- typed answers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("", None), ("  ", None), ("40", 40), ("1,200", 1200), ("12.5", 12.5), ("0", 0), (" 3 000 ", 3000), ("abc", "abc")],
)
def test_a_typed_quantity_is_read_as_a_number_or_kept_to_be_refused(by_id, raw, value):
    assert typed_answer(by_id["writing_quantity"], raw) == value


@pytest.mark.parametrize(
    ("question", "raw", "problem"),
    [
        ("writing_quantity", "abc", "type a number, such as 120, or leave it empty"),
        ("writing_quantity", "-3", "must be 0 or more"),
        ("writing_quantity", "1,2,3", "type a number, such as 120, or leave it empty"),
        ("users", "many", "type a number, such as 25, or leave it empty"),
        ("users", "1.5", "must be a whole number, such as 25"),
        ("users", "-1", "must be 0 or more"),
    ],
)
def test_a_typed_answer_that_is_no_quantity_is_refused_with_a_clear_message(by_id, question, raw, problem):
    assert answer_problem(by_id[question], typed_answer(by_id[question], raw)) == problem


def test_the_profile_s_own_limits_apply_after_the_number_is_read(by_id):
    assert "1" in (answer_problem(by_id["users"], 0) or "")  # at least one person
    assert answer_problem(by_id["users"], 40) is None and answer_problem(by_id["writing_quantity"], 0) is None
    assert answer_problem(by_id["writing_quantity"], None) is None  # empty: not stated


# ---- the default each question names -------------------------------------------------------------------------------


def test_the_people_question_names_the_default_from_the_size_or_says_it_stays_unknown(questionnaire, by_id):
    users = by_id["users"]
    assert default_note(questionnaire, users, {"size": "51-250"}) == (
        "Left empty, it is derived from the organisation's size (51 to 250): 75 people."
    )
    assert "stays unknown" in (default_note(questionnaire, users, {}) or "")
    on_page = default_note(questionnaire, users, {"size": "51-250"}, same_page=True) or ""
    assert "15 people at 1 to 50" in on_page and "1,200 people at more than 1,000" in on_page


def test_a_quantity_question_names_users_times_per_user_at_the_chosen_volume(questionnaire, by_id):
    writing = by_id["writing_quantity"]
    note = default_note(questionnaire, writing, {"size": "51-250", "writing_volume": "high"})
    assert note == "Left empty, it is derived: 75 people x 40 each at high volume = 3,000 documents a month."
    stated = default_note(questionnaire, writing, {"size": "51-250", "users": 10, "writing_volume": "low"})
    assert stated == "Left empty, it is derived: 10 people x 4 each at low volume = 40 documents a month."
    by_volume = default_note(questionnaire, writing, {"users": 10, "writing_volume": "low"}, same_page=True)
    assert by_volume == (
        "Left empty, it is derived from 10 people and the volume: 40 documents a month at low volume, 150 at medium, "
        "400 at high."
    )
    assert "stays unknown" in (default_note(questionnaire, writing, {"writing_volume": "low"}) or "")
    survey = default_note(questionnaire, writing, {}, {"organization": {"size": "1-50"}}, same_page=True)
    assert survey is not None and "from 15 people" in survey  # a survey's organisation gives the size


# ---- the terminal: the real prompts ---------------------------------------------------------------------------------


def interview(questionnaire, keys: str):
    screen = io.StringIO()
    console = Console(file=screen, width=140, color_system=None)
    session = Interview(questionnaire, PromptAsker(questionnaire.scale_labels), console, lambda a: None)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()
        answers = session.run()
    return answers, screen.getvalue()


CONTEXT_AND_ACCEPT = ENTER * 7 + ENTER * 8 + ENTER + ENTER  # context, obligations, confidence by default; accept


@pytest.mark.slow
def test_typed_quantities_reach_the_profile_and_bad_ones_are_asked_again(questionnaire, rules):
    keys = "Acme" + ENTER + ENTER + DOWN * 2 + ENTER  # name, no industry, size 51 to 250
    keys += "many" + ENTER + BACKSPACE * 4 + "-3" + ENTER + BACKSPACE * 2 + "40" + ENTER  # refused twice, then 40
    keys += ENTER + ENTER  # no regions, no countries
    keys += ENTER + DOWN * 3 + ENTER + DOWN + ENTER  # art 0; writing 3, volume high
    keys += "1,200" + ENTER  # writing: 1,200 documents a month
    keys += DOWN * 2 + ENTER + ENTER + ENTER  # code 2, medium, quantity left empty
    keys += ENTER + ENTER  # multimodal and summaries 0
    answers, screen = interview(questionnaire, keys + CONTEXT_AND_ACCEPT)
    assert answers["users"] == 40 and answers["writing_quantity"] == 1200 and answers["code_quantity"] is None
    assert "art_quantity" not in answers  # not needed: never asked
    assert "Left empty, it is derived from the organisation's size (51 to 250): 75 people." in screen
    assert "40 people x 40 each at high volume = 1,600 documents a month" in screen  # the stated people count
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    assert profile.scale is not None and profile.scale.users == 40
    assert profile.needs["writing"].quantity == 1200 and profile.needs["code"].quantity is None
    saved = profile.model_dump(mode="json", exclude_none=True)
    assert saved["needs"]["code"] == {"importance": 2, "volume": "medium"}  # empty: left out, not null
    summary = screen[screen.index("Your answers") :]
    assert "40 people" in summary and "1,200 documents a month" in summary
    assert display(questionnaire.questions[3], None, questionnaire.scale_labels) == "(skipped)"


@pytest.mark.slow
def test_in_a_real_terminal_a_bad_number_is_refused_and_the_quantities_are_saved(tmp_path):
    child = spawn("ask", "-o", "p.json", cwd=tmp_path)
    child.expect("What is the organisation called")
    child.send("Acme Studio\r")
    child.expect("Which industry")
    child.send("\r")
    child.expect("How many people work")
    child.send(DOWN + "\r")  # 1 to 50
    child.expect(r"derived from the organisation's size \(1 to 50\): 15 people")
    child.expect("How many people would use AI tools")
    child.send("lots\r")
    child.expect("type a number, such as 25, or leave it empty")
    child.send(BACKSPACE * 4)
    # the rest as the shared walk answers it, from the people on: 12 people, 30 images of art a month
    answer_the_rest(child, at_users=True, users="12", images="30")
    assert child.exitstatus == 0
    profile = json.loads((tmp_path / "p.json").read_text())
    assert profile["scale"] == {"users": 12} and profile["needs"]["art"]["quantity"] == 30
    scored = run("score", "p.json", "--format", "json", cwd=tmp_path)
    quantities = json.loads(scored.stdout)["business_case"]["quantities"]
    assert quantities["users"] == {"count": 12, "derived": False, "from_size": None}
    assert quantities["use_cases"][0] == {"use_case": "art", "unit": "images", "per_month": 30.0, "derived": False}


# ---- the browser ----------------------------------------------------------------------------------------------------


@pytest.fixture()
def web(tmp_path):
    return client_for(tmp_path)


def started(client) -> tuple[str, str]:
    home = client.get("/")
    response = client.post("/start", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    url = response.headers["location"]
    return url, client.get(url).text


def test_the_page_shows_a_number_input_with_its_unit_and_the_default(web):
    client, _ = web
    _, html = started(client)
    field = re.search(r'<input id="in-users"[^>]*>', html)[0]
    assert 'type="number"' in field and 'min="0"' in field and 'step="1"' in field and 'value=""' in field
    assert 'aria-describedby="help-users note-users unit-users"' in field
    assert '<span class="unit" id="unit-users">people using AI tools</span>' in html
    assert '<label for="in-users" class="prompt">How many people would use AI tools? (optional)</label>' in html
    assert "Left empty, it is derived from the organisation&#39;s size: 15 people at 1 to 50" in html


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("many", "type a number, such as 25, or leave it empty"), ("-4", "must be 0 or more"), ("2.5", "whole number")],
)
def test_a_bad_number_is_refused_at_its_question_and_shown_as_typed(web, typed, problem):
    client, site = web
    url, html = started(client)
    response = submit(client, url, html, {"org_name": "Acme", "users": typed})
    assert response.status_code == 422
    problems = re.search(r'<div class="problem".*?</div>', response.text, re.DOTALL)[0]
    assert '<a href="#q-users">How many people would use AI tools? (optional)</a>: ' in problems and problem in problems
    assert 'id="problem-users"' in response.text and f'value="{typed}"' in response.text
    assert "users" not in site.store.get(url.split("/")[2]).answers


def test_text_a_number_input_could_not_read_is_refused_not_taken_as_empty(web):
    client, _ = web
    url, html = started(client)
    response = submit(client, url, html, {"org_name": "Acme", "users": "", "users__unreadable": "1"})
    assert response.status_code == 422 and "type a number, such as 25, or leave it empty" in response.text


def answer(client, token: str, number: int, changes: dict):
    page = client.get(f"/q/{token}/{number}").text
    response = submit(client, f"/q/{token}/{number}", page, changes)
    if response.status_code == 422 and "further question" in response.text:
        response = submit(client, f"/q/{token}/{number}", response.text, changes)
    return response


def walk(client, site, first: dict, needs: dict) -> str:
    url, _ = started(client)
    token = url.split("/")[2]
    assert answer(client, token, 1, first).status_code == 303
    assert answer(client, token, 2, needs).status_code == 303
    for number in range(3, len(site.questionnaire.sections) + 1):
        assert answer(client, token, number, {}).status_code == 303
    summary = client.get(f"/q/{token}/summary").text
    response = client.post(f"/q/{token}/finish", data={"csrf_token": csrf_of(summary)}, follow_redirects=False)
    assert response.headers["location"] == f"/result/{token}"
    return token


def test_stated_quantities_are_saved_in_the_profile_and_carried_by_the_result(web):
    client, site = web
    first = {"org_name": "Acme", "size": '"51-250"', "users": "40"}
    token = walk(client, site, first, {"writing_importance": "3", "writing_quantity": "1200", "code_importance": "2"})
    section = client.get(f"/q/{token}/2").text
    assert "documents a month</span>" in section and "derived from 40 people and the volume" in section
    profile = site.store.get(token).profile
    assert profile["scale"] == {"users": 40}
    assert profile["needs"]["writing"] == {"importance": 3, "volume": "medium", "quantity": 1200}
    assert profile["needs"]["code"] == {"importance": 2, "volume": "medium"}  # left empty: not stated
    assert json.loads(client.get(f"/result/{token}/profile.json").text)["scale"] == {"users": 40}
    quantities = client.get(f"/result/{token}/assessment.json").json()["business_case"]["quantities"]
    assert quantities["users"]["count"] == 40 and not quantities["users"]["derived"]
    writing = next(q for q in quantities["use_cases"] if q["use_case"] == "writing")
    assert writing["per_month"] == 1200 and not writing["derived"]
    summary = client.get(f"/q/{token}/summary").text
    assert "40 people" in summary and "1,200 documents a month" in summary


def test_quantities_left_empty_stay_out_of_the_profile(web):
    client, site = web
    token = walk(client, site, {"org_name": "Acme"}, {"writing_importance": "3"})
    profile = site.store.get(token).profile
    assert "scale" not in profile and profile["needs"]["writing"] == {"importance": 3, "volume": "medium"}


# ---- saved profiles round-trip --------------------------------------------------------------------------------------


def test_a_profile_with_quantities_validates_scores_and_keeps_them_when_saved_again(tmp_path):
    profile = json.loads((EXAMPLES / "law-firm.json").read_text())
    profile["scale"] = {"users": 30}
    first = next(iter(profile["needs"]))
    profile["needs"][first]["quantity"] = 250
    (tmp_path / "q.json").write_text(json.dumps(profile))
    assert run("validate", "q.json", cwd=tmp_path).returncode == 0
    scored = run("score", "q.json", "--format", "json", cwd=tmp_path)
    assert scored.returncode == 0
    assert json.loads(scored.stdout)["business_case"]["quantities"]["users"]["count"] == 30
    saved = run("ask", "--answers", "q.json", "--defaults", "-o", "again.json", cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["scale"] == {"users": 30} and again["needs"][first]["quantity"] == 250


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_a_profile_without_quantities_is_byte_identical_when_saved_again(tmp_path, example):
    source = EXAMPLES / example
    once = run("ask", "--answers", str(source), "--defaults", "-o", "once.json", cwd=tmp_path)
    assert once.returncode == 0, once.stderr
    twice = run("ask", "--answers", "once.json", "--defaults", "-o", "twice.json", cwd=tmp_path)
    assert twice.returncode == 0, twice.stderr
    assert (tmp_path / "once.json").read_bytes() == (tmp_path / "twice.json").read_bytes()
    saved = json.loads((tmp_path / "once.json").read_text())
    original = json.loads(source.read_text())
    assert ("scale" in saved) == ("scale" in original)  # never added
    assert all(("quantity" in need) == ("quantity" in original["needs"].get(uid, {})) for uid, need in saved["needs"].items())


# ---- a real browser -------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_in_chromium_a_number_is_typed_beside_its_unit_and_text_it_cannot_read_is_refused(tmp_path):
    from tests.test_web_browser import find, new_driver, press, section_number, start_server, submit_with, token_of

    server = start_server(tmp_path)
    driver = new_driver(True)
    try:
        driver.get(server.url + "/")
        submit_with(driver, find(driver, "form[action='/start'] button"))
        find(driver, "#in-org_name").send_keys("Acme")
        users = find(driver, "#in-users")
        assert users.get_attribute("type") == "number" and users.get_attribute("min") == "0"
        assert find(driver, "#unit-users").text == "people using AI tools"
        users.send_keys("1e")  # a number input cannot read it, and would send nothing
        press(driver, "Next")
        assert "type a number, such as 25, or leave it empty" in find(driver, "#problem-users").text
        assert section_number(driver) == "Section 1 of 5"
        field = find(driver, "#in-users")
        field.clear()
        field.send_keys("40")
        press(driver, "Next")
        assert section_number(driver) == "Section 2 of 5"
        assert server.site.store.get(token_of(driver)).answers["users"] == 40
        assert "derived from 40 people and the volume" in driver.page_source
    finally:
        driver.quit()
        server.stop()
