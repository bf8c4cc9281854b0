"""Booking requests in the staff inbox: the teams that manage the building see them,
soonest first date first; nothing under "for me"; everything for team leads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.city.inbox import EVERYTHING, MINE, TEAMS, inbox_for
from middenveld.spaces import services
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import BuildingFactory, SpaceFactory
from middenveld.support.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

SOURCE = "spaces.requests"


class Teams:
    def __init__(self) -> None:
        lead_a = TeamMemberFactory(is_lead=True, team__name="Team Zalen A")
        self.a = lead_a.team
        self.lead_a = lead_a.user
        self.member_a = TeamMemberFactory(team=self.a).user
        self.b = TeamMemberFactory(team__name="Team Zalen B").team
        self.member_b = TeamMemberFactory(team=self.b).user
        self.space_a = SpaceFactory(
            building=BuildingFactory(name="Buurthuis A", team=self.a), name="Zaal A"
        )
        self.space_b = SpaceFactory(
            building=BuildingFactory(name="Buurthuis B", team=self.b), name="Zaal B"
        )


@pytest.fixture
def teams(db) -> Teams:
    return Teams()


def _ours(inbox):
    return [item for item in inbox.items if item.source == SOURCE]


def _count(inbox):
    return {source.key: count for source, count in inbox.counts}.get(SOURCE)


def test_the_team_that_manages_the_building_sees_the_request(teams, org_a, org_b):
    book(teams.space_a, org_a, next_weekday(1), purpose="Koor")
    book(teams.space_b, org_b, next_weekday(1), purpose="Dans")

    inbox = inbox_for(teams.member_a, kind=TEAMS)

    items = _ours(inbox)
    assert [item.organisation for item in items] == ["Buurtwerk Rabot"]
    assert "Zaal A" in items[0].title and "Buurthuis A" in items[0].title
    assert "Koor" in items[0].title
    assert items[0].url.endswith(f"/beheer/spaces/aanvragen/{teams.space_a.bookings.get().pk}/")
    assert _count(inbox) == 1
    assert [i.organisation for i in _ours(inbox_for(teams.member_b, kind=TEAMS))] == [
        "Vriendenkring Ledeberg"
    ]


def test_for_me_holds_nothing_and_everything_holds_all(teams, org_a, org_b):
    book(teams.space_a, org_a, next_weekday(1))
    book(teams.space_b, org_b, next_weekday(1))
    book(SpaceFactory(), org_b, next_weekday(2))  # a building without a team

    assert _ours(inbox_for(teams.member_a, kind=MINE)) == []
    assert _count(inbox_for(teams.member_a, kind=MINE)) == 0
    everything = inbox_for(teams.lead_a, kind=EVERYTHING)
    assert len(_ours(everything)) == 3
    assert _count(everything) == 3


def test_the_soonest_first_date_comes_first_and_is_the_due_time(teams, org_a, org_b):
    later = book(teams.space_a, org_a, next_weekday(1, weeks=5), purpose="Later")
    sooner = book(teams.space_a, org_b, next_weekday(1, weeks=2), purpose="Eerder")

    items = _ours(inbox_for(teams.member_a, kind=TEAMS))

    assert [item.title.rsplit(": ", 1)[1] for item in items] == ["Eerder", "Later"]
    assert items[0].due == sooner.occurrences.get().starts_at
    assert items[1].due == later.occurrences.get().starts_at
    assert items[0].since == sooner.created_at


def test_decided_requests_leave_the_inbox(teams, org_a):
    booking = book(teams.space_a, org_a, next_weekday(1))
    assert _count(inbox_for(teams.member_a, kind=TEAMS)) == 1
    services.booking_approve(booking=booking, by=teams.member_a)
    assert _count(inbox_for(teams.member_a, kind=TEAMS)) == 0


def test_the_source_is_hidden_from_people_who_may_not_decide(org_a):
    assert SOURCE not in [source.key for source, _n in inbox_for(org_a.admin, kind=MINE).counts]


def test_the_inbox_page_and_the_api_show_the_request(client, teams, org_a):
    first = next_weekday(3)
    book(
        teams.space_a,
        org_a,
        first,
        purpose="Repetitie",
        repeat="weekly",
        weekdays=[3],
        until=first + timedelta(weeks=2),
    )
    client.force_login(teams.member_a)

    html = client.get("/en/beheer/inbox/?scope=teams").content.decode()
    assert "Booking requests" in html
    assert "Repetitie" in html and "Buurtwerk Rabot" in html
    assert "/en/beheer/spaces/aanvragen/" in html
    assert "Repetitie" not in client.get("/en/beheer/inbox/?scope=mine").content.decode()

    response = client.get("/api/v1/inbox?scope=teams")
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert any("Repetitie" in title for title in titles)

    client.force_login(StaffFactory())  # staff in no team: nothing under "for my teams"
    response = client.get("/api/v1/inbox?scope=teams")
    assert not any("Repetitie" in item["title"] for item in response.json()["items"])
