"""The spaces panel of an organisation's 360° view: waiting requests and coming
bookings (space, next date, status), only the organisation's own, at a fixed cost."""

from __future__ import annotations

from datetime import timedelta

import pytest

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.spaces import services
from middenveld.spaces.overview import spaces_overview
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def url(org) -> str:
    return f"/en/beheer/organisations/organisation/{org.organisation.pk}/360/"


def test_the_panel_shows_waiting_requests_and_coming_bookings(client, space, org_a, org_b):
    staff = StaffFactory()
    book(space, org_a, next_weekday(1), purpose="Wacht nog")
    first = next_weekday(2)
    confirmed = book(
        SpaceFactory(name="Feestzaal"),
        org_a,
        first,
        purpose="Wekelijkse repetitie",
        repeat="weekly",
        weekdays=[2],
        until=first + timedelta(weeks=3),
    )
    services.booking_approve(booking=confirmed, by=staff)
    book(SpaceFactory(), org_b, next_weekday(1), purpose="Van een ander")
    client.force_login(staff)

    html = client.get(url(org_a)).content.decode()

    assert "Bookings of city spaces" in html
    assert "Requests waiting for a decision" in html
    assert "Wacht nog" in html
    assert "Wekelijkse repetitie" in html and "Feestzaal" in html
    assert "Confirmed" in html
    assert first.strftime("%d/%m/%Y") in html
    assert "Van een ander" not in html
    assert f"/en/beheer/spaces/aanvragen/{confirmed.pk}/" in html


def test_an_organisation_without_bookings_says_so(client, org_a):
    client.force_login(StaffFactory())
    html = client.get(url(org_a)).content.decode()
    assert "has not booked a city space yet" in html


def test_cancelled_and_past_bookings_are_not_coming(space, org_a):
    booking = book(space, org_a, next_weekday(1))
    services.booking_approve(booking=booking, by=StaffFactory())
    services.booking_cancel(booking=booking, by=org_a.member, reason="Afgelast")
    panel = spaces_overview(org_a.organisation, None)
    assert panel["coming"] == [] and panel["waiting"] == []
    assert panel["total"] == 1


@pytest.mark.parametrize("count", [2, 12])
def test_the_panel_costs_the_same_for_few_or_many(
    space, org_a, django_assert_max_num_queries, count
):
    for index in range(count):
        book(SpaceFactory(), org_a, next_weekday(index % 7))
    with django_assert_max_num_queries(3):
        panel = spaces_overview(org_a.organisation, None)
        rows = [(b.space.building.name, b.next_at) for b in panel["waiting"]]
    assert len(rows) == min(count, 10)
    assert panel["more_waiting"] == (count > 10)
