"""Seasonal allocation of weekly use: a round's life, the organisations' requests, the
proposal by a published rule, changes by hand, and publishing the result as series.

* Staff create a round (``round_create`` or the back office), open it
  (``round_open``) and close it (``round_close``).
* While it is open, members of an organisation send requests (``request_submit``):
  a weekday, a time window, every 1 or 2 weeks and up to three ranked spaces of the
  round. They can withdraw them while the round is open (``request_withdraw``).
* ``propose`` places every request by the published rule (``compute``) and keeps one
  ``Placement`` per request with its priority class and its reason in words.
* ``placement_change`` moves a placement by hand (another space of the round, or
  none) with a reason; a clash with another placement is refused.
* ``publish`` turns every placement with a space into a confirmed weekly series over
  the season, in one transaction, through ``services.booking_request``.

Every decision is written to ``BookingLog`` with ``allocation_round`` set.

The rule (``compute``), as published:

1. Priority classes. Class 1: an organisation with a recognition that is valid on
   the first day of the season and that is active in the district of the building
   of its 1st choice. Class 2: other organisations with a valid recognition. Class 3:
   all other organisations. Class 1 is placed first, then class 2, then class 3.
2. Within a class, a draw by lot: the requests, sorted by number, are shuffled with
   ``random.Random(f"{seed}:{class}")``. Anyone can repeat the draw with the seed
   that is published with the result.
3. The requests are handled in turns. In each turn every organisation has at most
   one request handled: its next request in the order of the draw. So one
   organisation with many requests cannot crowd out the others.
4. A request gets its highest-ranked choice that is still free on every date of its
   weekday in the season (every 1 or 2 weeks, from the first such day of the season)
   for its time window with the space's setup time: not given to an earlier request
   (also not through a part of the space or the whole it is part of), not already
   booked, open at that time, large enough, and open to the organisation. Closures
   (holidays) do not count here: those dates are left out when the round is
   published.
5. A request that fits nowhere gets no space, with the reason for each choice.
"""

from __future__ import annotations

import json
import random
import secrets
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core import rules
from middenveld.core.errors import Conflict, DomainError, Forbidden, Invalid
from middenveld.organisations.eligibility import eligibility_check
from middenveld.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    Recognition,
)
from middenveld.organisations.timeline import timeline_record
from middenveld.spaces import services, times
from middenveld.spaces import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.spaces.models import (
    AllocationPreference,
    AllocationRequest,
    AllocationRound,
    Booking,
    BookingLog,
    Occupancy,
    OpeningHours,
    Placement,
    RequestStatus,
    RoundStatus,
    Space,
    Weekday,
)
from middenveld.spaces.selectors import unit_map
from middenveld.spaces.services import _as_int, _as_time, _invalid, _text

MANAGE = "spaces.manage"
APPLY = "spaces.apply_allocation"

#: How many ranked spaces one request may name.
MAX_PREFERENCES = 3
#: How many requests one organisation may have in one round (withdrawn ones not counted).
MAX_REQUESTS_PER_ORGANISATION = 20
#: The longest season: 53 weeks, so a weekly series stays well under the cap of dates.
SEASON_MAX_DAYS = 53 * 7
INTERVALS = (1, 2)
CLASSES = (1, 2, 3)

CHOICE_NAMES = {
    1: gettext_lazy("1st choice"),
    2: gettext_lazy("2nd choice"),
    3: gettext_lazy("3rd choice"),
}

CLASS_NAMES = {
    1: gettext_lazy(
        "Class 1 (recognised organisation active in the district of the building of its 1st choice)"
    ),
    2: gettext_lazy("Class 2 (recognised organisation)"),
    3: gettext_lazy("Class 3 (other organisation)"),
}

#: The log's actions in words.
LOG_ACTIONS = {
    "created": gettext_lazy("Round created"),
    "changed": gettext_lazy("Round changed"),
    "opened": gettext_lazy("Opened for requests"),
    "closed": gettext_lazy("Closed for requests"),
    "proposed": gettext_lazy("Proposal made"),
    "changed_by_hand": gettext_lazy("Placement changed by hand"),
    "published": gettext_lazy("Published"),
}


# --- Small helpers ------------------------------------------------------------------------


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if not decision:
        raise Forbidden(decision.reason or None)


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _weekday(value: int) -> str:
    return str(Weekday(value).label).lower()


def choice_name(rank: int) -> str:
    return str(CHOICE_NAMES.get(rank, _("choice %(rank)d") % {"rank": rank}))


def class_name(priority_class: int) -> str:
    return str(CLASS_NAMES.get(priority_class, priority_class))


def new_seed() -> str:
    return secrets.token_hex(8)


def _log(
    allocation_round: AllocationRound,
    by: Any,
    action: str,
    from_status: str = "",
    to_status: str = "",
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> BookingLog:
    return BookingLog.objects.create(
        allocation_round=allocation_round,
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=str(from_status),
        to_status=str(to_status),
        reason=reason,
        details=details or {},
    )


def _locked_round(allocation_round: AllocationRound | int) -> AllocationRound:
    pk = allocation_round.pk if isinstance(allocation_round, AllocationRound) else allocation_round
    return AllocationRound.objects.select_for_update().get(pk=pk)


def accepting_requests(allocation_round: AllocationRound, now: datetime | None = None) -> bool:
    """Open, and inside the request period."""
    now = now or timezone.now()
    return (
        allocation_round.status == RoundStatus.OPEN
        and allocation_round.requests_open_at <= now < allocation_round.requests_close_at
    )


def season_dates(
    allocation_round: AllocationRound, weekday: int, interval_weeks: int
) -> list[date]:
    """The dates of a request: its weekday every ``interval_weeks`` weeks, from the
    first such day of the season until the season's last day."""
    first = allocation_round.season_starts + timedelta(
        days=(weekday - allocation_round.season_starts.weekday()) % 7
    )
    days = []
    day = first
    while day <= allocation_round.season_ends:
        days.append(day)
        day += timedelta(weeks=max(1, interval_weeks))
    return days


def log_lines(allocation_round: AllocationRound) -> list[dict[str, Any]]:
    """The round's log, oldest first, for a page."""
    statuses = dict(RoundStatus.choices)
    lines = []
    for entry in allocation_round.log.select_related("actor").order_by("at", "pk"):
        what = str(LOG_ACTIONS.get(entry.action, entry.action))
        if entry.to_status and entry.from_status != entry.to_status:
            what += f" ({statuses.get(entry.from_status, entry.from_status) or '—'} → "
            what += f"{statuses.get(entry.to_status, entry.to_status)})"
        lines.append(
            {
                "at": entry.at,
                "who": entry.actor.get_full_name() if entry.actor is not None else "",
                "what": what,
                "reason": entry.reason,
                "details": entry.details,
                "action": entry.action,
            }
        )
    return lines


# --- The round ----------------------------------------------------------------------------


def round_problems(
    *,
    name: Any = None,
    season_starts: date | None = None,
    season_ends: date | None = None,
    requests_open_at: datetime | None = None,
    requests_close_at: datetime | None = None,
    seed: Any = None,
    today: date | None = None,
    check_past: bool = True,
) -> dict[str, list[str]]:
    """What is wrong with a round's fields, by field (empty when all is well). The
    back-office form and ``round_create`` use the same checks."""
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = defaultdict(list)
    if name is not None and not str(name).strip():
        problems["name"].append(_("Fill this in."))
    if seed is not None and len(str(seed)) > 64:
        problems["seed"].append(_("The seed is at most 64 characters long."))
    if season_starts is not None:
        if check_past and season_starts < today:
            problems["season_starts"].append(_("The season cannot start in the past."))
        elif (season_starts - today).days > services.HORIZON_DAYS:
            problems["season_starts"].append(
                _("The season must start within two years, by %(day)s.")
                % {"day": _day(today + timedelta(days=services.HORIZON_DAYS))}
            )
    if season_starts is not None and season_ends is not None:
        if season_ends <= season_starts:
            problems["season_ends"].append(_("The season must end after it starts."))
        elif (season_ends - season_starts).days >= SEASON_MAX_DAYS:
            problems["season_ends"].append(
                _("A season lasts at most %(weeks)d weeks.") % {"weeks": SEASON_MAX_DAYS // 7}
            )
    if requests_open_at is not None and requests_close_at is not None:
        if requests_close_at <= requests_open_at:
            problems["requests_close_at"].append(_("The request period must end after it starts."))
        elif season_starts is not None and requests_close_at > times.day_bounds(season_starts)[0]:
            problems["requests_close_at"].append(_("Requests must close before the season starts."))
    return dict(problems)


def _raise_problems(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise Invalid(first, fields=problems)


def round_create(
    *,
    by: Any,
    name: Any,
    season_starts: date,
    season_ends: date,
    requests_open_at: datetime,
    requests_close_at: datetime,
    spaces: Iterable[Space | int],
    seed: Any = "",
) -> AllocationRound:
    _require(by, MANAGE)
    name = _text(name, field_name="name", maximum=200, required=True)
    seed = _text(seed, field_name="seed", maximum=64)
    _raise_problems(
        round_problems(
            name=name,
            season_starts=season_starts,
            season_ends=season_ends,
            requests_open_at=requests_open_at,
            requests_close_at=requests_close_at,
            seed=seed,
        )
    )
    ids = {getattr(space, "pk", space) for space in spaces}
    found = list(Space.objects.filter(pk__in=[pk for pk in ids if isinstance(pk, int)]))
    if not found or len(found) != len(ids):
        raise _invalid("spaces", _("Choose one or more existing spaces."))
    with transaction.atomic():
        allocation_round = AllocationRound.objects.create(
            name=name,
            season_starts=season_starts,
            season_ends=season_ends,
            requests_open_at=requests_open_at,
            requests_close_at=requests_close_at,
            seed=seed or new_seed(),
            created_by=by if getattr(by, "pk", None) else None,
        )
        allocation_round.spaces.set(found)
        _log(allocation_round, by, "created", "", RoundStatus.DRAFT)
    return allocation_round


def round_log_saved(
    allocation_round: AllocationRound, *, by: Any, created: bool, changed: Sequence[str]
) -> None:
    """The back office saved the round's form: write it in the log."""
    if created:
        _log(allocation_round, by, "created", "", allocation_round.status)
    elif changed:
        _log(allocation_round, by, "changed", details={"fields": list(changed)})


def round_open(allocation_round: AllocationRound, *, by: Any) -> AllocationRound:
    _require(by, MANAGE)
    with transaction.atomic():
        locked = _locked_round(allocation_round)
        if locked.status != RoundStatus.DRAFT:
            raise Conflict(
                _("Only a round that is being prepared can be opened (this one is: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_draft",
            )
        if not locked.spaces.exists():
            raise Conflict(_("Add at least one space to the round first."), code="no_spaces")
        locked.status = RoundStatus.OPEN
        if not locked.seed:
            locked.seed = new_seed()
        locked.save(update_fields=["status", "seed"])
        _log(locked, by, "opened", RoundStatus.DRAFT, RoundStatus.OPEN)
    return locked


def round_close(allocation_round: AllocationRound, *, by: Any) -> AllocationRound:
    _require(by, MANAGE)
    with transaction.atomic():
        locked = _locked_round(allocation_round)
        if locked.status != RoundStatus.OPEN:
            raise Conflict(
                _("Only an open round can be closed (this one is: %(status)s).")
                % {"status": locked.get_status_display()},
                code="not_open",
            )
        locked.status = RoundStatus.CLOSED
        locked.save(update_fields=["status"])
        _log(
            locked,
            by,
            "closed",
            RoundStatus.OPEN,
            RoundStatus.CLOSED,
            details={
                "requests": locked.requests.filter(status=RequestStatus.SUBMITTED).count(),
            },
        )
    return locked


# --- What a space allows for a request ----------------------------------------------------


def space_problems(
    space: Space,
    *,
    weekday: int,
    start: time,
    end: time,
    attendees: int,
    hours: Sequence[tuple[int, time, time]] | None = None,
) -> list[str]:
    """Why ``space`` cannot hold this weekly use, apart from other bookings and who may
    book: it cannot be booked, it is too small, the length or the times do not fit
    its rules, or the building is closed then. ``hours`` are the building's opening
    hours ``(weekday, opens, closes)``, fetched when not given."""
    problems: list[str] = []
    if not space.bookable or not space.building.published:
        problems.append(_("This space cannot be booked."))
        return problems
    if attendees > space.capacity:
        problems.append(
            _("It holds at most %(capacity)d people; you asked for %(count)d.")
            % {"capacity": space.capacity, "count": attendees}
        )
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes < space.min_duration_minutes:
        problems.append(
            _("A booking here lasts at least %(minutes)d minutes.")
            % {"minutes": space.min_duration_minutes}
        )
    if minutes > space.max_duration_minutes:
        problems.append(
            _("A booking here lasts at most %(minutes)d minutes.")
            % {"minutes": space.max_duration_minutes}
        )
    step = space.granularity_minutes
    if (start.hour * 60 + start.minute) % step or (end.hour * 60 + end.minute) % step:
        problems.append(
            _("Start and end go in steps of %(minutes)d minutes here.") % {"minutes": step}
        )
    if hours is None:
        hours = list(
            OpeningHours.objects.filter(building_id=space.building_id).values_list(
                "weekday", "opens", "closes"
            )
        )
    if hours:
        today = [(opens, closes) for day, opens, closes in hours if day == weekday]
        if not any(opens <= start and end <= closes for opens, closes in today):
            if not today:
                problems.append(
                    _("The building is closed on %(weekday)s.") % {"weekday": _weekday(weekday)}
                )
            else:
                problems.append(
                    _("The building is open on %(weekday)s from %(hours)s only.")
                    % {
                        "weekday": _weekday(weekday),
                        "hours": ", ".join(f"{_hhmm(o)}–{_hhmm(c)}" for o, c in sorted(today)),
                    }
                )
    return problems


# --- Requests -----------------------------------------------------------------------------


def _preference_ids(preferences: Any) -> list[int]:
    if isinstance(preferences, (str, bytes)) or not isinstance(preferences, Iterable):
        raise _invalid("preferences", _("Choose one to three spaces, in order of preference."))
    raw = list(preferences)
    if len(raw) > MAX_PREFERENCES * 4:
        # Refuse long lists before looking at what is in them.
        raise _invalid(
            "preferences",
            _("Choose at most %(max)d spaces.") % {"max": MAX_PREFERENCES},
        )
    ids: list[int] = []
    for item in raw:
        value = getattr(item, "pk", item)
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise _invalid(
                f"preference_{len(ids) + 1}", _("Choose a space of this round.")
            ) from None
        ids.append(number)
    if not ids:
        raise _invalid("preference_1", _("Choose at least one space."))
    if len(ids) > MAX_PREFERENCES:
        raise _invalid(
            "preferences",
            _("Choose at most %(max)d spaces.") % {"max": MAX_PREFERENCES},
        )
    return ids


def request_submit(
    *,
    allocation_round: AllocationRound,
    organisation: Organisation,
    by: Any,
    purpose: Any,
    attendees: Any,
    weekday: Any,
    start_time: Any,
    end_time: Any,
    interval_weeks: Any = 1,
    preferences: Any = (),
    now: datetime | None = None,
) -> AllocationRequest:
    """A member's request for weekly use in an open round. Every answer is checked
    (and every chosen space against its rules and who may book it) before anything
    is saved."""
    now = now or timezone.now()
    _require(by, APPLY, organisation)
    purpose = _text(purpose, field_name="purpose", maximum=200, required=True)
    attendees = _as_int(attendees, "attendees", minimum=1, maximum=100_000)
    weekday = _as_int(weekday, "weekday", minimum=0, maximum=6)
    start = _as_time(start_time, "start_time")
    end = _as_time(end_time, "end_time")
    if end <= start:
        raise _invalid(
            "end_time",
            _("The end must come after the start, on the same day.")
            if end != start
            else _("The start and the end are the same."),
        )
    interval = _as_int(interval_weeks, "interval_weeks", minimum=1, maximum=2)
    ids = _preference_ids(preferences)
    seen: dict[int, int] = {}
    for rank, pk in enumerate(ids, start=1):
        if pk in seen:
            raise _invalid(
                f"preference_{rank}",
                _("You chose this space already as your %(choice)s. Choose each space once.")
                % {"choice": choice_name(seen[pk])},
            )
        seen[pk] = rank

    with transaction.atomic():
        locked = _locked_round(allocation_round)
        if not accepting_requests(locked, now):
            raise Conflict(_("This round does not take requests now."), code="round_not_open")
        spaces = {
            space.pk: space for space in locked.spaces.filter(pk__in=ids).select_related("building")
        }
        hours: dict[int, list[tuple[int, time, time]]] = defaultdict(list)
        for building_id, day, opens, closes in OpeningHours.objects.filter(
            building_id__in={space.building_id for space in spaces.values()}
        ).values_list("building_id", "weekday", "opens", "closes"):
            hours[building_id].append((day, opens, closes))
        errors: dict[str, list[str]] = {}
        for rank, pk in enumerate(ids, start=1):
            space = spaces.get(pk)
            key = f"preference_{rank}"
            if space is None:
                errors[key] = [_("This space is not part of this round. Choose one from the list.")]
                continue
            problems = space_problems(
                space,
                weekday=weekday,
                start=start,
                end=end,
                attendees=attendees,
                hours=hours.get(space.building_id, []),
            )
            eligible = eligibility_check(organisation, space.requirement(), on=locked.season_starts)
            if not eligible:
                problems.append(
                    _("Your organisation cannot book this space: %(reasons)s")
                    % {"reasons": " ".join(str(reason) for reason in eligible.reasons)}
                )
            if problems:
                errors[key] = [f"{space.name}: {' '.join(problems)}"]
        if errors:
            raise Invalid(
                " ".join(message for value in errors.values() for message in value), fields=errors
            )
        if not season_dates(locked, weekday, interval):
            raise _invalid(
                "weekday",
                _("The season has no %(weekday)s.") % {"weekday": _weekday(weekday)},
            )
        count = AllocationRequest.objects.filter(
            allocation_round=locked, organisation=organisation, status=RequestStatus.SUBMITTED
        ).count()
        if count >= MAX_REQUESTS_PER_ORGANISATION:
            raise Conflict(
                _("An organisation can send at most %(max)d requests in one round.")
                % {"max": MAX_REQUESTS_PER_ORGANISATION},
                code="too_many_requests",
            )
        request = AllocationRequest.objects.create(
            allocation_round=locked,
            organisation=organisation,
            requested_by=by if getattr(by, "pk", None) else None,
            purpose=purpose,
            attendees=attendees,
            weekday=weekday,
            start_time=start,
            end_time=end,
            interval_weeks=interval,
            created_at=now,
        )
        AllocationPreference.objects.bulk_create(
            [
                AllocationPreference(request=request, space=spaces[pk], rank=rank)
                for rank, pk in enumerate(ids, start=1)
            ]
        )
    return request


def request_withdraw(
    *, request: AllocationRequest, by: Any, now: datetime | None = None
) -> AllocationRequest:
    now = now or timezone.now()
    _require(by, APPLY, request.organisation)
    with transaction.atomic():
        locked_round = _locked_round(request.allocation_round_id)
        if not accepting_requests(locked_round, now):
            raise Conflict(
                _("This round is closed: requests can no longer be withdrawn."),
                code="round_not_open",
            )
        locked = AllocationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.SUBMITTED:
            raise Conflict(_("This request is already withdrawn."), code="already_withdrawn")
        locked.status = RequestStatus.WITHDRAWN
        locked.save(update_fields=["status"])
    return locked


def requests_of(
    allocation_round: AllocationRound, organisations: Iterable[Organisation]
) -> QuerySet[AllocationRequest]:
    return (
        AllocationRequest.objects.filter(
            allocation_round=allocation_round, organisation__in=list(organisations)
        )
        .select_related("organisation", "placement__space__building", "placement__booking")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=AllocationPreference.objects.select_related("space__building").order_by(
                    "rank"
                ),
            )
        )
        .order_by("created_at", "pk")
    )


# --- Demand -------------------------------------------------------------------------------


@dataclass
class DemandRow:
    space: Space
    choices: list[int] = field(default_factory=lambda: [0] * MAX_PREFERENCES)
    minutes: list[int] = field(default_factory=lambda: [0] * 7)

    @property
    def hours(self) -> list[Decimal]:
        return [(Decimal(value) / 60).quantize(Decimal("0.1")) for value in self.minutes]

    @property
    def total(self) -> int:
        return sum(self.choices)


def demand(allocation_round: AllocationRound) -> list[DemandRow]:
    """Per space of the round: how many requests name it as 1st, 2nd and 3rd choice,
    and the hours asked per weekday by the requests that name it as 1st choice."""
    rows = {
        space.pk: DemandRow(space)
        for space in allocation_round.spaces.select_related("building").order_by(
            "building__name", "name"
        )
    }
    for space_id, rank, weekday, start, end in AllocationPreference.objects.filter(
        request__allocation_round=allocation_round, request__status=RequestStatus.SUBMITTED
    ).values_list(
        "space_id", "rank", "request__weekday", "request__start_time", "request__end_time"
    ):
        row = rows.get(space_id)
        if row is None or not 1 <= rank <= MAX_PREFERENCES:
            continue
        row.choices[rank - 1] += 1
        if rank == 1:
            row.minutes[weekday] += (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return list(rows.values())


# --- The board: what is taken where -------------------------------------------------------


@dataclass
class Taken:
    """A request placed on a space, with the time it holds on each date."""

    request: AllocationRequest
    space: Space
    priority_class: int
    held: dict[date, tuple[datetime, datetime]]
    position: int = 0
    turn: int = 0
    sequence: int = 0


class Board:
    """The round's spaces, their units, existing bookings in the season and the
    placements made so far. Everything is fetched once."""

    def __init__(self, allocation_round: AllocationRound, spaces: Iterable[Space]) -> None:
        self.round = allocation_round
        self.spaces = {space.pk: space for space in spaces}
        building_ids = {space.building_id for space in self.spaces.values()}
        self.units = unit_map(
            Space.objects.filter(building_id__in=building_ids).values_list("pk", "parent_id")
        )
        self.hours: dict[int, list[tuple[int, time, time]]] = defaultdict(list)
        for building_id, day, opens, closes in OpeningHours.objects.filter(
            building_id__in=building_ids
        ).values_list("building_id", "weekday", "opens", "closes"):
            self.hours[building_id].append((day, opens, closes))
        all_units = {unit for space in self.spaces for unit in self.units.get(space, [space])}
        low = times.day_bounds(allocation_round.season_starts)[0] - timedelta(days=1)
        high = times.day_bounds(allocation_round.season_ends)[1] + timedelta(days=1)
        self.busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        for unit, starts, ends in (
            Occupancy.objects.filter(
                unit_id__in=all_units, active=True, starts_at__lt=high, ends_at__gt=low
            )
            .exclude(occurrence__booking__allocation_round=allocation_round)
            .values_list("unit_id", "starts_at", "ends_at")
        ):
            self.busy[unit].append((starts, ends))
        self.busy_starts: dict[int, list[datetime]] = {}
        for unit, rows in self.busy.items():
            rows.sort()
            self.busy_starts[unit] = [row[0] for row in rows]
        self.taken: dict[int, list[Taken]] = defaultdict(list)
        self._sequence = 0
        self._dates: dict[tuple[int, int], list[date]] = {}

    def units_of(self, space: Space) -> list[int]:
        return self.units.get(space.pk, [space.pk])

    def dates(self, request: AllocationRequest) -> list[date]:
        key = (request.weekday, request.interval_weeks)
        if key not in self._dates:
            self._dates[key] = season_dates(self.round, request.weekday, request.interval_weeks)
        return self._dates[key]

    def held(
        self, space: Space, request: AllocationRequest
    ) -> dict[date, tuple[datetime, datetime]]:
        """Per date, the time the request holds on ``space``, setup time included. A
        time that does not exist that day (the clock jumps) is left out."""
        before = timedelta(minutes=space.buffer_before_minutes)
        after = timedelta(minutes=space.buffer_after_minutes)
        held = {}
        for day in self.dates(request):
            try:
                starts, ends = times.span(day, request.start_time, request.end_time, fold=0)
            except times.NonExistentTime:
                continue
            held[day] = (starts - before, ends + after)
        return held

    def clash(
        self, space: Space, held: dict[date, tuple[datetime, datetime]], *, skip: int | None = None
    ) -> Taken | None:
        """The first placement (in the order they were made) that holds part of
        ``space`` at an overlapping time on a common date."""
        found: list[Taken] = []
        for unit in self.units_of(space):
            for taken in self.taken.get(unit, ()):
                if taken.request.pk == skip or taken in found:
                    continue
                for day, (starts, ends) in held.items():
                    other = taken.held.get(day)
                    if other is not None and starts < other[1] and other[0] < ends:
                        found.append(taken)
                        break
        if not found:
            return None
        return min(found, key=lambda item: item.sequence)

    def busy_dates(self, space: Space, held: dict[date, tuple[datetime, datetime]]) -> int:
        """On how many of the dates existing bookings hold part of ``space``."""
        count = 0
        for starts, ends in held.values():
            for unit in self.units_of(space):
                rows = self.busy.get(unit)
                if not rows:
                    continue
                # Active occupancies of one unit never overlap, so their ends rise
                # with their starts: of those that start before we end, the last
                # one ends latest.
                index = bisect_left(self.busy_starts[unit], ends)
                if index > 0 and rows[index - 1][1] > starts:
                    count += 1
                    break
        return count

    def take(self, taken: Taken) -> None:
        self._sequence += 1
        taken.sequence = self._sequence
        for unit in self.units_of(taken.space):
            self.taken[unit].append(taken)


# --- The rule -----------------------------------------------------------------------------


@dataclass
class Outcome:
    """Where one request ends up in the proposal, and why."""

    request: AllocationRequest
    priority_class: int
    space: Space | None
    rank: int | None
    reason: str
    position: int
    turn: int


def priority_classes(
    allocation_round: AllocationRound, requests: Sequence[AllocationRequest]
) -> dict[int, int]:
    """Each request's priority class (by request id); see the module's docstring."""
    organisation_ids = {request.organisation_id for request in requests}
    day = allocation_round.season_starts
    recognised = set(
        Recognition.objects.filter(organisation_id__in=organisation_ids, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .values_list("organisation_id", flat=True)
    )
    through: Any = Organisation.districts.through
    districts: dict[int, set[int]] = defaultdict(set)
    for organisation_id, district_id in through.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("organisation_id", "district_id"):
        districts[organisation_id].add(district_id)
    classes = {}
    for request in requests:
        if request.organisation_id not in recognised:
            classes[request.pk] = 3
            continue
        preferences = list(request.preferences.all())
        first = preferences[0].space if preferences else None
        district = first.building.district_id if first is not None else None
        classes[request.pk] = (
            1 if district is not None and district in districts[request.organisation_id] else 2
        )
    return classes


def _submitted(allocation_round: AllocationRound) -> list[AllocationRequest]:
    return list(
        allocation_round.requests.filter(status=RequestStatus.SUBMITTED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=AllocationPreference.objects.select_related("space__building").order_by(
                    "rank"
                ),
            )
        )
        .order_by("pk")
    )


def draw_order(seed: str, priority_class: int, request_ids: Sequence[int]) -> list[int]:
    """The draw by lot within one class: the request ids, sorted, shuffled with
    ``random.Random(f"{seed}:{class}")``. Anyone can repeat it."""
    order = sorted(request_ids)
    random.Random(f"{seed}:{priority_class}").shuffle(order)  # noqa: S311  (a public, repeatable draw)
    return order


def _who(
    taken: Taken, *, request: AllocationRequest, priority_class: int, turn: int, seed: str
) -> str:
    organisation = taken.request.organisation.name
    if taken.request.organisation_id == request.organisation_id:
        return _(
            "another request of the same organisation (“%(purpose)s”), handled in an earlier turn"
        ) % {"purpose": taken.request.purpose}
    if taken.priority_class < priority_class:
        return _("%(organisation)s (class %(class)d, a higher priority class)") % {
            "organisation": organisation,
            "class": taken.priority_class,
        }
    if taken.turn < turn:
        return _("%(organisation)s (class %(class)d, handled in an earlier turn)") % {
            "organisation": organisation,
            "class": taken.priority_class,
        }
    return _("%(organisation)s (class %(class)d, drawn earlier by lot with seed “%(seed)s”)") % {
        "organisation": organisation,
        "class": taken.priority_class,
        "seed": seed,
    }


def eligibility_reasons(
    cache: dict[tuple[int, str], list[str]],
    organisation: Organisation,
    space: Space,
    day: date,
) -> list[str]:
    """Why ``organisation`` may not use ``space`` on ``day`` (empty when it may),
    remembered per organisation and rule: many spaces share the same rule."""
    key = (organisation.pk, json.dumps(space.who_may_book or {}, sort_keys=True, default=str))
    if key not in cache:
        result = eligibility_check(organisation, space.requirement(), on=day)
        cache[key] = [] if result else [str(reason) for reason in result.reasons]
    return cache[key]


def compute(allocation_round: AllocationRound, *, seed: str | None = None) -> list[Outcome]:
    """The proposal by the published rule, without saving anything. The same data and
    the same seed always give the same result."""
    seed = allocation_round.seed if seed is None else seed
    requests = _submitted(allocation_round)
    round_spaces = list(allocation_round.spaces.select_related("building"))
    in_round = {space.pk for space in round_spaces}
    extra = {
        preference.space.pk: preference.space
        for request in requests
        for preference in request.preferences.all()
    }
    board = Board(allocation_round, [*round_spaces, *extra.values()])
    classes = priority_classes(allocation_round, requests)
    by_id = {request.pk: request for request in requests}
    eligibility: dict[tuple[int, str], list[str]] = {}
    outcomes: list[Outcome] = []

    for priority_class in CLASSES:
        ids = [pk for pk, value in classes.items() if value == priority_class]
        if not ids:
            continue
        order = draw_order(seed, priority_class, ids)
        positions = {pk: index for index, pk in enumerate(order, start=1)}
        pending = order
        turn = 0
        while pending:
            turn += 1
            had_turn: set[int] = set()
            later: list[int] = []
            for pk in pending:
                request = by_id[pk]
                if request.organisation_id in had_turn:
                    later.append(pk)
                    continue
                had_turn.add(request.organisation_id)
                outcomes.append(
                    _place(
                        request,
                        board=board,
                        priority_class=priority_class,
                        position=positions[pk],
                        count=len(order),
                        turn=turn,
                        seed=seed,
                        in_round=in_round,
                        eligibility=eligibility,
                    )
                )
            pending = later
    return outcomes


def _place(
    request: AllocationRequest,
    *,
    board: Board,
    priority_class: int,
    position: int,
    count: int,
    turn: int,
    seed: str,
    in_round: set[int],
    eligibility: dict[tuple[int, str], list[str]],
) -> Outcome:
    day = board.round.season_starts
    why_not: list[str] = []
    chosen: Space | None = None
    rank: int | None = None
    dates = board.dates(request)
    if not dates:
        why_not.append(_("The season has no %(weekday)s.") % {"weekday": _weekday(request.weekday)})
    for preference in request.preferences.all() if dates else ():
        space = preference.space
        label = {"choice": choice_name(preference.rank), "space": space.name}
        if space.pk not in in_round:
            why_not.append(_("Its %(choice)s (%(space)s) is no longer part of this round.") % label)
            continue
        problems = space_problems(
            space,
            weekday=request.weekday,
            start=request.start_time,
            end=request.end_time,
            attendees=request.attendees,
            hours=board.hours.get(space.building_id, []),
        )
        if problems:
            why_not.append(
                _("Its %(choice)s (%(space)s) does not fit: %(problems)s")
                % {**label, "problems": " ".join(problems)}
            )
            continue
        reasons = eligibility_reasons(eligibility, request.organisation, space, day)
        if reasons:
            why_not.append(
                _("Its %(choice)s (%(space)s) is not open to this organisation: %(reasons)s")
                % {**label, "reasons": " ".join(reasons)}
            )
            continue
        held = board.held(space, request)
        if not held:
            why_not.append(
                _("Its %(choice)s (%(space)s): the time does not exist on any date.") % label
            )
            continue
        taken = board.clash(space, held)
        if taken is not None:
            who = _who(taken, request=request, priority_class=priority_class, turn=turn, seed=seed)
            if taken.space.pk == space.pk:
                why_not.append(
                    _("Its %(choice)s (%(space)s) was given to %(who)s.") % {**label, "who": who}
                )
            else:
                why_not.append(
                    _(
                        "Its %(choice)s (%(space)s) was given to %(who)s, through %(other)s, which takes up the same room."
                    )
                    % {**label, "who": who, "other": taken.space.name}
                )
            continue
        busy = board.busy_dates(space, held)
        if busy:
            why_not.append(
                _(
                    "Its %(choice)s (%(space)s) is already booked on %(count)d of the %(total)d dates."
                )
                % {**label, "count": busy, "total": len(held)}
            )
            continue
        chosen, rank = space, preference.rank
        board.take(
            Taken(
                request=request,
                space=space,
                priority_class=priority_class,
                held=held,
                position=position,
                turn=turn,
            )
        )
        break

    parts = [f"{class_name(priority_class)}."]
    if chosen is not None and rank == 1:
        parts.append(_("Got its 1st choice, %(space)s.") % {"space": chosen.name})
    elif chosen is not None and rank is not None:
        parts.append(
            _("Got its %(choice)s, %(space)s.")
            % {"choice": choice_name(rank), "space": chosen.name}
        )
        parts.extend(why_not)
    else:
        parts.append(_("No space could be given."))
        parts.extend(why_not)
    parts.append(
        _(
            "Place in the draw of class %(class)d: %(position)d of %(count)d (seed “%(seed)s”); handled in turn %(turn)d."
        )
        % {
            "class": priority_class,
            "position": position,
            "count": count,
            "seed": seed,
            "turn": turn,
        }
    )
    return Outcome(
        request=request,
        priority_class=priority_class,
        space=chosen,
        rank=rank,
        reason=" ".join(parts),
        position=position,
        turn=turn,
    )


# --- Proposal, changes by hand, publishing ------------------------------------------------


def _not_published(locked: AllocationRound) -> None:
    if locked.status == RoundStatus.PUBLISHED:
        raise Conflict(
            _("This round is published: its placements can no longer change."),
            code="already_published",
        )
    if locked.status != RoundStatus.CLOSED:
        raise Conflict(
            _("First close the round for requests."),
            code="not_closed",
        )


def propose(allocation_round: AllocationRound, *, by: Any) -> list[Placement]:
    """Place every request by the rule and keep the result (replacing an earlier
    proposal and its changes by hand)."""
    _require(by, MANAGE)
    with transaction.atomic():
        locked = _locked_round(allocation_round)
        _not_published(locked)
        if not locked.seed:
            locked.seed = new_seed()
            locked.save(update_fields=["seed"])
        replaced = Placement.objects.filter(request__allocation_round=locked)
        by_hand = replaced.filter(by_hand=True).count()
        replaced.delete()
        outcomes = compute(locked)
        placements = Placement.objects.bulk_create(
            [
                Placement(
                    request=outcome.request,
                    space=outcome.space,
                    priority_class=outcome.priority_class,
                    reason=outcome.reason,
                )
                for outcome in outcomes
            ]
        )
        per_class = {str(value): 0 for value in CLASSES}
        for outcome in outcomes:
            per_class[str(outcome.priority_class)] += 1
        _log(
            locked,
            by,
            "proposed",
            details={
                "seed": locked.seed,
                "requests": len(outcomes),
                "placed": sum(1 for outcome in outcomes if outcome.space is not None),
                "not_placed": sum(1 for outcome in outcomes if outcome.space is None),
                "per_class": per_class,
                "changes_by_hand_replaced": by_hand,
                "order": [
                    {
                        "request": outcome.request.pk,
                        "class": outcome.priority_class,
                        "position": outcome.position,
                        "turn": outcome.turn,
                        "space": outcome.space.pk if outcome.space else None,
                        "rank": outcome.rank,
                    }
                    for outcome in outcomes
                ],
            },
        )
    return placements


def placement_change(
    *, placement: Placement, space: Space | int | str | None, reason: Any, by: Any
) -> Placement:
    """Move a placement by hand to another space of the round, or to none. The reason
    is required and kept; a clash with another placement is refused. Returns the
    placement with ``busy_dates``: on how many dates existing bookings are in the way
    (those dates are left out when the round is published)."""
    _require(by, MANAGE)
    why = _text(reason, field_name="reason", maximum=2000, required=True)
    with transaction.atomic():
        locked_round = _locked_round(placement.request.allocation_round_id)
        _not_published(locked_round)
        current = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("request__organisation", "space")
            .get(pk=placement.pk)
        )
        request = current.request
        target: Space | None = None
        busy = 0
        if space not in (None, ""):
            pk = getattr(space, "pk", space)
            try:
                pk = int(pk)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise _invalid("space", _("Choose a space of this round.")) from None
            target = locked_round.spaces.select_related("building").filter(pk=pk).first()
            if target is None:
                raise _invalid("space", _("Choose a space of this round."))
            problems = space_problems(
                target,
                weekday=request.weekday,
                start=request.start_time,
                end=request.end_time,
                attendees=request.attendees,
            )
            eligible = eligibility_check(
                request.organisation, target.requirement(), on=locked_round.season_starts
            )
            if not eligible:
                problems.append(
                    _("The organisation cannot book this space: %(reasons)s")
                    % {"reasons": " ".join(str(reason) for reason in eligible.reasons)}
                )
            if problems:
                raise _invalid("space", " ".join(problems))
            board = Board(locked_round, [target])
            others = (
                Placement.objects.filter(
                    request__allocation_round=locked_round,
                    request__status=RequestStatus.SUBMITTED,
                    space__building_id=target.building_id,
                )
                .exclude(pk=current.pk)
                .select_related("request__organisation", "space__building")
                .order_by("pk")
            )
            for other in others:
                assert other.space is not None
                board.take(
                    Taken(
                        request=other.request,
                        space=other.space,
                        priority_class=other.priority_class,
                        held=board.held(other.space, other.request),
                    )
                )
            held = board.held(target, request)
            clash = board.clash(target, held)
            if clash is not None:
                message = _(
                    "This clashes with the placement of %(organisation)s (“%(purpose)s”) in %(space)s on %(weekday)s from %(start)s to %(end)s. Move that one first."
                ) % {
                    "organisation": clash.request.organisation.name,
                    "purpose": clash.request.purpose,
                    "space": clash.space.name,
                    "weekday": _weekday(clash.request.weekday),
                    "start": _hhmm(clash.request.start_time),
                    "end": _hhmm(clash.request.end_time),
                }
                raise Conflict(
                    message, code="placement_clash", details={"fields": {"space": [message]}}
                )
            busy = board.busy_dates(target, held)
        previous = current.space
        previous_reason = current.reason
        current.space = target
        current.by_hand = True
        current.reason = f"{class_name(current.priority_class)}. " + _(
            "Changed by hand: %(reason)s"
        ) % {"reason": why}
        current.save(update_fields=["space", "by_hand", "reason"])
        _log(
            locked_round,
            by,
            "changed_by_hand",
            reason=why,
            details={
                "placement": current.pk,
                "request": request.pk,
                "organisation": request.organisation.name,
                "purpose": request.purpose,
                "from_space": previous.pk if previous else None,
                "from_space_name": previous.name if previous else "",
                "to_space": target.pk if target else None,
                "to_space_name": target.name if target else "",
                "previous_reason": previous_reason,
                "busy_dates": busy,
            },
        )
    current.busy_dates = busy  # type: ignore[attr-defined]
    return current


@dataclass
class Published:
    """What publishing did for one request."""

    request: AllocationRequest
    space: Space | None
    booking: Booking | None = None
    dates: int = 0
    left_out: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "request": self.request.pk,
            "organisation": self.request.organisation.name,
            "purpose": self.request.purpose,
            "space": self.space.pk if self.space else None,
            "space_name": self.space.name if self.space else "",
            "booking": self.booking.pk if self.booking else None,
            "dates": self.dates,
            "left_out": [list(item) for item in self.left_out],
            "error": self.error,
        }


def _requester(request: AllocationRequest) -> Any:
    """Who gets the booking's mail: the member who asked, else an admin."""
    person = request.requested_by
    if (
        person is not None
        and person.is_active
        and Membership.objects.filter(organisation_id=request.organisation_id, user=person).exists()
    ):
        return person
    membership = (
        Membership.objects.filter(
            organisation_id=request.organisation_id, role=MemberRole.ADMIN, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def _publish_one(
    locked: AllocationRound, placement: Placement, *, by: Any, now: datetime
) -> Published:
    request = placement.request
    space = placement.space
    result = Published(request=request, space=space)
    if space is None:
        return result
    today = times.local_day(now)
    coming = [
        day for day in season_dates(locked, request.weekday, request.interval_weeks) if day >= today
    ]
    if not coming:
        result.error = _("No date of the season is left.")
        return result
    asked: dict[str, Any] = {
        "space": space,
        "organisation": request.organisation,
        "by": by,
        "purpose": request.purpose,
        "attendees": request.attendees,
        "first_day": coming[0],
        "start_time": request.start_time,
        "end_time": request.end_time,
        "repeat": "weekly",
        "interval_weeks": request.interval_weeks,
        "weekdays": [request.weekday],
        "until": locked.season_ends,
        "seasonal": True,
        "now": now,
    }
    try:
        plan = services.booking_plan(**asked)
        result.left_out = [
            (_day(slot.day), " ".join(str(reason) for reason in slot.reasons))
            for slot in plan.refused
        ]
        if not plan.accepted:
            result.error = _("None of the dates can be booked.")
            return result
        booking = services.booking_request(
            skip_refused=True,
            expected_count=len(plan.accepted),
            allocation_round=locked,
            confirm=True,
            requester=_requester(request),
            **asked,
        )
    except DomainError as error:
        result.error = str(error.message)
        return result
    result.booking = booking
    result.dates = len(plan.accepted)
    placement.booking = booking
    placement.save(update_fields=["booking"])
    timeline_record(
        organisation=request.organisation,
        kind="spaces.allocation_placed",
        actor=by,
        subject=booking,
        data={
            "space": str(space),
            "space_id": space.pk,
            "purpose": request.purpose,
            "round": locked.name,
            "round_id": locked.pk,
            "dates": result.dates,
        },
    )
    return result


def publish(
    allocation_round: AllocationRound, *, by: Any, now: datetime | None = None
) -> list[Published]:
    """Turn every placement with a space into a confirmed weekly series over the
    season, in one transaction. Dates that clash or break a rule are left out (and
    listed). The organisations get the booking's mail; an organisation whose request
    got no space gets a notification. Publishing twice is refused."""
    from middenveld.city.services import notify

    _require(by, MANAGE)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_round(allocation_round)
        if locked.status == RoundStatus.PUBLISHED:
            raise Conflict(_("This round is already published."), code="already_published")
        _not_published(locked)
        if not locked.log.filter(action="proposed").exists():
            raise Conflict(_("Make a proposal first."), code="no_proposal")
        placements = list(
            Placement.objects.filter(
                request__allocation_round=locked, request__status=RequestStatus.SUBMITTED
            )
            .select_related("request__organisation", "request__requested_by", "space__building")
            .order_by("priority_class", "request__created_at", "request_id")
        )
        results = [_publish_one(locked, placement, by=by, now=now) for placement in placements]
        locked.status = RoundStatus.PUBLISHED
        locked.published_at = now
        locked.save(update_fields=["status", "published_at"])
        _log(
            locked,
            by,
            "published",
            RoundStatus.CLOSED,
            RoundStatus.PUBLISHED,
            details={
                "seed": locked.seed,
                "bookings": sum(1 for result in results if result.booking is not None),
                "results": [result.as_dict() for result in results],
            },
        )
        for result in results:
            if result.booking is not None:
                continue
            person = _requester(result.request)
            if person is None:
                continue
            notify(
                recipient=person,
                kind="spaces.allocation_not_placed",
                sentence=gettext_lazy(
                    "Your request “%(purpose)s” in “%(round)s” got no space. The page of the round says why."
                ),
                data={"purpose": result.request.purpose, "round": locked.name},
                url=f"/ruimtes/toewijzing/{locked.pk}/",
            )
    return results


def publish_results(allocation_round: AllocationRound) -> dict[int, dict[str, Any]]:
    """What publishing did, by request id (from the log)."""
    entry = allocation_round.log.filter(action="published").order_by("-at", "-pk").first()
    if entry is None:
        return {}
    return {
        int(item["request"]): item
        for item in (entry.details or {}).get("results", [])
        if isinstance(item, dict) and "request" in item
    }
