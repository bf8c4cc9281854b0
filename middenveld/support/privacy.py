"""A person's questions in their data export, and what erasing an account does to them.

Questions asked only for themselves are deleted with their messages and files.
Questions asked for an organisation belong to the organisation too: they stay,
without the person's name, address or phone, and close if they were still open
(there is nobody left to answer).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from middenveld.accounts.privacy import register_eraser, register_exporter
from middenveld.city.inbox import inbox_changed
from middenveld.support.models import OPEN_STATUSES, Attachment, Message, MessageKind, Question


def _own(user: Any) -> Q:
    return Q(asker_id=user.pk) | Q(asker__isnull=True, asker_email__iexact=user.email)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@register_exporter("questions")
def questions_export(user: Any) -> list[dict[str, Any]]:
    questions = (
        Question.objects.filter(_own(user))
        .select_related("organisation", "topic")
        .prefetch_related("messages__attachments")
        .order_by("created_at")
    )
    return [
        {
            "subject": q.subject,
            "organisation": q.organisation.name if q.organisation is not None else None,
            "topic": q.topic.name if q.topic is not None else None,
            "channel": q.channel,
            "status": q.status,
            "asked_at": _iso(q.created_at),
            "name": q.asker_name,
            "email": q.asker_email,
            "phone": q.asker_phone,
            "messages": [
                {
                    "kind": m.kind,
                    "written_at": _iso(m.created_at),
                    "text": m.body,
                    "files": [a.filename for a in m.attachments.all()],
                }
                for m in q.messages.all()
                if m.kind != MessageKind.NOTE
            ],
        }
        for q in questions
    ]


@register_eraser("questions")
def questions_erase(user: Any) -> None:
    own = Question.objects.filter(_own(user))
    private = own.filter(organisation__isnull=True)
    for attachment in Attachment.objects.filter(message__question__in=private):
        attachment.file.delete(save=False)
    Question.objects.filter(merged_into__in=private).update(merged_into=None)
    private.delete()
    now = timezone.now()
    shared = Question.objects.filter(_own(user))
    shared.filter(status__in=OPEN_STATUSES).update(status="closed", closed_at=now, due_at=None)
    shared.update(asker=None, asker_name="", asker_email="", asker_phone="")
    inbox_changed()  # closed without signals: the staff inbox must not keep them
    Message.objects.filter(author=user).exclude(kind__in=["reply", "note"]).update(
        author=None, from_email=""
    )
    Message.objects.filter(from_email__iexact=user.email).update(from_email="")
