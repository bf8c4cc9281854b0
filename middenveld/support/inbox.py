"""The support desk's sources in the staff inbox (``middenveld.city.inbox``).

- ``support.questions``: open questions, soonest due first. "For me": the ones
  assigned to me; "for my teams": my teams'; "everything": all open questions.
- ``support.quarantine``: mails kept aside that nobody handled yet, oldest
  first, due two working days after they came in. They belong to nobody, so
  they show under "for my teams" and "everything", not under "for me".
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.inbox import InboxItem, InboxScope, count_capped, inbox_source
from middenveld.support.models import QuarantinedMail
from middenveld.support.routing import CALENDAR
from middenveld.support.selectors import questions_waiting

QUARANTINE_WORKING_DAYS = 2


def question_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        waiting = questions_waiting(person=scope.person)
    elif scope.everything:
        waiting = questions_waiting()
    else:
        waiting = questions_waiting(team_ids=scope.team_ids)
    # Plain tuples, not model objects: the inbox shows few fields of many rows.
    url = reverse("beheer:support_question_change", args=[0]).replace("/0/", "/{}/")
    rows = waiting.values_list("pk", "subject", "created_at", "due_at", "organisation__name")
    items = (
        [
            InboxItem(
                title=f"#{pk} {subject}",
                url=url.format(pk),
                since=created_at,
                due=due_at,
                organisation=organisation or "",
            )
            for pk, subject, created_at, due_at, organisation in rows[:limit]
        ]
        if limit
        else []
    )
    return items, count_capped(waiting)


def quarantine_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        return [], 0
    waiting = QuarantinedMail.objects.filter(handled_at__isnull=True).order_by("received_at", "id")
    items = [
        InboxItem(
            title=_("Mail from %(sender)s: %(subject)s")
            % {
                "sender": mail.from_address or _("unknown sender"),
                "subject": mail.subject or _("(no subject)"),
            },
            url=reverse("beheer:support_quarantinedmail_change", args=[mail.pk]),
            since=mail.received_at,
            due=CALENDAR.add_working_days(mail.received_at, QUARANTINE_WORKING_DAYS),
        )
        for mail in waiting.only("pk", "from_address", "subject", "received_at")[:limit]
    ]
    return items, count_capped(waiting)


inbox_source(
    "support.questions",
    label=gettext_lazy("Questions"),
    items=question_items,
    rule="support.handle",
    order=10,
)
inbox_source(
    "support.quarantine",
    label=gettext_lazy("Mails kept aside"),
    items=quarantine_items,
    rule="support.handle",
    order=20,
)
