"""Reports on an award, the payments that depend on them, reclaims, and reminders.

* A member of the organisation files the activity report and the financial report
  (``report_file``); they can file again until staff accept it (``report_accept``).
* The balance becomes payable only once both reports are accepted (``balance_payable``);
  ``payment_pay`` checks that and the role, then pays through
  ``services.awards.payment_mark_paid``, which moves the money to ``paid`` on the line.
* ``reminders_send`` (the ``funding_reminders`` command) mails the organisation once
  ``REMIND_DAYS`` days before a report is due and once when it is overdue. The day of the
  last reminder is ``ReportObligation.reminded_on``: a reminder sent on or before the due
  day is the first one, one sent after it the overdue one. Each is claimed with a
  conditional UPDATE, so running the command twice (or twice at once) sends nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.services import notify
from middenveld.core.errors import Conflict, Invalid
from middenveld.core.mail import send_templated_mail
from middenveld.core.uploads import document_check
from middenveld.funding.models import (
    Award,
    AwardStatus,
    Payment,
    PaymentKind,
    ReportKind,
    ReportObligation,
)
from middenveld.funding.money import parse_euros
from middenveld.funding.services.assessment import require
from middenveld.funding.services.awards import MAX_AWARD, award_reclaim, payment_mark_paid
from middenveld.funding.services.common import euros, log
from middenveld.funding.services.common import text as clean_text
from middenveld.organisations.models import MemberRole, Membership
from middenveld.organisations.timeline import event_kind, timeline_record

REMIND_DAYS = 14
REPORT_LIMIT = 20000
MAX_ACTIVITIES = 100000
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

event_kind(
    "funding.report_accepted",
    gettext_lazy("Report accepted for: %(title)s"),
    module=gettext_lazy("Funding"),
)


# --- Filing and accepting -----------------------------------------------------------------


def _activities(value: Any, required: bool) -> int | None:
    if value is None or value == "":
        if required:
            message = _("Give the number of activities.")
            raise Invalid(message, fields={"activities": [message]})
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 7:
        number = int(value.strip())
    else:
        number = None
    if number is None or not 0 <= number <= MAX_ACTIVITIES:
        message = _("Give a whole number from 0 to %(maximum)s.") % {"maximum": MAX_ACTIVITIES}
        raise Invalid(message, fields={"activities": [message]})
    return number


def _spent(value: Any, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            message = _("Give the amount you spent.")
            raise Invalid(message, fields={"spent": [message]})
        return None
    try:
        return parse_euros(value, maximum=MAX_AWARD)
    except Invalid as error:
        raise Invalid(error.message, fields={"spent": [error.message]}) from error
    except TypeError:
        message = _("Write the amount in figures, for example 1250,50.")
        raise Invalid(message, fields={"spent": [message]}) from None


def report_file(
    *,
    obligation: ReportObligation,
    by: Any,
    text: str,
    spent: Any = None,
    activities: Any = None,
    upload: Any = None,
) -> ReportObligation:
    """A member files (or files again, until it is accepted) a report on the award.

    The activity report needs the number of activities, the financial report the amount
    spent; an upload is optional and must really be a PDF, ODT or DOCX file."""
    award = obligation.award
    require(by, "funding.apply_for", award.organisation)
    body = clean_text(text, "text", limit=REPORT_LIMIT)
    financial = obligation.kind == ReportKind.FINANCIAL
    spent_value = _spent(spent, required=financial)
    count = _activities(activities, required=not financial)
    kind = document_check(upload, field="upload") if upload is not None else None
    with transaction.atomic():
        locked = (
            ReportObligation.objects.select_for_update(of=("self",))
            .select_related("award", "award__organisation")
            .get(pk=obligation.pk)
        )
        if locked.award.status != AwardStatus.ACTIVE:
            raise Conflict(_("This award is no longer active; no report is needed."))
        if locked.accepted_at:
            raise Conflict(
                _("This report was already accepted; it can no longer change."),
                code="already_accepted",
            )
        again = locked.submitted_at is not None
        old_name = locked.file.name if (kind and locked.file) else ""
        locked.text = body
        locked.spent = spent_value
        locked.activities = count
        locked.submitted_at = timezone.now()
        if kind:
            upload.seek(0)
            locked.file.save(f"rapport-{locked.pk}.{kind}", upload, save=False)
        locked.save()
        if old_name and old_name != locked.file.name:
            storage = locked.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        log(
            by=by,
            subject=locked.award,
            change="report_filed_again" if again else "report_filed",
            to_state=locked.kind,
            organisation=locked.award.organisation,
        )
        timeline_record(
            organisation=locked.award.organisation,
            kind="funding.report_filed",
            actor=by,
            subject=locked.award,
            data={"title": locked.award.title, "kind": locked.get_kind_display()},
        )
    return locked


def report_content_type(obligation: ReportObligation) -> str:
    extension = (obligation.file.name or "").rsplit(".", 1)[-1].lower() if obligation.file else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def balance_payable(award: Award) -> bool:
    """True when every report of the award is accepted (then the balance may be paid)."""
    return not award.reports.filter(accepted_at__isnull=True).exists()


def report_accept(*, obligation: ReportObligation, by: Any) -> ReportObligation:
    require(by, "funding.manage")
    with transaction.atomic():
        locked = (
            ReportObligation.objects.select_for_update(of=("self",))
            .select_related("award", "award__organisation")
            .get(pk=obligation.pk)
        )
        if locked.submitted_at is None:
            raise Conflict(_("This report has not been filed yet."), code="not_filed")
        if locked.accepted_at:
            raise Conflict(_("This report was already accepted."), code="already_accepted")
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        award = locked.award
        log(
            by=by,
            subject=award,
            change="report_accepted",
            to_state=locked.kind,
            organisation=award.organisation,
        )
        if balance_payable(award):
            log(
                by=by,
                subject=award,
                change="balance_payable",
                to_state="payable",
                organisation=award.organisation,
            )
        timeline_record(
            organisation=award.organisation,
            kind="funding.report_accepted",
            actor=by,
            subject=award,
            data={"title": award.title, "kind": locked.get_kind_display()},
        )
    return locked


# --- Payments and reclaims (staff) --------------------------------------------------------


def _paid_on(value: Any) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value or "").strip()[:10])
        except ValueError:
            message = _("Give a date as year-month-day, for example 2026-03-31.")
            raise Invalid(message, fields={"paid_on": [message]}) from None
    if day > timezone.localdate():
        message = _("A payment cannot be made in the future.")
        raise Invalid(message, fields={"paid_on": [message]})
    return day


def payment_pay(*, payment: Payment, paid_on: Any, by: Any) -> Payment:
    """Staff record that a payment was made. The balance only once both reports are
    accepted; the line's ``paid`` grows by the amount."""
    require(by, "funding.manage")
    day = _paid_on(paid_on)
    award = payment.award
    if day < award.decided_on:
        message = _("A payment cannot be made before the decision.")
        raise Invalid(message, fields={"paid_on": [message]})
    if payment.kind == PaymentKind.BALANCE and not balance_payable(award):
        raise Conflict(
            _("The balance is paid once both reports are accepted."), code="reports_missing"
        )
    return payment_mark_paid(payment=payment, paid_on=day, by=by)


def reclaim_record(*, award: Award, amount: Any, reason: str, by: Any) -> Award:
    """Staff reclaim unspent money (``services.awards.award_reclaim``)."""
    require(by, "funding.manage")
    return award_reclaim(award=award, amount=amount, reason=reason, by=by)


# --- Reminders ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    obligation: ReportObligation
    overdue: bool


def _before_due(today: date, days: int) -> Q:
    return Q(reminded_on__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=days))


def _overdue(today: date) -> Q:
    return Q(due_on__lt=today) & (Q(reminded_on__isnull=True) | Q(reminded_on__lte=F("due_on")))


def reminders_due(*, today: date | None = None, days: int = REMIND_DAYS) -> list[Reminder]:
    today = today or timezone.localdate()
    waiting = ReportObligation.objects.filter(
        submitted_at__isnull=True, award__status=AwardStatus.ACTIVE
    ).select_related("award", "award__organisation")
    found = [Reminder(o, True) for o in waiting.filter(_overdue(today))]
    found += [Reminder(o, False) for o in waiting.filter(_before_due(today, days))]
    return found


def _recipients(organisation_id: int) -> list[Any]:
    memberships = list(
        Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    admins = [m.user for m in memberships if m.role == MemberRole.ADMIN]
    return admins or [m.user for m in memberships]


REMINDER = gettext_lazy("The %(kind)s for “%(title)s” is due on %(due)s.")
OVERDUE = gettext_lazy("The %(kind)s for “%(title)s” was due on %(due)s and is overdue.")


def reminders_send(*, today: date | None = None, days: int = REMIND_DAYS) -> int:
    """Send what is due; returns the number of mails. Safe to run again."""
    today = today or timezone.localdate()
    sent = 0
    for reminder in reminders_due(today=today, days=days):
        obligation = reminder.obligation
        condition = _overdue(today) if reminder.overdue else _before_due(today, days)
        claimed = (
            ReportObligation.objects.filter(pk=obligation.pk, submitted_at__isnull=True)
            .filter(condition)
            .update(reminded_on=today)
        )
        if not claimed:
            continue
        award = obligation.award
        path = reverse("funding:report_file", args=[obligation.pk])
        for person in _recipients(award.organisation_id):
            notify(
                recipient=person,
                kind="funding.report_reminder",
                sentence=OVERDUE if reminder.overdue else REMINDER,
                data={
                    "kind": ReportKind(obligation.kind).label,
                    "title": award.title,
                    "due": obligation.due_on.isoformat(),
                },
                url=path,
            )
            if not person.email:
                continue
            send_templated_mail(
                to=person.email,
                template="funding/mail/report_reminder",
                language=person.language or settings.LANGUAGE_CODE,
                context={
                    "person": person,
                    "obligation": obligation,
                    "award": award,
                    "overdue": reminder.overdue,
                    "url": settings.SITE_URL.rstrip("/") + path,
                    "amount": euros(award.amount),
                },
            )
            sent += 1
    return sent
