"""Whether the questionnaire asks every field a context rule reads, wherever the rule could fire.

Pure and static. Each rule's condition is expanded into alternatives (comparisons that must all hold); a modifier or
a use-case veto only has an effect when one of its use cases is needed, so that joins its condition. For each field
an alternative reads, the question that fills it must be asked in every situation the alternative allows. A
question's condition on other context answers may narrow it (a follow-up: the kinds of regulated data only when the
data is regulated), but the needs may never be the reason a question is not asked: where some needs would ask it
for these context answers, every needs under which the rule can fire must ask it too.
Values are tried by representatives: per field, one value for each distinct outcome of the comparisons made on it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from advisor.core.conditions import Comparisons, FieldSpec, compare
from advisor.core.context_rules import ContextRule
from advisor.core.errors import Problem
from advisor.core.rules import Rules
from advisor.core.validation import json_word
from advisor.questionnaire.questions import Question, Questionnaire
from advisor.words.text import text

Atom = tuple[str, str, Any]
"""One comparison: (dotted profile field, operator, operand)."""

MAX_ALTERNATIVES = 5000
_OTHER = "\x00another value"  # stands for any text a condition does not name


@dataclass(frozen=True, slots=True)
class Gap:
    """A field a context rule reads that the questionnaire does not ask in a situation where the rule can fire."""

    rule: str
    field: str
    question: Question | None
    example: dict[str, Any]

    def message(self, rules_name: str) -> str:
        """The gap in words, with an example situation."""
        reader = text("edge.coverage.reader", rule=self.rule, rules_name=rules_name, field=self.field)
        if self.question is None:
            return text("edge.coverage.unasked", field=self.field, reader=reader)
        facts = [text("edge.coverage.fact", field=k, value=json_word(v)) for k, v in self.example.items()]
        if any(k.startswith("needs.") for k in self.example):
            facts.append(text("edge.coverage.others_not_needed"))
        else:
            facts.append(text("edge.coverage.none_needed"))
        situation = facts[0]
        for fact in facts[1:]:
            situation = text("edge.coverage.and", left=situation, right=fact)
        return text("edge.coverage.not_asked", question=self.question.id, situation=situation, reader=reader)


def coverage_problems(questionnaire: Questionnaire, rules: Rules, rules_name: str) -> list[Problem]:
    """Every gap between the questions and the context rules, placed at the question (or its condition)."""
    problems = []
    for gap in coverage_gaps(questionnaire, rules):
        path, line = "", None
        if gap.question is not None:
            path, _, line = questionnaire.places.get(gap.question.id, ("", None, None))
            path = f"{path}.when"
        problems.append(Problem(path, gap.message(rules_name), line, code="questions.coverage"))
    return problems


def coverage_gaps(questionnaire: Questionnaire, rules: Rules) -> list[Gap]:
    """The first gap found per rule and field."""
    from advisor.core.facts import DERIVED_FROM, field_specs  # the facts module builds on rules; avoids a cycle

    specs = field_specs(rules.use_case_ids)
    by_field = {q.field: q for q in questionnaire.questions}
    gaps: dict[tuple[str, str], Gap] = {}
    for rid, rule in rules.context_rules.items():
        for alternative in _alternatives(rule, rules):
            for field in dict.fromkeys(atom[0] for atom in alternative):
                if (rid, field) in gaps:
                    continue
                if field in DERIVED_FROM:  # computed from other answers: each of them must be asked somewhere
                    missing = [f for f in DERIVED_FROM[field] if f not in by_field]
                    if missing:
                        gaps[(rid, field)] = Gap(rid, missing[0], None, {})
                    continue
                question = by_field.get(field)
                if question is None:
                    gaps[(rid, field)] = Gap(rid, field, None, {})
                    continue
                example = _unasked(question, alternative, questionnaire, specs)
                if example is not None:
                    gaps[(rid, field)] = Gap(rid, field, question, example)
    return list(gaps.values())


def _alternatives(rule: ContextRule, rules: Rules) -> list[list[Atom]]:
    """The rule's condition as alternatives, with 'one of its use cases is needed' for a modifier or use-case veto."""
    alternatives = _expand(rule.when)
    affected: list[str] = []
    if rule.modifier is not None:
        affected = [u for factors in rule.modifier.factors.values() for u in factors]
    elif rule.veto is not None and rule.veto.use_cases is not None:
        affected = list(rule.veto.use_cases)
    needed = [[(f"needs.{u}.importance", "gt", 0)] for u in dict.fromkeys(affected) if u in rules.use_cases]
    return _product(alternatives, needed) if needed else alternatives


def _expand(condition: Comparisons) -> list[list[Atom]]:
    nested = condition.groups()
    if nested is None:
        op = condition.operators()[0]
        return [[(condition.subject() or "", op, getattr(condition, "in_" if op == "in" else op))]]
    parts = [_expand(c) for c in nested]
    if getattr(condition, "any", None) is not None:
        return [alt for part in parts for alt in part][:MAX_ALTERNATIVES]
    result: list[list[Atom]] = [[]]
    for part in parts:
        result = _product(result, part)
    return result


def _product(left: list[list[Atom]], right: list[list[Atom]]) -> list[list[Atom]]:
    return [a + b for a, b in itertools.islice(itertools.product(left, right), MAX_ALTERNATIVES)]


def _unasked(
    question: Question, alternative: list[Atom], questionnaire: Questionnaire, specs: dict[str, FieldSpec]
) -> dict[str, Any] | None:
    """A situation the alternative allows in which the question is not asked although some needs would ask it."""
    if question.when is None:
        return None
    chain = _chain(question, questionnaire)
    atoms = list(alternative) + [atom for q in chain for atom in _when_atoms(q, questionnaire)]
    fields = list(dict.fromkeys([a[0] for a in alternative] + [q.field for q in chain]))
    domains = {f: _representatives(f, specs.get(f, FieldSpec()), [a for a in atoms if a[0] == f]) for f in fields}
    for f in {a[0] for a in alternative}:  # only values the alternative allows
        domains[f] = [v for v in domains[f] if all(_holds(v, op, x) for g, op, x in alternative if g == f)]
    needs = [f for f in fields if f.startswith("needs.") and any(q.field == f for q in chain)]
    for values in itertools.product(*domains.values()):
        situation = dict(zip(domains, values, strict=True))
        if _asks(question, chain, situation):
            continue
        others = (dict(zip(needs, v, strict=True)) for v in itertools.product(*(domains[f] for f in needs)))
        if any(_asks(question, chain, {**situation, **other}) for other in others):
            return {
                k: v
                for k, v in situation.items()
                if k != question.field and v is not None and not (k.startswith("needs.") and v == 0)
            }
    return None


def _chain(question: Question, questionnaire: Questionnaire) -> list[Question]:
    """The question and every earlier question its condition depends on, in the order they are asked."""
    by_id = {q.id: q for q in questionnaire.questions}
    wanted, todo = {question.id}, [question]
    while todo:
        current = todo.pop()
        for ref in current.when.references() if current.when else []:
            if ref in by_id and ref not in wanted:
                wanted.add(ref)
                todo.append(by_id[ref])
    return [q for q in questionnaire.questions if q.id in wanted]


def _when_atoms(question: Question, questionnaire: Questionnaire) -> Iterator[Atom]:
    """The comparisons of a question's condition, on the profile fields the questions it names fill."""
    fields = {q.id: q.field for q in questionnaire.questions}
    for atom in _expand(question.when) if question.when else []:
        for subject, op, operand in atom:
            if subject in fields:
                yield fields[subject], op, operand


def _asks(question: Question, chain: list[Question], situation: dict[str, Any]) -> bool:
    """Whether the questionnaire asks `question` when the person's answers are the situation's values."""
    answers: dict[str, Any] = {}
    for q in chain:
        if q.when is not None and not q.when.holds(answers):
            if q is question:
                return False
            continue
        if q is question:
            return True
        if situation.get(q.field) is not None:
            answers[q.id] = situation[q.field]
    return False


def _representatives(field: str, spec: FieldSpec, atoms: list[Atom]) -> list[Any]:
    """One value for each distinct outcome of the comparisons on `field`, from the values it can hold."""
    named = [x for _, _, operand in atoms for x in (operand if isinstance(operand, list) else [operand])]
    if spec.is_list:
        items = sorted(spec.values, key=str) if spec.values is not None else [*dict.fromkeys(named), _OTHER]
        pool: list[Any] = [[], *([item] for item in items), list(dict.fromkeys(named)), None]
    elif spec.kind == "bool":
        pool = [True, False, None]
    elif spec.kind == "number" and spec.low is not None and spec.high is not None and spec.whole:
        pool = list(range(int(spec.low), int(spec.high) + 1))
    elif spec.kind == "number":
        pool = sorted({float(x) + d for x in named if isinstance(x, (int, float)) for d in (-1, 0, 1)})
    elif spec.values is not None:
        pool = [*sorted(spec.values, key=str), None]
    else:
        pool = [*dict.fromkeys(named), _OTHER, None]  # stated values first: an example reads better with them
    if field.startswith("needs.") and field.endswith(".importance"):
        pool = [v for v in pool if v is not None]  # a need left out is importance 0
    seen: dict[tuple[bool, ...], Any] = {}
    for value in pool:
        seen.setdefault(tuple(_holds(value, op, x) for _, op, x in atoms), value)
    return list(seen.values())


def _holds(value: Any, op: str, operand: Any) -> bool:
    return value is not None and compare(value, op, operand)
