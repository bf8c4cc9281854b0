"""The inbox and the back office's start page cost a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.city.services import notify
from middenveld.city.tests.conftest import make_kept_aside, make_question, make_submitted
from middenveld.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16


def _grow(teams, n: int) -> None:
    """``n`` waiting items across the three sources, with organisations and notifications."""
    now = timezone.now()
    organisation = OrganisationFactory()
    for i in range(n):
        kind = i % 3
        if kind == 0:
            make_question(
                team=teams.a,
                assignee=teams.lead_a if i % 2 else None,
                organisation=organisation,
                due=now + timedelta(hours=i - n // 2),
            )
        elif kind == 1:
            make_kept_aside(received=now - timedelta(hours=i))
        else:
            make_submitted(contact_person=teams.lead_a, submitted=now - timedelta(hours=i))
    for _ in range(n // 20):
        notify(recipient=teams.lead_a, kind="t", sentence="Hello")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/inbox/",
        "/beheer/inbox/?scope=teams",
        "/beheer/inbox/?scope=all",
        "/beheer/inbox/?scope=teams&source=support.quarantine",
        "/beheer/",
    ],
)
def test_the_inbox_costs_the_same_queries_for_3_or_300_waiting_items(client, teams, url):
    client.force_login(teams.lead_a)
    _grow(teams, 3)
    small = _count(client, url)
    _grow(teams, 297)
    large = _count(client, url)
    assert large == small
    assert large <= MAX_QUERIES


def test_the_inbox_with_300_items_stays_within_budget(client, teams, django_assert_max_num_queries):
    _grow(teams, 300)
    client.force_login(teams.lead_a)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/beheer/inbox/?scope=all")
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="inbox-') == 50
