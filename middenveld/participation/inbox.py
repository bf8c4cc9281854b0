"""Reported comments in the staff inbox (``middenveld.city.inbox``).

A comment with open reports waits for a moderator: due two working days after the first
report. "For me" holds nothing (a report has no owner yet); "for my teams" and
"everything" show them to the people who may moderate (rule ``participation.moderate``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.participation.models import Comment, CommentReport
from middenveld.participation.selectors import comments_reported
from middenveld.support.workdays import WorkingCalendar

MODERATE_WORKING_DAYS = 2
CALENDAR = WorkingCalendar()


def reported_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    if scope.mine:
        return [], 0
    waiting: Any = comments_reported()
    title = gettext("Look at a reported comment and hide it or keep it")
    url = reverse("beheer:participation_comment_moderate", args=[0]).replace("/0/", "/{}/")
    rows, count = rows_and_count(
        waiting.values_list("pk", "reported_at", "organisation__name"), limit
    )
    items = [
        InboxItem(
            title=title,
            url=url.format(pk),
            since=since,
            due=CALENDAR.add_working_days(since, MODERATE_WORKING_DAYS),
            organisation=name or "",
        )
        for pk, since, name in rows
    ]
    return items, count


inbox_source(
    "participation.reported_comments",
    label=_("Reported comments"),
    items=reported_items,
    rule="participation.moderate",
    order=60,
    models=(Comment, CommentReport),
)
