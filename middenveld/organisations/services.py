"""Registering and keeping an organisation's profile; the city's verification.

Every page, API endpoint, admin action and import calls these. They take plain
keyword arguments, check the rule, change the data in one transaction, record
the timeline event and raise a ``DomainError`` with a sentence on refusal.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.core.mail import send_templated_mail
from middenveld.core.models import District
from middenveld.core.uploads import document_check, image_check
from middenveld.organisations.identifiers import kbo_clean, vcode_clean
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    Address,
    AddressKind,
    Language,
    LegalForm,
    MemberRole,
    Membership,
    Organisation,
    Status,
    TargetGroup,
)
from middenveld.organisations.text import name_clean, name_key, search_fold, text_tidy
from middenveld.organisations.timeline import timeline_record

DESCRIPTION_MAX = 3000


class DuplicateIdentifier(Conflict):
    """The KBO number or vCode belongs to an organisation already in the register."""

    code = "duplicate_identifier"

    def __init__(self, *, organisation: Organisation, field: str) -> None:
        details: dict[str, Any] = {"field": field}
        public = organisation.status == Status.VERIFIED
        if public:
            details.update(organisation=organisation.slug, organisation_id=organisation.pk)
        # Whole sentences per identifier: the words around it change with it in other languages.
        # A hidden organisation is never named to someone who only knows the number.
        if field == "kbo_number" and public:
            message = _(
                "An organisation with this enterprise number is already registered: %(name)s. "
                "You can ask to join it instead."
            ) % {"name": organisation.name}
        elif field == "kbo_number":
            message = _(
                "An organisation with this enterprise number is already registered, but it is "
                "not public yet. Is it yours? Ask the person who registered it to invite you."
            )
        elif public:
            message = _(
                "An organisation with this vCode is already registered: %(name)s. "
                "You can ask to join it instead."
            ) % {"name": organisation.name}
        else:
            message = _(
                "An organisation with this vCode is already registered, but it is not public "
                "yet. Is it yours? Ask the person who registered it to invite you."
            )
        super().__init__(message, details=details)
        self.organisation = organisation
        self.field = field


class SimilarName(Conflict):
    """A very similar name exists in the same district. Confirm to save anyway."""

    code = "similar_name"

    def __init__(self, *, similar: list[Organisation]) -> None:
        names = ", ".join(o.name for o in similar[:3])
        message = _(
            "An organisation with a very similar name is active in the same district: "
            "%(names)s. Is it yours? Then ask to join it. Is it another one? Then confirm "
            "and save again."
        ) % {"names": names}
        super().__init__(message, details={"similar": [o.slug for o in similar[:3]]})
        self.similar = similar


@dataclass(frozen=True)
class AddressIn:
    street: str
    number: str
    postal_code: str
    municipality: str
    box: str = ""


# --- Derived fields ------------------------------------------------------------------


def search_text_for(organisation: Organisation) -> str:
    parts: list[str] = [organisation.name, organisation.alternative_name, organisation.description]
    # The Dutch name: search_text is matched with PostgreSQL's Dutch text search.
    parts += [getattr(g, "name_nl", "") or g.name for g in organisation.target_groups.all()]
    parts += [d.name for d in organisation.districts.all()]
    return search_fold(" ".join(p for p in parts if p))


def organisation_refresh_derived(organisation: Organisation) -> None:
    organisation.name_key = name_key(organisation.name)[:200]
    organisation.search_text = search_text_for(organisation)
    Organisation.objects.filter(pk=organisation.pk).update(
        name_key=organisation.name_key, search_text=organisation.search_text
    )


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:200] or "organisatie"
    slug, n = base, 1
    taken = Organisation.objects.exclude(pk=exclude_pk or 0)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Checks ----------------------------------------------------------------------------


def _identifier_owner(field: str, value: str, exclude_pk: int | None) -> Organisation | None:
    if not value:
        return None
    return Organisation.objects.filter(**{field: value}).exclude(pk=exclude_pk or 0).first()


def identifiers_check(
    *, kbo_number: str = "", vcode: str = "", exclude_pk: int | None = None
) -> tuple[str, str]:
    """Clean both identifiers; refuse a wrong one or one that another organisation has."""
    kbo = kbo_clean(kbo_number)
    code = vcode_clean(vcode)
    for field, value in (("kbo_number", kbo), ("vcode", code)):
        owner = _identifier_owner(field, value, exclude_pk)
        if owner is not None:
            raise DuplicateIdentifier(organisation=owner, field=field)
    return kbo, code


def similar_organisations(
    *, name: str, district_ids: Iterable[int], exclude_pk: int | None = None
) -> list[Organisation]:
    """Organisations in one of the districts whose name is (almost) the same once folded."""
    key = name_key(name)
    district_ids = list(district_ids)
    if not key or not district_ids:
        return []
    candidates = (
        # Only public organisations: a warning must not reveal someone else's draft.
        Organisation.objects.filter(districts__in=district_ids, status=Status.VERIFIED)
        .exclude(pk=exclude_pk or 0)
        .distinct()
        .only("pk", "name", "slug", "name_key")
    )
    found = []
    for other in candidates.iterator(chunk_size=500):
        if other.name_key == key:
            found.append(other)
            continue
        matcher = difflib.SequenceMatcher(None, key, other.name_key)
        if (
            matcher.real_quick_ratio() >= 0.9
            and matcher.quick_ratio() >= 0.9
            and matcher.ratio() >= 0.9
        ):
            found.append(other)
    return found


def legal_form_clean(value: str) -> str:
    if value not in LegalForm.values:
        message = _("Choose a legal form from the list.")
        raise Invalid(message, fields={"legal_form": [message]})
    return value


def text_clean(value: str, *, field: str, max_length: int) -> str:
    value = text_tidy(value, multiline=True)
    if len(value) > max_length:
        message = _("This text can have at most %(max)d characters; it has %(count)d.") % {
            "max": max_length,
            "count": len(value),
        }
        raise Invalid(message, fields={field: [message]})
    return value


EMAIL_MAX = 254  # the model field's max_length; the validator alone allows 320


def email_clean(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            EmailValidator()(value)
            if len(value) > EMAIL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            message = _("This is not a valid e-mail address.")
            raise Invalid(message, fields={"public_email": [message]}) from None
    return value.lower()


def website_clean(value: str) -> str:
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    if value:
        try:
            if not value.isprintable():  # control characters (PostgreSQL refuses NUL)
                raise ValidationError("control characters")
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            message = _("This is not a valid web address. Write it like https://www.example.be.")
            raise Invalid(message, fields={"website": [message]}) from None
        if len(value) > 300:
            message = _("This web address is too long.")
            raise Invalid(message, fields={"website": [message]})
    return value


def phone_clean(value: str) -> str:
    value = " ".join((value or "").split())
    allowed = set("0123456789+()/.- ")
    if value and (
        not set(value) <= allowed or sum(ch.isdigit() for ch in value) < 6 or len(value) > 30
    ):
        message = _("This is not a valid phone number. Use digits, spaces and + only.")
        raise Invalid(message, fields={"public_phone": [message]})
    return value


def _require(user: Any, rule: str, organisation: Organisation | None = None) -> None:
    decision = rules.check(rule, user, organisation)
    if not decision:
        raise Forbidden(decision.reason or None)


def _save(organisation: Organisation) -> None:
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Two people registering the same identifier at the same moment: the
        # unique constraint decides; the loser gets the same answer as a duplicate.
        for field in ("kbo_number", "vcode"):
            owner = _identifier_owner(field, getattr(organisation, field) or "", organisation.pk)
            if owner is not None:
                raise DuplicateIdentifier(organisation=owner, field=field) from None
        raise Conflict() from None


# --- Register and edit -------------------------------------------------------------------


@transaction.atomic
def organisation_register(
    *,
    user: Any,
    name: str,
    legal_form: str,
    alternative_name: str = "",
    kbo_number: str = "",
    vcode: str = "",
) -> Organisation:
    """Step 1: a new draft with its names and identifiers; the person becomes its admin."""
    _require(user, "organisations.register")
    name = name_clean(name)
    alternative_name = name_clean(alternative_name, field="alternative_name", required=False)
    legal_form = legal_form_clean(legal_form)
    kbo, code = identifiers_check(kbo_number=kbo_number, vcode=vcode)
    organisation = Organisation(
        name=name,
        alternative_name=alternative_name,
        legal_form=legal_form,
        kbo_number=kbo or None,
        vcode=code or None,
        slug=_unique_slug(name),
        created_by=user,
        name_key=name_key(name)[:200],
    )
    _save(organisation)
    Membership.objects.create(organisation=organisation, user=user, role=MemberRole.ADMIN)
    organisation_refresh_derived(organisation)
    timeline_record(organisation=organisation, kind="organisations.registered", actor=user)
    return organisation


IDENTITY_FIELDS = ("name", "alternative_name", "legal_form", "kbo_number", "vcode")


@transaction.atomic
def organisation_identity_update(
    *,
    organisation: Organisation,
    user: Any,
    name: str,
    legal_form: str,
    alternative_name: str = "",
    kbo_number: str = "",
    vcode: str = "",
    confirm_similar: bool = False,
) -> Organisation:
    _require(user, "organisations.edit", organisation)
    name = name_clean(name)
    alternative_name = name_clean(alternative_name, field="alternative_name", required=False)
    legal_form = legal_form_clean(legal_form)
    kbo, code = identifiers_check(kbo_number=kbo_number, vcode=vcode, exclude_pk=organisation.pk)
    if not confirm_similar and name_key(name) != organisation.name_key:
        similar = similar_organisations(
            name=name,
            district_ids=organisation.districts.values_list("pk", flat=True),
            exclude_pk=organisation.pk,
        )
        if similar:
            raise SimilarName(similar=similar)
    return _apply(
        organisation,
        user,
        {
            "name": name,
            "alternative_name": alternative_name,
            "legal_form": legal_form,
            "kbo_number": kbo or None,
            "vcode": code or None,
        },
    )


def _apply(organisation: Organisation, user: Any, values: Mapping[str, Any]) -> Organisation:
    changed = [f for f, v in values.items() if getattr(organisation, f) != v]
    for field, value in values.items():
        setattr(organisation, field, value)
    if changed:
        _save(organisation)
        organisation_refresh_derived(organisation)
        if organisation.status != Status.DRAFT:
            labels = [
                str(getattr(Organisation._meta.get_field(f), "verbose_name", f)) for f in changed
            ]
            timeline_record(
                organisation=organisation,
                kind="organisations.profile_changed",
                actor=user,
                data={"fields": ", ".join(labels)},
            )
    return organisation


def _pick(model: Any, codes: Iterable[str], *, field: str, key: str = "code") -> list[Any]:
    codes = [c for c in dict.fromkeys(codes) if c]
    found = list(model.objects.filter(**{f"{key}__in": codes}))
    if len(found) != len(codes):
        message = _("Choose only from the list.")
        raise Invalid(message, fields={field: [message]})
    return found


@transaction.atomic
def organisation_work_update(
    *,
    organisation: Organisation,
    user: Any,
    working_forms: Iterable[str],
    target_groups: Iterable[str] = (),
    districts: Iterable[str] = (),
    languages: Iterable[str] = (),
    is_self_organisation: bool = False,
    description: str = "",
    confirm_similar: bool = False,
) -> Organisation:
    """Step 2: what the organisation does, for whom, where and in which languages."""
    _require(user, "organisations.edit", organisation)
    forms = [f for f in dict.fromkeys(working_forms) if f]
    unknown = [f for f in forms if f not in WORKING_FORM_FIELDS]
    if unknown or not forms:
        message = _("Choose at least one thing your organisation does.")
        raise Invalid(message, fields={"working_forms": [message]})
    groups = _pick(TargetGroup, target_groups, field="target_groups")
    district_list = _pick(District, districts, field="districts", key="slug")
    language_list = _pick(Language, languages, field="languages")
    description = text_clean(description, field="description", max_length=DESCRIPTION_MAX)
    new_ids = {d.pk for d in district_list}
    old_ids = set(organisation.districts.values_list("pk", flat=True))
    if not confirm_similar and new_ids - old_ids:
        similar = similar_organisations(
            name=organisation.name, district_ids=new_ids - old_ids, exclude_pk=organisation.pk
        )
        if similar:
            raise SimilarName(similar=similar)
    values: dict[str, Any] = {field: (code in forms) for code, field in WORKING_FORM_FIELDS.items()}
    values["is_self_organisation"] = bool(is_self_organisation)
    values["description"] = description
    organisation.target_groups.set(groups)
    organisation.districts.set(district_list)
    organisation.languages.set(language_list)
    _apply(organisation, user, values)
    organisation_refresh_derived(organisation)
    return organisation


def address_clean(address: AddressIn | None, kind: str) -> AddressIn | None:
    if address is None:
        return None
    parts = {
        "street": text_tidy(address.street)[:120],
        "number": text_tidy(address.number)[:12],
        "box": text_tidy(address.box)[:12],
        "postal_code": "".join(text_tidy(address.postal_code).split())[:10],
        "municipality": text_tidy(address.municipality)[:80],
    }
    if not any(parts.values()):
        return None
    missing = [f for f in ("street", "number", "postal_code", "municipality") if not parts[f]]
    if missing:
        message = _("Fill in the street, house number, postal code and municipality.")
        raise Invalid(message, fields={f"{kind}_{f}": [message] for f in missing})
    postal_code = parts["postal_code"]
    if not (postal_code.isascii() and postal_code.isdigit()) or len(postal_code) != 4:
        message = _("A Belgian postal code has four digits, for example 9000.")
        raise Invalid(message, fields={f"{kind}_postal_code": [message]})
    return AddressIn(**parts)


@transaction.atomic
def organisation_contact_update(
    *,
    organisation: Organisation,
    user: Any,
    activity_address: AddressIn | None = None,
    correspondence_address: AddressIn | None = None,
    public_email: str = "",
    public_phone: str = "",
    website: str = "",
) -> Organisation:
    """Step 3: addresses and public contact channels."""
    _require(user, "organisations.edit", organisation)
    addresses = {
        AddressKind.ACTIVITY: address_clean(activity_address, "activity"),
        AddressKind.CORRESPONDENCE: address_clean(correspondence_address, "correspondence"),
    }
    values = {
        "public_email": email_clean(public_email),
        "public_phone": phone_clean(public_phone),
        "website": website_clean(website),
    }
    for kind, address in addresses.items():
        if address is None:
            Address.objects.filter(organisation=organisation, kind=kind).delete()
        else:
            Address.objects.update_or_create(
                organisation=organisation, kind=kind, defaults=address.__dict__
            )
    return _apply(organisation, user, values)


@transaction.atomic
def organisation_files_update(
    *,
    organisation: Organisation,
    user: Any,
    logo: Any = None,
    statutes: Any = None,
    remove_logo: bool = False,
    remove_statutes: bool = False,
) -> Organisation:
    """Step 4: logo (PNG, JPEG, WebP) and statutes (PDF, ODT, DOCX), checked by content."""
    _require(user, "organisations.edit", organisation)
    if logo is not None:
        kind = image_check(logo, field="logo")
        organisation.logo.save(
            f"{organisation.slug}.{'jpg' if kind == 'jpeg' else kind}", logo, save=False
        )
    elif remove_logo:
        organisation.logo = ""  # type: ignore[assignment]
    if statutes is not None:
        kind = document_check(statutes, field="statutes")
        organisation.statutes.save(f"{organisation.slug}-statuten.{kind}", statutes, save=False)
    elif remove_statutes:
        organisation.statutes = ""  # type: ignore[assignment]
    organisation.save()
    return organisation


# --- Submission and verification ---------------------------------------------------------


def submission_problems(organisation: Organisation) -> list[str]:
    """What is still missing before the city can verify the registration."""
    problems = []
    if not organisation.working_form_codes:
        problems.append(_("Say what your organisation does."))
    if not organisation.districts.exists():
        problems.append(_("Choose at least one district where you are active."))
    if not organisation.addresses.exists():
        problems.append(_("Give at least one address."))
    if not (organisation.public_email or organisation.public_phone or organisation.website):
        problems.append(_("Give at least one way to reach you: e-mail, phone or website."))
    return problems


@transaction.atomic
def organisation_submit(*, organisation: Organisation, user: Any) -> Organisation:
    _require(user, "organisations.manage_members", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status not in (Status.DRAFT, Status.REJECTED):
        raise Conflict(_("This registration has already been sent."))
    problems = submission_problems(organisation)
    if problems:
        raise Invalid(" ".join(problems), details={"problems": problems})
    organisation.status = Status.SUBMITTED
    organisation.submitted_at = timezone.now()
    organisation.save(update_fields=["status", "submitted_at", "updated_at"])
    timeline_record(organisation=organisation, kind="organisations.submitted", actor=user)
    return organisation


def _admins(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in organisation.memberships.filter(
            role=MemberRole.ADMIN, user__is_active=True
        ).select_related("user")
    ]


def _mail_admins(organisation: Organisation, template: str, context: dict[str, Any]) -> None:
    for admin in _admins(organisation):
        send_templated_mail(
            to=admin.email,
            template=template,
            context={"organisation": organisation, "name": admin.name, **context},
            language=admin.language,
        )


def _locked_for_decision(organisation: Organisation) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != Status.SUBMITTED:
        raise Conflict(_("This registration is not waiting for verification (any more)."))
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, staff: Any) -> Organisation:
    _require(staff, "organisations.verify", organisation)
    organisation = _locked_for_decision(organisation)
    organisation.status = Status.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.verified_by = staff
    organisation.rejection_reason = ""
    organisation.save()
    timeline_record(organisation=organisation, kind="organisations.verified", actor=staff)
    _mail_admins(organisation, "organisations/mail/verified", {})
    return organisation


@transaction.atomic
def organisation_reject(*, organisation: Organisation, staff: Any, reason: str) -> Organisation:
    _require(staff, "organisations.verify", organisation)
    reason = text_clean(reason, field="reason", max_length=2000)
    if not reason:
        message = _("Write the reason: the applicant receives it by e-mail.")
        raise Invalid(message, fields={"reason": [message]})
    organisation = _locked_for_decision(organisation)
    organisation.status = Status.REJECTED
    organisation.rejection_reason = reason
    organisation.save()
    timeline_record(
        organisation=organisation,
        kind="organisations.rejected",
        actor=staff,
        data={"reason": reason},
    )
    _mail_admins(organisation, "organisations/mail/rejected", {"reason": reason})
    return organisation


@transaction.atomic
def contact_person_set(*, organisation: Organisation, staff: Any, person: Any) -> Organisation:
    _require(staff, "organisations.verify", organisation)
    if person is not None and not getattr(person, "is_city_staff", False):
        raise Invalid(_("The fixed contact person must be a city employee."))
    organisation.contact_person = person
    organisation.save(update_fields=["contact_person", "updated_at"])
    timeline_record(
        organisation=organisation,
        kind="organisations.contact_person_set",
        actor=staff,
        data={
            "person": person.get_full_name() if person else "—",
            "person_id": getattr(person, "pk", None),
        },
    )
    return organisation


def organisation_get(*, slug: str, user: Any) -> Organisation:
    """An organisation that ``user`` may see; otherwise NotFound (never reveal a draft)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not rules.check("organisations.view", user, organisation):
        raise NotFound(_("This organisation was not found."))
    return organisation
