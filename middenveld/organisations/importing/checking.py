"""The reference lists (target groups, districts, languages) and checking one row of a
file into ``Values``, with the same checks as the registration forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from middenveld.core.errors import Invalid
from middenveld.core.models import District
from middenveld.organisations.identifiers import kbo_clean, vcode_clean
from middenveld.organisations.importing.columns import ADDRESS_KINDS, ADDRESS_PARTS
from middenveld.organisations.importing.reading import RawRow
from middenveld.organisations.importing.report import ImportRow, RowError
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    WORKING_FORMS,
    Address,
    Language,
    LegalForm,
    Organisation,
    TargetGroup,
)
from middenveld.organisations.services import (
    DESCRIPTION_MAX,
    AddressIn,
    address_clean,
    email_clean,
    legal_form_clean,
    phone_clean,
    text_clean,
    website_clean,
)
from middenveld.organisations.text import name_clean, search_fold

# --- Reference lists ---------------------------------------------------------------------------


@dataclass
class _Choice:
    pk: int
    code: str
    search_name: str  # what search_text takes from it
    order: tuple[Any, ...]


@dataclass
class References:
    target_groups: dict[str, _Choice]
    districts: dict[str, _Choice]
    languages: dict[str, _Choice]
    by_pk: dict[str, dict[int, _Choice]]

    @classmethod
    def load(cls) -> References:
        language_codes = [code for code, _name in settings.LANGUAGES]
        groups: dict[str, _Choice] = {}
        for group in TargetGroup.objects.all():
            choice = _Choice(
                group.pk,
                group.code,
                getattr(group, "name_nl", "") or group.name,
                (group.order, group.code),  # type: ignore[attr-defined]
            )
            names = [getattr(group, f"name_{code}", "") for code in language_codes]
            _index(groups, choice, [group.code], names)
        districts: dict[str, _Choice] = {}
        for district in District.objects.all():
            choice = _Choice(district.pk, district.slug, district.name, (district.name,))
            _index(districts, choice, [district.slug, district.code], [district.name])
        languages: dict[str, _Choice] = {}
        for language in Language.objects.all():
            choice = _Choice(language.pk, language.code, "", (language.order, language.code))
            names = [getattr(language, f"name_{code}", "") for code in language_codes]
            _index(languages, choice, [language.code], names)
        by_pk = {
            relation: {choice.pk: choice for choice in index.values()}
            for relation, index in (
                ("target_groups", groups),
                ("districts", districts),
                ("languages", languages),
            )
        }
        return cls(groups, districts, languages, by_pk)


def _index(index: dict[str, _Choice], choice: _Choice, codes: list[str], names: list[str]) -> None:
    # Codes win over names: a name in one language never hides another entry's code.
    for code in codes:
        if code:
            index[search_fold(code)] = choice
    for name in names:
        if name:
            index.setdefault(search_fold(name), choice)


def reference_lists() -> dict[str, list[tuple[str, str]]]:
    """The codes a file may use, with their names: shown on the import page."""
    return {
        "legal_forms": [(value, str(label)) for value, label in LegalForm.choices],
        "working_forms": [(code, str(label)) for code, _field, label in WORKING_FORMS],
        "target_groups": [(g.code, g.name) for g in TargetGroup.objects.all()],
        "districts": [(d.slug, d.name) for d in District.objects.all()],
        "languages": [(lang.code, lang.name) for lang in Language.objects.all()],
    }


# --- Checking one row --------------------------------------------------------------------------

_SPLIT = re.compile(r"[;,\n]")
_TRUE = frozenset({"ja", "j", "yes", "y", "1", "true", "waar", "x"})
_FALSE = frozenset({"nee", "n", "no", "0", "false", "onwaar", ""})
SLUG_MAX: int = getattr(Organisation._meta.get_field("slug"), "max_length", 220)
_ADDRESS_MAX = {
    part: getattr(Address._meta.get_field(part), "max_length", 0) for part, _a, _l in ADDRESS_PARTS
}
RELATIONS = ("target_groups", "districts", "languages")
_LEGAL_FORMS = frozenset(LegalForm.values)
# Lists repeat the same few codes on every row: fold each distinct one once.
_fold_code = lru_cache(maxsize=4096)(search_fold)
T = TypeVar("T")


@dataclass
class Values:
    name: str = ""
    kbo: str = ""
    vcode: str = ""
    slug: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # model field → value
    forms: list[str] | None = None  # None: column not in the file
    relations: dict[str, set[int]] = field(default_factory=dict)
    addresses: dict[str, AddressIn | None] = field(default_factory=dict)


@dataclass
class Plan:
    row: ImportRow
    values: Values
    key: str = ""  # name_key, for a row without identifiers
    target: int | None = None  # the organisation it changes; None: a new one
    changes: dict[str, Any] = field(default_factory=dict)
    relation_changes: dict[str, set[int]] = field(default_factory=dict)
    address_changes: dict[str, AddressIn | None] = field(default_factory=dict)

    @property
    def pk(self) -> int:
        """The organisation an update row changes."""
        assert self.target is not None
        return self.target


def _split(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text) if part.strip()]


class RowChecker:
    def __init__(self, columns: list[str], refs: References) -> None:
        self.columns = set(columns)
        self.refs = refs

    def check(self, raw: RawRow) -> tuple[Values, list[RowError]]:
        cells = raw.cells
        errors = list(raw.errors)
        values = Values()

        def attempt(column: str, check: Callable[[], T]) -> T | None:
            try:
                return check()
            except Invalid as exc:
                errors.append(RowError(column, str(exc.message)))
                return None

        refused = {error.column for error in raw.errors}  # formulas

        def given(column: str) -> bool:
            return column in self.columns and column not in refused

        if given("name"):
            values.name = attempt("name", lambda: name_clean(cells["name"])) or ""
        if given("alternative_name"):
            alternative = attempt(
                "alternative_name",
                lambda: name_clean(
                    cells["alternative_name"], field="alternative_name", required=False
                ),
            )
            if alternative is not None:
                values.fields["alternative_name"] = alternative
        if given("legal_form") and cells["legal_form"].strip():
            code = cells["legal_form"].strip().upper()
            legal_form = (
                code
                if code in _LEGAL_FORMS
                else attempt("legal_form", lambda: legal_form_clean(code))
            )
            if legal_form is None:
                errors[-1] = RowError(
                    "legal_form",
                    errors[-1].message
                    + " "
                    + _("Use one of these codes: %(codes)s.")
                    % {"codes": ", ".join(LegalForm.values)},
                )
            else:
                values.fields["legal_form"] = legal_form
        if given("kbo_number"):
            values.kbo = attempt("kbo_number", lambda: kbo_clean(cells["kbo_number"])) or ""
        if given("vcode"):
            values.vcode = attempt("vcode", lambda: vcode_clean(cells["vcode"])) or ""
        if given("slug"):
            values.slug = self._slug(cells["slug"], errors)
        if given("description"):
            description = attempt(
                "description",
                lambda: text_clean(
                    cells["description"], field="description", max_length=DESCRIPTION_MAX
                ),
            )
            if description is not None:
                values.fields["description"] = description
        if given("working_forms"):
            values.forms = self._forms(cells["working_forms"], errors)
        for relation in RELATIONS:
            if given(relation):
                ids = self._choices(relation, cells[relation], errors)
                if ids is not None:
                    values.relations[relation] = ids
        if given("is_self_organisation"):
            flag = self._flag(cells["is_self_organisation"], errors)
            if flag is not None:
                values.fields["is_self_organisation"] = flag
        if given("public_email"):
            email = attempt(
                "public_email",
                lambda: email_clean(cells["public_email"]),
            )
            if email is not None:
                values.fields["public_email"] = email
        if given("public_phone"):
            phone = attempt("public_phone", lambda: phone_clean(cells["public_phone"]))
            if phone is not None:
                values.fields["public_phone"] = phone
        if given("website"):
            website = attempt("website", lambda: website_clean(cells["website"]))
            if website is not None:
                values.fields["website"] = website
        for kind, _aliases, _sentence in ADDRESS_KINDS:
            self._address(kind, cells, given, values, errors)
        return values, errors

    def _slug(self, text: str, errors: list[RowError]) -> str:
        slug = text.strip()
        if slug and (slug != slugify(slug) or len(slug) > SLUG_MAX):
            errors.append(
                RowError(
                    "slug",
                    _(
                        "A web address (slug) holds only lower-case letters, digits and "
                        "hyphens, at most %(max)d characters."
                    )
                    % {"max": SLUG_MAX},
                )
            )
            return ""
        return slug

    def _forms(self, text: str, errors: list[RowError]) -> list[str] | None:
        codes = [_fold_code(part) for part in _split(text)]
        unknown = [code for code in codes if code not in WORKING_FORM_FIELDS]
        if unknown:
            errors.append(
                RowError(
                    "working_forms",
                    _("Unknown working form: %(values)s. Use one or more of: %(codes)s.")
                    % {"values": ", ".join(unknown), "codes": ", ".join(WORKING_FORM_FIELDS)},
                )
            )
            return None
        return list(dict.fromkeys(codes))

    def _choices(self, relation: str, text: str, errors: list[RowError]) -> set[int] | None:
        index: dict[str, _Choice] = getattr(self.refs, relation)
        parts = _split(text)
        unknown = [part for part in parts if _fold_code(part) not in index]
        if unknown:
            messages = {
                "target_groups": _(
                    "Unknown target group: %(values)s. The import page lists the codes you can use."
                ),
                "districts": _(
                    "Unknown district: %(values)s. Use the district's name or the code from "
                    "the import page."
                ),
                "languages": _(
                    "Unknown language: %(values)s. Use language codes such as nl, fr or ar."
                ),
            }
            errors.append(
                RowError(relation, messages[relation] % {"values": ", ".join(unknown)[:200]})
            )
            return None
        return {index[_fold_code(part)].pk for part in parts}

    def _flag(self, text: str, errors: list[RowError]) -> bool | None:
        word = _fold_code(text)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        errors.append(
            RowError(
                "is_self_organisation",
                _("Write yes or no (or ja/nee, 1/0, true/false); not %(value)s.")
                % {"value": text.strip()[:40]},
            )
        )
        return None

    def _address(
        self,
        kind: str,
        cells: dict[str, str],
        given: Callable[[str], bool],
        values: Values,
        errors: list[RowError],
    ) -> None:
        columns = [f"{kind}_{part}" for part, _a, _l in ADDRESS_PARTS]
        if not any(column in self.columns for column in columns):
            return
        if not all(given(column) for column in columns if column in self.columns):
            return  # a formula was refused in one of its cells
        parts = {part: cells.get(f"{kind}_{part}", "") for part, _a, _l in ADDRESS_PARTS}
        if not any(text.strip() for text in parts.values()):
            values.addresses[kind] = None  # what address_clean says of an empty address
            return
        # address_clean cuts overlong parts short; an import refuses them instead.
        too_long = False
        for part, text in parts.items():
            if len(text) <= _ADDRESS_MAX[part]:
                continue  # tidying never makes a text longer
            try:
                text_clean(text, field=part, max_length=_ADDRESS_MAX[part])
            except Invalid as exc:
                errors.append(RowError(f"{kind}_{part}", str(exc.message)))
                too_long = True
        if too_long:
            return
        try:
            values.addresses[kind] = address_clean(AddressIn(**parts), kind)
        except Invalid as exc:
            fields = list(exc.details.get("fields", {})) or [columns[0]]
            errors.append(RowError(", ".join(fields), str(exc.message)))
