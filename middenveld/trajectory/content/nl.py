"""Dutch source texts for the trajectory's demo content (B1 level)."""

SECTIONS = {
    "wat": (
        "Wat is het traject middenveld?",
        "De Stad Gent en de sociale organisaties in de stad werken samen. In het traject middenveld "
        "bekijken we samen hoe die samenwerking beter kan. Tussen de stad en de organisaties, en "
        "tussen de organisaties onderling.\n\nOrganisaties werken vaak met vrijwilligers. Ze staan "
        "dicht bij de mensen voor wie ze werken. Daarom heeft de stad een sterk en kritisch middenveld nodig.",
    ),
    "waarom": (
        "Waarom dit traject?",
        "Organisaties vroegen om duidelijke afspraken: over geld, over ruimtes, over advies en over "
        "inspraak. Ze willen ook één aanspreekpunt bij de stad, in plaats van veel verschillende diensten. "
        "Met dit traject willen we dat samen regelen.",
    ),
    "voor-wie": (
        "Voor wie?",
        "Voor alle sociale organisaties in Gent: feitelijke verenigingen, vzw's, burgerinitiatieven en "
        "zelforganisaties. Klein of groot, nieuw of al lang actief. En voor de stadsdiensten die met "
        "hen samenwerken.",
    ),
    "sociaal-middenveld": (
        "Wat bedoelen we met sociaal middenveld?",
        "Dat zijn alle organisaties en initiatieven die het welzijn en de gelijke kansen van kwetsbare "
        "Gentenaars willen verbeteren. Ze doen dat op vier manieren: ze brengen mensen samen "
        "(ontmoeting), ze doen basiswerk, ze komen op voor de belangen van mensen, of ze helpen mensen "
        "om sterker te staan (emancipatie). Altijd voor mensen in een kwetsbare situatie.",
    ),
    "doel": (
        "Wat is het doel?",
        "We willen op een open manier tot een gedeelde visie komen: hoe werken de stad en het "
        "middenveld samen, en hoe werken de organisaties onderling samen? Op basis van die visie "
        "maken we de samenwerking beter en sterker.",
    ),
    "onderzoek": (
        "Het onderzoek waarmee het begon",
        "Van mei 2020 tot en met februari 2021 deden de universiteiten van Gent, Antwerpen en Leuven "
        "een participatief onderzoek. Ze spraken met organisaties en stadsdiensten over hoe de "
        "samenwerking beter kan. Op basis van hun aanbevelingen koos de stad zes werven.",
    ),
}

WORKSTREAMS = {
    "basiswerk": (
        1,
        "Basiswerk financieel versterken",
        "Extra geld voor organisaties die dicht bij kwetsbare mensen werken.",
        "De stad voorziet in totaal 750.000 euro extra om basiswerk te versterken. Vertegenwoordigers "
        "van organisaties bespraken samen de prioriteiten voor dat geld. Daarna werkte de stad "
        "duidelijke regels uit: wie kan geld aanvragen, waarvoor, en hoe wordt er beslist.",
    ),
    "advies-en-begeleiding": (
        2,
        "Advies en begeleiding",
        "Hulp voor organisaties die starten of willen groeien.",
        "Een nieuwe groep heeft veel vragen: moeten we een vzw worden? Hoe zit het met verzekeringen? "
        "Waar vinden we een zaal? Deze werf zorgt voor een wegwijzer, antwoorden op vragen en begeleiding "
        "op maat.",
    ),
    "participatie": (
        3,
        "Participatie van etnisch-culturele minderheden",
        "Iedereen moet kunnen meedoen, ook wie het Nederlands nog niet goed kent.",
        "Zelforganisaties en mensen met een migratieachtergrond doen volwaardig mee. Daarom zijn "
        "teksten eenvoudig en in meerdere talen, en kan je bij elke activiteit een tolk vragen.",
    ),
    "middenveldparlement": (
        4,
        "Middenveldparlement en overlegstructuren",
        "Een parlement waarin organisaties samen overleggen en de stad advies geven.",
        "In het middenveldparlement overleggen organisaties met elkaar en met de stad. Het parlement "
        "geeft advies, en de stad antwoordt daar openlijk op. Daarnaast zijn er thematafels en "
        "werkgroepen.",
    ),
    "stadsgebouwen": (
        5,
        "Stadsgebouwen en -infrastructuur",
        "Duidelijke regels om ruimtes van de stad te gebruiken.",
        "Organisaties hebben een plek nodig om samen te komen. De stad maakt duidelijk welke gebouwen "
        "en zalen er zijn, onder welke voorwaarden, en hoe ze worden verdeeld.",
    ),
    "interne-stadsorganisatie": (
        6,
        "Interne stadsorganisatie",
        "De stad spreekt met één stem.",
        "Een organisatie moet niet met tien diensten praten. Elke organisatie krijgt een vast "
        "aanspreekpunt, en de stadsdiensten werken beter samen.",
    ),
}

# (workstream key, title, description, status, progress, milestones[(title, yyyy-mm-dd, reached)])
ACTIONS = [
    (
        "basiswerk",
        "Prioriteiten bepalen met de organisaties",
        "In inspraakmomenten bespraken vertegenwoordigers van organisaties waar het extra geld het meest nodig is.",
        "done",
        100,
        [
            ("Inspraakmomenten", "2021-05-08", True),
            ("Webinar over de beleidslijnen", "2021-06-26", True),
        ],
    ),
    (
        "basiswerk",
        "Een nieuw subsidiereglement voor basiswerk",
        "Duidelijke regels om het extra geld aan te vragen en te verdelen.",
        "in_progress",
        60,
        [
            ("Ontwerp besproken met organisaties", "2026-09-30", True),
            ("Reglement goedgekeurd", "2027-02-28", False),
        ],
    ),
    (
        "advies-en-begeleiding",
        "Een wegwijzer voor startende organisaties",
        "Een gids in eenvoudige taal die nieuwe groepen stap voor stap helpt.",
        "in_progress",
        40,
        [("Eerste versie online", "2027-03-31", False)],
    ),
    (
        "advies-en-begeleiding",
        "Eén loket voor vragen",
        "Vragen per mail, telefoon of webformulier komen bij de juiste dienst terecht.",
        "planned",
        10,
        [],
    ),
    (
        "participatie",
        "Tolken en vertalingen bij activiteiten",
        "Bij elke activiteit kan je een tolk vragen. Belangrijke teksten zijn er in meerdere talen.",
        "in_progress",
        50,
        [("Tolkenpool afgesproken", "2026-12-15", False)],
    ),
    (
        "middenveldparlement",
        "Het middenveldparlement opstarten",
        "Afspraken over wie zetelt, hoe vaak het parlement samenkomt en hoe het advies geeft.",
        "in_progress",
        30,
        [
            ("Samenstelling vastgelegd", "2027-01-31", False),
            ("Eerste zitting", "2027-04-22", False),
        ],
    ),
    (
        "stadsgebouwen",
        "Een overzicht van alle ruimtes van de stad",
        "Welke zalen zijn er, voor hoeveel mensen, en wanneer zijn ze vrij?",
        "in_progress",
        45,
        [("Alle gebouwen in kaart", "2027-01-15", False)],
    ),
    (
        "interne-stadsorganisatie",
        "Een vast aanspreekpunt per organisatie",
        "Elke organisatie weet wie haar vaste contactpersoon bij de stad is.",
        "planned",
        15,
        [],
    ),
]

# (key, start, end or None, title, body, workstream key or None)
TIMELINE = [
    (
        "onderzoek",
        "2020-05-01",
        "2021-02-28",
        "Participatief onderzoek",
        "De universiteiten van Gent, Antwerpen en Leuven onderzochten samen met organisaties hoe de samenwerking beter kan.",
        None,
    ),
    (
        "maart-2021",
        "2021-03-27",
        None,
        "Voorstelling van de zes werven",
        "De stad stelde de resultaten van het onderzoek en de zes werven voor aan de organisaties.",
        None,
    ),
    (
        "inspraak-mei-2021",
        "2021-05-07",
        "2021-05-08",
        "Inspraakmomenten over basiswerk",
        "Vertegenwoordigers van Gentse organisaties bespraken de prioriteiten voor het extra geld voor basiswerk.",
        "basiswerk",
    ),
    (
        "webinar-juni-2021",
        "2021-06-26",
        None,
        "Webinar over de beleidslijnen",
        "Twee schepenen lichtten in een open webinar de mogelijkheden voor ondersteuning toe.",
        "basiswerk",
    ),
    (
        "reglement-2027",
        "2027-02-28",
        None,
        "Nieuw reglement voor basiswerk",
        "Het nieuwe subsidiereglement wordt voorgelegd aan de gemeenteraad.",
        "basiswerk",
    ),
    (
        "parlement-2027",
        "2027-04-22",
        None,
        "Eerste zitting van het middenveldparlement",
        "De eerste afgevaardigden van organisaties komen samen.",
        "middenveldparlement",
    ),
    (
        "evaluatie-2027",
        "2027-10-15",
        None,
        "Evaluatie met de organisaties",
        "We kijken samen terug: wat werkt al beter, en wat nog niet?",
        None,
    ),
]

DOCUMENTS = [
    (
        "presentatie-beleidslijnen",
        "Presentatie beleidslijnen basiswerk (26 juni 2021)",
        "De presentatie van het webinar over het financieel versterken van basiswerk.",
        "presentation",
        "2021-06-26",
        "basiswerk",
    ),
    (
        "webinar-opname",
        "Opname van het webinar (26 juni 2021)",
        "Bekijk de webinar opnieuw. De inleiding begint na 11 minuten en 20 seconden.",
        "recording",
        "2021-06-26",
        "basiswerk",
    ),
    (
        "onderzoeksrapport",
        "Eindrapport van het participatief onderzoek",
        "Het rapport van de universiteiten met hun aanbevelingen.",
        "report",
        "2021-03-27",
        None,
    ),
]

NEWS = [
    (
        "platform-online",
        "Het platform van het traject middenveld is online",
        "Op deze website volg je alles over het traject: de werven, de tijdlijn en de documenten.",
        "Vanaf nu vind je alle informatie over het traject middenveld op één plek. Je ziet hoe ver elke "
        "werf staat, welke momenten eraan komen en welke documenten er zijn. Heb je een vraag? Stel ze "
        "via het formulier, per mail of per telefoon.",
        "2026-11-20T10:00:00+01:00",
    ),
    (
        "reglement-basiswerk-besproken",
        "Ontwerp van het reglement basiswerk besproken",
        "Organisaties gaven feedback op het ontwerp van het nieuwe reglement.",
        "In september bespraken organisaties het ontwerp van het nieuwe subsidiereglement voor basiswerk. "
        "Hun opmerkingen worden verwerkt voor het reglement naar de gemeenteraad gaat.",
        "2026-10-02T09:00:00+02:00",
    ),
]

CONTACT = {
    "email": "samenwerking.middenveld@stad.gent",
    "phone": "09 267 03 00",
    "intro": "Heb je een vraag over het traject middenveld? Stel ze gerust. We antwoorden zo snel mogelijk.",
    "opening_hours": "op werkdagen van 9 tot 12 uur en van 13 tot 16 uur",
}

GENERATED = {
    "news_title": "Nieuws uit de werven ({number})",
    "news_summary": "Een korte stand van zaken uit de werven van het traject middenveld.",
    "news_body": "Dit bericht hoort bij de demogegevens. Het toont hoe een lange lijst met nieuws eruitziet.",
    "document_title": "Verslag van werkgroep {number}",
    "document_description": "Verslag van een werkgroep binnen het traject middenveld (demogegevens).",
}
