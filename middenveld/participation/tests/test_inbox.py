"""Reported comments wait in the staff inbox until a moderator hides or keeps them."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.city.inbox import inbox_for
from middenveld.participation import services
from middenveld.participation.tests.factories import CommentFactory, CommentReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SOURCE = "participation.reported_comments"


def _items(user, kind="teams"):
    inbox = inbox_for(user, kind=kind, source=SOURCE)
    count = {s.key: n for s, n in inbox.counts}.get(SOURCE)
    return [i for i in inbox.items if i.source == SOURCE], count


def test_a_reported_comment_waits_once_however_many_reports(process, org_a):
    comment = CommentFactory(process=process, organisation=org_a.organisation)
    CommentReportFactory(comment=comment)
    CommentReportFactory(comment=comment)
    CommentFactory(process=process)  # not reported
    staff = StaffFactory()
    items, count = _items(staff)
    assert count == 1
    assert len(items) == 1
    assert items[0].url.endswith(f"/participation/comment/{comment.pk}/modereren/")
    assert items[0].organisation == org_a.organisation.name
    assert items[0].due is not None
    assert _items(staff, "mine") == ([], 0)


def test_hiding_or_keeping_empties_the_inbox(process):
    hidden = CommentFactory(process=process)
    kept = CommentFactory(process=process)
    CommentReportFactory(comment=hidden)
    CommentReportFactory(comment=kept)
    staff = StaffFactory()
    assert _items(staff)[1] == 2
    services.comment_hide(comment=hidden, by=staff, reason="Reclame")
    services.comment_keep(comment=kept, by=staff)
    assert _items(staff)[1] == 0


def test_people_who_may_not_moderate_do_not_see_the_source(process):
    CommentReportFactory(comment=CommentFactory(process=process))
    citizen = UserFactory()
    from middenveld.core import rules

    assert not rules.check("participation.moderate", citizen)
