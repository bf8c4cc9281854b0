"""The pages of seasonal allocation: who may see and do what (anonymous, a member, a
member of another organisation, staff), sending and withdrawing requests, the staff
page (open, close, propose, change by hand, publish), and bad input on each form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.spaces import allocation
from middenveld.spaces.models import (
    AllocationRequest,
    AllocationRound,
    Booking,
    Placement,
    RequestStatus,
    RoundStatus,
)
from middenveld.spaces.tests.factories import BuildingFactory, SpaceFactory
from middenveld.spaces.tests.test_allocation import ask, close, make_round, org

pytestmark = pytest.mark.django_db

LIST = "/en/ruimtes/toewijzing/"


def round_url(allocation_round: AllocationRound) -> str:
    return f"/en/ruimtes/toewijzing/{allocation_round.pk}/"


def staff_url(allocation_round: AllocationRound) -> str:
    return f"/en/beheer/spaces/toewijzing/{allocation_round.pk}/"


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def rooms(db):
    building = BuildingFactory(name="Buurthuis De Vonk")
    return [
        SpaceFactory(building=building, name=f"Zaal {letter}", capacity=40)
        for letter in ("A", "B", "C")
    ]


def form_data(organisation: Any, spaces: list[Any], **extra: Any) -> dict[str, Any]:
    data = {
        "organisation": str(organisation.pk),
        "purpose": "Repetitie van het buurtkoor",
        "attendees": "25",
        "weekday": "1",
        "start_time": "19:00",
        "end_time": "21:00",
        "interval_weeks": "1",
    }
    for rank, space in enumerate(spaces, start=1):
        data[f"preference_{rank}"] = str(getattr(space, "pk", space))
    data.update(extra)
    return data


# --- Access -------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, rooms):
    allocation_round = make_round(rooms)
    for url in (LIST, round_url(allocation_round), staff_url(allocation_round)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "aanmelden" in response["Location"]
    response = client.post(round_url(allocation_round), {"purpose": "x"})
    assert response.status_code == 302
    assert not AllocationRequest.objects.exists()


def test_a_member_sees_the_round_and_only_the_requests_of_their_organisations(
    client, rooms, org_a, org_b
):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0]], purpose="Koor van A")
    ask(allocation_round, org_b, [rooms[1]], purpose="Dans van B")
    client.force_login(org_a.member)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert allocation_round.name in listing.content.decode()
    page = client.get(round_url(allocation_round)).content.decode()
    assert "Koor van A" in page and "Dans van B" not in page
    assert "Send a request" in page
    assert page.count("<h1") == 1


def test_members_and_others_cannot_open_the_staff_pages(client, rooms, org_a):
    allocation_round = make_round(rooms)
    client.force_login(org_a.admin)
    # The back office sends signed-in people without access to its sign-in, which refuses.
    assert client.get(staff_url(allocation_round), follow=True).status_code == 403
    assert client.get("/en/beheer/spaces/toewijzing/", follow=True).status_code == 403
    response = client.post(staff_url(allocation_round), {"action": "close"}, follow=True)
    assert response.status_code == 403
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.OPEN


def test_staff_see_the_round_page_the_list_and_the_round_admin(client, staff, rooms, org_a):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0], rooms[1]])
    client.force_login(staff)
    page = client.get(staff_url(allocation_round))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Demand per space" in text and "Close the round for requests" in text
    assert client.get("/en/beheer/spaces/toewijzing/").status_code == 200
    assert client.get("/en/beheer/spaces/allocationround/").status_code == 200
    change = client.get(f"/en/beheer/spaces/allocationround/{allocation_round.pk}/change/")
    assert change.status_code == 200
    assert 'name="seed"' not in change.content.decode()  # fixed once the round is open
    # Staff are not members: they see the public round page without a form.
    public = client.get(round_url(allocation_round)).content.decode()
    assert "Send a request" not in public and "Manage" in public


def test_a_round_being_prepared_is_not_found_for_members(client, rooms, org_a):
    allocation_round = make_round(rooms, status=RoundStatus.DRAFT)
    client.force_login(org_a.member)
    assert client.get(round_url(allocation_round)).status_code == 404
    assert client.get("/en/ruimtes/toewijzing/999999/").status_code == 404


# --- Sending and withdrawing --------------------------------------------------------------


def test_a_member_sends_a_request_through_the_page(client, rooms, org_a):
    allocation_round = make_round(rooms)
    client.force_login(org_a.member)
    response = client.post(
        round_url(allocation_round), form_data(org_a.organisation, [rooms[1], rooms[0]])
    )
    assert response.status_code == 302
    request = AllocationRequest.objects.get()
    assert request.organisation == org_a.organisation
    assert [p.space_id for p in request.preferences.all()] == [rooms[1].pk, rooms[0].pk]
    page = client.get(response["Location"]).content.decode()
    assert "Your request is sent." in page
    assert "Repetitie van het buurtkoor" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": "18:00"}, "The end must come after the start"),
        ({"start_time": "7 uur"}, "Fill in a valid time"),
        ({"attendees": "-3"}, "Ensure this value is greater than or equal to 1"),
        ({"preference_2": "SAME"}, "Choose each space once"),
        ({"preference_2": "OUTSIDE"}, "This space is not part of this round"),
        ({"preference_1": ""}, "Choose at least one space."),
        ({"attendees": "90"}, "It holds at most 40 people"),
        ({"weekday": "8"}, "Choose a day of the week."),
        ({"interval_weeks": "4"}, "Choose every week or every 2 weeks."),
        ({"organisation": "OTHER"}, "Choose one of your organisations."),
    ],
)
def test_bad_input_on_the_request_form_gets_a_message_and_saves_nothing(
    client, rooms, org_a, org_b, change, message
):
    allocation_round = make_round(rooms[:2])
    outside = SpaceFactory(name="Buiten de ronde")
    client.force_login(org_a.member)
    data = form_data(org_a.organisation, [rooms[0]])
    for key, value in change.items():
        data[key] = {
            "SAME": str(rooms[0].pk),
            "OUTSIDE": str(outside.pk),
            "OTHER": str(org_b.organisation.pk),
        }.get(value, value)
    response = client.post(round_url(allocation_round), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AllocationRequest.objects.exists()


def test_a_closed_round_takes_no_request_through_the_page(client, rooms, org_a):
    allocation_round = make_round(rooms, status=RoundStatus.CLOSED)
    client.force_login(org_a.member)
    response = client.post(round_url(allocation_round), form_data(org_a.organisation, [rooms[0]]))
    assert response.status_code == 409
    assert "This round does not take requests now." in response.content.decode()
    assert not AllocationRequest.objects.exists()


def test_someone_without_an_organisation_cannot_send(client, rooms):
    from middenveld.accounts.tests.factories import UserFactory

    allocation_round = make_round(rooms)
    client.force_login(UserFactory())
    response = client.post(round_url(allocation_round), {"purpose": "Koor"})
    assert response.status_code == 403
    assert not AllocationRequest.objects.exists()


def test_withdrawing_works_for_members_and_is_not_found_for_others(client, rooms, org_a, org_b):
    allocation_round = make_round(rooms)
    request = ask(allocation_round, org_a, [rooms[0]])
    url = f"{round_url(allocation_round)}aanvraag/{request.pk}/intrekken/"
    client.force_login(org_b.admin)
    assert client.post(url).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    client.force_login(org_a.member)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "is withdrawn" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    response = client.post(url, follow=True)
    assert "already withdrawn" in response.content.decode()


def test_withdrawing_after_the_close_is_refused_on_the_page(client, rooms, org_a):
    allocation_round = make_round(rooms)
    request = ask(allocation_round, org_a, [rooms[0]])
    close(allocation_round)
    client.force_login(org_a.member)
    response = client.post(
        f"{round_url(allocation_round)}aanvraag/{request.pk}/intrekken/", follow=True
    )
    assert "can no longer be withdrawn" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


# --- The staff page -----------------------------------------------------------------------


def test_staff_run_a_round_from_open_to_published_on_the_page(
    client, staff, rooms, org_a, org_b, mailbox
):
    allocation_round = make_round(rooms, status=RoundStatus.DRAFT)
    client.force_login(staff)
    url = staff_url(allocation_round)
    assert client.post(url, {"action": "open"}).status_code == 302
    ask(allocation_round, org_a, [rooms[0], rooms[1]], purpose="Koor van A")
    ask(allocation_round, org_b, [rooms[0], rooms[1]], purpose="Dans van B")
    assert client.post(url, {"action": "close"}).status_code == 302
    response = client.post(url, {"action": "propose"}, follow=True)
    text = response.content.decode()
    assert "The proposal is made: 2 of 2 requests got a space." in text
    assert "Class 3 (other organisation)." in text
    assert "Proposal made" in text

    # Change one placement by hand, with bad input first.
    placement = Placement.objects.get(request__purpose="Dans van B")
    other = Placement.objects.get(request__purpose="Koor van A")
    change_url = f"{url}plaatsing/{placement.pk}/"
    page = client.get(change_url)
    assert page.status_code == 200
    response = client.post(change_url, {"space": str(rooms[2].pk), "reason": ""})
    assert response.status_code == 422
    assert "Say why you change this placement." in response.content.decode()
    response = client.post(change_url, {"space": str(other.space_id), "reason": "Ruil"})
    assert response.status_code == 409
    assert "clashes with the placement of" in response.content.decode()
    response = client.post(change_url, {"space": "999999", "reason": "Elders"})
    assert response.status_code == 422
    placement.refresh_from_db()
    assert not placement.by_hand
    response = client.post(
        change_url, {"space": str(rooms[2].pk), "reason": "Zaal C heeft een spiegelwand."}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.space == rooms[2] and placement.by_hand

    response = client.post(url, {"action": "publish"}, follow=True)
    text = response.content.decode()
    assert "The round is published: 2 weekly series are booked." in text
    assert Booking.objects.filter(allocation_round=allocation_round).count() == 2
    assert "Placement changed by hand" in text and "Zaal C heeft een spiegelwand." in text
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 409
    assert "already published" in response.content.decode()
    assert Booking.objects.filter(allocation_round=allocation_round).count() == 2
    # A published round's placements and details are read only.
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"space": "", "reason": "Te laat"}).status_code == 409
    assert (
        client.get(f"/en/beheer/spaces/allocationround/{allocation_round.pk}/change/").status_code
        == 200
    )

    # The organisations see where their requests ended up.
    client.force_login(org_b.member)
    page = client.get(round_url(allocation_round)).content.decode()
    assert "Allocated: Zaal C in Buurthuis De Vonk." in page
    assert "Changed by hand: Zaal C heeft een spiegelwand." in page
    assert "zaad-2027" in page  # the seed is published with the result


def test_an_unknown_action_or_a_step_out_of_order_changes_nothing(client, staff, rooms):
    allocation_round = make_round(rooms)
    client.force_login(staff)
    url = staff_url(allocation_round)
    assert client.post(url, {"action": "explode"}).status_code == 400
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 409
    response = client.post(url, {"action": "open"})
    assert response.status_code == 409
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.OPEN
    assert not allocation_round.log.exists()
    assert client.get("/en/beheer/spaces/toewijzing/999999/").status_code == 404


def test_staff_create_a_round_in_the_back_office_and_wrong_dates_are_refused(client, staff, rooms):
    client.force_login(staff)
    starts = timezone.localdate() + timedelta(weeks=8)
    opens = timezone.localtime() + timedelta(days=1)
    data = {
        "name": "Seizoen 2027–2028",
        "season_starts": starts.strftime("%Y-%m-%d"),
        "season_ends": (starts - timedelta(days=3)).strftime("%Y-%m-%d"),
        "requests_open_at_0": opens.strftime("%Y-%m-%d"),
        "requests_open_at_1": "09:00:00",
        "requests_close_at_0": (opens + timedelta(days=14)).strftime("%Y-%m-%d"),
        "requests_close_at_1": "17:00:00",
        "spaces": [str(rooms[0].pk), str(rooms[1].pk)],
        "seed": "",
    }
    response = client.post("/en/beheer/spaces/allocationround/add/", data)
    assert response.status_code == 200
    assert "The season must end after it starts." in response.content.decode()
    assert not AllocationRound.objects.exists()
    data["season_ends"] = (starts + timedelta(weeks=30)).strftime("%Y-%m-%d")
    response = client.post("/en/beheer/spaces/allocationround/add/", data)
    assert response.status_code == 302
    created = AllocationRound.objects.get()
    assert response["Location"].endswith(f"/beheer/spaces/toewijzing/{created.pk}/")
    assert created.created_by == staff and created.seed
    assert list(created.log.values_list("action", flat=True)) == ["created"]


def test_the_staff_round_page_does_not_grow_in_queries_with_more_requests(client, staff, rooms):
    allocation_round = make_round(rooms)
    for n in range(3):
        ask(allocation_round, org(f"Vereniging {n}"), rooms[:2])
    close(allocation_round)
    allocation.propose(allocation_round, by=staff)
    client.force_login(staff)
    url = staff_url(allocation_round)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    AllocationRound.objects.filter(pk=allocation_round.pk).update(status=RoundStatus.OPEN)
    for n in range(3, 9):
        ask(allocation_round, org(f"Vereniging {n}"), rooms[1:])
    AllocationRound.objects.filter(pk=allocation_round.pk).update(status=RoundStatus.CLOSED)
    allocation.propose(allocation_round, by=staff)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) <= len(few)
