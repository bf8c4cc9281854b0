"""The guide's seed: real content in Dutch and English, idempotent, and ticked checklists."""

from __future__ import annotations

import pytest

from middenveld.core.seeding import SeedContext
from middenveld.guide import seed
from middenveld.guide.content import en, nl
from middenveld.guide.models import Step, Task, Tick
from middenveld.guide.text import blocks
from middenveld.organisations.models import MemberRole, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TOPICS = [
    "vereniging-of-vzw",
    "verzekeringen",
    "bankrekening",
    "vrijwilligers",
    "verenigingsregister",
    "erkenning",
    "ruimte",
    "eerste-subsidie",
]


def _ctx() -> SeedContext:
    return SeedContext(scale=1, write=lambda _line: None)


def test_the_seed_writes_every_step_in_dutch_and_english_with_tasks():
    seed.seed_guide(_ctx())
    steps = list(Step.objects.order_by("order"))
    assert [s.slug for s in steps] == TOPICS
    for step in steps:
        assert step.title_nl and step.intro_nl and step.body_nl
        assert step.title_en and step.intro_en and step.body_en
        tasks = list(step.tasks.all())
        assert len(tasks) >= 3
        assert all(t.title_nl and t.title_en for t in tasks)


def test_the_english_content_matches_the_dutch_step_by_step():
    assert set(en.STEPS) == {slug for slug, *_rest in nl.STEPS}
    for slug, _title, _intro, _body, tasks in nl.STEPS:
        assert len(en.STEPS[slug][3]) == len(tasks), slug


def test_the_vzw_step_compares_liability_costs_and_obligations_in_a_table():
    body = {s[0]: s[3] for s in nl.STEPS}["vereniging-of-vzw"]
    (table,) = [b for b in blocks(body) if b.kind == "table"]
    text = "\n".join(table.lines)
    for word in ("Aansprakelijkheid", "Kosten", "Verplichtingen", "griffie", "Belgisch Staatsblad"):
        assert word in text
    assert "UBO-register" in body and "algemene vergadering" in body


@pytest.mark.parametrize("content", ["nl", "en"])
def test_the_content_links_to_the_directory_the_questions_and_the_rooms(content):
    steps = nl.STEPS if content == "nl" else [(k, *v) for k, v in en.STEPS.items()]
    bodies = " ".join(step[3] for step in steps)
    for path in ("(/organisaties/)", "(/vragen/)", "(/ruimtes/)"):
        assert path in bodies


def test_seeding_twice_changes_nothing():
    org = OrganisationFactory(slug="huiswerkklas-de-brug", name="Huiswerkklas De Brug")
    MembershipFactory(organisation=org, role=MemberRole.ADMIN)
    other = OrganisationFactory()
    MembershipFactory(organisation=other, role=MemberRole.ADMIN)
    seed.seed_guide(_ctx())
    counts = (Step.objects.count(), Task.objects.count(), Tick.objects.count())
    events = TimelineEvent.objects.filter(kind="guide.task_done").count()
    assert counts[2] > 0 and events == counts[2]
    seed.seed_guide(_ctx())
    assert (Step.objects.count(), Task.objects.count(), Tick.objects.count()) == counts
    assert TimelineEvent.objects.filter(kind="guide.task_done").count() == events


def test_reseeding_keeps_translations_that_staff_added():
    seed.seed_guide(_ctx())
    step = Step.objects.get(slug="verzekeringen")
    step.title_fr = "Assurances"
    step.save()
    seed.seed_guide(_ctx())
    assert Step.objects.get(slug="verzekeringen").title_fr == "Assurances"
