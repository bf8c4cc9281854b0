"""The staff review in the API: the same selectors and services as the staff pages.

Every caller must be known (a personal token, or a session with the CSRF token).

City staff (``funding.manage``)
    ``GET /funding/staff/applications`` lists submitted applications, the latest first,
    with the page's filters: ``call`` (slug), ``status``, ``instrument`` (slug), ``year``
    (submitted in), ``organisation`` (words of its name); a filter value that does not
    exist is a 422 naming the field. ``POST /funding/applications/{reference}/decision``
    records the decision (``outcome`` award or reject, ``reasons``, ``reference``,
    ``decided_on``, and for an award ``amount`` and ``conditions``); 409
    ``budget_exceeded`` when the line has less left, and then nothing is written.
    ``POST /funding/awards/{identifier}/payments/{id}/paid`` (``paid_on``) marks a
    payment paid (the balance only once both reports are accepted: 409
    ``reports_missing``); ``POST /funding/awards/{identifier}/reclaim`` (``amount``,
    ``reason``) takes back unspent money; ``POST /funding/reports/{id}/accept`` accepts
    a filed report.

Assessors (``funding.assess``)
    ``GET``/``POST /funding/applications/{reference}/assessment``: their own scores
    (``scores`` by criterion key, whole numbers 0 to the criterion's scale;
    ``comments``; ``submit: true`` submits). The aggregate of all submitted assessments
    is in the answer only once their own is submitted. An assessor who is a member of
    the applicant organisation is refused (403 ``conflict_of_interest``) and the
    conflict is recorded. ``POST …/conflict`` (``note``) declares a conflict.

Members of the organisation
    ``POST /funding/reports/{id}`` (multipart: ``text``, ``activities``, ``spent``,
    ``upload``) files a report.

A body field that is not listed (``status``, ``organisation``, ``committed`` …) is a 422
``fields_not_changeable`` and changes nothing. An id or reference that does not exist is
a 404; a role that may not act is a 403.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja import Status as Answer
from ninja.files import UploadedFile
from pydantic import ConfigDict, model_validator

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.throttling import UserRateThrottle
from middenveld.core.errors import Invalid, NotFound
from middenveld.funding import selectors
from middenveld.funding.models import (
    Application,
    Assessment,
    Award,
    Call,
    Conflict,
    Decision,
    Instrument,
    Payment,
    ReportObligation,
)
from middenveld.funding.services import assessment as assessment_services
from middenveld.funding.services import decisions as decision_services
from middenveld.funding.services import reports as report_services

router = Router(tags=["funding"], auth=AUTH_REQUIRED)

MAX_ID = 2**63 - 1
#: An optional multipart file (``File(None)``), one instance for the signature.
OPTIONAL_FILE = File(None)


def _refuse_unknown(schema: type[Schema], data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    unknown = sorted(str(name) for name in data if name not in schema.model_fields)
    if unknown:
        raise Invalid(
            _("These fields cannot be changed through this request: %(fields)s.")
            % {"fields": ", ".join(unknown)},
            code="fields_not_changeable",
            fields={name: [_("This field cannot be changed.")] for name in unknown},
        )
    return data


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_only(cls, data: Any) -> Any:
        return _refuse_unknown(cls, data)


# --- Schemas: in ----------------------------------------------------------------------------


class ApplicationFilters(Schema):
    call: str = Field("", max_length=80, description="A call's slug.")
    status: str = Field("", max_length=20, description="submitted, returned, withdrawn, …")
    instrument: str = Field("", max_length=60, description="An instrument's slug.")
    year: int | None = Field(None, ge=2000, le=2100, description="Submitted in this year.")
    organisation: str = Field("", max_length=100, description="Words of the organisation's name.")


class AssessmentIn(StrictIn):
    scores: dict[str, Any] = Field(
        default_factory=dict, description="A whole number per criterion key, 0 to its scale."
    )
    comments: dict[str, str] = Field(
        default_factory=dict, description="A comment per criterion key, and general."
    )
    submit: bool = Field(False, description="Submit: every criterion must be scored.")


class ConflictIn(StrictIn):
    note: str = Field("", max_length=300)


class DecisionIn(StrictIn):
    outcome: str = Field(..., description="award or reject.")
    reasons: str = Field(..., description="Required: the organisation reads them.")
    reference: str = Field(..., description="The decision reference, e.g. 2026_CBS_01234.")
    decided_on: str = Field(..., description="YYYY-MM-DD, not in the future.")
    amount: str | int | None = Field(None, description='For an award: "1250", "1.250,50" …')
    conditions: str = Field("", description="For an award.")


class PaidIn(StrictIn):
    paid_on: str = Field(..., description="YYYY-MM-DD, not in the future.")


class ReclaimIn(StrictIn):
    amount: str | int = Field(..., description='Euros: "250" or "250,00".')
    reason: str


# --- Schemas: out ---------------------------------------------------------------------------


class OrganisationRefOut(Schema):
    id: int
    name: str


class CallRefOut(Schema):
    slug: str
    title: str


class ApplicationRowOut(Schema):
    reference: str
    title: str
    status: str
    organisation: OrganisationRefOut
    call: CallRefOut
    instrument: str
    amount_requested: str | None
    submitted_at: datetime | None

    @staticmethod
    def resolve_instrument(obj: Application) -> str:
        return obj.call.instrument.name

    @staticmethod
    def resolve_amount_requested(obj: Application) -> str | None:
        return str(obj.amount_requested) if obj.amount_requested is not None else None


class CriterionOut(Schema):
    key: str
    label: str
    weight: int
    scale: int
    mean: str | None
    count: int


class AggregateOut(Schema):
    submitted: int
    total: str | None = Field(None, description="The mean weighted total, out of 100.")
    criteria: list[CriterionOut]


class AssessmentOut(Schema):
    application: str
    scores: dict[str, int]
    comments: dict[str, str]
    total: str | None = Field(None, description="Your weighted total, out of 100.")
    submitted_at: datetime | None
    aggregate: AggregateOut | None = Field(
        None, description="Only once your own assessment is submitted."
    )


class ConflictOut(Schema):
    application: str
    reason: str
    at: datetime


class SnapshotRefOut(Schema):
    id: int
    sha256: str


class AwardBriefOut(Schema):
    identifier: str
    amount: str
    appeal_until: date | None


class DecisionOut(Schema):
    application: str
    status: str
    outcome: str
    reference: str
    decided_on: date
    reasons: str
    snapshot: SnapshotRefOut
    award: AwardBriefOut | None


class LineOut(Schema):
    id: int
    amount: str
    committed: str
    paid: str
    available: str


class PaymentOut(Schema):
    id: int
    kind: str
    amount: str
    due_on: date
    paid_on: date | None


class ReportOut(Schema):
    id: int
    award: str
    kind: str
    due_on: date
    submitted_at: datetime | None
    accepted_at: datetime | None
    activities: int | None
    spent: str | None
    has_file: bool
    balance_payable: bool


class AwardOut(Schema):
    identifier: str
    status: str
    amount: str
    reclaimed: str
    line: LineOut
    payments: list[PaymentOut]


# --- Helpers --------------------------------------------------------------------------------


def _application(reference: str) -> Application:
    if not reference or "\x00" in reference:
        raise NotFound(_("There is no application with this reference."))
    try:
        return selectors.application_get(reference)
    except Application.DoesNotExist:
        raise NotFound(_("There is no application with this reference.")) from None


def _award(identifier: str) -> Award:
    if not identifier or "\x00" in identifier:
        raise NotFound(_("There is no award with this identifier."))
    try:
        return selectors.award_get(identifier)
    except Award.DoesNotExist:
        raise NotFound(_("There is no award with this identifier.")) from None


def _report(pk: int) -> ReportObligation:
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("There is no report with this number."))
    try:
        return selectors.report_get(pk)
    except ReportObligation.DoesNotExist:
        raise NotFound(_("There is no report with this number.")) from None


def _fields_error(field: str, message: str) -> Invalid:
    return Invalid(message, fields={field: [message]})


def _aggregate(application: Application) -> dict[str, Any]:
    summary = selectors.assessment_summary(application)
    return {
        "submitted": summary.submitted,
        "total": str(summary.total) if summary.total is not None else None,
        "criteria": [
            {
                "key": row.key,
                "label": row.label,
                "weight": row.weight,
                "scale": row.scale,
                "mean": str(row.mean) if row.mean is not None else None,
                "count": row.count,
            }
            for row in summary.criteria
        ],
    }


def _assessment_out(application: Application, assessment: Assessment | None) -> dict[str, Any]:
    submitted = bool(assessment and assessment.submitted_at)
    return {
        "application": application.reference,
        "scores": dict(assessment.scores or {}) if assessment else {},
        "comments": dict(assessment.comments or {}) if assessment else {},
        "total": str(assessment.total) if assessment and assessment.total is not None else None,
        "submitted_at": assessment.submitted_at if assessment else None,
        "aggregate": _aggregate(application) if submitted else None,
    }


def _line_out(award: Award) -> dict[str, Any]:
    line = award.line
    line.refresh_from_db(fields=["amount", "committed", "paid"])
    return {
        "id": line.pk,
        "amount": str(line.amount),
        "committed": str(line.committed),
        "paid": str(line.paid),
        "available": str(line.available),
    }


def _award_out(award: Award) -> dict[str, Any]:
    award.refresh_from_db(fields=["amount", "reclaimed", "status"])
    return {
        "identifier": award.identifier,
        "status": award.status,
        "amount": str(award.amount),
        "reclaimed": str(award.reclaimed),
        "line": _line_out(award),
        "payments": [
            {
                "id": p.pk,
                "kind": p.kind,
                "amount": str(p.amount),
                "due_on": p.due_on,
                "paid_on": p.paid_on,
            }
            for p in selectors.award_payments(award)
        ],
    }


def _report_out(obligation: ReportObligation) -> dict[str, Any]:
    return {
        "id": obligation.pk,
        "award": obligation.award.identifier,
        "kind": obligation.kind,
        "due_on": obligation.due_on,
        "submitted_at": obligation.submitted_at,
        "accepted_at": obligation.accepted_at,
        "activities": obligation.activities,
        "spent": str(obligation.spent) if obligation.spent is not None else None,
        "has_file": bool(obligation.file),
        "balance_payable": report_services.balance_payable(obligation.award),
    }


# --- Staff: the list ------------------------------------------------------------------------


@router.get(
    "/funding/staff/applications",
    response=list[ApplicationRowOut],
    summary="Submitted applications with filters (city staff)",
)
@paginate
def staff_application_list(request: HttpRequest, filters: Query[ApplicationFilters]) -> Any:
    """The latest submitted first; drafts are never listed."""
    require_rule(request, "funding.manage")
    call = None
    if filters.call.strip():
        call = Call.objects.filter(slug=filters.call.strip()).first()
        if call is None:
            raise _fields_error("call", _("There is no call with this address."))
    status = filters.status.strip()
    if status and status not in {s.value for s in selectors.STAFF_STATUSES}:
        raise _fields_error("status", _("Choose a status from the list."))
    instrument = None
    if filters.instrument.strip():
        instrument = Instrument.objects.filter(slug=filters.instrument.strip()).first()
        if instrument is None:
            raise _fields_error("instrument", _("There is no instrument with this address."))
    return selectors.application_list(
        call=call,
        status=status,
        instrument=instrument,
        year=filters.year,
        organisation_query=filters.organisation,
    )


# --- Assessors ------------------------------------------------------------------------------


@router.get(
    "/funding/applications/{reference}/assessment",
    response=AssessmentOut,
    summary="Your own assessment (assessors)",
)
def assessment_get(request: HttpRequest, reference: str) -> dict[str, Any]:
    application = _application(reference)
    assessment = assessment_services.assessment_open(application=application, assessor=request.user)
    return _assessment_out(application, assessment)


@router.post(
    "/funding/applications/{reference}/assessment",
    response=AssessmentOut,
    throttle=[UserRateThrottle("600/h")],
    summary="Save or submit your scores (assessors)",
)
def assessment_post(request: HttpRequest, reference: str, payload: AssessmentIn) -> dict[str, Any]:
    application = _application(reference)
    if payload.submit:
        assessment = assessment_services.assessment_submit(
            application=application,
            assessor=request.user,
            scores=payload.scores,
            comments=payload.comments,
        )
    else:
        assessment = assessment_services.assessment_save(
            application=application,
            assessor=request.user,
            scores=payload.scores,
            comments=payload.comments,
        )
    return _assessment_out(application, assessment)


@router.post(
    "/funding/applications/{reference}/conflict",
    response={201: ConflictOut},
    summary="Declare a conflict of interest (assessors)",
)
def conflict_declare(request: HttpRequest, reference: str, payload: ConflictIn) -> Any:
    application = _application(reference)
    conflict: Conflict = assessment_services.conflict_declare(
        application=application, assessor=request.user, note=payload.note
    )
    return Answer(
        201, {"application": application.reference, "reason": conflict.reason, "at": conflict.at}
    )


# --- Staff: decisions, payments, reclaims, reports ------------------------------------------


@router.post(
    "/funding/applications/{reference}/decision",
    response={201: DecisionOut},
    summary="Record the decision on an application (city staff)",
)
def decision_record(request: HttpRequest, reference: str, payload: DecisionIn) -> Any:
    require_rule(request, "funding.manage")
    application = _application(reference)
    decision: Decision = decision_services.decision_record(
        application=application,
        outcome=payload.outcome,
        reasons=payload.reasons,
        reference=payload.reference,
        decided_on=payload.decided_on,
        amount=payload.amount,
        conditions=payload.conditions,
        by=request.user,
    )
    award = Award.objects.filter(application_id=application.pk).first()
    return Answer(
        201,
        {
            "application": application.reference,
            "status": decision.application.status,
            "outcome": decision.outcome,
            "reference": decision.reference,
            "decided_on": decision.decided_on,
            "reasons": decision.reasons,
            "snapshot": {"id": decision.snapshot_id, "sha256": decision.snapshot.sha256},
            "award": (
                {
                    "identifier": award.identifier,
                    "amount": str(award.amount),
                    "appeal_until": award.appeal_until,
                }
                if award
                else None
            ),
        },
    )


@router.post(
    "/funding/awards/{identifier}/payments/{int:payment_id}/paid",
    response=AwardOut,
    summary="Mark a payment as paid (city staff)",
)
def payment_paid(
    request: HttpRequest, identifier: str, payment_id: int, payload: PaidIn
) -> dict[str, Any]:
    require_rule(request, "funding.manage")
    award = _award(identifier)
    payment = (
        Payment.objects.filter(award=award, pk=payment_id).select_related("award").first()
        if 0 < payment_id <= MAX_ID
        else None
    )
    if payment is None:
        raise NotFound(_("This award has no payment with this number."))
    report_services.payment_pay(payment=payment, paid_on=payload.paid_on, by=request.user)
    return _award_out(award)


@router.post(
    "/funding/awards/{identifier}/reclaim",
    response=AwardOut,
    summary="Reclaim unspent money (city staff)",
)
def award_reclaim(request: HttpRequest, identifier: str, payload: ReclaimIn) -> dict[str, Any]:
    require_rule(request, "funding.manage")
    award = _award(identifier)
    report_services.reclaim_record(
        award=award, amount=payload.amount, reason=payload.reason, by=request.user
    )
    return _award_out(award)


@router.post(
    "/funding/reports/{int:report_id}",
    response=ReportOut,
    throttle=[UserRateThrottle("120/h")],
    summary="File a report on an award (members of the organisation)",
)
def report_file(
    request: HttpRequest,
    report_id: int,
    text: Form[str] = "",
    activities: Form[str] = "",
    spent: Form[str] = "",
    upload: UploadedFile | None = OPTIONAL_FILE,
) -> dict[str, Any]:
    """Multipart (or form) fields: ``text``; ``activities`` for the activity report,
    ``spent`` for the financial report; ``upload`` an optional PDF, ODT or DOCX file."""
    obligation = _report(report_id)
    filed = report_services.report_file(
        obligation=obligation,
        by=request.user,
        text=text,
        activities=activities,
        spent=spent,
        upload=upload,
    )
    return _report_out(filed)


@router.post(
    "/funding/reports/{int:report_id}/accept",
    response=ReportOut,
    summary="Accept a filed report (city staff)",
)
def report_accept(request: HttpRequest, report_id: int) -> dict[str, Any]:
    require_rule(request, "funding.manage")
    obligation = _report(report_id)
    accepted = report_services.report_accept(obligation=obligation, by=request.user)
    return _report_out(accepted)
