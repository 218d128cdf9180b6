"""Money is a Decimal with two decimals; nothing else gets in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from os2gov.economy.validation import FieldErrors, format_dkk, parse_amount, parse_hours


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("125000.5", Decimal("125000.50")),
        (" 1 250 000 ", Decimal("1250000.00")),
        (Decimal("0.10"), Decimal("0.10")),
        (7, Decimal("7.00")),
        ("10.500", Decimal("10.50")),
        ("0", Decimal("0.00")),
        # Danish notation: a decimal comma, dots grouping thousands.
        ("12,50", Decimal("12.50")),
        ("125.000,5", Decimal("125000.50")),
    ],
)
def test_amounts_are_read_as_decimals_with_two_decimals(value: object, expected: Decimal) -> None:
    errors = FieldErrors()
    amount = parse_amount(value, field="amount", errors=errors)
    assert not errors
    assert amount == expected
    assert isinstance(amount, Decimal)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0.1, "invalid_amount"),  # a float cannot hold 0.10 exactly
        (True, "invalid_amount"),
        ("12,5,0", "invalid_amount"),
        ("Infinity", "invalid_amount"),
        ("-0.01", "negative_amount"),
        ("0.001", "too_many_decimals"),
        ("10000000000", "amount_too_large"),
        ([], "invalid_amount"),
        ("  ", "required"),
    ],
)
def test_bad_amounts_are_refused_with_the_field_named(value: object, code: str) -> None:
    errors = FieldErrors()
    with translation.override("en"):
        assert parse_amount(value, field="estimate", errors=errors) is None
    assert [e.code for e in errors.by_field["estimate"]] == [code]


def test_an_empty_optional_amount_is_none() -> None:
    errors = FieldErrors()
    assert parse_amount("", field="x", errors=errors, required=False) is None
    assert not errors


def test_hours_have_one_decimal() -> None:
    errors = FieldErrors()
    assert parse_hours("120.25", field="hours", errors=errors) == Decimal("120.2")
    assert parse_hours(-1, field="hours", errors=errors) is None
    assert [e.code for e in errors.by_field["hours"]] == ["invalid_hours"]


def test_amounts_are_shown_in_kroner_with_two_decimals() -> None:
    with translation.override("en"):
        assert format_dkk(Decimal("1234567.5")) == "DKK 1,234,567.50"
        assert format_dkk(None) == "DKK 0.00"
