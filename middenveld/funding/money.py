"""Euro amounts as people type them, read into exact ``Decimal`` values, and written back.

``parse_euros`` turns what a person (or a file, or the API) gives into a ``Decimal``
with exactly two decimals, or raises ``Invalid`` with a sentence that says what to
write instead. It never guesses when a wrong guess would change the amount a
thousand times.

What is accepted
    ``1000``, ``1000,50``, ``1000.50``, ``1.000,50`` (Belgian), ``1,000.50``
    (English), ``1.000.000``, ``1,000,000``, ``1 000,50`` (spaces, non-breaking
    spaces and thin spaces between groups of three), ``€ 1.250``, ``1.250 €``,
    ``EUR 1250``, ``1.000,-`` (whole euros), a leading ``+``. An ``int`` or a
    finite ``Decimal`` is taken as is (``Decimal("10.500")`` is ten and a half).

How a dot or a comma is read, in this order
    1. Both a dot and a comma: the one that comes last is the decimal mark, the
       other separates thousands (``1.000,50`` and ``1,000.50`` are both 1000.50).
    2. One kind of mark, used more than once: it separates thousands
       (``1.000.000``, ``1,000,000``).
    3. One mark, once, followed by one or two digits: the decimal mark
       (``12,5``, ``12.50``).
    4. One dot, once, followed by exactly three digits, with one to three digits
       before it (not a lone ``0``): a thousands separator, as written in Belgium
       (``1.000`` is one thousand, ``12.345`` is 12345). An English reader would
       see three decimals, which no euro amount has.
    5. One comma, once, followed by exactly three digits, with one to three digits
       before it (not a lone ``0``): refused as ambiguous. In Belgium a comma is
       the decimal mark (``2,500`` would be two and a half euros, written with a
       stray zero), in English it separates thousands (two thousand five hundred).
       A factor of a thousand is too much to guess, so the message asks to write
       ``2500`` or ``2,50``.
    Anything else with more than two digits after the mark is refused as too
    precise (``0,500``, ``1000.500``, ``1.000,505``).
    Spaces only ever separate thousands, so with spaces present a single dot or
    comma is the decimal mark (``1 000,000`` has three decimals and is refused).
    Groups of thousands must have three digits (``1.00.000`` is refused).

What is refused (``Invalid``, with ``code``)
    empty (``amount_required``), not a number, ``NaN``, ``Infinity`` or
    exponent notation (``amount_not_a_number``), negative (``amount_negative``),
    more than two digits after the decimal mark (``amount_too_precise``), above
    ``maximum`` (``amount_too_large``), the ambiguous comma of rule 5
    (``amount_ambiguous``). ``float`` and ``bool`` are not amounts (``TypeError``:
    a programming error, not a person's).

``format_euros(amount, language)`` writes ``€1,000.50`` in English and the Belgian
way, ``€ 1.000,50``, in every other language of the platform.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid

__all__ = ["CENT", "MAXIMUM", "format_euros", "parse_euros"]

CENT = Decimal("0.01")
MAXIMUM = Decimal("10000000")

# Regular, non-breaking, narrow non-breaking, thin and figure spaces.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009\u2007]+")
_CURRENCY = re.compile(r"^(?:€|euro|eur)\s*|\s*(?:€|euro|eur)$", re.IGNORECASE)
_SHAPE = re.compile(r"^[0-9][0-9., ]*$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:X[0-9]{3})+$")
# The digits before a single dot that is read as a thousands separator: "1" to "999".
_FIRST_GROUP = re.compile(r"^(?!0)[0-9]{1,3}$")


def parse_euros(
    text: str | int | Decimal,
    *,
    maximum: Decimal = MAXIMUM,
    field: str = "amount",
) -> Decimal:
    """An exact amount in euros with two decimals, or ``Invalid`` (see the module's rules).

    ``field`` names the form field in ``Invalid.details["fields"]``.
    """
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise TypeError(f"parse_euros takes text, an int or a Decimal, not {type(text).__name__}")
    if isinstance(text, str):
        value = _read(text, field)
    else:
        value = Decimal(text)
        if not value.is_finite():
            raise _invalid(_("The amount is not a number."), "amount_not_a_number", field)
    if value < 0:
        raise _invalid(_("The amount cannot be negative."), "amount_negative", field)
    if value > maximum:
        raise _invalid(
            _("This amount is too large. The highest amount accepted is %(maximum)s.")
            % {"maximum": format_euros(maximum)},
            "amount_too_large",
            field,
        )
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise _too_precise(field)
    # ``+ 0`` turns a negative zero ("-0") into 0.00.
    return value.quantize(CENT) + 0


def format_euros(amount: Decimal | int, language: str | None = None) -> str:
    """``€1,000.50`` in English, ``€ 1.000,50`` in Dutch, French and the other languages.

    Without ``language``, the active language.
    """
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    digits = format(abs(value), ",.2f")  # "1,000.50"
    if (language or _language()).lower().startswith("en"):
        return f"{sign}€{digits}"
    belgian = digits.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{sign}€ {belgian}"


def _read(text: str, field: str) -> Decimal:
    cleaned = _SPACES.sub(" ", text).strip()
    if not cleaned:
        raise _invalid(_("Enter an amount."), "amount_required", field)
    negative = False
    for _round in range(2):  # "-€ 5", "€ -5", "+5 EUR"
        cleaned = _CURRENCY.sub("", cleaned).strip()
        if cleaned[:1] in ("-", "\u2212", "+"):
            negative = negative or cleaned[0] != "+"
            cleaned = cleaned[1:].strip()
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-2] + ",00" if cleaned.endswith(",-") else cleaned[:-2] + ".00"
    if not cleaned:
        raise _invalid(_("Enter an amount."), "amount_required", field)
    if not _SHAPE.match(cleaned):
        raise _not_a_number(text, field)
    value = _digits(cleaned, text, field)
    if negative and value != 0:
        raise _invalid(_("The amount cannot be negative."), "amount_negative", field)
    return value


def _digits(cleaned: str, original: str, field: str) -> Decimal:
    """``cleaned`` has only digits, dots, commas and single spaces, and starts with a digit."""
    dots, commas, spaced = cleaned.count("."), cleaned.count(","), " " in cleaned
    if cleaned[-1] in ".,":
        raise _not_a_number(original, field)
    fraction = ""
    if dots and commas:
        mark = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
        if cleaned.count(mark) > 1 or spaced:
            raise _not_a_number(original, field)
        whole, fraction = cleaned.split(mark)
        whole = _ungroup(whole, "," if mark == "." else ".", original, field)
    elif dots + commas > 1:
        if spaced:
            raise _not_a_number(original, field)
        whole = _ungroup(cleaned, "." if dots else ",", original, field)
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, fraction = cleaned.split(mark)
        if spaced:
            whole = _ungroup(whole, " ", original, field)
        elif len(fraction) == 3 and _FIRST_GROUP.match(whole) and fraction.isdigit():
            if mark == ",":
                raise _ambiguous(original, whole, fraction, field)
            whole, fraction = whole + fraction, ""
    else:
        whole = _ungroup(cleaned, " ", original, field) if spaced else cleaned
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise _not_a_number(original, field)
    if len(fraction) > 2:
        raise _too_precise(field)
    return Decimal(f"{whole}.{fraction or '0'}")


def _ungroup(text: str, separator: str, original: str, field: str) -> str:
    """``1.000.000`` → ``1000000``; refuses groups that are not three digits."""
    if separator not in text:
        return text
    if not _GROUPED.match(text.replace(separator, "X")):
        raise _not_a_number(original, field)
    return text.replace(separator, "")


def _language() -> str:
    return get_language() or "nl"


def _invalid(message: str, code: str, field: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def _not_a_number(original: str, field: str) -> Invalid:
    return _invalid(
        _("“%(text)s” is not an amount we can read. Write it like 1250 or 1250,50.")
        % {"text": original.strip()[:40]},
        "amount_not_a_number",
        field,
    )


def _too_precise(field: str) -> Invalid:
    return _invalid(
        _("An amount has at most two digits after the comma or point (the cents)."),
        "amount_too_precise",
        field,
    )


def _ambiguous(original: str, whole: str, fraction: str, field: str) -> Invalid:
    return _invalid(
        _(
            "“%(text)s” can be read in two ways. Write %(whole)s for a whole amount, "
            "or use two digits after the comma for cents, such as %(cents)s."
        )
        % {
            "text": original.strip()[:40],
            "whole": f"{whole}{fraction}",
            "cents": f"{whole},{fraction[:2]}",
        },
        "amount_ambiguous",
        field,
    )
