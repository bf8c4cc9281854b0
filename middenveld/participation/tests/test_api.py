"""Participation in the API: the same services and rules as the pages."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.participation import services
from middenveld.participation.models import Comment, CommentReport, Proposal
from middenveld.participation.tests.factories import (
    CommentFactory,
    ProcessFactory,
    ProposalFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

API = "/api/v1"


def token_for(user):
    return bearer(api_token_create(user=user, name="test")[1])


def _post(client, url, body, user=None):
    headers = token_for(user) if user else {}
    return client.post(f"{API}{url}", body, content_type="application/json", headers=headers)


def test_processes_come_with_their_phases_and_drafts_stay_hidden(client, process):
    ProcessFactory(title="Ontwerp", published=False)
    listed = client.get(f"{API}/processes").json()
    assert listed["count"] == 1
    first = listed["results"][0]
    assert first["slug"] == process.slug
    assert [p["state"] for p in first["phases"]] == ["now", "coming"]
    assert first["takes_proposals"] is True
    detail = client.get(f"{API}/processes/{process.slug}").json()
    assert detail["description"] == process.description
    assert client.get(f"{API}/processes/bestaat-niet").status_code == 404


def test_staff_see_drafts_in_the_api(client, db):
    draft = ProcessFactory(published=False)
    assert client.get(f"{API}/processes/{draft.slug}").status_code == 404
    headers = token_for(StaffFactory())
    assert client.get(f"{API}/processes/{draft.slug}", headers=headers).status_code == 200


def test_a_member_sends_a_proposal_and_not_for_another_organisation(client, process, org_a, org_b):
    url = f"/processes/{process.slug}/proposals"
    body = {"title": "Tolken", "text": "Bij elk overleg", "organisation_id": org_a.organisation.pk}
    response = _post(client, url, body, org_a.member)
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] == org_a.organisation.name
    refused = _post(client, url, {**body, "organisation_id": org_b.organisation.pk}, org_a.member)
    assert refused.status_code == 403
    assert "waarvan je lid bent" in error_of(refused)["message"]  # the API speaks Dutch by default
    assert _post(client, url, body).status_code == 401
    assert Proposal.objects.count() == 1
    listed = client.get(f"{API}{url}").json()
    assert [p["title"] for p in listed["results"]] == ["Tolken"]


def test_staff_decide_on_a_proposal_through_the_api(client, process, org_a):
    proposal = ProposalFactory(process=process, organisation=org_a.organisation)
    url = f"/proposals/{proposal.pk}/decision"
    assert _post(client, url, {"status": "accepted"}, org_a.admin).status_code == 403
    refused = _post(client, url, {"status": "rejected", "reason": ""}, StaffFactory())
    assert refused.status_code == 422
    done = _post(client, url, {"status": "rejected", "reason": "Buiten budget"}, StaffFactory())
    assert done.status_code == 200
    assert done.json()["decision_reason"] == "Buiten budget"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("b" * 100_000, 422),
        ("\u200b\u200f ", 422),
        ("", 422),
    ],
)
def test_bad_comments_are_refused_and_change_nothing(client, process, text, status):
    response = _post(client, f"/processes/{process.slug}/comments", {"text": text}, UserFactory())
    assert response.status_code == status
    assert error_of(response)["message"]
    assert not Comment.objects.exists()


def test_comments_threads_replies_and_hidden_ones(client, process):
    person = UserFactory(name="Sam Peeters")
    url = f"/processes/{process.slug}/comments"
    top = _post(client, url, {"text": "<script>x</script> https://stad.gent"}, person).json()
    reply = _post(client, url, {"text": "Eens", "parent_id": top["id"]}, UserFactory()).json()
    assert reply["parent_id"] == top["id"]
    hidden = CommentFactory(process=process, text="Reclame")
    services.comment_hide(comment=hidden, by=StaffFactory(), reason="Reclame hoort hier niet")
    listed = client.get(f"{API}{url}").json()["results"]
    assert [c["id"] for c in listed] == [top["id"], reply["id"], hidden.pk]
    assert listed[0]["text"] == "<script>x</script> https://stad.gent"  # JSON: plain text
    assert listed[0]["author"] == "Sam Peeters"
    assert listed[2]["hidden"] is True and listed[2]["text"] == ""
    assert listed[2]["hidden_reason"] == "Reclame hoort hier niet"


def test_comments_on_a_proposal_are_its_own_thread(client, process):
    proposal = ProposalFactory(process=process)
    url = f"/processes/{process.slug}/comments"
    _post(client, url, {"text": "Over het voorstel", "proposal_id": proposal.pk}, UserFactory())
    _post(client, url, {"text": "Over het proces"}, UserFactory())
    on_proposal = client.get(f"{API}{url}?proposal={proposal.pk}").json()["results"]
    assert [c["text"] for c in on_proposal] == ["Over het voorstel"]
    other = ProposalFactory()
    assert (
        _post(client, url, {"text": "x", "proposal_id": other.pk}, UserFactory()).status_code == 404
    )


def test_too_many_comments_answer_429(client, process):
    person = UserFactory()
    for n in range(services.COMMENTS_PER_WINDOW):
        CommentFactory(process=process, author=person, text=str(n))
    response = _post(client, f"/processes/{process.slug}/comments", {"text": "Meer"}, person)
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"


def test_reporting_twice_is_a_conflict(client, process):
    comment = CommentFactory(process=process)
    person = UserFactory()
    assert (
        _post(client, f"/comments/{comment.pk}/report", {"reason": "x"}, person).status_code == 201
    )
    assert _post(client, f"/comments/{comment.pk}/report", {}, person).status_code == 409
    assert _post(client, f"/comments/{comment.pk}/report", {}).status_code == 401
    assert CommentReport.objects.count() == 1


def test_only_moderators_hide_and_unhide(client, process, org_a):
    comment = CommentFactory(process=process)
    url = f"/comments/{comment.pk}/hide"
    assert _post(client, url, {"reason": "x"}, org_a.admin).status_code == 403
    assert _post(client, url, {"reason": ""}, StaffFactory()).status_code == 422
    hidden = _post(client, url, {"reason": "Reclame", "note": "intern"}, StaffFactory())
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert "intern" not in hidden.content.decode()
    shown = _post(client, f"/comments/{comment.pk}/unhide", {}, StaffFactory())
    assert shown.status_code == 200 and shown.json()["hidden"] is False


def test_a_comment_of_an_unpublished_process_does_not_exist(client, db):
    comment = CommentFactory(process=ProcessFactory(published=False))
    response = _post(client, f"/comments/{comment.pk}/report", {}, UserFactory())
    assert response.status_code == 404
