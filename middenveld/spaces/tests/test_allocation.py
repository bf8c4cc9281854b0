"""Seasonal allocation: the round's life, requests and their bad input, the published
rule (classes, a repeatable draw, one request per organisation per turn, choices in
rank order, capacity and clashes), changes by hand, publishing as series."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.city.models import Notification
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.organisations.models import MemberRole, TimelineEvent
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    RecognitionFactory,
)
from middenveld.spaces import allocation, services, times
from middenveld.spaces.models import (
    AllocationRequest,
    AllocationRound,
    BookingLog,
    BookingStatus,
    Placement,
    RequestStatus,
    RoundStatus,
)
from middenveld.spaces.tests.conftest import OrgWithPeople, book
from middenveld.spaces.tests.factories import BuildingFactory, OpeningHoursFactory, SpaceFactory

pytestmark = pytest.mark.django_db

TUESDAY = 1


# --- Helpers ------------------------------------------------------------------------------


def upcoming_monday(weeks: int = 4) -> date:
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day - timedelta(days=day.weekday())


def make_round(
    spaces: list[Any],
    *,
    starts: date | None = None,
    weeks: int = 8,
    seed: str = "zaad-2027",
    status: str = RoundStatus.OPEN,
) -> AllocationRound:
    starts = starts or upcoming_monday()
    now = timezone.now()
    allocation_round = AllocationRound.objects.create(
        name="Seizoen test",
        season_starts=starts,
        season_ends=starts + timedelta(weeks=weeks) - timedelta(days=1),
        requests_open_at=now - timedelta(days=1),
        requests_close_at=times.day_bounds(starts)[0] - timedelta(hours=1),
        seed=seed,
        status=status,
    )
    allocation_round.spaces.set(spaces)
    return allocation_round


def org(
    name: str, *, districts: list[str] | None = None, recognised: bool = False
) -> OrgWithPeople:
    organisation = OrganisationFactory(name=name, districts=districts or [])
    if recognised:
        RecognitionFactory(
            organisation=organisation,
            type__code="basiswerk",
            valid_from=timezone.localdate() - timedelta(days=10),
            valid_until=timezone.localdate() + timedelta(days=700),
        )
    admin = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user
    return OrgWithPeople(organisation, admin, member)


def ask(
    allocation_round: AllocationRound,
    who: OrgWithPeople,
    spaces: list[Any],
    *,
    weekday: int = TUESDAY,
    start: str = "19:00",
    end: str = "21:00",
    **extra: Any,
) -> AllocationRequest:
    return allocation.request_submit(
        allocation_round=allocation_round,
        organisation=who.organisation,
        by=extra.pop("by", who.member),
        purpose=extra.pop("purpose", f"Repetitie {who.organisation.name}"),
        attendees=extra.pop("attendees", 20),
        weekday=weekday,
        start_time=start,
        end_time=end,
        interval_weeks=extra.pop("interval_weeks", 1),
        preferences=[space.pk for space in spaces],
        **extra,
    )


def close(allocation_round: AllocationRound) -> AllocationRound:
    AllocationRound.objects.filter(pk=allocation_round.pk).update(status=RoundStatus.CLOSED)
    allocation_round.refresh_from_db()
    return allocation_round


def placed(allocation_round: AllocationRound) -> dict[int, Placement]:
    return {
        placement.request_id: placement
        for placement in Placement.objects.filter(
            request__allocation_round=allocation_round
        ).select_related("space")
    }


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


# --- The round ----------------------------------------------------------------------------


def test_staff_create_open_and_close_a_round_and_each_step_is_logged(staff, rooms):
    starts = upcoming_monday(6)
    allocation_round = allocation.round_create(
        by=staff,
        name="Seizoen 2027",
        season_starts=starts,
        season_ends=starts + timedelta(weeks=30),
        requests_open_at=timezone.now(),
        requests_close_at=timezone.now() + timedelta(days=14),
        spaces=rooms,
    )
    assert allocation_round.status == RoundStatus.DRAFT
    assert allocation_round.seed  # drawn when none is given
    allocation.round_open(allocation_round, by=staff)
    allocation.round_close(allocation_round, by=staff)
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.CLOSED
    actions = list(allocation_round.log.values_list("action", "actor_id"))
    assert actions == [("created", staff.pk), ("opened", staff.pk), ("closed", staff.pk)]
    with pytest.raises(Conflict):
        allocation.round_open(allocation_round, by=staff)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"season_ends": -1}, "season_ends"),
        ({"season_starts_year": 9999}, "season_starts"),
        ({"close_after_season": True}, "requests_close_at"),
        ({"close_before_open": True}, "requests_close_at"),
        ({"season_weeks": 60}, "season_ends"),
    ],
)
def test_a_round_with_wrong_dates_is_refused_and_nothing_is_saved(staff, rooms, change, field):
    starts = upcoming_monday(6)
    ends = starts + timedelta(weeks=change.get("season_weeks", 30))
    if "season_ends" in change:
        ends = starts - timedelta(days=1)
    if "season_starts_year" in change:
        starts = starts.replace(year=9999)
    opens = timezone.now()
    closes = opens + timedelta(days=14)
    if change.get("close_after_season"):
        closes = times.day_bounds(starts)[0] + timedelta(days=1)
    if change.get("close_before_open"):
        closes = opens - timedelta(hours=1)
    with pytest.raises(Invalid) as refused:
        allocation.round_create(
            by=staff,
            name="Fout",
            season_starts=starts,
            season_ends=ends,
            requests_open_at=opens,
            requests_close_at=closes,
            spaces=rooms,
        )
    assert field in refused.value.details["fields"]
    assert not AllocationRound.objects.exists()


def test_only_staff_manage_rounds(org_a, rooms):
    allocation_round = make_round(rooms, status=RoundStatus.DRAFT)
    with pytest.raises(Forbidden):
        allocation.round_open(allocation_round, by=org_a.admin)
    with pytest.raises(Forbidden):
        allocation.propose(allocation_round, by=org_a.admin)
    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.DRAFT
    assert not allocation_round.log.exists()


# --- Requests -----------------------------------------------------------------------------


def test_a_member_sends_a_request_with_ranked_spaces_and_withdraws_it(org_a, rooms):
    allocation_round = make_round(rooms)
    request = ask(allocation_round, org_a, [rooms[1], rooms[0]])
    assert [(p.rank, p.space_id) for p in request.preferences.all()] == [
        (1, rooms[1].pk),
        (2, rooms[0].pk),
    ]
    assert request.requested_by == org_a.member
    allocation.request_withdraw(request=request, by=org_a.admin)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    with pytest.raises(Conflict):
        allocation.request_withdraw(request=request, by=org_a.admin)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": "21:00", "end": "19:00"}, "end_time"),
        ({"start": "19:00", "end": "19:00"}, "end_time"),
        ({"start": "25:00"}, "start_time"),
        ({"weekday": 9}, "weekday"),
        ({"interval_weeks": 3}, "interval_weeks"),
        ({"attendees": 0}, "attendees"),
        ({"attendees": "veel"}, "attendees"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "x" * 201}, "purpose"),
    ],
)
def test_bad_answers_in_a_request_are_refused_and_nothing_is_saved(org_a, rooms, kwargs, field):
    allocation_round = make_round(rooms)
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [rooms[0]], **kwargs)
    assert field in refused.value.details["fields"]
    assert not AllocationRequest.objects.exists()


def test_the_same_space_twice_is_refused(org_a, rooms):
    allocation_round = make_round(rooms)
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [rooms[0], rooms[1], rooms[0]])
    assert "preference_3" in refused.value.details["fields"]
    assert "Choose each space once" in str(refused.value.details["fields"]["preference_3"])
    assert not AllocationRequest.objects.exists()


def test_a_space_outside_the_round_is_refused(org_a, rooms):
    allocation_round = make_round(rooms[:2])
    elsewhere = SpaceFactory(name="Elders")
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [rooms[0], elsewhere])
    assert "not part of this round" in str(refused.value.details["fields"]["preference_2"])
    with pytest.raises(Invalid):
        allocation.request_submit(
            allocation_round=allocation_round,
            organisation=org_a.organisation,
            by=org_a.member,
            purpose="Koor",
            attendees=10,
            weekday=1,
            start_time="19:00",
            end_time="21:00",
            preferences=["niet-een-nummer"],
        )
    assert not AllocationRequest.objects.exists()


def test_a_rank_list_of_fifty_is_refused_before_anything_is_looked_up(org_a, rooms):
    allocation_round = make_round(rooms)
    with pytest.raises(Invalid) as refused:
        allocation.request_submit(
            allocation_round=allocation_round,
            organisation=org_a.organisation,
            by=org_a.member,
            purpose="Koor",
            attendees=10,
            weekday=1,
            start_time="19:00",
            end_time="21:00",
            preferences=list(range(1, 51)),
        )
    assert "at most 3" in str(refused.value)
    with pytest.raises(Invalid):
        ask(allocation_round, org_a, rooms + [SpaceFactory(building=rooms[0].building)])
    with pytest.raises(Invalid):
        ask(allocation_round, org_a, [])
    assert not AllocationRequest.objects.exists()


def test_a_space_too_small_or_closed_then_or_not_open_to_the_organisation_is_refused_with_reasons(
    org_a, rooms
):
    small, closed, recognised_only = rooms
    small.capacity = 10
    small.save()
    OpeningHoursFactory(building=closed.building, weekday=TUESDAY, opens=time(9), closes=time(17))
    recognised_only.who_may_book = {"recognitions": ["basiswerk"]}
    recognised_only.save()
    allocation_round = make_round(rooms)
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [small], attendees=30)
    assert "holds at most 10 people" in str(refused.value)
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [recognised_only], start="10:00", end="12:00")
    assert "cannot book this space" in str(refused.value)
    assert "recognition" in str(refused.value)
    with pytest.raises(Invalid) as refused:
        ask(allocation_round, org_a, [closed])
    assert "open on tuesday from 09:00–17:00 only" in str(refused.value)
    assert not AllocationRequest.objects.exists()


def test_a_closed_round_or_one_outside_its_period_takes_no_requests(org_a, rooms):
    allocation_round = make_round(rooms, status=RoundStatus.CLOSED)
    with pytest.raises(Conflict):
        ask(allocation_round, org_a, [rooms[0]])
    draft = make_round(rooms, status=RoundStatus.DRAFT)
    with pytest.raises(Conflict):
        ask(draft, org_a, [rooms[0]])
    later = make_round(rooms)
    AllocationRound.objects.filter(pk=later.pk).update(
        requests_open_at=timezone.now() + timedelta(days=1)
    )
    later.refresh_from_db()
    with pytest.raises(Conflict):
        ask(later, org_a, [rooms[0]])
    assert not AllocationRequest.objects.exists()


def test_a_member_of_a_cannot_send_or_withdraw_for_b(org_a, org_b, rooms):
    allocation_round = make_round(rooms)
    with pytest.raises(Forbidden):
        ask(allocation_round, org_b, [rooms[0]], by=org_a.member)
    request = ask(allocation_round, org_b, [rooms[0]])
    with pytest.raises(Forbidden):
        allocation.request_withdraw(request=request, by=org_a.admin)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert AllocationRequest.objects.count() == 1


def test_withdrawing_after_the_round_closed_is_refused(org_a, rooms):
    allocation_round = make_round(rooms)
    request = ask(allocation_round, org_a, [rooms[0]])
    close(allocation_round)
    with pytest.raises(Conflict):
        allocation.request_withdraw(request=request, by=org_a.member)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_an_organisation_sends_at_most_the_cap_of_requests(org_a, rooms, monkeypatch):
    monkeypatch.setattr(allocation, "MAX_REQUESTS_PER_ORGANISATION", 2)
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0]])
    ask(allocation_round, org_a, [rooms[1]])
    with pytest.raises(Conflict):
        ask(allocation_round, org_a, [rooms[2]])
    assert AllocationRequest.objects.count() == 2


# --- Demand -------------------------------------------------------------------------------


def test_demand_counts_choices_per_space_and_hours_per_weekday(org_a, org_b, rooms):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0], rooms[1]])
    ask(allocation_round, org_b, [rooms[0]], weekday=3, start="18:00", end="21:30")
    withdrawn = ask(allocation_round, org_b, [rooms[2]])
    allocation.request_withdraw(request=withdrawn, by=org_b.member)
    rows = {row.space.pk: row for row in allocation.demand(allocation_round)}
    assert rows[rooms[0].pk].choices == [2, 0, 0]
    assert rows[rooms[1].pk].choices == [0, 1, 0]
    assert rows[rooms[2].pk].choices == [0, 0, 0]
    hours = rows[rooms[0].pk].hours
    assert str(hours[TUESDAY]) == "2.0" and str(hours[3]) == "3.5"


# --- The rule -----------------------------------------------------------------------------


def test_priority_classes_come_first_whatever_the_draw(rooms):
    district = DistrictFactory(slug="rabot", name="Rabot")
    rooms[0].building.district = district
    rooms[0].building.save()
    other = org("Los groepje")  # class 3, sends first
    recognised = org("Erkend elders", districts=["ledeberg"], recognised=True)  # class 2
    local = org("Erkend in Rabot", districts=["rabot"], recognised=True)  # class 1
    allocation_round = make_round(rooms)
    first = ask(allocation_round, other, [rooms[0]])
    second = ask(allocation_round, recognised, [rooms[0]])
    third = ask(allocation_round, local, [rooms[0]])
    close(allocation_round)
    classes = allocation.priority_classes(allocation_round, allocation._submitted(allocation_round))
    assert classes == {first.pk: 3, second.pk: 2, third.pk: 1}
    for seed in ("a", "b", "c"):
        outcomes = {o.request.pk: o for o in allocation.compute(allocation_round, seed=seed)}
        assert outcomes[third.pk].space == rooms[0]
        assert outcomes[second.pk].space is None
        assert outcomes[first.pk].space is None
    outcomes = {o.request.pk: o for o in allocation.compute(allocation_round)}
    assert outcomes[third.pk].reason.startswith("Class 1 (recognised organisation active")
    assert "Got its 1st choice, Zaal A." in outcomes[third.pk].reason
    assert "No space could be given." in outcomes[second.pk].reason
    assert "was given to Erkend in Rabot (class 1, a higher priority class)" in (
        outcomes[second.pk].reason
    )
    assert outcomes[first.pk].reason.startswith("Class 3 (other organisation).")


def test_the_draw_among_equals_is_repeatable_with_the_seed_and_changes_with_another(rooms):
    groups = [org(f"Vereniging {n}") for n in range(6)]
    allocation_round = make_round(rooms[:1])
    requests = [ask(allocation_round, group, [rooms[0]]) for group in groups]
    close(allocation_round)

    def winner(seed: str) -> int:
        won = [o for o in allocation.compute(allocation_round, seed=seed) if o.space is not None]
        assert len(won) == 1
        return won[0].request.pk

    # Anyone can repeat the draw from the published seed.
    order = sorted(r.pk for r in requests)
    random.Random("zaad-2027:3").shuffle(order)
    assert winner("zaad-2027") == order[0] == winner("zaad-2027")
    assert allocation.draw_order("zaad-2027", 3, [r.pk for r in requests]) == order
    # Another seed draws another order (and, for one of these, another winner).
    assert any(allocation.draw_order(seed, 3, order) != order for seed in ("x", "y", "z"))
    assert any(winner(f"zaad-{n}") != order[0] for n in range(20))
    losers = [o for o in allocation.compute(allocation_round) if o.space is None]
    assert all("drawn earlier by lot with seed “zaad-2027”" in o.reason for o in losers)
    assert all("Place in the draw of class 3" in o.reason for o in losers)


def test_each_organisation_has_one_request_handled_per_turn(rooms):
    many = org("Veel aanvragen")
    one = org("Een aanvraag")
    allocation_round = make_round(rooms[:2])
    mine = [
        ask(allocation_round, many, rooms[:2], purpose="Eerste"),
        ask(allocation_round, many, rooms[:2], purpose="Tweede"),
    ]
    theirs = ask(allocation_round, one, rooms[:2])
    close(allocation_round)
    ids = [r.pk for r in (*mine, theirs)]
    # A seed that draws both requests of the same organisation before the other one.
    seed = next(
        f"s{n}" for n in range(200) if allocation.draw_order(f"s{n}", 3, ids)[-1] == theirs.pk
    )
    outcomes = {o.request.pk: o for o in allocation.compute(allocation_round, seed=seed)}
    assert outcomes[theirs.pk].space is not None
    assert outcomes[theirs.pk].turn == 1
    placed_mine = [outcomes[r.pk] for r in mine if outcomes[r.pk].space is not None]
    assert len(placed_mine) == 1
    second = next(outcomes[r.pk] for r in mine if outcomes[r.pk].space is None)
    assert second.turn == 2
    assert "handled in turn 2" in second.reason
    assert "another request of the same organisation" in second.reason


def test_a_request_gets_its_highest_free_choice_and_the_reason_says_why(rooms):
    district = DistrictFactory(slug="brugse-poort", name="Brugse Poort")
    for room in rooms:
        room.building.district = district
        room.building.save()
    first = org("Eerste", districts=["brugse-poort"], recognised=True)
    second = org("Tweede", districts=["brugse-poort"], recognised=True)
    third = org("Derde")
    allocation_round = make_round(rooms)
    ask(allocation_round, first, [rooms[0]])
    ask(allocation_round, second, [rooms[1]])
    later = ask(allocation_round, third, [rooms[0], rooms[1], rooms[2]])
    close(allocation_round)
    outcome = next(o for o in allocation.compute(allocation_round) if o.request.pk == later.pk)
    assert outcome.space == rooms[2] and outcome.rank == 3
    assert "Got its 3rd choice, Zaal C." in outcome.reason
    assert "Its 1st choice (Zaal A) was given to Eerste (class 1" in outcome.reason
    assert "Its 2nd choice (Zaal B) was given to Tweede (class 1" in outcome.reason
    assert outcome.reason.index("1st choice (Zaal A)") < outcome.reason.index("2nd choice")


def test_back_to_back_fits_and_other_weekdays_do_not_clash(rooms, org_a, org_b):
    third = org("Derde")
    allocation_round = make_round(rooms[:1])
    early = ask(allocation_round, org_a, [rooms[0]], start="17:00", end="19:00")
    late = ask(allocation_round, org_b, [rooms[0]], start="19:00", end="21:00")
    thursday = ask(allocation_round, third, [rooms[0]], weekday=3)
    close(allocation_round)
    outcomes = {o.request.pk: o for o in allocation.compute(allocation_round)}
    assert all(outcomes[r.pk].space == rooms[0] for r in (early, late, thursday))


def test_setup_time_and_every_two_weeks_still_clash(rooms, org_a, org_b):
    rooms[0].buffer_after_minutes = 30
    rooms[0].save()
    allocation_round = make_round(rooms[:1])
    ask(allocation_round, org_a, [rooms[0]], start="17:00", end="19:00")
    ask(allocation_round, org_b, [rooms[0]], start="19:00", end="21:00", interval_weeks=2)
    close(allocation_round)
    outcomes = allocation.compute(allocation_round)
    assert sum(1 for o in outcomes if o.space is not None) == 1


def test_a_hall_and_its_parts_clash(hall, org_a, org_b):
    allocation_round = make_round([hall.whole, hall.left, hall.right])
    ask(allocation_round, org_a, [hall.whole], attendees=100)
    ask(allocation_round, org_b, [hall.left])
    close(allocation_round)
    outcomes = allocation.compute(allocation_round)
    assert sum(1 for o in outcomes if o.space is not None) == 1
    loser = next(o for o in outcomes if o.space is None)
    assert "takes up the same room" in loser.reason or "was given to" in loser.reason


def test_existing_bookings_in_the_season_are_respected(rooms, org_a, org_b):
    allocation_round = make_round(rooms[:2])
    day = allocation_round.season_starts + timedelta(days=TUESDAY + 14)
    book(rooms[0], org_b, day, "20:00", "22:00")
    request = ask(allocation_round, org_a, [rooms[0], rooms[1]])
    close(allocation_round)
    outcome = allocation.compute(allocation_round)[0]
    assert outcome.request.pk == request.pk
    assert outcome.space == rooms[1]
    assert "Its 1st choice (Zaal A) is already booked on 1 of the 8 dates." in outcome.reason


def test_capacity_and_rules_changed_after_the_request_are_respected(rooms, org_a):
    allocation_round = make_round(rooms[:2])
    request = ask(allocation_round, org_a, [rooms[0], rooms[1]], attendees=30)
    rooms[0].capacity = 12
    rooms[0].save()
    rooms[1].who_may_book = {"recognitions": ["basiswerk"]}
    rooms[1].save()
    close(allocation_round)
    outcome = allocation.compute(allocation_round)[0]
    assert outcome.request.pk == request.pk and outcome.space is None
    assert "Its 1st choice (Zaal A) does not fit: It holds at most 12 people" in outcome.reason
    assert "Its 2nd choice (Zaal B) is not open to this organisation" in outcome.reason


def test_propose_stores_one_placement_per_request_with_a_reason_and_logs_it(
    staff, rooms, org_a, org_b
):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0]])
    ask(allocation_round, org_b, [rooms[0]])
    withdrawn = ask(allocation_round, org_b, [rooms[1]], purpose="Ingetrokken")
    allocation.request_withdraw(request=withdrawn, by=org_b.member)
    with pytest.raises(Conflict):
        allocation.propose(allocation_round, by=staff)  # still open
    close(allocation_round)
    placements = allocation.propose(allocation_round, by=staff)
    assert len(placements) == 2
    assert all(p.reason and p.priority_class == 3 for p in placements)
    assert sorted(p.space_id is None for p in placements) == [False, True]
    assert not Placement.objects.filter(request=withdrawn).exists()
    entry = allocation_round.log.get(action="proposed")
    assert entry.actor == staff and entry.details["seed"] == "zaad-2027"
    assert entry.details["placed"] == 1 and entry.details["not_placed"] == 1
    # A new proposal with the same data and seed gives the same result.
    before = {p.request_id: (p.space_id, p.reason) for p in placements}
    again = allocation.propose(allocation_round, by=staff)
    assert {p.request_id: (p.space_id, p.reason) for p in again} == before
    assert Placement.objects.filter(request__allocation_round=allocation_round).count() == 2


# --- Changes by hand ----------------------------------------------------------------------


@pytest.fixture
def proposed(staff, rooms, org_a, org_b):
    allocation_round = make_round(rooms)
    a = ask(allocation_round, org_a, [rooms[0]])
    b = ask(allocation_round, org_b, [rooms[1]])
    close(allocation_round)
    allocation.propose(allocation_round, by=staff)
    found = placed(allocation_round)
    return allocation_round, found[a.pk], found[b.pk]


def test_staff_move_a_placement_by_hand_with_a_reason(staff, rooms, proposed):
    allocation_round, a, _b = proposed
    changed = allocation.placement_change(
        placement=a, space=rooms[2], reason="Zaal A krijgt nieuwe vloer.", by=staff
    )
    changed.refresh_from_db()
    assert changed.space == rooms[2] and changed.by_hand
    assert "Changed by hand: Zaal A krijgt nieuwe vloer." in changed.reason
    entry = allocation_round.log.get(action="changed_by_hand")
    assert entry.reason == "Zaal A krijgt nieuwe vloer."
    assert entry.details["from_space"] == rooms[0].pk and entry.details["to_space"] == rooms[2].pk
    allocation.placement_change(placement=a, space=None, reason="Toch niet.", by=staff)
    a.refresh_from_db()
    assert a.space is None


def test_a_change_by_hand_that_clashes_or_lacks_a_reason_is_refused(staff, rooms, proposed):
    _round, a, b = proposed
    with pytest.raises(Conflict) as refused:
        allocation.placement_change(placement=a, space=rooms[1], reason="Ruilen", by=staff)
    assert "clashes with the placement of Vriendenkring Ledeberg" in str(refused.value)
    with pytest.raises(Invalid):
        allocation.placement_change(placement=a, space=rooms[2], reason="  ", by=staff)
    with pytest.raises(Invalid):
        allocation.placement_change(placement=a, space=SpaceFactory().pk, reason="Elders", by=staff)
    with pytest.raises(Invalid):
        allocation.placement_change(placement=a, space="abc", reason="Elders", by=staff)
    a.refresh_from_db()
    assert a.space == rooms[0] and not a.by_hand


def test_only_staff_change_placements(org_a, rooms, proposed):
    _round, a, _b = proposed
    with pytest.raises(Forbidden):
        allocation.placement_change(placement=a, space=rooms[2], reason="Graag", by=org_a.admin)
    a.refresh_from_db()
    assert a.space == rooms[0]


# --- Publishing ---------------------------------------------------------------------------


def _season_around_the_change_of_hour() -> date:
    """A Monday four weeks before the next change of hour that is at least six weeks away."""
    day = timezone.localdate() + timedelta(weeks=6)
    while True:
        noon = datetime.combine(day, time(12), tzinfo=times.BRUSSELS)
        following = datetime.combine(day + timedelta(days=1), time(12), tzinfo=times.BRUSSELS)
        if noon.utcoffset() != following.utcoffset():
            break
        day += timedelta(days=1)
    start = day - timedelta(weeks=4)
    return start - timedelta(days=start.weekday())


def test_publish_makes_confirmed_series_that_keep_19_00_across_the_change_of_hour(
    staff, rooms, org_a, org_b, mailbox
):
    rooms[0].max_days_ahead = 30  # seasonal series ignore the window for self-service
    rooms[0].max_series_weeks = 4
    rooms[0].save()
    allocation_round = make_round(rooms, starts=_season_around_the_change_of_hour(), weeks=8)
    request = ask(allocation_round, org_a, [rooms[0]])
    loser = ask(allocation_round, org_b, [rooms[0]])
    close(allocation_round)
    allocation.propose(allocation_round, by=staff)
    mailbox.clear()
    results = allocation.publish(allocation_round, by=staff)

    allocation_round.refresh_from_db()
    assert allocation_round.status == RoundStatus.PUBLISHED and allocation_round.published_at
    won = placed(allocation_round)
    winner, other = (request, loser) if won[request.pk].space else (loser, request)
    booking = won[winner.pk].booking
    assert booking is not None
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.allocation_round == allocation_round
    assert booking.organisation == winner.organisation
    assert booking.interval_weeks == 1 and booking.weekdays == [TUESDAY]
    starts = [times.to_local(o.starts_at) for o in booking.occurrences.order_by("starts_at")]
    assert len(starts) == 8
    assert {value.strftime("%H:%M") for value in starts} == {"19:00"}
    assert len({value.utcoffset() for value in starts}) == 2  # both sides of the change
    assert won[other.pk].booking is None
    # The organisation that got the space gets the booking's mail; the other a notification.
    winners = {m.user.email for m in winner.organisation.memberships.all()}
    assert mailbox and all(set(mail.to) <= winners for mail in mailbox)
    assert booking.requested_by == winner.requested_by
    losers = [m.user for m in other.organisation.memberships.all()]
    assert Notification.objects.filter(
        recipient__in=losers, kind="spaces.allocation_not_placed"
    ).exists()
    assert TimelineEvent.objects.filter(
        organisation=winner.organisation, kind="spaces.allocation_placed"
    ).exists()
    entry = allocation_round.log.get(action="published")
    assert entry.actor == staff and entry.details["bookings"] == 1
    assert len(results) == 2


def test_publishing_twice_or_before_a_proposal_is_refused(staff, rooms, org_a):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0]])
    close(allocation_round)
    with pytest.raises(Conflict) as refused:
        allocation.publish(allocation_round, by=staff)
    assert "Make a proposal first" in str(refused.value)
    allocation.propose(allocation_round, by=staff)
    allocation.publish(allocation_round, by=staff)
    count = services.Booking.objects.count()
    with pytest.raises(Conflict) as refused:
        allocation.publish(allocation_round, by=staff)
    assert "already published" in str(refused.value)
    assert services.Booking.objects.count() == count == 1
    with pytest.raises(Conflict):
        allocation.propose(allocation_round, by=staff)
    placement = Placement.objects.get(request__allocation_round=allocation_round)
    with pytest.raises(Conflict):
        allocation.placement_change(placement=placement, space=None, reason="Te laat", by=staff)
    assert (
        BookingLog.objects.filter(allocation_round=allocation_round, action="published").count()
        == 1
    )


def test_publish_leaves_out_dates_that_clash_and_says_why(staff, rooms, org_a, org_b):
    allocation_round = make_round(rooms)
    request = ask(allocation_round, org_a, [rooms[0]])
    close(allocation_round)
    allocation.propose(allocation_round, by=staff)
    clash_day = allocation_round.season_starts + timedelta(days=TUESDAY + 7)
    # Someone books one date after the proposal (staff may book outside a round too).
    book(rooms[0], org_b, clash_day, "18:00", "20:00")
    results = allocation.publish(allocation_round, by=staff)
    result = next(r for r in results if r.request.pk == request.pk)
    assert result.booking is not None and result.dates == 7
    assert [day for day, _why in result.left_out] == [clash_day.strftime("%d/%m/%Y")]
    assert "Already booked" in result.left_out[0][1]
    shown = allocation.publish_results(allocation_round)[request.pk]
    assert shown["left_out"][0][0] == clash_day.strftime("%d/%m/%Y")


def test_a_placement_moved_by_hand_onto_existing_bookings_is_allowed_with_a_warning(
    staff, rooms, org_a, org_b
):
    allocation_round = make_round(rooms)
    ask(allocation_round, org_a, [rooms[0]])
    close(allocation_round)
    allocation.propose(allocation_round, by=staff)
    book(rooms[1], org_b, allocation_round.season_starts + timedelta(days=TUESDAY))
    placement = Placement.objects.get(request__allocation_round=allocation_round)
    changed = allocation.placement_change(
        placement=placement, space=rooms[1], reason="Zaal A is te klein", by=staff
    )
    assert changed.busy_dates == 1  # type: ignore[attr-defined]
