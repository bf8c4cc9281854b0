"""The participation pages: the list, a process with its steps, proposals, comments,
reporting, and the staff's back office (moderation, decisions, figures)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.core.cache import _EARLY_PATHS
from middenveld.organisations.models import Status
from middenveld.participation import services
from middenveld.participation.models import Comment, CommentReport, Proposal, ProposalStatus
from middenveld.participation.tests.factories import (
    CommentFactory,
    CommentReportFactory,
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    _EARLY_PATHS.clear()


def _en(path: str) -> str:
    """English pages (reverse() already gives /en/ under the ``english`` fixture)."""
    return path if path.startswith("/en/") else f"/en{path}"


def test_the_list_shows_running_processes_before_finished_ones(client):
    past = ProcessFactory(title="Ronde 2021", phases=False)
    PhaseFactory(process=past, starts_on=date(2021, 5, 7), ends_on=date(2021, 5, 8))
    ProcessFactory(title="Ronde nu")
    ProcessFactory(title="Ontwerp", published=False)
    response = client.get(_en("/inspraak/"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Ronde nu") < text.index("Ronde 2021")
    assert "Running now" in text and "Finished" in text
    assert "Ontwerp" not in text


def test_staff_see_drafts_in_the_list_marked_as_such(client):
    ProcessFactory(title="Ontwerp", published=False)
    client.force_login(StaffFactory())
    text = client.get(_en("/inspraak/")).content.decode()
    assert "Ontwerp" in text and "Not published" in text


def test_the_process_page_lists_the_steps_in_order_with_their_state_in_words(client):
    process = ProcessFactory(phases=False, title="Prioriteiten")
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        title="Stemming",
        starts_on=today + timedelta(5),
        ends_on=today + timedelta(9),
    )
    PhaseFactory(
        process=process,
        title="Voorbereiding",
        starts_on=today - timedelta(20),
        ends_on=today - timedelta(10),
    )
    PhaseFactory(
        process=process,
        title="Voorstellen",
        starts_on=today - timedelta(9),
        ends_on=today + timedelta(4),
        question="Wat moet voorgaan?",
        accepts_proposals=True,
    )
    response = client.get(_en(process.get_absolute_url()))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<ol class="phase-list">' in text
    steps = text[text.index('<ol class="phase-list">') :]
    assert steps.index("Voorbereiding") < steps.index("Voorstellen") < steps.index("Stemming")
    assert "(done)" in text and "(now)" in text and "(coming)" in text
    assert 'aria-current="step"' in text
    assert "What we ask of you now:" in text and "Wat moet voorgaan?" in text
    assert "Send a proposal" in text


def test_an_unpublished_process_is_not_found_for_visitors(client):
    process = ProcessFactory(published=False)
    assert client.get(process.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(process.get_absolute_url()).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(process.get_absolute_url()).status_code == 200


def test_a_hidden_comment_shows_the_moderators_reason_in_place(client, process):
    comment = CommentFactory(process=process, text="Koop zonnebrillen")
    services.comment_hide(comment=comment, by=StaffFactory(), reason="Reclame", note="Geheim")
    text = client.get(_en(process.get_absolute_url())).content.decode()
    assert "Hidden by the moderator: Reclame" in text
    assert "Koop zonnebrillen" not in text
    assert "Geheim" not in text


def test_a_comment_with_script_and_links_is_shown_safely(client, process):
    CommentFactory(
        process=process,
        text="<script>alert(1)</script> zie https://stad.gent en javascript:alert(1)",
    )
    text = client.get(_en(process.get_absolute_url())).content.decode()
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text
    assert '<a href="https://stad.gent" rel="nofollow ugc noopener">' in text
    assert 'href="javascript' not in text


def test_visitors_are_asked_to_sign_in_and_posting_sends_them_there(client, process):
    text = client.get(_en(process.get_absolute_url())).content.decode()
    assert "Sign in to write a comment." in text
    response = client.post(process.get_absolute_url(), {"text": "Hallo"})
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert not Comment.objects.exists()


def test_a_signed_in_person_posts_a_comment_and_a_reply(client, process):
    person = UserFactory()
    client.force_login(person)
    response = client.post(process.get_absolute_url(), {"text": "Goed plan"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#reactie-{comment.pk}")
    page = client.get(_en(process.get_absolute_url()) + f"?antwoord={comment.pk}").content.decode()
    assert "Your reply" in page
    client.post(process.get_absolute_url(), {"text": "Eens", "parent": comment.pk})
    assert Comment.objects.get(text="Eens").parent == comment


def test_a_member_comments_for_their_organisation_but_not_for_another(
    client, process, org_a, org_b
):
    client.force_login(org_a.member)
    client.post(
        process.get_absolute_url(), {"text": "Voor A", "organisation": org_a.organisation.pk}
    )
    assert Comment.objects.get().organisation == org_a.organisation
    response = client.post(
        _en(process.get_absolute_url()), {"text": "Voor B", "organisation": org_b.organisation.pk}
    )
    assert response.status_code == 422
    assert "member of" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("b" * 100_000, "at most 5,000 characters, you wrote 100,000"),
        ("\u200b\u200b\u200f", "Write your comment first"),
        ("   ", "Write your comment first"),
    ],
)
def test_bad_comments_get_a_clear_message_and_change_nothing(client, process, text, message):
    client.force_login(UserFactory())
    response = client.post(_en(process.get_absolute_url()), {"text": text})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_too_many_comments_answer_429_with_a_message(client, process):
    person = UserFactory()
    for n in range(services.COMMENTS_PER_WINDOW):
        CommentFactory(process=process, author=person, text=f"{n}")
    client.force_login(person)
    response = client.post(_en(process.get_absolute_url()), {"text": "Nog één"})
    assert response.status_code == 429
    assert "Wait a few minutes" in response.content.decode()


def test_the_proposal_form_sends_a_proposal_for_the_members_organisation(
    client, process, org_a, org_b
):
    client.force_login(org_a.member)
    url = f"/en/inspraak/{process.slug}/voorstellen/nieuw/"
    page = client.get(url).content.decode()
    assert org_a.organisation.name in page and org_b.organisation.name not in page
    response = client.post(
        url,
        {"organisation": org_a.organisation.pk, "title": "Tolken", "text": "Bij elke vergadering"},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.organisation == org_a.organisation
    detail = client.get(_en(proposal.get_absolute_url()))
    assert detail.status_code == 200
    assert "Bij elke vergadering" in detail.content.decode()


def test_a_member_of_a_cannot_send_a_proposal_for_b_through_the_form(client, process, org_a, org_b):
    client.force_login(org_a.member)
    response = client.post(
        f"/en/inspraak/{process.slug}/voorstellen/nieuw/",
        {"organisation": org_b.organisation.pk, "title": "X", "text": "Y"},
    )
    assert response.status_code == 422
    assert "member of" in response.content.decode()
    assert not Proposal.objects.exists()


def test_someone_without_a_verified_organisation_is_told_how_to_take_part(client, process, org_a):
    org_a.organisation.status = Status.SUBMITTED
    org_a.organisation.save()
    client.force_login(org_a.admin)
    text = client.get(f"/en/inspraak/{process.slug}/voorstellen/nieuw/").content.decode()
    assert "Only members of a verified organisation can send a proposal" in text


def test_outside_the_proposals_phase_the_form_says_when(client, org_a):
    process = ProcessFactory(phases=False)
    today = timezone.localdate()
    PhaseFactory(
        process=process,
        starts_on=today + timedelta(3),
        ends_on=today + timedelta(9),
        accepts_proposals=True,
    )
    client.force_login(org_a.member)
    url = f"/en/inspraak/{process.slug}/voorstellen/nieuw/"
    assert "You can send proposals from" in client.get(url).content.decode()
    response = client.post(url, {"organisation": org_a.organisation.pk, "title": "X", "text": "Y"})
    assert response.status_code == 409
    assert not Proposal.objects.exists()


def test_the_proposal_list_and_a_rejected_proposal_with_its_reason(client, process):
    ProposalFactory(process=process, title="Eerste")
    rejected = ProposalFactory(
        process=process,
        title="Tweede",
        status=ProposalStatus.REJECTED,
        decision_reason="Buiten budget",
    )
    text = client.get(f"/en/inspraak/{process.slug}/voorstellen/").content.decode()
    assert "Eerste" in text and "Tweede" in text and "2 proposals" in text
    detail = client.get(_en(rejected.get_absolute_url())).content.decode()
    assert "Buiten budget" in detail and "Rejected" in detail


def test_a_proposal_of_another_process_is_not_found(client, process):
    other = ProposalFactory()
    assert client.get(f"/inspraak/{process.slug}/voorstellen/{other.pk}/").status_code == 404


def test_reporting_a_comment_asks_why_and_thanks(client, process):
    comment = CommentFactory(process=process)
    person = UserFactory()
    client.force_login(person)
    url = f"/en/inspraak/reacties/{comment.pk}/melden/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Scheldwoorden"}, follow=True)
    assert "A moderator will look at this comment" in response.content.decode()
    again = client.post(url, {"reason": ""}, follow=True)
    assert "already reported" in again.content.decode()
    assert CommentReport.objects.count() == 1


def test_reporting_needs_a_sign_in(client, process):
    comment = CommentFactory(process=process)
    response = client.post(f"/inspraak/reacties/{comment.pk}/melden/", {"reason": "x"})
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert not CommentReport.objects.exists()


def test_moderators_hide_a_reported_comment_from_the_queue(client, process):
    comment = CommentFactory(process=process, text="Reclame!")
    CommentFactory(process=process, text="Gewoon")
    CommentReportFactory(comment=comment)
    client.force_login(StaffFactory())
    queue = client.get("/en/beheer/participation/comment/")
    assert queue.status_code == 200
    text = queue.content.decode()
    assert text.index("Reclame!") < text.index("Gewoon")
    url = f"/en/beheer/participation/comment/{comment.pk}/modereren/"
    assert client.get(url).status_code == 200
    empty = client.post(url, {"action": "hide", "reason": ""})
    assert empty.status_code == 422
    response = client.post(url, {"action": "hide", "reason": "Reclame", "note": "Tweede keer"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_reason == "Reclame" and comment.moderator_note == "Tweede keer"
    client.post(url, {"action": "unhide", "note": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_staff_decide_on_a_proposal_in_the_back_office(client, process, org_a):
    proposal = ProposalFactory(process=process, organisation=org_a.organisation)
    client.force_login(StaffFactory())
    url = f"/en/beheer/participation/proposal/{proposal.pk}/beslissen/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "rejected", "reason": ""}).status_code == 422
    assert client.post(url, {"status": "accepted", "reason": ""}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_staff_create_a_process_with_phases_in_the_back_office(client):
    client.force_login(StaffFactory())
    assert client.get("/beheer/participation/process/add/").status_code == 200
    assert client.get("/beheer/participation/process/").status_code == 200


def test_the_figures_page_counts_organisations_for_staff_only(client, process, org_a, org_b):
    ProposalFactory(process=process, organisation=org_a.organisation)
    CommentFactory(process=process, organisation=org_b.organisation)
    url = f"/en/beheer/inspraak/{process.slug}/cijfers/"
    client.force_login(org_a.admin)
    assert client.get(url).status_code in (302, 403)
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "2 organisations took part." in response.content.decode()
    assert client.get("/beheer/inspraak/bestaat-niet/cijfers/").status_code == 404


def test_staff_add_a_process_with_its_phases_in_one_form(client):
    from middenveld.participation.models import Process

    client.force_login(StaffFactory())
    today = timezone.localdate()
    data = {
        "title_nl": "Wijkbudget Rabot",
        "slug": "wijkbudget-rabot",
        "summary_nl": "Bewoners beslissen mee.",
        "description_nl": "",
        "audience": "residents",
        "published": "on",
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "phases-0-title_nl": "Ideeën",
        "phases-0-starts_on": today.isoformat(),
        "phases-0-ends_on": (today + timedelta(days=10)).isoformat(),
        "phases-0-accepts_proposals": "on",
        "phases-1-title_nl": "Stemming",
        "phases-1-starts_on": (today + timedelta(days=11)).isoformat(),
        "phases-1-ends_on": (today + timedelta(days=20)).isoformat(),
    }
    response = client.post("/beheer/participation/process/add/", data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else response
    )
    process = Process.objects.get(slug="wijkbudget-rabot")
    assert [p.title_nl for p in process.phases.all()] == ["Ideeën", "Stemming"]
    assert process.phases.get(title_nl="Ideeën").accepts_proposals
    assert process.created_by is not None


def test_proposals_and_comments_for_an_organisation_show_in_its_360_view(client, process, org_a):
    services.proposal_submit(
        process=process,
        by=org_a.member,
        title="Tolken",
        text="Altijd",
        organisation=org_a.organisation,
    )
    services.comment_post(
        process=process, by=org_a.member, text="Wij doen mee", organisation=org_a.organisation
    )
    client.force_login(StaffFactory())
    response = client.get(f"/en/beheer/organisations/organisation/{org_a.organisation.pk}/360/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Proposal “Tolken” sent to “Prioriteiten basiswerk 2027”" in text
    assert "Comment written on behalf of the organisation" in text
