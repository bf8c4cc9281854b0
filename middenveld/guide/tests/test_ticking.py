"""Ticking a task off and back: the form works without JavaScript, is idempotent,
writes the organisation's timeline, and bad input changes nothing."""

from __future__ import annotations

import pytest

from middenveld.guide import services
from middenveld.guide.models import Tick
from middenveld.guide.owners import ChecklistOwner
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.timeline import event_sentence, timeline_for

pytestmark = pytest.mark.django_db

TICK = "/en/wegwijzer/checklist/afvinken/"


def _post(client, task, voor, done="1", **extra):
    return client.post(TICK, {"task": task.pk, "voor": voor, "done": done, **extra})


def test_a_member_ticks_a_task_off_the_organisations_checklist(client, guide, org_a):
    client.force_login(org_a.member)
    response = _post(client, guide.tasks[2], "buurtwerk-rabot")
    assert response.status_code == 302
    assert response["Location"] == (
        f"/en/wegwijzer/checklist/?voor=buurtwerk-rabot#task-{guide.tasks[2].pk}"
    )
    tick = Tick.objects.get()
    assert (tick.task, tick.organisation, tick.user, tick.done_by) == (
        guide.tasks[2],
        org_a.organisation,
        None,
        org_a.member,
    )


def test_every_member_sees_the_tick_of_another_member(client, guide, org_a):
    client.force_login(org_a.member)
    _post(client, guide.tasks[0], "buurtwerk-rabot")
    client.force_login(org_a.admin)
    html = client.get("/en/wegwijzer/checklist/?voor=buurtwerk-rabot").content.decode()
    assert "1 of 5 tasks done" in html
    assert "Not done after all" in html


def test_ticking_twice_leaves_one_tick_and_one_timeline_event(client, guide, org_a):
    client.force_login(org_a.member)
    _post(client, guide.tasks[0], "buurtwerk-rabot")
    _post(client, guide.tasks[0], "buurtwerk-rabot")
    client.force_login(org_a.admin)
    _post(client, guide.tasks[0], "buurtwerk-rabot")
    assert Tick.objects.count() == 1
    assert TimelineEvent.objects.filter(kind="guide.task_done").count() == 1


def test_the_service_returns_the_existing_tick_when_the_task_is_already_ticked(guide, org_a):
    owner = ChecklistOwner(organisation=org_a.organisation)
    first = services.task_tick(user=org_a.member, task=guide.tasks[0], owner=owner)
    second = services.task_tick(user=org_a.admin, task=guide.tasks[0], owner=owner)
    assert first.pk == second.pk
    assert second.done_by == org_a.member


def test_unticking_removes_the_tick_and_is_idempotent_too(client, guide, org_a):
    client.force_login(org_a.member)
    _post(client, guide.tasks[0], "buurtwerk-rabot")
    _post(client, guide.tasks[0], "buurtwerk-rabot", done="0")
    _post(client, guide.tasks[0], "buurtwerk-rabot", done="0")
    assert not Tick.objects.exists()


def test_the_organisation_timeline_tells_who_ticked_which_task(guide, org_a):
    owner = ChecklistOwner(organisation=org_a.organisation)
    services.task_tick(user=org_a.member, task=guide.tasks[2], owner=owner)
    (event,) = timeline_for(org_a.organisation, members_only=True)
    assert event.kind == "guide.task_done"
    assert event.data["person_id"] == org_a.member.pk
    sentence = event_sentence(event)
    assert "Sluit een BA-verzekering af" in sentence
    assert org_a.member.name in sentence


def test_a_person_ticks_their_own_checklist_without_a_timeline_event(client, guide, outsider):
    client.force_login(outsider)
    response = _post(client, guide.tasks[1], "mij")
    assert response.status_code == 302
    tick = Tick.objects.get()
    assert tick.user == outsider and tick.organisation is None
    assert not TimelineEvent.objects.exists()
    html = client.get("/en/wegwijzer/checklist/?voor=mij").content.decode()
    assert "1 of 5 tasks done" in html


def test_the_form_goes_back_to_the_page_it_came_from(client, guide, org_a):
    client.force_login(org_a.member)
    back = "/en/wegwijzer/verzekeringen/?voor=buurtwerk-rabot"
    response = _post(client, guide.tasks[2], "buurtwerk-rabot", next=back)
    assert response["Location"] == f"{back}#task-{guide.tasks[2].pk}"


def test_a_next_address_on_another_site_is_ignored(client, guide, org_a):
    client.force_login(org_a.member)
    response = _post(client, guide.tasks[2], "buurtwerk-rabot", next="https://evil.example/")
    assert response["Location"].startswith("/en/wegwijzer/checklist/?voor=buurtwerk-rabot")


@pytest.mark.parametrize("done", ["", "yes", "2", "1; drop table"])
def test_an_unclear_done_value_changes_nothing_and_says_why(client, guide, org_a, done):
    client.force_login(org_a.member)
    response = _post(client, guide.tasks[0], "buurtwerk-rabot", done=done)
    assert response.status_code == 302
    assert not Tick.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose whether the task is done or not." in page


@pytest.mark.parametrize("task", ["", "abc", "-1", "999999999", "99999999999999999999999"])
def test_an_unknown_task_is_404_and_changes_nothing(client, guide, org_a, task):
    client.force_login(org_a.member)
    response = client.post(TICK, {"task": task, "voor": "buurtwerk-rabot", "done": "1"})
    assert response.status_code == 404
    assert not Tick.objects.exists()


def test_ticking_needs_a_post(client, guide, org_a):
    client.force_login(org_a.member)
    assert (
        client.get(TICK, {"task": guide.tasks[0].pk, "voor": "mij", "done": "1"}).status_code == 405
    )
    assert not Tick.objects.exists()


def test_with_htmx_the_answer_holds_the_updated_checklist(client, guide, org_a):
    client.force_login(org_a.member)
    response = client.post(
        TICK,
        {"task": guide.tasks[0].pk, "voor": "buurtwerk-rabot", "done": "1"},
        headers={"HX-Request": "true"},
        follow=True,
    )
    assert response.status_code == 200
    assert 'id="checklist"' in response.content.decode()
    assert "1 of 5 tasks done" in response.content.decode()
