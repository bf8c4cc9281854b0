from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.ballots import services
from middenveld.ballots.models import Ballot, Cast, Option
from middenveld.ballots.tests.factories import ProcessFactory, ballot_with_options

pytestmark = pytest.mark.django_db

COSTS = {"a": 40_000, "b": 30_000, "c": 50_000, "d": 20_000}


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def _results(ballot: Ballot) -> str:
    return f"/en/beheer/ballots/ballot/{ballot.pk}/uitslag/"


def _vote(ballot: Ballot, choices: list[str]) -> None:
    services.cast_ballot(ballot=ballot, by=UserFactory(), content={"choices": choices})


def test_the_list_shows_turnout_but_no_result(staff_client, django_assert_max_num_queries):
    ballot = ballot_with_options(electorate="residents")
    _vote(ballot, ["a"])
    _vote(ballot, ["b"])
    for _ in range(5):
        ballot_with_options()
    with django_assert_max_num_queries(12):
        response = staff_client.get("/en/beheer/ballots/ballot/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ballot.title in page
    assert "Count a Pabulib file" in page


def test_the_result_page_is_empty_before_the_close_even_for_staff(staff_client):
    ballot = ballot_with_options(electorate="residents")
    _vote(ballot, ["a"])
    response = staff_client.get(_results(ballot))
    page = response.content.decode()
    assert response.status_code == 200
    assert "hidden from everyone, city staff included" in page
    assert "Count again" not in page
    assert staff_client.post(_results(ballot)).status_code == 302
    ballot.refresh_from_db()
    assert ballot.result is None


def test_after_the_close_staff_see_the_result_and_can_recount_it(staff_client):
    ballot = ballot_with_options(
        method="budget", budget=100_000, costs=COSTS, electorate="residents"
    )
    for choice in (["a", "b"], ["a", "d"], ["c"]):
        _vote(ballot, choice)
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    page = staff_client.get(_results(ballot)).content.decode()
    assert "Selected projects (Method of Equal Shares)" in page
    stored = Ballot.objects.get(pk=ballot.pk)
    assert stored.inputs_hash in page

    response = staff_client.post(_results(ballot), follow=True)
    assert "the same votes give the same result" in response.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).result == stored.result


def test_options_and_method_are_locked_once_there_are_votes(staff_client):
    ballot = ballot_with_options(electorate="residents")
    change = f"/en/beheer/ballots/ballot/{ballot.pk}/change/"
    assert 'name="method"' in staff_client.get(change).content.decode()
    _vote(ballot, ["a"])
    page = staff_client.get(change).content.decode()
    assert 'name="method"' not in page
    assert 'name="options-0-code"' not in page


def test_staff_create_a_budget_ballot_with_options(staff_client):
    process = ProcessFactory()
    now = timezone.now()
    data = {
        "process": process.pk,
        "slug": "wijkbudget-test",
        "title_nl": "Wijkbudget",
        "description_nl": "",
        "published": "on",
        "method": "budget",
        "max_choices": "",
        "total_points": "100",
        "budget": "",
        "electorate": "residents",
        "who_casts": "admins",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": "10:00:00",
        "closes_at_0": (now + timedelta(days=7)).strftime("%Y-%m-%d"),
        "closes_at_1": "10:00:00",
        "options-TOTAL_FORMS": "1",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-order": "0",
        "options-0-code": "a",
        "options-0-title_nl": "Speeltuin",
        "options-0-cost": "",
    }
    response = staff_client.post("/en/beheer/ballots/ballot/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A budget ballot needs its budget in euro." in page
    data["budget"] = "100000"
    response = staff_client.post("/en/beheer/ballots/ballot/add/", data)
    assert "Every project on a budget ballot needs its cost." in response.content.decode()
    data["options-0-cost"] = "25000"
    response = staff_client.post("/en/beheer/ballots/ballot/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Option.objects.get().cost == 25_000


def test_a_pabulib_file_is_counted_on_the_import_page_and_nothing_is_stored(staff_client):
    text = (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
        "1;60;Speeltuin\n2;50;Bankjes\n3;40;Bomen\nVOTES\nvoter_id;vote\n1;1,3\n2;1\n3;2,3\n"
    )
    upload = SimpleUploadedFile("wijk.pb", text.encode(), content_type="text/plain")
    response = staff_client.post("/en/beheer/ballots/ballot/pb-tellen/", {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Speeltuin" in page and "Selected projects (Method of Equal Shares)" in page
    assert not Ballot.objects.exists() and not Cast.objects.exists()


def test_a_malformed_pabulib_file_is_refused_with_its_line(staff_client):
    text = "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;-5\nVOTES\nvoter_id;vote\n"
    upload = SimpleUploadedFile("kapot.pb", text.encode(), content_type="text/plain")
    response = staff_client.post("/en/beheer/ballots/ballot/pb-tellen/", {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 6:" in page
    assert "a cost must be more than 0" in page


def test_a_binary_file_is_refused_with_a_reason(staff_client):
    upload = SimpleUploadedFile("foto.pb", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    response = staff_client.post("/en/beheer/ballots/ballot/pb-tellen/", {"file": upload})
    assert response.status_code == 422
    assert "Line 1:" in response.content.decode()
