"""Demo parliament (seed.py): a second run adds nothing; burger@example.org is a delegate who
can vote in today's open vote; every closed vote recounts the same; advice with answers,
overdue ones and one not yet due."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.utils import timezone

from middenveld.accounts.models import User
from middenveld.accounts.seed import seed_accounts
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations.seed import seed_organisations
from middenveld.parliament import seed, services
from middenveld.parliament.models import (
    Advice,
    Attendance,
    Body,
    BodyKind,
    Mandate,
    MandatePerson,
    MandateRole,
    Motion,
    Officer,
    OfficerRole,
    Seat,
    SecretChoice,
    SecretTurn,
    Session,
    SessionStatus,
    Signal,
    SignalGroup,
    Term,
    Vote,
    VoteCast,
    VoteStatus,
)

pytestmark = pytest.mark.django_db
MODELS = (
    Body, Term, Seat, Mandate, MandatePerson, Officer, Session, Attendance, Motion, Vote,
    VoteCast, SecretTurn, SecretChoice, Advice, Signal, SignalGroup, User,
)  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_organisations(ctx)
        seed.seed_parliament(ctx)
        yield ctx
        transaction.set_rollback(True)


def _open_vote() -> Vote:
    return Vote.objects.get(status=VoteStatus.OPEN, item__session__body__slug=seed.PARLIAMENT)


def test_a_second_run_adds_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_parliament(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())


def test_the_parliament_has_its_bodies_periods_and_thirty_seats(seeded):
    body = Body.objects.get(slug=seed.PARLIAMENT)
    assert body.kind == BodyKind.PARLIAMENT and body.name == "Middenveldparlement"
    assert (body.quorum_percent, body.convocation_days, body.advice_answer_days) == (50, 10, 60)
    assert Body.objects.filter(kind=BodyKind.TABLE).count() == 2
    assert Body.objects.filter(kind=BodyKind.WORKING_GROUP).count() == 1
    term = body.current_term()
    assert term is not None and term.seats.count() == seed.seats_per_term(1)
    assert set(term.seats.values_list("kind", flat=True)) >= {"theme", "district", "size", "lot"}
    assert Mandate.objects.filter(seat__term=term).count() == seed.seats_per_term(1)
    # One seat per organisation per period.
    orgs = list(Mandate.objects.filter(seat__term=term).values_list("organisation_id", flat=True))
    assert len(orgs) == len(set(orgs))
    assert body.terms.count() == 2
    officers = {(o.user.email, o.role) for o in Officer.objects.filter(body=body)}
    assert ("medewerker@example.org", OfficerRole.SECRETARY) in officers
    assert (seed.CHAIR[0], OfficerRole.CHAIR) in officers


def test_burger_is_the_delegate_of_de_brug_and_can_vote_in_the_open_vote(seeded):
    burger = User.objects.get(email=seed.CITIZEN)
    body = Body.objects.get(slug=seed.PARLIAMENT)
    roles = {(m.organisation.slug, role) for m, role in services.mandates_of(burger, body)}
    assert (seed.DE_BRUG, MandateRole.DELEGATE) in roles

    vote = _open_vote()
    session = vote.item.session
    assert session.status == SessionStatus.OPEN
    assert session.starts_at.date() <= timezone.now().date() <= session.ends_at.date()
    assert vote.motion is not None and vote.motion.kind == "advice"
    assert Attendance.objects.get(session=session, user=burger).as_substitute is False
    assert not VoteCast.objects.filter(vote=vote, user=burger).exists()
    assert services.quorum(session).met

    before = vote.casts.count()
    outcome = services.vote_cast(vote=vote, by=burger, choice="yes")
    assert outcome.choice == "yes" and vote.casts.count() == before + 1


def test_a_planned_session_in_three_weeks(seeded):
    planned = Session.objects.get(body__slug=seed.PARLIAMENT, status=SessionStatus.PLANNED)
    days = (planned.starts_at - timezone.now()).days
    assert 19 <= days <= 24
    assert planned.items.exists()
    assert planned not in services.sessions_to_convene()


def test_every_closed_vote_recounts_the_same(seeded):
    closed = list(
        Vote.objects.filter(status=VoteStatus.CLOSED).select_related("item__session__body")
    )
    assert len(closed) >= 10
    assert any(v.secret for v in closed) and any(not v.secret for v in closed)
    for vote in closed:
        assert services.vote_recount(vote).same, vote.pk
        if vote.secret:
            assert not vote.casts.exists()
            assert vote.turns.count() == vote.secret_choices.count()


def test_history_has_minutes_and_advice_answered_waiting_and_overdue(seeded):
    today = timezone.localdate()
    assert Session.objects.filter(minutes_status="approved").exists()
    advice = list(Advice.objects.all())
    assert advice and all(re.fullmatch(r"A\d{4}-\d{3}", a.number) for a in advice)
    answered = [a for a in advice if a.answer != Advice.Answer.WAITING]
    assert answered and all(a.answer_reasons and a.answered_on for a in answered)
    overdue = Advice.objects.filter(services.advice_overdue_filter(today))
    assert overdue.exists() and all(a.days_overdue(today) > 0 for a in overdue)
    assert Advice.objects.filter(answer=Advice.Answer.WAITING, answer_due__gte=today).exists()


def test_signals_over_three_years_some_tagged_and_grouped(seeded):
    signals = Signal.objects.all()
    assert signals.count() == seed.SIGNALS_PER_SCALE
    assert len(set(signals.values_list("theme", flat=True))) >= 5
    assert signals.filter(group__isnull=False).exists()
    assert signals.filter(tags__isnull=False).exists()
    assert all(g.summary for g in SignalGroup.objects.all())
