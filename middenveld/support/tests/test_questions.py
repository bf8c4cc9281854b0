import pytest
from django.core import mail

from middenveld.core.errors import Invalid
from middenveld.support.services import question_submit
from middenveld.trajectory.models import ContactInfo


@pytest.fixture
def contact(db):
    return ContactInfo.objects.create(email="vragen@example.org", phone="09 267 03 00")


def test_a_question_reaches_the_mailbox_and_the_asker_gets_a_receipt(client, contact):
    response = client.post(
        "/vragen/",
        {"email": "fatima@example.org", "name": "Fatima", "question": "Waar vind ik een zaal?"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/vragen/verzonden/"
    assert [m.to for m in mail.outbox] == [["vragen@example.org"], ["fatima@example.org"]]
    assert "Waar vind ik een zaal?" in mail.outbox[0].body
    assert "fatima@example.org" in mail.outbox[0].body


def test_the_receipt_is_in_the_askers_language(client, contact):
    client.post("/en/vragen/", {"email": "a@example.org", "question": "Where is a room?"})
    assert mail.outbox[1].subject == "We have received your question"


def test_the_form_is_prefilled_for_people_who_signed_in(client, contact, citizen):
    client.force_login(citizen)
    assert citizen.email in client.get("/vragen/").content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "question": "Vraag"},
        {"email": "a@example.org", "question": "   "},
        {"email": "a@example.org", "question": "x" * 10_000},
        {"email": "a@example.org", "question": "null\x00byte"},
        {"email": "a@example.org" + "x" * 300, "question": "Vraag"},
    ],
)
def test_bad_input_gets_a_clear_message_and_sends_nothing(client, contact, data):
    response = client.post("/vragen/", data)
    assert response.status_code == 200
    assert 'class="field-message error"' in response.content.decode()
    assert mail.outbox == []


def test_a_filled_in_trap_field_sends_nothing_but_looks_the_same(client, contact):
    response = client.post(
        "/vragen/", {"email": "bot@example.org", "question": "Buy", "website": "spam.example"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_without_contact_details_the_page_says_to_call_or_mail(client, db):
    response = client.post("/vragen/", {"email": "a@example.org", "question": "Vraag"})
    assert response.status_code == 200
    assert mail.outbox == []
    with pytest.raises(Invalid):
        question_submit(email="a@example.org", question="Vraag")


def test_the_service_refuses_empty_and_overlong_questions(contact):
    with pytest.raises(Invalid):
        question_submit(email="a@example.org", question=" ")
    with pytest.raises(Invalid):
        question_submit(email="a@example.org", question="x" * 5001)


def test_the_sent_page_answers(client, contact):
    assert client.get("/ar/vragen/verzonden/").status_code == 200
