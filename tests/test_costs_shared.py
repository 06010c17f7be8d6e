"""What the costs, the quantities and a batch row keep or share between profiles (advisor/core/costs.py,
quantities.py, prices.py; advisor/batch/scoring.py): a value made once is the value made afresh, a copy with changes
forgets what was found from the original, and a row joined without the csv writer is the row the writer writes."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from advisor.batch.scoring import _csv_line
from advisor.core.costs import Load
from advisor.core.profile import parse_profile
from advisor.core.quantities import Consumption, Quantity, quantities
from advisor.io.sources import load_rules

RULES = load_rules(None)
PRICES = RULES.prices
assert PRICES is not None


def _profile(**scale: int) -> object:
    data = {
        "organization": {"name": "Unit", "size": "51-250"},
        "needs": {"writing": {"importance": 4, "volume": "high"}, "art": {"importance": 2, "volume": "low"}},
    }
    if scale:
        data["scale"] = scale
    return parse_profile(data, RULES, "test")


def test_quantities_derived_from_a_size_are_made_once_and_equal_those_made_afresh() -> None:
    first, second = quantities(_profile(), RULES), quantities(_profile(), RULES)
    assert first is not None and second is not None
    assert first == second
    assert all(a is b for a, b in zip(first.use_cases, second.use_cases, strict=True))  # shared: immutable
    assert first.users is second.users and first.users.derived and first.users.size == "51-250"
    writing = RULES.quantities["writing"]
    by_use_case = {q.use_case: q for q in first.use_cases}
    assert by_use_case["writing"] == Quantity(
        "writing", writing.unit, 75 * writing.per_user.high, True, writing.consumes, "high", writing.per_user.high
    )


def test_stated_users_give_quantities_of_their_own() -> None:
    found = quantities(_profile(users=7), RULES)
    assert found is not None and found.users.count == 7 and not found.users.derived
    assert {q.use_case: q.amount for q in found.use_cases}["writing"] == float(f"{7 * RULES.quantities['writing'].per_user.high:.12g}")


def test_a_copy_of_a_quantity_entry_with_changes_forgets_what_was_derived_from_it() -> None:
    entry = RULES.quantities["writing"]
    quantities(_profile(), RULES)
    assert entry.derived  # filled by the first profile
    assert "derived" not in entry.model_copy(update={"unit": "pages"}).__dict__
    assert "users" not in RULES.users_by_size.model_copy().__dict__  # type: ignore[union-attr]


def test_a_copy_of_the_prices_with_changes_finds_its_own_oldest_check() -> None:
    assert PRICES is not None
    assert PRICES.oldest_price_check <= PRICES.as_of
    older = dt.date(2020, 1, 1)
    platform = PRICES.self_hosting.platform.model_copy(update={"checked": older})
    copied = PRICES.model_copy(update={"self_hosting": PRICES.self_hosting.model_copy(update={"platform": platform})})
    assert copied.oldest_price_check == older


def test_a_load_sums_each_consumption_in_the_order_of_the_quantities() -> None:
    consumes = Consumption(tokens_in=0.1, tokens_out=0.2, images=0.3)
    used = tuple(Quantity("writing", "documents", amount, True, consumes, "high") for amount in (0.7, 0.1, 0.2))
    expected = {name: 0.0 for name in ("tokens_in", "tokens_out", "images")}
    for q in used:
        for name in expected:
            expected[name] += (q.amount or 0.0) * getattr(consumes, name)
    load = Load.known(used)
    assert load == Load.of(used)
    assert load is not None and (load.tokens_in, load.tokens_out, load.images) == tuple(expected.values())
    assert Load.known((*used, dataclasses.replace(used[0], amount=None))) is None  # an unknown amount: no load


@pytest.mark.parametrize(
    "cells",
    [
        ["unit-1", "survey.jsonl:3", "Unit 1", "llm", "0.600000", "", "12.50", "USD"],
        ["a,b", "x", "say \"hi\"", "", "line\nbreak", "cr\rhere", "nul\0", "'=1+1"],
        [""],
        ["", ""],
        ["é", "\u2028", " lead", "trail ", "\t"],
    ],
)
def test_a_row_is_written_as_the_csv_writer_writes_it(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    assert _csv_line(cells) == buffer.getvalue().encode("utf-8")
