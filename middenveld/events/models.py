"""Events: consultation meetings, information evenings and webinars, with registration.

An ``Event`` is published by city staff: in person (an address), online (a link that
only registered people see) or both. People register (``Registration``) for
themselves or on behalf of an organisation they are a member of, and say what they
need to take part: an interpreter, sign language, childcare, step-free access, food.
When the event is full they join the waiting list; when a place frees, the first
one waiting moves up (``services.registration_cancel``). Afterwards staff publish
the minutes, outcomes and a recording on the event page.

Only ``services.py`` changes registrations. The rules that must never break are in
the database: one active registration per person and event, only registered people
are checked in, a cancelled registration has its date, capacities are not negative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Language, Organisation
from middenveld.participation.models import Process
from middenveld.trajectory.models import Workstream


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


class Event(models.Model):
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400)
    agenda = models.TextField(_("agenda"), blank=True)
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("participatory process"),
    )
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("workstream"),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    # The place: an address until the spaces module exists.
    place_name = models.CharField(_("name of the place"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=80, blank=True, default="Gent")
    room = models.CharField(_("room"), max_length=200, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("How to get in: step-free entrance, lift, toilets, quiet room."),
    )
    online_link = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Only people who are registered see this link."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("number of places"))
    capacity_per_organisation = models.PositiveIntegerField(
        _("places per organisation"),
        null=True,
        blank=True,
        help_text=_("Leave empty when an organisation may register as many people as it likes."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the event starts."),
    )
    published = models.BooleanField(_("published"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    # After the event.
    minutes = models.TextField(_("minutes"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    report_published = models.BooleanField(_("minutes published"), default=False)
    report_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    TRANSLATED = ("title", "summary", "agenda", "accessibility", "minutes", "outcomes")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["published", "starts_at"], name="events_event_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0), name="events_event_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(capacity_per_organisation__isnull=True)
                | Q(capacity_per_organisation__gte=1),
                name="events_event_capacity_per_organisation_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="events_event_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(format__in=[f.value for f in Format]), name="events_event_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EventStatus]),
                name="events_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(report_published=False) | Q(report_published_at__isnull=False),
                name="events_event_report_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_place(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)

    def has_started(self, now: object = None) -> bool:
        return (now or timezone.now()) >= self.starts_at  # type: ignore[operator]

    def has_ended(self, now: object = None) -> bool:
        return (now or timezone.now()) >= self.ends_at  # type: ignore[operator]

    def registration_closes(self) -> object:
        return self.registration_closes_at or self.starts_at

    def address_line(self) -> str:
        town = " ".join(part for part in (self.postal_code, self.municipality) if part)
        return ", ".join(part for part in (self.place_name, self.street, town) if part)


def _document_path(instance: EventDocument, filename: str) -> str:
    return f"events/documents/{timezone.now():%Y}/{filename}"


class EventDocument(models.Model):
    """A document for an event (the agenda as PDF, a presentation, the minutes)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="documents", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    kind = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    TRANSLATED = ("title",)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """One person's registration for an event, perhaps on behalf of an organisation."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    # The order of the waiting list: (created_at, id), set while the event's row is locked.
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # What the person needs to take part.
    interpreter_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter"),
    )
    sign_language = models.BooleanField(_("sign language interpreter"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(
                fields=["event", "status", "created_at", "id"], name="events_reg_event_status"
            ),
            models.Index(fields=["person", "status"], name="events_reg_person"),
            models.Index(fields=["organisation", "event"], name="events_reg_organisation"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled"),
                name="events_registration_one_active",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RegistrationStatus]),
                name="events_registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="registered"),
                name="events_registration_checked_in_is_registered",
            ),
            models.CheckConstraint(
                condition=(Q(status="cancelled") & Q(cancelled_at__isnull=False))
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="events_registration_cancelled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def needs_list(self) -> list[str]:
        """What this person asked for, in the reader's language."""
        needs: list[str] = []
        if self.interpreter_language_id:
            needs.append(
                str(_("Interpreter: %(language)s") % {"language": self.interpreter_language})
            )
        if self.sign_language:
            needs.append(str(_("Sign language interpreter")))
        if self.childcare:
            needs.append(str(_("Childcare")))
        if self.step_free_access:
            needs.append(str(_("Step-free access")))
        if self.dietary_needs:
            needs.append(str(_("Food: %(needs)s") % {"needs": self.dietary_needs}))
        return needs
