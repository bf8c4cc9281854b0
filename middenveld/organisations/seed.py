"""Demo organisations: 2,000 per scale step, spread over Ghent's wijken like the real ones.

Most organisations are active in one wijk (the big, dense wijken such as Brugse Poort,
Rabot, Sluizeken-Tolhuis-Ham, Ledeberg, Nieuw Gent and the Binnenstad have the most),
some in two or three, a few in the whole city. Names, descriptions, languages and target
groups follow the kind of organisation ("Huiswerkklas", "Vrouwenvereniging", ...); about
15 % are self-organisations (zelforganisaties) that also work in their community's language.

The volume is written with ``bulk_create`` (organisations, their districts, target groups
and languages, addresses, recognitions and timeline events), so ``--scale 10`` (20,000
organisations) takes about 15 seconds. ``name_key`` and ``search_text`` are computed here exactly as
``services.organisation_refresh_derived`` does, from the values at hand.

Idempotent: organisations are keyed on their slug; a slug that exists is skipped with
everything that belongs to it. The organisations come from their own random stream
(``_SEED``), not from ``ctx.random``, whose state depends on what earlier seeders drew: so
the same organisations come out whatever runs before, a second run finds every slug, and
``--scale 10`` after ``--scale 1`` keeps the first 2,000 and adds the next 18,000.

Two hand-made organisations make the demo accounts meaningful: burger@example.org is admin
of "Huiswerkklas De Brug" (with a member, a pending request to join and an open invitation)
and member of "Vrouwenvereniging De Zonnebloem"; medewerker@example.org is the fixed
contact person of both and of a few dozen organisations in the Brugse Poort.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from middenveld.accounts.models import Role, User
from middenveld.core.cache import bump_content_version
from middenveld.core.models import District
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder
from middenveld.organisations.models import (
    WORKING_FORM_FIELDS,
    Address,
    AddressKind,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Language,
    LegalForm,
    MemberRole,
    Membership,
    Organisation,
    Recognition,
    RecognitionType,
    Status,
    TargetGroup,
    TimelineEvent,
)
from middenveld.organisations.services import organisation_refresh_derived
from middenveld.organisations.text import name_key, search_fold
from middenveld.organisations.timeline import timeline_record

PER_SCALE = 2000
_SEED = "middenveld.organisations.seed"
BATCH = 2000

# --- Where: Ghent's wijken ------------------------------------------------------------------
# District name -> (weight, postal code, [(place in a name, "in ..." in a sentence)], streets).
# A city with other districts still gets organisations: unknown names weigh 2 and use the
# district's own name.
WIJKEN: dict[str, tuple[int, str, list[tuple[str, str]], list[str]]] = {
    "Binnenstad": (
        9,
        "9000",
        [
            ("Centrum", "in het centrum van Gent"),
            ("Patershol", "in het Patershol"),
            ("Sint-Jacobs", "rond Sint-Jacobs"),
            ("Kouter", "rond de Kouter"),
        ],
        ["Korenmarkt", "Vrijdagmarkt", "Kammerstraat", "Onderbergen", "Sint-Jacobsnieuwstraat",
         "Hoogpoort", "Nederkouter", "Ajuinlei", "Lange Violettestraat", "Sint-Amandstraat"],
    ),
    "Bloemekenswijk": (
        4,
        "9000",
        [("Bloemekenswijk", "in de Bloemekenswijk")],
        ["Groenestaakstraat", "Jasmijnstraat", "Dahliastraat", "Begoniastraat", "Meibloemstraat"],
    ),
    "Brugse Poort - Rooigem": (
        9,
        "9000",
        [("Brugse Poort", "in de Brugse Poort"), ("Rooigem", "in Rooigem")],
        ["Phoenixstraat", "Bevrijdingslaan", "Brugsesteenweg", "Malegijsstraat", "Haspelstraat",
         "Van Beverenplein", "Rooigemlaan", "Kokerstraat", "Boerderijstraat"],
    ),
    "Dampoort": (
        6,
        "9000",
        [("Dampoort", "aan de Dampoort")],
        ["Dendermondsesteenweg", "Dampoortstraat", "Antwerpenplein", "Oktrooiplein",
         "Hagelandkaai", "Land van Waaslaan"],
    ),
    "Drongen": (
        3,
        "9031",
        [("Drongen", "in Drongen")],
        ["Drongenplein", "Landegemstraat", "Baarleveldestraat", "Deinzesteenweg"],
    ),
    "Elisabethbegijnhof - Prinsenhof - Papegaai - Sint-Michiels": (
        3,
        "9000",
        [
            ("Prinsenhof", "in het Prinsenhof"),
            ("Sint-Michiels", "in Sint-Michiels"),
            ("Papegaai", "in de Papegaaiwijk"),
        ],
        ["Begijnhofdries", "Prinsenhof", "Sint-Michielsstraat", "Rozemarijnstraat",
         "Papegaaistraat", "Lange Steenstraat"],
    ),
    "Gentbrugge": (
        4,
        "9050",
        [("Gentbrugge", "in Gentbrugge")],
        ["Brusselsesteenweg", "Victor Braeckmanlaan", "Jan Delvinlaan", "Gentbruggeplein"],
    ),
    "Kanaaldorpen en -zone": (
        1,
        "9042",
        [
            ("Sint-Kruis-Winkel", "in Sint-Kruis-Winkel"),
            ("Desteldonk", "in Desteldonk"),
            ("Mendonk", "in Mendonk"),
        ],
        ["Sint-Kruis-Winkeldorp", "Desteldonkdorp", "Mendonkdorp", "Langerbruggestraat"],
    ),
    "Ledeberg": (
        6,
        "9050",
        [("Ledeberg", "in Ledeberg")],
        ["Ledebergplein", "Hundelgemsesteenweg", "Bellevuestraat", "Goudstraat", "Kerkstraat"],
    ),
    "Macharius - Heirnis": (
        3,
        "9000",
        [("Macharius", "in de Machariuswijk"), ("Heirnis", "in Heirnis")],
        ["Heirnislaan", "Kasteellaan", "Forelstraat", "Schoolkaai", "Visserij"],
    ),
    "Mariakerke": (
        3,
        "9030",
        [("Mariakerke", "in Mariakerke")],
        ["Mariakerkeplein", "Groenestraat", "Brugsesteenweg", "Eeklostraat"],
    ),
    "Moscou - Vogelhoek": (
        2,
        "9050",
        [("Moscou", "in Moscou"), ("Vogelhoek", "in de Vogelhoek")],
        ["Merelstraat", "Lijsterstraat", "Vinkenstraat", "Koekoekstraat", "Bosstraat"],
    ),
    "Muide - Meulestede - Afrikalaan": (
        3,
        "9000",
        [("Muide", "in de Muide"), ("Meulestede", "in Meulestede")],
        ["Afrikalaan", "Meulestedekaai", "Voorhavenlaan", "Muidelaan", "Meulesteedsesteenweg"],
    ),
    "Nieuw Gent - UZ": (
        6,
        "9000",
        [("Nieuw Gent", "in Nieuw Gent")],
        ["Rerum Novarumplein", "Kikvorsstraat", "Corneel Heymanslaan", "Sint-Pietersaalststraat"],
    ),
    "Oostakker": (
        2,
        "9041",
        [("Oostakker", "in Oostakker")],
        ["Oostakkerdorp", "Gentstraat", "Eksaardserijweg", "Pijphoekstraat"],
    ),
    "Oud Gentbrugge": (
        2,
        "9050",
        [("Oud Gentbrugge", "in Oud Gentbrugge")],
        ["Gentbruggekouter", "Meersemdries", "Gentbruggestraat", "Braemkasteelstraat"],
    ),
    "Rabot - Blaisantvest": (
        8,
        "9000",
        [("Rabot", "in het Rabot"), ("Blaisantvest", "aan de Blaisantvest")],
        ["Rabotstraat", "Wondelgemstraat", "Blaisantvest", "Gasmeterlaan", "Filips van Cleeflaan"],
    ),
    "Sint-Amandsberg": (
        6,
        "9040",
        [("Sint-Amandsberg", "in Sint-Amandsberg")],
        ["Antwerpsesteenweg", "Heiveldstraat", "Visitatiestraat", "Edgard Tinelstraat", "Hogeweg"],
    ),
    "Sint-Denijs-Westrem - Afsnee": (
        2,
        "9051",
        [("Sint-Denijs-Westrem", "in Sint-Denijs-Westrem"), ("Afsnee", "in Afsnee")],
        ["Kortrijksesteenweg", "Afsneedorp", "Maaltebruggestraat", "Putkapelstraat"],
    ),
    "Sluizeken - Tolhuis - Ham": (
        8,
        "9000",
        [("Sluizeken", "op het Sluizeken"), ("Tolhuis", "in het Tolhuis"), ("Ham", "aan de Ham")],
        ["Sleepstraat", "Sluizeken", "Tolhuislaan", "Blekerijstraat", "Voormuide", "Ham"],
    ),
    "Stationsbuurt-Noord": (
        3,
        "9000",
        [("Stationsbuurt", "in de Stationsbuurt"), ("Sint-Pieters", "rond Sint-Pieters")],
        ["Clementinalaan", "Sint-Denijslaan", "Koning Albertlaan", "Hofstraat"],
    ),
    "Stationsbuurt-Zuid": (
        3,
        "9000",
        [("Stationsbuurt-Zuid", "in de Stationsbuurt-Zuid")],
        ["Koningin Fabiolalaan", "Voskenslaan", "Rijsenbergstraat", "Kortrijksesteenweg"],
    ),
    "Watersportbaan - Ekkergem": (
        3,
        "9000",
        [("Ekkergem", "in Ekkergem"), ("Watersportbaan", "aan de Watersportbaan")],
        ["Zuiderlaan", "Ekkergemstraat", "Jan Yoensstraat", "Neermeerskaai"],
    ),
    "Wondelgem": (
        3,
        "9032",
        [("Wondelgem", "in Wondelgem")],
        ["Botestraat", "Pantserschipstraat", "Hoogstraat", "Kerkakker"],
    ),
    "Zwijnaarde": (
        1,
        "9052",
        [("Zwijnaarde", "in Zwijnaarde")],
        ["Zwijnaardsesteenweg", "Rijvisschestraat", "Heerweg-Zuid", "Grotesteenweg-Noord"],
    ),
}  # fmt: skip
CITY_PLACE = ("Gent", "in heel Gent")

# --- What: kinds of organisation ---------------------------------------------------------------


MOSQUE = "Moskeevereniging"


@dataclass(frozen=True)
class Kind:
    word: str  # the word in the name
    weight: int
    forms: tuple[str, ...]  # working-form codes (WORKING_FORMS)
    groups: tuple[str, ...]  # target-group codes
    sentences: tuple[str, ...]  # {place}: "in de Brugse Poort"; {community}: "Turkse gemeenschap"
    general: bool = True  # also for organisations that are not self-organisations
    self_org: bool = False  # also for self-organisations
    recognition: str = ""  # a recognition type this kind often has (besides basiswerk)


KINDS: tuple[Kind, ...] = (
    Kind("Buurtwerk", 8, ("basiswerk", "ontmoeting"), ("buurtbewoners", "gezinnen"), (
        "Een ontmoetingsplek voor alle buren {place}, met een open onthaal, een sociale "
        "kruidenier en hulp bij brieven en formulieren.",
        "Buurtbewoners {place} kunnen bij ons terecht voor een babbel, een goedkope maaltijd "
        "en hulp bij papieren.",
    )),
    Kind("Buurtcomité", 5, ("ontmoeting", "belangenbehartiging"), ("buurtbewoners",), (
        "Wij organiseren het jaarlijkse buurtfeest {place} en komen op voor een veilige, groene "
        "en propere buurt.",
        "Wij brengen de buren {place} samen en bespreken met de stad wat er in onze straten "
        "beter kan.",
    )),
    Kind("Vriendenkring", 6, ("ontmoeting",), ("ouderen", "iedereen"), (
        "Een vriendenkring {place} die elke week samenkomt om te kaarten, te wandelen en "
        "uitstappen te maken.",
    ), self_org=True),
    Kind("Huiswerkklas", 6, ("basiswerk",), ("kinderen-en-jongeren", "gezinnen"), (
        "Vrijwilligers helpen kinderen uit het lager en secundair onderwijs {place} na school "
        "met hun huiswerk.",
        "Elke week huiswerkbegeleiding en taalondersteuning voor kinderen en jongeren {place}, "
        "in samenwerking met de scholen.",
    ), self_org=True, recognition="jeugdwerk"),
    Kind(MOSQUE, 5, ("ontmoeting", "basiswerk"),
         ("etnisch-culturele-minderheden", "gezinnen"), (
        "Naast de gebedsruimte organiseren wij Nederlandse les, huiswerkbegeleiding en "
        "activiteiten voor jongeren {place}.",
        "Onze vereniging beheert de moskee {place} en is een vaste ontmoetingsplek voor de "
        "{community}.",
    ), general=False, self_org=True),
    Kind("Vrouwenvereniging", 5, ("ontmoeting", "emancipatie"), ("vrouwen",), (
        "Vrouwen {place} komen bij ons samen voor Nederlandse les, naailessen, fietslessen en "
        "een gezellige babbel.",
        "Wij versterken vrouwen {place} met vormingen over gezondheid, werk en opvoeding.",
    ), self_org=True),
    Kind("Jeugdhuis", 4, ("ontmoeting",), ("kinderen-en-jongeren",), (
        "Een jeugdhuis voor jongeren van 14 tot 25 jaar {place}: een bar, concerten, workshops "
        "en een plek om gewoon te zijn.",
    ), recognition="jeugdwerk"),
    Kind("Jeugdvereniging", 3, ("ontmoeting", "emancipatie"), ("kinderen-en-jongeren",), (
        "Elke zaterdag spelen, sporten en op kamp gaan met kinderen en jongeren {place}.",
    ), self_org=True, recognition="jeugdwerk"),
    Kind("Sportclub", 5, ("ontmoeting",), ("kinderen-en-jongeren", "iedereen"), (
        "Voetbal, basketbal en zaalsport voor jong en oud {place}, met een lage bijdrage voor "
        "wie het financieel moeilijk heeft.",
        "Een sportclub {place} waar sport een middel is om jongeren samen te brengen en te "
        "laten groeien.",
    ), self_org=True),
    Kind("Vluchtelingenwerk", 4, ("basiswerk", "belangenbehartiging"),
         ("nieuwkomers-en-vluchtelingen",), (
        "Vrijwilligers begeleiden vluchtelingen en nieuwkomers {place} bij wonen, werk, school "
        "en administratie.",
        "Wij komen op voor de rechten van vluchtelingen {place} met juridisch advies, "
        "taalcafés en een warm onthaal.",
    )),
    Kind("Armoedevereniging", 3, ("basiswerk", "belangenbehartiging", "emancipatie"),
         ("mensen-in-armoede",), (
        "Een vereniging waar armen het woord nemen: samen met mensen in armoede {place} maken "
        "wij hun stem hoorbaar bij de stad.",
        "Mensen in armoede {place} ontmoeten elkaar bij ons, volgen samen vormingen en komen "
        "op voor hun rechten.",
    )),
    Kind("Buurtcafé", 3, ("ontmoeting",), ("buurtbewoners",), (
        "Een sociaal café {place}: koffie aan een democratische prijs, een leestafel en elke "
        "maand een buurtmaaltijd.",
    )),
    Kind("Koor", 3, ("ontmoeting",), ("iedereen",), (
        "Een koor voor iedereen die graag zingt {place}: geen ervaring nodig, wel veel goesting.",
        "We zingen liederen uit de hele wereld en treden op bij buurtfeesten {place}.",
    )),
    Kind("Repair Café", 2, ("ontmoeting", "basiswerk"), ("buurtbewoners",), (
        "Elke maand herstellen vrijwilligers {place} gratis kapotte toestellen, fietsen en "
        "kleren, samen met de eigenaar.",
    )),
    Kind("Sociale Kruidenier", 2, ("basiswerk",), ("mensen-in-armoede", "gezinnen"), (
        "Gezinnen met een klein budget {place} kopen bij ons voeding en verzorgingsproducten "
        "aan een lagere prijs.",
    )),
    Kind("Seniorenclub", 3, ("ontmoeting",), ("ouderen",), (
        "Ouderen {place} komen bij ons samen voor koffie, turnen, voordrachten en "
        "daguitstappen.",
    ), self_org=True),
    Kind("Taalcafé", 2, ("ontmoeting", "emancipatie"), ("nieuwkomers-en-vluchtelingen",), (
        "Wie Nederlands leert, oefent bij ons elke week in een ontspannen sfeer met "
        "vrijwilligers {place}.",
    )),
    Kind("Cultuurvereniging", 5, ("ontmoeting", "emancipatie"),
         ("etnisch-culturele-minderheden",), (
        "Wij brengen de {community} {place} samen met feesten, muziek, taallessen voor "
        "kinderen en hulp voor nieuwkomers.",
        "Een vereniging van en voor de {community} {place}: ontmoeting, cultuur en een "
        "brug naar de Gentse samenleving.",
    ), general=False, self_org=True),
    Kind("Oudervereniging", 2, ("ontmoeting", "belangenbehartiging"), ("gezinnen",), (
        "Ouders {place} die samen opkomen voor goed onderwijs en de school van hun kinderen "
        "mee vormgeven.",
    ), self_org=True),
    Kind("Zelfhulpgroep", 2, ("ontmoeting", "basiswerk"), ("mensen-met-een-beperking",), (
        "Een groep voor mensen met een beperking en hun naasten {place}: we delen ervaringen "
        "en helpen elkaar verder.",
    )),
    Kind("Regenbooggroep", 1, ("ontmoeting", "emancipatie", "belangenbehartiging"),
         ("lgbtqia",), (
        "Een veilige plek voor LGBTQIA+-personen {place}, met praatgroepen, feestjes en "
        "sensibilisering.",
    )),
    Kind("Inloophuis", 2, ("basiswerk", "ontmoeting"),
         ("dak-en-thuislozen", "mensen-in-armoede"), (
        "Een inloophuis {place} waar dak- en thuislozen overdag terechtkunnen voor een douche, "
        "een maaltijd en een luisterend oor.",
    )),
    Kind("Studentenvereniging", 1, ("ontmoeting",), ("studenten",), (
        "Studenten in Gent die samen activiteiten organiseren en elkaar helpen tijdens de "
        "studies.",
    ), self_org=True),
    Kind("Samentuin", 2, ("ontmoeting",), ("buurtbewoners",), (
        "Buren {place} kweken samen groenten en kruiden in onze samentuin en delen de oogst.",
    )),
    Kind("Speelpleinwerking", 2, ("basiswerk", "ontmoeting"), ("kinderen-en-jongeren",), (
        "In de schoolvakanties spelen kinderen {place} bij ons onder begeleiding van "
        "animatoren, aan een kleine prijs.",
    ), recognition="jeugdwerk"),
    Kind("Theatergroep", 1, ("ontmoeting", "emancipatie"), ("iedereen",), (
        "Een amateurtheatergroep {place} die verhalen uit de buurt op de planken brengt.",
    )),
    Kind("Dansgroep", 2, ("ontmoeting",), ("iedereen",), (
        "Wij geven dansles en treden op met traditionele en hedendaagse dansen {place}.",
    ), self_org=True),
    Kind("Huurdersvereniging", 1, ("belangenbehartiging",), ("buurtbewoners",), (
        "Huurders {place} die samen opkomen voor betaalbaar en gezond wonen.",
    )),
    Kind("Vormingsvereniging", 1, ("emancipatie", "basiswerk"), ("iedereen",), (
        "Vormingen en cursussen voor volwassenen {place}: digitale vaardigheden, budgetbeheer "
        "en gezondheid.",
    )),
)  # fmt: skip

FANCY = (
    "De Brug", "De Kreek", "Het Anker", "De Vonk", "De Zwaluw", "Het Klokhuis", "De Linde",
    "De Toekomst", "Samen Sterk", "Eigen Kracht", "Open Huis", "De Verbinding", "De Regenboog",
    "Het Kompas", "Het Vlot", "De Boei", "Den Tuin", "'t Hoekske", "'t Pleintje", "De Oase",
    "Kleurrijk", "Nieuwe Horizon", "De Zonnebloem", "Duizendpoot", "De Lindeboom", "De Parel",
    "Het Nest", "De Schakel", "Zonder Grenzen", "Tussen Buren", "De Vlinder", "Het Ankerpunt",
    "Kiem", "Groeikracht", "Lichtpunt", "De Overkant", "De Kameleon", "De Wegwijzer", "Vrij Spel",
    "De Kaai", "Den Draai", "De Molen", "Het Bruggetje", "Tierlantijn", "De Pluim", "De Wilg",
    "De Eik", "Morgenrood", "Zonnestraal", "Perspectief", "Het Venster", "De Knipoog",
    "De Veerman", "Palet", "Mozaïek", "Caleidoscoop", "Horizon", "De Vuurtoren", "Het Zaadje",
    "Boterbloem",
)  # fmt: skip

EXTRA_SENTENCES = (
    "Iedereen is welkom, ook wie nog weinig Nederlands spreekt.",
    "We werken samen met het buurtwerk, de scholen en de stad.",
    "Onze activiteiten zijn gratis of vragen een kleine bijdrage.",
    "We zoeken altijd nieuwe vrijwilligers: kom gerust eens langs.",
    "Alles draait op de inzet van een twintigtal vrijwilligers.",
    "Onze lokalen zijn toegankelijk voor rolstoelgebruikers.",
    "We zijn elke werkdag open van 9 tot 17 uur.",
    "Sinds dit jaar hebben we ook een werking voor ouders.",
)


@dataclass(frozen=True)
class Community:
    adjective: str  # "Turkse"
    weight: int
    languages: tuple[str, ...]  # Language codes, the first is the main one
    names: tuple[str, ...]  # names such organisations give themselves
    mosque: bool = False

    @property
    def noun(self) -> str:
        return f"{self.adjective} gemeenschap"


COMMUNITIES: tuple[Community, ...] = (
    Community("Turkse", 10, ("tr",), ("Anadolu", "Dostluk", "Birlik", "Umut", "Yeni Nesil"), True),
    Community("Bulgaarse", 7, ("bg", "tr"), ("Rodina", "Balkan", "Zora", "Vazrazhdane"), True),
    Community("Marokkaanse", 7, ("ar", "zgh"), ("Al Amal", "Annour", "Assalam", "Tafsut"), True),
    Community("Amazigh", 2, ("zgh", "ar"), ("Tilelli", "Izuran", "Tamazgha")),
    Community("Afghaanse", 4, ("ps", "fa"), ("Watan", "Aryana", "Bamyan"), True),
    Community("Syrische", 3, ("ar", "ku"), ("Yasmin", "Al Sham", "Jasmijn"), True),
    Community("Roemeense", 3, ("ro",), ("Dor", "Carpați", "Mărțișor")),
    Community("Poolse", 2, ("pl",), ("Polonia", "Orzeł", "Wisła")),
    Community("Somalische", 2, ("so",), ("Hiil", "Samafal", "Horseed"), True),
    Community("Eritrese", 2, ("ti",), ("Selam", "Hidmona", "Asmara")),
    Community("Koerdische", 2, ("ku", "tr"), ("Newroz", "Azadî", "Zagros")),
    Community("Congolese", 2, ("fr",), ("Lisanga", "Bondeko", "Espoir")),
    Community("Ghanese", 2, ("en",), ("Akwaaba", "Sankofa", "Adinkra")),
    Community("Oekraïense", 2, ("uk", "ru"), ("Kalyna", "Mriya", "Soniachnyk")),
    Community("Iraanse", 1, ("fa",), ("Mehr", "Simorgh", "Nowruz")),
    Community("Ethiopische", 1, ("am",), ("Fikir", "Addis", "Tesfa")),
    Community("Albanese", 1, ("sq",), ("Iliria", "Shqiponja", "Besa"), True),
    Community("Pakistaanse", 1, ("ur", "en"), ("Dosti", "Sitara"), True),
    Community("Chinese", 1, ("zh",), ("Huaxia", "Lotus")),
    Community("Latijns-Amerikaanse", 1, ("es", "pt"), ("Raíces", "La Casa", "Sabor")),
    Community("Guinese", 1, ("fr",), ("Djama", "Wakili"), True),
)  # fmt: skip

# Other languages an organisation that is not a self-organisation also works in.
OTHER_LANGUAGES = (
    ("en", 0.16), ("fr", 0.12), ("tr", 0.05), ("ar", 0.06), ("bg", 0.03), ("ro", 0.02),
    ("pl", 0.02), ("zgh", 0.015), ("ps", 0.01), ("fa", 0.015), ("so", 0.01), ("es", 0.01),
    ("uk", 0.01), ("ru", 0.01),
)  # fmt: skip

LEGAL_FORMS = (
    (LegalForm.INFORMAL, 47),
    (LegalForm.NONPROFIT, 45),
    (LegalForm.PART, 3),
    (LegalForm.FOUNDATION, 2),
    (LegalForm.INTERNATIONAL, 1),
    (LegalForm.OTHER, 2),
)
WITH_KBO = {LegalForm.NONPROFIT, LegalForm.INTERNATIONAL, LegalForm.FOUNDATION}

REJECTION_REASONS = (
    "Dit is een commerciële onderneming, geen organisatie uit het sociaal middenveld.",
    "Deze organisatie is al geregistreerd. Vraag om lid te worden van de bestaande registratie.",
    "De organisatie is niet actief in Gent.",
)

# --- Recognitions -----------------------------------------------------------------------------
# code -> {field: text}; names and descriptions in the six interface languages.
RECOGNITION_TYPES: dict[str, dict[str, str]] = {
    "basiswerk": {
        "name_nl": "Erkende organisatie voor basiswerk",
        "name_en": "Recognised basic-work organisation",
        "name_fr": "Organisation de travail de base reconnue",
        "name_tr": "Tanınmış temel çalışma kuruluşu",
        "name_ar": "منظمة معترف بها للعمل الأساسي",
        "name_bg": "Призната организация за базова работа",
        "description_nl": "De organisatie doet basiswerk in een of meer Gentse wijken en kan "
        "werkingssubsidie voor basiswerk aanvragen.",
        "description_en": "The organisation does basic work in one or more districts of Ghent "
        "and can apply for operating grants for basic work.",
        "description_fr": "L'organisation fait du travail de base dans un ou plusieurs quartiers "
        "de Gand et peut demander un subside de fonctionnement.",
        "description_tr": "Kuruluş Gent'in bir veya daha fazla mahallesinde temel çalışma yapar "
        "ve temel çalışma için işletme desteği başvurusunda bulunabilir.",
        "description_ar": "تقوم المنظمة بالعمل الأساسي في حي أو أكثر من أحياء غنت ويمكنها "
        "طلب دعم تشغيلي للعمل الأساسي.",
        "description_bg": "Организацията извършва базова работа в един или повече квартали на "
        "Гент и може да кандидатства за оперативна субсидия.",
    },
    "zelforganisatie": {
        "name_nl": "Erkende zelforganisatie",
        "name_en": "Recognised self-organisation",
        "name_fr": "Auto-organisation reconnue",
        "name_tr": "Tanınmış öz örgüt",
        "name_ar": "منظمة ذاتية معترف بها",
        "name_bg": "Призната самоорганизация",
        "description_nl": "Een organisatie van en voor mensen met een gedeelde migratie- of "
        "culturele achtergrond, erkend door de stad.",
        "description_en": "An organisation of and for people with a shared migration or "
        "cultural background, recognised by the city.",
        "description_fr": "Une organisation de et pour des personnes ayant un parcours "
        "migratoire ou culturel commun, reconnue par la ville.",
        "description_tr": "Ortak bir göç veya kültürel geçmişe sahip insanlar tarafından ve "
        "onlar için kurulmuş, belediye tarafından tanınan bir kuruluş.",
        "description_ar": "منظمة من أشخاص يجمعهم ماضٍ ثقافي أو تجربة هجرة مشتركة ولأجلهم، "
        "معترف بها من قبل المدينة.",
        "description_bg": "Организация на и за хора с общ миграционен или културен произход, "
        "призната от града.",
    },
    "stedelijke-vereniging": {
        "name_nl": "Erkende stedelijke vereniging",
        "name_en": "Recognised city-wide association",
        "name_fr": "Association reconnue à l'échelle de la ville",
        "name_tr": "Tanınmış kent çapında dernek",
        "name_ar": "جمعية معترف بها على مستوى المدينة",
        "name_bg": "Признато общоградско сдружение",
        "description_nl": "Een vereniging die in heel Gent actief is en door de stad erkend is.",
        "description_en": "An association active in the whole of Ghent, recognised by the city.",
        "description_fr": "Une association active dans tout Gand, reconnue par la ville.",
        "description_tr": "Gent'in tamamında faaliyet gösteren, belediye tarafından tanınan "
        "bir dernek.",
        "description_ar": "جمعية تنشط في كل مدينة غنت ومعترف بها من قبل المدينة.",
        "description_bg": "Сдружение, което работи в цял Гент и е признато от града.",
    },
    "jeugdwerk": {
        "name_nl": "Erkend jeugdwerkinitiatief",
        "name_en": "Recognised youth work initiative",
        "name_fr": "Initiative de travail de jeunesse reconnue",
        "name_tr": "Tanınmış gençlik çalışması girişimi",
        "name_ar": "مبادرة معترف بها للعمل الشبابي",
        "name_bg": "Призната инициатива за младежка работа",
        "description_nl": "Een initiatief dat vrijetijdsactiviteiten voor kinderen en jongeren "
        "organiseert, erkend door de jeugddienst.",
        "description_en": "An initiative that organises leisure activities for children and "
        "young people, recognised by the youth service.",
        "description_fr": "Une initiative qui organise des loisirs pour enfants et jeunes, "
        "reconnue par le service jeunesse.",
        "description_tr": "Çocuklar ve gençler için boş zaman etkinlikleri düzenleyen, gençlik "
        "servisi tarafından tanınan bir girişim.",
        "description_ar": "مبادرة تنظم أنشطة ترفيهية للأطفال والشباب، معترف بها من قبل "
        "مصلحة الشباب.",
        "description_bg": "Инициатива, която организира свободното време на деца и младежи, "
        "призната от службата за младежта.",
    },
}

# --- Demo people and their organisations ------------------------------------------------------
CITIZEN = "burger@example.org"
STAFF = "medewerker@example.org"
EXTRA_PEOPLE = (
    ("ayse.yilmaz@example.org", "Ayşe Yılmaz"),  # admin of the Zonnebloem
    ("koen.vermeulen@example.org", "Koen Vermeulen"),  # member of De Brug
    ("fatima.benali@example.org", "Fatima Benali"),  # asks to join De Brug
)
INVITED = "nieuwe.vrijwilliger@example.org"
# How many generated organisations in the Brugse Poort have the staff demo account as contact.
STAFF_PORTFOLIO = 40
STAFF_DISTRICT = "Brugse Poort - Rooigem"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    legal_form: str
    description: str
    districts: tuple[str, ...]  # District names
    forms: tuple[str, ...]
    groups: tuple[str, ...]
    languages: tuple[str, ...]
    address: tuple[str, str, str]  # street, number, postal code
    phone: str
    self_org: bool = False
    kbo_n: int | None = None
    vcode: str | None = None
    recognitions: tuple[tuple[str, int, int], ...] = ()  # (type code, from, until) in days


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        slug="huiswerkklas-de-brug",
        name="Huiswerkklas De Brug",
        legal_form=LegalForm.NONPROFIT,
        description=(
            "Elke maandag, dinsdag en donderdag na school helpen vrijwilligers kinderen uit de "
            "Brugse Poort met hun huiswerk. Ouders zijn welkom voor een babbel en een tas thee."
        ),
        districts=("Brugse Poort - Rooigem",),
        forms=("basiswerk", "ontmoeting"),
        groups=("kinderen-en-jongeren", "gezinnen"),
        languages=("nl", "tr", "ar", "bg"),
        address=("Phoenixstraat", "42", "9000"),
        phone="09 234 56 78",
        kbo_n=9_500_001,
        vcode="V0090001",
        # The previous recognition ended, the renewal runs: history of two periods.
        recognitions=(("basiswerk", -2100, -331), ("basiswerk", -330, 1860)),
    ),
    DemoOrganisation(
        slug="vrouwenvereniging-de-zonnebloem",
        name="Vrouwenvereniging De Zonnebloem",
        legal_form=LegalForm.INFORMAL,
        description=(
            "Turkse en Bulgaarse vrouwen uit het Rabot komen bij ons samen voor Nederlandse "
            "les, fietslessen en een gezellige babbel. Nieuwe vrouwen zijn altijd welkom."
        ),
        districts=("Rabot - Blaisantvest", "Sluizeken - Tolhuis - Ham"),
        forms=("ontmoeting", "emancipatie"),
        groups=("vrouwen", "etnisch-culturele-minderheden"),
        languages=("nl", "tr", "bg"),
        address=("Rabotstraat", "17", "9000"),
        phone="0486 12 34 56",
        self_org=True,
        vcode="V0090002",
        recognitions=(("zelforganisatie", -400, 1790),),
    ),
)


# --- Generating ----------------------------------------------------------------------------------


@dataclass
class _Place:
    district: District
    weight: int
    postal_code: str
    places: list[tuple[str, str]]
    streets: list[str]


@dataclass
class _Planned:
    """One generated organisation, as plain values: cheap to make, model objects only if new."""

    values: dict[str, Any]  # Organisation fields
    district_ids: list[int]
    group_codes: list[str]
    language_codes: list[str]
    addresses: list[tuple[str, str, str, str, str]]  # kind, street, number, box, postal code
    # (type code, valid from, valid until, decision date, decision reference)
    recognitions: list[tuple[str, date, date | None, date, str]] = field(default_factory=list)
    # (kind, occurred at, actor id, data)
    events: list[tuple[str, datetime, int | None, dict[str, Any]]] = field(default_factory=list)


class _Weighted:
    """rng.choices without re-summing the weights every time."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def _kbo(n: int) -> str:
    """A valid enterprise number made from ``n`` (as tests.factories.valid_kbo)."""
    first8 = f"0{n:07d}"
    return f"{first8}{97 - int(first8) % 97:02d}"


def _acronym(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha() and w.lower() != "vzw"]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


def _place(district: District) -> _Place:
    spec = WIJKEN.get(district.name)
    if spec is None:  # another city's district: its own name, generic streets
        spec = (2, "9000", [(district.name, f"in {district.name}")], ["Kerkstraat", "Dorpsstraat"])
    weight, postal_code, places, streets = spec
    return _Place(district, weight, postal_code, places, streets)


class _Generator:
    def __init__(self, *, now: datetime, staff: User | None) -> None:
        self.rng = random.Random(_SEED)
        self.now = now
        self.today = timezone.localdate(now)
        self.staff = staff
        self.places = [_place(d) for d in District.objects.order_by("name")]
        self.district_pick = _Weighted(self.places, [p.weight for p in self.places])
        self.general_kinds = _Weighted(
            [k for k in KINDS if k.general], [k.weight for k in KINDS if k.general]
        )
        self.self_kinds = {
            mosque: _Weighted(kinds, [k.weight for k in kinds])
            for mosque in (True, False)
            for kinds in [[k for k in KINDS if k.self_org and (mosque or k.word != MOSQUE)]]
        }
        self.community_pick = _Weighted(list(COMMUNITIES), [c.weight for c in COMMUNITIES])
        self.legal_pick = _Weighted([f for f, _w in LEGAL_FORMS], [w for _f, w in LEGAL_FORMS])
        self.used_slugs: set[str] = {d.slug for d in DEMO_ORGANISATIONS}
        self.staff_portfolio = 0
        self.decisions = 0

    # -- parts --

    def _slug(self, name: str) -> str:
        base = slugify(name)[:200] or "organisatie"
        slug, n = base, 1
        while slug in self.used_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs.add(slug)
        return slug

    def _districts(self) -> tuple[_Place, list[_Place], bool]:
        rng = self.rng
        primary: _Place = self.district_pick.pick(rng)
        roll = rng.random()
        if roll < 0.05 and len(self.places) > 3:
            return primary, list(self.places), True
        chosen = [primary]
        if roll < 0.25:
            wanted = 2 if rng.random() < 0.7 else 3
            while len(chosen) < min(wanted, len(self.places)):
                extra = self.district_pick.pick(rng)
                if extra not in chosen:
                    chosen.append(extra)
        return primary, chosen, False

    def _name(
        self, kind: Kind, community: Community | None, place: str, street: str, city_wide: bool
    ) -> str:
        rng = self.rng
        roll = rng.random()
        if community is not None:
            own = rng.choice(community.names)
            if roll < 0.4:
                return f"{community.adjective} {kind.word} {place}"
            if roll < 0.75:
                return f"{kind.word} {own}" + (f" {place}" if rng.random() < 0.5 else "")
            return f"{own} {place}"
        fancy = rng.choice(FANCY)
        if city_wide:
            return f"{kind.word} {fancy} Gent" if roll < 0.5 else f"Gentse {kind.word} {fancy}"
        if roll < 0.3:
            return f"{kind.word} {fancy}"
        if roll < 0.55:
            return f"{kind.word} {place}"
        if roll < 0.75:
            return f"{kind.word} {fancy} {place}"
        if roll < 0.9:
            return f"{kind.word} {street}"
        return f"{fancy} {place}"

    def _forms(self, kind: Kind) -> set[str]:
        forms = set(kind.forms)
        for code in WORKING_FORM_FIELDS:
            if code not in forms and self.rng.random() < 0.12:
                forms.add(code)
        return forms

    def _groups(self, kind: Kind, community: Community | None) -> list[str]:
        rng = self.rng
        groups = list(kind.groups[: 1 + (rng.random() < 0.6)])
        if community is not None:
            groups.append("etnisch-culturele-minderheden")
            if rng.random() < 0.3:
                groups.append("nieuwkomers-en-vluchtelingen")
        elif rng.random() < 0.2:
            groups.append(
                rng.choice(
                    [
                        "buurtbewoners",
                        "gezinnen",
                        "mensen-in-armoede",
                        "nieuwkomers-en-vluchtelingen",
                    ]
                )
            )
        return list(dict.fromkeys(groups))

    def _languages(self, kind: Kind, community: Community | None) -> list[str]:
        rng = self.rng
        codes = []
        if rng.random() < (0.9 if community is not None else 0.97):
            codes.append("nl")
        if community is not None:
            codes.append(community.languages[0])
            codes += [c for c in community.languages[1:] if rng.random() < 0.6]
            if rng.random() < 0.15:
                codes.append("fr")
        else:
            codes += [code for code, p in OTHER_LANGUAGES if rng.random() < p]
            if "mensen-met-een-beperking" in kind.groups and rng.random() < 0.4:
                codes.append("vgt")
        return list(dict.fromkeys(codes)) or ["nl"]

    def _description(self, kind: Kind, community: Community | None, in_place: str) -> str:
        rng = self.rng
        text = rng.choice(kind.sentences).format(
            place=in_place, community=community.noun if community else "buurt"
        )
        if community is not None and rng.random() < 0.5:
            text += " We helpen nieuwkomers uit onze gemeenschap op weg in Gent."
        elif rng.random() < 0.7:
            text += " " + rng.choice(EXTRA_SENTENCES)
        return text

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"09 {rng.randint(220, 399)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        return (
            f"04{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
        )

    def _at(self, days_ago: float) -> datetime:
        return self.now - timedelta(days=days_ago)

    # -- one organisation --

    def organisation(self, index: int) -> _Planned:
        """The ``index``-th organisation as plain values (model objects only if it is new)."""
        rng = self.rng
        is_self = rng.random() < 0.15
        community: Community | None = self.community_pick.pick(rng) if is_self else None
        if community is not None:
            kind: Kind = self.self_kinds[community.mosque].pick(rng)
        else:
            kind = self.general_kinds.pick(rng)
        primary, districts, city_wide = self._districts()
        place, in_place = CITY_PLACE if city_wide else rng.choice(primary.places)
        street = rng.choice(primary.streets)
        legal_form = self.legal_pick.pick(rng)
        if community is not None and legal_form in WITH_KBO and rng.random() < 0.3:
            legal_form = LegalForm.INFORMAL  # self-organisations are more often informal
        # A few tries for a name nobody has yet; after that, a name twice (its slug gets -2).
        for _try in range(4):
            name = self._name(kind, community, place, street, city_wide)
            if slugify(name) not in self.used_slugs:
                break
        if legal_form == LegalForm.NONPROFIT and rng.random() < 0.2:
            name += " vzw"
        slug = self._slug(name)
        forms = self._forms(kind)

        # Identifiers: distinct numbers per index, in ranges the demo organisations don't use.
        kbo = None
        if legal_form in WITH_KBO or (legal_form == LegalForm.OTHER and rng.random() < 0.5):
            kbo = _kbo(1_000_000 + (index * 7919) % 8_000_000)
        vcode = None
        if legal_form in (LegalForm.INFORMAL, LegalForm.NONPROFIT) and rng.random() < 0.45:
            vcode = f"V{100_000 + index:07d}"

        label = slug[:40].strip("-")
        email = f"{label}@example.org" if rng.random() < 0.75 else ""
        phone = self._phone() if rng.random() < 0.5 else ""
        website = f"https://{label}.example.org" if rng.random() < 0.35 else ""

        # Status by index, so each scale step has the same queue: 20 waiting for
        # verification, 50 drafts and 20 rejected per 2,000.
        if index % 100 == 37:
            status = Status.SUBMITTED
        elif index % 40 == 11:
            status = Status.DRAFT
        elif index % 100 == 73:
            status = Status.REJECTED
        else:
            status = Status.VERIFIED
        if status != Status.DRAFT and not (email or phone or website):
            email = f"{label}@example.org"

        submitted_at = verified_at = None
        rejection_reason = ""
        if status == Status.VERIFIED:
            created_at = self._at(rng.uniform(60, 2200))
            submitted_at = created_at + timedelta(days=rng.uniform(0, 14))
            verified_at = submitted_at + timedelta(days=rng.uniform(1, 21))
        elif status == Status.SUBMITTED:
            submitted_at = self._at(rng.uniform(0.2, 25))
            created_at = submitted_at - timedelta(days=rng.uniform(0, 10))
        elif status == Status.REJECTED:
            created_at = self._at(rng.uniform(40, 400))
            submitted_at = created_at + timedelta(days=rng.uniform(0, 7))
            rejection_reason = rng.choice(REJECTION_REASONS)
        else:
            created_at = self._at(rng.uniform(1, 90))

        staff_id = self.staff.pk if self.staff is not None else None
        contact_id = None
        if (
            status == Status.VERIFIED
            and staff_id is not None
            and not city_wide
            and primary.district.name == STAFF_DISTRICT
            and self.staff_portfolio < STAFF_PORTFOLIO
            and rng.random() < 0.15
        ):
            contact_id = staff_id
            self.staff_portfolio += 1

        values: dict[str, Any] = {
            "name": name,
            "alternative_name": _acronym(name) if rng.random() < 0.08 else "",
            "slug": slug,
            "legal_form": legal_form,
            "kbo_number": kbo,
            "vcode": vcode,
            "description": self._description(kind, community, in_place),
            "is_self_organisation": is_self,
            "public_email": email,
            "public_phone": phone,
            "website": website,
            "status": status,
            "submitted_at": submitted_at,
            "verified_at": verified_at,
            "verified_by_id": staff_id if verified_at else None,
            "rejection_reason": rejection_reason,
            "contact_person_id": contact_id,
            "created_at": created_at,
        }
        for code, model_field in WORKING_FORM_FIELDS.items():
            values[model_field] = code in forms

        addresses: list[tuple[str, str, str, str, str]] = []
        if status != Status.DRAFT or rng.random() < 0.5:
            box = str(rng.randint(1, 12)) if rng.random() < 0.1 else ""
            addresses.append(
                (AddressKind.ACTIVITY, street, str(rng.randint(1, 220)), box, primary.postal_code)
            )
            if rng.random() < 0.2:
                home = self.district_pick.pick(rng)
                addresses.append(
                    (
                        AddressKind.CORRESPONDENCE,
                        rng.choice(home.streets),
                        str(rng.randint(1, 220)),
                        "",
                        home.postal_code,
                    )
                )

        planned = _Planned(
            values=values,
            district_ids=[p.district.pk for p in districts],
            group_codes=self._groups(kind, community),
            language_codes=self._languages(kind, community),
            addresses=addresses,
        )
        self._history(planned, kind, forms, community, city_wide)
        return planned

    def _history(
        self,
        planned: _Planned,
        kind: Kind,
        forms: set[str],
        community: Community | None,
        city_wide: bool,
    ) -> None:
        """Timeline events and (for verified organisations) recognitions."""
        rng = self.rng
        values = planned.values
        events = planned.events
        staff_id = self.staff.pk if self.staff is not None else None
        events.append(("organisations.registered", values["created_at"], None, {}))
        if values["status"] in (Status.SUBMITTED, Status.REJECTED):
            events.append(("organisations.submitted", values["submitted_at"], None, {}))
        if values["status"] == Status.REJECTED:
            rejected_at = values["submitted_at"] + timedelta(days=rng.uniform(2, 20))
            reason = {"reason": values["rejection_reason"]}
            events.append(("organisations.rejected", rejected_at, staff_id, reason))
        if values["status"] != Status.VERIFIED:
            return
        events.append(("organisations.verified", values["verified_at"], staff_id, {}))
        codes = []
        if "basiswerk" in forms and rng.random() < 0.35:
            codes.append("basiswerk")
        if community is not None and rng.random() < 0.6:
            codes.append("zelforganisatie")
        if city_wide and rng.random() < 0.5:
            codes.append("stedelijke-vereniging")
        if kind.recognition and rng.random() < 0.5:
            codes.append(kind.recognition)
        for code in dict.fromkeys(codes):
            planned.recognitions += self._periods(code)

    def _periods(self, code: str) -> list[tuple[str, date, date | None, date, str]]:
        """One recognition, or a history of two: (type code, from, until, decided, reference)."""
        rng = self.rng
        today = self.today
        six_years = timedelta(days=6 * 365)
        roll = rng.random()
        if roll < 0.62:  # valid now
            start = today - timedelta(days=rng.randint(30, 1400))
            periods = [(start, None if rng.random() < 0.1 else start + six_years)]
        elif roll < 0.77:  # expired
            end = today - timedelta(days=rng.randint(10, 700))
            periods = [(end - timedelta(days=3 * 365), end)]
        elif roll < 0.85:  # starts soon
            start = today + timedelta(days=rng.randint(5, 120))
            periods = [(start, start + six_years)]
        else:  # renewed: an expired period, then the current one
            end = today - timedelta(days=rng.randint(10, 300))
            periods = [(end - six_years, end), (end + timedelta(days=1), end + six_years)]
        found = []
        for start, until in periods:
            # Decided a few weeks before the start, and never in the future.
            decided = min(start - timedelta(days=rng.randint(14, 60)), today - timedelta(days=1))
            self.decisions += 1
            reference = f"{decided.year}_CBS_{self.decisions:05d}"
            found.append((code, start, until, decided, reference))
        return found


def _search_text(parts: list[str], folded: dict[str, str]) -> str:
    """``search_fold(" ".join(parts))`` as services.search_text_for computes it, word by word.

    Folding works character by character and a run of separators collapses to one space, so
    the folded whole is the folded words joined by spaces (empty ones left out). The demo
    texts reuse a few hundred words: each is folded once (``folded`` remembers them).
    """
    out = []
    for part in parts:
        for word in part.split(" "):
            done = folded.get(word)
            if done is None:
                done = folded[word] = search_fold(word)
            if done:
                out.append(done)
    return " ".join(out)


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH) if rows else []


def _seed_generated(ctx: SeedContext, *, staff: User | None) -> None:
    generator = _Generator(now=timezone.now(), staff=staff)
    if not generator.places:
        ctx.write("organisations: no districts loaded, no demo organisations generated.")
        return
    planned = [generator.organisation(index) for index in range(PER_SCALE * ctx.scale)]

    existing = set(Organisation.objects.values_list("slug", flat=True))
    planned = [p for p in planned if p.values["slug"] not in existing]
    if not planned:
        return
    taken_kbo = set(
        Organisation.objects.exclude(kbo_number=None).values_list("kbo_number", flat=True)
    )
    taken_vcode = set(Organisation.objects.exclude(vcode=None).values_list("vcode", flat=True))
    # The default orderings, as the database sorts them: search_text_for lists target
    # groups and districts in that order.
    group_list = list(TargetGroup.objects.all())
    groups = {g.code: g for g in group_list}
    group_rank = {g.code: rank for rank, g in enumerate(group_list)}
    languages = {lang.code: lang.pk for lang in Language.objects.all()}
    districts = {p.district.pk: p.district for p in generator.places}
    district_rank = {p.district.pk: rank for rank, p in enumerate(generator.places)}
    types = {t.code: t for t in RecognitionType.objects.all()}

    folded: dict[str, str] = {}
    organisations = []
    for item in planned:
        values = item.values
        # Someone registered the same identifier by hand: the demo organisation goes without.
        if values["kbo_number"] in taken_kbo:
            values["kbo_number"] = None
        if values["vcode"] in taken_vcode:
            values["vcode"] = None
        item.group_codes = [c for c in item.group_codes if c in groups]
        item.language_codes = [c for c in item.language_codes if c in languages]
        # services.organisation_refresh_derived, from the values at hand: search_text_for
        # takes the names, the description, the target groups (Dutch name) and the districts.
        parts = [values["name"], values["alternative_name"], values["description"]]
        parts += [
            groups[c].name_nl or groups[c].name  # type: ignore[attr-defined]
            for c in sorted(item.group_codes, key=group_rank.__getitem__)
        ]
        parts += [
            districts[pk].name for pk in sorted(item.district_ids, key=district_rank.__getitem__)
        ]
        values["search_text"] = _search_text(parts, folded)
        values["name_key"] = name_key(values["name"])[:200]
        organisations.append(Organisation(**values))
    _bulk(Organisation, organisations)
    ctx.count("organisations", len(organisations))
    ids = [o.pk for o in organisations]

    through_d: Any = Organisation.districts.through
    through_g: Any = Organisation.target_groups.through
    through_l: Any = Organisation.languages.through
    pairs = list(zip(ids, planned, strict=True))
    _bulk(
        through_d,
        [through_d(organisation_id=pk, district_id=d) for pk, p in pairs for d in p.district_ids],
    )
    _bulk(
        through_g,
        [
            through_g(organisation_id=pk, targetgroup_id=groups[c].pk)
            for pk, p in pairs
            for c in p.group_codes
        ],
    )
    _bulk(
        through_l,
        [
            through_l(organisation_id=pk, language_id=languages[c])
            for pk, p in pairs
            for c in p.language_codes
        ],
    )
    addresses = [
        Address(
            organisation_id=pk,
            kind=kind,
            street=street,
            number=number,
            box=box,
            postal_code=postal_code,
            municipality="Gent",
        )
        for pk, p in pairs
        for kind, street, number, box, postal_code in p.addresses
    ]
    _bulk(Address, addresses)
    ctx.count("organisation addresses", len(addresses))

    staff_id = staff.pk if staff is not None else None
    recognitions = [
        Recognition(
            organisation_id=pk,
            type=types[code],
            valid_from=start,
            valid_until=until,
            decision_date=decided,
            decision_reference=reference,
            recorded_by_id=staff_id,
            created_at=generator.now - timedelta(days=(generator.today - decided).days),
        )
        for pk, p in pairs
        for code, start, until, decided, reference in p.recognitions
    ]
    _bulk(Recognition, recognitions)
    ctx.count("recognitions", len(recognitions))

    events = [
        TimelineEvent(organisation_id=pk, kind=kind, occurred_at=at, actor_id=actor, data=data)
        for pk, p in pairs
        for kind, at, actor, data in p.events
    ]
    recognition_type = ContentType.objects.get_for_model(Recognition)
    events += [
        TimelineEvent(
            organisation_id=recognition.organisation_id,
            kind="organisations.recognition_recorded",
            occurred_at=recognition.created_at,
            actor_id=staff_id,
            subject_type=recognition_type,
            subject_id=str(recognition.pk),
            data={
                "recognition": recognition.type.name_nl,  # type: ignore[attr-defined]
                "valid_from": recognition.valid_from.strftime("%d/%m/%Y"),
            },
        )
        for recognition in recognitions
    ]
    _bulk(TimelineEvent, events)
    ctx.count("timeline events", len(events))
    _analyze([Organisation, through_d, through_g, through_l, Address, Recognition, TimelineEvent])


def _analyze(models: list[Any]) -> None:
    """PostgreSQL: fresh planner statistics after a bulk load.

    Without them the planner takes a 20,000-row table for an empty one until autovacuum
    runs ANALYZE (never, where autovacuum is off), and the directory's plans are chosen
    for the wrong sizes. ANALYZE may run inside the seeder's transaction and sees its rows.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- The demo accounts' organisations ------------------------------------------------------------


def _person(email: str, name: str, ctx: SeedContext) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"name": name, "role": Role.CITIZEN, "email_verified_at": timezone.now()},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ctx.count("accounts", 1)
    return user


def _demo_organisation(
    spec: DemoOrganisation, *, admin: User, staff: User | None, ctx: SeedContext
) -> Organisation:
    existing = Organisation.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    now = timezone.now()
    today = timezone.localdate(now)
    created_at = now - timedelta(days=1200)
    organisation = Organisation.objects.create(
        name=spec.name,
        slug=spec.slug,
        legal_form=spec.legal_form,
        kbo_number=_kbo(spec.kbo_n) if spec.kbo_n is not None else None,
        vcode=spec.vcode,
        description=spec.description,
        is_self_organisation=spec.self_org,
        public_email=f"{spec.slug}@example.org",
        public_phone=spec.phone,
        website=f"https://{spec.slug}.example.org",
        status=Status.VERIFIED,
        submitted_at=created_at + timedelta(days=2),
        verified_at=created_at + timedelta(days=9),
        verified_by=staff,
        contact_person=staff,
        created_by=admin,
        created_at=created_at,
        **{WORKING_FORM_FIELDS[code]: True for code in spec.forms},
    )
    organisation.districts.set(District.objects.filter(name__in=spec.districts))
    organisation.target_groups.set(TargetGroup.objects.filter(code__in=spec.groups))
    organisation.languages.set(Language.objects.filter(code__in=spec.languages))
    street, number, postal_code = spec.address
    Address.objects.create(
        organisation=organisation,
        kind=AddressKind.ACTIVITY,
        street=street,
        number=number,
        postal_code=postal_code,
        municipality="Gent",
    )
    organisation_refresh_derived(organisation)
    Membership.objects.get_or_create(
        organisation=organisation,
        user=admin,
        defaults={"role": MemberRole.ADMIN, "created_at": created_at},
    )
    events: list[tuple[str, User | None, datetime | None, dict[str, Any]]] = [
        ("organisations.registered", admin, created_at, {}),
        ("organisations.submitted", admin, organisation.submitted_at, {}),
        ("organisations.verified", staff, organisation.verified_at, {}),
    ]
    if staff is not None:
        person = {"person": staff.get_full_name(), "person_id": staff.pk}
        events.append(
            ("organisations.contact_person_set", staff, created_at + timedelta(days=10), person)
        )
    for kind, actor, at, data in events:
        timeline_record(
            organisation=organisation, kind=kind, actor=actor, occurred_at=at, data=data
        )
    for code, start_days, end_days in spec.recognitions:
        kind_type = RecognitionType.objects.get(code=code)
        start = today + timedelta(days=start_days)
        decided = start - timedelta(days=21)
        recognition = Recognition.objects.create(
            organisation=organisation,
            type=kind_type,
            valid_from=start,
            valid_until=today + timedelta(days=end_days),
            decision_reference=f"{decided.year}_CBS_{organisation.pk:03d}{start_days % 100:02d}",
            decision_date=decided,
            recorded_by=staff,
            created_at=now - timedelta(days=max((today - decided).days, 0)),
        )
        timeline_record(
            organisation=organisation,
            kind="organisations.recognition_recorded",
            actor=staff,
            subject=recognition,
            occurred_at=recognition.created_at,
            data={
                "recognition": kind_type.name_nl,  # type: ignore[attr-defined]
                "valid_from": start.strftime("%d/%m/%Y"),
            },
        )
    ctx.count("organisations", 1)
    return organisation


def _member(organisation: Organisation, user: User, joined_days_ago: int) -> None:
    at = timezone.now() - timedelta(days=joined_days_ago)
    _m, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": MemberRole.MEMBER, "created_at": at}
    )
    if created:
        timeline_record(
            organisation=organisation,
            kind="organisations.member_joined",
            actor=user,
            occurred_at=at,
            data={"person": user.get_full_name(), "person_id": user.pk, "role": "member"},
        )


def _seed_demo_accounts(ctx: SeedContext, *, citizen: User, staff: User | None) -> None:
    ayse, koen, fatima = (_person(email, name, ctx) for email, name in EXTRA_PEOPLE)
    de_brug = _demo_organisation(DEMO_ORGANISATIONS[0], admin=citizen, staff=staff, ctx=ctx)
    zonnebloem = _demo_organisation(DEMO_ORGANISATIONS[1], admin=ayse, staff=staff, ctx=ctx)
    _member(de_brug, koen, joined_days_ago=500)
    _member(zonnebloem, citizen, joined_days_ago=200)

    if (
        not JoinRequest.objects.filter(
            organisation=de_brug, user=fatima, status=JoinRequestStatus.PENDING
        ).exists()
        and not Membership.objects.filter(organisation=de_brug, user=fatima).exists()
    ):
        JoinRequest.objects.create(
            organisation=de_brug,
            user=fatima,
            message="Ik wil graag helpen bij de huiswerkklas op dinsdag. Ik spreek ook Arabisch.",
            created_at=timezone.now() - timedelta(days=2),
        )
        ctx.count("requests to join", 1)

    now = timezone.now()
    open_invitation = Invitation.objects.filter(
        organisation=de_brug,
        email=INVITED,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=now,
    ).exists()
    if not open_invitation:
        invitation = Invitation.objects.create(
            organisation=de_brug,
            email=INVITED,
            role=MemberRole.MEMBER,
            # Only the hash is kept; nobody knows this link, it shows up as "open" in the list.
            token_hash=hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest(),
            invited_by=citizen,
            created_at=now - timedelta(days=3),
            expires_at=now + timedelta(days=settings.ORGANISATION_INVITATION_DAYS - 3),
        )
        timeline_record(
            organisation=de_brug,
            kind="organisations.invited",
            actor=citizen,
            occurred_at=invitation.created_at,
            data={"email": INVITED},
        )
        ctx.count("invitations", 1)
    for email, name in EXTRA_PEOPLE:
        ctx.accounts.append((str(Role.CITIZEN.label), f"{email} ({name})"))


# --- The seeder ----------------------------------------------------------------------------------


@seeder(order=30)
def seed_organisations(ctx: SeedContext) -> None:
    """Recognition types, the demo accounts' organisations and 2,000 organisations per scale."""
    for code, values in RECOGNITION_TYPES.items():
        _t, created = RecognitionType.objects.update_or_create(code=code, defaults=values)
        ctx.count("recognition types", int(created))

    citizen = User.objects.filter(email=CITIZEN).first()
    staff = User.objects.filter(email=STAFF).first()
    if citizen is not None:
        _seed_demo_accounts(ctx, citizen=citizen, staff=staff)
    _seed_generated(ctx, staff=staff)
    # bulk_create sends no signals: make the cached public pages fresh by hand.
    bump_content_version()
