"""Factories for the support desk. Example::

team = TeamFactory(name="Vrijetijdsloket")
topic = TopicFactory(team=team, first_answer_days=2, resolution_days=10)
question = question_ask(body="Waar vind ik een zaal?", email="a@example.org", topic=topic)
"""

from __future__ import annotations

import factory

from middenveld.accounts.models import Role
from middenveld.accounts.tests.factories import UserFactory
from middenveld.city.models import Department, Team, TeamMember
from middenveld.support.models import RoutingRule, Topic


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Dienst {n}")
    slug = factory.Sequence(lambda n: f"dienst-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory, role=Role.STAFF)
    is_lead = False


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Onderwerp {n}")
    name_nl = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"onderwerp-{n}")
    team = factory.SubFactory(TeamFactory)
    first_answer_days = 2
    resolution_days = 10


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    name = factory.Sequence(lambda n: f"Regel {n}")
    team = factory.SubFactory(TeamFactory)
