"""Demo participation: the process "Prioriteiten basiswerk 2027" running now, the 2021
round "Prioriteiten basiswerk 2022" as it happened, and generated processes at scale.

"Prioriteiten basiswerk 2027" (``prioriteiten-basiswerk-2027``, workstream 1 "Basiswerk
financieel versterken") is in its proposals phase today, then has consultation events, a
vote and the result. Huiswerkklas De Brug and Vrouwenvereniging De Zonnebloem (both with
burger@example.org as member) and a few generated organisations sent proposals; there are
comments and replies, one hidden by the moderator with a reason and a note, and one
reported and waiting in the staff inbox.

"Prioriteiten basiswerk 2022" (``prioriteiten-basiswerk-2022``) is the round of 2021: the
consultation events of 7 and 8 May 2021 and the webinar of 26 June 2021 that explained the
policy lines (``../shared/seed/``). The events themselves come from the events seeder (61),
which links them to these processes by slug.

Per scale unit: ``PROCESSES_PER_SCALE`` generated processes (``demo-inspraak-NNNN``), each
with proposals of verified organisations and comments, written in bulk. A process that
exists is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.core.seeding import SeedContext, seeder
from middenveld.organisations.models import MemberRole, Membership, Organisation, Status
from middenveld.organisations.timeline import timeline_record
from middenveld.participation import timeline as _timeline  # noqa: F401  (declares the kinds)
from middenveld.participation.models import (
    Audience,
    Comment,
    CommentReport,
    Phase,
    Process,
    Proposal,
    ProposalStatus,
)
from middenveld.participation.services import comment_reports_recount
from middenveld.trajectory.models import Workstream

DEMO_SLUG = "prioriteiten-basiswerk-2027"
PAST_SLUG = "prioriteiten-basiswerk-2022"
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
STAFF = "medewerker@example.org"
EXTRA_PEOPLE = ("koen.vermeulen@example.org", "ayse.yilmaz@example.org")
PROCESSES_PER_SCALE = 3
PROPOSALS_PER_PROCESS = 8
COMMENTS_PER_PROCESS = 40

TITLES = (
    "Meer uren voor huiswerkbegeleiding",
    "Een vaste ontmoetingsruimte in de wijk",
    "Tolken bij elke bijeenkomst",
    "Kinderopvang tijdens activiteiten",
    "Vervoer voor mensen met een beperking",
    "Een buurtkeuken die elke week open is",
    "Vorming voor vrijwilligers",
    "Taallessen op zaterdag",
    "Een fietsatelier voor de buurt",
    "Sport in het park voor jongeren",
    "Een spreekuur voor vragen over papieren",
    "Een moestuin bij de school",
)
TEXTS = (
    "Veel gezinnen in onze wijk hebben geen plek om rustig te werken. Met extra middelen kunnen "
    "we twee avonden per week langer open blijven en meer vrijwilligers begeleiden.",
    "Onze leden vinden de weg naar de stad niet altijd. Een vaste plek, dicht bij huis, maakt "
    "het verschil. Meer info: https://stad.gent/nl/middenveld",
    "Niet iedereen spreekt goed Nederlands. Met een tolk kunnen ook zij mee beslissen over "
    "wat er in hun buurt gebeurt.",
    "Ouders, vaak moeders, blijven weg omdat er niemand op de kinderen past. Opvang tijdens "
    "de activiteiten lost dat op.",
)
COMMENTS = (
    "Goed voorstel. Bij ons in de wijk is de nood even groot.",
    "Hoeveel zou dit kosten per jaar? Dan kunnen we beter vergelijken.",
    "Wij willen graag samenwerken. Contacteer ons gerust.",
    "Misschien kan dit samen met het buurtcentrum? Zie https://stad.gent voor de openingsuren.",
    "Belangrijk dat ook kleine feitelijke verenigingen mee kunnen doen.",
    "Eens, maar denk ook aan de toegankelijkheid voor rolstoelgebruikers.",
)
REPLIES = (
    "Dank je. Wij schatten het op ongeveer 12.000 euro per jaar.",
    "Goed idee, we nemen contact op.",
    "Klopt, dat nemen we mee in het voorstel.",
)


def _workstream() -> Workstream | None:
    return (
        Workstream.objects.filter(slug="basiswerk").first()
        or Workstream.objects.filter(number=1).first()
    )


def _phase(process: Process, values: dict[str, Any]) -> None:
    Phase.objects.update_or_create(
        process=process, title_nl=values.pop("title_nl"), defaults=values
    )


def _admin(organisation: Organisation | None) -> User | None:
    if organisation is None:
        return None
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    people = sorted(memberships, key=lambda m: (m.role != MemberRole.ADMIN, m.id))
    return people[0].user if people else None


def _seed_demo(ctx: SeedContext, staff: User | None) -> None:
    today = timezone.localdate()
    process, created = Process.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "title_nl": "Prioriteiten basiswerk 2027",
            "title_en": "Priorities for basic work 2027",
            "summary_nl": "Welke noden gaan voor bij het extra geld voor basiswerk in 2027? "
            "Organisaties doen voorstellen, bespreken ze samen en stemmen.",
            "summary_en": "Which needs come first for the extra money for basic work in 2027? "
            "Organisations make proposals, discuss them together and vote.",
            "description_nl": "De stad wil het basiswerk ook in 2027 financieel versterken. "
            "Organisaties die dicht bij kwetsbare mensen werken, weten het best waar het geld het "
            "meeste verschil maakt.\n\nEerst sturen organisaties voorstellen in. Daarna bespreken "
            "we ze op overlegmomenten, met tolken wie dat vraagt. Tot slot stemt elke erkende "
            "organisatie één keer. De stad legt het resultaat uit in gewone woorden.",
            "description_en": "The city wants to strengthen basic work financially in 2027 "
            "too. Organisations that work close to vulnerable people know best where the money "
            "makes the most difference.\n\nFirst, organisations send proposals. Then we discuss "
            "them at consultation meetings, with interpreters for whoever asks. Finally, each "
            "recognised organisation votes once. The city explains the result in plain words.",
            "workstream": _workstream(),
            "audience": Audience.ORGANISATIONS,
            "published": True,
            "created_by": staff,
            "created_at": timezone.now() - timedelta(days=30),
        },
    )
    if not created:
        return
    phases = [
        {
            "title_nl": "Voorstellen indienen",
            "title_en": "Sending proposals",
            "description_nl": "Organisaties sturen hun voorstellen in. Iedereen kan ze lezen en erop reageren.",
            "description_en": "Organisations send their proposals. Everyone can read them and comment.",
            "question_nl": "Waar zou het extra geld voor basiswerk in 2027 het meeste verschil maken "
            "voor de mensen met wie jullie werken?",
            "question_en": "Where would the extra money for basic work in 2027 make the most "
            "difference for the people you work with?",
            "starts_on": today - timedelta(days=20),
            "ends_on": today + timedelta(days=20),
            "accepts_proposals": True,
        },
        {
            "title_nl": "Overlegmomenten",
            "title_en": "Consultation meetings",
            "description_nl": "We bespreken de voorstellen samen, in twee overlegmomenten en een "
            "online sessie. Vraag een tolk of kinderopvang aan bij je inschrijving.",
            "description_en": "We discuss the proposals together, in two meetings and one online "
            "session. Ask for an interpreter or childcare when you register.",
            "question_nl": "Kom mee praten en schrijf je in voor een overlegmoment.",
            "question_en": "Come and talk with us: register for a meeting.",
            "starts_on": today + timedelta(days=21),
            "ends_on": today + timedelta(days=50),
        },
        {
            "title_nl": "Stemming",
            "title_en": "Vote",
            "description_nl": "Elke erkende organisatie verdeelt het budget over de voorstellen.",
            "description_en": "Each recognised organisation divides the budget over the proposals.",
            "question_nl": "Stem één keer namens je organisatie.",
            "question_en": "Vote once on behalf of your organisation.",
            "starts_on": today + timedelta(days=51),
            "ends_on": today + timedelta(days=65),
        },
        {
            "title_nl": "Resultaat",
            "title_en": "Result",
            "description_nl": "De stad maakt het resultaat bekend en legt uit hoe het tot stand kwam.",
            "description_en": "The city publishes the result and explains how it came about.",
            "starts_on": today + timedelta(days=66),
            "ends_on": today + timedelta(days=90),
        },
    ]
    for values in phases:
        _phase(process, values)

    de_brug = Organisation.objects.filter(slug=DE_BRUG).first()
    zonnebloem = Organisation.objects.filter(slug=ZONNEBLOEM).first()
    others = list(
        Organisation.objects.filter(status=Status.VERIFIED, memberships__role=MemberRole.ADMIN)
        .exclude(slug__in=(DE_BRUG, ZONNEBLOEM))
        .distinct()
        .order_by("id")[:4]
    )
    now = timezone.now()
    specs: list[tuple[Organisation | None, str, str, int, str, str]] = [
        (de_brug, TITLES[0], TEXTS[0], 15, ProposalStatus.SUBMITTED, ""),
        (zonnebloem, TITLES[2], TEXTS[2], 12, ProposalStatus.SUBMITTED, ""),
        (zonnebloem, TITLES[3], TEXTS[3], 11, ProposalStatus.ACCEPTED, ""),
    ]
    for index, organisation in enumerate(others):
        status = ProposalStatus.REJECTED if index == 3 else ProposalStatus.SUBMITTED
        reason = (
            "Dit voorstel valt buiten basiswerk: het gaat over een eenmalig evenement. "
            "Kijk bij de subsidies voor buurtinitiatieven."
            if status == ProposalStatus.REJECTED
            else ""
        )
        specs.append(
            (organisation, TITLES[4 + index], TEXTS[index % len(TEXTS)], 10 - index, status, reason)
        )
    proposals: list[Proposal] = []
    for owner, title, text, days_ago, state, why in specs:
        if owner is None:
            continue
        author = _admin(owner)
        proposal = Proposal.objects.create(
            process=process,
            organisation=owner,
            submitted_by=author,
            title=title,
            text=text,
            status=state,
            decision_reason=why,
            decided_by=staff if state != ProposalStatus.SUBMITTED else None,
            decided_at=now - timedelta(days=2) if state != ProposalStatus.SUBMITTED else None,
            created_at=now - timedelta(days=days_ago),
        )
        timeline_record(
            organisation=owner,
            kind="participation.proposal_submitted",
            actor=author,
            subject=proposal,
            data={"title": title, "process": process.title},
            occurred_at=proposal.created_at,
        )
        proposals.append(proposal)
    ctx.count("proposals", len(proposals))

    citizen = User.objects.filter(email="burger@example.org").first()
    extra = list(User.objects.filter(email__in=EXTRA_PEOPLE).order_by("email"))
    people = [p for p in (citizen, *extra, *(_admin(o) for o in others)) if p is not None]
    if not people or not proposals:
        return
    comments = 0
    first = proposals[0]
    question = Comment.objects.create(
        process=process,
        proposal=first,
        author=people[min(1, len(people) - 1)],
        text=COMMENTS[1],
        created_at=now - timedelta(days=9),
    )
    Comment.objects.create(
        process=process,
        proposal=first,
        parent=question,
        author=_admin(de_brug) or people[0],
        organisation=de_brug,
        text=REPLIES[0],
        created_at=now - timedelta(days=8, hours=20),
    )
    Comment.objects.create(
        process=process,
        proposal=first,
        author=people[0],
        organisation=zonnebloem if citizen is not None and zonnebloem is not None else None,
        text=COMMENTS[2],
        created_at=now - timedelta(days=7),
    )
    hidden = Comment.objects.create(
        process=process,
        proposal=first,
        author=people[-1],
        text="Koop nu goedkope zonnebrillen op www.example.com!!! Beste prijs van Gent.",
        created_at=now - timedelta(days=6),
        hidden_at=now - timedelta(days=5),
        hidden_by=staff,
        hidden_reason="Reclame hoort niet in dit gesprek.",
        moderator_note="Zelfde tekst stond ook op het forum van de jeugddienst. Account in de gaten houden.",
    )
    if citizen is not None:
        CommentReport.objects.get_or_create(
            comment=hidden,
            reporter=citizen,
            defaults={
                "reason": "Reclame",
                "created_at": now - timedelta(days=5, hours=6),
                "handled_at": now - timedelta(days=5),
            },
        )
    reported = Comment.objects.create(
        process=process,
        author=people[min(2, len(people) - 1)],
        text="Dit hele proces is toch al beslist, waarom doen we nog mee? Die ambtenaren luisteren nooit.",
        created_at=now - timedelta(days=2),
    )
    reporter = next(
        (p for p in (citizen, staff, *people) if p and p.pk != reported.author_id), None
    )
    if reporter is not None:
        CommentReport.objects.get_or_create(
            comment=reported,
            reporter=reporter,
            defaults={
                "reason": "Niet respectvol tegenover de medewerkers.",
                "created_at": now - timedelta(days=1),
            },
        )
        comment_reports_recount([reported.pk])
    Comment.objects.create(
        process=process,
        author=people[0],
        text=COMMENTS[4],
        created_at=now - timedelta(days=4),
    )
    for index, proposal in enumerate(proposals[1:], start=1):
        Comment.objects.create(
            process=process,
            proposal=proposal,
            author=people[index % len(people)],
            text=COMMENTS[index % len(COMMENTS)],
            created_at=now - timedelta(days=3, hours=index),
        )
        comments += 1
    ctx.count("comments", comments + 6)


def _seed_past(ctx: SeedContext, staff: User | None) -> None:
    process, created = Process.objects.get_or_create(
        slug=PAST_SLUG,
        defaults={
            "title_nl": "Prioriteiten basiswerk 2022",
            "title_en": "Priorities for basic work 2022",
            "summary_nl": "In mei 2021 bespraken Gentse organisaties hoe de 750.000 euro extra "
            "voor basiswerk verdeeld moest worden. In juni 2021 legde de stad de beleidslijnen uit.",
            "summary_en": "In May 2021 organisations in Ghent discussed how the extra 750,000 "
            "euros for basic work should be divided. In June 2021 the city explained the policy lines.",
            "description_nl": "In totaal voorziet de stad 750.000 euro extra om basiswerk financieel "
            "te versterken. Op 7 en 8 mei 2021 gingen vertegenwoordigers van Gentse "
            "middenveldorganisaties in debat over de prioriteiten bij de verdeling van de extra "
            "middelen. Op zaterdag 26 juni 2021 lichtten schepen Astrid De Bruycker en schepen "
            "Rudy Coddens in een open webinar de beleidslijnen toe.",
            "description_en": "In total the city provides 750,000 euros extra to strengthen basic "
            "work financially. On 7 and 8 May 2021 representatives of civil-society organisations "
            "in Ghent debated the priorities for dividing the extra money. On Saturday 26 June "
            "2021 aldermen Astrid De Bruycker and Rudy Coddens explained the policy lines in an "
            "open webinar.",
            "workstream": _workstream(),
            "audience": Audience.ORGANISATIONS,
            "published": True,
            "created_by": staff,
            "created_at": datetime(2021, 3, 27, 9, 0, tzinfo=UTC),
        },
    )
    if not created:
        return
    phases = [
        {
            "title_nl": "Voorstelling van de zes werven",
            "title_en": "The six workstreams presented",
            "description_nl": "De stad stelde de resultaten van het onderzoek en de zes werven voor.",
            "description_en": "The city presented the results of the research and the six workstreams.",
            "starts_on": date(2021, 3, 27),
            "ends_on": date(2021, 5, 6),
        },
        {
            "title_nl": "Inspraakmomenten",
            "title_en": "Consultation meetings",
            "description_nl": "Vertegenwoordigers van organisaties bespraken de prioriteiten voor "
            "het extra geld voor basiswerk.",
            "description_en": "Representatives of organisations discussed the priorities for the "
            "extra money for basic work.",
            "question_nl": "Wat moet voorgaan bij de verdeling van de extra middelen?",
            "question_en": "What should come first when the extra money is divided?",
            "starts_on": date(2021, 5, 7),
            "ends_on": date(2021, 5, 8),
        },
        {
            "title_nl": "De stad werkt de beleidslijnen uit",
            "title_en": "The city drafts the policy lines",
            "starts_on": date(2021, 5, 9),
            "ends_on": date(2021, 6, 25),
        },
        {
            "title_nl": "Webinar over de beleidslijnen",
            "title_en": "Webinar on the policy lines",
            "description_nl": "Schepen Astrid De Bruycker en schepen Rudy Coddens lichtten de "
            "beleidslijnen toe in een open webinar.",
            "description_en": "Aldermen Astrid De Bruycker and Rudy Coddens explained the policy "
            "lines in an open webinar.",
            "starts_on": date(2021, 6, 26),
            "ends_on": date(2021, 6, 26),
        },
    ]
    for values in phases:
        _phase(process, values)
    ctx.count("participation processes", 1)


def _seed_generated(ctx: SeedContext, staff: User | None) -> None:
    rng = random.Random(6060)
    wanted = PROCESSES_PER_SCALE * ctx.scale
    existing = set(
        Process.objects.filter(slug__startswith="demo-inspraak-").values_list("slug", flat=True)
    )
    todo = [n for n in range(1, wanted + 1) if f"demo-inspraak-{n:04d}" not in existing]
    if not todo:
        return
    candidates = list(
        Membership.objects.filter(role=MemberRole.ADMIN, organisation__status=Status.VERIFIED)
        .order_by("organisation_id")
        .values_list("organisation_id", "user_id")[:2000]
    )
    if not candidates:
        return
    today = timezone.localdate()
    now = timezone.now()
    workstreams = list(Workstream.objects.order_by("number"))
    proposals: list[Proposal] = []
    new_processes: list[Process] = []
    for number in todo:
        # Spread over the past, now and coming: a third finished, a third running, a third coming.
        shift = (number % 3 - 1) * 120 + rng.randint(-20, 20)
        start = today + timedelta(days=shift - 30)
        audience = Audience.RESIDENTS if number % 4 == 0 else Audience.ORGANISATIONS
        title = f"Inspraakronde {number}: " + rng.choice(
            ("wijkbudget", "buurtcentra", "speelpleinen", "ontmoetingsplekken", "jeugdwerk")
        )
        process = Process.objects.create(
            slug=f"demo-inspraak-{number:04d}",
            title_nl=title,
            summary_nl="Een gegenereerde inspraakronde om de pagina's op schaal te tonen.",
            description_nl="Organisaties en bewoners denken mee over de plannen van de stad.",
            workstream=workstreams[number % len(workstreams)] if workstreams else None,
            audience=audience,
            published=number % 10 != 0,
            created_by=staff,
            created_at=now - timedelta(days=max(0, -shift + 40)),
        )
        Phase.objects.bulk_create(
            [
                Phase(
                    process=process,
                    title_nl="Voorstellen",
                    title="Voorstellen",
                    starts_on=start,
                    ends_on=start + timedelta(days=40),
                    accepts_proposals=True,
                ),
                Phase(
                    process=process,
                    title_nl="Bespreking",
                    title="Bespreking",
                    starts_on=start + timedelta(days=41),
                    ends_on=start + timedelta(days=60),
                ),
                Phase(
                    process=process,
                    title_nl="Stemming",
                    title="Stemming",
                    starts_on=start + timedelta(days=61),
                    ends_on=start + timedelta(days=75),
                ),
            ]
        )
        new_processes.append(process)
        picked = rng.sample(candidates, min(PROPOSALS_PER_PROCESS, len(candidates)))
        for index, (organisation_id, user_id) in enumerate(picked):
            status = rng.choice(
                (
                    ProposalStatus.SUBMITTED,
                    ProposalStatus.SUBMITTED,
                    ProposalStatus.ACCEPTED,
                    ProposalStatus.REJECTED,
                )
            )
            proposals.append(
                Proposal(
                    process=process,
                    organisation_id=organisation_id,
                    submitted_by_id=user_id,
                    title=f"{TITLES[(number + index) % len(TITLES)]} ({index + 1})",
                    text=TEXTS[index % len(TEXTS)],
                    status=status,
                    decision_reason="Past niet binnen dit budget."
                    if status == ProposalStatus.REJECTED
                    else "",
                    created_at=now - timedelta(days=rng.randint(1, 200)),
                )
            )
    Proposal.objects.bulk_create(proposals)
    saved = {p.pk: p for p in Proposal.objects.filter(process__in=new_processes)}
    by_process: dict[int, list[Proposal]] = {}
    for proposal in saved.values():
        by_process.setdefault(proposal.process_id, []).append(proposal)
    comments: list[Comment] = []
    for process in new_processes:
        options = by_process.get(process.pk, [])
        for index in range(COMMENTS_PER_PROCESS):
            organisation_id, user_id = candidates[rng.randrange(len(candidates))]
            on = options[index % len(options)] if options and index % 3 else None
            comments.append(
                Comment(
                    process=process,
                    proposal=on,
                    author_id=user_id,
                    organisation_id=organisation_id if index % 2 else None,
                    text=COMMENTS[index % len(COMMENTS)],
                    created_at=now - timedelta(days=rng.randint(1, 200), minutes=index),
                )
            )
    Comment.objects.bulk_create(comments, batch_size=1000)
    ctx.count("participation processes", len(new_processes))
    ctx.count("proposals", len(proposals))
    ctx.count("comments", len(comments))


@seeder(order=60)
def seed_participation(ctx: SeedContext) -> None:
    """Participation processes with phases, proposals and moderated comments."""
    staff = User.objects.filter(email=STAFF, role__in=[Role.STAFF, Role.ADMINISTRATOR]).first()
    _seed_demo(ctx, staff)
    _seed_past(ctx, staff)
    _seed_generated(ctx, staff)
