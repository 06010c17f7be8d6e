"""`advisor group` through the command line (run in this process): the respondents of an organisation read as batch
reads its inputs, split with --by, one group assessment each (JSON v1 equal to `advisor.assess_group`, or text with the answer
first), invalid profiles reported with their place and counted (exit 3), usage errors (exit 2), and the group
report PDF read back."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pdfplumber
import pytest

import advisor
from tests.said_words import group_answer, group_words
from tests.test_cli import EXAMPLES, EXIT_INVALID, EXIT_OK, EXIT_USAGE, assert_no_traceback, run_advisor

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
ROLES = ["Legal", "Marketing", "Engineering", "Newsroom"]


def example_data() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLE_FILES]


def two_organisations(tmp_path: Path, hostile: str = "Acme Ltd") -> Path:
    """A JSONL file of the eight examples, alternately for `hostile` and Beta Co, each with a role."""
    lines = []
    for number, data in enumerate(example_data()):
        data["organization"]["name"] = hostile if number % 2 else "Beta Co"
        data["respondent"] = {"role": f"{ROLES[number // 2]}"}
        lines.append(json.dumps(data))
    path = tmp_path / "survey.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def words(text: str) -> str:
    """Text with every run of white space as one space (terminals and PDFs break lines where they like)."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return words("\n".join(page.extract_text() or "" for page in pdf.pages))


def in_process(paths: list[Path], rules_name: str | None = None) -> advisor.GroupAssessment:
    """The group as the Python API assesses it, each profile named after its file as the CLI names it."""
    rules = advisor.load_rules(rules_name)
    profiles = [advisor.parse_profile(path.read_bytes(), rules, str(path)) for path in paths]
    return advisor.assess_group(profiles, rules)


# ------------------------------------------------------------------------------------------------- JSON


def test_the_examples_folder_is_one_group_of_eight_whose_vote_sums_to_one():
    result = run_advisor("group", EXAMPLES, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert data["group_schema_version"] == 1
    assert data["respondents_count"] == 8
    assert sum(data["vote"].values()) == pytest.approx(1.0)
    assert [r["label"] for r in data["respondents"]] == [p.stem for p in EXAMPLE_FILES]
    assert "8 profiles read, 8 assessed, 0 invalid" in result.stderr


def test_the_json_equals_assess_group_in_process():
    result = run_advisor("group", *EXAMPLE_FILES, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    expected = advisor.said(in_process(EXAMPLE_FILES).to_dict())
    assert json.loads(result.stdout) == json.loads(orjson.dumps(expected))
    assert result.stdout.startswith('{\n  "group_schema_version": 1,') and result.stdout.endswith("}\n")


def test_by_organisation_name_splits_a_mixed_jsonl_into_groups_with_their_counts(tmp_path):
    survey = two_organisations(tmp_path)
    result = run_advisor("group", survey, "--by", "organization.name", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    groups = json.loads(result.stdout)
    assert [(g["group"], g["organization"]["name"], g["respondents_count"]) for g in groups] == [
        ({"by": "organization.name", "value": "Beta Co"}, "Beta Co", 4),
        ({"by": "organization.name", "value": "Acme Ltd"}, "Acme Ltd", 4),
    ]
    assert [r["label"] for r in groups[0]["respondents"]] == ["Legal", "Marketing", "Engineering", "Newsroom"]
    for group in groups:
        assert sum(group["vote"].values()) == pytest.approx(1.0)
    assert "8 profiles read, 8 assessed, 0 invalid; 2 groups by organization.name" in result.stderr


def test_by_any_profile_field_and_stdin(tmp_path):
    survey = two_organisations(tmp_path)
    result = run_advisor("group", "-", "--by", "respondent.role", "--format", "json", stdin=survey.read_bytes())
    assert result.returncode == EXIT_OK, result.stderr
    groups = json.loads(result.stdout)
    assert [(g["group"]["value"], g["respondents_count"]) for g in groups] == [(role, 2) for role in ROLES]


def test_an_invalid_profile_is_reported_where_it_is_counted_and_the_others_are_still_assessed(tmp_path):
    lines = [json.dumps(data) for data in example_data()]
    lines.insert(2, json.dumps({"organization": {"name": "Acme"}, "needs": {"art": {"importance": 9}}}))
    survey = tmp_path / "survey.jsonl"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_advisor("group", survey, "--format", "json")
    assert result.returncode == EXIT_INVALID
    assert_no_traceback(result)
    assert "survey.jsonl:3: needs.art.importance: must be at most 5 (got 9)" in result.stderr
    assert "9 profiles read, 8 assessed, 1 invalid" in result.stderr
    assert json.loads(result.stdout)["respondents_count"] == 8


def test_no_valid_profile_at_all_is_invalid_input(tmp_path):
    survey = tmp_path / "survey.jsonl"
    survey.write_text('{"organization": {}}\n', encoding="utf-8")
    result = run_advisor("group", survey, "--format", "json")
    assert result.returncode == EXIT_INVALID
    assert result.stdout == ""
    assert "1 profile read, 0 assessed, 1 invalid" in result.stderr
    assert "no profile is valid" in result.stderr


# ------------------------------------------------------------------------------------------ usage errors


def test_an_unknown_by_field_is_a_usage_error_that_names_it():
    result = run_advisor("group", EXAMPLES, "--by", "organisation.name")
    assert result.returncode == EXIT_USAGE
    assert result.stdout == ""
    assert "--by organisation.name: no such profile field; did you mean organization.name?" in result.stderr


def test_a_report_that_is_not_a_pdf_is_a_usage_error(tmp_path):
    result = run_advisor("group", EXAMPLES, "--report", tmp_path / "group.html")
    assert result.returncode == EXIT_USAGE
    assert "the group report is a PDF" in result.stderr
    assert not (tmp_path / "group.html").exists()


def test_several_groups_need_the_group_placeholder_in_the_report_name(tmp_path):
    survey = two_organisations(tmp_path)
    result = run_advisor("group", survey, "--by", "organization.name", "--report", tmp_path / "group.pdf")
    assert result.returncode == EXIT_USAGE
    assert "2 groups cannot share one file; put {group} in the name" in result.stderr
    assert result.stdout == ""
    assert not list(tmp_path.glob("*.pdf"))


# --------------------------------------------------------------------------------------------------- text


def test_text_answers_first():
    result = run_advisor("group", EXAMPLES, "--format", "text")
    assert result.returncode == EXIT_OK, result.stderr
    group = in_process(EXAMPLE_FILES)
    first = f"{group.organization['name']}: {group_answer(group, advisor.load_rules())}"
    assert words(result.stdout).startswith(words(first))
    assert "of 8 respondents' own priorities lead to a hybrid of both" in words(result.stdout)
    for part in (
        "The respondents' vote",
        "Conflicts to resolve",
        "Pivotal respondents",
        "Where they disagree",
        "Geometric-mean check",
    ):
        assert part in result.stdout


def test_text_has_a_block_per_group(tmp_path):
    survey = two_organisations(tmp_path)
    result = run_advisor("group", survey, "--by", "organization.name", "--format", "text")
    assert result.returncode == EXIT_OK, result.stderr
    text = words(result.stdout)
    assert text.index("organization.name = Beta Co (4 respondents)") < text.index(
        "organization.name = Acme Ltd (4 respondents)"
    )
    assert text.count("of 4 respondents' own priorities lead to") + text.count("none of the 4") == 2


def test_the_extended_rules_work():
    result = run_advisor("group", EXAMPLES, "--rules", "extended", "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert data["consensus"]["rules"]["name"] == "extended-use-case-matrix"
    assert data == json.loads(orjson.dumps(advisor.said(in_process(EXAMPLE_FILES, "extended").to_dict())))


# ---------------------------------------------------------------------------------------------------- PDF


def test_the_report_answers_for_the_organisation_and_names_every_respondent(tmp_path):
    target = tmp_path / "board" / "group.pdf"
    target.parent.mkdir()  # an output folder is never created silently
    result = run_advisor("group", EXAMPLES, "--report", target, "--format", "json", "--date", "2025-03-01")
    assert result.returncode == EXIT_OK, result.stderr
    assert f"wrote {target}" in result.stderr
    group = in_process(EXAMPLE_FILES)
    text = pdf_text(target)
    assert group.organization["name"] in text
    assert words(advisor.said(group.consensus.action_title)) in text
    assert f"{group.agreeing} of 8 respondents' own priorities lead to a hybrid of both" in text
    for respondent in group.respondents:
        assert respondent.label in text
    for heading in (
        "Conflicts to resolve",
        "Pivotal respondents",
        "Where the respondents disagree",
        "The respondents",
        "How sure is the answer",
        "Methodology",
    ):
        assert heading in text
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_report_per_group_with_hostile_names_shown_literally(tmp_path):
    hostile = 'Acme <b>bold</b> & "Co"'
    survey = two_organisations(tmp_path, hostile)
    pattern = str(tmp_path / "group-{group}.pdf")
    result = run_advisor("group", survey, "--by", "organization.name", "--report", pattern, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    written = sorted(p.name for p in tmp_path.glob("group-*.pdf"))
    assert written == ["group-acme-b-bold-b-co.pdf", "group-beta-co.pdf"]
    text = pdf_text(tmp_path / "group-acme-b-bold-b-co.pdf")
    assert hostile in text
    assert "of 4 respondents" in text


# ------------------------------------------------------------- one respondent brings a Hold (issue 21, item 3)

HOLD_SENTENCE = (
    "People Operations named emotion recognition at work or in education (EU AI Act Art. 5(1)(f)): this puts the "
    "organisation on Hold rather than Trial."
)


def one_brings_a_hold(tmp_path: Path) -> Path:
    """Five departments of the newsroom example; only Newsroom weighs creative art, only People Operations names
    emotion recognition at work (banned in the EU, where the organisation operates)."""
    lines = []
    for role in ("Newsroom", "Marketing", "IT", "Legal", "People Operations"):
        data = json.loads((EXAMPLES / "newsroom.json").read_text(encoding="utf-8"))
        data.pop("id")
        data["respondent"] = {"role": role}
        if role != "Newsroom":
            del data["needs"]["art"]
        if role == "People Operations":
            data["context"]["ai_act_areas"] = ["emotion_recognition_work_education"]
        lines.append(json.dumps(data))
    path = tmp_path / "departments.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_one_respondent_who_brings_a_hold_is_named_with_the_answer_that_does_it(tmp_path):
    survey = one_brings_a_hold(tmp_path)
    result = run_advisor("group", survey, "--format", "json")
    assert result.returncode == EXIT_OK, result.stderr
    data = json.loads(result.stdout)
    assert (data["ring"], data["pivotal"], data["pivotal_ring"]) == ("hold", [], ["People Operations"])
    assert data["decisive"] == [
        {
            "respondent": "People Operations",
            "ring": "hold",
            "ring_without": "trial",
            "vetoes": ["eu-prohibited-practices"],
            "facts": [
                {"field": "context.ai_act_areas", "rule": "union", "values": ["emotion_recognition_work_education"]}
            ],
        }
    ]
    rules = advisor.load_rules()
    lines = survey.read_bytes().splitlines()
    profiles = [
        advisor.parse_profile({**json.loads(line), "id": f"departments.jsonl:{n}"}, rules)
        for n, line in enumerate(lines, 1)
    ]
    assert data == json.loads(orjson.dumps(advisor.said(advisor.assess_group(profiles, rules).to_dict())))

    text = run_advisor("group", survey, "--format", "text")
    assert text.returncode == EXIT_OK, text.stderr
    said = words(text.stdout)
    assert said.startswith(
        "The Riverside Courier: Hold: the plan includes emotion recognition at work or in education (EU AI Act "
        f"Art. 5(1)(f)), which must be dropped before anything else. {HOLD_SENTENCE} 5 of 5 respondents' own priorities lead to an LLM; they disagree most on creative "
        "art: Newsroom gives it the most weight, 4 respondents give it no weight."
    )
    assert "ring HOLD" in said
    assert "Pivotal respondents: none" not in said and said.count(HOLD_SENTENCE) == 2  # the answer, the pivotal list
    assert "Creative art 0% 0% 3% 1% Newsroom 4 respondents" in said  # the table names whom the headline names
    assert "should adopt" not in said


def test_the_group_report_names_who_brings_the_hold(tmp_path):
    survey = one_brings_a_hold(tmp_path)
    target = tmp_path / "group.pdf"
    result = run_advisor("group", survey, "--report", target, "--format", "json", "--date", "2025-03-01")
    assert result.returncode == EXIT_OK, result.stderr
    text = pdf_text(target)
    assert text.count(HOLD_SENTENCE) == 2
    assert "Newsroom gives it the most weight, 4 respondents give it no weight." in text
    assert "Creative art 0.0% 0.0% 3.0% 0.6% Newsroom 4 respondents" in text


def test_the_disagreement_tables_names_fold_within_80_columns_and_lose_no_letter():
    # at 80 columns the last column was one wider than the room left: "ecommerce-shop and game-studio" lost its "p"
    result = run_advisor("group", EXAMPLES, "--format", "text")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if "Least weight" in line)
    start, least = lines[header].index("Most weight"), lines[header].index("Least weight")
    assert all(len(line) <= 80 for line in lines[header:])
    table = lines[header + 2 : next(i for i, line in enumerate(lines) if "ranked by" in line) - 1]
    group = in_process(EXAMPLE_FILES)
    extremes = group_words(group, advisor.load_rules()).extremes
    rows = [i for i, line in enumerate(table) if "%" in line[:start]]  # a row's first line gives its weights
    for n, d in enumerate(group.disagreement[: len(rows)]):
        block = table[rows[n] : rows[n + 1] if n + 1 < len(rows) else len(table)]
        for column, (left, right) in enumerate(((start, least), (least, None))):
            shown = "".join(line[left:right] for line in block)
            assert "".join(shown.split()) == "".join(extremes[d.use_case][column].split()), (d.use_case, block)


def respondents_with_roles(tmp_path: Path, roles: list[str]) -> list[Path]:
    """One file per role: the clinic's profile, the second respondent wanting creative art and code instead."""
    paths = []
    for number, role in enumerate(roles):
        data = json.loads((EXAMPLES / "clinic.json").read_text(encoding="utf-8"))
        data["id"], data["respondent"] = f"r{number}", {"role": role}
        if number == 1:
            data["needs"] = {"art": {"importance": 5}, "code": {"importance": 1}}
        path = tmp_path / f"r{number}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def test_the_disagreement_table_shows_every_name_whole_in_80_columns(tmp_path):
    # the weight columns' minimum width made the table one column wider than 80: its last column lost a character
    long_name = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"
    result = run_advisor("group", *respondents_with_roles(tmp_path, [long_name, "Finance", "IT"]), "-f", "text")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    header = next(n for n, line in enumerate(lines) if "Least weight" in line)
    start = lines[header].index("Least weight")
    last_column = "".join(line[start:].strip() for line in lines[header + 2 :] if line.strip())
    assert long_name in last_column
    assert all(len(line) <= 80 for line in lines)
