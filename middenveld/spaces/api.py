"""Spaces in the API: the catalogue, a space's availability, and bookings.

Reading (anyone)
    ``GET /spaces`` lists the bookable spaces of published buildings, filtered by
    ``district`` (a wijk's slug), ``capacity`` (at least that many people),
    ``facility`` (a facility's code; repeat it for several) and, all three together,
    ``date``, ``from`` and ``to`` (only spaces free on that day between those hours).
    ``GET /spaces/{id}`` is one space with its building, rules, facilities, parts,
    tariffs and who may book it in words. ``GET /spaces/{id}/availability?from=&to=``
    gives each day's opening hours, what is taken and what is free (at most 62 days);
    it never says who booked.

Booking (signed in)
    ``POST /spaces/bookings/plan`` answers what a request would give, date by date,
    with each rule a date breaks and each booking it clashes with; it saves nothing.
    ``POST /spaces/bookings`` saves the request through the same service as the pages:
    every date, or nothing. A series is a booking with ``repeat: "weekly"``
    (``interval_weeks``, ``weekdays``, ``until``, ``exceptions``); there is no separate
    series endpoint. With ``skip_refused`` the refused dates are left out; with
    ``expected_count`` the request is refused (409 ``plan_changed``) when the number of
    dates that can be booked changed since the plan. A time someone else took in the
    meantime is a 409 ``just_taken``. The price, the tariff and the status are the
    city's to set: sending them (or any unknown field) is a 422 and saves nothing.

Bookings (members of the organisation, city staff)
    ``GET /spaces/bookings`` lists the bookings of the caller's organisations (city
    staff: all, filtered by ``status``, ``space``, ``organisation``).
    ``GET /spaces/bookings/{id}`` shows one with its dates; a booking the caller may
    not see is a 404, the same answer as a number that does not exist.
    ``POST /spaces/bookings/{id}/cancel`` cancels one date, this date and the
    following, or all coming dates (``scope``), with a reason, in one action with
    one notification. City staff ``approve`` or ``deny`` (with a reason) a request.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.decorators import decorate_view
from pydantic import ConfigDict, model_validator

from middenveld.api.auth import AUTH_REQUIRED
from middenveld.api.pagination import paginate
from middenveld.api.permissions import require_rule
from middenveld.api.schemas import TranslatedOut, absolute_url
from middenveld.core import rules
from middenveld.core.cache import public_read
from middenveld.core.errors import Forbidden, Invalid, NotFound
from middenveld.core.models import District
from middenveld.organisations.models import Organisation
from middenveld.spaces import selectors, services, times
from middenveld.spaces.models import (
    Booking,
    Building,
    Facility,
    Occurrence,
    Space,
    Weekday,
)

router = Router(tags=["spaces"])

#: Dates outside these bounds are refused (typing errors, not questions).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


# --- schemas: the catalogue ---------------------------------------------------------------


class FacilityOut(Schema):
    code: str
    name: str


class DistrictOut(Schema):
    slug: str
    name: str


class BuildingBriefOut(Schema):
    id: int
    slug: str
    name: str
    address: str
    district: DistrictOut | None


class SpaceOut(TranslatedOut):
    id: int
    slug: str
    name: str
    description: str
    building: BuildingBriefOut
    parent: int | None = Field(None, description="The space this one is a part of.")
    capacity: int = Field(..., description="At most this many people.")
    area_m2: int | None
    floor: str
    facilities: list[FacilityOut]
    bookable: bool
    needs_approval: bool = Field(..., description="False: a booking is confirmed at once.")
    url: str = Field(..., description="The space's page.")

    @staticmethod
    def resolve_parent(obj: Space) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_facilities(obj: Space) -> list[Facility]:
        return list(obj.facilities.all())

    @staticmethod
    def resolve_url(obj: Space, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())


class OpeningHoursOut(Schema):
    weekday: int = Field(..., description="0 is Monday.")
    day: str
    opens: str
    closes: str


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class PhotoOut(Schema):
    url: str
    alt_text: str


class BuildingOut(BuildingBriefOut):
    street: str
    postal_code: str
    municipality: str
    latitude: str | None
    longitude: str | None
    description: str
    accessibility: str
    opening_hours: list[OpeningHoursOut] = Field(
        ..., description="Empty: the building is open around the clock."
    )
    contact: ContactOut
    house_rules: str | None = Field(None, description="The house rules (a document).")
    photos: list[PhotoOut]
    url: str

    @staticmethod
    def resolve_latitude(obj: Building) -> str | None:
        return str(obj.latitude) if obj.latitude is not None else None

    @staticmethod
    def resolve_longitude(obj: Building) -> str | None:
        return str(obj.longitude) if obj.longitude is not None else None

    @staticmethod
    def resolve_opening_hours(obj: Building) -> list[dict[str, Any]]:
        return [
            {
                "weekday": row.weekday,
                "day": str(Weekday(row.weekday).label),
                "opens": row.opens.strftime("%H:%M"),
                "closes": row.closes.strftime("%H:%M"),
            }
            for row in obj.opening_hours.all()
        ]

    @staticmethod
    def resolve_contact(obj: Building) -> dict[str, str]:
        return {"name": obj.contact_name, "email": obj.contact_email, "phone": obj.contact_phone}

    @staticmethod
    def resolve_house_rules(obj: Building, context: Any) -> str | None:
        return absolute_url(context, obj.house_rules.url) if obj.house_rules else None

    @staticmethod
    def resolve_photos(obj: Building, context: Any) -> list[dict[str, str]]:
        return [
            {"url": absolute_url(context, photo.image.url), "alt_text": photo.alt_text}
            for photo in obj.photos.all()
        ]

    @staticmethod
    def resolve_url(obj: Building, context: Any) -> str:
        return absolute_url(context, obj.get_absolute_url())


class PartOut(Schema):
    id: int
    name: str
    capacity: int
    bookable: bool


class RulesOut(Schema):
    min_days_ahead: int = Field(..., description="Book at least this many days before.")
    max_days_ahead: int = Field(..., description="Book at most this many days before.")
    min_duration_minutes: int
    max_duration_minutes: int
    granularity_minutes: int = Field(..., description="Start and end go in these steps.")
    buffer_before_minutes: int = Field(..., description="Kept free before each booking.")
    buffer_after_minutes: int = Field(..., description="Kept free after each booking.")
    needs_approval: bool
    max_series_weeks: int = Field(..., description="The longest weekly series.")
    max_dates_per_request: int = Field(..., description="The most dates one request holds.")


class TariffOut(Schema):
    category: str = Field(..., description="free, reduced or standard.")
    label: str
    hourly_rate: str = Field(..., description="Euro per hour.")
    for_whom: list[str] = Field(..., description="Who gets this tariff, in words.")


class SpaceDetailOut(SpaceOut):
    building: BuildingOut  # type: ignore[assignment]
    parts: list[PartOut]
    rules: RulesOut
    tariffs: list[TariffOut] = Field(
        ..., description="The first tariff an organisation meets applies; none: free."
    )
    requirement: list[str] = Field(..., description="Who may book this space, in words.")

    @staticmethod
    def resolve_parts(obj: Space) -> list[Space]:
        return list(obj.parts.all())

    @staticmethod
    def resolve_rules(obj: Space) -> dict[str, Any]:
        return {
            "min_days_ahead": obj.min_days_ahead,
            "max_days_ahead": obj.max_days_ahead,
            "min_duration_minutes": obj.min_duration_minutes,
            "max_duration_minutes": obj.max_duration_minutes,
            "granularity_minutes": obj.granularity_minutes,
            "buffer_before_minutes": obj.buffer_before_minutes,
            "buffer_after_minutes": obj.buffer_after_minutes,
            "needs_approval": obj.needs_approval,
            "max_series_weeks": obj.max_series_weeks,
            "max_dates_per_request": services.SERIES_MAX_OCCURRENCES,
        }

    @staticmethod
    def resolve_tariffs(obj: Space) -> list[dict[str, Any]]:
        from middenveld.spaces.rules import requirement_from

        return [
            {
                "category": tariff.category,
                "label": str(tariff.get_category_display()),
                "hourly_rate": str(tariff.hourly_rate),
                "for_whom": [str(s) for s in requirement_from(tariff.applies_to).describe()],
            }
            for tariff in obj.tariffs.all()
        ]

    @staticmethod
    def resolve_requirement(obj: Space) -> list[str]:
        return [str(sentence) for sentence in obj.requirement().describe()]


class SpaceFilters(Schema):
    district: str = Field("", max_length=120, description="A wijk's slug.")
    capacity: int | None = Field(None, ge=1, le=100_000, description="At least this many people.")
    facility: list[str] = Field(
        default_factory=list, description="A facility's code; repeat for several."
    )
    day: str = Field("", alias="date", description="Free on this day (YYYY-MM-DD) …")
    starts: str = Field("", alias="from", description="… from this time (HH:MM) …")
    ends: str = Field("", alias="to", description="… until this time (HH:MM).")


class PeriodQuery(Schema):
    first: str = Field("", alias="from", description="First day, YYYY-MM-DD.")
    last: str = Field("", alias="to", description="Last day, YYYY-MM-DD (at most 62 days).")


class IntervalOut(Schema):
    starts_at: datetime
    ends_at: datetime
    kind: str = Field(..., description="booked, requested, closed or free.")
    label: str | None = Field(None, description="Why it is closed.")


class DayOut(Schema):
    day: date
    opening_hours: list[list[str]] = Field(
        ..., description='[["08:00", "22:00"], …]; [["00:00", "00:00"]]: open all day.'
    )
    taken: list[IntervalOut]
    free: list[IntervalOut]


class AvailabilityOut(Schema):
    space: int
    first_day: date
    last_day: date
    days: list[DayOut]


# --- schemas: bookings --------------------------------------------------------------------


def _refuse_unknown_fields(schema: type[Schema], data: Any) -> Any:
    """A field the schema does not know (a forged price or status, a typing error) is
    refused with the names, before anything else is looked at."""
    if not isinstance(data, dict):
        return data
    known = set(schema.model_fields)
    unknown = sorted(str(name) for name in data if name not in known)
    if unknown:
        message = _(
            "These fields cannot be sent: %(fields)s. The city sets the status, the tariff "
            "and the price."
        ) % {"fields": ", ".join(unknown)}
        raise Invalid(
            message,
            code="unknown_fields",
            fields={name: [_("This field cannot be sent.")] for name in unknown},
        )
    return data


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_fields(cls, data: Any) -> Any:
        return _refuse_unknown_fields(cls, data)


class BookingIn(StrictIn):
    space: int = Field(..., description="The space's id.")
    organisation: int = Field(..., description="The id of the organisation you book for.")
    purpose: str = Field(..., description="What it is for (at most 200 characters).")
    attendees: int = Field(..., description="Number of people.")
    first_day: str = Field(..., description="The (first) day, YYYY-MM-DD.")
    start_time: str = Field(..., description="HH:MM, Brussels time.")
    end_time: str = Field(..., description="HH:MM, Brussels time, on the same day.")
    fold: int | None = Field(
        None,
        description="Only for a time that happens twice when the clock goes back: 0 the "
        "first time (summer time), 1 the second.",
    )
    repeat: Literal["once", "weekly"] = "once"
    interval_weeks: int = Field(1, description="Weekly series: every this many weeks.")
    weekdays: list[int] = Field(
        default_factory=list, description="Weekly series: 0 is Monday; empty: first day's."
    )
    until: str | None = Field(None, description="Weekly series: the last day, YYYY-MM-DD.")
    exceptions: list[str] = Field(
        default_factory=list, description="Weekly series: days left out, YYYY-MM-DD."
    )
    skip_refused: bool = Field(False, description="Save the other dates when some are refused.")
    expected_count: int | None = Field(
        None, description="The number of dates you expect to be saved (from the plan)."
    )

    def asked(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "attendees": self.attendees,
            "first_day": self.first_day,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "fold": self.fold,
            "repeat": self.repeat,
            "interval_weeks": self.interval_weeks,
            "weekdays": self.weekdays,
            "until": self.until,
            "exceptions": self.exceptions,
        }


class SlotOut(Schema):
    day: date
    starts_at: datetime | None
    ends_at: datetime | None
    ok: bool
    problems: list[str]
    conflicts: list[str]
    price: str


class PlanOut(Schema):
    space: int
    organisation: int
    repeat: str
    needs_approval: bool
    tariff: str
    hourly_rate: str
    total_price: str = Field(..., description="Of the dates that can be booked.")
    accepted: int
    refused: int
    slots: list[SlotOut]


class SpaceRefOut(Schema):
    id: int
    name: str
    building: str

    @staticmethod
    def resolve_building(obj: Space) -> str:
        return obj.building.name


class OrganisationRefOut(Schema):
    id: int
    name: str
    slug: str


class DateOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str = Field(..., description="requested, confirmed, denied or cancelled.")
    price: str
    cancelled_at: datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_price(obj: Occurrence) -> str:
        return str(obj.price)


class BookingOut(Schema):
    id: int
    space: SpaceRefOut
    organisation: OrganisationRefOut
    purpose: str
    attendees: int
    status: str = Field(..., description="requested, confirmed, denied or cancelled.")
    status_label: str
    repeat: str = Field(..., description="once, or weekly for a series.")
    first_day: date
    start_time: str
    end_time: str
    fold: int | None
    interval_weeks: int
    weekdays: list[int]
    until: date | None
    exceptions: list[str]
    tariff_category: str
    hourly_rate: str
    total_price: str
    created_at: datetime
    decided_at: datetime | None
    decision_reason: str
    url: str = Field(..., description="The booking's page.")

    @staticmethod
    def resolve_status_label(obj: Booking) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_start_time(obj: Booking) -> str:
        return obj.start_time.strftime("%H:%M")

    @staticmethod
    def resolve_end_time(obj: Booking) -> str:
        return obj.end_time.strftime("%H:%M")

    @staticmethod
    def resolve_hourly_rate(obj: Booking) -> str:
        return str(obj.hourly_rate)

    @staticmethod
    def resolve_total_price(obj: Booking) -> str:
        return str(obj.total_price)

    @staticmethod
    def resolve_url(obj: Booking, context: Any) -> str:
        return absolute_url(context, f"/mijn/boekingen/{obj.pk}/")


class BookingDetailOut(BookingOut):
    dates: list[DateOut]

    @staticmethod
    def resolve_dates(obj: Booking) -> list[Occurrence]:
        return list(obj.occurrences.all())


class BookingFilters(Schema):
    status: Literal["requested", "confirmed", "denied", "cancelled"] | None = None
    space: int | None = Field(None, description="A space's id (city staff).")
    organisation: int | None = Field(None, description="An organisation's id (city staff).")


class CancelIn(StrictIn):
    reason: str = Field("", description="Why (required).")
    scope: Literal["one", "following", "all"] = Field(
        "all", description="one date, this date and the following, or all coming dates."
    )
    occurrence: int | None = Field(None, description="The date's id, for one and following.")


class DecisionIn(StrictIn):
    reason: str = Field("", description="Required to deny.")


# --- helpers ------------------------------------------------------------------------------


def _fields_error(field: str, message: str, *, code: str | None = None) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def _day(value: str, field: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise _fields_error(
            field, _("Fill in a date as year-month-day, for example 2030-01-31.")
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise _fields_error(
            field,
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
        )
    return day


def _clock(value: str, field: str) -> time:
    try:
        clock = time.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise _fields_error(field, _("Fill in a valid time, for example 19:30.")) from None
    if clock.second or clock.microsecond or clock.tzinfo is not None:
        raise _fields_error(field, _("Fill in hours and minutes only, for example 19:30."))
    return clock


def _is_staff(request: HttpRequest) -> bool:
    return bool(rules.check("spaces.manage", request.user))


def _space(request: HttpRequest, space_id: int) -> Space:
    space = selectors.space_by_id(space_id)
    if space is None or not rules.check("spaces.view", request.user, space):
        raise NotFound(_("There is no space with this number."))
    return space


def _space_to_book(request: HttpRequest, space_id: int) -> Space:
    try:
        return _space(request, space_id)
    except NotFound:
        raise _fields_error("space", _("There is no space with this number.")) from None


def _organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    allowed = organisation is not None and rules.check("spaces.book", request.user, organisation)
    if not allowed:
        if organisation is None and _is_staff(request):
            raise _fields_error("organisation", _("There is no organisation with this number."))
        message = _("You can only book for an organisation you are a member of.")
        raise Forbidden(message, details={"fields": {"organisation": [message]}})
    assert organisation is not None
    return organisation


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    """A booking the caller may see; anything else is the same 404."""
    booking = selectors.booking_by_id(booking_id)
    if booking is None or not rules.check("spaces.view_booking", request.user, booking):
        raise NotFound(_("There is no booking with this number."))
    return booking


# --- endpoints: the catalogue -------------------------------------------------------------


@router.get("/spaces", response=list[SpaceOut], summary="Bookable spaces")
@decorate_view(public_read(seconds=300, also=(services.AVAILABILITY,)))
@paginate
def space_list(request: HttpRequest, filters: Query[SpaceFilters]) -> Any:
    """Bookable spaces of published buildings, by building and name. With ``date``,
    ``from`` and ``to`` (all three), only the spaces that are open and free then
    (their free time before and after included). An unknown wijk or facility, or a
    bad date or time, is a 422 that names the field."""
    district = filters.district.strip()
    if district and not District.objects.filter(slug=district).exists():
        raise _fields_error("district", _("There is no wijk with this name."))
    codes = sorted({code.strip() for code in filters.facility if code.strip()})
    if codes:
        known = set(Facility.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise _fields_error(
                "facility",
                _("There is no facility with this code: %(codes)s.")
                % {"codes": ", ".join(unknown)},
            )
    asked = [filters.day.strip(), filters.starts.strip(), filters.ends.strip()]
    if not any(asked):
        return selectors.space_list(
            district=district or None, capacity=filters.capacity, facilities=codes
        )
    if not all(asked):
        missing = [
            name for name, value in zip(("date", "from", "to"), asked, strict=True) if not value
        ]
        message = _("Fill in the date, from and to together to find free spaces.")
        raise Invalid(message, fields={name: [message] for name in missing})
    day = _day(asked[0], "date")
    start = _clock(asked[1], "from")
    end = _clock(asked[2], "to")
    if end <= start:
        raise _fields_error("to", _("The end must come after the start, on the same day."))
    try:
        return selectors.free_spaces(
            day=day,
            start=start,
            end=end,
            attendees=filters.capacity,
            district=district or None,
            facilities=codes,
        )
    except times.NonExistentTime as error:
        raise _fields_error("from", str(error)) from None


@router.get("/spaces/{int:id}", response=SpaceDetailOut, summary="One space")
@decorate_view(public_read)
def space_detail(request: HttpRequest, id: int) -> Space:  # noqa: A002
    """A space with its building (address, wijk, accessibility, opening hours,
    contact), facilities, parts, rules in numbers, tariffs and who may book it."""
    return _space(request, id)


@router.get(
    "/spaces/{int:id}/availability",
    response=AvailabilityOut,
    summary="When a space is free, day by day",
)
@decorate_view(public_read(seconds=300, also=(services.AVAILABILITY,)))
def space_availability(
    request: HttpRequest,
    id: int,  # noqa: A002
    period: Query[PeriodQuery],
) -> dict[str, Any]:
    """From ``from`` to ``to`` (both included, at most 62 days): each day's opening
    hours, what is taken (booked, waiting for approval, closed) and what is free, in
    Brussels time. It never says who booked."""
    space = _space(request, id)
    if not period.first.strip() or not period.last.strip():
        message = _("Fill in from and to as year-month-day, for example 2030-01-31.")
        raise Invalid(
            message,
            fields={
                name: [message]
                for name, value in (("from", period.first), ("to", period.last))
                if not value.strip()
            },
        )
    first = _day(period.first, "from")
    last = _day(period.last, "to")
    if last < first:
        raise _fields_error("to", _("The last day (to) must be on or after the first day (from)."))
    days = (last - first).days + 1
    if days > selectors.AVAILABILITY_MAX_DAYS:
        raise _fields_error(
            "to",
            _("Ask for at most %(max)d days at a time; you asked for %(count)d.")
            % {"max": selectors.AVAILABILITY_MAX_DAYS, "count": days},
            code="period_too_long",
        )
    return {
        "space": space.pk,
        "first_day": first,
        "last_day": last,
        "days": [day.as_dict() for day in selectors.space_availability(space, first, last)],
    }


# --- endpoints: booking -------------------------------------------------------------------


@router.post(
    "/spaces/bookings/plan",
    response=PlanOut,
    auth=AUTH_REQUIRED,
    summary="What a booking request would give (saves nothing)",
)
def booking_plan(request: HttpRequest, payload: BookingIn) -> dict[str, Any]:
    """Every date of the request (once, or a weekly series) with its price and every
    reason it cannot be booked. ``skip_refused`` and ``expected_count`` are ignored."""
    space = _space_to_book(request, payload.space)
    organisation = _organisation(request, payload.organisation)
    plan = services.booking_plan(
        space=space, organisation=organisation, by=request.user, **payload.asked()
    )
    return plan.as_dict()


@router.post(
    "/spaces/bookings",
    response={201: BookingDetailOut},
    auth=AUTH_REQUIRED,
    summary="Request a booking or a weekly series",
)
def booking_create(request: HttpRequest, payload: BookingIn) -> Answer:
    """Saves every date of the request or none (see the text at the top). A series is
    ``repeat: "weekly"``. A date that breaks a rule or clashes: 422 with every reason
    (``details.slots``), unless ``skip_refused``. A time just taken by someone else:
    409 ``just_taken``."""
    space = _space_to_book(request, payload.space)
    organisation = _organisation(request, payload.organisation)
    booking = services.booking_request(
        space=space,
        organisation=organisation,
        by=request.user,
        skip_refused=payload.skip_refused,
        expected_count=payload.expected_count,
        **payload.asked(),
    )
    return Answer(201, selectors.booking_by_id(booking.pk))


@router.get(
    "/spaces/bookings",
    response=list[BookingOut],
    auth=AUTH_REQUIRED,
    summary="Bookings of my organisations (city staff: all)",
)
@paginate
def booking_list(request: HttpRequest, filters: Query[BookingFilters]) -> Any:
    """The latest first. A weekly series is one booking (``repeat: "weekly"``)."""
    return selectors.booking_list(
        user=request.user,
        everyone=_is_staff(request),
        status=filters.status,
        space_id=filters.space,
        organisation_id=filters.organisation,
    )


@router.get(
    "/spaces/bookings/{int:id}",
    response=BookingDetailOut,
    auth=AUTH_REQUIRED,
    summary="One booking with its dates",
)
def booking_detail(request: HttpRequest, id: int) -> Booking:  # noqa: A002
    return _booking(request, id)


@router.post(
    "/spaces/bookings/{int:id}/cancel",
    response=BookingDetailOut,
    auth=AUTH_REQUIRED,
    summary="Cancel one date, this and the following, or all coming dates",
)
def booking_cancel(request: HttpRequest, id: int, payload: CancelIn) -> Booking | None:  # noqa: A002
    """Members of the booking's organisation and city staff, with a reason. Dates that
    have begun stay. For ``one`` and ``following``, ``occurrence`` is the id of a
    date of this booking (see ``dates``)."""
    booking = _booking(request, id)
    services.booking_cancel(
        booking=booking,
        by=request.user,
        reason=payload.reason,
        scope=payload.scope,
        occurrence=payload.occurrence,
    )
    return selectors.booking_by_id(booking.pk)


@router.post(
    "/spaces/bookings/{int:id}/approve",
    response=BookingDetailOut,
    auth=AUTH_REQUIRED,
    summary="Approve a request (city staff)",
)
def booking_approve(request: HttpRequest, id: int, payload: DecisionIn) -> Booking | None:  # noqa: A002
    """A request that is no longer waiting is a 409."""
    booking = _booking(request, id)
    require_rule(request, "spaces.decide", booking)
    services.booking_approve(booking=booking, by=request.user, reason=payload.reason)
    return selectors.booking_by_id(booking.pk)


@router.post(
    "/spaces/bookings/{int:id}/deny",
    response=BookingDetailOut,
    auth=AUTH_REQUIRED,
    summary="Deny a request, with a reason (city staff)",
)
def booking_deny(request: HttpRequest, id: int, payload: DecisionIn) -> Booking | None:  # noqa: A002
    """The reason is required and goes to the organisation."""
    booking = _booking(request, id)
    require_rule(request, "spaces.decide", booking)
    services.booking_deny(booking=booking, by=request.user, reason=payload.reason)
    return selectors.booking_by_id(booking.pk)
