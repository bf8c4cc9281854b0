"""Demo ballots.

On "Prioriteiten basiswerk 2027" (``prioriteiten-basiswerk-2027``, made by the
participation seeder at order 60, or here when it is missing):

* ``prioriteiten-basiswerk-2027`` (approval, choose up to 3), open now, one vote per
  verified organisation cast by its admins: burger@example.org can vote for Huiswerkklas
  De Brug (De Brug has not voted yet; some generated organisations have).

On "Prioriteiten basiswerk 2022" (``prioriteiten-basiswerk-2022``):

* ``budget-basiswerk-2022`` (budget, €500,000, 10 projects), closed, counted, with the
  votes of a few hundred verified organisations: the results page with Equal Shares.

For residents, per scale unit ``VOTERS_PER_SCALE`` residents (``kiezer-NNNNN@example.org``,
written in bulk with one password hash) vote on two district budgets:

* ``wijkbudget-brugse-poort-2026``, closed and counted (20,000 votes at ``--scale 10``);
* ``wijkbudget-ledeberg-2027``, open (20,000 votes at ``--scale 10``; burger@example.org
  has voted too, so the benchmark changes an existing vote).

Idempotent: ballots are keyed on their slug and options on their code; votes are added
only for voters who have none, so a second run adds nothing and ``--scale 10`` after
``--scale 1`` adds the missing voters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.ballots import services
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeder
from middenveld.organisations.models import Organisation, Status
from middenveld.participation.models import Audience, Process

DEMO_PROCESS = "prioriteiten-basiswerk-2027"
PAST_PROCESS = "prioriteiten-basiswerk-2022"
CITIZEN = "burger@example.org"
DE_BRUG = "huiswerkklas-de-brug"
OPEN_APPROVAL = "prioriteiten-basiswerk-2027"
CLOSED_BUDGET = "budget-basiswerk-2022"
RESIDENTS_CLOSED = "wijkbudget-brugse-poort-2026"
RESIDENTS_OPEN = "wijkbudget-ledeberg-2027"
VOTERS_PER_SCALE = 2_000
ORGANISATION_VOTES = 300
BATCH = 2_000

PRIORITIES = (
    ("huiswerk", "Meer uren voor huiswerkbegeleiding"),
    ("ruimte", "Een vaste ontmoetingsruimte per wijk"),
    ("tolken", "Tolken bij bijeenkomsten en activiteiten"),
    ("opvang", "Kinderopvang tijdens activiteiten"),
    ("vrijwilligers", "Ondersteuning en vorming voor vrijwilligers"),
    ("digitaal", "Hulp bij digitale vragen"),
)

BASISWERK_PROJECTS = (
    ("p1", "Huiswerkklassen in vijf wijken", 120_000),
    ("p2", "Ontmoetingsruimte Rabot", 150_000),
    ("p3", "Tolkenpool voor organisaties", 60_000),
    ("p4", "Kinderopvang bij activiteiten", 45_000),
    ("p5", "Vorming voor vrijwilligers", 30_000),
    ("p6", "Digitale hulp in buurthuizen", 80_000),
    ("p7", "Zomerwerking voor jongeren", 95_000),
    ("p8", "Vervoer naar activiteiten", 40_000),
    ("p9", "Buurtkeuken", 70_000),
    ("p10", "Taalcafés", 25_000),
)

DISTRICT_PROJECTS = (
    ("d1", "Meer groen op het pleintje", 35_000),
    ("d2", "Speeltuin vernieuwen", 60_000),
    ("d3", "Zitbanken langs de wandelroute", 8_000),
    ("d4", "Fietsenstalling aan de school", 22_000),
    ("d5", "Buurtfeest elke zomer", 12_000),
    ("d6", "Moestuinen voor de buurt", 18_000),
    ("d7", "Verlichting in het park", 45_000),
    ("d8", "Deelbib in de straat", 5_000),
    ("d9", "Sportveldje opknappen", 50_000),
    ("d10", "Muurschildering met jongeren", 15_000),
    ("d11", "Watertappunt", 9_000),
    ("d12", "Verkeersveilige schoolomgeving", 70_000),
    ("d13", "Petanquebaan", 6_000),
    ("d14", "Hondenweide", 25_000),
    ("d15", "Buurtkast voor gereedschap", 4_000),
)


@dataclass(frozen=True)
class Spec:
    slug: str
    process: str
    title: str
    description: str
    method: str
    electorate: str
    opens: timedelta
    closes: timedelta
    options: tuple[tuple[str, str, int | None], ...]
    max_choices: int | None = None
    budget: int | None = None


def _process(slug: str, title: str, audience: str) -> Process:
    process, _created = Process.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "title_nl": title,
            "summary": "Samen kiezen waar het geld naartoe gaat.",
            "summary_nl": "Samen kiezen waar het geld naartoe gaat.",
            "audience": audience,
            "published": True,
        },
    )
    return process


def _ballot(spec: Spec, now: Any) -> Ballot:
    ballot = Ballot.objects.filter(slug=spec.slug).first()
    if ballot is None:
        process = _process(
            spec.process,
            {
                DEMO_PROCESS: "Prioriteiten basiswerk 2027",
                PAST_PROCESS: "Prioriteiten basiswerk 2022",
            }.get(spec.process, "Wijkbudgetten"),
            Audience.RESIDENTS if spec.electorate == "residents" else Audience.ORGANISATIONS,
        )
        ballot = Ballot.objects.create(
            process=process,
            slug=spec.slug,
            title=spec.title,
            title_nl=spec.title,
            description=spec.description,
            description_nl=spec.description,
            method=spec.method,
            electorate=spec.electorate,
            max_choices=spec.max_choices,
            budget=Decimal(spec.budget) if spec.budget else None,
            opens_at=now + spec.opens,
            closes_at=now + spec.closes,
            published=True,
        )
    known = set(ballot.options.values_list("code", flat=True))
    Option.objects.bulk_create(
        [
            Option(
                ballot=ballot,
                code=code,
                title=title,
                title_nl=title,
                cost=Decimal(cost) if cost else None,
                order=index,
            )
            for index, (code, title, cost) in enumerate(spec.options)
            if code not in known
        ]
    )
    return ballot


def _approval_vote(rng: random.Random, codes: list[str], weights: list[float], k: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < k:
        code = rng.choices(codes, weights)[0]
        if code not in chosen:
            chosen.append(code)
    return [c for c in codes if c in chosen]


def _budget_vote(
    rng: random.Random, projects: list[tuple[str, int]], weights: list[float], budget: int
) -> list[str]:
    order = sorted(projects, key=lambda p: -rng.random() * weights[projects.index(p)])
    chosen: list[str] = []
    spent = 0
    wanted = rng.randint(1, len(projects))
    for code, cost in order:
        if len(chosen) >= wanted:
            break
        if spent + cost <= budget:
            chosen.append(code)
            spent += cost
    codes = [code for code, _cost in projects]
    return [c for c in codes if c in chosen]


def _voters(ctx: SeedContext) -> list[int]:
    """``VOTERS_PER_SCALE * scale`` resident accounts, made in bulk when missing."""
    total = VOTERS_PER_SCALE * ctx.scale
    wanted = [f"kiezer-{n:05d}@example.org" for n in range(1, total + 1)]
    found = dict(User.objects.filter(email__in=wanted).values_list("email", "pk"))
    missing = [email for email in wanted if email not in found]
    if missing:
        password = make_password(DEMO_PASSWORD)  # one hash for all of them
        now = timezone.now()
        for start in range(0, len(missing), BATCH):
            User.objects.bulk_create(
                [
                    User(
                        email=email,
                        name=f"Kiezer {email[7:12]}",
                        role=Role.CITIZEN,
                        password=password,
                        email_verified_at=now,
                    )
                    for email in missing[start : start + BATCH]
                ]
            )
        ctx.count("accounts", len(missing))
        found = dict(User.objects.filter(email__in=wanted).values_list("email", "pk"))
    return [found[email] for email in wanted]


def _add_casts(ballot: Ballot, rows: list[Cast], ctx: SeedContext) -> None:
    for start in range(0, len(rows), BATCH):
        Cast.objects.bulk_create(rows[start : start + BATCH])
    ctx.count("ballot votes", len(rows))


def _resident_casts(
    ctx: SeedContext, ballot: Ballot, voter_ids: list[int], seed: int, now: Any
) -> None:
    rng = random.Random(seed)
    projects = [(code, cost or 0) for code, _title, cost in DISTRICT_PROJECTS]
    weights = [rng.uniform(0.2, 3.0) for _ in projects]
    have = set(Cast.objects.filter(ballot=ballot).values_list("user_id", flat=True))
    budget = int(ballot.budget or 0)
    start = min(ballot.opens_at, now)
    rows = []
    for user_id in voter_ids:
        vote = {"choices": _budget_vote(rng, projects, weights, budget)}
        if user_id in have:
            continue
        at = start + timedelta(seconds=rng.uniform(0, 5 * 24 * 3600))
        rows.append(
            Cast(ballot=ballot, user_id=user_id, content=vote, created_at=at, updated_at=at)
        )
    _add_casts(ballot, rows, ctx)


def _organisation_casts(
    ctx: SeedContext, ballot: Ballot, vote: Any, seed: int, skip: set[str]
) -> None:
    rng = random.Random(seed)
    have = set(Cast.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))
    organisations = list(
        Organisation.objects.filter(status=Status.VERIFIED)
        .exclude(slug__in=skip)
        .order_by("pk")
        .values_list("pk", flat=True)[:ORGANISATION_VOTES]
    )
    at = ballot.opens_at + timedelta(hours=2)
    rows = [
        Cast(ballot=ballot, organisation_id=pk, content=vote(rng), created_at=at, updated_at=at)
        for pk in organisations
        if pk not in have
    ]
    _add_casts(ballot, rows, ctx)


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Cast._meta.db_table)}")


@seeder(order=62)
def seed_ballots(ctx: SeedContext) -> None:
    """An open ballot for organisations, a closed budget ballot with results, and two
    district budgets for residents with 2,000 voters per scale unit."""
    now = timezone.now()
    approval = _ballot(
        Spec(
            slug=OPEN_APPROVAL,
            process=DEMO_PROCESS,
            title="Welke prioriteiten voor het basiswerk in 2027?",
            description=(
                "Kies de drie prioriteiten die voor jouw organisatie het belangrijkst zijn. "
                "Eén stem per erkende organisatie; een beheerder van de organisatie stemt."
            ),
            method="approval",
            electorate="organisations",
            opens=timedelta(days=-2),
            closes=timedelta(days=21),
            options=tuple((code, title, None) for code, title in PRIORITIES),
            max_choices=3,
        ),
        now,
    )
    codes = [code for code, _title in PRIORITIES]
    weights = [3.0, 2.0, 2.5, 1.5, 1.0, 1.2]
    _organisation_casts(
        ctx, approval, lambda rng: {"choices": _approval_vote(rng, codes, weights, 3)}, 1, {DE_BRUG}
    )

    closed = _ballot(
        Spec(
            slug=CLOSED_BUDGET,
            process=PAST_PROCESS,
            title="Budget basiswerk 2022: welke projecten?",
            description=(
                "Organisaties kozen projecten binnen een budget van 500.000 euro. De projecten "
                "werden gekozen met de Method of Equal Shares."
            ),
            method="budget",
            electorate="organisations",
            opens=timedelta(days=-400),
            closes=timedelta(days=-380),
            options=BASISWERK_PROJECTS,
            budget=500_000,
        ),
        now,
    )
    projects = [(code, cost) for code, _title, cost in BASISWERK_PROJECTS]
    project_weights = [3.0, 1.0, 2.0, 2.5, 1.5, 1.0, 2.0, 0.8, 1.2, 2.2]
    _organisation_casts(
        ctx,
        closed,
        lambda rng: {"choices": _budget_vote(rng, projects, project_weights, 500_000)},
        2,
        set(),
    )

    voter_ids = _voters(ctx)
    for slug, title, opens, closes, seed in (
        (RESIDENTS_CLOSED, "Wijkbudget Brugse Poort 2026", -60, -30, 3),
        (RESIDENTS_OPEN, "Wijkbudget Ledeberg 2027", -3, 30, 4),
    ):
        district = _ballot(
            Spec(
                slug=slug,
                process="wijkbudgetten",
                title=title,
                description=(
                    "Bewoners kiezen projecten voor hun wijk binnen een budget van "
                    "200.000 euro. Eén stem per geregistreerde bewoner."
                ),
                method="budget",
                electorate="residents",
                opens=timedelta(days=opens),
                closes=timedelta(days=closes),
                options=DISTRICT_PROJECTS,
                budget=200_000,
            ),
            now,
        )
        _resident_casts(ctx, district, voter_ids, seed, now)
    citizen = User.objects.filter(email=CITIZEN).first()
    open_district = Ballot.objects.get(slug=RESIDENTS_OPEN)
    if citizen is not None and not Cast.objects.filter(ballot=open_district, user=citizen).exists():
        Cast.objects.create(
            ballot=open_district, user=citizen, cast_by=citizen, content={"choices": ["d1", "d3"]}
        )
        ctx.count("ballot votes", 1)
    _analyze()
    for ballot in Ballot.objects.filter(slug__in=[CLOSED_BUDGET, RESIDENTS_CLOSED]):
        if ballot.is_closed():
            # A recount when votes were added (a larger scale): the stored result follows.
            if ballot.result is not None and ballot.inputs_hash:
                from middenveld.ballots import counting

                if counting.inputs_hash(counting.ballot_inputs(ballot)) != ballot.inputs_hash:
                    Ballot.objects.filter(pk=ballot.pk).update(result=None)
                    ballot.result = None
            services.ballot_count(ballot=ballot)
