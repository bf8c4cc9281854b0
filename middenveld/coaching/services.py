"""Coaching: asking for it, the city's answer, the trajectory and its closing.

Every page and admin screen calls these. They take keyword arguments, check the
rule (``rules.py``), change the data in one transaction, record the 360° timeline
event and raise a ``DomainError`` with a sentence on refusal. Mails go to the
organisation's admins (and the person who asked, while they are a member) in
their own language; the coach gets a mail when a trajectory is assigned to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.coaching import timeline as _timeline  # noqa: F401  (declares the event kinds)
from middenveld.coaching.models import (
    STAFF_ROLES,
    CoachingRequest,
    Goal,
    GoalStatus,
    Note,
    RequestStatus,
    Session,
    Theme,
    Trajectory,
    TrajectoryStatus,
)
from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.core.mail import send_templated_mail
from middenveld.organisations.models import Language, MemberRole, Membership, Organisation
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record
from middenveld.support.workdays import WorkingCalendar

ANSWER_WORKING_DAYS = 5
TEXT_MAX = 5000
AVAILABILITY_MAX = 500
GOAL_MAX = 300
SESSION_MINUTES_MAX = 12 * 60
CALENDAR = WorkingCalendar()


# --- Helpers ------------------------------------------------------------------------------


def _require(user: Any, rule: str, organisation: Organisation | None = None) -> None:
    decision = rules.check(rule, user, organisation)
    if not decision:
        raise Forbidden(decision.reason or None)


def _text(value: Any, *, field: str, maximum: int, required: bool, multiline: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        message = _("This is not text.")
        raise Invalid(message, fields={field: [message]})
    cleaned = text_tidy(value or "", multiline=multiline)
    if required and not cleaned:
        message = _("Fill this in, please.")
        raise Invalid(message, fields={field: [message]})
    if len(cleaned) > maximum:
        message = _("This is too long: at most %(max)d characters, you wrote %(count)d.") % {
            "max": maximum,
            "count": len(cleaned),
        }
        raise Invalid(message, fields={field: [message]})
    return cleaned


def _coach_check(coach: Any, *, field: str = "coach") -> Any:
    if (
        coach is None
        or not getattr(coach, "pk", None)
        or not getattr(coach, "is_active", False)
        or getattr(coach, "role", None) not in STAFF_ROLES
    ):
        message = _("Choose a coach from the city's staff.")
        raise Invalid(message, fields={field: [message]})
    return coach


def _open_locked(trajectory: Trajectory) -> Trajectory:
    locked = Trajectory.objects.select_for_update(of=("self",)).select_related(
        "organisation", "coach", "request__asked_by"
    )
    trajectory = locked.get(pk=trajectory.pk)
    if trajectory.status != TrajectoryStatus.OPEN:
        raise Conflict(_("This coaching trajectory is closed. Nothing can be added any more."))
    return trajectory


def _people_to_tell(organisation: Organisation, asked_by: Any = None) -> list[Any]:
    """The organisation's active admins, and the person who asked while they are a member."""
    memberships = Membership.objects.filter(
        organisation=organisation, user__is_active=True
    ).select_related("user")
    people = {}
    for membership in memberships:
        is_asker = asked_by is not None and membership.user_id == getattr(asked_by, "pk", None)
        if membership.role == MemberRole.ADMIN or is_asker:
            people[membership.user_id] = membership.user
    return list(people.values())


def _mail(people: Iterable[Any], template: str, context: dict[str, Any]) -> None:
    for person in people:
        send_templated_mail(
            to=person.email,
            template=f"coaching/mail/{template}",
            context={"name": person.name, **context},
            language=person.language,
        )


def _coach_facts(coach: Any) -> dict[str, Any]:
    return {"coach": coach.get_full_name(), "coach_id": coach.pk}


# --- The request ---------------------------------------------------------------------------


def _themes(themes: Any) -> list[str]:
    if isinstance(themes, str) or not isinstance(themes, Iterable):
        themes = [themes] if themes else []
    chosen = []
    known = set(Theme.values)
    for code in themes:
        if code not in known:
            message = _("Choose the themes from the list.")
            raise Invalid(message, fields={"themes": [message]})
        if code not in chosen:
            chosen.append(code)
    if not chosen:
        message = _("Choose at least one theme you need help with.")
        raise Invalid(message, fields={"themes": [message]})
    # The order of the list, not the order of the clicks.
    return [code for code in Theme.values if code in chosen]


def _language(language: Any) -> Language | None:
    if language in (None, ""):
        return None
    if isinstance(language, Language):
        return language
    found = Language.objects.filter(code=str(language)[:10]).first()
    if found is None:
        message = _("Choose a language from the list.")
        raise Invalid(message, fields={"language": [message]})
    return found


@transaction.atomic
def coaching_request(
    *,
    organisation: Organisation,
    by: Any,
    themes: Any,
    text: str,
    language: Any = None,
    availability: str = "",
) -> CoachingRequest:
    """A member of ``organisation`` asks for coaching (rule ``coaching.request``).

    Refused while a request is waiting or a trajectory is open: one at a time.
    """
    _require(by, "coaching.request", organisation)
    chosen = _themes(themes)
    text = _text(text, field="text", maximum=TEXT_MAX, required=True)
    availability = _text(
        availability, field="availability", maximum=AVAILABILITY_MAX, required=False
    )
    chosen_language = _language(language)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if Trajectory.objects.filter(organisation=organisation, status=TrajectoryStatus.OPEN).exists():
        raise Conflict(_("Your organisation already has a coach. Ask your coach directly."))
    now = timezone.now()
    request = CoachingRequest(
        organisation=organisation,
        asked_by=by,
        themes=chosen,
        text=text,
        language=chosen_language,
        availability=availability,
        created_at=now,
        due_at=CALENDAR.add_working_days(now, ANSWER_WORKING_DAYS),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise Conflict(
            _("Your organisation already asked for coaching. The city will answer soon.")
        ) from None
    timeline_record(organisation=organisation, kind="coaching.requested", actor=by, subject=request)
    return request


def _pending_locked(request: CoachingRequest) -> CoachingRequest:
    request = (
        CoachingRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "asked_by")
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.NEW:
        raise Conflict(_("This request has already been answered."))
    return request


@transaction.atomic
def coaching_accept(*, request: CoachingRequest, by: Any, coach: Any) -> Trajectory:
    """Staff accept a request: a trajectory opens with ``coach``; the organisation and the
    coach get an e-mail."""
    _require(by, "coaching.manage")
    _coach_check(coach)
    request = _pending_locked(request)
    organisation = request.organisation
    now = timezone.now()
    request.status = RequestStatus.ACCEPTED
    request.decided_at = now
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    trajectory = Trajectory(
        organisation=organisation,
        request=request,
        coach=coach,
        started_at=now,
        created_by=by,
    )
    try:
        with transaction.atomic():
            trajectory.save()
    except IntegrityError:
        raise Conflict(
            _("This organisation already has an open coaching trajectory. Close it first.")
        ) from None
    timeline_record(
        organisation=organisation,
        kind="coaching.accepted",
        actor=by,
        subject=trajectory,
        data=_coach_facts(coach),
    )
    _mail(
        _people_to_tell(organisation, request.asked_by),
        "accepted",
        {"organisation": organisation, "coach": coach.get_full_name(), "request": request},
    )
    _mail([coach], "assigned", {"organisation": organisation, "trajectory": trajectory})
    return trajectory


@transaction.atomic
def coaching_decline(*, request: CoachingRequest, by: Any, reason: str) -> CoachingRequest:
    """Staff decline a request with a reason the organisation reads in the e-mail."""
    _require(by, "coaching.manage")
    reason = _text(reason, field="reason", maximum=TEXT_MAX, required=True)
    request = _pending_locked(request)
    request.status = RequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.decided_by = by
    request.decline_reason = reason
    request.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    organisation = request.organisation
    timeline_record(
        organisation=organisation,
        kind="coaching.declined",
        actor=by,
        subject=request,
        data={"reason": reason},
    )
    _mail(
        _people_to_tell(organisation, request.asked_by),
        "declined",
        {"organisation": organisation, "reason": reason},
    )
    return request


# --- The trajectory ------------------------------------------------------------------------


@transaction.atomic
def coach_assign(*, trajectory: Trajectory, by: Any, coach: Any) -> Trajectory:
    """Give an open trajectory another coach; the new coach gets an e-mail."""
    _require(by, "coaching.manage")
    _coach_check(coach)
    trajectory = _open_locked(trajectory)
    if trajectory.coach_id == coach.pk:
        raise Conflict(_("This person is already the coach."))
    trajectory.coach = coach
    trajectory.save(update_fields=["coach"])
    timeline_record(
        organisation=trajectory.organisation,
        kind="coaching.coach_changed",
        actor=by,
        subject=trajectory,
        data=_coach_facts(coach),
    )
    _mail([coach], "assigned", {"organisation": trajectory.organisation, "trajectory": trajectory})
    return trajectory


@transaction.atomic
def goal_add(*, trajectory: Trajectory, by: Any, text: str) -> Goal:
    _require(by, "coaching.manage")
    text = _text(text, field="text", maximum=GOAL_MAX, required=True, multiline=False)
    trajectory = _open_locked(trajectory)
    last = trajectory.goals.order_by("-order").values_list("order", flat=True).first()
    goal = Goal.objects.create(trajectory=trajectory, text=text, order=(last or 0) + 1)
    timeline_record(
        organisation=trajectory.organisation,
        kind="coaching.goal_added",
        actor=by,
        subject=goal,
        data={"goal": text},
    )
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, by: Any, status: str) -> Goal:
    _require(by, "coaching.manage")
    if status not in GoalStatus.values:
        message = _("Choose a status from the list.")
        raise Invalid(message, fields={"status": [message]})
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    trajectory = _open_locked(goal.trajectory)
    if goal.status == status:
        return goal
    goal.status = status
    goal.save(update_fields=["status"])
    timeline_record(
        organisation=trajectory.organisation,
        kind="coaching.goal_status",
        actor=by,
        subject=goal,
        data={"goal": goal.text, "status": status},
    )
    return goal


@transaction.atomic
def session_record(
    *,
    trajectory: Trajectory,
    by: Any,
    date: date_type,
    minutes: int,
    summary: str,
    internal_note: str = "",
) -> Session:
    """A session that took place: its date, how long, what was done (the organisation's
    admins read it) and an internal note (city staff only; never in the timeline)."""
    _require(by, "coaching.manage")
    if not isinstance(date, date_type):
        message = _("Give the date of the session.")
        raise Invalid(message, fields={"date": [message]})
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        message = _("A session lasts at least one minute.")
        raise Invalid(message, fields={"minutes": [message]})
    if minutes > SESSION_MINUTES_MAX:
        message = _("A session lasts at most %(hours)d hours.") % {
            "hours": SESSION_MINUTES_MAX // 60
        }
        raise Invalid(message, fields={"minutes": [message]})
    summary = _text(summary, field="summary", maximum=TEXT_MAX, required=True)
    internal_note = _text(internal_note, field="internal_note", maximum=TEXT_MAX, required=False)
    trajectory = _open_locked(trajectory)
    if date > timezone.localdate():
        message = _("A session can only be recorded once it has taken place.")
        raise Invalid(message, fields={"date": [message]})
    if date < timezone.localdate(trajectory.started_at):
        message = _("This date is before the coaching started.")
        raise Invalid(message, fields={"date": [message]})
    session = Session.objects.create(
        trajectory=trajectory,
        date=date,
        minutes=minutes,
        summary=summary,
        internal_note=internal_note,
        recorded_by=by,
    )
    timeline_record(
        organisation=trajectory.organisation,
        kind="coaching.session",
        actor=by,
        subject=session,
        data={"day": date.strftime("%d/%m/%Y"), "minutes": minutes},
    )
    return session


@transaction.atomic
def note_add(*, trajectory: Trajectory, by: Any, text: str, internal: bool = True) -> Note:
    """A note on the trajectory. Internal notes (the default) are for city staff only;
    the timeline only says that a note was added, never what it says."""
    _require(by, "coaching.manage")
    text = _text(text, field="text", maximum=TEXT_MAX, required=True)
    trajectory = _open_locked(trajectory)
    note = Note.objects.create(trajectory=trajectory, author=by, text=text, internal=internal)
    timeline_record(
        organisation=trajectory.organisation,
        kind="coaching.internal_note" if internal else "coaching.note",
        actor=by,
        subject=note,
    )
    return note


@transaction.atomic
def trajectory_close(*, trajectory: Trajectory, by: Any, summary: str) -> Trajectory:
    """Close the trajectory with a summary the organisation reads; its admins get it by mail."""
    _require(by, "coaching.manage")
    summary = _text(summary, field="summary", maximum=TEXT_MAX, required=True)
    trajectory = _open_locked(trajectory)
    trajectory.status = TrajectoryStatus.CLOSED
    trajectory.closed_at = timezone.now()
    trajectory.summary = summary
    trajectory.save(update_fields=["status", "closed_at", "summary"])
    organisation = trajectory.organisation
    timeline_record(organisation=organisation, kind="coaching.closed", actor=by, subject=trajectory)
    asked_by = trajectory.request.asked_by if trajectory.request is not None else None
    _mail(
        _people_to_tell(organisation, asked_by),
        "closed",
        {"organisation": organisation, "trajectory": trajectory, "summary": summary},
    )
    return trajectory
