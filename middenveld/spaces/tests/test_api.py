"""Spaces in the API: the catalogue with its filters, one space, availability, planning and
requesting bookings (forged fields, races), the bookings of one's organisations, cancelling,
and the staff's decisions; each with its bad input and who may do it."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.organisations.tests.factories import DistrictFactory
from middenveld.spaces import services, times
from middenveld.spaces.models import Booking, BookingStatus, Occupancy, Occurrence
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import (
    BuildingFactory,
    ClosureFactory,
    FacilityFactory,
    OpeningHoursFactory,
    SpaceFactory,
    TariffFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
EN = {"Accept-Language": "en"}


def get(client, path, params=None, **headers):
    return client.get(f"{API}{path}", params or {}, headers={**EN, **headers})


def post(client, path, body, **headers):
    return client.post(
        f"{API}{path}", body, content_type="application/json", headers={**EN, **headers}
    )


def request_body(space, org, **extra):
    return {
        "space": space.pk,
        "organisation": org.organisation.pk,
        "purpose": "Buurtvergadering",
        "attendees": 20,
        "first_day": next_weekday(1).isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        **extra,
    }


def fields_of(response):
    return error_of(response).get("details", {}).get("fields", {})


def _fingerprint():
    return (
        list(Booking.objects.order_by("pk").values_list("pk", "status")),
        list(Occurrence.objects.order_by("pk").values_list("pk", "status")),
        list(Occupancy.objects.order_by("pk").values_list("pk", "active")),
    )


# --- the catalogue ------------------------------------------------------------------------


def test_the_list_has_the_bookable_spaces_of_published_buildings_only(client, space):
    SpaceFactory(building=BuildingFactory(published=False), name="Verborgen")
    SpaceFactory(bookable=False, name="Berging")
    response = get(client, "/spaces")
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [space.pk]
    row = body["results"][0]
    assert row["building"]["slug"] == space.building.slug
    assert row["capacity"] == 40
    assert row["url"].endswith(space.get_absolute_url())


def test_the_list_filters_by_wijk_capacity_and_facility(client):
    rabot = DistrictFactory(slug="rabot", name="Rabot")
    kitchen = FacilityFactory(code="keuken", name="Keuken")
    beamer = FacilityFactory(code="beamer", name="Beamer")
    big = SpaceFactory(building=BuildingFactory(district=rabot), capacity=80)
    big.facilities.set([kitchen, beamer])
    small = SpaceFactory(building=BuildingFactory(district=rabot), capacity=10)
    small.facilities.set([kitchen])
    elsewhere = SpaceFactory(capacity=200)
    elsewhere.facilities.set([kitchen, beamer])

    def ids(params):
        response = get(client, "/spaces", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids({"district": "rabot"}) == {big.pk, small.pk}
    assert ids({"capacity": 50}) == {big.pk, elsewhere.pk}
    assert ids({"facility": ["keuken", "beamer"]}) == {big.pk, elsewhere.pk}
    assert ids({"district": "rabot", "facility": "keuken", "capacity": 50}) == {big.pk}


def test_free_on_a_date_leaves_out_the_spaces_taken_then(client, space, org_a):
    other = SpaceFactory()
    day = next_weekday(2)
    book(space, org_a, day, "19:00", "21:00")
    params = {"date": day.isoformat(), "from": "20:00", "to": "22:00"}
    response = get(client, "/spaces", params)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [other.pk]
    params = {"date": day.isoformat(), "from": "21:00", "to": "22:00"}
    found = {row["id"] for row in get(client, "/spaces", params).json()["results"]}
    assert found == {space.pk, other.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "veel"}, "capacity"),
        ({"district": "nergens"}, "district"),
        ({"facility": "zwembad"}, "facility"),
        ({"date": "2030-01-08"}, "from"),
        ({"date": "morgen", "from": "19:00", "to": "21:00"}, "date"),
        ({"date": "9999-12-31", "from": "19:00", "to": "21:00"}, "date"),
        ({"date": "2030-01-08", "from": "25:00", "to": "21:00"}, "from"),
        ({"date": "2030-01-08", "from": "19:00:30", "to": "21:00"}, "from"),
        ({"date": "2030-01-08", "from": "21:00", "to": "19:00"}, "to"),
        ({"date": "2030-03-31", "from": "02:30", "to": "04:00"}, "from"),
        ({"limit": "0"}, "limit"),
    ],
)
def test_bad_list_filters_are_a_422_that_names_the_field(client, space, params, field):
    response = get(client, "/spaces", params)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)


def test_the_list_keeps_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for number in range(12):
        SpaceFactory(building=BuildingFactory(district=DistrictFactory())).facilities.set(
            [FacilityFactory(code=f"f{number}")]
        )
    with django_assert_max_num_queries(8):
        response = get(client, "/spaces")
    assert response.json()["count"] == 12


# --- one space ----------------------------------------------------------------------------


def test_a_space_shows_its_building_rules_tariffs_parts_and_who_may_book(client, hall):
    building = hall.whole.building
    OpeningHoursFactory(building=building, weekday=0)
    hall.whole.facilities.set([FacilityFactory(code="podium", name="Podium")])
    TariffFactory(
        space=hall.whole,
        category="free",
        hourly_rate=Decimal("0.00"),
        order=0,
        applies_to={"recognitions": ["basiswerk"]},
    )
    TariffFactory(space=hall.whole, category="standard", hourly_rate=Decimal("25.00"), order=1)
    hall.whole.buffer_after_minutes = 30
    hall.whole.save()

    response = get(client, f"/spaces/{hall.whole.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["building"]["address"] == building.address
    assert body["building"]["accessibility"].startswith("Drempelvrije ingang")
    assert body["building"]["opening_hours"][0]["day"] == "Monday"
    assert body["building"]["contact"]["email"] == "ruimtes@example.org"
    assert [f["code"] for f in body["facilities"]] == ["podium"]
    assert {p["id"] for p in body["parts"]} == {hall.left.pk, hall.right.pk}
    assert body["rules"]["buffer_after_minutes"] == 30
    assert body["rules"]["max_dates_per_request"] == services.SERIES_MAX_OCCURRENCES
    assert [t["category"] for t in body["tariffs"]] == ["free", "standard"]
    assert body["tariffs"][1]["hourly_rate"] == "25.00"
    assert "A valid recognition: basiswerk." in body["tariffs"][0]["for_whom"]
    assert body["requirement"] == ["The organisation is verified by the city."]
    part = get(client, f"/spaces/{hall.left.pk}").json()
    assert part["parent"] == hall.whole.pk


def test_a_space_of_an_unpublished_building_is_a_404_except_for_staff(client):
    hidden = SpaceFactory(building=BuildingFactory(published=False))
    assert get(client, f"/spaces/{hidden.pk}").status_code == 404
    assert get(client, "/spaces/999999").status_code == 404
    client.force_login(StaffFactory())
    assert get(client, f"/spaces/{hidden.pk}").status_code == 200


# --- availability -------------------------------------------------------------------------


def test_availability_says_what_is_taken_and_free_but_not_by_whom(client, space, org_a):
    OpeningHoursFactory(building=space.building, weekday=1)
    day = next_weekday(1)
    book(space, org_a, day, "19:00", "21:00", purpose="Geheime repetitie")
    ClosureFactory(
        space=space,
        starts_at=times.local(day + timedelta(days=7), time(8)),
        ends_at=times.local(day + timedelta(days=7), time(23)),
    )
    response = get(
        client,
        f"/spaces/{space.pk}/availability",
        {"from": day.isoformat(), "to": (day + timedelta(days=7)).isoformat()},
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["days"]) == 8
    first = body["days"][0]
    assert [i["kind"] for i in first["taken"]] == ["requested"]
    assert first["taken"][0]["starts_at"].startswith(f"{day.isoformat()}T19:00")
    assert [[i["starts_at"][11:16], i["ends_at"][11:16]] for i in first["free"]] == [
        ["08:00", "19:00"],
        ["21:00", "23:00"],
    ]
    assert body["days"][-1]["taken"][0]["kind"] == "closed"
    assert body["days"][-1]["taken"][0]["label"] == "Onderhoud"
    text = response.content.decode()
    assert org_a.organisation.name not in text
    assert "Geheime repetitie" not in text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "from"),
        ({"from": "2030-01-01"}, "to"),
        ({"from": "gisteren", "to": "2030-01-02"}, "from"),
        ({"from": "2030-02-30", "to": "2030-03-02"}, "from"),
        ({"from": "2030-01-10", "to": "2030-01-01"}, "to"),
        ({"from": "2030-01-01", "to": "2030-03-04"}, "to"),
        ({"from": "9999-12-01", "to": "9999-12-31"}, "from"),
    ],
)
def test_bad_availability_periods_are_a_422_with_a_message(client, space, params, field):
    response = get(client, f"/spaces/{space.pk}/availability", params)
    assert response.status_code == 422, response.content
    assert field in fields_of(response)


def test_availability_is_at_most_62_days_and_says_so(client, space):
    first = date(2030, 1, 1)
    ok = get(
        client,
        f"/spaces/{space.pk}/availability",
        {"from": first.isoformat(), "to": (first + timedelta(days=61)).isoformat()},
    )
    assert ok.status_code == 200 and len(ok.json()["days"]) == 62
    response = get(
        client,
        f"/spaces/{space.pk}/availability",
        {"from": first.isoformat(), "to": (first + timedelta(days=62)).isoformat()},
    )
    error = error_of(response)
    assert response.status_code == 422
    assert error["code"] == "period_too_long"
    assert "at most 62 days" in error["message"]


def test_availability_of_a_missing_or_hidden_space_is_a_404(client):
    hidden = SpaceFactory(building=BuildingFactory(published=False))
    params = {"from": "2030-01-01", "to": "2030-01-02"}
    assert get(client, f"/spaces/{hidden.pk}/availability", params).status_code == 404
    assert get(client, "/spaces/999999/availability", params).status_code == 404


# --- planning -----------------------------------------------------------------------------


def test_a_plan_lists_every_date_with_its_problems_and_saves_nothing(client, space, org_a, org_b):
    TariffFactory(space=space, hourly_rate=Decimal("20.00"))
    first = next_weekday(3)
    book(space, org_b, first + timedelta(weeks=1))
    before = _fingerprint()
    client.force_login(org_a.member)
    response = post(
        client,
        "/spaces/bookings/plan",
        request_body(
            space,
            org_a,
            first_day=first.isoformat(),
            repeat="weekly",
            weekdays=[3],
            until=(first + timedelta(weeks=2)).isoformat(),
        ),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["refused"]) == (2, 1)
    assert body["total_price"] == "80.00"
    refused = [slot for slot in body["slots"] if not slot["ok"]]
    assert "Already booked from 19:00 to 21:00" in refused[0]["conflicts"][0]
    assert _fingerprint() == before


def test_planning_needs_a_signed_in_member_of_the_organisation(client, space, org_a, org_b):
    body = request_body(space, org_a)
    assert post(client, "/spaces/bookings/plan", body).status_code == 401
    client.force_login(org_b.member)
    response = post(client, "/spaces/bookings/plan", body)
    assert response.status_code == 403
    assert "organisation" in fields_of(response)


# --- requesting ---------------------------------------------------------------------------


def test_a_member_requests_a_booking_and_sees_its_dates(client, space, org_a, mailbox):
    TariffFactory(space=space, hourly_rate=Decimal("20.00"))
    client.force_login(org_a.member)
    response = post(client, "/spaces/bookings", request_body(space, org_a))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested"
    assert body["total_price"] == "40.00"
    assert body["organisation"]["id"] == org_a.organisation.pk
    assert len(body["dates"]) == 1 and body["dates"][0]["status"] == "requested"
    assert Booking.objects.get().requested_by == org_a.member
    assert len(mailbox) == 1


def test_a_personal_token_books_too(client, space, org_a):
    _token, plain = api_token_create(user=org_a.admin, name="test")
    response = post(client, "/spaces/bookings", request_body(space, org_a), **bearer(plain))
    assert response.status_code == 201


def test_a_weekly_series_is_a_booking_with_repeat_weekly(client, space, org_a, org_b):
    first = next_weekday(3)
    book(space, org_b, first + timedelta(weeks=1))
    client.force_login(org_a.member)
    series = request_body(
        space,
        org_a,
        first_day=first.isoformat(),
        repeat="weekly",
        weekdays=[3],
        until=(first + timedelta(weeks=3)).isoformat(),
    )
    refused = post(client, "/spaces/bookings", series)
    assert refused.status_code == 422
    assert error_of(refused)["code"] == "dates_refused"
    assert len(error_of(refused)["details"]["slots"]) == 1
    response = post(
        client, "/spaces/bookings", {**series, "skip_refused": True, "expected_count": 3}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["repeat"] == "weekly"
    assert len(body["dates"]) == 3
    assert (first + timedelta(weeks=1)).isoformat() in body["exceptions"]


@pytest.mark.parametrize(
    "forged",
    [
        {"status": "confirmed"},
        {"total_price": "0.00"},
        {"hourly_rate": "0"},
        {"tariff_category": "free"},
        {"requested_by": 1},
        {"status": "confirmed", "total_price": "0"},
    ],
)
def test_forged_prices_and_statuses_are_refused_and_nothing_is_saved(client, space, org_a, forged):
    TariffFactory(space=space, hourly_rate=Decimal("20.00"))
    client.force_login(org_a.member)
    for path in ("/spaces/bookings", "/spaces/bookings/plan"):
        response = post(client, path, {**request_body(space, org_a), **forged})
        assert response.status_code == 422, response.content
        error = error_of(response)
        assert error["code"] == "unknown_fields"
        assert set(error["details"]["fields"]) == set(forged)
        assert all(name in error["message"] for name in forged)
    assert not Booking.objects.exists()


def test_a_member_of_a_cannot_book_for_b(client, space, org_a, org_b):
    client.force_login(org_a.member)
    response = post(client, "/spaces/bookings", request_body(space, org_b))
    assert response.status_code == 403
    assert "organisation" in fields_of(response)
    missing = post(
        client, "/spaces/bookings", {**request_body(space, org_a), "organisation": 999999}
    )
    assert missing.status_code == 403
    assert not Booking.objects.exists()


def test_staff_book_for_an_organisation_but_not_for_one_that_does_not_exist(client, space, org_a):
    client.force_login(StaffFactory())
    missing = post(
        client, "/spaces/bookings", {**request_body(space, org_a), "organisation": 999999}
    )
    assert missing.status_code == 422
    assert "organisation" in fields_of(missing)
    assert post(client, "/spaces/bookings", request_body(space, org_a)).status_code == 201


def test_an_unknown_or_hidden_space_is_a_422_on_the_space_field(client, space, org_a):
    hidden = SpaceFactory(building=BuildingFactory(published=False))
    client.force_login(org_a.member)
    for space_id in (999999, hidden.pk):
        response = post(
            client, "/spaces/bookings", {**request_body(space, org_a), "space": space_id}
        )
        assert response.status_code == 422
        assert "space" in fields_of(response)
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_time": "21:00", "end_time": "19:00"}, "end_time"),
        ({"start_time": "19:00", "end_time": "19:00"}, "end_time"),
        ({"first_day": "9999-12-31"}, "first_day"),
        ({"first_day": "31/12/2030"}, "first_day"),
        ({"start_time": "7 uur"}, "start_time"),
        ({"attendees": "veel"}, "attendees"),
        ({"attendees": 0}, "attendees"),
        ({"attendees": 5000}, "attendees"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "x" * 201}, "purpose"),
        ({"repeat": "daily"}, "repeat"),
        ({"repeat": "weekly"}, "until"),
        ({"repeat": "weekly", "until": "2019-01-01"}, "until"),
        ({"repeat": "weekly", "weekdays": [0, 1, 2, 3, 4, 5, 6], "until": "2099-01-01"}, "until"),
        ({"repeat": "weekly", "weekdays": [9], "until": "2099-01-01"}, "weekdays"),
        ({"fold": 3}, "fold"),
    ],
)
def test_bad_requests_get_a_clear_error_and_save_nothing(client, space, org_a, change, field):
    space.max_series_weeks = 10_000
    space.save()
    client.force_login(org_a.member)
    response = post(client, "/spaces/bookings", {**request_body(space, org_a), **change})
    assert response.status_code == 422, response.content
    assert field in fields_of(response), fields_of(response)
    assert not Booking.objects.exists()
    assert not Occupancy.objects.exists()


def test_a_body_that_is_not_json_is_refused(client, space, org_a):
    client.force_login(org_a.member)
    response = client.post(
        f"{API}/spaces/bookings", "{not json", content_type="application/json", headers=EN
    )
    assert response.status_code in (400, 422)
    error_of(response)
    assert not Booking.objects.exists()


def test_a_time_taken_in_the_meantime_is_a_409_just_taken(client, space, org_a, monkeypatch):
    client.force_login(org_a.member)

    def lost_the_race(*args, **kwargs):
        raise IntegrityError(
            'conflicting key value violates exclusion constraint "spaces_occupancy_no_overlap"'
        )

    monkeypatch.setattr(services, "_save", lost_the_race)
    response = post(client, "/spaces/bookings", request_body(space, org_a))
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "just_taken"
    assert "just taken" in error["message"]
    assert not Booking.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_on_postgresql_the_exclusion_constraint_turns_a_lost_race_into_a_409(
    client, space, org_a, org_b, monkeypatch
):
    day = next_weekday(1)
    book(space, org_b, day)
    # The plan does not see the other booking, as if it came in after the check.
    monkeypatch.setattr(services, "_mark_conflicts", lambda *args, **kwargs: None)
    client.force_login(org_a.member)
    response = post(
        client, "/spaces/bookings", request_body(space, org_a, first_day=day.isoformat())
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "just_taken"
    assert Booking.objects.count() == 1


def test_a_plan_that_changed_since_the_person_looked_is_a_409(client, space, org_a, org_b):
    first = next_weekday(3)
    series = request_body(
        space,
        org_a,
        first_day=first.isoformat(),
        repeat="weekly",
        weekdays=[3],
        until=(first + timedelta(weeks=2)).isoformat(),
        skip_refused=True,
        expected_count=3,
    )
    book(space, org_b, first + timedelta(weeks=2))
    client.force_login(org_a.member)
    response = post(client, "/spaces/bookings", series)
    assert response.status_code == 409
    assert error_of(response)["code"] == "plan_changed"
    assert Booking.objects.count() == 1


# --- the bookings of my organisations -----------------------------------------------------


@pytest.fixture
def bookings(space, org_a, org_b):
    a = book(space, org_a, next_weekday(1))
    b = book(space, org_b, next_weekday(2))
    return a, b


def test_members_list_their_organisations_bookings_and_staff_list_all(client, bookings, space):
    a, b = bookings
    client.force_login(UserFactory())
    assert get(client, "/spaces/bookings").json()["results"] == []
    client.force_login(a.organisation.memberships.first().user)
    body = get(client, "/spaces/bookings").json()
    assert [row["id"] for row in body["results"]] == [a.pk]
    client.force_login(StaffFactory())
    assert {row["id"] for row in get(client, "/spaces/bookings").json()["results"]} == {
        a.pk,
        b.pk,
    }
    filtered = get(client, "/spaces/bookings", {"organisation": b.organisation_id})
    assert [row["id"] for row in filtered.json()["results"]] == [b.pk]
    assert get(client, "/spaces/bookings", {"status": "confirmed"}).json()["count"] == 0
    assert get(client, "/spaces/bookings", {"space": space.pk}).json()["count"] == 2


def test_the_bookings_list_keeps_a_constant_number_of_queries(
    client, space, org_a, django_assert_max_num_queries
):
    for weeks in range(2, 12):
        book(space, org_a, next_weekday(1, weeks=weeks))
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(10):
        assert get(client, "/spaces/bookings").json()["count"] == 10
    client.force_login(org_a.member)
    with django_assert_max_num_queries(10):
        assert get(client, "/spaces/bookings").json()["count"] == 10


@pytest.mark.parametrize("params", [{"status": "paid"}, {"space": "x"}, {"organisation": "y"}])
def test_bad_booking_filters_are_a_422(client, bookings, params):
    client.force_login(StaffFactory())
    assert get(client, "/spaces/bookings", params).status_code == 422


def test_the_bookings_need_a_signed_in_caller(client, bookings):
    a, _b = bookings
    assert get(client, "/spaces/bookings").status_code == 401
    assert get(client, f"/spaces/bookings/{a.pk}").status_code == 401


def test_another_organisations_booking_looks_like_a_missing_one(client, bookings, org_b):
    a, _b = bookings
    client.force_login(org_b.admin)
    other = get(client, f"/spaces/bookings/{a.pk}")
    missing = get(client, "/spaces/bookings/999999")
    assert other.status_code == missing.status_code == 404
    assert error_of(other) == error_of(missing)


def test_a_member_sees_a_booking_with_its_dates(client, bookings, org_a):
    a, _b = bookings
    client.force_login(org_a.member)
    body = get(client, f"/spaces/bookings/{a.pk}").json()
    assert body["id"] == a.pk
    assert body["start_time"] == "19:00"
    assert [d["status"] for d in body["dates"]] == ["requested"]


# --- cancelling ---------------------------------------------------------------------------


@pytest.fixture
def series(space, org_a):
    first = next_weekday(2)
    return book(
        space, org_a, first, repeat="weekly", weekdays=[2], until=first + timedelta(weeks=3)
    )


def test_a_member_cancels_one_date_of_a_series(client, series, org_a, mailbox):
    dates = list(series.occurrences.order_by("starts_at"))
    client.force_login(org_a.member)
    mailbox.clear()
    response = post(
        client,
        f"/spaces/bookings/{series.pk}/cancel",
        {"reason": "Ziekte", "scope": "one", "occurrence": dates[1].pk},
    )
    assert response.status_code == 200, response.content
    statuses = [d["status"] for d in response.json()["dates"]]
    assert statuses == ["requested", "cancelled", "requested", "requested"]
    assert len(mailbox) == 1


def test_cancelling_this_and_the_following_dates(client, series, org_a):
    dates = list(series.occurrences.order_by("starts_at"))
    client.force_login(org_a.admin)
    response = post(
        client,
        f"/spaces/bookings/{series.pk}/cancel",
        {"reason": "Zaal te klein", "scope": "following", "occurrence": dates[2].pk},
    )
    assert [d["status"] for d in response.json()["dates"]] == [
        "requested",
        "requested",
        "cancelled",
        "cancelled",
    ]


def test_a_member_of_b_cancelling_a_booking_of_a_gets_a_404_and_nothing_changes(
    client, series, org_b
):
    before = _fingerprint()
    client.force_login(org_b.member)
    for scope in ("all", "one"):
        response = post(
            client,
            f"/spaces/bookings/{series.pk}/cancel",
            {"reason": "Weg ermee", "scope": scope, "occurrence": series.occurrences.first().pk},
        )
        assert response.status_code == 404
    assert _fingerprint() == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"scope": "all"}, 422, "reason"),
        ({"reason": "   ", "scope": "all"}, 422, "reason"),
        ({"reason": "Ziekte", "scope": "some"}, 422, "scope"),
        ({"reason": "Ziekte", "scope": "one"}, 422, "occurrence"),
        ({"reason": "Ziekte", "scope": "one", "occurrence": 999999}, 422, "occurrence"),
        ({"reason": "Ziekte", "scope": "all", "status": "cancelled"}, 422, "status"),
    ],
)
def test_bad_cancellations_get_a_clear_error_and_change_nothing(
    client, series, org_a, body, status, field
):
    before = _fingerprint()
    client.force_login(org_a.member)
    response = post(client, f"/spaces/bookings/{series.pk}/cancel", body)
    assert response.status_code == status, response.content
    assert field in fields_of(response)
    assert _fingerprint() == before


def test_a_date_of_another_booking_cannot_be_cancelled_through_this_one(
    client, series, space, org_a
):
    other = book(space, org_a, next_weekday(4))
    before = _fingerprint()
    client.force_login(org_a.member)
    response = post(
        client,
        f"/spaces/bookings/{series.pk}/cancel",
        {"reason": "Ziekte", "scope": "one", "occurrence": other.occurrences.get().pk},
    )
    assert response.status_code == 422
    assert _fingerprint() == before


def test_cancelling_twice_is_a_409(client, series, org_a):
    client.force_login(org_a.member)
    assert (
        post(client, f"/spaces/bookings/{series.pk}/cancel", {"reason": "Ziekte"}).status_code
        == 200
    )
    again = post(client, f"/spaces/bookings/{series.pk}/cancel", {"reason": "Ziekte"})
    assert again.status_code == 409
    assert error_of(again)["code"] == "nothing_to_cancel"


# --- staff decisions ----------------------------------------------------------------------


def test_staff_approve_a_request_once(client, bookings):
    a, _b = bookings
    client.force_login(StaffFactory())
    response = post(client, f"/spaces/bookings/{a.pk}/approve", {})
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert [d["status"] for d in response.json()["dates"]] == ["confirmed"]
    again = post(client, f"/spaces/bookings/{a.pk}/approve", {"reason": "Nogmaals"})
    assert again.status_code == 409
    assert error_of(again)["code"] == "not_waiting"


def test_staff_deny_with_a_reason_only(client, bookings):
    a, _b = bookings
    client.force_login(StaffFactory())
    response = post(client, f"/spaces/bookings/{a.pk}/deny", {"reason": ""})
    assert response.status_code == 422
    assert "reason" in fields_of(response)
    assert Booking.objects.get(pk=a.pk).status == BookingStatus.REQUESTED
    response = post(client, f"/spaces/bookings/{a.pk}/deny", {"reason": "Zaal in renovatie"})
    assert response.status_code == 200
    assert response.json()["status"] == "denied"
    assert response.json()["decision_reason"] == "Zaal in renovatie"
    assert not Occupancy.objects.filter(occurrence__booking=a, active=True).exists()


def test_members_cannot_decide_and_others_do_not_even_see_the_request(
    client, bookings, org_a, org_b
):
    a, _b = bookings
    before = _fingerprint()
    client.force_login(org_a.admin)
    assert post(client, f"/spaces/bookings/{a.pk}/approve", {}).status_code == 403
    assert post(client, f"/spaces/bookings/{a.pk}/deny", {"reason": "Nee"}).status_code == 403
    client.force_login(org_b.admin)
    assert post(client, f"/spaces/bookings/{a.pk}/approve", {}).status_code == 404
    client.logout()
    assert post(client, f"/spaces/bookings/{a.pk}/approve", {}).status_code == 401
    assert _fingerprint() == before


def test_a_forged_field_on_a_decision_is_refused(client, bookings):
    a, _b = bookings
    client.force_login(StaffFactory())
    response = post(client, f"/spaces/bookings/{a.pk}/approve", {"total_price": "0"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "unknown_fields"
    assert Booking.objects.get(pk=a.pk).status == BookingStatus.REQUESTED
