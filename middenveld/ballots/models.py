# mypy: disable-error-code="django-manager-missing"
"""Ballots for priority setting in a participatory process.

A ``Ballot`` hangs on a ``participation.Process``; it is open between ``opens_at`` and
``closes_at`` (server time) and uses one method: approval (choose up to k), ranking
(Schulze, with Borda beside it), points (share a fixed number of points) or budget
(projects with costs within a budget, counted by the Method of Equal Shares with the
Add1U completion, with greedy beside it). Its ``Option``s are what people vote on.

Who votes is the ballot's ``electorate``: one vote per verified organisation (cast by a
member who holds the right: its admins, or any member, as ``who_casts`` says) or one
vote per registered, active resident.

A ``Cast`` is one voter's ballot. The database holds one per voter and ballot (partial
unique constraints on organisation and on user). Changing a vote before the close
updates that same row (``changes`` counts how often; ``updated_at`` says when): the last
one counts, and there is never a second row to choose from. Audit of *who* cast an
organisation's vote is ``cast_by`` plus the organisation's 360° timeline ("ballot cast",
"ballot changed"), which never says what was chosen.

After the close, the count is stored on the ballot (``result``) with a hash of
everything it was computed from (``inputs_hash``), so a recount can show it gives the
same result from the same casts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from middenveld.organisations.models import Organisation
from middenveld.participation.models import Process


class Method(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose the options you support")
    RANKING = "ranking", _("Ranking: put the options in your order of preference")
    POINTS = "points", _("Points: share your points over the options")
    BUDGET = "budget", _("Budget: choose projects within a budget")


class Electorate(models.TextChoices):
    ORGANISATIONS = "organisations", _("One vote per verified organisation")
    RESIDENTS = "residents", _("One vote per registered resident")


class WhoCasts(models.TextChoices):
    ADMINS = "admins", _("The organisation's admins")
    MEMBERS = "members", _("Any member of the organisation")


class Ballot(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("process")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("most options one may choose (approval)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to let people choose as many options as they like."),
    )
    total_points = models.PositiveIntegerField(_("points to share (points)"), default=100)
    budget = models.DecimalField(
        _("budget in euro (budget)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    electorate = models.CharField(
        _("who votes"),
        max_length=20,
        choices=Electorate.choices,
        default=Electorate.ORGANISATIONS,
    )
    who_casts = models.CharField(
        _("who casts an organisation's vote"),
        max_length=10,
        choices=WhoCasts.choices,
        default=WhoCasts.ADMINS,
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    # The stored count (after the close).
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    inputs_hash = models.CharField(_("fingerprint of the counted votes"), max_length=64, blank=True)

    TRANSLATED = ("title", "description")

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["process", "opens_at"], name="ballots_ballot_process")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="ballots_ballot_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(method__in=[m.value for m in Method]),
                name="ballots_ballot_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(electorate__in=[e.value for e in Electorate]),
                name="ballots_ballot_electorate_valid",
            ),
            models.CheckConstraint(
                condition=Q(who_casts__in=[w.value for w in WhoCasts]),
                name="ballots_ballot_who_casts_valid",
            ),
            models.CheckConstraint(
                condition=~Q(method="budget") | Q(budget__isnull=False, budget__gt=0),
                name="ballots_ballot_budget_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="ballots_ballot_max_choices_positive",
            ),
            models.CheckConstraint(
                condition=Q(total_points__gte=1), name="ballots_ballot_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ballots:ballot", kwargs={"slug": self.slug})

    def state(self, now: Any = None) -> str:
        """ "upcoming", "open" or "closed", by the server's clock."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now: Any = None) -> bool:
        return self.state(now) == "open"

    def is_closed(self, now: Any = None) -> bool:
        return self.state(now) == "closed"

    @property
    def for_organisations(self) -> bool:
        return self.electorate == Electorate.ORGANISATIONS


class Option(models.Model):
    """One option (a project, a priority) on a ballot. ``code`` is its id in the API and
    in Pabulib files; ``cost`` is for budget ballots."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="options", verbose_name=_("ballot")
    )
    code = models.SlugField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(
        _("cost in euro (budget)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("title", "description")

    class Meta:
        ordering = ["ballot", "order", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "code"], name="ballots_option_code_once"),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gt=0),
                name="ballots_option_cost_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Cast(models.Model):
    """One voter's ballot: an organisation's (``organisation``, with ``cast_by``) or a
    resident's (``user``). ``content`` is the normalised choice:
    ``{"choices": [codes]}`` (approval, budget), ``{"ranking": [codes]}`` (most preferred
    first) or ``{"points": {code: n}}``. A resident's cast on a closed ballot whose
    account is erased keeps its content but loses its voter (``anonymised_at``)."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="casts", verbose_name=_("ballot")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_casts",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_casts",
        verbose_name=_("resident"),
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cast by"),
    )
    content = models.JSONField(_("vote"))
    changes = models.PositiveIntegerField(_("times changed"), default=0)
    created_at = models.DateTimeField(_("first cast at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["ballot", "id"]
        verbose_name = _("cast vote")
        verbose_name_plural = _("cast votes")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "organisation"],
                condition=Q(organisation__isnull=False),
                name="ballots_cast_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["ballot", "user"],
                condition=Q(user__isnull=False),
                name="ballots_cast_once_per_resident",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, user__isnull=True)
                | Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=True, user__isnull=True, anonymised_at__isnull=False),
                name="ballots_cast_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} – {self.pk}"
