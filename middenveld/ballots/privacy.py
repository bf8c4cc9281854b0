"""A person's part in ballots: what we export, what we erase.

Export: the person's own votes as a resident (ballot, vote, when), and the organisations'
votes they cast (ballot, organisation, when, not the content: that vote belongs to the
organisation).

Erase (decided here):
* on a ballot that is still open (or not yet open), the person's resident vote is
  removed: an erased account can no longer vote, and a vote that can still change is
  the person's own business;
* on a closed ballot the vote stays in the count but loses its voter (``user`` becomes
  empty and ``anonymised_at`` is set), so the published result and its recount stay the
  same;
* organisations' votes they cast stay (they are the organisation's), without their name
  as the one who cast it (``cast_by`` becomes empty; the timeline's actor is the erased
  account, which reads as a deleted account).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.ballots.models import Cast


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("ballots")
def ballots_export(user: Any) -> dict[str, Any]:
    return {
        "votes": [
            {
                "ballot": c.ballot.slug,
                "title": c.ballot.title,
                "vote": c.content,
                "first_cast_at": _iso(c.created_at),
                "last_changed_at": _iso(c.updated_at),
            }
            for c in Cast.objects.filter(user=user).select_related("ballot").order_by("id")
        ],
        "organisation_votes_cast": [
            {
                "ballot": c.ballot.slug,
                "organisation": c.organisation.name if c.organisation else None,
                "last_changed_at": _iso(c.updated_at),
            }
            for c in Cast.objects.filter(cast_by=user, organisation__isnull=False)
            .select_related("ballot", "organisation")
            .order_by("id")
        ],
    }


@register_eraser("ballots")
def ballots_erase(user: Any) -> None:
    now = timezone.now()
    mine = Cast.objects.filter(user=user)
    mine.filter(ballot__closes_at__gt=now).delete()
    mine.filter(ballot__closes_at__lte=now).update(user=None, cast_by=None, anonymised_at=now)
    Cast.objects.filter(cast_by=user).update(cast_by=None)
