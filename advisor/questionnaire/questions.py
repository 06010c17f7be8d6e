"""The questionnaire as data: questions, choices, defaults, safe conditions and the profile field each one fills.

Pure: `parse_questions` validates the YAML bytes of a questions file against the active rules and expands the
content-needs section from the rules' use cases, so a rules file that adds a use case adds its questions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.core.condition_text import condition_words
from advisor.core.conditions import Comparisons, FieldSpec, Scalar
from advisor.core.errors import Problem, RulesError
from advisor.core.headline import in_sentence, join_words
from advisor.core.messages import Message
from advisor.core.rules import TRACKS, USE_CASE_ID_PATTERN, Rules
from advisor.core.satisfiable import can_hold
from advisor.core.validation import problems_from
from advisor.core.yamldata import YamlDataError, dotted, load_yaml_data
from advisor.questionnaire.quantities import Defaults, defaults_of
from advisor.words import say
from advisor.words.text import text

QuestionType = Literal["text", "select", "checkbox", "confirm", "scale", "number"]
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_{}]{1,60}$")]
USE_CASE_ID = re.compile(USE_CASE_ID_PATTERN)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Comparisons):
    """When to ask: one comparison with an earlier answer, or all/any of several conditions."""

    subject_key: ClassVar[str] = "question"

    question: str | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None


class Choice(_Strict):
    """One option of a select or checkbox question."""

    value: Scalar
    label: Annotated[str, Field(min_length=1, max_length=200)]


class Question(_Strict):
    """One question: what to ask, how, when, and which profile field the answer fills.

    `optional`: the person may skip it, which leaves the field unstated (Enter on an empty text or an unanswered
    yes/no, no box ticked, or the skip entry of a select). `list` (text only): the answer is a list of items
    separated by commas or spaces ("de, en" -> ["de", "en"]); `item_hint` says what a valid item looks like when
    one is refused. `none_choice` (checkbox only): the label of an extra choice meaning "none of these", which
    states an empty list, unlike ticking nothing. `unit` (number only): what the number counts, shown beside its
    input ("people", "documents a month"); `whole`: only whole numbers are answers. A number question's answer is
    typed (text in a terminal, a number input in a browser); empty leaves an optional one unstated.
    """

    id: Id
    prompt: Annotated[str, Field(min_length=1, max_length=300)]
    help: str | None = None
    type: QuestionType
    choices: list[Choice] | None = None
    default: Any = None
    when: Condition | None = None
    field: Annotated[str, Field(pattern=r"^[A-Za-z0-9_{}]+(\.[A-Za-z0-9_{}]+)*$")]
    optional: bool = False
    is_list: bool = Field(False, alias="list")
    split: Literal["commas", "commas_or_spaces"] = Field(
        "commas_or_spaces", description="what separates the items of a list typed as text (names with spaces: commas)"
    )
    item_hint: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    none_choice: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    unit: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    whole: bool = False


class Section(_Strict):
    """A titled group of questions, or the generated content-needs section."""

    id: Id
    title: Annotated[str, Field(min_length=1, max_length=100)]
    questions: list[Question] | None = None
    generated: Literal["use_cases"] | None = None


class NounForms(_Strict):
    """A word as it goes with a mass noun ('much writing') and with a plural one ('many summaries')."""

    mass: Annotated[str, Field(min_length=1, max_length=40)]
    plural: Annotated[str, Field(min_length=1, max_length=40)]


class NeedTemplates(_Strict):
    """The questions asked per use case, and words that follow the grammatical number of its short name.

    `quantity` (optional) is asked only for a use case the rules give a unit (`quantities.<use case>.unit`); in its
    texts {unit} is that unit's word ("documents")."""

    words: dict[Annotated[str, Field(pattern=r"^[a-z_]{1,30}$")], NounForms] = Field(default_factory=dict)
    importance: Question
    volume: Question
    quantity: Question | None = None


class SurveySection(_Strict):
    """What a survey's respondents answer instead of the organisation section, which the survey fixes."""

    title: Annotated[str, Field(min_length=1, max_length=100)]
    questions: Annotated[list[Question], Field(min_length=1)]


class QuestionsFile(_Strict):
    """The whole questions file."""

    version: Literal[1]
    intro: str
    scale_labels: Annotated[list[str], Field(min_length=6, max_length=6)]
    sections: Annotated[list[Section], Field(min_length=1)]
    need: NeedTemplates
    survey: SurveySection | None = None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The questionnaire ready to ask: sections with their questions in order, conditions checked."""

    intro: str
    scale_labels: tuple[str, ...]
    sections: tuple[tuple[str, tuple[Question, ...]], ...]
    sha256: str
    need_importance: tuple[str, ...] = ()
    """The ids of the generated importance questions, one per use case."""
    places: dict[str, tuple[str, int | None, int | None]] = dataclasses.field(default_factory=dict)
    """Where each question is written: question id -> (dotted path, line of the question, line of its `when`)."""
    survey: tuple[str, tuple[Question, ...]] | None = None
    """The section a survey's respondents answer instead of the organisation's (title, questions)."""
    defaults: Defaults = dataclasses.field(default_factory=Defaults)
    """The rules' defaults for quantities left unstated, which their questions name."""

    @property
    def questions(self) -> tuple[Question, ...]:
        """All questions in the order they are asked."""
        return tuple(q for _, qs in self.sections for q in qs)

    def section_of(self, question_id: str) -> int:
        """The 0-based section index of a question."""
        return next(i for i, (_, qs) in enumerate(self.sections) if any(q.id == question_id for q in qs))


Localise = Callable[[Any, str], Any]
"""(a loaded document, its data-text id prefix) -> the document with its texts said in a language."""


def _as_written(document: Any, _prefix: str) -> Any:
    return document


def parse_questions(raw: bytes, source: str, rules: Rules, localise: Localise = _as_written) -> Questionnaire:
    """Validate a questions file against the active rules; raise `RulesError` naming each problem's place.

    `localise` says the file's texts and the use cases' texts by their data-text ids (the edge passes
    `advisor.words.data.localised` for a language); values, ids and conditions are never texts, so answers and
    the digest are the same in every language."""
    try:
        document = load_yaml_data(raw.decode("utf-8-sig"))
    except (YamlDataError, UnicodeDecodeError) as exc:
        problem = (
            exc.problem if isinstance(exc, YamlDataError) else Problem("", Message.of("edge.questions.not_utf8"), code="file.encoding")
        )
        raise RulesError(source, problem) from None
    try:
        parsed = QuestionsFile.model_validate(localise(document.data, "questions"))
    except ValidationError as exc:
        raise RulesError(source, problems_from(exc, document.line_of, model=QuestionsFile)) from None
    sections: list[tuple[str, tuple[Question, ...]]] = []
    places: dict[str, tuple[str | int, ...]] = {}
    for s_index, section in enumerate(parsed.sections):
        if section.generated == "use_cases":
            questions = list(_need_questions(parsed.need, rules, localise))
            kinds = _need_kinds(parsed.need)
            for q in questions:
                places[q.id] = ("need", kinds(q.id))
        else:
            questions = list(section.questions or [])
            for q_index, q in enumerate(questions):
                places[q.id] = ("sections", s_index, "questions", q_index)
        if not questions:
            raise RulesError(
                source,
                Problem(
                    dotted(("sections", s_index)),
                    Message.of("edge.questions.section_empty"),
                    document.line_of(("sections", s_index)),
                    code="questions.section.empty",
                ),
            )
        sections.append((section.title, tuple(questions)))
    absent = _absent_need_ids(parsed.need, rules)
    problems = _check(sections, places, parsed.scale_labels, absent)
    if problems:
        raise RulesError(
            source,
            [
                Problem(dotted(path), message, document.line_of(path), code="questions.invalid")
                for path, message in problems
            ],
        )
    survey = None
    if parsed.survey is not None:
        asked = {q.id for _, qs in sections for q in qs}
        for q_index, q in enumerate(parsed.survey.questions):
            path = ("survey", "questions", q_index)
            if q.id in asked or q.when is not None:
                refusal = (
                    Message.of("edge.questions.duplicate_id", question=q.id)
                    if q.id in asked
                    else Message.of("edge.questions.survey_condition")
                )
                raise RulesError(
                    source, Problem(dotted(path), refusal, document.line_of(path), code="questions.survey.invalid")
                )
        survey = (parsed.survey.title, tuple(parsed.survey.questions))
    kinds = _need_kinds(parsed.need)
    importance = tuple(q.id for q in _need_questions(parsed.need, rules) if kinds(q.id) == "importance")
    digest = hashlib.sha256(raw).hexdigest()
    written = {
        qid: (dotted(path), document.line_of(path), document.line_of((*path, "when"))) for qid, path in places.items()
    }
    return Questionnaire(
        parsed.intro,
        tuple(parsed.scale_labels),
        tuple(sections),
        digest,
        importance,
        written,
        survey,
        defaults_of(rules),
    )


def _need_kinds(templates: NeedTemplates) -> Callable[[str], str]:
    """Which template (importance, volume, quantity) a generated need question's id was made from."""
    forms = [(kind, t.id.partition("{id}")) for kind, t in _templates(templates)]

    def kind(question_id: str) -> str:
        for name, (prefix, _, suffix) in forms:
            if question_id.startswith(prefix) and question_id.endswith(suffix):
                return name
        return "importance"

    return kind


def _templates(templates: NeedTemplates) -> list[tuple[str, Question]]:
    found = [("importance", templates.importance), ("volume", templates.volume)]
    return found + ([("quantity", templates.quantity)] if templates.quantity is not None else [])


def _need_questions(templates: NeedTemplates, rules: Rules, localise: Localise = _as_written) -> list[Question]:
    """The importance and volume question of each use case, in this order, then its quantity question where the rules
    give the use case a unit."""
    out = []
    for uid, written in rules.use_cases.items():
        texts = {"title": written.title, "short": written.short, "description": written.description}
        said = localise({**texts, "examples": written.examples}, f"rules.use_cases.{uid}")
        use_case = written.model_copy(update=said)
        examples = join_words([tool for t in TRACKS for tool in use_case.examples.get(t, [])]) or "none named"
        words = {
            "{id}": uid,
            "{title}": in_sentence(use_case.title),
            "{noun}": use_case.noun,
            "{description}": use_case.description,
            "{examples}": examples,
        }
        number = "plural" if use_case.plural else "mass"
        words |= {f"{{{key}}}": getattr(forms, number) for key, forms in templates.words.items()}
        counted = rules.quantities.get(uid)
        if counted is not None:
            words["{unit}"] = text(f"quantities.unit.{counted.unit}")
        for kind, template in _templates(templates):
            if kind == "quantity" and counted is None:
                continue
            data = template.model_dump(by_alias=True, exclude_none=True)
            out.append(Question.model_validate(_fill(data, words)))
    return out


def _fill(value: Any, words: dict[str, str]) -> Any:
    if isinstance(value, str):
        for token, text in words.items():
            value = value.replace(token, text)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, words) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, words) for v in value]
    return value


def _absent_need_ids(templates: NeedTemplates, rules: Rules) -> Callable[[str], bool]:
    """Whether an id is the need question of a use case the active rules lack (e.g. art_importance without art).

    One questions file serves every rules file, so a condition may name such a question: it is never asked, and
    the comparison is simply false (as for any unanswered question).
    """
    forms = [t.id.partition("{id}") for _, t in _templates(templates)]

    def absent(ref: str) -> bool:
        for prefix, token, suffix in forms:
            if token and ref.startswith(prefix) and ref.endswith(suffix):
                use_case = ref[len(prefix) : len(ref) - len(suffix)]
                if USE_CASE_ID.fullmatch(use_case) and use_case not in rules.use_cases:
                    return True
        return False

    return absent


def _check(
    sections: list[tuple[str, tuple[Question, ...]]],
    places: dict[str, tuple[str | int, ...]],
    scale: list[str],
    absent: Callable[[str], bool],
) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: list[str] = []
    answers: dict[str, FieldSpec] = {}  # what each earlier question's answer can be
    for _, questions in sections:
        for q in questions:
            place = places[q.id]
            if q.id in seen:
                problems.append((place + ("id",), text("edge.questions.duplicate_id", question=q.id)))
            unknown = False
            for ref in q.when.references() if q.when else []:
                if ref not in seen and not absent(ref):
                    unknown = True
                    later = any(ref == other.id for _, qs in sections for other in qs)
                    refers = "edge.questions.refers_later" if later else "edge.questions.refers_unknown"
                    problems.append((place + ("when",), text(refers, ref=ref)))
            choices = _check_choices(q, len(scale))
            problems += [(place + (key,), message) for key, message in choices]
            if q.when is not None and not unknown:
                problems += [(place + ("when",), message) for message in _never_asked(q.when, answers)]
            if not choices:
                answers[q.id] = _answer_spec(q, len(scale))
            seen.append(q.id)
    return problems


def _answer_spec(q: Question, scale_steps: int) -> FieldSpec:
    """What an answer to `q` can be, for the conditions of later questions: a choice, a level, yes or no, text."""
    values = frozenset(c.value for c in q.choices or [])
    if q.type == "select":
        return FieldSpec("text", values) if all(isinstance(v, str) for v in values) else FieldSpec()
    if q.type == "checkbox":
        return FieldSpec("text", values, is_list=True) if all(isinstance(v, str) for v in values) else FieldSpec()
    if q.type == "scale":
        return FieldSpec("number", low=0, high=scale_steps - 1, whole=True)
    if q.type == "confirm":
        return FieldSpec("bool", frozenset({True, False}))
    if q.type == "number":
        return FieldSpec("number", low=0, whole=q.whole)
    return FieldSpec("text", is_list=q.is_list)


def _never_asked(when: Condition, answers: dict[str, FieldSpec]) -> list[str]:
    """Why a question's condition can never hold, so that the question is never asked: a comparison no answer of the
    question it reads can meet (a value not among its choices), or parts that contradict each other."""
    nested = when.groups()
    if nested is not None:
        found = [message for part in nested for message in _never_asked(part, answers)]
        if found:
            return found
    else:
        subject, op = when.subject() or "", when.operators()[0]
        if subject in answers:
            problem = answers[subject].problem(subject, op, getattr(when, "in_" if op == "in" else op))
            if problem:
                return [say(problem)]
    if not can_hold(when, answers):
        return [text("edge.questions.never_holds", condition=say(condition_words(when)))]
    return []


def _check_choices(q: Question, scale_steps: int) -> list[tuple[str, str]]:
    """What is wrong with a question's type options, choices and default, as (key, message) pairs."""
    if q.is_list and q.type != "text":
        return [("list", text("edge.questions.list_not_text", type=q.type))]
    if q.item_hint is not None and not q.is_list:
        return [("item_hint", text("edge.questions.item_hint_needs_list"))]
    if q.none_choice is not None and q.type != "checkbox":
        return [("none_choice", text("edge.questions.none_choice_not_checkbox", type=q.type))]
    if (q.unit is not None or q.whole) and q.type != "number":
        return [("unit" if q.unit is not None else "whole", text("questionnaire.quantities.not_number", type=q.type))]
    values = [c.value for c in q.choices or []]
    if q.type in ("select", "checkbox") and not values:
        return [("choices", text("edge.questions.needs_choices", type=q.type))]
    if q.type not in ("select", "checkbox") and q.choices is not None:
        return [("choices", text("edge.questions.takes_no_choices", type=q.type))]
    default = q.default
    if default is None:
        return []
    if q.type == "select" and default not in values:
        return [("default", text("edge.questions.default_not_choice", default=repr(default), values=str(values)))]
    if q.type == "checkbox" and (not isinstance(default, list) or any(v not in values for v in default)):
        return [("default", text("edge.questions.default_not_choices", values=str(values)))]
    if q.type == "scale" and (type(default) is not int or not 0 <= default < scale_steps):
        return [("default", text("edge.questions.default_not_level", top=str(scale_steps - 1)))]
    if q.type == "confirm" and not isinstance(default, bool):
        return [("default", text("edge.questions.default_not_bool"))]
    if q.type == "text" and q.is_list:
        texts = isinstance(default, list) and all(isinstance(v, str) for v in default)
        return [] if texts else [("default", text("edge.questions.default_not_texts"))]
    if q.type == "text" and not isinstance(default, str):
        return [("default", "default must be text")]
    if q.type == "number" and (isinstance(default, bool) or not isinstance(default, (int, float)) or default < 0):
        return [("default", text("questionnaire.quantities.default_not_number"))]
    return []
