"""Private calendar feeds: iCalendar with the Europe/Brussels VTIMEZONE and local
TZID times, waiting dates TENTATIVE and cancelled ones CANCELLED, one organisation's
address never shows another's bookings, a new address kills the old one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.spaces import feeds, services, times
from middenveld.spaces.models import CalendarFeed, Occurrence
from middenveld.spaces.tests.conftest import book, next_weekday

pytestmark = pytest.mark.django_db

MINE = "/en/mijn/boekingen/agenda/"


def _address(feed: CalendarFeed) -> str:
    return f"/ruimtes/agenda/{feed.token}.ics"


def _get(client, feed: CalendarFeed) -> str:
    response = client.get(_address(feed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


def _events(body: str) -> list[str]:
    return re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT", body, flags=re.S)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _next_change_of_hour() -> date:
    """The next change of hour at least three weeks away."""
    soonest = timezone.localdate() + timedelta(weeks=3)
    for year in (soonest.year, soonest.year + 1):
        for month in (3, 10):
            change = _last_sunday(year, month)
            if change >= soonest:
                return change
    raise AssertionError("unreachable")


def test_the_feed_is_icalendar_with_the_brussels_timezone(client, space, org_a):
    day = next_weekday(1)
    book(space, org_a, day, "19:00", "21:00", purpose="Buurtvergadering")
    feed = feeds.feed_for_organisation(org_a.organisation)

    body = _get(client, feed)

    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels" in body
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in body
    assert f"DTSTART;TZID=Europe/Brussels:{day:%Y%m%d}T190000" in body
    assert f"DTEND;TZID=Europe/Brussels:{day:%Y%m%d}T210000" in body
    assert "SUMMARY:Buurtvergadering – Vergaderzaal" in body
    assert "STATUS:TENTATIVE" in body
    assert "X-WR-CALNAME:Buurtwerk Rabot" in body


def test_the_feed_is_never_kept_by_a_shared_cache(client, space, org_a):
    feed = feeds.feed_for_organisation(org_a.organisation)
    response = client.get(_address(feed))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert client.head(_address(feed)).status_code == 200
    assert client.post(_address(feed)).status_code == 405


def test_a_weekly_series_stays_at_1900_across_the_change_of_hour(client, space, org_a):
    space.max_days_ahead = 400
    space.save()
    change = _next_change_of_hour()
    first = change - timedelta(days=change.weekday() - 1 + 7)  # a Tuesday, 1-2 weeks before
    booking = book(
        space,
        org_a,
        first,
        repeat="weekly",
        weekdays=[1],
        until=change + timedelta(weeks=2),
    )
    assert len({times.to_local(o.starts_at).utcoffset() for o in booking.occurrences.all()}) == 2

    body = _get(client, feeds.feed_for_organisation(org_a.organisation))

    starts = re.findall(r"DTSTART;TZID=Europe/Brussels:(\d{8})T(\d{6})", body)
    assert len(starts) == booking.occurrences.count() >= 3
    assert {clock for _day, clock in starts} == {"190000"}
    assert [day for day, _clock in starts] == sorted(day for day, _clock in starts)


def test_confirmed_cancelled_and_denied_dates(client, space, org_a):
    staff = StaffFactory()
    first = next_weekday(3)
    series = book(
        space,
        org_a,
        first,
        purpose="Koor",
        repeat="weekly",
        weekdays=[3],
        until=first + timedelta(weeks=2),
    )
    services.booking_approve(booking=series, by=staff)
    dates = list(series.occurrences.order_by("starts_at"))
    services.booking_cancel(
        booking=series, by=org_a.member, reason="Vakantie", scope="one", occurrence=dates[1]
    )
    denied = book(space, org_a, next_weekday(5), purpose="Geweigerd")
    services.booking_deny(booking=denied, by=staff, reason="Vol")

    events = _events(_get(client, feeds.feed_for_organisation(org_a.organisation)))

    statuses = [re.search(r"STATUS:(\w+)", event).group(1) for event in events]  # type: ignore[union-attr]
    assert statuses == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert f"UID:booking-{dates[1].pk}@" in events[1]
    assert not any("Geweigerd" in event for event in events)


def test_the_window_is_30_days_back_to_400_days_ahead(client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    occurrence = booking.occurrences.get()
    feed = feeds.feed_for_organisation(org_a.organisation)
    for shift, shown in ((-29, True), (-31, False), (399, True), (401, False)):
        start = timezone.now() + timedelta(days=shift)
        Occurrence.objects.filter(pk=occurrence.pk).update(
            starts_at=start, ends_at=start + timedelta(hours=2)
        )
        assert (f"booking-{occurrence.pk}@" in _get(client, feed)) is shown, shift


def test_the_address_of_organisation_a_never_shows_the_bookings_of_b(client, space, org_a, org_b):
    book(space, org_a, next_weekday(1), purpose="Van A")
    book(space, org_b, next_weekday(2), purpose="Van B")

    body_a = _get(client, feeds.feed_for_organisation(org_a.organisation))
    body_b = _get(client, feeds.feed_for_organisation(org_b.organisation))

    assert "Van A" in body_a and "Van B" not in body_a
    assert "Van B" in body_b and "Van A" not in body_b


def test_the_space_feed_shows_every_booking_that_takes_the_space(client, hall, org_a, org_b):
    book(hall.whole, org_a, next_weekday(1), purpose="Hele zaal")
    book(hall.left, org_b, next_weekday(2), purpose="Links")
    book(hall.right, org_b, next_weekday(3), purpose="Rechts")

    body = _get(client, feeds.feed_for_space(hall.left))

    assert "Buurtwerk Rabot: Hele zaal" in body
    assert "Vriendenkring Ledeberg: Links" in body
    assert "Rechts" not in body


@pytest.mark.parametrize(
    "token",
    ["onbekend-maar-lang-genoeg-123", "kort", "%3Cscript%3E", "a" * 200, "..%2F..%2Fetc"],
)
def test_an_unknown_or_malformed_address_is_a_404(client, org_a, token):
    feeds.feed_for_organisation(org_a.organisation)
    assert client.get(f"/ruimtes/agenda/{token}.ics").status_code == 404


def test_a_feed_is_made_once(org_a):
    first = feeds.feed_for_organisation(org_a.organisation)
    assert feeds.feed_for_organisation(org_a.organisation).pk == first.pk
    assert CalendarFeed.objects.count() == 1


# --- My calendar feeds ----------------------------------------------------------------------


def test_my_feeds_needs_a_sign_in(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_a_member_sees_the_address_of_each_organisation_but_no_button(client, org_a, org_b):
    from middenveld.organisations.models import Membership

    Membership.objects.create(organisation=org_b.organisation, user=org_a.member, role="member")
    client.force_login(org_a.member)

    html = client.get(MINE).content.decode()

    for org in (org_a, org_b):
        feed = CalendarFeed.objects.get(organisation=org.organisation)
        assert f"/ruimtes/agenda/{feed.token}.ics" in html
    assert "Make a new address" not in html


def test_an_admin_makes_a_new_address_and_the_old_one_stops_working(client, space, org_a):
    book(space, org_a, next_weekday(1))
    old = feeds.feed_for_organisation(org_a.organisation)
    old_address = _address(old)
    client.force_login(org_a.admin)
    assert "Make a new address for Buurtwerk Rabot" in client.get(MINE).content.decode()

    response = client.post(MINE, {"organisation": org_a.organisation.pk}, follow=True)

    assert response.redirect_chain == [(MINE, 302)]
    assert "The old address no longer works" in response.content.decode()
    new = CalendarFeed.objects.get(organisation=org_a.organisation)
    assert new.token != old.token
    assert _address(new) in response.content.decode()
    assert client.get(old_address).status_code == 404
    assert "Buurtvergadering" in _get(client, new)


@pytest.mark.parametrize("who, status", [("member", 403), ("other_admin", 404)])
def test_only_an_admin_of_the_organisation_makes_a_new_address(client, org_a, org_b, who, status):
    feed = feeds.feed_for_organisation(org_a.organisation)
    client.force_login(org_a.member if who == "member" else org_b.admin)
    response = client.post(MINE, {"organisation": org_a.organisation.pk})
    assert response.status_code == status
    assert CalendarFeed.objects.get(pk=feed.pk).token == feed.token


@pytest.mark.parametrize("value", ["", "abc", "999999", "1 OR 1=1"])
def test_nonsense_for_a_new_address_is_a_404(client, org_a, value):
    feed = feeds.feed_for_organisation(org_a.organisation)
    client.force_login(org_a.admin)
    assert client.post(MINE, {"organisation": value}).status_code == 404
    assert CalendarFeed.objects.get(pk=feed.pk).token == feed.token


def test_the_service_refuses_a_member():
    from middenveld.core.errors import Forbidden
    from middenveld.organisations.tests.factories import MembershipFactory

    membership = MembershipFactory(role="member")
    with pytest.raises(Forbidden):
        feeds.feed_regenerate(organisation=membership.organisation, by=membership.user)


@pytest.mark.parametrize("count", [1, 8])
def test_my_feeds_costs_the_same_for_one_or_many(client, django_assert_max_num_queries, count):
    from middenveld.accounts.tests.factories import UserFactory
    from middenveld.organisations.tests.factories import MembershipFactory

    person = UserFactory()
    for _ in range(count):
        MembershipFactory(user=person, role="admin")
    client.force_login(person)
    with django_assert_max_num_queries(8):
        assert client.get(MINE).status_code == 200
