"""The inbound-mail webhook: POST /api/v1/support/inbound-mail."""

from __future__ import annotations

import pytest

from middenveld.support import api_mail
from middenveld.support.mailbox import MailNotStored
from middenveld.support.models import QuarantinedMail, Question
from middenveld.support.tests.test_mailbox import ask, fixture, mail

URL = "/api/v1/support/inbound-mail"
SECRET = "a-long-shared-secret-0123456789"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.SUPPORT_WEBHOOK_SECRET = SECRET


def post(client, raw: bytes, *, secret: str | None = SECRET, content_type="message/rfc822"):
    headers = {"X-Webhook-Secret": secret} if secret is not None else {}
    return client.post(URL, data=raw, content_type=content_type, headers=headers)


def test_a_mail_becomes_a_question_and_the_answer_says_so(client, mailbox):
    response = post(client, mail(Message_ID="<hook-1@example.org>"))
    assert response.status_code == 202
    body = response.json()
    question = Question.objects.get()
    assert body == {
        "outcome": "question",
        "question_id": question.pk,
        "message_id": question.messages.get().pk,
        "kept_aside_id": None,
        "reason": "",
        "problems": [],
    }
    assert question.channel == "email"
    assert len(mailbox) == 1  # the receipt


def test_a_reply_goes_into_its_thread(client):
    question = ask()
    response = post(client, fixture("reply_by_references.eml", question.token))
    assert response.status_code == 202
    assert response.json()["outcome"] == "reply"
    assert question.messages.count() == 2


def test_the_same_mail_twice_is_a_duplicate(client):
    raw = mail(Message_ID="<hook-twice@example.org>")
    assert post(client, raw).json()["outcome"] == "question"
    assert post(client, raw).json()["outcome"] == "duplicate"
    assert Question.objects.count() == 1


def test_garbage_is_kept_aside_and_answered_202(client):
    response = post(client, fixture("garbage.eml"))
    assert response.status_code == 202
    assert response.json()["outcome"] == "kept_aside"
    assert response.json()["reason"] == "unparseable"
    assert QuarantinedMail.objects.get().source == "webhook"


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET[:-1]])
def test_a_missing_or_wrong_secret_is_refused_and_nothing_is_stored(client, secret):
    response = post(client, mail(), secret=secret)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not Question.objects.exists()
    assert not QuarantinedMail.objects.exists()


def test_without_a_configured_secret_the_webhook_does_not_exist(client, settings):
    settings.SUPPORT_WEBHOOK_SECRET = ""
    response = post(client, mail(), secret="")
    assert response.status_code == 404
    assert not Question.objects.exists()


def test_a_mail_over_the_size_limit_is_refused_with_413(client, monkeypatch):
    monkeypatch.setattr(api_mail, "MAX_MAIL_BYTES", 2_000)
    response = post(client, mail("x" * 5_000))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Question.objects.exists()


def test_a_mail_larger_than_djangos_body_limit_is_still_read(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = post(client, mail("Een lange vraag. " * 500))
    assert response.status_code == 202
    assert response.json()["outcome"] == "question"


def test_another_content_type_is_refused_with_415(client):
    response = post(client, mail(), content_type="application/json")
    assert response.status_code == 415
    assert not Question.objects.exists()


def test_a_mail_that_cannot_be_stored_answers_503_so_the_provider_tries_again(client, monkeypatch):
    def down(raw, *, source):
        raise MailNotStored("database down")

    monkeypatch.setattr(api_mail, "mail_receive", down)
    response = post(client, mail())
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_stored"


def test_only_post_is_allowed(client):
    assert client.get(URL, headers={"X-Webhook-Secret": SECRET}).status_code == 405


def test_a_signed_in_session_needs_no_csrf_but_still_the_secret(client, org_a):
    client.force_login(org_a.member)
    assert post(client, mail(), secret="wrong").status_code == 403
    assert post(client, mail()).status_code == 202
