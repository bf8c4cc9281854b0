"""Demo coaching: requests waiting in the staff inbox, open and closed trajectories.

"Huiswerkklas De Brug" (burger@example.org is its admin) has an open trajectory with
medewerker@example.org as coach, goals and sessions, so the demo shows it on
/mijn/organisaties/huiswerkklas-de-brug/coaching/ and in the 360° view; "Vrouwenvereniging
De Zonnebloem" had a request declined (its page shows the reason and the form to ask
again). On top of that, per scale unit, a few generated organisations have a request or a
trajectory. Rows are written directly (no e-mails); an organisation that already has any
coaching is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from middenveld.accounts.models import Role, User
from middenveld.coaching import timeline as _timeline  # noqa: F401  (declares the event kinds)
from middenveld.coaching.models import (
    CoachingRequest,
    Goal,
    GoalStatus,
    Note,
    RequestStatus,
    Session,
    Theme,
    Trajectory,
    TrajectoryStatus,
)
from middenveld.coaching.services import ANSWER_WORKING_DAYS, CALENDAR
from middenveld.core.seeding import SeedContext, seeder
from middenveld.organisations.models import Language, MemberRole, Organisation, Status
from middenveld.organisations.timeline import timeline_record

COACHES = ("medewerker@example.org", "beheerder@example.org")
DE_BRUG = "huiswerkklas-de-brug"
ZONNEBLOEM = "vrouwenvereniging-de-zonnebloem"
# Generated organisations with coaching, per scale unit: waiting, declined, open, closed.
PER_SCALE = {"waiting": 6, "declined": 2, "open": 6, "closed": 6}

QUESTIONS = {
    Theme.STARTING: "We zijn een groep buren en willen iets opstarten. Waar beginnen we?",
    Theme.LEGAL: "Moeten we een vzw worden? Wat verandert er dan voor ons?",
    Theme.FINANCES: "We willen een subsidie aanvragen maar weten niet hoe een begroting werkt.",
    Theme.VOLUNTEERS: "Onze vrijwilligers haken af. Hoe houden we ze betrokken?",
    Theme.COMMUNICATION: "Hoe bereiken we meer mensen uit de wijk met onze activiteiten?",
    Theme.ROOM: "We zoeken een vaste ruimte voor onze wekelijkse bijeenkomst.",
    Theme.OTHER: "We hebben een vraag over samenwerken met een school in de buurt.",
}
GOALS = (
    "Een begroting voor volgend jaar opmaken",
    "Statuten schrijven en neerleggen",
    "Een subsidieaanvraag indienen",
    "Drie nieuwe vrijwilligers vinden",
    "Een vaste ruimte vinden",
    "Een eenvoudige website maken",
)
SESSION_TEXTS = (
    "Kennismaking en de vragen van de groep overlopen.",
    "Samen de begroting doorgenomen en een planning gemaakt.",
    "Het model van statuten besproken; de groep werkt het uit.",
    "Voorbereiding van de subsidieaanvraag, de timing afgesproken.",
)


def _request(
    organisation: Organisation,
    *,
    asked_by: Any,
    themes: list[str],
    days_ago: float,
    language: Language | None,
    availability: str = "",
) -> CoachingRequest:
    created_at = timezone.now() - timedelta(days=days_ago)
    request = CoachingRequest.objects.create(
        organisation=organisation,
        asked_by=asked_by,
        themes=themes,
        text=" ".join(QUESTIONS[Theme(code)] for code in themes),
        language=language,
        availability=availability,
        created_at=created_at,
        due_at=CALENDAR.add_working_days(created_at, ANSWER_WORKING_DAYS),
    )
    timeline_record(
        organisation=organisation,
        kind="coaching.requested",
        actor=asked_by,
        subject=request,
        occurred_at=created_at,
    )
    return request


def _decline(request: CoachingRequest, *, by: Any, after_days: int) -> None:
    request.status = RequestStatus.DECLINED
    request.decided_at = request.created_at + timedelta(days=after_days)
    request.decided_by = by
    request.decline_reason = (
        "Voor deze vraag helpt het ondernemersloket u sneller verder. "
        "Wij hebben uw vraag aan hen doorgegeven."
    )
    request.save()
    timeline_record(
        organisation=request.organisation,
        kind="coaching.declined",
        actor=by,
        subject=request,
        occurred_at=request.decided_at,
        data={"reason": request.decline_reason},
    )


def _trajectory(
    request: CoachingRequest,
    *,
    coach: User,
    after_days: int,
    goals: list[tuple[str, str]],
    sessions: int,
    close_after_days: int | None = None,
) -> Trajectory:
    organisation = request.organisation
    started_at = request.created_at + timedelta(days=after_days)
    request.status = RequestStatus.ACCEPTED
    request.decided_at = started_at
    request.decided_by = coach
    request.save()
    trajectory = Trajectory.objects.create(
        organisation=organisation,
        request=request,
        coach=coach,
        started_at=started_at,
        created_by=coach,
    )
    facts = {"coach": coach.get_full_name(), "coach_id": coach.pk}
    timeline_record(
        organisation=organisation,
        kind="coaching.accepted",
        actor=coach,
        subject=trajectory,
        occurred_at=started_at,
        data=facts,
    )
    for order, (text, status) in enumerate(goals, start=1):
        goal = Goal.objects.create(trajectory=trajectory, text=text, status=status, order=order)
        timeline_record(
            organisation=organisation,
            kind="coaching.goal_added",
            actor=coach,
            subject=goal,
            occurred_at=started_at + timedelta(days=1),
            data={"goal": text},
        )
    today = timezone.localdate()
    for number in range(sessions):
        day = min(timezone.localdate(started_at) + timedelta(days=7 + 14 * number), today)
        session = Session.objects.create(
            trajectory=trajectory,
            date=day,
            minutes=(60, 90, 45, 120)[number % 4],
            summary=SESSION_TEXTS[number % len(SESSION_TEXTS)],
            internal_note="Groep is gemotiveerd; voorzitter is het aanspreekpunt."
            if number == 0
            else "",
            recorded_by=coach,
        )
        timeline_record(
            organisation=organisation,
            kind="coaching.session",
            actor=coach,
            subject=session,
            occurred_at=min(started_at + timedelta(days=7 + 14 * number, hours=2), timezone.now()),
            data={"day": day.strftime("%d/%m/%Y"), "minutes": session.minutes},
        )
    if close_after_days is not None:
        trajectory.status = TrajectoryStatus.CLOSED
        trajectory.closed_at = started_at + timedelta(days=close_after_days)
        trajectory.summary = (
            "De groep heeft haar doelen grotendeels bereikt en kan zelfstandig verder. "
            "Bij nieuwe vragen kan ze opnieuw coaching vragen."
        )
        trajectory.save()
        timeline_record(
            organisation=organisation,
            kind="coaching.closed",
            actor=coach,
            subject=trajectory,
            occurred_at=trajectory.closed_at,
        )
    return trajectory


def _has_coaching(organisation: Organisation) -> bool:
    return (
        CoachingRequest.objects.filter(organisation=organisation).exists()
        or Trajectory.objects.filter(organisation=organisation).exists()
    )


def _admin_of(organisation: Organisation) -> User | None:
    membership = (
        organisation.memberships.filter(role=MemberRole.ADMIN).select_related("user").first()
    )
    return membership.user if membership else None


def _seed_demo(ctx: SeedContext, coaches: list[User], languages: dict[str, Language]) -> None:
    de_brug = Organisation.objects.filter(slug=DE_BRUG).first()
    if de_brug is not None and not _has_coaching(de_brug):
        request = _request(
            de_brug,
            asked_by=_admin_of(de_brug),
            themes=[Theme.FINANCES, Theme.VOLUNTEERS],
            days_ago=60,
            language=languages.get("nl"),
            availability="Maandag en donderdag na 18 uur.",
        )
        trajectory = _trajectory(
            request,
            coach=coaches[0],
            after_days=3,
            goals=[
                ("Een begroting voor volgend jaar opmaken", GoalStatus.REACHED),
                ("Een subsidieaanvraag indienen", GoalStatus.OPEN),
                ("Drie nieuwe vrijwilligers vinden", GoalStatus.OPEN),
            ],
            sessions=3,
        )
        Note.objects.create(
            trajectory=trajectory,
            author=coaches[0],
            text="Het sjabloon voor de begroting staat in de gedeelde map.",
            internal=False,
            created_at=trajectory.started_at + timedelta(days=8),
        )
        Note.objects.create(
            trajectory=trajectory,
            author=coaches[0],
            text="Doorverwijzen naar de dienst Jeugd voor de subsidie.",
            internal=True,
            created_at=trajectory.started_at + timedelta(days=22),
        )
        ctx.count("coaching trajectories", 1)
    zonnebloem = Organisation.objects.filter(slug=ZONNEBLOEM).first()
    if zonnebloem is not None and not _has_coaching(zonnebloem):
        # Declined, so its page shows the reason and the form to ask again (burger@example.org
        # is a member: the accessibility run checks that form).
        request = _request(
            zonnebloem,
            asked_by=_admin_of(zonnebloem),
            themes=[Theme.ROOM],
            days_ago=40,
            language=languages.get("tr"),
            availability="Woensdagnamiddag.",
        )
        _decline(request, by=coaches[0], after_days=3)
        ctx.count("coaching requests", 1)


def _seed_generated(ctx: SeedContext, coaches: list[User], languages: dict[str, Language]) -> None:
    rng = random.Random(4747)  # our own: the same organisations on every run
    wanted = {kind: n * ctx.scale for kind, n in PER_SCALE.items()}
    total = sum(wanted.values())
    candidates = list(
        Organisation.objects.filter(status=Status.VERIFIED)
        .exclude(slug__in=(DE_BRUG, ZONNEBLOEM))
        .order_by("id")
        .values_list("id", flat=True)[: total * 20]
    )
    if not candidates:
        return
    picked = rng.sample(candidates, min(total, len(candidates)))
    kinds = [kind for kind, n in wanted.items() for _ in range(n)]
    busy = set(
        CoachingRequest.objects.filter(organisation_id__in=picked).values_list(
            "organisation_id", flat=True
        )
    ) | set(
        Trajectory.objects.filter(organisation_id__in=picked).values_list(
            "organisation_id", flat=True
        )
    )
    organisations = Organisation.objects.in_bulk(picked)
    admins = {m.organisation_id: m.user for m in _memberships(picked)}
    codes = [c for c in ("nl", "nl", "nl", "fr", "tr", "ar", "bg", "en") if c in languages]
    for organisation_id, kind in zip(picked, kinds, strict=False):
        themes = rng.sample(Theme.values, rng.choice((1, 1, 2)))
        language = languages.get(rng.choice(codes)) if codes else None
        coach = coaches[rng.randrange(len(coaches))]
        if organisation_id in busy:
            continue
        organisation = organisations[organisation_id]
        asker = admins.get(organisation_id)
        if kind == "waiting":
            _request(
                organisation,
                asked_by=asker,
                themes=themes,
                days_ago=rng.uniform(0.2, 12),
                language=language,
            )
            ctx.count("coaching requests", 1)
            continue
        request = _request(
            organisation,
            asked_by=asker,
            themes=themes,
            days_ago=rng.uniform(90, 400) if kind == "closed" else rng.uniform(20, 120),
            language=language,
        )
        if kind == "declined":
            _decline(request, by=coach, after_days=2)
            ctx.count("coaching requests", 1)
            continue
        goals = [
            (text, GoalStatus.REACHED if kind == "closed" else rng.choice(GoalStatus.values))
            for text in rng.sample(GOALS, 2)
        ]
        _trajectory(
            request,
            coach=coach,
            after_days=rng.randint(1, 6),
            goals=goals,
            sessions=rng.randint(1, 3),
            close_after_days=rng.randint(45, 70) if kind == "closed" else None,
        )
        ctx.count("coaching trajectories", 1)


def _memberships(organisation_ids: list[int]) -> Any:
    from middenveld.organisations.models import Membership

    return Membership.objects.filter(
        organisation_id__in=organisation_ids, role=MemberRole.ADMIN
    ).select_related("user")


@seeder(order=47)
def seed_coaching(ctx: SeedContext) -> None:
    """Coaching requests and trajectories on the seeded organisations."""
    found = {u.email: u for u in User.objects.filter(email__in=COACHES)}
    staff_roles = (Role.STAFF, Role.ADMINISTRATOR)
    coaches = [found[e] for e in COACHES if e in found and found[e].role in staff_roles]
    if not coaches:
        coaches = list(User.objects.filter(role__in=[Role.STAFF, Role.ADMINISTRATOR])[:2])
    if not coaches:
        return
    languages = {lang.code: lang for lang in Language.objects.all()}
    _seed_demo(ctx, coaches, languages)
    _seed_generated(ctx, coaches, languages)
