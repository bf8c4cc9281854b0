"""The catalogue: buildings, their spaces (and parts of spaces), facilities, the rules
and tariffs of each bookable space, opening hours and closures.

A space can be divided: a hall with two parts has two child spaces (``parent``).
Booking the hall occupies both parts; booking a part occupies that part only. The
smallest pieces (spaces without parts) are the *units* on which occupancy is kept
(see ``bookings.Occupancy``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from middenveld.core.models import District


class Facility(models.Model):
    """Something a space offers: a kitchen, a projector, step-free access."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    TRANSLATED = ("name",)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


#: Building addresses that are pages of the module itself (/ruimtes/toewijzing/, …).
RESERVED_BUILDING_SLUGS = ("toewijzing", "agenda", "open-data")


def not_reserved(value: str) -> None:
    if value in RESERVED_BUILDING_SLUGS:
        raise ValidationError(
            _("“%(value)s” is an address of the website itself. Choose another address."),
            params={"value": value},
            code="reserved",
        )


def _house_rules_path(instance: Building, filename: str) -> str:
    return f"spaces/house-rules/{instance.slug}/{filename}"


def _photo_path(instance: BuildingPhoto, filename: str) -> str:
    return f"spaces/photos/{instance.building.slug}/{filename}"


class Building(models.Model):
    slug = models.SlugField(_("address"), max_length=100, unique=True, validators=[not_reserved])
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    municipality = models.CharField(_("municipality"), max_length=80, default="Gent")
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("district"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description = models.TextField(_("description"), max_length=3000, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        max_length=3000,
        blank=True,
        help_text=_("How to get in: step-free entrance, lift, toilets, parking, quiet room."),
    )
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    house_rules = models.FileField(
        _("house rules"), upload_to=_house_rules_path, blank=True, max_length=300
    )
    team = models.ForeignKey(
        "city.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("team that manages the bookings"),
    )
    published = models.BooleanField(_("published"), default=True)

    TRANSLATED = ("description", "accessibility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:building", kwargs={"building": self.slug})

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.municipality}"


class BuildingPhoto(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path, max_length=300)
    alt_text = models.CharField(
        _("description of the photo"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt_text


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """When a building is open on a weekday (several rows for a break at noon).
    A building without any row is open around the clock."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="spaces_hours_close_after_open"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="spaces_hours_weekday_valid"
            ),
            models.UniqueConstraint(
                fields=["building", "weekday", "opens"], name="spaces_hours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Granularity(models.IntegerChoices):
    FIVE = 5, _("5 minutes")
    QUARTER = 15, _("a quarter of an hour")
    HALF_HOUR = 30, _("half an hour")
    HOUR = 60, _("an hour")


class Space(models.Model):
    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("building")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("Fill this in when this space is a part of a larger space."),
    )
    slug = models.SlugField(_("address"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    capacity = models.PositiveIntegerField(_("number of people"))
    area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    floor = models.CharField(_("floor"), max_length=40, blank=True)
    facilities = models.ManyToManyField(
        Facility, blank=True, related_name="spaces", verbose_name=_("facilities")
    )
    bookable = models.BooleanField(_("can be booked"), default=True)

    # The rules staff set for booking this space.
    min_days_ahead = models.PositiveSmallIntegerField(
        _("book at the latest (days before)"),
        default=0,
        help_text=_("For example 28: a request must come in at least 4 weeks before."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("book at the earliest (days before)"),
        default=183,
        help_text=_("For example 183: at most about 6 months ahead."),
    )
    min_duration_minutes = models.PositiveSmallIntegerField(
        _("shortest booking (minutes)"), default=60, validators=[MinValueValidator(5)]
    )
    max_duration_minutes = models.PositiveSmallIntegerField(
        _("longest booking (minutes)"), default=720, validators=[MinValueValidator(5)]
    )
    granularity_minutes = models.PositiveSmallIntegerField(
        _("times in steps of"), choices=Granularity.choices, default=Granularity.HALF_HOUR
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("free time before (minutes)"),
        default=0,
        help_text=_("Time kept free before each booking, for setting up or cleaning."),
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        _("free time after (minutes)"), default=0
    )
    needs_approval = models.BooleanField(
        _("a staff member approves each request"),
        default=True,
        help_text=_("Untick to confirm bookings at once."),
    )
    max_series_weeks = models.PositiveSmallIntegerField(
        _("longest weekly series (weeks)"), default=26
    )
    who_may_book = models.JSONField(
        _("who may book"),
        default=dict,
        blank=True,
        help_text=_(
            'The requirement from the organisations register, for example {"recognitions": '
            '["basiswerk"]}. Keys: verified, legal_forms, recognitions, districts, '
            "self_organisation."
        ),
    )

    TRANSLATED = ("description",)

    class Meta:
        ordering = ["building__name", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.UniqueConstraint(fields=["building", "slug"], name="spaces_space_slug_unique"),
            models.CheckConstraint(
                condition=Q(min_days_ahead__lte=models.F("max_days_ahead")),
                name="spaces_space_window_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_duration_minutes__gt=0)
                & Q(min_duration_minutes__lte=models.F("max_duration_minutes")),
                name="spaces_space_duration_valid",
            ),
            models.CheckConstraint(
                condition=Q(granularity_minutes__in=[5, 15, 30, 60]),
                name="spaces_space_granularity_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="spaces_space_not_own_part"
            ),
        ]
        indexes = [models.Index(fields=["capacity"], name="spaces_space_capacity")]

    def __str__(self) -> str:
        return f"{self.building.name} › {self.name}" if self.building_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:space", kwargs={"building": self.building.slug, "space": self.slug})

    def requirement(self) -> Any:
        from middenveld.spaces.rules import requirement_from

        return requirement_from(self.who_may_book)


class TariffCategory(models.TextChoices):
    FREE = "free", _("Free")
    REDUCED = "reduced", _("Reduced")
    STANDARD = "standard", _("Standard")


class Tariff(models.Model):
    """A price per hour for the organisations that meet ``applies_to`` (a requirement
    from the register). A booking takes the first tariff, in order, that the
    organisation meets, and keeps that price as it was on the day of booking."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="tariffs")
    category = models.CharField(_("category"), max_length=10, choices=TariffCategory.choices)
    hourly_rate = models.DecimalField(
        _("price per hour (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    applies_to = models.JSONField(
        _("for organisations that meet"),
        default=dict,
        blank=True,
        help_text=_('For example {"recognitions": ["basiswerk"]}; empty means everyone.'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            models.UniqueConstraint(fields=["space", "category"], name="spaces_tariff_unique"),
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="spaces_tariff_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: € {self.hourly_rate}"


class Closure(models.Model):
    """A period in which a building or one space cannot be booked (a holiday,
    maintenance)."""

    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="spaces_closure_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(building__isnull=False) | Q(space__isnull=False),
                name="spaces_closure_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.reason
