"""Reading coaching: the staff inbox, a coach's trajectories, one organisation's coaching.
Each fetches up front what the pages touch, so a page costs the same queries however
much coaching there is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet

from middenveld.coaching.models import (
    CoachingRequest,
    Goal,
    Note,
    RequestStatus,
    Session,
    Trajectory,
    TrajectoryStatus,
)
from middenveld.organisations.models import Organisation

PAST_SHOWN = 20


def coaching_requests_waiting() -> QuerySet[CoachingRequest]:
    """New requests, oldest first; each has ``due_at`` (5 working days after it came in).

    For the staff inbox: ``for r in coaching_requests_waiting(): (r, r.due_at)``.
    """
    return (
        CoachingRequest.objects.filter(status=RequestStatus.NEW)
        .select_related("organisation", "asked_by", "language")
        .order_by("created_at", "id")
    )


def coaching_requests_decided(limit: int = 50) -> list[CoachingRequest]:
    """The most recently answered requests, newest first."""
    return list(
        CoachingRequest.objects.exclude(status=RequestStatus.NEW)
        .select_related("organisation", "decided_by", "trajectory__coach")
        .order_by("-decided_at", "-id")[:limit]
    )


def trajectories_of_coach(user: Any) -> QuerySet[Trajectory]:
    """The open trajectories ``user`` coaches, the oldest first, with their last session."""
    if not getattr(user, "pk", None):
        return Trajectory.objects.none()
    return (
        Trajectory.objects.filter(coach_id=user.pk, status=TrajectoryStatus.OPEN)
        .select_related("organisation")
        .annotate(last_session=Max("sessions__date"), session_count=Count("sessions"))
        .order_by("started_at", "id")
    )


def trajectory_detail(pk: int) -> Trajectory | None:
    """One trajectory with everything its back-office page shows."""
    return (
        Trajectory.objects.filter(pk=pk)
        .select_related("organisation", "coach", "created_by", "request__asked_by")
        .select_related("request__language")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("recorded_by").order_by("-date", "-id"),
            ),
            Prefetch("notes", queryset=Note.objects.select_related("author").order_by("-id")),
        )
        .first()
    )


@dataclass
class OrganisationCoaching:
    """Where an organisation's coaching stands."""

    pending: CoachingRequest | None = None
    open: Trajectory | None = None
    past: list[Trajectory] = field(default_factory=list)
    # The latest answered request when nothing is pending or open (to say it was declined).
    last_declined: CoachingRequest | None = None

    @property
    def can_ask(self) -> bool:
        return self.pending is None and self.open is None


def coaching_for_organisation(organisation: Organisation) -> OrganisationCoaching:
    """The pending request, the open trajectory and past ones (goals, sessions and
    notes prefetched, sessions newest first), in a constant number of queries."""
    requests = list(
        CoachingRequest.objects.filter(organisation=organisation)
        .select_related("language", "asked_by")
        .order_by("-created_at", "-id")[:1]
    )
    latest = requests[0] if requests else None
    trajectories = list(
        Trajectory.objects.filter(organisation=organisation)
        .select_related("coach")
        .annotate(last_session=Max("sessions__date"))
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch("sessions", queryset=Session.objects.order_by("-date", "-id")),
            Prefetch(
                "notes",
                queryset=Note.objects.filter(internal=False)
                .select_related("author")
                .order_by("-id"),
                to_attr="shared_notes",
            ),
        )
        .order_by("-started_at", "-id")[: PAST_SHOWN + 1]
    )
    state = OrganisationCoaching()
    for trajectory in trajectories:
        if trajectory.status == TrajectoryStatus.OPEN:
            state.open = trajectory
        else:
            state.past.append(trajectory)
    state.past = state.past[:PAST_SHOWN]
    if latest is not None and latest.status == RequestStatus.NEW:
        state.pending = latest
    elif (
        latest is not None
        and latest.status == RequestStatus.DECLINED
        and state.open is None
        and not any(t.started_at > latest.created_at for t in state.past)
    ):
        state.last_declined = latest
    return state
