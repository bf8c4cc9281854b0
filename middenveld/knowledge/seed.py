"""Demo knowledge base: six subjects, the hand-written articles (seed_articles.py, Dutch
and English) and generated articles up to 200 per scale step (2,000 at ``--scale 10``).

Generated articles are plain-language variations ("Een zaal huren voor een huiswerkklas in
Rabot") in Dutch and English, so search and suggestions have realistic volume; the other
languages fall back to Dutch, as real untranslated articles do. They come from their own
random stream keyed on their number, so every run makes the same ones. Idempotent: rows
are keyed on their slug and a slug that exists is skipped; ``--scale 10`` after
``--scale 1`` keeps the first 200 and adds the rest. Written with ``bulk_create``
(articles, then their search rows), the stems cached per word: 2,000 articles take a few
seconds.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.utils.text import slugify

from middenveld.accounts.models import Role, User
from middenveld.core.cache import bump_content_version
from middenveld.core.seeding import SeedContext, seeder
from middenveld.knowledge.models import Article, ArticleSearch, ArticleStatus, Category
from middenveld.knowledge.seed_articles import ARTICLES, CATEGORIES
from middenveld.knowledge.services import search_rows_for

PER_SCALE = 200
BATCH = 500
# Fixed, so that a second run makes the same articles with the same dates.
EPOCH = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

WIJKEN = [
    "Binnenstad", "Brugse Poort", "Rabot", "Ledeberg", "Sluizeken-Tolhuis-Ham", "Nieuw Gent",
    "Sint-Amandsberg", "Gentbrugge", "Wondelgem", "Muide-Meulestede", "Dampoort",
    "Oud Gentbrugge", "Zwijnaarde", "Mariakerke", "Drongen", "Sint-Denijs-Westrem",
]  # fmt: skip

# (Dutch, English) names of the kinds of groups that ask.
GROUPS = [
    ("een huiswerkklas", "a homework class"),
    ("een buurtwerking", "a neighbourhood group"),
    ("een vrouwenvereniging", "a women's association"),
    ("een jeugdhuis", "a youth centre"),
    ("een zelforganisatie", "a self-organisation"),
    ("een sportclub", "a sports club"),
    ("een seniorenvereniging", "a seniors' association"),
    ("een buurtrestaurant", "a neighbourhood restaurant"),
    ("een taalcafé", "a language café"),
    ("een moestuinproject", "a community garden"),
    ("een repair café", "a repair café"),
    ("een burgerinitiatief", "a citizens' initiative"),
]

# category, two Dutch titles (with {group} and {wijk}), two English ones, Dutch paragraphs, English ones.
TOPICS = [
    (
        "ruimtes",
        ("Een zaal huren voor {group} in {wijk}", "Waar vergadert {group} in {wijk}?"),
        ("Renting a room for {group} in {wijk}", "Where does {group} in {wijk} meet?"),
        [
            "Zoek je een zaal voor {group} in {wijk}? Op de pagina Ruimtes zie je welke zalen van de stad in de buurt vrij zijn.",
            "Vraag een reservatie aan voor één keer of als reeks, bijvoorbeeld elke week op dezelfde dag.",
            "De prijs van een zaal hangt af van je organisatie en van de erkenning door de stad.",
            "Vraag op tijd aan en zeg of je een toegankelijke zaal nodig hebt.",
        ],
        [
            "Are you looking for a room for {group} in {wijk}? The Rooms page shows which city rooms nearby are free.",
            "Ask for a booking once or as a series, for example every week on the same day.",
            "The price of a room depends on your organisation and on the city's recognition.",
            "Ask in time and say whether you need an accessible room.",
        ],
    ),
    (
        "geld",
        (
            "Subsidie voor {group} in {wijk}: waar begin je?",
            "Geld voor de werking van {group} in {wijk}",
        ),
        (
            "A grant for {group} in {wijk}: where do you start?",
            "Money for the work of {group} in {wijk}",
        ),
        [
            "Veel groepen zoals {group} in {wijk} kunnen steun krijgen voor hun basiswerk.",
            "Op de pagina Subsidies staan de open oproepen met hun regels en einddatum.",
            "Voor een aanvraag heb je meestal een korte uitleg van je werking, een begroting en een bankrekening nodig.",
            "Twijfel je of je in aanmerking komt? Stel je vraag, de stad helpt je graag.",
        ],
        [
            "Many groups such as {group} in {wijk} can get support for their basic work.",
            "The Grants page lists the open calls with their rules and closing date.",
            "For an application you usually need a short description of your work, a budget and a bank account.",
            "Not sure whether you can apply? Ask your question, the city is glad to help.",
        ],
    ),
    (
        "vrijwilligers",
        (
            "Vrijwilligers verzekeren bij {group} in {wijk}",
            "Is elke vrijwilliger van {group} in {wijk} verzekerd?",
        ),
        (
            "Insuring the volunteers of {group} in {wijk}",
            "Is every volunteer of {group} in {wijk} insured?",
        ),
        [
            "Werkt {group} in {wijk} met vrijwilligers? Denk dan aan een verzekering burgerlijke aansprakelijkheid.",
            "Een vzw is verplicht haar vrijwilligers te verzekeren; voor een feitelijke vereniging is het verstandig.",
            "Een verzekering tegen lichamelijke ongevallen betaalt de kosten als een vrijwilliger zelf gewond raakt.",
            "Vertel je vrijwilligers vooraf hoe ze verzekerd zijn en welke vergoeding ze krijgen.",
        ],
        [
            "Does {group} in {wijk} work with volunteers? Then think of civil liability insurance.",
            "A vzw must insure its volunteers; for an informal association it is wise.",
            "Insurance against bodily accidents pays the costs when a volunteer gets hurt.",
            "Tell your volunteers beforehand how they are insured and which allowance they get.",
        ],
    ),
    (
        "starten",
        ("Starten met {group} in {wijk}", "De eerste stappen van {group} in {wijk}"),
        ("Starting {group} in {wijk}", "The first steps of {group} in {wijk}"),
        [
            "Wil je {group} starten in {wijk}? Begin met de Wegwijzer: die leidt je langs de belangrijke keuzes.",
            "Kies eerst of je een feitelijke vereniging blijft of een vzw opricht, en wat dat verandert.",
            "Zoek een zaal, denk aan een verzekering en open een bankrekening voor de groep.",
            "Wil je meer hulp? Vraag coaching aan: een coach van de stad helpt je op weg.",
        ],
        [
            "Do you want to start {group} in {wijk}? Begin with the starter's guide: it takes you through the important choices.",
            "First choose whether you stay an informal association or set up a vzw, and what that changes.",
            "Find a room, think of insurance and open a bank account for the group.",
            "Would you like more help? Ask for coaching: a coach from the city helps you on your way.",
        ],
    ),
    (
        "regels",
        (
            "Privacy en ledenlijsten bij {group} in {wijk}",
            "Foto's en gegevens van leden bij {group} in {wijk}",
        ),
        (
            "Privacy and member lists at {group} in {wijk}",
            "Photos and members' data at {group} in {wijk}",
        ),
        [
            "Ook {group} in {wijk} werkt met persoonsgegevens, zoals een ledenlijst of foto's.",
            "Verzamel alleen wat je nodig hebt en zeg aan je leden waarom je het bewaart.",
            "Bewaar de gegevens veilig en verwijder wat je niet meer nodig hebt.",
            "Vraag toestemming voordat je foto's publiceert waarop mensen herkenbaar zijn.",
        ],
        [
            "{group_cap} in {wijk} also works with personal data, such as a list of members or photos.",
            "Collect only what you need and tell your members why you keep it.",
            "Keep the data safe and delete what you no longer need.",
            "Ask permission before you publish photos on which people can be recognised.",
        ],
    ),
    (
        "stad",
        (
            "Een vast aanspreekpunt voor {group} in {wijk}",
            "Wie helpt {group} in {wijk} bij de stad?",
        ),
        (
            "A fixed contact person for {group} in {wijk}",
            "Who helps {group} in {wijk} at the city?",
        ),
        [
            "Elke organisatie, ook {group} in {wijk}, kan een vast aanspreekpunt bij de stad hebben.",
            "Je vraag komt dan bij iemand die je organisatie kent, en je moet niet alles opnieuw uitleggen.",
            "Stel je vraag via het vragenformulier, per e-mail of per telefoon, in je eigen taal.",
            "De stad antwoordt binnen een afgesproken aantal werkdagen.",
        ],
        [
            "Every organisation, {group} in {wijk} too, can have a fixed contact person at the city.",
            "Your question then goes to someone who knows your organisation, and you do not have to explain everything again.",
            "Ask your question through the form, by e-mail or by phone, in your own language.",
            "The city answers within an agreed number of working days.",
        ],
    ),
    (
        "regels",
        (
            "{group_cap} in {wijk} inschrijven in het Verenigingsregister",
            "Een vCode voor {group} in {wijk}",
        ),
        (
            "Registering {group} in {wijk} in the Verenigingsregister",
            "A vCode for {group} in {wijk}",
        ),
        [
            "Ook een feitelijke vereniging zoals {group} in {wijk} kan zich inschrijven in het Verenigingsregister.",
            "Je krijgt dan een vCode: de letter V en zeven cijfers.",
            "Je geeft je gegevens één keer; de stad en andere overheden kunnen ze daarna gebruiken.",
            "Vul je vCode in op het profiel van je organisatie op dit platform.",
        ],
        [
            "An informal association such as {group} in {wijk} can register in the Verenigingsregister too.",
            "It then gets a vCode: the letter V and seven digits.",
            "You give your details once; the city and other governments can use them afterwards.",
            "Fill in your vCode on your organisation's profile on this platform.",
        ],
    ),
]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _generated(number: int) -> dict[str, object]:
    """Generated article ``number`` (1-based), the same on every run."""
    rng = random.Random(f"knowledge-{number}")
    # Mixed radix: the first 2,688 numbers are 2,688 different (topic, group, wijk, title).
    index = number - 1
    category, titles_nl, titles_en, paragraphs_nl, paragraphs_en = TOPICS[index % len(TOPICS)]
    index //= len(TOPICS)
    group_nl, group_en = GROUPS[index % len(GROUPS)]
    index //= len(GROUPS)
    wijk = WIJKEN[index % len(WIJKEN)]
    variant = (index // len(WIJKEN)) % 2
    title_nl, title_en = titles_nl[variant], titles_en[variant]
    values_nl = {"group": group_nl, "group_cap": _cap(group_nl), "wijk": wijk}
    values_en = {"group": group_en, "group_cap": _cap(group_en), "wijk": wijk}
    order = list(range(len(paragraphs_nl)))
    rng.shuffle(order)
    keep = sorted(order[: rng.randint(2, len(order))])
    body_nl = "\n\n".join(paragraphs_nl[i].format(**values_nl) for i in keep)
    body_en = "\n\n".join(paragraphs_en[i].format(**values_en) for i in keep)
    title = _cap(title_nl.format(**values_nl))
    return {
        "slug": f"{slugify(title)[:180]}-{number}",
        "category": category,
        "featured": False,
        "title_nl": title,
        "summary_nl": paragraphs_nl[keep[0]].format(**values_nl),
        "body_nl": body_nl,
        "title_en": _cap(title_en.format(**values_en)),
        "summary_en": paragraphs_en[keep[0]].format(**values_en),
        "body_en": body_en,
        "published_at": EPOCH - timedelta(days=number % 900, minutes=number),
    }


def _analyze() -> None:
    """Planner statistics on PostgreSQL (the benchmark server may run without autovacuum)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Article, ArticleSearch, Category):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@seeder(order=45)
def seed_knowledge(ctx: SeedContext) -> None:
    """Subjects, the hand-written articles and generated ones up to 200 per scale step."""
    categories: dict[str, Category] = {}
    for slug, order, name_nl, name_en, description_nl, description_en in CATEGORIES:
        categories[slug], _created = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name_nl": name_nl,
                "name_en": name_en,
                "description_nl": description_nl,
                "description_en": description_en,
            },
        )
    author = (
        User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
        or User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    )
    total = max(PER_SCALE * max(ctx.scale, 1), len(ARTICLES))
    wanted = [dict(a, published_at=EPOCH + timedelta(hours=i)) for i, a in enumerate(ARTICLES)]
    wanted += [_generated(n) for n in range(1, total - len(ARTICLES) + 1)]
    existing = set(Article.objects.values_list("slug", flat=True))
    created = 0
    for start in range(0, len(wanted), BATCH):
        batch = []
        for values in wanted[start : start + BATCH]:
            if values["slug"] in existing:
                continue
            fields: dict[str, Any] = dict(values)
            fields["category"] = categories[str(fields["category"])]
            batch.append(
                Article(
                    status=ArticleStatus.PUBLISHED,
                    created_by=author,
                    created_at=fields["published_at"],
                    **fields,
                )
            )
        if not batch:
            continue
        Article.objects.bulk_create(batch)
        # bulk_create sets primary keys on PostgreSQL and SQLite (RETURNING): fetch them
        # by slug anyway, so the search rows never depend on that.
        saved = Article.objects.filter(slug__in=[a.slug for a in batch])
        ArticleSearch.objects.bulk_create(
            [row for article in saved for row in search_rows_for(article)], batch_size=BATCH
        )
        created += len(batch)
    if created:
        bump_content_version()
        _analyze()
    ctx.count("knowledge articles", created)
    ctx.counts["knowledge articles (total)"] = Article.objects.count()
