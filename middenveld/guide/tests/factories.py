"""Factories for the starter's guide. Example::

step = StepFactory(slug="verzekeringen", title_nl="Verzekeringen", title_en="Insurance")
task = TaskFactory(step=step, title_nl="Sluit een verzekering af")
TickFactory(task=task, organisation=org, done_by=admin)      # or user=person
"""

from __future__ import annotations

import factory

from middenveld.guide.models import Step, Task, Tick


class StepFactory(factory.django.DjangoModelFactory[Step]):
    class Meta:
        model = Step
        django_get_or_create = ("slug",)

    order = factory.Sequence(lambda n: n * 10)
    slug = factory.Sequence(lambda n: f"stap-{n}")
    title_nl = factory.Sequence(lambda n: f"Stap {n}")
    intro_nl = "Een korte inleiding."
    body_nl = "Uitleg in eenvoudige woorden."


class TaskFactory(factory.django.DjangoModelFactory[Task]):
    class Meta:
        model = Task

    step = factory.SubFactory(StepFactory)
    order = factory.Sequence(lambda n: n * 10)
    title_nl = factory.Sequence(lambda n: f"Taak {n}")
    hint_nl = ""


class TickFactory(factory.django.DjangoModelFactory[Tick]):
    class Meta:
        model = Tick

    task = factory.SubFactory(TaskFactory)
