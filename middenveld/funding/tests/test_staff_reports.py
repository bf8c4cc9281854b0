"""Reports, payments and reclaims after an award: a member files, staff accept; the balance
only after both reports; payments and reclaims move the line's paid and committed amounts;
reminders once before the due date and once when overdue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.city.models import Notification
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.funding.models import (
    ApplicationStatus,
    Award,
    BudgetLine,
    PaymentKind,
    ReportKind,
    ReportObligation,
)
from middenveld.funding.services import reports as services
from middenveld.funding.services.awards import award_create
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.organisations.models import MemberRole, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def awarded(funding, amount="1000", due=None):
    application = ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        status=ApplicationStatus.AWARDED,
        submitted_at=timezone.now(),
    )
    return award_create(
        line=funding.line,
        organisation=funding.organisation,
        amount=amount,
        title=application.title,
        decision_reference="2026_CBS_00001",
        decided_on=timezone.localdate() - timedelta(days=5),
        by=funding.staff,
        application=application,
        reports_due_on=due,
    )


def report(award, kind):
    return award.reports.get(kind=kind)


def file_both(funding, award):
    services.report_file(
        obligation=report(award, ReportKind.ACTIVITY),
        by=funding.member,
        text="We hielden 12 buurtfeesten.",
        activities="12",
    )
    services.report_file(
        obligation=report(award, ReportKind.FINANCIAL),
        by=funding.member,
        text="Alles ging naar huur en materiaal.",
        spent="1.000,00",
    )


def line(funding):
    return BudgetLine.objects.get(pk=funding.line.pk)


# --- Filing and accepting --------------------------------------------------------------------


def test_a_member_files_a_report_with_a_file_and_can_change_it_until_accepted(funding):
    award = awarded(funding)
    activity = report(award, ReportKind.ACTIVITY)
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    filed = services.report_file(
        obligation=activity, by=funding.member, text="Eerste versie", activities=3, upload=upload
    )
    assert filed.submitted_at and filed.activities == 3
    assert filed.file.name.endswith(".pdf")
    assert TimelineEvent.objects.filter(kind="funding.report_filed").exists()
    filed = services.report_file(
        obligation=activity, by=funding.member, text="Tweede versie", activities=4
    )
    assert (filed.text, filed.activities) == ("Tweede versie", 4)
    services.report_accept(obligation=activity, by=funding.staff)
    with pytest.raises(Conflict):
        services.report_file(obligation=activity, by=funding.member, text="Derde", activities=5)
    activity.refresh_from_db()
    assert activity.text == "Tweede versie"


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        (ReportKind.ACTIVITY, {"text": ""}, "text"),
        (ReportKind.ACTIVITY, {"text": "x", "activities": ""}, "activities"),
        (ReportKind.ACTIVITY, {"text": "x", "activities": "-2"}, "activities"),
        (ReportKind.ACTIVITY, {"text": "x", "activities": "veel"}, "activities"),
        (ReportKind.FINANCIAL, {"text": "x", "spent": ""}, "spent"),
        (ReportKind.FINANCIAL, {"text": "x", "spent": "-10"}, "spent"),
        (ReportKind.FINANCIAL, {"text": "x", "spent": "1e9"}, "spent"),
        (ReportKind.FINANCIAL, {"text": "x", "spent": 12.5}, "spent"),
    ],
)
def test_bad_reports_are_refused_and_change_nothing(funding, kind, values, field):
    award = awarded(funding)
    obligation = report(award, kind)
    with pytest.raises(Invalid) as refused:
        services.report_file(obligation=obligation, by=funding.member, **values)
    assert field in refused.value.details["fields"]
    obligation.refresh_from_db()
    assert obligation.submitted_at is None and obligation.text == ""


def test_a_file_that_is_not_what_its_name_says_is_refused(funding):
    award = awarded(funding)
    fake = SimpleUploadedFile(
        "verslag.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(Invalid):
        services.report_file(
            obligation=report(award, ReportKind.ACTIVITY),
            by=funding.member,
            text="x",
            activities=1,
            upload=fake,
        )
    assert not ReportObligation.objects.filter(submitted_at__isnull=False).exists()


def test_only_members_file_and_only_staff_accept(funding):
    award = awarded(funding)
    activity = report(award, ReportKind.ACTIVITY)
    for person in (funding.staff, funding.assessor, UserFactory()):
        with pytest.raises(Forbidden):
            services.report_file(obligation=activity, by=person, text="x", activities=1)
    services.report_file(obligation=activity, by=funding.member, text="x", activities=1)
    with pytest.raises(Forbidden):
        services.report_accept(obligation=activity, by=funding.member)
    activity.refresh_from_db()
    assert activity.accepted_at is None


def test_a_report_not_filed_cannot_be_accepted(funding):
    award = awarded(funding)
    with pytest.raises(Conflict):
        services.report_accept(obligation=report(award, ReportKind.FINANCIAL), by=funding.staff)


# --- Payments and reclaims ---------------------------------------------------------------------


def test_payments_move_the_line_and_the_balance_waits_for_both_reports(funding):
    award = awarded(funding, amount="1000")
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    balance = award.payments.get(kind=PaymentKind.BALANCE)
    assert (advance.amount, balance.amount) == (Decimal("800.00"), Decimal("200.00"))

    services.payment_pay(payment=advance, paid_on=timezone.localdate(), by=funding.staff)
    assert (line(funding).committed, line(funding).paid) == (Decimal("1000.00"), Decimal("800.00"))
    with pytest.raises(Conflict):
        services.payment_pay(payment=advance, paid_on=timezone.localdate(), by=funding.staff)

    with pytest.raises(Conflict) as waiting:
        services.payment_pay(payment=balance, paid_on=timezone.localdate(), by=funding.staff)
    assert waiting.value.code == "reports_missing"
    file_both(funding, award)
    services.report_accept(obligation=report(award, ReportKind.ACTIVITY), by=funding.staff)
    assert not services.balance_payable(award)
    with pytest.raises(Conflict):
        services.payment_pay(payment=balance, paid_on=timezone.localdate(), by=funding.staff)
    services.report_accept(obligation=report(award, ReportKind.FINANCIAL), by=funding.staff)
    assert services.balance_payable(award)
    services.payment_pay(payment=balance, paid_on=timezone.localdate(), by=funding.staff)
    assert line(funding).paid == Decimal("1000.00")


@pytest.mark.parametrize("paid_on", ["2099-01-01", "gisteren", ""])
def test_a_payment_date_in_the_future_or_unreadable_is_refused(funding, paid_on):
    award = awarded(funding)
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    with pytest.raises(Invalid):
        services.payment_pay(payment=advance, paid_on=paid_on, by=funding.staff)
    advance.refresh_from_db()
    assert advance.paid_on is None and line(funding).paid == Decimal("0.00")


def test_a_payment_before_the_decision_is_refused(funding):
    award = awarded(funding)
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    with pytest.raises(Invalid):
        services.payment_pay(
            payment=advance, paid_on=award.decided_on - timedelta(days=1), by=funding.staff
        )


def test_a_reclaim_gives_the_line_its_money_back(funding):
    award = awarded(funding, amount="1000")
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    services.payment_pay(payment=advance, paid_on=timezone.localdate(), by=funding.staff)
    services.reclaim_record(award=award, amount="300", reason="Niet uitgegeven", by=funding.staff)
    award.refresh_from_db()
    assert award.reclaimed == Decimal("300.00")
    # 800 paid of 700 left: 100 to refund; the line has 300 more available.
    assert (line(funding).committed, line(funding).paid) == (Decimal("700.00"), Decimal("700.00"))
    assert not award.payments.filter(kind=PaymentKind.BALANCE).exists()
    with pytest.raises(Invalid):
        services.reclaim_record(award=award, amount="701", reason="Te veel", by=funding.staff)
    with pytest.raises(Forbidden):
        services.reclaim_record(award=award, amount="1", reason="x", by=funding.member)
    award.refresh_from_db()
    assert award.reclaimed == Decimal("300.00")


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_are_sent_once_before_the_due_date_and_once_when_overdue(funding):
    due = date(2030, 3, 31)
    award = awarded(funding, due=due)
    funding.member.language = "en"  # the reminder comes in the reader's language
    funding.member.save(update_fields=["language"])
    plain_member = UserFactory()
    MembershipFactory(organisation=funding.organisation, user=plain_member, role=MemberRole.MEMBER)

    assert services.reminders_send(today=due - timedelta(days=15)) == 0
    # Two reports to the organisation's one admin.
    assert services.reminders_send(today=due - timedelta(days=14)) == 2
    assert {m.to[0] for m in mail.outbox} == {funding.member.email}
    assert services.reminders_send(today=due - timedelta(days=13)) == 0
    assert services.reminders_send(today=due) == 0
    assert ReportObligation.objects.filter(reminded_on=due - timedelta(days=14)).count() == 2

    # One is filed: only the other is reminded when overdue, once.
    services.report_file(
        obligation=report(award, ReportKind.ACTIVITY), by=funding.member, text="x", activities=2
    )
    mail.outbox.clear()
    assert services.reminders_send(today=due + timedelta(days=1)) == 1
    assert "Overdue" in mail.outbox[0].subject
    assert services.reminders_send(today=due + timedelta(days=2)) == 0
    assert services.reminders_send(today=due + timedelta(days=40)) == 0
    assert Notification.objects.filter(kind="funding.report_reminder").count() == 3


def test_the_command_is_idempotent_and_reminds_late_starters_only_once(funding):
    due = date(2030, 3, 31)
    awarded(funding, due=due)
    # First run after the due date: only the overdue reminder, once per report.
    call_command("funding_reminders", today=str(due + timedelta(days=3)), stdout=StringIO())
    assert len(mail.outbox) == 2
    call_command("funding_reminders", today=str(due + timedelta(days=3)), stdout=StringIO())
    call_command("funding_reminders", today=str(due + timedelta(days=4)), stdout=StringIO())
    assert len(mail.outbox) == 2


def test_no_reminder_for_a_cancelled_award(funding):
    due = date(2030, 3, 31)
    award = awarded(funding, due=due)
    Award.objects.filter(pk=award.pk).update(status="cancelled")
    assert services.reminders_send(today=due + timedelta(days=1)) == 0
