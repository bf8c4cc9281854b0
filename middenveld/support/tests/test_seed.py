"""The support desk's demo data (support/seed.py): volume, threads, routing as the rules would
do it, due dates from the topics, idempotence, and demo people who see their questions.

Seeding 20,000 questions (and the 2,000 organisations they are asked for) takes a while, so
it happens once for the module, inside a transaction rolled back at the end; each test runs
in its own savepoint.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from middenveld.accounts.models import User
from middenveld.accounts.seed import seed_accounts
from middenveld.city.models import Team
from middenveld.city.seed import seed_city
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.seed import seed_organisations
from middenveld.support import seed
from middenveld.support.models import (
    OPEN_STATUSES,
    Message,
    MessageKind,
    Question,
    RoutingRule,
    Topic,
)
from middenveld.support.routing import CALENDAR, route_for
from middenveld.support.selectors import questions_of, questions_waiting

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "topics": Topic.objects.count(),
        "rules": RoutingRule.objects.count(),
        "questions": Question.objects.count(),
        "messages": Message.objects.count(),
        "events": TimelineEvent.objects.filter(kind__startswith="support.").count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_organisations(ctx)
        seed_city(ctx)
        seed.seed_support(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_scale_one_gives_twenty_thousand_questions_each_with_messages(seeded):
    assert Question.objects.count() >= seed.PER_SCALE
    assert seeded.counts["questions"] == Question.objects.count()
    assert not Question.objects.filter(messages__isnull=True).exists()
    kinds = Counter(Message.objects.values_list("kind", flat=True))
    assert kinds[MessageKind.REPLY] > 10_000
    assert kinds[MessageKind.NOTE] > 1_000
    assert kinds[MessageKind.PHONE] > 500
    assert Message.objects.count() > 2 * Question.objects.count()


def test_a_second_run_adds_nothing(seeded):
    before = _counts()
    ctx = SeedContext(scale=1, write=lambda text: None)
    seed.seed_support(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values())


def test_topics_are_translated_with_a_team_and_response_times(seeded):
    topics = list(Topic.objects.all())
    assert len(topics) >= 10
    for topic in topics:
        assert topic.name_nl and topic.name_en and topic.description_en  # type: ignore[attr-defined]
        assert topic.team_id is not None
        assert 1 <= topic.first_answer_days <= topic.resolution_days <= 20


def test_routing_rules_use_keywords_districts_and_the_fixed_contact_person(seeded):
    rules = RoutingRule.objects.all()
    assert rules.filter(to_contact_person=True, only_organisations=True).exists()
    assert rules.exclude(keywords="").count() >= 4
    assert rules.filter(district__isnull=False, topic__isnull=False).count() >= 10


def test_questions_are_routed_as_the_rules_route_them(seeded):
    # The reason is the rule's name, or the topic's name in Dutch, the site's first language.
    translation.activate("nl")
    sample = (
        Question.objects.exclude(status="merged")
        .exclude(token__in=[seed.question_token(f"demo:{d.key}") for d in seed.DEMO_QUESTIONS])
        .select_related("organisation__contact_person", "topic__team")
        .order_by("pk")[:: max(Question.objects.count() // 300, 1)]
    )
    for question in sample:
        first = question.messages.order_by("created_at", "id").first()
        question._first_text = first.body  # type: ignore[attr-defined]
        route = route_for(question)
        assert (question.team_id, question.routed_by) == (
            route.team.pk if route.team else None,
            route.reason,
        ), question.pk
        if route.assignee is not None:
            assert question.assignee_id == route.assignee.pk


def test_due_dates_follow_the_topic_in_working_days(seeded):
    for question in Question.objects.select_related("topic").order_by("pk")[::500]:
        topic = question.topic
        assert question.first_answer_due == CALENDAR.add_working_days(
            question.created_at, topic.first_answer_days
        )
        assert question.resolution_due == CALENDAR.add_working_days(
            question.created_at, topic.resolution_days
        )
        expected = (
            question.resolution_due if question.first_answered_at else question.first_answer_due
        )
        assert question.due_at == expected


def test_open_questions_are_spread_over_teams_statuses_and_due_dates(seeded):
    now = timezone.now()
    waiting = Question.objects.filter(status__in=OPEN_STATUSES)
    statuses = Counter(waiting.values_list("status", flat=True))
    assert all(statuses[s] > 20 for s in OPEN_STATUSES), statuses
    total = waiting.count()
    late = waiting.filter(due_at__lt=now).count()
    # Due moments fall on working days: "soon" is within the next working day, whatever
    # day of the week the tests run.
    soon = waiting.filter(due_at__gte=now, due_at__lt=CALENDAR.add_working_days(now, 1)).count()
    assert 0.1 * total < late < 0.5 * total
    assert soon > 10
    # The escalation job has seen every open question past its time.
    assert not waiting.filter(due_at__lt=now, escalated_at__isnull=True).exists()
    per_team = waiting.values("team").annotate(n=Count("id"))
    # Every topic's team, and the teams only routing rules send questions to.
    assert len(per_team) > Team.objects.filter(topics__isnull=False).distinct().count()
    assert not waiting.filter(team__isnull=True).exists()
    assert Question.objects.filter(status="closed").count() > 0.8 * Question.objects.count()


def test_questions_are_asked_for_seeded_organisations_with_their_timeline(seeded):
    with_organisation = Question.objects.filter(organisation__isnull=False)
    assert with_organisation.count() > 0.6 * Question.objects.count()
    assert with_organisation.values("organisation").distinct().count() > 1000
    asked = TimelineEvent.objects.filter(kind="support.question_asked").count()
    assert asked == with_organisation.count()


def test_merged_questions_point_to_the_same_askers_earlier_question(seeded):
    merged = Question.objects.filter(status="merged").select_related("merged_into")
    assert merged.count() > 50
    for question in merged[:50]:
        target = question.merged_into
        assert target.status != "merged"
        assert (target.subject, target.asker_email) == (question.subject, question.asker_email)
        assert target.created_at < question.created_at


def test_the_demo_citizen_sees_their_questions_and_the_answer_but_not_the_note(seeded, client):
    citizen = User.objects.get(email="burger@example.org")
    mine = questions_of(citizen)
    subjects = set(mine.values_list("subject", flat=True))
    assert {"Subsidie voor ons zomerkamp", "Ben ik verzekerd als vrijwilliger?"} <= subjects
    assert mine.filter(organisation__slug="vrouwenvereniging-de-zonnebloem").exists()

    client.force_login(citizen)
    page = client.get("/mijn/vragen/")
    assert page.status_code == 200
    assert "Subsidie voor ons zomerkamp" in page.content.decode()
    camp = Question.objects.get(subject="Subsidie voor ons zomerkamp")
    assert camp.status == "waiting" and camp.first_answered_at is not None
    detail = client.get(f"/mijn/vragen/{camp.pk}/").content.decode()
    assert "projectsubsidie aanvragen tot zes weken" in detail
    assert "past." not in detail  # the internal note stays with the city


def test_the_staff_demo_account_has_questions_waiting_including_a_late_one(seeded, client):
    lotte = User.objects.get(email="medewerker@example.org")
    waiting = questions_waiting(person=lotte)
    assert waiting.count() >= 20
    late = waiting.get(subject="Fietslessen op het plein achter het buurthuis")
    assert late.due_at < timezone.now() and late.escalated_at is not None
    assert waiting.filter(channel="phone", asker_name="Hilde Vercruysse").exists()
    teams = lotte.team_memberships.values_list("team_id", flat=True)
    assert questions_waiting(team_ids=tuple(teams)).count() > waiting.count()

    client.force_login(lotte)
    assert client.get("/beheer/support/question/").status_code == 200
    page = client.get(f"/beheer/support/question/{late.pk}/change/")
    assert page.status_code == 200


def test_questions_come_in_several_languages_and_channels(seeded):
    languages = Counter(Question.objects.values_list("language", flat=True))
    channels = Counter(Question.objects.values_list("channel", flat=True))
    assert languages["nl"] > 0.7 * Question.objects.count()
    assert {"en", "fr", "tr", "ar", "bg"} <= set(languages)
    assert {"web", "email", "phone", "desk"} <= set(channels)
    # Someone to answer while open: an e-mail address or a phone number.
    assert not Question.objects.filter(
        Q(status__in=OPEN_STATUSES), asker__isnull=True, asker_email="", asker_phone=""
    ).exists()
