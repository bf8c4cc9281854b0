"""The inbox cache: one scope's answer is kept for INBOX_CACHE_SECONDS, and any save or
delete of a watched row (or ``inbox_changed()``) makes every inbox read afresh."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone, translation

from middenveld.city.inbox import MINE, TEAMS, inbox_changed, inbox_for
from middenveld.city.tests.conftest import make_question
from middenveld.support.models import Question

# Real commits, as in production: each change outside a transaction bumps the version.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cache_on():
    cache.clear()
    with override_settings(INBOX_CACHE_SECONDS=30):
        yield
    cache.clear()


def _titles(inbox):
    return sorted(item.title for item in inbox.items)


def test_a_second_read_comes_from_the_cache_without_the_sources_queries(
    teams, django_assert_max_num_queries
):
    make_question(team=teams.a, subject="waiting")
    first = inbox_for(teams.lead_a, kind=TEAMS)

    # Left: the inbox version; the person's teams and every source come from the cache.
    with django_assert_max_num_queries(1):
        second = inbox_for(teams.lead_a, kind=TEAMS)

    assert _titles(second) == _titles(first)
    assert second.counts == first.counts


def test_a_question_saved_after_a_read_shows_at_once(teams):
    make_question(team=teams.a, subject="first")
    assert len(inbox_for(teams.lead_a, kind=TEAMS).items) == 1

    make_question(team=teams.a, subject="second")

    assert [t.split(" ", 1)[1] for t in _titles(inbox_for(teams.lead_a, kind=TEAMS))] == [
        "first",
        "second",
    ]


def test_a_closed_question_leaves_at_once(teams):
    question = make_question(team=teams.a, subject="to close")
    assert len(inbox_for(teams.lead_a, kind=TEAMS).items) == 1

    question.status = "closed"
    question.closed_at = timezone.now()
    question.save()

    assert inbox_for(teams.lead_a, kind=TEAMS).items == []


def test_a_bulk_change_shows_after_inbox_changed(teams):
    make_question(team=teams.a, subject="bulk")
    assert len(inbox_for(teams.lead_a, kind=TEAMS).items) == 1

    Question.objects.update(
        status="closed", closed_at=timezone.now()
    )  # no signals: the cache does not know yet
    assert len(inbox_for(teams.lead_a, kind=TEAMS).items) == 1

    inbox_changed()
    assert inbox_for(teams.lead_a, kind=TEAMS).items == []


def test_one_persons_cached_inbox_is_never_anothers(teams):
    make_question(team=teams.a, assignee=teams.member_a, subject="for member a")

    assert len(inbox_for(teams.member_a, kind=MINE).items) == 1
    assert inbox_for(teams.member_b, kind=MINE).items == []
    assert inbox_for(teams.lead_a, kind=MINE).items == []


def test_each_set_of_teams_has_its_own_entry(teams):
    make_question(team=teams.a, subject="team a")
    make_question(team=teams.b, subject="team b")

    a = inbox_for(teams.lead_a, kind=TEAMS)
    b = inbox_for(teams.lead_b, kind=TEAMS)

    assert [t.split(" ", 1)[1] for t in _titles(a)] == ["team a"]
    assert [t.split(" ", 1)[1] for t in _titles(b)] == ["team b"]


def test_each_language_has_its_own_entry(teams, make_kept):
    with translation.override("en"):
        english = inbox_for(teams.lead_a, kind=TEAMS)
    with translation.override("nl"):
        dutch = inbox_for(teams.lead_a, kind=TEAMS)

    assert english.items[0].title.startswith("Mail from")
    assert dutch.items[0].title.startswith("Mail van")


def test_the_cache_is_off_with_zero_seconds(teams, django_assert_max_num_queries):
    make_question(team=teams.a, subject="uncached")
    with override_settings(INBOX_CACHE_SECONDS=0):
        inbox_for(teams.lead_a, kind=TEAMS)
        Question.objects.update(status="closed", closed_at=timezone.now())
        assert inbox_for(teams.lead_a, kind=TEAMS).items == []


@pytest.fixture
def make_kept(db):
    from middenveld.city.tests.conftest import make_kept_aside

    return make_kept_aside()


def test_the_version_goes_up_once_per_transaction(teams, django_assert_num_queries):
    from django.db import transaction

    from middenveld.city.inbox import INBOX_VERSION
    from middenveld.core.cache import content_version

    before = content_version(INBOX_VERSION)
    with transaction.atomic():
        question = make_question(team=teams.a, subject="saved three times")
        question.subject = "again"
        question.save()
        question.save()
    assert content_version(INBOX_VERSION) == before + 1


def test_a_rolled_back_savepoint_takes_its_bump_along_and_the_next_change_bumps_again(teams):
    from django.db import transaction

    from middenveld.city.inbox import INBOX_VERSION
    from middenveld.core.cache import content_version

    before = content_version(INBOX_VERSION)
    with transaction.atomic():
        try:
            with transaction.atomic():
                make_question(team=teams.a, subject="rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        assert content_version(INBOX_VERSION) == before
        make_question(team=teams.a, subject="kept")
    assert content_version(INBOX_VERSION) == before + 1


def test_joining_a_team_shows_its_work_at_once(teams, django_assert_max_num_queries):
    from middenveld.support.tests.factories import TeamMemberFactory

    make_question(team=teams.b, subject="for team b")
    assert inbox_for(teams.member_a, kind=TEAMS).items == []
    with django_assert_max_num_queries(1):  # the version only: teams and items are cached
        inbox_for(teams.member_a, kind=TEAMS)

    TeamMemberFactory(team=teams.b, user=teams.member_a)

    assert len(inbox_for(teams.member_a, kind=TEAMS).items) == 1
