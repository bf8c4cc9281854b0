"""Factories for funding tests. ``build_funding()`` gives a whole setting at once:
an instrument with a budget line of EUR 10,000, a regulation version, an open call,
an organisation with an admin member, a staff member and an assessor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.funding.models import (
    Application,
    Budget,
    BudgetLine,
    Call,
    CallAssessor,
    Instrument,
    InstrumentKind,
    Regulation,
    RegulationVersion,
)
from middenveld.funding.regulation import rules_hash, rules_load
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

# A small regulation in the schema of ``middenveld.funding.regulation`` (stored in its
# normal form, as rules_load gives it).
RULES: dict[str, Any] = {
    "schema": "middenveld.regulation/1",
    "applicants": {"legal_forms": ["VZW", "FV"], "verified": True},
    "categories": [
        {
            "code": "klein",
            "name": {"nl": "Kleine aanvraag", "en": "Small request"},
            "max_amount": "2500.00",
            "anytime": True,
        },
        {
            "code": "groot",
            "name": {"nl": "Grote aanvraag", "en": "Large request"},
            "max_amount": "10000.00",
        },
    ],
    "lead_time_days": 42,
    "max_grants_per_year": 2,
    "cost_categories": [
        {"code": "catering", "name": {"nl": "Eten en drinken", "en": "Catering"}},
        {"code": "huur", "name": {"nl": "Huur", "en": "Rent"}},
        {"code": "materiaal", "name": {"nl": "Materiaal", "en": "Material"}},
    ],
    "cost_caps": [{"category": "catering", "max_share": "0.15"}],
    "activity_types": [
        {
            "code": "buurtactiviteit",
            "name": {"nl": "Buurtactiviteit", "en": "Neighbourhood activity"},
        },
        {"code": "partijpolitiek", "name": {"nl": "Partijpolitiek", "en": "Party politics"}},
    ],
    "excluded_activity_types": ["partijpolitiek"],
    "attachments_required": [
        {"code": "begroting", "name": {"nl": "Begroting", "en": "Budget"}},
    ],
}

FORM: list[dict[str, Any]] = [
    {
        "key": "doel",
        "type": "text",
        "label": {"nl": "Wat wil je doen?", "en": "What do you want to do?"},
        "required": True,
    },
    {
        "key": "deelnemers",
        "type": "number",
        "label": {"nl": "Hoeveel deelnemers?", "en": "How many participants?"},
        "required": True,
    },
    {
        "key": "begroting",
        "type": "budget",
        "label": {"nl": "Begroting", "en": "Budget"},
        "required": True,
    },
    {
        "key": "bijlage",
        "type": "file",
        "label": {"nl": "Begroting als bestand", "en": "Budget as a file"},
        "attachment": "begroting",
        "required": True,
    },
]

RUBRIC: list[dict[str, Any]] = [
    {
        "key": "relevantie",
        "label": {"nl": "Relevantie", "en": "Relevance"},
        "weight": 2,
        "scale": 5,
    },
    {
        "key": "haalbaarheid",
        "label": {"nl": "Haalbaarheid", "en": "Feasibility"},
        "weight": 1,
        "scale": 5,
    },
]


class InstrumentFactory(factory.django.DjangoModelFactory[Instrument]):
    class Meta:
        model = Instrument

    slug = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Subsidie basiswerking {n}")
    kind = InstrumentKind.REGULATION
    summary = "Geld voor de gewone werking van je vereniging."


class BudgetFactory(factory.django.DjangoModelFactory[Budget]):
    class Meta:
        model = Budget

    instrument = factory.SubFactory(InstrumentFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)


class BudgetLineFactory(factory.django.DjangoModelFactory[BudgetLine]):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    code = factory.Sequence(lambda n: f"lijn-{n}")
    name = factory.Sequence(lambda n: f"Basiswerking lijn {n}")
    amount = Decimal("10000.00")


class RegulationVersionFactory(factory.django.DjangoModelFactory[RegulationVersion]):
    class Meta:
        model = RegulationVersion

    regulation = factory.LazyAttribute(
        lambda o: Regulation.objects.get_or_create(instrument=InstrumentFactory())[0]
    )
    number = 1
    valid_from = factory.LazyFunction(lambda: date(2020, 1, 1))
    rules = factory.LazyFunction(lambda: rules_load(json.dumps(RULES), format="json"))
    rules_hash = factory.LazyAttribute(lambda o: rules_hash(o.rules))


class CallFactory(factory.django.DjangoModelFactory[Call]):
    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"oproep-{n}")
    title = factory.Sequence(lambda n: f"Oproep buurtwerking {n}")
    description = "Dien je aanvraag in voor een activiteit in je buurt."
    instrument = factory.LazyAttribute(lambda o: o.line.budget.instrument)
    line = factory.SubFactory(BudgetLineFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    form = factory.LazyFunction(lambda: list(FORM))
    rubric = factory.LazyFunction(lambda: list(RUBRIC))


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    reference = factory.Sequence(lambda n: f"T{n:07d}")
    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    regulation_version = factory.LazyAttribute(lambda o: o.call.regulation_version)
    title = factory.Sequence(lambda n: f"Buurtfeest {n}")
    category = "klein"
    activity_type = "buurtactiviteit"
    activity_starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=70))
    amount_requested = Decimal("1000.00")


@dataclass
class Funding:
    instrument: Instrument
    line: BudgetLine
    version: RegulationVersion
    call: Call
    organisation: Any
    member: Any  # admin of the organisation
    staff: Any
    assessor: Any
    other: Any  # an organisation the member does not belong to


def build_funding(**call_kwargs: Any) -> Funding:
    instrument = InstrumentFactory(slug="basiswerking", name="Subsidie basiswerking")
    regulation = Regulation.objects.create(instrument=instrument)
    version = RegulationVersionFactory(regulation=regulation)
    budget = BudgetFactory(instrument=instrument)
    line = BudgetLineFactory(budget=budget, code="basis", name="Basiswerking")
    call = CallFactory(instrument=instrument, line=line, regulation_version=version, **call_kwargs)
    organisation = OrganisationFactory()
    member = UserFactory()
    MembershipFactory(organisation=organisation, user=member, role=MemberRole.ADMIN)
    staff = StaffFactory()
    assessor = UserFactory()
    CallAssessor.objects.create(call=call, user=assessor)
    return Funding(
        instrument=instrument,
        line=line,
        version=version,
        call=call,
        organisation=organisation,
        member=member,
        staff=staff,
        assessor=assessor,
        other=OrganisationFactory(),
    )
