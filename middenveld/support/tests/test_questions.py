"""The asker's pages: /vragen/, /mijn/vragen/ and one question's thread."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from middenveld.support import services
from middenveld.support.models import MessageKind, Question
from middenveld.trajectory.models import ContactInfo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contact(db):
    return ContactInfo.objects.create(email="vragen@example.org", phone="09 267 03 00")


def test_anyone_asks_a_question_and_gets_a_receipt_with_the_thread_code(client, contact, mailbox):
    response = client.post(
        "/vragen/",
        {"email": "fatima@example.org", "name": "Fatima", "question": "Waar vind ik een zaal?"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/vragen/verzonden/"
    question = Question.objects.get()
    assert question.asker_email == "fatima@example.org"
    assert question.language == "nl"
    assert [m.to for m in mailbox] == [["fatima@example.org"]]
    assert question.token in mailbox[0].subject
    assert "Waar vind ik een zaal?" in mailbox[0].body


def test_the_receipt_is_in_the_askers_language(client, contact, mailbox):
    client.post("/en/vragen/", {"email": "a@example.org", "question": "Where is a room?"})
    assert mailbox[0].subject.startswith("We have received your question")
    assert Question.objects.get().language == "en"


def test_a_signed_in_person_asks_for_their_organisation_with_a_file(client, org_a, mailbox):
    client.force_login(org_a.member)
    page = client.get("/vragen/").content.decode()
    assert org_a.organisation.name in page
    response = client.post(
        "/vragen/",
        {
            "question": "Mogen we de zaal ook op zondag gebruiken?",
            "organisation": str(org_a.organisation.pk),
            "attachments": [SimpleUploadedFile("plan.pdf", PDF, "application/pdf")],
        },
    )
    question = Question.objects.get()
    assert response["Location"] == f"/mijn/vragen/{question.pk}/"
    assert question.organisation == org_a.organisation
    assert question.asker == org_a.member
    thread = client.get(response["Location"]).content.decode()
    assert "plan.pdf" in thread
    attachment = question.messages.get().attachments.get()
    download = client.get(f"/mijn/vragen/{question.pk}/bijlagen/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "question": "Vraag"},
        {"email": "a@example.org", "question": "   "},
        {"email": "a@example.org", "question": "x" * 100_000},
        {"email": "a@example.org", "question": "null\x00byte"},
        {"email": "a@example.org" + "x" * 300, "question": "Vraag"},
        {"email": "a@example.org", "question": "Vraag", "topic": "999999"},
        {"email": "a@example.org", "question": "Vraag", "topic": "'; drop table"},
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, contact, data, mailbox):
    response = client.post("/vragen/", data)
    assert response.status_code == 422
    assert 'class="field-message error"' in response.content.decode()
    assert not Question.objects.exists()
    assert mailbox == []


def test_a_fake_attachment_is_refused_on_the_form(client, contact):
    program = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00program", "application/pdf")
    response = client.post(
        "/vragen/", {"email": "a@example.org", "question": "Zie bijlage", "attachments": [program]}
    )
    assert response.status_code == 422
    assert "cannot be added" in response.content.decode() or "PDF" in response.content.decode()
    assert not Question.objects.exists()


def test_a_flood_from_one_address_gets_a_clear_message(client, contact, settings):
    settings.SUPPORT_QUESTIONS_PER_HOUR = 2
    for _i in range(2):
        client.post("/vragen/", {"email": "a@example.org", "question": "Vraag"})
    response = client.post("/vragen/", {"email": "a@example.org", "question": "Vraag"})
    assert response.status_code == 429
    assert Question.objects.count() == 2


def test_a_filled_in_trap_field_saves_nothing_but_looks_the_same(client, contact, mailbox):
    response = client.post(
        "/vragen/", {"email": "bot@example.org", "question": "Buy", "website": "spam.example"}
    )
    assert response.status_code == 302
    assert not Question.objects.exists()
    assert mailbox == []


def test_my_questions_lists_mine_and_my_organisations_not_others(client, org_a, org_b):
    own = services.question_ask(body="Mijn vraag", user=org_a.member)
    of_org = services.question_ask(
        body="Vraag van de organisatie", user=org_a.admin, organisation=org_a.organisation
    )
    other = services.question_ask(
        body="Vraag van B", user=org_b.admin, organisation=org_b.organisation
    )
    client.force_login(org_a.member)
    page = client.get("/mijn/vragen/").content.decode()
    assert own.subject in page and of_org.subject in page
    assert other.subject not in page
    assert client.get(f"/mijn/vragen/{other.pk}/").status_code == 404
    assert client.post(f"/mijn/vragen/{other.pk}/", {"body": "Hallo"}).status_code == 404


def test_the_asker_reads_answers_but_never_internal_notes_and_can_react(client, org_a, staff):
    question = services.question_ask(body="Vraag", user=org_a.member)
    services.question_note(question=question, by=staff, body="Geheime notitie")
    services.question_reply(question=question, by=staff, body="Ons antwoord")
    client.force_login(org_a.member)
    page = client.get(f"/mijn/vragen/{question.pk}/").content.decode()
    assert "Ons antwoord" in page
    assert "Geheime notitie" not in page
    response = client.post(f"/mijn/vragen/{question.pk}/", {"body": "Dank u!"})
    assert response.status_code == 302
    assert question.messages.filter(kind=MessageKind.QUESTION).count() == 2


def test_pages_need_sign_in(client, db):
    assert client.get("/mijn/vragen/").status_code == 302
    assert client.get("/mijn/vragen/1/").status_code == 302


def test_the_sent_page_answers(client, contact):
    assert client.get("/ar/vragen/verzonden/").status_code == 200


def test_the_form_suggests_articles_again_when_it_comes_back_with_an_error(client, contact):
    from middenveld.knowledge.tests.factories import ArticleFactory

    ArticleFactory(title_nl="Een zaal huren bij de stad")
    page = client.get("/vragen/").content.decode()
    assert 'hx-get="/vragen/faq/suggesties/?fragment=1"' in page
    response = client.post("/vragen/", {"email": "geen-adres", "question": "Hoe huur ik een zaal?"})
    assert response.status_code == 422
    assert "Een zaal huren bij de stad" in response.content.decode()
