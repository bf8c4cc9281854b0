"""Checking the two public identifiers of an organisation.

* The KBO enterprise number (ondernemingsnummer): 10 digits, starting with 0 or
  1; the last two digits equal 97 minus (the first eight modulo 97). People
  write it as ``0440.966.354``, ``0440966354`` or ``BE 0440 966 354``; we store
  the ten digits.
* The Verenigingsregister code (vCode): ``V`` and seven digits, ``V0001234``.

Each check returns the clean value or raises ``Invalid`` with a sentence that
says what is wrong.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid

_KBO_SEPARATORS = re.compile(r"[\s.\-/]")
_VCODE = re.compile(r"^V[0-9]{7}$")


def _ascii_digits(value: str) -> str:
    """Full-width and other scripts' digits (٠١٢, ０１２) as ASCII digits; the rest as typed."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def kbo_clean(value: str) -> str:
    raw = _KBO_SEPARATORS.sub("", _ascii_digits(value)).upper()
    if raw.startswith("BE"):
        raw = raw[2:]
    if not raw:
        return ""
    if not (raw.isascii() and raw.isdigit()):
        raise Invalid(
            _(
                "An enterprise number holds only digits (with dots, spaces or BE if you like), for example 0440.966.354."
            ),
            fields={"kbo_number": [_("An enterprise number holds only digits.")]},
        )
    if len(raw) == 9:
        # Older numbers were written with nine digits: they start with an implied 0.
        raw = "0" + raw
    if len(raw) != 10:
        message = _("An enterprise number has 10 digits; this one has %(count)d.") % {
            "count": len(raw)
        }
        raise Invalid(message, fields={"kbo_number": [message]})
    if raw[0] not in "01":
        message = _("An enterprise number starts with 0 or 1.")
        raise Invalid(message, fields={"kbo_number": [message]})
    if 97 - int(raw[:8]) % 97 != int(raw[8:]):
        message = _(
            "This enterprise number does not exist: the last two digits do not match "
            "the first eight. Check for a typing error."
        )
        raise Invalid(message, fields={"kbo_number": [message]})
    return raw


def kbo_display(value: str) -> str:
    """``0440966354`` → ``0440.966.354``."""
    if len(value) != 10:
        return value
    return f"{value[:4]}.{value[4:7]}.{value[7:]}"


def vcode_clean(value: str) -> str:
    raw = re.sub(r"\s", "", _ascii_digits(value)).upper()
    if not raw:
        return ""
    if not _VCODE.match(raw):
        message = _("A vCode is the letter V followed by seven digits, for example V0001234.")
        raise Invalid(message, fields={"vcode": [message]})
    return raw
