"""The support desk: questions from the web, e-mail and phone, their messages and routing.

A question is a thread. Its ``token`` (lower-case letters and digits) goes into
every mail we send about it (Reply-To plus-address, subject tag, Message-ID),
so replies find their way back (``middenveld.support.inbound``). Times to
answer are working days per topic (``middenveld.support.workdays``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District
from middenveld.core.storage import private_storage


class Topic(models.Model):
    """What a question is about; chosen by the asker. Sets the team and the response times."""

    TRANSLATED = ("name", "description")

    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    team = models.ForeignKey(
        "city.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("team that answers"),
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("first answer within (working days)"), default=2
    )
    resolution_days = models.PositiveSmallIntegerField(
        _("resolved within (working days)"), default=10
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("people can choose it"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_answer_days__gte=1) & Q(resolution_days__gte=1),
                name="support_topic_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(resolution_days__gte=models.F("first_answer_days")),
                name="support_topic_resolution_after_first_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """When every condition that is filled in holds, the question goes to ``team``.

    Rules are tried by ``order``; the first that matches wins. Without a match,
    the topic's team answers. ``to_contact_person`` assigns the question to the
    organisation's fixed contact person at the city, when it has one.
    """

    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("topic")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("district")
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Separate words with commas. One of them in the question is enough."),
    )
    only_organisations = models.BooleanField(_("only questions from organisations"), default=False)
    to_contact_person = models.BooleanField(
        _("give it to the organisation's fixed contact person"), default=False
    )
    team = models.ForeignKey(
        "city.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("team"),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(to_contact_person=True),
                name="support_routingrule_has_destination",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", _("website")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    DESK = "desk", _("at the desk")
    API = "api", _("API")


class QuestionStatus(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("being handled")
    WAITING = "waiting", _("waiting for the asker")
    CLOSED = "closed", _("closed")
    MERGED = "merged", _("merged with another question")


OPEN_STATUSES = (QuestionStatus.NEW, QuestionStatus.OPEN, QuestionStatus.WAITING)


class Question(models.Model):
    token = models.CharField(max_length=24, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=10, default="nl")
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("asked by"),
    )
    asker_email = models.EmailField(_("e-mail address"), blank=True)
    asker_name = models.CharField(_("name"), max_length=150, blank=True)
    asker_phone = models.CharField(_("phone number"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("organisation"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("topic")
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district")
    )
    team = models.ForeignKey(
        "city.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_questions",
        verbose_name=_("handled by"),
        limit_choices_to={"role__in": ["staff", "administrator"]},
    )
    routed_by = models.CharField(_("routed by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # The deadline that matters now (first answer, then resolution): what the inbox sorts on.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    first_answer_due = models.DateTimeField(_("first answer due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # The staff inbox: open questions of a team or a person, soonest due first.
            models.Index(
                fields=["team", "due_at", "id"],
                name="support_q_team_due",
                condition=Q(status__in=["new", "open", "waiting"]),
            ),
            models.Index(
                fields=["assignee", "due_at", "id"],
                name="support_q_assignee_due",
                condition=Q(status__in=["new", "open", "waiting"]),
            ),
            models.Index(
                fields=["due_at", "id"],
                name="support_q_open_due",
                condition=Q(status__in=["new", "open", "waiting"]),
            ),
            models.Index(fields=["organisation", "-created_at"], name="support_q_org"),
            models.Index(fields=["asker", "-created_at"], name="support_q_asker"),
            models.Index(fields=["asker_email", "-created_at"], name="support_q_email"),
            models.Index(fields=["status", "-created_at"], name="support_q_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in QuestionStatus]),
                name="support_question_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=[c.value for c in Channel]),
                name="support_question_channel_valid",
            ),
            # Someone to answer while it is open (an erased asker's question is closed).
            models.CheckConstraint(
                condition=~Q(asker__isnull=True, asker_email="", asker_phone="")
                | Q(status__in=["closed", "merged"]),
                name="support_question_can_be_answered",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="support_question_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="support_question_not_merged_in_self"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["closed", "merged"]) | Q(closed_at__isnull=False),
                name="support_question_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reference(self) -> str:
        return f"#{self.pk}"

    @property
    def contact_email(self) -> str:
        return self.asker.email if self.asker_id and self.asker else self.asker_email


class MessageKind(models.TextChoices):
    QUESTION = "question", _("question")
    REPLY = "reply", _("answer from the city")
    NOTE = "note", _("internal note")
    PHONE = "phone", _("phone call")


class Message(models.Model):
    """One step in a question's thread. Notes are never shown to the asker."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    from_email = models.EmailField(_("from"), blank=True)
    body = models.TextField(_("text"))
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    # The Message-ID of the mail this message came in as, or went out as.
    message_id = models.CharField(max_length=300, null=True, blank=True, unique=True)
    # Problems the mail parser found (``inbound.PROBLEM_CODES``), for staff.
    problems = models.JSONField(default=list, blank=True)
    sender_verified = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["question", "created_at"], name="support_msg_thread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in MessageKind]),
                name="support_message_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(message_id=""), name="support_message_id_null_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"support/{instance.message.question_id}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=_attachment_path, storage=private_storage, max_length=300
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


def _quarantine_path(instance: QuarantinedMail, filename: str) -> str:
    return f"support/quarantine/{timezone.now():%Y/%m}/{filename}"


class QuarantinedMail(models.Model):
    """A mail we could not turn into a question or a reply: kept for staff, never dropped."""

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=20)
    reason = models.CharField(_("reason"), max_length=60)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    from_address = models.CharField(_("from"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    raw = models.FileField(
        _("original message"), upload_to=_quarantine_path, storage=private_storage, max_length=300
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("mail kept aside")
        verbose_name_plural = _("mails kept aside")
        indexes = [
            models.Index(
                fields=["received_at"],
                name="support_quarantine_open",
                condition=Q(handled_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.subject}"
