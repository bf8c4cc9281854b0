# mypy: disable-error-code="django-manager-missing"
# (modeltranslation swaps in its own manager at start-up, which the stubs cannot see.)
"""The starter's guide (wegwijzer): steps with tasks, and the ticks of a personal checklist.

``Step`` and ``Task`` are content that city staff edit in /beheer/, translated
with modeltranslation (Dutch is the source and the fallback). A ``Tick`` says
that a task is done on one checklist: an organisation's (shared by its
members) or one person's own ("just me", for someone without an organisation
yet). The database allows exactly one owner per tick and one tick per task and
owner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation


class Step(models.Model):
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = models.CharField(_("short introduction"), max_length=500)
    body = models.TextField(
        _("explanation"),
        help_text=_(
            "Plain words. An empty line starts a new paragraph. A line that starts with "
            "“## ” is a heading, “- ” a list item, “| ” a table row (the first row holds the "
            "column names). A link: [text](/vragen/) or [text](https://…)."
        ),
    )

    TRANSLATED = ("title", "intro", "body")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("step of the starter's guide")
        verbose_name_plural = _("steps of the starter's guide")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guide:step", kwargs={"slug": self.slug})


class Task(models.Model):
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("step")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("task"), max_length=300)
    hint = models.TextField(_("tip"), max_length=1000, blank=True)

    TRANSLATED = ("title", "hint")

    class Meta:
        ordering = ["step__order", "step_id", "order", "id"]
        verbose_name = _("task of the starter's guide")
        verbose_name_plural = _("tasks of the starter's guide")
        indexes = [models.Index(fields=["step", "order"], name="guide_task_step_order")]

    def __str__(self) -> str:
        return self.title


class Tick(models.Model):
    """A task ticked off on one checklist: an organisation's or one person's own."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="ticks")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guide_ticks",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guide_ticks",
        verbose_name=_("person"),
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked off by"),
    )
    done_at = models.DateTimeField(_("ticked off at"), default=timezone.now)

    class Meta:
        ordering = ["done_at", "id"]
        verbose_name = _("ticked-off task")
        verbose_name_plural = _("ticked-off tasks")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, user__isnull=True)
                    | models.Q(organisation__isnull=True, user__isnull=False)
                ),
                name="guide_tick_exactly_one_owner",
            ),
            models.UniqueConstraint(
                fields=["task", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="guide_tick_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["task", "user"],
                condition=models.Q(user__isnull=False),
                name="guide_tick_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ✓ {self.organisation_id or f'user {self.user_id}'}"
