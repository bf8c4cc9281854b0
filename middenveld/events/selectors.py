"""Reading events and registrations: what the pages, the API and the back office show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from middenveld.events.models import (
    ACTIVE_STATUSES,
    Event,
    EventDocument,
    Registration,
    RegistrationStatus,
)
from middenveld.organisations.models import Language

UPCOMING = "upcoming"
PAST = "past"


def event_list(
    *,
    when: str = UPCOMING,
    workstream: Any = None,
    process: Any = None,
    include_unpublished: bool = False,
) -> QuerySet[Event]:
    """Upcoming events soonest first (those still going on included), or past ones
    latest first."""
    events = Event.objects.select_related("workstream", "process")
    if not include_unpublished:
        events = events.filter(published=True)
    if workstream is not None:
        events = events.filter(workstream=workstream)
    if process is not None:
        events = events.filter(process=process)
    now = timezone.now()
    if when == PAST:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return events.filter(ends_at__gte=now).order_by("starts_at", "id")


def event_get(slug: str, *, include_unpublished: bool = False) -> Event:
    """One event with its documents; raises Event.DoesNotExist."""
    events = Event.objects.select_related("workstream", "process").prefetch_related(
        Prefetch("documents", queryset=EventDocument.objects.order_by("order", "id"))
    )
    if not include_unpublished:
        events = events.filter(published=True)
    return events.get(slug=slug)


def registration_of(event: Event, user: Any) -> Registration | None:
    """The person's active registration for the event (registered or waiting), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, person_id=user.pk, status__in=ACTIVE_STATUSES)
        .select_related("organisation", "interpreter_language")
        .first()
    )


def registrations_of(user: Any) -> QuerySet[Registration]:
    """The person's registrations, the next event first, then the past ones."""
    return (
        Registration.objects.filter(person_id=user.pk)
        .select_related("event", "organisation", "interpreter_language")
        .order_by("-event__starts_at", "-id")
    )


def registrations_with_position(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """``waiting_ahead`` on each row: how many people wait before it (one subquery, so a
    list costs the same number of queries whatever its length)."""
    ahead = (
        Registration.objects.filter(event=OuterRef("event"), status=RegistrationStatus.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("event")
        .annotate(n=Count("id"))
        .values("n")
    )
    return registrations.annotate(waiting_ahead=Coalesce(Subquery(ahead), 0))


def registrations_for_door(event: Event) -> QuerySet[Registration]:
    """Everyone with a place, then the waiting list, by name: the check-in list."""
    return (
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .select_related("person", "organisation", "interpreter_language")
        .order_by("-status", "person__name", "person__email", "id")
    )


@dataclass
class Counts:
    registered: int
    waiting: int
    checked_in: int
    cancelled: int


def event_counts(event: Event) -> Counts:
    row = Registration.objects.filter(event=event).aggregate(
        registered=Count("id", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        cancelled=Count("id", filter=Q(status=RegistrationStatus.CANCELLED)),
    )
    return Counts(**row)


def places_left(event: Event) -> int:
    registered = Registration.objects.filter(
        event=event, status=RegistrationStatus.REGISTERED
    ).count()
    return max(0, event.capacity - registered)


@dataclass
class NeedsSummary:
    sentences: list[str]
    dietary: list[str]
    total: int


def needs_summary(event: Event, *, statuses: tuple[str, ...] = ("registered",)) -> NeedsSummary:
    """What the people with a place need, as sentences in the reader's language:
    "3 people need Turkish interpretation.", "2 people need childcare." """
    registrations = Registration.objects.filter(event=event, status__in=statuses)
    row = registrations.aggregate(
        total=Count("id"),
        sign=Count("id", filter=Q(sign_language=True)),
        childcare=Count("id", filter=Q(childcare=True)),
        step_free=Count("id", filter=Q(step_free_access=True)),
    )
    by_language = (
        registrations.exclude(interpreter_language=None)
        .values("interpreter_language")
        .annotate(n=Count("id"))
        .order_by("-n", "interpreter_language")
    )
    languages = Language.objects.in_bulk([r["interpreter_language"] for r in by_language])
    sentences = []
    for item in by_language:
        count = item["n"]
        sentences.append(
            ngettext(
                "%(count)d person needs %(language)s interpretation.",
                "%(count)d people need %(language)s interpretation.",
                count,
            )
            % {"count": count, "language": languages[item["interpreter_language"]].name}
        )
    if row["sign"]:
        sentences.append(
            ngettext(
                "%(count)d person needs a sign language interpreter.",
                "%(count)d people need a sign language interpreter.",
                row["sign"],
            )
            % {"count": row["sign"]}
        )
    if row["childcare"]:
        sentences.append(
            ngettext(
                "%(count)d person needs childcare.",
                "%(count)d people need childcare.",
                row["childcare"],
            )
            % {"count": row["childcare"]}
        )
    if row["step_free"]:
        sentences.append(
            ngettext(
                "%(count)d person needs step-free access.",
                "%(count)d people need step-free access.",
                row["step_free"],
            )
            % {"count": row["step_free"]}
        )
    dietary = list(
        registrations.exclude(dietary_needs="")
        .order_by("dietary_needs")
        .values_list("dietary_needs", flat=True)
    )
    if dietary:
        sentences.append(
            ngettext(
                "%(count)d person has dietary needs.",
                "%(count)d people have dietary needs.",
                len(dietary),
            )
            % {"count": len(dietary)}
        )
    if not sentences:
        sentences.append(_("Nobody asked for anything special."))
    return NeedsSummary(sentences=sentences, dietary=dietary, total=row["total"])
