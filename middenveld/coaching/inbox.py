"""Coaching in the staff inbox (``middenveld.city.inbox``): requests waiting for a coach.

Due five working days after the request came in. "For me" holds nothing here (a
request has no person yet); "for my teams" and "everything" show all waiting
requests to the people who may decide on them (rule ``coaching.manage``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.coaching.models import CoachingRequest
from middenveld.coaching.selectors import coaching_requests_waiting


def request_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        return [], 0
    waiting = coaching_requests_waiting()
    title = gettext("Find a coach or answer the request for coaching")
    url = reverse("beheer:coaching_coachingrequest_decide", args=[0]).replace("/0/", "/{}/")
    rows, count = rows_and_count(
        waiting.values_list("pk", "created_at", "due_at", "organisation__name"), limit
    )
    items = [
        InboxItem(title=title, url=url.format(pk), since=since, due=due, organisation=name)
        for pk, since, due, name in rows
    ]
    return items, count


inbox_source(
    "coaching.requests",
    label=_("Requests for coaching"),
    items=request_items,
    rule="coaching.manage",
    order=50,
    models=(CoachingRequest,),
)
