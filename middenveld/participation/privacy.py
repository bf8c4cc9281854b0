"""A person's part in participation: what we export, what we erase.

Export: the proposals they sent, the comments they wrote (also hidden ones, with the
moderator's public reason, never the internal note) and the comments they reported.

Erase (decided here):

* **Comments** stay in their thread, so replies keep their sense, but lose their text and
  their author: the page shows "Removed by the author" in place. A comment written on
  behalf of an organisation keeps that organisation (it belongs to the organisation's
  participation and counts in the figures).
* **Proposals sent for an organisation** belong to the organisation: they stay, and only
  the link to the person goes (``submitted_by`` empty).
* **Proposals sent as a resident** (a process for residents) keep their title (it may be
  on a ballot already) but lose their text and author, marked removed.
* **Reports** the person made are deleted (a report that was still open stops counting).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.participation.models import Comment, CommentReport, Proposal
from middenveld.participation.services import comment_reports_recount


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("participation")
def participation_export(user: Any) -> dict[str, Any]:
    return {
        "proposals": [
            {
                "process": p.process.title,
                "organisation": p.organisation.name if p.organisation else None,
                "title": p.title,
                "text": p.text,
                "status": p.status,
                "decision_reason": p.decision_reason,
                "created_at": _iso(p.created_at),
            }
            for p in Proposal.objects.filter(submitted_by=user).select_related(
                "process", "organisation"
            )
        ],
        "comments": [
            {
                "process": c.process.title,
                "proposal": c.proposal.title if c.proposal else None,
                "organisation": c.organisation.name if c.organisation else None,
                "reply": c.parent_id is not None,
                "text": c.text,
                "created_at": _iso(c.created_at),
                "hidden_by_moderator": c.hidden_at is not None,
                "hidden_reason": c.hidden_reason,
            }
            for c in Comment.objects.filter(author=user).select_related(
                "process", "proposal", "organisation"
            )
        ],
        "reports": [
            {
                "comment_id": r.comment_id,
                "reason": r.reason,
                "created_at": _iso(r.created_at),
            }
            for r in CommentReport.objects.filter(reporter=user)
        ],
    }


@register_eraser("participation")
def participation_erase(user: Any) -> None:
    now = timezone.now()
    Comment.objects.filter(author=user).update(text="", author=None, removed_at=now)
    Proposal.objects.filter(submitted_by=user, organisation__isnull=True).update(
        text="", submitted_by=None, removed_at=now
    )
    Proposal.objects.filter(submitted_by=user).update(submitted_by=None)
    reported = list(
        CommentReport.objects.filter(reporter=user).values_list("comment_id", flat=True)
    )
    CommentReport.objects.filter(reporter=user).delete()
    comment_reports_recount(reported)
