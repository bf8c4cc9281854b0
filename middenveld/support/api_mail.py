"""The inbound-mail webhook: a mail provider posts each mail for the support mailbox here.

``POST /api/v1/support/inbound-mail`` with the raw RFC 822 message as the body
(``Content-Type: message/rfc822``) and the shared secret in ``X-Webhook-Secret``
(the ``SUPPORT_WEBHOOK_SECRET`` setting). The mail goes through the same
``mailbox.mail_receive`` as the mail reader command, and the answer is 202 with
what became of it::

    {"outcome": "question", "question_id": 12, "message_id": 31,
     "kept_aside_id": null, "reason": "", "problems": []}

``outcome`` is ``question``, ``reply``, ``kept_aside`` or ``duplicate``: a mail
that cannot be read, or may not go into a thread, is kept aside for staff, never
dropped. Without a configured secret the endpoint does not exist (404); a missing
or wrong secret is 403; a body over ``MAX_MAIL_BYTES`` is 413, another content
type 415; 503 when the mail could not be stored at all, so that the provider
tries again later. Nothing here uses a session or a personal token.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja import Status as Answer

from middenveld.core.errors import DomainError, Forbidden, NotFound
from middenveld.support.mailbox import MailNotStored, mail_receive

router = Router(tags=["support"])

#: The largest mail the webhook takes; larger ones the provider keeps or bounces. (Mails over
#: the parser's 40 MB are read for their headers only, and kept aside whole for staff.)
MAX_MAIL_BYTES = 50_000_000
CONTENT_TYPES = frozenset({"message/rfc822"})
_CHUNK = 1 << 20


class PayloadTooLarge(DomainError):
    http_status = 413
    code = "too_large"
    default_message = _("This e-mail is too large. It can be at most 50 MB.")


class UnsupportedMediaType(DomainError):
    http_status = 415
    code = "unsupported_media_type"
    default_message = _("Send the e-mail as it is, with the content type message/rfc822.")


class NotStored(DomainError):
    http_status = 503
    code = "not_stored"
    default_message = _("The e-mail could not be stored now. Send it again later.")


class MailOutcomeOut(Schema):
    outcome: str
    question_id: int | None
    message_id: int | None
    kept_aside_id: int | None
    reason: str
    problems: list[str]


def _check_secret(request: HttpRequest) -> None:
    secret = settings.SUPPORT_WEBHOOK_SECRET
    if not secret:
        raise NotFound()
    given = request.headers.get("X-Webhook-Secret", "")
    if not hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
        raise Forbidden(_("The webhook secret is missing or wrong."))


def _raw_mail(request: HttpRequest) -> bytes:
    """The body, read from the stream in chunks and never more than MAX_MAIL_BYTES
    (``request.body`` would refuse anything over DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    content_type = (request.content_type or "").lower()
    if content_type not in CONTENT_TYPES:
        raise UnsupportedMediaType()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_MAIL_BYTES:
        raise PayloadTooLarge()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = request.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_MAIL_BYTES:
            raise PayloadTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/support/inbound-mail",
    response={202: MailOutcomeOut},
    auth=None,
    summary="Receive a mail for the support mailbox (webhook of the mail provider)",
)
def inbound_mail(request: HttpRequest) -> Answer:
    """The raw RFC 822 message as the body (Content-Type message/rfc822) and the shared
    secret in X-Webhook-Secret. Answers 202 with what became of the mail."""
    _check_secret(request)
    raw = _raw_mail(request)
    try:
        outcome = mail_receive(raw, source="webhook")
    except MailNotStored as error:
        raise NotStored() from error
    return Answer(202, outcome.as_dict())
