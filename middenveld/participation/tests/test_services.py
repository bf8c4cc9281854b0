"""Proposals, comments and moderation through the services: what is refused, and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.city.models import Notification
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from middenveld.organisations.models import Status, TimelineEvent
from middenveld.organisations.timeline import event_sentence
from middenveld.participation import services
from middenveld.participation.models import (
    Audience,
    Comment,
    CommentReport,
    Proposal,
    ProposalStatus,
)
from middenveld.participation.tests.factories import (
    CommentFactory,
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- proposals -----------------------------------------------------------------------------


def test_a_member_sends_a_proposal_for_their_organisation(process, org_a):
    proposal = services.proposal_submit(
        process=process,
        by=org_a.member,
        title="  Meer uren   huiswerkklas ",
        text="Twee avonden extra.",
        organisation=org_a.organisation,
    )
    assert proposal.title == "Meer uren huiswerkklas"
    assert proposal.status == ProposalStatus.SUBMITTED
    event = TimelineEvent.objects.get(
        organisation=org_a.organisation, kind="participation.proposal_submitted"
    )
    assert "Meer uren huiswerkklas" in event_sentence(event)
    assert process.title in event_sentence(event)


def test_a_member_of_a_cannot_send_a_proposal_for_b(process, org_a, org_b):
    with pytest.raises(Forbidden, match="member of"):
        services.proposal_submit(
            process=process, by=org_a.member, title="X", text="Y", organisation=org_b.organisation
        )
    assert not Proposal.objects.exists()


def test_an_organisation_that_is_not_verified_cannot_send_a_proposal(process, org_a):
    org_a.organisation.status = Status.SUBMITTED
    org_a.organisation.save()
    with pytest.raises(Forbidden, match="verified"):
        services.proposal_submit(
            process=process, by=org_a.admin, title="X", text="Y", organisation=org_a.organisation
        )


def test_in_a_process_for_organisations_the_organisation_is_required(process, org_a):
    with pytest.raises(Invalid) as caught:
        services.proposal_submit(process=process, by=org_a.member, title="X", text="Y")
    assert "organisation" in caught.value.details["fields"]


def test_in_a_process_for_residents_a_person_sends_a_proposal_as_themselves(db):
    process = ProcessFactory(audience=Audience.RESIDENTS)
    person = UserFactory()
    proposal = services.proposal_submit(process=process, by=person, title="Bankjes", text="Meer")
    assert proposal.organisation is None
    assert proposal.submitted_by == person


def test_proposals_are_refused_outside_the_proposals_phase_with_the_dates(db, org_a):
    process = ProcessFactory(phases=False)
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=9),
        accepts_proposals=True,
    )
    with pytest.raises(Conflict, match="takes proposals from"):
        services.proposal_submit(
            process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
        )
    PhaseFactory(process=process, starts_on=today - timedelta(days=3), ends_on=today)
    process.phases.filter(accepts_proposals=True).delete()
    with pytest.raises(Conflict, match="does not take proposals now"):
        services.proposal_submit(
            process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
        )


def test_a_proposal_to_an_unpublished_process_does_not_exist(org_a):
    process = ProcessFactory(published=False)
    with pytest.raises(NotFound):
        services.proposal_submit(
            process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
        )


def test_sending_the_same_proposal_twice_saves_one(process, org_a):
    first = services.proposal_submit(
        process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
    )
    again = services.proposal_submit(
        process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
    )
    assert again.pk == first.pk
    assert Proposal.objects.count() == 1


def test_another_member_with_the_same_title_hears_to_choose_another(process, org_a):
    services.proposal_submit(
        process=process, by=org_a.member, title="X", text="Y", organisation=org_a.organisation
    )
    with pytest.raises(Conflict, match="another title"):
        services.proposal_submit(
            process=process, by=org_a.admin, title="X", text="Z", organisation=org_a.organisation
        )


@pytest.mark.parametrize(
    ("title", "text", "field"),
    [
        ("", "Y", "title"),
        ("X", " \u200b ", "text"),
        ("X" * 201, "Y", "title"),
        ("X", "Y" * 10_001, "text"),
    ],
)
def test_a_proposal_needs_a_title_and_text_within_limits(process, org_a, title, text, field):
    with pytest.raises(Invalid) as caught:
        services.proposal_submit(
            process=process,
            by=org_a.member,
            title=title,
            text=text,
            organisation=org_a.organisation,
        )
    assert field in caught.value.details["fields"]


def test_staff_reject_a_proposal_with_a_reason_the_organisation_reads(process, org_a):
    proposal = ProposalFactory(
        process=process, organisation=org_a.organisation, submitted_by=org_a.member
    )
    staff = StaffFactory()
    with pytest.raises(Invalid):
        services.proposal_decide(proposal=proposal, by=staff, status="rejected", reason="")
    services.proposal_decide(proposal=proposal, by=staff, status="rejected", reason="Buiten budget")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.decided_by == staff
    event = TimelineEvent.objects.get(kind="participation.proposal_rejected")
    assert "Buiten budget" in event_sentence(event)
    assert Notification.objects.filter(recipient=org_a.member).exists()


def test_only_staff_decide_on_proposals(process, org_a):
    proposal = ProposalFactory(process=process, organisation=org_a.organisation)
    with pytest.raises(Forbidden):
        services.proposal_decide(proposal=proposal, by=org_a.admin, status="accepted")


# --- comments ------------------------------------------------------------------------------


def test_anyone_signed_in_comments_and_a_member_may_write_for_the_organisation(process, org_a):
    person = UserFactory()
    services.comment_post(process=process, by=person, text="Goed idee")
    comment = services.comment_post(
        process=process, by=org_a.member, text="Wij doen mee", organisation=org_a.organisation
    )
    assert comment.organisation == org_a.organisation
    assert TimelineEvent.objects.filter(
        organisation=org_a.organisation, kind="participation.comment_posted"
    ).exists()


def test_nobody_writes_on_behalf_of_an_organisation_they_are_not_in(process, org_a, org_b):
    with pytest.raises(Forbidden):
        services.comment_post(
            process=process, by=org_a.member, text="X", organisation=org_b.organisation
        )


def test_an_anonymous_person_cannot_comment(process):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        services.comment_post(process=process, by=AnonymousUser(), text="X")


def test_a_comment_of_5000_characters_is_fine_and_100000_is_refused_clearly(process):
    person = UserFactory()
    services.comment_post(process=process, by=person, text="a" * 5000)
    with pytest.raises(Invalid) as caught:
        services.comment_post(process=process, by=person, text="b" * 100_000)
    assert "at most 5,000 characters, you wrote 100,000" in str(caught.value)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "text", ["", "   ", "\u200b\u200b\u200b", "\u200f\u200e \n\u202e", "\u200c"]
)
def test_a_comment_of_only_invisible_characters_is_empty(process, text):
    with pytest.raises(Invalid, match="Write your comment first"):
        services.comment_post(process=process, by=UserFactory(), text=text)
    assert not Comment.objects.exists()


def test_a_comment_with_script_is_stored_as_plain_text(process):
    comment = services.comment_post(
        process=process, by=UserFactory(), text="<script>alert(1)</script>"
    )
    assert comment.text == "<script>alert(1)</script>"


def test_text_that_is_not_a_string_is_refused(process):
    with pytest.raises(Invalid):
        services.comment_post(process=process, by=UserFactory(), text=["x"])


def test_the_eleventh_comment_in_ten_minutes_is_rate_limited(process):
    person = UserFactory()
    for n in range(services.COMMENTS_PER_WINDOW):
        services.comment_post(process=process, by=person, text=f"Reactie {n}")
    with pytest.raises(RateLimited, match="Wait a few minutes"):
        services.comment_post(process=process, by=person, text="Nog één")
    Comment.objects.filter(author=person).update(
        created_at=timezone.now() - services.COMMENT_WINDOW - timedelta(seconds=1)
    )
    services.comment_post(process=process, by=person, text="Nu wel")


def test_a_double_click_saves_one_comment(process):
    person = UserFactory()
    first = services.comment_post(process=process, by=person, text="Eén keer")
    second = services.comment_post(process=process, by=person, text="Eén keer")
    assert first.pk == second.pk


def test_a_reply_to_a_reply_joins_the_same_thread(process):
    top = CommentFactory(process=process)
    reply = services.comment_post(process=process, by=UserFactory(), text="Antwoord", parent=top)
    deeper = services.comment_post(process=process, by=UserFactory(), text="Dieper", parent=reply)
    assert reply.parent == top
    assert deeper.parent == top


def test_a_reply_must_be_in_the_same_thread(process):
    proposal = ProposalFactory(process=process)
    on_process = CommentFactory(process=process)
    with pytest.raises(NotFound):
        services.comment_post(
            process=process, by=UserFactory(), text="X", proposal=proposal, parent=on_process
        )
    other = CommentFactory()
    with pytest.raises(NotFound):
        services.comment_post(process=process, by=UserFactory(), text="X", parent=other)


def test_a_proposal_of_another_process_is_not_found(process):
    other = ProposalFactory()
    with pytest.raises(NotFound):
        services.comment_post(process=process, by=UserFactory(), text="X", proposal=other)


def test_no_reply_to_a_hidden_comment(process):
    top = CommentFactory(process=process)
    services.comment_hide(comment=top, by=StaffFactory(), reason="Reclame")
    with pytest.raises(Conflict, match="hid this comment"):
        services.comment_post(process=process, by=UserFactory(), text="X", parent=top)


def test_comments_close_when_the_process_is_finished(db):
    process = ProcessFactory(phases=False)
    PhaseFactory(
        process=process,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(Conflict, match="finished"):
        services.comment_post(process=process, by=UserFactory(), text="Te laat")


# --- reports and moderation ---------------------------------------------------------------


def test_a_person_reports_a_comment_once(process):
    comment = CommentFactory(process=process)
    person = UserFactory()
    services.comment_report(comment=comment, by=person, reason="Scheldwoorden")
    with pytest.raises(Conflict, match="already reported"):
        services.comment_report(comment=comment, by=person)
    assert CommentReport.objects.count() == 1


def test_a_moderator_hides_with_a_reason_and_a_note_and_the_reports_are_handled(process, org_a):
    comment = CommentFactory(process=process, author=org_a.member, organisation=org_a.organisation)
    services.comment_report(comment=comment, by=UserFactory())
    staff = StaffFactory()
    with pytest.raises(Invalid):
        services.comment_hide(comment=comment, by=staff, reason=" ")
    services.comment_hide(comment=comment, by=staff, reason="Reclame", note="Tweede keer")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.hidden_reason == "Reclame"
    assert comment.moderator_note == "Tweede keer"
    assert comment.text  # the text stays for the moderators
    assert not CommentReport.objects.filter(handled_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=org_a.member).exists()
    assert TimelineEvent.objects.filter(kind="participation.comment_hidden").exists()
    with pytest.raises(Conflict, match="already hid"):
        services.comment_report(comment=comment, by=UserFactory())


def test_unhide_shows_the_comment_again_and_keeps_the_note(process):
    comment = CommentFactory(process=process)
    staff = StaffFactory()
    services.comment_hide(comment=comment, by=staff, reason="Reclame", note="Nagaan")
    services.comment_unhide(comment=comment, by=staff)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert comment.hidden_reason == ""
    assert comment.moderator_note == "Nagaan"


def test_keeping_a_comment_closes_its_reports(process):
    comment = CommentFactory(process=process)
    services.comment_report(comment=comment, by=UserFactory())
    services.comment_keep(comment=comment, by=StaffFactory(), note="Kritisch maar correct")
    assert not CommentReport.objects.filter(handled_at__isnull=True).exists()
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_only_moderators_hide(process, org_a):
    comment = CommentFactory(process=process)
    with pytest.raises(Forbidden):
        services.comment_hide(comment=comment, by=org_a.admin, reason="Nee")


def test_the_open_report_count_follows_reports_and_moderation(process):
    comment = CommentFactory(process=process)
    services.comment_report(comment=comment, by=UserFactory())
    services.comment_report(comment=comment, by=UserFactory())
    comment.refresh_from_db()
    assert comment.open_reports == 2 and comment.reported_at is not None
    services.comment_keep(comment=comment, by=StaffFactory())
    comment.refresh_from_db()
    assert comment.open_reports == 0 and comment.reported_at is None
    services.comment_report(comment=comment, by=UserFactory())
    comment.refresh_from_db()
    assert comment.open_reports == 1
