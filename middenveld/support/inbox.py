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

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.support.models import QuarantinedMail, Question
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
    rows, count = rows_and_count(
        waiting.values_list("pk", "subject", "created_at", "due_at", "organisation__name"), limit
    )
    items = [
        InboxItem(
            title=f"#{pk} {subject}",
            url=url.format(pk),
            since=created_at,
            due=due_at,
            organisation=organisation or "",
        )
        for pk, subject, created_at, due_at, organisation in rows
    ]
    return items, count


def quarantine_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        return [], 0
    waiting = QuarantinedMail.objects.filter(handled_at__isnull=True).order_by("received_at", "id")
    rows, count = rows_and_count(
        waiting.values_list("pk", "from_address", "subject", "received_at"), limit
    )
    items = [
        InboxItem(
            title=_("Mail from %(sender)s: %(subject)s")
            % {"sender": sender or _("unknown sender"), "subject": subject or _("(no subject)")},
            url=reverse("beheer:support_quarantinedmail_change", args=[pk]),
            since=received_at,
            due=CALENDAR.add_working_days(received_at, QUARANTINE_WORKING_DAYS),
        )
        for pk, sender, subject, received_at in rows
    ]
    return items, count


inbox_source(
    "support.questions",
    label=gettext_lazy("Questions"),
    items=question_items,
    rule="support.handle",
    order=10,
    models=(Question,),
)
inbox_source(
    "support.quarantine",
    label=gettext_lazy("Mails kept aside"),
    items=quarantine_items,
    rule="support.handle",
    order=20,
    models=(QuarantinedMail,),
)
