"""The interactive questionnaire, driven through the real questionary prompts with prompt_toolkit pipe input."""

from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from advisor.answers import DRAFT_KEY, draft_document, profile_data
from advisor.ask import Interview
from advisor.profile import parse_profile
from advisor.prompts import PromptAsker
from advisor.sources import load_questions

ENTER, DOWN, UP, SPACE, CTRL_B, CTRL_C = "\r", "\x1b[B", "\x1b[A", " ", "\x02", "\x03"


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


ORGANISATION = "Acme Ltd" + ENTER + ENTER + ENTER + ENTER  # name, no industry, default size, no region
CONTEXT = ENTER * 5 + ENTER  # five context defaults and the confidence default


def test_a_full_run_asks_volume_only_for_needed_use_cases(questionnaire, rules):
    needs = DOWN * 3 + ENTER + DOWN + ENTER + ENTER * 4  # art 3, volume high; everything else 0
    answers, saved, screen = interview(questionnaire, ORGANISATION + needs + CONTEXT + ENTER)
    assert answers["org_name"] == "Acme Ltd"
    assert answers["art_importance"] == 3 and answers["art_volume"] == "high"
    assert "writing_volume" not in answers and answers["writing_importance"] == 0
    assert len(saved) == len(answers)  # a draft was saved after every answer
    assert "Section 2 of 4: Content needs" in screen and "Your answers" in screen
    profile = parse_profile(profile_data(questionnaire, answers), rules, "interview")
    assert profile.needs == {"art": profile.needs["art"]} and profile.needs["art"].volume == "high"
    assert profile.organization.size == "51-250" and profile.organization.industry is None


def test_an_empty_name_is_refused_and_asked_again(questionnaire):
    keys = ENTER + "Beta" + ENTER + ENTER * 3 + DOWN + ENTER + ENTER + ENTER * 4 + CONTEXT + ENTER
    answers, _, _ = interview(questionnaire, keys)
    assert answers["org_name"] == "Beta"


def test_ctrl_b_goes_back_and_the_earlier_answer_is_the_default(questionnaire):
    # name, then Ctrl-B at the industry question, back to the name: its default is prefilled, type more
    keys = "Acme" + ENTER + CTRL_B + " Group" + ENTER + "Retail" + ENTER + ENTER + ENTER
    keys += DOWN + ENTER + ENTER + ENTER * 4 + CONTEXT + ENTER
    answers, _, _ = interview(questionnaire, keys)
    assert answers["org_name"] == "Acme Group" and answers["industry"] == "Retail"


def test_changing_an_answer_from_the_summary_asks_what_now_applies(questionnaire):
    keys = ORGANISATION + DOWN + ENTER + ENTER + ENTER * 4 + CONTEXT  # art 1, volume medium
    # the summary menu: Accept, then "Change 1..": 4 organisation answers, art importance and volume, writing, code
    keys += DOWN * 8 + ENTER  # "Change 8: How important is code assistance"
    keys += DOWN * 5 + ENTER + DOWN + ENTER  # code 5, then its volume (newly asked): high
    keys += ENTER  # accept
    answers, _, screen = interview(questionnaire, keys)
    assert answers["code_importance"] == 5 and answers["code_volume"] == "high"
    assert screen.count("Your answers") == 2


def test_ctrl_c_raises_after_every_earlier_answer_was_saved(questionnaire):
    with pytest.raises(KeyboardInterrupt):
        interview(questionnaire, "Acme" + ENTER + "Retail" + ENTER + CTRL_C)


def test_resuming_continues_at_the_first_open_question(questionnaire):
    earlier = {"org_name": "Acme", "industry": "Retail", "size": "1-50", "regions": []}
    keys = DOWN * 2 + ENTER + ENTER + ENTER * 4 + CONTEXT + ENTER  # starts at art importance
    answers, saved, _ = interview(questionnaire, keys, answers=earlier)
    assert answers["size"] == "1-50" and answers["art_importance"] == 2
    assert "org_name" in saved[0]


def test_too_few_keys_fail_instead_of_hanging(questionnaire):
    with pytest.raises(EOFError):
        interview(questionnaire, "Acme" + ENTER)


def test_a_draft_is_marked_unfinished_and_refused_as_a_profile(questionnaire, rules):
    from advisor.errors import ProfileError

    draft = draft_document({"org_name": "Acme"}, questionnaire, "p.json")
    assert draft[DRAFT_KEY]["incomplete"] is True
    with pytest.raises(ProfileError, match="unfinished questionnaire draft.*advisor ask --resume"):
        parse_profile(json.loads(json.dumps(draft)), rules, "p.json")
