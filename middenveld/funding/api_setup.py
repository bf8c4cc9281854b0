"""Funding set-up in the API: budgets and lines, transfers, regulation versions, calls,
agreements and distributions — the same services as the staff pages.

Every path under ``/funding/setup/`` is for city staff (rule ``funding.manage``): anyone
else gets 403 (401 without credentials), before any id is looked at; an id that does not
exist is a 404. Amounts are text (``"1250.00"``; ``1.250,00`` is read the Belgian way),
never a float. Request bodies carry only the fields listed in their schema; anything else
(``committed``, ``paid``, ``status``) is ignored and changes nothing.

``GET /funding/agreements/{id}`` and ``POST /funding/agreements/{id}/indicator-reports``
are for the organisation's members (rule ``funding.apply_for``) and city staff.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Answer

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.permissions import require_rule
from middenveld.core import rules
from middenveld.core.errors import NotFound
from middenveld.funding.models import (
    Agreement,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    DistributionRun,
    Indicator,
    Instrument,
    RegulationVersion,
)
from middenveld.funding.regulation import rules_dump
from middenveld.funding.services import agreements as agreement_services
from middenveld.funding.services import budget as budget_services
from middenveld.funding.services import distribution as distribution_services
from middenveld.funding.services import setup as setup_services
from middenveld.organisations.models import Organisation

router = Router(tags=["funding"])

MAX_ID = 2**63 - 1
STAFF = "funding.manage"
Amount = str | int


def _find(queryset: QuerySet[Any], pk: int | None) -> Any:
    if pk is None or not 1 <= pk <= MAX_ID:
        return None
    return queryset.filter(pk=pk).first()


def _missing(field: str, message: str) -> NotFound:
    return NotFound(message, details={"fields": {field: [message]}})


def _line(pk: int | None, field: str = "line") -> BudgetLine:
    line = _find(BudgetLine.objects.select_related("budget__instrument"), pk)
    if line is None:
        raise _missing(field, _("There is no budget line with this number."))
    return line


def _instrument(slug: str, field: str = "instrument") -> Instrument:
    instrument = Instrument.objects.filter(slug=slug[:60]).first()
    if instrument is None:
        raise _missing(field, _("There is no instrument with this address."))
    return instrument


# --- schemas -----------------------------------------------------------------------------


class LineOut(Schema):
    id: int
    code: str
    name: str
    year: int
    instrument: str
    budgeted: str
    committed: str
    paid: str
    available: str
    decided_by_ballot: int | None
    decision_note: str


class BudgetOut(Schema):
    id: int
    instrument: str
    year: int
    lines: list[LineOut]


class BudgetIn(Schema):
    instrument: str = Field(..., description="The instrument's address (slug).")
    year: int


class LineIn(Schema):
    code: str
    name: str
    amount: Amount


class TransferIn(Schema):
    from_line: int
    to_line: int
    amount: Amount
    reason: str = ""


class TransferOut(Schema):
    id: int
    from_line: int
    to_line: int
    amount: str
    reason: str
    at: Any


class DecisionIn(Schema):
    ballot: int | None = None
    note: str = ""


class VersionOut(Schema):
    number: int
    valid_from: date
    note: str
    rules_hash: str


class VersionFileOut(VersionOut):
    format: str
    text: str


class VersionIn(Schema):
    text: str = Field(..., max_length=200_000)
    format: Literal["yaml", "json"] = "yaml"
    valid_from: date
    note: str = ""


class FieldIn(Schema):
    key: str = ""
    type: str = ""
    label_nl: str = ""
    label_en: str = ""
    help: str = ""
    required: bool = False
    choices: list[str] | str = Field(default_factory=list)
    attachment: str = ""


class CriterionIn(Schema):
    key: str = ""
    label_nl: str = ""
    label_en: str = ""
    weight: int | str = 1
    scale: int | str = 5


class CallIn(Schema):
    title: str
    slug: str
    description: str = ""
    instrument: str = Field(..., description="The instrument's address (slug).")
    line: int
    opens_on: date
    opens_time: time
    closes_on: date
    closes_time: time = Field(..., description="Brussels wall-clock time.")
    regulation_version: int | None = Field(
        None, description="The version number; empty for the one in force now."
    )
    form: list[FieldIn] = Field(default_factory=list, max_length=60)
    rubric: list[CriterionIn] = Field(default_factory=list, max_length=20)
    published: bool = True


class CallOut(Schema):
    id: int
    slug: str
    title: str
    description: str
    instrument: str
    line: int
    regulation_version: int | None
    opens_at: Any
    closes_at: Any
    form: list[dict[str, Any]]
    rubric: list[dict[str, Any]]
    published: bool


class AgreementIn(Schema):
    instrument: str
    organisation: int
    title: str
    reference: str
    starts_on: date
    ends_on: date
    signed_on: date | None = None
    years: dict[int, Amount] = Field(..., description='Amount per year: {"2026": "40000.00"}.')
    lines: dict[int, int] = Field(
        default_factory=dict, description="Budget line id per year (optional)."
    )


class YearOut(Schema):
    year: int
    amount: str
    line: int | None
    award: str | None = Field(None, description="The award's identifier once committed.")


class AmendmentOut(Schema):
    number: int
    signed_on: date
    description: str
    changes: dict[str, Any]


class ReportOut(Schema):
    year: int
    value: str
    note: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    target: str
    reports: list[ReportOut]


class AgreementOut(Schema):
    id: int
    reference: str
    title: str
    instrument: str
    organisation: int
    starts_on: date
    ends_on: date
    signed_on: date | None
    years: list[YearOut]
    amendments: list[AmendmentOut]
    indicators: list[IndicatorOut]


class CommitIn(Schema):
    line: int | None = None
    decision_reference: str
    decided_on: date


class AwardRefOut(Schema):
    identifier: str
    organisation: int
    amount: str
    line: int


class AmendmentIn(Schema):
    signed_on: date
    description: str
    amounts: dict[int, Amount] = Field(default_factory=dict)


class IndicatorIn(Schema):
    name: str
    unit: str = ""
    target: Amount


class IndicatorReportIn(Schema):
    indicator: int
    year: int
    value: Amount
    note: str = ""


class TierIn(Schema):
    up_to: int | None = None
    per_activity: Amount


class RuleIn(Schema):
    base: Amount = "0"
    tiers: list[TierIn] = Field(default_factory=list, max_length=10)


class DistributionIn(Schema):
    rule: RuleIn
    source: Literal["reports", "csv", "given"] = "reports"
    activities: dict[int, int] = Field(
        default_factory=dict, description="Activities per organisation id (source given)."
    )
    csv: str = Field("", max_length=1_000_000, description="organisation;activities lines.")


class RowOut(Schema):
    organisation: int
    name: str
    kbo: str
    eligible: bool
    activities: int
    base: str
    per_activity: str
    computed: str
    amount: str


class RunOut(Schema):
    id: int
    line: int
    rule: dict[str, Any]
    factor: str
    total: str
    available: str
    committed_at: Any
    decision_reference: str
    result: list[RowOut]


class RunCommitIn(Schema):
    decision_reference: str
    decided_on: date


# --- outputs -----------------------------------------------------------------------------


def _line_out(line: BudgetLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "code": line.code,
        "name": line.name,
        "year": line.budget.year,
        "instrument": line.budget.instrument.slug,
        "budgeted": str(line.amount),
        "committed": str(line.committed),
        "paid": str(line.paid),
        "available": str(line.available),
        "decided_by_ballot": line.decided_by_ballot_id,
        "decision_note": line.decision_note,
    }


def _transfer_out(transfer: BudgetTransfer) -> dict[str, Any]:
    return {
        "id": transfer.pk,
        "from_line": transfer.from_line_id,
        "to_line": transfer.to_line_id,
        "amount": str(transfer.amount),
        "reason": transfer.reason,
        "at": transfer.at,
    }


def _call_out(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "slug": call.slug,
        "title": call.title,
        "description": call.description,
        "instrument": call.instrument.slug,
        "line": call.line_id,
        "regulation_version": call.regulation_version.number if call.regulation_version else None,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "form": call.form,
        "rubric": call.rubric,
        "published": call.published,
    }


def _agreement_out(agreement: Agreement) -> dict[str, Any]:
    years = []
    for row in agreement.years.select_related("award").order_by("year"):
        award = getattr(row, "award", None)
        years.append(
            {
                "year": row.year,
                "amount": str(row.amount),
                "line": row.line_id,
                "award": award.identifier if award else None,
            }
        )
    return {
        "id": agreement.pk,
        "reference": agreement.reference,
        "title": agreement.title,
        "instrument": agreement.instrument.slug,
        "organisation": agreement.organisation_id,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "signed_on": agreement.signed_on,
        "years": years,
        "amendments": [
            {
                "number": a.number,
                "signed_on": a.signed_on,
                "description": a.description,
                "changes": a.changes,
            }
            for a in agreement.amendments.all()
        ],
        "indicators": [
            {
                "id": i.pk,
                "name": i.name,
                "unit": i.unit,
                "target": str(i.target),
                "reports": [
                    {"year": r.year, "value": str(r.value), "note": r.note} for r in i.reports.all()
                ],
            }
            for i in agreement.indicators.prefetch_related("reports")
        ],
    }


def _run_out(run: DistributionRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "line": run.line_id,
        "rule": run.rule,
        "factor": str(run.factor),
        "total": str(run.total),
        "available": str(run.line.available),
        "committed_at": run.committed_at,
        "decision_reference": run.decision_reference,
        "result": run.result,
    }


def _award_out(award: Any) -> dict[str, Any]:
    return {
        "identifier": award.identifier,
        "organisation": award.organisation_id,
        "amount": str(award.amount),
        "line": award.line_id,
    }


# --- budgets and lines -------------------------------------------------------------------


@router.get(
    "/funding/setup/budgets",
    response=list[BudgetOut],
    auth=AUTH_REQUIRED,
    summary="Budgets of a year with their lines (staff)",
)
def budget_list(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    require_rule(request, STAFF)
    budgets = Budget.objects.select_related("instrument").prefetch_related("lines")
    if year is not None:
        budgets = budgets.filter(year=year)
    result = []
    for budget in budgets.order_by("-year", "instrument__name")[:200]:
        lines = []
        for line in budget.lines.all():
            line.budget = budget
            lines.append(_line_out(line))
        result.append(
            {
                "id": budget.pk,
                "instrument": budget.instrument.slug,
                "year": budget.year,
                "lines": lines,
            }
        )
    return result


@router.post(
    "/funding/setup/budgets",
    response={201: BudgetOut},
    auth=AUTH_REQUIRED,
    summary="Make a budget for an instrument and a year (staff)",
)
def budget_create(request: HttpRequest, payload: BudgetIn) -> Answer[Any]:
    require_rule(request, STAFF)
    budget = budget_services.budget_create(
        instrument=_instrument(payload.instrument), year=payload.year, by=request.user
    )
    return Answer(
        201,
        {"id": budget.pk, "instrument": budget.instrument.slug, "year": budget.year, "lines": []},
    )


@router.post(
    "/funding/setup/budgets/{int:id}/lines",
    response={201: LineOut},
    auth=AUTH_REQUIRED,
    summary="Add a line to a budget (staff)",
)
def line_create(request: HttpRequest, id: int, payload: LineIn) -> Answer[Any]:  # noqa: A002
    require_rule(request, STAFF)
    budget = _find(Budget.objects.select_related("instrument"), id)
    if budget is None:
        raise NotFound(_("There is no budget with this number."))
    line = budget_services.line_create(
        budget=budget, code=payload.code, name=payload.name, amount=payload.amount, by=request.user
    )
    return Answer(201, _line_out(line))


@router.get(
    "/funding/setup/lines/{int:id}",
    response=LineOut,
    auth=AUTH_REQUIRED,
    summary="One budget line: budgeted, committed, paid, available (staff)",
)
def line_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    require_rule(request, STAFF)
    return _line_out(_line(id))


@router.post(
    "/funding/setup/transfers",
    response={201: TransferOut},
    auth=AUTH_REQUIRED,
    summary="Move money between two lines, with a reason (staff)",
)
def transfer_create(request: HttpRequest, payload: TransferIn) -> Answer[Any]:
    require_rule(request, STAFF)
    transfer = budget_services.line_transfer(
        from_line=_line(payload.from_line, "from_line"),
        to_line=_line(payload.to_line, "to_line"),
        amount=payload.amount,
        reason=payload.reason,
        by=request.user,
    )
    return Answer(201, _transfer_out(transfer))


@router.get(
    "/funding/setup/transfers",
    response=list[TransferOut],
    auth=AUTH_REQUIRED,
    summary="Transfers between lines, the latest first (staff)",
)
def transfer_list(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    require_rule(request, STAFF)
    transfers = BudgetTransfer.objects.order_by("-at")
    if year is not None:
        transfers = transfers.filter(from_line__budget__year=year)
    return [_transfer_out(transfer) for transfer in transfers[:200]]


@router.post(
    "/funding/setup/lines/{int:id}/decision",
    response=LineOut,
    auth=AUTH_REQUIRED,
    summary="Record the participation decision (ballot) behind a line (staff)",
)
def line_decision(request: HttpRequest, id: int, payload: DecisionIn) -> dict[str, Any]:  # noqa: A002
    from middenveld.ballots.models import Ballot

    require_rule(request, STAFF)
    line = _line(id)
    ballot = None
    if payload.ballot is not None:
        ballot = _find(Ballot.objects.all(), payload.ballot)
        if ballot is None:
            raise _missing("ballot", _("There is no ballot with this number."))
    budget_services.line_set_decision(line=line, ballot=ballot, note=payload.note, by=request.user)
    return _line_out(line)


# --- regulations -------------------------------------------------------------------------


def _versions(slug: str) -> QuerySet[RegulationVersion]:
    instrument = _instrument(slug)
    return RegulationVersion.objects.filter(regulation__instrument=instrument)


@router.get(
    "/funding/setup/regulations/{slug}/versions",
    response=list[VersionOut],
    auth=AUTH_REQUIRED,
    summary="The versions of an instrument's regulation (staff)",
)
def version_list(request: HttpRequest, slug: str) -> QuerySet[RegulationVersion]:
    require_rule(request, STAFF)
    return _versions(slug).order_by("-number")


@router.get(
    "/funding/setup/regulations/{slug}/versions/{int:number}",
    response=VersionFileOut,
    auth=AUTH_REQUIRED,
    summary="One version as a YAML or JSON file (staff)",
)
def version_export(
    request: HttpRequest,
    slug: str,
    number: int,
    format: Literal["yaml", "json"] = "yaml",  # noqa: A002
) -> dict[str, Any]:
    require_rule(request, STAFF)
    version = _versions(slug).filter(number=number).first() if 0 < number < 2**15 else None
    if version is None:
        raise NotFound(_("This regulation has no version with this number."))
    return {
        "number": version.number,
        "valid_from": version.valid_from,
        "note": version.note,
        "rules_hash": version.rules_hash,
        "format": format,
        "text": rules_dump(version.rules, format=format),
    }


@router.post(
    "/funding/setup/regulations/{slug}/versions",
    response={201: VersionOut},
    auth=AUTH_REQUIRED,
    summary="Import a new version from a YAML or JSON file (staff)",
)
def version_import(request: HttpRequest, slug: str, payload: VersionIn) -> Answer[Any]:
    """A file that cannot be read: 422 with ``details.line`` and ``details.reason``; the
    same rules as the latest version: 409 ``regulation_unchanged``."""
    require_rule(request, STAFF)
    instrument = _instrument(slug)
    version = setup_services.regulation_version_import(
        regulation=setup_services.regulation_of(instrument),
        text=payload.text,
        format=payload.format,
        valid_from=payload.valid_from,
        note=payload.note,
        by=request.user,
    )
    return Answer(201, version)


# --- calls -------------------------------------------------------------------------------


def _call_arguments(payload: CallIn) -> dict[str, Any]:
    instrument = _instrument(payload.instrument)
    version = None
    if payload.regulation_version is not None:
        version = (
            RegulationVersion.objects.filter(
                regulation__instrument=instrument, number=payload.regulation_version
            ).first()
            if 0 < payload.regulation_version < 2**15
            else None
        )
        if version is None:
            raise _missing(
                "regulation_version", _("This regulation has no version with this number.")
            )
    return {
        "title": payload.title,
        "slug": payload.slug,
        "description": payload.description,
        "instrument": instrument,
        "line": _line(payload.line),
        "opens_on": payload.opens_on,
        "opens_time": payload.opens_time,
        "closes_on": payload.closes_on,
        "closes_time": payload.closes_time,
        "regulation_version": version,
        "form": [row.dict() for row in payload.form],
        "rubric": [row.dict() for row in payload.rubric],
        "published": payload.published,
    }


def _call(id: int) -> Call:  # noqa: A002
    call = _find(Call.objects.select_related("instrument", "regulation_version"), id)
    if call is None:
        raise NotFound(_("There is no call with this number."))
    return call


@router.post(
    "/funding/setup/calls",
    response={201: CallOut},
    auth=AUTH_REQUIRED,
    summary="Open a call with its form and rubric (staff)",
)
def call_create(request: HttpRequest, payload: CallIn) -> Answer[Any]:
    require_rule(request, STAFF)
    call = setup_services.call_save(by=request.user, **_call_arguments(payload))
    return Answer(201, _call_out(_call(call.pk)))


@router.get(
    "/funding/setup/calls/{int:id}",
    response=CallOut,
    auth=AUTH_REQUIRED,
    summary="One call as staff set it up",
)
def call_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    require_rule(request, STAFF)
    return _call_out(_call(id))


@router.put(
    "/funding/setup/calls/{int:id}",
    response=CallOut,
    auth=AUTH_REQUIRED,
    summary="Change a call (staff)",
)
def call_update(request: HttpRequest, id: int, payload: CallIn) -> dict[str, Any]:  # noqa: A002
    require_rule(request, STAFF)
    call = _call(id)
    setup_services.call_save(by=request.user, call=call, **_call_arguments(payload))
    return _call_out(_call(id))


# --- agreements --------------------------------------------------------------------------


def _agreement(id: int) -> Agreement:  # noqa: A002
    agreement = _find(Agreement.objects.select_related("instrument", "organisation"), id)
    if agreement is None:
        raise NotFound(_("There is no agreement with this number."))
    return agreement


@router.get(
    "/funding/setup/agreements",
    response=list[AgreementOut],
    auth=AUTH_REQUIRED,
    summary="Agreements, the latest start first (staff)",
)
def agreement_list(request: HttpRequest) -> list[dict[str, Any]]:
    require_rule(request, STAFF)
    agreements = Agreement.objects.select_related("instrument").order_by("-starts_on")[:100]
    return [_agreement_out(agreement) for agreement in agreements]


@router.post(
    "/funding/setup/agreements",
    response={201: AgreementOut},
    auth=AUTH_REQUIRED,
    summary="Record an agreement with its yearly amounts (staff)",
)
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Answer[Any]:
    require_rule(request, STAFF)
    organisation = _find(Organisation.objects.all(), payload.organisation)
    if organisation is None:
        raise _missing("organisation", _("There is no organisation with this number."))
    lines = {year: _line(pk, "lines") for year, pk in payload.lines.items()}
    agreement = agreement_services.agreement_create(
        instrument=_instrument(payload.instrument),
        organisation=organisation,
        title=payload.title,
        reference=payload.reference,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        signed_on=payload.signed_on,
        years=payload.years,
        lines=lines,
        by=request.user,
    )
    return Answer(201, _agreement_out(agreement))


@router.get(
    "/funding/agreements/{int:id}",
    response=AgreementOut,
    auth=AUTH_REQUIRED,
    summary="One agreement (its organisation's members, staff)",
)
def agreement_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    agreement = _agreement(id)
    if not rules.check(STAFF, request.user):
        require_rule(request, "funding.apply_for", agreement.organisation)
    return _agreement_out(agreement)


@router.post(
    "/funding/setup/agreements/{int:id}/years/{int:year}/commit",
    response={201: AwardRefOut},
    auth=AUTH_REQUIRED,
    summary="Commit one year of an agreement on a line, as an award (staff)",
)
def agreement_commit(request: HttpRequest, id: int, year: int, payload: CommitIn) -> Answer[Any]:  # noqa: A002
    """A line with less left: 409 ``budget_exceeded``; a year already committed: 409."""
    require_rule(request, STAFF)
    agreement = _agreement(id)
    row = agreement.years.filter(year=year).first() if 0 < year < 2**15 else None
    if row is None:
        raise NotFound(_("This agreement has no amount for this year."))
    line = _line(payload.line) if payload.line is not None else None
    award = agreement_services.agreement_commit_year(
        agreement_year=row,
        line=line,
        decision_reference=payload.decision_reference,
        decided_on=payload.decided_on,
        by=request.user,
    )
    return Answer(201, _award_out(award))


@router.post(
    "/funding/setup/agreements/{int:id}/amendments",
    response={201: AmendmentOut},
    auth=AUTH_REQUIRED,
    summary="Add an amendment, optionally with new yearly amounts (staff)",
)
def amendment_create(request: HttpRequest, id: int, payload: AmendmentIn) -> Answer[Any]:  # noqa: A002
    require_rule(request, STAFF)
    agreement = _agreement(id)
    amendment = agreement_services.amendment_add(
        agreement=agreement,
        signed_on=payload.signed_on,
        description=payload.description,
        changes={"amounts": payload.amounts} if payload.amounts else {},
        by=request.user,
    )
    return Answer(201, amendment)


@router.post(
    "/funding/setup/agreements/{int:id}/indicators",
    response={201: IndicatorOut},
    auth=AUTH_REQUIRED,
    summary="Add an indicator with a yearly target (staff)",
)
def indicator_create(request: HttpRequest, id: int, payload: IndicatorIn) -> Answer[Any]:  # noqa: A002
    require_rule(request, STAFF)
    indicator = agreement_services.indicator_add(
        agreement=_agreement(id),
        name=payload.name,
        unit=payload.unit,
        target=payload.target,
        by=request.user,
    )
    return Answer(
        201,
        {
            "id": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "target": str(indicator.target),
            "reports": [],
        },
    )


@router.post(
    "/funding/agreements/{int:id}/indicator-reports",
    response={201: ReportOut},
    auth=AUTH_REQUIRED,
    summary="Report an indicator's value for a year (members, staff)",
)
def indicator_report(request: HttpRequest, id: int, payload: IndicatorReportIn) -> Answer[Any]:  # noqa: A002
    agreement = _agreement(id)
    if not rules.check(STAFF, request.user):
        require_rule(request, "funding.apply_for", agreement.organisation)
    indicator = _find(Indicator.objects.filter(agreement=agreement), payload.indicator)
    if indicator is None:
        raise _missing("indicator", _("This agreement has no indicator with this number."))
    indicator.agreement = agreement
    report = agreement_services.indicator_report(
        indicator=indicator,
        year=payload.year,
        value=payload.value,
        note=payload.note,
        by=request.user,
    )
    return Answer(201, {"year": report.year, "value": str(report.value), "note": report.note})


# --- distributions -----------------------------------------------------------------------


@router.post(
    "/funding/setup/lines/{int:id}/distributions",
    response={201: RunOut},
    auth=AUTH_REQUIRED,
    summary="Compute a distribution rule on a line as a preview (staff)",
)
def distribution_preview(request: HttpRequest, id: int, payload: DistributionIn) -> Answer[Any]:  # noqa: A002
    """``source``: ``reports`` (accepted activity reports of the previous year), ``csv``
    (``organisation;activities`` lines, by id or KBO) or ``given`` (``activities``)."""
    require_rule(request, STAFF)
    line = _line(id)
    if payload.source == "csv":
        activities: dict[Any, Any] = distribution_services.activities_from_csv(payload.csv)
    elif payload.source == "given":
        activities = dict(payload.activities)
    else:
        activities = distribution_services.activities_from_reports(line=line)
    run = distribution_services.distribution_preview(
        line=line,
        rule={"base": payload.rule.base, "tiers": [t.dict() for t in payload.rule.tiers]},
        organisations_activities=activities,
        by=request.user,
    )
    run.line = BudgetLine.objects.get(pk=line.pk)
    return Answer(201, _run_out(run))


def _run(id: int) -> DistributionRun:  # noqa: A002
    run = _find(DistributionRun.objects.select_related("line"), id)
    if run is None:
        raise NotFound(_("There is no distribution with this number."))
    return run


@router.get(
    "/funding/setup/distributions/{int:id}",
    response=RunOut,
    auth=AUTH_REQUIRED,
    summary="One distribution: the rule, the amounts, committed or not (staff)",
)
def distribution_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    require_rule(request, STAFF)
    return _run_out(_run(id))


@router.post(
    "/funding/setup/distributions/{int:id}/commit",
    response={201: list[AwardRefOut]},
    auth=AUTH_REQUIRED,
    summary="Commit a previewed distribution: one award per organisation, all or none (staff)",
)
def distribution_commit(request: HttpRequest, id: int, payload: RunCommitIn) -> Answer[Any]:  # noqa: A002
    """A second commit: 409 ``already_committed``; an award that does not fit: 409
    ``budget_exceeded`` and no award is made."""
    require_rule(request, STAFF)
    run = _run(id)
    awards = distribution_services.distribution_commit(
        run=run,
        decision_reference=payload.decision_reference,
        decided_on=payload.decided_on,
        by=request.user,
    )
    return Answer(201, [_award_out(award) for award in awards])
