"""Coaching: an organisation asks for help, the city assigns a coach, and the coach
and the organisation work through a trajectory of goals and sessions.

``CoachingRequest`` is the intake (new → accepted or declined). Accepting it
opens a ``Trajectory`` with a coach (a city employee); the coach records
``Goal``s, ``Session``s and ``Note``s and closes the trajectory with a summary.
Only ``services.py`` changes these rows. The rules that must never break are in
the database: one pending request and one open trajectory per organisation, a
closed trajectory has its summary and its end, a session lasts a while.

People (``asked_by``, ``coach``, ``author`` …) are ``SET_NULL``: the coaching
belongs to the organisation and stays when a person's account goes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Language, Organisation

STAFF_ROLES = ("staff", "administrator")


class Theme(models.TextChoices):
    STARTING = "starting", _("Starting an organisation")
    LEGAL = "legal", _("Statutes and legal form")
    FINANCES = "finances", _("Finances and grants")
    VOLUNTEERS = "volunteers", _("Volunteers")
    COMMUNICATION = "communication", _("Communication")
    ROOM = "room", _("Finding a room")
    OTHER = "other", _("Something else")


class RequestStatus(models.TextChoices):
    NEW = "new", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TrajectoryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Dropped")


def _person(related_name: str, verbose_name: Any, **extra: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **extra,
    )


class CoachingRequest(models.Model):
    """An organisation's intake form for coaching."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coaching_requests",
        verbose_name=_("organisation"),
    )
    asked_by = _person("coaching_requests", _("asked by"))
    themes = models.JSONField(_("what they need help with"), default=list)
    text = models.TextField(_("their question in their own words"), max_length=5000)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred language for the coaching"),
    )
    availability = models.CharField(_("when they are available"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    # 5 working days after the request: stored, so closing days added later move no promise.
    due_at = models.DateTimeField(_("answer due"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = _person("+", _("decided by"))
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("coaching request")
        verbose_name_plural = _("coaching requests")
        indexes = [
            models.Index(fields=["status", "created_at"], name="coaching_request_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in RequestStatus]),
                name="coaching_request_status_valid",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="new"),
                name="coaching_request_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(status="new") | models.Q(decided_at__isnull=False),
                name="coaching_request_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="coaching_request_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[code]) for code in self.themes or [] if code in labels]


class Trajectory(models.Model):
    """A coaching trajectory: from the accepted request until the coach closes it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coaching_trajectories",
        verbose_name=_("organisation"),
    )
    request = models.OneToOneField(
        CoachingRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectory",
        verbose_name=_("request"),
    )
    coach = _person(
        "coaching_trajectories", _("coach"), limit_choices_to={"role__in": list(STAFF_ROLES)}
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectoryStatus.choices, default=TrajectoryStatus.OPEN
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = _person("+", _("created by"))

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("coaching trajectory")
        verbose_name_plural = _("coaching trajectories")
        indexes = [
            models.Index(fields=["coach", "status", "started_at"], name="coaching_traj_coach"),
            models.Index(fields=["organisation", "-started_at"], name="coaching_traj_org"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in TrajectoryStatus]),
                name="coaching_trajectory_status_valid",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="open"),
                name="coaching_trajectory_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | (models.Q(status="closed", closed_at__isnull=False) & ~models.Q(summary="")),
                name="coaching_trajectory_closed_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.started_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == TrajectoryStatus.OPEN


class Goal(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("coaching goal")
        verbose_name_plural = _("coaching goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in GoalStatus]),
                name="coaching_goal_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Session(models.Model):
    """One coaching session. ``summary`` is for the organisation's admins; ``internal_note``
    only for city staff."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("duration in minutes"))
    summary = models.TextField(_("what was done"), max_length=5000)
    internal_note = models.TextField(_("internal note"), max_length=5000, blank=True)
    recorded_by = _person("+", _("recorded by"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0), name="coaching_session_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory} – {self.date:%Y-%m-%d}"


class Note(models.Model):
    """A note on a trajectory. ``internal`` notes are for city staff only."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="notes")
    author = _person("+", _("author"))
    text = models.TextField(_("note"), max_length=5000)
    internal = models.BooleanField(_("only for city staff"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")

    def __str__(self) -> str:
        return self.text[:60]
