"""Funding in the staff inbox (``middenveld.city.inbox``).

* ``funding.assess``: for me: the submitted applications I assess and have not yet
  submitted my scores for (without the ones I have a conflict with), the call's closing
  moment as the due date.
* ``funding.decide``: everything: submitted applications waiting for a decision, the
  oldest first (city staff).
* ``funding.reports``: everything: filed reports waiting to be accepted (city staff).

Each is one query for the rows and the count (``rows_and_count``) on indexed columns.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    Assessment,
    CallAssessor,
    Conflict,
    ReportObligation,
)

# The reports' timeline kind is declared there: import it whenever the app is ready.
from middenveld.funding.services import reports as _reports  # noqa: F401


def _url(name: str, value: str) -> str:
    return reverse(name, args=[value])


def assess_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if not scope.mine:
        return [], 0
    person = scope.person.pk
    waiting = (
        Application.objects.filter(
            status=ApplicationStatus.SUBMITTED,
            call_id__in=CallAssessor.objects.filter(user_id=person).values("call_id"),
        )
        .exclude(Exists(Conflict.objects.filter(application_id=OuterRef("pk"), assessor_id=person)))
        .exclude(
            Exists(
                Assessment.objects.filter(
                    application_id=OuterRef("pk"),
                    assessor_id=person,
                    submitted_at__isnull=False,
                )
            )
        )
        .order_by("call__closes_at", "submitted_at", "pk")
    )
    rows, count = rows_and_count(
        waiting.values_list(
            "reference", "title", "submitted_at", "call__closes_at", "organisation__name"
        ),
        limit,
    )
    items = [
        InboxItem(
            title=_("Assess the application %(reference)s: %(title)s")
            % {"reference": reference, "title": title},
            url=_url("funding:assess", reference),
            since=submitted_at,
            due=closes_at,
            organisation=organisation or "",
        )
        for reference, title, submitted_at, closes_at, organisation in rows
    ]
    return items, count


def decide_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if not scope.everything:
        return [], 0
    waiting = Application.objects.filter(status=ApplicationStatus.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
    rows, count = rows_and_count(
        waiting.values_list("reference", "title", "submitted_at", "organisation__name"), limit
    )
    items = [
        InboxItem(
            title=_("Prepare the decision on %(reference)s: %(title)s")
            % {"reference": reference, "title": title},
            url=_url("funding:staff_application", reference),
            since=submitted_at,
            organisation=organisation or "",
        )
        for reference, title, submitted_at, organisation in rows
    ]
    return items, count


def report_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if not scope.everything:
        return [], 0
    waiting = ReportObligation.objects.filter(
        submitted_at__isnull=False, accepted_at__isnull=True
    ).order_by("submitted_at", "pk")
    rows, count = rows_and_count(
        waiting.values_list(
            "award__identifier", "award__title", "kind", "submitted_at", "award__organisation__name"
        ),
        limit,
    )
    items = [
        InboxItem(
            title=_("Read the report on %(title)s") % {"title": title},
            url=_url("funding:staff_award", identifier),
            since=submitted_at,
            organisation=organisation or "",
        )
        for identifier, title, _kind, submitted_at, organisation in rows
    ]
    return items, count


# The inbox is the city's; assessors from outside the city find the same list at
# /subsidies/beoordelen/.
inbox_source(
    "funding.assess",
    label=gettext_lazy("Applications to assess"),
    items=assess_items,
    rule="funding.manage",
    order=70,
    models=(Application, Assessment, Conflict, CallAssessor),
)
inbox_source(
    "funding.decide",
    label=gettext_lazy("Funding decisions to prepare"),
    items=decide_items,
    rule="funding.manage",
    order=71,
    models=(Application,),
)
inbox_source(
    "funding.reports",
    label=gettext_lazy("Funding reports to read"),
    items=report_items,
    rule="funding.manage",
    order=72,
    models=(ReportObligation,),
)
