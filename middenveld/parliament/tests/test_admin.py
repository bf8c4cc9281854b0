"""The parliament in the back office: city staff open every list and form; a plain account
does not get in; mandates and their people go through the services' checks; the city's
answer to an advice and the log are read only."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.parliament.models import (
    Advice,
    Mandate,
    MandatePerson,
    MandateRole,
    ParliamentLog,
    Seat,
    SeatKind,
    SignalGroup,
    SignalTag,
)

pytestmark = pytest.mark.django_db

EDITABLE = ("body", "term", "seat", "mandate", "officer", "session", "advice", "signalgroup",
            "signaltag")  # fmt: skip
READ_ONLY = ("parliamentlog",)


@pytest.fixture
def filled(parliament):
    """A little of everything, so that lists and forms have rows to show."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    Advice.objects.create(
        body=parliament.body,
        number=f"A{today.year}-001",
        title="Advies",
        text="Tekst",
        adopted_on=today,
        sent_on=today,
        answer_due=today + timedelta(days=60),
    )
    SignalGroup.objects.create(title="Energie", year=today.year, summary="Samenvatting")
    SignalTag.objects.create(name="energie")
    ParliamentLog.objects.create(subject="session", subject_id=parliament.session.pk, change="x")
    return parliament


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY)
def test_staff_open_every_list(client, staff, filled, model):
    client.force_login(staff)
    assert client.get(f"/beheer/parliament/{model}/").status_code == 200


@pytest.mark.parametrize("model", EDITABLE)
def test_staff_open_every_add_form(client, staff, filled, model):
    client.force_login(staff)
    assert client.get(f"/beheer/parliament/{model}/add/").status_code == 200


def test_staff_open_the_change_forms(client, staff, filled):
    client.force_login(staff)
    mandate = filled.members[0].mandate
    for url in (
        f"/beheer/parliament/body/{filled.body.pk}/change/",
        f"/beheer/parliament/term/{filled.term.pk}/change/",
        f"/beheer/parliament/mandate/{mandate.pk}/change/",
        f"/beheer/parliament/session/{filled.session.pk}/change/",
        f"/beheer/parliament/advice/{Advice.objects.get().pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_log_cannot_be_added_to_or_changed(client, staff, filled):
    client.force_login(staff)
    assert client.get("/beheer/parliament/parliamentlog/add/").status_code == 403
    log = ParliamentLog.objects.first()
    page = client.get(f"/beheer/parliament/parliamentlog/{log.pk}/change/")
    assert page.status_code == 200  # a view-only page
    assert 'name="_save"' not in page.content.decode()
    response = client.post(f"/beheer/parliament/parliamentlog/{log.pk}/change/", {"change": "y"})
    assert response.status_code == 403
    log.refresh_from_db()
    assert log.change == "x"


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY)
def test_a_plain_user_cannot_open_the_lists(client, filled, model):
    client.force_login(filled.members[0].delegate)
    assert client.get(f"/beheer/parliament/{model}/", follow=True).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, filled):
    response = client.get("/beheer/parliament/mandate/")
    assert response.status_code == 302


def test_the_answer_of_an_advice_is_read_only(client, staff, filled):
    client.force_login(staff)
    advice = Advice.objects.get()
    html = client.get(f"/beheer/parliament/advice/{advice.pk}/change/").content.decode()
    assert 'name="answer_reasons"' not in html and 'name="answer"' not in html
    assert 'name="title"' in html


def _mandate_post(seat, organisation, term, people):
    data = {
        "seat": seat.pk,
        "organisation": organisation.pk,
        "starts_on": term.starts_on.strftime("%Y-%m-%d"),
        "ends_on": term.ends_on.strftime("%Y-%m-%d"),
        "people-TOTAL_FORMS": str(len(people)),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
    }
    for index, (user, role) in enumerate(people):
        data[f"people-{index}-user"] = user.pk
        data[f"people-{index}-role"] = role
    return data


def test_staff_grant_a_mandate_with_its_people_through_the_services(client, staff, filled):
    from middenveld.organisations.models import MemberRole
    from middenveld.organisations.tests.factories import MembershipFactory

    organisation = OrganisationFactory(name="Nieuwe zetelhouder")
    delegate = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    seat = Seat.objects.create(term=filled.term, number=99, kind=SeatKind.LOT)
    client.force_login(staff)

    response = client.post(
        "/beheer/parliament/mandate/add/",
        _mandate_post(seat, organisation, filled.term, [(delegate, MandateRole.DELEGATE)]),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    mandate = Mandate.objects.get(seat=seat)
    assert MandatePerson.objects.get(mandate=mandate).user == delegate
    changes = set(
        ParliamentLog.objects.filter(subject="mandate", subject_id=mandate.pk).values_list(
            "change", flat=True
        )
    )
    assert changes == {"granted", "people"}


def test_a_delegate_who_is_not_a_member_is_refused(client, staff, filled):
    organisation = OrganisationFactory(name="Zonder leden")
    outsider = UserFactory(name="Buitenstaander")
    seat = Seat.objects.create(term=filled.term, number=98, kind=SeatKind.LOT)
    client.force_login(staff)

    response = client.post(
        "/en/beheer/parliament/mandate/add/",  # English messages
        _mandate_post(seat, organisation, filled.term, [(outsider, MandateRole.DELEGATE)]),
    )

    assert response.status_code == 200
    assert "is not a member of" in response.content.decode()
    assert not Mandate.objects.filter(seat=seat).exists()


def test_a_second_mandate_on_a_held_seat_is_refused(client, staff, filled):
    member = filled.members[0]
    client.force_login(staff)

    response = client.post(
        "/en/beheer/parliament/mandate/add/",  # English messages
        _mandate_post(member.seat, OrganisationFactory(), filled.term, []),
    )

    assert response.status_code == 200
    assert "already held" in response.content.decode()
    assert Mandate.objects.filter(seat=member.seat).count() == 1
