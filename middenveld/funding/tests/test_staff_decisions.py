"""Decisions: reasons required, the frozen application, the award committed on the line in
the same transaction (refused, with nothing written, beyond what the line has left), the
decision letter in Dutch with the appeal date, the notification and the e-mail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.city.models import Notification
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.funding.letter import decision_letter_pdf
from middenveld.funding.models import (
    ApplicationStatus,
    Award,
    BudgetLine,
    Decision,
    FundingLog,
    Payment,
    ReportObligation,
    Snapshot,
)
from middenveld.funding.services import decisions as services
from middenveld.funding.services.common import fingerprint
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def submitted(funding, **kwargs):
    return ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **kwargs,
    )


def decide(funding, application, **kwargs):
    values = {
        "outcome": "award",
        "reasons": "Past in de prioriteiten van de buurt.",
        "reference": "2026_CBS_01234",
        "decided_on": timezone.localdate(),
        "amount": "800",
        "by": funding.staff,
    }
    values.update(kwargs)
    return services.decision_record(application=application, **values)


def nothing_written(funding, application):
    application.refresh_from_db()
    line = BudgetLine.objects.get(pk=funding.line.pk)
    return (
        application.status == ApplicationStatus.SUBMITTED
        and not Decision.objects.exists()
        and not Award.objects.exists()
        and not Payment.objects.exists()
        and not ReportObligation.objects.exists()
        and not Snapshot.objects.filter(moment="decision").exists()
        and not FundingLog.objects.filter(change__in=("decision", "awarded")).exists()
        and line.committed == Decimal("0.00")
    )


def test_an_award_freezes_the_application_commits_the_money_and_tells_the_members(funding):
    other_member = UserFactory(language="fr")
    MembershipFactory(organisation=funding.organisation, user=other_member)
    application = submitted(funding, amount_requested=Decimal("1000.00"))
    decision = decide(funding, application, conditions="Vermeld de stad op je affiche.")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    snapshot = decision.snapshot
    assert snapshot.moment == "decision"
    assert snapshot.sha256 == fingerprint(snapshot.content)
    assert snapshot.content["reference"] == application.reference
    award = Award.objects.get(application=application)
    assert award.amount == Decimal("800.00")
    assert award.line == funding.line
    assert award.decision_reference == "2026_CBS_01234"
    assert award.conditions == "Vermeld de stad op je affiche."
    assert award.appeal_until == timezone.localdate() + timedelta(days=30)
    funding.line.refresh_from_db()
    assert funding.line.committed == Decimal("800.00")
    assert FundingLog.objects.filter(
        subject="application", subject_id=application.pk, change="decision", to_state="awarded"
    ).exists()
    event = TimelineEvent.objects.get(kind="funding.decision")
    assert event.data["outcome"] == "award"

    assert Notification.objects.filter(kind="funding.decision").count() == 2
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert name.endswith(".pdf")


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def test_the_letter_is_a_pdf_in_dutch_with_the_appeal_date(funding):
    application = submitted(funding)
    decision = decide(funding, application, decided_on=date(2026, 3, 2))
    award = Award.objects.get(application=application)
    pdf = decision_letter_pdf(decision, award=award)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Beslissing over je subsidieaanvraag" in text
    assert "2026_CBS_01234" in text
    assert "€ 800,00" in text
    # 30 days after 2 March 2026.
    assert award.appeal_until == date(2026, 4, 1)
    assert "tot en met 1 april 2026 bezwaar indienen" in text
    assert decision.snapshot.sha256 in text.replace(" ", "")


def test_a_rejection_letter_states_the_appeal_date_too(funding):
    application = submitted(funding)
    decision = decide(funding, application, outcome="reject", decided_on=date(2026, 1, 10))
    text = _text(decision_letter_pdf(decision))
    assert "niet toe te kennen" in text
    assert "tot en met 9 februari 2026" in text


def test_the_appeal_period_follows_the_setting(funding):
    with override_settings(FUNDING_APPEAL_DAYS=45):
        application = submitted(funding)
        decide(funding, application, decided_on=timezone.localdate() - timedelta(days=2))
    award = Award.objects.get(application=application)
    assert award.appeal_until == timezone.localdate() - timedelta(days=2) + timedelta(days=45)


def test_a_rejection_commits_nothing_and_sends_the_letter(funding):
    application = submitted(funding)
    decision = decide(funding, application, outcome="reject", amount=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert decision.outcome == "reject"
    assert not Award.objects.exists()
    funding.line.refresh_from_db()
    assert funding.line.committed == Decimal("0.00")
    assert mail.outbox[0].attachments[0][1].startswith(b"%PDF")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reasons": ""}, "reasons"),
        ({"reasons": "   "}, "reasons"),
        ({"reference": ""}, "reference"),
        ({"reference": "a\x00b"}, "reference"),
        ({"outcome": "maybe"}, "outcome"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "veel"}, "amount"),
        ({"amount": "2,500"}, "amount"),
        ({"amount": None}, "amount"),
        ({"amount": "1000,01"}, "amount"),
        ({"decided_on": "morgen"}, "decided_on"),
        ({"decided_on": "2099-01-01"}, "decided_on"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_written(funding, changes, field):
    application = submitted(funding, amount_requested=Decimal("1000.00"))
    with pytest.raises(Invalid) as refused:
        decide(funding, application, **changes)
    assert field in refused.value.details.get("fields", {})
    assert nothing_written(funding, application)
    assert mail.outbox == []


def test_an_award_beyond_what_the_line_has_left_is_refused_and_nothing_is_written(funding):
    BudgetLine.objects.filter(pk=funding.line.pk).update(amount=Decimal("500.00"))
    application = submitted(funding, amount_requested=Decimal("1000.00"))
    with pytest.raises(Conflict) as refused:
        decide(funding, application, amount="800")
    assert refused.value.code == "budget_exceeded"
    assert nothing_written(funding, application)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_second_decision_is_refused(funding):
    application = submitted(funding)
    decide(funding, application)
    with pytest.raises(Conflict):
        decide(funding, application, outcome="reject", amount=None)
    assert Decision.objects.count() == 1
    funding.line.refresh_from_db()
    assert funding.line.committed == Decimal("800.00")


def test_only_submitted_applications_get_a_decision(funding):
    for status in (ApplicationStatus.RETURNED, ApplicationStatus.WITHDRAWN):
        application = submitted(funding)
        application.status = status
        application.save()
        with pytest.raises(Conflict):
            decide(funding, application)
    assert not Decision.objects.exists()


def test_who_may_decide(funding):
    application = submitted(funding)
    for person in (funding.member, funding.assessor, UserFactory()):
        with pytest.raises(Forbidden):
            decide(funding, application, by=person)
    conflicted_staff = StaffFactory()
    MembershipFactory(organisation=funding.organisation, user=conflicted_staff)
    with pytest.raises(Forbidden):
        decide(funding, application, by=conflicted_staff)
    assert nothing_written(funding, application)
