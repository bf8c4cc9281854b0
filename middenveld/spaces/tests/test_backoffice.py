"""The city's back office for spaces: the catalogue screens (rules, requirements,
uploads checked by content, no space inside itself), the read-only bookings, and the
decision pages (approve, deny, cancel) with their refusals."""

from __future__ import annotations

import io
import json
from datetime import time, timedelta
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.organisations.models import PersonalDataAccess, RecognitionType
from middenveld.spaces import services
from middenveld.spaces.admin import PhotoForm, SpaceForm, TariffForm, requirement_errors
from middenveld.spaces.models import Booking, BookingLog, BookingStatus, Occupancy
from middenveld.spaces.tests.conftest import book, next_weekday
from middenveld.spaces.tests.factories import (
    BuildingFactory,
    ClosureFactory,
    OpeningHoursFactory,
    SpaceFactory,
)
from middenveld.support.tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

LIST = "/en/beheer/spaces/aanvragen/"


def detail(booking: Booking) -> str:
    return f"/en/beheer/spaces/aanvragen/{booking.pk}/"


@pytest.fixture
def staff_user(db):
    return StaffFactory(name="Sam Stad")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _snapshot(booking: Booking) -> tuple[Any, ...]:
    booking.refresh_from_db()
    return (
        booking.status,
        booking.decision_reason,
        sorted(booking.occurrences.values_list("pk", "status")),
        Occupancy.objects.filter(occurrence__booking=booking, active=True).count(),
        BookingLog.objects.filter(booking=booking).count(),
    )


def admin_data(response: Any) -> dict[str, Any]:
    """The data an admin change form would send as it is on the page."""
    data: dict[str, Any] = {}

    def add(form: Any) -> None:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            key = bound.html_name
            if value is None or isinstance(form.fields[name], forms.FileField):
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            if isinstance(value, (list, tuple)):
                data[key] = [str(item) for item in value]
                continue
            data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/en/beheer/spaces/facility/",
        "/en/beheer/spaces/building/",
        "/en/beheer/spaces/building/add/",
        "/en/beheer/spaces/space/",
        "/en/beheer/spaces/space/add/",
        "/en/beheer/spaces/booking/",
        "/en/beheer/spaces/bookinglog/",
        LIST,
    ],
)
def test_the_screens_open_for_staff_and_not_for_members(client, org_a, staff_user, url):
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(org_a.admin)
    assert client.get(url, follow=True).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_the_decision_page_is_for_staff_only(client, space, org_a, org_b, staff_user):
    booking = book(space, org_a, next_weekday(1))
    url = detail(booking)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith("/en/")
    assert "login" in response.redirect_chain[0][0]
    for person in (org_a.member, org_a.admin, org_b.admin):
        client.force_login(person)
        assert client.get(url, follow=True).status_code == 403
        response = client.post(url, {"action": "deny", "deny-reason": "nee"}, follow=True)
        assert response.status_code == 403
    assert _snapshot(booking)[0] == BookingStatus.REQUESTED
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


# --- Catalogue: requirements, parts, uploads -----------------------------------------------------


def test_a_requirement_takes_only_known_keys_and_codes():
    RecognitionType.objects.create(code="basiswerk", name="Basiswerk")
    assert requirement_errors({}) == []
    assert requirement_errors({"recognitions": ["basiswerk"], "legal_forms": ["VZW"]}) == []
    assert "unknown: colour" in requirement_errors({"colour": "blue"})[0]
    assert (
        "kinds of recognition are unknown: nope"
        in requirement_errors({"recognitions": ["basiswerk", "nope"]})[0]
    )
    assert "legal forms are unknown: BV" in requirement_errors({"legal_forms": ["BV"]})[0]
    assert "districts are unknown: atlantis" in requirement_errors({"districts": ["atlantis"]})[0]
    assert "must be a list" in requirement_errors({"districts": "rabot"})[0]
    assert "must be a list" in requirement_errors({"districts": [1, 2]})[0]
    assert "true or false" in requirement_errors({"verified": "yes"})[0]
    assert "between braces" in requirement_errors(["recognitions"])[0]


def test_a_tariff_for_an_unknown_recognition_is_refused():
    space = SpaceFactory()
    form = TariffForm(
        data={
            "category": "free",
            "hourly_rate": "0",
            "applies_to": json.dumps({"recognitions": ["onbekend"]}),
            "order": "0",
        },
        instance=space.tariffs.model(space=space),
    )
    assert not form.is_valid()
    assert "onbekend" in str(form.errors["applies_to"])


def test_staff_set_the_rules_of_a_space_and_see_who_may_book_in_words(staff_client, space):
    RecognitionType.objects.create(code="basiswerk", name="Basiswerk")
    url = f"/en/beheer/spaces/space/{space.pk}/change/"
    data = admin_data(staff_client.get(url))
    data.update(
        min_days_ahead="28",
        max_days_ahead="183",
        who_may_book=json.dumps({"recognitions": ["basiswerk"]}),
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    space.refresh_from_db()
    assert space.min_days_ahead == 28
    assert space.who_may_book == {"recognitions": ["basiswerk"]}
    assert "A valid recognition: Basiswerk." in staff_client.get(url).content.decode()


def test_an_unknown_key_in_who_may_book_is_refused_on_the_page(staff_client, space):
    url = f"/en/beheer/spaces/space/{space.pk}/change/"
    data = admin_data(staff_client.get(url))
    data["who_may_book"] = json.dumps({"members_only": True})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "These keys are unknown: members_only" in response.content.decode()
    space.refresh_from_db()
    assert space.who_may_book == {}


def test_a_window_that_ends_before_it_starts_is_refused(staff_client, space):
    url = f"/en/beheer/spaces/space/{space.pk}/change/"
    data = admin_data(staff_client.get(url))
    data.update(min_days_ahead="60", max_days_ahead="10")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "further ahead" in response.content.decode()


def test_a_space_cannot_be_its_own_part_or_a_part_of_its_part(staff_client, hall):
    url = f"/en/beheer/spaces/space/{hall.whole.pk}/change/"
    data = admin_data(staff_client.get(url))
    data["parent"] = str(hall.left.pk)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "cannot be a part of one of its own parts" in response.content.decode()

    data["parent"] = str(hall.whole.pk)
    response = staff_client.post(url, data)
    assert "cannot be a part of itself" in response.content.decode()
    hall.whole.refresh_from_db()
    assert hall.whole.parent_id is None


def test_a_deeper_cycle_is_found_too(hall):
    grandchild = SpaceFactory(building=hall.whole.building, parent=hall.left, slug="hoek")
    form = SpaceForm(instance=hall.whole)
    assert form._is_below(grandchild, hall.whole.pk)
    assert not form._is_below(hall.right, hall.left.pk)


def test_a_part_stays_in_its_building(hall):
    other = SpaceFactory()
    form = SpaceForm(instance=other)
    form.cleaned_data = {"parent": hall.whole, "building": other.building}
    form._errors = {}
    form.clean()
    assert "same building" in str(form.errors["parent"])


def _photo_form(building, upload):
    return PhotoForm(
        data={"alt_text": "De zaal", "order": "0"},
        files={"image": upload},
        instance=building.photos.model(building=building),
    )


def _picture(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=kind)
    return buffer.getvalue()


def test_photos_are_checked_by_their_content():
    building = BuildingFactory()
    fake = SimpleUploadedFile("zaal.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    assert not _photo_form(building, fake).is_valid()

    gif = SimpleUploadedFile("zaal.png", _picture("GIF"), content_type="image/png")
    form = _photo_form(building, gif)
    assert not form.is_valid()
    assert "not a PNG, JPEG or WebP picture" in str(form.errors["image"])

    real = SimpleUploadedFile("zaal.png", _picture("PNG"), content_type="image/png")
    form = _photo_form(building, real)
    assert form.is_valid(), form.errors


def test_the_house_rules_are_checked_by_their_content(staff_client):
    building = BuildingFactory()
    url = f"/en/beheer/spaces/building/{building.pk}/change/"
    data = admin_data(staff_client.get(url))
    data["house_rules"] = SimpleUploadedFile(
        "huisregels.pdf", b"#!/bin/sh\necho hello", content_type="application/pdf"
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "house_rules" in response.context["adminform"].form.errors
    building.refresh_from_db()
    assert not building.house_rules


def test_opening_hours_that_close_before_they_open_are_refused(staff_client):
    building = BuildingFactory()
    url = f"/en/beheer/spaces/building/{building.pk}/change/"
    data = admin_data(staff_client.get(url))
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "18:00",
            "opening_hours-0-closes": "09:00",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "must close after it opens" in response.content.decode()
    assert not building.opening_hours.exists()


# --- Bookings, read only ------------------------------------------------------------------------


def test_the_bookings_list_filters_searches_and_links_to_the_decision_page(
    staff_client, space, org_a, org_b
):
    mine = book(space, org_a, next_weekday(1), purpose="Repetitie koor")
    book(space, org_b, next_weekday(2), purpose="Yoga")

    html = staff_client.get(
        f"/en/beheer/spaces/booking/?organisation__id__exact={org_a.organisation.pk}"
    ).content.decode()
    assert "Repetitie koor" in html and "Yoga" not in html
    assert f"/en/beheer/spaces/aanvragen/{mine.pk}/" in html

    html = staff_client.get("/en/beheer/spaces/booking/?q=yoga").content.decode()
    assert "Yoga" in html and "Repetitie koor" not in html
    html = staff_client.get(
        f"/en/beheer/spaces/booking/?status=requested&space__building__id__exact={space.building_id}"
    ).content.decode()
    assert "Yoga" in html

    assert (
        "/en/beheer/spaces/aanvragen/"
        in staff_client.get("/en/beheer/spaces/booking/").content.decode()
    )
    response = staff_client.get(f"/en/beheer/spaces/booking/{mine.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/beheer/spaces/aanvragen/{mine.pk}/")
    assert staff_client.get("/en/beheer/spaces/booking/add/").status_code == 403


def test_the_log_is_read_only(staff_client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    entry = BookingLog.objects.get(booking=booking)
    assert staff_client.get("/en/beheer/spaces/bookinglog/").status_code == 200
    assert PersonalDataAccess.objects.filter(what="booking log").exists()
    response = staff_client.post(
        f"/en/beheer/spaces/bookinglog/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert BookingLog.objects.filter(pk=entry.pk).exists()


# --- The list of waiting requests ---------------------------------------------------------------


def test_waiting_requests_are_listed_oldest_first_with_what_staff_need(
    staff_client, space, hall, org_a, org_b
):
    older = book(space, org_a, next_weekday(1), purpose="Eerste aanvraag")
    newer = book(
        hall.left,
        org_b,
        next_weekday(2),
        purpose="Tweede aanvraag",
        repeat="weekly",
        weekdays=[2],
        until=next_weekday(2) + timedelta(weeks=3),
    )
    decided = book(space, org_b, next_weekday(3), purpose="Al beslist")
    services.booking_approve(booking=decided, by=StaffFactory())

    html = staff_client.get(LIST).content.decode()

    assert html.index("Eerste aanvraag") < html.index("Tweede aanvraag")
    assert "Al beslist" not in html
    assert "Buurtwerk Rabot" in html and "Vriendenkring Ledeberg" in html
    assert "Wijkcentrum Brugse Poort › Grote zaal links" in html
    assert "4 dates, from" in html
    assert detail(older) in html and detail(newer) in html


def test_a_closure_set_after_the_request_shows_as_a_clash(staff_client, space, org_a):
    day = next_weekday(1)
    book(space, org_a, day, purpose="Vergadering")
    starts, ends = services.times.span(day, time(8), time(23))
    ClosureFactory(building=space.building, starts_at=starts, ends_at=ends, reason="Stookolie")
    html = staff_client.get(LIST).content.decode()
    assert "Yes, 1 date:" in html and "Stookolie" in html


def test_opening_hours_set_after_the_request_show_as_a_clash(staff_client, space, org_a):
    book(space, org_a, next_weekday(1), purpose="Avondles")
    OpeningHoursFactory(building=space.building, weekday=1, opens=time(9), closes=time(17))
    html = staff_client.get(LIST).content.decode()
    assert "outside the opening hours" in html


def test_filter_by_building_and_by_my_teams(client, space, hall, org_a, org_b):
    member = TeamMemberFactory()
    hall.whole.building.team = member.team
    hall.whole.building.save()
    book(space, org_a, next_weekday(1), purpose="Elders")
    book(hall.left, org_b, next_weekday(1), purpose="In ons gebouw")
    client.force_login(member.user)

    html = client.get(LIST + "?mijn_teams=on").content.decode()
    assert "In ons gebouw" in html and "Elders" not in html

    html = client.get(LIST + f"?gebouw={space.building_id}").content.decode()
    assert "Elders" in html and "In ons gebouw" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("?gebouw=abc", "Choose a building from the list."),
        ("?gebouw=999999", "Choose a building from the list."),
        ("?pagina=-1&gebouw=%00", "Null characters are not allowed."),
    ],
)
def test_a_bad_filter_gets_a_message_and_the_whole_list(staff_client, space, org_a, query, message):
    book(space, org_a, next_weekday(1), purpose="Staat er nog")
    response = staff_client.get(LIST + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Staat er nog" in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_requests_list_costs_the_same_for_3_or_30(
    staff_client, django_assert_max_num_queries, org_a, count
):
    building = BuildingFactory()
    for index in range(count):
        space = SpaceFactory(building=building)
        book(
            space,
            org_a,
            next_weekday(index % 7),
            repeat="weekly",
            weekdays=[index % 7],
            until=next_weekday(index % 7) + timedelta(weeks=2),
        )
    with django_assert_max_num_queries(12):
        assert staff_client.get(LIST).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_bookings_list_costs_the_same_for_3_or_30(
    staff_client, django_assert_max_num_queries, org_a, org_b, count
):
    for index in range(count):
        book(SpaceFactory(), org_a if index % 2 else org_b, next_weekday(index % 7))
    with django_assert_max_num_queries(12):
        assert staff_client.get("/en/beheer/spaces/booking/").status_code == 200


# --- The decision page --------------------------------------------------------------------------


def test_the_decision_page_shows_every_date_the_organisation_the_log_and_the_feed(
    staff_client, space, org_a
):
    first = next_weekday(3)
    booking = book(
        space, org_a, first, repeat="weekly", weekdays=[3], until=first + timedelta(weeks=2)
    )
    response = staff_client.get(detail(booking))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Waiting for approval") >= 3
    assert f"/en/beheer/organisations/organisation/{org_a.organisation.pk}/360/" in html
    assert "360° view of Buurtwerk Rabot" in html
    assert org_a.member.email in html
    assert "Asked (— → Waiting for approval)" in html  # the log
    assert "/ruimtes/agenda/" in html and ".ics" in html
    assert space.feed.token in html
    assert PersonalDataAccess.objects.filter(
        what="booking request", organisation=org_a.organisation
    ).exists()


def test_staff_approve_with_a_note(staff_client, space, org_a, mailbox):
    booking = book(space, org_a, next_weekday(1))
    mailbox.clear()
    response = staff_client.post(
        detail(booking), {"action": "approve", "approve-reason": "Sleutel aan de balie."}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.decision_reason == "Sleutel aan de balie."
    assert len(mailbox) == 1
    page = staff_client.get(detail(booking)).content.decode()
    assert "The request is approved." in page


def test_a_denial_without_a_reason_changes_nothing(staff_client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    before = _snapshot(booking)
    response = staff_client.post(detail(booking), {"action": "deny", "deny-reason": "   "})
    assert response.status_code == 422
    assert "Say why the request is denied." in response.content.decode()
    assert _snapshot(booking) == before


def test_staff_deny_with_a_reason(staff_client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    response = staff_client.post(
        detail(booking), {"action": "deny", "deny-reason": "Zaal in renovatie"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DENIED
    assert booking.decision_reason == "Zaal in renovatie"
    assert not Occupancy.objects.filter(occurrence__booking=booking, active=True).exists()


def test_a_decision_on_a_decided_request_is_a_message_and_changes_nothing(
    staff_client, space, org_a
):
    booking = book(space, org_a, next_weekday(1))
    services.booking_deny(booking=booking, by=StaffFactory(), reason="Eerder geweigerd")
    before = _snapshot(booking)

    response = staff_client.post(detail(booking), {"action": "approve", "approve-reason": ""})

    assert response.status_code == 409
    assert "no longer waiting for a decision" in response.content.decode()
    assert _snapshot(booking) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_booking_id_is_a_404(staff_client, method):
    response = getattr(staff_client, method)(
        "/en/beheer/spaces/aanvragen/999999/", {"action": "approve"}
    )
    assert response.status_code == 404


def test_an_unknown_action_is_a_message(staff_client, space, org_a):
    booking = book(space, org_a, next_weekday(1))
    before = _snapshot(booking)
    response = staff_client.post(detail(booking), {"action": "delete"})
    assert response.status_code == 400
    assert "Choose what to do" in response.content.decode()
    assert _snapshot(booking) == before


def _series(space, org, weeks=3):
    first = next_weekday(4)
    booking = book(
        space, org, first, repeat="weekly", weekdays=[4], until=first + timedelta(weeks=weeks)
    )
    return booking, list(booking.occurrences.order_by("starts_at"))


def test_staff_cancel_one_date_then_the_following_then_all(staff_client, space, org_a, mailbox):
    booking, dates = _series(space, org_a)
    services.booking_approve(booking=booking, by=StaffFactory())
    mailbox.clear()
    url = detail(booking)

    response = staff_client.post(
        url,
        {
            "action": "cancel",
            "cancel-scope": "one",
            "cancel-occurrence": dates[1].pk,
            "cancel-reason": "Verkiezingen",
        },
    )
    assert response.status_code == 302
    assert len(mailbox) == 1
    response = staff_client.post(
        url,
        {
            "action": "cancel",
            "cancel-scope": "following",
            "cancel-occurrence": dates[2].pk,
            "cancel-reason": "Renovatie",
        },
    )
    assert response.status_code == 302
    statuses = list(booking.occurrences.order_by("starts_at").values_list("status", flat=True))
    assert statuses == ["confirmed", "cancelled", "cancelled", "cancelled"]
    response = staff_client.post(
        url, {"action": "cancel", "cancel-scope": "all", "cancel-reason": "Gesloten"}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"cancel-scope": "one", "cancel-reason": "x"}, "Choose the date to cancel."),
        (
            {"cancel-scope": "one", "cancel-occurrence": "999999", "cancel-reason": "x"},
            "Choose a coming date of this booking.",
        ),
        ({"cancel-scope": "all", "cancel-reason": ""}, "Say why the dates are cancelled."),
        ({"cancel-scope": "everything", "cancel-reason": "x"}, "Choose which dates to cancel."),
    ],
)
def test_a_bad_cancellation_changes_nothing(staff_client, space, org_a, data, message):
    booking, _dates = _series(space, org_a)
    before = _snapshot(booking)
    response = staff_client.post(detail(booking), {"action": "cancel", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _snapshot(booking) == before


def test_a_date_of_another_booking_cannot_be_cancelled_here(staff_client, space, org_a, org_b):
    booking, _dates = _series(space, org_a)
    other = book(SpaceFactory(), org_b, next_weekday(2))
    other_date = other.occurrences.get()
    before = _snapshot(other)
    response = staff_client.post(
        detail(booking),
        {
            "action": "cancel",
            "cancel-scope": "one",
            "cancel-occurrence": other_date.pk,
            "cancel-reason": "x",
        },
    )
    assert response.status_code == 422
    assert _snapshot(other) == before


def test_cancelling_when_nothing_is_left_is_a_message(staff_client, space, org_a):
    booking, dates = _series(space, org_a, weeks=0)
    services.booking_cancel(booking=booking, by=org_a.member, reason="weg")
    # The form no longer offers cancelling; a forged post gets the service's refusal.
    response = staff_client.post(
        detail(booking), {"action": "cancel", "cancel-scope": "all", "cancel-reason": "x"}
    )
    assert response.status_code == 409
    assert "no coming date left" in response.content.decode()
