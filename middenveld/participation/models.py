"""Participatory processes and their phases.

A ``Process`` is one round of participation ("Prioriteiten basiswerk 2027"): it belongs
to a workstream, is for organisations or for residents, and runs through ``Phase``s with
dates. Events (``middenveld.events``), ballots (``middenveld.ballots``) and proposals
hang on a process. Where a process stands is computed from its phases' dates, never
stored.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.trajectory.models import Workstream


class Audience(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    RESIDENTS = "residents", _("Residents")


class Process(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("workstream"),
    )
    audience = models.CharField(
        _("for whom"), max_length=20, choices=Audience.choices, default=Audience.ORGANISATIONS
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    TRANSLATED = ("title", "summary", "description")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:process", kwargs={"slug": self.slug})

    def current_phase(self, today: datetime.date | None = None) -> Phase | None:
        """The phase running today; between phases, the next one; after the end, None."""
        today = today or timezone.localdate()
        phases = list(self.phases.all())
        for phase in phases:
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        upcoming = [phase for phase in phases if phase.starts_on > today]
        return upcoming[0] if upcoming else None


class Phase(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens"), blank=True)
    question = models.TextField(_("what we ask of you"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    TRANSLATED = ("title", "description", "question")

    class Meta:
        ordering = ["process", "starts_on", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="participation_phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.starts_on:
            return "upcoming"
        if today > self.ends_on:
            return "past"
        return "current"
