"""Who may do what with an organisation. ``obj`` is the Organisation.

Membership is looked up once per (user, organisation) and remembered on the
user object for the rest of the request.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.rules import is_authenticated, is_city_staff, predicate
from middenveld.organisations.models import MemberRole, Membership, Organisation, Status


def membership_of(user: Any, organisation: Organisation | None) -> Membership | None:
    if organisation is None or not getattr(user, "is_authenticated", False) or not organisation.pk:
        return None
    memo: dict[int, Membership | None] = user.__dict__.setdefault("_membership_memo", {})
    if organisation.pk not in memo:
        memo[organisation.pk] = Membership.objects.filter(
            organisation_id=organisation.pk, user_id=user.pk
        ).first()
    return memo[organisation.pk]


def forget_memberships(user: Any) -> None:
    user.__dict__.pop("_membership_memo", None)


@predicate(_("Only members of this organisation can do this."))
def is_member(user: Any, obj: Any) -> bool:
    return membership_of(user, obj) is not None


@predicate(_("Only an admin of this organisation can do this."))
def is_organisation_admin(user: Any, obj: Any) -> bool:
    membership = membership_of(user, obj)
    return membership is not None and membership.role == MemberRole.ADMIN


@predicate(_("This organisation is not (yet) public."))
def is_public(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status == Status.VERIFIED


@predicate(_("You are already a member of this organisation."))
def is_not_member(user: Any, obj: Any) -> bool:
    return membership_of(user, obj) is None


@predicate(_("You cannot change the organisation while the city is checking the registration."))
def is_editable(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status in (Status.DRAFT, Status.REJECTED, Status.VERIFIED)


rules.register("organisations.view", is_public | is_member | is_city_staff)
rules.register("organisations.register", is_authenticated)
rules.register("organisations.edit", (is_organisation_admin & is_editable) | is_city_staff)
rules.register("organisations.manage_members", is_organisation_admin)
rules.register("organisations.view_people", is_organisation_admin | is_city_staff)
rules.register("organisations.leave", is_member)
rules.register("organisations.request_join", is_authenticated & is_not_member)
rules.register("organisations.verify", is_city_staff)
rules.register("organisations.manage_recognitions", is_city_staff)
rules.register("organisations.view_360", is_city_staff)
rules.register("organisations.import", is_city_staff)
rules.register("organisations.audit", rules.is_administrator)
