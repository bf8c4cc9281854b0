"""Questions in the API: asking, the thread, staff handling, and who may see what."""

import pytest

from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.support import services
from middenveld.support.models import MessageKind, Question

pytestmark = pytest.mark.django_db

API = "/api/v1"


def token_for(user):
    return bearer(api_token_create(user=user, name="test")[1])


def test_anyone_asks_through_the_api_and_a_flood_gets_429(client, desk, settings, mailbox):
    settings.SUPPORT_QUESTIONS_PER_HOUR = 2
    body = {"body": "Waar vind ik een zaal?", "email": "a@example.org", "topic": "zalen"}
    for _i in range(2):
        response = client.post(f"{API}/questions", body, content_type="application/json")
        assert response.status_code == 201, response.content
    assert response.json()["topic"] == "zalen"
    response = client.post(f"{API}/questions", body, content_type="application/json")
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    assert Question.objects.count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"body": "", "email": "a@example.org"},
        {"body": "x" * 100_000, "email": "a@example.org"},
        {"body": "Vraag"},
        {"body": "Vraag", "email": "a@example.org", "topic": "bestaat-niet"},
        {"body": "Vraag", "email": "a@example.org", "organisation_id": 1},
        {"email": "a@example.org"},
    ],
)
def test_bad_questions_get_422_and_save_nothing(client, desk, body):
    response = client.post(f"{API}/questions", body, content_type="application/json")
    assert response.status_code == 422, response.content
    error_of(response)
    assert not Question.objects.exists()


def test_a_member_reads_their_organisations_questions_but_not_another_ones(client, org_a, org_b):
    mine = services.question_ask(
        body="Vraag van A", user=org_a.admin, organisation=org_a.organisation
    )
    theirs = services.question_ask(
        body="Vraag van B", user=org_b.admin, organisation=org_b.organisation
    )
    headers = token_for(org_a.member)
    listed = client.get(f"{API}/questions", headers=headers).json()["results"]
    assert [q["id"] for q in listed] == [mine.pk]
    assert client.get(f"{API}/questions/{mine.pk}", headers=headers).status_code == 200
    for path in (f"{API}/questions/{theirs.pk}", f"{API}/questions/999999"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
    response = client.post(
        f"{API}/questions/{theirs.pk}/messages",
        {"body": "Hallo"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404


def test_staff_reply_and_note_through_the_api_notes_stay_internal(client, org_a, desk, mailbox):
    question = services.question_ask(body="Vraag", user=org_a.member, topic=desk.topic)
    staff = token_for(desk.member)
    note = client.post(
        f"{API}/questions/{question.pk}/notes",
        {"body": "Intern"},
        content_type="application/json",
        headers=staff,
    )
    assert note.status_code == 201
    reply = client.post(
        f"{API}/questions/{question.pk}/replies",
        {"body": "Antwoord"},
        content_type="application/json",
        headers=staff,
    )
    assert reply.status_code == 201
    staff_view = client.get(f"{API}/questions/{question.pk}", headers=staff).json()
    assert [m["kind"] for m in staff_view["messages"]] == ["question", "note", "reply"]
    asker_view = client.get(f"{API}/questions/{question.pk}", headers=token_for(org_a.member))
    assert [m["kind"] for m in asker_view.json()["messages"]] == ["question", "reply"]
    # The asker may not answer as the city.
    refused = client.post(
        f"{API}/questions/{question.pk}/replies",
        {"body": "Ik antwoord zelf"},
        content_type="application/json",
        headers=token_for(org_a.member),
    )
    assert refused.status_code == 403
    assert question.messages.filter(kind=MessageKind.REPLY).count() == 1


def test_staff_list_assign_merge_and_close(client, desk):
    first = services.question_ask(body="Een", email="a@example.org", topic=desk.topic)
    second = services.question_ask(body="Twee", email="a@example.org", topic=desk.topic)
    staff = token_for(desk.member)
    listed = client.get(f"{API}/staff/questions?status=new", headers=staff).json()["results"]
    assert {q["id"] for q in listed} == {first.pk, second.pk}
    assigned = client.post(
        f"{API}/questions/{first.pk}/assign",
        {"assignee_id": desk.member.pk},
        content_type="application/json",
        headers=staff,
    )
    assert assigned.json()["assignee_id"] == desk.member.pk
    merged = client.post(
        f"{API}/questions/{second.pk}/merge",
        {"into_id": first.pk},
        content_type="application/json",
        headers=staff,
    )
    assert merged.json()["status"] == "merged"
    itself = client.post(
        f"{API}/questions/{first.pk}/merge",
        {"into_id": first.pk},
        content_type="application/json",
        headers=staff,
    )
    assert itself.status_code == 422
    closed = client.post(f"{API}/questions/{first.pk}/close", headers=staff)
    assert closed.json()["status"] == "closed"
    again = client.post(f"{API}/questions/{first.pk}/close", headers=staff)
    assert again.status_code == 409


def test_citizens_cannot_use_the_staff_endpoints(client, citizen):
    response = client.get(f"{API}/staff/questions", headers=token_for(citizen))
    assert response.status_code == 403
    assert client.get(f"{API}/staff/questions").status_code == 401
    assert client.get(f"{API}/inbox", headers=token_for(citizen)).status_code == 403


def test_the_inbox_in_the_api(client, desk):
    question = services.question_ask(body="Vraag", email="a@example.org", topic=desk.topic)
    services.question_assign(question=question, by=desk.member, assignee=desk.member)
    response = client.get(f"{API}/inbox", headers=token_for(desk.member))
    assert response.status_code == 200, response.content
    body = response.json()
    assert any(item["title"] for item in body["items"])


def test_topics_are_public(client, desk):
    assert [t["slug"] for t in client.get(f"{API}/topics").json()] == ["zalen"]
