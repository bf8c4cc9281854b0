from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from middenveld.city.models import Notification
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from middenveld.organisations.models import TimelineEvent
from middenveld.support import services
from middenveld.support.models import MessageKind, Question, QuestionStatus
from middenveld.support.tests.factories import RoutingRuleFactory, TeamFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ask(**kwargs):
    kwargs.setdefault("body", "Waar kan ik een zaal huren voor een buurtfeest?")
    kwargs.setdefault("email", "fatima@example.org")
    return services.question_ask(**kwargs)


def test_a_question_goes_to_the_topic_team_with_due_dates_in_working_days(desk, mailbox):
    # Friday 3 April 2026, 16:00; Easter Monday (6 April) is a holiday.
    asked = datetime(2026, 4, 3, 16, 0, tzinfo=BRUSSELS)
    question = ask(topic=desk.topic, received_at=asked)
    assert question.team == desk.team
    assert question.status == QuestionStatus.NEW
    assert question.first_answer_due.astimezone(BRUSSELS).date().isoformat() == "2026-04-08"
    assert question.due_at == question.first_answer_due
    assert question.subject == "Waar kan ik een zaal huren voor een buurtfeest?"
    assert [m.to for m in mailbox] == [["fatima@example.org"]]
    receipt = mailbox[0]
    assert f"[#{question.token}]" in receipt.subject
    assert receipt.reply_to == [f"vragen+{question.token}@middenveld.localhost"]
    assert receipt.extra_headers["Message-ID"].startswith(f"<ticket-{question.token}.")


def test_the_first_matching_routing_rule_wins_and_says_why(desk):
    other = TeamFactory(name="Subsidies")
    RoutingRuleFactory(name="Subsidievragen", keywords="subsidie, toelage", team=other, order=1)
    question = ask(body="Hoe vraag ik een subsidie aan?", topic=desk.topic)
    assert question.team == other
    assert question.routed_by == "Subsidievragen"
    # A keyword must be a whole word: "subsidiereglement" is not "subsidie".
    assert ask(body="Waar staat het subsidiereglement?", topic=desk.topic).team == desk.team


def test_a_rule_can_send_questions_to_the_organisations_contact_person(desk, org_a, staff):
    org_a.organisation.contact_person = staff
    org_a.organisation.save()
    RoutingRuleFactory(name="Vast aanspreekpunt", to_contact_person=True, team=None, order=1)
    question = ask(user=org_a.member, organisation=org_a.organisation, email="")
    assert question.assignee == staff
    assert Notification.objects.filter(recipient=staff).count() == 1
    assert TimelineEvent.objects.filter(
        organisation=org_a.organisation, kind="support.question_asked"
    ).exists()


def test_a_question_for_someone_elses_organisation_is_refused(org_a, org_b):
    with pytest.raises(Invalid):
        ask(user=org_b.member, organisation=org_a.organisation)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "   "}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"email": ""}, "email"),
        ({"subject": "s" * 201}, "subject"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(db, kwargs, field):
    with pytest.raises(Invalid) as refused:
        ask(**kwargs)
    assert field in refused.value.details["fields"]
    assert not Question.objects.exists()


def test_a_flood_from_one_address_is_refused(db, settings):
    settings.SUPPORT_QUESTIONS_PER_HOUR = 3
    for _i in range(3):
        ask()
    with pytest.raises(RateLimited):
        ask()
    assert Question.objects.count() == 3
    ask(email="someone-else@example.org")


def test_attachments_are_checked_by_content(db):
    fake = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 this is a program", "application/pdf")
    with pytest.raises(Invalid):
        ask(attachments=[fake])
    assert not Question.objects.exists()
    real = SimpleUploadedFile("brief.pdf", PDF, "application/pdf")
    question = ask(attachments=[real])
    attachment = question.messages.get().attachments.get()
    assert attachment.filename == "brief.pdf"
    assert attachment.file.read() == PDF


def test_a_reply_goes_out_in_the_thread_and_starts_the_resolution_clock(desk, mailbox):
    question = ask(topic=desk.topic)
    mailbox.clear()
    message = services.question_reply(question=question, by=desk.member, body="Kijk op /ruimtes/.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.WAITING
    assert question.first_answered_at is not None
    assert question.due_at == question.resolution_due
    assert question.assignee == desk.member
    sent = mailbox[0]
    assert sent.extra_headers["Message-ID"] == message.message_id
    receipt_id = question.messages.filter(kind=MessageKind.QUESTION).get().message_id
    assert receipt_id is None  # a web question has no Message-ID of its own
    assert "Kijk op /ruimtes/." in sent.body
    assert sent.subject.endswith(f"[#{question.token}]")


def test_a_follow_up_reopens_a_waiting_question(desk, citizen):
    question = ask(user=citizen, email="", topic=desk.topic)
    services.question_reply(question=question, by=desk.member, body="Antwoord")
    services.question_follow_up(question=question, user=citizen, body="Dank u, nog een vraag")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert Notification.objects.filter(recipient=desk.member).exists()


def test_notes_stay_internal_and_only_staff_handle_questions(desk, citizen):
    question = ask(user=citizen, email="", topic=desk.topic)
    services.question_note(question=question, by=desk.member, body="Intern")
    with pytest.raises(Forbidden):
        services.question_note(question=question, by=citizen, body="Ik ook")
    with pytest.raises(Forbidden):
        services.question_reply(question=question, by=citizen, body="Ik ook")


def test_merging_closes_the_duplicate_and_keeps_its_thread_under_the_original(desk):
    original = ask(topic=desk.topic)
    duplicate = ask(topic=desk.topic, body="Dezelfde vraag nog eens")
    services.question_merge(question=duplicate, into=original, by=desk.member)
    duplicate.refresh_from_db()
    assert duplicate.status == QuestionStatus.MERGED
    assert services.thread_target(duplicate) == original
    with pytest.raises(Invalid):
        services.question_merge(question=original, into=original, by=desk.member)
    with pytest.raises(Conflict):
        services.question_merge(question=duplicate, into=original, by=desk.member)


def test_close_and_reopen(desk):
    question = ask(topic=desk.topic)
    services.question_close(question=question, by=desk.member)
    assert question.closed_at is not None
    with pytest.raises(Conflict):
        services.question_close(question=question, by=desk.member)
    services.question_reopen(question=question, by=desk.member)
    assert question.status == QuestionStatus.OPEN


def test_late_questions_escalate_to_the_team_lead_once(desk):
    asked = datetime(2026, 4, 1, 10, 0, tzinfo=BRUSSELS)
    question = ask(topic=desk.topic, received_at=asked)
    later = datetime(2026, 4, 20, 10, 0, tzinfo=BRUSSELS)
    assert services.questions_escalate(now=later) == 1
    assert services.questions_escalate(now=later) == 0
    assert Notification.objects.filter(recipient=desk.lead, kind="support.escalated").count() == 1
    question.refresh_from_db()
    assert question.escalated_at == later


def test_nobody_reads_a_question_that_is_not_theirs(org_a, org_b, staff):
    question = ask(user=org_a.member, organisation=org_a.organisation, email="")
    assert services.question_get(pk=question.pk, user=org_a.admin) == question
    assert services.question_get(pk=question.pk, user=staff) == question
    with pytest.raises(NotFound):
        services.question_get(pk=question.pk, user=org_b.admin)


def test_the_database_refuses_a_question_nobody_can_answer(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(token="abcdefghij", subject="x")
