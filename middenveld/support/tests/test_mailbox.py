"""Mail into the support desk (``mailbox.mail_receive``): questions, replies, and every kind of
bad mail kept aside for staff, never dropped."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.support import mailbox as support_mailbox
from middenveld.support import services
from middenveld.support.inbound import message_id_for, reply_address_for, subject_tag
from middenveld.support.mailbox import (
    DUPLICATE,
    FOLLOW_UP,
    KEPT_ASIDE,
    NEW_QUESTION,
    MailNotStored,
    mail_receive,
)
from middenveld.support.models import Message, QuarantinedMail, Question, QuestionStatus

MAIL = Path(__file__).parent / "mail"
DOMAIN = "middenveld.localhost"  # settings.SUPPORT_MAIL_DOMAIN in the tests
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def fixture(name: str, token: str = "") -> bytes:
    return (MAIL / name).read_bytes().replace(b"{TOKEN}", token.encode())


def mail(
    body: str = "Is de grote zaal vrij op zaterdag 15 maart?",
    *,
    sender: str = "Fatima El Amrani <fatima@example.org>",
    to: str = f"vragen@{DOMAIN}",
    subject: str = "Zaal voor 40 mensen",
    attachments: tuple[tuple[bytes, str, str, str], ...] = (),
    **headers: str,
) -> bytes:
    """A mail as a mail program sends it; ``headers`` use _ for -."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("Message_ID", None) or make_msgid(domain="example.org")
    message.set_content(body)
    for payload, maintype, subtype, filename in attachments:
        message.add_attachment(payload, maintype, subtype, filename=filename)
    for name, value in headers.items():  # after the content: it resets Content-* headers
        message[name.replace("_", "-")] = value
    return message.as_bytes()


def ask(email: str = "fatima@example.org", **extra) -> Question:
    extra.setdefault("send_receipt", False)
    return services.question_ask(
        body="Waar vind ik een zaal?", subject="Zaal", email=email, **extra
    )


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
    return buffer.getvalue()


def zip_of_zeros(megabytes: int, inner: str = "zeros.bin", **more: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(inner, "w") as entry:
            block = bytes(1_000_000)
            for _i in range(megabytes):
                entry.write(block)
        for name, data in more.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def kept_raw(kept: QuarantinedMail) -> bytes:
    with kept.raw.open("rb") as handle:
        return handle.read()


# --- New questions ------------------------------------------------------------------------------


def test_a_plain_mail_becomes_a_question_with_a_receipt(mailbox):
    raw = mail(Message_ID="<first@example.org>")
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    question = outcome.question
    assert question.channel == "email"
    assert question.asker_email == "fatima@example.org"
    assert question.asker_name == "Fatima El Amrani"
    assert question.subject == "Zaal voor 40 mensen"
    message = question.messages.get()
    assert message == outcome.message
    assert message.body == "Is de grote zaal vrij op zaterdag 15 maart?"
    assert message.message_id == "<first@example.org>"
    assert message.channel == "email"
    assert outcome.kept is None
    assert [m.to for m in mailbox] == [["fatima@example.org"]]
    assert subject_tag(question.token) in mailbox[0].subject


def test_a_pdf_attachment_is_stored_with_the_question():
    raw = mail(attachments=((PDF, "application", "octet-stream", "statuten.pdf"),))
    outcome = mail_receive(raw, source="maildir")
    attachment = outcome.message.attachments.get()
    assert attachment.filename == "statuten.pdf"
    assert attachment.content_type == "application/pdf"  # from the content, not the sender
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert outcome.kept is None


def test_a_picture_attachment_is_stored():
    raw = mail(attachments=((png(), "image", "png", "zaal.png"),))
    outcome = mail_receive(raw, source="maildir")
    assert outcome.message.attachments.get().content_type == "image/png"


def test_encoded_headers_are_decoded():
    outcome = mail_receive(fixture("subject_latin1.eml"), source="maildir")
    assert outcome.question.subject == "Vraag over het café"
    assert outcome.question.asker_name == "René Declercq"
    assert outcome.message.body == "Het café is gesloten."


def test_the_language_comes_from_content_language_when_we_speak_it():
    assert mail_receive(mail(Content_Language="fr-BE"), source="maildir").question.language == "fr"
    other = mail_receive(mail(Content_Language="xx", sender="b@example.org"), source="maildir")
    assert other.question.language == "nl"


def test_an_unknown_token_makes_a_new_question():
    raw = mail(
        subject=f"Re: iets {subject_tag('unknowntoken123')}",
        In_Reply_To=message_id_for("unknowntoken123", DOMAIN),
    )
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert Question.objects.count() == 1


def test_a_mail_without_text_uses_its_subject():
    outcome = mail_receive(mail(body=""), source="maildir")
    assert outcome.message.body == "Zaal voor 40 mensen"


def test_a_mail_without_text_or_subject_but_with_a_file_notes_that():
    raw = mail(body="", subject="", attachments=((PDF, "application", "pdf", "a.pdf"),))
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert "no text" in outcome.message.body
    assert outcome.message.attachments.count() == 1


def test_a_text_longer_than_a_question_is_cut_and_the_original_kept():
    raw = mail(body="Een heel lange vraag. " * 2000)  # 44,000 characters
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert len(outcome.message.body) <= services.MAX_QUESTION_LENGTH
    assert "truncated" in outcome.message.problems
    assert outcome.kept.reason == "partly_stored"
    assert outcome.kept.question == outcome.question
    assert kept_raw(outcome.kept) == raw


def test_a_subject_longer_than_200_characters_is_shortened():
    outcome = mail_receive(mail(subject="Zaal " * 100), source="maildir")
    assert len(outcome.question.subject) <= 200


# --- Replies ------------------------------------------------------------------------------------


def test_a_reply_finds_its_question_by_the_references_header(mailbox):
    question = ask(email="fatima@example.org")
    outcome = mail_receive(fixture("reply_by_references.eml", question.token), source="imap")
    assert outcome.kind == FOLLOW_UP
    assert outcome.question == question
    message = question.messages.order_by("id").last()
    assert message == outcome.message
    assert message.body.startswith("Dank u, zaterdag past ons goed.")
    assert message.from_email == "fatima@example.org"
    assert message.message_id == "<CAF-reply-1@mail.example.org>"
    assert Question.objects.count() == 1
    assert mailbox == []  # no receipt for a reply


def test_a_reply_finds_its_question_by_the_plus_address():
    question = ask()
    raw = mail("Nog een vraag.", to=reply_address_for(question.token, DOMAIN), subject="Re: x")
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == FOLLOW_UP
    assert outcome.question == question


def test_a_reply_finds_its_question_by_the_subject_tag():
    question = ask()
    raw = mail("En nog iets.", subject=f"Re: Zaal {subject_tag(question.token)}")
    assert mail_receive(raw, source="maildir").question == question


def test_a_reply_to_a_registered_asker_uses_the_account_address(org_a):
    question = services.question_ask(
        body="Vraag", user=org_a.member, organisation=org_a.organisation, send_receipt=False
    )
    raw = mail(sender=org_a.member.email.upper(), subject=f"Re: {subject_tag(question.token)}")
    assert mail_receive(raw, source="maildir").kind == FOLLOW_UP


def test_a_member_of_the_organisation_may_answer_in_the_thread(org_a):
    question = services.question_ask(
        body="Vraag", user=org_a.admin, organisation=org_a.organisation, send_receipt=False
    )
    raw = mail(sender=org_a.member.email, subject=f"Re: {subject_tag(question.token)}")
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == FOLLOW_UP
    assert outcome.message.from_email == org_a.member.email


def test_a_reply_to_a_closed_question_opens_it_again(desk):
    question = ask(topic=desk.topic)
    services.question_close(question=question, by=desk.member)
    mail_receive(mail("Toch nog iets.", subject=subject_tag(question.token)), source="maildir")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_a_reply_to_a_merged_question_lands_in_the_question_it_was_merged_into(desk):
    kept = ask(topic=desk.topic)
    duplicate = ask(topic=desk.topic)
    services.question_merge(question=duplicate, into=kept, by=desk.member)
    raw = mail("Aanvulling.", In_Reply_To=message_id_for(duplicate.token, DOMAIN))
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == FOLLOW_UP
    assert outcome.question == kept
    assert outcome.message.question_id == kept.pk


def test_the_asker_of_a_merged_question_may_still_answer_by_mail(desk):
    kept = ask(email="jan@example.org", topic=desk.topic)
    duplicate = ask(email="fatima@example.org", topic=desk.topic)
    services.question_merge(question=duplicate, into=kept, by=desk.member)
    raw = mail("Aanvulling.", subject=subject_tag(duplicate.token))  # from fatima
    assert mail_receive(raw, source="maildir").question == kept


# --- Strangers and forged senders ---------------------------------------------------------------


def test_a_stranger_using_a_token_is_kept_aside_and_gets_a_polite_answer(mailbox):
    question = ask()
    raw = mail(
        "Ik wil ook meedoen.",
        sender="Iemand <stranger@example.net>",
        subject=f"Re: {subject_tag(question.token)}",
        Message_ID="<stranger-1@example.net>",
    )
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "not_the_asker"
    assert outcome.kept.question == question
    assert outcome.kept.from_address == "stranger@example.net"
    assert kept_raw(outcome.kept) == raw
    assert question.messages.count() == 1  # nothing added to the thread
    [answer] = mailbox
    assert answer.to == ["stranger@example.net"]
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    assert answer.extra_headers["In-Reply-To"] == "<stranger-1@example.net>"
    assert question.subject not in answer.body  # nothing about the question is told


def test_a_member_of_another_organisation_is_a_stranger(org_a, org_b):
    question = services.question_ask(
        body="Vraag", user=org_a.admin, organisation=org_a.organisation, send_receipt=False
    )
    raw = mail(sender=org_b.member.email, subject=f"Re: {subject_tag(question.token)}")
    assert mail_receive(raw, source="maildir").reason == "not_the_asker"


def test_a_reply_with_a_forged_from_is_kept_aside_without_an_answer(settings, mailbox):
    settings.SUPPORT_MAIL_AUTHSERV_ID = "mx.provider.example"
    question = ask(email="fatima@example.org")
    raw = mail(
        "Stuur het geld naar dit rekeningnummer.",
        subject=f"Re: {subject_tag(question.token)}",
        Authentication_Results="mx.provider.example; dmarc=fail header.from=example.org",
    )
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "forged_from"
    assert outcome.kept.question == question
    assert question.messages.count() == 1
    assert mailbox == []  # never answer a forged sender: the real one did not write


def test_a_new_mail_with_a_forged_from_is_kept_aside_and_makes_no_question(settings, mailbox):
    settings.SUPPORT_MAIL_AUTHSERV_ID = "mx.provider.example"
    raw = fixture("forged_from.eml")
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "forged_from"
    assert outcome.kept.from_address == "burgemeester@stad.gent"
    assert kept_raw(outcome.kept) == raw
    assert not Question.objects.exists()
    assert mailbox == []


def test_a_verified_sender_is_recorded():
    raw = mail(Authentication_Results="mx.example; dmarc=pass header.from=example.org")
    assert mail_receive(raw, source="maildir").message.sender_verified is True


def test_a_mail_without_a_sender_is_kept_aside():
    raw = b"To: vragen@middenveld.localhost\r\nSubject: hallo\r\n\r\nIs de zaal vrij?\r\n"
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "no_sender"
    assert outcome.kept.subject == "hallo"


@pytest.mark.parametrize(
    "sender",
    [
        "noreply@middenveld.localhost",
        "Vragen <vragen@middenveld.localhost>",
        "Vragen+abcdefghij1234@Middenveld.localhost",
    ],
)
def test_a_mail_from_our_own_address_is_kept_aside_without_an_answer(sender, mailbox):
    """Our own receipt bouncing back must not become a question with a receipt: a loop."""
    outcome = mail_receive(mail(sender=sender), source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "own_address"
    assert not Question.objects.exists()
    assert mailbox == []


def test_a_colleague_on_our_domain_may_ask_a_question():
    outcome = mail_receive(mail(sender="jan.peeters@middenveld.localhost"), source="maildir")
    assert outcome.kind == NEW_QUESTION


# --- Auto-replies and duplicates ----------------------------------------------------------------


def test_an_auto_reply_makes_a_question_but_gets_no_receipt(mailbox):
    outcome = mail_receive(mail(Auto_Submitted="auto-generated"), source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert mailbox == []


def test_an_out_of_office_reply_does_not_reopen_the_question_and_is_kept_aside(desk, mailbox):
    question = ask(topic=desk.topic)
    services.question_reply(question=question, by=desk.member, body="Het buurthuis is vrij.")
    mailbox.clear()
    outcome = mail_receive(fixture("out_of_office.eml", question.token), source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "auto_reply"
    assert outcome.kept.question == question
    question.refresh_from_db()
    assert question.status == QuestionStatus.WAITING
    assert mailbox == []  # never answer an auto-reply: that is how mail loops start


def test_the_same_mail_read_twice_is_a_duplicate_not_a_second_question(mailbox):
    raw = mail(Message_ID="<same@example.org>")
    first = mail_receive(raw, source="maildir")
    second = mail_receive(raw, source="webhook")
    assert first.kind == NEW_QUESTION
    assert second.kind == DUPLICATE
    assert second.question == first.question
    assert Question.objects.count() == 1
    assert Message.objects.count() == 1
    assert len(mailbox) == 1


def test_a_reply_read_twice_is_added_once():
    question = ask()
    raw = fixture("reply_by_references.eml", question.token)
    assert mail_receive(raw, source="maildir").kind == FOLLOW_UP
    assert mail_receive(raw, source="maildir").kind == DUPLICATE
    assert question.messages.count() == 2


def test_a_duplicate_caught_by_the_unique_constraint_is_a_duplicate(monkeypatch):
    """Two readers at once: the look-up sees nothing, the constraint catches it."""
    raw = mail(Message_ID="<race@example.org>")
    mail_receive(raw, source="maildir")
    real_filter = Message.objects.filter

    def blind_filter(*args, **kwargs):
        if "message_id" in kwargs:
            return Message.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Message.objects, "filter", blind_filter)
    assert mail_receive(raw, source="maildir").kind == DUPLICATE
    assert Question.objects.count() == 1


# --- Floods -------------------------------------------------------------------------------------


def test_a_flood_from_one_address_is_kept_aside_with_one_polite_answer(settings, mailbox):
    settings.SUPPORT_QUESTIONS_PER_HOUR = 2
    outcomes = [
        mail_receive(mail(f"Vraag {n}", sender="flood@example.org"), source="maildir")
        for n in range(5)
    ]
    assert [o.kind for o in outcomes] == [NEW_QUESTION] * 2 + [KEPT_ASIDE] * 3
    assert {o.reason for o in outcomes[2:]} == {"flood"}
    assert QuarantinedMail.objects.filter(reason="flood").count() == 3
    with translation.override("nl"):  # the mail goes out in the question's language
        received = gettext("We received your e-mail")
    answers = [m for m in mailbox if received in m.subject]
    assert len(answers) == 1  # two receipts, then one answer for the whole flood
    assert len(mailbox) == 3


# --- Attachments that are refused ---------------------------------------------------------------


def test_a_30_mb_attachment_leaves_a_question_and_the_whole_mail_for_staff():
    raw = mail(
        "Hier zijn onze statuten.",
        attachments=((b"%PDF-1.4\n" + bytes(30_000_000), "application", "pdf", "groot.pdf"),),
    )
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert outcome.message.attachments.count() == 0
    assert "message_too_large" in outcome.message.problems
    assert outcome.message.body == "Zaal voor 40 mensen"  # only the headers could be read
    assert outcome.kept.reason == "partly_stored"
    assert outcome.kept.question == outcome.question
    assert outcome.kept.raw.size == len(raw)


def test_an_attachment_over_the_limit_is_left_out_and_noted():
    raw = mail(
        "Hier zijn onze statuten.",
        attachments=(
            (b"%PDF-1.4\n" + bytes(12_000_000), "application", "pdf", "groot.pdf"),
            (PDF, "application", "pdf", "klein.pdf"),
        ),
    )
    outcome = mail_receive(raw, source="maildir")
    assert outcome.message.body == "Hier zijn onze statuten."
    assert [a.filename for a in outcome.message.attachments.all()] == ["klein.pdf"]
    assert "attachment_too_large" in outcome.message.problems
    assert "groot.pdf" in outcome.kept.detail


@pytest.mark.parametrize(
    ("filename", "subtype"),
    [("bijlage.zip", "zip"), ("verslag.docx", "octet-stream")],
)
def test_a_zip_bomb_is_not_stored_and_never_unpacked(filename, subtype):
    bomb = zip_of_zeros(200, inner="word/zeros.xml")  # 200 MB of zeros in about 200 KB
    assert len(bomb) < 1_000_000
    raw = mail("Zie bijlage.", attachments=((bomb, "application", subtype, filename),))
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert outcome.message.attachments.count() == 0
    assert "attachment_refused" in outcome.message.problems
    assert filename in outcome.kept.detail
    assert outcome.kept.question == outcome.question


def test_a_program_named_like_a_pdf_is_not_stored():
    program = b"MZ\x90\x00" + bytes(2000)
    raw = mail("Factuur.", attachments=((program, "application", "pdf", "factuur.pdf"),))
    outcome = mail_receive(raw, source="maildir")
    assert outcome.message.attachments.count() == 0
    assert "attachment_refused" in outcome.message.problems


def test_more_than_five_files_keeps_the_first_five():
    files = tuple((PDF, "application", "pdf", f"bijlage{n}.pdf") for n in range(7))
    outcome = mail_receive(mail("Zeven bijlagen.", attachments=files), source="maildir")
    assert outcome.message.attachments.count() == 5
    assert "too_many_attachments" in outcome.message.problems
    assert outcome.kept is not None


# --- Hostile or broken content ------------------------------------------------------------------


def test_an_html_body_with_scripts_is_stored_as_text_without_them():
    outcome = mail_receive(fixture("html_only.eml"), source="maildir")
    body = outcome.message.body
    assert "Hallo daar," in body
    assert "zaalregels" in body
    for bad in ("<script", "alert", "<p>", "Geheime titel", "color: red"):
        assert bad not in body
    assert "html_only" in outcome.message.problems


def test_a_crlf_in_the_subject_opens_no_header_injection(mailbox):
    outcome = mail_receive(fixture("encoded_crlf_subject.eml"), source="maildir")
    question = outcome.question
    assert "\n" not in question.subject and "\r" not in question.subject
    assert question.subject.startswith("Hallo")
    [receipt] = mailbox
    assert receipt.to == ["a@example.org"]
    assert receipt.bcc == []
    message = receipt.message()
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"].replace("\r\n ", "").replace("\n ", "")


def test_a_mail_in_an_unknown_charset_is_stored_with_a_note():
    outcome = mail_receive(fixture("klingon.eml"), source="maildir")
    assert outcome.kind == NEW_QUESTION
    assert "nuqneH" in outcome.message.body
    assert "unknown_charset" in outcome.message.problems


@pytest.mark.parametrize("name", ["garbage.eml"])
def test_garbage_is_kept_aside_byte_for_byte(name):
    raw = fixture(name)
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "unparseable"
    assert kept_raw(outcome.kept) == raw
    assert not Question.objects.exists()


def test_an_empty_mail_is_kept_aside():
    outcome = mail_receive(b"", source="webhook")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.kept.source == "webhook"


def test_a_mail_with_nothing_in_it_is_kept_aside_with_an_answer(mailbox):
    outcome = mail_receive(mail(body="", subject=""), source="maildir")
    assert outcome.reason == "empty"
    assert len(mailbox) == 1


def test_any_failure_keeps_the_mail_aside_instead_of_losing_it(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the routing broke")

    monkeypatch.setattr(services, "question_ask", broken)
    raw = mail()
    outcome = mail_receive(raw, source="maildir")
    assert outcome.kind == KEPT_ASIDE
    assert outcome.reason == "error"
    assert "the routing broke" in outcome.kept.detail
    assert kept_raw(outcome.kept) == raw


def test_when_even_keeping_aside_fails_the_caller_is_told(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(support_mailbox, "_keep_aside", broken)
    with pytest.raises(MailNotStored):
        mail_receive(b"\x00\xff", source="maildir")


def test_every_reason_and_problem_has_a_sentence_for_staff():
    from middenveld.support.inbound import PROBLEM_CODES

    m = support_mailbox
    reasons = {
        m.UNPARSEABLE, m.NO_SENDER, m.FORGED_FROM, m.NOT_THE_ASKER, m.AUTO_REPLY, m.FLOOD,
        m.REFUSED, m.EMPTY, m.PARTLY_STORED, m.OWN_ADDRESS, m.FAILED,
    }  # fmt: skip
    assert set(m.REASON_LABELS) == reasons
    assert set(m.PROBLEM_LABELS) >= PROBLEM_CODES
    assert all(len(code) <= 60 for code in reasons)  # QuarantinedMail.reason


def test_the_outcome_reads_as_json():
    outcome = mail_receive(mail(), source="webhook")
    data = outcome.as_dict()
    assert data["outcome"] == "question"
    assert data["question_id"] == outcome.question.pk
    assert data["kept_aside_id"] is None
    assert data["problems"] == []
    assert Question.objects.filter(pk=data["question_id"]).exists()


def test_the_receipt_repeats_the_text_as_written_not_html_escaped(mailbox):
    mail_receive(mail("Is 3 < 4 & 'klein'?", subject="Zaal & keuken"), source="maildir")
    [receipt] = mailbox
    assert "Is 3 < 4 & 'klein'?" in receipt.body
    assert "&lt;" not in receipt.body and "&amp;" not in receipt.body


# --- Staff decide about a mail kept aside -------------------------------------------------------


def test_staff_add_a_strangers_reply_to_the_thread_after_all(desk):
    question = ask(topic=desk.topic)
    raw = mail("Ik ben de penningmeester.", sender="penning@example.net",
               subject=subject_tag(question.token))  # fmt: skip
    kept = mail_receive(raw, source="maildir").kept
    outcome = support_mailbox.kept_mail_release(kept=kept, by=desk.member)
    assert outcome.kind == FOLLOW_UP
    assert outcome.question == question
    assert outcome.message.from_email == "penning@example.net"
    kept.refresh_from_db()
    assert kept.handled_by == desk.member
    assert kept.handled_at is not None


def test_staff_add_a_flooded_mail_as_a_new_question(desk, settings, mailbox):
    settings.SUPPORT_QUESTIONS_PER_HOUR = 1
    mail_receive(mail("Een", sender="veel@example.org"), source="maildir")
    kept = mail_receive(mail("Twee", sender="veel@example.org"), source="maildir").kept
    mailbox.clear()
    outcome = support_mailbox.kept_mail_release(kept=kept, by=desk.member)
    assert outcome.kind == NEW_QUESTION
    assert outcome.message.body == "Twee"
    assert outcome.message.author is None  # it is the asker's text, not the staff member's
    assert len(mailbox) == 1  # the receipt
    with pytest.raises(Conflict):
        support_mailbox.kept_mail_release(kept=kept, by=desk.member)


def test_garbage_cannot_be_added_but_can_be_dismissed(desk):
    kept = mail_receive(b"\x00\xff", source="maildir").kept
    with pytest.raises(Invalid):
        support_mailbox.kept_mail_release(kept=kept, by=desk.member)
    support_mailbox.kept_mail_dismiss(kept=kept, by=desk.member)
    kept.refresh_from_db()
    assert kept.handled_by == desk.member
    assert kept_raw(kept) == b"\x00\xff"  # the original stays


def test_only_staff_decide_about_mail_kept_aside(org_a):
    kept = mail_receive(b"\x00\xff", source="maildir").kept
    with pytest.raises(Forbidden):
        support_mailbox.kept_mail_dismiss(kept=kept, by=org_a.admin)
    with pytest.raises(Forbidden):
        support_mailbox.kept_mail_release(kept=kept, by=org_a.admin)
