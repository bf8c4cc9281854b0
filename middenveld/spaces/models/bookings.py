"""Bookings: a request of an organisation for a space, once or as a weekly series.

``Booking`` keeps what was asked (the wall-clock times in Europe/Brussels, the series
rule, the tariff and price as they were on the day of booking). Each date becomes an
``Occurrence`` with real (aware) start and end times, and each occurrence holds one
``Occupancy`` row per *unit* it occupies (the space itself, or every part of a divided
space), with the buffers included.

The rule that must never break: two active occupancies never overlap on the same
unit. On PostgreSQL this is an exclusion constraint (btree_gist) on
``tstzrange(starts_at, ends_at, '[)')`` added in migration 0002; half-open ranges let
bookings touch back to back. On SQLite every write is an immediate transaction, so
``services`` checks and inserts while holding the database's write lock.

Only ``services.py`` changes bookings.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation
from middenveld.spaces.models.catalogue import Space, TariffCategory


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    DENIED = "denied", _("Denied")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Repeat(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")


class Booking(models.Model):
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("space")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    purpose = models.CharField(_("what is it for"), max_length=200)
    attendees = models.PositiveIntegerField(_("number of people"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    # What was asked, in Brussels wall-clock time.
    first_day = models.DateField(_("first day"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    fold = models.PositiveSmallIntegerField(
        _("at the change of hour"),
        null=True,
        blank=True,
        help_text=_("0: the first time the clock shows this hour (summer time); 1: the second."),
    )
    repeat = models.CharField(
        _("repeat"), max_length=10, choices=Repeat.choices, default=Repeat.ONCE
    )
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    exceptions = models.JSONField(_("except on"), default=list, blank=True)
    # The price as it was on the day of booking.
    tariff_category = models.CharField(
        _("tariff"), max_length=10, choices=TariffCategory.choices, default=TariffCategory.STANDARD
    )
    hourly_rate = models.DecimalField(_("price per hour (EUR)"), max_digits=8, decimal_places=2)
    total_price = models.DecimalField(_("total price (EUR)"), max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    allocation_round = models.ForeignKey(
        "spaces.AllocationRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("seasonal allocation"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="spaces_booking_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks__gte=1), name="spaces_booking_interval_positive"
            ),
            models.CheckConstraint(
                condition=Q(total_price__gte=0) & Q(hourly_rate__gte=0),
                name="spaces_booking_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(repeat="once") | Q(until__isnull=False),
                name="spaces_booking_series_has_end",
            ),
            models.CheckConstraint(
                condition=~Q(status="denied") | ~Q(decision_reason=""),
                name="spaces_booking_denial_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="spaces_booking_status"),
            models.Index(fields=["organisation", "-created_at"], name="spaces_booking_org"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.space})"

    @property
    def is_series(self) -> bool:
        return self.repeat != Repeat.ONCE


class Occurrence(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occurrences")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    price = models.DecimalField(_("price (EUR)"), max_digits=10, decimal_places=2)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("date of a booking")
        verbose_name_plural = _("dates of bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="spaces_occurrence_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="spaces_occurrence_cancel_dated",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="spaces_occurrence_price"),
        ]
        indexes = [
            models.Index(fields=["space", "starts_at"], name="spaces_occ_space_start"),
            models.Index(fields=["booking", "starts_at"], name="spaces_occ_booking_start"),
        ]

    def __str__(self) -> str:
        return f"{self.booking.purpose} {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Occupancy(models.Model):
    """One unit held by one occurrence, buffers included: ``[starts_at, ends_at)``."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="occupancies")
    unit = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="occupancies")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="spaces_occupancy_not_empty"
            ),
            models.UniqueConstraint(
                fields=["occurrence", "unit"], name="spaces_occupancy_once_per_unit"
            ),
        ]
        indexes = [
            models.Index(
                fields=["unit", "starts_at", "ends_at"],
                condition=Q(active=True),
                name="spaces_occupancy_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class BookingLog(models.Model):
    """Every state change of a booking, an occurrence or an allocation round: who,
    when, from, to, why."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="log"
    )
    allocation_round = models.ForeignKey(
        "spaces.AllocationRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log")
        constraints = [
            models.CheckConstraint(
                condition=Q(booking__isnull=False) | Q(allocation_round__isnull=False),
                name="spaces_log_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private iCalendar feed behind a secret address: one per organisation (its
    bookings) and one per space (for the people who manage the building)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="booking_feed"
    )
    space = models.OneToOneField(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, space__isnull=True)
                | Q(organisation__isnull=True, space__isnull=False),
                name="spaces_feed_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"feed {self.organisation_id or self.space_id}"
