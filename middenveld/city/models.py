"""The city's internal organisation: departments, teams and their staff; notifications.

An organisation meets one city: questions, verifications, bookings and
applications are routed to a team, and each waiting item shows up in the staff
inbox of the team's members (``middenveld.city.inbox``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    email = models.EmailField(_("shared e-mail address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="teams", verbose_name=_("department")
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    email = models.EmailField(_("shared e-mail address"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMember",
        related_name="city_teams",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="city_team_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.department.name} › {self.name}" if self.department_id else self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("staff member"),
        limit_choices_to={"role__in": ["staff", "administrator"]},
    )
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="city_teammember_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.team.name})"


class Notification(models.Model):
    """A message in the platform for one person, written in their language when made."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    text = models.CharField(_("message"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="city_notif_unread"),
            models.Index(
                fields=["digested_at", "recipient"],
                name="city_notif_digest",
                condition=models.Q(digested_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class NotificationSetting(models.Model):
    """Per person: whether the daily digest e-mail is wanted. No row means yes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    daily_digest = models.BooleanField(_("send me a daily e-mail digest"), default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)
