"""A member's personal data in the register: the export, the erasure, the staff access log."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.membership import (
    LastAdmin,
    invitation_create,
    join_request_create,
    membership_leave,
)
from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    PersonalDataAccess,
    TimelineEvent,
)
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.organisations.services import organisation_register
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.organisations.timeline import event_sentence

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory(name="Amal Haddad", email="amal@example.org")


@pytest.fixture
def pit(person):
    """Buurtwerk De Pit: ``person`` is a member; someone else is admin."""
    organisation = OrganisationFactory(name="Buurtwerk De Pit")
    MembershipFactory(organisation=organisation, role=MemberRole.ADMIN)
    MembershipFactory(organisation=organisation, user=person, role=MemberRole.MEMBER)
    return organisation


def _admin_of(organisation):
    return organisation.memberships.get(role=MemberRole.ADMIN).user


# --- Export -----------------------------------------------------------------------------


def test_the_export_holds_memberships_requests_invitations_and_timeline_mentions(person, pit):
    anker = OrganisationFactory(name="Het Anker")
    MembershipFactory(organisation=anker, role=MemberRole.ADMIN)
    join_request_create(organisation=anker, user=person, message="Ik wil helpen.")
    invitation_create(organisation=anker, by=_admin_of(anker), email="AMAL@example.org")
    membership_leave(organisation=pit, user=person)
    MembershipFactory(organisation=pit, user=person, role=MemberRole.ADMIN)
    own = organisation_register(user=person, name="Amals Kring", legal_form="FV")

    data = user_export(person)["organisations"]
    json.dumps(data)  # JSON-ready

    assert sorted(m["organisation"] for m in data["memberships"]) == [
        "Amals Kring",
        "Buurtwerk De Pit",
    ]
    assert {m["role"] for m in data["memberships"]} == {"admin"}
    assert data["registered"] == [
        {"organisation": "Amals Kring", "slug": own.slug, "created_at": own.created_at.isoformat()}
    ]
    (request,) = data["requests_to_join"]
    assert (request["organisation"], request["message"], request["status"]) == (
        "Het Anker",
        "Ik wil helpen.",
        "pending",
    )
    (invitation,) = data["invitations_received"]
    assert (invitation["organisation"], invitation["email"]) == ("Het Anker", "amal@example.org")
    mentions = {(m["organisation"], m["kind"]) for m in data["timeline_mentions"]}
    assert ("Buurtwerk De Pit", "organisations.member_left") in mentions
    assert ("Het Anker", "organisations.invited") in mentions


def test_the_export_holds_nothing_of_other_people(person, pit):
    other = Membership.objects.exclude(user=person).get(organisation=pit).user
    membership_leave(organisation=pit, user=person)

    data = user_export(other)["organisations"]

    assert [m["organisation"] for m in data["memberships"]] == ["Buurtwerk De Pit"]
    assert data["timeline_mentions"] == []
    assert data["requests_to_join"] == []


def test_the_export_says_when_city_staff_looked_at_ones_organisation(person, pit, staff):
    personal_data_access_log(viewer=staff, organisation=pit, what="member list", path="/beheer/")

    (look,) = user_export(person)["organisations"]["staff_views_of_your_organisations"]

    assert (look["organisation"], look["what"]) == ("Buurtwerk De Pit", "member list")


# --- Erasure ----------------------------------------------------------------------------


def test_erasing_removes_memberships_and_anonymises_the_timeline_but_keeps_the_organisation(
    person, pit
):
    anker = OrganisationFactory(name="Het Anker")
    MembershipFactory(organisation=anker, role=MemberRole.ADMIN)
    join_request_create(organisation=anker, user=person, message="Ik ben Amal, bel 0470 12 34 56.")
    membership_leave(organisation=pit, user=person)
    MembershipFactory(organisation=pit, user=person)
    events_before = TimelineEvent.objects.filter(organisation=pit).count()

    user_erase(person)

    assert not Membership.objects.filter(user=person).exists()
    assert Organisation.objects.filter(pk=pit.pk).exists()
    assert pit.memberships.count() == 1
    assert TimelineEvent.objects.filter(organisation=pit).count() == events_before
    left = TimelineEvent.objects.get(organisation=pit, kind="organisations.member_left")
    assert left.data["person"] == "a former member"
    assert "Amal" not in json.dumps(left.data)
    assert event_sentence(left) == "a former member left the organisation"
    assert JoinRequest.objects.get(user=person).message == ""


def test_an_erased_person_is_named_in_the_readers_language(person, pit):
    membership_leave(organisation=pit, user=person)
    with translation.override("nl"):
        user_erase(person)
    left = TimelineEvent.objects.get(kind="organisations.member_left")

    with translation.override("en"):
        assert event_sentence(left) == "a former member left the organisation"


def test_erasing_removes_the_address_from_invitations_and_their_timeline_events(person):
    anker = OrganisationFactory(name="Het Anker")
    MembershipFactory(organisation=anker, role=MemberRole.ADMIN)
    invitation_create(organisation=anker, by=_admin_of(anker), email=person.email)

    user_erase(person)

    assert Invitation.objects.get().email == f"deleted-{person.pk}@invalid"
    invited = TimelineEvent.objects.get(kind="organisations.invited")
    assert "amal@example.org" not in json.dumps(invited.data)
    assert "amal@example.org" not in event_sentence(invited)


def test_erasing_leaves_the_timeline_mentions_of_other_people_alone(person, pit):
    other = UserFactory(name="Jan Peeters")
    MembershipFactory(organisation=pit, user=other)
    membership_leave(organisation=pit, user=other)
    invitation_create(organisation=pit, by=_admin_of(pit), email="jan@example.org")

    user_erase(person)

    left = TimelineEvent.objects.get(kind="organisations.member_left")
    assert left.data["person"] == "Jan Peeters"
    assert TimelineEvent.objects.get(kind="organisations.invited").data == {
        "email": "jan@example.org"
    }


def test_the_last_admin_of_an_organisation_with_other_members_cannot_erase_their_account(
    person, pit
):
    Membership.objects.filter(organisation=pit).exclude(user=person).update(role=MemberRole.MEMBER)
    Membership.objects.filter(organisation=pit, user=person).update(role=MemberRole.ADMIN)
    anker = OrganisationFactory(name="Het Anker")
    MembershipFactory(organisation=anker, role=MemberRole.ADMIN)
    join_request_create(organisation=anker, user=person, message="Hallo")

    with pytest.raises(LastAdmin):
        user_erase(person)

    person.refresh_from_db()
    assert person.name == "Amal Haddad"
    assert person.email == "amal@example.org"
    assert person.is_active
    assert Membership.objects.get(organisation=pit, user=person).role == MemberRole.ADMIN
    assert JoinRequest.objects.get(user=person).message == "Hallo"


def test_the_only_member_of_an_organisation_can_erase_their_account(person):
    own = organisation_register(user=person, name="Amals Kring", legal_form="FV")

    user_erase(person)

    assert not own.memberships.exists()
    assert Organisation.objects.filter(pk=own.pk).exists()


# --- Staff looking at personal data --------------------------------------------------------


def test_a_staff_look_at_personal_data_is_logged(pit, staff, administrator):
    personal_data_access_log(
        viewer=staff, organisation=pit, what="x" * 150, path="/beheer/" + "p" * 400
    )
    personal_data_access_log(viewer=administrator, organisation=None, what="export")

    first, second = PersonalDataAccess.objects.order_by("id")
    assert (first.viewer, first.organisation) == (staff, pit)
    assert len(first.what) == 100
    assert len(first.path) == 300
    assert (second.viewer, second.organisation, second.what) == (administrator, None, "export")


def test_a_look_by_a_citizen_or_organisation_admin_is_not_logged(pit, citizen):
    personal_data_access_log(viewer=citizen, organisation=pit, what="member list")
    personal_data_access_log(viewer=_admin_of(pit), organisation=pit, what="member list")
    personal_data_access_log(viewer=AnonymousUser(), organisation=pit, what="member list")

    assert not PersonalDataAccess.objects.exists()
