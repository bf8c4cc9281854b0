"""Double clicks on several connections at once: one proposal, one comment, one report.

PostgreSQL only (row locks and real concurrent transactions).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import close_old_connections, connection

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import DomainError
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory
from middenveld.participation import services
from middenveld.participation.models import Comment, CommentReport, Process, Proposal
from middenveld.participation.tests.factories import CommentFactory, ProcessFactory

CLICKS = 10

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(action: Callable[[], Any]) -> list[str]:
    start = threading.Event()
    outcomes: list[str] = []

    def run() -> None:
        try:
            start.wait(timeout=10)
            result = action()
            outcomes.append(f"ok {result.pk}")
        except DomainError as error:
            outcomes.append(f"refused {error.code}")
        except Exception as error:  # noqa: BLE001  (recorded, then asserted)
            outcomes.append(f"error {error!r}")
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=CLICKS) as pool:
        futures = [pool.submit(run) for _ in range(CLICKS)]
        start.set()
        for future in futures:
            future.result(timeout=60)
    return outcomes


def test_ten_clicks_on_send_make_one_proposal():
    process = ProcessFactory()
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, role=MemberRole.MEMBER).user

    def send() -> Proposal:
        return services.proposal_submit(
            process=Process.objects.get(pk=process.pk),
            by=type(member).objects.get(pk=member.pk),
            title="Tolken",
            text="Bij elk overleg",
            organisation=organisation,
        )

    outcomes = _at_once(send)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert Proposal.objects.count() == 1
    assert len({o for o in outcomes if o.startswith("ok")}) == 1, outcomes


def test_ten_clicks_on_post_make_one_comment():
    process = ProcessFactory()
    person = UserFactory()

    def post() -> Comment:
        return services.comment_post(
            process=Process.objects.get(pk=process.pk),
            by=type(person).objects.get(pk=person.pk),
            text="Eén keer",
        )

    outcomes = _at_once(post)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert Comment.objects.count() == 1


def test_ten_reports_at_once_by_one_person_make_one():
    comment = CommentFactory()
    person = UserFactory()

    def report() -> CommentReport:
        return services.comment_report(
            comment=Comment.objects.get(pk=comment.pk), by=type(person).objects.get(pk=person.pk)
        )

    outcomes = _at_once(report)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert CommentReport.objects.count() == 1
    assert outcomes.count("refused conflict") == CLICKS - 1
