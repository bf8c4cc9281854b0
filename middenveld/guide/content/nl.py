"""The starter's guide in Dutch (the source text; plain words, level B1).

Checked against the rules in Belgium and Flanders as they stand in 2026: the
Wetboek van vennootschappen en verenigingen (WVV) for the vzw, the law of
3 July 2005 on the rights of volunteers, the Flemish Verenigingsregister. No
prices, amounts or phone numbers: they change, and the city answers questions
about them at /vragen/.

Each step: (slug, title, intro, body, [(task, tip), …]).
"""

STEPS = [
    (
        "vereniging-of-vzw",
        "Feitelijke vereniging of vzw?",
        "Je kunt samen iets doen zonder papieren: dan ben je een feitelijke vereniging. "
        "Een vzw geeft meer zekerheid, maar vraagt ook meer werk. Zo kies je.",
        """Doe je samen met andere mensen iets voor de buurt of voor een groep, zonder winst voor jezelf? Dan ben je al een vereniging. Je hoeft daarvoor niets te doen of in te vullen. Zo'n groep heet een feitelijke vereniging.

Je kunt ook een vzw oprichten: een vereniging zonder winstoogmerk. Een vzw is een rechtspersoon. Dat betekent: de vzw bestaat apart van haar leden. Ze kan zelf een contract tekenen, geld hebben en schulden maken.

## Het verschil in het kort

| Onderwerp | Feitelijke vereniging | Vzw |
| Starten | Geen papieren nodig. Je begint gewoon. | Minstens 2 oprichters, statuten, neerlegging bij de griffie van de ondernemingsrechtbank en publicatie in het Belgisch Staatsblad. |
| Wie is de vereniging? | De leden samen. De vereniging bestaat niet apart van hen. | De vzw zelf: een rechtspersoon met een ondernemingsnummer (KBO). |
| Aansprakelijkheid | Wie tekent of iets doet namens de groep, kan met zijn eigen geld moeten betalen bij schulden of schade. | In de regel betaalt de vzw, niet de leden of bestuurders. Een bestuurder die een zware fout maakt, kan wel zelf aansprakelijk zijn. |
| Kosten | Geen vaste kosten. | Kosten voor de publicatie in het Belgisch Staatsblad bij de start en bij elke wijziging, en tijd en soms geld voor de boekhouding. |
| Verplichtingen | Weinig. Maak wel goede afspraken met elkaar. | Ledenregister, UBO-register, boekhouding, jaarrekening, een algemene vergadering per jaar, een belastingaangifte per jaar. |
| Geld en bezit | Op naam van een of meer leden. | Op naam van de vzw. |

## Wat een vzw moet doen

- Minstens twee oprichters schrijven samen de statuten: de naam, het doel, het adres, hoe het bestuur werkt en hoe de algemene vergadering werkt.
- Je legt de statuten neer bij de griffie van de ondernemingsrechtbank. De griffie zorgt voor de publicatie in het Belgisch Staatsblad. Vanaf dan heeft de vzw een ondernemingsnummer in de Kruispuntbank van Ondernemingen (KBO).
- Binnen een maand schrijft het bestuur de juiste personen in het UBO-register in (de bestuurders en andere mensen met zeggenschap). Dat moet je elk jaar nakijken en bevestigen.
- De vzw houdt een ledenregister bij, voert een boekhouding en maakt elk jaar een jaarrekening. De algemene vergadering keurt de jaarrekening goed en het budget voor het volgende jaar.
- Verandert er een bestuurder of het adres? Dan publiceer je dat opnieuw in het Belgisch Staatsblad.
- Een vzw mag ook dingen verkopen. Maar de winst gaat altijd naar het doel van de vzw, nooit naar de leden of bestuurders.

## Wanneer is een vzw de moeite waard?

- Je huurt een lokaal, tekent contracten of koopt dure dingen.
- Je werkt met veel geld, of je wilt iemand betalen om voor jullie te werken.
- Je organiseert activiteiten met een risico, bijvoorbeeld met veel mensen of met eten.
- Een subsidie of een partner vraagt een rechtspersoon.

Je twijfelt nog? Begin gerust als feitelijke vereniging. Je kunt later altijd nog een vzw oprichten. Ook een feitelijke vereniging kan zich gratis laten registreren in het [Verenigingsregister](/wegwijzer/verenigingsregister/). Heb je vragen? [Stel ze aan de stad](/vragen/).""",
        [
            (
                "Schrijf in een paar zinnen op wat jullie willen doen en voor wie.",
                "Dat helpt bij elke keuze die volgt, en later bij een subsidie of een erkenning.",
            ),
            (
                "Beslis samen: blijven we een feitelijke vereniging of richten we een vzw op?",
                "Kijk naar de tabel hierboven. Schrijf op waarom jullie zo kiezen.",
            ),
            (
                "Maak afspraken op papier: wie doet wat, wie beslist, wie beheert het geld.",
                "Voor een feitelijke vereniging volstaat een kort huishoudelijk reglement. "
                "Voor een vzw staan die afspraken in de statuten.",
            ),
            (
                "Kies je voor een vzw: schrijf de statuten met minstens twee oprichters.",
                "Vraag een voorbeeld van statuten. De stad helpt je verder via de vragenpagina.",
            ),
            (
                "Kies je voor een vzw: leg de statuten neer bij de griffie en schrijf de bestuurders in het UBO-register in.",
                "Na de publicatie in het Belgisch Staatsblad heeft de vzw een ondernemingsnummer.",
            ),
        ],
    ),
    (
        "verzekeringen",
        "Verzekeringen",
        "Er kan altijd iets misgaan. Met de juiste verzekering betaalt niet jij, "
        "maar de verzekering. Welke heb je nodig?",
        """Een verzekering betaalt als er iets gebeurt. Bijvoorbeeld: een bezoeker valt over een kabel, of een vrijwilliger breekt een arm tijdens een activiteit. Zonder verzekering moet de vereniging of een lid zelf betalen.

## De belangrijkste verzekeringen

- **Burgerlijke aansprakelijkheid (BA)**: betaalt de schade die de vereniging of haar vrijwilligers aan anderen toebrengen. Dit is de belangrijkste verzekering.
- **Lichamelijke ongevallen**: betaalt de kosten als een vrijwilliger zelf gewond raakt tijdens het vrijwilligerswerk of op weg ernaartoe.
- **Brand en schade aan een lokaal**: huur je een lokaal? Kijk in het huurcontract welke verzekering de eigenaar vraagt.
- **Een verzekering voor één activiteit**: voor een groot feest of een uitstap kun je soms een verzekering voor één dag afsluiten.

## Wat zegt de wet?

De vrijwilligerswet (de wet van 3 juli 2005 betreffende de rechten van vrijwilligers) zegt: de organisatie is aansprakelijk voor schade die een vrijwilliger veroorzaakt tijdens het vrijwilligerswerk. Die organisatie moet daarvoor een verzekering burgerlijke aansprakelijkheid hebben.

Een feitelijke vereniging zonder personeel, die niet bij een koepelorganisatie hoort, valt buiten die regel. Let op: dan kan de vrijwilliger zelf aansprakelijk zijn. Een verzekering is daarom ook voor kleine groepen een goed idee.

## Tips

- Hoort je vereniging bij een koepel of een federatie? Vraag of jullie onder hun verzekering vallen.
- Sommige overheden bieden een gratis vrijwilligersverzekering aan voor een beperkt aantal dagen per jaar. Vraag ernaar via de [vragenpagina](/vragen/).
- Vraag offertes bij minstens twee verzekeraars. Zeg duidelijk welke activiteiten jullie doen.""",
        [
            (
                "Maak een lijst van jullie activiteiten en wat er kan misgaan.",
                "Denk aan bezoekers, eten, uitstappen, materiaal en het lokaal.",
            ),
            (
                "Vraag of een koepelorganisatie of federatie een verzekering voor jullie heeft.",
                "",
            ),
            (
                "Sluit een verzekering burgerlijke aansprakelijkheid af.",
                "Vraag offertes bij minstens twee verzekeraars.",
            ),
            (
                "Kijk of jullie een verzekering lichamelijke ongevallen voor vrijwilligers nodig hebben.",
                "",
            ),
            (
                "Vertel de vrijwilligers hoe ze verzekerd zijn.",
                "Dat staat ook in de organisatienota (zie de stap Vrijwilligers).",
            ),
        ],
    ),
    (
        "bankrekening",
        "Een bankrekening",
        "Houd het geld van de vereniging apart van je eigen geld. "
        "Dat is duidelijk voor iedereen en het voorkomt ruzie.",
        """Het geld van de vereniging hoort niet op je eigen rekening. Met een aparte rekening zie je goed wat er binnenkomt en wat er buitengaat. Een subsidie komt ook altijd op een rekening.

## Voor een vzw

De rekening staat op naam van de vzw, met haar ondernemingsnummer. De bank vraagt meestal de statuten, de publicatie in het Belgisch Staatsblad, de gegevens uit het UBO-register en de identiteitskaarten van de bestuurders. De bank moet dat controleren volgens de wet.

## Voor een feitelijke vereniging

Een feitelijke vereniging is geen rechtspersoon. De rekening staat daarom op naam van een of meer leden. Veel banken hebben een speciale rekening voor verenigingen. Vraag ernaar bij een paar banken en vergelijk de kosten.

## Goede afspraken

- Laat minstens twee mensen de rekening volgen.
- Spreek af wie betalingen mag doen, en tot welk bedrag alleen.
- Bewaar alle rekeningen en kasbonnen. Noteer elke betaling in een eenvoudig kasboek.
- Vertel op de algemene vergadering of de ledenvergadering hoe het met het geld gaat.""",
        [
            (
                "Vergelijk bij een paar banken de rekeningen voor verenigingen.",
                "Let op de kosten per maand en of twee mensen toegang kunnen krijgen.",
            ),
            ("Open de rekening op naam van de vzw, of op naam van minstens twee leden.", ""),
            (
                "Spreek af wie betalingen mag doen en schrijf dat op.",
                "",
            ),
            (
                "Begin een kasboek en bewaar alle rekeningen en kasbonnen.",
                "Een eenvoudige tabel is genoeg: datum, waarvoor, bedrag in, bedrag uit.",
            ),
        ],
    ),
    (
        "vrijwilligers",
        "Vrijwilligers",
        "Vrijwilligers zijn het hart van veel verenigingen. De wet geeft hun rechten, "
        "en de vereniging een paar plichten.",
        """Een vrijwilliger werkt zonder loon en uit vrije wil, voor een organisatie zonder winstoogmerk. De wet van 3 juli 2005 betreffende de rechten van vrijwilligers beschermt hen.

## Informeren: de organisatienota

Voor een vrijwilliger begint, moet de organisatie hem informeren. Dat doe je het best op papier, in een organisatienota. Daarin staat:

- het doel van de organisatie en haar juridische vorm (feitelijke vereniging of vzw);
- welke verzekering de vrijwilligers heeft;
- wie aansprakelijk is als er iets misgaat;
- of de vrijwilliger een onkostenvergoeding krijgt, en welke;
- dat de vrijwilliger soms dingen hoort die geheim moeten blijven (discretie).

## Onkosten terugbetalen

Een vrijwilliger mag geen loon krijgen, maar wel een vergoeding voor onkosten. Er zijn twee manieren:

- je betaalt de echte kosten terug, met bewijzen (een ticket, een kasbon);
- of je geeft een vaste forfaitaire vergoeding. Die mag niet hoger zijn dan een bedrag per dag en per jaar dat de overheid elk jaar vastlegt.

Kies per vrijwilliger één manier per jaar. Combineren mag alleen in een paar gevallen, bijvoorbeeld voor vervoerskosten. Kijk de regels en de bedragen van dit jaar na voor je begint.

## Let op

- Krijgt een vrijwilliger een uitkering, bijvoorbeeld een werkloosheidsuitkering of een leefloon? Dan moet hij het vrijwilligerswerk soms eerst melden, bijvoorbeeld bij de RVA of het OCMW.
- Werkt een vrijwilliger met kinderen of kwetsbare mensen? Denk aan een uittreksel uit het strafregister en goede afspraken over gedrag.
- Zeg geregeld dank. Vrijwilligers blijven als ze zich goed voelen in de groep.""",
        [
            (
                "Schrijf een organisatienota en geef ze aan elke vrijwilliger.",
                "Doel, juridische vorm, verzekering, aansprakelijkheid, vergoeding en discretie.",
            ),
            (
                "Kies hoe jullie onkosten terugbetalen: echte kosten of een forfait.",
                "Kijk de bedragen van dit jaar na voor je begint.",
            ),
            ("Houd een lijst bij van de vrijwilligers en hun contactgegevens.", ""),
            (
                "Vraag vrijwilligers met een uitkering om het vrijwilligerswerk te melden als dat moet.",
                "",
            ),
        ],
    ),
    (
        "verenigingsregister",
        "Registreren: Verenigingsregister en KBO",
        "Laat je vereniging registreren. Dan kennen overheden je, en hoef je je gegevens "
        "niet telkens opnieuw te geven.",
        """## Het Verenigingsregister

Het Verenigingsregister is een register van de Vlaamse overheid. Er staan de basisgegevens in van verenigingen: de naam, het adres, de contactpersonen en wat de vereniging doet. Elke vereniging krijgt een eigen nummer: de vCode. Die begint met een V en heeft zeven cijfers, bijvoorbeeld V0001234.

Ook een feitelijke vereniging kan erin. Gemeenten en de Vlaamse overheid gebruiken het register, bijvoorbeeld voor subsidies of een erkenning. Zo hoef je dezelfde gegevens niet overal opnieuw in te vullen. Zoek op vlaanderen.be naar "Verenigingsregister" om je vereniging te registreren of je gegevens aan te passen.

## De KBO voor een vzw

Een vzw staat in de Kruispuntbank van Ondernemingen (KBO). Ze krijgt haar ondernemingsnummer als de statuten bij de griffie zijn neergelegd. Een vzw komt meestal vanzelf in het Verenigingsregister, met de gegevens uit de KBO. Kijk wel na of alles klopt.

## Op dit platform

Registreer je organisatie ook op dit platform, via [Organisaties](/organisaties/). Vul je vCode of je ondernemingsnummer in. De stad kijkt je gegevens na. Daarna kun je een erkenning aanvragen, een ruimte reserveren of een subsidie vragen.""",
        [
            (
                "Kijk of je vereniging al in het Verenigingsregister staat.",
                "Een vzw staat er meestal vanzelf in, met de gegevens uit de KBO.",
            ),
            (
                "Registreer je feitelijke vereniging in het Verenigingsregister en noteer de vCode.",
                "",
            ),
            (
                "Registreer je organisatie op dit platform, met je vCode of ondernemingsnummer.",
                "Via Organisaties > Registreren. De stad kijkt de gegevens na.",
            ),
            (
                "Houd de gegevens up-to-date als er iets verandert.",
                "Bijvoorbeeld een nieuw adres of een nieuwe contactpersoon.",
            ),
        ],
    ),
    (
        "erkenning",
        "Erkenning door de stad",
        "Een erkenning van de stad kan deuren openen: voor een subsidie, "
        "een ruimte of advies. Wat is het en hoe vraag je het aan?",
        """Met een erkenning zegt de stad: deze organisatie voldoet aan onze voorwaarden. Een erkenning geldt voor een bepaalde periode. Daarna vraag je ze opnieuw aan.

Er zijn verschillende soorten erkenningen, bijvoorbeeld voor jeugdwerk, sport, cultuur of welzijn. Elke soort heeft eigen voorwaarden. Een erkenning kan nodig zijn voor een subsidie, of geeft een lager tarief voor een ruimte van de stad.

## Zo begin je

- Registreer je organisatie op dit platform via [Organisaties](/organisaties/) en stuur de registratie naar de stad. De stad kijkt ze na.
- Zoek uit welke erkenning bij jullie werking past. Lees de voorwaarden goed.
- Verzamel wat de stad vraagt, bijvoorbeeld je statuten of afspraken, de namen van het bestuur en een kort verslag van wat jullie doen.
- Twijfel je welke erkenning past? [Stel je vraag](/vragen/). De stad zoekt het voor je uit.

Is je organisatie erkend? Dan zie je dat op het profiel van je organisatie, met de periode.""",
        [
            (
                "Registreer je organisatie op dit platform en stuur ze naar de stad om na te kijken.",
                "",
            ),
            (
                "Zoek uit welke erkenning bij jullie werking past en lees de voorwaarden.",
                "Twijfel je? Stel je vraag aan de stad.",
            ),
            (
                "Verzamel de documenten die de stad vraagt.",
                "Bijvoorbeeld statuten of afspraken, de namen van het bestuur, een verslag van je activiteiten.",
            ),
            ("Vraag de erkenning aan en noteer tot wanneer ze geldt.", ""),
        ],
    ),
    (
        "ruimte",
        "Een ruimte vinden",
        "Waar komen jullie samen? Een goede ruimte past bij je groep, "
        "is bereikbaar en is toegankelijk voor iedereen.",
        """Een vaste plek maakt het makkelijker om samen te komen. De stad stelt gebouwen en zalen ter beschikking van het middenveld. Je vindt ze op de pagina [Ruimtes](/ruimtes/), met hoe je ze reserveert.

## Waar let je op?

- **Grootte**: hoeveel mensen komen er? Is er plaats voor tafels, een keuken, opslag?
- **Toegankelijkheid**: kan iemand met een rolstoel of een kinderwagen binnen? Is er een toilet voor mensen met een beperking?
- **Bereikbaarheid**: kun je er met de tram, de bus of de fiets komen?
- **Prijs**: vraag de prijs. Een erkenning van de stad kan een lager tarief geven.
- **Afspraken**: wie heeft de sleutel, wie kuist op, welke verzekering vraagt de eigenaar, wat is verboden?

## Andere plekken

Ook andere organisaties delen soms hun lokaal. Kijk bij [Organisaties](/organisaties/) wie in jouw buurt actief is en vraag het hen. Een buurtcentrum, een bibliotheek of een school kan ook een mogelijkheid zijn.""",
        [
            (
                "Schrijf op wat jullie nodig hebben: hoeveel mensen, hoe vaak, welke dagen.",
                "",
            ),
            (
                "Zoek een ruimte bij de stad of bij een organisatie in je buurt.",
                "Kijk ook of de ruimte toegankelijk is voor iedereen.",
            ),
            (
                "Lees het huurcontract of de afspraken en kijk welke verzekering nodig is.",
                "",
            ),
            ("Spreek af wie de sleutel heeft en wie opruimt.", ""),
        ],
    ),
    (
        "eerste-subsidie",
        "Een eerste subsidie",
        "Met een subsidie kun je meer doen. Zo bereid je een aanvraag voor, "
        "en zo verantwoord je achteraf wat je met het geld deed.",
        """Een subsidie is geld van een overheid voor een doel. De stad heeft subsidiereglementen: daarin staat wie geld kan krijgen, waarvoor, hoeveel en tegen wanneer je aanvraagt. Lees het reglement altijd helemaal.

## Voor je aanvraagt

- Kijk of jullie de voorwaarden vervullen. Sommige subsidies vragen een vzw of een erkenning, andere staan ook open voor een feitelijke vereniging.
- Let op de uiterste datum. Een aanvraag die te laat is, telt vaak niet mee.
- Je hebt een bankrekening nodig waarop het geld kan komen.

## Een goede aanvraag

- Zeg kort en duidelijk wat jullie willen doen, voor wie en waarom.
- Zeg wanneer en waar het gebeurt, en wie het doet.
- Maak een eenvoudige begroting: wat kost het, en waar komt het geld vandaan (ook eigen geld of andere steun).

## Na de toekenning

- Bewaar alle facturen en kasbonnen.
- Gebruik het geld alleen voor wat in de aanvraag staat. Verandert er iets? Vraag het eerst aan de stad.
- Schrijf na afloop een kort verslag: wat is er gebeurd, wie heb je bereikt, wat kostte het.

De werking van de stad op dit vlak vind je bij de [werven](/werven/). Vragen over een subsidie? [Stel ze hier](/vragen/).""",
        [
            ("Zoek een subsidie die bij jullie plan past en lees het reglement.", ""),
            ("Noteer de uiterste datum om aan te vragen.", ""),
            (
                "Schrijf het plan: wat, voor wie, wanneer, waar en wie het doet.",
                "",
            ),
            (
                "Maak een eenvoudige begroting met alle kosten en inkomsten.",
                "",
            ),
            (
                "Bewaar alle facturen en kasbonnen voor het verslag achteraf.",
                "",
            ),
        ],
    ),
]
