"""Booking a space: plan, request, approve or deny, cancel. Pages and the API call
these; nothing else changes bookings.

``booking_plan`` turns what someone asks (a date or a weekly series, wall-clock
times in Brussels) into dated slots and lists, for every slot, each rule it breaks
and each booking it clashes with, in the reader's language. Nothing is saved.
``booking_request`` plans again inside one transaction and saves the accepted slots
together or not at all:

* on SQLite the transaction is immediate, so it holds the database's write lock
  from its first statement: the check and the insert cannot interleave with another
  writer;
* on PostgreSQL the exclusion constraint on ``Occupancy`` (migration 0002) refuses
  an overlap that another request inserted after our check; that becomes a
  ``Conflict`` ("this time was just taken"), a 409 in the API, never a 500.

A series is capped at ``SERIES_MAX_OCCURRENCES`` dates (and at the space's
``max_series_weeks``); a request above the cap is refused before any date is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from middenveld.core import rules
from middenveld.core.cache import bump_content_version
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.core.mail import send_templated_mail
from middenveld.events.ics import CALENDAR_MIME, CalendarEntry, calendar_file
from middenveld.organisations.eligibility import eligibility_check
from middenveld.organisations.models import Membership, Organisation
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record
from middenveld.spaces import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.spaces import times
from middenveld.spaces.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingLog,
    BookingStatus,
    Closure,
    Occupancy,
    Occurrence,
    OpeningHours,
    Repeat,
    Space,
    Tariff,
    TariffCategory,
)
from middenveld.spaces.rules import requirement_from

#: The most dates one request may hold (a weekly series of about four years).
SERIES_MAX_OCCURRENCES = 200
#: Beyond this no booking is planned at all, whatever a space's window says.
HORIZON_DAYS = 2 * 366

CENT = Decimal("0.01")

#: The content version of everything that shows when spaces are taken (availability,
#: free spaces): cached answers are keyed on it, every booking change bumps it in the
#: same transaction (``middenveld.core.cache``, ADR 7).
AVAILABILITY = "spaces"


def availability_changed() -> None:
    bump_content_version(AVAILABILITY)


# --- Small helpers ----------------------------------------------------------------------


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if not decision:
        raise Forbidden(decision.reason or None)


def _invalid(field_name: str, message: str) -> Invalid:
    return Invalid(message, fields={field_name: [message]})


def _text(value: Any, *, field_name: str, maximum: int, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise _invalid(field_name, _("This is not text."))
    cleaned = text_tidy(value or "", multiline=True)
    if required and not cleaned:
        raise _invalid(field_name, _("Fill this in."))
    if len(cleaned) > maximum:
        raise _invalid(
            field_name,
            _("This is too long: at most %(max)d characters, you wrote %(count)d.")
            % {"max": maximum, "count": len(cleaned)},
        )
    return cleaned


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _local_text(value: datetime) -> str:
    return times.to_local(value).strftime("%d/%m/%Y %H:%M")


def units_of(space: Space) -> list[int]:
    """The smallest parts a booking of ``space`` occupies (the space itself when it
    has no parts). Divided spaces are small trees; this walks them level by level."""
    units: list[int] = []
    level = [space.pk]
    while level:
        children = list(Space.objects.filter(parent_id__in=level).values_list("parent_id", "pk"))
        parents = {parent for parent, _child in children}
        units.extend(pk for pk in level if pk not in parents)
        level = [child for _parent, child in children]
    return sorted(units)


def related_space_ids(space: Space) -> list[int]:
    """The space, its ancestors and its descendants: a closure on any of them closes it."""
    ids = {space.pk}
    parent_id = space.parent_id
    while parent_id and parent_id not in ids:
        ids.add(parent_id)
        parent_id = Space.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    level = [space.pk]
    while level:
        level = list(Space.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids.update(level)
    return sorted(ids)


# --- Prices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Price:
    category: str
    hourly_rate: Decimal

    def for_minutes(self, minutes: int) -> Decimal:
        return (self.hourly_rate * Decimal(minutes) / Decimal(60)).quantize(CENT, ROUND_HALF_UP)

    @property
    def label(self) -> str:
        return str(TariffCategory(self.category).label)


def price_for(space: Space, organisation: Organisation, *, on: date | None = None) -> Price:
    """The first tariff of ``space`` (in order) that ``organisation`` meets. A space
    without tariffs is free."""
    tariffs = list(Tariff.objects.filter(space=space).order_by("order", "pk"))
    if not tariffs:
        return Price(TariffCategory.FREE, Decimal("0.00"))
    for tariff in tariffs:
        if eligibility_check(organisation, requirement_from(tariff.applies_to), on=on):
            return Price(tariff.category, tariff.hourly_rate)
    # Nobody fits any tariff: the most expensive one applies.
    highest = max(tariffs, key=lambda tariff: tariff.hourly_rate)
    return Price(highest.category, highest.hourly_rate)


# --- Planning -----------------------------------------------------------------------------


@dataclass
class Slot:
    """One date of a request, with everything that stands in its way."""

    day: date
    starts_at: datetime | None
    ends_at: datetime | None
    problems: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    price: Decimal = Decimal("0.00")

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts

    @property
    def reasons(self) -> list[str]:
        return [*self.problems, *self.conflicts]

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "ok": self.ok,
            "problems": list(self.problems),
            "conflicts": list(self.conflicts),
            "price": str(self.price),
        }


@dataclass
class Plan:
    space: Space
    organisation: Organisation
    purpose: str
    attendees: int
    first_day: date
    start_time: time
    end_time: time
    fold: int | None
    repeat: str
    interval_weeks: int
    weekdays: list[int]
    until: date | None
    exceptions: list[date]
    price: Price
    needs_approval: bool
    slots: list[Slot]

    @property
    def accepted(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.ok]

    @property
    def refused(self) -> list[Slot]:
        return [slot for slot in self.slots if not slot.ok]

    @property
    def total_price(self) -> Decimal:
        return sum((slot.price for slot in self.accepted), Decimal("0.00"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "space": self.space.pk,
            "organisation": self.organisation.pk,
            "repeat": self.repeat,
            "needs_approval": self.needs_approval,
            "tariff": self.price.category,
            "hourly_rate": str(self.price.hourly_rate),
            "total_price": str(self.total_price),
            "accepted": len(self.accepted),
            "refused": len(self.refused),
            "slots": [slot.as_dict() for slot in self.slots],
        }


def _as_date(value: Any, field_name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _invalid(field_name, _("Fill in a valid date (day/month/year)."))


def _as_time(value: Any, field_name: str) -> time:
    if isinstance(value, time):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = time.fromisoformat(value.strip())
        except ValueError:
            raise _invalid(field_name, _("Fill in a valid time, for example 19:30.")) from None
    else:
        raise _invalid(field_name, _("Fill in a valid time, for example 19:30."))
    if parsed.second or parsed.microsecond:
        raise _invalid(field_name, _("Fill in hours and minutes only."))
    return parsed.replace(tzinfo=None)


def _as_int(value: Any, field_name: str, *, minimum: int, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _invalid(field_name, _("Fill in a whole number.")) from None
    if isinstance(value, float) and value != number:
        raise _invalid(field_name, _("Fill in a whole number."))
    if not minimum <= number <= maximum:
        raise _invalid(
            field_name,
            _("Fill in a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum},
        )
    return number


def _series_days(
    first_day: date, until: date, interval_weeks: int, weekdays: Sequence[int]
) -> Iterable[date]:
    week_start = first_day - timedelta(days=first_day.weekday())
    while week_start <= until:
        for weekday in sorted(weekdays):
            day = week_start + timedelta(days=weekday)
            if first_day <= day <= until:
                yield day
        week_start += timedelta(weeks=interval_weeks)


def _series_size(first_day: date, until: date, interval_weeks: int, weekdays: Sequence[int]) -> int:
    weeks = (until - first_day).days // 7 + 1
    return (weeks // interval_weeks + 1) * len(weekdays)


def _weekday_name(weekday: int) -> str:
    from middenveld.spaces.models import Weekday

    return str(Weekday(weekday).label).lower()


class _Rules:
    """The space's rules, fetched once per plan."""

    def __init__(self, space: Space) -> None:
        self.space = space
        self.hours = list(OpeningHours.objects.filter(building_id=space.building_id))
        self.related = related_space_ids(space)
        self.units = units_of(space)

    def opening_problem(self, day: date, start: time, end: time) -> str | None:
        if not self.hours:
            return None
        today = [(row.opens, row.closes) for row in self.hours if row.weekday == day.weekday()]
        if any(opens <= start and end <= closes for opens, closes in today):
            return None
        weekday = _weekday_name(day.weekday())
        if not today:
            return _("The building is closed on %(weekday)s.") % {"weekday": weekday}
        return _("The building is open on %(weekday)s from %(hours)s only.") % {
            "weekday": weekday,
            "hours": ", ".join(f"{_hhmm(o)}–{_hhmm(c)}" for o, c in today),
        }


def _closures(
    space: Space, related: Sequence[int], start: datetime, end: datetime
) -> list[Closure]:
    return list(
        Closure.objects.filter(
            Q(building_id=space.building_id) | Q(space_id__in=related),
            starts_at__lt=end,
            ends_at__gt=start,
        ).order_by("starts_at")
    )


def _busy(
    units: Sequence[int], start: datetime, end: datetime, *, exclude_booking: int | None = None
) -> list[Occupancy]:
    query = Occupancy.objects.filter(
        unit_id__in=units, active=True, starts_at__lt=end, ends_at__gt=start
    ).select_related("occurrence")
    if exclude_booking is not None:
        query = query.exclude(occurrence__booking_id=exclude_booking)
    return list(query.order_by("starts_at"))


def booking_plan(
    *,
    space: Space,
    organisation: Organisation,
    by: Any,
    purpose: Any,
    attendees: Any,
    first_day: Any,
    start_time: Any,
    end_time: Any,
    fold: Any = None,
    repeat: Any = Repeat.ONCE,
    interval_weeks: Any = 1,
    weekdays: Any = (),
    until: Any = None,
    exceptions: Any = (),
    now: datetime | None = None,
    seasonal: bool = False,
) -> Plan:
    """What would happen if ``by`` asked this for ``organisation``: every date with
    its price and every reason it cannot be booked. Raises ``Invalid`` for a request
    that cannot be planned at all (a wrong time, too many dates, a space the
    organisation may not book) and ``Forbidden`` for someone who may not book for
    the organisation. ``seasonal`` (a series the city allocated in a seasonal round)
    skips the booking window and the longest series of the space: those rules are
    for organisations booking themselves."""
    now = now or timezone.now()
    _require(by, "spaces.book", organisation)
    if not space.bookable or not space.building.published:
        raise Invalid(_("This space cannot be booked."), code="not_bookable")

    purpose = _text(purpose, field_name="purpose", maximum=200, required=True)
    attendees = _as_int(attendees, "attendees", minimum=1, maximum=100_000)
    if attendees > space.capacity:
        raise _invalid(
            "attendees",
            _("This space holds at most %(capacity)d people; you asked for %(count)d.")
            % {"capacity": space.capacity, "count": attendees},
        )
    first = _as_date(first_day, "first_day")
    start = _as_time(start_time, "start_time")
    end = _as_time(end_time, "end_time")
    if end <= start:
        raise _invalid(
            "end_time",
            _("The end must come after the start, on the same day.")
            if end != start
            else _("The booking has no length: the start and the end are the same."),
        )
    fold_value = None if fold in ("", None) else _as_int(fold, "fold", minimum=0, maximum=1)

    today = times.local_day(now)
    if first < today:
        raise _invalid("first_day", _("This day is in the past."))
    if (first - today).days > HORIZON_DAYS or (
        not seasonal and (first - today).days > space.max_days_ahead
    ):
        raise _invalid(
            "first_day",
            _("You can book this space at most %(days)d days ahead, until %(day)s.")
            % {
                "days": space.max_days_ahead,
                "day": _day(today + timedelta(days=space.max_days_ahead)),
            },
        )

    repeat = str(repeat or Repeat.ONCE)
    if repeat not in Repeat.values:
        raise _invalid("repeat", _("Choose once or weekly."))
    exception_days: list[date] = []
    if repeat == Repeat.ONCE:
        interval = 1
        days_list: list[int] = []
        until_day: date | None = None
        dates = [first]
    else:
        interval = _as_int(interval_weeks, "interval_weeks", minimum=1, maximum=52)
        if isinstance(weekdays, (str, bytes)) or not isinstance(weekdays, Iterable):
            raise _invalid("weekdays", _("Choose at least one day of the week."))
        days_list = sorted({_as_int(day, "weekdays", minimum=0, maximum=6) for day in weekdays})
        if not days_list:
            days_list = [first.weekday()]
        if until in (None, ""):
            raise _invalid("until", _("Say until when the series runs."))
        until_day = _as_date(until, "until")
        if until_day < first:
            raise _invalid("until", _("The series must end on or after its first day."))
        if not seasonal and until_day > first + timedelta(weeks=space.max_series_weeks):
            raise _invalid(
                "until",
                _("A series in this space may run at most %(weeks)d weeks, until %(day)s.")
                % {
                    "weeks": space.max_series_weeks,
                    "day": _day(first + timedelta(weeks=space.max_series_weeks)),
                },
            )
        if _series_size(first, until_day, interval, days_list) > SERIES_MAX_OCCURRENCES * 2:
            raise _too_many()
        if isinstance(exceptions, (str, bytes)) or not isinstance(exceptions, Iterable):
            raise _invalid("exceptions", _("Fill in valid dates (day/month/year)."))
        exception_days = sorted({_as_date(day, "exceptions") for day in exceptions})
        skipped = set(exception_days)
        dates = [
            day for day in _series_days(first, until_day, interval, days_list) if day not in skipped
        ]
        if len(dates) > SERIES_MAX_OCCURRENCES:
            raise _too_many(len(dates))
        if not dates:
            raise _invalid("until", _("This series has no dates left."))

    eligible = eligibility_check(organisation, space.requirement(), on=first)
    if not eligible:
        raise Invalid(
            _("Your organisation cannot book this space: %(reasons)s")
            % {"reasons": " ".join(eligible.reasons)},
            code="not_eligible",
        )

    price = price_for(space, organisation, on=first)
    context = _Rules(space)
    slots = [
        _plan_slot(
            space,
            context,
            day,
            start,
            end,
            fold_value,
            price,
            now=now,
            single=repeat == Repeat.ONCE,
            seasonal=seasonal,
        )
        for day in dates
    ]
    _mark_conflicts(space, context, slots)
    return Plan(
        space=space,
        organisation=organisation,
        purpose=purpose,
        attendees=attendees,
        first_day=first,
        start_time=start,
        end_time=end,
        fold=fold_value,
        repeat=repeat,
        interval_weeks=interval,
        weekdays=days_list,
        until=until_day,
        exceptions=exception_days,
        price=price,
        needs_approval=space.needs_approval,
        slots=slots,
    )


def _too_many(count: int | None = None) -> Invalid:
    if count is None:
        message = _("A request may hold at most %(max)d dates. Make the series shorter.") % {
            "max": SERIES_MAX_OCCURRENCES
        }
    else:
        message = _(
            "This series has %(count)d dates; a request may hold at most %(max)d. "
            "Make the series shorter."
        ) % {"count": count, "max": SERIES_MAX_OCCURRENCES}
    return Invalid(message, code="too_many_dates", fields={"until": [message]})


def _plan_slot(
    space: Space,
    context: _Rules,
    day: date,
    start: time,
    end: time,
    fold: int | None,
    price: Price,
    *,
    now: datetime,
    single: bool,
    seasonal: bool = False,
) -> Slot:
    try:
        starts_at, ends_at = times.span(day, start, end, fold=fold)
    except (times.NonExistentTime, times.AmbiguousTime) as error:
        if single:
            raise
        return Slot(day=day, starts_at=None, ends_at=None, problems=[str(error)])
    slot = Slot(day=day, starts_at=starts_at, ends_at=ends_at)
    problems = slot.problems
    minutes = times.minutes_between(starts_at, ends_at)
    if minutes <= 0:
        problems.append(_("The end must come after the start."))
        return slot
    slot.price = price.for_minutes(minutes)
    lead = starts_at - now
    if starts_at <= now:
        problems.append(_("This time has already begun or passed."))
    elif not seasonal and lead < timedelta(days=space.min_days_ahead):
        problems.append(
            _("This comes in too late: book this space at least %(days)d days ahead.")
            % {"days": space.min_days_ahead}
        )
    elif not seasonal and lead > timedelta(days=space.max_days_ahead):
        problems.append(
            _("This is too early: you can book this space at most %(days)d days ahead.")
            % {"days": space.max_days_ahead}
        )
    if minutes < space.min_duration_minutes:
        problems.append(
            _("A booking here lasts at least %(minutes)d minutes; this one lasts %(length)d.")
            % {"minutes": space.min_duration_minutes, "length": minutes}
        )
    if minutes > space.max_duration_minutes:
        problems.append(
            _("A booking here lasts at most %(minutes)d minutes; this one lasts %(length)d.")
            % {"minutes": space.max_duration_minutes, "length": minutes}
        )
    step = space.granularity_minutes
    if (start.hour * 60 + start.minute) % step or (end.hour * 60 + end.minute) % step:
        problems.append(
            _(
                "Start and end go in steps of %(minutes)d minutes here (for example 19:00 or 19:%(step)02d)."
            )
            % {"minutes": step, "step": step % 60}
        )
    opening = context.opening_problem(day, start, end)
    if opening:
        problems.append(opening)
    return slot


def _mark_conflicts(
    space: Space, context: _Rules, slots: list[Slot], *, exclude_booking: int | None = None
) -> None:
    """Closures and other bookings, for every slot at once (one query each)."""
    dated = [slot for slot in slots if slot.starts_at is not None and slot.ends_at is not None]
    if not dated:
        return
    before = timedelta(minutes=space.buffer_before_minutes)
    after = timedelta(minutes=space.buffer_after_minutes)
    low = min(slot.starts_at for slot in dated if slot.starts_at is not None) - before
    high = max(slot.ends_at for slot in dated if slot.ends_at is not None) + after
    closures = _closures(space, context.related, low, high)
    busy = _busy(context.units, low, high, exclude_booking=exclude_booking)
    for slot in dated:
        assert slot.starts_at is not None and slot.ends_at is not None
        for closure in closures:
            if closure.starts_at < slot.ends_at and closure.ends_at > slot.starts_at:
                slot.problems.append(
                    _("Closed from %(start)s to %(end)s: %(reason)s")
                    % {
                        "start": _local_text(closure.starts_at),
                        "end": _local_text(closure.ends_at),
                        "reason": closure.reason,
                    }
                )
        held_start, held_end = slot.starts_at - before, slot.ends_at + after
        seen: set[int] = set()
        for row in busy:
            if (
                row.starts_at < held_end
                and row.ends_at > held_start
                and row.occurrence_id not in seen
            ):
                seen.add(row.occurrence_id)
                slot.conflicts.append(
                    _(
                        "Already booked from %(start)s to %(end)s (free time for setting up included)."
                    )
                    % {
                        "start": times.to_local(row.starts_at).strftime("%H:%M"),
                        "end": times.to_local(row.ends_at).strftime("%H:%M"),
                    }
                )


# --- Requesting ---------------------------------------------------------------------------


def booking_request(
    *,
    space: Space,
    organisation: Organisation,
    by: Any,
    skip_refused: bool = False,
    expected_count: int | None = None,
    now: datetime | None = None,
    allocation_round: Any = None,
    confirm: bool | None = None,
    requester: Any = None,
    **asked: Any,
) -> Booking:
    """Save the request: all its accepted dates at once, or nothing.

    Without ``skip_refused`` a request with any refused date is refused whole, with
    every reason. With it, the refused dates are left out (the person saw them in the
    plan); ``expected_count`` guards against a plan that changed in the meantime.
    ``confirm`` overrides the space's approval rule (seasonal allocation publishes
    confirmed series). ``requester`` is the person the booking is for when someone
    else saves it (staff publishing a seasonal allocation): they get the mail."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # On SQLite this BEGIN IMMEDIATE holds the write lock until the commit.
            locked_space = Space.objects.select_related("building").get(pk=space.pk)
            plan = booking_plan(
                space=locked_space, organisation=organisation, by=by, now=now, **asked
            )
            if plan.refused and not skip_refused:
                raise Invalid(
                    _refused_message(plan),
                    code="dates_refused",
                    details={"slots": [slot.as_dict() for slot in plan.refused]},
                )
            accepted = plan.accepted
            if expected_count is not None and len(accepted) != expected_count:
                raise Conflict(
                    _(
                        "Something changed since you looked: %(count)d of the dates can still be booked. Look at the dates again."
                    )
                    % {"count": len(accepted)},
                    code="plan_changed",
                )
            if not accepted:
                raise Invalid(
                    _refused_message(plan),
                    code="dates_refused",
                    details={"slots": [slot.as_dict() for slot in plan.refused]},
                )
            booking = _save(
                plan,
                by=by,
                now=now,
                allocation_round=allocation_round,
                confirm=confirm,
                requester=requester,
            )
    except IntegrityError as error:
        if "spaces_occupancy_no_overlap" in str(error) or "exclusion" in str(error).lower():
            raise _just_taken() from error
        raise
    _after_request(booking, by=by)
    return booking


def _just_taken() -> Conflict:
    return Conflict(
        _("This time was just taken by someone else. Choose another time."),
        code="just_taken",
    )


def _refused_message(plan: Plan) -> str:
    lines = [
        ngettext(
            "%(count)d date cannot be booked:",
            "%(count)d dates cannot be booked:",
            len(plan.refused),
        )
        % {"count": len(plan.refused)}
    ]
    for slot in plan.refused[:20]:
        lines.append(f"{_day(slot.day)}: {' '.join(slot.reasons)}")
    if len(plan.refused) > 20:
        lines.append(_("… and %(count)d more.") % {"count": len(plan.refused) - 20})
    return "\n".join(lines)


def _save(
    plan: Plan,
    *,
    by: Any,
    now: datetime,
    allocation_round: Any = None,
    confirm: bool | None = None,
    requester: Any = None,
) -> Booking:
    confirmed = (not plan.needs_approval) if confirm is None else confirm
    status = BookingStatus.CONFIRMED if confirmed else BookingStatus.REQUESTED
    accepted = plan.accepted
    booking = Booking.objects.create(
        space=plan.space,
        organisation=plan.organisation,
        requested_by=requester
        if getattr(requester, "pk", None)
        else (by if getattr(by, "pk", None) else None),
        purpose=plan.purpose,
        attendees=plan.attendees,
        status=status,
        first_day=plan.first_day,
        start_time=plan.start_time,
        end_time=plan.end_time,
        fold=plan.fold,
        repeat=plan.repeat,
        interval_weeks=plan.interval_weeks,
        weekdays=plan.weekdays,
        until=plan.until,
        exceptions=[day.isoformat() for day in plan.exceptions]
        + [slot.day.isoformat() for slot in plan.refused],
        tariff_category=plan.price.category,
        hourly_rate=plan.price.hourly_rate,
        total_price=plan.total_price,
        created_at=now,
        decided_at=now if confirmed else None,
        allocation_round=allocation_round,
    )
    occurrences = Occurrence.objects.bulk_create(
        [
            Occurrence(
                booking=booking,
                space=plan.space,
                starts_at=slot.starts_at,  # type: ignore[misc]
                ends_at=slot.ends_at,  # type: ignore[misc]
                status=status,
                price=slot.price,
            )
            for slot in accepted
        ]
    )
    if any(occurrence.pk is None for occurrence in occurrences):  # pragma: no cover - old SQLite
        occurrences = list(booking.occurrences.order_by("starts_at"))
    before = timedelta(minutes=plan.space.buffer_before_minutes)
    after = timedelta(minutes=plan.space.buffer_after_minutes)
    units = units_of(plan.space)
    with transaction.atomic():
        Occupancy.objects.bulk_create(
            [
                Occupancy(
                    occurrence=occurrence,
                    unit_id=unit,
                    starts_at=occurrence.starts_at - before,
                    ends_at=occurrence.ends_at + after,
                )
                for occurrence in occurrences
                for unit in units
            ]
        )
    availability_changed()
    _log(
        booking,
        by,
        "requested" if not confirmed else "confirmed",
        "",
        status,
        details={
            "dates": len(accepted),
            "left_out": [slot.day.isoformat() for slot in plan.refused],
        },
    )
    _timeline(
        booking, "spaces.booking_requested" if not confirmed else "spaces.booking_confirmed", by
    )
    return booking


def _after_request(booking: Booking, *, by: Any) -> None:
    template = (
        "booking_confirmed" if booking.status == BookingStatus.CONFIRMED else "booking_requested"
    )
    _mail_organisation(booking, template, by=by)


# --- Deciding -----------------------------------------------------------------------------


def _locked_booking(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update()
        .select_related("space__building", "organisation")
        .get(pk=booking.pk)
    )


def booking_approve(*, booking: Booking, by: Any, reason: Any = "") -> Booking:
    _require(by, "spaces.decide", booking)
    note = _text(reason, field_name="reason", maximum=2000)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_booking(booking)
        if locked.status != BookingStatus.REQUESTED:
            raise Conflict(
                _("This request is no longer waiting for a decision (it is: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_waiting",
            )
        locked.occurrences.filter(status=BookingStatus.REQUESTED).update(
            status=BookingStatus.CONFIRMED
        )
        locked.status = BookingStatus.CONFIRMED
        locked.decided_at = now
        locked.decided_by = by
        locked.decision_reason = note
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        availability_changed()
        _log(locked, by, "approved", BookingStatus.REQUESTED, BookingStatus.CONFIRMED, reason=note)
        _timeline(locked, "spaces.booking_confirmed", by)
        _mail_organisation(locked, "booking_confirmed", by=by)
    return locked


def booking_deny(*, booking: Booking, by: Any, reason: Any) -> Booking:
    _require(by, "spaces.decide", booking)
    why = _text(reason, field_name="reason", maximum=2000, required=True)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked_booking(booking)
        if locked.status != BookingStatus.REQUESTED:
            raise Conflict(
                _("This request is no longer waiting for a decision (it is: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_waiting",
            )
        occurrence_ids = list(
            locked.occurrences.filter(status=BookingStatus.REQUESTED).values_list("pk", flat=True)
        )
        Occurrence.objects.filter(pk__in=occurrence_ids).update(status=BookingStatus.DENIED)
        Occupancy.objects.filter(occurrence_id__in=occurrence_ids).update(active=False)
        locked.status = BookingStatus.DENIED
        locked.decided_at = now
        locked.decided_by = by
        locked.decision_reason = why
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        availability_changed()
        _log(locked, by, "denied", BookingStatus.REQUESTED, BookingStatus.DENIED, reason=why)
        _timeline(locked, "spaces.booking_denied", by, reason=why)
        _mail_organisation(locked, "booking_denied", by=by, reason=why)
    return locked


# --- Cancelling ---------------------------------------------------------------------------

SCOPES = ("one", "following", "all")


def booking_cancel(
    *,
    booking: Booking,
    by: Any,
    reason: Any,
    scope: str = "all",
    occurrence: Occurrence | int | None = None,
    now: datetime | None = None,
) -> list[Occurrence]:
    """Cancel one date, this date and all following, or every coming date of the
    booking, in one action with one notification. Dates that have begun stay."""
    _require(by, "spaces.cancel_booking", booking)
    why = _text(reason, field_name="reason", maximum=2000, required=True)
    if scope not in SCOPES:
        raise _invalid("scope", _("Choose one date, this date and the following, or all dates."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_booking(booking)
        active = locked.occurrences.filter(status__in=ACTIVE_STATUSES, starts_at__gt=now)
        if scope == "all":
            chosen = list(active)
        else:
            occurrence_id = getattr(occurrence, "pk", occurrence)
            try:
                occurrence_id = int(occurrence_id)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise _invalid("occurrence", _("Choose a date of this booking.")) from None
            picked = locked.occurrences.filter(pk=occurrence_id).first()
            if picked is None:
                raise _invalid("occurrence", _("Choose a date of this booking."))
            if picked.status not in ACTIVE_STATUSES:
                raise Conflict(_("This date is already cancelled."), code="already_cancelled")
            if picked.starts_at <= now:
                raise Conflict(
                    _("This date has already begun; it cannot be cancelled."), code="started"
                )
            chosen = (
                [picked] if scope == "one" else list(active.filter(starts_at__gte=picked.starts_at))
            )
        if not chosen:
            raise Conflict(_("There is no coming date left to cancel."), code="nothing_to_cancel")
        ids = [item.pk for item in chosen]
        Occurrence.objects.filter(pk__in=ids).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, cancelled_by=by, cancel_reason=why
        )
        Occupancy.objects.filter(occurrence_id__in=ids).update(active=False)
        availability_changed()
        previous = locked.status
        if not locked.occurrences.filter(status__in=ACTIVE_STATUSES).exists():
            locked.status = BookingStatus.CANCELLED
            locked.save(update_fields=["status"])
        by_city = not Membership.objects.filter(
            organisation_id=locked.organisation_id, user_id=by.pk
        ).exists()
        _log(
            locked,
            by,
            f"cancelled_{scope}",
            previous,
            locked.status,
            reason=why,
            details={"dates": [times.local_day(item.starts_at).isoformat() for item in chosen]},
        )
        _timeline(locked, "spaces.booking_cancelled", by, reason=why, count=len(chosen))
        cancelled = list(Occurrence.objects.filter(pk__in=ids).order_by("starts_at"))
        _mail_organisation(
            locked, "booking_cancelled", by=by, reason=why, occurrences=cancelled, by_city=by_city
        )
    return cancelled


# --- Log, timeline, mail ------------------------------------------------------------------


def _log(
    booking: Booking,
    by: Any,
    action: str,
    from_status: str,
    to_status: str,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    BookingLog.objects.create(
        booking=booking,
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=str(from_status),
        to_status=str(to_status),
        reason=reason,
        details=details or {},
    )


def _timeline(booking: Booking, kind: str, by: Any, **extra: Any) -> None:
    first = booking.occurrences.order_by("starts_at").values_list("starts_at", flat=True).first()
    timeline_record(
        organisation=booking.organisation,
        kind=kind,
        actor=by,
        subject=booking,
        data={
            "space": str(booking.space),
            "space_id": booking.space_id,
            "purpose": booking.purpose,
            "day": _local_text(first) if first else _day(booking.first_day),
            "dates": booking.occurrences.count(),
            **{key: value for key, value in extra.items() if value not in (None, "")},
        },
    )


def booking_ics(booking: Booking, occurrences: Sequence[Occurrence] | None = None) -> bytes:
    """The booking's dates as an iCalendar file (cancelled dates as CANCELLED)."""
    rows = list(occurrences) if occurrences is not None else list(booking.occurrences.all())
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "middenveld"
    space = booking.space
    entries = []
    for row in rows:
        status = {
            BookingStatus.CONFIRMED: "CONFIRMED",
            BookingStatus.REQUESTED: "TENTATIVE",
        }.get(row.status, "CANCELLED")  # type: ignore[call-overload]
        entries.append(
            CalendarEntry(
                uid=f"booking-{row.pk}@{host}",
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                summary=f"{booking.purpose} – {space.name}",
                description=f"{booking.organisation.name}\n{space}",
                location=f"{space.building.name}, {space.building.address}",
                status=status,
                sequence={"TENTATIVE": 0, "CONFIRMED": 1, "CANCELLED": 2}[status],
            )
        )
    return calendar_file(entries, name=str(space))


def _recipients(booking: Booking) -> list[Any]:
    people = []
    person = booking.requested_by
    if person is not None and person.is_active and person.email:
        people.append(person)
    if not people:
        people = [
            membership.user
            for membership in Membership.objects.filter(
                organisation_id=booking.organisation_id, role="admin", user__is_active=True
            ).select_related("user")
        ]
    return people


def _mail_organisation(booking: Booking, template: str, *, by: Any, **context: Any) -> None:
    from middenveld.city.services import notify

    occurrences = context.pop("occurrences", None)
    rows = occurrences if occurrences is not None else list(booking.occurrences.all())
    data = booking_ics(booking, rows)
    for person in _recipients(booking):
        send_templated_mail(
            to=person.email,
            template=f"spaces/mail/{template}",
            context={"name": person.name, "booking": booking, "occurrences": rows, **context},
            language=person.language,
            attachments=[(f"boeking-{booking.pk}.ics", data, CALENDAR_MIME)],
        )
        notify(
            recipient=person,
            kind=f"spaces.{template}",
            sentence=_notification_sentence(template),
            data={"space": str(booking.space), "purpose": booking.purpose},
            url=f"/mijn/boekingen/{booking.pk}/",
        )


def _notification_sentence(template: str) -> Any:
    return {
        "booking_requested": gettext_lazy(
            "Your request for %(space)s (%(purpose)s) is waiting for approval."
        ),
        "booking_confirmed": gettext_lazy("Your booking of %(space)s (%(purpose)s) is confirmed."),
        "booking_denied": gettext_lazy("Your request for %(space)s (%(purpose)s) was denied."),
        "booking_cancelled": gettext_lazy(
            "Dates of your booking of %(space)s (%(purpose)s) were cancelled."
        ),
    }[template]
