"""Advice waiting for the city's answer, as a source of the staff inbox
(``middenveld.city.inbox``). Due: the answer's deadline; the soonest (or most overdue)
first. "For me" and "for my teams" hold nothing (an advice goes to the city as a whole);
"everything" holds every advice still waiting. Only staff who may answer see it."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.parliament.models import Advice


def advice_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if not scope.everything:
        return [], 0
    waiting = Advice.objects.filter(answer=Advice.Answer.WAITING).order_by("answer_due", "pk")
    rows, count = rows_and_count(
        waiting.values_list("number", "title", "sent_on", "answer_due", "body__name"), limit
    )
    zone = timezone.get_current_timezone()
    items = [
        InboxItem(
            title=_("Answer the advice %(number)s: %(title)s") % {"number": number, "title": title},
            url=reverse("parliament:advice", args=[number]),
            since=datetime.combine(sent_on, time(9), tzinfo=zone),
            due=datetime.combine(due, time(17), tzinfo=zone),
            organisation=body,
        )
        for number, title, sent_on, due, body in rows
    ]
    return items, count


inbox_source(
    "parliament.advice",
    label=gettext_lazy("Advice to answer"),
    items=advice_items,
    rule="parliament.answer_advice",
    order=60,
    models=(Advice,),
)
