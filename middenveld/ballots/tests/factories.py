"""Factories for ballots. Example::

ballot = BallotFactory(method="budget", budget=100_000)     # open now, for organisations
OptionFactory(ballot=ballot, code="a", cost=40_000)
closed = BallotFactory(closed=True)                          # closed an hour ago
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from middenveld.ballots.models import Ballot, Option
from middenveld.participation.models import Process


class ProcessFactory(factory.django.DjangoModelFactory[Process]):
    class Meta:
        model = Process
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"proces-{n}")
    title = factory.Sequence(lambda n: f"Proces {n}")
    summary = "Samen prioriteiten kiezen."
    published = True


class BallotFactory(factory.django.DjangoModelFactory[Ballot]):
    class Meta:
        model = Ballot

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=10)),
        )

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"stemming-{n}")
    title = factory.Sequence(lambda n: f"Stemming {n}")
    method = "approval"
    max_choices = 2
    electorate = "organisations"
    who_casts = "admins"
    published = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class OptionFactory(factory.django.DjangoModelFactory[Option]):
    class Meta:
        model = Option

    ballot = factory.SubFactory(BallotFactory)
    code = factory.Sequence(lambda n: f"o{n}")
    title = factory.LazyAttribute(lambda o: f"Project {o.code}")
    order = factory.Sequence(lambda n: n)


def ballot_with_options(codes: str = "abcd", costs: dict[str, int] | None = None, **kw) -> Ballot:
    ballot = BallotFactory(**kw)
    for index, code in enumerate(codes):
        OptionFactory(
            ballot=ballot,
            code=code,
            title=f"Project {code.upper()}",
            order=index,
            cost=(costs or {}).get(code),
        )
    return ballot
