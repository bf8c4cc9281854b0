"""Read-side queries of the staff review: the application list, one application with its
log and scores, an assessor's queue, awards with payments and reports.

The staff list runs on ``(status, -submitted_at)`` and ``(call, status)`` (``Application``
indexes); each list fetches what its template touches in one query, plus one COUNT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Award,
    Budget,
    Call,
    CallAssessor,
    Conflict,
    FundingLog,
    Instrument,
    Payment,
    ReportObligation,
    Snapshot,
)
from middenveld.organisations.models import Organisation
from middenveld.organisations.selectors import text_search

CENT = Decimal("0.01")
#: Statuses staff filter on: a draft is the organisation's own work and never listed.
STAFF_STATUSES = [s for s in ApplicationStatus if s != ApplicationStatus.DRAFT]
SEARCH_LIMIT = 100


def label_of(value: Any, language: str | None = None) -> str:
    """A label written per language (``{"nl": …, "en": …}``) in the reader's language,
    else Dutch, else the first one given."""
    if isinstance(value, dict):
        language = (language or get_language() or "nl").split("-")[0]
        chosen = value.get(language) or value.get("nl") or next(iter(value.values()), "")
        return str(chosen or "")
    return str(value or "")


# --- The staff list -----------------------------------------------------------------------


@dataclass
class ApplicationFilters:
    call: Call | None = None
    status: str = ""
    instrument: Instrument | None = None
    year: int | None = None
    organisation_query: str = ""
    unknown: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(
            self.call or self.status or self.instrument or self.year or self.organisation_query
        )


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time(0), tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time(0), tzinfo=zone),
    )


#: The content version of the staff list of applications (bumped from apps.py).
STAFF_LIST = "funding-staff-list"


def application_list(
    *,
    call: Call | None = None,
    status: str | None = None,
    instrument: Instrument | None = None,
    year: int | None = None,
    organisation_query: str | None = None,
) -> QuerySet[Application]:
    """Applications for staff, the latest submitted first; never drafts.

    ``year`` is the calendar year (Brussels) the application was submitted in;
    ``organisation_query`` searches the organisation's name (the directory's search)."""
    if status:
        rows = Application.objects.filter(status=status)
    else:
        rows = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    if call is not None:
        rows = rows.filter(call_id=call.pk)
    if instrument is not None:
        rows = rows.filter(call__instrument_id=instrument.pk)
    if year:
        start, end = _year_bounds(year)
        rows = rows.filter(submitted_at__gte=start, submitted_at__lt=end)
    query = (organisation_query or "").strip()[:SEARCH_LIMIT]
    if query:
        rows = rows.filter(organisation__in=text_search(Organisation.objects.all(), query))
    return (
        rows.select_related("call", "call__instrument", "organisation")
        .only(
            "reference",
            "title",
            "status",
            "amount_requested",
            "submitted_at",
            "call__slug",
            "call__title",
            "call__instrument__name",
            "organisation__name",
            "organisation__slug",
        )
        .order_by("-submitted_at", "-id")
    )


def filter_choices() -> dict[str, Any]:
    """The calls, instruments and years the staff list filters on (three small queries)."""
    return {
        # (slug, title) pairs: hundreds of calls over the years, rendered as options at once.
        "calls": list(Call.objects.order_by("-opens_at").values_list("slug", "title")[:300]),
        "instruments": list(Instrument.objects.only("slug", "name", "order")),
        "years": sorted(
            set(Budget.objects.order_by().values_list("year", flat=True).distinct())
            | {timezone.localdate().year},
            reverse=True,
        ),
        "statuses": [(s.value, s.label) for s in STAFF_STATUSES],
    }


# --- One application ----------------------------------------------------------------------


def application_get(reference: str) -> Application:
    """The application with what its staff page shows; ``Application.DoesNotExist``."""
    return Application.objects.select_related(
        "call",
        "call__instrument",
        "call__line",
        "call__line__budget",
        "organisation",
        "regulation_version",
    ).get(reference=str(reference)[:20])


def application_log(application: Application) -> list[FundingLog]:
    """Every change of the application, its assessments, its decision and its award."""
    condition = Q(subject="application", subject_id=application.pk)
    assessment_ids = list(
        Assessment.objects.filter(application=application).values_list("pk", flat=True)
    )
    if assessment_ids:
        condition |= Q(subject="assessment", subject_id__in=assessment_ids)
    award_id = Award.objects.filter(application=application).values_list("pk", flat=True).first()
    if award_id:
        condition |= Q(subject="award", subject_id=award_id)
    return list(FundingLog.objects.filter(condition).select_related("by").order_by("-at", "-id"))


def snapshots_of(application: Application) -> list[Snapshot]:
    return list(application.snapshots.defer("content").order_by("at", "id"))


def snapshot_get(application: Application, pk: int) -> Snapshot:
    return Snapshot.objects.get(application=application, pk=pk)


@dataclass
class CriterionRow:
    key: str
    label: str
    weight: int
    scale: int
    mean: Decimal | None
    count: int


@dataclass
class Summary:
    criteria: list[CriterionRow]
    total: Decimal | None
    submitted: int
    drafts: int

    @property
    def has_scores(self) -> bool:
        return self.submitted > 0


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def assessment_summary(application: Application) -> Summary:
    """The aggregated scores: per criterion the mean and the number of scores, and the
    mean weighted total. Only submitted assessments count, and never those of an assessor
    who has a conflict with the application. One query."""
    conflicted = Conflict.objects.filter(
        application_id=application.pk, assessor_id=OuterRef("assessor_id")
    )
    rows = list(
        Assessment.objects.filter(application_id=application.pk)
        .exclude(Exists(conflicted))
        .values_list("scores", "total", "submitted_at")
    )
    submitted = [(scores or {}, total) for scores, total, at in rows if at is not None]
    rubric = application.call.rubric if isinstance(application.call.rubric, list) else []
    criteria = []
    for row in rubric:
        if not isinstance(row, dict) or not row.get("key"):
            continue
        key = str(row["key"])
        values = [
            Decimal(scores[key])
            for scores, _total in submitted
            if isinstance(scores, dict) and key in scores
        ]
        criteria.append(
            CriterionRow(
                key=key,
                label=label_of(row.get("label")) or key,
                weight=int(row.get("weight") or 1),
                scale=int(row.get("scale") or 0),
                mean=_mean(values),
                count=len(values),
            )
        )
    return Summary(
        criteria=criteria,
        total=_mean([total for _scores, total in submitted if total is not None]),
        submitted=len(submitted),
        drafts=len(rows) - len(submitted),
    )


# --- Assessors ----------------------------------------------------------------------------


def call_assessors(call: Call) -> list[CallAssessor]:
    return list(
        CallAssessor.objects.filter(call=call).select_related("user").order_by("user__email")
    )


def assessor_queue(user: Any) -> QuerySet[Application]:
    """The submitted applications of every call the person assesses, without the ones they
    have a conflict with; annotated with ``mine_submitted`` / ``mine_started``."""
    mine = Assessment.objects.filter(application_id=OuterRef("pk"), assessor_id=user.pk)
    return (
        Application.objects.filter(
            status=ApplicationStatus.SUBMITTED,
            call__assessor_links__user_id=user.pk,
        )
        .exclude(
            Exists(Conflict.objects.filter(application_id=OuterRef("pk"), assessor_id=user.pk))
        )
        .annotate(
            mine_started=Exists(mine),
            mine_submitted=Exists(mine.filter(submitted_at__isnull=False)),
        )
        .select_related("call", "organisation")
        .only(
            "reference",
            "title",
            "status",
            "submitted_at",
            "organisation_id",
            "call__slug",
            "call__title",
            "call__closes_at",
            "organisation__name",
        )
        .order_by("mine_submitted", "submitted_at", "id")
    )


# --- Awards -------------------------------------------------------------------------------


def award_get(identifier: str) -> Award:
    """The award with its line, organisation and application; ``Award.DoesNotExist``."""
    return Award.objects.select_related(
        "organisation", "line", "line__budget", "line__budget__instrument", "application"
    ).get(identifier=str(identifier)[:40])


def award_payments(award: Award) -> list[Payment]:
    return list(award.payments.order_by("due_on", "id"))


def award_reports(award: Award) -> list[ReportObligation]:
    return list(award.reports.order_by("due_on", "id"))


def award_log(award: Award) -> list[FundingLog]:
    return list(
        FundingLog.objects.filter(subject="award", subject_id=award.pk)
        .select_related("by")
        .order_by("-at", "-id")
    )


def report_get(pk: int) -> ReportObligation:
    return ReportObligation.objects.select_related(
        "award", "award__organisation", "award__line"
    ).get(pk=pk)
