"""Demo events: the consultation rounds of 2021 and a few coming ones; at scale, many more.

From the city's page about the trajectory (../shared/seed/): in May 2021 (7 and 8 May)
representatives of civil-society organisations debated the priorities for the extra
750,000 euro for basic work, and on Saturday 26 June 2021 two aldermen explained the
policy lines in an open webinar. Those three are past events with their minutes and
outcomes (in our own words). Coming: a hybrid consultation event with people who asked
for Turkish and Arabic interpretation and childcare, a small information evening that
is full (with a waiting list), and a webinar.

At scale: 200 events and about 10,500 registrations per scale step (``--scale 10``:
2,000 events, over 100,000 registrations), by 500 generated participants per step, each a
member of one verified organisation; one registration in five is on behalf of that
organisation and goes into its 360° timeline. Written with ``bulk_create``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone, translation

from middenveld.accounts.models import Role, User
from middenveld.core.cache import bump_content_version
from middenveld.core.seeding import SeedContext, seeder
from middenveld.events import timeline as _kinds  # noqa: F401  (declares the event kinds)
from middenveld.events.models import (
    Event,
    EventDocument,
    EventStatus,
    Format,
    Registration,
    RegistrationStatus,
)
from middenveld.organisations.models import (
    Language,
    MemberRole,
    Membership,
    Organisation,
    Status,
    TimelineEvent,
)
from middenveld.participation.models import Process
from middenveld.trajectory.models import Workstream

BRUSSELS = ZoneInfo("Europe/Brussels")
EVENTS_PER_SCALE = 200
PARTICIPANTS_PER_SCALE = 500
REGISTRATIONS_PER_EVENT = 60  # on average; past events have no waiting list: ~10,500 per step
BATCH = 2000
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def _day_at(days: int, hour: int, minute: int = 0) -> datetime:
    """``days`` from today, at a local hour (whole days keep the seed stable in a day)."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


AGENDA_2021 = (
    "1. Welkom en waarom we hier zijn\n"
    "2. De extra middelen voor basiswerk: 750.000 euro\n"
    "3. In kleine groepen: wat moet voorrang krijgen?\n"
    "4. Terugkoppeling van de groepen en debat\n"
    "5. Hoe het verder gaat"
)

PAST_2021: list[dict[str, Any]] = [
    {
        "slug": "inspraakmoment-basiswerk-7-mei-2021",
        "title_nl": "Inspraakmoment basiswerk (7 mei 2021)",
        "title_en": "Consultation on basic work (7 May 2021)",
        "summary_nl": "Vertegenwoordigers van Gentse middenveldorganisaties debatteren over de "
        "prioriteiten bij de verdeling van de extra middelen voor basiswerk.",
        "summary_en": "Representatives of Ghent's civil-society organisations debate the "
        "priorities for dividing the extra money for basic work.",
        "agenda_nl": AGENDA_2021,
        "format": Format.ONLINE,
        "starts_at": _at(2021, 5, 7, 19, 0),
        "ends_at": _at(2021, 5, 7, 21, 30),
        "capacity": 80,
        "outcomes_nl": "De organisaties vroegen vooral om structurele steun voor kleine "
        "organisaties die basiswerk doen, om eenvoudige aanvraagprocedures en om aandacht "
        "voor zelforganisaties.",
        "minutes_nl": "Na een korte toelichting over de 750.000 euro extra voor basiswerk "
        "bespraken de deelnemers in kleine groepen wat voorrang moet krijgen. Elke groep "
        "bracht drie prioriteiten mee naar het gezamenlijke debat. De stad neemt ze mee in "
        "de beleidslijnen die in juni worden voorgesteld.",
    },
    {
        "slug": "inspraakmoment-basiswerk-8-mei-2021",
        "title_nl": "Inspraakmoment basiswerk (8 mei 2021)",
        "title_en": "Consultation on basic work (8 May 2021)",
        "summary_nl": "Tweede inspraakmoment over de prioriteiten bij de verdeling van de extra "
        "middelen voor basiswerk.",
        "summary_en": "Second consultation on the priorities for the extra money for basic work.",
        "agenda_nl": AGENDA_2021,
        "format": Format.ONLINE,
        "starts_at": _at(2021, 5, 8, 10, 0),
        "ends_at": _at(2021, 5, 8, 12, 30),
        "capacity": 80,
        "outcomes_nl": "De deelnemers bevestigden de prioriteiten van 7 mei en voegden er een "
        "toe: ondersteuning bij het vinden van vrijwilligers en ruimte.",
        "minutes_nl": "Dezelfde vragen als op 7 mei, met andere organisaties. De groepen "
        "vonden elkaar snel in de nood aan zekerheid over meerdere jaren en aan minder "
        "papierwerk. De resultaten van beide dagen worden samengevoegd.",
    },
    {
        "slug": "webinar-beleidslijnen-basiswerk-26-juni-2021",
        "title_nl": "Webinar: beleidslijnen basiswerk financieel versterken",
        "title_en": "Webinar: policy lines for strengthening basic work financially",
        "summary_nl": "Schepen Astrid De Bruycker en schepen Rudy Coddens lichten in een open "
        "webinar de beleidslijnen en de ondersteuningsmogelijkheden toe.",
        "summary_en": "Aldermen Astrid De Bruycker and Rudy Coddens explain the policy lines "
        "and the support on offer in an open webinar.",
        "agenda_nl": "1. Welkom\n2. De beleidslijnen\n3. De ondersteuningsmogelijkheden\n"
        "4. Vragen van de deelnemers",
        "format": Format.ONLINE,
        "starts_at": _at(2021, 6, 26, 10, 0),
        "ends_at": _at(2021, 6, 26, 11, 30),
        "capacity": 300,
        "outcomes_nl": "De beleidslijnen voor het financieel versterken van basiswerk zijn "
        "voorgesteld, met de waaier aan ondersteuningsmogelijkheden voor organisaties.",
        "minutes_nl": "De schepenen stelden de beleidslijnen voor die volgden uit de "
        "inspraakmomenten van mei. Daarna beantwoordden ze vragen van de deelnemers. In de "
        "opname start de introductie op 11 minuten 20 seconden.",
        "recording_url": "https://video.example.org/middenveld/webinar-2021-06-26",
    },
]


def _upcoming() -> list[dict[str, Any]]:
    return [
        {
            "slug": "inspraakmoment-prioriteiten-basiswerk",
            "title_nl": "Inspraakmoment: prioriteiten basiswerk",
            "title_en": "Consultation: priorities for basic work",
            "title_fr": "Consultation : priorités du travail de base",
            "title_tr": "Danışma toplantısı: temel çalışma öncelikleri",
            "summary_nl": "Welke prioriteiten krijgen voorrang in de volgende ronde? Kom mee "
            "debatteren, ter plaatse of online. Tolken zijn mogelijk: vraag het bij je "
            "inschrijving.",
            "summary_en": "Which priorities come first in the next round? Come and debate, on "
            "site or online. Interpreters are possible: ask when you register.",
            "agenda_nl": "1. Welkom en kennismaking\n2. Wat de vorige ronde opleverde\n"
            "3. In groepen: prioriteiten kiezen\n4. Samen beslissen over de volgende stappen",
            "agenda_en": "1. Welcome\n2. What the last round brought\n"
            "3. In groups: choosing priorities\n4. Deciding the next steps together",
            "format": Format.HYBRID,
            "place_name": "Stadhuis Gent",
            "street": "Botermarkt 1",
            "postal_code": "9000",
            "municipality": "Gent",
            "room": "Troonzaal, eerste verdieping",
            "accessibility_nl": "Toegang zonder trappen via de ingang aan de Hoogpoort; er is "
            "een lift en een aangepast toilet. Kinderopvang op aanvraag.",
            "online_link": "https://meet.example.org/middenveld-inspraak",
            "starts_at": _day_at(21, 19, 0),
            "ends_at": _day_at(21, 21, 30),
            "capacity": 60,
            "capacity_per_organisation": 3,
            "registration_opens_at": _day_at(-14, 9, 0),
        },
        {
            "slug": "infoavond-samenwerken-met-de-stad",
            "title_nl": "Infoavond: samenwerken met de stad",
            "title_en": "Information evening: working with the city",
            "summary_nl": "Een kleine groep, veel ruimte voor vragen: hoe werk je als "
            "organisatie samen met de stad?",
            "summary_en": "A small group with lots of room for questions: how does an "
            "organisation work with the city?",
            "agenda_nl": "1. Wie doet wat bij de stad\n2. Vragen en antwoorden",
            "format": Format.IN_PERSON,
            "place_name": "Wijkcentrum De Brugse Poort",
            "street": "Rooigemlaan 2",
            "postal_code": "9000",
            "municipality": "Gent",
            "room": "Zaal 1, gelijkvloers",
            "accessibility_nl": "Alles op het gelijkvloers, toegang zonder trappen.",
            "starts_at": _day_at(35, 19, 30),
            "ends_at": _day_at(35, 21, 0),
            "capacity": 2,
        },
        {
            "slug": "webinar-een-subsidie-aanvragen",
            "title_nl": "Webinar: een subsidie aanvragen",
            "title_en": "Webinar: applying for a grant",
            "summary_nl": "Stap voor stap: welke subsidies er zijn en hoe je ze aanvraagt.",
            "summary_en": "Step by step: which grants exist and how to apply.",
            "format": Format.ONLINE,
            "online_link": "https://meet.example.org/webinar-subsidie",
            "starts_at": _day_at(10, 12, 0),
            "ends_at": _day_at(10, 13, 0),
            "capacity": 150,
        },
    ]


def _agenda_pdf() -> bytes:
    from middenveld.core.pdf import PdfDocument

    document = PdfDocument(title="Inspraakmoment: prioriteiten basiswerk", language="nl")
    document.heading("Agenda")
    for line in (
        "1. Welkom en kennismaking",
        "2. Wat de vorige ronde opleverde",
        "3. In groepen: prioriteiten kiezen",
        "4. Samen beslissen over de volgende stappen",
    ):
        document.paragraph(line)
    return document.render()


def _create(
    values: dict[str, Any], *, workstream: Workstream | None, process: Any, by: Any
) -> Event:
    values = dict(values)
    minutes = values.pop("minutes_nl", "")
    outcomes = values.pop("outcomes_nl", "")
    recording = values.pop("recording_url", "")
    event = Event(
        workstream=workstream,
        process=process,
        published=True,
        created_by=by,
        created_at=values["starts_at"] - timedelta(days=40),
        **values,
    )
    if minutes or outcomes or recording:
        event.minutes_nl = minutes  # type: ignore[attr-defined]
        event.outcomes_nl = outcomes  # type: ignore[attr-defined]
        event.recording_url = recording
        event.report_published = True
        event.report_published_at = values["ends_at"] + timedelta(days=3)
    event.save()
    return event


def _register(
    event: Event,
    person: User | None,
    *,
    organisation: Organisation | None = None,
    status: str = RegistrationStatus.REGISTERED,
    at: datetime,
    checked_in: bool = False,
    **needs: Any,
) -> None:
    if person is None:
        return
    registration = Registration.objects.create(
        event=event,
        person=person,
        organisation=organisation,
        status=status,
        created_at=at,
        checked_in_at=event.starts_at + timedelta(minutes=5) if checked_in else None,
        **needs,
    )
    if organisation is not None:
        kind = "events.registered" if status == RegistrationStatus.REGISTERED else "events.waiting"
        TimelineEvent.objects.create(
            organisation=organisation,
            kind=kind,
            actor=person,
            occurred_at=at,
            data={
                "person": person.get_full_name(),
                "person_id": person.pk,
                "event": event.title_nl,  # type: ignore[attr-defined]
                "event_id": event.pk,
                "day": timezone.localtime(event.starts_at).strftime("%d/%m/%Y"),
            },
            subject_type=ContentType.objects.get_for_model(Registration),
            subject_id=str(registration.pk),
        )


def _seed_demo(ctx: SeedContext, workstream: Workstream | None, process: Any, staff: Any) -> None:
    people = {
        u.email: u for u in User.objects.filter(role=Role.CITIZEN, email__endswith="@example.org")
    }
    citizen = people.get(CITIZEN)
    ayse = people.get("ayse.yilmaz@example.org")
    koen = people.get("koen.vermeulen@example.org")
    fatima = people.get("fatima.benali@example.org")
    de_brug = Organisation.objects.filter(slug=DE_BRUG).first()
    zonnebloem = Organisation.objects.filter(slug=ZONNEBLOEM).first()
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=("tr", "ar", "bg"))}

    for values in PAST_2021:
        if Event.objects.filter(slug=values["slug"]).exists():
            continue
        event = _create(values, workstream=workstream, process=None, by=staff)
        ctx.count("events", 1)
        before = event.starts_at - timedelta(days=6)
        if "webinar" not in event.slug:
            _register(event, citizen, organisation=de_brug, at=before, checked_in=True)
            _register(
                event,
                ayse,
                organisation=zonnebloem,
                at=before + timedelta(hours=2),
                checked_in=True,
                interpreter_language=languages.get("tr"),
            )
    for values in _upcoming():
        if Event.objects.filter(slug=values["slug"]).exists():
            continue
        event = _create(values, workstream=workstream, process=process, by=staff)
        ctx.count("events", 1)
        now = timezone.now()
        if event.slug == "inspraakmoment-prioriteiten-basiswerk":
            pdf = _agenda_pdf()
            document = EventDocument(event=event, title="Agenda (PDF)", kind="pdf")
            document.title_nl = "Agenda (PDF)"  # type: ignore[attr-defined]
            document.title_en = "Agenda (PDF)"  # type: ignore[attr-defined]
            document.file.save("agenda-inspraakmoment.pdf", ContentFile(pdf), save=False)
            document.save()
            _register(
                event,
                ayse,
                organisation=zonnebloem,
                at=now - timedelta(days=5),
                interpreter_language=languages.get("tr"),
                childcare=True,
            )
            _register(
                event,
                koen,
                organisation=de_brug,
                at=now - timedelta(days=4),
                step_free_access=True,
                dietary_needs="vegetarisch",
            )
            _register(
                event,
                fatima,
                at=now - timedelta(days=3),
                interpreter_language=languages.get("ar"),
                childcare=True,
            )
        elif event.slug == "webinar-een-subsidie-aanvragen":
            # The demo citizen has a place: their page shows the link and the .ics.
            _register(event, citizen, at=now - timedelta(days=2), dietary_needs="")
        elif event.slug == "infoavond-samenwerken-met-de-stad":
            _register(event, ayse, at=now - timedelta(days=3))
            _register(event, koen, at=now - timedelta(days=2))
            _register(
                event,
                fatima,
                status=RegistrationStatus.WAITING,
                at=now - timedelta(days=1),
                interpreter_language=languages.get("ar"),
            )


# --- At scale -------------------------------------------------------------------------------

KINDS = ("Infoavond", "Inspraakmoment", "Webinar", "Werksessie", "Netwerkmoment", "Vorming")
TOPICS = (
    "subsidies voor basiswerk",
    "vrijwilligers vinden en houden",
    "een zaal huren",
    "samenwerken in de wijk",
    "een vzw oprichten",
    "communicatie in meerdere talen",
    "de middelen voor zelforganisaties",
    "toegankelijke activiteiten",
)
PLACES = (
    ("Wijkcentrum Brugse Poort", "Rooigemlaan 2", "9000"),
    ("Buurtcentrum Rabot", "Wondelgemstraat 64", "9000"),
    ("Ontmoetingscentrum Ledeberg", "Hundelgemsesteenweg 85", "9050"),
    ("Stadhuis Gent", "Botermarkt 1", "9000"),
    ("Wijkcentrum Nieuw Gent", "Jan Delvinlaan 120", "9000"),
    ("Buurthuis Sint-Amandsberg", "Antwerpsesteenweg 180", "9040"),
)


def _participants(ctx: SeedContext, rng: random.Random) -> list[tuple[int, int | None]]:
    """(user id, organisation id) for the generated participants; created when missing."""
    wanted = PARTICIPANTS_PER_SCALE * ctx.scale
    emails = [f"deelnemer{n:05d}@example.org" for n in range(wanted)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [e for e in emails if e not in existing]
    if missing:
        password = make_password(None)
        codes = ("nl", "nl", "nl", "nl", "fr", "en", "tr", "ar", "bg")
        User.objects.bulk_create(
            [
                User(
                    email=email,
                    name=f"Deelnemer {email[9:14]}",
                    password=password,
                    language=rng.choice(codes),
                    email_verified_at=timezone.now(),
                )
                for email in missing
            ],
            batch_size=BATCH,
        )
        ctx.count("accounts", len(missing))
    users = list(
        User.objects.filter(email__in=emails).order_by("email").values_list("id", flat=True)
    )
    orgs = list(
        Organisation.objects.filter(status=Status.VERIFIED)
        .exclude(slug__in=(DE_BRUG, ZONNEBLOEM))
        .order_by("id")
        .values_list("id", flat=True)[: len(users)]
    )
    member_of = dict(
        Membership.objects.filter(user_id__in=users).values_list("user_id", "organisation_id")
    )
    new = []
    for index, user_id in enumerate(users):
        if user_id in member_of or not orgs:
            continue
        organisation_id = orgs[index % len(orgs)]
        member_of[user_id] = organisation_id
        new.append(
            Membership(
                organisation_id=organisation_id,
                user_id=user_id,
                role=MemberRole.MEMBER,
                created_at=timezone.now() - timedelta(days=400),
            )
        )
    Membership.objects.bulk_create(new, batch_size=BATCH)
    return [(user_id, member_of.get(user_id)) for user_id in users]


def _seed_generated(ctx: SeedContext, workstreams: list[Workstream], staff: Any) -> None:
    rng = random.Random(6161)  # our own: the same events on every run
    total = EVENTS_PER_SCALE * ctx.scale
    slugs = [f"activiteit-{n:05d}" for n in range(total)]
    existing = set(Event.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    todo = [(n, slug) for n, slug in enumerate(slugs) if slug not in existing]
    if not todo:
        return
    participants = _participants(ctx, rng)
    languages = list(
        Language.objects.filter(code__in=("tr", "ar", "bg", "fr", "en", "ps", "so"))
        .order_by("code")
        .values_list("id", flat=True)
    )
    today = timezone.localdate()
    events = []
    for n, slug in todo:
        kind = KINDS[n % len(KINDS)]
        topic = TOPICS[(n // len(KINDS)) % len(TOPICS)]
        # 60 % in the past two years, 40 % in the coming year.
        offset = rng.randint(-730, -1) if rng.random() < 0.6 else rng.randint(1, 365)
        day = today + timedelta(days=offset)
        hour = rng.choice((10, 14, 19, 19, 20))
        starts = datetime(day.year, day.month, day.day, hour, 0, tzinfo=BRUSSELS)
        fmt = (
            Format.ONLINE
            if kind == "Webinar"
            else rng.choice((Format.IN_PERSON, Format.IN_PERSON, Format.HYBRID))
        )
        place = PLACES[n % len(PLACES)]
        title = f"{kind}: {topic}"
        summary = f"{kind} over {topic}, voor organisaties en bewoners. Iedereen is welkom."
        event = Event(
            slug=slug,
            title=title,
            summary=summary,
            agenda="1. Welkom\n2. Toelichting\n3. Vragen en gesprek",
            workstream=workstreams[n % len(workstreams)] if workstreams else None,
            format=fmt,
            place_name=place[0] if fmt != Format.ONLINE else "",
            street=place[1] if fmt != Format.ONLINE else "",
            postal_code=place[2] if fmt != Format.ONLINE else "",
            municipality="Gent" if fmt != Format.ONLINE else "",
            online_link=f"https://meet.example.org/{slug}" if fmt != Format.IN_PERSON else "",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=rng.choice((20, 30, 40, 50, 60, 80, 120)),
            published=rng.random() < 0.97,
            status=EventStatus.CANCELLED if rng.random() < 0.02 else EventStatus.SCHEDULED,
            created_by=staff,
            created_at=starts - timedelta(days=45),
        )
        event.title_nl = title  # type: ignore[attr-defined]
        event.summary_nl = summary  # type: ignore[attr-defined]
        event.agenda_nl = event.agenda  # type: ignore[attr-defined]
        if offset < 0 and rng.random() < 0.3:
            event.minutes_nl = "De deelnemers wisselden ervaringen uit. Het verslag vat samen."  # type: ignore[attr-defined]
            event.outcomes_nl = "Drie afspraken voor de volgende maanden."  # type: ignore[attr-defined]
            event.report_published = True
            event.report_published_at = starts + timedelta(days=5)
        events.append(event)
    Event.objects.bulk_create(events, batch_size=BATCH)
    ctx.count("events", len(events))
    # bulk_create sets the primary keys on PostgreSQL and SQLite 3.35+.
    if any(e.pk is None for e in events):
        by_slug = dict(
            Event.objects.filter(slug__in=[e.slug for e in events]).values_list("slug", "id")
        )
        for e in events:
            e.pk = by_slug[e.slug]

    registration_type = ContentType.objects.get_for_model(Registration)
    now = timezone.now()
    rows: list[Registration] = []
    on_behalf: list[tuple[Registration, Event]] = []
    for event in events:
        count = rng.randint(REGISTRATIONS_PER_EVENT // 2, REGISTRATIONS_PER_EVENT * 3 // 2)
        people = rng.sample(participants, min(count, len(participants)))
        past = event.starts_at < now
        opened = event.created_at
        span = max(60.0, (min(event.starts_at, now) - opened).total_seconds())
        times = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in people)
        registered = 0
        for (user_id, organisation_id), at in zip(people, times, strict=True):
            cancelled = rng.random() < 0.05
            if cancelled:
                status = RegistrationStatus.CANCELLED
            elif registered < event.capacity:
                status = RegistrationStatus.REGISTERED
                registered += 1
            else:
                status = RegistrationStatus.WAITING
            if past and status == RegistrationStatus.WAITING:
                continue
            behalf = organisation_id if organisation_id and rng.random() < 0.2 else None
            roll = rng.random()
            row = Registration(
                event_id=event.pk,
                person_id=user_id,
                organisation_id=behalf,
                status=status,
                created_at=at,
                cancelled_at=at + timedelta(days=1) if cancelled else None,
                checked_in_at=event.starts_at + timedelta(minutes=rng.randint(-10, 20))
                if past
                and status == RegistrationStatus.REGISTERED
                and rng.random() < 0.75
                and not event.is_cancelled
                else None,
                reminded_at=event.starts_at - timedelta(hours=20)
                if past and status == RegistrationStatus.REGISTERED
                else None,
                interpreter_language_id=rng.choice(languages)
                if languages and roll < 0.08
                else None,
                sign_language=0.08 <= roll < 0.1,
                childcare=rng.random() < 0.05,
                step_free_access=rng.random() < 0.04,
                dietary_needs=rng.choice(("vegetarisch", "halal", "geen noten", "veganistisch"))
                if rng.random() < 0.1
                else "",
            )
            rows.append(row)
            if behalf:
                on_behalf.append((row, event))
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    ctx.count("event registrations", len(rows))
    names = dict(
        User.objects.filter(id__in={p for p, _o in participants}).values_list("id", "name")
    )
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                organisation_id=cast(int, row.organisation_id),
                kind="events.waiting"
                if row.status == RegistrationStatus.WAITING
                else "events.registered",
                actor_id=row.person_id,
                occurred_at=row.created_at,
                data={
                    "person": names.get(row.person_id, ""),
                    "person_id": row.person_id,
                    "event": event.title,
                    "event_id": event.pk,
                    "day": timezone.localtime(event.starts_at).strftime("%d/%m/%Y"),
                },
                subject_type=registration_type,
                subject_id=str(row.pk or ""),
            )
            for row, event in on_behalf
        ],
        batch_size=BATCH,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (Event._meta.db_table, Registration._meta.db_table):
                cursor.execute(f"ANALYZE {table}")  # noqa: S608 (our own table names)


@seeder(order=61)
def seed_events(ctx: SeedContext) -> None:
    """The 2021 consultation events and webinar, coming events, and many more at scale."""
    staff = User.objects.filter(email=STAFF).first()
    workstream = Workstream.objects.filter(number=1).first()
    workstreams = list(Workstream.objects.order_by("number"))
    process = Process.objects.filter(slug__icontains="basiswerk").order_by("id").first()
    # Texts given without a language are Dutch, the source language.
    with translation.override(settings.LANGUAGE_CODE):
        _seed_demo(ctx, workstream, process, staff)
        _seed_generated(ctx, workstreams, staff)
    # bulk_create sends no signals: make the cached public pages fresh by hand.
    bump_content_version()
