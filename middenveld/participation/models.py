"""Participatory processes and their phases.

A ``Process`` is one round of participation ("Prioriteiten basiswerk 2027"): it belongs
to a workstream, is for organisations or for residents, and runs through ``Phase``s with
dates. Events (``middenveld.events``), ballots (``middenveld.ballots``) and proposals
hang on a process. Where a process stands is computed from its phases' dates, never
stored.

A ``Proposal`` is sent to a process by an organisation (or, in a process for residents,
by a person) while a phase accepts proposals; the city accepts or rejects it with a
reason. ``Comment``s form threads (one level of replies) on a proposal or on the process
itself; anyone signed in can report one (``CommentReport``, once per person) and a
moderator hides it with a reason that stays visible in its place.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.trajectory.models import Workstream


class Audience(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    RESIDENTS = "residents", _("Residents")


# Addresses under /inspraak/ that belong to other pages (the ballots' list).
RESERVED_SLUGS = frozenset({"stemmingen", "reacties"})


def validate_process_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("The address %(slug)s is taken by another page. Choose another address."),
            params={"slug": value},
        )


class Process(models.Model):
    slug = models.SlugField(
        _("address"), max_length=80, unique=True, validators=[validate_process_slug]
    )
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
    accepts_proposals = models.BooleanField(
        _("organisations can send proposals in this phase"), default=False
    )

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


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Proposal(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("process")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    # Set when the person who sent a proposal of their own erased their account.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["process", "-created_at", "-id"], name="participation_prop_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProposalStatus]),
                name="participation_proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.REJECTED) | ~Q(decision_reason=""),
                name="participation_proposal_rejection_has_reason",
            ),
            # A double click, or the same proposal sent twice, makes one proposal.
            models.UniqueConstraint(
                fields=["process", "organisation", "title"],
                name="participation_proposal_once_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal", kwargs={"slug": self.process.slug, "pk": self.pk})


class Comment(models.Model):
    """A comment on a proposal, or (``proposal`` empty) on the process itself."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="comments", verbose_name=_("process")
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("proposal"),
    )
    # Replies go one level deep: a reply's parent is never a reply (services.py).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_comments",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("reason, shown in place"), max_length=500, blank=True)
    moderator_note = models.TextField(_("internal note of the moderators"), blank=True)
    # Set when the author erased their account: the text is gone, the thread stays.
    removed_at = models.DateTimeField(_("removed by the author at"), null=True, blank=True)
    # Kept by the services (report, hide, keep): the reports waiting for a moderator and
    # the moment of the first of them, so the moderation queue is an index scan.
    open_reports = models.PositiveIntegerField(_("open reports"), default=0, editable=False)
    reported_at = models.DateTimeField(
        _("first open report"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["process", "proposal", "created_at"], name="participation_cmt_thread"
            ),
            models.Index(fields=["author", "created_at"], name="participation_cmt_author"),
            models.Index(
                fields=["-open_reports", "reported_at", "-created_at", "-id"],
                name="participation_cmt_moderation",
            ),
            models.Index(
                fields=["reported_at", "id"],
                condition=Q(open_reports__gt=0),
                name="participation_cmt_reported",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="participation_comment_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="participation_comment_not_own_parent",
            ),
            models.CheckConstraint(
                condition=Q(open_reports=0, reported_at__isnull=True)
                | Q(open_reports__gt=0, reported_at__isnull=False),
                name="participation_comment_reported_at_with_reports",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60] or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        if self.proposal_id:
            base = reverse(
                "participation:proposal",
                kwargs={"slug": self.process.slug, "pk": self.proposal_id},
            )
        else:
            base = self.process.get_absolute_url()
        return f"{base}#reactie-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # Set when a moderator hid the comment or decided to keep it visible.
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(handled_at__isnull=True),
                name="participation_report_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="participation_report_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:40]}"
