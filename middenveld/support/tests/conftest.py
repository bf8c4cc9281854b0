import pytest
from django.core import mail
from django.utils import translation

from middenveld.organisations.tests.conftest import org_a, org_b  # noqa: F401
from middenveld.support.tests.factories import TeamMemberFactory, TopicFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def desk(db):
    """A team with a lead and a member, and a topic it answers."""
    lead = TeamMemberFactory(is_lead=True)
    member = TeamMemberFactory(team=lead.team)
    topic = TopicFactory(team=lead.team, name="Zalen", slug="zalen")
    return type(
        "Desk", (), {"team": lead.team, "lead": lead.user, "member": member.user, "topic": topic}
    )
