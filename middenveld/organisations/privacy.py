"""An organisation member's personal data: what we export, how we erase it.

What belongs to the organisation (its profile, its history) stays when a
person erases their account; their name in the timeline becomes anonymous.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.organisations.membership import LastAdmin
from middenveld.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    PersonalDataAccess,
    TimelineEvent,
)


def _mentions(user: Any) -> Q:
    """Timeline events that name the person: by id, or by address (an invitation)."""
    return Q(data__person_id=user.pk) | Q(data__email__iexact=user.email)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("organisations")
def organisations_export(user: Any) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "since": _iso(m.created_at),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "registered": [
            {"organisation": o.name, "slug": o.slug, "created_at": _iso(o.created_at)}
            for o in Organisation.objects.filter(created_by=user)
        ],
        "requests_to_join": [
            {
                "organisation": r.organisation.name,
                "message": r.message,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "decided_at": _iso(r.decided_at),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "created_at": _iso(i.created_at),
                "accepted_at": _iso(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        "timeline_mentions": [
            {
                "organisation": e.organisation.name,
                "kind": e.kind,
                "occurred_at": _iso(e.occurred_at),
                "data": e.data,
            }
            for e in TimelineEvent.objects.filter(_mentions(user)).select_related("organisation")
        ],
        "staff_views_of_your_organisations": [
            {
                "organisation": a.organisation.name if a.organisation else None,
                "what": a.what,
                "at": _iso(a.at),
            }
            for a in PersonalDataAccess.objects.filter(
                organisation__memberships__user=user
            ).select_related("organisation")[:1000]
        ],
    }


@register_eraser("organisations")
def organisations_erase(user: Any) -> None:
    """Leave every organisation, anonymise mentions; refuse if the person is the last admin."""
    with transaction.atomic():
        for membership in Membership.objects.filter(
            user=user, role=MemberRole.ADMIN
        ).select_related("organisation"):
            others = (
                Membership.objects.filter(
                    organisation=membership.organisation, role=MemberRole.ADMIN
                )
                .exclude(user=user)
                .exists()
            )
            if not others and membership.organisation.memberships.exclude(user=user).exists():
                raise LastAdmin()
        Membership.objects.filter(user=user).delete()
        JoinRequest.objects.filter(user=user).update(message="")
        Invitation.objects.filter(email__iexact=user.email).update(
            email=f"deleted-{user.pk}@invalid"
        )
        anonymous = _("a former member")
        for event in TimelineEvent.objects.filter(_mentions(user)):
            data = dict(event.data)
            if data.get("person_id") == user.pk:
                # person_erased: the sentence says "a former member" in the reader's language.
                data.update(person=str(anonymous), person_erased=True)
            if str(data.get("email", "")).lower() == user.email.lower():
                data["email"] = f"deleted-{user.pk}@invalid"
            event.data = data
            event.save(update_fields=["data"])


def personal_data_access_log(
    *, viewer: Any, organisation: Organisation | None, what: str, path: str = ""
) -> None:
    """Record that a city employee looked at people's personal data of an organisation.

    Call it from every staff page or endpoint that shows members' names or
    addresses; an organisation admin looking at their own members is not logged.
    """
    if not getattr(viewer, "is_city_staff", False):
        return
    PersonalDataAccess.objects.create(
        viewer=viewer, organisation=organisation, what=what[:100], path=path[:300]
    )
