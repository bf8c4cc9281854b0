"""The two public identifiers: the KBO enterprise number and the vCode."""

from __future__ import annotations

import pytest

from middenveld.core.errors import Invalid
from middenveld.organisations.identifiers import kbo_clean, kbo_display, vcode_clean
from middenveld.organisations.tests.factories import valid_kbo


def _refusal(clean, value: str) -> Invalid:
    with pytest.raises(Invalid) as caught:
        clean(value)
    return caught.value


@pytest.mark.parametrize(
    "typed",
    [
        "0440.966.354",
        "0440966354",
        "BE 0440 966 354",
        "be0440966354",
        "BE0440.966.354",
        " 0440-966-354 ",
        "0440/966/354",
        "440966354",  # the old nine-digit form: an implied leading 0
        "０４４０９６６３５４",  # full-width digits, as some keyboards type them
        "٠٤٤٠٩٦٦٣٥٤",  # Arabic-Indic digits
    ],
)
def test_an_enterprise_number_is_stored_as_its_ten_digits_however_it_is_written(typed):
    assert kbo_clean(typed) == "0440966354"


def test_an_enterprise_number_may_start_with_a_1():
    # 10000000 % 97 = 76, so the check digits are 97 - 76 = 21
    assert kbo_clean("1000.000.021") == "1000000021"


def test_an_empty_enterprise_number_is_no_enterprise_number():
    assert kbo_clean("") == ""
    assert kbo_clean("   ") == ""


def test_an_enterprise_number_with_letters_is_refused_with_a_sentence_saying_only_digits():
    error = _refusal(kbo_clean, "0440.96A.354")
    assert "only digits" in str(error)
    assert error.details["fields"]["kbo_number"]


def test_a_superscript_digit_is_read_as_a_digit_not_a_crash():
    assert kbo_clean("044096635⁴") == "0440966354"


def test_an_enterprise_number_with_eleven_digits_is_refused_with_the_count():
    error = _refusal(kbo_clean, "04409663541")
    assert "10 digits" in str(error)
    assert "11" in str(error)


def test_an_enterprise_number_with_eight_digits_is_refused_with_the_count():
    error = _refusal(kbo_clean, "40966354")
    assert "10 digits" in str(error)
    assert "8" in str(error)


@pytest.mark.parametrize("first", "23456789")
def test_an_enterprise_number_starting_with_2_to_9_is_refused(first):
    first8 = f"{first}4409663"
    number = f"{first8}{97 - int(first8) % 97:02d}"  # check digits right, first digit wrong
    error = _refusal(kbo_clean, number)
    assert "0 or 1" in str(error)


@pytest.mark.parametrize("typed", ["0440.966.355", "0440.966.345", "0441.966.354"])
def test_an_enterprise_number_with_wrong_check_digits_is_refused(typed):
    error = _refusal(kbo_clean, typed)
    assert "last two digits" in str(error)
    assert error.details["fields"]["kbo_number"] == [str(error)]


def test_every_number_made_by_the_factory_helper_is_valid():
    for n in (0, 1, 96, 97, 1234567, 9_999_999):
        assert kbo_clean(valid_kbo(n)) == valid_kbo(n)


def test_an_enterprise_number_is_shown_with_dots():
    assert kbo_display("0440966354") == "0440.966.354"
    assert kbo_display("123") == "123"


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("V0001234", "V0001234"),
        ("v0001234", "V0001234"),
        (" V 0001234 ", "V0001234"),
        ("", ""),
    ],
)
def test_a_vcode_is_stored_in_capitals_without_spaces(typed, clean):
    assert vcode_clean(typed) == clean


@pytest.mark.parametrize(
    "typed",
    [
        "V123",
        "X0001234",
        "V00012345",
        "V000123",
        "0001234",
        "V000123A",
        "V٠٠٠١٢٣",  # six Arabic-Indic digits: one short
    ],
)
def test_a_vcode_that_is_not_v_and_seven_digits_is_refused_with_an_example(typed):
    error = _refusal(vcode_clean, typed)
    assert "letter V followed by seven digits" in str(error)
    assert "V0001234" in str(error)
    assert error.details["fields"]["vcode"] == [str(error)]


def test_a_vcode_in_other_digits_is_stored_with_ascii_digits():
    assert vcode_clean("V٠٠٠١٢٣٤") == "V0001234"
