"""The register of civil-society organisations.

An ``Organisation`` is an informal association, a non-profit, a citizens'
initiative, a self-organisation …; people belong to it through a
``Membership`` (member or admin). The city records ``Recognition``s with a
period; eligibility for grants, rooms and votes is derived from them (see
``eligibility.py``). Everything the city and the organisation do together lands
in one ``TimelineEvent`` stream (see ``timeline.py``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District


class LegalForm(models.TextChoices):
    # Codes follow the Verenigingsregister's types where one exists.
    INFORMAL = "FV", _("Informal association (feitelijke vereniging)")
    PART = "VZER", _("Association without its own legal personality")
    NONPROFIT = "VZW", _("Non-profit association (vzw)")
    INTERNATIONAL = "IVZW", _("International non-profit association (ivzw)")
    FOUNDATION = "STICHTING", _("Foundation")
    OTHER = "OTHER", _("Other legal form")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# What an organisation does: (code in URLs and the API, model field, label).
WORKING_FORMS: tuple[tuple[str, str, str], ...] = (
    ("ontmoeting", "does_meeting", _("Meeting people (ontmoeting)")),
    ("basiswerk", "does_basic_work", _("Basic work (basiswerk)")),
    ("belangenbehartiging", "does_advocacy", _("Advocacy (belangenbehartiging)")),
    ("emancipatie", "does_emancipation", _("Emancipation (emancipatie)")),
)  # type: ignore[assignment]
WORKING_FORM_FIELDS = {code: field for code, field, _label in WORKING_FORMS}


class TargetGroup(models.Model):
    """For whom an organisation works: a list the city manages."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("name",)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language an organisation works in (ISO 639-1 code, name in each interface language)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("name",)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


def _logo_path(instance: Organisation, filename: str) -> str:
    return f"organisations/logos/{timezone.now():%Y}/{filename}"


def _statutes_path(instance: Organisation, filename: str) -> str:
    return f"organisations/statutes/{timezone.now():%Y}/{filename}"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    alternative_name = models.CharField(_("other name or abbreviation"), max_length=200, blank=True)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=10, choices=LegalForm.choices)
    kbo_number = models.CharField(
        _("enterprise number (KBO)"), max_length=10, unique=True, null=True, blank=True
    )
    vcode = models.CharField(
        _("Verenigingsregister code (vCode)"), max_length=8, unique=True, null=True, blank=True
    )
    description = models.TextField(_("what we do"), max_length=3000, blank=True)

    does_meeting = models.BooleanField(_("meeting people"), default=False)
    does_basic_work = models.BooleanField(_("basic work"), default=False)
    does_advocacy = models.BooleanField(_("advocacy"), default=False)
    does_emancipation = models.BooleanField(_("emancipation"), default=False)
    is_self_organisation = models.BooleanField(_("self-organisation"), default=False)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="organisations", verbose_name=_("target groups")
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="organisations", verbose_name=_("districts")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="organisations", verbose_name=_("languages")
    )

    public_email = models.EmailField(_("public e-mail address"), blank=True)
    public_phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to=_logo_path, blank=True)
    statutes = models.FileField(_("statutes"), upload_to=_statutes_path, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for_organisations",
        verbose_name=_("fixed contact person at the city"),
        limit_choices_to={"role__in": ["staff", "administrator"]},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    # Derived, kept by services.organisation_refresh_derived(): never typed by a person.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name_key", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["status", "name_key", "id"], name="org_status_name"),
            models.Index(fields=["status", "submitted_at"], name="org_status_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="organisations_organisation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(legal_form__in=[f.value for f in LegalForm]),
                name="organisations_organisation_legal_form_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kbo_number=""), name="organisations_kbo_null_not_empty"
            ),
            models.CheckConstraint(
                condition=~models.Q(vcode=""), name="organisations_vcode_null_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.status == Status.VERIFIED

    @property
    def working_form_codes(self) -> list[str]:
        return [code for code, field, _label in WORKING_FORMS if getattr(self, field)]

    @property
    def working_form_labels(self) -> list[str]:
        return [str(label) for _code, field, label in WORKING_FORMS if getattr(self, field)]


class AddressKind(models.TextChoices):
    ACTIVITY = "activity", _("Where we are active")
    CORRESPONDENCE = "correspondence", _("Address for letters")


class Address(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="addresses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AddressKind.choices)
    street = models.CharField(_("street"), max_length=120)
    number = models.CharField(_("house number"), max_length=12)
    box = models.CharField(_("box"), max_length=12, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10)
    municipality = models.CharField(_("municipality"), max_length=80)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="organisations_address_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        box = f" bus {self.box}" if self.box else ""
        return f"{self.street} {self.number}{box}, {self.postal_code} {self.municipality}"


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Admin")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "role", "created_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisations_membership_once"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["member", "admin"]),
                name="organisations_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == MemberRole.ADMIN


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="organisations_joinrequest_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


class Invitation(models.Model):
    """An invitation by e-mail. Only a hash of the link's secret is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class RecognitionType(models.Model):
    """A kind of recognition the city grants (for example "erkend jeugdwerkinitiatief")."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    TRANSLATED = ("name", "description")

    class Meta:
        ordering = ["code"]
        verbose_name = _("kind of recognition")
        verbose_name_plural = _("kinds of recognition")

    def __str__(self) -> str:
        return self.name


class RecognitionState(models.TextChoices):
    UPCOMING = "upcoming", _("Not yet valid")
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")


class Recognition(models.Model):
    """One recognition decision with its period. History stays: a renewal is a new row."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recognitions"
    )
    type = models.ForeignKey(
        RecognitionType,
        on_delete=models.PROTECT,
        related_name="recognitions",
        verbose_name=_("recognition"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        indexes = [
            models.Index(fields=["organisation", "type", "valid_from"], name="org_recognition_span")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="organisations_recognition_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} – {self.organisation}"

    def state_on(self, day: date | None = None) -> RecognitionState:
        day = day or timezone.localdate()
        if day < self.valid_from:
            return RecognitionState.UPCOMING
        if self.valid_until is not None and day > self.valid_until:
            return RecognitionState.EXPIRED
        return RecognitionState.VALID

    @property
    def state(self) -> RecognitionState:
        return self.state_on()


class RecognitionDocument(models.Model):
    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="organisations/recognitions/%Y/")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("recognition document")
        verbose_name_plural = _("recognition documents")

    def __str__(self) -> str:
        return self.title


class TimelineEvent(models.Model):
    """One thing the city and an organisation did together (the 360° timeline).

    ``kind`` is a dotted name registered in ``timeline.py`` ("organisations.verified",
    later "funding.application_submitted", "spaces.booking_confirmed" …);
    ``data`` holds what its sentence needs; ``subject`` points at the record.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="timeline_events"
    )
    kind = models.CharField(max_length=80)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    subject_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    subject_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=["organisation", "-occurred_at", "-id"], name="org_timeline_recent")
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.occurred_at:%Y-%m-%d}"


class PersonalDataAccess(models.Model):
    """A staff member looked at personal data of an organisation's people."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("look at personal data")
        verbose_name_plural = _("looks at personal data")
        indexes = [models.Index(fields=["organisation", "-at"], name="org_pd_access_recent")]

    def __str__(self) -> str:
        return f"{self.viewer_id} viewed {self.what} at {self.at:%Y-%m-%d %H:%M}"
