"""Budgets and budget lines: the money can never be committed twice.

``committed`` and ``paid`` on a line change only here, each with one conditional UPDATE
(``committed = committed + x WHERE committed + x <= amount``). PostgreSQL takes the row's
lock and evaluates the condition again after a concurrent writer commits, so many awards
at once take turns and the last ones find too little left; SQLite runs one writer at a
time. The CHECK constraints on ``BudgetLine`` are the last word if code ever forgets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from middenveld.core.errors import Conflict, Invalid, NotFound
from middenveld.funding.models import Budget, BudgetLine, BudgetTransfer, Instrument
from middenveld.funding.money import format_euros, parse_euros
from middenveld.funding.services.common import log, text

MAX_LINE = Decimal("100000000")
# Amounts are whole cents. SQLite computes decimal columns as floating point, so a line
# filled to the exact cent could compare as a hair over; half a cent of slack in the
# conditions is exact for cents on both databases.
SLACK = Decimal("0.005")


def _amount(value: Any, field: str, *, allow_zero: bool = False, maximum: Decimal) -> Decimal:
    try:
        amount = parse_euros(value, maximum=maximum)
    except Invalid as error:
        raise Invalid(error.message, fields={field: [error.message]}) from error
    if amount == 0 and not allow_zero:
        message = _("The amount must be more than zero.")
        raise Invalid(message, fields={field: [message]})
    return amount


def budget_create(*, instrument: Instrument, year: int, by: Any) -> Budget:
    if not 2000 <= int(year) <= 2100:
        message = _("Give a year between 2000 and 2100.")
        raise Invalid(message, fields={"year": [message]})
    with transaction.atomic():
        if Budget.objects.filter(instrument=instrument, year=year).exists():
            raise Conflict(
                _("%(instrument)s already has a budget for %(year)s.")
                % {"instrument": instrument.name, "year": year}
            )
        budget = Budget.objects.create(instrument=instrument, year=year)
        log(by=by, subject=budget, change="created", to_state=str(year))
    return budget


def line_create(
    *,
    budget: Budget,
    code: str,
    name: str,
    amount: Any,
    by: Any,
    decided_by_ballot: Any = None,
    decision_note: str = "",
) -> BudgetLine:
    code = text(code, "code", limit=40)
    name = text(name, "name", limit=160)
    value = _amount(amount, "amount", allow_zero=True, maximum=MAX_LINE)
    with transaction.atomic():
        if BudgetLine.objects.filter(budget=budget, code=code).exists():
            message = _("This budget already has a line with this code.")
            raise Invalid(message, fields={"code": [message]})
        line = BudgetLine.objects.create(
            budget=budget,
            code=code,
            name=name,
            amount=value,
            decided_by_ballot=decided_by_ballot,
            decision_note=text(decision_note, "decision_note", limit=300, required=False),
        )
        log(by=by, subject=line, change="created", to_state=str(value))
    return line


def line_set_decision(*, line: BudgetLine, ballot: Any, note: str, by: Any) -> BudgetLine:
    """Record the participation decision (a ballot) that set this line's amount."""
    line.decided_by_ballot = ballot
    line.decision_note = text(note, "decision_note", limit=300, required=False)
    line.save(update_fields=["decided_by_ballot", "decision_note"])
    log(by=by, subject=line, change="decision", reason=line.decision_note)
    return line


def line_transfer(
    *, from_line: BudgetLine, to_line: BudgetLine, amount: Any, reason: str, by: Any
) -> BudgetTransfer:
    """Move money between two lines; what is committed on the first line stays covered."""
    if from_line.pk == to_line.pk:
        raise Invalid(_("Choose two different lines."))
    value = _amount(amount, "amount", maximum=MAX_LINE)
    why = text(reason, "reason", limit=2000)
    with transaction.atomic():
        taken = BudgetLine.objects.filter(
            pk=from_line.pk, amount__gte=F("committed") + value - SLACK
        ).update(amount=F("amount") - value)
        if not taken:
            line = BudgetLine.objects.get(pk=from_line.pk)
            raise Conflict(
                _("Only %(free)s on %(line)s is not committed; you cannot move more.")
                % {"free": format_euros(line.available), "line": line.name}
            )
        BudgetLine.objects.filter(pk=to_line.pk).update(amount=F("amount") + value)
        transfer = BudgetTransfer.objects.create(
            from_line=from_line, to_line=to_line, amount=value, reason=why, by=by
        )
        log(by=by, subject=from_line, change="transfer_out", to_state=str(value), reason=why)
        log(by=by, subject=to_line, change="transfer_in", to_state=str(value), reason=why)
    from_line.refresh_from_db()
    to_line.refresh_from_db()
    return transfer


def line_commit(line_id: int, amount: Decimal) -> None:
    """Commit ``amount`` on the line, or refuse when it has less left. Call inside the
    transaction that creates what the money is for."""
    try:
        with transaction.atomic():
            done = BudgetLine.objects.filter(
                pk=line_id, committed__lte=F("amount") - amount + SLACK
            ).update(committed=F("committed") + amount)
    except IntegrityError as error:  # the CHECK constraint: never more than the budget
        done = 0
        cause: Exception | None = error
    else:
        cause = None
    if not done:
        try:
            line = BudgetLine.objects.get(pk=line_id)
        except BudgetLine.DoesNotExist as missing:
            raise NotFound(_("This budget line does not exist.")) from missing
        raise Conflict(
            _("%(line)s has %(free)s left; %(amount)s does not fit.")
            % {
                "line": line.name,
                "free": format_euros(line.available),
                "amount": format_euros(amount),
            },
            code="budget_exceeded",
            details={"available": str(line.available)},
        ) from cause


def line_release(line_id: int, amount: Decimal) -> None:
    """Give back committed money (a reclaim, a cancelled award)."""
    BudgetLine.objects.filter(pk=line_id).update(committed=F("committed") - amount)


def line_pay(line_id: int, amount: Decimal) -> None:
    done = BudgetLine.objects.filter(pk=line_id, paid__lte=F("committed") - amount + SLACK).update(
        paid=F("paid") + amount
    )
    if not done:
        raise Conflict(_("This payment is more than what is committed on the line."))


def line_refund(line_id: int, amount: Decimal) -> None:
    BudgetLine.objects.filter(pk=line_id).update(paid=F("paid") - amount)
