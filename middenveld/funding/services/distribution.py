"""Distribution rules: an amount for every eligible organisation at once.

The rule is a base amount plus an amount per activity in tiers::

    {"base": "500.00",
     "tiers": [{"up_to": 10, "per_activity": "50.00"}, {"up_to": null, "per_activity": "25.00"}]}

means 500 euros, plus 50 for each of the first 10 activities and 25 for each one after.
``up_to`` counts activities from the first (10, then 25 means activities 11 to 25); only
the last tier may have no limit; activities beyond a last tier with a limit earn nothing.

Who receives: the organisations that meet the regulation's applicant requirement
(``eligible_organisations``). How many activities: from their accepted activity reports
of the previous year, or from a CSV file. When the total exceeds what the line has left,
every amount is scaled down by the same factor and rounded down to the cent, so the total
never exceeds it; the remainder stays on the line. ``distribution_preview`` only computes
and keeps the run; ``distribution_commit`` makes one award per organisation in one
transaction: all of them, or none.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.core.errors import Conflict, Invalid
from middenveld.funding.models import (
    BudgetLine,
    DistributionRun,
    Regulation,
    ReportKind,
    ReportObligation,
)
from middenveld.funding.money import CENT, parse_euros
from middenveld.funding.regulation import requirement
from middenveld.funding.services.awards import award_create
from middenveld.funding.services.common import euros, log, text
from middenveld.organisations.eligibility import eligible_organisations
from middenveld.organisations.models import Organisation

ZERO = Decimal("0.00")
FACTOR = Decimal("0.00000001")
MAX_TIERS = 10
MAX_ACTIVITIES = 100_000
MAX_PER = Decimal("100000")
MAX_CSV_ROWS = 20_000
MAX_CSV_CHARS = 1_000_000
MAX_ID = 2**63 - 1


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


def _euro(value: Any, field: str) -> Decimal:
    if value is None or value == "":
        return ZERO
    if isinstance(value, float):
        value = str(value)
    try:
        return parse_euros(value, maximum=MAX_PER, field=field)
    except TypeError as error:
        raise _invalid(field, _("The amount is not a number.")) from error


def rule_normalise(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule checked, amounts as ``"50.00"``; ``Invalid`` naming the tier otherwise."""
    if not isinstance(rule, Mapping):
        raise _invalid("rule", _("The rule must have a base amount and tiers."))
    unknown = sorted(set(rule) - {"base", "tiers"})
    if unknown:
        raise _invalid("rule", _("“%(key)s” is not part of a rule.") % {"key": unknown[0]})
    base = _euro(rule.get("base"), "base")
    tiers_in = rule.get("tiers") or []
    if not isinstance(tiers_in, list):
        raise _invalid("tiers", _("The tiers must be a list."))
    if len(tiers_in) > MAX_TIERS:
        raise _invalid("tiers", _("At most %(count)s tiers.") % {"count": MAX_TIERS})
    tiers: list[dict[str, Any]] = []
    previous = 0
    for index, tier in enumerate(tiers_in):
        label = {"tier": index + 1}
        if not isinstance(tier, Mapping) or set(tier) - {"up_to", "per_activity"}:
            raise _invalid("tiers", _("Tier %(tier)s: give up_to and per_activity.") % label)
        up_to = tier.get("up_to")
        if up_to in (None, ""):
            if index != len(tiers_in) - 1:
                raise _invalid(
                    "tiers", _("Tier %(tier)s: only the last tier can have no limit.") % label
                )
            up_to = None
        else:
            try:
                up_to = int(str(up_to).strip())
            except ValueError:
                up_to = 0
            if up_to <= previous or up_to > MAX_ACTIVITIES:
                raise _invalid(
                    "tiers",
                    _("Tier %(tier)s: the limit must be a whole number above %(previous)s.")
                    % {**label, "previous": previous},
                )
            previous = up_to
        per = _euro(tier.get("per_activity"), "tiers")
        tiers.append({"up_to": up_to, "per_activity": euros(per)})
    if base == 0 and not any(Decimal(t["per_activity"]) > 0 for t in tiers):
        raise _invalid("base", _("Give a base amount or an amount per activity."))
    return {"base": euros(base), "tiers": tiers}


def rule_amount(rule: Mapping[str, Any], activities: int) -> tuple[Decimal, Decimal]:
    """(base, per-activity part) for ``activities`` under a normalised rule."""
    counted = 0
    extra = ZERO
    for tier in rule["tiers"]:
        limit = tier["up_to"]
        top = activities if limit is None else min(activities, limit)
        if top > counted:
            extra += Decimal(tier["per_activity"]) * (top - counted)
            counted = top
        if limit is None or counted >= activities:
            break
    return Decimal(rule["base"]), extra


def _activities(value: Any, field: str = "activities") -> int:
    if isinstance(value, bool):
        raise _invalid(field, _("The number of activities is a whole number."))
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError) as error:
        raise _invalid(field, _("The number of activities is a whole number.")) from error
    if not 0 <= number <= MAX_ACTIVITIES:
        raise _invalid(
            field,
            _("The number of activities is between 0 and %(max)s.") % {"max": MAX_ACTIVITIES},
        )
    return number


def _rules_of(line: BudgetLine) -> dict[str, Any]:
    instrument = line.budget.instrument
    try:
        regulation = instrument.regulation
    except Regulation.DoesNotExist:
        regulation = None
    version = regulation.current() if regulation is not None else None
    if version is None:
        raise Invalid(
            _(
                "%(instrument)s has no regulation in force, so who may receive money cannot "
                "be decided. Import a regulation first."
            )
            % {"instrument": instrument.name},
            code="no_regulation",
        )
    return version.rules


def eligible_for(line: BudgetLine):  # type: ignore[no-untyped-def]
    """The organisations that meet the line's regulation today."""
    return eligible_organisations(requirement(_rules_of(line)))


def activities_from_reports(*, line: BudgetLine, year: int | None = None) -> dict[int, int]:
    """Activities per organisation from accepted activity reports on awards of the same
    instrument in ``year`` (the year before the line's budget by default)."""
    year = year or line.budget.year - 1
    rows = (
        ReportObligation.objects.filter(
            kind=ReportKind.ACTIVITY,
            accepted_at__isnull=False,
            activities__isnull=False,
            award__line__budget__instrument_id=line.budget.instrument_id,
            award__line__budget__year=year,
        )
        .values("award__organisation_id")
        .annotate(total=Sum("activities"))
    )
    return {row["award__organisation_id"]: int(row["total"]) for row in rows}


_KBO = re.compile(r"^[0-9]{9,10}$")


def activities_from_csv(text_in: str | bytes) -> dict[int, int]:
    """``organisation;activities`` per line: the organisation by id or KBO number. A header
    line is allowed; a comma works as separator too. Refused with the line and the reason."""
    if isinstance(text_in, bytes):
        try:
            text_in = text_in.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _invalid(
                "csv", _("The file is not readable text; save it as UTF-8 and try again.")
            ) from error
    if len(text_in) > MAX_CSV_CHARS:
        raise _invalid("csv", _("The file is too large."))
    lines = text_in.splitlines()
    if len(lines) > MAX_CSV_ROWS:
        raise _invalid("csv", _("The file has too many lines."))
    delimiter = ";" if ";" in (lines[0] if lines else "") else ","
    raw: list[tuple[int, str, str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text_in), delimiter=delimiter), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != 2:
            raise _line(number, _("write the organisation and the number of activities."))
        if number == 1 and not re.search(r"[0-9]", cells[1]):
            continue  # a header
        raw.append((number, cells[0], cells[1]))
    ids = {int(ref) for _n, ref, _a in raw if ref.isdigit() and len(ref) < 9}
    kbos = {_kbo(ref) for _n, ref, _a in raw if _kbo(ref)}
    by_id = set(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    by_kbo = dict(Organisation.objects.filter(kbo_number__in=kbos).values_list("kbo_number", "pk"))
    result: dict[int, int] = {}
    for number, ref, count in raw:
        kbo = _kbo(ref)
        if kbo:
            organisation = by_kbo.get(kbo)
        elif ref.isdigit() and len(ref) < 9:
            organisation = int(ref) if int(ref) in by_id else None
        else:
            raise _line(number, _("“%(ref)s” is not an id or a KBO number.") % {"ref": ref[:40]})
        if organisation is None:
            raise _line(number, _("no organisation has “%(ref)s”.") % {"ref": ref[:40]})
        if organisation in result:
            raise _line(number, _("this organisation is already on an earlier line."))
        try:
            result[organisation] = _activities(count)
        except Invalid as error:
            raise _line(number, str(error.message)) from error
    return result


def _kbo(ref: str) -> str:
    digits = re.sub(r"[.\s]", "", ref)
    if ("." in ref or len(digits) >= 9) and _KBO.match(digits):
        return digits.zfill(10)
    return ""


def _line(number: int, reason: str) -> Invalid:
    message = _("Line %(line)s: %(reason)s") % {"line": number, "reason": reason}
    return Invalid(message, fields={"csv": [message]}, details={"line": number})


def distribution_preview(
    *,
    line: BudgetLine,
    rule: Mapping[str, Any],
    organisations_activities: Mapping[Any, Any],
    by: Any,
) -> DistributionRun:
    """Compute the amounts and keep them as a run; nothing is committed yet.

    Every eligible organisation gets the rule's amount for its activities (0 when it is not
    in ``organisations_activities``); organisations listed that are not eligible are shown
    with no amount. Above what the line has left, all amounts are scaled pro rata."""
    normal = rule_normalise(rule)
    activities: dict[int, int] = {}
    for key, value in dict(organisations_activities).items():
        try:
            organisation_id = int(key)
        except (TypeError, ValueError) as error:
            raise _invalid("activities", _("An organisation is given by its id.")) from error
        if not 1 <= organisation_id <= MAX_ID:
            raise _invalid(
                "activities",
                _("There is no organisation with the id %(id)s.") % {"id": organisation_id},
            )
        activities[organisation_id] = _activities(value)
    line = BudgetLine.objects.select_related("budget__instrument").get(pk=line.pk)
    eligible = list(
        eligible_for(line).order_by("name", "pk").only("pk", "name", "kbo_number", "vcode")
    )
    eligible_ids = {organisation.pk for organisation in eligible}
    others = list(
        Organisation.objects.filter(pk__in=set(activities) - eligible_ids)
        .order_by("name", "pk")
        .only("pk", "name", "kbo_number")
    )
    unknown = set(activities) - eligible_ids - {o.pk for o in others}
    if unknown:
        raise _invalid(
            "activities",
            _("There is no organisation with the id %(id)s.") % {"id": min(unknown)},
        )
    rows: list[dict[str, Any]] = []
    total_computed = ZERO
    for organisation in eligible:
        count = activities.get(organisation.pk, 0)
        base, extra = rule_amount(normal, count)
        computed = base + extra
        total_computed += computed
        rows.append(
            {
                "organisation": organisation.pk,
                "name": organisation.name,
                "kbo": organisation.kbo_number or "",
                "eligible": True,
                "activities": count,
                "base": euros(base),
                "per_activity": euros(extra),
                "computed": euros(computed),
                "amount": euros(computed),
            }
        )
    available = line.available
    factor = Decimal("1")
    if total_computed > available:
        factor = (available / total_computed).quantize(FACTOR, rounding=ROUND_DOWN)
        for row in rows:
            row["amount"] = euros(
                (Decimal(row["computed"]) * factor).quantize(CENT, rounding=ROUND_DOWN)
            )
    for organisation in others:
        rows.append(
            {
                "organisation": organisation.pk,
                "name": organisation.name,
                "kbo": organisation.kbo_number or "",
                "eligible": False,
                "activities": activities[organisation.pk],
                "base": "0.00",
                "per_activity": "0.00",
                "computed": "0.00",
                "amount": "0.00",
            }
        )
    total = sum((Decimal(row["amount"]) for row in rows), ZERO)
    with transaction.atomic():
        run = DistributionRun.objects.create(
            line=line,
            rule=normal,
            result=rows,
            factor=factor,
            total=total,
            created_by=by if getattr(by, "pk", None) else None,
        )
        log(by=by, subject=run, change="previewed", to_state=euros(total))
    return run


def distribution_summary(run: DistributionRun) -> dict[str, Any]:
    """Totals for the preview: computed, distributed, what the line has left now."""
    computed = sum((Decimal(row["computed"]) for row in run.result), ZERO)
    available = run.line.available
    return {
        "computed": computed,
        "total": run.total,
        "available": available,
        "remainder": available - run.total if not run.committed_at else available,
        "scaled": run.factor < 1,
        "recipients": sum(1 for row in run.result if Decimal(row["amount"]) > 0),
        "left_out": sum(1 for row in run.result if not row["eligible"]),
    }


def distribution_commit(
    *, run: DistributionRun, decision_reference: str, decided_on: date, by: Any
) -> list:
    """One award per organisation with an amount, in one transaction; a second commit of
    the same run is refused, and when one award does not fit the line none is made."""
    reference = text(decision_reference, "decision_reference", limit=60)
    if not isinstance(decided_on, date):
        raise _invalid("decided_on", _("Give the day of the decision."))
    with transaction.atomic():
        locked = (
            DistributionRun.objects.select_for_update(of=("self",))
            .select_related("line__budget__instrument")
            .get(pk=run.pk)
        )
        if locked.committed_at is not None:
            raise Conflict(
                _("This distribution was already committed on %(day)s.")
                % {"day": timezone.localtime(locked.committed_at).strftime("%d/%m/%Y")},
                code="already_committed",
            )
        rows = [row for row in locked.result if Decimal(row["amount"]) > 0]
        if not rows:
            raise Conflict(_("This distribution gives no money to anyone; nothing to commit."))
        organisations = Organisation.objects.in_bulk([row["organisation"] for row in rows])
        title = _("%(instrument)s %(year)s: distribution") % {
            "instrument": locked.line.budget.instrument.name,
            "year": locked.line.budget.year,
        }
        awards = []
        for row in rows:
            organisation = organisations.get(row["organisation"])
            if organisation is None:
                raise Conflict(
                    _("The organisation %(name)s no longer exists; preview again.")
                    % {"name": row["name"]}
                )
            awards.append(
                award_create(
                    line=locked.line,
                    organisation=organisation,
                    amount=Decimal(row["amount"]),
                    title=title[:200],
                    decision_reference=reference,
                    decided_on=decided_on,
                    by=by,
                    distribution=locked,
                )
            )
        locked.committed_at = timezone.now()
        locked.decision_reference = reference
        locked.save(update_fields=["committed_at", "decision_reference"])
        log(
            by=by,
            subject=locked,
            change="committed",
            to_state=euros(locked.total),
            reason=reference,
        )
    run.committed_at = locked.committed_at
    run.decision_reference = reference
    return awards
