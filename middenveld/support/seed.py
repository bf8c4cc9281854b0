"""Demo data for the support desk: topics, routing rules and questions with their threads.

Topics (Dutch, English and French names) each have a team of the city (``city/seed.py``)
and real response times in working days. Routing rules send questions on by keyword
(grants, rooms, insurance, the association register, youth work), by wijk (activities in the
north, the south and the edge of the city go to that part's neighbourhood managers) and to an
organisation's fixed contact person at the city.

A handful of hand-made questions make the demo accounts meaningful: burger@example.org asked
two questions for "Huiswerkklas De Brug" (one answered, waiting for them; one new) and one
for themselves (answered and closed); Ayşe asked for "Vrouwenvereniging De Zonnebloem" (late:
it passed its response time and went to the team lead); Koen (De Brug) asked how to register
in the Verenigingsregister; Fatima asked in Arabic how to start an association; and
medewerker@example.org logged a phone call. The staff demo account handles several of them.

Then 20,000 generated questions per scale step, spread over two years, the topics, the seeded
organisations (about 70 % are asked for one), channels and languages, routed as the routing
rules would (keywords, wijk, fixed contact person, the topic's team). Recent questions are
mostly open (new, being handled, waiting for the asker), older ones closed; a few were merged
with the question just before them (the same asker asking twice). Open questions that passed
their response time are escalated. Every question has its messages: the question (or the
phone call), usually an answer, sometimes an internal note, a follow-up from the asker or a
closing answer; and, for organisations, its 360° timeline events.

Volume is written with ``bulk_create`` in chunks, so ``--scale 10`` (200,000 questions, about
half a million messages) stays within a few minutes on PostgreSQL, where the seeder runs
``ANALYZE`` on the tables it filled (see organisations/seed.py).

Idempotent: every question is keyed on its token, which is derived from its index (generated
questions) or its name (hand-made ones); a token that exists is skipped with its messages.
So a second run adds nothing, and ``--scale 10`` after ``--scale 1`` adds the next 180,000.
"""

from __future__ import annotations

import hashlib
import json
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import JSONField
from django.utils import timezone

from middenveld.accounts.models import User
from middenveld.city.models import Team, TeamMember
from middenveld.core.models import District
from middenveld.core.seeding import SeedContext, seeder
from middenveld.organisations.models import Organisation, Status, TimelineEvent
from middenveld.organisations.text import search_fold
from middenveld.organisations.timeline import timeline_record
from middenveld.support.models import (
    OPEN_STATUSES,
    Channel,
    Message,
    MessageKind,
    Question,
    RoutingRule,
    Topic,
)
from middenveld.support.routing import CALENDAR

PER_SCALE = 20_000
CHUNK = 5_000
BATCH = 2_000
_SEED = "middenveld.support.seed"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"

# --- Topics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    team: str  # city.Team slug
    first_answer_days: int
    resolution_days: int
    weight: int  # how often people choose it
    names: dict[str, str]  # language -> name
    descriptions: dict[str, str]


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("subsidies", "subsidies-welzijn", 3, 15, 18, {
        "nl": "Subsidies en financiële steun",
        "en": "Grants and financial support",
        "fr": "Subsides et soutien financier",
    }, {
        "nl": "Welke subsidie past bij je werking, hoe vraag je ze aan en wanneer wordt ze betaald.",
        "en": "Which grant fits your work, how to apply and when it is paid.",
        "fr": "Quel subside convient à votre action, comment le demander et quand il est payé.",
    }),
    TopicSpec("erkenning", "middenveld", 3, 20, 10, {
        "nl": "Erkenning van je organisatie",
        "en": "Recognition of your organisation",
        "fr": "Reconnaissance de votre organisation",
    }, {
        "nl": "De erkenning door de stad aanvragen, verlengen of wijzigen.",
        "en": "Applying for, renewing or changing the city's recognition.",
        "fr": "Demander, renouveler ou modifier la reconnaissance de la ville.",
    }),
    TopicSpec("zalen", "zalen", 2, 10, 16, {
        "nl": "Een zaal of ruimte gebruiken",
        "en": "Using a room or a building",
        "fr": "Utiliser une salle ou un local",
    }, {
        "nl": "Een vergaderzaal, een lokaal voor je wekelijkse werking of een stadsgebouw huren.",
        "en": "Renting a meeting room, a space for your weekly activities or a city building.",
        "fr": "Louer une salle de réunion, un local pour vos activités ou un bâtiment de la ville.",
    }),
    TopicSpec("starten", "middenveld", 3, 15, 9, {
        "nl": "Een organisatie starten",
        "en": "Starting an organisation",
        "fr": "Créer une organisation",
    }, {
        "nl": "Feitelijke vereniging of vzw, statuten, bankrekening, verzekering en begeleiding.",
        "en": "Informal association or non-profit, statutes, bank account, insurance and coaching.",
        "fr": "Association de fait ou ASBL, statuts, compte bancaire, assurance et accompagnement.",
    }),
    TopicSpec("wijk", "buurtregie-noord", 2, 10, 14, {
        "nl": "Activiteiten in je wijk",
        "en": "Activities in your neighbourhood",
        "fr": "Activités dans votre quartier",
    }, {
        "nl": "Een buurtfeest, een straat afsluiten, samenwerken met andere organisaties in de wijk.",
        "en": "A street party, closing a street, working with other organisations nearby.",
        "fr": "Une fête de quartier, fermer une rue, collaborer avec d'autres organisations.",
    }),
    TopicSpec("jeugd", "jeugdwerk", 2, 10, 8, {
        "nl": "Jeugdwerk en kinderwerking",
        "en": "Youth work and activities for children",
        "fr": "Travail de jeunesse et activités pour enfants",
    }, {
        "nl": "Speelpleinwerking, kampen, huiswerkbegeleiding en jeugdwerksubsidies.",
        "en": "Playgrounds, camps, homework support and youth-work grants.",
        "fr": "Plaines de jeux, camps, aide aux devoirs et subsides jeunesse.",
    }),
    TopicSpec("vrijwilligers", "middenveld", 2, 7, 7, {
        "nl": "Vrijwilligers en verzekering",
        "en": "Volunteers and insurance",
        "fr": "Bénévoles et assurance",
    }, {
        "nl": "De gratis vrijwilligersverzekering, vrijwilligersvergoeding en je vrijwilligers "
        "vinden.",
        "en": "The free volunteer insurance, volunteer allowances and finding volunteers.",
        "fr": "L'assurance bénévoles gratuite, les défraiements et trouver des bénévoles.",
    }),
    TopicSpec("inspraak", "participatie", 3, 15, 5, {
        "nl": "Inspraak en middenveldparlement",
        "en": "Consultation and the civil-society parliament",
        "fr": "Participation et parlement de la société civile",
    }, {
        "nl": "Meedoen aan inspraakmomenten, het middenveldparlement en adviezen aan de stad.",
        "en": "Taking part in consultations, the civil-society parliament and advice to the city.",
        "fr": "Participer aux consultations, au parlement et aux avis à la ville.",
    }),
    TopicSpec("zelforganisaties", "zelforganisaties", 2, 10, 6, {
        "nl": "Zelforganisaties en nieuwkomers",
        "en": "Self-organisations and newcomers",
        "fr": "Auto-organisations et primo-arrivants",
    }, {
        "nl": "Ondersteuning voor zelforganisaties, tolken en werken met nieuwkomers.",
        "en": "Support for self-organisations, interpreters and working with newcomers.",
        "fr": "Soutien aux auto-organisations, interprètes et travail avec les primo-arrivants.",
    }),
    TopicSpec("cultuur-sport", "sociaal-cultureel-werk", 3, 15, 4, {
        "nl": "Cultuur en sport",
        "en": "Culture and sport",
        "fr": "Culture et sport",
    }, {
        "nl": "Sociaal-culturele projecten, sportclubs en toegankelijke vrije tijd.",
        "en": "Social and cultural projects, sports clubs and accessible leisure.",
        "fr": "Projets socioculturels, clubs sportifs et loisirs accessibles.",
    }),
    TopicSpec("iets-anders", "gentinfo", 1, 5, 3, {
        "nl": "Iets anders",
        "en": "Something else",
        "fr": "Autre chose",
    }, {
        "nl": "Je vindt je vraag niet in de lijst: Gentinfo zoekt wie je kan helpen.",
        "en": "Your question is not in the list: Gentinfo finds who can help you.",
        "fr": "Votre question n'est pas dans la liste : Gentinfo trouve qui peut vous aider.",
    }),
)  # fmt: skip


@dataclass(frozen=True)
class RuleSpec:
    name: str
    order: int
    team: str | None = None
    topic: str | None = None
    districts: tuple[str, ...] = ()  # one rule per district
    keywords: str = ""
    only_organisations: bool = False
    to_contact_person: bool = False


NORTH = (
    "Brugse Poort - Rooigem",
    "Rabot - Blaisantvest",
    "Muide - Meulestede - Afrikalaan",
    "Sluizeken - Tolhuis - Ham",
    "Bloemekenswijk",
    "Dampoort",
)
SOUTH = ("Nieuw Gent - UZ", "Ledeberg", "Gentbrugge", "Oud Gentbrugge", "Moscou - Vogelhoek")
EDGE = ("Drongen", "Mariakerke", "Wondelgem", "Oostakker", "Zwijnaarde", "Kanaaldorpen en -zone")

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        "Organisatie met een vaste contactpersoon", 10, only_organisations=True,
        to_contact_person=True,
    ),
    RuleSpec(
        "Trefwoord: subsidie", 20, team="subsidies-welzijn",
        keywords="subsidie, subsidies, werkingssubsidie, projectsubsidie, toelage, premie",
    ),
    RuleSpec(
        "Trefwoord: zaal of lokaal", 30, team="zalen",
        keywords="zaal, zaalhuur, lokaal, vergaderzaal, sleutel, badge",
    ),
    RuleSpec(
        "Trefwoord: verzekering", 40, team="middenveld",
        keywords="verzekering, vrijwilligersverzekering, aansprakelijkheid",
    ),
    RuleSpec(
        "Trefwoord: Verenigingsregister en vzw", 45, team="middenveld",
        keywords="verenigingsregister, vcode, statuten, ondernemingsnummer, kbo",
    ),
    RuleSpec(
        "Trefwoord: speelplein en kamp", 50, team="jeugdwerk",
        keywords="speelplein, speelpleinwerking, kamp, jeugdbeweging",
    ),
    RuleSpec("Wijk noord: buurtregie noord", 60, team="buurtregie-noord", topic="wijk",
             districts=NORTH),
    RuleSpec("Wijk zuid: buurtregie zuid", 61, team="buurtregie-zuid", topic="wijk",
             districts=SOUTH),
    RuleSpec("Randgemeenten: buurtregie rand", 62, team="buurtregie-rand", topic="wijk",
             districts=EDGE),
)  # fmt: skip

# --- Texts ---------------------------------------------------------------------------------

# Per topic: (subject, body). Some hold a routing keyword on purpose.
TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    "subsidies": (
        ("Wanneer wordt onze werkingssubsidie betaald?",
         "Onze aanvraag werd in het voorjaar goedgekeurd, maar we hebben nog niets ontvangen. "
         "We moeten de huur van ons lokaal betalen. Kunnen jullie zeggen wanneer het geld komt?"),
        ("Projectsubsidie voor een buurtfeest",
         "We willen in september een buurtfeest organiseren met muziek en eten uit verschillende "
         "landen. Kunnen we daarvoor een projectsubsidie aanvragen, en tegen wanneer?"),
        ("Welke subsidie voor een kleine vereniging?",
         "Wij zijn een feitelijke vereniging met twaalf vrijwilligers. Welke steun van de stad "
         "kunnen wij krijgen voor onze wekelijkse werking?"),
        ("Verslag bij de subsidie: welk formulier?",
         "We moeten een inhoudelijk en financieel verslag indienen. Waar vinden we het formulier "
         "en mogen we het ook in het Engels schrijven?"),
    ),
    "erkenning": (
        ("Erkenning verlengen",
         "Onze erkenning loopt eind dit jaar af. Wat moeten we doen om ze te verlengen, en welke "
         "documenten hebben jullie nodig?"),
        ("Waarom werd onze erkenning geweigerd?",
         "We kregen een brief dat onze aanvraag niet aanvaard is. We begrijpen niet goed waarom. "
         "Kan iemand het ons uitleggen?"),
        ("Nieuwe voorzitter: moeten we dat melden?",
         "Onze voorzitter is gestopt en er is een nieuwe gekozen. Moeten we dat doorgeven voor "
         "onze erkenning?"),
    ),
    "zalen": (
        ("Zaal huren voor onze wekelijkse bijeenkomst",
         "We zoeken een zaal voor dertig mensen, elke zaterdagnamiddag. Welke stadsgebouwen "
         "zijn er in onze buurt en wat kost het?"),
        ("De sleutel van het lokaal werkt niet meer",
         "Sinds vorige week opent onze badge de deur van het buurtcentrum niet meer. We hebben "
         "morgen een activiteit. Wie kan ons helpen?"),
        ("Korting op de zaalhuur voor erkende organisaties?",
         "Wij zijn erkend. Betalen we dan minder voor een vergaderzaal in een stadsgebouw?"),
        ("Opslagruimte voor ons materiaal",
         "We hebben tafels, stoelen en een kookpot voor ons buurtrestaurant. Heeft de stad een "
         "plek waar we dat kunnen bewaren?"),
    ),
    "starten": (
        ("Feitelijke vereniging of vzw?",
         "Met een paar buren willen we een huiswerkklas starten. Moeten we meteen een vzw "
         "oprichten, of kan het ook als feitelijke vereniging?"),
        ("Hulp bij onze statuten",
         "We richten een vzw op en hebben een voorbeeld van statuten gevonden. Kan iemand van de "
         "stad ernaar kijken voor we naar de griffie gaan?"),
        ("Hoe openen we een bankrekening voor de vereniging?",
         "De bank vraagt een ondernemingsnummer, maar we zijn een feitelijke vereniging. Wat "
         "moeten we doen?"),
    ),
    "wijk": (
        ("Straat afsluiten voor een buurtfeest",
         "We willen op een zondag in juni onze straat afsluiten voor een buurtfeest. Hoe vragen "
         "we dat aan en hoeveel tijd op voorhand?"),
        ("Samenwerken met andere organisaties in de wijk",
         "We zouden graag samen met de andere verenigingen in onze wijk een activiteit doen voor "
         "ouderen die alleen zijn. Wie kan ons met elkaar in contact brengen?"),
        ("Een plek voor een buurtmoestuin",
         "Er ligt een stuk grond braak naast de school. Mogen we daar met de buren groenten "
         "kweken?"),
        ("Overlast rond ons buurthuis",
         "Er is 's avonds veel lawaai en afval rond ons buurthuis. Kunnen we met de stad bekijken "
         "wat we samen kunnen doen?"),
    ),
    "jeugd": (
        ("Speelpleinwerking in de zomer",
         "Kunnen de kinderen van onze huiswerkklas in juli naar de speelpleinwerking? Moeten we "
         "ze vooraf inschrijven?"),
        ("Materiaal lenen voor een kamp",
         "We gaan op kamp met twintig jongeren. Kunnen we tenten en kookmateriaal lenen bij de "
         "stad?"),
        ("Begeleiders voor onze huiswerkklas",
         "We hebben te weinig vrijwilligers voor de huiswerkklas op dinsdag. Kennen jullie "
         "studenten die willen helpen?"),
    ),
    "vrijwilligers": (
        ("Zijn onze vrijwilligers verzekerd?",
         "Onze vrijwilligers helpen bij de voedselbedeling. Zijn zij verzekerd als er iets "
         "gebeurt? We hebben geen eigen verzekering."),
        ("Vrijwilligersvergoeding: hoeveel mag het zijn?",
         "We willen onze vrijwilligers een kleine vergoeding geven voor hun vervoer. Hoeveel mag "
         "dat per dag en per jaar?"),
        ("Nieuwe vrijwilligers vinden",
         "We zoeken mensen die Turks en Nederlands spreken om te helpen bij ons onthaal. Waar "
         "kunnen we een oproep plaatsen?"),
    ),
    "inspraak": (
        ("Hoe word je lid van het middenveldparlement?",
         "Onze organisatie wil graag meepraten in het middenveldparlement. Hoe kunnen we een "
         "afgevaardigde voordragen?"),
        ("Tolk bij het inspraakmoment",
         "Een paar van onze leden spreken weinig Nederlands. Is er een tolk Arabisch op het "
         "inspraakmoment van volgende maand?"),
    ),
    "zelforganisaties": (
        ("Ondersteuning voor onze zelforganisatie",
         "Wij zijn een vereniging van Syrische families in Gent. Welke ondersteuning biedt de "
         "stad aan zelforganisaties?"),
        ("Een tolk voor een oudercontact",
         "Een moeder uit onze vereniging heeft een tolk nodig voor een gesprek op school. Kan "
         "de stad daarbij helpen?"),
    ),
    "cultuur-sport": (
        ("Sportclub voor meisjes starten",
         "We willen een voetbalploeg voor meisjes uit de buurt starten. Waar kunnen we trainen "
         "en is er steun voor sportmateriaal?"),
        ("Tentoonstelling in de bibliotheek",
         "Onze schilderclub wil haar werk tonen. Kunnen we een tentoonstelling houden in de "
         "bibliotheek van onze wijk?"),
    ),
    "iets-anders": (
        ("Vraag over een brief van de stad",
         "We kregen een brief van de stad die we niet goed begrijpen. Bij wie kunnen we terecht "
         "met onze vraag?"),
        ("Wie is onze contactpersoon bij de stad?",
         "We weten niet meer wie onze vaste contactpersoon is. Kunnen jullie dat opzoeken?"),
    ),
}  # fmt: skip

ENGLISH_TEXTS: tuple[tuple[str, str], ...] = (
    ("Renting a room for our weekly meeting",
     "We are an association of international students who help newcomers. Can we rent a room "
     "from the city every Wednesday evening?"),
    ("How do we apply for a grant?",
     "We would like to apply for a grant for our language café. Which form do we need and is "
     "there a deadline?"),
    ("Question about our recognition",
     "Our organisation was recognised last year. Do we need to send a report every year?"),
)  # fmt: skip

REPLIES: tuple[str, ...] = (
    "Dank je wel voor je vraag. Ik heb het nagekeken: je vindt alle uitleg en het formulier op "
    "onze website. Lukt het niet, bel me dan gerust op 09 266 00 00.",
    "Goed dat je ons contacteert. Ik stuur je vraag door naar mijn collega die dit opvolgt; zij "
    "neemt deze week contact met je op.",
    "Bedankt voor je bericht. Wij hebben nog een paar gegevens nodig: kan je het "
    "ondernemingsnummer of het vCode-nummer van je organisatie doorgeven?",
    "Dat kan zeker. Je kan de aanvraag indienen tot zes weken voor de activiteit. Ik help je "
    "graag als je vastloopt.",
    "Hartelijk dank voor je geduld. De betaling is vandaag vertrokken; het geld staat binnen "
    "drie werkdagen op jullie rekening.",
    "Ik heb een afspraak voor jullie vastgelegd op ons kantoor. Breng gerust iemand mee die kan "
    "vertalen als dat helpt.",
)
CLOSING: tuple[str, ...] = (
    "Fijn dat het in orde is. Ik sluit deze vraag af; antwoord gewoon op deze mail als je nog "
    "iets nodig hebt.",
    "We hebben geen antwoord meer gekregen, dus we sluiten deze vraag. Je kan altijd een nieuwe "
    "vraag stellen.",
)
FOLLOW_UPS: tuple[str, ...] = (
    "Bedankt voor jullie antwoord. Ik heb nog een vraag: moeten we dat elk jaar opnieuw doen?",
    "Ik heb het formulier ingevuld, maar ik kan het niet opsturen. Wat moet ik doen?",
    "Dank je. Welke documenten moeten we meebrengen naar de afspraak?",
    "Het lukt nog altijd niet. Kan iemand ons bellen?",
)
NOTES: tuple[str, ...] = (
    "Organisatie gecontacteerd via telefoon, wacht op hun documenten.",
    "Afgestemd met de buurtregisseur: zij kent de vereniging goed.",
    "Gelijkaardige vraag vorige maand, zie het antwoord aan dezelfde organisatie.",
    "Let op: de contactpersoon spreekt beter Frans dan Nederlands.",
    "Doorgestuurd naar de juridische dienst voor advies over de statuten.",
)

FIRST_NAMES = (
    "Sarah", "Mohamed", "Emma", "Yusuf", "Lotte", "Fatima", "Jan", "Ayşe", "Koen", "Nour",
    "Elif", "Pieter", "Amina", "Wouter", "Hatice", "Tom", "Maria", "Omar", "Sofie", "Ivan",
    "Hanne", "Bilal", "Lieve", "Mustafa", "Ines", "Georgi", "Leen", "Samira", "Dirk", "Zeynep",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "El Idrissi", "Janssens", "Yilmaz", "De Smet", "Benali", "Maes", "Kaya",
    "Vermeulen", "Haddad", "Claeys", "Demir", "Willems", "Ivanova", "De Vos", "Ait Ouali",
    "Goossens", "Aydin", "Martens", "Petrov", "Wouters", "Chahid", "Van Damme", "Celik",
)  # fmt: skip

CHANNELS = ((Channel.WEB, 60), (Channel.EMAIL, 28), (Channel.PHONE, 9), (Channel.DESK, 2),
            (Channel.API, 1))  # fmt: skip
LANGUAGES = (("nl", 84), ("en", 5), ("fr", 3), ("tr", 3), ("ar", 3), ("bg", 2))


class _Weighted:
    """rng.choices without re-summing the weights every time."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def question_token(key: str) -> str:
    """A 20-character token made from ``key``: the same question gets the same token."""
    number = int.from_bytes(hashlib.blake2b(f"{_SEED}:{key}".encode(), digest_size=13).digest())
    out = []
    for _i in range(20):
        number, digit = divmod(number, 36)
        out.append(_ALPHABET[digit])
    return "".join(out)


# --- Topics and routing rules --------------------------------------------------------------


def _seed_topics(ctx: SeedContext) -> dict[str, Topic]:
    teams = dict(Team.objects.values_list("slug", "pk"))
    topics = {}
    for order, spec in enumerate(TOPICS, start=1):
        values: dict[str, Any] = {
            "team_id": teams.get(spec.team),
            "first_answer_days": spec.first_answer_days,
            "resolution_days": spec.resolution_days,
            "order": order * 10,
            "active": True,
        }
        for language, name in spec.names.items():
            values[f"name_{language}"] = name
        for language, text in spec.descriptions.items():
            values[f"description_{language}"] = text
        values["name"] = spec.names["nl"]
        values["description"] = spec.descriptions["nl"]
        topic = Topic.objects.filter(slug=spec.slug).first()
        if topic is None:
            topic = Topic.objects.create(slug=spec.slug, **values)
            ctx.count("question topics", 1)
        topics[spec.slug] = topic
    return topics


def _seed_rules(ctx: SeedContext, topics: dict[str, Topic]) -> None:
    teams = dict(Team.objects.values_list("slug", "pk"))
    districts = dict(District.objects.values_list("name", "pk"))
    existing = set(RoutingRule.objects.values_list("name", flat=True))
    new = []
    for spec in RULES:
        places = [(f"{spec.name} ({name})", districts.get(name)) for name in spec.districts]
        places = [(n, pk) for n, pk in places if pk is not None] or [(spec.name, None)]
        if spec.districts and places == [(spec.name, None)]:
            continue  # another city without these wijken
        team_id = teams.get(spec.team) if spec.team else None
        if team_id is None and not spec.to_contact_person:
            continue  # the city's teams were not seeded
        for offset, (name, district_id) in enumerate(places):
            if name in existing:
                continue
            new.append(
                RoutingRule(
                    name=name[:120],
                    order=spec.order + offset if spec.districts else spec.order,
                    topic=topics.get(spec.topic) if spec.topic else None,
                    district_id=district_id,
                    keywords=spec.keywords,
                    only_organisations=spec.only_organisations,
                    to_contact_person=spec.to_contact_person,
                    team_id=team_id,
                )
            )
    RoutingRule.objects.bulk_create(new)
    ctx.count("routing rules", len(new))


# --- Routing in memory (as routing.route_for does, for plain values) --------------------------


@dataclass(frozen=True)
class _Rule:
    name: str
    topic_id: int | None
    district_id: int | None
    words: tuple[str, ...]
    only_organisations: bool
    to_contact_person: bool
    team_id: int | None


@dataclass(frozen=True)
class _Org:
    pk: int
    email: str
    district_id: int | None
    contact_id: int | None


class _Router:
    def __init__(self, topics: dict[str, Topic]) -> None:
        self.rules = [
            _Rule(
                r.name,
                r.topic_id,
                r.district_id,
                tuple(search_fold(w) for w in r.keywords.split(",") if w.strip()),
                r.only_organisations,
                r.to_contact_person,
                r.team_id,
            )
            for r in RoutingRule.objects.filter(active=True).order_by("order", "id")
        ]
        self.topic_team = {t.pk: t.team_id for t in topics.values()}
        self.topic_name = {t.pk: t.name_nl or t.name for t in topics.values()}  # type: ignore[attr-defined]
        self.team_of: dict[int, int] = {}
        for user_id, team_id in TeamMember.objects.order_by("-is_lead", "id").values_list(
            "user_id", "team_id"
        ):
            self.team_of.setdefault(user_id, team_id)

    def route(
        self, *, topic_id: int, district_id: int | None, org: _Org | None, padded: str
    ) -> tuple[int | None, int | None, str]:
        """(team id, assignee id, reason), for the folded text ``padded`` (" text ")."""
        for rule in self.rules:
            if rule.topic_id is not None and rule.topic_id != topic_id:
                continue
            if rule.district_id is not None and rule.district_id != district_id:
                continue
            if rule.only_organisations and org is None:
                continue
            if rule.to_contact_person and (org is None or org.contact_id is None):
                continue
            if rule.words and not any(f" {w} " in padded for w in rule.words):
                continue
            assignee = org.contact_id if rule.to_contact_person and org is not None else None
            team = (
                rule.team_id
                or (self.team_of.get(assignee) if assignee else None)
                or self.topic_team.get(topic_id)
            )
            return team, assignee, rule.name
        team = self.topic_team.get(topic_id)
        return team, None, self.topic_name[topic_id] if team else ""


# --- Generating ----------------------------------------------------------------------------


@dataclass
class _Planned:
    index: int
    values: dict[str, Any]  # Question fields
    # (kind, author id, from_email, body, channel, created_at, message_id)
    messages: list[tuple[str, int | None, str, str, str, datetime, str | None]]
    merge_into: int | None = None  # index of the question this one duplicates
    events: list[tuple[str, datetime, int | None, dict[str, Any]]] = field(default_factory=list)


class _Generator:
    def __init__(self, *, now: datetime, topics: dict[str, Topic]) -> None:
        self.rng = random.Random(_SEED)
        self.now = now
        self.domain = settings.SUPPORT_MAIL_DOMAIN
        self.router = _Router(topics)
        self.topics = [topics[s.slug] for s in TOPICS if s.slug in topics]
        weights = {s.slug: s.weight for s in TOPICS}
        self.topic_pick = _Weighted(self.topics, [weights[t.slug] for t in self.topics])
        by_slug = {s.slug: s for s in TOPICS}
        self.specs = {t.pk: by_slug[t.slug] for t in self.topics}
        self.texts = {
            t.pk: [(s, b, f" {search_fold(f'{s} {b}')} ") for s, b in TEXTS[t.slug]]
            for t in self.topics
        }
        self.english = [(s, b, f" {search_fold(f'{s} {b}')} ") for s, b in ENGLISH_TEXTS]
        self.channel_pick = _Weighted([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])
        self.language_pick = _Weighted([c for c, _w in LANGUAGES], [w for _c, w in LANGUAGES])
        self.members: dict[int, list[int]] = {}
        for team_id, user_id in TeamMember.objects.order_by("id").values_list("team_id", "user_id"):
            self.members.setdefault(team_id, []).append(user_id)
        self.all_staff = sorted({u for users in self.members.values() for u in users})
        first_district: dict[int, int] = {}
        through: Any = Organisation.districts.through
        for org_id, district_id in through.objects.order_by(
            "organisation_id", "district__name"
        ).values_list("organisation_id", "district_id"):
            first_district.setdefault(org_id, district_id)
        self.orgs = [
            _Org(pk, email, first_district.get(pk), contact)
            for pk, email, contact in Organisation.objects.filter(
                status__in=[Status.VERIFIED, Status.SUBMITTED]
            )
            .order_by("pk")
            .values_list("pk", "public_email", "contact_person_id")
        ]
        self.districts = list(District.objects.order_by("pk").values_list("pk", flat=True))
        self.previous: _Planned | None = None

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = search_fold(f"{first}.{last}").replace(" ", "")
        return f"{first} {last}", f"{local}{rng.randint(1, 999)}@example.org"

    def _phone(self) -> str:
        rng = self.rng
        return (
            f"04{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
        )

    def _status(self, age: float) -> str:
        """Recent questions are mostly open, older ones closed; a few stay open too long."""
        roll = self.rng.random()
        if age < 3:
            return "new" if roll < 0.55 else "open" if roll < 0.85 else "waiting"
        if age < 20:
            if roll < 0.05:
                return "new"
            return "open" if roll < 0.3 else "waiting" if roll < 0.55 else "closed"
        if age < 60:
            return "open" if roll < 0.01 else "waiting" if roll < 0.02 else "closed"
        if roll < 0.0005:
            return "open"
        if roll < 0.001:
            return "waiting"
        return "merged" if roll < 0.011 else "closed"

    def _between(self, start: datetime, days: float) -> datetime:
        """A moment ``days`` (at most) after ``start``, never in the future."""
        return min(start + timedelta(days=self.rng.uniform(0.02, days)), self.now)

    def question(self, index: int) -> _Planned:
        rng = self.rng
        now = self.now
        token = question_token(str(index))
        age = rng.uniform(0, 730)
        status = self._status(age)
        previous = self.previous
        merge = (
            status == "merged" and previous is not None and previous.values["status"] != "merged"
        )
        if status == "merged" and not merge:
            status = "closed"
        if merge:
            assert previous is not None
            # The same asker asked the same thing again an hour later.
            base = previous.values
            topic_id = base["topic_id"]
            created = base["created_at"] + timedelta(hours=rng.uniform(0.2, 3))
            values = {
                key: base[key]
                for key in (
                    "subject", "language", "asker_email", "asker_name", "asker_phone",
                    "organisation_id", "topic_id", "district_id", "team_id", "routed_by",
                )
            }  # fmt: skip
            values["channel"] = Channel.EMAIL
            assignee = base["assignee_id"]
            body = previous.messages[0][3]
            org = None
        else:
            created = now - timedelta(days=age)
            topic: Topic = self.topic_pick.pick(rng)
            topic_id = topic.pk
            language = self.language_pick.pick(rng)
            if language == "en" and rng.random() < 0.8:
                subject, body, padded = rng.choice(self.english)
            else:
                subject, body, padded = rng.choice(self.texts[topic_id])
            org = rng.choice(self.orgs) if self.orgs and rng.random() < 0.7 else None
            district_id = org.district_id if org is not None else None
            if district_id is None and self.districts and rng.random() < 0.4:
                district_id = rng.choice(self.districts)
            channel = self.channel_pick.pick(rng)
            name, email = self._person()
            if org is not None and org.email and rng.random() < 0.5:
                email = org.email
            phone = self._phone() if channel == Channel.PHONE or rng.random() < 0.2 else ""
            if channel == Channel.PHONE and rng.random() < 0.3:
                email = ""  # only a phone number to call back
            team_id, assignee, reason = self.router.route(
                topic_id=topic_id, district_id=district_id, org=org, padded=padded
            )
            values = {
                "subject": subject,
                "language": language,
                "channel": channel,
                "asker_email": email,
                "asker_name": name,
                "asker_phone": phone,
                "organisation_id": org.pk if org is not None else None,
                "topic_id": topic_id,
                "district_id": district_id,
                "team_id": team_id,
                "routed_by": reason,
            }
        spec = self.specs[topic_id]
        first_due = CALENDAR.add_working_days(created, spec.first_answer_days)
        resolution_due = CALENDAR.add_working_days(created, spec.resolution_days)
        team_members = self.members.get(values["team_id"] or 0) or self.all_staff
        if assignee is None and status != "new" and team_members:
            assignee = rng.choice(team_members)
        handler = assignee or (rng.choice(team_members) if team_members else None)

        channel = values["channel"]
        email = values["asker_email"]
        messages: list[tuple[str, int | None, str, str, str, datetime, str | None]] = []
        if channel == Channel.PHONE:
            logged_by = handler or None
            messages.append((MessageKind.PHONE, logged_by, "", body, channel, created, None))
        else:
            inbound_id = f"<{token}.{index}@mail.example.org>" if channel == Channel.EMAIL else None
            messages.append((MessageKind.QUESTION, None, email, body, channel, created, inbound_id))
        if handler is not None and rng.random() < 0.2:
            at = self._between(created, 1)
            messages.append(
                (MessageKind.NOTE, handler, "", rng.choice(NOTES), Channel.WEB, at, None)
            )

        answered = status in ("waiting", "closed") or (status == "open" and rng.random() < 0.5)
        if status == "merged":
            answered = False
        first_answered = closed = None
        reply_channel = Channel.EMAIL if email else Channel.WEB
        if answered:
            # Most answers come in time, some late.
            limit = max((first_due - created).total_seconds() / 86400, 0.1)
            first_answered = self._between(created, limit * (1.6 if rng.random() < 0.2 else 0.9))
            messages.append(
                (
                    MessageKind.REPLY,
                    handler,
                    "",
                    rng.choice(REPLIES),
                    reply_channel,
                    first_answered,
                    f"<ticket-{token}.{rng.getrandbits(64):016x}@{self.domain}>",
                )
            )
            if status == "open":
                at = self._between(first_answered, 3)
                messages.append(
                    (MessageKind.QUESTION, None, email, rng.choice(FOLLOW_UPS), channel, at, None)
                )
        if status in ("closed", "merged"):
            start = first_answered or created
            closed = self._between(start, 6)
            if status == "closed" and rng.random() < 0.3:
                messages.append(
                    (
                        MessageKind.REPLY,
                        handler,
                        "",
                        rng.choice(CLOSING),
                        reply_channel,
                        closed,
                        f"<ticket-{token}.{rng.getrandbits(64):016x}@{self.domain}>",
                    )
                )
        messages.sort(key=lambda m: m[5])
        updated = max([m[5] for m in messages] + ([closed] if closed else []))
        due = resolution_due if first_answered else first_due
        escalated = None
        if status in OPEN_STATUSES and due < now:
            # The hourly questions_escalate job has seen it.
            escalated = min(due + timedelta(hours=1), now)

        values.update(
            token=token,
            status=status,
            assignee_id=assignee,
            created_at=created,
            updated_at=updated,
            due_at=due,
            first_answer_due=first_due,
            resolution_due=resolution_due,
            first_answered_at=first_answered,
            closed_at=closed,
            escalated_at=escalated,
        )
        planned = _Planned(
            index=index,
            values=values,
            messages=messages,
            merge_into=previous.index if merge and previous is not None else None,
        )
        if values["organisation_id"] is not None:
            data = {"subject": values["subject"]}
            planned.events.append(
                (
                    "support.question_asked",
                    created,
                    None,
                    {**data, "channel": str(values["channel"])},
                )
            )
            if first_answered is not None:
                planned.events.append(("support.question_answered", first_answered, handler, data))
            if status == "closed" and closed is not None:
                planned.events.append(("support.question_closed", closed, handler, data))
        if not merge:
            self.previous = planned
        return planned


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` (field attname -> value) into ``model``'s table, as fast as possible.

    PostgreSQL: ``COPY ... FROM STDIN`` (several times faster than ``bulk_create``, which
    builds a model instance and adapts every value in Python); the fields a row leaves out
    get their model default. Elsewhere: ``bulk_create`` in batches.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    keys = rows[0].keys()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in keys]
    defaults = {}
    for f in fields:
        if f.attname not in keys:
            default = f.get_default() if f.has_default() else None
            defaults[f.attname] = _db_value(f, default)
    json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
    enum_free = [f.attname for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    (json.dumps(row[name]) if name in json_fields else _plain(row[name]))
                    if name in row
                    else defaults[name]
                    for name in enum_free
                ]
            )


def _plain(value: Any) -> Any:
    """Choices are enums: the database wants their value."""
    return value.value if isinstance(value, Enum) else value


def _db_value(f: Any, value: Any) -> Any:
    if isinstance(f, JSONField):
        return json.dumps(value)
    return _plain(value)


def _next_ids(model: Any, count: int) -> list[int]:
    """``count`` ids from the table's own sequence, so rows written by COPY can be linked."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _write(
    chunk: list[_Planned], pks: dict[int, int], question_type_id: int
) -> tuple[int, int, int]:
    """Questions (the merged ones after their targets), messages and timeline events."""
    ordered = [p for p in chunk if p.merge_into is None] + [
        p for p in chunk if p.merge_into is not None
    ]
    rows = [dict(planned.values, merged_into_id=None) for planned in ordered]
    if connection.vendor == "postgresql":
        for planned, values, pk in zip(ordered, rows, _next_ids(Question, len(rows)), strict=True):
            values["id"] = pks[planned.index] = pk
        for planned, values in zip(ordered, rows, strict=True):
            if planned.merge_into is not None:
                values["merged_into_id"] = pks[planned.merge_into]
        _insert(Question, rows)
    else:
        # Merged questions need the id of their target: write in two steps.
        split = sum(1 for p in ordered if p.merge_into is None)
        for start, end in ((0, split), (split, len(rows))):
            for planned, values in zip(ordered[start:end], rows[start:end], strict=True):
                if planned.merge_into is not None:
                    values["merged_into_id"] = pks[planned.merge_into]
            made = Question.objects.bulk_create(
                [Question(**values) for values in rows[start:end]], batch_size=BATCH
            )
            for planned, values, question in zip(
                ordered[start:end], rows[start:end], made, strict=True
            ):
                values["id"] = pks[planned.index] = question.pk
    messages = [
        {
            "question_id": values["id"],
            "kind": kind,
            "author_id": author,
            "from_email": from_email,
            "body": body,
            "channel": channel,
            "created_at": at,
            "message_id": message_id,
        }
        for planned, values in zip(ordered, rows, strict=True)
        for kind, author, from_email, body, channel, at, message_id in planned.messages
    ]
    _insert(Message, messages)
    events = [
        {
            "organisation_id": values["organisation_id"],
            "kind": kind,
            "occurred_at": at,
            "actor_id": actor,
            "subject_type_id": question_type_id,
            "subject_id": str(values["id"]),
            "data": data,
        }
        for planned, values in zip(ordered, rows, strict=True)
        for kind, at, actor, data in planned.events
    ]
    _insert(TimelineEvent, events)
    return len(rows), len(messages), len(events)


def _seed_generated(ctx: SeedContext, topics: dict[str, Topic]) -> None:
    if not topics:
        return
    generator = _Generator(now=timezone.now(), topics=topics)
    total = PER_SCALE * ctx.scale
    existing = set(Question.objects.values_list("token", flat=True))
    if all(question_token(str(index)) in existing for index in range(total)):
        return  # seeded before at this scale (or a larger one)
    question_type_id = ContentType.objects.get_for_model(Question).pk
    pks: dict[int, int] = {}
    chunk: list[_Planned] = []
    in_chunk: set[int] = set()
    counts = [0, 0, 0]
    for index in range(total):
        planned = generator.question(index)
        if planned.values["token"] in existing:
            continue
        target = planned.merge_into
        if target is not None and target not in pks and target not in in_chunk:
            # Its target was written by an earlier run (or never: then it stays closed).
            found = Question.objects.filter(token=question_token(str(target))).first()
            if found is None:
                planned.merge_into = None
                planned.values["status"] = "closed"
            else:
                pks[target] = found.pk
        chunk.append(planned)
        in_chunk.add(index)
        if len(chunk) >= CHUNK:
            written = _write(chunk, pks, question_type_id)
            counts = [a + b for a, b in zip(counts, written, strict=True)]
            chunk, in_chunk = [], set()
            pks = {k: v for k, v in pks.items() if k >= index - 100}
    if chunk:
        written = _write(chunk, pks, question_type_id)
        counts = [a + b for a, b in zip(counts, written, strict=True)]
    ctx.count("questions", counts[0])
    ctx.count("question messages", counts[1])
    ctx.count("timeline events", counts[2])


# --- The demo accounts' questions ----------------------------------------------------------


@dataclass(frozen=True)
class DemoQuestion:
    key: str
    asker: str  # e-mail address of a seeded account ("" for someone without an account)
    organisation: str  # slug, or ""
    topic: str
    subject: str
    body: str
    days_ago: float
    channel: str = Channel.WEB
    language: str = "nl"
    asker_name: str = ""
    asker_email: str = ""
    asker_phone: str = ""
    handler: str = ""  # e-mail of the staff member who handles it ("" : the team's first)
    # The thread after the question: (kind, days after asking, text).
    thread: tuple[tuple[str, float, str], ...] = ()
    status: str = "new"


DEMO_QUESTIONS: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        "brug-zomerkamp", CITIZEN, "huiswerkklas-de-brug", "subsidies",
        "Subsidie voor ons zomerkamp",
        "Dag, met Huiswerkklas De Brug willen we deze zomer voor het eerst een kamp van drie "
        "dagen organiseren voor twintig kinderen uit de Brugse Poort. Kunnen we daarvoor een "
        "projectsubsidie aanvragen? En tot wanneer kan dat?",
        days_ago=12,
        thread=(
            ("reply", 2,
             "Dag Sam, bedankt voor je vraag. Ja, voor een kamp kan je een projectsubsidie "
             "aanvragen tot zes weken voor de start. Je vindt het formulier op de pagina "
             "Subsidies. Stuur ook een korte begroting mee; ik help je graag als je vastloopt."),
            ("note", 2.1, "Huiswerkklas De Brug is erkend voor basiswerk: de projectsubsidie "
             "voor kampen past."),
        ),
        status="waiting",
    ),
    DemoQuestion(
        "brug-woensdag", CITIZEN, "huiswerkklas-de-brug", "zalen",
        "Kunnen we ook op woensdag het lokaal in het buurtcentrum gebruiken?",
        "We hebben steeds meer kinderen in de huiswerkklas. Zou het lokaal in het buurtcentrum "
        "aan de Phoenixstraat ook op woensdagnamiddag vrij zijn, van 13 tot 16 uur?",
        days_ago=0.4,
    ),
    DemoQuestion(
        "burger-verzekering", CITIZEN, "", "vrijwilligers",
        "Ben ik verzekerd als vrijwilliger?",
        "Ik help elke week bij de huiswerkklas. Ben ik verzekerd als ik onderweg val met de "
        "fiets?",
        days_ago=80,
        thread=(
            ("reply", 1,
             "Ja: de stad heeft een gratis vrijwilligersverzekering voor vrijwilligers van "
             "organisaties in Gent. Je organisatie moet je wel aanmelden. Ik stuur de uitleg mee."),
            ("question", 1.5, "Dank je wel, dan vraag ik het aan onze voorzitter."),
            ("reply", 3,
             "Graag gedaan. Ik sluit deze vraag af; antwoord gewoon op deze mail als je nog "
             "iets nodig hebt."),
        ),
        status="closed",
    ),
    DemoQuestion(
        "zonnebloem-fietsles", "ayse.yilmaz@example.org", "vrouwenvereniging-de-zonnebloem",
        "wijk", "Fietslessen op het plein achter het buurthuis",
        "Wij geven fietsles aan vrouwen uit het Rabot. Mogen we op zaterdagvoormiddag het "
        "plein achter het buurthuis gebruiken? Er rijden dan geen auto's.",
        days_ago=9, handler=STAFF, status="open",
    ),
    DemoQuestion(
        "brug-verenigingsregister", "koen.vermeulen@example.org", "huiswerkklas-de-brug",
        "starten", "Hoe registreren we ons in het Verenigingsregister?",
        "We willen onze gegevens in het Verenigingsregister zetten zodat we een vCode krijgen. "
        "Moet de stad daar iets voor doen, of doen we dat zelf?",
        days_ago=1.2, handler=STAFF, status="open",
        thread=(("note", 0.3, "Koen is lid van De Brug; de voorzitter is Sam Peeters."),),
    ),
    DemoQuestion(
        "fatima-starten", "fatima.benali@example.org", "", "starten",
        "Een vereniging starten voor Syrische moeders",
        "مرحبا، أريد أن أبدأ جمعية للأمهات السوريات في غنت. ما هي الخطوات الأولى؟ "
        "(Hallo, ik wil een vereniging starten voor Syrische moeders in Gent. Wat zijn de "
        "eerste stappen?)",
        days_ago=0.2, language="ar",
    ),
    DemoQuestion(
        "telefoon-buurtfeest", "", "", "wijk",
        "Telefoon: straat afsluiten voor buurtfeest Malegijsstraat",
        "Mevrouw belde: de buren van de Malegijsstraat willen op 21 juni een buurtfeest houden "
        "en de straat afsluiten. Ze vraagt wat ze moet aanvragen. Terugbellen na 17 uur.",
        days_ago=2.5, channel=Channel.PHONE, asker_name="Hilde Vercruysse",
        asker_phone="0476 12 34 56", handler=STAFF, status="open",
    ),
    DemoQuestion(
        "mail-tolk", "", "", "zelforganisaties", "Tolk Turks voor onze algemene vergadering",
        "Goedemiddag, onze vereniging houdt volgende maand haar algemene vergadering. Kan de "
        "stad een tolk Turks regelen? Met vriendelijke groeten, Mehmet Öztürk",
        days_ago=3, channel=Channel.EMAIL, asker_name="Mehmet Öztürk",
        asker_email="mehmet.ozturk@example.org",
    ),
)  # fmt: skip


def _demo_question(
    spec: DemoQuestion,
    *,
    topics: dict[str, Topic],
    people: dict[str, User],
    organisations: dict[str, Organisation],
    router: _Router,
    ctx: SeedContext,
) -> None:
    token = question_token(f"demo:{spec.key}")
    if Question.objects.filter(token=token).exists():
        return
    topic = topics.get(spec.topic)
    if topic is None:
        return
    asker = people.get(spec.asker)
    organisation = organisations.get(spec.organisation)
    if spec.organisation and organisation is None:
        return
    now = timezone.now()
    created = now - timedelta(days=spec.days_ago)
    district = organisation.districts.order_by("name").first() if organisation else None
    contact = organisation.contact_person_id if organisation else None
    org = (
        _Org(organisation.pk, "", district.pk if district else None, contact)
        if organisation
        else None
    )
    padded = f" {search_fold(f'{spec.subject} {spec.body}')} "
    team_id, assignee_id, reason = router.route(
        topic_id=topic.pk, district_id=org.district_id if org else None, org=org, padded=padded
    )
    handler = people.get(spec.handler) if spec.handler else None
    if handler is not None:
        assignee_id = handler.pk
    elif spec.status != "new" and team_id is not None:
        assignee_id = assignee_id or (
            TeamMember.objects.filter(team_id=team_id).order_by("-is_lead", "id")
            .values_list("user_id", flat=True).first()
        )  # fmt: skip
    spec_topic = next(s for s in TOPICS if s.slug == spec.topic)
    first_due = CALENDAR.add_working_days(created, spec_topic.first_answer_days)
    resolution_due = CALENDAR.add_working_days(created, spec_topic.resolution_days)
    replies = [at for kind, at, _t in spec.thread if kind == "reply"]
    first_answered = created + timedelta(days=replies[0]) if replies else None
    last = created + timedelta(days=max([at for _k, at, _t in spec.thread], default=0))
    closed = last if spec.status == "closed" else None
    due = resolution_due if first_answered else first_due
    email = asker.email if asker else spec.asker_email
    question = Question.objects.create(
        token=token,
        subject=spec.subject,
        language=spec.language,
        channel=spec.channel,
        asker=asker,
        asker_email=email,
        asker_name=asker.name if asker else spec.asker_name,
        asker_phone=spec.asker_phone,
        organisation=organisation,
        topic=topic,
        district=district,
        team_id=team_id,
        assignee_id=assignee_id,
        routed_by=reason,
        status=spec.status,
        created_at=created,
        updated_at=last,
        due_at=due,
        first_answer_due=first_due,
        resolution_due=resolution_due,
        first_answered_at=first_answered,
        closed_at=closed,
        escalated_at=min(due + timedelta(hours=1), now)
        if spec.status in OPEN_STATUSES and due < now
        else None,
    )
    staff = User.objects.filter(pk=assignee_id).first() if assignee_id else None
    first_kind = MessageKind.PHONE if spec.channel == Channel.PHONE else MessageKind.QUESTION
    Message.objects.create(
        question=question,
        kind=first_kind,
        author=staff if spec.channel == Channel.PHONE else asker,
        from_email="" if spec.channel == Channel.PHONE else email,
        body=spec.body,
        channel=spec.channel,
        created_at=created,
        message_id=f"<{token}@mail.example.org>" if spec.channel == Channel.EMAIL else None,
    )
    for n, (kind, days, text) in enumerate(spec.thread):
        from_city = kind in ("reply", "note")
        Message.objects.create(
            question=question,
            kind=kind,
            author=staff if from_city else asker,
            from_email="" if from_city else email,
            body=text,
            channel=Channel.EMAIL if kind == "reply" and email else Channel.WEB,
            created_at=created + timedelta(days=days),
            message_id=f"<ticket-{token}.{n:016x}@{settings.SUPPORT_MAIL_DOMAIN}>"
            if kind == "reply"
            else None,
        )
    if organisation is not None:
        data = {"subject": spec.subject}
        timeline_record(
            organisation=organisation,
            kind="support.question_asked",
            actor=asker or staff,
            subject=question,
            occurred_at=created,
            data={**data, "channel": spec.channel},
        )
        if first_answered:
            timeline_record(
                organisation=organisation,
                kind="support.question_answered",
                actor=staff,
                subject=question,
                occurred_at=first_answered,
                data=data,
            )
        if closed:
            timeline_record(
                organisation=organisation,
                kind="support.question_closed",
                actor=staff,
                subject=question,
                occurred_at=closed,
                data=data,
            )
    ctx.count("questions", 1)


def _seed_demo_questions(ctx: SeedContext, topics: dict[str, Topic]) -> None:
    emails = {s.asker for s in DEMO_QUESTIONS} | {s.handler for s in DEMO_QUESTIONS}
    people = {u.email: u for u in User.objects.filter(email__in=emails - {""})}
    slugs = {s.organisation for s in DEMO_QUESTIONS} - {""}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    router = _Router(topics)
    for spec in DEMO_QUESTIONS:
        if spec.asker and spec.asker not in people:
            continue  # the accounts seed did not run
        _demo_question(
            spec,
            topics=topics,
            people=people,
            organisations=organisations,
            router=router,
            ctx=ctx,
        )


def _analyze(models: list[Any]) -> None:
    """PostgreSQL: fresh planner statistics after the bulk load (see organisations/seed.py)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@seeder(order=41)
def seed_support(ctx: SeedContext) -> None:
    """Topics, routing rules, the demo accounts' questions and 20,000 questions per scale."""
    topics = _seed_topics(ctx)
    _seed_rules(ctx, topics)
    _seed_demo_questions(ctx, topics)
    _seed_generated(ctx, topics)
    _analyze([Question, Message, TimelineEvent])
