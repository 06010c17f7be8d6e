"""The interactive questionnaire, driven through the real questionary prompts with prompt_toolkit pipe input."""

from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from advisor.core.profile import parse_profile
from advisor.questionnaire import load_questions
from advisor.questionnaire.answers import DRAFT_KEY, draft_document, profile_data
from advisor.questionnaire.ask import Interview, display, given_answers, unattended
from advisor.questionnaire.prompts import PromptAsker
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow  # the questionnaire typed key by key into the real prompts, many screens per test

ENTER, DOWN, UP, SPACE, CTRL_B, CTRL_C, BACKSPACE = "\r", "\x1b[B", "\x1b[A", " ", "\x02", "\x03", "\x7f"


@pytest.fixture(scope="module")
def questionnaire(rules):
    return load_questions(rules)


def interview(questionnaire, keys: str, answers=None):
    """Run the interview on `keys`; returns (answers, saved drafts, screen text). Unread keys fail the test."""
    saved: list[dict] = []
    screen = io.StringIO()
    console = Console(file=screen, width=100, color_system=None)
    session = Interview(
        questionnaire, PromptAsker(questionnaire.scale_labels), console, lambda a: saved.append(dict(a)), answers
    )
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        pipe.close()
        result = session.run()
    return result, saved, screen.getvalue()


ORGANISATION = "Acme Ltd" + ENTER * 6  # name, no industry, size, people using AI tools, region or country
QUANTITY = ENTER  # a needed use case's quantity a month: left empty (derived)
# With a media need (art or multimodal above 0): the context defaults (sensitivity, residency skipped, deployment,
# skills, budget, risk, no languages, real time skipped), obligations skipped (where output is used, offers an AI
# system, published, chatbot, synthetic people, indemnity, AI Act areas, governance) and the confidence default
CONTEXT = ENTER * 8 + ENTER * 8 + ENTER


def test_a_full_run_asks_volume_only_for_needed_use_cases(questionnaire, rules):
    needs = DOWN * 3 + ENTER + DOWN + ENTER + QUANTITY + ENTER * 4  # art 3, volume high; everything else 0
    answers, saved, screen = interview(questionnaire, ORGANISATION + needs + CONTEXT + ENTER)
    assert answers["org_name"] == "Acme Ltd"
    assert answers["art_importance"] == 3 and answers["art_volume"] == "high"
    assert "writing_volume" not in answers and answers["writing_importance"] == 0
    assert len(saved) == len(answers)  # a draft was saved after every answer
    assert "Section 2 of 5: Content needs" in screen and "Your answers" in screen
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    assert profile.needs == {"art": profile.needs["art"]} and profile.needs["art"].volume == "high"
    assert profile.organization.size is None and profile.organization.industry is None  # Enter skips the size


def test_an_empty_name_is_refused_and_asked_again(questionnaire):
    keys = ENTER + "Beta" + ENTER + ENTER * 5 + DOWN + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER
    answers, _, _ = interview(questionnaire, keys)
    assert answers["org_name"] == "Beta"


def test_ctrl_b_goes_back_and_the_earlier_answer_is_the_default(questionnaire):
    # name, then Ctrl-B at the industry question, back to the name: its default is prefilled, type more
    keys = "Acme" + ENTER + CTRL_B + " Group" + ENTER + "Retail" + ENTER + ENTER + ENTER + ENTER + ENTER
    keys += DOWN + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER
    answers, _, _ = interview(questionnaire, keys)
    assert answers["org_name"] == "Acme Group" and answers["industry"] == "Retail"


def test_changing_an_answer_from_the_summary_asks_what_now_applies(questionnaire):
    keys = ORGANISATION + DOWN + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT  # art 1, volume medium
    # the summary menu: Accept, then "Change 1..": 6 organisation answers, art importance, volume and quantity,
    # writing, code
    keys += DOWN * 11 + ENTER  # "Change 11: How important is code assistance"
    keys += DOWN * 5 + ENTER + DOWN + ENTER + QUANTITY  # code 5, then its volume and quantity (newly asked): high
    keys += ENTER  # accept
    answers, _, screen = interview(questionnaire, keys)
    assert answers["code_importance"] == 5 and answers["code_volume"] == "high"
    assert screen.count("Your answers") == 2


def test_no_need_at_all_is_refused_at_the_end_of_the_needs_and_the_needs_are_asked_again(questionnaire, rules):
    keys = ORGANISATION + ENTER * 5  # every use case 0
    keys += DOWN * 2 + ENTER + ENTER + QUANTITY + ENTER * 4  # asked again: art 2, medium; the others 0
    answers, _, screen = interview(questionnaire, keys + CONTEXT + ENTER)
    refusal = screen.index("no content needs given")
    assert refusal < screen.index("Section 3 of 5") < screen.index("Your answers")
    assert screen.count("no content needs given") == 1 and screen.count("Section 2 of 5: Content needs") == 2
    assert answers["art_importance"] == 2 and answers["art_volume"] == "medium"
    parse_profile(profile_data(questionnaire, answers), rules, "interview")  # a valid profile


def test_changing_the_only_need_to_zero_from_the_summary_is_refused_and_asks_the_needs(questionnaire):
    keys = ORGANISATION + DOWN + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT  # art 1, volume medium
    keys += DOWN * 7 + ENTER + UP + ENTER  # "Change 7: How important is creative art": back to 0
    keys += ENTER * 2 + DOWN * 4 + ENTER + ENTER + QUANTITY  # refused; asked again: art 0, writing 0, code 4, medium
    keys += ENTER * 2 + ENTER  # multimodal and summarization 0; accept
    answers, _, screen = interview(questionnaire, keys)
    assert screen.count("no content needs given") == 1
    assert answers["art_importance"] == 0 and "art_volume" not in answers
    assert answers["code_importance"] == 4 and answers["code_volume"] == "medium"


def test_ctrl_c_raises_after_every_earlier_answer_was_saved(questionnaire):
    with pytest.raises(KeyboardInterrupt):
        interview(questionnaire, "Acme" + ENTER + "Retail" + ENTER + CTRL_C)


def test_resuming_continues_at_the_first_open_question(questionnaire):
    earlier = {"org_name": "Acme", "industry": "Retail", "size": "1-50", "users": None, "regions": []}
    keys = ENTER  # starts at the countries, the first open question: skipped
    keys += DOWN * 2 + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER  # then art importance
    answers, saved, _ = interview(questionnaire, keys, answers=earlier)
    assert answers["size"] == "1-50" and answers["art_importance"] == 2
    assert "org_name" in saved[0]


def test_too_few_keys_fail_instead_of_hanging(questionnaire):
    with pytest.raises(EOFError):
        interview(questionnaire, "Acme" + ENTER)


def test_a_draft_is_marked_unfinished_and_refused_as_a_profile(questionnaire, rules):
    from advisor.core.errors import ProfileError

    draft = draft_document({"org_name": "Acme"}, questionnaire, "p.json")
    assert draft[DRAFT_KEY]["incomplete"] is True
    with pytest.raises(ProfileError, match="unfinished questionnaire draft.*advisor ask --resume"):
        parse_profile(json.loads(json.dumps(draft)), rules, "p.json")


def context_of(questionnaire, rules, answers) -> dict:
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    return profile.model_dump(mode="json", exclude_none=True)["context"]


DEFAULT_CONTEXT = {
    "data_sensitivity": "internal",
    "deployment": "no_preference",
    "budget": "medium",
    "ai_skills": "basic",
    "risk_tolerance": "medium",
}


def test_the_new_context_questions_give_lists_booleans_and_split_languages(questionnaire, rules):
    keys = ORGANISATION + DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4  # art 3, medium; nothing else
    keys += DOWN * 2 + ENTER  # regulated
    keys += SPACE + DOWN * 2 + SPACE + ENTER  # health and financial records
    keys += DOWN * 2 + ENTER  # residency: from "Skip" (last) round to "No requirement", then the EU
    keys += ENTER * 4  # deployment, skills, budget, risk: defaults
    keys += "de, en" + ENTER + "y"  # languages; real time
    keys += ENTER + ENTER  # where output is used, offers an AI system: skipped
    keys += "y" + "n" + "n" + "y"  # published, no chatbot, no synthetic people, indemnity
    keys += DOWN * 8 + SPACE + ENTER  # AI Act: employment
    keys += DOWN * 4 + SPACE + ENTER  # governance: "None of these yet"
    keys += ENTER + ENTER  # confidence, accept
    answers, _, screen = interview(questionnaire, keys)
    assert context_of(questionnaire, rules, answers) == {
        **DEFAULT_CONTEXT,
        "data_sensitivity": "regulated",
        "regulated_data": ["health", "financial"],
        "data_residency": "eu",
        "languages": ["de", "en"],
        "realtime": True,
        "publishes_outputs": True,
        "public_chatbot": False,
        "synthetic_people": False,
        "ip_indemnity": True,
        "ai_act_areas": ["employment"],
        "governance": [],
    }
    summary = screen[screen.index("Your answers") :]
    assert "de, en" in summary and "None of these yet" in summary and "In the European Union" in summary


def test_the_summary_shows_lists_and_yes_no_readably(questionnaire):
    questions = {q.id: q for q in questionnaire.questions}
    labels = questionnaire.scale_labels
    assert display(questions["languages"], ["de", "en"], labels) == "de, en"
    assert display(questions["regulated_data"], ["health", "financial"], labels) == (
        "Health data (patient records, protected health information)\nFinancial records (accounts, payments, credit)"
    )
    assert display(questions["governance"], [], labels) == "None of these yet"
    assert display(questions["governance"], None, labels) == "(skipped)"
    assert display(questions["public_chatbot"], False, labels) == "No"  # the labels the question showed
    assert display(questions["realtime"], True, labels) == "Yes"


def test_skipped_optional_questions_leave_their_fields_unstated(questionnaire, rules):
    keys = ORGANISATION + DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER
    answers, _, screen = interview(questionnaire, keys)
    assert context_of(questionnaire, rules, answers) == DEFAULT_CONTEXT  # not false, not empty: absent
    assert answers["publishes_outputs"] is None and answers["governance"] is None and answers["languages"] is None
    assert "(skipped)" in screen[screen.index("Your answers") :]


def test_where_it_operates_where_output_is_used_and_the_role_are_asked_and_stated(questionnaire, rules):
    keys = "Acme Ltd" + ENTER + ENTER + ENTER + ENTER  # name; no industry, no size, no people
    keys += DOWN + SPACE + ENTER  # regions: the UK
    keys += "US, Narnia" + ENTER  # countries: refused at the prompt, the text stays
    keys += BACKSPACE * len("Narnia") + "Germany" + ENTER
    keys += DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4  # art 3, medium; nothing else
    keys += ENTER * 8  # the context by default
    keys += SPACE + ENTER  # output used in the European Union
    keys += "y"  # offers an AI system under its own name
    keys += ENTER * 6 + ENTER + ENTER  # the other obligations skipped; confidence; accept
    answers, _, screen = interview(questionnaire, keys)
    assert answers["countries"] == ["US", "Germany"] and answers["output_regions"] == ["EU"]
    assert answers["offers_ai_system"] is True
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    assert profile.organization.countries == ["US", "DE"]
    assert profile.organization.regions == ["UK", "North America", "EU"]  # each country's region added to the given
    stated = profile.model_dump(mode="json", exclude_none=True)["context"]
    assert stated == {**DEFAULT_CONTEXT, "output_regions": ["EU"], "offers_ai_system": True}
    assert "In which countries?" in screen and "Where will the AI output be used or published?" in screen
    summary = screen[screen.index("Your answers") :]
    assert "US, Germany" in summary and "European Union" in summary
    assert "unknown country" not in screen  # refused by the prompt's own validation, not after it


def test_the_new_questions_skipped_leave_the_countries_output_regions_and_role_unstated(questionnaire, rules):
    keys = ORGANISATION + DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER
    answers, _, _ = interview(questionnaire, keys)
    assert answers["countries"] is None and answers["offers_ai_system"] is None
    assert answers["output_regions"] == []  # nothing ticked, and no "none of these" choice: skipped
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    assert profile.organization.countries is None and profile.organization.regions is None
    assert profile.context.output_regions is None and profile.context.offers_ai_system is None  # not [], not false


def test_questions_whose_condition_is_false_are_not_asked(questionnaire, rules):
    needs = ENTER + ENTER + DOWN * 5 + ENTER + ENTER + QUANTITY + ENTER + ENTER  # code 5 only: no media need
    context = ENTER * 7  # internal data (so no kinds of regulated data), residency ... languages; no real time
    context += ENTER * 8  # output used, offers AI, published, chatbot, synthetic people, indemnity, AI Act, governance
    answers, _, screen = interview(questionnaire, ORGANISATION + needs + context + ENTER + ENTER)
    assert not {"regulated_data", "realtime"} & set(answers)
    assert {"ip_indemnity", "synthetic_people"} <= set(answers)  # asked whatever the needs: rules read them so
    assert "HIPAA" not in screen and "Images, audio and video take" not in screen  # their help lines never shown


def test_a_bad_language_code_is_refused_at_the_prompt(questionnaire, rules):
    keys = ORGANISATION + DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4 + ENTER * 6
    keys += "de, english" + ENTER  # refused: the prompt stays, with the text
    keys += BACKSPACE * len("english") + "sw" + ENTER
    keys += ENTER * 9 + ENTER + ENTER  # real time and the 8 obligations skipped; confidence; accept
    answers, _, screen = interview(questionnaire, keys)
    assert answers["languages"] == ["de", "sw"]
    assert "not a known language tag" not in screen  # refused by the prompt's own validation, not after it


def test_a_resumed_draft_keeps_skipped_answers_skipped(questionnaire, rules):
    _first, saved, _ = interview(questionnaire, ORGANISATION + DOWN + ENTER + ENTER + QUANTITY + ENTER * 4 + CONTEXT + ENTER)
    draft = json.loads(json.dumps(draft_document(saved[-2], questionnaire, "p.json")))  # before the last question
    resumed = draft[DRAFT_KEY]["answers"]
    assert "priorities_confidence" not in resumed and resumed["publishes_outputs"] is None
    answers, _, _ = interview(questionnaire, DOWN + ENTER + ENTER, answers=resumed)  # only confidence is asked
    assert answers["priorities_confidence"] == "high"
    assert context_of(questionnaire, rules, answers) == DEFAULT_CONTEXT


def test_every_example_comes_back_unchanged_through_the_unattended_questionnaire(questionnaire, rules):
    for path in sorted(EXAMPLES.glob("*.json")):
        original = json.loads(path.read_text())
        given = given_answers(questionnaire, original, {})
        profile = unattended(questionnaire, rules, given, original, path.name)
        expected = parse_profile(original, rules, path.name).model_dump(mode="json", exclude_none=True)
        assert profile.model_dump(mode="json", exclude_none=True) == expected, path.name


def test_an_answer_made_moot_by_a_change_is_dropped_but_a_given_one_is_kept(questionnaire, rules):
    keys = ORGANISATION + DOWN * 3 + ENTER + ENTER + QUANTITY + ENTER * 4  # art 3
    keys += DOWN * 2 + ENTER + SPACE + ENTER  # regulated: health
    keys += ENTER * 7 + ENTER * 8 + ENTER  # the rest skipped or by default
    keys += DOWN * 14 + ENTER + UP * 2 + ENTER  # summary: "Change 14" (data sensitivity) to internal
    keys += ENTER  # accept
    answers, _, _ = interview(questionnaire, keys)
    assert answers["data_sensitivity"] == "internal" and "regulated_data" not in answers

    given = given_answers(questionnaire, {"context": {"regulated_data": ["financial"]}}, {})
    kept = unattended(questionnaire, rules, {**given, "org_name": "Acme", "code_importance": 5}, {}, "--set")
    assert kept.context.regulated_data == ["financial"]  # not asked (internal data), but stated: kept


def test_the_summary_isolates_typed_answers_on_a_terminal(questionnaire):
    # an Arabic name turned the table's "51-250" around it, as on the pages before <bdi>
    from advisor.io.terminal import console_for
    from advisor.io.untrusted import FSI, PDI

    name = "\u0634\u0631\u0643\u0629 \u0627\u0644\u0623\u0645\u0644"
    screen = io.StringIO()
    console = console_for(screen)
    console._force_terminal = True  # as on a terminal
    session = Interview(questionnaire, None, console, lambda a: None, {"org_name": name, "size": "51-250"})
    console.print(session.summary())
    shown = screen.getvalue()
    assert f"{FSI}{name}{PDI}" in shown
    assert "51 to 250" in shown and f"{FSI}51 to 250" not in shown  # a choice's label: the questionnaire's words
