"""The parliament in the API: bodies and sessions, attendance and confirmations, motions,
votes (one per seat, only while open, secret, recount), advice and signals; each with who
may do it, unknown ids, bad values and forged fields."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
)
from middenveld.parliament import services
from middenveld.parliament.models import (
    Advice,
    Attendance,
    Body,
    BodyKind,
    Confirmation,
    CoSigner,
    MinutesStatus,
    Motion,
    MotionKind,
    MotionStatus,
    SecretChoice,
    Session,
    SessionStatus,
    Signal,
    SignalGroup,
    Vote,
    VoteCast,
    VoteStatus,
)
from middenveld.parliament.tests.factories import build_parliament, seat_everyone

pytestmark = pytest.mark.django_db

API = "/api/v1/parliament"
EN = {"Accept-Language": "en"}


def get(client, path, params=None, **headers):
    return client.get(f"{API}{path}", params or {}, headers={**EN, **headers})


def post(client, path, body=None, **headers):
    return client.post(
        f"{API}{path}", body or {}, content_type="application/json", headers={**EN, **headers}
    )


def delete(client, path, **headers):
    return client.delete(f"{API}{path}", headers={**EN, **headers})


def as_user(client, user):
    client.force_login(user)
    return client


def fields_of(response):
    return error_of(response).get("details", {}).get("fields", {})


def _open_vote(parliament, **kwargs):
    return services.vote_open(item=parliament.item, by=parliament.secretary, **kwargs)


def _advice(parliament):
    """An advice sent to the city: the advice draft adopted by every seat."""
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    for member in parliament.members:
        services.vote_cast(vote=vote, by=member.delegate, choice="yes")
    services.vote_close(vote=vote, by=parliament.secretary)
    return Advice.objects.get(motion=parliament.motion)


# --- bodies and sessions ------------------------------------------------------------------


def test_bodies_lists_the_published_bodies_only(client, parliament):
    Body.objects.create(
        kind=BodyKind.TABLE, name="Verborgen tafel", slug="verborgen", published=False
    )
    response = get(client, "/bodies")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": parliament.body.pk,
        "slug": "parlement",
        "kind": "parliament",
        "name": "Middenveldparlement",
        "description": parliament.body.description,
        "theme": "",
        "quorum_percent": 50,
    }


def test_sessions_are_listed_newest_first_and_filtered_by_body(client, parliament):
    older = Session.objects.create(
        body=parliament.body,
        title="Vorige zitting",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=2),
        place="Stadhuis",
    )
    other = build_parliament(seats=1, slug="tafel")
    response = get(client, "/sessions", {"body": "parlement"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [
        parliament.session.pk,
        older.pk,
    ]
    assert response.json()["results"][0]["body"]["slug"] == "parlement"
    everything = get(client, "/sessions").json()
    assert everything["count"] == 3
    assert other.session.pk in {row["id"] for row in everything["results"]}
    assert get(client, "/sessions", {"limit": 1}).json()["next"]


def test_sessions_of_an_unknown_body_are_a_422_naming_the_field(client, parliament):
    for slug in ("bestaat-niet", "a\x00b"):
        response = get(client, "/sessions", {"body": slug})
        assert response.status_code == 422
        assert set(fields_of(response)) == {"body"}


def test_sessions_of_an_unpublished_body_are_hidden_except_for_staff(client, parliament):
    parliament.body.published = False
    parliament.body.save()
    assert get(client, "/sessions").json()["count"] == 0
    assert get(client, f"/sessions/{parliament.session.pk}").status_code == 404
    as_user(client, StaffFactory())
    assert get(client, f"/sessions/{parliament.session.pk}").status_code == 200


def test_a_session_shows_agenda_motions_votes_and_the_quorum(client, parliament):
    seat_everyone(parliament, count=2)
    other = parliament.members[1].organisation
    services.motion_cosign(
        motion=parliament.motion, by=parliament.members[1].delegate, organisation=other
    )
    vote = _open_vote(parliament, motion=parliament.motion)
    response = get(client, f"/sessions/{parliament.session.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Zitting van vandaag"
    assert body["status"] == "open"
    assert body["place"] == "Stadhuis, Botermarkt 1, Gent"
    assert body["quorum"] == {"seats_total": 5, "seats_present": 2, "needed": 3, "met": False}
    [item] = body["items"]
    assert item["id"] == parliament.item.pk
    [motion] = item["motions"]
    assert motion == {
        "id": parliament.motion.pk,
        "item": parliament.item.pk,
        "kind": "advice",
        "title": parliament.motion.title,
        "text": parliament.motion.text,
        "organisation": {
            "id": parliament.members[0].organisation.pk,
            "name": parliament.members[0].organisation.name,
        },
        "status": "tabled",
        "amends": None,
        "cosigners": [other.name],
        "tabled_at": motion["tabled_at"],
    }
    [listed] = item["votes"]
    assert listed["id"] == vote.pk
    assert listed["status"] == "open"
    assert listed["result"] is None


def test_minutes_appear_only_once_approved(client, parliament):
    session = parliament.session
    session.minutes = "Ontwerp van notulen."
    session.minutes_status = MinutesStatus.DRAFT
    session.save()
    body = get(client, f"/sessions/{session.pk}").json()
    assert body["minutes_status"] == "draft"
    assert body["minutes"] is None
    session.minutes_status = MinutesStatus.APPROVED
    session.save()
    assert get(client, f"/sessions/{session.pk}").json()["minutes"] == "Ontwerp van notulen."


def test_the_online_link_is_only_for_mandate_holders_officers_and_staff(client, parliament):
    session = parliament.session
    session.online_link = "https://meet.example.org/parlement"
    session.save()
    path = f"/sessions/{session.pk}"
    assert get(client, path).json()["online_link"] is None
    as_user(client, UserFactory())
    assert get(client, path).json()["online_link"] is None
    member = MembershipFactory(organisation=parliament.members[0].organisation).user
    as_user(client, member)  # a member of the organisation, not named on the mandate
    assert get(client, path).json()["online_link"] is None
    for person in (
        parliament.members[2].delegate,
        parliament.members[2].substitute,
        parliament.secretary,
        parliament.chair,
        StaffFactory(),
    ):
        as_user(client, person)
        assert get(client, path).json()["online_link"] == "https://meet.example.org/parlement"


def test_unknown_sessions_items_motions_and_votes_are_404(client, parliament):
    for path in (
        "/sessions/999999",
        "/sessions/99999999999999999999999",
        "/votes/999999",
        "/votes/999999/recount",
        "/advice/A1999-001",
        "/advice/A%00",
    ):
        response = get(client, path)
        assert response.status_code == 404, path
        assert error_of(response)["code"] == "not_found"
    as_user(client, parliament.members[0].delegate)
    organisation = parliament.members[0].organisation.pk
    body = {"organisation_id": organisation, "kind": "motion", "title": "T", "text": "T"}
    assert post(client, "/items/999999/motions", body).status_code == 404
    assert (
        post(client, "/motions/999999/cosign", {"organisation_id": organisation}).status_code == 404
    )
    assert post(client, "/votes/999999/cast", {"choice": "yes"}).status_code == 404


# --- attendance and confirmations ---------------------------------------------------------


def test_the_secretary_registers_and_removes_attendance(client, parliament):
    as_user(client, parliament.secretary)
    delegate = parliament.members[1].delegate
    path = f"/sessions/{parliament.session.pk}/attendance"
    response = post(client, path, {"person_id": delegate.pk})
    assert response.status_code == 201
    assert response.json() == {
        "session": parliament.session.pk,
        "person": delegate.pk,
        "seat": 2,
        "organisation": {
            "id": parliament.members[1].organisation.pk,
            "name": parliament.members[1].organisation.name,
        },
        "as_substitute": False,
        "quorum": {"seats_total": 5, "seats_present": 1, "needed": 3, "met": False},
    }
    again = post(client, path, {"person_id": delegate.pk})
    assert again.status_code == 409
    assert error_of(again)["code"] == "already_present"
    assert delete(client, f"{path}/{delegate.pk}").status_code == 204
    assert not Attendance.objects.exists()
    gone = delete(client, f"{path}/{delegate.pk}")
    assert gone.status_code == 404
    assert error_of(gone)["code"] == "not_found"


def test_a_substitute_takes_a_seat_only_while_the_delegate_is_absent(client, parliament):
    as_user(client, parliament.secretary)
    member = parliament.members[0]
    path = f"/sessions/{parliament.session.pk}/attendance"
    assert post(client, path, {"person_id": member.substitute.pk}).json()["as_substitute"]
    refused = post(client, path, {"person_id": member.delegate.pk})
    assert refused.status_code == 409
    assert error_of(refused)["code"] == "seat_taken"


def test_attendance_needs_an_officer_or_staff(client, parliament):
    path = f"/sessions/{parliament.session.pk}/attendance"
    body = {"person_id": parliament.members[0].delegate.pk}
    anonymous = post(client, path, body)
    assert anonymous.status_code == 401
    assert error_of(anonymous)["code"] == "not_authenticated"
    as_user(client, parliament.members[0].delegate)
    refused = post(client, path, body)
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "forbidden"
    assert delete(client, f"{path}/{parliament.members[0].delegate.pk}").status_code == 403
    assert not Attendance.objects.exists()
    as_user(client, StaffFactory())
    assert post(client, path, body).status_code == 201


def test_attendance_of_an_unknown_or_unnamed_person(client, parliament):
    as_user(client, parliament.secretary)
    path = f"/sessions/{parliament.session.pk}/attendance"
    unknown = post(client, path, {"person_id": 999999})
    assert unknown.status_code == 404
    assert set(fields_of(unknown)) == {"person_id"}
    stranger = post(client, path, {"person_id": UserFactory().pk})
    assert stranger.status_code == 409
    assert error_of(stranger)["code"] == "no_mandate"
    for bad in ({"person_id": "abc"}, {"person_id": -1}, {}):
        response = post(client, path, bad)
        assert response.status_code == 422, bad
        assert "person_id" in fields_of(response)


def test_an_officer_of_another_body_cannot_register_attendance(client, parliament):
    other = build_parliament(seats=1, slug="tafel")
    as_user(client, other.secretary)
    response = post(
        client,
        f"/sessions/{parliament.session.pk}/attendance",
        {"person_id": parliament.members[0].delegate.pk},
    )
    assert response.status_code == 403


def test_a_member_confirms_who_comes(client):
    parliament = build_parliament(session_status=SessionStatus.CONVENED)
    member = parliament.members[0]
    as_user(client, member.delegate)
    path = f"/sessions/{parliament.session.pk}/confirmations"
    response = post(
        client,
        path,
        {
            "mandate_id": member.mandate.pk,
            "answer": "substitute",
            "substitute_id": member.substitute.pk,
        },
    )
    assert response.status_code == 200
    assert response.json()["answer"] == "substitute"
    assert response.json()["substitute"] == member.substitute.pk
    assert response.json()["seat"] == 1
    coming = post(
        client,
        path,
        {
            "mandate_id": member.mandate.pk,
            "answer": "coming",
            "substitute_id": member.substitute.pk,
        },
    )
    assert coming.json()["substitute"] is None
    assert Confirmation.objects.get().answer == "coming"


def test_confirmations_refuse_other_organisations_bad_answers_and_unknown_ids(client):
    parliament = build_parliament(session_status=SessionStatus.CONVENED)
    member = parliament.members[0]
    path = f"/sessions/{parliament.session.pk}/confirmations"
    body = {"mandate_id": parliament.members[1].mandate.pk, "answer": "coming"}
    assert post(client, path, body).status_code == 401
    as_user(client, member.delegate)
    refused = post(client, path, body)
    assert refused.status_code == 403
    bad = post(client, path, {"mandate_id": member.mandate.pk, "answer": "misschien"})
    assert bad.status_code == 422
    assert set(fields_of(bad)) == {"answer"}
    no_substitute = post(client, path, {"mandate_id": member.mandate.pk, "answer": "substitute"})
    assert no_substitute.status_code == 422
    assert set(fields_of(no_substitute)) == {"substitute"}
    unknown = post(client, path, {"mandate_id": 999999, "answer": "coming"})
    assert unknown.status_code == 404
    assert not Confirmation.objects.exists()


# --- motions ------------------------------------------------------------------------------


def _motion_body(parliament, member=0, **extra):
    return {
        "organisation_id": parliament.members[member].organisation.pk,
        "kind": "motion",
        "title": "Een motie",
        "text": "De tekst van de motie.",
        **extra,
    }


def test_a_member_tables_a_motion(client, parliament):
    member = parliament.members[1]
    as_user(client, member.substitute)
    response = post(client, f"/items/{parliament.item.pk}/motions", _motion_body(parliament, 1))
    assert response.status_code == 201
    body = response.json()
    motion = Motion.objects.get(pk=body["id"])
    assert body["status"] == "tabled"
    assert body["organisation"] == {"id": member.organisation.pk, "name": member.organisation.name}
    assert motion.tabled_by == member.substitute


def test_forged_fields_on_a_motion_are_ignored(client, parliament):
    as_user(client, parliament.members[1].delegate)
    forged = _motion_body(
        parliament,
        1,
        status="adopted",
        adopted=True,
        organisation=parliament.members[0].organisation.pk,
        tabled_by=parliament.chair.pk,
        item=999,
        id=1,
    )
    response = post(client, f"/items/{parliament.item.pk}/motions", forged)
    assert response.status_code == 201
    motion = Motion.objects.get(pk=response.json()["id"])
    assert motion.pk != 1
    assert motion.status == MotionStatus.TABLED
    assert motion.organisation == parliament.members[1].organisation
    assert motion.tabled_by == parliament.members[1].delegate
    assert motion.item == parliament.item


def test_a_member_of_one_organisation_cannot_act_for_another(client, parliament):
    as_user(client, parliament.members[0].delegate)
    before = list(Motion.objects.values_list("pk", flat=True))
    response = post(client, f"/items/{parliament.item.pk}/motions", _motion_body(parliament, 1))
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    cosign = post(
        client,
        f"/motions/{parliament.motion.pk}/cosign",
        {"organisation_id": parliament.members[1].organisation.pk},
    )
    assert cosign.status_code == 403
    signal = post(
        client,
        "/signals",
        {
            "organisation_id": parliament.members[1].organisation.pk,
            "title": "T",
            "text": "T",
            "theme": "youth",
        },
    )
    assert signal.status_code == 403
    assert list(Motion.objects.values_list("pk", flat=True)) == before
    assert not CoSigner.objects.exists()
    assert not Signal.objects.exists()
    staff = StaffFactory()
    as_user(client, staff)
    assert (
        post(
            client, f"/items/{parliament.item.pk}/motions", _motion_body(parliament, 1)
        ).status_code
        == 403
    )


def test_an_organisation_without_a_seat_cannot_table(client, parliament):
    outsider = OrganisationFactory()
    admin = MembershipFactory(organisation=outsider, role=MemberRole.ADMIN).user
    as_user(client, admin)
    body = {**_motion_body(parliament), "organisation_id": outsider.pk}
    response = post(client, f"/items/{parliament.item.pk}/motions", body)
    assert response.status_code == 403


def test_motions_refuse_anonymous_unknown_organisations_and_bad_values(client, parliament):
    path = f"/items/{parliament.item.pk}/motions"
    assert post(client, path, _motion_body(parliament)).status_code == 401
    as_user(client, parliament.members[0].delegate)
    unknown = post(client, path, {**_motion_body(parliament), "organisation_id": 999999})
    assert unknown.status_code == 404
    assert set(fields_of(unknown)) == {"organisation_id"}
    bad_kind = post(client, path, {**_motion_body(parliament), "kind": "decree"})
    assert bad_kind.status_code == 422
    assert set(fields_of(bad_kind)) == {"kind"}
    empty = post(client, path, {**_motion_body(parliament), "title": "  "})
    assert empty.status_code == 422
    assert set(fields_of(empty)) == {"title"}
    nul = post(client, path, {**_motion_body(parliament), "text": "a\x00b"})
    assert nul.status_code == 422
    assert set(fields_of(nul)) == {"text"}
    not_json = client.post(f"{API}{path}", "{not json", content_type="application/json", headers=EN)
    assert not_json.status_code == 400
    assert error_of(not_json)["code"] == "bad_request"
    assert Motion.objects.count() == 1


def test_an_amendment_to_a_tabled_motion_and_not_to_an_adopted_one(client, parliament):
    as_user(client, parliament.members[1].delegate)
    path = f"/items/{parliament.item.pk}/motions"
    body = _motion_body(parliament, 1, kind="amendment", amends_id=parliament.motion.pk)
    response = post(client, path, body)
    assert response.status_code == 201
    assert response.json()["amends"] == parliament.motion.pk
    missing = post(client, path, {**body, "amends_id": 999999})
    assert missing.status_code == 404
    assert set(fields_of(missing)) == {"amends_id"}
    Motion.objects.filter(pk=parliament.motion.pk).update(status=MotionStatus.ADOPTED)
    refused = post(client, path, body)
    assert refused.status_code == 409
    assert error_of(refused)["code"] == "not_amendable"
    assert Motion.objects.filter(kind=MotionKind.AMENDMENT).count() == 1


def test_cosigning_once_and_withdrawing(client, parliament):
    other = parliament.members[1]
    as_user(client, other.delegate)
    path = f"/motions/{parliament.motion.pk}/cosign"
    response = post(client, path, {"organisation_id": other.organisation.pk})
    assert response.status_code == 200
    assert response.json()["cosigners"] == [other.organisation.name]
    assert post(client, path, {"organisation_id": other.organisation.pk}).status_code == 409
    withdraw = f"/motions/{parliament.motion.pk}/withdraw"
    assert post(client, withdraw, {"reason": "Niet de mijne"}).status_code == 403
    as_user(client, parliament.members[0].delegate)
    done = post(client, withdraw, {"reason": "Overbodig geworden", "status": "adopted"})
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"
    assert post(client, withdraw, {}).status_code == 409


# --- votes --------------------------------------------------------------------------------


def test_the_secretary_opens_a_vote_on_a_motion(client, parliament):
    as_user(client, parliament.secretary)
    response = post(
        client,
        f"/items/{parliament.item.pk}/votes",
        {
            "motion_id": parliament.motion.pk,
            "secret": False,
            "majority": "absolute",
            "status": "closed",
            "yes": 99,
            "adopted": True,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["question"] == parliament.motion.title
    assert body["status"] == "open"
    assert body["majority"] == "absolute"
    assert body["tally"] == {"yes": 0, "no": 0, "abstain": 0, "voted": 0, "seats_present": 0}
    vote = Vote.objects.get(pk=body["id"])
    assert (vote.status, vote.yes, vote.adopted) == (VoteStatus.OPEN, 0, None)


def test_opening_a_vote_needs_an_officer_and_good_values(client, parliament):
    path = f"/items/{parliament.item.pk}/votes"
    assert post(client, path, {"secret": False}).status_code == 401
    as_user(client, parliament.members[0].delegate)
    assert post(client, path, {"secret": False}).status_code == 403
    as_user(client, parliament.secretary)
    assert post(client, path, {"secret": False, "majority": "most"}).status_code == 422
    assert post(client, path, {"secret": "maybe"}).status_code == 422
    unknown = post(client, path, {"secret": False, "motion_id": 999999})
    assert unknown.status_code == 404
    assert not Vote.objects.exists()


def test_no_vote_on_a_withdrawn_motion(client, parliament):
    services.motion_withdraw(motion=parliament.motion, by=parliament.members[0].delegate)
    as_user(client, parliament.secretary)
    response = post(
        client,
        f"/items/{parliament.item.pk}/votes",
        {"motion_id": parliament.motion.pk, "secret": False},
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "withdrawn"
    assert not Vote.objects.exists()


def test_a_seat_votes_once(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    as_user(client, parliament.members[2].delegate)
    path = f"/votes/{vote.pk}/cast"
    response = post(client, path, {"choice": "yes"})
    assert response.status_code == 201
    assert response.json() == {"vote": vote.pk, "seat": 3, "choice": "yes"}
    again = post(client, path, {"choice": "no"})
    assert again.status_code == 409
    assert error_of(again)["code"] == "already_voted"
    assert list(VoteCast.objects.values_list("choice", flat=True)) == ["yes"]


def test_forged_counts_on_a_cast_change_nothing(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament)
    as_user(client, parliament.members[0].delegate)
    response = post(
        client,
        f"/votes/{vote.pk}/cast",
        {"choice": "no", "yes": 50, "seat": 4, "status": "closed", "adopted": True},
    )
    assert response.status_code == 201
    assert response.json()["seat"] == 1
    tally = get(client, f"/votes/{vote.pk}").json()["tally"]
    assert tally == {"yes": 0, "no": 1, "abstain": 0, "voted": 1, "seats_present": 5}
    vote.refresh_from_db()
    assert (vote.status, vote.yes, vote.adopted) == (VoteStatus.OPEN, 0, None)


def test_casting_refuses_anonymous_people_off_a_seat_and_bad_choices(client, parliament):
    seat_everyone(parliament, count=2)
    vote = _open_vote(parliament)
    path = f"/votes/{vote.pk}/cast"
    assert post(client, path, {"choice": "yes"}).status_code == 401
    as_user(client, parliament.members[4].delegate)
    off_seat = post(client, path, {"choice": "yes"})
    assert off_seat.status_code == 403
    assert error_of(off_seat)["code"] == "not_seated"
    as_user(client, parliament.members[0].delegate)
    bad = post(client, path, {"choice": "misschien"})
    assert bad.status_code == 422
    assert set(fields_of(bad)) == {"choice"}
    assert not VoteCast.objects.exists()


def test_no_cast_before_the_opening_or_after_the_close(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament)
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.PREPARED)
    as_user(client, parliament.members[0].delegate)
    early = post(client, f"/votes/{vote.pk}/cast", {"choice": "yes"})
    assert early.status_code == 409
    assert error_of(early)["code"] == "vote_not_open"
    Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.OPEN)
    services.vote_close(vote=vote, by=parliament.secretary)
    late = post(client, f"/votes/{vote.pk}/cast", {"choice": "yes"})
    assert late.status_code == 409
    assert error_of(late)["code"] == "vote_closed"
    assert not VoteCast.objects.exists()


def test_a_secret_cast_does_not_repeat_the_choice_and_no_roll_call(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, secret=True)
    for member in parliament.members[:3]:
        as_user(client, member.delegate)
        response = post(client, f"/votes/{vote.pk}/cast", {"choice": "yes"})
        assert response.status_code == 201
        assert response.json()["choice"] is None
    services.vote_close(vote=vote, by=parliament.secretary)
    body = get(client, f"/votes/{vote.pk}").json()
    assert body["secret"] is True
    assert body["roll_call"] is None
    assert body["result"]["yes"] == 3
    assert SecretChoice.objects.count() == 3
    assert not VoteCast.objects.exists()


def test_an_open_secret_vote_shows_how_many_voted_not_the_split(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, secret=True)
    services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="no")
    tally = get(client, f"/votes/{vote.pk}").json()["tally"]
    assert tally == {"yes": None, "no": None, "abstain": None, "voted": 1, "seats_present": 5}
    services.vote_close(vote=vote, by=parliament.secretary)
    tally = get(client, f"/votes/{vote.pk}").json()["tally"]
    assert tally == {"yes": 0, "no": 1, "abstain": 0, "voted": 1, "seats_present": 5}


def test_the_roll_call_is_public_only_after_the_close(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    services.vote_cast(vote=vote, by=parliament.members[1].delegate, choice="no")
    open_body = get(client, f"/votes/{vote.pk}").json()
    assert open_body["roll_call"] is None
    assert open_body["result"] is None
    assert open_body["tally"]["voted"] == 2
    services.vote_close(vote=vote, by=parliament.secretary)
    body = get(client, f"/votes/{vote.pk}").json()
    assert body["roll_call"] == [
        {
            "seat": 1,
            "organisation": {
                "id": parliament.members[0].organisation.pk,
                "name": parliament.members[0].organisation.name,
            },
            "choice": "yes",
        },
        {
            "seat": 2,
            "organisation": {
                "id": parliament.members[1].organisation.pk,
                "name": parliament.members[1].organisation.name,
            },
            "choice": "no",
        },
    ]
    assert "user" not in str(body["roll_call"])


def test_the_secretary_closes_a_vote_and_gets_the_result(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament, motion=parliament.motion)
    for member in parliament.members[:3]:
        services.vote_cast(vote=vote, by=member.delegate, choice="yes")
    path = f"/votes/{vote.pk}/close"
    assert post(client, path).status_code == 401
    as_user(client, parliament.members[0].delegate)
    assert post(client, path).status_code == 403
    as_user(client, parliament.chair)
    response = post(client, path, {"adopted": False})
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["result"] == {
        "seats_total": 5,
        "seats_present": 5,
        "quorum_met": True,
        "yes": 3,
        "no": 0,
        "abstain": 0,
        "adopted": True,
    }
    parliament.motion.refresh_from_db()
    assert parliament.motion.status == MotionStatus.ADOPTED
    again = post(client, path)
    assert again.status_code == 409
    assert error_of(again)["code"] == "vote_not_open"


def test_an_amendment_to_an_adopted_motion_is_refused_after_the_vote(client, parliament):
    _advice(parliament)
    as_user(client, parliament.members[1].delegate)
    response = post(
        client,
        f"/items/{parliament.item.pk}/motions",
        _motion_body(parliament, 1, kind="amendment", amends_id=parliament.motion.pk),
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "not_amendable"


def test_a_recount_only_of_a_closed_vote(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament)
    services.vote_cast(vote=vote, by=parliament.members[0].delegate, choice="yes")
    early = get(client, f"/votes/{vote.pk}/recount")
    assert early.status_code == 409
    assert error_of(early)["code"] == "vote_not_closed"
    services.vote_close(vote=vote, by=parliament.secretary)
    body = get(client, f"/votes/{vote.pk}/recount").json()
    assert body["same"] is True
    assert body["stored"] == body["counted"]
    assert body["stored"]["yes"] == 1
    Vote.objects.filter(pk=vote.pk).update(yes=4)
    assert get(client, f"/votes/{vote.pk}/recount").json()["same"] is False


def test_a_personal_token_works_for_casting(client, parliament):
    seat_everyone(parliament)
    vote = _open_vote(parliament)
    _token, plain = api_token_create(user=parliament.members[0].delegate, name="stemkastje")
    response = post(client, f"/votes/{vote.pk}/cast", {"choice": "abstain"}, **bearer(plain))
    assert response.status_code == 201
    bad = post(client, f"/votes/{vote.pk}/cast", {"choice": "yes"}, **bearer("mv_wrong"))
    assert bad.status_code == 401
    assert error_of(bad)["code"] == "invalid_token"


# --- advice -------------------------------------------------------------------------------


def test_the_advice_tracker_lists_and_filters(client, parliament):
    advice = _advice(parliament)
    response = get(client, "/advice")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["number"] == advice.number
    assert row["answer"] == "waiting"
    assert row["body"] == "Middenveldparlement"
    assert row["days_overdue"] == 0
    year = advice.sent_on.year
    assert get(client, "/advice", {"answer": "waiting", "year": year}).json()["count"] == 1
    assert get(client, "/advice", {"answer": "accepted"}).json()["count"] == 0
    assert get(client, "/advice", {"answer": "overdue"}).json()["count"] == 0
    for params, field in (
        ({"answer": "maybe"}, "answer"),
        ({"year": 1800}, "year"),
        ({"year": "abc"}, "year"),
        ({"theme": "space"}, "theme"),
    ):
        bad = get(client, "/advice", params)
        assert bad.status_code == 422, params
        assert set(fields_of(bad)) == {field}


def test_one_advice_and_the_citys_answer(client, parliament):
    advice = _advice(parliament)
    path = f"/advice/{advice.number}"
    body = get(client, path).json()
    assert body["text"] == parliament.motion.text
    assert body["session"] == parliament.session.pk
    assert body["motion"] == parliament.motion.pk
    answer = {"answer": "partly", "reasons": "Het budget is beperkt.", "actions": "Een pilot."}
    assert post(client, f"{path}/answer", answer).status_code == 401
    as_user(client, parliament.secretary)
    assert post(client, f"{path}/answer", answer).status_code == 403
    as_user(client, StaffFactory())
    response = post(client, f"{path}/answer", {**answer, "answered_on": "2000-01-01"})
    assert response.status_code == 200
    assert response.json()["answer"] == "partly"
    assert response.json()["answer_reasons"] == "Het budget is beperkt."
    assert response.json()["answered_on"] == timezone.localdate().isoformat()


def test_an_answer_without_reasons_is_refused(client, parliament):
    advice = _advice(parliament)
    as_user(client, StaffFactory())
    path = f"/advice/{advice.number}/answer"
    for body in ({"answer": "accepted"}, {"answer": "accepted", "reasons": "   "}):
        response = post(client, path, body)
        assert response.status_code == 422
        assert set(fields_of(response)) == {"reasons"}
    bad = post(client, path, {"answer": "waiting", "reasons": "Omdat."})
    assert bad.status_code == 422
    assert set(fields_of(bad)) == {"answer"}
    assert (
        post(
            client, "/advice/A1999-001/answer", {"answer": "accepted", "reasons": "Omdat."}
        ).status_code
        == 404
    )
    advice.refresh_from_db()
    assert advice.answer == Advice.Answer.WAITING


# --- signals ------------------------------------------------------------------------------


def _signal_body(organisation, **extra):
    return {
        "organisation_id": organisation.pk,
        "title": "Te weinig plaats in de jeugdwerking",
        "text": "Elke week moeten we kinderen weigeren.",
        "theme": "youth",
        **extra,
    }


def test_a_member_files_a_signal(client, parliament):
    organisation = parliament.members[0].organisation
    district = DistrictFactory()
    assert post(client, "/signals", _signal_body(organisation)).status_code == 401
    as_user(client, parliament.members[0].substitute)
    response = post(
        client,
        "/signals",
        _signal_body(organisation, district_id=district.pk, group_id=1, tags=["x"]),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["organisation"] == {"id": organisation.pk, "name": organisation.name}
    assert body["district"]["slug"] == district.slug
    assert body["tags"] == [] and body["group"] is None
    bad_theme = post(client, "/signals", _signal_body(organisation, theme="weather"))
    assert bad_theme.status_code == 422
    assert set(fields_of(bad_theme)) == {"theme"}
    unknown = post(client, "/signals", _signal_body(organisation, district_id=999999))
    assert unknown.status_code == 404
    assert set(fields_of(unknown)) == {"district_id"}
    assert Signal.objects.count() == 1


def test_signals_members_see_their_own_staff_see_all(client, parliament):
    first = parliament.members[0]
    second = parliament.members[1]
    mine = services.signal_file(
        organisation=first.organisation,
        by=first.delegate,
        title="Eerste",
        text="Tekst",
        theme="youth",
    )
    theirs = services.signal_file(
        organisation=second.organisation,
        by=second.delegate,
        title="Tweede",
        text="Tekst",
        theme="poverty",
    )
    assert get(client, "/signals").status_code == 401
    as_user(client, first.substitute)
    assert [row["id"] for row in get(client, "/signals").json()["results"]] == [mine.pk]
    as_user(client, StaffFactory())
    assert [row["id"] for row in get(client, "/signals").json()["results"]] == [
        theirs.pk,
        mine.pk,
    ]


def test_staff_sort_signals(client, parliament):
    member = parliament.members[0]
    signal = services.signal_file(
        organisation=member.organisation,
        by=member.delegate,
        title="Eerste",
        text="Tekst",
        theme="youth",
    )
    group = SignalGroup.objects.create(title="Plaatsgebrek", year=timezone.now().year)
    path = f"/signals/{signal.pk}/sort"
    body = {"tags": ["jeugd", "ruimte", "Jeugd"], "group_id": group.pk}
    assert post(client, path, body).status_code == 401
    as_user(client, member.delegate)
    assert post(client, path, body).status_code == 403
    as_user(client, parliament.members[1].delegate)
    assert post(client, path, body).status_code == 404
    as_user(client, StaffFactory())
    response = post(client, path, body)
    assert response.status_code == 200
    assert sorted(response.json()["tags"]) == ["jeugd", "ruimte"]
    assert response.json()["group"] == {"id": group.pk, "title": "Plaatsgebrek", "year": group.year}
    assert post(client, path, {"tags": [], "group_id": 999999}).status_code == 404
    assert post(client, path, {"tags": "jeugd"}).status_code == 422
    too_many = post(client, path, {"tags": [f"tag {n}" for n in range(11)]})
    assert too_many.status_code == 422
    assert set(fields_of(too_many)) == {"tags"}
    assert post(client, "/signals/999999/sort", body).status_code == 404
    signal.refresh_from_db()
    assert signal.group == group


# --- query budgets ------------------------------------------------------------------------


def test_lists_and_the_session_keep_a_constant_number_of_queries(
    client, parliament, django_assert_max_num_queries
):
    for number, member in enumerate(parliament.members):
        motion = services.motion_table(
            item=parliament.item,
            by=member.delegate,
            organisation=member.organisation,
            kind="motion",
            title=f"Motie {number}",
            text="Tekst",
        )
        for other in parliament.members:
            if other is not member:
                services.motion_cosign(
                    motion=motion, by=other.delegate, organisation=other.organisation
                )
        services.signal_file(
            organisation=member.organisation,
            by=member.delegate,
            title=f"Signaal {number}",
            text="Tekst",
            theme="youth",
            district=DistrictFactory(),
        )
    _advice(parliament)
    with django_assert_max_num_queries(12):
        assert get(client, f"/sessions/{parliament.session.pk}").status_code == 200
    with django_assert_max_num_queries(4):
        assert get(client, "/sessions").status_code == 200
    with django_assert_max_num_queries(4):
        assert get(client, "/advice").status_code == 200
    as_user(client, StaffFactory())
    with django_assert_max_num_queries(8):
        assert get(client, "/signals").status_code == 200
