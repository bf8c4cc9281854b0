"""Awards: money committed to an organisation on a line, with its payments and reports.

``award_create`` is the one way money gets committed: from a decision on an application,
a distribution run or an agreement's year. It commits on the line first (``line_commit``),
so a line without enough left refuses before anything is written.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import (
    Award,
    AwardStatus,
    BudgetLine,
    Payment,
    PaymentKind,
    ReportKind,
    ReportObligation,
)
from middenveld.funding.money import format_euros, parse_euros
from middenveld.funding.services.budget import line_commit, line_pay, line_refund, line_release
from middenveld.funding.services.common import award_identifier, euros, log, text
from middenveld.organisations.timeline import timeline_record

CENT = Decimal("0.01")
MAX_AWARD = Decimal("10000000")


def award_create(
    *,
    line: BudgetLine,
    organisation: Any,
    amount: Any,
    title: str,
    decision_reference: str,
    decided_on: date,
    by: Any,
    application: Any = None,
    distribution: Any = None,
    agreement_year: Any = None,
    conditions: str = "",
    appeal_days: int | None = None,
    advance_share: Decimal | None = None,
    reports_due_on: date | None = None,
) -> Award:
    """Commit ``amount`` on ``line`` for ``organisation`` and plan its payments and reports.

    Refuses with ``Conflict`` (code ``budget_exceeded``) when the line has less left; then
    nothing is written. The advance is paid on the schedule, the balance after the reports.
    """
    try:
        value = parse_euros(amount, maximum=MAX_AWARD)
    except Invalid as error:
        raise Invalid(error.message, fields={"amount": [error.message]}) from error
    if value <= 0:
        message = _("The amount must be more than zero.")
        raise Invalid(message, fields={"amount": [message]})
    title = text(title, "title", limit=200)
    reference = text(decision_reference, "decision_reference", limit=60)
    appeal = settings.FUNDING_APPEAL_DAYS if appeal_days is None else int(appeal_days)
    share = Decimal(settings.FUNDING_ADVANCE_SHARE) if advance_share is None else advance_share
    if not Decimal(0) <= share <= Decimal(1):
        raise Invalid(_("The advance must be between 0 and 100 percent of the amount."))
    with transaction.atomic():
        line_commit(line.pk, value)
        award = Award.objects.create(
            identifier=f"tmp-{uuid.uuid4().hex}",
            organisation=organisation,
            line=line,
            application=application,
            distribution=distribution,
            agreement_year=agreement_year,
            title=title,
            amount=value,
            conditions=text(conditions, "conditions", limit=5000, required=False),
            decision_reference=reference,
            decided_on=decided_on,
            appeal_until=decided_on + timedelta(days=appeal) if appeal else None,
        )
        award.identifier = award_identifier(decided_on.year, award.pk)
        award.save(update_fields=["identifier"])
        advance = (value * share).quantize(CENT, rounding=ROUND_HALF_UP)
        if advance > 0:
            Payment.objects.create(
                award=award,
                kind=PaymentKind.ADVANCE,
                amount=advance,
                due_on=decided_on + timedelta(days=30),
            )
        due = reports_due_on or date(decided_on.year + 1, 3, 31)
        if value - advance > 0:
            Payment.objects.create(
                award=award,
                kind=PaymentKind.BALANCE,
                amount=value - advance,
                due_on=due + timedelta(days=30),
            )
        for kind in (ReportKind.ACTIVITY, ReportKind.FINANCIAL):
            ReportObligation.objects.create(award=award, kind=kind, due_on=due)
        log(
            by=by,
            subject=award,
            change="awarded",
            to_state=AwardStatus.ACTIVE,
            reason=reference,
            organisation=organisation,
        )
        timeline_record(
            organisation=organisation,
            kind="funding.awarded",
            actor=by,
            subject=award,
            data={"amount": euros(value), "title": title},
        )
    return award


def payment_mark_paid(*, payment: Payment, paid_on: date, by: Any) -> Payment:
    with transaction.atomic():
        locked = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("award")
            .get(pk=payment.pk)
        )
        if locked.paid_on:
            raise Conflict(_("This payment was already made."))
        if locked.award.status != AwardStatus.ACTIVE:
            raise Conflict(_("This award is no longer active; nothing more is paid."))
        outstanding = locked.award.amount - locked.award.reclaimed - _paid(locked.award)
        if locked.amount > outstanding:
            raise Conflict(
                _("Only %(left)s of this award is still to be paid.")
                % {"left": format_euros(outstanding)}
            )
        line_pay(locked.award.line_id, locked.amount)
        locked.paid_on = paid_on
        locked.save(update_fields=["paid_on"])
        log(
            by=by,
            subject=locked.award,
            change="paid",
            to_state=locked.kind,
            reason=str(locked.amount),
            organisation=locked.award.organisation,
        )
        timeline_record(
            organisation=locked.award.organisation,
            kind="funding.paid",
            actor=by,
            subject=locked.award,
            data={
                "amount": euros(locked.amount),
                "kind": locked.get_kind_display(),
                "title": locked.award.title,
            },
        )
    return locked


def _paid(award: Award) -> Decimal:
    total = award.payments.filter(paid_on__isnull=False).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def award_reclaim(*, award: Award, amount: Any, reason: str, by: Any) -> Award:
    """Take back money that was not spent: the line gets it back as available; what was
    already paid out beyond the new amount is a refund the organisation owes."""
    try:
        value = parse_euros(amount, maximum=MAX_AWARD)
    except Invalid as error:
        raise Invalid(error.message, fields={"amount": [error.message]}) from error
    why = text(reason, "reason", limit=2000)
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        left = locked.amount - locked.reclaimed
        if value <= 0 or value > left:
            message = _("You can reclaim at most %(left)s.") % {"left": format_euros(left)}
            raise Invalid(message, fields={"amount": [message]})
        paid = _paid(locked)
        locked.reclaimed += value
        locked.save(update_fields=["reclaimed"])
        refund = max(Decimal("0.00"), paid - (locked.amount - locked.reclaimed))
        if refund:
            line_refund(locked.line_id, refund)
        line_release(locked.line_id, value)
        # Planned payments shrink: the balance first, then the advance.
        to_cut = value
        for payment in locked.payments.filter(paid_on__isnull=True).order_by("-due_on"):
            cut = min(to_cut, payment.amount)
            if cut == payment.amount:
                payment.delete()
            else:
                payment.amount -= cut
                payment.save(update_fields=["amount"])
            to_cut -= cut
            if not to_cut:
                break
        log(
            by=by,
            subject=locked,
            change="reclaimed",
            to_state=str(value),
            reason=why,
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.reclaimed",
            actor=by,
            subject=locked,
            data={"amount": euros(value), "title": locked.title},
        )
    return locked
