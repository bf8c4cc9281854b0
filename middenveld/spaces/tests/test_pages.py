"""The pages of spaces: the catalogue and its filters, a building, a space with its rules
and availability, booking in two steps, my bookings, one booking with cancelling and
its .ics. Bad input gets a message next to the field, never a 500."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.errors import Conflict, Forbidden
from middenveld.organisations.models import MemberRole, Status
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    RecognitionTypeFactory,
)
from middenveld.spaces import services, times
from middenveld.spaces.models import (
    Booking,
    BookingStatus,
    BuildingPhoto,
    Occurrence,
)
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import (
    ClosureFactory,
    FacilityFactory,
    OpeningHoursFactory,
    SpaceFactory,
    TariffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _today() -> date:
    return times.local_day(timezone.now())


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _next_last_sunday(month: int) -> date:
    today = _today()
    for year in (today.year, today.year + 1):
        day = _last_sunday(year, month)
        if day > today:
            return day
    raise AssertionError  # pragma: no cover


def _html(response) -> str:
    return response.content.decode()


def _text(response) -> str:
    """The page as text, without tags and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _html(response)))


def _book_url(space) -> str:
    return f"/en/ruimtes/{space.building.slug}/{space.slug}/boeken/"


def _form(org, day: date, **extra) -> dict:
    data = {
        "organisation": str(org.organisation.pk),
        "purpose": "Buurtvergadering",
        "attendees": "20",
        "first_day": day.isoformat(),
        "start_time": "19:00",
        "end_time": "21:00",
        "repeat": "once",
        "step": "plan",
    }
    data.update(extra)
    return data


# --- The catalogue ------------------------------------------------------------------------


def test_the_catalogue_shows_each_space_with_building_district_capacity_facilities_and_parent(
    client, hall
):
    district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    hall.whole.building.district = district
    hall.whole.building.save()
    kitchen = FacilityFactory(code="keuken", name="Keuken")
    hall.whole.facilities.add(kitchen)

    response = client.get("/en/ruimtes/")

    assert response.status_code == 200
    text = _text(response)
    assert "3 spaces found" in text
    assert "Grote zaal links" in text and "Part of Grote zaal" in text
    assert "Wijkcentrum Brugse Poort" in text and "District Brugse Poort" in text
    assert "For at most 120 people" in text and "Keuken" in text
    assert f'href="/en/ruimtes/{hall.whole.building.slug}/grote-zaal/"' in _html(response)


def test_the_catalogue_filters_by_district_capacity_and_facility(client, hall, space):
    DistrictFactory(slug="ledeberg", name="Ledeberg")
    hall.whole.building.district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    hall.whole.building.save()
    projector = FacilityFactory(code="projector", name="Projector")
    space.facilities.add(projector)

    text = _text(client.get("/en/ruimtes/?wijk=brugse-poort"))
    assert "3 spaces found" in text and "Vergaderzaal" not in text

    text = _text(client.get("/en/ruimtes/?personen=100"))
    assert "1 space found" in text and "Grote zaal" in text

    text = _text(client.get("/en/ruimtes/?voorziening=projector"))
    assert "1 space found" in text and "Vergaderzaal" in text


def test_free_on_a_date_leaves_out_a_space_that_is_booked_then(client, space, org_a):
    other = SpaceFactory(name="Keukenzaal", slug="keukenzaal")
    day = next_weekday(1)
    book(space, org_a, day, "19:00", "21:00")

    response = client.get(f"/en/ruimtes/?datum={day.isoformat()}&van=20:00&tot=22:00")

    text = _text(response)
    assert response.status_code == 200
    assert "1 space is free on" in text
    assert other.name in text and "Vergaderzaal" not in text
    # Back to back is free.
    text = _text(client.get(f"/en/ruimtes/?datum={day.isoformat()}&van=21:00&tot=22:00"))
    assert "2 spaces are free" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("personen=dertig", "Fill in a whole number, for example 30."),
        ("personen=0", "Fill in a number of at least 1."),
        ("datum=2026-13-45&van=19:00&tot=21:00", "Fill in a valid date (day/month/year)."),
        ("datum=9999-01-01&van=19:00&tot=21:00", "Choose a day from today until"),
        ("datum=2001-01-01&van=19:00&tot=21:00", "This day is in the past."),
        ("datum={day}&van=21:00&tot=19:00", "The end must come after the start"),
        ("datum={day}&van=19:00&tot=19:00", "The end must come after the start"),
        ("datum={day}&van=25:00&tot=26:00", "Fill in a valid time, for example 19:30."),
        ("datum={day}", "Fill in from what time the space must be free."),
        ("van=19:00&tot=21:00", "Choose a day as well"),
        ("wijk=nergens", "This district does not exist."),
        ("voorziening=zwembad", "This facility does not exist."),
        ("datum={march}&van=02:30&tot=04:00", "This time does not exist on that day."),
    ],
)
def test_bad_catalogue_filters_get_a_message_next_to_the_field_and_a_200(
    client, space, query, message
):
    query = query.format(day=next_weekday(2).isoformat(), march=_next_last_sunday(3).isoformat())

    response = client.get(f"/en/ruimtes/?{query}")

    assert response.status_code == 200
    html = _html(response)
    assert message in html
    assert 'class="field-message error"' in html
    assert "Vergaderzaal" in html  # the list still shows (without the wrong filter)


def test_the_catalogue_is_cached_and_free_spaces_are_never_stale(client, space, org_a):
    assert client.get("/ruimtes/")["X-Cache"] == "miss"
    assert client.get("/ruimtes/")["X-Cache"] == "hit"

    day = next_weekday(3)
    query = f"/en/ruimtes/?datum={day.isoformat()}&van=19:00&tot=21:00"
    first = client.get(query)
    assert first["X-Cache"] == "miss" and "Vergaderzaal" in _text(first)
    assert client.get(query)["X-Cache"] == "hit"
    # A booking changes which spaces are free: the next answer is read afresh.
    book(space, org_a, day)
    after = client.get(query)
    assert after["X-Cache"] == "miss"
    assert "Vergaderzaal" not in _text(after)


def test_a_space_page_shows_a_new_booking_at_once(client, space, org_a):
    day = next_weekday(3)
    week = day.strftime("%G-W%V")
    url = f"/en/ruimtes/{space.building.slug}/{space.slug}/?week={week}"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    book(space, org_a, day)
    after = client.get(url)
    assert after["X-Cache"] == "miss"
    assert "19:00–21:00" in _text(after)


def test_a_bad_page_number_shows_the_last_page(client, space):
    assert client.get("/en/ruimtes/?pagina=abc").status_code == 200
    assert client.get("/en/ruimtes/?pagina=999").status_code == 200


# --- A building ---------------------------------------------------------------------------


def test_a_building_page_shows_address_hours_contact_photos_rules_and_spaces(client, hall):
    building = hall.whole.building
    building.district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    building.description = "Een wijkcentrum met een grote zaal."
    building.contact_name = "Onthaal wijkcentrum"
    building.contact_phone = "09 266 00 00"
    building.house_rules = SimpleUploadedFile("huisregels.pdf", b"%PDF-1.4 test")
    building.save()
    OpeningHoursFactory(building=building, weekday=0, opens=time(9), closes=time(22))
    BuildingPhoto.objects.create(
        building=building,
        image=SimpleUploadedFile("zaal.png", b"\x89PNG fake"),
        alt_text="De grote zaal met stoelen in rijen",
    )

    response = client.get(f"/en/ruimtes/{building.slug}/")

    assert response.status_code == 200
    html = _html(response)
    text = _text(response)
    assert "Kortrijksesteenweg 1" in text and "Brugse Poort" in text
    assert "Een wijkcentrum met een grote zaal." in text
    assert "Drempelvrije ingang" in text
    assert "<caption>Opening hours of Wijkcentrum Brugse Poort</caption>" in html
    assert '<th scope="row">Monday</th><td>09:00–22:00</td>' in html
    assert '<th scope="row">Tuesday</th><td>Closed</td>' in html
    assert "Onthaal wijkcentrum" in text and "ruimtes@example.org" in text
    assert 'alt="De grote zaal met stoelen in rijen"' in html
    assert "House rules of Wijkcentrum Brugse Poort (document)" in text
    assert "Grote zaal links" in text and "This space can be divided" in text
    assert html.count("<h1") == 1


def test_an_unpublished_building_is_a_404_except_for_staff(client, space, org_a):
    building = space.building
    building.published = False
    building.save()
    url = f"/en/ruimtes/{building.slug}/"

    assert client.get(url).status_code == 404
    assert client.get(f"{url}{space.slug}/").status_code == 404
    client.force_login(org_a.member)
    assert client.get(url).status_code == 404
    assert client.get(_book_url(space)).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "only city staff can see it" in _text(response)


def test_an_unknown_building_or_space_is_a_404(client, space, hall):
    assert client.get("/en/ruimtes/bestaat-niet/").status_code == 404
    assert client.get(f"/en/ruimtes/{space.building.slug}/bestaat-niet/").status_code == 404
    # A space under another building's address is not found either.
    assert client.get(f"/en/ruimtes/{hall.whole.building.slug}/{space.slug}/").status_code == 404


# --- A space ------------------------------------------------------------------------------


def test_a_space_page_shows_capacity_facilities_rules_tariffs_and_closures(client, hall):
    space = hall.whole
    space.min_days_ahead = 28
    space.max_days_ahead = 183
    space.buffer_after_minutes = 30
    space.needs_approval = False
    space.who_may_book = {"recognitions": ["basiswerk"]}
    space.save()
    RecognitionTypeFactory(code="basiswerk", name_nl="Basiswerk")
    space.facilities.add(FacilityFactory(code="keuken", name="Keuken"))
    TariffFactory(
        space=space,
        category="free",
        hourly_rate=Decimal("0"),
        applies_to={"recognitions": ["basiswerk"]},
        order=0,
    )
    TariffFactory(space=space, category="standard", hourly_rate=Decimal("25.50"), order=1)
    ClosureFactory(
        building=space.building,
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=timezone.now() + timedelta(days=22),
        reason="Kerstvakantie",
    )

    response = client.get(f"/en/ruimtes/{space.building.slug}/{space.slug}/")

    assert response.status_code == 200
    text = _text(response)
    assert "At most 120 people" in text and "Keuken" in text
    assert "Grote zaal links" in text and "Booking the whole space takes all its parts." in text
    assert "at the earliest 183 days and at the latest 28 days before the day" in text
    assert "at least 30 minutes and at most 12 hours" in text
    assert "steps of a quarter of an hour" in text
    assert "after it 30 minutes" in text
    assert "Your booking is confirmed at once." in text
    assert "A weekly series runs at most 52 weeks." in text
    assert "A valid recognition: Basiswerk." in text
    assert "€ 25.50" in text and "Free" in text
    assert "Kerstvakantie" in text
    assert f"/en/ruimtes/{space.building.slug}/{space.slug}/boeken/" in _html(response)

    part = client.get(f"/en/ruimtes/{space.building.slug}/links/")
    assert "Part of" in _text(part) and "Grote zaal" in _text(part)


def test_the_week_table_says_in_words_what_is_booked_waiting_closed_and_free(
    client, space, org_a, org_b
):
    OpeningHoursFactory(building=space.building, weekday=1, opens=time(9), closes=time(22))
    day = next_weekday(1)
    booking = book(space, org_a, day, "19:00", "21:00")
    services.booking_approve(booking=booking, by=StaffFactory())
    book(space, org_b, day, "14:00", "15:00")
    ClosureFactory(
        space=space,
        starts_at=times.local(day, time(9)),
        ends_at=times.local(day, time(10)),
        reason="Schoonmaak",
    )
    year, week, _ = day.isocalendar()

    response = client.get(
        f"/en/ruimtes/{space.building.slug}/{space.slug}/?week={year}-W{week:02d}"
    )

    assert response.status_code == 200
    html = _html(response)
    assert f"Availability of Vergaderzaal, week {week}" in html
    assert '<th scope="col">Taken</th>' in html and '<th scope="row">' in html
    text = _text(response)
    assert "19:00–21:00 booked" in text
    assert "14:00–15:00 waiting for approval" in text
    assert "09:00–10:00 closed: Schoonmaak" in text
    assert "10:00–14:00" in text and "15:00–19:00" in text and "21:00–22:00" in text
    assert Booking.objects.count() == 2  # nobody's name or purpose on the page
    assert "Buurtvergadering" not in text and org_a.organisation.name not in text
    assert response["X-Cache"] == "miss"  # cached, keyed on the bookings


def test_the_month_view_has_a_row_for_every_day_and_links_to_the_next_month(client, space):
    today = _today()
    month = f"{today.year}-{today.month:02d}"

    response = client.get(f"/en/ruimtes/{space.building.slug}/{space.slug}/?maand={month}")

    html = _html(response)
    assert response.status_code == 200
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    days = (following - today.replace(day=1)).days
    assert html.count('<th scope="row"><time') == days
    assert f"?maand={following.year}-{following.month:02d}" in html
    assert "No fixed hours" in html


@pytest.mark.parametrize(
    "query",
    [
        "week=2026-W99",
        "week=abc",
        "week=9999-W01",
        "week=1900-W01",
        "maand=2026-13",
        "maand=9999-12",
    ]
    + ["maand=%00", "week=" + "9" * 500],
)
def test_a_bad_week_or_month_shows_a_message_and_this_week(client, space, query):
    response = client.get(f"/en/ruimtes/{space.building.slug}/{space.slug}/?{query}")

    assert response.status_code == 200
    html = _html(response)
    assert "You see this week." in html
    assert html.count('<th scope="row"><time') == 7
    assert _today().strftime("%Y-%m-%d") in html


def test_the_week_table_across_the_change_of_hour_lists_every_day(client, space):
    day = _next_last_sunday(10)
    year, week, _ = day.isocalendar()
    response = client.get(
        f"/en/ruimtes/{space.building.slug}/{space.slug}/?week={year}-W{week:02d}"
    )
    assert response.status_code == 200
    assert "00:00–24:00" in _text(response)


# --- Booking ------------------------------------------------------------------------------


def test_booking_needs_a_signed_in_person(client, space):
    response = client.get(_book_url(space))
    assert response.status_code == 302
    assert "/aanmelden/" in response["Location"]
    response = client.post(_book_url(space), {})
    assert response.status_code == 302


def test_a_person_without_an_organisation_is_told_how_to_get_one(client, space):
    client.force_login(UserFactory())
    response = client.get(_book_url(space))
    assert response.status_code == 200
    assert "not a member of any organisation yet" in _text(response)


def test_organisations_that_may_not_book_the_space_get_the_reasons(client, space, org_a):
    RecognitionTypeFactory(code="basiswerk", name_nl="Basiswerk")
    space.who_may_book = {"recognitions": ["basiswerk"]}
    space.save()
    client.force_login(org_a.member)

    response = client.get(_book_url(space))

    text = _text(response)
    assert "may not book this space" in text
    assert "Buurtwerk Rabot" in text and "This needs a recognition" in text

    response = client.post(_book_url(space), _form(org_a, next_weekday(1)))
    assert response.status_code == 422
    assert "Your organisation cannot book this space" in _text(response)


def test_step_one_shows_every_date_with_ok_or_its_reasons_and_the_price(
    client, space, org_a, org_b
):
    TariffFactory(space=space, category="standard", hourly_rate=Decimal("12.00"))
    first = next_weekday(1)
    book(space, org_b, first + timedelta(weeks=1))
    client.force_login(org_a.member)

    response = client.post(
        _book_url(space),
        _form(
            org_a,
            first,
            repeat="weekly",
            interval_weeks="1",
            weekdays=["1"],
            until=(first + timedelta(weeks=3)).isoformat(),
            exceptions=(first + timedelta(weeks=2)).strftime("%d/%m/%Y"),
        ),
    )

    assert response.status_code == 200
    text = _text(response)
    assert "2 of 3 dates can be booked." in text
    assert "Already booked from 19:00 to 21:00" in text
    assert "Tariff: Standard, € 12.00 per hour. Total price: € 48.00." in text
    assert "Send the request for 2 dates" in text
    html = _html(response)
    assert '<input type="hidden" name="expected_count" value="2">' in html
    assert '<input type="hidden" name="skip_refused" value="1">' in html
    assert Booking.objects.filter(organisation=org_a.organisation).count() == 0


def test_step_two_saves_the_dates_and_goes_to_the_booking(client, space, org_a, org_b, mailbox):
    first = next_weekday(1)
    book(space, org_b, first + timedelta(weeks=1))
    client.force_login(org_a.member)
    data = _form(
        org_a,
        first,
        repeat="weekly",
        weekdays=["1"],
        interval_weeks="1",
        until=(first + timedelta(weeks=2)).isoformat(),
        step="request",
        skip_refused="1",
        expected_count="2",
    )

    response = client.post(_book_url(space), data)

    booking = Booking.objects.get(organisation=org_a.organisation)
    assert response.status_code == 302
    assert response["Location"] == f"/en/mijn/boekingen/{booking.pk}/"
    assert booking.occurrences.count() == 2 and booking.status == BookingStatus.REQUESTED
    page = client.get(response["Location"])
    assert "Your request is sent." in _text(page)


def test_a_space_without_approval_confirms_at_once(client, space, org_a):
    space.needs_approval = False
    space.save()
    client.force_login(org_a.member)
    data = _form(org_a, next_weekday(2), step="request", skip_refused="1", expected_count="1")

    response = client.post(_book_url(space), data, follow=True)

    assert "Your booking is confirmed." in _text(response)
    assert Booking.objects.get().status == BookingStatus.CONFIRMED


def test_a_plan_that_changed_since_step_one_is_a_409_and_saves_nothing(client, space, org_a, org_b):
    first = next_weekday(1)
    client.force_login(org_a.member)
    data = _form(
        org_a,
        first,
        repeat="weekly",
        weekdays=["1"],
        interval_weeks="1",
        until=(first + timedelta(weeks=1)).isoformat(),
        step="request",
        skip_refused="1",
        expected_count="2",
    )
    book(space, org_b, first + timedelta(weeks=1))  # someone else was quicker

    response = client.post(_book_url(space), data)

    assert response.status_code == 409
    text = _text(response)
    assert "Something changed since you looked" in text
    assert "1 of 2 dates can be booked." in text  # the dates as they are now
    assert not Booking.objects.filter(organisation=org_a.organisation).exists()


def test_a_single_date_taken_since_step_one_is_a_409_with_the_dates_as_they_are_now(
    client, space, org_a, org_b
):
    day = next_weekday(1)
    client.force_login(org_a.member)
    data = _form(org_a, day, step="request", skip_refused="1", expected_count="1")
    book(space, org_b, day)

    response = client.post(_book_url(space), data)

    assert response.status_code == 409
    assert "Something changed since you looked" in _text(response)
    assert "Already booked from 19:00 to 21:00" in _text(response)
    assert not Booking.objects.filter(organisation=org_a.organisation).exists()


def test_a_time_just_taken_is_a_409_with_a_clear_message(client, space, org_a, monkeypatch):
    def taken(**kwargs):
        raise Conflict("This time was just taken by someone else.", code="just_taken")

    monkeypatch.setattr(services, "booking_request", taken)
    client.force_login(org_a.member)
    data = _form(org_a, next_weekday(1), step="request", skip_refused="1", expected_count="1")

    response = client.post(_book_url(space), data)

    assert response.status_code == 409
    assert "This time was just taken by someone else." in _text(response)
    assert not Booking.objects.exists()


def test_a_refusal_by_the_service_is_a_403_page_with_the_reason(client, space, org_a, monkeypatch):
    def refuse(**kwargs):
        raise Forbidden("Only members of the organisation can book for it.")

    monkeypatch.setattr(services, "booking_plan", refuse)
    client.force_login(org_a.member)

    response = client.post(_book_url(space), _form(org_a, next_weekday(1)))

    assert response.status_code == 403
    assert "Only members of the organisation can book for it." in _text(response)


def test_an_organisation_of_someone_else_cannot_be_chosen(client, space, org_a, org_b):
    client.force_login(org_a.member)

    response = client.post(
        _book_url(space),
        _form(org_b, next_weekday(1), step="request", skip_refused="1", expected_count="1"),
    )

    assert response.status_code == 422
    assert "Choose one of your organisations." in _text(response)
    assert not Booking.objects.exists()


def test_city_staff_can_book_for_any_verified_organisation(client, space, org_a):
    OrganisationFactory(name="Nog niet geverifieerd", status=Status.DRAFT)
    client.force_login(StaffFactory())

    response = client.get(_book_url(space))
    html = _html(response)
    assert "Another organisation (as city staff)" in html
    assert "Buurtwerk Rabot" in html and "Nog niet geverifieerd" not in html

    response = client.post(
        _book_url(space),
        _form(org_a, next_weekday(1), step="request", skip_refused="1", expected_count="1"),
    )
    assert response.status_code == 302
    assert Booking.objects.get().organisation == org_a.organisation


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"attendees": "twintig"}, "attendees", "Fill in a whole number"),
        ({"attendees": "500"}, "attendees", "This space holds at most 40 people"),
        ({"first_day": "2026-13-45"}, "first_day", "Fill in a valid date"),
        ({"first_day": "9999-01-01"}, "first_day", "You can book this space at most"),
        ({"first_day": "2001-01-01"}, "first_day", "This day is in the past."),
        ({"end_time": "18:00"}, "end_time", "The end must come after the start"),
        ({"end_time": "19:00"}, "end_time", "The booking has no length"),
        ({"start_time": "7 uur"}, "start_time", "Fill in a valid time"),
        ({"purpose": ""}, "purpose", "This field is required."),
        ({"organisation": "999999"}, "organisation", "Choose one of your organisations."),
        ({"organisation": "abc"}, "organisation", "Choose one of your organisations."),
        ({"repeat": "daily"}, "repeat", "Select a valid choice."),
        ({"repeat": "weekly"}, "until", "Say until when the series runs."),
        (
            {"repeat": "weekly", "weekdays": ["1"], "until": "9999-12-31"},
            "until",
            "A series in this space may run at most 52 weeks",
        ),
        (
            {"repeat": "weekly", "weekdays": ["9"], "until": "{later}"},
            "weekdays",
            "Select a valid choice.",
        ),
        (
            {"repeat": "weekly", "interval_weeks": "0", "until": "{later}"},
            "interval_weeks",
            "greater than or equal to 1",
        ),
        (
            {"repeat": "weekly", "until": "{later}", "exceptions": "kerstmis, 31/02/2027"},
            "exceptions",
            "These are not dates",
        ),
    ],
)
def test_bad_booking_input_gets_a_message_on_its_field_and_saves_nothing(
    client, space, org_a, changes, field, message
):
    day = next_weekday(1)
    changes = {
        key: value.replace("{later}", (day + timedelta(weeks=4)).isoformat())
        if isinstance(value, str)
        else value
        for key, value in changes.items()
    }
    client.force_login(org_a.member)
    for step in ({"step": "plan"}, {"step": "request", "skip_refused": "1"}):
        response = client.post(_book_url(space), {**_form(org_a, day), **step, **changes})

        assert response.status_code == 422
        html = _html(response)
        assert message in html
        assert (
            f'id="id_{field}_error"' in html
            or f'id="id_{field}_0_error"' in html
            or (field == "weekdays" and 'id="id_weekdays_error"' in html)
        )
    assert not Booking.objects.exists()


def test_a_series_above_the_cap_is_refused_before_anything_is_made(client, space, org_a):
    space.max_series_weeks = 400
    space.max_days_ahead = 700
    space.save()
    day = next_weekday(0)
    client.force_login(org_a.member)

    response = client.post(
        _book_url(space),
        _form(
            org_a,
            day,
            repeat="weekly",
            weekdays=[str(n) for n in range(7)],
            until=(day + timedelta(weeks=100)).isoformat(),
        ),
    )

    assert response.status_code == 422
    assert "a request may hold at most 200" in _text(response) or "at most 200 dates" in _text(
        response
    )


def test_a_time_that_does_not_exist_is_refused_on_the_start_field(client, space, org_a):
    client.force_login(org_a.member)
    day = _next_last_sunday(3)
    space.max_days_ahead = 400
    space.save()

    response = client.post(
        _book_url(space), _form(org_a, day, start_time="02:30", end_time="04:00")
    )

    assert response.status_code == 422
    text = _text(response)
    assert "does not exist" in text
    assert 'id="id_start_time_error"' in _html(response)


def test_an_hour_that_happens_twice_asks_first_or_second_time(client, space, org_a):
    client.force_login(org_a.member)
    day = _next_last_sunday(10)
    data = _form(org_a, day, start_time="02:30", end_time="03:30")

    response = client.post(_book_url(space), data)

    assert response.status_code == 422
    html = _html(response)
    assert "happens twice" in html
    assert 'name="fold" value="0"' in html and 'name="fold" value="1"' in html

    response = client.post(_book_url(space), {**data, "fold": "1"})
    assert response.status_code == 200
    assert "1 of 1 date can be booked." in _text(response)
    assert '<input type="hidden" name="fold" value="1">' in _html(response)

    response = client.post(
        _book_url(space),
        {**data, "fold": "1", "step": "request", "skip_refused": "1", "expected_count": "1"},
    )
    assert response.status_code == 302
    occurrence = Occurrence.objects.get()
    # The second 02:30 is in winter time: 01:30 UTC, and the booking lasts one real hour.
    assert occurrence.starts_at.astimezone(times.BRUSSELS).utcoffset() == timedelta(hours=1)
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=1)


def test_a_space_that_cannot_be_booked_says_so(client, space, org_a):
    space.bookable = False
    space.save()
    client.force_login(org_a.member)
    response = client.get(_book_url(space))
    assert response.status_code == 200
    assert "This space cannot be booked." in _text(response)
    assert 'name="purpose"' not in _html(response)


# --- My bookings --------------------------------------------------------------------------


def test_my_bookings_lists_the_bookings_of_my_organisations_newest_first(
    client, space, org_a, org_b
):
    first = book(space, org_a, next_weekday(1), purpose="Eerste vergadering")
    second = book(space, org_a, next_weekday(2), purpose="Tweede vergadering", by=org_a.admin)
    book(space, org_b, next_weekday(3), purpose="Van een ander")
    client.force_login(org_a.member)

    response = client.get("/en/mijn/boekingen/")

    assert response.status_code == 200
    text = _text(response)
    assert text.index(second.purpose) < text.index(first.purpose)
    assert "Van een ander" not in text
    assert "Waiting for approval" in text
    day = next_weekday(1)
    assert f"{day.day} {day.strftime('%B')} {day.year} 19:00" in text
    assert "/en/mijn/boekingen/agenda/" in _html(response)


def test_my_bookings_needs_sign_in_and_bad_page_numbers_are_harmless(client, org_a):
    assert client.get("/en/mijn/boekingen/").status_code == 302
    client.force_login(org_a.member)
    assert client.get("/en/mijn/boekingen/?pagina=-1").status_code == 200
    assert "no bookings yet" in _text(client.get("/en/mijn/boekingen/"))


# --- One booking --------------------------------------------------------------------------


def _series(space, org, weeks: int = 3) -> Booking:
    first = next_weekday(1)
    return book(
        space,
        org,
        first,
        repeat="weekly",
        weekdays=[1],
        until=first + timedelta(weeks=weeks - 1),
    )


def test_a_member_sees_the_booking_with_dates_prices_tariff_and_log(client, space, org_a):
    TariffFactory(space=space, category="reduced", hourly_rate=Decimal("5.00"))
    booking = _series(space, org_a)
    client.force_login(org_a.admin)

    response = client.get(f"/en/mijn/boekingen/{booking.pk}/")

    assert response.status_code == 200
    text = _text(response)
    assert "Status: Waiting for approval" in text
    assert "3 dates of this booking" in text
    assert "€ 10.00" in text and "€ 30.00" in text
    assert "Reduced, € 5.00 per hour (the price on the day of booking)" in text
    assert f"{org_a.member.name} asked to book 3 dates." in text
    assert "Every week from 19:00 to 21:00" in text
    assert 'name="reason"' in _html(response)


def test_the_decision_reason_and_a_city_decision_are_shown_in_plain_words(client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    staff = StaffFactory(name="Medewerker Stad")
    services.booking_deny(booking=booking, by=staff, reason="De zaal is dan in onderhoud.")
    client.force_login(org_a.member)

    text = _text(client.get(f"/en/mijn/boekingen/{booking.pk}/"))

    assert "Status: Denied" in text
    assert "Why it was denied: De zaal is dan in onderhoud." in text
    assert "The city denied the request." in text
    assert "Medewerker Stad" not in text
    client.force_login(staff)
    assert "Medewerker Stad denied the request." in _text(
        client.get(f"/en/mijn/boekingen/{booking.pk}/")
    )


def test_a_booking_is_a_404_for_other_organisations_and_missing_ids(client, space, org_a, org_b):
    booking = book(space, org_a, next_weekday(1))
    url = f"/en/mijn/boekingen/{booking.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(org_b.member)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}agenda.ics").status_code == 404
    missing = client.get(f"/en/mijn/boekingen/{booking.pk + 1000}/")
    assert missing.status_code == 404
    response = client.post(url, {"scope": "all", "reason": "Geraden id"})
    assert response.status_code == 404
    assert Booking.objects.get().status == BookingStatus.REQUESTED
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_cancelling_one_date_of_a_series(client, space, org_a, mailbox):
    booking = _series(space, org_a)
    second = booking.occurrences.order_by("starts_at")[1]
    client.force_login(org_a.member)
    mailbox.clear()

    response = client.post(
        f"/en/mijn/boekingen/{booking.pk}/",
        {"scope": "one", "occurrence": str(second.pk), "reason": "Vakantie"},
        follow=True,
    )

    assert "1 date is cancelled." in _text(response)
    statuses = list(booking.occurrences.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["requested", "cancelled", "requested"]
    assert len(mailbox) == 1
    assert "cancelled one date" in _text(response)


def test_cancelling_this_date_and_the_following(client, space, org_a):
    booking = _series(space, org_a, weeks=4)
    second = booking.occurrences.order_by("starts_at")[1]
    client.force_login(org_a.member)

    client.post(
        f"/en/mijn/boekingen/{booking.pk}/",
        {"scope": "following", "occurrence": str(second.pk), "reason": "Stopgezet"},
    )

    statuses = list(booking.occurrences.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["requested", "cancelled", "cancelled", "cancelled"]


def test_cancelling_all_dates_cancels_the_booking_and_hides_the_form(client, space, org_a):
    booking = _series(space, org_a)
    client.force_login(org_a.member)

    response = client.post(
        f"/en/mijn/boekingen/{booking.pk}/", {"scope": "all", "reason": "Gaat niet door"}
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    page = client.get(f"/en/mijn/boekingen/{booking.pk}/")
    assert 'name="reason"' not in _html(page)
    assert "Reason: Gaat niet door" in _text(page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "all", "reason": ""}, "This field is required."),
        ({"scope": "one", "reason": "x"}, "Choose the date."),
        ({"scope": "one", "occurrence": "abc", "reason": "x"}, "Choose one of the coming dates"),
        ({"scope": "one", "occurrence": "{foreign}", "reason": "x"}, "Choose one of the coming"),
        ({"scope": "everything", "reason": "x"}, "Select a valid choice."),
        ({"scope": "all", "reason": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_cancel_input_gets_a_message_and_changes_nothing(
    client, space, org_a, org_b, data, message
):
    booking = _series(space, org_a)
    foreign = book(space, org_b, next_weekday(4)).occurrences.get()
    client.force_login(org_a.member)
    data = {k: v.replace("{foreign}", str(foreign.pk)) for k, v in data.items()}

    response = client.post(f"/en/mijn/boekingen/{booking.pk}/", data)

    assert response.status_code == 422
    assert message in _html(response)
    assert not Occurrence.objects.filter(status=BookingStatus.CANCELLED).exists()


def test_the_booking_ics_is_a_calendar_for_members(client, space, org_a):
    booking = _series(space, org_a)
    client.force_login(org_a.member)

    response = client.get(f"/en/mijn/boekingen/{booking.pk}/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 3 and "TZID:Europe/Brussels" in body


def test_a_member_of_two_organisations_chooses_which_one_books(client, space, org_a):
    other = MembershipFactory(user=org_a.member, role=MemberRole.MEMBER).organisation
    client.force_login(org_a.member)

    html = _html(client.get(_book_url(space)))

    assert org_a.organisation.name in html and other.name in html
    assert "as city staff" not in html
