"""The numbers module says every number as the core's precision decides, laid out for the language; English is
what the tool always printed, byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.core import numbers as core
from advisor.core.messages import Number
from advisor.words import numbers, speaking

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
share = st.one_of(st.floats(min_value=-0.1, max_value=1.1, allow_nan=False), st.sampled_from([0.0, 1.0, 0.995, 0.005, 0.9999, 1e-9, 0.675]))


@given(finite, st.integers(min_value=0, max_value=4))
def test_decimal_in_english_is_the_cores(value, digits):
    assert numbers.decimal(value, digits, "en") == core.decimal(value, digits)


@given(finite)
def test_fit_difference_and_signed_in_english_are_the_cores(value):
    assert numbers.fit(value, "en") == core.fit(value)
    assert numbers.difference(value, language="en") == core.difference(value)
    assert numbers.signed(value, language="en") == core.signed(value)
    for digits in (1, 2):
        assert numbers.difference(value, digits, "en") == core.difference(value, digits)
        assert numbers.signed(value, digits, "en") == core.signed(value, digits)


@given(share, st.integers(min_value=0, max_value=2))
def test_percent_and_weight_in_english_are_the_cores_with_their_bounds(value, digits):
    assert numbers.percent(value, digits, "en") == core.percent(value, digits)
    assert numbers.weight(value, "en") == core.weight(value)


ENGLISH_LOCALE = numbers.babel_locale("en")


@given(finite, st.integers(min_value=0, max_value=4))
def test_babels_english_layout_of_the_cores_numbers_is_the_identity(value, digits):
    shown = core.decimal(value, digits)
    assert numbers.babel_layout(shown, ENGLISH_LOCALE) == shown
    signed = core.signed(value, digits)
    assert numbers.babel_layout(signed.lstrip("+"), ENGLISH_LOCALE) == signed.lstrip("+")


@given(share, st.integers(min_value=0, max_value=2))
def test_babels_english_percentages_are_the_cores(value, digits):
    shown = core.percent(value, digits)
    assert numbers.babel_percent(shown, digits, ENGLISH_LOCALE) == shown


@given(finite)
def test_the_current_language_is_the_default_and_the_pseudo_locale_keeps_english_digits(value):
    with speaking("en-XA"):
        assert numbers.fit(value) == core.fit(value)
        assert numbers.number(value, "signed") == core.signed(value)


def test_the_bounds_and_the_smallest_difference_keep_their_rules():
    assert numbers.percent(0.9999, language="en") == ">99%"
    assert numbers.percent(1e-9, language="en") == "<1%"
    assert numbers.difference(0.0004, language="en") == "less than 0.001"
    assert numbers.signed(-0.0001, language="en") == "0.000"
    assert numbers.difference(0.0004, language="en-XA") == "[ĺéšš ţĥàñ 0.001]"


def test_another_language_gets_its_own_signs_and_separators():
    assert numbers.integer(4096, "de") == "4.096"
    assert numbers.as_written(0.05, "de") == "0,05"
    assert numbers.weight(0.108, "de") == "10,8\xa0%"
    assert numbers.signed(-0.3, language="de") == "-0,300"
    assert numbers.fit(0.694, "fr") == "0,69"
    assert numbers.percent(0.9999, language="de").startswith(">99")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [("fit", 0.694, "0.69"), ("margin", 0.0123, "0.012"), ("difference", -0.3, "0.300"), ("signed", 0.012, "+0.012"),
     ("percent", 0.5, "50%"), ("weight", 0.108, "10.8%"), ("count", 3, "3"), ("decimal:1", 2.25, "2.2"),
     ("integer", 4096, "4,096"), ("g", 0.05, "0.05"), ("g", 0.5, "0.5"), ("g", 1e-05, "1e-05")],
)  # fmt: skip
def test_every_kind_of_number_has_its_formatter(kind, value, expected):
    assert numbers.number(Number(value, kind).value, kind, "en") == expected


def test_an_unknown_kind_of_number_is_a_bug_that_names_it():
    with pytest.raises(KeyError, match="furlongs"):
        numbers.number(1.0, "furlongs")


def test_the_templates_filters_are_the_numbers_modules():
    from advisor.report.render import template_environment

    environment = template_environment()
    for name in ("fit", "percent", "weight", "signed", "decimal", "difference", "count", "integer"):
        assert environment.filters[name] is numbers.NUMBER_FILTERS[name]
