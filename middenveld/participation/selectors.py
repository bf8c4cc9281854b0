"""Reading participation: the process list and page, proposals, comment threads and the
moderation queue. Each fetches up front what the pages touch, so a page costs the same
number of queries however many phases, proposals or comments there are."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from middenveld.core import rules
from middenveld.participation.models import (
    Comment,
    Phase,
    Process,
    Proposal,
)

LINKED_SHOWN = 50

# How a process stands, for the list: running now first, then coming, then finished.
NOW, COMING, DONE = "now", "coming", "done"


def process_list(
    *, include_drafts: bool = False, today: datetime.date | None = None
) -> QuerySet[Process]:
    """Published processes (all for staff), running ones first, then coming, then done;
    each with ``first_day``, ``last_day`` and ``standing`` (0 now, 1 coming, 2 done)."""
    today = today or timezone.localdate()
    processes = Process.objects.all() if include_drafts else Process.objects.filter(published=True)
    return (
        processes.select_related("workstream")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "id")))
        .annotate(first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"))
        .annotate(
            standing=Case(
                When(first_day__lte=today, last_day__gte=today, then=Value(0)),
                When(first_day__gt=today, then=Value(1)),
                When(last_day__lt=today, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("standing", "-first_day", "-created_at", "-id")
    )


def standing_of(process: Any) -> str:
    return {0: NOW, 1: COMING, 2: DONE}.get(getattr(process, "standing", 1), COMING)


def process_get(slug: str, user: Any) -> Process | None:
    """The process at ``slug`` with its phases, or None when ``user`` may not see it."""
    process = (
        Process.objects.filter(slug=slug)
        .select_related("workstream")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "id")))
        .first()
    )
    if process is None or not rules.check("participation.view_process", user, process):
        return None
    return process


def proposal_list(process: Process) -> QuerySet[Proposal]:
    """The proposals of a process, newest first, with their organisation and the number of
    visible comments."""
    return (
        Proposal.objects.filter(process=process)
        .select_related("organisation", "process")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True)))
        .order_by("-created_at", "-id")
    )


def proposal_get(process: Process, pk: Any) -> Proposal | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Proposal.objects.filter(process=process, pk=pk)
        .select_related("organisation", "process", "submitted_by")
        .first()
    )


# What a thread shows: not the moderators' note, not every column of the people and
# organisations (a thread costs its queries' compilation as much as their execution).
THREAD_FIELDS = (
    "id",
    "process_id",
    "proposal_id",
    "parent_id",
    "text",
    "created_at",
    "hidden_at",
    "hidden_reason",
    "removed_at",
    "author__id",
    "author__name",
    "organisation__id",
    "organisation__name",
)


def thread(process: Process, proposal: Proposal | None = None) -> QuerySet[Comment]:
    """The top-level comments on ``proposal`` (or on the process itself), oldest first,
    each with its replies (``replies.all()``) and the people and organisations shown."""
    replies = (
        Comment.objects.select_related("author", "organisation")
        .only(*THREAD_FIELDS)
        .order_by("created_at", "id")
    )
    return (
        Comment.objects.filter(process=process, proposal=proposal, parent__isnull=True)
        .select_related("author", "organisation")
        .only(*THREAD_FIELDS)
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def comment_get(pk: Any) -> Comment | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.filter(pk=pk)
        .select_related("process", "proposal", "author", "organisation", "hidden_by")
        .first()
    )


MODERATION_ORDER = ("-open_reports", "reported_at", "-created_at", "-id")


def comments_for_moderation() -> QuerySet[Comment]:
    """Every comment, the ones with open reports first (most reported, then the oldest
    report), then the newest (index ``participation_cmt_moderation``)."""
    return Comment.objects.select_related("process", "author", "organisation").order_by(
        *MODERATION_ORDER
    )


def comments_reported() -> QuerySet[Comment]:
    """Comments with open reports, the oldest report first (the moderators' inbox)."""
    return (
        Comment.objects.filter(open_reports__gt=0)
        .select_related("process", "organisation")
        .order_by("reported_at", "id")
    )


# --- Events and ballots of a process ----------------------------------------------------------


def linked_model(app_label: str, model_name: str) -> type[Model] | None:
    """The model of another app when it exists and has a ``process`` link to Process."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    try:
        field = model._meta.get_field("process")
    except FieldDoesNotExist:
        return None
    if not field.is_relation or field.related_model is not Process:
        return None
    return model


def _first_field(model: type[Model], names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return None


def _linked(process: Process, app_label: str, model_name: str, order: tuple[str, ...]) -> list[Any]:
    model = linked_model(app_label, model_name)
    if model is None:
        return []
    items = model._default_manager.filter(process=process)  # type: ignore[attr-defined]
    if _first_field(model, ("published",)):
        items = items.filter(published=True)
    key = _first_field(model, order)
    if key:
        items = items.order_by(key, "pk")
    return list(items[:LINKED_SHOWN])


def process_events(process: Process) -> list[Any]:
    """The events (``middenveld.events``) of the process, soonest first."""
    return _linked(process, "events", "Event", ("starts_at", "starts_on", "date"))


def process_ballots(process: Process) -> list[Any]:
    """The ballots (``middenveld.ballots``) of the process, by opening time."""
    return _linked(process, "ballots", "Ballot", ("opens_at", "starts_at"))
