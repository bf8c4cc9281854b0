"""The hand-written knowledge-base articles of the demo: plain Dutch (B1) with English.

Facts come from the trajectory's public page (shared/seed) and the product brief; general
Belgian rules are described without amounts that change every year. Each body is plain
text: an empty line starts a new paragraph.
"""

from __future__ import annotations

CATEGORIES = [
    # slug, order, nl name, en name, nl description, en description
    ("starten", 1, "Een organisatie starten", "Starting an organisation",
     "Feitelijke vereniging of vzw, de eerste stappen en hulp bij het starten.",
     "Informal association or non-profit, the first steps and help to get started."),
    ("geld", 2, "Geld en subsidies", "Money and grants",
     "Subsidies, een bankrekening en vergoedingen.",
     "Grants, a bank account and allowances."),
    ("ruimtes", 3, "Ruimtes", "Rooms and buildings",
     "Een zaal of lokaal vinden en reserveren.",
     "Finding and booking a room or hall."),
    ("vrijwilligers", 4, "Vrijwilligers", "Volunteers",
     "Verzekeringen, vergoedingen en goede afspraken met vrijwilligers.",
     "Insurance, allowances and clear agreements with volunteers."),
    ("regels", 5, "Regels en administratie", "Rules and paperwork",
     "Registers, privacy en andere regels voor verenigingen.",
     "Registers, privacy and other rules for associations."),
    ("stad", 6, "Samenwerken met de stad", "Working with the city",
     "Vragen stellen, je organisatie registreren en erkend worden.",
     "Asking questions, registering your organisation and being recognised."),
]  # fmt: skip

ARTICLES: list[dict[str, object]] = [
    {
        "slug": "een-vraag-stellen-aan-de-stad",
        "category": "stad",
        "featured": True,
        "title_nl": "Hoe stel ik een vraag aan de stad?",
        "summary_nl": "Via het vragenformulier, per e-mail of per telefoon. Je mag je vraag in je eigen taal stellen.",
        "body_nl": """Heb je een vraag over je organisatie, een subsidie, een zaal of iets anders? Stel je vraag via het formulier op de pagina Vragen. Dat kan ook als je niet aangemeld bent. Geef dan wel je e-mailadres, zodat we je kunnen antwoorden.

Je mag je vraag schrijven in je eigen taal. Een foto of een document toevoegen kan ook.

Liever mailen of bellen? Mail naar samenwerking.middenveld@stad.gent of bel naar 09 267 03 00.

De juiste dienst van de stad beantwoordt je vraag. Heeft je organisatie een vast aanspreekpunt bij de stad? Dan komt je vraag bij die persoon terecht.

Tip: kijk eerst in deze kennisbank. Misschien staat het antwoord er al.""",
        "title_en": "How do I ask the city a question?",
        "summary_en": "Through the question form, by e-mail or by phone. You may ask in your own language.",
        "body_en": """Do you have a question about your organisation, a grant, a room or something else? Ask it with the form on the Questions page. You can do that without signing in. Then give your e-mail address, so that we can answer you.

You may write your question in your own language. You can also add a photo or a document.

Would you rather send an e-mail or call? Write to samenwerking.middenveld@stad.gent or call 09 267 03 00.

The right city service answers your question. Does your organisation have a fixed contact person at the city? Then your question goes to that person.

Tip: look in this knowledge base first. Maybe the answer is already here.""",
    },
    {
        "slug": "een-zaal-of-ruimte-vinden",
        "category": "ruimtes",
        "featured": True,
        "title_nl": "Hoe vind ik een zaal voor onze activiteit?",
        "summary_nl": "De stad stelt zalen en gebouwen ter beschikking van het middenveld. Je vindt ze op de pagina Ruimtes.",
        "body_nl": """Zoek je een zaal voor een vergadering, een feest of een wekelijkse activiteit? De stad heeft zalen en gebouwen voor organisaties uit het sociaal middenveld.

Op de pagina Ruimtes zie je welke zalen er zijn, hoe groot ze zijn en wanneer ze vrij zijn. Je kiest een zaal en een moment en je vraagt een reservatie aan. Komen jullie elke week samen? Vraag dan een reeks aan, bijvoorbeeld elke dinsdagavond.

De stad bekijkt je aanvraag en laat je weten of het kan. De prijs hangt af van je organisatie, bijvoorbeeld of de stad ze erkend heeft.

Tips:
- Registreer eerst je organisatie op dit platform. Dan gaat reserveren sneller.
- Vraag op tijd aan, zeker voor een activiteit in het weekend.
- Heb je een toegankelijke zaal nodig, bijvoorbeeld voor een rolstoel? Zeg het in je aanvraag.""",
        "title_en": "How do I find a room for our activity?",
        "summary_en": "The city offers rooms and buildings to civil society. You find them on the Rooms page.",
        "body_en": """Are you looking for a room for a meeting, a party or a weekly activity? The city has rooms and buildings for organisations of social civil society.

On the Rooms page you see which rooms there are, how big they are and when they are free. You choose a room and a time and ask for a booking. Do you meet every week? Then ask for a series, for example every Tuesday evening.

The city looks at your request and tells you whether it is possible. The price depends on your organisation, for example whether the city has recognised it.

Tips:
- Register your organisation on this platform first. Booking is quicker then.
- Ask in time, certainly for an activity at the weekend.
- Do you need an accessible room, for example for a wheelchair? Say so in your request.""",
    },
    {
        "slug": "subsidies-voor-basiswerk",
        "category": "geld",
        "featured": True,
        "title_nl": "Welke steun krijgt basiswerk?",
        "summary_nl": "De stad voorziet 750.000 euro extra om basiswerk financieel te versterken. Zo vraag je steun aan.",
        "body_nl": """Basiswerk is het dagelijkse werk met mensen in een kwetsbare situatie: mensen opzoeken, ze samenbrengen, ze helpen en hun stem laten horen.

Stad Gent wil basiswerk financieel versterken. Daarvoor voorziet de stad in totaal 750.000 euro extra. In mei 2021 bespraken vertegenwoordigers van Gentse organisaties hoe dat geld verdeeld moet worden.

Hoe vraag je steun aan?
- Kijk op de pagina Subsidies welke oproepen open zijn en wat de regels zijn.
- Lees goed voor wie de oproep is. Soms moet je organisatie erkend zijn door de stad.
- Dien je aanvraag in voor de einddatum. Je volgt op dit platform wie je aanvraag beoordeelt en wat de beslissing is.

Wat heb je meestal nodig? Een korte uitleg van jullie werking, een begroting en een bankrekening op naam van de organisatie.

Twijfel je of je organisatie in aanmerking komt? Stel je vraag: we helpen je graag.""",
        "title_en": "What support is there for basic work?",
        "summary_en": "The city provides an extra 750,000 euros to strengthen basic work financially. This is how you apply.",
        "body_en": """Basic work is the everyday work with people in a vulnerable situation: reaching out to people, bringing them together, helping them and making their voice heard.

The City of Ghent wants to strengthen basic work financially. For that, the city provides an extra 750,000 euros in total. In May 2021, representatives of Ghent organisations discussed how that money should be shared.

How do you apply?
- Look on the Grants page to see which calls are open and what the rules are.
- Read carefully who the call is for. Sometimes your organisation has to be recognised by the city.
- Send your application before the closing date. On this platform you follow who assesses it and what the decision is.

What do you usually need? A short description of your work, a budget and a bank account in the name of the organisation.

Not sure whether your organisation can apply? Ask your question: we are glad to help.""",
    },
    {
        "slug": "feitelijke-vereniging-of-vzw",
        "category": "starten",
        "featured": True,
        "title_nl": "Feitelijke vereniging of vzw: wat is het verschil?",
        "summary_nl": "Een feitelijke vereniging is eenvoudig en kost niets. Een vzw is een rechtspersoon en beschermt haar leden beter.",
        "body_nl": """Een groep mensen die samen iets doet, is vaak eerst een feitelijke vereniging. Je hoeft daarvoor niets op te richten of te betalen.

Een feitelijke vereniging:
- is eenvoudig: je hebt geen statuten nodig;
- heeft geen rechtspersoonlijkheid: de leden tekenen contracten in hun eigen naam;
- de leden zijn zelf verantwoordelijk als er iets misgaat, bijvoorbeeld bij schulden of schade.

Een vzw (vereniging zonder winstoogmerk):
- is een rechtspersoon: de vzw zelf tekent contracten en heeft een eigen bankrekening;
- beschermt de leden en bestuurders beter: de vzw is verantwoordelijk, niet de leden persoonlijk;
- heeft statuten, een bestuur en een ondernemingsnummer;
- heeft meer administratie, zoals een jaarrekening en het UBO-register.

Wanneer kies je voor een vzw? Bijvoorbeeld als je personeel wilt aanwerven, grote bedragen beheert, een gebouw huurt of een subsidie krijgt waarvoor een rechtspersoon nodig is.

De Wegwijzer op dit platform helpt je kiezen, stap voor stap.""",
        "title_en": "Informal association or non-profit (vzw): what is the difference?",
        "summary_en": "An informal association is simple and costs nothing. A vzw is a legal person and protects its members better.",
        "body_en": """A group of people who do something together is often an informal association (feitelijke vereniging) first. You do not have to set anything up or pay anything for that.

An informal association:
- is simple: you need no statutes;
- has no legal personality: the members sign contracts in their own name;
- its members are personally responsible if something goes wrong, for example debts or damage.

A vzw (non-profit association):
- is a legal person: the vzw itself signs contracts and has its own bank account;
- protects its members and board members better: the vzw is responsible, not the members personally;
- has statutes, a board and an enterprise number;
- has more paperwork, such as annual accounts and the UBO register.

When do you choose a vzw? For example when you want to hire staff, manage large amounts, rent a building or receive a grant that requires a legal person.

The starter's guide on this platform helps you choose, step by step.""",
    },
    {
        "slug": "een-vzw-oprichten",
        "category": "starten",
        "featured": False,
        "title_nl": "Hoe richt ik een vzw op?",
        "summary_nl": "Met minstens twee oprichters, statuten en een neerlegging bij de griffie. Dan krijg je een ondernemingsnummer.",
        "body_nl": """Een vzw oprichten doe je in een paar stappen.

1. Zoek minstens twee oprichters. Dat kunnen personen of organisaties zijn.
2. Schrijf de statuten. Daarin staan onder meer de naam van de vzw, het adres van de zetel, het doel en hoe het bestuur werkt. Er bestaan voorbeelden van statuten die je kunt aanpassen.
3. Leg de statuten neer bij de griffie van de ondernemingsrechtbank. De statuten worden dan gepubliceerd in het Belgisch Staatsblad. Daarvoor betaal je een bijdrage.
4. Je vzw krijgt een ondernemingsnummer in de Kruispuntbank van Ondernemingen (KBO).
5. Vul het UBO-register in: daarin staat wie de vzw bestuurt.
6. Open een bankrekening op naam van de vzw en denk aan verzekeringen.

Heb je een ondernemingsnummer? Vul het in op het profiel van je organisatie op dit platform. Zo hoeft de stad er niet meer naar te vragen.

Wil je hulp bij het oprichten? Vraag begeleiding aan: een coach van de stad helpt je verder.""",
        "title_en": "How do I set up a vzw?",
        "summary_en": "With at least two founders, statutes and a filing with the court registry. Then you get an enterprise number.",
        "body_en": """Setting up a vzw takes a few steps.

1. Find at least two founders. They can be people or organisations.
2. Write the statutes. They say, among other things, the name of the vzw, the address of its seat, its purpose and how the board works. There are model statutes you can adapt.
3. File the statutes with the registry of the enterprise court. The statutes are then published in the Belgian Official Gazette (Belgisch Staatsblad). You pay a fee for that.
4. Your vzw gets an enterprise number in the Crossroads Bank for Enterprises (KBO).
5. Fill in the UBO register: it says who runs the vzw.
6. Open a bank account in the name of the vzw and think about insurance.

Do you have an enterprise number? Fill it in on your organisation's profile on this platform. Then the city does not have to ask for it again.

Would you like help with setting up? Ask for coaching: a coach from the city helps you on your way.""",
    },
    {
        "slug": "vrijwilligers-verzekeren",
        "category": "vrijwilligers",
        "featured": True,
        "title_nl": "Moet ik mijn vrijwilligers verzekeren?",
        "summary_nl": "Een vzw moet de burgerlijke aansprakelijkheid van haar vrijwilligers verzekeren. Ook voor een feitelijke vereniging is een verzekering verstandig.",
        "body_nl": """Vrijwilligers zijn goud waard. Zorg dat ze goed verzekerd zijn.

Wat zegt de wet?
- Een vzw moet de burgerlijke aansprakelijkheid van haar vrijwilligers verzekeren. Die verzekering betaalt als een vrijwilliger tijdens het vrijwilligerswerk per ongeluk schade veroorzaakt aan iemand anders.
- Een feitelijke vereniging met personeel moet dat ook.
- Een feitelijke vereniging zonder personeel moet het niet, maar het is wel verstandig.

Een verzekering tegen lichamelijke ongevallen is niet verplicht. Ze betaalt kosten als een vrijwilliger zelf gewond raakt. Voor veel activiteiten is ze een goed idee.

Voor kleine organisaties en occasionele activiteiten bestaat er een gratis vrijwilligersverzekering van de Vlaamse overheid. Bekijk de voorwaarden voor je activiteit.

Vertel je vrijwilligers ook hoe ze verzekerd zijn. Dat moet volgens de vrijwilligerswet: je geeft hen vooraf informatie over jullie organisatie, de verzekering en eventuele vergoedingen.""",
        "title_en": "Do I have to insure my volunteers?",
        "summary_en": "A vzw must insure its volunteers' civil liability. For an informal association, insurance is wise too.",
        "body_en": """Volunteers are worth their weight in gold. Make sure they are well insured.

What does the law say?
- A vzw must insure the civil liability of its volunteers. That insurance pays when a volunteer accidentally causes damage to someone else during the volunteer work.
- An informal association with staff must do so too.
- An informal association without staff does not have to, but it is wise.

Insurance against bodily accidents is not compulsory. It pays costs when a volunteer gets hurt. For many activities it is a good idea.

For small organisations and occasional activities there is a free volunteer insurance from the Flemish government. Check the conditions for your activity.

Also tell your volunteers how they are insured. The volunteer law requires it: you inform them beforehand about your organisation, the insurance and any allowances.""",
    },
    {
        "slug": "het-verenigingsregister",
        "category": "regels",
        "featured": False,
        "title_nl": "Wat is het Verenigingsregister?",
        "summary_nl": "Het register van de Vlaamse overheid waarin ook een feitelijke vereniging zich kan inschrijven. Je krijgt een vCode.",
        "body_nl": """Het Verenigingsregister is een register van de Vlaamse overheid. Daarin staan verenigingen met hun naam, adres, contactgegevens en activiteiten.

Ook een feitelijke vereniging kan zich inschrijven. Ze krijgt dan een vCode: de letter V en zeven cijfers. Een vzw heeft al een ondernemingsnummer in de KBO; kijk na of haar gegevens ook in het Verenigingsregister kloppen.

Waarom inschrijven?
- Je geeft je gegevens één keer. Overheden, zoals de stad, kunnen ze daarna gebruiken. Je moet ze dan niet telkens opnieuw invullen.
- Je houdt zelf je gegevens actueel, bijvoorbeeld een nieuw adres of een nieuwe contactpersoon.

Heb je een vCode? Vul die in op het profiel van je organisatie op dit platform.""",
        "title_en": "What is the Verenigingsregister?",
        "summary_en": "The Flemish government's register of associations, where an informal association can register too. You get a vCode.",
        "body_en": """The Verenigingsregister is a register of the Flemish government. It lists associations with their name, address, contact details and activities.

An informal association can register too. It then gets a vCode: the letter V and seven digits. A vzw already has an enterprise number in the KBO; check that its details in the Verenigingsregister are right as well.

Why register?
- You give your details once. Governments, such as the city, can use them afterwards. You do not have to fill them in again every time.
- You keep your details up to date yourself, for example a new address or a new contact person.

Do you have a vCode? Fill it in on your organisation's profile on this platform.""",
    },
    {
        "slug": "erkenning-door-de-stad",
        "category": "stad",
        "featured": False,
        "title_nl": "Hoe wordt onze organisatie erkend door de stad?",
        "summary_nl": "Een erkenning geldt voor een bepaalde periode. Ze bepaalt onder meer voor welke subsidies en zaalprijzen je in aanmerking komt.",
        "body_nl": """De stad kan een organisatie erkennen. Een erkenning geldt altijd voor een bepaalde periode, met een begin- en een einddatum.

Waarom is een erkenning belangrijk? Sommige subsidies zijn er alleen voor erkende organisaties. Ook de prijs van een zaal kan afhangen van je erkenning.

Hoe gaat het?
1. Registreer je organisatie op dit platform en dien je registratie in.
2. De stad kijkt je gegevens na.
3. Vraag de erkenning aan die bij je werking past en voeg de gevraagde documenten toe.
4. De stad beslist en je ziet de erkenning op het profiel van je organisatie.

Let op de einddatum: vraag op tijd een nieuwe erkenning aan.

Twijfel je welke erkenning bij jullie past? Stel je vraag of vraag je vaste aanspreekpunt bij de stad.""",
        "title_en": "How does the city recognise our organisation?",
        "summary_en": "A recognition is valid for a set period. Among other things, it decides which grants and room prices you can get.",
        "body_en": """The city can recognise an organisation. A recognition always holds for a set period, with a start and an end date.

Why does a recognition matter? Some grants are only for recognised organisations. The price of a room can also depend on your recognition.

How does it work?
1. Register your organisation on this platform and submit your registration.
2. The city checks your details.
3. Apply for the recognition that fits your work and add the documents asked for.
4. The city decides and you see the recognition on your organisation's profile.

Mind the end date: apply for a new recognition in time.

Not sure which recognition fits you? Ask your question or ask your fixed contact person at the city.""",
    },
    {
        "slug": "privacy-gdpr-voor-verenigingen",
        "category": "regels",
        "featured": False,
        "title_nl": "Wat moet onze vereniging doen voor de privacywet (GDPR)?",
        "summary_nl": "Ook een kleine vereniging werkt met persoonsgegevens. Verzamel alleen wat je nodig hebt en bewaar het veilig.",
        "body_nl": """Een ledenlijst, een lijst met vrijwilligers, foto's van een activiteit: dat zijn allemaal persoonsgegevens. De Europese privacywet (GDPR, in het Nederlands AVG) geldt ook voor verenigingen.

Wat doe je?
- Verzamel alleen de gegevens die je echt nodig hebt.
- Zeg aan je leden welke gegevens je bewaart, waarom en hoe lang. Schrijf dat in een korte privacyverklaring.
- Bewaar de gegevens veilig: met een wachtwoord, en alleen de mensen die ze nodig hebben, kunnen erbij.
- Verwijder gegevens die je niet meer nodig hebt.
- Vraag toestemming voordat je foto's publiceert waarop mensen herkenbaar zijn. Voor kinderen vraag je het aan de ouders.

Gaat er iets mis, bijvoorbeeld een laptop met de ledenlijst is gestolen? Beperk de schade en meld het binnen 72 uur aan de Gegevensbeschermingsautoriteit als er een risico is voor de mensen op de lijst.""",
        "title_en": "What does our association have to do for the privacy law (GDPR)?",
        "summary_en": "Even a small association works with personal data. Collect only what you need and keep it safe.",
        "body_en": """A list of members, a list of volunteers, photos of an activity: these are all personal data. The European privacy law (GDPR) applies to associations too.

What do you do?
- Collect only the data you really need.
- Tell your members which data you keep, why and for how long. Write that in a short privacy statement.
- Keep the data safe: behind a password, and only the people who need it can reach it.
- Delete data you no longer need.
- Ask permission before you publish photos on which people can be recognised. For children, ask the parents.

Does something go wrong, for example a laptop with the list of members is stolen? Limit the damage and report it within 72 hours to the Data Protection Authority if there is a risk for the people on the list.""",
    },
    {
        "slug": "een-bankrekening-openen",
        "category": "geld",
        "featured": False,
        "title_nl": "Hoe opent onze vereniging een bankrekening?",
        "summary_nl": "Een vzw opent een rekening op haar eigen naam. Voor een feitelijke vereniging openen één of meer leden een rekening voor de vereniging.",
        "body_nl": """Een eigen bankrekening houdt het geld van de vereniging gescheiden van je eigen geld. Voor veel subsidies is ze nodig.

Een vzw opent een rekening op naam van de vzw, met haar ondernemingsnummer. De bank vraagt meestal de statuten en wie de vzw mag vertegenwoordigen.

Een feitelijke vereniging is geen rechtspersoon. De bank opent dan een rekening op naam van één of meer leden, voor de vereniging. Vraag aan je bank welke mogelijkheden er zijn.

Goede afspraken:
- Spreek af wie betalingen mag doen.
- Laat twee mensen de rekening opvolgen.
- Bewaar de bewijzen van alle uitgaven en inkomsten.
- Leg elk jaar aan de leden uit wat er met het geld gebeurd is.""",
        "title_en": "How does our association open a bank account?",
        "summary_en": "A vzw opens an account in its own name. For an informal association, one or more members open an account for the association.",
        "body_en": """An account of its own keeps the association's money apart from your own money. Many grants require one.

A vzw opens an account in the name of the vzw, with its enterprise number. The bank usually asks for the statutes and who may represent the vzw.

An informal association is not a legal person. The bank then opens an account in the name of one or more members, for the association. Ask your bank what is possible.

Good agreements:
- Agree who may make payments.
- Let two people keep an eye on the account.
- Keep the proof of all spending and income.
- Every year, explain to the members what happened with the money.""",
    },
    {
        "slug": "vergoedingen-voor-vrijwilligers",
        "category": "vrijwilligers",
        "featured": False,
        "title_nl": "Mag ik mijn vrijwilligers een vergoeding geven?",
        "summary_nl": "Ja: de echte kosten met bewijzen, of een vaste vrijwilligersvergoeding tot een maximumbedrag.",
        "body_nl": """Vrijwilligers werken onbetaald. Toch mag je hun kosten vergoeden. Er zijn twee systemen.

1. De echte kosten: de vrijwilliger toont bewijzen, zoals een treinticket of een kasticket, en je betaalt dat bedrag terug.
2. Een forfaitaire vrijwilligersvergoeding: een vast bedrag, zonder bewijzen. Daarvoor geldt een maximumbedrag per dag en per jaar. Die bedragen veranderen elk jaar: kijk de bedragen van dit jaar na voordat je betaalt.

Combineer de twee systemen niet zomaar. De regels zijn streng. Wie te veel krijgt, kan belastingen en sociale bijdragen moeten betalen.

Leg de afspraak over vergoedingen vooraf uit aan je vrijwilligers. Dat hoort bij de informatie die je hen volgens de vrijwilligerswet moet geven.""",
        "title_en": "May I give my volunteers an allowance?",
        "summary_en": "Yes: the real costs with proof, or a fixed volunteer allowance up to a maximum.",
        "body_en": """Volunteers work without pay. Still, you may pay back their costs. There are two systems.

1. The real costs: the volunteer shows proof, such as a train ticket or a receipt, and you pay that amount back.
2. A flat-rate volunteer allowance: a fixed amount, without proof. There is a maximum per day and per year. These amounts change every year: check this year's amounts before you pay.

Do not simply combine the two systems. The rules are strict. Someone who gets too much may have to pay taxes and social contributions.

Explain the agreement about allowances to your volunteers beforehand. It is part of the information the volunteer law says you must give them.""",
    },
    {
        "slug": "begeleiding-en-coaching-vragen",
        "category": "starten",
        "featured": False,
        "title_nl": "Hoe vraag ik begeleiding voor onze organisatie?",
        "summary_nl": "Vraag coaching aan met een kort formulier. Een coach van de stad helpt je op weg.",
        "body_nl": """Advies en begeleiding voor startende en bestaande organisaties is een van de zes werven van het traject middenveld.

Start je een nieuwe groep? Begin met de Wegwijzer. Die leidt je in eenvoudige woorden langs de belangrijke keuzes: een feitelijke vereniging of een vzw, verzekeringen, een bankrekening, vrijwilligers, het Verenigingsregister, een zaal en een eerste subsidie. Je houdt een eigen checklist bij die je kunt afvinken of afdrukken.

Wil je meer hulp? Vraag coaching aan met het formulier. Vertel kort wie jullie zijn en waarmee je hulp wilt. De stad zoekt een coach voor jullie. Samen spreken jullie doelen af en plannen jullie gesprekken.

Coaching is er voor kleine en grote organisaties, voor wie start en voor wie al lang bestaat.""",
        "title_en": "How do I ask for guidance for our organisation?",
        "summary_en": "Ask for coaching with a short form. A coach from the city helps you on your way.",
        "body_en": """Advice and guidance for starting and existing organisations is one of the six workstreams of the civil society trajectory.

Are you starting a new group? Begin with the starter's guide. It takes you in simple words through the important choices: an informal association or a vzw, insurance, a bank account, volunteers, the Verenigingsregister, a room and a first grant. You keep your own checklist that you can tick off or print.

Would you like more help? Ask for coaching with the form. Say briefly who you are and what you want help with. The city finds a coach for you. Together you agree on goals and plan meetings.

Coaching is there for small and large organisations, for those who are starting and for those who have existed for a long time.""",
    },
    {
        "slug": "je-organisatie-registreren",
        "category": "stad",
        "featured": False,
        "title_nl": "Hoe zet ik onze organisatie op dit platform?",
        "summary_nl": "Registreer je organisatie in vier stappen. Na controle door de stad staat ze in de lijst van organisaties.",
        "body_nl": """Op dit platform staan de organisaties die met de stad samenwerken. Staat jouw organisatie er nog niet? Registreer ze zelf.

1. Meld je aan of maak een account.
2. Kies Organisatie registreren en vul de vier stappen in: naam en identiteit, wat jullie doen, adressen en contact, logo en statuten.
3. Heb je een ondernemingsnummer (vzw) of een vCode (Verenigingsregister)? Vul het in. Een feitelijke vereniging zonder vCode kan zich ook registreren.
4. Dien je registratie in. De stad kijkt ze na.

Na de controle staat je organisatie in de lijst van organisaties. Wie zich registreert, wordt beheerder. Je kunt daarna andere leden uitnodigen.""",
        "title_en": "How do I put our organisation on this platform?",
        "summary_en": "Register your organisation in four steps. Once the city has checked it, it appears in the list of organisations.",
        "body_en": """This platform lists the organisations that work with the city. Is your organisation not there yet? Register it yourself.

1. Sign in or create an account.
2. Choose Register your organisation and fill in the four steps: name and identity, what you do, addresses and contact, logo and statutes.
3. Do you have an enterprise number (vzw) or a vCode (Verenigingsregister)? Fill it in. An informal association without a vCode can register too.
4. Submit your registration. The city checks it.

After the check, your organisation is in the list of organisations. Whoever registers becomes its admin. You can then invite other members.""",
    },
]
