"""Factories for participation. Example::

process = ProcessFactory()                          # published, a proposals phase running today
process = ProcessFactory(phases=False)              # no phases
ProposalFactory(process=process, organisation=org)
CommentFactory(process=process, proposal=proposal, author=user)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.participation.models import Comment, CommentReport, Phase, Process, Proposal
from middenveld.participation.services import comment_reports_recount


class ProcessFactory(factory.django.DjangoModelFactory[Process]):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"inspraak-{n}")
    title = factory.Sequence(lambda n: f"Inspraakronde {n}")
    title_nl = factory.SelfAttribute("title")
    summary = "Denk mee over de prioriteiten."
    summary_nl = factory.SelfAttribute("summary")
    description = "De stad vraagt je mening."
    description_nl = factory.SelfAttribute("description")
    published = True

    @factory.post_generation
    def phases(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """By default: proposals now (10 days ago to 10 days ahead), then a vote."""
        if not create or extracted is False:
            return
        today = timezone.localdate()
        PhaseFactory(
            process=self,
            title="Voorstellen",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=10),
            accepts_proposals=True,
        )
        PhaseFactory(
            process=self,
            title="Stemming",
            starts_on=today + timedelta(days=11),
            ends_on=today + timedelta(days=20),
        )


class PhaseFactory(factory.django.DjangoModelFactory[Phase]):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory, phases=False)
    title = factory.Sequence(lambda n: f"Fase {n}")
    title_nl = factory.SelfAttribute("title")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))


class ProposalFactory(factory.django.DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    submitted_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Voorstel {n}")
    text = "Meer uren voor huiswerkbegeleiding."


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    text = "Goed idee."


class CommentReportFactory(factory.django.DjangoModelFactory[CommentReport]):
    """A report written directly (no service); the comment's counts are kept up to date."""

    class Meta:
        model = CommentReport
        skip_postgeneration_save = True

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Reclame"

    @factory.post_generation
    def recount(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            comment_reports_recount([self.comment_id])
            self.comment.refresh_from_db()
