from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from middenveld.core.errors import Invalid
from middenveld.funding.money import format_euros, parse_euros


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", "1000.00"),
        ("1000,50", "1000.50"),
        ("1000.50", "1000.50"),
        ("1000,5", "1000.50"),
        ("1.000,50", "1000.50"),
        ("1,000.50", "1000.50"),
        ("1.000.000,01", "1000000.01"),
        ("1,000,000.01", "1000000.01"),
        ("1.000.000", "1000000.00"),
        ("1,000,000", "1000000.00"),
        ("€ 1.250", "1250.00"),
        ("€1250,00", "1250.00"),
        ("1.250 €", "1250.00"),
        ("EUR 1250", "1250.00"),
        ("1250 euro", "1250.00"),
        ("1 000,50", "1000.50"),
        ("1\u00a0000,50", "1000.50"),
        ("1\u202f000", "1000.00"),
        ("1 234 567", "1234567.00"),
        ("  75  ", "75.00"),
        ("+75", "75.00"),
        ("0", "0.00"),
        ("0,5", "0.50"),
        ("0.05", "0.05"),
        ("-0", "0.00"),
        ("007", "7.00"),
        ("1.000,-", "1000.00"),
        ("250,-", "250.00"),
        # A single dot before exactly three digits separates thousands, as in Belgium.
        ("1.000", "1000.00"),
        ("12.345", "12345.00"),
        ("999.999", "999999.00"),
        # With spaces as thousands separators, the single mark is the decimal one.
        ("1 000.5", "1000.50"),
    ],
)
def test_amounts_people_write_are_read_exactly(text, expected):
    value = parse_euros(text)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1000, "1000.00"), (0, "0.00"), (Decimal("12.5"), "12.50"), (Decimal("10.500"), "10.50")],
)
def test_numbers_from_code_are_taken_as_they_are(value, expected):
    assert str(parse_euros(value)) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "€", "EUR "])
def test_nothing_asks_for_an_amount(text):
    with pytest.raises(Invalid) as caught:
        parse_euros(text)
    assert caught.value.code == "amount_required"
    assert str(caught.value) == "Enter an amount."
    assert caught.value.details["fields"] == {"amount": ["Enter an amount."]}


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "twaalf",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "1e3",
        "0x10",
        "12a",
        "1000.",
        "1000,",
        ",50",
        "1.00.000",
        "1,00,000",
        "10 00",
        "1000,5 0",
        "1 000.000.000",
        "1.000,000.50",
        "1.000.000,50,3",
        "1'000",
        "1_000",
        "½",
    ],
)
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(Invalid) as caught:
        parse_euros(text)
    assert caught.value.code == "amount_not_a_number"
    assert "is not an amount we can read" in str(caught.value)


def test_the_refusal_quotes_what_was_written_and_shows_how():
    with pytest.raises(Invalid) as caught:
        parse_euros("twaalf euro")
    assert str(caught.value) == (
        "“twaalf euro” is not an amount we can read. Write it like 1250 or 1250,50."
    )


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
def test_a_decimal_that_is_not_a_number_is_refused(value):
    with pytest.raises(Invalid) as caught:
        parse_euros(value)
    assert caught.value.code == "amount_not_a_number"
    assert str(caught.value) == "The amount is not a number."


@pytest.mark.parametrize(
    "value", ["-5", "-1.000,50", "- 12", "−12", "€ -5", "-€ 5", -1, Decimal("-0.01")]
)
def test_negative_amounts_are_refused(value):
    with pytest.raises(Invalid) as caught:
        parse_euros(value)
    assert caught.value.code == "amount_negative"
    assert str(caught.value) == "The amount cannot be negative."


@pytest.mark.parametrize(
    "value",
    [
        "1000,505",
        "1000.123",
        "0,500",
        "0.500",
        "1000.500",
        "1.000,505",
        "1 000,000",
        Decimal("1.001"),
    ],
)
def test_more_than_two_decimals_is_refused(value):
    with pytest.raises(Invalid) as caught:
        parse_euros(value)
    assert caught.value.code == "amount_too_precise"
    assert str(caught.value) == (
        "An amount has at most two digits after the comma or point (the cents)."
    )


@pytest.mark.parametrize(
    ("text", "whole", "cents"),
    [("1,000", "1000", "1,00"), ("2,500", "2500", "2,50"), ("12,345", "12345", "12,34")],
)
def test_a_single_comma_before_three_digits_is_ambiguous(text, whole, cents):
    with pytest.raises(Invalid) as caught:
        parse_euros(text)
    assert caught.value.code == "amount_ambiguous"
    assert str(caught.value) == (
        f"“{text}” can be read in two ways. Write {whole} for a whole amount, "
        f"or use two digits after the comma for cents, such as {cents}."
    )


def test_absurdly_large_amounts_are_refused():
    assert parse_euros("10.000.000") == Decimal("10000000.00")
    for value in ("10.000.000,01", "99999999999999999999999", 10**30):
        with pytest.raises(Invalid) as caught:
            parse_euros(value)
        assert caught.value.code == "amount_too_large"
        assert str(caught.value) == (
            "This amount is too large. The highest amount accepted is €10,000,000.00."
        )


def test_the_maximum_can_be_lower_and_is_written_in_the_active_language():
    assert parse_euros("2500", maximum=Decimal("2500")) == Decimal("2500.00")
    with translation.override("nl"), pytest.raises(Invalid) as caught:
        parse_euros("2500,01", maximum=Decimal("2500"))
    assert "€ 2.500,00" in caught.value.details["fields"]["amount"][0]


def test_the_field_name_can_be_chosen():
    with pytest.raises(Invalid) as caught:
        parse_euros("-1", field="max_amount")
    assert caught.value.details["fields"] == {"max_amount": ["The amount cannot be negative."]}


@pytest.mark.parametrize("value", [1.5, True, None, ["1"]])
def test_floats_and_other_types_are_a_programming_error(value):
    with pytest.raises(TypeError):
        parse_euros(value)


@pytest.mark.parametrize(
    ("amount", "language", "expected"),
    [
        (Decimal("1000.50"), "nl", "€ 1.000,50"),
        (Decimal("1000.50"), "fr", "€ 1.000,50"),
        (Decimal("1000.50"), "en", "€1,000.50"),
        (Decimal("1000.50"), "en-gb", "€1,000.50"),
        (Decimal("1234567.891"), "nl", "€ 1.234.567,89"),
        (Decimal("0.005"), "nl", "€ 0,01"),
        (Decimal("5"), "en", "€5.00"),
        (0, "nl", "€ 0,00"),
        (Decimal("999"), "nl", "€ 999,00"),
        (Decimal("-12.5"), "nl", "-€ 12,50"),
        (Decimal("-1250"), "en", "-€1,250.00"),
        (Decimal("1000"), "tr", "€ 1.000,00"),
    ],
)
def test_format_euros(amount, language, expected):
    assert format_euros(amount, language) == expected


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("amount", ["0.01", "12.34", "1000.00", "1234567.89", "10000000.00"])
def test_what_is_written_is_read_back(amount, language):
    assert parse_euros(format_euros(Decimal(amount), language)) == Decimal(amount)


def test_format_euros_without_a_language_uses_the_active_one():
    assert format_euros(Decimal("1250")) == "€1,250.00"
    with translation.override("nl"):
        assert format_euros(Decimal("1250")) == "€ 1.250,00"
