from django.core.files.uploadedfile import SimpleUploadedFile

from middenveld.accounts.privacy import user_erase, user_export
from middenveld.support import services
from middenveld.support.models import Message, Question, QuestionStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_export_holds_my_questions_without_internal_notes(org_a, staff):
    question = services.question_ask(body="Mijn vraag", user=org_a.member)
    services.question_note(question=question, by=staff, body="Interne notitie")
    services.question_reply(question=question, by=staff, body="Ons antwoord")
    exported = user_export(org_a.member)["questions"]
    assert [m["text"] for m in exported[0]["messages"]] == ["Mijn vraag", "Ons antwoord"]


def test_erasing_deletes_private_questions_and_anonymises_organisation_ones(org_a, staff):
    private = services.question_ask(
        body="Privé",
        user=org_a.member,
        attachments=[SimpleUploadedFile("a.pdf", PDF, "application/pdf")],
    )
    shared = services.question_ask(
        body="Voor de vereniging", user=org_a.member, organisation=org_a.organisation
    )
    reply = services.question_reply(question=shared, by=staff, body="Antwoord")
    user_erase(org_a.member)
    assert not Question.objects.filter(pk=private.pk).exists()
    shared.refresh_from_db()
    assert shared.asker is None and shared.asker_email == "" and shared.asker_name == ""
    assert shared.status == QuestionStatus.CLOSED
    assert Message.objects.get(pk=reply.pk).author == staff
    assert not Message.objects.filter(from_email__iexact=org_a.member.email).exists()
