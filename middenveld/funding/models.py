"""Funding basic work (werf 1): instruments, budgets, regulations, calls, applications,
assessment, awards, payments, reports, agreements and distribution rules.

Money is ``Decimal`` euros with two decimals. What must never happen is a database
constraint: a budget line is never committed beyond its amount, never paid beyond what
is committed (``BudgetLine.Meta.constraints``). Services change ``committed`` and
``paid`` with one conditional UPDATE (``services_budget``), so many awards at once
take turns on the line's row and the constraint is the last word (ADR 22).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.core.storage import private_storage
from middenveld.organisations.models import Organisation

ZERO = Decimal("0.00")
# Twelve digits: up to 9,999,999,999.99 euros on a line; an amount typed by a person
# is capped much lower by money.parse_euros.
MONEY: Any = {"max_digits": 14, "decimal_places": 2}


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, default=ZERO, **MONEY, **kwargs)


class InstrumentKind(models.TextChoices):
    REGULATION = "regulation", _("regulation: apply under open criteria")
    AGREEMENT = "agreement", _("agreement over several years")
    DISTRIBUTION = "distribution", _("distribution by a published rule")


class Instrument(models.Model):
    """A way the city funds: a subsidy regulation, a multi-year agreement, a distribution."""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    summary = models.TextField(_("in plain words"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """The money an instrument has in one calendar year; split into lines."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["-year", "instrument__order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "year"], name="funding_budget_one_a_year")
        ]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.instrument} {self.year}"


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="lines")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=160)
    amount = money(_("budgeted"))
    committed = money(_("committed"), editable=False)
    paid = money(_("paid"), editable=False)
    # The participation decision that set this line (a ballot of the participation module).
    decided_by_ballot = models.ForeignKey(
        "ballots.Ballot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("participation decision"),
    )
    decision_note = models.CharField(_("how this amount was decided"), max_length=300, blank=True)

    class Meta:
        ordering = ["budget", "code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="funding_line_code_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(committed__gte=0) & Q(paid__gte=0),
                name="funding_line_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("amount")), name="funding_line_never_overcommitted"
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("committed")), name="funding_line_paid_within_committed"
            ),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.budget} · {self.name}"

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed


class BudgetTransfer(models.Model):
    """Money moved between two lines, always with a reason."""

    from_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    to_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_transfer_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="funding_transfer_has_reason"),
            models.CheckConstraint(
                condition=~Q(from_line=F("to_line")), name="funding_transfer_two_lines"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.from_line_id}->{self.to_line_id}"


class Regulation(models.Model):
    instrument = models.OneToOneField(
        Instrument, on_delete=models.PROTECT, related_name="regulation"
    )

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def __str__(self) -> str:
        return str(self.instrument)

    def current(self, on=None):  # type: ignore[no-untyped-def]
        on = on or timezone.localdate()
        return self.versions.filter(valid_from__lte=on).order_by("-valid_from", "-number").first()


class RegulationVersion(models.Model):
    """The rules as data (``regulation.py`` schema). Never edited once an application uses it."""

    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    rules = models.JSONField(_("rules"))
    rules_hash = models.CharField(_("fingerprint"), max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="funding_regulation_version_unique"
            )
        ]
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")

    def __str__(self) -> str:
        return f"{self.regulation} v{self.number}"


class FieldType(models.TextChoices):
    TEXT = "text", _("text")
    NUMBER = "number", _("number")
    MONEY = "money", _("amount in euros")
    DATE = "date", _("date")
    CHOICE = "choice", _("choice")
    FILE = "file", _("file")
    BUDGET = "budget", _("budget table")


class Call(models.Model):
    """An oproep: a period in which organisations apply on one budget line.

    ``form`` is a list of fields: ``{"key", "type" (FieldType), "label", "help",
    "required", "choices": [...], "attachment": code}``; ``rubric`` a list of criteria:
    ``{"key", "label", "weight", "scale"}``.
    """

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="calls")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="calls")
    regulation_version = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, related_name="calls", null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    form = models.JSONField(_("application form"), default=list, blank=True)
    rubric = models.JSONField(_("scoring rubric"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=True)
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CallAssessor", related_name="funding_calls"
    )

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="funding_call_closes_after_open"
            )
        ]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return self.title

    def is_open(self, at=None) -> bool:  # type: ignore[no-untyped-def]
        at = at or timezone.now()
        return self.published and self.opens_at <= at < self.closes_at


class CallAssessor(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assessor_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="funding_assessor_once")
        ]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.user_id}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back for completion")
    WITHDRAWN = "withdrawn", _("withdrawn")
    AWARDED = "awarded", _("awarded")
    REJECTED = "rejected", _("not awarded")


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_applications"
    )
    # The version in force when the application was started; a newer version never
    # changes an application already made under an older one.
    regulation_version = models.ForeignKey(
        RegulationVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=40, blank=True)
    activity_type = models.CharField(_("kind of activity"), max_length=40, blank=True)
    activity_starts_on = models.DateField(_("activity starts on"), null=True, blank=True)
    amount_requested = models.DecimalField(_("amount requested"), null=True, blank=True, **MONEY)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    budget = models.JSONField(_("budget table"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default="draft"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_message = models.TextField(_("what is missing"), blank=True)
    return_deadline = models.DateField(_("complete by"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["call", "status"], name="funding_app_call_status"),
            models.Index(fields=["status", "-submitted_at"], name="funding_app_status_sub"),
            models.Index(fields=["organisation", "status"], name="funding_app_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="funding_app_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="funding_app_submitted_has_time",
            ),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def editable(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    code = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), storage=private_storage, upload_to="funding/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """The application exactly as it stood at a moment (submit, decision); never changed.

    ``content`` holds every field and each attachment's name and SHA-256;
    ``sha256`` is the fingerprint of the canonical JSON, so anyone can prove it.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="snapshots")
    moment = models.CharField(_("moment"), max_length=20)
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.moment} {self.sha256[:12]}"


class Conflict(models.Model):
    """An assessor who may not open an application, and why."""

    MEMBER = "member"
    DECLARED = "declared"
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(
        max_length=10,
        choices=[(MEMBER, _("member of the organisation")), (DECLARED, _("declared"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="funding_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.assessor_id} ({self.reason})"


class Assessment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="funding_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.assessor_id}"


class Decision(models.Model):
    """The decision on an application, prepared by staff, taken by the executive."""

    AWARD = "award"
    REJECT = "reject"
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(
        max_length=10, choices=[(AWARD, _("award")), (REJECT, _("do not award"))]
    )
    reasons = models.TextField(_("reasons"))
    reference = models.CharField(_("decision reference"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="funding_decision_has_reasons"),
            models.CheckConstraint(condition=~Q(reference=""), name="funding_decision_has_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.outcome}"


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("awarded")
    CLOSED = "closed", _("settled")
    CANCELLED = "cancelled", _("cancelled")


class Award(models.Model):
    """Money committed to an organisation on a line: by a decision on an application,
    by a distribution rule, or by an agreement's year."""

    identifier = models.CharField(_("identifier"), max_length=40, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="awards")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="awards")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="award"
    )
    distribution = models.ForeignKey(
        "DistributionRun", on_delete=models.PROTECT, null=True, blank=True, related_name="awards"
    )
    agreement_year = models.OneToOneField(
        "AgreementYear", on_delete=models.PROTECT, null=True, blank=True, related_name="award"
    )
    title = models.CharField(_("title"), max_length=200)
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    reclaimed = money(_("reclaimed"))
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    appeal_until = models.DateField(_("appeal possible until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="funding_award_recent"),
            models.Index(fields=["line", "status"], name="funding_award_line"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_award_positive"),
            models.CheckConstraint(
                condition=Q(reclaimed__gte=0) & Q(reclaimed__lte=F("amount")),
                name="funding_award_reclaim_within_amount",
            ),
        ]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.identifier} {self.organisation} {self.amount}"


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("advance")
    BALANCE = "balance", _("balance")


class Payment(models.Model):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_payment_positive"),
            models.UniqueConstraint(fields=["award", "kind"], name="funding_payment_kind_once"),
        ]

    def __str__(self) -> str:
        return f"{self.award_id} {self.kind} {self.amount}"


class ReportKind(models.TextChoices):
    ACTIVITY = "activity", _("activity report")
    FINANCIAL = "financial", _("financial report")


class ReportObligation(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    reminded_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(_("report"), blank=True)
    spent = models.DecimalField(_("spent"), null=True, blank=True, **MONEY)
    activities = models.PositiveIntegerField(_("number of activities"), null=True, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="funding/reports/%Y/", blank=True
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "kind"], name="funding_report_kind_once")
        ]

    def __str__(self) -> str:
        return f"{self.award_id} {self.kind} {self.due_on}"


class Agreement(models.Model):
    """A convenant: multi-year funding negotiated with one organisation."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="agreements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="funding_agreement_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class AgreementYear(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), **MONEY)
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="funding_agreement_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_agreement_year_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.year} {self.amount}"


class Amendment(models.Model):
    """An addendum: what changed in the agreement, signed on a day."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    signed_on = models.DateField(_("signed on"))
    description = models.TextField(_("what changes"))
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="funding_amendment_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} #{self.number}"


class Indicator(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(_("target per year"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class IndicatorReport(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="funding_indicator_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class DistributionRun(models.Model):
    """One computation of a distribution rule, previewed and then committed.

    ``rule``: ``{"base": "500.00", "tiers": [{"up_to": 10, "per_activity": "50.00"},
    {"up_to": null, "per_activity": "25.00"}]}``; ``result``: one row per organisation
    with ``activities``, ``computed`` and ``amount`` (after pro rata).
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="distributions")
    rule = models.JSONField()
    result = models.JSONField(default=list)
    factor = models.DecimalField(max_digits=9, decimal_places=8, default=Decimal("1"))
    total = models.DecimalField(**MONEY, default=ZERO)
    decision_reference = models.CharField(max_length=60, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.line_id} {self.created_at:%Y-%m-%d}"


class FundingLog(models.Model):
    """Every state change: what (a model and its id), from, to, who, when, why."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=40)
    subject_id = models.PositiveBigIntegerField()
    change = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="funding_log_subject")]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id}: {self.change}"
