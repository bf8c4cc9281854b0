"""The trajectory's own content: sections, workstreams, actions, timeline,
documents, news and contact details. Text fields are translated with
modeltranslation (see translation.py); Dutch is the source and the fallback."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Section(models.Model):
    """A part of the page /traject/: what, why, for whom, definition, goal, research."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("title", "body")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("trajectory section")
        verbose_name_plural = _("trajectory sections")

    def __str__(self) -> str:
        return self.title


class Workstream(models.Model):
    """A werf: one of the trajectory's tracks."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("text"), blank=True)

    TRANSLATED = ("title", "summary", "body")

    class Meta:
        ordering = ["number"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("trajectory:workstream", kwargs={"slug": self.slug})


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")


class Action(models.Model):
    """Something the city and organisations do within a workstream."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("title", "description")

    class Meta:
        ordering = ["workstream__number", "order", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="trajectory_action_progress_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ActionStatus]),
                name="trajectory_action_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionMilestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("date"))
    reached = models.BooleanField(_("reached"), default=False)

    TRANSLATED = ("title",)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class TimelineEntry(models.Model):
    """A moment in the trajectory, past or ahead."""

    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_entries",
    )

    TRANSLATED = ("title", "body")

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="trajectory_timeline_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return (self.ends_on or self.starts_on) < timezone.localdate()


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PRESENTATION = "presentation", _("Presentation")
    RECORDING = "recording", _("Recording")
    REPORT = "report", _("Report")


class Document(models.Model):
    """A document or recording: an uploaded file, an external link, or both."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    workstream = models.ForeignKey(
        Workstream, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )

    TRANSLATED = ("title", "description")

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="trajectory_document_has_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        if self.file:
            return self.file.url
        return self.url


class NewsItem(models.Model):
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    is_published = models.BooleanField(_("published"), default=True)

    TRANSLATED = ("title", "summary", "body")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trajectory:news_item", kwargs={"slug": self.slug})


class ContactInfo(models.Model):
    """How to ask a question. One row (enforced by a constraint on ``singleton``)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=40)
    form_url = models.URLField(
        _("web form link"),
        blank=True,
        help_text=_("Leave empty to use the platform's own question form."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    TRANSLATED = ("intro", "opening_hours")

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="trajectory_contact_singleton"
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def phone_href(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        if digits.startswith("0"):
            digits = "32" + digits[1:]
        return f"+{digits}"
