from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.ballots import services, views
from middenveld.ballots.models import Ballot, Cast
from middenveld.ballots.tests.factories import ballot_with_options
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

COSTS = {"a": 40_000, "b": 30_000, "c": 50_000, "d": 20_000}


def _url(ballot: Ballot) -> str:
    return f"/en/inspraak/stemmingen/{ballot.slug}/"


def _close(ballot: Ballot) -> None:
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))


def test_the_page_says_for_which_organisation_you_vote(client, org_a):
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    page = client.get(_url(ballot)).content.decode()
    assert "You vote for Buurtwerk Rabot." in page
    assert 'type="checkbox"' in page
    assert "Choose at most 2 options." in page


def test_casting_on_the_page_stores_the_vote_and_says_until_when_it_can_change(client, org_a):
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    response = client.post(
        _url(ballot), {"organisation": org_a.organisation.slug, "choices": ["a", "b"]}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your vote is stored. You can change it until" in page
    assert "Change your vote" in page
    assert Cast.objects.get().content == {"choices": ["a", "b"]}


def test_sending_the_form_twice_stores_one_vote(client, org_a):
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    data = {"organisation": org_a.organisation.slug, "choices": ["a"]}
    client.post(_url(ballot), data)
    response = client.post(_url(ballot), data, follow=True)
    assert "Your vote was already stored like this." in response.content.decode()
    assert Cast.objects.count() == 1


def test_too_many_choices_on_the_page_show_the_reason_and_store_nothing(client, org_a):
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    response = client.post(
        _url(ballot), {"organisation": org_a.organisation.slug, "choices": ["a", "b", "c"]}
    )
    assert response.status_code == 422
    assert "You chose 3 projects; this ballot allows at most 2." in response.content.decode()
    assert not Cast.objects.exists()


def test_a_member_without_the_right_is_told_to_ask_an_admin(client, org_a):
    ballot = ballot_with_options()
    client.force_login(org_a.member)
    page = client.get(_url(ballot)).content.decode()
    assert "Buurtwerk Rabot: ask one of its admins to vote." in page
    assert 'type="checkbox"' not in page
    response = client.post(
        _url(ballot), {"organisation": org_a.organisation.slug, "choices": ["a"]}
    )
    assert response.status_code == 403
    assert "Only an admin of Buurtwerk Rabot can cast its vote." in response.content.decode()
    assert not Cast.objects.exists()


def test_someone_with_two_organisations_chooses_which_one(client, org_a):
    second = OrganisationFactory(name="Zangkoor Zuid", slug="zangkoor-zuid")
    MembershipFactory(organisation=second, user=org_a.admin, role=MemberRole.ADMIN)
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    page = client.get(_url(ballot) + "?voor=zangkoor-zuid").content.decode()
    assert "You vote for Zangkoor Zuid." in page
    client.post(_url(ballot), {"organisation": "zangkoor-zuid", "choices": ["c"]})
    assert Cast.objects.get().organisation == second


def test_a_ranking_ballot_works_without_javascript(client):
    ballot = ballot_with_options(method="ranking", electorate="residents")
    person = UserFactory()
    client.force_login(person)
    page = client.get(_url(ballot)).content.decode()
    assert "<select" in page and "Not ranked" in page
    client.post(_url(ballot), {"rank_a": "2", "rank_c": "1", "rank_b": "", "rank_d": ""})
    assert Cast.objects.get().content == {"ranking": ["c", "a"]}


def test_two_options_on_the_same_place_are_refused(client):
    ballot = ballot_with_options(method="ranking", electorate="residents")
    client.force_login(UserFactory())
    response = client.post(_url(ballot), {"rank_a": "1", "rank_b": "1"})
    assert response.status_code == 422
    assert "You gave place 1 to more than one option" in response.content.decode()
    assert not Cast.objects.exists()


def test_a_points_ballot_takes_numbers_and_refuses_101_points(client):
    ballot = ballot_with_options(method="points", electorate="residents")
    client.force_login(UserFactory())
    response = client.post(_url(ballot), {"points_a": "60", "points_b": "41"})
    assert response.status_code == 422
    assert "You gave 101 points; share exactly 100." in response.content.decode()
    client.post(_url(ballot), {"points_a": "60", "points_b": "40", "points_c": ""})
    assert Cast.objects.get().content == {"points": {"a": 60, "b": 40}}


def test_a_budget_ballot_shows_costs_and_refuses_going_over_the_budget(client):
    ballot = ballot_with_options(
        method="budget", budget=100_000, costs=COSTS, electorate="residents"
    )
    client.force_login(UserFactory())
    page = client.get(_url(ballot)).content.decode()
    assert "Project C (€50,000)" in page
    assert "budget.js" in page
    response = client.post(_url(ballot), {"choices": ["a", "b", "c"]})
    assert response.status_code == 422
    assert "cost €120,000; the budget is €100,000" in response.content.decode()


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    ballot = ballot_with_options()
    page = client.get(_url(ballot)).content.decode()
    assert "Sign in to vote." in page
    response = client.post(_url(ballot), {"choices": ["a"]})
    assert response.status_code == 302
    assert "/aanmelden/" in response["Location"] or "login" in response["Location"]


def test_nothing_of_the_result_shows_before_the_close_not_even_to_staff(client, org_a):
    ballot = ballot_with_options()
    services.cast_ballot(
        ballot=ballot, by=org_a.admin, organisation=org_a.organisation, content={"choices": ["a"]}
    )
    client.force_login(StaffFactory())
    page = client.get(_url(ballot)).content.decode()
    assert "Result" not in page
    export = client.get(_url(ballot) + "stemmen.pb")
    assert export.status_code == 409
    assert "hidden from everyone" in export.content.decode()


def test_after_the_close_the_page_shows_the_result_in_plain_words(client):
    ballot = ballot_with_options(
        method="budget", budget=100_000, costs=COSTS, electorate="residents"
    )
    for choice in (["a", "b"], ["a", "d"], ["c"]):
        services.cast_ballot(ballot=ballot, by=UserFactory(), content={"choices": choice})
    _close(ballot)
    page = client.get(_url(ballot)).content.decode()
    assert "3 voters. The budget was €100,000" in page
    assert "Selected projects (Method of Equal Shares)" in page
    assert "Projects left out, and why" in page
    assert "For comparison: the most votes first (greedy)" in page
    assert 'type="checkbox"' not in page
    export = client.get(_url(ballot) + "stemmen.pb")
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.pb"')


def test_an_unpublished_ballot_is_not_found_except_for_staff(client):
    ballot = ballot_with_options(published=False)
    assert client.get(_url(ballot)).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(_url(ballot)).status_code == 200


def test_an_unknown_ballot_is_not_found(client):
    assert client.get("/en/inspraak/stemmingen/bestaat-niet/").status_code == 404


def test_forged_fields_on_the_form_change_nothing(client, org_a, org_b):
    ballot = ballot_with_options()
    client.force_login(org_a.admin)
    response = client.post(
        _url(ballot), {"organisation": org_b.organisation.slug, "choices": ["a"]}
    )
    assert response.status_code == 403
    assert "only vote for an organisation you are a member of" in response.content.decode()
    assert not Cast.objects.exists()
    response = client.post(_url(ballot), {"choices": ["<script>"], "organisation": "x" * 5000})
    assert response.status_code == 422
    assert not Cast.objects.filter(organisation=org_b.organisation).exists()


def test_the_list_view_groups_ballots_by_state():
    open_ballot = ballot_with_options()
    closed = ballot_with_options(closed=True)
    ballot_with_options(published=False)
    request = RequestFactory().get("/inspraak/stemmingen/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.ballot_list(request)
    page = response.content.decode()
    assert open_ballot.title in page and closed.title in page
    assert "Stemming" in page
