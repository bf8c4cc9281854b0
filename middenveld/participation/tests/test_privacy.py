"""A person's participation in the export, and what erasing their account does."""

from __future__ import annotations

import pytest

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.participation import services
from middenveld.participation.models import Audience, Comment, CommentReport, Proposal
from middenveld.participation.tests.factories import CommentFactory, ProcessFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_export_holds_proposals_comments_and_reports_but_never_the_moderators_note(
    process, org_a
):
    services.proposal_submit(
        process=process,
        by=org_a.member,
        title="Tolken",
        text="Altijd",
        organisation=org_a.organisation,
    )
    comment = services.comment_post(process=process, by=org_a.member, text="Mijn mening")
    services.comment_hide(
        comment=comment, by=StaffFactory(), reason="Off-topic", note="Geheime notitie"
    )
    services.comment_report(comment=CommentFactory(process=process), by=org_a.member, reason="Spam")
    data = user_export(org_a.member)["participation"]
    assert data["proposals"][0]["title"] == "Tolken"
    assert data["comments"][0]["text"] == "Mijn mening"
    assert data["comments"][0]["hidden_reason"] == "Off-topic"
    assert data["reports"][0]["reason"] == "Spam"
    assert "Geheime notitie" not in str(data)


def test_erasing_keeps_the_thread_but_removes_the_persons_text(client, process, org_a):
    person = UserFactory(name="Sam Peeters")
    comment = services.comment_post(process=process, by=person, text="Persoonlijk verhaal")
    reply = services.comment_post(process=process, by=UserFactory(), text="Dank", parent=comment)
    for_org = services.comment_post(
        process=process, by=org_a.member, text="Voor de vereniging", organisation=org_a.organisation
    )
    proposal = services.proposal_submit(
        process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
    )
    services.comment_report(comment=reply, by=person)
    user_erase(person)
    user_erase(org_a.member)
    comment.refresh_from_db()
    assert comment.text == "" and comment.author is None and comment.is_removed
    assert Comment.objects.get(pk=reply.pk).parent_id == comment.pk
    for_org.refresh_from_db()
    assert for_org.organisation == org_a.organisation and for_org.text == ""
    proposal.refresh_from_db()
    assert proposal.text == "Y" and proposal.submitted_by is None  # the organisation's
    assert not CommentReport.objects.exists()
    from django.core.cache import cache

    cache.clear()
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Removed by the author" in page
    assert "Persoonlijk verhaal" not in page and "Sam Peeters" not in page


def test_a_residents_own_proposal_loses_its_text_but_keeps_its_title():
    process = ProcessFactory(audience=Audience.RESIDENTS)
    person = UserFactory()
    proposal = services.proposal_submit(
        process=process, by=person, title="Bankjes", text="Bij mij thuis"
    )
    user_erase(person)
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.title == "Bankjes" and proposal.text == "" and proposal.removed_at


def test_erasing_a_reporter_recounts_the_open_reports(process):
    comment = CommentFactory(process=process)
    leaving, staying = UserFactory(), UserFactory()
    services.comment_report(comment=comment, by=leaving)
    services.comment_report(comment=comment, by=staying)
    user_erase(leaving)
    comment.refresh_from_db()
    assert comment.open_reports == 1
    assert comment.reported_at == CommentReport.objects.get().created_at
