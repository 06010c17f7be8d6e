"""Deployment paths agree with what the profile requires of their tools (issue 24, item 5): the example tools carry
the facts that decide (IP indemnity, a BAA, EU residency, on-premises), a path lists only the tools known to have what
the profile requires and says when none does, in JSON, text and the PDF alike."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from advisor.core.context_rules import TOOL_FACTS
from advisor.core.deployment import required_facts
from advisor.core.engine import assess
from advisor.core.law import DutyEntry
from advisor.core.profile import parse_profile
from advisor.core.resources import bundled_dir
from advisor.core.rules import Rules
from advisor.io.sources import load_rules
from advisor.words import say
from advisor.words.data import texts
from tests.conftest import run_cli

RULES: Rules = load_rules(None)
RULES_DIR = bundled_dir("rules")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UNINDEMNIFIED = ("Midjourney", "DALL·E in ChatGPT", "Runway", "ElevenLabs", "ChatGPT Plus or Team", "Claude Pro")


def agency(**context: Any) -> dict[str, Any]:
    """The marketing agency example (art and writing, SaaS preferred) with `context` changed."""
    data = json.loads((EXAMPLES / "marketing-agency.json").read_text(encoding="utf-8"))
    data["context"] |= context
    return data


def paths_json(data: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    (tmp_path / "p.json").write_text(json.dumps(data), encoding="utf-8")
    ran = run_cli("score", "p.json", "--format", "json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    paths: list[dict[str, Any]] = json.loads(ran.stdout)["context"]["deployment_paths"]
    return paths


def test_ip_indemnity_on_saas_lists_no_tool_without_indemnity_in_json_text_and_pdf(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(agency(ip_indemnity=True)), encoding="utf-8")
    paths = paths_json(agency(ip_indemnity=True), tmp_path)
    assert [p["path"] for p in paths] == ["saas", "saas"]
    assert all(p["tools"] == [] and p["tools_filtered_by"] == ["indemnity"] for p in paths)
    text = run_cli("score", "p.json", "--format", "text", cwd=tmp_path).stdout
    ran = run_cli("report", "p.json", "-o", "r.pdf", "--date", "2026-01-01", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes())).pages)
    table = between(pdf, "How to deploy it", "Not acceptable")  # the use cases and the glance name tools as examples
    for said in (between(text, "What this means for you", "Duties that apply:"), table):
        assert not [tool for tool in UNINDEMNIFIED if tool in said], said
        assert said.count("known to offer IP indemnity; ask the vendor") == 2
    methodology = between(pdf, "Methodology", "Appendix")
    assert "tools-midjourney-terms" in methodology  # the facts that chose the tools are cited


def between(said: str, start: str, end: str) -> str:
    """The flattened text of `said` from `start` to the next `end`."""
    flat = " ".join(said.split())
    tail = flat[flat.index(start) :]
    return tail[: tail.index(end)]


def test_a_report_whose_paths_filtered_nothing_cites_no_tool_source(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(agency()), encoding="utf-8")
    ran = run_cli("report", "p.json", "-o", "r.pdf", "--date", "2026-01-01", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO((tmp_path / "r.pdf").read_bytes())).pages)
    assert "tools-" not in pdf


def test_ip_indemnity_on_cloud_api_keeps_only_the_indemnifying_tools(tmp_path):
    paths = {p["track"]: p for p in paths_json(agency(ip_indemnity=True, deployment="cloud_api"), tmp_path)}
    assert paths["generative_ai"]["tools"] == ["Adobe Firefly for enterprise", "OpenAI image API", "Google Vertex AI Imagen"]
    assert paths["generative_ai"]["no_tool_satisfies"] == []
    assert paths["generative_ai"]["tools_note"] == "only tools known to offer IP indemnity"
    assert "Amazon Bedrock" not in paths["llm"]["tools"]  # its indemnity covers Amazon's own models only: unknown


def test_a_path_with_no_satisfying_tool_says_which_fact_none_offers(tmp_path):
    paths = paths_json(agency(ip_indemnity=True), tmp_path)
    assert all(p["no_tool_satisfies"] == ["indemnity"] for p in paths)
    assert {p["tools_note"] for p in paths} == {
        "none of the example tools of this path is known to offer IP indemnity; ask the vendor"
    }


def test_a_profile_that_requires_nothing_gets_every_tool_and_no_filter_keys(tmp_path):
    paths = paths_json(agency(), tmp_path)
    media = next(p for p in paths if p["track"] == "generative_ai")
    assert media["tools"] == ["Midjourney", "DALL·E in ChatGPT", "Runway", "ElevenLabs"]
    assert not {"tools_filtered_by", "no_tool_satisfies", "tools_note"} & set(media)


def required_of(profile: Any, path: str) -> tuple[str, ...]:
    """What `path`'s tools must offer for `profile`, with what the duties it meets need (HIPAA: a BAA)."""
    duties = assess(profile, RULES, robustness=False).context.obligations
    need = frozenset(f for d in duties if isinstance(d, DutyEntry) for f in RULES.duties[d.rule].tools_need)
    return required_facts(profile, path, need)


def test_on_own_servers_health_data_and_eu_residency_require_nothing_of_the_tools():
    data = agency(regulated_data=["health"], data_residency="eu", deployment="cloud_api")
    data["organization"]["regions"] = ["EU", "US"]
    profile = parse_profile(data, RULES, "test")
    assert required_of(profile, "on_premises") == ()
    assert required_of(profile, "cloud_api") == ("baa", "eu_residency")


def test_health_data_requires_a_baa_only_where_the_us_may_be_among_the_regions():
    def required(regions: list[str] | None) -> tuple[str, ...]:
        data = agency(regulated_data=["health"])
        data["organization"]["regions"] = regions
        if regions is None:
            del data["organization"]["regions"]
        return required_of(parse_profile(data, RULES, "test"), "cloud_api")

    assert required(["EU"]) == () and required(["UK", "Asia-Pacific"]) == ()
    assert required(["EU", "North America"]) == ("baa",) and required(["US"]) == ("baa",) and required(None) == ("baa",)
    assert required(["Canada"]) == ()  # a Canadian clinic: HIPAA is not its law


def test_a_rules_file_with_an_unknown_tool_fact_is_refused_with_its_path_and_line(tmp_path):
    text = (RULES_DIR / "default.yaml").read_text(encoding="utf-8")
    entry = "{name: Midjourney, indemnity: false,"
    (tmp_path / "bad.yaml").write_text(text.replace(entry, entry + " royalty_free: true,"), encoding="utf-8")
    line = text[: text.index(entry)].count("\n") + 1
    ran = run_cli("rules", "validate", "bad.yaml", cwd=tmp_path)
    assert ran.returncode == 3 and "Traceback" not in ran.stderr
    assert f"bad.yaml: deployment.tools.generative_ai.saas[0].royalty_free (line {line}): unknown key" in ran.stderr


def test_a_tool_fact_with_an_unknown_source_is_refused_with_its_path(tmp_path):
    text = (RULES_DIR / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(text.replace("source: tools-midjourney-terms}", "source: nowhere}"), encoding="utf-8")
    ran = run_cli("rules", "validate", "bad.yaml", cwd=tmp_path)
    assert ran.returncode == 3
    assert "deployment.tools.generative_ai.saas[0].source" in ran.stderr and "unknown source 'nowhere'" in ran.stderr


def test_a_tool_with_facts_keeps_the_data_text_id_of_its_place_in_the_list():
    import yaml

    found = dict(texts(yaml.safe_load((RULES_DIR / "default.yaml").read_text(encoding="utf-8")), "rules"))
    assert found["rules.deployment.tools.generative_ai.cloud_api.0"] == "Adobe Firefly for enterprise"
    assert found["rules.deployment.tools.llm.private_cloud.2"] == "Vertex AI with VPC Service Controls"
    assert not [key for key in found if key.startswith("rules.deployment.tools.") and key.endswith(".name")]


CONTEXTS = st.fixed_dictionaries(
    {
        "deployment": st.sampled_from(["saas", "cloud_api", "private_cloud", "on_premises", "no_preference"]),
        "ai_skills": st.sampled_from(["none", "basic", "developers", "ml_engineers"]),
    },
    optional={
        "ip_indemnity": st.booleans(),
        "data_residency": st.sampled_from(["none", "eu", "uk", "us", "in_country"]),
        "regulated_data": st.lists(st.sampled_from(["health", "financial", "legal_privilege"]), unique=True),
    },
)
NEEDS = st.dictionaries(
    st.sampled_from(["art", "writing", "summarization", "multimodal", "code"]),
    st.fixed_dictionaries({"importance": st.integers(1, 5)}),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(context=CONTEXTS, needs=NEEDS)
def test_every_listed_tool_has_every_fact_the_profile_requires(context, needs):
    data = {"schema_version": 1, "organization": {"name": "X"}, "needs": needs, "context": context}
    profile = parse_profile(data, RULES, "test")
    result = assess(profile, RULES, robustness=False)
    assert RULES.deployment is not None and result.context is not None
    for path in result.context.deployment_paths:
        if path.path is None:
            continue
        required = required_of(profile, path.path)
        listed = RULES.deployment.tools.get(path.track, {}).get(path.path, [])
        assert path.tools_filtered_by == (required if listed else ())
        for tool in path.tools:
            entry = listed[int(tool.id.rpartition(".")[2])]
            assert entry.name == tool.english
            assert all(entry.has(fact) is True for fact in required), (tool, required)
            assert set(required) <= set(TOOL_FACTS)
        if required and listed and not path.tools:
            assert path.no_tool_satisfies and path.tools_note is not None
            assert "ask the vendor" in say(path.tools_note)


def test_the_web_result_page_says_what_the_pdf_says_about_the_tools(tmp_path):
    import html

    from tests.web_helpers import client_for, csrf_of

    served, _site = client_for(tmp_path / "data")
    with served as client:
        token = csrf_of(client.get("/upload").text)
        content = json.dumps(agency(ip_indemnity=True, deployment="cloud_api")).encode()
        response = client.post(
            "/upload",
            data={"csrf_token": token},
            files={"profile": ("p.json", content, "application/json")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        page = html.unescape(client.get(response.headers["location"]).text)
    table = between(page, "How to deploy it", "Not acceptable")
    assert "Adobe Firefly for enterprise" in table and "only tools known to offer IP indemnity" in table
    assert not [tool for tool in (*UNINDEMNIFIED, "Amazon Bedrock image models") if tool in table]
