"""Two teams, A and B, each with a lead and a member; and helpers to make waiting work."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from middenveld.organisations.models import Organisation, Status
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.support.models import QuarantinedMail, Question
from middenveld.support.tests.factories import TeamMemberFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    return mail.outbox


class Teams:
    def __init__(self) -> None:
        lead_a = TeamMemberFactory(is_lead=True, team__name="Team A")
        lead_b = TeamMemberFactory(is_lead=True, team__name="Team B")
        self.a = lead_a.team
        self.b = lead_b.team
        self.lead_a = lead_a.user
        self.lead_b = lead_b.user
        self.member_a = TeamMemberFactory(team=self.a).user
        self.member_b = TeamMemberFactory(team=self.b).user


@pytest.fixture
def teams(db) -> Teams:
    return Teams()


def make_question(
    *,
    team: Any = None,
    assignee: Any = None,
    due: datetime | None = None,
    subject: str = "A question",
    organisation: Organisation | None = None,
    status: str = "new",
    created: datetime | None = None,
) -> Question:
    now = timezone.now()
    due = due or now + timedelta(days=2)
    return Question.objects.create(
        token=secrets.token_hex(8),
        subject=subject,
        asker_email="asker@example.org",
        team=team,
        assignee=assignee,
        organisation=organisation,
        status=status,
        created_at=created or now - timedelta(hours=1),
        due_at=due,
        first_answer_due=due,
        resolution_due=due + timedelta(days=10),
        closed_at=now if status in ("closed", "merged") else None,
    )


def make_submitted(*, contact_person: Any = None, submitted: datetime | None = None, **kw: Any):
    return OrganisationFactory(
        status=Status.SUBMITTED,
        verified_at=None,
        submitted_at=submitted or timezone.now() - timedelta(days=1),
        contact_person=contact_person,
        **kw,
    )


def make_kept_aside(*, received: datetime | None = None, subject: str = "Odd mail") -> Any:
    return QuarantinedMail.objects.create(
        received_at=received or timezone.now() - timedelta(hours=2),
        source="maildir",
        reason="no_token",
        from_address="someone@example.org",
        subject=subject,
        raw="support/quarantine/x.eml",
    )
