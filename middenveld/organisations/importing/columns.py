"""The columns of an import file: ``Column``, ``COLUMNS`` with their aliases, and
``header_key``, which compares a column name in a file with them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy

from middenveld.organisations.models import AddressKind
from middenveld.organisations.text import fold


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Promise
    aliases: tuple[str, ...] = ()


ADDRESS_PARTS: tuple[tuple[str, tuple[str, ...], str | Promise], ...] = (
    ("street", ("straat",), gettext_lazy("street")),
    ("number", ("nummer", "huisnummer", "nr"), gettext_lazy("house number")),
    ("box", ("bus", "busnummer"), gettext_lazy("box")),
    ("postal_code", ("postcode",), gettext_lazy("postal code (four digits)")),
    ("municipality", ("gemeente", "stad", "city"), gettext_lazy("municipality")),
)
ADDRESS_KINDS: tuple[tuple[str, tuple[str, ...], str | Promise], ...] = (
    (
        AddressKind.ACTIVITY.value,
        ("activiteit", "activiteitsadres", "activiteiten"),
        gettext_lazy("Where the organisation is active: %(part)s."),
    ),
    (
        AddressKind.CORRESPONDENCE.value,
        ("correspondentie", "correspondentieadres", "post"),
        gettext_lazy("Address for letters: %(part)s."),
    ),
)


def _address_sentence(sentence: str | Promise, part: str | Promise) -> str:
    return str(sentence) % {"part": str(part)}


_address_sentence_lazy = lazy(_address_sentence, str)


def _address_columns() -> list[Column]:
    columns = []
    for kind, kind_aliases, sentence in ADDRESS_KINDS:
        for part, part_aliases, label in ADDRESS_PARTS:
            aliases = tuple(
                f"{prefix}_{word}"
                for prefix in (kind, *kind_aliases)
                for word in (part, *part_aliases)
                if (prefix, word) != (kind, part)
            )
            columns.append(
                Column(f"{kind}_{part}", _address_sentence_lazy(sentence, label), aliases)
            )
    return columns


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        gettext_lazy("Name of the organisation. Required; at most 200 characters."),
        ("naam", "organisation", "organisatie"),
    ),
    Column(
        "alternative_name",
        gettext_lazy("Other name or abbreviation."),
        ("andere_naam", "afkorting", "roepnaam"),
    ),
    Column(
        "legal_form",
        gettext_lazy("Legal form: one of the codes below. Required for a new organisation."),
        ("rechtsvorm", "juridische_vorm"),
    ),
    Column(
        "kbo_number",
        gettext_lazy("Enterprise number (KBO), for example 0440.966.354."),
        ("kbo", "kbo_nummer", "ondernemingsnummer", "enterprise_number"),
    ),
    Column(
        "vcode",
        gettext_lazy("Verenigingsregister code: V and seven digits, for example V0001234."),
        ("v_code",),
    ),
    Column(
        "slug",
        gettext_lazy(
            "The organisation's web address on this site, as exported. Only used to "
            "recognise an organisation; an import never changes it."
        ),
    ),
    Column(
        "description",
        gettext_lazy("What the organisation does; at most 3000 characters."),
        ("beschrijving", "omschrijving", "wat_we_doen"),
    ),
    Column(
        "working_forms",
        gettext_lazy(
            "What the organisation does: codes from the list below, separated by a comma "
            "or a semicolon. At least one for a new organisation."
        ),
        ("werkvormen", "werkvorm"),
    ),
    Column(
        "target_groups",
        gettext_lazy("For whom: codes or names from the list below, separated by , or ;."),
        ("doelgroepen", "doelgroep"),
    ),
    Column(
        "districts",
        gettext_lazy("Where: district names or codes from the list below, separated by , or ;."),
        ("wijken", "wijk"),
    ),
    Column(
        "languages",
        gettext_lazy("Languages: codes such as nl, fr, ar, separated by , or ;."),
        ("talen", "taal"),
    ),
    Column(
        "is_self_organisation",
        gettext_lazy("Self-organisation: yes or no (also ja/nee, 1/0, true/false). Empty: no."),
        ("zelforganisatie", "self_organisation"),
    ),
    Column(
        "public_email",
        gettext_lazy("Public e-mail address."),
        ("email", "e_mail", "e_mailadres", "emailadres"),
    ),
    Column(
        "public_phone",
        gettext_lazy("Public phone number."),
        ("phone", "telefoon", "telefoonnummer"),
    ),
    Column("website", gettext_lazy("Website."), ("webadres", "webpagina")),
    *_address_columns(),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

_HEADER_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """``"KBO-nummer "`` → ``"kbo_nummer"``: how a column name in a file is compared."""
    return _HEADER_NON_WORD.sub("_", fold(text)).strip("_")


ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.name, *_column.aliases):
        ALIASES.setdefault(header_key(_alias), _column.name)
