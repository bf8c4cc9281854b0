"""Mail into the support desk: one function for every way a mail arrives.

The mail reader command (``manage.py read_support_mail``, Maildir or IMAP) and the inbound-mail
webhook (``POST /api/v1/support/inbound-mail``) both hand the raw message to::

    outcome = mail_receive(raw, source="maildir")   # "imap", "webhook"
    outcome.kind        # "question", "reply", "kept_aside" or "duplicate"

What happens to a mail
----------------------
* It carries the token of a known question (In-Reply-To/References, the ``vragen+<token>``
  address or the ``[#token]`` subject tag; see ``inbound.py``): it is added to that question's
  thread, following merges (``services.thread_target``), but only when it comes from the
  asker's address or from a member of the question's organisation, without a DMARC failure,
  and is no auto-reply (an out-of-office must not reopen a question). Otherwise it is kept
  aside for staff, linked to the question.
* No token, or a token we do not know: a new question (channel e-mail). A flood from one
  address (``SUPPORT_QUESTIONS_PER_HOUR``) and a mail with a forged From are kept aside.
  The receipt goes out unless the mail is an auto-reply, a bounce or bulk mail.
* Attachments are checked by their content (``services.attachment_check``); a refused one
  (a program, a zip, too large) is not stored, the message keeps a note in ``problems``, and
  the raw mail is kept aside linked to the question, so staff can still look.
* The same Message-ID twice (a mail read twice): nothing new, outcome ``duplicate``.
* A mail that cannot be parsed, or anything that goes wrong: the raw bytes are kept aside
  (``QuarantinedMail``, private storage) with a reason. A mail is never dropped. Only when
  even that fails (database or storage down) does ``mail_receive`` raise ``MailNotStored``:
  the caller then leaves the mail in the mailbox, to be read again.

Everything is stored when ``mail_receive`` returns (each service commits its own
transaction): only then mark the mail as read.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, RateLimited
from middenveld.core.mail import send_templated_mail
from middenveld.organisations.models import Membership
from middenveld.support import inbound, services
from middenveld.support.models import Channel, Message, QuarantinedMail, Question

logger = logging.getLogger(__name__)

__all__ = [
    "DUPLICATE",
    "FOLLOW_UP",
    "KEPT_ASIDE",
    "NEW_QUESTION",
    "PROBLEM_LABELS",
    "REASON_LABELS",
    "MailNotStored",
    "Outcome",
    "kept_mail_dismiss",
    "kept_mail_release",
    "mail_receive",
]

# --- outcomes ------------------------------------------------------------------------------

NEW_QUESTION = "question"
FOLLOW_UP = "reply"
KEPT_ASIDE = "kept_aside"
DUPLICATE = "duplicate"

# Why a mail was kept aside (QuarantinedMail.reason).
UNPARSEABLE = "unparseable"
NO_SENDER = "no_sender"
FORGED_FROM = "forged_from"
NOT_THE_ASKER = "not_the_asker"
AUTO_REPLY = "auto_reply"
FLOOD = "flood"
REFUSED = "refused"
EMPTY = "empty"
PARTLY_STORED = "partly_stored"
OWN_ADDRESS = "own_address"
FAILED = "error"

REASON_LABELS = {
    UNPARSEABLE: gettext_lazy("This is not an e-mail message we can read."),
    NO_SENDER: gettext_lazy("The e-mail has no sender address."),
    FORGED_FROM: gettext_lazy("The sender address is probably forged."),
    NOT_THE_ASKER: gettext_lazy(
        "The e-mail answers a question, but it does not come from the person who asked it."
    ),
    AUTO_REPLY: gettext_lazy("An automatic answer (out of office, bounce) to one of our e-mails."),
    FLOOD: gettext_lazy("Many e-mails from the same address in a short time."),
    REFUSED: gettext_lazy("The e-mail could not be added as a question."),
    EMPTY: gettext_lazy("The e-mail has no subject, no text and no files."),
    PARTLY_STORED: gettext_lazy(
        "The e-mail was added, but not completely: files were left out or the text was cut."
    ),
    OWN_ADDRESS: gettext_lazy(
        "The e-mail comes from one of our own addresses (a mail loop or a bounce)."
    ),
    FAILED: gettext_lazy("Something went wrong while reading the e-mail."),
}

# Problems this module adds to Message.problems, next to inbound.PROBLEM_CODES.
ATTACHMENT_REFUSED = "attachment_refused"
TOO_MANY_ATTACHMENTS = "too_many_attachments"

PROBLEM_LABELS = {
    inbound.ATTACHMENT_TOO_LARGE: gettext_lazy("A file was too large and was left out."),
    inbound.ATTACHMENTS_TOTAL_TOO_LARGE: gettext_lazy(
        "The files were too large together; some were left out."
    ),
    inbound.MESSAGE_TOO_LARGE: gettext_lazy(
        "The e-mail was too large: only its headers were read."
    ),
    inbound.TOO_MANY_PARTS: gettext_lazy("The e-mail has too many parts; not all were read."),
    inbound.NESTING_TOO_DEEP: gettext_lazy("The e-mail is nested too deep; not all was read."),
    inbound.TRUNCATED: gettext_lazy("Part of the e-mail was left out."),
    inbound.UNKNOWN_CHARSET: gettext_lazy(
        "The e-mail uses an unknown character set: some letters may be wrong."
    ),
    inbound.DECODE_ERROR: gettext_lazy("Some characters could not be read."),
    inbound.HTML_ONLY: gettext_lazy("The e-mail had only HTML: the text was made from it."),
    inbound.NO_TEXT: gettext_lazy("The e-mail has no text."),
    inbound.MALFORMED_MIME: gettext_lazy("The e-mail is badly built; we read what we could."),
    inbound.MALFORMED_HEADER: gettext_lazy("A header of the e-mail could not be read."),
    inbound.HEADER_CONTROL_CHARACTERS: gettext_lazy(
        "A header held line breaks or control characters; they were removed."
    ),
    inbound.NO_FROM: gettext_lazy("The e-mail has no sender address."),
    inbound.FORGED_FROM_SUSPECTED: gettext_lazy("The sender address is probably forged."),
    ATTACHMENT_REFUSED: gettext_lazy(
        "A file was left out: it is not a PDF, ODT or DOCX document or a PNG, JPEG or WebP "
        "picture, or it is too large."
    ),
    TOO_MANY_ATTACHMENTS: gettext_lazy("The e-mail had more than 5 files; the rest were left out."),
}

# A polite answer goes to the sender for these reasons (never to a forged sender, an
# auto-reply or a bounce), at most once an hour per address, so that no mail loop starts.
_ANSWERED_REASONS = frozenset({NOT_THE_ASKER, FLOOD, REFUSED, EMPTY})

# Problems that mean something of the mail was not stored: keep the raw mail beside it.
_LOSSY = frozenset(
    {
        inbound.ATTACHMENT_TOO_LARGE,
        inbound.ATTACHMENTS_TOTAL_TOO_LARGE,
        inbound.MESSAGE_TOO_LARGE,
        inbound.TOO_MANY_PARTS,
        inbound.NESTING_TOO_DEEP,
        inbound.TRUNCATED,
        ATTACHMENT_REFUSED,
        TOO_MANY_ATTACHMENTS,
    }
)

_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
_CONTENT_LANGUAGE = re.compile(rb"^content-language:[ \t]*([a-z]{2,3})\b", re.I | re.M)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


class MailNotStored(Exception):
    """The mail could not even be kept aside (database or storage down): leave it in the
    mailbox and read it again later."""


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # NEW_QUESTION, FOLLOW_UP, KEPT_ASIDE or DUPLICATE
    question: Question | None = None  # the question it went to (or is linked to)
    message: Message | None = None  # the message added to the thread
    kept: QuarantinedMail | None = None  # the raw mail kept aside (also beside a stored one)
    reason: str = ""  # why it was kept aside (REASON_LABELS)
    problems: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.kind,
            "question_id": self.question.pk if self.question is not None else None,
            "message_id": self.message.pk if self.message is not None else None,
            "kept_aside_id": self.kept.pk if self.kept is not None else None,
            "reason": self.reason,
            "problems": list(self.problems),
        }


# --- receiving -----------------------------------------------------------------------------


def mail_receive(raw: bytes, *, source: str) -> Outcome:
    """Turn one raw RFC 5322 message into a question, a reply, or a mail kept aside.

    Never raises for anything in the mail; raises ``MailNotStored`` only when the mail could
    not be stored at all.
    """
    raw = bytes(raw)
    try:
        return _receive(raw, source)
    except Exception as error:  # never lose a mail: whatever broke, keep it aside
        logger.exception("support mail from %s could not be read normally", source)
        try:
            kept = _keep_aside(
                raw, source=source, reason=FAILED, detail=f"{type(error).__name__}: {error}"
            )
        except Exception as again:
            raise MailNotStored(str(again)) from again
        return Outcome(KEPT_ASIDE, kept=kept, reason=FAILED)


def _receive(raw: bytes, source: str) -> Outcome:
    try:
        mail = inbound.parse_message(
            raw,
            trusted_authserv_id=settings.SUPPORT_MAIL_AUTHSERV_ID,
            reply_local_part=settings.SUPPORT_MAIL_LOCAL_PART,
            reply_domains=[settings.SUPPORT_MAIL_DOMAIN],
        )
    except inbound.UnparseableMail as error:
        unread = _keep_aside(raw, source=source, reason=UNPARSEABLE, detail=error.reason)
        return Outcome(KEPT_ASIDE, kept=unread, reason=UNPARSEABLE)

    message_id = mail.message_id if mail.message_id and len(mail.message_id) <= 300 else None
    if message_id is not None:
        earlier = _message_with_id(message_id)
        if earlier is not None:
            return Outcome(DUPLICATE, question=earlier.question, message=earlier)

    language = _content_language(raw) or settings.LANGUAGE_CODE

    def aside(reason: str, question: Question | None = None, detail: str = "") -> Outcome:
        kept = _keep_aside(
            raw, source=source, reason=reason, detail=detail, mail=mail, question=question
        )
        _answer_kept_aside(mail, kept, language=language)
        return Outcome(
            KEPT_ASIDE, question=question, kept=kept, reason=reason, problems=mail.problems
        )

    if mail.from_address is None:
        return aside(NO_SENDER)
    if _is_ours(mail.from_address.address):  # answering it could start a mail loop
        return aside(OWN_ADDRESS)
    forged = mail.sender_verified is False or inbound.FORGED_FROM_SUSPECTED in mail.problems

    asked = _question_with_token(mail.reply_token)
    if asked is not None:
        target = services.thread_target(asked)
        if forged:
            return aside(FORGED_FROM, target)
        if not _may_write(mail.from_address.address, asked, target):
            return aside(NOT_THE_ASKER, target, detail=mail.from_address.address)
        if mail.auto_submitted:
            return aside(AUTO_REPLY, target)
    elif forged:
        return aside(FORGED_FROM)

    uploads, problems, notes = _attachments(mail)
    body, cut = _body(mail)
    if not body:
        return aside(EMPTY)
    if cut:
        problems.append(inbound.TRUNCATED)
        notes.append(_("The text was cut at %(n)s characters.") % {"n": len(body)})
    if inbound.MESSAGE_TOO_LARGE in problems:
        notes.append(
            _("The e-mail was too large (%(mb).1f MB): only its headers were read.")
            % {"mb": len(raw) / 1_000_000}
        )
    problems = list(dict.fromkeys(problems))
    incomplete = bool(notes) or not _LOSSY.isdisjoint(problems)

    message: Message | None
    if asked is not None:
        try:
            message = services.question_follow_up(
                question=target,
                body=body,
                from_email=mail.from_address.address,
                attachments=uploads,
                message_id=message_id,
                problems=problems,
                sender_verified=mail.sender_verified,
                channel=Channel.EMAIL,
            )
        except Conflict:
            return Outcome(DUPLICATE, question=target)
        except Invalid as refused:
            return aside(REFUSED, target, detail=str(refused))
        question = target
        kind = FOLLOW_UP
    else:
        try:
            question = services.question_ask(
                body=body,
                subject=_subject(mail.subject),
                email=mail.from_address.address,
                name=mail.from_address.name,
                language=language,
                channel=Channel.EMAIL,
                attachments=uploads,
                message_id=message_id,
                problems=problems,
                sender_verified=mail.sender_verified,
                rate_limit=True,
                send_receipt=not mail.auto_submitted,
            )
        except RateLimited:
            return aside(FLOOD)
        except Conflict:
            return Outcome(DUPLICATE)
        except Invalid as refused:
            return aside(REFUSED, detail=str(refused))
        message = question.messages.order_by("id").first()
        kind = NEW_QUESTION

    kept: QuarantinedMail | None = None
    if incomplete:
        kept = _keep_aside(
            raw,
            source=source,
            reason=PARTLY_STORED,
            detail=" ".join(notes),
            mail=mail,
            question=question,
        )
    return Outcome(
        kind,
        question=question,
        message=message,
        kept=kept,
        reason=PARTLY_STORED if kept else "",
        problems=tuple(problems),
    )


# --- the parts ------------------------------------------------------------------------------


def _is_ours(address: str) -> bool:
    """The address we send from, or the support mailbox itself (with or without a token)."""
    local, _at, domain = address.rpartition("@")
    if domain == settings.SUPPORT_MAIL_DOMAIN.lower() and (
        local.partition("+")[0] == settings.SUPPORT_MAIL_LOCAL_PART.lower()
    ):
        return True
    return address in _sender_addresses(settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL)


@lru_cache(maxsize=8)
def _sender_addresses(*senders: str) -> frozenset[str]:
    return frozenset(parseaddr(sender)[1].lower() for sender in senders)


def _question_with_token(token: str | None) -> Question | None:
    if not token:
        return None
    found = Question.objects.select_related("asker").filter(token=token.lower()).order_by()[:1]
    return next(iter(found), None)


def _message_with_id(message_id: str) -> Message | None:
    # Looked up before anything is done: most mails are new, so one indexed query, no join.
    ids = list(Message.objects.filter(message_id=message_id).order_by().values_list("pk")[:1])
    return Message.objects.select_related("question").get(pk=ids[0][0]) if ids else None


def _may_write(address: str, asked: Question, target: Question) -> bool:
    """The asker of the question (or of the question it was merged into), or a member of
    its organisation, may add to the thread by mail."""
    questions = (asked, target)
    if any(q.contact_email and q.contact_email.lower() == address for q in questions):
        return True
    organisations = {q.organisation_id for q in questions if q.organisation_id}
    return (
        bool(organisations)
        and Membership.objects.filter(
            organisation_id__in=organisations, user__email=address, user__is_active=True
        ).exists()
    )


def _attachments(
    mail: inbound.InboundMail,
) -> tuple[list[ContentFile[bytes]], list[str], list[str]]:
    """The attachments to store (checked by content), the problems, and notes for staff
    about what was left out."""
    problems = list(mail.problems)
    notes: list[str] = []
    kept: list[ContentFile[bytes]] = []
    for attachment in mail.attachments:
        if attachment.payload is None:
            notes.append(
                _("Left out %(name)s (%(mb).1f MB): too large.")
                % {"name": attachment.filename, "mb": attachment.size / 1_000_000}
            )
            continue
        upload: ContentFile[bytes] = ContentFile(attachment.payload, name=attachment.filename)
        try:
            kind = services.attachment_check(upload)
        except Invalid as refused:
            problems.append(ATTACHMENT_REFUSED)
            notes.append(
                _("Left out %(name)s: %(reason)s")
                % {"name": attachment.filename, "reason": refused}
            )
            continue
        if len(kept) >= services.MAX_ATTACHMENTS:
            problems.append(TOO_MANY_ATTACHMENTS)
            notes.append(_("Left out %(name)s: too many files.") % {"name": attachment.filename})
            continue
        upload.content_type = _CONTENT_TYPES.get(kind, attachment.content_type)  # type: ignore[attr-defined]
        kept.append(upload)
    return kept, problems, notes


def _body(mail: inbound.InboundMail) -> tuple[str, bool]:
    """The text to store and whether it was cut to fit a question. Without text, the
    subject (or a note for staff when there are files or the mail was too large)."""
    text = mail.text.strip()
    if not text:
        if mail.subject.strip():
            return mail.subject.strip(), False
        if mail.attachments:
            return _("(This e-mail has no text, only files.)"), False
        if not _LOSSY.isdisjoint(mail.problems):
            return _("(This e-mail has no text we could read. Open the original e-mail.)"), False
        return "", False
    limit = services.MAX_QUESTION_LENGTH - 100
    if len(text) > limit:
        return text[:limit].rstrip() + "\n\n[…]", True
    return text, False


def _subject(subject: str) -> str:
    subject = subject.strip()
    if len(subject) > services.MAX_SUBJECT_LENGTH:
        subject = subject[: services.MAX_SUBJECT_LENGTH - 1].rstrip() + "…"
    return subject


def _content_language(raw: bytes) -> str | None:
    """The language the sender's mail program declared (Content-Language), if we have it."""
    end = _HEADER_END.search(raw, 0, 200_000)
    match = _CONTENT_LANGUAGE.search(raw, 0, end.start() if end else 200_000)
    if match is None:
        return None
    code = match[1].decode("ascii").lower()
    return code if code in services.LANGUAGES else None


def _keep_aside(
    raw: bytes,
    *,
    source: str,
    reason: str,
    detail: str = "",
    mail: inbound.InboundMail | None = None,
    question: Question | None = None,
) -> QuarantinedMail:
    kept = QuarantinedMail(
        source=source[:20],
        reason=reason,
        detail=detail[:500],
        from_address=(mail.from_address.address if mail and mail.from_address else "")[:300],
        subject=(mail.subject if mail else "")[:300],
        question=question,
    )
    name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}.eml"
    kept.raw.save(name, ContentFile(raw), save=False)
    kept.save()
    return kept


def _answer_kept_aside(mail: inbound.InboundMail, kept: QuarantinedMail, *, language: str) -> None:
    """Tell a real person, politely, that a person will look at their mail."""
    if (
        kept.reason not in _ANSWERED_REASONS
        or mail.from_address is None
        or mail.auto_submitted
        or mail.sender_verified is False
        or inbound.FORGED_FROM_SUSPECTED in mail.problems
    ):
        return
    address = mail.from_address.address
    recent = QuarantinedMail.objects.filter(
        from_address=address,
        reason__in=_ANSWERED_REASONS,
        received_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    if recent > 1:  # this one included: answered already within the hour
        return
    headers = {"Auto-Submitted": "auto-replied"}
    if mail.message_id:
        headers["In-Reply-To"] = mail.message_id
        headers["References"] = mail.message_id
    try:
        send_templated_mail(
            to=address,
            template="support/mail/kept_aside",
            context={"reason": kept.reason, "subject": mail.subject},
            language=language,
            headers=headers,
        )
    except Exception:  # the mail is stored; a failing answer must not undo that
        logger.exception("could not answer a support mail that was kept aside")


# --- staff decide about a mail kept aside ----------------------------------------------------


def _staff_check(by: Any, kept: QuarantinedMail) -> None:
    decision = rules.check("support.handle", by, kept.question)
    if not decision:
        raise Forbidden(decision.reason or None)
    if kept.handled_at is not None:
        raise Conflict(_("This e-mail was already handled."))


def kept_mail_release(
    *,
    kept: QuarantinedMail,
    by: Any,
    into: Question | None = None,
    new_question: bool = False,
) -> Outcome:
    """Staff looked at a mail kept aside and add it after all: to the thread of ``into`` (or
    of the question it is linked to, for a stranger's or a forged reply), else, or with
    ``new_question``, as a new question. No sender or flood checks: a person decided. The
    mail is then handled; the row is locked, so a double click adds it once."""
    with transaction.atomic():
        locked = QuarantinedMail.objects.select_for_update().get(pk=kept.pk)
        outcome = _release(locked, by, None if new_question else (into or locked.question))
    kept.refresh_from_db()
    return outcome


def _release(kept: QuarantinedMail, by: Any, thread: Question | None) -> Outcome:
    _staff_check(by, kept)
    if kept.reason == PARTLY_STORED:
        raise Conflict(_("This e-mail was already added. Mark it as handled."))
    with kept.raw.open("rb") as handle:
        raw = handle.read()
    try:
        mail = inbound.parse_message(
            raw,
            trusted_authserv_id=settings.SUPPORT_MAIL_AUTHSERV_ID,
            reply_local_part=settings.SUPPORT_MAIL_LOCAL_PART,
            reply_domains=[settings.SUPPORT_MAIL_DOMAIN],
        )
    except inbound.UnparseableMail:
        raise Invalid(
            _("This e-mail cannot be read, so it cannot be added. Open the original instead.")
        ) from None
    uploads, problems, notes = _attachments(mail)
    body, cut = _body(mail)
    if not body:
        raise Invalid(_("This e-mail has no text to add."))
    if cut:
        problems.append(inbound.TRUNCATED)
    problems = list(dict.fromkeys(problems))
    message_id = mail.message_id if mail.message_id and len(mail.message_id) <= 300 else None
    sender = mail.from_address.address if mail.from_address else ""
    message: Message | None
    if thread is not None:
        question = services.thread_target(thread)
        message = services.question_follow_up(
            question=question,
            body=body,
            from_email=sender,
            attachments=uploads,
            message_id=message_id,
            problems=problems,
            sender_verified=mail.sender_verified,
            channel=Channel.EMAIL,
        )
        kind = FOLLOW_UP
    else:
        if not sender:
            raise Invalid(_("This e-mail has no sender address, so no one can be answered."))
        forged = mail.sender_verified is False or inbound.FORGED_FROM_SUSPECTED in mail.problems
        question = services.question_ask(
            body=body,
            subject=_subject(mail.subject),
            email=sender,
            name=mail.from_address.name if mail.from_address else "",
            language=_content_language(raw) or settings.LANGUAGE_CODE,
            channel=Channel.EMAIL,
            attachments=uploads,
            message_id=message_id,
            problems=problems,
            sender_verified=mail.sender_verified,
            rate_limit=False,
            send_receipt=not (mail.auto_submitted or forged or _is_ours(sender)),
        )
        message = question.messages.order_by("id").first()
        kind = NEW_QUESTION
    if notes:
        services.question_note(question=question, by=by, body="\n".join(notes))
    kept.handled_at = timezone.now()
    kept.handled_by = by
    kept.question = question
    kept.save(update_fields=["handled_at", "handled_by", "question"])
    return Outcome(kind, question=question, message=message, kept=kept, problems=tuple(problems))


def kept_mail_dismiss(*, kept: QuarantinedMail, by: Any) -> QuarantinedMail:
    """Staff looked at a mail kept aside and need do nothing more with it (spam, a bounce,
    already answered). The original stays, for the record."""
    with transaction.atomic():
        locked = QuarantinedMail.objects.select_for_update().get(pk=kept.pk)
        _staff_check(by, locked)
        locked.handled_at = timezone.now()
        locked.handled_by = by
        locked.save(update_fields=["handled_at", "handled_by"])
    return locked
