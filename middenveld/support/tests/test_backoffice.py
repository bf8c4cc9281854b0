"""/beheer/support/: the staff side of the support desk, through the real pages.

Pages are asked for in English (``/en/beheer/``), so the assertions hold once the
Dutch translations are in."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory
from middenveld.organisations.models import PersonalDataAccess
from middenveld.organisations.tests.factories import OrganisationFactory
from middenveld.support import services
from middenveld.support.models import (
    Message,
    MessageKind,
    QuarantinedMail,
    Question,
    QuestionStatus,
    RoutingRule,
    Topic,
)
from middenveld.support.tests.factories import TeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

BASE = "/en/beheer/support/question/"
MAILS = "/en/beheer/support/quarantinedmail/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MAIL_DIR = Path(__file__).parent / "mail"


def ask(**kwargs) -> Question:
    kwargs.setdefault("body", "Waar kan ik een zaal huren voor een buurtfeest?")
    kwargs.setdefault("email", "fatima@example.org")
    kwargs.setdefault("rate_limit", False)
    return services.question_ask(**kwargs)


def page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def signed_in(client, desk):
    client.force_login(desk.member)
    return client


@pytest.fixture
def question(desk, mailbox):
    item = ask(topic=desk.topic)
    mailbox.clear()
    return item


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_open_questions_soonest_due_first_with_late_in_words(signed_in, desk):
    later = ask(subject="Later vraag", topic=desk.topic)
    sooner = ask(subject="Dringende vraag", topic=desk.topic)
    Question.objects.filter(pk=sooner.pk).update(due_at=timezone.now() - timedelta(days=1))
    closed = ask(subject="Gesloten vraag", topic=desk.topic)
    services.question_close(question=closed, by=desk.member)

    html = page(signed_in, BASE)
    assert "Gesloten vraag" not in html
    assert html.index("Dringende vraag") < html.index("Later vraag")
    assert "(late)" in html
    assert f'href="{BASE}{later.pk}/change/"' in html
    assert "Gesloten vraag" in page(signed_in, BASE + "?status=all")
    assert "Later vraag" not in page(signed_in, BASE + "?status=closed")


def test_closed_questions_are_listed_newest_first(signed_in, desk):
    for subject in ("Oude vraag", "Nieuwe vraag"):
        services.question_close(question=ask(subject=subject, topic=desk.topic), by=desk.lead)
    html = page(signed_in, BASE + "?status=closed")
    assert html.index("Nieuwe vraag") < html.index("Oude vraag")


def test_a_question_due_later_today_says_due_today(signed_in, desk):
    now = timezone.localtime()
    end_of_day = now.replace(hour=23, minute=59, second=0, microsecond=0)
    if end_of_day <= now:
        pytest.skip("The day ends within a minute.")
    soon = ask(subject="Vandaag nog", topic=desk.topic)
    Question.objects.filter(pk=soon.pk).update(due_at=end_of_day)
    html = page(signed_in, BASE)
    assert "(due today)" in html and "(late)" not in html


def test_mine_my_teams_and_late_filters(signed_in, desk):
    other_team = TeamFactory()
    mine = ask(subject="Voor mij", topic=desk.topic)
    services.question_assign(question=mine, by=desk.lead, assignee=desk.member)
    ask(subject="Voor het team", topic=desk.topic)
    elsewhere = ask(subject="Ander team")
    services.question_assign(question=elsewhere, by=desk.lead, team=other_team)
    Question.objects.filter(pk=elsewhere.pk).update(due_at=timezone.now() - timedelta(hours=2))

    html = page(signed_in, BASE + "?van=mij")
    assert "Voor mij" in html and "Voor het team" not in html
    html = page(signed_in, BASE + "?van=teams")
    assert "Voor mij" in html and "Voor het team" in html and "Ander team" not in html
    html = page(signed_in, BASE + "?termijn=laat")
    assert "Ander team" in html and "Voor mij" not in html


def test_search_on_subject_email_and_question_number(signed_in, desk):
    first = ask(subject="Geluidsvergunning", email="karim@example.org", topic=desk.topic)
    ask(subject="Zaalhuur", email="an@example.org", topic=desk.topic)
    assert "Zaalhuur" not in page(signed_in, BASE + "?q=karim@example")
    assert "Geluidsvergunning" in page(signed_in, BASE + "?q=karim@example")
    html = page(signed_in, BASE + f"?q=%23{first.pk}")
    assert "Geluidsvergunning" in html and "Zaalhuur" not in html


def test_the_list_keeps_a_bounded_number_of_queries(client, desk, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    teams = [TeamFactory() for _i in range(5)]
    for i in range(50):
        item = ask(subject=f"Vraag {i}", topic=desk.topic, organisation=None)
        if i % 2:
            Question.objects.filter(pk=item.pk).update(
                organisation=organisation, assignee=desk.member, team=teams[i % 5]
            )
    client.force_login(desk.member)
    # Session, user, the team and topic filters, the page's count, the rows: no query per row.
    with django_assert_max_num_queries(10):
        response = client.get(BASE)
    assert response.status_code == 200
    assert response.content.decode().count("Vraag ") >= 50


def test_the_add_page_is_not_offered_but_the_phone_page_is(signed_in):
    assert signed_in.get(BASE + "add/").status_code == 403
    assert "Log a phone call" in page(signed_in, BASE)


# --- the question page ----------------------------------------------------------------------


def test_the_question_page_shows_facts_thread_notes_and_merged_messages(
    signed_in, desk, question, org_a
):
    duplicate = ask(body="Dezelfde vraag nog eens, over de zaal.", topic=desk.topic)
    services.question_merge(question=duplicate, into=question, by=desk.lead)
    services.question_note(question=question, by=desk.lead, body="Bellen na 14 uur.")

    html = page(signed_in, f"{BASE}{question.pk}/change/")
    assert "Waar kan ik een zaal huren" in html
    assert "Dezelfde vraag nog eens" in html
    assert f"From merged question #{duplicate.pk}." in html
    assert "Internal note (not for the asker)" in html and "Bellen na 14 uur." in html
    assert "fatima@example.org" in html
    assert f"The team of the topic {desk.topic.name}." in html  # why it went there
    assert "First answer due" in html and "Resolution due" in html


def test_looking_at_a_question_of_an_organisation_is_logged(signed_in, desk, org_a):
    item = ask(user=org_a.member, organisation=org_a.organisation, topic=desk.topic)
    page(signed_in, f"{BASE}{item.pk}/change/")
    access = PersonalDataAccess.objects.get()
    assert access.organisation == org_a.organisation and access.viewer == desk.member


def test_problems_of_an_e_mail_are_shown_in_words(signed_in, desk):
    item = ask(
        channel="email",
        problems=["html_only", "forged_from_suspected"],
        sender_verified=False,
    )
    html = page(signed_in, f"{BASE}{item.pk}/change/")
    assert "The e-mail had only HTML: the text was made from it." in html
    assert "The sender address is probably forged." in html
    assert "could not confirm the sender" in html


def test_an_unknown_question_number_is_a_404(signed_in):
    assert signed_in.get(f"{BASE}999999/change/").status_code == 404
    assert signed_in.get(f"{BASE}nope/change/").status_code == 404


# --- answering ----------------------------------------------------------------------------


def test_a_reply_goes_to_the_asker_in_the_thread_with_attachments(signed_in, question, mailbox):
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = signed_in.post(
        f"{BASE}{question.pk}/antwoorden/",
        {"body": "U kunt de zaal huren via het loket.", "attachments": [upload]},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.WAITING and question.first_answered_at
    assert [m.to for m in mailbox] == [["fatima@example.org"]]
    assert "U kunt de zaal huren" in mailbox[0].body
    assert mailbox[0].attachments[0][0] == "plan.pdf"
    reply = question.messages.get(kind=MessageKind.REPLY)
    attachment = reply.attachments.get()
    download = signed_in.get(f"{BASE}{question.pk}/bijlage/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")


def test_an_empty_reply_is_refused_with_a_message_and_nothing_is_sent(signed_in, question, mailbox):
    response = signed_in.post(f"{BASE}{question.pk}/antwoorden/", {"body": "   "})
    assert response.status_code == 422
    assert "Write your answer." in response.content.decode()
    assert not mailbox
    assert not question.messages.filter(kind=MessageKind.REPLY).exists()


def test_a_refused_attachment_is_a_message_not_an_error_page(signed_in, question, mailbox):
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00rest", content_type="application/pdf")
    response = signed_in.post(
        f"{BASE}{question.pk}/antwoorden/", {"body": "Zie bijlage.", "attachments": [upload]}
    )
    assert response.status_code == 422
    assert said(response) and not mailbox
    assert not question.messages.filter(kind=MessageKind.REPLY).exists()


def test_notes_never_reach_the_asker(signed_in, question, mailbox, desk):
    response = signed_in.post(f"{BASE}{question.pk}/notitie/", {"body": "Intern: al gebeld."})
    assert response.status_code == 302
    assert question.messages.filter(kind=MessageKind.NOTE, body="Intern: al gebeld.").exists()
    signed_in.post(f"{BASE}{question.pk}/antwoorden/", {"body": "Ons antwoord."})
    assert len(mailbox) == 1
    assert all("al gebeld" not in m.body for m in mailbox)
    empty = signed_in.post(f"{BASE}{question.pk}/notitie/", {"body": ""})
    assert empty.status_code == 422 and "Write your note." in empty.content.decode()


def test_assigning_to_a_team_and_a_person(signed_in, question, desk):
    other = TeamMemberFactory()
    response = signed_in.post(
        f"{BASE}{question.pk}/toewijzen/", {"team": other.team.pk, "assignee": other.user.pk}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.team == other.team and question.assignee == other.user
    assert "by hand" in question.routed_by


def test_assigning_to_someone_who_is_not_staff_is_refused(signed_in, question, citizen):
    response = signed_in.post(f"{BASE}{question.pk}/toewijzen/", {"assignee": citizen.pk})
    assert response.status_code == 422
    question.refresh_from_db()
    assert question.assignee is None


def test_merging_into_another_question(signed_in, question, desk):
    original = ask(body="Eerste vraag over de zaal.", topic=desk.topic)
    response = signed_in.post(f"{BASE}{question.pk}/samenvoegen/", {"into": f"#{original.pk}"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{BASE}{original.pk}/change/")
    question.refresh_from_db()
    assert question.status == QuestionStatus.MERGED and question.merged_into == original
    html = page(signed_in, f"{BASE}{question.pk}/change/")
    assert "was merged into question" in html


@pytest.mark.parametrize(
    ("into", "sentence"),
    [
        ("self", "cannot be merged with itself"),
        ("999999", "There is no question with this number."),
        ("abc", "Give a question number"),
        ("", "Give the number of the other question."),
    ],
)
def test_bad_merges_are_refused_with_a_message(signed_in, question, into, sentence):
    value = str(question.pk) if into == "self" else into
    response = signed_in.post(f"{BASE}{question.pk}/samenvoegen/", {"into": value})
    assert response.status_code == 422
    assert sentence in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW and question.merged_into is None


def test_merging_into_a_merged_question_is_refused(signed_in, question, desk):
    first = ask(body="Eerste.", topic=desk.topic)
    second = ask(body="Tweede.", topic=desk.topic)
    services.question_merge(question=second, into=first, by=desk.lead)
    response = signed_in.post(f"{BASE}{question.pk}/samenvoegen/", {"into": second.pk})
    assert response.status_code == 422
    assert "was itself merged" in response.content.decode()


def test_closing_and_reopening(signed_in, question):
    response = signed_in.post(f"{BASE}{question.pk}/sluiten/", follow=True)
    assert "The question is closed." in said(response)
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    again = signed_in.post(f"{BASE}{question.pk}/sluiten/", follow=True)
    assert "This question is already closed." in said(again)
    signed_in.post(f"{BASE}{question.pk}/heropenen/")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    twice = signed_in.post(f"{BASE}{question.pk}/heropenen/", follow=True)
    assert "Only a closed question can be opened again." in said(twice)


def test_a_get_on_an_action_changes_nothing(signed_in, question):
    for action in ("antwoorden", "notitie", "toewijzen", "samenvoegen", "sluiten", "heropenen"):
        response = signed_in.get(f"{BASE}{question.pk}/{action}/")
        assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW


@pytest.mark.skipif(
    importlib.util.find_spec("middenveld.knowledge.services") is None,
    reason="The knowledge base (middenveld.knowledge.services) is not there yet.",
)
def test_an_answer_becomes_a_draft_article(signed_in, question, desk):
    from middenveld.knowledge.models import Article

    reply = services.question_reply(question=question, by=desk.lead, body="Zo huurt u een zaal.")
    response = signed_in.post(f"{BASE}{question.pk}/artikel/{reply.pk}/")
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/beheer/knowledge/article/{article.pk}/change/"
    code = question.language
    assert getattr(article, f"title_{code}") == question.subject
    assert "Zo huurt u een zaal." in getattr(article, f"body_{code}")
    first = question.messages.get(kind=MessageKind.QUESTION)
    refused = signed_in.post(f"{BASE}{question.pk}/artikel/{first.pk}/", follow=True)
    assert "Only an answer from the city can become an article." in said(refused)
    assert Article.objects.count() == 1


# --- phone calls ----------------------------------------------------------------------------


def test_a_phone_call_without_email_becomes_a_question_without_mail(signed_in, desk, mailbox):
    response = signed_in.post(
        BASE + "telefoon/",
        {
            "name": "Meneer Peeters",
            "phone": "09 123 45 67",
            "topic": desk.topic.pk,
            "language": "nl",
            "question": "Mag ik een tent zetten op het plein?",
        },
    )
    assert response.status_code == 302
    item = Question.objects.get()
    assert item.channel == "phone" and item.asker_phone == "09 123 45 67"
    message = item.messages.get()
    assert message.kind == MessageKind.PHONE and message.author == desk.member
    assert not mailbox


def test_a_phone_call_with_email_sends_a_receipt(signed_in, desk, mailbox, org_a):
    response = signed_in.post(
        BASE + "telefoon/",
        {
            "email": "beller@example.org",
            "organisation": org_a.organisation.pk,
            "language": "nl",
            "question": "Hoe vraag ik een subsidie aan?",
        },
    )
    assert response.status_code == 302
    item = Question.objects.get()
    assert item.organisation == org_a.organisation
    assert [m.to for m in mailbox] == [["beller@example.org"]]


def test_an_answer_given_on_the_phone_is_the_reply_and_closes(signed_in, desk, mailbox):
    signed_in.post(
        BASE + "telefoon/",
        {
            "email": "beller@example.org",
            "language": "nl",
            "question": "Wanneer is het loket open?",
            "answer": "Elke werkdag van 9 tot 12 uur.",
            "close": "on",
        },
    )
    item = Question.objects.get()
    assert item.status == QuestionStatus.CLOSED and item.first_answered_at
    assert item.messages.filter(kind=MessageKind.REPLY).exists()
    assert len(mailbox) == 1 and "Elke werkdag" in mailbox[0].body  # no separate receipt


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"question": "Een vraag."}, "Give a phone number or an e-mail address"),
        ({"phone": "0470", "question": " "}, "Write what the caller asked."),
        ({"phone": "0470", "question": "Vraag", "organisation": 999999}, "no organisation"),
        ({"email": "geen-adres", "question": "Vraag"}, "email"),
    ],
)
def test_a_bad_phone_log_says_what_is_wrong(signed_in, data, sentence):
    response = signed_in.post(BASE + "telefoon/", {"language": "nl", **data})
    assert response.status_code == 422
    form = response.context["form"]
    if sentence in form.fields:  # Django's own sentence, in the page's language
        assert form.errors[sentence]
    else:
        assert sentence in response.content.decode()
    assert not Question.objects.exists()


def test_the_phone_page_has_labelled_fields(signed_in):
    html = page(signed_in, BASE + "telefoon/")
    for field in ("name", "phone", "email", "organisation", "topic", "question", "answer"):
        assert f'for="id_{field}"' in html


# --- topics and routing rules -----------------------------------------------------------------


def test_a_topic_with_impossible_response_times_is_refused_in_words(signed_in, desk):
    response = signed_in.post(
        "/en/beheer/support/topic/add/",
        {
            "name_nl": "Feesten",
            "slug": "feesten",
            "first_answer_days": 5,
            "resolution_days": 2,
            "order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot be shorter than the time to a first answer" in response.content.decode()
    assert not Topic.objects.filter(slug="feesten").exists()


def test_a_topic_with_its_response_times_is_saved(signed_in, desk):
    response = signed_in.post(
        "/en/beheer/support/topic/add/",
        {
            "name_nl": "Feesten",
            "slug": "feesten",
            "team": desk.team.pk,
            "first_answer_days": 1,
            "resolution_days": 5,
            "order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="feesten")
    assert (topic.name_nl, topic.first_answer_days, topic.resolution_days) == ("Feesten", 1, 5)


def test_the_order_of_routing_rules_is_changed_in_the_list(signed_in, desk):
    first = RoutingRule.objects.create(name="Eerst", order=1, team=desk.team)
    second = RoutingRule.objects.create(name="Daarna", order=2, team=desk.team, keywords="zaal")
    response = signed_in.post(
        "/en/beheer/support/routingrule/",
        {
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 2,
            "form-0-id": first.pk,
            "form-0-order": 5,
            "form-0-active": "on",
            "form-1-id": second.pk,
            "form-1-order": 1,
            "form-1-active": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Daarna", "Eerst"]


def test_the_topic_list_shows_missing_translations(signed_in, desk):
    html = page(signed_in, "/en/beheer/support/topic/")
    assert "Missing translations" in html and desk.topic.name in html


def test_the_routing_rules_page_explains_the_order_and_refuses_a_rule_without_destination(
    signed_in, desk
):
    assert "How the rules are tried" in page(signed_in, "/en/beheer/support/routingrule/")
    response = signed_in.post(
        "/en/beheer/support/routingrule/add/",
        {"name": "Nergens heen", "order": 5, "active": "on", "keywords": "feest"},
    )
    assert response.status_code == 200
    assert "Choose a team, or tick" in response.content.decode()
    assert not RoutingRule.objects.exists()


# --- mails kept aside -------------------------------------------------------------------------


def _kept(name: str, raw: bytes | None = None, **kwargs) -> QuarantinedMail:
    mail = QuarantinedMail(
        source="maildir",
        reason=kwargs.pop("reason", "not_the_asker"),
        detail=kwargs.pop("detail", "Sent from another address."),
        question=kwargs.pop("question", None),
        from_address=kwargs.pop("from_address", "someone@example.org"),
        subject=kwargs.pop("subject", "Een vraag"),
    )
    content = raw if raw is not None else (MAIL_DIR / name).read_bytes()
    mail.raw.save(name, ContentFile(content), save=False)
    mail.save()
    return mail


def test_a_kept_mail_shows_why_and_its_original_can_be_downloaded(signed_in):
    mail = _kept("alternative.eml")
    html = page(signed_in, f"{MAILS}{mail.pk}/change/")
    assert "it does not come from the person who asked it" in html  # the reason, in words
    assert "Sent from another address." in html
    assert "Make a question of it" in html and "Add it to question" not in html
    download = signed_in.get(f"{MAILS}{mail.pk}/eml/")
    assert download.status_code == 200
    assert download["Content-Type"] == "message/rfc822"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == (MAIL_DIR / "alternative.eml").read_bytes()
    assert f"{mail.pk}/change/" in page(signed_in, MAILS)


def test_a_readable_kept_mail_becomes_a_question_once(signed_in, mailbox):
    mail = _kept("alternative.eml")
    response = signed_in.post(f"{MAILS}{mail.pk}/vraag/")
    item = Question.objects.get()
    assert response["Location"] == f"{BASE}{item.pk}/change/"
    assert item.channel == "email"
    mail.refresh_from_db()
    assert mail.question == item and mail.handled_at is not None
    again = signed_in.post(f"{MAILS}{mail.pk}/vraag/", follow=True)
    assert "This e-mail was already handled." in said(again)
    assert Question.objects.count() == 1
    assert mail.pk not in [m.pk for m in page_list(signed_in)]


def test_a_kept_mail_about_a_question_can_be_added_to_its_thread(signed_in, question, desk):
    mail = _kept("alternative.eml", question=question)
    html = page(signed_in, f"{MAILS}{mail.pk}/change/")
    assert f"Add it to question {question.reference}" in html
    response = signed_in.post(f"{MAILS}{mail.pk}/toevoegen/")
    assert response["Location"] == f"{BASE}{question.pk}/change/"
    added = question.messages.order_by("id").last()
    assert added.kind == MessageKind.QUESTION and added.channel == "email"
    mail.refresh_from_db()
    assert mail.handled_at is not None and mail.question == question
    assert "handled: question" in page(signed_in, MAILS + "?afgehandeld=ja")


def test_files_we_do_not_accept_are_named_in_a_note_when_a_kept_mail_becomes_a_question(
    signed_in,
):
    from email.message import EmailMessage

    raw = EmailMessage()
    raw["From"] = "Karim <karim@example.org>"
    raw["To"] = "vragen@middenveld.example"
    raw["Subject"] = "Ons programma"
    raw["Message-ID"] = "<programma-1@example.org>"
    raw.set_content("Zie het programma in bijlage.")
    raw.add_attachment(PDF, maintype="application", subtype="pdf", filename="programma.pdf")
    raw.add_attachment(b"MZ\x90\x00", maintype="application", subtype="pdf", filename="x.exe")
    mail = _kept("programma.eml", raw=raw.as_bytes(), reason="flood")
    signed_in.post(f"{MAILS}{mail.pk}/vraag/")
    item = Question.objects.get()
    assert [a.filename for a in item.messages.get(kind="question").attachments.all()] == [
        "programma.pdf"
    ]
    note = item.messages.get(kind=MessageKind.NOTE)
    assert "x.exe" in note.body


def test_a_kept_mail_about_no_question_cannot_be_added_to_one(signed_in):
    mail = _kept("alternative.eml")
    response = signed_in.post(f"{MAILS}{mail.pk}/toevoegen/", follow=True)
    assert "This mail is not about a question we know." in said(response)
    mail.refresh_from_db()
    assert mail.handled_at is None


def page_list(client) -> list[QuarantinedMail]:
    response = client.get(MAILS)
    return list(response.context["cl"].result_list)


def test_an_unreadable_kept_mail_cannot_become_a_question_but_can_be_marked_handled(signed_in):
    mail = _kept("garbage.eml", raw=b"\x00\xff")
    html = page(signed_in, f"{MAILS}{mail.pk}/change/")
    assert "not an e-mail message we can read" in html
    response = signed_in.post(f"{MAILS}{mail.pk}/vraag/", follow=True)
    assert any("cannot be read" in m for m in said(response))
    assert not Question.objects.exists()
    signed_in.post(f"{MAILS}{mail.pk}/afgehandeld/")
    mail.refresh_from_db()
    assert mail.handled_at is not None and mail.question is None
    again = signed_in.post(f"{MAILS}{mail.pk}/afgehandeld/", follow=True)
    assert "This e-mail was already handled." in said(again)


def test_kept_mails_cannot_be_added_or_deleted(signed_in):
    mail = _kept("alternative.eml")
    assert signed_in.get(MAILS + "add/").status_code == 403
    assert signed_in.get(f"{MAILS}{mail.pk}/delete/").status_code == 403


# --- who may come in --------------------------------------------------------------------------


def _urls(question: Question, attachment_pk: int, mail: QuarantinedMail) -> list[tuple[str, str]]:
    return [
        ("get", BASE),
        ("get", f"{BASE}{question.pk}/change/"),
        ("get", BASE + "telefoon/"),
        ("post", BASE + "telefoon/"),
        ("post", f"{BASE}{question.pk}/antwoorden/"),
        ("post", f"{BASE}{question.pk}/notitie/"),
        ("post", f"{BASE}{question.pk}/toewijzen/"),
        ("post", f"{BASE}{question.pk}/samenvoegen/"),
        ("post", f"{BASE}{question.pk}/sluiten/"),
        ("post", f"{BASE}{question.pk}/heropenen/"),
        ("get", f"{BASE}{question.pk}/bijlage/{attachment_pk}/"),
        ("get", "/en/beheer/support/topic/"),
        ("get", "/en/beheer/support/routingrule/"),
        ("get", MAILS),
        ("get", f"{MAILS}{mail.pk}/change/"),
        ("get", f"{MAILS}{mail.pk}/eml/"),
        ("post", f"{MAILS}{mail.pk}/vraag/"),
        ("post", f"{MAILS}{mail.pk}/toevoegen/"),
        ("post", f"{MAILS}{mail.pk}/afgehandeld/"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "asker"])
def test_citizens_and_anonymous_never_reach_the_desk(client, desk, org_a, citizen, who):
    item = ask(
        user=org_a.member,
        organisation=org_a.organisation,
        topic=desk.topic,
        attachments=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    attachment = item.messages.get().attachments.get()
    mail = _kept("alternative.eml")
    if who == "citizen":
        client.force_login(citizen)
    elif who == "asker":
        client.force_login(org_a.member)
    before = (
        sorted(Question.objects.values_list("id", "status", "assignee_id")),
        Message.objects.count(),
        QuarantinedMail.objects.filter(handled_at__isnull=True).count(),
    )
    for method, url in _urls(item, attachment.pk, mail):
        response = getattr(client, method)(url, {"body": "x", "into": "1", "phone": "1"})
        # Signed out: to the sign-in page. Signed in without access: to the back office's
        # sign-in, which answers 403 (never a loop, never the page).
        assert response.status_code in (302, 403), (url, response.status_code)
        if response.status_code == 302:
            location = response["Location"]
            assert "/beheer/login/" in location or "/aanmelden/" in location, url
            if who != "anonymous":
                assert client.get(location).status_code == 403, url
    after = (
        sorted(Question.objects.values_list("id", "status", "assignee_id")),
        Message.objects.count(),
        QuarantinedMail.objects.filter(handled_at__isnull=True).count(),
    )
    assert before == after


def test_an_administrator_can_use_the_desk(client, question):
    admin = StaffFactory(role="administrator")
    client.force_login(admin)
    assert question.subject in page(client, BASE)
