"""Factories for the organisations register. Example::

    org = OrganisationFactory(name="Buurtwerk Sluizeken", districts=["sluizeken-tolhuis-ham"])
    admin = MembershipFactory(organisation=org, role="admin").user
    RecognitionFactory(organisation=org, type__code="basiswerk")

``OrganisationFactory`` makes a verified organisation with valid derived fields
(``name_key``, ``search_text``); pass ``status="draft"`` for a draft. ``districts``,
``target_groups`` and ``languages`` take slugs / codes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.models import District
from middenveld.organisations.models import (
    Address,
    AddressKind,
    Language,
    LegalForm,
    MemberRole,
    Membership,
    Organisation,
    Recognition,
    RecognitionType,
    Status,
    TargetGroup,
)
from middenveld.organisations.services import organisation_refresh_derived


def valid_kbo(n: int) -> str:
    """A valid enterprise number made from ``n`` (0 ≤ n < 10^7)."""
    first8 = f"0{n:07d}"
    return f"{first8}{97 - int(first8) % 97:02d}"


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    code = factory.Sequence(lambda n: f"W{n:03d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.Sequence(lambda n: f"wijk-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Vereniging {n}")
    slug = factory.Sequence(lambda n: f"vereniging-{n}")
    legal_form = LegalForm.NONPROFIT
    description = "Wij brengen buren samen."
    does_meeting = True
    status = Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    public_email = "info@example.org"

    @factory.post_generation
    def districts(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.districts.set(
                [DistrictFactory(slug=s, name=s.replace("-", " ").title()) for s in extracted]
            )

    @factory.post_generation
    def target_groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.target_groups.set(TargetGroup.objects.filter(code__in=extracted))

    @factory.post_generation
    def languages(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.languages.set(Language.objects.filter(code__in=extracted))

    @factory.post_generation
    def derived(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            organisation_refresh_derived(self)


class AddressFactory(factory.django.DjangoModelFactory[Address]):
    class Meta:
        model = Address

    organisation = factory.SubFactory(OrganisationFactory)
    kind = AddressKind.CORRESPONDENCE
    street = "Sint-Salvatorstraat"
    number = "18"
    postal_code = "9000"
    municipality = "Gent"


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.MEMBER


class RecognitionTypeFactory(factory.django.DjangoModelFactory[RecognitionType]):
    class Meta:
        model = RecognitionType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"erkenning-{n}")
    name_nl = factory.Sequence(lambda n: f"Erkenning {n}")


class RecognitionFactory(factory.django.DjangoModelFactory[Recognition]):
    class Meta:
        model = Recognition

    organisation = factory.SubFactory(OrganisationFactory)
    type = factory.SubFactory(RecognitionTypeFactory)
    valid_from = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: date.today() + timedelta(days=335))
    decision_reference = factory.Sequence(lambda n: f"2026_CBS_{n:05d}")
    decision_date = factory.LazyFunction(lambda: date.today() - timedelta(days=40))
