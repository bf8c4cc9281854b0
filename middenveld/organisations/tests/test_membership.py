"""People in an organisation: invitations, requests to join, roles and leaving."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.organisations.membership import (
    InvitationInvalid,
    LastAdmin,
    invitation_accept,
    invitation_create,
    invitation_get,
    invitation_revoke,
    join_request_create,
    join_request_decide,
    membership_get,
    membership_leave,
    membership_remove,
    membership_set_role,
)
from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Membership,
    TimelineEvent,
)
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Buurtwerk De Pit")


@pytest.fixture
def admin(organisation):
    return MembershipFactory(
        organisation=organisation, role=MemberRole.ADMIN, user__name="Amal Haddad"
    ).user


@pytest.fixture
def member(organisation, admin):
    return MembershipFactory(
        organisation=organisation, role=MemberRole.MEMBER, user__name="Jan Peeters"
    ).user


def _membership(organisation, user) -> Membership:
    return Membership.objects.get(organisation=organisation, user=user)


def _roles(organisation) -> dict[str, str]:
    return dict(
        Membership.objects.filter(organisation=organisation).values_list("user__email", "role")
    )


# --- Invitations ---------------------------------------------------------------------


def test_an_invitation_mails_a_link_that_holds_the_secret(organisation, admin, mailoutbox):
    invitation, token = invitation_create(
        organisation=organisation, by=admin, email=" Nieuw@Example.ORG "
    )

    assert invitation.email == "nieuw@example.org"
    assert invitation.token_hash != token
    assert token not in invitation.token_hash
    (mail,) = mailoutbox
    assert mail.to == ["nieuw@example.org"]
    assert "Buurtwerk De Pit" in mail.subject
    links = re.findall(r"https?://\S+", mail.body)
    assert [link for link in links if token in link]
    assert links[0].startswith(settings.SITE_URL)
    event = TimelineEvent.objects.get(organisation=organisation)
    assert (event.kind, event.data) == ("organisations.invited", {"email": "nieuw@example.org"})


def test_an_invitation_expires_after_the_configured_number_of_days(organisation, admin, settings):
    settings.ORGANISATION_INVITATION_DAYS = 3

    invitation, _token = invitation_create(
        organisation=organisation, by=admin, email="nieuw@example.org"
    )

    left = invitation.expires_at - timezone.now()
    assert timedelta(days=3) - timedelta(minutes=1) < left <= timedelta(days=3)


def test_an_invitation_link_works_once(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    _invitation, token = invitation_create(organisation=organisation, by=admin, email=person.email)

    membership = invitation_accept(token=token, user=person)

    assert (membership.organisation, membership.user, membership.role) == (
        organisation,
        person,
        MemberRole.MEMBER,
    )
    with pytest.raises(InvitationInvalid) as caught:
        invitation_accept(token=token, user=person)
    assert "already been used" in str(caught.value)
    with pytest.raises(InvitationInvalid):
        invitation_get(token=token)
    assert Membership.objects.filter(organisation=organisation, user=person).count() == 1
    joined = TimelineEvent.objects.get(kind="organisations.member_joined")
    assert joined.data == {
        "person": person.get_full_name(),
        "person_id": person.pk,
        "role": "member",
    }


def test_an_expired_invitation_is_refused(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    invitation, token = invitation_create(organisation=organisation, by=admin, email=person.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(InvitationInvalid) as caught:
        invitation_accept(token=token, user=person)

    assert "expired" in str(caught.value)
    assert not Membership.objects.filter(user=person).exists()


def test_a_revoked_invitation_is_refused(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    invitation, token = invitation_create(organisation=organisation, by=admin, email=person.email)

    invitation_revoke(invitation=invitation, by=admin)

    with pytest.raises(InvitationInvalid) as caught:
        invitation_accept(token=token, user=person)
    assert "not valid" in str(caught.value)
    assert not Membership.objects.filter(user=person).exists()


def test_an_invitation_revoked_while_the_page_was_open_is_refused(organisation, admin, monkeypatch):
    """The invitation is read again under a lock: a revocation in between counts."""
    person = UserFactory(email="nieuw@example.org")
    invitation, token = invitation_create(organisation=organisation, by=admin, email=person.email)
    from middenveld.organisations import membership as module

    real_get = module.invitation_get

    def get_then_revoke(*, token):
        found = real_get(token=token)
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        return found

    monkeypatch.setattr(module, "invitation_get", get_then_revoke)

    with pytest.raises(InvitationInvalid):
        invitation_accept(token=token, user=person)
    assert not Membership.objects.filter(user=person).exists()


def test_an_unknown_token_is_refused(db):
    with pytest.raises(InvitationInvalid) as caught:
        invitation_get(token="made-up")

    assert "not valid" in str(caught.value)


def test_accepting_with_an_account_of_another_address_is_refused_and_changes_nothing(
    organisation, admin
):
    _invitation, token = invitation_create(
        organisation=organisation, by=admin, email="bedoeld@example.org"
    )
    someone_else = UserFactory(email="iemand-anders@example.org")

    with pytest.raises(Forbidden) as caught:
        invitation_accept(token=token, user=someone_else)

    assert "bedoeld@example.org" in str(caught.value)
    assert not Membership.objects.filter(user=someone_else).exists()
    assert Invitation.objects.get().accepted_at is None
    person = UserFactory(email="bedoeld@example.org")
    assert invitation_accept(token=token, user=person).user == person


def test_accepting_needs_a_signed_in_person(organisation, admin):
    from django.contrib.auth.models import AnonymousUser

    _invitation, token = invitation_create(
        organisation=organisation, by=admin, email="nieuw@example.org"
    )

    with pytest.raises(Forbidden):
        invitation_accept(token=token, user=AnonymousUser())
    assert Invitation.objects.get().accepted_at is None


def test_an_invitation_as_admin_makes_the_person_admin(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    _invitation, token = invitation_create(
        organisation=organisation, by=admin, email=person.email, role=MemberRole.ADMIN
    )

    membership = invitation_accept(token=token, user=person)

    assert membership.role == MemberRole.ADMIN
    assert _membership(organisation, person).role == MemberRole.ADMIN


def test_an_admin_invitation_promotes_someone_who_already_joined_as_member(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    _first, first_token = invitation_create(organisation=organisation, by=admin, email=person.email)
    _second, second_token = invitation_create(
        organisation=organisation, by=admin, email=person.email, role=MemberRole.ADMIN
    )
    invitation_accept(token=first_token, user=person)

    invitation_accept(token=second_token, user=person)

    assert _membership(organisation, person).role == MemberRole.ADMIN


def test_accepting_an_invitation_answers_a_pending_request_to_join(organisation, admin):
    person = UserFactory(email="nieuw@example.org")
    request = join_request_create(organisation=organisation, user=person)
    _invitation, token = invitation_create(organisation=organisation, by=admin, email=person.email)

    invitation_accept(token=token, user=person)

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.APPROVED


def test_an_existing_member_cannot_be_invited(organisation, admin, member):
    with pytest.raises(Conflict) as caught:
        invitation_create(organisation=organisation, by=admin, email=member.email.upper())

    assert "already a member" in str(caught.value)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b", "twee@@example.org"])
def test_an_invitation_needs_a_valid_address(organisation, admin, email, mailoutbox):
    with pytest.raises(Invalid) as caught:
        invitation_create(organisation=organisation, by=admin, email=email)

    assert "email" in caught.value.details["fields"]
    assert mailoutbox == []


def test_an_invitation_role_outside_the_list_is_refused(organisation, admin):
    with pytest.raises(Invalid):
        invitation_create(organisation=organisation, by=admin, email="x@example.org", role="owner")


def test_a_member_who_is_not_admin_cannot_invite_or_revoke(organisation, admin, member):
    invitation, _token = invitation_create(
        organisation=organisation, by=admin, email="nieuw@example.org"
    )

    with pytest.raises(Forbidden):
        invitation_create(organisation=organisation, by=member, email="ander@example.org")
    with pytest.raises(Forbidden):
        invitation_revoke(invitation=invitation, by=member)

    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.count() == 1


# --- Requests to join -------------------------------------------------------------------


def test_a_request_to_join_is_mailed_to_the_admins(organisation, admin, member, mailoutbox):
    person = UserFactory(name="Sofie Maes")

    request = join_request_create(
        organisation=organisation, user=person, message="  Ik ben\nde penningmeester. "
    )

    assert request.status == JoinRequestStatus.PENDING
    assert request.message == "Ik ben de penningmeester."
    assert [m.to for m in mailoutbox] == [[admin.email]]
    assert "Sofie Maes" in mailoutbox[0].subject
    assert "Ik ben de penningmeester." in mailoutbox[0].body
    assert f"/{organisation.slug}/" in mailoutbox[0].body


def test_asking_twice_to_join_is_refused_by_the_database(organisation, admin, mailoutbox):
    person = UserFactory()
    join_request_create(organisation=organisation, user=person)

    with pytest.raises(Conflict) as caught:
        join_request_create(organisation=organisation, user=person, message="Nog eens")

    assert "already asked" in str(caught.value)
    assert JoinRequest.objects.filter(user=person).count() == 1
    assert len(mailoutbox) == 1


def test_after_a_refusal_one_may_ask_again(organisation, admin):
    person = UserFactory()
    first = join_request_create(organisation=organisation, user=person)
    join_request_decide(join_request=first, by=admin, approve=False)

    second = join_request_create(organisation=organisation, user=person)

    assert second.pk != first.pk
    assert second.status == JoinRequestStatus.PENDING


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_one_cannot_ask_to_join_an_organisation_that_is_not_public(status, mailoutbox):
    hidden = OrganisationFactory(status=status)
    MembershipFactory(organisation=hidden, role=MemberRole.ADMIN)

    with pytest.raises(NotFound):
        join_request_create(organisation=hidden, user=UserFactory())

    assert not JoinRequest.objects.exists()
    assert mailoutbox == []


def test_a_member_cannot_ask_to_join(organisation, member):
    with pytest.raises(Forbidden):
        join_request_create(organisation=organisation, user=member)


def test_a_message_to_join_is_at_most_1000_characters(organisation, admin):
    with pytest.raises(Invalid):
        join_request_create(organisation=organisation, user=UserFactory(), message="a" * 1001)

    assert not JoinRequest.objects.exists()


def test_approving_a_request_makes_a_member_and_mails_the_person(organisation, admin, mailoutbox):
    person = UserFactory(language="en")
    request = join_request_create(organisation=organisation, user=person)
    mailoutbox.clear()

    join_request_decide(join_request=request, by=admin, approve=True)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequestStatus.APPROVED, admin)
    assert request.decided_at is not None
    assert _membership(organisation, person).role == MemberRole.MEMBER
    (mail,) = mailoutbox
    assert mail.to == [person.email]
    assert "You are now a member" in mail.subject
    event = TimelineEvent.objects.get(kind="organisations.member_joined")
    assert (event.actor, event.data["person_id"]) == (admin, person.pk)


def test_refusing_a_request_makes_no_member_and_tells_the_person(organisation, admin, mailoutbox):
    person = UserFactory(language="en")
    request = join_request_create(organisation=organisation, user=person)
    mailoutbox.clear()

    join_request_decide(join_request=request, by=admin, approve=False)

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.REFUSED
    assert not Membership.objects.filter(user=person).exists()
    assert not TimelineEvent.objects.filter(kind="organisations.member_joined").exists()
    (mail,) = mailoutbox
    assert mail.to == [person.email]
    assert "did not approve" in mail.body


@pytest.mark.parametrize(("first", "second"), [(True, True), (True, False), (False, True)])
def test_a_request_is_answered_once(organisation, admin, first, second):
    person = UserFactory()
    request = join_request_create(organisation=organisation, user=person)
    join_request_decide(join_request=request, by=admin, approve=first)

    with pytest.raises(Conflict) as caught:
        join_request_decide(join_request=request, by=admin, approve=second)

    assert "already been answered" in str(caught.value)
    request.refresh_from_db()
    assert request.status == (JoinRequestStatus.APPROVED if first else JoinRequestStatus.REFUSED)
    assert Membership.objects.filter(user=person).exists() == first


def test_a_member_who_is_not_admin_cannot_answer_a_request(organisation, member):
    request = join_request_create(organisation=organisation, user=UserFactory())

    with pytest.raises(Forbidden):
        join_request_decide(join_request=request, by=member, approve=True)

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.PENDING


# --- Roles ------------------------------------------------------------------------------


def test_the_last_admin_cannot_be_made_a_member(organisation, admin, member):
    with pytest.raises(LastAdmin) as caught:
        membership_set_role(membership=_membership(organisation, admin), by=admin, role="member")

    assert "at least one admin" in str(caught.value)
    assert caught.value.http_status == 409
    assert _membership(organisation, admin).role == MemberRole.ADMIN


def test_an_admin_can_step_down_when_another_admin_remains(organisation, admin, member):
    membership_set_role(membership=_membership(organisation, member), by=admin, role="admin")

    membership_set_role(membership=_membership(organisation, admin), by=admin, role="member")

    assert _roles(organisation) == {admin.email: "member", member.email: "admin"}
    events = TimelineEvent.objects.filter(kind="organisations.role_changed").order_by("id")
    assert [e.data["role"] for e in events] == ["admin", "member"]


def test_setting_the_role_a_person_already_has_changes_nothing(organisation, admin, member):
    membership_set_role(membership=_membership(organisation, member), by=admin, role="member")

    assert not TimelineEvent.objects.filter(kind="organisations.role_changed").exists()


def test_a_role_outside_the_list_is_refused(organisation, admin, member):
    with pytest.raises(Invalid):
        membership_set_role(membership=_membership(organisation, member), by=admin, role="owner")


def test_a_member_who_is_not_admin_cannot_change_roles(organisation, admin, member):
    with pytest.raises(Forbidden):
        membership_set_role(membership=_membership(organisation, member), by=member, role="admin")

    assert _membership(organisation, member).role == MemberRole.MEMBER


def test_an_admin_of_one_organisation_cannot_manage_the_members_of_another(organisation, admin):
    other = OrganisationFactory()
    other_admin = MembershipFactory(organisation=other, role=MemberRole.ADMIN).user
    other_member = MembershipFactory(organisation=other).user
    membership = _membership(other, other_member)

    with pytest.raises(Forbidden):
        membership_set_role(membership=membership, by=admin, role="admin")
    with pytest.raises(Forbidden):
        membership_remove(membership=membership, by=admin)
    with pytest.raises(Forbidden):
        invitation_create(organisation=other, by=admin, email="x@example.org")
    request = join_request_create(organisation=other, user=UserFactory())
    with pytest.raises(Forbidden):
        join_request_decide(join_request=request, by=admin, approve=True)

    assert _roles(other) == {other_admin.email: "admin", other_member.email: "member"}


def test_a_member_is_only_found_in_their_own_organisation(organisation, admin):
    other_membership = MembershipFactory()

    with pytest.raises(NotFound):
        membership_get(organisation=organisation, membership_id=other_membership.pk)
    assert (
        membership_get(
            organisation=organisation, membership_id=_membership(organisation, admin).pk
        ).user
        == admin
    )


# --- Removing and leaving ----------------------------------------------------------------


def test_the_last_admin_cannot_be_removed(organisation, admin, member):
    with pytest.raises(LastAdmin):
        membership_remove(membership=_membership(organisation, admin), by=admin)

    assert _membership(organisation, admin).role == MemberRole.ADMIN


def test_an_admin_removes_a_member(organisation, admin, member):
    membership_remove(membership=_membership(organisation, member), by=admin)

    assert _roles(organisation) == {admin.email: "admin"}
    event = TimelineEvent.objects.get(kind="organisations.member_removed")
    assert event.data == {"person": "Jan Peeters", "person_id": member.pk}


def test_removal_looks_at_the_role_as_it_is_now_not_at_a_stale_copy(organisation, admin, member):
    stale = _membership(organisation, admin)
    stale.role = MemberRole.MEMBER  # as it was loaded before the person was made admin

    with pytest.raises(LastAdmin):
        membership_remove(membership=stale, by=admin)

    assert _membership(organisation, admin).role == MemberRole.ADMIN


def test_removing_a_membership_that_is_already_gone_is_not_found(organisation, admin, member):
    membership = _membership(organisation, member)
    Membership.objects.filter(pk=membership.pk).delete()

    with pytest.raises(NotFound):
        membership_remove(membership=membership, by=admin)
    with pytest.raises(NotFound):
        membership_set_role(membership=membership, by=admin, role="admin")


def test_the_last_admin_cannot_leave(organisation, admin, member):
    with pytest.raises(LastAdmin):
        membership_leave(organisation=organisation, user=admin)

    assert _membership(organisation, admin).role == MemberRole.ADMIN
    assert not TimelineEvent.objects.filter(kind="organisations.member_left").exists()


def test_a_member_can_leave_and_the_timeline_says_so(organisation, admin, member):
    membership_leave(organisation=organisation, user=member)

    assert _roles(organisation) == {admin.email: "admin"}
    event = TimelineEvent.objects.get(kind="organisations.member_left")
    assert event.actor == member
    assert event.data == {"person": "Jan Peeters", "person_id": member.pk}


def test_an_admin_can_leave_when_another_admin_remains(organisation, admin, member):
    membership_set_role(membership=_membership(organisation, member), by=admin, role="admin")

    membership_leave(organisation=organisation, user=admin)

    assert _roles(organisation) == {member.email: "admin"}


def test_someone_who_is_not_a_member_cannot_leave(organisation, admin):
    with pytest.raises(Forbidden):
        membership_leave(organisation=organisation, user=UserFactory())


# --- Two admins stepping down at the same moment -------------------------------------------


def _step_down_together(memberships: list[Membership]) -> list[str]:
    """Each admin makes themselves a member, all in their own thread and connection at once."""
    start = threading.Barrier(len(memberships))
    outcomes: list[str] = []

    def step_down(membership_id: int) -> None:
        try:
            membership = Membership.objects.select_related("user", "organisation").get(
                pk=membership_id
            )
            start.wait(timeout=10)
            membership_set_role(membership=membership, by=membership.user, role="member")
            outcomes.append("done")
        except (LastAdmin, Forbidden):
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=step_down, args=(m.pk,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_admins_stepping_down_at_the_same_moment_leave_exactly_one_admin():
    for _attempt in range(5):
        organisation = OrganisationFactory()
        admins = MembershipFactory.create_batch(2, organisation=organisation, role=MemberRole.ADMIN)

        outcomes = _step_down_together(admins)

        assert sorted(outcomes) == ["done", "refused"]
        assert (
            Membership.objects.filter(organisation=organisation, role=MemberRole.ADMIN).count() == 1
        )
