"""The verification queue as a source of the staff inbox (``middenveld.city.inbox``).

Submitted organisations, oldest first, due ten working days after they were
sent. "For me": those whose fixed contact person at the city I am; "for my
teams" and "everything": all of them, for people who may verify.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from middenveld.city.inbox import InboxItem, InboxScope, inbox_source, rows_and_count
from middenveld.organisations.models import Organisation, Status
from middenveld.support.workdays import WorkingCalendar

VERIFY_WORKING_DAYS = 10
CALENDAR = WorkingCalendar()


def verification_items(scope: InboxScope, limit: int) -> tuple[list[InboxItem], int]:
    waiting = Organisation.objects.filter(status=Status.SUBMITTED)
    if scope.mine:
        waiting = waiting.filter(contact_person_id=scope.person.pk)
    waiting = waiting.order_by("submitted_at", "id")
    title = gettext("Check the registration and verify it")
    url = reverse("beheer:organisations_organisation_360", args=[0]).replace("/0/", "/{}/")
    rows, count = rows_and_count(
        waiting.values_list("pk", "name", "submitted_at", "created_at"), limit
    )
    items = [
        InboxItem(
            title=title,
            url=url.format(pk),
            since=since,
            due=CALENDAR.add_working_days(since, VERIFY_WORKING_DAYS),
            organisation=name,
        )
        for pk, name, submitted_at, created_at in rows
        for since in [submitted_at or created_at]
    ]
    return items, count


inbox_source(
    "organisations.verification",
    label=_("Registrations to verify"),
    items=verification_items,
    rule="organisations.verify",
    order=30,
    models=(Organisation,),
)
