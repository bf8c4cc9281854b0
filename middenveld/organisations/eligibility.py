"""Is an organisation eligible for something? One function for every module.

Eligibility is derived from the register (status, legal form, recognitions on
a given day, districts, self-organisation), never from a loose flag. A module
describes what it asks as a ``Requirement`` and asks::

    from middenveld.organisations.eligibility import Requirement, eligibility_check

    requirement = Requirement(
        legal_forms=("VZW", "FV"),
        recognitions=("basiswerk",),     # RecognitionType codes; any one valid on `on`
        districts=("brugse-poort",),     # District slugs; at least one in common
    )
    result = eligibility_check(organisation, requirement, on=activity_day)
    if not result:
        raise Invalid(" ".join(result.reasons))

``result.reasons`` lists every requirement that fails, in the reader's
language. ``eligible_organisations(requirement, on=...)`` gives the same answer
for many organisations at once, as a queryset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from middenveld.core.models import District
from middenveld.organisations.models import (
    LegalForm,
    Organisation,
    Recognition,
    RecognitionType,
    Status,
)


@dataclass(frozen=True)
class Requirement:
    verified: bool = True
    legal_forms: Sequence[str] = ()
    recognitions: Sequence[str] = ()
    districts: Sequence[str] = ()
    self_organisation: bool | None = None

    def describe(self) -> list[str]:
        """The requirement in words, for a regulation or a room's rules."""
        parts: list[str] = []
        if self.verified:
            parts.append(_("The organisation is verified by the city."))
        if self.legal_forms:
            parts.append(
                _("Legal form: %(forms)s.") % {"forms": _join(_legal_labels(self.legal_forms))}
            )
        if self.recognitions:
            parts.append(
                _("A valid recognition: %(names)s.")
                % {"names": _join(_recognition_names(self.recognitions))}
            )
        if self.districts:
            parts.append(
                _("Active in: %(districts)s.")
                % {"districts": _join(_district_names(self.districts))}
            )
        if self.self_organisation:
            parts.append(_("The organisation is a self-organisation."))
        return parts


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.eligible


def _join(items: Sequence[str]) -> str:
    return str(format_lazy("{}", _(" or ").join(items)))


def _legal_labels(codes: Sequence[str]) -> list[str]:
    labels = dict(LegalForm.choices)
    return [str(labels.get(code, code)) for code in codes]


def _recognition_names(codes: Sequence[str]) -> list[str]:
    names = dict(RecognitionType.objects.filter(code__in=codes).values_list("code", "name"))
    return [str(names.get(code, code)) for code in codes]


def _district_names(slugs: Sequence[str]) -> list[str]:
    names = dict(District.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [names.get(slug, slug) for slug in slugs]


_OrganisationDistrict: Any = Organisation.districts.through


def _valid_recognition(on: date, codes: Sequence[str]) -> Q:
    return Q(type__code__in=codes, valid_from__lte=on) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def eligibility_check(
    organisation: Organisation, requirement: Requirement, *, on: date | None = None
) -> Eligibility:
    on = on or timezone.localdate()
    reasons: list[str] = []
    if requirement.verified and organisation.status != Status.VERIFIED:
        reasons.append(_("The organisation is not yet verified by the city."))
    if requirement.legal_forms and organisation.legal_form not in requirement.legal_forms:
        reasons.append(
            _("This is only open to: %(forms)s. Your organisation is: %(form)s.")
            % {
                "forms": _join(_legal_labels(requirement.legal_forms)),
                "form": organisation.get_legal_form_display(),
            }
        )
    if (
        requirement.recognitions
        and not Recognition.objects.filter(
            _valid_recognition(on, requirement.recognitions), organisation=organisation
        ).exists()
    ):
        reasons.append(
            _("This needs a recognition that is valid on %(day)s: %(names)s.")
            % {
                "day": on.strftime("%d/%m/%Y"),
                "names": _join(_recognition_names(requirement.recognitions)),
            }
        )
    if (
        requirement.districts
        and not organisation.districts.filter(slug__in=requirement.districts).exists()
    ):
        reasons.append(
            _("This is only open to organisations active in: %(districts)s.")
            % {"districts": _join(_district_names(requirement.districts))}
        )
    if requirement.self_organisation and not organisation.is_self_organisation:
        reasons.append(_("This is only open to self-organisations."))
    return Eligibility(eligible=not reasons, reasons=reasons)


def eligible_organisations(
    requirement: Requirement,
    *,
    on: date | None = None,
    queryset: QuerySet[Organisation] | None = None,
) -> QuerySet[Organisation]:
    """All organisations that meet ``requirement`` on ``on`` (same rules as above)."""
    on = on or timezone.localdate()
    organisations = queryset if queryset is not None else Organisation.objects.all()
    if requirement.verified:
        organisations = organisations.filter(status=Status.VERIFIED)
    if requirement.legal_forms:
        organisations = organisations.filter(legal_form__in=requirement.legal_forms)
    if requirement.recognitions:
        organisations = organisations.filter(
            Exists(
                Recognition.objects.filter(
                    _valid_recognition(on, requirement.recognitions), organisation=OuterRef("pk")
                )
            )
        )
    if requirement.districts:
        organisations = organisations.filter(
            Exists(
                _OrganisationDistrict.objects.filter(
                    organisation_id=OuterRef("pk"), district__slug__in=requirement.districts
                )
            )
        )
    if requirement.self_organisation:
        organisations = organisations.filter(is_self_organisation=True)
    return organisations
