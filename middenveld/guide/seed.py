"""The starter's guide: its real content (Dutch and English), and a few ticked checklists.

The steps and tasks are keyed on their slug and their place in the step, so a
second run changes nothing; translations that staff added in other languages
stay. Checklists: the demo accounts' organisations have ticked some tasks, and
so have ``20 × scale`` other organisations (through the same service as the
page, so their timelines show it).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Min

from middenveld.core.seeding import SeedContext, seeder
from middenveld.guide import services
from middenveld.guide.content import en, nl
from middenveld.guide.models import Step, Task, Tick
from middenveld.guide.owners import ChecklistOwner
from middenveld.organisations.models import MemberRole, Membership

# Demo organisations (organisations/seed.py) and how many tasks of each step they ticked.
DEMO_PROGRESS = {
    "huiswerkklas-de-brug": {
        "vereniging-of-vzw": 5,
        "verzekeringen": 5,
        "bankrekening": 4,
        "vrijwilligers": 2,
    },
    "vrouwenvereniging-de-zonnebloem": {"vereniging-of-vzw": 3, "verzekeringen": 1},
}


def guide_content_seed(ctx: SeedContext | None = None) -> list[Step]:
    """Create or update the steps and tasks from ``content/nl.py`` and ``content/en.py``."""
    steps = []
    created = 0
    for order, (slug, title, intro, body, tasks) in enumerate(nl.STEPS, start=1):
        values: dict[str, Any] = {
            "order": order * 10,
            "title_nl": title,
            "intro_nl": intro,
            "body_nl": body,
        }
        english = en.STEPS.get(slug)
        if english:
            values.update(title_en=english[0], intro_en=english[1], body_en=english[2])
        step, was = Step.objects.update_or_create(slug=slug, defaults=values)
        created += was
        for index, (task_title, hint) in enumerate(tasks):
            task_values: dict[str, Any] = {"title_nl": task_title, "hint_nl": hint}
            if english and index < len(english[3]):
                task_values.update(title_en=english[3][index][0], hint_en=english[3][index][1])
            _task, was = Task.objects.update_or_create(
                step=step, order=(index + 1) * 10, defaults=task_values
            )
            created += was
        steps.append(step)
    if ctx is not None:
        ctx.count("guide steps and tasks", created)
    return steps


def _tick_first(membership: Membership, plan: dict[str, int], tasks: list[Task]) -> None:
    """Tick the first ``plan[step slug]`` tasks of each step in ``plan``, as the admin."""
    owner = ChecklistOwner(organisation=membership.organisation)
    for task in tasks:
        if task.order <= plan.get(task.step.slug, 0) * 10:
            services.task_tick(user=membership.user, task=task, owner=owner)


@seeder(order=46)
def seed_guide(ctx: SeedContext) -> None:
    steps = guide_content_seed(ctx)
    tasks = list(Task.objects.select_related("step").order_by("step__order", "order"))
    before = Tick.objects.count()
    admins = Membership.objects.filter(role=MemberRole.ADMIN).select_related("user", "organisation")
    for slug, plan in DEMO_PROGRESS.items():
        membership = admins.filter(organisation__slug=slug).order_by("created_at", "id").first()
        if membership is not None:
            _tick_first(membership, plan, tasks)
    # Other organisations: the same ones on every run (the lowest ids, one admin each),
    # each with a different number of steps under way.
    first_admins = (
        Membership.objects.filter(role=MemberRole.ADMIN)
        .exclude(organisation__slug__in=DEMO_PROGRESS)
        .values("organisation_id")
        .annotate(first=Min("id"))
        .order_by("organisation_id")
        .values_list("first", flat=True)[: 20 * ctx.scale]
    )
    slugs = [s.slug for s in steps]
    for number, membership in enumerate(admins.filter(id__in=list(first_admins)).order_by("id")):
        plan = dict.fromkeys(slugs[: 1 + number % max(1, len(slugs) - 1)], 2 + number % 3)
        _tick_first(membership, plan, tasks)
    ctx.count("guide ticks", Tick.objects.count() - before)
