"""People in an organisation: invitations, requests to join, roles, leaving.

An organisation always keeps at least one admin: every change that could take
the last one away locks the organisation's row first, so two admins stepping
down at the same moment cannot both succeed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from middenveld.accounts.services import email_canonical
from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound
from middenveld.core.mail import send_templated_mail
from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    MemberRole,
    Membership,
    Organisation,
)
from middenveld.organisations.rules import forget_memberships
from middenveld.organisations.services import _mail_admins, _require
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import ROLES, timeline_record


class LastAdmin(Conflict):
    code = "last_admin"
    default_message = _(  # type: ignore[assignment]
        "An organisation needs at least one admin. Make someone else admin first."
    )

    def __init__(self) -> None:
        super().__init__(
            _("An organisation needs at least one admin. Make someone else admin first.")
        )


class InvitationInvalid(Invalid):
    code = "invitation_invalid"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _person(user: Any) -> dict[str, Any]:
    return {"person": user.get_full_name(), "person_id": user.pk}


def _lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _locked_membership(membership: Membership) -> Membership:
    current = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None:
        raise NotFound(_("This member was not found."))
    return current


def _other_admins(organisation: Organisation, user_id: int) -> bool:
    return (
        Membership.objects.filter(organisation=organisation, role=MemberRole.ADMIN)
        .exclude(user_id=user_id)
        .exists()
    )


def _role_clean(role: str) -> str:
    if role not in MemberRole.values:
        message = _("Choose member or admin.")
        raise Invalid(message, fields={"role": [message]})
    return role


# --- Invitations -----------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, by: Any, email: str, role: str = MemberRole.MEMBER
) -> tuple[Invitation, str]:
    """Invite someone by e-mail; returns the invitation and its secret (sent only by mail)."""
    _require(by, "organisations.manage_members", organisation)
    role = _role_clean(role)
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    address = email_canonical(email or "")
    try:
        validate_email(address)
    except ValidationError:
        message = _("This is not a valid e-mail address.")
        raise Invalid(message, fields={"email": [message]}) from None
    if Membership.objects.filter(organisation=organisation, user__email__iexact=address).exists():
        message = _("This person is already a member.")
        raise Conflict(message, details={"fields": {"email": [message]}})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=address,
        role=role,
        token_hash=_hash(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.ORGANISATION_INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("organisations:invitation", kwargs={"token": token})
    send_templated_mail(
        to=address,
        template="organisations/mail/invitation",
        context={
            "organisation": organisation,
            "inviter": by.get_full_name(),
            "link": link,
            "days": settings.ORGANISATION_INVITATION_DAYS,
            # Lazy: rendered in the mail's language.
            "role": ROLES.get(role, role),
        },
        language=getattr(by, "language", None),
    )
    timeline_record(
        organisation=organisation, kind="organisations.invited", actor=by, data={"email": address}
    )
    return invitation, token


def invitation_get(*, token: str) -> Invitation:
    """The open invitation for a link; a clear refusal for a used, expired or unknown one."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    return _open(invitation)


def _open(invitation: Invitation | None) -> Invitation:
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid(_("This invitation link is not valid. Ask for a new invitation."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(
            _("This invitation has already been used. Each invitation link works once.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            _("This invitation has expired. Ask an admin of the organisation for a new one.")
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> Membership:
    if not getattr(user, "is_authenticated", False):
        raise Forbidden(_("Sign in first to accept the invitation."))
    invitation = invitation_get(token=token)
    # Lock the invitation so a double click or two tabs use it only once, and look
    # again: it may have been used or revoked in the meantime.
    invitation = _open(Invitation.objects.select_for_update().filter(pk=invitation.pk).first())
    if email_canonical(user.email) != invitation.email:
        raise Forbidden(
            _(
                "This invitation was sent to another e-mail address. Sign in with the "
                "account of %(email)s, or ask for an invitation to your own address."
            )
            % {"email": invitation.email}
        )
    organisation = invitation.organisation
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MemberRole.ADMIN and membership.role != MemberRole.ADMIN:
        membership.role = MemberRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    JoinRequest.objects.filter(
        organisation=organisation, user=user, status=JoinRequestStatus.PENDING
    ).update(status=JoinRequestStatus.APPROVED, decided_at=timezone.now())
    forget_memberships(user)
    if created:
        timeline_record(
            organisation=organisation,
            kind="organisations.member_joined",
            actor=user,
            data={**_person(user), "role": membership.role},
        )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    _require(by, "organisations.manage_members", invitation.organisation)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


# --- Requests to join --------------------------------------------------------------------


@transaction.atomic
def join_request_create(*, organisation: Organisation, user: Any, message: str = "") -> JoinRequest:
    if not rules.check("organisations.view", user, organisation):
        # A draft or a registration under verification is not public: never reveal it.
        raise NotFound(_("This organisation was not found."))
    _require(user, "organisations.request_join", organisation)
    message = text_tidy(message)
    if len(message) > 1000:
        text = _("A message can have at most 1000 characters.")
        raise Invalid(text, fields={"message": [text]})
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                organisation=organisation, user=user, message=message
            )
    except IntegrityError:
        raise Conflict(
            _("You have already asked to join this organisation. The admins will answer soon.")
        ) from None
    _mail_admins(
        organisation,
        "organisations/mail/join_request",
        {
            "person": user.get_full_name(),
            "message": message,
            "link": settings.SITE_URL
            + reverse("organisations:members", kwargs={"slug": organisation.slug}),
        },
    )
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, by: Any, approve: bool) -> JoinRequest:
    organisation = join_request.organisation
    _require(by, "organisations.manage_members", organisation)
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise Conflict(_("This request has already been answered."))
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    person = join_request.user
    if approve:
        _membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=person, defaults={"role": MemberRole.MEMBER}
        )
        forget_memberships(person)
        if created:
            timeline_record(
                organisation=organisation,
                kind="organisations.member_joined",
                actor=by,
                data={**_person(person), "role": MemberRole.MEMBER.value},
            )
    send_templated_mail(
        to=person.email,
        template="organisations/mail/join_decided",
        context={"organisation": organisation, "approved": approve, "name": person.name},
        language=person.language,
    )
    return join_request


# --- Roles and leaving --------------------------------------------------------------------


def membership_get(*, organisation: Organisation, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user")
        .filter(organisation=organisation, pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound(_("This member was not found."))
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, by: Any, role: str) -> Membership:
    organisation = _lock(membership.organisation)
    _require(by, "organisations.manage_members", organisation)
    role = _role_clean(role)
    membership = _locked_membership(membership)
    if membership.role == role:
        return membership
    if role == MemberRole.MEMBER and not _other_admins(organisation, membership.user_id):
        raise LastAdmin()
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(membership.user)
    timeline_record(
        organisation=organisation,
        kind="organisations.role_changed",
        actor=by,
        data={**_person(membership.user), "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Any) -> None:
    organisation = _lock(membership.organisation)
    _require(by, "organisations.manage_members", organisation)
    # The role as it is now, not as it was when the caller loaded the membership.
    membership = _locked_membership(membership)
    if membership.role == MemberRole.ADMIN and not _other_admins(organisation, membership.user_id):
        raise LastAdmin()
    user = membership.user
    membership.delete()
    forget_memberships(user)
    timeline_record(
        organisation=organisation, kind="organisations.member_removed", actor=by, data=_person(user)
    )


@transaction.atomic
def membership_leave(*, organisation: Organisation, user: Any) -> None:
    organisation = _lock(organisation)
    _require(user, "organisations.leave", organisation)
    membership = Membership.objects.select_for_update().get(organisation=organisation, user=user)
    if membership.role == MemberRole.ADMIN and not _other_admins(organisation, user.pk):
        raise LastAdmin()
    membership.delete()
    forget_memberships(user)
    timeline_record(
        organisation=organisation, kind="organisations.member_left", actor=user, data=_person(user)
    )
