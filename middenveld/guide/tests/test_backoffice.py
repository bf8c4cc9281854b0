"""Staff edit the guide's steps and tasks in /beheer/, in every language."""

from __future__ import annotations

import pytest

from middenveld.guide.models import Step

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en", "fr", "tr", "ar", "bg")


def test_staff_find_the_guide_in_the_back_office(client, staff, guide):
    client.force_login(staff)
    html = client.get("/beheer/").content.decode()
    assert "/beheer/guide/step/" in html
    listing = client.get("/beheer/guide/step/").content.decode()
    assert "Insurance" in listing or "Verzekeringen" in listing
    assert "FR, TR, AR, BG" in listing  # missing translations


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_others_do_not_get_in(client, citizen, guide, who):
    if who == "citizen":
        client.force_login(citizen)
    response = client.get("/beheer/guide/step/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_the_step_form_has_every_language_and_the_tasks_inline(client, staff, guide):
    client.force_login(staff)
    step = guide.steps[1]
    html = client.get(f"/beheer/guide/step/{step.pk}/change/").content.decode()
    for code in LANGUAGES:
        assert f'name="title_{code}"' in html
        assert f'name="body_{code}"' in html
        assert f'name="tasks-0-title_{code}"' in html
    assert "FR, TR, AR, BG" in html  # the missing-translations warning


def test_staff_save_a_french_translation_and_the_page_shows_it(client, staff, guide):
    client.force_login(staff)
    step = guide.steps[1]
    tasks = list(step.tasks.all())
    data = {
        "order": 20,
        "slug": step.slug,
        "title_nl": step.title_nl,
        "intro_nl": step.intro_nl,
        "body_nl": step.body_nl,
        "title_fr": "Assurances",
        "intro_fr": "Un accident peut arriver.",
        "body_fr": "L'assurance paie.",
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": str(len(tasks)),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
    }
    for index, task in enumerate(tasks):
        data.update(
            {
                f"tasks-{index}-id": str(task.pk),
                f"tasks-{index}-step": str(step.pk),
                f"tasks-{index}-order": str(task.order),
                f"tasks-{index}-title_nl": task.title_nl,
                f"tasks-{index}-title_fr": f"Tâche {index}",
            }
        )
    response = client.post(f"/beheer/guide/step/{step.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Step.objects.get(pk=step.pk).title_fr == "Assurances"
    client.logout()
    page = client.get("/fr/wegwijzer/verzekeringen/").content.decode()
    assert "Assurances" in page and "Tâche 0" in page


def test_the_360_view_shows_how_far_the_organisations_checklist_is(client, staff, guide, org_a):
    from middenveld.guide.owners import ChecklistOwner
    from middenveld.guide.services import task_tick

    owner = ChecklistOwner(organisation=org_a.organisation)
    task_tick(user=org_a.member, task=guide.tasks[2], owner=owner)
    client.force_login(staff)
    html = client.get(
        f"/en/beheer/organisations/organisation/{org_a.organisation.pk}/360/"
    ).content.decode()
    assert "1 of 5 tasks of the starter" in html
    assert "<td>1 / 3</td>" in html
    # The timeline of the 360° view tells who ticked what.
    assert "ticked off by" in html


def test_the_360_view_says_when_nothing_is_ticked_yet(client, staff, guide, org_b):
    client.force_login(staff)
    html = client.get(
        f"/en/beheer/organisations/organisation/{org_b.organisation.pk}/360/"
    ).content.decode()
    assert "has not ticked off any task of the starter" in html
