"""The guide's content (two steps, five tasks), organisations A and B with an admin
and a member each, and an outsider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.cache import _EARLY_PATHS
from middenveld.guide.models import Step, Task
from middenveld.guide.tests.factories import StepFactory, TaskFactory
from middenveld.organisations.models import MemberRole, Organisation
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory


@dataclass
class OrgWithPeople:
    organisation: Organisation
    admin: Any
    member: Any


@dataclass
class Guide:
    steps: list[Step]
    tasks: list[Task]


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English; pages still take their language from the URL."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    _EARLY_PATHS.clear()
    yield
    cache.clear()
    _EARLY_PATHS.clear()


@pytest.fixture
def guide(db) -> Guide:
    first = StepFactory(
        slug="vereniging-of-vzw",
        order=10,
        title_nl="Feitelijke vereniging of vzw?",
        title_en="Informal association or vzw?",
        intro_nl="Zo kies je.",
        intro_en="This is how you choose.",
        body_nl="## Het verschil\n\n| Onderwerp | Feitelijke vereniging | Vzw |\n"
        "| Starten | Geen papieren | Statuten |\n\n[Stel je vraag](/vragen/).",
        body_en="## The difference\n\n| Topic | Informal association | Vzw |\n"
        "| Starting | No paperwork | Statutes |\n\n[Ask your question](/vragen/).",
    )
    second = StepFactory(
        slug="verzekeringen",
        order=20,
        title_nl="Verzekeringen",
        title_en="Insurance",
        intro_nl="Er kan altijd iets misgaan.",
        intro_en="Something can always go wrong.",
        body_nl="Een verzekering betaalt als er iets gebeurt.",
        body_en="Insurance pays when something happens.",
    )
    tasks = [
        TaskFactory(
            step=first,
            order=10,
            title_nl="Schrijf op wat jullie doen",
            title_en="Write down what you do",
        ),
        TaskFactory(
            step=first, order=20, title_nl="Kies: vzw of niet", title_en="Choose: vzw or not"
        ),
        TaskFactory(
            step=second,
            order=10,
            title_nl="Sluit een BA-verzekering af",
            title_en="Take out liability insurance",
        ),
        TaskFactory(
            step=second,
            order=20,
            title_nl="Informeer de vrijwilligers",
            title_en="Inform the volunteers",
        ),
        TaskFactory(
            step=second, order=30, title_nl="Vraag een offerte", title_en="Ask for a quote"
        ),
    ]
    return Guide(steps=[first, second], tasks=tasks)


def _org(name: str, **kwargs: Any) -> OrgWithPeople:
    organisation = OrganisationFactory(name=name, **kwargs)
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
    return OrgWithPeople(organisation, admin, member)


@pytest.fixture
def org_a(db) -> OrgWithPeople:
    return _org("Buurtwerk Rabot", slug="buurtwerk-rabot")


@pytest.fixture
def org_b(db) -> OrgWithPeople:
    return _org("Vriendenkring Ledeberg", slug="vriendenkring-ledeberg")


@pytest.fixture
def outsider(db):
    return UserFactory(name="Iemand Anders")
