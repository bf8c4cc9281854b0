"""Demo data for spaces: city buildings and rooms, their rules and tariffs, and bookings.

Scale 1 (what ``make run`` loads) holds eight hand-made buildings spread over Ghent's wijken
with about 40 spaces (two of them a divided hall with two parts), facilities, opening hours,
the Christmas closure, tariffs (free for organisations with a recognition for basic work,
a self-organisation or youth work; reduced for verified vzw's; standard otherwise) and a
few thousand booking dates: weekly series per season, one-off bookings, some waiting for
approval, a few denied or cancelled. The demo accounts have bookings to show on
``/mijn/boekingen/``: burger@example.org is admin of "Huiswerkklas De Brug" (a weekly
homework class, a request waiting for approval, a confirmed meeting, a cancelled and a
denied request) and member of "Vrouwenvereniging De Zonnebloem" (a weekly language class).
One seasonal allocation round is open for requests.

Each step of ``--scale`` adds 14 generated buildings (``--scale 10``: 134 buildings, over
700 spaces) and more history: from 4 weeks back at scale 1 to a year back at scale 10, and
26 weeks ahead, with more weekly series per space, so ``--scale 10`` holds well over
300,000 booking dates with their ``Occupancy`` rows.

Everything is written with ``bulk_create``, not through ``services.booking_request`` (far
too slow for 300,000 dates), but by the same rules: times from ``times.span`` (so a series
at 19:00 stays at 19:00 across the change of hour and lasts its real elapsed time), prices
from ``Price.for_minutes``, one ``Occupancy`` per unit (the parts of a divided hall) with the
space's buffers, and never two active occupancies that overlap on one unit (PostgreSQL's
exclusion constraint would refuse them). The seeder keeps that promise by construction:
the day is cut into three parts (morning, afternoon, evening) that a booking never leaves,
buffers included; a weekly series takes a (weekday, part) cell of a unit for good, a one-off
a (date, part) cell that no series uses. Closed days (Christmas, maintenance) are left out
of a series as exceptions.

Idempotent: facilities are keyed on their code, buildings on their slug (a building that
exists is skipped with its spaces and bookings), the allocation round on its name. The
buildings come from their own random stream, one per building, so the same building gets the
same rooms and bookings whatever ran before; ``--scale 10`` after ``--scale 1`` keeps the
first eight buildings and adds the rest.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone, translation
from django.utils.text import slugify

from middenveld.accounts.models import User
from middenveld.core.cache import bump_content_version
from middenveld.core.models import District
from middenveld.core.seeding import SeedContext, seeder
from middenveld.organisations.models import (
    LegalForm,
    Organisation,
    Recognition,
    Status,
    TimelineEvent,
)
from middenveld.spaces import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.spaces import times
from middenveld.spaces.models import (
    AllocationRound,
    Booking,
    BookingLog,
    BookingStatus,
    Building,
    Closure,
    Facility,
    Occupancy,
    Occurrence,
    OpeningHours,
    Repeat,
    RoundStatus,
    Space,
    Tariff,
    TariffCategory,
)
from middenveld.spaces.services import AVAILABILITY, Price

_SEED = "middenveld.spaces.seed"
BATCH = 2000
#: Generated buildings per step of ``--scale`` beyond the first.
BUILDINGS_PER_SCALE = 14
#: How far ahead bookings are generated.
WEEKS_AHEAD = 26
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"
ROOMS_TEAM = "zalen"
#: Recognitions that make a booking free.
FREE_FOR = ("basiswerk", "zelforganisatie", "jeugdwerk")
ROUND_NAME = "Wekelijks gebruik van de wijkcentra, seizoen {start}–{end}"


def weeks_back(scale: int) -> int:
    """How far back the booking history goes: 4 weeks at scale 1, a year from scale 10."""
    return min(52, 4 + 6 * (scale - 1))


def series_per_space(scale: int) -> tuple[int, int]:
    """The fewest and most weekly series (cells) a space gets."""
    step = min(scale, 10)
    return 1 + step * 4 // 10, 3 + step * 6 // 10


# --- Facilities -----------------------------------------------------------------------------

FACILITIES: tuple[tuple[str, str, str], ...] = (
    ("drempelvrij", "Drempelvrij toegankelijk", "Step-free access"),
    ("rolstoeltoilet", "Rolstoeltoegankelijk toilet", "Wheelchair-accessible toilet"),
    ("lift", "Lift", "Lift"),
    ("ringleiding", "Ringleiding voor hoortoestellen", "Hearing loop"),
    ("keuken", "Keuken", "Kitchen"),
    ("beamer", "Beamer en scherm", "Projector and screen"),
    ("geluidsinstallatie", "Geluidsinstallatie", "Sound system"),
    ("podium", "Podium", "Stage"),
    ("wifi", "Wifi", "Wi-Fi"),
    ("vergadertafels", "Vergadertafels", "Meeting tables"),
    ("piano", "Piano", "Piano"),
    ("kleedkamers", "Kleedkamers en douches", "Changing rooms and showers"),
    ("buitenruimte", "Tuin of buitenruimte", "Garden or outdoor space"),
    ("speelgoed", "Speelhoek voor kinderen", "Play corner for children"),
)

# --- Rooms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomKind:
    name: str
    capacity: tuple[int, int]
    facilities: tuple[str, ...]
    needs_approval: bool
    granularity: int
    duration: tuple[int, int]  # minutes
    buffers: tuple[int, int]  # minutes before, after
    rate: tuple[int, int]  # standard price per hour, euro
    description: str
    divided: bool = False


HALL = RoomKind(
    "Grote zaal", (120, 200), ("podium", "geluidsinstallatie", "beamer", "wifi", "keuken"),
    True, 60, (120, 720), (30, 60), (45, 70),
    "Een grote zaal voor feesten, voorstellingen en bijeenkomsten. Ze is in twee delen te "
    "splitsen met een schuifwand; elk deel kan apart geboekt worden.",
    divided=True,
)  # fmt: skip
ROOMS: tuple[RoomKind, ...] = (
    RoomKind("Polyvalente zaal", (50, 90), ("beamer", "geluidsinstallatie", "wifi"),
             True, 30, (60, 480), (15, 30), (25, 40),
             "Een ruime, lichte zaal voor vergaderingen, vormingen, repetities en kleine feesten."),
    RoomKind("Vergaderzaal", (10, 24), ("vergadertafels", "beamer", "wifi"),
             False, 30, (60, 240), (0, 0), (10, 16),
             "Een rustige vergaderzaal met tafels, stoelen en een scherm."),
    RoomKind("Leslokaal", (18, 32), ("vergadertafels", "wifi"),
             False, 30, (60, 240), (0, 15), (12, 18),
             "Een lokaal met tafels en een whiteboard, voor lessen, huiswerkklas en vormingen."),
    RoomKind("Keukenatelier", (10, 16), ("keuken", "vergadertafels"),
             True, 30, (90, 300), (15, 30), (15, 25),
             "Een professionele keuken met een grote tafel: kookateliers en buurtmaaltijden."),
    RoomKind("Atelier", (12, 24), ("vergadertafels", "buitenruimte"),
             False, 30, (60, 300), (0, 15), (12, 18),
             "Een atelier met waterpunt, voor creatieve activiteiten en herstelcafés."),
    RoomKind("Kinderlokaal", (15, 30), ("speelgoed", "buitenruimte"),
             False, 30, (60, 240), (0, 15), (10, 15),
             "Een lokaal met een speelhoek en een afgesloten buitenruimte, voor kinderwerking."),
    RoomKind("Bewegingszaal", (25, 45), ("kleedkamers", "geluidsinstallatie"),
             True, 60, (60, 180), (0, 30), (20, 30),
             "Een zaal met een zachte vloer en spiegels, voor dans, turnen en yoga."),
    RoomKind("Muzieklokaal", (15, 35), ("piano", "geluidsinstallatie"),
             False, 60, (60, 180), (0, 0), (12, 20),
             "Een geluidsarm lokaal met een piano, voor koren en muziekgroepen."),
)  # fmt: skip
ACCESSIBILITY = {
    "full": (
        "Drempelvrije hoofdingang, een lift naar alle verdiepingen en een rolstoeltoegankelijk "
        "toilet op het gelijkvloers. In de grote zaal is een ringleiding.",
        "Step-free main entrance, a lift to every floor and a wheelchair-accessible toilet on "
        "the ground floor. The large hall has a hearing loop.",
    ),
    "ground": (
        "Alle zalen liggen op het gelijkvloers en zijn drempelvrij bereikbaar. Het aangepaste "
        "toilet is naast de inkom.",
        "Every room is on the ground floor and has step-free access. The accessible toilet is "
        "next to the entrance.",
    ),
    "stairs": (
        "De zalen op de eerste verdieping zijn alleen via een trap bereikbaar (18 treden). "
        "Het gelijkvloers is drempelvrij; daar is ook een aangepast toilet.",
        "The rooms on the first floor can only be reached by stairs (18 steps). The ground "
        "floor has step-free access and an accessible toilet.",
    ),
}


@dataclass(frozen=True)
class BuildingSpec:
    slug: str
    name: str
    district: str  # District name
    street: str
    postal_code: str
    access: str  # key of ACCESSIBILITY
    rooms: tuple[RoomKind, ...]


def _spec(name: str, district: str, street: str, postal: str, access: str, *rooms: RoomKind) -> BuildingSpec:  # fmt: skip
    return BuildingSpec(slugify(name), name, district, street, postal, access, rooms)


_R = {kind.name: kind for kind in ROOMS}
HANDMADE: tuple[BuildingSpec, ...] = (
    _spec("Wijkcentrum Brugse Poort", "Brugse Poort - Rooigem", "Rooigemlaan 2", "9000", "full",
          HALL, _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Leslokaal"], _R["Keukenatelier"]),
    _spec("Buurtcentrum Rabot", "Rabot - Blaisantvest", "Wondelgemstraat 64", "9000", "ground",
          _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Vergaderzaal"], _R["Kinderlokaal"],
          _R["Atelier"]),
    _spec("Ontmoetingscentrum Ledeberg", "Ledeberg", "Hundelgemsesteenweg 85", "9050", "full",
          HALL, _R["Vergaderzaal"], _R["Bewegingszaal"], _R["Muzieklokaal"]),
    _spec("Wijkcentrum Nieuw Gent", "Nieuw Gent - UZ", "Kikvorsstraat 120", "9000", "full",
          _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Leslokaal"], _R["Kinderlokaal"]),
    _spec("Buurthuis Sint-Amandsberg", "Sint-Amandsberg", "Antwerpsesteenweg 180", "9040",
          "stairs", _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Atelier"],
          _R["Muzieklokaal"]),
    _spec("Gemeenschapscentrum Dampoort", "Dampoort", "Dendermondsesteenweg 95", "9000", "full",
          _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Vergaderzaal"], _R["Bewegingszaal"],
          _R["Keukenatelier"]),
    _spec("Buurtcentrum Muide", "Muide - Meulestede - Afrikalaan", "Meulestedekaai 12", "9000",
          "ground", _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Kinderlokaal"]),
    _spec("Ontmoetingshuis Sluizeken", "Sluizeken - Tolhuis - Ham", "Sleepstraat 40", "9000",
          "stairs", _R["Polyvalente zaal"], _R["Vergaderzaal"], _R["Leslokaal"], _R["Atelier"],
          _R["Keukenatelier"]),
)  # fmt: skip
OWN_NAMES = (
    "De Schakel", "Het Anker", "De Vlerk", "De Kring", "De Centrale", "De Meersen",
    "Het Rekhof", "De Brug", "De Vonk", "Het Trefpunt", "De Bijenkorf", "De Kompas",
    "Den Hoek", "De Loods", "Het Pleintje", "De Tuin", "De Zonnewijzer", "Het Klooster",
    "De Oude Pastorie", "De Wever", "De Spinnerij", "Het Volkshuis",
)  # fmt: skip
PREFIXES = (
    "Wijkcentrum", "Buurtcentrum", "Ontmoetingscentrum", "Buurthuis", "Gemeenschapscentrum",
    "Dienstencentrum", "Jeugdcentrum", "Ontmoetingshuis", "Buurtsalon", "Sociaal huis",
)  # fmt: skip


def _generated_spec(index: int, districts: list[str]) -> BuildingSpec:
    """The ``index``-th generated building (the same one at every scale)."""
    from middenveld.organisations.seed import WIJKEN

    rng = random.Random(f"{_SEED}:building:{index}")
    district = districts[index % len(districts)]
    _weight, postal, places, streets = WIJKEN.get(
        district, (1, "9000", [(district, "")], ["Kerkstraat"])
    )
    place = rng.choice(places)[0]
    street = f"{rng.choice(streets)} {rng.randint(1, 240)}"
    name = f"{rng.choice(PREFIXES)} {rng.choice(OWN_NAMES)} ({place})"
    rooms = list(rng.sample(ROOMS, rng.randint(3, 6)))
    if rng.random() < 0.3:
        rooms.insert(0, HALL)
    access = rng.choice(("full", "full", "ground", "stairs"))
    return BuildingSpec(
        f"{slugify(name)[:80]}-{index:04d}", name, district, street, postal, access, tuple(rooms)
    )


# --- Times: three parts of a day that a booking never leaves (buffers included) -------------

PARTS = {"morning": (time(7, 0), time(13, 0)), "afternoon": (time(13, 0), time(18, 30)),
         "evening": (time(18, 30), time(23, 59))}  # fmt: skip
#: Start and end in each part; with buffers of at most 30 before and 60 after, they stay in it.
TEMPLATES: dict[str, tuple[tuple[time, time], ...]] = {
    "morning": ((time(9, 0), time(11, 0)), (time(9, 30), time(12, 0)), (time(10, 0), time(12, 0))),
    "afternoon": ((time(14, 0), time(16, 0)), (time(13, 30), time(15, 30)),
                  (time(15, 30), time(17, 30)), (time(14, 0), time(17, 0))),
    "evening": ((time(19, 0), time(21, 0)), (time(19, 30), time(22, 0)),
                (time(20, 0), time(22, 0)), (time(19, 0), time(22, 0))),
}  # fmt: skip
PURPOSES: dict[str, tuple[str, ...]] = {
    "morning": ("Nederlandse les", "Taalcafé", "Koffieochtend", "Vorming vrijwilligers",
                "Seniorengym", "Naailes", "Kookles", "Oudercafé"),
    "afternoon": ("Huiswerkklas", "Kinderwerking", "Repair café", "Breiclub", "Kaartnamiddag",
                  "Fietsles", "Creatief atelier", "Jongerenwerking"),
    "evening": ("Bestuursvergadering", "Koorrepetitie", "Dansles", "Yoga", "Buurtvergadering",
                "Infoavond", "Toneelrepetitie", "Vormingsavond", "Ledenvergadering",
                "Theaterworkshop"),
}  # fmt: skip
ONE_OFF_PURPOSES = (
    "Buurtfeest", "Algemene vergadering", "Infoavond", "Verjaardagsfeest van de werking",
    "Vormingsdag", "Nieuwjaarsreceptie", "Filmavond", "Debatavond", "Iftar", "Benefietavond",
)  # fmt: skip
DENIAL_REASONS = (
    "De zaal is die dag voorbehouden voor een activiteit van de stad.",
    "Voor deze activiteit is de zaal te klein; we stellen een grotere zaal voor.",
    "Het gebouw is die dag niet bemand; kies een andere dag.",
)
CANCEL_REASONS = (
    "De activiteit gaat niet door: te weinig inschrijvingen.",
    "Onze lesgever is ziek.",
    "We zoeken een grotere zaal.",
    "Schoolvakantie: de werking ligt stil.",
)


@lru_cache(maxsize=200_000)
def _span(day: date, start: time, end: time) -> tuple[datetime, datetime, int]:
    starts, ends = times.span(day, start, end)
    return starts, ends, times.minutes_between(starts, ends)


def _season(day: date) -> tuple[date, date, bool]:
    """The season a day falls in: (first day, last day, is summer)."""
    year = day.year
    if day.month >= 9:
        return date(year, 9, 1), date(year + 1, 1, 31), False
    if day.month == 1:
        return date(year - 1, 9, 1), date(year, 1, 31), False
    if day.month <= 6:
        return date(year, 2, 1), date(year, 6, 30), False
    return date(year, 7, 1), date(year, 8, 31), True


def _seasons(first: date, last: date) -> list[tuple[date, date, bool]]:
    pieces = []
    day = first
    while day <= last:
        start, end, summer = _season(day)
        pieces.append((max(start, first), min(end, last), summer))
        day = end + timedelta(days=1)
    return pieces


# --- Organisations that book ------------------------------------------------------------------


@dataclass
class _Bookers:
    """Verified organisations per wijk, and the tariff each one gets."""

    by_district: dict[int, list[int]]
    everyone: list[int]
    recognised: set[int]  # a recognition valid today
    periods: dict[int, list[tuple[date, date | None]]]  # when each recognition is valid
    vzw: set[int]

    @classmethod
    def load(cls, today: date) -> _Bookers:
        verified = Organisation.objects.filter(status=Status.VERIFIED).exclude(
            slug__in=(DE_BRUG, ZONNEBLOEM)
        )
        everyone = list(verified.order_by("pk").values_list("pk", flat=True))
        by_district: dict[int, list[int]] = defaultdict(list)
        through: Any = Organisation.districts.through
        for organisation_id, district_id in (
            through.objects.filter(organisation__in=verified)
            .order_by("organisation_id", "district_id")
            .values_list("organisation_id", "district_id")
        ):
            by_district[district_id].append(organisation_id)
        periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for organisation_id, valid_from, valid_until in Recognition.objects.filter(
            type__code__in=FREE_FOR, organisation__in=verified
        ).values_list("organisation_id", "valid_from", "valid_until"):
            periods[organisation_id].append((valid_from, valid_until))
        vzw = set(verified.filter(legal_form=LegalForm.NONPROFIT).values_list("pk", flat=True))
        bookers = cls(by_district, everyone, set(), periods, vzw)
        bookers.recognised = {pk for pk in periods if bookers.is_recognised(pk, today)}
        return bookers

    def is_recognised(self, organisation_id: int, on: date) -> bool:
        return any(
            start <= on and (end is None or on <= end)
            for start, end in self.periods.get(organisation_id, ())
        )

    def pick(self, rng: random.Random, district_id: int | None, *, recognised: bool) -> int | None:
        pool = self.by_district.get(district_id or 0) or self.everyone
        if recognised:
            pool = [pk for pk in pool if pk in self.recognised] or sorted(self.recognised)
        return rng.choice(pool) if pool else None

    def category(self, organisation_id: int, on: date) -> str:
        """As ``services.price_for`` decides on the booking's first day."""
        if self.is_recognised(organisation_id, on):
            return TariffCategory.FREE
        if organisation_id in self.vzw:
            return TariffCategory.REDUCED
        return TariffCategory.STANDARD


# --- Writing bookings in bulk -------------------------------------------------------------------


@dataclass
class _Date:
    starts_at: datetime
    ends_at: datetime
    price: Decimal
    status: str
    cancelled: tuple[datetime, str] | None = None  # (when, reason)


@dataclass
class _Planned:
    booking: Booking
    units: list[int]
    before: timedelta
    after: timedelta
    dates: list[_Date] = field(default_factory=list)
    log: list[tuple[str, str, str, str]] = field(default_factory=list)  # action, from, to, why


class _Writer:
    """Collects bookings and writes them, their dates, occupancy, log and timeline in bulk."""

    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.pending: list[_Planned] = []
        self.size = 0
        self.booking_type = ContentType.objects.get_for_model(Booking)

    def add(self, planned: _Planned) -> None:
        self.pending.append(planned)
        self.size += len(planned.dates)
        if self.size >= 40_000:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        items, self.pending, self.size = self.pending, [], 0
        bookings = Booking.objects.bulk_create([p.booking for p in items], batch_size=BATCH)
        occurrences: list[Occurrence] = []
        owners: list[_Planned] = []
        for planned, booking in zip(items, bookings, strict=True):
            for item in planned.dates:
                occurrences.append(
                    Occurrence(
                        booking_id=booking.pk,
                        space_id=booking.space_id,
                        starts_at=item.starts_at,
                        ends_at=item.ends_at,
                        status=item.status,
                        price=item.price,
                        cancelled_at=item.cancelled[0] if item.cancelled else None,
                        cancel_reason=item.cancelled[1] if item.cancelled else "",
                    )
                )
                owners.append(planned)
        Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        occupancies = [
            Occupancy(
                occurrence_id=occurrence.pk,
                unit_id=unit,
                starts_at=occurrence.starts_at - planned.before,
                ends_at=occurrence.ends_at + planned.after,
                active=occurrence.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
            )
            for occurrence, planned in zip(occurrences, owners, strict=True)
            for unit in planned.units
        ]
        Occupancy.objects.bulk_create(occupancies, batch_size=BATCH)
        logs = []
        events = []
        for planned in items:
            booking = planned.booking
            first = min((d.starts_at for d in planned.dates), default=None)
            facts = {
                "space": planned.booking._seed_space_label,  # type: ignore[attr-defined]
                "space_id": booking.space_id,
                "purpose": booking.purpose,
                "day": times.to_local(first).strftime("%d/%m/%Y %H:%M") if first else "",
                "dates": len(planned.dates),
            }
            at = booking.created_at
            for step, (action, from_status, to_status, why) in enumerate(planned.log):
                when = at if step == 0 else (booking.decided_at or at)
                if action.startswith("cancelled"):
                    cancelled = [d.cancelled[0] for d in planned.dates if d.cancelled]
                    when = max(cancelled) if cancelled else when
                logs.append(
                    BookingLog(
                        booking_id=booking.pk,
                        actor_id=booking.decided_by_id
                        if action in ("approved", "denied")
                        else booking.requested_by_id,
                        action=action,
                        from_status=from_status,
                        to_status=to_status,
                        reason=why,
                        details={"dates": len(planned.dates)} if step == 0 else {},
                        at=when,
                    )
                )
                kind = {
                    "requested": "spaces.booking_requested",
                    "confirmed": "spaces.booking_confirmed",
                    "approved": "spaces.booking_confirmed",
                    "denied": "spaces.booking_denied",
                }.get(action, "spaces.booking_cancelled")
                data = dict(facts)
                if why:
                    data["reason"] = why
                if kind == "spaces.booking_cancelled":
                    data["count"] = sum(1 for d in planned.dates if d.cancelled)
                events.append(
                    TimelineEvent(
                        organisation_id=booking.organisation_id,
                        kind=kind,
                        occurred_at=when,
                        actor_id=logs[-1].actor_id,
                        data=data,
                        subject_type=self.booking_type,
                        subject_id=str(booking.pk),
                    )
                )
        BookingLog.objects.bulk_create(logs, batch_size=BATCH)
        TimelineEvent.objects.bulk_create(events, batch_size=BATCH)
        self.ctx.count("bookings", len(bookings))
        self.ctx.count("booking dates", len(occurrences))
        self.ctx.count("booking occupancy rows", len(occupancies))


# --- One building ---------------------------------------------------------------------------


@dataclass
class _Room:
    space: Space
    kind: RoomKind
    units: list[int]
    price: dict[str, Decimal]  # category -> hourly rate (empty: free for everyone)
    recognised_only: bool


class _BuildingBookings:
    """Series and one-offs for the rooms of one building, by cells of (weekday, part) and
    (date, part) per unit, so that nothing overlaps."""

    def __init__(
        self,
        *,
        rng: random.Random,
        rooms: list[_Room],
        district_id: int | None,
        bookers: _Bookers,
        writer: _Writer,
        first: date,
        last: date,
        today: date,
        now: datetime,
        closed: set[date],
        closed_spaces: dict[int, set[date]],
        staff_id: int | None,
    ) -> None:
        self.rng = rng
        self.rooms = rooms
        self.district_id = district_id
        self.bookers = bookers
        self.writer = writer
        self.first, self.last, self.today, self.now = first, last, today, now
        self.closed = closed
        self.closed_spaces = closed_spaces
        self.staff_id = staff_id
        self.weekly: dict[int, set[tuple[int, str]]] = defaultdict(set)
        self.single: dict[int, set[tuple[date, str]]] = defaultdict(set)

    # -- cells --

    def weekly_free(self, room: _Room, weekday: int, part: str) -> bool:
        return all((weekday, part) not in self.weekly[unit] for unit in room.units) and not any(
            day.weekday() == weekday and p == part
            for unit in room.units
            for day, p in self.single[unit]
        )

    def single_free(self, room: _Room, day: date, part: str) -> bool:
        return all(
            (day.weekday(), part) not in self.weekly[unit] and (day, part) not in self.single[unit]
            for unit in room.units
        )

    def is_closed(self, room: _Room, day: date) -> bool:
        return day in self.closed or day in self.closed_spaces.get(room.space.pk, ())

    # -- making bookings --

    def _booking(
        self,
        room: _Room,
        organisation_id: int,
        *,
        purpose: str,
        start: time,
        end: time,
        first_day: date,
        created_at: datetime,
        status: str,
        repeat: str = Repeat.ONCE,
        weekdays: list[int] | None = None,
        until: date | None = None,
        interval: int = 1,
        requested_by: int | None = None,
    ) -> tuple[Booking, Price]:
        category = (
            self.bookers.category(organisation_id, first_day) if room.price else TariffCategory.FREE
        )
        rate = room.price.get(category, Decimal("0.00")) if room.price else Decimal("0.00")
        price = Price(category, rate)
        decided = status in (BookingStatus.CONFIRMED, BookingStatus.DENIED)
        # Staff decide within two days (never later than now).
        decided_at = created_at + min(timedelta(days=2), (self.now - created_at) / 2)
        booking = Booking(
            space_id=room.space.pk,
            organisation_id=organisation_id,
            requested_by_id=requested_by,
            purpose=purpose,
            attendees=max(1, min(room.space.capacity, self.rng.randint(6, room.space.capacity))),
            status=status,
            first_day=first_day,
            start_time=start,
            end_time=end,
            repeat=repeat,
            interval_weeks=interval,
            weekdays=weekdays or [],
            until=until,
            exceptions=[],
            tariff_category=category,
            hourly_rate=rate,
            total_price=Decimal("0.00"),
            created_at=created_at,
            decided_at=(decided_at if room.space.needs_approval else created_at)
            if decided
            else None,
            decided_by_id=self.staff_id if decided and room.space.needs_approval else None,
        )
        booking._seed_space_label = f"{room.space.building.name} › {room.space.name}"  # type: ignore[attr-defined]
        return booking, price

    def series(
        self,
        room: _Room,
        organisation_id: int,
        *,
        weekdays: list[int],
        part: str,
        start: time,
        end: time,
        purpose: str,
        first: date,
        last: date,
        requested_by: int | None = None,
        status: str | None = None,
        interval: int = 1,
    ) -> _Planned | None:
        """One weekly series from ``first`` to ``last``; closed days become exceptions."""
        rng = self.rng
        days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + timedelta(days=n)).weekday() in weekdays
        ]
        if interval > 1:
            monday = first - timedelta(days=first.weekday())
            days = [d for d in days if ((d - monday).days // 7) % interval == 0]
        if not days:
            return None
        lead = rng.randint(room.space.min_days_ahead + 1, 45)
        created_at = datetime.combine(
            days[0] - timedelta(days=lead), time(rng.randint(8, 20), rng.randint(0, 59)), UTC
        )
        created_at = min(created_at, self.now - timedelta(hours=rng.randint(2, 72)))
        future = days[0] > self.today
        if status is None:
            status = BookingStatus.CONFIRMED
            if future and room.space.needs_approval and rng.random() < 0.08:
                status = BookingStatus.REQUESTED
            elif future and rng.random() < 0.015:
                status = BookingStatus.CANCELLED
        booking, price = self._booking(
            room,
            organisation_id,
            purpose=purpose,
            start=start,
            end=end,
            first_day=days[0],
            created_at=created_at,
            status=BookingStatus.CONFIRMED if status == BookingStatus.CANCELLED else status,
            repeat=Repeat.WEEKLY,
            weekdays=sorted(weekdays),
            until=last,
            interval=interval,
            requested_by=requested_by,
        )
        planned = _Planned(
            booking, room.units, *self._buffers(room), log=self._log_for(booking, room)
        )
        exceptions = []
        for day in days:
            if self.is_closed(room, day):
                exceptions.append(day.isoformat())
                continue
            starts_at, ends_at, minutes = _span(day, start, end)
            item = _Date(starts_at, ends_at, price.for_minutes(minutes), booking.status)
            planned.dates.append(item)
        if not planned.dates:
            return None
        booking.exceptions = exceptions
        booking.total_price = sum((d.price for d in planned.dates), Decimal("0.00"))
        if status == BookingStatus.CANCELLED:
            self._cancel(planned, scope="all")
        elif booking.status == BookingStatus.CONFIRMED and rng.random() < 0.25:
            self._cancel(planned, scope="one")
        for unit in room.units:
            for weekday in weekdays:
                self.weekly[unit].add((weekday, part))
        self.writer.add(planned)
        return planned

    def one_off(
        self,
        room: _Room,
        organisation_id: int,
        *,
        day: date,
        part: str,
        start: time,
        end: time,
        purpose: str,
        requested_by: int | None = None,
        status: str | None = None,
        created_at: datetime | None = None,
        reason: str = "",
    ) -> _Planned | None:
        rng = self.rng
        if self.is_closed(room, day) or not self.single_free(room, day, part):
            return None
        if created_at is None:
            created_at = datetime.combine(
                day - timedelta(days=rng.randint(room.space.min_days_ahead + 1, 60)),
                time(rng.randint(8, 20), rng.randint(0, 59)),
                UTC,
            )
            created_at = min(created_at, self.now - timedelta(hours=rng.randint(2, 240)))
        future = day > self.today
        if status is None:
            status = BookingStatus.CONFIRMED
            roll = rng.random()
            if future and room.space.needs_approval and roll < 0.2:
                status = BookingStatus.REQUESTED
            elif future and room.space.needs_approval and roll < 0.25:
                status = BookingStatus.DENIED
            elif future and roll < 0.3:
                status = BookingStatus.CANCELLED
        booking, price = self._booking(
            room,
            organisation_id,
            purpose=purpose,
            start=start,
            end=end,
            first_day=day,
            created_at=created_at,
            status=BookingStatus.CONFIRMED if status == BookingStatus.CANCELLED else status,
            requested_by=requested_by,
        )
        if status == BookingStatus.DENIED:
            booking.decision_reason = reason or rng.choice(DENIAL_REASONS)
            booking.decided_by_id = self.staff_id
        starts_at, ends_at, minutes = _span(day, start, end)
        planned = _Planned(booking, room.units, *self._buffers(room))
        planned.dates.append(_Date(starts_at, ends_at, price.for_minutes(minutes), status))
        booking.total_price = planned.dates[0].price
        planned.log = self._log_for(booking, room)
        if status == BookingStatus.CANCELLED:
            self._cancel(planned, scope="all", reason=reason)
        for unit in room.units:
            self.single[unit].add((day, part))
        self.writer.add(planned)
        return planned

    def _buffers(self, room: _Room) -> tuple[timedelta, timedelta]:
        return (
            timedelta(minutes=room.space.buffer_before_minutes),
            timedelta(minutes=room.space.buffer_after_minutes),
        )

    def _log_for(self, booking: Booking, room: _Room) -> list[tuple[str, str, str, str]]:
        if booking.status == BookingStatus.REQUESTED:
            return [("requested", "", BookingStatus.REQUESTED, "")]
        if booking.status == BookingStatus.DENIED:
            return [
                ("requested", "", BookingStatus.REQUESTED, ""),
                ("denied", BookingStatus.REQUESTED, BookingStatus.DENIED, booking.decision_reason),
            ]
        if room.space.needs_approval:
            return [
                ("requested", "", BookingStatus.REQUESTED, ""),
                ("approved", BookingStatus.REQUESTED, BookingStatus.CONFIRMED, ""),
            ]
        return [("confirmed", "", BookingStatus.CONFIRMED, "")]

    def _cancel(self, planned: _Planned, *, scope: str, reason: str = "") -> None:
        """Cancel every coming date (``all``) or one coming date (``one``), as the service
        would: dates that have begun stay."""
        rng = self.rng
        coming = [d for d in planned.dates if d.starts_at > self.now]
        if not coming:
            return
        chosen = coming if scope == "all" else [rng.choice(coming)]
        why = reason or rng.choice(CANCEL_REASONS)
        first_start = min(d.starts_at for d in chosen)
        when = max(
            planned.booking.created_at + timedelta(hours=1),
            min(self.now - timedelta(hours=1), first_start - timedelta(days=rng.randint(1, 10))),
        )
        for item in chosen:
            item.status = BookingStatus.CANCELLED
            item.cancelled = (when, why)
        previous = planned.booking.status
        if all(d.status == BookingStatus.CANCELLED for d in planned.dates):
            planned.booking.status = BookingStatus.CANCELLED
        planned.log.append((f"cancelled_{scope}", previous, planned.booking.status, why))

    # -- the whole building --

    def fill(self, per_space: tuple[int, int]) -> None:
        rng = self.rng
        for room in self.rooms:
            if not room.space.bookable:
                continue
            wanted = rng.randint(*per_space)
            cells = [(weekday, part) for weekday in range(6) for part in TEMPLATES]
            # Evenings and weekday afternoons are in demand; Saturday evenings less.
            rng.shuffle(cells)
            cells.sort(key=lambda cell: 0 if cell[1] == "evening" and cell[0] < 5 else 1)
            cells = cells[: max(wanted * 2, 6)]
            rng.shuffle(cells)
            placed = 0
            for weekday, part in cells:
                if placed >= wanted:
                    break
                if not self.weekly_free(room, weekday, part):
                    continue
                start, end = self._template(room, part)
                if start is None or end is None:
                    continue
                organisation_id = self.bookers.pick(
                    rng, self.district_id, recognised=room.recognised_only
                )
                if organisation_id is None:
                    return
                purpose = rng.choice(PURPOSES[part])
                interval = 2 if rng.random() < 0.1 else 1
                for first, last, summer in _seasons(self.first, self.last):
                    if summer and rng.random() < 0.7:
                        continue
                    self.series(
                        room,
                        organisation_id,
                        weekdays=[weekday],
                        part=part,
                        start=start,
                        end=end,
                        purpose=purpose,
                        first=first,
                        last=last,
                        interval=interval,
                    )
                placed += 1
            span_days = (self.last - self.first).days
            for _n in range(rng.randint(1, 2 + span_days // 60)):
                day = self.first + timedelta(days=rng.randint(0, span_days))
                if day.weekday() == 6:  # not every building opens on Sunday
                    continue
                part = rng.choice(("afternoon", "evening", "evening"))
                start, end = self._template(room, part)
                organisation_id = self.bookers.pick(
                    rng, self.district_id, recognised=room.recognised_only
                )
                if start is None or end is None or organisation_id is None:
                    continue
                self.one_off(
                    room,
                    organisation_id,
                    day=day,
                    part=part,
                    start=start,
                    end=end,
                    purpose=rng.choice(ONE_OFF_PURPOSES),
                )

    def _template(self, room: _Room, part: str) -> tuple[time | None, time | None]:
        """A start and end in ``part`` that fit the room's steps and durations."""
        space = room.space
        options = [
            (start, end)
            for start, end in TEMPLATES[part]
            if (start.minute % space.granularity_minutes == 0)
            and (end.minute % space.granularity_minutes == 0)
            and space.min_duration_minutes
            <= (end.hour * 60 + end.minute - start.hour * 60 - start.minute)
            <= space.max_duration_minutes
        ]
        if not options:
            return None, None
        return self.rng.choice(options)


# --- The catalogue --------------------------------------------------------------------------


def _facilities() -> dict[str, Facility]:
    found = {}
    for order, (code, dutch, english) in enumerate(FACILITIES):
        facility, _created = Facility.objects.update_or_create(
            code=code,
            defaults={"name": dutch, "name_nl": dutch, "name_en": english, "order": order},
        )
        found[code] = facility
    return found


def _opening_hours(rng: random.Random, building: Building) -> list[OpeningHours]:
    opens = rng.choice((time(8, 0), time(8, 30), time(9, 0)))
    closes = rng.choice((time(22, 30), time(23, 0), time(23, 30)))
    rows = [OpeningHours(building=building, weekday=wd, opens=opens, closes=closes) for wd in range(5)]  # fmt: skip
    rows.append(OpeningHours(building=building, weekday=5, opens=time(9, 0), closes=time(23, 30)))
    if rng.random() < 0.4:
        rows.append(OpeningHours(building=building, weekday=6, opens=time(10, 0), closes=time(18, 0)))  # fmt: skip
    return rows


def _rooms_of(
    rng: random.Random,
    spec: BuildingSpec,
    building: Building,
    facilities: dict[str, Facility],
) -> list[_Room]:
    """Create the spaces of a new building with their rules and tariffs."""
    rooms: list[_Room] = []
    counts: dict[str, int] = defaultdict(int)
    access = ("drempelvrij", "rolstoeltoilet") if spec.access != "stairs" else ()
    facility_links = []
    tariffs: list[Tariff] = []
    for kind in spec.rooms:
        counts[kind.name] += 1
        number = counts[kind.name]
        name = kind.name if spec.rooms.count(kind) == 1 else f"{kind.name} {number}"
        capacity = rng.randint(*kind.capacity)
        upstairs = spec.access == "stairs" and kind is not HALL and rng.random() < 0.5
        space = Space(
            building=building,
            slug=slugify(name),
            name=name,
            capacity=capacity,
            area_m2=capacity * rng.choice((2, 2, 3)),
            floor="eerste verdieping" if upstairs else "gelijkvloers",
            min_days_ahead=rng.choice((0, 2, 7))
            if not kind.needs_approval
            else rng.choice((7, 14)),
            max_days_ahead=rng.choice((183, 270, 365)),
            min_duration_minutes=kind.duration[0],
            max_duration_minutes=kind.duration[1],
            granularity_minutes=kind.granularity,
            buffer_before_minutes=kind.buffers[0],
            buffer_after_minutes=kind.buffers[1],
            needs_approval=kind.needs_approval,
            max_series_weeks=rng.choice((26, 26, 40)),
            who_may_book={"recognitions": list(FREE_FOR)}
            if kind.name == "Keukenatelier" and rng.random() < 0.5
            else {},
        )
        space.description = kind.description
        space.description_nl = kind.description  # type: ignore[attr-defined]
        space.save()
        codes = set(kind.facilities) | ({"wifi"} if rng.random() < 0.8 else set())
        if not upstairs:
            codes |= set(access)
        elif spec.access == "full":
            codes |= {"lift", *access}
        if kind is HALL:
            codes.add("ringleiding")
        facility_links += [(space, facilities[c]) for c in sorted(codes) if c in facilities]
        standard = Decimal(rng.randint(*kind.rate))
        prices: dict[str, Decimal] = {}
        if not (kind.name == "Vergaderzaal" and rng.random() < 0.3):
            prices = {
                TariffCategory.FREE: Decimal("0.00"),
                TariffCategory.REDUCED: (standard / 2).quantize(Decimal("0.01")),
                TariffCategory.STANDARD: standard.quantize(Decimal("0.01")),
            }
            tariffs += [
                Tariff(space=space, category=TariffCategory.FREE, hourly_rate=Decimal("0.00"),
                       applies_to={"recognitions": list(FREE_FOR)}, order=0),
                Tariff(space=space, category=TariffCategory.REDUCED,
                       hourly_rate=prices[TariffCategory.REDUCED],
                       applies_to={"legal_forms": [LegalForm.NONPROFIT.value]}, order=1),
                Tariff(space=space, category=TariffCategory.STANDARD,
                       hourly_rate=prices[TariffCategory.STANDARD], applies_to={}, order=2),
            ]  # fmt: skip
        room = _Room(space, kind, [space.pk], prices, bool(space.who_may_book))
        if kind.divided:
            parts = []
            for letter, side in (("A", "podiumkant"), ("B", "tuinkant")):
                part = Space(
                    building=building,
                    parent=space,
                    slug=f"{space.slug}-{letter.lower()}",
                    name=f"{name} {letter} ({side})",
                    capacity=capacity // 2,
                    area_m2=(space.area_m2 or 0) // 2 or None,
                    floor=space.floor,
                    min_days_ahead=space.min_days_ahead,
                    max_days_ahead=space.max_days_ahead,
                    min_duration_minutes=60,
                    max_duration_minutes=space.max_duration_minutes,
                    granularity_minutes=30,
                    buffer_before_minutes=15,
                    buffer_after_minutes=30,
                    needs_approval=True,
                    max_series_weeks=space.max_series_weeks,
                )
                part.description = (
                    f"De helft van de {name.lower()} aan de {side}, afgescheiden met een "
                    "schuifwand."
                )
                part.description_nl = part.description  # type: ignore[attr-defined]
                part.save()
                part_codes = (codes - {"podium"}) if letter == "B" else codes
                facility_links += [(part, facilities[c]) for c in sorted(part_codes) if c in facilities]  # fmt: skip
                half = {cat: (rate / 2).quantize(Decimal("0.01")) for cat, rate in prices.items()}
                tariffs += [
                    Tariff(space=part, category=t.category, hourly_rate=half[t.category],
                           applies_to=t.applies_to, order=t.order)
                    for t in tariffs if t.space is space
                ]  # fmt: skip
                parts.append(_Room(part, kind, [part.pk], half, False))
            room.units = [part.space.pk for part in parts]
            rooms.append(room)
            rooms.extend(parts)
        else:
            rooms.append(room)
    through: Any = Space.facilities.through
    through.objects.bulk_create(
        [through(space_id=space.pk, facility_id=facility.pk) for space, facility in facility_links]
    )
    Tariff.objects.bulk_create(tariffs)
    return rooms


def _christmas_days(first: date, last: date) -> list[tuple[date, date]]:
    """The Christmas closures (24 December to 1 January, both included) around the range."""
    return [
        (date(year, 12, 24), date(year + 1, 1, 1))
        for year in range(first.year - 1, last.year + 1)
        if date(year + 1, 1, 1) >= first and date(year, 12, 24) <= last + timedelta(days=60)
    ]


def _closures(
    rng: random.Random, building: Building, rooms: list[_Room], first: date, last: date
) -> tuple[set[date], dict[int, set[date]]]:
    rows = []
    closed: set[date] = set()
    for start, end in _christmas_days(first, last):
        rows.append(
            Closure(
                building=building,
                starts_at=times.local(start, time(0)),
                ends_at=times.local(end + timedelta(days=1), time(0)),
                reason="Kerstvakantie: het gebouw is gesloten.",
            )
        )
        closed.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    closed_spaces: dict[int, set[date]] = {}
    plain = [room for room in rooms if room.space.parent_id is None and len(room.units) == 1]
    if plain and rng.random() < 0.4:
        room = rng.choice(plain)
        start = first + timedelta(days=rng.randint(0, max(0, (last - first).days - 7)))
        end = start + timedelta(days=4)
        rows.append(
            Closure(
                space=room.space,
                starts_at=times.local(start, time(0)),
                ends_at=times.local(end + timedelta(days=1), time(0)),
                reason="Onderhoud: de vloer wordt vernieuwd.",
            )
        )
        closed_spaces[room.space.pk] = {start + timedelta(days=n) for n in range(5)}
    Closure.objects.bulk_create(rows)
    return closed, closed_spaces


# --- The demo accounts ----------------------------------------------------------------------


def _demo_bookings(
    plan: _BuildingBookings, spec: BuildingSpec, rooms: list[_Room], today: date
) -> None:
    """Bookings of the demo accounts' organisations in the first two hand-made buildings."""
    by_name = {room.space.name: room for room in rooms}
    citizen = User.objects.filter(email=CITIZEN).values_list("pk", flat=True).first()
    de_brug = Organisation.objects.filter(slug=DE_BRUG).values_list("pk", flat=True).first()
    zonnebloem = Organisation.objects.filter(slug=ZONNEBLOEM).values_list("pk", flat=True).first()
    # The demo organisations get their tariff like any other (De Brug: recognised, free).
    for pk in (de_brug, zonnebloem):
        if pk is not None and pk not in plan.bookers.periods:
            plan.bookers.periods[pk] = list(
                Recognition.objects.filter(organisation_id=pk, type__code__in=FREE_FOR).values_list(
                    "valid_from", "valid_until"
                )
            )
            if Organisation.objects.filter(pk=pk, legal_form=LegalForm.NONPROFIT).exists():
                plan.bookers.vzw.add(pk)

    def day_after(days: int, weekday: int) -> date:
        """The first ``weekday`` at least ``days`` ahead on which the building is open."""
        day = today + timedelta(days=days)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        while day in plan.closed:
            day += timedelta(weeks=1)
        return day

    now = plan.now
    season_start, season_end, _summer = _season(today)
    if spec.slug == "wijkcentrum-brugse-poort" and de_brug is not None:
        lesson = by_name.get("Leslokaal")
        if lesson is not None:
            plan.series(
                lesson, de_brug, weekdays=[0, 1, 3], part="afternoon",
                start=time(15, 30), end=time(17, 30), purpose="Huiswerkklas",
                first=max(plan.first, season_start), last=min(plan.last, season_end),
                requested_by=citizen, status=BookingStatus.CONFIRMED,
            )  # fmt: skip
            next_start, next_end, _s = _season(season_end + timedelta(days=1))
            plan.series(
                lesson, de_brug, weekdays=[0, 1, 3], part="afternoon",
                start=time(15, 30), end=time(17, 30), purpose="Huiswerkklas",
                first=next_start, last=min(plan.last, next_end),
                requested_by=citizen, status=BookingStatus.REQUESTED,
            )  # fmt: skip
        hall = by_name.get("Polyvalente zaal")
        if hall is not None:
            plan.one_off(
                hall, de_brug, day=day_after(24, 4), part="evening", start=time(19, 0),
                end=time(21, 0), purpose="Oudercafé: in gesprek met de school",
                requested_by=citizen, status=BookingStatus.REQUESTED,
                created_at=now - timedelta(days=1),
            )  # fmt: skip
            plan.one_off(
                hall, de_brug, day=day_after(45, 5), part="afternoon", start=time(14, 0),
                end=time(17, 0), purpose="Infonamiddag voor nieuwe vrijwilligers",
                requested_by=citizen, status=BookingStatus.CANCELLED,
                created_at=now - timedelta(days=20), reason="We houden de infonamiddag samen "
                "met de buurtwerking, in hun zaal.",
            )  # fmt: skip
        meeting = by_name.get("Vergaderzaal")
        if meeting is not None:
            plan.one_off(
                meeting, de_brug, day=day_after(10, 2), part="evening", start=time(19, 30),
                end=time(21, 30) if meeting.space.granularity_minutes <= 30 else time(21, 0),
                purpose="Vrijwilligersoverleg", requested_by=citizen,
                status=BookingStatus.CONFIRMED, created_at=now - timedelta(days=6),
            )  # fmt: skip
        big = next((room for room in rooms if room.kind is HALL and room.space.parent_id is None), None)  # fmt: skip
        if big is not None:
            plan.one_off(
                big, de_brug, day=day_after(38, 5), part="evening", start=time(19, 0),
                end=time(22, 0), purpose="Eetfestijn van de huiswerkklas",
                requested_by=citizen, status=BookingStatus.DENIED,
                created_at=now - timedelta(days=9),
                reason="De grote zaal is die avond voorbehouden voor de wijkraad. De "
                "polyvalente zaal is nog vrij.",
            )  # fmt: skip
    if spec.slug == "buurtcentrum-rabot" and zonnebloem is not None:
        room = by_name.get("Vergaderzaal 1")
        if room is not None:
            plan.series(
                room, zonnebloem, weekdays=[2], part="morning", start=time(9, 30),
                end=time(12, 0), purpose="Nederlandse les voor vrouwen",
                first=max(plan.first, season_start), last=min(plan.last, season_end),
                requested_by=User.objects.filter(email="ayse.yilmaz@example.org")
                .values_list("pk", flat=True).first(),
                status=BookingStatus.CONFIRMED,
            )  # fmt: skip


# --- The allocation round -------------------------------------------------------------------


def _allocation_round(now: datetime, staff: User | None) -> AllocationRound | None:
    today = timezone.localdate(now)
    year = today.year if today < date(today.year, 5, 1) else today.year + 1
    start, end = date(year, 9, 1), date(year + 1, 6, 30)
    name = ROUND_NAME.format(start=start.year, end=end.year)
    existing = AllocationRound.objects.filter(name=name).first()
    if existing is not None:
        return None
    allocation_round = AllocationRound.objects.create(
        name=name,
        season_starts=start,
        season_ends=end,
        requests_open_at=now - timedelta(days=7),
        requests_close_at=now + timedelta(days=35),
        status=RoundStatus.OPEN,
        created_by=staff,
        created_at=now - timedelta(days=10),
    )
    spaces = Space.objects.filter(
        building__slug__in=[spec.slug for spec in HANDMADE], bookable=True, parent__isnull=True
    ).exclude(name__startswith="Keuken")
    allocation_round.spaces.set(spaces)
    return allocation_round


# --- The seeder ------------------------------------------------------------------------------


def _specs(scale: int, districts: list[str]) -> Iterable[BuildingSpec]:
    yield from HANDMADE
    for index in range(BUILDINGS_PER_SCALE * (scale - 1)):
        yield _generated_spec(index, districts)


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Booking, Occurrence, Occupancy, Space, Building, BookingLog, TimelineEvent):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@seeder(order=45)
def seed_spaces(ctx: SeedContext) -> None:
    """City buildings and rooms, their rules, tariffs and closures, and bookings."""
    with translation.override(settings.LANGUAGE_CODE):
        _seed(ctx)
    bump_content_version()
    bump_content_version(AVAILABILITY)


def _seed(ctx: SeedContext) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    first = today - timedelta(weeks=weeks_back(ctx.scale))
    last = today + timedelta(weeks=WEEKS_AHEAD)
    facilities = _facilities()
    districts = {d.name: d for d in District.objects.all()}
    names = sorted(districts)
    existing = set(Building.objects.values_list("slug", flat=True))
    from middenveld.city.models import Team

    team = Team.objects.filter(slug=ROOMS_TEAM).first()
    staff = User.objects.filter(email=STAFF).first()
    decider = (
        team.members.order_by("pk").values_list("pk", flat=True).first() if team else None
    ) or (staff.pk if staff else None)
    bookers = _Bookers.load(today)
    writer = _Writer(ctx)
    per_space = series_per_space(ctx.scale)
    made = 0
    for spec in _specs(ctx.scale, names or ["Binnenstad"]):
        if spec.slug in existing:
            continue
        existing.add(spec.slug)
        rng = random.Random(f"{_SEED}:{spec.slug}")
        district = districts.get(spec.district)
        accessibility_nl, accessibility_en = ACCESSIBILITY[spec.access]
        building = Building(
            slug=spec.slug,
            name=spec.name,
            street=spec.street,
            postal_code=spec.postal_code,
            municipality="Gent",
            district=district,
            latitude=Decimal(f"{51.0543 + rng.uniform(-0.035, 0.035):.6f}"),
            longitude=Decimal(f"{3.7174 + rng.uniform(-0.06, 0.06):.6f}"),
            contact_name="Team Zalen en Stadsgebouwen",
            contact_email="zalen@example.org",
            contact_phone=f"09 266 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            team=team,
        )
        description = (
            f"{spec.name} is een stedelijk gebouw waar verenigingen, buurtbewoners en "
            "organisaties terechtkunnen voor vergaderingen, lessen en activiteiten."
        )
        building.description = description
        building.description_nl = description  # type: ignore[attr-defined]
        building.accessibility = accessibility_nl
        building.accessibility_nl = accessibility_nl  # type: ignore[attr-defined]
        building.accessibility_en = accessibility_en  # type: ignore[attr-defined]
        building.save()
        OpeningHours.objects.bulk_create(_opening_hours(rng, building))
        rooms = _rooms_of(rng, spec, building, facilities)
        for room in rooms:
            room.space.building = building
        closed, closed_spaces = _closures(rng, building, rooms, first, last)
        plan = _BuildingBookings(
            rng=rng,
            rooms=rooms,
            district_id=district.pk if district else None,
            bookers=bookers,
            writer=writer,
            first=first,
            last=last,
            today=today,
            now=now,
            closed=closed,
            closed_spaces=closed_spaces,
            staff_id=decider,
        )
        if spec in HANDMADE[:2]:
            _demo_bookings(plan, spec, rooms, today)
        plan.fill(per_space)
        made += 1
        ctx.count("buildings", 1)
        ctx.count("spaces", len(rooms))
    writer.flush()
    if _allocation_round(now, staff) is not None:
        ctx.count("allocation rounds", 1)
    if made:
        _analyze()
