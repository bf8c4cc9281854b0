"""The database keeps the checklist sound, on SQLite and on PostgreSQL: a tick has exactly one
owner, and a task is ticked at most once per organisation and once per person."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from middenveld.guide.models import Tick
from middenveld.guide.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db(transaction=False)


def _fails(**fields) -> bool:
    try:
        with transaction.atomic():
            Tick.objects.create(**fields)
    except IntegrityError:
        return True
    return False


def test_a_tick_without_an_owner_is_refused(guide):
    assert _fails(task=guide.tasks[0])


def test_a_tick_for_an_organisation_and_a_person_at_once_is_refused(guide, org_a):
    assert _fails(task=guide.tasks[0], organisation=org_a.organisation, user=org_a.member)


def test_a_second_tick_of_the_same_task_for_the_same_organisation_is_refused(guide, org_a):
    Tick.objects.create(task=guide.tasks[0], organisation=org_a.organisation)
    assert _fails(task=guide.tasks[0], organisation=org_a.organisation)
    assert Tick.objects.count() == 1


def test_a_second_tick_of_the_same_task_for_the_same_person_is_refused(guide, outsider):
    Tick.objects.create(task=guide.tasks[0], user=outsider)
    assert _fails(task=guide.tasks[0], user=outsider)


def test_the_same_task_is_ticked_once_by_each_owner(guide, org_a, org_b, outsider):
    task = guide.tasks[0]
    Tick.objects.create(task=task, organisation=org_a.organisation)
    Tick.objects.create(task=task, organisation=org_b.organisation)
    Tick.objects.create(task=task, user=outsider)
    Tick.objects.create(task=task, user=org_a.member)
    Tick.objects.create(task=TaskFactory(step=guide.steps[0]), organisation=org_a.organisation)
    assert Tick.objects.count() == 5


def test_the_service_survives_a_race_that_the_constraint_decides(guide, org_a, monkeypatch):
    """Two members submit at the same moment: the second insert hits the constraint and
    the service answers with the first tick instead of an error."""
    from middenveld.guide import services
    from middenveld.guide.owners import ChecklistOwner

    owner = ChecklistOwner(organisation=org_a.organisation)
    first = Tick.objects.create(
        task=guide.tasks[0], organisation=org_a.organisation, done_by=org_a.admin
    )
    real_filter = Tick.objects.filter
    calls = {"n": 0}

    def late_filter(*args, **kwargs):
        # The first look finds nothing (the other request has not committed yet).
        calls["n"] += 1
        return real_filter(pk=-1) if calls["n"] == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(Tick.objects, "filter", late_filter)
    tick = services.task_tick(user=org_a.member, task=guide.tasks[0], owner=owner)
    assert tick.pk == first.pk
    assert real_filter(task=guide.tasks[0]).count() == 1
