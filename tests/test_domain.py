"""The domain's lists live in rules/domain.json, are checked when read, and agree with the models that name them."""

from __future__ import annotations

import typing

import pytest

from advisor.core import domain, group_merge, headline
from advisor.core.context_rules import DeploymentPath
from advisor.core.errors import RulesError
from advisor.core.profile import Context
from advisor.words.problems import problem_message


def literal_values(model, field: str) -> tuple[str, ...]:
    annotation = model.model_fields[field].annotation
    args = typing.get_args(annotation)
    literal = next((a for a in args if typing.get_origin(a) is typing.Literal), annotation)
    return typing.get_args(literal)


def test_the_deployment_paths_are_the_profiles_deployments_but_no_preference_in_file_order():
    assert domain.PATHS == tuple(v for v in literal_values(Context, "deployment") if v != "no_preference")


def test_the_skill_levels_are_the_profiles_and_a_paths_in_order():
    assert domain.SKILLS == literal_values(Context, "ai_skills") == literal_values(DeploymentPath, "skills")


def test_the_words_that_keep_their_capitals_are_the_ones_headlines_use():
    assert headline.ACRONYMS == domain.ACRONYMS


def test_a_group_resolves_deployment_and_skills_in_the_domains_order():
    assert group_merge.MOST_RESTRICTIVE_LAST["deployment"] == ("no_preference", "saas", "cloud_api", "private_cloud", "on_premises")
    assert group_merge.MOST_RESTRICTIVE_LAST["ai_skills"] == ("ml_engineers", "developers", "basic", "none")


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"deployment_paths": [], "skills": ["a"], "derived_facts": ["b"], "acronyms": ["AI"]}, "deployment_paths", "non-empty list"),
        ({"deployment_paths": ["a", "a"], "skills": ["a"], "derived_facts": ["b"], "acronyms": ["AI"]}, "deployment_paths", "names a more than once"),
        ({"deployment_paths": ["a"], "skills": [1], "derived_facts": ["b"], "acronyms": ["AI"]}, "skills", "non-empty texts"),
        ({"deployment_paths": ["a"], "skills": ["a"], "derived_facts": ["b"]}, "acronyms", "non-empty list"),
        ({"deployment_paths": ["a"], "skills": ["a"], "derived_facts": ["b"], "acronyms": ["AI"], "paths": []}, "paths", "unknown list"),
    ],
)  # fmt: skip
def test_a_bad_list_is_refused_naming_it(data, path, message):
    with pytest.raises(RulesError) as caught:
        domain.check_lists(data, "domain.json")
    assert [(p.path, message in problem_message(p)) for p in caught.value.problems] == [(path, True)]
