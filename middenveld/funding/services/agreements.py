"""Agreements (convenanten): multi-year funding negotiated with one organisation.

An agreement has an amount per year; each year commits money on a budget line through
``award_create`` like any award, so the line's limit applies. Amendments (addenda) are
numbered and may change the amount of a year that is not committed yet. Indicators have
a target per year; the organisation's members and city staff report the values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.funding.models import (
    Agreement,
    AgreementYear,
    Amendment,
    Award,
    BudgetLine,
    Indicator,
    IndicatorReport,
    Instrument,
    InstrumentKind,
)
from middenveld.funding.money import parse_euros
from middenveld.funding.services.awards import MAX_AWARD, award_create
from middenveld.funding.services.common import euros, log, text
from middenveld.organisations.timeline import timeline_record

MAX_YEARS = 10
MAX_INDICATOR = Decimal("9999999999.99")


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


def _year(value: Any, field: str = "year") -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise _invalid(field, _("Give a year between 2000 and 2100."))
    return year


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = parse_euros(value, maximum=MAX_AWARD, field=field)
    except TypeError as error:
        raise _invalid(field, _("The amount is not a number.")) from error
    if amount <= 0:
        raise _invalid(field, _("The amount must be more than zero."))
    return amount


def _check_line(line: BudgetLine, year: int, instrument: Instrument, field: str) -> None:
    if line.budget.year != year:
        raise _invalid(
            field,
            _("The line %(line)s belongs to the budget of %(budget)s, not %(year)s.")
            % {"line": line.name, "budget": line.budget.year, "year": year},
        )
    if line.budget.instrument_id != instrument.pk:
        raise _invalid(field, _("This budget line belongs to another instrument."))


def agreement_create(
    *,
    instrument: Instrument,
    organisation: Any,
    title: str,
    reference: str,
    starts_on: date,
    ends_on: date,
    years: Mapping[Any, Any],
    by: Any,
    lines: Mapping[Any, BudgetLine | None] | None = None,
    signed_on: date | None = None,
) -> Agreement:
    """Record an agreement with an amount per year (each year inside its period) and,
    optionally, the budget line each year will be committed on."""
    if instrument.kind != InstrumentKind.AGREEMENT:
        raise _invalid("instrument", _("Choose an instrument for agreements."))
    title = text(title, "title", limit=200)
    reference = text(reference, "reference", limit=40)
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        raise _invalid("starts_on", _("Give the first and the last day of the agreement."))
    if ends_on <= starts_on:
        raise _invalid("ends_on", _("The agreement must end after it starts."))
    if not years:
        raise _invalid("years", _("Give the amount for at least one year."))
    if len(years) > MAX_YEARS:
        raise _invalid(
            "years", _("An agreement runs at most %(count)s years.") % {"count": MAX_YEARS}
        )
    amounts: dict[int, Decimal] = {}
    for key, value in years.items():
        year = _year(key, "years")
        if not starts_on.year <= year <= ends_on.year:
            raise _invalid(
                "years",
                _("%(year)s is outside the period of the agreement (%(first)s to %(last)s).")
                % {"year": year, "first": starts_on.year, "last": ends_on.year},
            )
        if year in amounts:
            raise _invalid("years", _("The year %(year)s is given twice.") % {"year": year})
        amounts[year] = _amount(value, "years")
    chosen: dict[int, BudgetLine] = {}
    for key, line in (lines or {}).items():
        if line is None:
            continue
        year = _year(key, "lines")
        if year not in amounts:
            raise _invalid("lines", _("%(year)s has no amount.") % {"year": year})
        _check_line(line, year, instrument, "lines")
        chosen[year] = line
    with transaction.atomic():
        if Agreement.objects.filter(reference=reference).exists():
            raise _invalid("reference", _("Another agreement already has this reference."))
        agreement = Agreement.objects.create(
            reference=reference,
            instrument=instrument,
            organisation=organisation,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            signed_on=signed_on,
        )
        AgreementYear.objects.bulk_create(
            AgreementYear(agreement=agreement, year=year, amount=amount, line=chosen.get(year))
            for year, amount in sorted(amounts.items())
        )
        total = sum(amounts.values(), Decimal("0.00"))
        log(
            by=by,
            subject=agreement,
            change="created",
            to_state=euros(total),
            organisation=organisation,
        )
        timeline_record(
            organisation=organisation,
            kind="funding.agreement",
            actor=by,
            subject=agreement,
            data={"reference": reference, "title": title},
        )
    return agreement


def agreement_commit_year(
    *,
    agreement_year: AgreementYear,
    decision_reference: str,
    decided_on: date,
    by: Any,
    line: BudgetLine | None = None,
) -> Award:
    """Commit one year's amount on ``line`` (or the line planned for the year) as an award.
    The line refuses (``budget_exceeded``) when it has less left; then nothing changes."""
    with transaction.atomic():
        year = (
            AgreementYear.objects.select_for_update(of=("self",))
            .select_related("agreement__organisation", "agreement__instrument", "line__budget")
            .get(pk=agreement_year.pk)
        )
        if Award.objects.filter(agreement_year=year).exists():
            raise Conflict(
                _("The year %(year)s of this agreement is already committed.")
                % {"year": year.year},
                code="already_committed",
            )
        line = line or year.line
        if line is None:
            raise _invalid("line", _("Choose the budget line this year is committed on."))
        agreement = year.agreement
        _check_line(line, year.year, agreement.instrument, "line")
        if not isinstance(decided_on, date):
            raise _invalid("decided_on", _("Give the day of the decision."))
        award = award_create(
            line=line,
            organisation=agreement.organisation,
            amount=year.amount,
            title=f"{agreement.title} ({year.year})"[:200],
            decision_reference=decision_reference,
            decided_on=decided_on,
            by=by,
            agreement_year=year,
            reports_due_on=date(year.year + 1, 3, 31),
        )
        if year.line_id != line.pk:
            year.line = line
            year.save(update_fields=["line"])
        log(
            by=by,
            subject=agreement,
            change="year_committed",
            to_state=str(year.year),
            reason=award.decision_reference,
            organisation=agreement.organisation,
        )
    agreement_year.line = line
    return award


def _changes(agreement: Agreement, changes: Mapping[str, Any]) -> dict[int, Decimal]:
    if not isinstance(changes, Mapping):
        raise _invalid("changes", _("The changes must be a list of years and amounts."))
    unknown = sorted(set(changes) - {"amounts"})
    if unknown:
        raise _invalid(
            "changes",
            _("An amendment can change the yearly amounts; “%(key)s” is not known.")
            % {"key": unknown[0]},
        )
    raw = changes.get("amounts") or {}
    if not isinstance(raw, Mapping):
        raise _invalid("changes", _("The changes must be a list of years and amounts."))
    amounts: dict[int, Decimal] = {}
    for key, value in raw.items():
        year = _year(key, "changes")
        if not agreement.starts_on.year <= year <= agreement.ends_on.year:
            raise _invalid(
                "changes",
                _("%(year)s is outside the period of the agreement (%(first)s to %(last)s).")
                % {
                    "year": year,
                    "first": agreement.starts_on.year,
                    "last": agreement.ends_on.year,
                },
            )
        amounts[year] = _amount(value, "changes")
    return amounts


def amendment_add(
    *,
    agreement: Agreement,
    signed_on: date,
    description: str,
    changes: Mapping[str, Any] | None = None,
    by: Any,
) -> Amendment:
    """Add the next amendment. ``changes`` = ``{"amounts": {year: amount}}`` sets the amount
    of a year (a new year inside the period is added); a committed year cannot change."""
    description = text(description, "description", limit=5000)
    if not isinstance(signed_on, date):
        raise _invalid("signed_on", _("Give the day the amendment was signed."))
    amounts = _changes(agreement, changes or {})
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        years = {row.year: row for row in locked.years.select_for_update()}
        committed = set(
            Award.objects.filter(agreement_year__agreement=locked).values_list(
                "agreement_year__year", flat=True
            )
        )
        stored: dict[str, dict[str, str]] = {}
        for year, amount in sorted(amounts.items()):
            row = years.get(year)
            if year in committed and row is not None and row.amount != amount:
                raise Conflict(
                    _(
                        "The year %(year)s is already committed; its amount cannot change "
                        "by an amendment."
                    )
                    % {"year": year}
                )
            before = row.amount if row is not None else None
            if row is None:
                AgreementYear.objects.create(agreement=locked, year=year, amount=amount)
            elif row.amount != amount:
                row.amount = amount
                row.save(update_fields=["amount"])
            stored[str(year)] = {
                "from": euros(before) if before is not None else "",
                "to": euros(amount),
            }
        number = (locked.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
        amendment = Amendment.objects.create(
            agreement=locked,
            number=number,
            signed_on=signed_on,
            description=description,
            changes={"amounts": stored} if stored else {},
        )
        log(
            by=by,
            subject=locked,
            change="amended",
            to_state=str(number),
            reason=description[:500],
            organisation=locked.organisation,
        )
        timeline_record(
            organisation=locked.organisation,
            kind="funding.amendment",
            actor=by,
            subject=locked,
            data={"number": number, "reference": locked.reference},
        )
    return amendment


def _number(value: Any, field: str, *, allow_negative: bool = False) -> Decimal:
    raw = str(value if value is not None else "").strip().replace(" ", "")
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        number = Decimal(raw)
    except (InvalidOperation, ValueError) as error:
        raise _invalid(field, _("Give a number, such as 12 or 12.5.")) from error
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        raise _invalid(field, _("Give a number with at most two decimals."))
    if abs(number) > MAX_INDICATOR:
        raise _invalid(field, _("This number is too large."))
    if number < 0 and not allow_negative:
        raise _invalid(field, _("The number cannot be negative."))
    return number.quantize(Decimal("0.01"))


def indicator_add(
    *, agreement: Agreement, name: str, unit: str = "", target: Any, by: Any
) -> Indicator:
    name = text(name, "name", limit=200)
    unit = text(unit, "unit", limit=40, required=False)
    value = _number(target, "target")
    with transaction.atomic():
        indicator = Indicator.objects.create(
            agreement=agreement, name=name, unit=unit, target=value
        )
        log(
            by=by,
            subject=agreement,
            change="indicator_added",
            to_state=str(indicator.pk),
            reason=name,
            organisation=agreement.organisation,
        )
    return indicator


def indicator_report(
    *, indicator: Indicator, year: Any, value: Any, note: str = "", by: Any
) -> IndicatorReport:
    """Report the value of an indicator for a year of the agreement (staff or a member of
    the organisation). A second report for the same year replaces the first, logged."""
    agreement = indicator.agreement
    organisation = agreement.organisation
    if not (
        rules.check("funding.manage", by) or rules.check("funding.apply_for", by, organisation)
    ):
        raise Forbidden(_("Only members of this organisation and city staff can report."))
    year = _year(year)
    if not agreement.starts_on.year <= year <= agreement.ends_on.year:
        raise _invalid(
            "year",
            _("%(year)s is outside the period of the agreement (%(first)s to %(last)s).")
            % {"year": year, "first": agreement.starts_on.year, "last": agreement.ends_on.year},
        )
    number = _number(value, "value")
    note = text(note, "note", limit=2000, required=False)
    with transaction.atomic():
        report = (
            IndicatorReport.objects.select_for_update()
            .filter(indicator=indicator, year=year)
            .first()
        )
        before = ""
        if report is None:
            report = IndicatorReport.objects.create(
                indicator=indicator, year=year, value=number, note=note
            )
        else:
            before = str(report.value)
            report.value = number
            report.note = note
            report.save(update_fields=["value", "note"])
        log(
            by=by,
            subject=agreement,
            change="indicator_report",
            from_state=before,
            to_state=str(number),
            reason=f"{indicator.name} {year}",
            organisation=organisation,
        )
        timeline_record(
            organisation=organisation,
            kind="funding.indicator_report",
            actor=by,
            subject=agreement,
            data={"year": year, "reference": agreement.reference},
        )
    return report
