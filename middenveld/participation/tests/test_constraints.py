"""What must never happen is refused by the database itself."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from middenveld.participation.models import Comment, CommentReport, Proposal, ProposalStatus
from middenveld.participation.tests.factories import (
    CommentFactory,
    CommentReportFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


def _refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_a_person_reports_a_comment_only_once(process):
    report = CommentReportFactory(comment=CommentFactory(process=process))
    _refused(lambda: CommentReport.objects.create(comment=report.comment, reporter=report.reporter))


def test_a_hidden_comment_always_has_a_reason(process):
    comment = CommentFactory(process=process)
    _refused(lambda: Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now()))


def test_a_rejected_proposal_always_has_a_reason(process):
    proposal = ProposalFactory(process=process)
    _refused(lambda: Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.REJECTED))
    _refused(lambda: Proposal.objects.filter(pk=proposal.pk).update(status="maybe"))


def test_an_organisation_sends_a_title_once_per_process(process):
    proposal = ProposalFactory(process=process)
    _refused(
        lambda: ProposalFactory(
            process=process, organisation=proposal.organisation, title=proposal.title
        )
    )


def test_a_comment_is_not_its_own_parent(process):
    comment = CommentFactory(process=process)
    _refused(lambda: Comment.objects.filter(pk=comment.pk).update(parent=comment.pk))


def test_a_phase_ends_after_it_starts(process):
    phase = process.phases.first()
    _refused(
        lambda: (
            type(phase)
            .objects.filter(pk=phase.pk)
            .update(ends_on=phase.starts_on.replace(year=2000))
        )
    )


def test_a_process_cannot_take_an_address_of_another_page():
    from django.core.exceptions import ValidationError

    from middenveld.participation.models import Process

    process = Process(slug="stemmingen", title="Stemmingen", summary="Kort")
    with pytest.raises(ValidationError) as error:
        process.full_clean()
    assert "slug" in error.value.message_dict
