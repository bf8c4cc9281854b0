from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.ballots import services
from middenveld.ballots.models import Cast
from middenveld.ballots.tests.factories import BallotFactory, ballot_with_options
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotAuthenticated
from middenveld.organisations.models import MemberRole, Status, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.participation.counting.errors import BallotInvalid

pytestmark = pytest.mark.django_db

COSTS = {"a": 40_000, "b": 30_000, "c": 50_000, "d": 20_000}


def _cast(ballot, who, content, organisation=None):
    return services.cast_ballot(ballot=ballot, by=who, organisation=organisation, content=content)


# --- Who may vote -------------------------------------------------------------------------


def test_an_admin_casts_the_vote_of_their_organisation(org_a):
    ballot = ballot_with_options()
    outcome = _cast(ballot, org_a.admin, {"choices": ["a", "c"]}, org_a.organisation)

    assert outcome.status == "cast"
    cast = Cast.objects.get()
    assert cast.organisation == org_a.organisation
    assert cast.user is None
    assert cast.cast_by == org_a.admin
    assert cast.content == {"choices": ["a", "c"]}


def test_a_plain_member_cannot_cast_when_only_admins_may(org_a):
    ballot = ballot_with_options()
    with pytest.raises(Forbidden, match="Only an admin of Buurtwerk Rabot"):
        _cast(ballot, org_a.member, {"choices": ["a"]}, org_a.organisation)
    assert not Cast.objects.exists()


def test_any_member_may_cast_when_the_ballot_says_so(org_a):
    ballot = ballot_with_options(who_casts="members")
    _cast(ballot, org_a.member, {"choices": ["a"]}, org_a.organisation)
    outcome = _cast(ballot, org_a.admin, {"choices": ["b"]}, org_a.organisation)

    assert outcome.status == "changed"
    assert Cast.objects.get().content == {"choices": ["b"]}


def test_nobody_votes_for_an_organisation_they_do_not_belong_to(org_a, org_b):
    ballot = ballot_with_options()
    with pytest.raises(Forbidden, match="only vote for an organisation you are a member of"):
        _cast(ballot, org_b.admin, {"choices": ["a"]}, org_a.organisation)
    with pytest.raises(Forbidden):
        _cast(ballot, StaffFactory(), {"choices": ["a"]}, org_a.organisation)
    assert not Cast.objects.exists()


def test_an_organisation_that_is_not_verified_cannot_vote():
    organisation = OrganisationFactory(status=Status.SUBMITTED)
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    with pytest.raises(Forbidden, match="verified"):
        _cast(ballot_with_options(), admin, {"choices": ["a"]}, organisation)


def test_an_organisation_ballot_needs_the_organisation(org_a):
    with pytest.raises(Invalid, match="Choose the organisation"):
        _cast(ballot_with_options(), org_a.admin, {"choices": ["a"]})


def test_a_resident_votes_for_themselves_only(org_a):
    ballot = ballot_with_options(electorate="residents")
    person = UserFactory()
    _cast(ballot, person, {"choices": ["a"]})
    assert Cast.objects.get().user == person
    with pytest.raises(Invalid, match="every resident votes for themselves"):
        _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)


def test_an_anonymous_visitor_must_sign_in():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        _cast(ballot_with_options(electorate="residents"), AnonymousUser(), {"choices": ["a"]})


def test_an_unpublished_ballot_takes_no_votes():
    ballot = ballot_with_options(electorate="residents", published=False)
    with pytest.raises(Forbidden, match="does not exist"):
        _cast(ballot, UserFactory(), {"choices": ["a"]})


# --- When ---------------------------------------------------------------------------------


def test_casting_before_the_opening_is_refused(org_a):
    ballot = ballot_with_options(upcoming=True)
    with pytest.raises(Conflict, match="opens on") as error:
        _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    assert error.value.code == "ballot_not_open"
    assert not Cast.objects.exists()


def test_casting_after_the_close_is_refused(org_a):
    ballot = ballot_with_options(closed=True)
    with pytest.raises(Conflict, match="closed on") as error:
        _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    assert error.value.code == "ballot_closed"


def test_changing_a_vote_after_the_close_is_refused_and_the_last_vote_stays(org_a):
    ballot = ballot_with_options()
    _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    ballot.closes_at = timezone.now() - timedelta(seconds=1)
    ballot.save()
    with pytest.raises(Conflict):
        _cast(ballot, org_a.admin, {"choices": ["b"]}, org_a.organisation)
    assert Cast.objects.get().content == {"choices": ["a"]}


def test_the_close_follows_the_server_clock(org_a, monkeypatch):
    ballot = ballot_with_options()
    later = ballot.closes_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(Conflict):
        _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)


# --- Double clicks and changes ------------------------------------------------------------


def test_the_same_vote_twice_is_one_row_and_no_error(org_a):
    ballot = ballot_with_options()
    first = _cast(ballot, org_a.admin, {"choices": ["a", "b"]}, org_a.organisation)
    again = _cast(ballot, org_a.admin, {"choices": ["b", "a"]}, org_a.organisation)

    assert (first.status, again.status) == ("cast", "unchanged")
    assert Cast.objects.count() == 1
    assert Cast.objects.get().changes == 0


def test_a_new_vote_replaces_the_old_one_in_the_same_row(org_a):
    ballot = ballot_with_options()
    first = _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    second = _cast(ballot, org_a.admin, {"choices": ["c", "d"]}, org_a.organisation)

    assert second.status == "changed"
    assert second.cast.pk == first.cast.pk
    cast = Cast.objects.get()
    assert cast.content == {"choices": ["c", "d"]}
    assert cast.changes == 1
    assert cast.updated_at >= cast.created_at


# --- Bad votes: a clear message and nothing stored -----------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "content", "message"),
    [
        (
            {"max_choices": 2},
            {"choices": ["a", "b", "c"]},
            "You chose 3 projects; this ballot allows at most 2.",
        ),
        ({}, {"choices": ["a", "a"]}, "Project a is on your ballot twice."),
        ({}, {"choices": ["zz"]}, "Project zz is not on this ballot."),
        ({}, {"choices": [7]}, "Option 7 is not on this ballot."),
        ({}, {"choices": "a"}, "Send choices as a list of option codes."),
        ({}, {"choices": []}, "at least 1"),
        ({"method": "budget", "budget": 100_000}, {"choices": []}, "at least 1"),
        ({}, {"ranking": ["a"]}, "send your vote as “choices”"),
        ({}, ["a"], "Your vote could not be read."),
        ({"method": "ranking"}, {"ranking": ["a", "b", "a"]}, "Project a is on your ballot twice."),
        ({"method": "ranking"}, {"ranking": []}, "Put at least 1 project in your order."),
        (
            {"method": "points"},
            {"points": {"a": 60, "b": 41}},
            "You gave 101 points; share exactly 100.",
        ),
        (
            {"method": "points"},
            {"points": {"a": 101, "b": -1}},
            "Project b has -1 points; give 0 points or more.",
        ),
        ({"method": "points"}, {"points": {"a": "100"}}, "Give whole numbers of points"),
        ({"method": "points"}, {"points": ["a"]}, "Send the points as a list"),
        (
            {"method": "budget", "budget": 100_000},
            {"choices": ["a", "b", "c"]},
            "cost €120,000; the budget is €100,000",
        ),
        (
            {"method": "budget", "budget": 100_000},
            {"choices": ["x"]},
            "Project x is not on this ballot.",
        ),
    ],
)
def test_a_bad_vote_is_refused_with_a_clear_message(org_a, kwargs, content, message):
    ballot = ballot_with_options(costs=COSTS, **kwargs)
    with pytest.raises(BallotInvalid) as error:
        _cast(ballot, org_a.admin, content, org_a.organisation)
    assert message in str(error.value)
    assert isinstance(error.value, Invalid)
    assert not Cast.objects.exists()


def test_a_bad_change_keeps_the_stored_vote(org_a):
    ballot = ballot_with_options(method="points")
    _cast(ballot, org_a.admin, {"points": {"a": 70, "b": 30}}, org_a.organisation)
    with pytest.raises(BallotInvalid):
        _cast(ballot, org_a.admin, {"points": {"a": 70, "b": 31}}, org_a.organisation)
    assert Cast.objects.get().content == {"points": {"a": 70, "b": 30}}


def test_points_without_zeros_and_choices_in_ballot_order_are_stored(org_a):
    ballot = ballot_with_options(method="points")
    _cast(ballot, org_a.admin, {"points": {"c": 50, "a": 50, "b": 0}}, org_a.organisation)
    assert Cast.objects.get().content == {"points": {"a": 50, "c": 50}}


def test_a_budget_vote_within_the_budget_is_stored(org_a):
    ballot = ballot_with_options(costs=COSTS, method="budget", budget=100_000)
    _cast(ballot, org_a.admin, {"choices": ["d", "a", "b"]}, org_a.organisation)
    assert Cast.objects.get().content == {"choices": ["a", "b", "d"]}


# --- Timeline ---------------------------------------------------------------------------


def test_the_timeline_says_that_the_organisation_voted_not_what(org_a):
    ballot = ballot_with_options()
    _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    _cast(ballot, org_a.admin, {"choices": ["b"]}, org_a.organisation)

    events = list(TimelineEvent.objects.filter(organisation=org_a.organisation).order_by("id"))
    assert [e.kind for e in events] == ["ballots.cast", "ballots.changed"]
    assert events[0].actor == org_a.admin
    assert events[0].data == {"ballot": ballot.title, "ballot_id": ballot.pk}
    from middenveld.organisations.timeline import event_sentence

    assert event_sentence(events[0]) == f"Ballot cast: {ballot.title}"
    assert "Project" not in event_sentence(events[1])


def test_a_residents_vote_is_not_in_any_timeline():
    ballot = ballot_with_options(electorate="residents")
    _cast(ballot, UserFactory(), {"choices": ["a"]})
    assert not TimelineEvent.objects.filter(kind__startswith="ballots.").exists()


# --- Results hidden until the close ----------------------------------------------------


def test_results_are_refused_before_the_close_for_staff_too(org_a):
    ballot = ballot_with_options()
    _cast(ballot, org_a.admin, {"choices": ["a"]}, org_a.organisation)
    for user in (StaffFactory(), org_a.admin):
        with pytest.raises(Conflict, match="hidden from everyone, city staff included"):
            services.ballot_results(ballot=ballot, user=user)
        with pytest.raises(Conflict):
            services.ballot_export_pb(ballot=ballot, user=user)
    ballot.refresh_from_db()
    assert ballot.result is None


def test_recounting_is_for_city_staff(org_a):
    ballot = BallotFactory(closed=True)
    with pytest.raises(Forbidden):
        services.ballot_recount(ballot=ballot, by=org_a.admin)
