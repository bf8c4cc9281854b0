"""Demo data for the middenveldparlement, two thematic tables and a working group.

The parliament (``middenveldparlement``: quorum 50 %, convocation 10 days before a session,
the city answers an advice within 60 days) has mandate periods of four years. The current
one started about a year and a half ago; earlier ones go back far enough for the history:
two years at ``--scale 1``, ten years from ``--scale 2``. Each period has 30 seats at
``--scale 1`` and 150 from ``--scale 2`` (seats per theme, per wijk, per size of
organisation and drawn by lot), each held by a verified organisation for the whole period
(one seat per organisation per period; organisations come back in other periods). The
delegate is the organisation's admin (or its first member), the substitute its next member.

The demo accounts:

* burger@example.org is the **delegate** of "Huiswerkklas De Brug" on a wijk seat (Brugse
  Poort) in the current period, and substitute for "Vrouwenvereniging De Zonnebloem"
  (delegate: ayse.yilmaz@example.org);
* medewerker@example.org is the secretary of every body; voorzitter@example.org (Hilde
  Claeys, a new account with the demo password) chairs them.

History: about six sessions a year, each with two to four agenda items, motions, advice
drafts, some amendments, closed votes (roll call, some secret) with their stored results
(``services.vote_recount`` finds the same), minutes approved at the next session (those of
the last session are a draft, to approve today) and the adopted advice (``A<year>-<nnn>``):
most answered (accepted, partly, not accepted, with reasons), some waiting past their
deadline; one advice of "Thematafel armoede" (three weeks ago) is waiting and not yet due.

Today: a session in progress with most seats present (burger@example.org on De Brug's seat)
and an **open** roll-call vote on an advice draft in which burger@example.org has not voted
yet; a planned session in three weeks. Signals: 40 per scale unit over the last three
years, tagged and grouped per year.

History rows are written directly (``bulk_create`` for attendance and votes), not through the
services, but by the same rules: one person per seat and session, one vote per seat, a
secret vote's choices apart from the turns, results counted from the rows.

Idempotent: bodies are keyed on their slug, periods on their start, seats on their number,
sessions on their start; a seat with a mandate keeps it; today's session and the planned one
are made only when the parliament has none; signals are keyed on (organisation, title,
time). All dates hang on the start of the current period, so a second run finds every row.
``--scale 2`` after ``--scale 1`` adds the older periods, their seats and sessions.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.core.cache import bump_content_version
from middenveld.core.models import District
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder
from middenveld.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    Status,
    TimelineEvent,
)
from middenveld.organisations.timeline import timeline_record
from middenveld.parliament import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.parliament.models import (
    Advice,
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Choice,
    CoSigner,
    ItemKind,
    Majority,
    Mandate,
    MandatePerson,
    MandateRole,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    Officer,
    OfficerRole,
    OrganisationSize,
    ParliamentLog,
    Seat,
    SeatKind,
    SecretChoice,
    SecretTurn,
    Session,
    SessionStatus,
    Signal,
    SignalGroup,
    SignalTag,
    Term,
    Theme,
    Vote,
    VoteCast,
    VoteStatus,
)
from middenveld.parliament.services import TALLY, majority_reached

_SEED = "middenveld.parliament.seed"
BATCH = 2000
PARLIAMENT = "middenveldparlement"
CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"
CHAIR = ("voorzitter@example.org", "Hilde Claeys")
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
BRUGSE_POORT = "Brugse Poort - Rooigem"
TERM_YEARS = 4
SESSIONS_PER_YEAR = 6
TABLE_SESSIONS_PER_YEAR = 3
SIGNALS_PER_SCALE = 40
PLACE = "Stadhuis Gent, Botermarkt 1, 9000 Gent"


def seats_per_term(scale: int) -> int:
    return 30 if scale < 2 else 150


def history_years(scale: int) -> int:
    return 2 if scale < 2 else 10


THEME_NL = {
    Theme.WELFARE: "welzijn en zorg",
    Theme.POVERTY: "armoede",
    Theme.YOUTH: "kinderen en jongeren",
    Theme.DIVERSITY: "diversiteit en participatie",
    Theme.CULTURE: "cultuur en vrije tijd",
    Theme.SPORT: "sport",
    Theme.HOUSING: "wonen en buurt",
    Theme.EDUCATION: "leren en werken",
    Theme.CLIMATE: "klimaat en publieke ruimte",
}
SEAT_THEMES = list(THEME_NL)
# The mix of seats, repeated: 3 per theme, 4 per wijk, 1 per size, 2 drawn by lot out of 10.
SEAT_PATTERN = (
    SeatKind.THEME,
    SeatKind.DISTRICT,
    SeatKind.THEME,
    SeatKind.DISTRICT,
    SeatKind.SIZE,
    SeatKind.LOT,
    SeatKind.DISTRICT,
    SeatKind.THEME,
    SeatKind.LOT,
    SeatKind.DISTRICT,
)
SIZES = (OrganisationSize.SMALL, OrganisationSize.MEDIUM, OrganisationSize.LARGE)


@dataclass(frozen=True)
class BodySpec:
    slug: str
    kind: str
    name: str
    description: str
    theme: str = ""
    seats: int = 0  # 0: the parliament's number for the scale


BODIES = (
    BodySpec(
        slug=PARLIAMENT,
        kind=BodyKind.PARLIAMENT,
        name="Middenveldparlement",
        description=(
            "Het middenveldparlement is de plek waar Gentse middenveldorganisaties samen "
            "advies geven aan de stad. Het is de vierde werf van het traject middenveld, dat "
            "vertrok van een participatief onderzoek door de universiteiten van Gent, "
            "Antwerpen en Leuven (mei 2020 tot februari 2021).\n\n"
            "Organisaties krijgen een zetel voor een thema, een wijk of een grootte van "
            "organisatie, of via loting, telkens voor vier jaar. Elke organisatie met een "
            "zetel duidt een afgevaardigde en plaatsvervangers aan. Het parlement komt ongeveer "
            "zes keer per jaar samen. Het stemt over moties en adviezen; de stad antwoordt "
            "binnen 60 dagen op elk advies en zegt waarom. Iedereen kan die adviezen en "
            "antwoorden volgen.\n\n"
            "Organisaties melden ook signalen: noden die ze zien bij de mensen met wie ze "
            "werken. Elk jaar bundelen we die signalen voor de stad."
        ),
    ),
    BodySpec(
        slug="thematafel-armoede",
        kind=BodyKind.TABLE,
        name="Thematafel armoede",
        theme=Theme.POVERTY,
        seats=9,
        description=(
            "Organisaties die werken met mensen in armoede bespreken hier samen wat zij zien: "
            "energiefacturen, betaalbaar wonen, toegang tot hulp. De thematafel bereidt "
            "adviezen voor en geeft zelf advies over armoede."
        ),
    ),
    BodySpec(
        slug="thematafel-jeugd",
        kind=BodyKind.TABLE,
        name="Thematafel jeugd",
        theme=Theme.YOUTH,
        seats=9,
        description=(
            "Jeugdwerk, huiswerkklassen en sportclubs praten hier over wat kinderen en "
            "jongeren in Gent nodig hebben: ruimte om te spelen, hulp bij school, vrije tijd "
            "die iedereen kan betalen."
        ),
    ),
    BodySpec(
        slug="werkgroep-ruimte",
        kind=BodyKind.WORKING_GROUP,
        name="Werkgroep ruimte voor het middenveld",
        theme=Theme.HOUSING,
        seats=6,
        description=(
            "Een kleine werkgroep die samen met de stad bekijkt hoe organisaties makkelijker "
            "een zaal of een vaste plek vinden in de stadsgebouwen."
        ),
    ),
)

# (theme, agenda item, advice or motion title, text)
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    (Theme.POVERTY, "Betaalbare zalen voor verenigingen", "Advies over de prijs van stadszalen",
     "Het parlement vraagt de stad om zalen gratis te maken voor organisaties die basiswerk "
     "doen, en om de prijs voor kleine verenigingen te halveren."),
    (Theme.YOUTH, "Huiswerkbegeleiding in elke wijk", "Advies over huiswerkklassen",
     "Het parlement vraagt de stad om in elke wijk een vaste plek en vaste uren voor "
     "huiswerkbegeleiding te voorzien, samen met de scholen."),
    (Theme.DIVERSITY, "Tolken bij bijeenkomsten", "Advies over tolken bij inspraak",
     "Het parlement vraagt de stad om bij elke inspraakavond op vraag een tolk te voorzien, "
     "gratis voor de organisaties."),
    (Theme.WELFARE, "Vrijwilligers ondersteunen", "Advies over vorming voor vrijwilligers",
     "Het parlement vraagt de stad om elk jaar gratis vormingen te geven voor vrijwilligers "
     "van kleine organisaties, ook 's avonds en in het weekend."),
    (Theme.HOUSING, "Ontmoetingsruimte in de wijk", "Advies over buurtruimtes",
     "Het parlement vraagt de stad om in elke wijk een ruimte te voorzien waar organisaties "
     "elke week kunnen samenkomen."),
    (Theme.CLIMATE, "Groen en schaduw op pleinen", "Advies over koele plekken in de zomer",
     "Het parlement vraagt de stad om op elk plein schaduw, water en zitbanken te voorzien, "
     "eerst in de wijken met het minste groen."),
    (Theme.EDUCATION, "Werk voor nieuwkomers", "Advies over taal en werk",
     "Het parlement vraagt de stad om taallessen en werkervaring beter op elkaar af te "
     "stemmen, samen met de organisaties die nieuwkomers begeleiden."),
    (Theme.CULTURE, "Cultuur voor iedereen", "Advies over de vrijetijdspas",
     "Het parlement vraagt de stad om de korting van de vrijetijdspas ook te geven aan "
     "activiteiten van kleine verenigingen."),
    (Theme.SPORT, "Sportvelden in de buurt", "Advies over open sportvelden",
     "Het parlement vraagt de stad om schoolsportvelden na de schooluren open te stellen "
     "voor jongeren en sportclubs uit de buurt."),
    (Theme.POVERTY, "Energiefacturen", "Advies over hulp bij energiefacturen",
     "Het parlement vraagt de stad om een vast aanspreekpunt voor energieschulden in elk "
     "buurtcentrum."),
    (Theme.YOUTH, "Speelruimte", "Advies over speelstraten",
     "Het parlement vraagt de stad om speelstraten makkelijker aan te vragen: één formulier, "
     "een antwoord binnen twee weken."),
    (Theme.DIVERSITY, "Zelforganisaties erkennen", "Advies over steun voor zelforganisaties",
     "Het parlement vraagt de stad om zelforganisaties sneller te erkennen en hen te helpen "
     "bij hun eerste aanvraag."),
)  # fmt: skip
DISCUSSIONS = (
    "Stand van zaken van de signalenbundel",
    "Toelichting door de stad over de begroting",
    "Terugkoppeling van de thematafels",
    "Voorstelling van het jaarverslag",
    "Vragen van de leden",
)
MOTIONS = (
    ("Motie over de bereikbaarheid van het stadhuis",
     "Het parlement vraagt dat elke zitting bereikbaar is met een rolstoel en met het openbaar "
     "vervoer."),
    ("Motie over digitale vergaderingen",
     "Het parlement vraagt dat leden ook online kunnen deelnemen aan de zittingen."),
    ("Motie over de agenda",
     "Het parlement vraagt dat de agenda en de documenten twee weken op voorhand klaar zijn."),
)  # fmt: skip
AMENDMENT = (
    "Amendement: ook voor feitelijke verenigingen",
    "Dit geldt ook voor feitelijke verenigingen zonder vzw.",
)
ANSWERS = {
    Advice.Answer.ACCEPTED: (
        "De stad volgt dit advies. Het past in het beleidsplan en er is budget voorzien.",
        "De dienst start volgend jaar en brengt het parlement verslag uit na zes maanden.",
    ),
    Advice.Answer.PARTLY: (
        "De stad volgt dit advies voor een deel. Voor alle wijken samen is er dit jaar niet "
        "genoeg budget; we beginnen in de wijken waar de nood het grootst is.",
        "Een proef in drie wijken; daarna bekijken we met het parlement hoe het verder kan.",
    ),
    Advice.Answer.NOT_ACCEPTED: (
        "De stad volgt dit advies niet. De vraag hoort bij de Vlaamse overheid, niet bij de "
        "stad. We geven het advies door en houden het parlement op de hoogte.",
        "",
    ),
}

SIGNAL_TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    Theme.POVERTY: (
        ("Gezinnen kunnen de energiefactuur niet betalen",
         "Steeds meer gezinnen komen bij ons met een afsluitingsbrief van hun energieleverancier."),
        ("Wachtlijst voor de sociale kruidenier",
         "Er staan meer gezinnen op onze wachtlijst dan we kunnen helpen."),
    ),
    Theme.YOUTH: (
        ("Geen plek om te spelen na school",
         "Kinderen spelen op de parking omdat het pleintje gesloten is na 18 uur."),
        ("Jongeren haken af in het secundair",
         "Jongeren die we begeleiden krijgen thuis geen hulp bij hun huiswerk."),
    ),
    Theme.DIVERSITY: (
        ("Brieven van de stad zijn moeilijk",
         "Nieuwkomers begrijpen de brieven niet en durven niet naar het loket te gaan."),
    ),
    Theme.WELFARE: (
        ("Eenzame ouderen in de wijk",
         "Ouderen komen niet meer buiten sinds de bank en de bakker verdwenen zijn."),
    ),
    Theme.HOUSING: (
        ("Geen zaal voor onze activiteiten",
         "We vinden geen betaalbare zaal voor onze wekelijkse bijeenkomst."),
        ("Vocht en schimmel in huurwoningen",
         "Gezinnen die we bezoeken wonen in woningen met vocht, en durven niet te klagen."),
    ),
    Theme.CULTURE: (
        ("Activiteiten te duur voor gezinnen",
         "Gezinnen haken af bij uitstappen omdat het vervoer te duur is."),
    ),
    Theme.SPORT: (
        ("Sportclub vindt geen trainers",
         "We hebben veel jonge leden maar te weinig vrijwillige trainers."),
    ),
    Theme.EDUCATION: (
        ("Digitale kloof bij werkzoekenden",
         "Werkzoekenden moeten alles online doen maar hebben geen computer."),
    ),
    Theme.CLIMATE: (
        ("Te warm in de zomer",
         "In onze straat is er geen schaduw; ouderen blijven binnen tijdens hittegolven."),
    ),
}  # fmt: skip
SIGNAL_TAGS: dict[str, tuple[str, ...]] = {
    Theme.POVERTY: ("energie", "armoede"),
    Theme.YOUTH: ("jongeren", "huiswerk"),
    Theme.DIVERSITY: ("taal", "nieuwkomers"),
    Theme.WELFARE: ("eenzaamheid",),
    Theme.HOUSING: ("ruimte", "wonen"),
    Theme.CULTURE: ("vrije tijd",),
    Theme.SPORT: ("vrijwilligers",),
    Theme.EDUCATION: ("digitaal",),
    Theme.CLIMATE: ("hitte",),
}
SIGNAL_GROUPS: dict[str, tuple[str, str]] = {
    Theme.POVERTY: (
        "Armoede en energie",
        "Organisaties in verschillende wijken zien meer gezinnen die hun vaste kosten niet "
        "meer kunnen betalen, vooral de energiefactuur. Ze vragen één aanspreekpunt in de buurt.",
    ),
    Theme.YOUTH: (
        "Ruimte en hulp voor kinderen en jongeren",
        "Kinderen en jongeren vinden te weinig plek om te spelen en te weinig hulp bij school. "
        "Huiswerkklassen en jeugdwerk vragen vaste lokalen en vaste uren.",
    ),
    Theme.HOUSING: (
        "Een zaal en een goede woning",
        "Kleine verenigingen vinden geen betaalbare zaal. Wie gezinnen bezoekt, ziet woningen "
        "met vocht en schimmel.",
    ),
}


# --- Helpers ---------------------------------------------------------------------------------


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _shift_years(day: date, years: int) -> date:
    """The same day ``years`` later (earlier when negative); 29 February becomes 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH) if rows else []


@dataclass
class Holder:
    """Who holds a seat in a period: the mandate, its organisation, delegate and substitute."""

    seat_id: int
    seat_number: int
    mandate_id: int
    organisation_id: int
    delegate_id: int | None
    substitute_id: int | None
    starts_on: date
    ends_on: date


@dataclass
class Run:
    ctx: SeedContext
    today: date
    now: datetime
    staff: User | None
    chair: User
    rng: random.Random
    people: dict[int, list[int]] = field(default_factory=dict)  # organisation -> user ids
    org_districts: dict[int, set[int]] = field(default_factory=dict)
    advice_seq: dict[int, int] = field(default_factory=dict)
    logs: list[ParliamentLog] = field(default_factory=list)

    def advice_number(self, year: int) -> str:
        if year not in self.advice_seq:
            self.advice_seq[year] = Advice.objects.filter(number__startswith=f"A{year}-").count()
        self.advice_seq[year] += 1
        return f"A{year}-{self.advice_seq[year]:03d}"


def _chair(ctx: SeedContext) -> User:
    email, name = CHAIR
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"name": name, "role": Role.CITIZEN, "email_verified_at": timezone.now()},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ctx.count("accounts", 1)
    ctx.accounts.append((str(Role.CITIZEN.label), f"{email} ({name}, voorzitter)"))
    return user


def _bodies(run: Run) -> dict[str, Body]:
    bodies = {}
    for spec in BODIES:
        body, created = Body.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "kind": spec.kind,
                "name": spec.name,
                "description": spec.description,
                "theme": spec.theme,
                "quorum_percent": 50,
                "convocation_days": 10,
                "advice_answer_days": 60,
                "published": True,
            },
        )
        run.ctx.count("parliament bodies", int(created))
        bodies[spec.slug] = body
        officers = [(run.chair, OfficerRole.CHAIR)]
        if run.staff is not None:
            officers.append((run.staff, OfficerRole.SECRETARY))
        for user, role in officers:
            Officer.objects.get_or_create(body=body, user=user, role=role)
    return bodies


def _anchor(body: Body, today: date) -> date:
    """The start of the current mandate period: the one in the database, or 18 months ago."""
    current = body.current_term(today)
    if current is not None:
        return current.starts_on
    return (today - timedelta(days=548)).replace(day=1)


def _term(body: Body, starts_on: date, run: Run) -> Term:
    term, created = Term.objects.get_or_create(
        body=body,
        starts_on=starts_on,
        defaults={"ends_on": _shift_years(starts_on, TERM_YEARS) - timedelta(days=1)},
    )
    run.ctx.count("parliament mandate periods", int(created))
    return term


# --- Who can sit: organisations with members ---------------------------------------------------


def _load_people(run: Run) -> list[int]:
    """Verified organisations with at least one active member, their people (admins first),
    and their wijken. Returns the generated ones (not the two demo organisations), in a
    stable shuffled order."""
    rows = (
        Membership.objects.filter(organisation__status=Status.VERIFIED, user__is_active=True)
        .order_by("organisation_id", "role", "created_at", "id")  # "admin" before "member"
        .values_list("organisation_id", "user_id")
    )
    people: dict[int, list[int]] = defaultdict(list)
    for organisation_id, user_id in rows:
        people[organisation_id].append(user_id)
    run.people = dict(people)
    demo = set(
        Organisation.objects.filter(slug__in=(DE_BRUG, ZONNEBLOEM)).values_list("pk", flat=True)
    )
    pool = sorted(pk for pk in run.people if pk not in demo)
    random.Random(f"{_SEED}.pool").shuffle(pool)
    _load_districts(run, list(run.people))
    return pool


def _load_districts(run: Run, organisations: list[int]) -> None:
    through: Any = Organisation.districts.through
    for organisation_id, district_id in through.objects.filter(
        organisation_id__in=organisations
    ).values_list("organisation_id", "district_id"):
        run.org_districts.setdefault(organisation_id, set()).add(district_id)


def _ensure_pool(run: Run, pool: list[int], wanted: int) -> list[int]:
    """Too few organisations with members (the events seeder gives most of them one):
    give more verified organisations an admin account (``afgevaardigde-NNNN@example.org``)."""
    missing = wanted - len(pool)
    if missing <= 0:
        return pool
    candidates = list(
        Organisation.objects.filter(status=Status.VERIFIED)
        .exclude(pk__in=list(run.people))
        .exclude(slug__in=(DE_BRUG, ZONNEBLOEM))
        .order_by("pk")
        .values_list("pk", flat=True)[:missing]
    )
    if not candidates:
        return pool
    emails = [f"afgevaardigde-{pk:05d}@example.org" for pk in candidates]
    found = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    password = make_password(DEMO_PASSWORD)
    new = [
        User(
            email=email,
            name=f"Afgevaardigde {pk}",
            role=Role.CITIZEN,
            password=password,
            email_verified_at=run.now,
        )
        for pk, email in zip(candidates, emails, strict=True)
        if email not in found
    ]
    _bulk(User, new)
    run.ctx.count("accounts", len(new))
    found = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    _bulk(
        Membership,
        [
            Membership(
                organisation_id=pk,
                user_id=found[email],
                role=MemberRole.ADMIN,
                created_at=run.now - timedelta(days=800),
            )
            for pk, email in zip(candidates, emails, strict=True)
        ],
    )
    for pk, email in zip(candidates, emails, strict=True):
        run.people[pk] = [found[email]]
    _load_districts(run, candidates)
    return pool + candidates


# --- Seats and mandates ------------------------------------------------------------------------


def _seats(term: Term, count: int, districts: list[District], run: Run) -> list[Seat]:
    """Seats 1..count with the mix of SEAT_PATTERN (a seat keeps its kind once made)."""
    have = set(term.seats.values_list("number", flat=True))
    new = []
    counters: dict[str, int] = defaultdict(int)
    for number in range(1, count + 1):
        kind = SEAT_PATTERN[(number - 1) % len(SEAT_PATTERN)]
        index = counters[kind]
        counters[kind] += 1
        if number in have:
            continue
        seat = Seat(term=term, number=number, kind=kind)
        if kind == SeatKind.THEME:
            seat.theme = SEAT_THEMES[index % len(SEAT_THEMES)]
        elif kind == SeatKind.DISTRICT:
            if districts:
                seat.district = districts[index % len(districts)]
            else:
                seat.kind = SeatKind.OPEN
        elif kind == SeatKind.SIZE:
            seat.size = SIZES[index % len(SIZES)]
        new.append(seat)
    _bulk(Seat, new)
    run.ctx.count("parliament seats", len(new))
    return list(term.seats.order_by("number"))


def _mandates(
    term: Term,
    seats: list[Seat],
    pool: list[int],
    run: Run,
    *,
    fixed: dict[int, int] | None = None,
    offset: int = 0,
) -> list[Holder]:
    """A mandate for every seat without one: one organisation per seat in the period.
    ``fixed`` gives some seats their organisation (seat number -> organisation id)."""
    existing = set(Mandate.objects.filter(seat__term=term).values_list("seat_id", flat=True))
    taken = set(Mandate.objects.filter(seat__term=term).values_list("organisation_id", flat=True))
    fixed = {n: o for n, o in (fixed or {}).items() if o not in taken}
    taken |= set(fixed.values())
    order = pool[offset:] + pool[:offset]
    free = [pk for pk in order if pk not in taken and run.people.get(pk)]
    new: list[Mandate] = []
    for seat in seats:
        if seat.pk in existing:
            continue
        organisation_id = fixed.get(seat.number)
        if organisation_id is None:
            if not free:
                continue
            organisation_id = free[0]
            if seat.district_id is not None:
                # A wijk seat goes to an organisation active in that wijk when there is one.
                local = [
                    pk for pk in free[:200] if seat.district_id in run.org_districts.get(pk, ())
                ]
                organisation_id = local[0] if local else free[0]
            free.remove(organisation_id)
        new.append(
            Mandate(
                seat=seat,
                organisation_id=organisation_id,
                starts_on=term.starts_on,
                ends_on=term.ends_on,
            )
        )
    _bulk(Mandate, new)
    run.ctx.count("parliament mandates", len(new))
    people = []
    for mandate in new:
        persons = run.people.get(mandate.organisation_id, [])
        if persons:
            people.append(
                MandatePerson(mandate=mandate, user_id=persons[0], role=MandateRole.DELEGATE)
            )
        if len(persons) > 1:
            people.append(
                MandatePerson(mandate=mandate, user_id=persons[1], role=MandateRole.SUBSTITUTE)
            )
    _bulk(MandatePerson, people)
    return _holders(term)


def _holders(term: Term) -> list[Holder]:
    roles: dict[int, dict[str, int]] = defaultdict(dict)
    for mandate_id, user_id, role in (
        MandatePerson.objects.filter(mandate__seat__term=term)
        .order_by("id")
        .values_list("mandate_id", "user_id", "role")
    ):
        roles[mandate_id].setdefault(role, user_id)
    return [
        Holder(
            seat_id=m.seat_id,
            seat_number=m.seat.number,
            mandate_id=m.pk,
            organisation_id=m.organisation_id,
            delegate_id=roles[m.pk].get(MandateRole.DELEGATE),
            substitute_id=roles[m.pk].get(MandateRole.SUBSTITUTE),
            starts_on=m.starts_on,
            ends_on=m.ends_on,
        )
        for m in Mandate.objects.filter(seat__term=term)
        .select_related("seat")
        .order_by("seat__number", "starts_on")
    ]


# --- Sessions ----------------------------------------------------------------------------------


@dataclass
class Built:
    """Rows of one run, written in bulk at the end."""

    attendance: list[Attendance] = field(default_factory=list)
    casts: list[VoteCast] = field(default_factory=list)
    turns: list[SecretTurn] = field(default_factory=list)
    choices: list[SecretChoice] = field(default_factory=list)
    cosigners: list[CoSigner] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    votes: int = 0


def _schedule(anchor: date, first: date, last: date, per_year: int) -> list[date]:
    """Session days every 1/per_year of a year from the anchor, between first and last."""
    step = 365.25 / per_year
    days = []
    k = math.floor((first - anchor).days / step) - 1
    while True:
        day = anchor + timedelta(days=round(k * step))
        if day > last:
            break
        if day >= first:
            # A weekday evening: Monday to Thursday.
            while day.weekday() > 3:
                day += timedelta(days=1)
            if day <= last:
                days.append(day)
        k += 1
    return days


def _present(
    holders: list[Holder], rng: random.Random, share: float
) -> list[tuple[Holder, int, bool]]:
    """Who sits on which seat: the delegate, or the substitute when the delegate is absent;
    one seat per person."""
    seated: set[int] = set()
    rows = []
    for holder in holders:
        if rng.random() >= share:
            continue
        person, substitute = holder.delegate_id, False
        if rng.random() < 0.15 and holder.substitute_id is not None:
            person, substitute = holder.substitute_id, True
        if person is None or person in seated:
            person, substitute = holder.substitute_id, True
        if person is None or person in seated:
            continue
        seated.add(person)
        rows.append((holder, person, substitute))
    return rows


def _cast_votes(
    vote: Vote,
    present: list[tuple[Holder, int, bool]],
    rng: random.Random,
    built: Built,
    *,
    support: float,
    turnout: float = 0.95,
    skip_seats: frozenset[int] = frozenset(),
) -> dict[str, int]:
    counts = dict.fromkeys(Choice.values, 0)
    for holder, person, _substitute in present:
        if holder.seat_id in skip_seats or rng.random() >= turnout:
            continue
        roll = rng.random()
        choice = (
            Choice.YES
            if roll < support
            else Choice.NO
            if roll < support + (1 - support) * 0.7
            else Choice.ABSTAIN
        )
        counts[choice] += 1
        at = (vote.opened_at or timezone.now()) + timedelta(seconds=rng.randint(5, 90))
        if vote.secret:
            built.turns.append(SecretTurn(vote=vote, seat_id=holder.seat_id))
            built.choices.append(SecretChoice(vote=vote, choice=choice))
        else:
            built.casts.append(
                VoteCast(
                    vote=vote,
                    seat_id=holder.seat_id,
                    organisation_id=holder.organisation_id,
                    user_id=person,
                    choice=choice,
                    cast_at=at,
                )
            )
    return counts


def _closed_vote(
    item: AgendaItem,
    motion: Motion | None,
    question: str,
    present: list[tuple[Holder, int, bool]],
    seats_total: int,
    needed: int,
    at: datetime,
    rng: random.Random,
    built: Built,
    *,
    support: float,
) -> Vote:
    vote = Vote.objects.create(
        item=item,
        motion=motion,
        question=question[:300],
        secret=rng.random() < 0.15,
        majority=item.majority,
        status=VoteStatus.OPEN,
        opened_at=at,
    )
    counts = _cast_votes(vote, present, rng, built, support=support)
    quorum_met = seats_total > 0 and len(present) >= needed
    vote.status = VoteStatus.CLOSED
    vote.closed_at = at + timedelta(minutes=3)
    vote.seats_total = seats_total
    vote.seats_present = len(present)
    vote.quorum_met = quorum_met
    vote.yes, vote.no, vote.abstain = counts["yes"], counts["no"], counts["abstain"]
    vote.adopted = quorum_met and majority_reached(vote.majority, vote.yes, vote.no, vote.abstain)
    vote.save()
    built.votes += 1
    if motion is not None:
        motion.status = MotionStatus.ADOPTED if vote.adopted else MotionStatus.REJECTED
        motion.save(update_fields=["status", "text"])
    return vote


def _advice_for(motion: Motion, body: Body, theme: str, day: date, run: Run) -> Advice:
    due = day + timedelta(days=body.advice_answer_days)
    advice = Advice(
        body=body,
        motion=motion,
        number=run.advice_number(day.year),
        title=motion.title,
        text=motion.text,
        theme=theme or body.theme,
        adopted_on=day,
        sent_on=day,
        answer_due=due,
    )
    if due < run.today:
        recent = (run.today - day).days < 365
        if run.rng.random() < (0.6 if recent else 0.9):
            answer = run.rng.choices(
                [Advice.Answer.ACCEPTED, Advice.Answer.PARTLY, Advice.Answer.NOT_ACCEPTED],
                [4, 4, 2],
            )[0]
            reasons, actions = ANSWERS[answer]
            advice.answer = answer
            advice.answer_reasons = reasons
            advice.answer_actions = actions
            advice.answered_on = min(day + timedelta(days=run.rng.randint(20, 80)), run.today)
            advice.answered_by = run.staff
    return advice


def _closed_session(
    body: Body,
    holders: list[Holder],
    seats_total: int,
    day: date,
    run: Run,
    built: Built,
    *,
    topic_index: int,
    adopt_advice: bool = False,
) -> Session:
    rng = run.rng
    starts = _at(day, time(19, 30))
    session = Session.objects.create(
        body=body,
        title=f"Zitting van {day.day} {_MONTHS[day.month - 1]} {day.year}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        place=PLACE if body.kind == BodyKind.PARLIAMENT else "Wijkcentrum Brugse Poort",
        status=SessionStatus.CLOSED,
        convocation_sent_at=starts - timedelta(days=body.convocation_days),
    )
    built.sessions.append(session)
    present = _present(holders, rng, rng.uniform(0.65, 0.92))
    built.attendance += [
        Attendance(
            session=session,
            seat_id=holder.seat_id,
            mandate_id=holder.mandate_id,
            user_id=person,
            as_substitute=substitute,
            registered_at=starts - timedelta(minutes=rng.randint(0, 25)),
            registered_by=run.staff,
        )
        for holder, person, substitute in present
    ]
    needed = math.ceil(seats_total * body.quorum_percent / 100) if seats_total else 0
    outcomes = [f"Aanwezig: {len(present)} van de {seats_total} zetels."]
    AgendaItem.objects.create(
        session=session,
        position=1,
        title="Verslag van de vorige zitting",
        kind=ItemKind.INFORMATION,
    )
    outcomes.append("1. Verslag van de vorige zitting: besproken.")
    extra = rng.randint(1, 3)  # 2 to 4 items in all
    at = starts + timedelta(minutes=20)
    for position in range(2, 2 + extra):
        at += timedelta(minutes=25)
        if position == 2:
            theme, item_title, title, text = TOPICS[topic_index % len(TOPICS)]
            kind = MotionKind.ADVICE
        elif rng.random() < 0.5:
            item_title = rng.choice(DISCUSSIONS)
            AgendaItem.objects.create(
                session=session, position=position, title=item_title, kind=ItemKind.DISCUSSION
            )
            outcomes.append(f"{position}. {item_title}: besproken.")
            continue
        else:
            title, text = rng.choice(MOTIONS)
            item_title, theme, kind = title.replace("Motie over", "Over"), "", MotionKind.MOTION
        item = AgendaItem.objects.create(
            session=session,
            position=position,
            title=item_title,
            kind=ItemKind.DECISION,
            majority=rng.choices(
                [Majority.SIMPLE, Majority.ABSOLUTE, Majority.TWO_THIRDS], [7, 2, 1]
            )[0],
        )
        if not present:
            continue
        tabler, tabler_person, _sub = rng.choice(present)
        motion = Motion.objects.create(
            item=item,
            kind=kind,
            title=title,
            text=text
            if body.kind == BodyKind.PARLIAMENT
            else text.replace("Het parlement", f"De {body.name.lower()}"),
            organisation_id=tabler.organisation_id,
            tabled_by_id=tabler_person,
            tabled_at=starts - timedelta(days=rng.randint(3, 12)),
        )
        for holder, person, _s in rng.sample(present, k=min(len(present), rng.randint(0, 3))):
            if holder.organisation_id != tabler.organisation_id:
                built.cosigners.append(
                    CoSigner(
                        motion=motion,
                        organisation_id=holder.organisation_id,
                        signed_by_id=person,
                        signed_at=motion.tabled_at + timedelta(days=1),
                    )
                )
        if rng.random() < 0.2:
            amendment = Motion.objects.create(
                item=item,
                kind=MotionKind.AMENDMENT,
                amends=motion,
                title=AMENDMENT[0],
                text=AMENDMENT[1],
                organisation_id=tabler.organisation_id,
                tabled_by_id=tabler_person,
                tabled_at=motion.tabled_at + timedelta(days=2),
            )
            vote = _closed_vote(
                item,
                amendment,
                amendment.title,
                present,
                seats_total,
                needed,
                at,
                rng,
                built,
                support=rng.uniform(0.3, 0.8),
            )
            if vote.adopted:
                motion.text = f"{motion.text}\n\n{amendment.text}"
            outcomes.append(
                f"{position}. {amendment.title}: "
                f"{'aangenomen' if vote.adopted else 'verworpen'} "
                f"({vote.yes} ja, {vote.no} nee, {vote.abstain} onthoudingen)."
            )
            at += timedelta(minutes=5)
        support = rng.uniform(0.75, 0.95) if adopt_advice else rng.uniform(0.45, 0.92)
        vote = _closed_vote(
            item,
            motion,
            motion.title,
            present,
            seats_total,
            needed,
            at,
            rng,
            built,
            support=support,
        )
        if vote.adopted and kind == MotionKind.ADVICE:
            built.advice.append(_advice_for(motion, body, theme, day, run))
        outcomes.append(
            f"{position}. {motion.title}: {'aangenomen' if vote.adopted else 'verworpen'} "
            f"({vote.yes} ja, {vote.no} nee, {vote.abstain} onthoudingen)."
        )
    session.minutes = "\n".join(outcomes)
    session.save(update_fields=["minutes"])
    return session


_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def _history(
    body: Body,
    terms: list[Term],
    holders: dict[int, list[Holder]],
    first: date,
    per_year: int,
    anchor: date,
    run: Run,
    built: Built,
) -> None:
    last = run.today - timedelta(days=3)
    have = {
        timezone.localdate(at)
        for at in Session.objects.filter(body=body).values_list("starts_at", flat=True)
    }
    seat_counts = {t.pk: t.seats.count() for t in terms}
    for index, day in enumerate(_schedule(anchor, first, last, per_year)):
        if day in have:
            continue
        term = next((t for t in terms if t.starts_on <= day <= t.ends_on), None)
        if term is None or not holders.get(term.pk):
            continue
        current = [h for h in holders[term.pk] if h.starts_on <= day <= h.ends_on]
        _closed_session(
            body,
            current,
            seat_counts[term.pk],
            day,
            run,
            built,
            topic_index=(day.toordinal() // 7 + index) % len(TOPICS),
        )


def _minutes(body: Body) -> None:
    """Minutes of closed sessions: approved at the next session when that one is closed
    too; a draft for the last one (approved at the session in progress)."""
    sessions = list(Session.objects.filter(body=body).order_by("starts_at"))
    for index, session in enumerate(sessions):
        following = sessions[index + 1] if index + 1 < len(sessions) else None
        if session.status != SessionStatus.CLOSED or session.minutes_status != MinutesStatus.NONE:
            continue
        if not session.minutes:
            continue
        if following is not None and following.status == SessionStatus.CLOSED:
            session.minutes_status = MinutesStatus.APPROVED
            session.minutes_approved_in = following
        else:
            session.minutes_status = MinutesStatus.DRAFT
        session.save(update_fields=["minutes_status", "minutes_approved_in"])


def _flush(built: Built, run: Run) -> None:
    _bulk(Attendance, built.attendance)
    _bulk(VoteCast, built.casts)
    _bulk(SecretTurn, built.turns)
    _bulk(SecretChoice, built.choices)
    _bulk(CoSigner, built.cosigners)
    _bulk(Advice, built.advice)
    for advice in built.advice:
        run.logs.append(
            ParliamentLog(
                at=_at(advice.sent_on, time(22, 0)),
                by=None,
                subject="advice",
                subject_id=advice.pk,
                change="sent",
                to_state=Advice.Answer.WAITING,
            )
        )
        if advice.answered_on is not None:
            run.logs.append(
                ParliamentLog(
                    at=_at(advice.answered_on, time(10, 0)),
                    by=run.staff,
                    subject="advice",
                    subject_id=advice.pk,
                    change="answer",
                    from_state=Advice.Answer.WAITING,
                    to_state=advice.answer,
                    reason=advice.answer_reasons,
                )
            )
    ctx = run.ctx
    ctx.count("parliament sessions", len(built.sessions))
    ctx.count("parliament attendance", len(built.attendance))
    ctx.count("parliament votes", built.votes)
    ctx.count("parliament vote casts", len(built.casts) + len(built.turns))
    ctx.count("parliament advice", len(built.advice))
    for name in ("attendance", "casts", "turns", "choices", "cosigners", "advice", "sessions"):
        getattr(built, name).clear()
    built.votes = 0


def _keep_one_overdue(bodies: list[Body], today: date) -> None:
    """At least one advice waits past its deadline (the tracker shows the days overdue)."""
    waiting = Advice.objects.filter(body__in=bodies, answer=Advice.Answer.WAITING)
    if waiting.filter(answer_due__lt=today).exists():
        return
    latest = (
        Advice.objects.filter(body__in=bodies, answer_due__lt=today).order_by("-answer_due").first()
    )
    if latest is not None:
        Advice.objects.filter(pk=latest.pk).update(
            answer=Advice.Answer.WAITING,
            answer_reasons="",
            answer_actions="",
            answered_on=None,
            answered_by=None,
        )


# --- Today and the next session ----------------------------------------------------------------

TODAY_ADVICE = (
    "Advies over een vaste plek voor huiswerkklassen",
    "Het parlement vraagt de stad om elke huiswerkklas een vaste, gratis ruimte te geven in "
    "een school of een buurtcentrum van de eigen wijk, met een kast om materiaal te bewaren.",
)


def _today(body: Body, holders: list[Holder], citizen_id: int | None, run: Run) -> None:
    if Session.objects.filter(body=body, status=SessionStatus.OPEN).exists():
        return
    rng = random.Random(f"{_SEED}.today")
    now = run.now
    starts = now - timedelta(hours=1)
    session = Session.objects.create(
        body=body,
        title="Zitting van vandaag",
        starts_at=starts,
        ends_at=now + timedelta(hours=2),
        place=PLACE,
        online_link="https://meet.example.org/middenveldparlement",
        status=SessionStatus.OPEN,
        convocation_sent_at=starts - timedelta(days=body.convocation_days),
    )
    items = [
        AgendaItem.objects.create(
            session=session,
            position=1,
            title="Verslag van de vorige zitting",
            kind=ItemKind.DECISION,
        ),
        AgendaItem.objects.create(
            session=session,
            position=2,
            title="Een vaste plek voor huiswerkklassen",
            description=(
                "Huiswerkklassen verhuizen vaak van zaal naar zaal. Het advies vraagt een "
                "vaste plek in elke wijk."
            ),
            kind=ItemKind.DECISION,
            majority=Majority.SIMPLE,
        ),
        AgendaItem.objects.create(
            session=session,
            position=3,
            title="Stand van zaken van de signalenbundel",
            kind=ItemKind.INFORMATION,
        ),
    ]
    mine = next((h for h in holders if h.delegate_id == citizen_id), None)
    others = [h for h in holders if h is not mine]
    present = _present(others, rng, 0.85)
    if mine is not None and mine.delegate_id is not None:
        present = [row for row in present if row[1] != mine.delegate_id]
        present.insert(0, (mine, mine.delegate_id, False))
    _bulk(
        Attendance,
        [
            Attendance(
                session=session,
                seat_id=holder.seat_id,
                mandate_id=holder.mandate_id,
                user_id=person,
                as_substitute=substitute,
                registered_at=starts + timedelta(minutes=rng.randint(0, 20)),
                registered_by=run.staff,
            )
            for holder, person, substitute in present
        ],
    )
    tabler = next((h for h, _p, _s in present if h is not mine), mine)
    if tabler is None:
        return
    motion = Motion.objects.create(
        item=items[1],
        kind=MotionKind.ADVICE,
        title=TODAY_ADVICE[0],
        text=TODAY_ADVICE[1],
        organisation_id=tabler.organisation_id,
        tabled_by_id=tabler.delegate_id,
        tabled_at=now - timedelta(days=9),
    )
    if mine is not None and tabler is not mine:
        CoSigner.objects.create(
            motion=motion,
            organisation_id=mine.organisation_id,
            signed_by_id=mine.delegate_id,
            signed_at=now - timedelta(days=7),
        )
    vote = Vote.objects.create(
        item=items[1],
        motion=motion,
        question=motion.title,
        secret=False,
        majority=Majority.SIMPLE,
        status=VoteStatus.OPEN,
        opened_at=now - timedelta(minutes=5),
    )
    built = Built()
    half = present[1:][: len(present) // 2]
    _cast_votes(
        vote,
        half,
        rng,
        built,
        support=0.8,
        turnout=1.0,
        skip_seats=frozenset({mine.seat_id} if mine else set()),
    )
    _bulk(VoteCast, built.casts)
    _bulk(SecretTurn, built.turns)
    _bulk(SecretChoice, built.choices)
    for subject, change, before, after, at in (
        (session, "convened", "planned", "convened", session.convocation_sent_at),
        (session, "status", "convened", "open", starts),
        (vote, "status", "prepared", "open", vote.opened_at),
    ):
        run.logs.append(
            ParliamentLog(
                at=at or now,
                by=run.staff,
                subject=str(subject._meta.model_name),
                subject_id=subject.pk,
                change=change,
                from_state=before,
                to_state=after,
            )
        )
    run.ctx.count("parliament sessions", 1)
    run.ctx.count("parliament attendance", len(present))
    run.ctx.count("parliament vote casts", len(built.casts))


def _upcoming(body: Body, run: Run) -> None:
    if Session.objects.filter(
        body=body,
        status__in=[SessionStatus.PLANNED, SessionStatus.CONVENED],
        starts_at__gt=run.now,
    ).exists():
        return
    day = run.today + timedelta(days=21)
    while day.weekday() > 3:  # a weekday evening
        day += timedelta(days=1)
    starts = _at(day, time(19, 30))
    session = Session.objects.create(
        body=body,
        title=f"Zitting van {day.day} {_MONTHS[day.month - 1]} {day.year}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        place=PLACE,
        status=SessionStatus.PLANNED,
    )
    for position, (title, kind) in enumerate(
        (
            ("Verslag van de vorige zitting", ItemKind.DECISION),
            ("Antwoord van de stad op de adviezen van dit voorjaar", ItemKind.DISCUSSION),
            ("Signalenbundel: wat nemen we mee naar de stad?", ItemKind.DECISION),
        ),
        start=1,
    ):
        AgendaItem.objects.create(session=session, position=position, title=title, kind=kind)
    run.ctx.count("parliament sessions", 1)


def _recent_table_advice(table: Body, holders: list[Holder], run: Run, built: Built) -> None:
    """One advice that waits for the city's answer and is not yet due: a session of the
    table three weeks ago that adopted it."""
    if Advice.objects.filter(
        body=table, answer=Advice.Answer.WAITING, answer_due__gte=run.today
    ).exists():
        return
    day = run.today - timedelta(days=21)
    if Session.objects.filter(body=table, starts_at__date=day).exists() or not holders:
        return
    _closed_session(table, holders, len(holders), day, run, built, topic_index=0, adopt_advice=True)


# --- Signals ---------------------------------------------------------------------------------


def _signals(run: Run, organisations: list[int], districts: list[District], base: date) -> None:
    if not organisations:
        return
    rng = random.Random(f"{_SEED}.signals")
    count = SIGNALS_PER_SCALE * run.ctx.scale
    themes = list(SIGNAL_TEXTS)
    planned = []
    for _n in range(count):
        theme = rng.choice(themes)
        title, text = rng.choice(SIGNAL_TEXTS[theme])
        organisation_id = organisations[rng.randrange(len(organisations))]
        own = sorted(run.org_districts.get(organisation_id, ()))
        district_id = rng.choice(own) if own else (rng.choice(districts).pk if districts else None)
        day = base - timedelta(days=rng.randint(1, 3 * 365))
        filed_at = _at(day, time(rng.randint(8, 21), rng.choice((0, 15, 30, 45))))
        tag_names = list(SIGNAL_TAGS[theme][: rng.randint(0, len(SIGNAL_TAGS[theme]))])
        grouped = theme in SIGNAL_GROUPS and rng.random() < 0.75
        planned.append(
            (organisation_id, title, text, theme, district_id, filed_at, tag_names, grouped)
        )
    have = set(
        Signal.objects.filter(organisation_id__in=organisations).values_list(
            "organisation_id", "title", "filed_at"
        )
    )
    planned = [p for p in planned if (p[0], p[1], p[5]) not in have]
    if not planned:
        return
    groups: dict[tuple[int, str], SignalGroup] = {}
    for p in planned:
        if p[7]:
            year, theme = timezone.localtime(p[5]).year, p[3]
            if (year, theme) not in groups:
                title, summary = SIGNAL_GROUPS[theme]
                groups[(year, theme)], _created = SignalGroup.objects.get_or_create(
                    title=title, year=year, defaults={"summary": summary}
                )
    tag_rows = {
        name: SignalTag.objects.get_or_create(name=name)[0]
        for names in SIGNAL_TAGS.values()
        for name in names
    }
    signals = [
        Signal(
            organisation_id=organisation_id,
            filed_by_id=next(iter(run.people.get(organisation_id, [])), None),
            filed_at=filed_at,
            title=title,
            text=text,
            theme=theme,
            district_id=district_id,
            group=groups.get((timezone.localtime(filed_at).year, theme)) if grouped else None,
        )
        for organisation_id, title, text, theme, district_id, filed_at, _t, grouped in planned
    ]
    _bulk(Signal, signals)
    through: Any = Signal.tags.through
    _bulk(
        through,
        [
            through(signal_id=signal.pk, signaltag_id=tag_rows[name].pk)
            for signal, p in zip(signals, planned, strict=True)
            for name in p[6]
        ],
    )
    run.ctx.count("parliament signals", len(signals))


# --- The seeder ------------------------------------------------------------------------------


@seeder(order=65)
def seed_parliament(ctx: SeedContext) -> None:
    """The middenveldparlement with its history, two thematic tables and a working group."""
    now = timezone.now()
    run = Run(
        ctx=ctx,
        today=timezone.localdate(now),
        now=now,
        staff=User.objects.filter(email=STAFF).first(),
        chair=_chair(ctx),
        rng=random.Random(f"{_SEED}.{ctx.scale}"),
    )
    bodies = _bodies(run)
    parliament = bodies[PARLIAMENT]
    anchor = _anchor(parliament, run.today)
    years = history_years(ctx.scale)
    first = anchor - timedelta(days=round((years - 1.5) * 365.25))
    districts = list(District.objects.order_by("name"))
    brugse_poort = next((d for d in districts if d.name == BRUGSE_POORT), None)
    count = seats_per_term(ctx.scale)

    pool = _ensure_pool(run, _load_people(run), count)
    demo = dict(
        Organisation.objects.filter(slug__in=(DE_BRUG, ZONNEBLOEM)).values_list("slug", "pk")
    )
    citizen_id = User.objects.filter(email=CITIZEN).values_list("pk", flat=True).first()

    # Mandate periods: the current one and earlier ones back to the start of the history.
    terms = [_term(parliament, anchor, run)]
    while terms[-1].starts_on > first:
        terms.append(_term(parliament, _shift_years(terms[-1].starts_on, -TERM_YEARS), run))
    holders: dict[int, list[Holder]] = {}
    for index, term in enumerate(terms):
        seats = _seats(term, count, districts, run)
        fixed: dict[int, int] = {}
        if index == 0:
            # De Brug on a wijk seat (the Brugse Poort), the Zonnebloem on a theme seat.
            wijk = next(
                (s for s in seats if brugse_poort and s.district_id == brugse_poort.pk),
                next((s for s in seats if s.kind in (SeatKind.DISTRICT, SeatKind.OPEN)), None),
            )
            theme = next((s for s in seats if s.theme == Theme.DIVERSITY), None) or next(
                (s for s in seats if s.kind == SeatKind.THEME and s is not wijk), None
            )
            if wijk is not None and DE_BRUG in demo:
                fixed[wijk.number] = demo[DE_BRUG]
            if theme is not None and ZONNEBLOEM in demo:
                fixed[theme.number] = demo[ZONNEBLOEM]
        elif index == 1 and DE_BRUG in demo:
            fixed[seats[-1].number] = demo[DE_BRUG]
        holders[term.pk] = _mandates(
            term, seats, pool, run, fixed=fixed, offset=(index * count) % max(len(pool), 1)
        )
        if index == 0:
            for slug in (DE_BRUG, ZONNEBLOEM):
                _record_mandate(term, holders[term.pk], demo.get(slug), run)

    built = Built()
    _history(parliament, terms, holders, first, SESSIONS_PER_YEAR, anchor, run, built)
    _flush(built, run)

    # The tables and the working group: the current period only, with their own seats.
    current_orgs = [h.organisation_id for h in holders[terms[0].pk]]
    for offset, spec in enumerate(BODIES[1:], start=1):
        body = bodies[spec.slug]
        term = _term(body, anchor, run)
        seats = _seats_simple(term, spec.seats, spec.theme, run)
        table_pool = current_orgs[offset * 7 :] + current_orgs[: offset * 7]
        table_holders = _mandates(term, seats, table_pool, run)
        if body.kind == BodyKind.TABLE:
            _history(
                body,
                [term],
                {term.pk: table_holders},
                anchor,
                TABLE_SESSIONS_PER_YEAR,
                anchor,
                run,
                built,
            )
            if spec.theme == Theme.POVERTY:
                _recent_table_advice(body, table_holders, run, built)
            _flush(built, run)
        _minutes(body)

    _today(parliament, holders[terms[0].pk], citizen_id, run)
    _upcoming(parliament, run)
    _minutes(parliament)
    _keep_one_overdue(list(bodies.values()), run.today)
    _bulk(ParliamentLog, run.logs)

    # From every organisation with members (not only those with a seat): a stable list.
    signal_orgs = sorted(run.people)
    _signals(run, signal_orgs, districts, anchor + timedelta(days=548))
    # bulk_create sends no signals: make the cached pages (and the live tally) fresh by hand.
    bump_content_version()
    bump_content_version(TALLY)


def _seats_simple(term: Term, count: int, theme: str, run: Run) -> list[Seat]:
    have = set(term.seats.values_list("number", flat=True))
    new = [
        Seat(term=term, number=n, kind=SeatKind.THEME, theme=theme)
        for n in range(1, count + 1)
        if n not in have
    ]
    _bulk(Seat, new)
    run.ctx.count("parliament seats", len(new))
    return list(term.seats.order_by("number"))


def _record_mandate(term: Term, holders: list[Holder], organisation_id: Any, run: Run) -> None:
    """The demo organisations' 360° timeline shows their seat (once)."""
    if organisation_id is None:
        return
    holder = next((h for h in holders if h.organisation_id == organisation_id), None)
    if holder is None:
        return
    organisation = Organisation.objects.get(pk=organisation_id)
    if TimelineEvent.objects.filter(
        organisation=organisation, kind="parliament.mandate", subject_id=str(holder.mandate_id)
    ).exists():
        return
    timeline_record(
        organisation=organisation,
        kind="parliament.mandate",
        actor=run.staff,
        subject=Mandate.objects.get(pk=holder.mandate_id),
        occurred_at=_at(term.starts_on, time(10, 0)),
        data={"seat": holder.seat_number, "body": str(term.body)},
    )
