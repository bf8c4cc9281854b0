"""A person's own checklist is their personal data: in the export, gone after erasure.
An organisation's checklist stays, without the name of who ticked."""

from __future__ import annotations

import pytest

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.guide.models import Tick
from middenveld.guide.owners import ChecklistOwner
from middenveld.guide.services import task_tick
from middenveld.organisations.models import TimelineEvent

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_persons_own_checklist_and_their_ticks_for_organisations(guide, org_a):
    person = org_a.member
    task_tick(user=person, task=guide.tasks[0], owner=ChecklistOwner(user=person))
    task_tick(
        user=person, task=guide.tasks[2], owner=ChecklistOwner(organisation=org_a.organisation)
    )
    data = user_export(person)["starters_guide"]
    assert [t["task"] for t in data["my_checklist"]] == ["Write down what you do"]
    assert data["ticked_for_organisations"][0]["organisation"] == "Buurtwerk Rabot"


def test_erasing_the_account_deletes_the_own_checklist_and_keeps_the_organisations(guide, org_a):
    person = org_a.member
    task_tick(user=person, task=guide.tasks[0], owner=ChecklistOwner(user=person))
    task_tick(
        user=person, task=guide.tasks[2], owner=ChecklistOwner(organisation=org_a.organisation)
    )
    name = person.name
    user_erase(person)
    assert not Tick.objects.filter(user=person).exists()
    kept = Tick.objects.get(organisation=org_a.organisation)
    assert kept.done_by is None
    event = TimelineEvent.objects.get(kind="guide.task_done")
    assert name not in str(event.data)
