"""Notifications, the digest choice and team memberships in the export; gone after erasure."""

from __future__ import annotations

import pytest

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.city.models import Notification, NotificationSetting, TeamMember
from middenveld.city.services import digest_set, notify

pytestmark = pytest.mark.django_db


def test_the_export_holds_my_notifications_and_teams(teams):
    notify(recipient=teams.member_a, kind="t", sentence="For member a")
    digest_set(user=teams.member_a, daily_digest=False)

    data = user_export(teams.member_a)["notifications"]

    assert data["daily_digest"] is False
    assert [n["text"] for n in data["notifications"]] == ["For member a"]
    assert data["teams"] == [{"team": str(teams.a), "team_lead": False}]


def test_erasing_an_account_removes_notifications_settings_and_memberships(teams):
    notify(recipient=teams.member_a, kind="t", sentence="For member a")
    digest_set(user=teams.member_a, daily_digest=False)
    notify(recipient=teams.lead_a, kind="t", sentence="For the lead")

    user_erase(teams.member_a)

    assert not Notification.objects.filter(recipient=teams.member_a).exists()
    assert not NotificationSetting.objects.filter(user=teams.member_a).exists()
    assert not TeamMember.objects.filter(user=teams.member_a).exists()
    assert Notification.objects.filter(recipient=teams.lead_a).count() == 1
