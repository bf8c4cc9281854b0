"""Factories for the trajectory's models.

Texts are written in Dutch (``<field>_nl``), the source language; pass
``title_en=...`` and so on for translations. Example::

    action = ActionFactory(workstream__title_nl="Basiswerk", progress=40)
    ActionMilestoneFactory.create_batch(2, action=action)
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from middenveld.trajectory.models import (
    Action,
    ActionMilestone,
    ActionStatus,
    ContactInfo,
    Document,
    DocumentKind,
    NewsItem,
    Section,
    TimelineEntry,
    Workstream,
)


class SectionFactory(factory.django.DjangoModelFactory[Section]):
    class Meta:
        model = Section
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"sectie-{n}")
    title_nl = factory.Sequence(lambda n: f"Sectie {n}")
    body_nl = "Wat het traject is en waarom het bestaat."
    order = factory.Sequence(lambda n: n)


class WorkstreamFactory(factory.django.DjangoModelFactory[Workstream]):
    class Meta:
        model = Workstream
        django_get_or_create = ("slug",)

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"werf-{n + 1}")
    title_nl = factory.Sequence(lambda n: f"Werf {n + 1}")
    summary_nl = "Een korte samenvatting van de werf."
    body_nl = "Wat de stad en het middenveld in deze werf samen doen."


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    workstream = factory.SubFactory(WorkstreamFactory)
    title_nl = factory.Sequence(lambda n: f"Actie {n}")
    description_nl = "Wat deze actie inhoudt."
    status = ActionStatus.IN_PROGRESS
    progress = 50
    order = factory.Sequence(lambda n: n)


class ActionMilestoneFactory(factory.django.DjangoModelFactory[ActionMilestone]):
    class Meta:
        model = ActionMilestone

    action = factory.SubFactory(ActionFactory)
    title_nl = factory.Sequence(lambda n: f"Mijlpaal {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    reached = False


class TimelineEntryFactory(factory.django.DjangoModelFactory[TimelineEntry]):
    class Meta:
        model = TimelineEntry

    starts_on = factory.Sequence(lambda n: timezone.localdate() + timedelta(days=n))
    ends_on = None
    title_nl = factory.Sequence(lambda n: f"Moment {n}")
    body_nl = "Wat er op dit moment gebeurt."
    workstream = factory.SubFactory(WorkstreamFactory)


class DocumentFactory(factory.django.DjangoModelFactory[Document]):
    """A document with an external link (no file upload needed)."""

    class Meta:
        model = Document

    title_nl = factory.Sequence(lambda n: f"Document {n}")
    description_nl = "Een verslag van het traject."
    kind = DocumentKind.DOCUMENT
    url = factory.Sequence(lambda n: f"https://example.org/documenten/{n}.pdf")
    published_on = factory.Sequence(lambda n: timezone.localdate() - timedelta(days=n))
    workstream = factory.SubFactory(WorkstreamFactory)


class NewsItemFactory(factory.django.DjangoModelFactory[NewsItem]):
    class Meta:
        model = NewsItem
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"nieuws-{n}")
    title_nl = factory.Sequence(lambda n: f"Nieuws {n}")
    summary_nl = "Kort nieuws over het traject."
    body_nl = "Het hele bericht."
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=n + 1))
    is_published = True


class ContactInfoFactory(factory.django.DjangoModelFactory[ContactInfo]):
    """The single contact row (get-or-create: there is only ever one)."""

    class Meta:
        model = ContactInfo
        django_get_or_create = ("singleton",)

    singleton = True
    email = "middenveld@stad.gent"
    phone = "09 210 10 10"
    form_url = "/vragen/"
    intro_nl = "Stel je vraag via mail, telefoon of het webformulier."
    opening_hours_nl = "Maandag tot vrijdag, 9 tot 17 uur"
