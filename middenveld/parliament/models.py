# mypy: disable-error-code="django-manager-missing"
"""The middenveldparlement and the city's other consultation bodies.

A ``Body`` is the parliament itself, a thematic table or a working group. A body has
mandate periods (``Term``); each term has ``Seat`` rows (per theme, per wijk, per size of
organisation, or drawn by lot). A ``Mandate`` gives a seat to a member organisation for
the term, with one delegate and substitutes (``MandatePerson``). Chair and secretary are
``Officer`` roles of a person in a body.

A ``Session`` has agenda items; attendance is one row per seat and session (a delegate
*or* a substitute takes the seat, never both: unique per seat) and one per person.

A ``Vote`` is held on an agenda item, usually on a ``Motion``. One vote per seat and vote
is enforced by the database: ``VoteCast`` (roll call, who voted what is public) and
``SecretTurn`` (secret: *that* a seat voted) are unique on (vote, seat). A secret vote's
choice is a ``SecretChoice`` row with a random key and no link to the seat or person, so
nobody can ever tell who chose what; the totals are recounted from those rows.

An adopted advice becomes an ``Advice`` to the city with a deadline for the city's answer;
the public tracker shows every advice with its answer or how many days it is overdue.
Organisations file ``Signal`` rows (needs seen in the field); staff tag and group them,
and a yearly report bundles them.

``ParliamentLog`` keeps every state change (who, when, what, from, to, why).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District
from middenveld.core.storage import private_storage
from middenveld.organisations.models import Organisation


class Theme(models.TextChoices):
    WELFARE = "welfare", _("Welfare and care")
    POVERTY = "poverty", _("Poverty")
    YOUTH = "youth", _("Children and youth")
    DIVERSITY = "diversity", _("Diversity and participation")
    CULTURE = "culture", _("Culture and leisure")
    SPORT = "sport", _("Sport")
    HOUSING = "housing", _("Housing and neighbourhood")
    EDUCATION = "education", _("Learning and work")
    CLIMATE = "climate", _("Climate and public space")
    OTHER = "other", _("Other")


class BodyKind(models.TextChoices):
    PARLIAMENT = "parliament", _("Civil-society parliament")
    TABLE = "table", _("Thematic table")
    WORKING_GROUP = "working_group", _("Working group")


class Body(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percentage of seats present)"), default=50
    )
    convocation_days = models.PositiveSmallIntegerField(
        _("convocation sent this many days before a session"), default=10
    )
    advice_answer_days = models.PositiveSmallIntegerField(
        _("days the city has to answer an advice"), default=60
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder to seats that have not answered, this many days before a session"),
        default=2,
        help_text=_("0 sends no reminder."),
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Thematic tables and working groups meet as participation events (registration,
    # reminders, .ics, minutes are the events module's).
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="bodies", verbose_name=_("meetings")
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("consultation body")
        verbose_name_plural = _("consultation bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="parliament_body_quorum_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.kind == BodyKind.PARLIAMENT:
            return reverse("parliament:home")
        return reverse("parliament:body", args=[self.slug])

    def current_term(self, day: Any = None) -> Term | None:
        day = day or timezone.localdate()
        return self.terms.filter(starts_on__lte=day, ends_on__gte=day).first()


def _body_document_path(instance: BodyDocument, filename: str) -> str:
    return f"parliament/documents/{timezone.now():%Y}/{filename}"


def _agenda_document_path(instance: AgendaDocument, filename: str) -> str:
    return f"parliament/agenda/{timezone.now():%Y}/{filename}"


#: The content type of a document, by the kind ``document_check`` found.
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class BodyDocument(models.Model):
    """A document of a body (a charter, a report, a presentation): a link or a file.

    Files are kept in ``private_storage`` and served by ``views_documents.body_document``,
    which checks ``parliament.view_body`` on every download: a body can be unpublished
    (then only staff see it, and its files too), and a download never runs as a page."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=_body_document_path,
        storage=private_storage,
        max_length=300,
        blank=True,
    )
    kind = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    link = models.URLField(_("link"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""), name="parliament_document_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        if self.file:
            return reverse("parliament:body_document", args=[self.pk])
        return self.link


class Term(models.Model):
    """A mandate period of a body."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="terms", verbose_name=_("body")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("mandate period")
        verbose_name_plural = _("mandate periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="parliament_term_ends_after_start"
            ),
            models.UniqueConstraint(fields=["body", "starts_on"], name="parliament_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.starts_on:%Y}–{self.ends_on:%Y}"


class SeatKind(models.TextChoices):
    THEME = "theme", _("Seat for a theme")
    DISTRICT = "district", _("Seat for a wijk")
    SIZE = "size", _("Seat for a size of organisation")
    LOT = "lot", _("Seat drawn by lot")
    OPEN = "open", _("Open seat")


class OrganisationSize(models.TextChoices):
    SMALL = "small", _("Small (no paid staff)")
    MEDIUM = "medium", _("Medium (1 to 10 paid staff)")
    LARGE = "large", _("Large (more than 10 paid staff)")


class Seat(models.Model):
    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="seats", verbose_name=_("mandate period")
    )
    number = models.PositiveSmallIntegerField(_("seat number"))
    kind = models.CharField(_("kind"), max_length=10, choices=SeatKind.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijk"),
    )
    size = models.CharField(_("size"), max_length=10, choices=OrganisationSize.choices, blank=True)
    # A seat drawn by lot: the stratum it is drawn in (``CompositionRule``, ``lot_draw``).
    stratum = models.CharField(_("stratum"), max_length=100, blank=True)

    class Meta:
        ordering = ["term", "number"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="parliament_seat_number"),
        ]

    def __str__(self) -> str:
        return str(_("Seat %(number)s") % {"number": self.number})


class CompositionRule(models.Model):
    """How many seats of a kind a body has in a mandate period, as data.

    ``value`` says what the seats are for: a theme (its code), a wijk (its slug) or a size
    of organisation (its code), or ``"each"`` for that many seats for every theme (but
    "Other"), every wijk or every size; empty for open seats and seats drawn by lot, whose
    ``stratum`` names the group they are drawn in. A rule for one value overrules an
    "each" rule of the same kind for that value. ``services.composition_apply`` makes the
    seats; ``services.composition_check`` compares them with the rules and the register.
    """

    EACH = "each"

    term = models.ForeignKey(
        Term,
        on_delete=models.CASCADE,
        related_name="composition_rules",
        verbose_name=_("mandate period"),
    )
    kind = models.CharField(_("kind of seat"), max_length=10, choices=SeatKind.choices)
    value = models.CharField(_("for"), max_length=120, blank=True)
    seats = models.PositiveSmallIntegerField(_("number of seats"))
    stratum = models.CharField(_("stratum"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["term", "kind", "value", "stratum", "id"]
        verbose_name = _("composition rule")
        verbose_name_plural = _("composition rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="parliament_rule_at_least_one_seat"
            ),
            models.UniqueConstraint(
                fields=["term", "kind", "value", "stratum"], name="parliament_rule_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.seats} × {self.kind} {self.value or self.stratum}".strip()


class Mandate(models.Model):
    """A seat held by a member organisation for (part of) a term."""

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("seat")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parliament_mandates",
        verbose_name=_("organisation"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["seat__number", "-starts_on"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="parliament_mandate_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["seat", "starts_on"], name="parliament_mandate_seat_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.organisation}"

    def is_current(self, day: Any = None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on


class LotDraw(models.Model):
    """Seats drawn by lot among candidate organisations, per stratum, reproducibly.

    ``inputs`` holds everything the draw used: the strata, their number of seats and their
    candidates (id and name), in the order given. ``result`` holds the drawn organisation
    ids per stratum. ``services.lot_rank`` orders the candidates of a stratum by
    SHA-256(seed, stratum, organisation id), so anyone can redo the draw from the published
    seed and inputs (``services.lot_draw_verify``).
    """

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="draws", verbose_name=_("mandate period")
    )
    seed = models.CharField(_("seed"), max_length=100)
    method = models.CharField(max_length=40, default="sha256-rank-v1")
    inputs = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    drawn_at = models.DateTimeField(default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("draw by lot")
        verbose_name_plural = _("draws by lot")

    def __str__(self) -> str:
        return f"{self.term} ({self.seed})"

    def get_absolute_url(self) -> str:
        return reverse("parliament:draw", args=[self.pk])


class MandateRole(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    SUBSTITUTE = "substitute", _("Substitute")


class MandatePerson(models.Model):
    """The delegate (one) and the substitutes of a mandate: members of the organisation."""

    mandate = models.ForeignKey(
        Mandate, on_delete=models.CASCADE, related_name="people", verbose_name=_("mandate")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parliament_mandates",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=MandateRole.choices)

    class Meta:
        ordering = ["mandate", "role", "id"]
        verbose_name = _("delegate or substitute")
        verbose_name_plural = _("delegates and substitutes")
        constraints = [
            models.UniqueConstraint(fields=["mandate", "user"], name="parliament_mandate_person"),
            models.UniqueConstraint(
                fields=["mandate"],
                condition=Q(role="delegate"),
                name="parliament_one_delegate_per_mandate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate} — {self.get_role_display()}"


class OfficerRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")


class Officer(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="officers", verbose_name=_("body")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parliament_offices",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=OfficerRole.choices)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user", "role"], name="parliament_officer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_role_display()}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONVENED = "convened", _("Convocation sent")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class MinutesStatus(models.TextChoices):
    NONE = "none", _("No minutes yet")
    DRAFT = "draft", _("Draft minutes")
    APPROVED = "approved", _("Approved minutes")


class Session(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    convocation_sent_at = models.DateTimeField(_("convocation sent at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_in = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        verbose_name=_("minutes approved in session"),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="parliament_session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["body", "-starts_at"], name="parliament_session_body")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parliament:session", args=[self.pk])


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("For information")
    DISCUSSION = "discussion", _("For discussion")
    DECISION = "decision", _("For decision")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("Simple majority (more yes than no)")
    ABSOLUTE = "absolute", _("Absolute majority (more than half of the votes cast)")
    TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast")


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="items", verbose_name=_("session")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ItemKind.choices, default=ItemKind.DISCUSSION
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    document = models.FileField(_("document"), upload_to="parliament/%Y/", blank=True)
    document_link = models.URLField(_("link to a document"), max_length=500, blank=True)
    decision = models.TextField(_("decision"), max_length=5000, blank=True)

    class Meta:
        ordering = ["session", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="parliament_item_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class AgendaDocument(models.Model):
    """A document on an agenda item (a note, a presentation, a draft advice), checked by its
    content when uploaded and kept in ``private_storage``: served by a view that checks
    ``parliament.view_body`` (as ``BodyDocument``)."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=_agenda_document_path, storage=private_storage, max_length=300
    )
    kind = models.CharField(_("file type"), max_length=10, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "uploaded_at", "id"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        return reverse("parliament:agenda_document", args=[self.pk])


class Attendance(models.Model):
    """Who sits on a seat in a session: the delegate or one substitute, never both."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parliament_attendance"
    )
    as_substitute = models.BooleanField(default=False)
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], name="parliament_one_per_seat"),
            models.UniqueConstraint(fields=["session", "user"], name="parliament_one_seat_each"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.seat}"


class ConfirmationAnswer(models.TextChoices):
    COMING = "coming", _("I will come")
    SUBSTITUTE = "substitute", _("A substitute comes")
    ABSENT = "absent", _("Nobody can come")


class Confirmation(models.Model):
    """Before a session: the organisation says who will take its seat."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="confirmations")
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="confirmations")
    answer = models.CharField(max_length=10, choices=ConfirmationAnswer.choices)
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "mandate"], name="parliament_one_confirmation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.mandate} ({self.answer})"


class MotionKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    ADVICE = "advice", _("Advice draft")
    AMENDMENT = "amendment", _("Amendment")


class MotionStatus(models.TextChoices):
    TABLED = "tabled", _("Tabled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class Motion(models.Model):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="motions", verbose_name=_("agenda item")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MotionKind.choices)
    amends = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), max_length=20000)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parliament_motions",
        verbose_name=_("tabled by"),
    )
    tabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    tabled_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=MotionStatus.choices, default=MotionStatus.TABLED
    )

    class Meta:
        ordering = ["item", "tabled_at", "id"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="amendment") & Q(amends__isnull=False))
                | (~Q(kind="amendment") & Q(amends__isnull=True)),
                name="parliament_amendment_amends_a_motion",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CoSigner(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="cosigners")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "organisation"], name="parliament_cosign_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.motion}: {self.organisation}"


class VoteStatus(models.TextChoices):
    PREPARED = "prepared", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("agenda item")
    )
    motion = models.ForeignKey(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("motion"),
    )
    question = models.CharField(_("question"), max_length=300)
    secret = models.BooleanField(_("secret vote"), default=False)
    majority = models.CharField(_("majority"), max_length=12, choices=Majority.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.PREPARED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The result, stored at the close and recountable from the casts.
    seats_total = models.PositiveIntegerField(default=0)
    seats_present = models.PositiveIntegerField(default=0)
    # Seats needed for quorum at the close (the body's percentage may change later).
    seats_needed = models.PositiveIntegerField(default=0)
    quorum_met = models.BooleanField(null=True)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    adopted = models.BooleanField(null=True)

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="parliament_closed_vote_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("parliament:vote", args=[self.pk])


class VoteCast(models.Model):
    """A roll-call vote: who voted what, public once the vote is closed."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    choice = models.CharField(max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "seat"], name="parliament_one_vote_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.vote}: {self.seat}"


class SecretTurn(models.Model):
    """A secret vote: only *that* the seat has voted, so it cannot vote twice. A random
    key, like ``SecretChoice``: ids do not tell in which order seats voted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="turns")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "seat"], name="parliament_one_secret_turn"),
        ]

    def __str__(self) -> str:
        return f"{self.vote}: {self.seat}"


class SecretChoice(models.Model):
    """A secret vote's choice: a random key, no seat, no person, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="secret_choices")
    choice = models.CharField(max_length=10, choices=Choice.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.vote)


class Advice(models.Model):
    """An adopted advice on its way to the city, and the city's answer."""

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Waiting for the city's answer")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="advice", verbose_name=_("body")
    )
    motion = models.OneToOneField(
        Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="advice"
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), max_length=20000)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    sent_on = models.DateField(_("sent to the city on"))
    answer_due = models.DateField(_("answer due"))
    answer = models.CharField(
        _("answer"), max_length=15, choices=Answer.choices, default=Answer.WAITING
    )
    answer_reasons = models.TextField(_("reasons"), max_length=10000, blank=True)
    answer_actions = models.TextField(_("what the city will do"), max_length=10000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="waiting")
                | (Q(answered_on__isnull=False) & ~Q(answer_reasons="")),
                name="parliament_answer_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(answer_due__gte=F("sent_on")), name="parliament_advice_due_after_sent"
            ),
        ]
        indexes = [
            models.Index(fields=["answer", "answer_due"], name="parliament_advice_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("parliament:advice", args=[self.number])

    def days_overdue(self, today: Any = None) -> int:
        """Days past the deadline without an answer (0 when answered or not yet due)."""
        if self.answer != self.Answer.WAITING:
            return 0
        today = today or timezone.localdate()
        return max(0, (today - self.answer_due).days)


class SignalTag(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("signal tag")
        verbose_name_plural = _("signal tags")

    def __str__(self) -> str:
        return self.name


class SignalGroup(models.Model):
    """Signals about the same need, grouped by staff for the yearly report."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("group of signals")
        verbose_name_plural = _("groups of signals")

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class Signal(models.Model):
    """A need or problem an organisation sees in the field."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="parliament_signals",
        verbose_name=_("organisation"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what you see"), max_length=5000)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijk"),
    )
    tags = models.ManyToManyField(SignalTag, blank=True, related_name="signals")
    group = models.ForeignKey(
        SignalGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [models.Index(fields=["filed_at"], name="parliament_signal_filed")]

    def __str__(self) -> str:
        return self.title


class ParliamentLog(models.Model):
    """Every state change: what (a model and its id), from, to, who, when, why."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    change = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="parliament_log_subject")]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id}: {self.change}"
