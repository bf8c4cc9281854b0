"""Seasonal allocation of weekly use.

Staff open an ``AllocationRound`` for a season and a set of spaces. Organisations
send ``AllocationRequest`` rows (a weekday, a time window, every 1 or 2 weeks, ranked
``AllocationPreference`` spaces). The proposal (``allocation.propose``) places each
request by a published rule and writes one ``Placement`` per request with its
reason; staff adjust placements by hand and publish, which turns every placement
into a confirmed weekly series (``Booking.allocation_round``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation
from middenveld.spaces.models.catalogue import Space, Weekday


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for requests")
    CLOSED = "closed", _("Closed, being allocated")
    PUBLISHED = "published", _("Published")


class AllocationRound(models.Model):
    name = models.CharField(_("name"), max_length=200)
    season_starts = models.DateField(_("season starts"))
    season_ends = models.DateField(_("season ends"))
    requests_open_at = models.DateTimeField(_("requests from"))
    requests_close_at = models.DateTimeField(_("requests until"))
    spaces = models.ManyToManyField(
        Space, related_name="allocation_rounds", verbose_name=_("spaces")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    seed = models.CharField(
        _("seed for drawing lots"),
        max_length=64,
        blank=True,
        help_text=_("Published with the result, so anyone can repeat the draw among equals."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-season_starts", "name"]
        verbose_name = _("seasonal allocation")
        verbose_name_plural = _("seasonal allocations")
        constraints = [
            models.CheckConstraint(
                condition=Q(season_ends__gt=models.F("season_starts")),
                name="spaces_round_season_valid",
            ),
            models.CheckConstraint(
                condition=Q(requests_close_at__gt=models.F("requests_open_at")),
                name="spaces_round_requests_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AllocationRequest(models.Model):
    allocation_round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="allocation_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("what is it for"), max_length=200)
    attendees = models.PositiveIntegerField(_("number of people"))
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("request for weekly use")
        verbose_name_plural = _("requests for weekly use")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="spaces_request_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks__in=[1, 2]), name="spaces_request_interval_valid"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="spaces_request_weekday_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.purpose}"


class AllocationPreference(models.Model):
    request = models.ForeignKey(
        AllocationRequest, on_delete=models.CASCADE, related_name="preferences"
    )
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("choice"))

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "rank"], name="spaces_pref_rank_unique"),
            models.UniqueConstraint(fields=["request", "space"], name="spaces_pref_space_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="spaces_pref_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.space_id}"


class Placement(models.Model):
    """Where a request ends up in the proposal: a space (or none) and why."""

    request = models.OneToOneField(
        AllocationRequest, on_delete=models.CASCADE, related_name="placement"
    )
    space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    priority_class = models.PositiveSmallIntegerField(_("priority class"))
    reason = models.TextField(_("reason"))
    by_hand = models.BooleanField(_("changed by hand"), default=False)
    booking = models.OneToOneField(
        "spaces.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
    )

    class Meta:
        ordering = ["priority_class", "request__created_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.request} → {self.space_id or '-'}"
