"""The support desk: asking, routing, answering, merging and closing questions.

Every channel ends here: the question form (``/vragen/``), the API, the mail
reader (``mailbox.py``) and the phone log in the back office. Services take
keyword arguments, never a request, and raise ``DomainError`` subclasses.

Mail threading: every mail about a question carries its token (see
``inbound.py``), so replies by mail come back to the same thread.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from middenveld.core import rules
from middenveld.core.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from middenveld.core.mail import MailAttachment, send_templated_mail
from middenveld.core.uploads import document_check, image_check, upload_too_large
from middenveld.organisations.models import Organisation
from middenveld.organisations.text import text_tidy
from middenveld.organisations.timeline import timeline_record
from middenveld.support import inbound
from middenveld.support.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    Message,
    MessageKind,
    Question,
    QuestionStatus,
    Topic,
)
from middenveld.support.routing import due_dates, route_for

MAX_QUESTION_LENGTH = 20_000
MAX_SUBJECT_LENGTH = 200
MAX_ATTACHMENTS = 5
LANGUAGES = {code for code, _name in settings.LANGUAGES}

__all__ = [
    "MAX_QUESTION_LENGTH",
    "attachment_check",
    "question_ask",
    "question_assign",
    "question_close",
    "question_follow_up",
    "question_get",
    "question_merge",
    "question_note",
    "question_reopen",
    "question_reply",
    "questions_escalate",
]


# --- checks ----------------------------------------------------------------------


def _require(user: Any, rule: str, obj: Any = None) -> None:
    decision = rules.check(rule, user, obj)
    if not decision:
        raise Forbidden(decision.reason or None)


def _text(value: str, *, field: str, empty: Any, limit: int, too_long: Any) -> str:
    text = text_tidy(value or "", multiline=True)
    if not text:
        raise Invalid(empty, fields={field: [empty]})
    if len(text) > limit:
        raise Invalid(too_long, fields={field: [too_long]})
    return text


def _body(value: str) -> str:
    return _text(
        value,
        field="body",
        empty=_("Write your question."),
        limit=MAX_QUESTION_LENGTH,
        too_long=_("Your text is too long. Keep it under 20,000 characters."),
    )


def _subject_from(subject: str, body: str) -> str:
    subject = text_tidy(subject or "")
    if not subject:
        first_line = body.strip().splitlines()[0] if body.strip() else ""
        subject = text_tidy(first_line)
        if len(subject) > 80:
            subject = subject[:79].rstrip() + "…"
    if len(subject) > MAX_SUBJECT_LENGTH:
        message = _("The subject is too long. Keep it under 200 characters.")
        raise Invalid(message, fields={"subject": [message]})
    return subject


def attachment_check(upload: Any) -> str:
    """A PDF, ODT, DOCX, PNG, JPEG or WebP file, checked by its content; returns the kind."""
    head = upload.read(12)
    upload.seek(0)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff")) or head[8:12] == b"WEBP":
        return image_check(upload, field="attachments")
    try:
        return document_check(upload, field="attachments")
    except Invalid as refused:
        if upload_too_large(upload):
            raise
        message = _(
            "This file cannot be added. Send a PDF, ODT or DOCX document or a PNG, "
            "JPEG or WebP picture."
        )
        raise Invalid(message, fields={"attachments": [message]}) from refused


def _check_uploads(uploads: Sequence[Any]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        message = _("You can add at most 5 files.")
        raise Invalid(message, fields={"attachments": [message]})
    for upload in uploads:
        attachment_check(upload)


def _rate_check(*, user: Any, email: str) -> None:
    """A flood from one person or address is refused; counted in the database."""
    since = timezone.now() - timedelta(hours=1)
    who = Q(asker_email=email) if email else Q(pk__in=[])
    if user is not None and getattr(user, "is_authenticated", False):
        who |= Q(asker_id=user.pk)
    if Question.objects.filter(who, created_at__gte=since).count() >= (
        settings.SUPPORT_QUESTIONS_PER_HOUR
    ):
        raise RateLimited(
            _(
                "You have asked many questions in a short time. Wait an hour and try again, "
                "or call us."
            )
        )


def _new_token() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _i in range(20))


def _language(value: str | None) -> str:
    code = (value or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def _store_attachments(message: Message, uploads: Sequence[Any]) -> None:
    for upload in uploads:
        upload.seek(0)
        name = inbound.safe_filename(getattr(upload, "name", "") or "bijlage")
        content_type = getattr(upload, "content_type", "") or "application/octet-stream"
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=content_type[:100],
            size=getattr(upload, "size", 0) or 0,
        )
        attachment.file.save(f"{secrets.token_hex(8)}-{name}", upload, save=False)
        attachment.save()


# --- asking ----------------------------------------------------------------------


def question_ask(
    *,
    body: str,
    subject: str = "",
    user: Any = None,
    email: str = "",
    name: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    topic: Topic | None = None,
    district: Any = None,
    language: str | None = None,
    channel: str = Channel.WEB,
    attachments: Sequence[Any] = (),
    logged_by: Any = None,
    message_id: str | None = None,
    problems: Sequence[str] = (),
    sender_verified: bool | None = None,
    received_at: Any = None,
    rate_limit: bool = True,
    send_receipt: bool = True,
) -> Question:
    """Make a question, route it, set its due dates, and send a receipt.

    ``user`` is the signed-in asker; without one, ``email`` (or for a phone
    call, ``phone``) is needed to answer. ``organisation`` must be one of the
    asker's. ``logged_by`` is the staff member who logs a phone call.
    """
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    text = _body(body)
    subject = _subject_from(subject, text)
    email = (email or "").strip().lower()
    if signed_in:
        email = email or user.email
    if not email and not (channel == Channel.PHONE and phone.strip()):
        message = _("Give your e-mail address, so that we can answer you.")
        raise Invalid(message, fields={"email": [message]})
    if len(email) > 254:
        message = _("This e-mail address is too long.")
        raise Invalid(message, fields={"email": [message]})
    if (
        organisation is not None
        and logged_by is None
        and not (signed_in and rules.check("organisations.leave", user, organisation))
    ):
        message = _("You can only ask a question for an organisation you are a member of.")
        raise Invalid(message, fields={"organisation": [message]})
    if topic is not None and not topic.active:
        topic = None
    _check_uploads(attachments)
    if rate_limit:
        _rate_check(user=user if signed_in else None, email=email)

    now = received_at or timezone.now()
    first_due, resolution_due = due_dates(topic, now)
    question = Question(
        token=_new_token(),
        subject=subject,
        language=_language(language),
        channel=channel,
        asker=user if signed_in else None,
        asker_email=email,
        asker_name=text_tidy(name)[:150],
        asker_phone=text_tidy(phone)[:30],
        organisation=organisation,
        topic=topic,
        district=district or (_district_of(organisation)),
        created_at=now,
        updated_at=now,
        first_answer_due=first_due,
        resolution_due=resolution_due,
        due_at=first_due,
    )
    question._first_text = text  # type: ignore[attr-defined]  # read by routing
    route = route_for(question)
    question.team, question.assignee, question.routed_by = route.team, route.assignee, route.reason
    try:
        with transaction.atomic():
            question.save()
            first = Message.objects.create(
                question=question,
                kind=MessageKind.PHONE if channel == Channel.PHONE else MessageKind.QUESTION,
                author=logged_by if logged_by is not None else (user if signed_in else None),
                from_email=email,
                body=text,
                channel=channel,
                created_at=now,
                message_id=message_id or None,
                problems=list(problems),
                sender_verified=sender_verified,
            )
            _store_attachments(first, attachments)
            if organisation is not None:
                timeline_record(
                    organisation=organisation,
                    kind="support.question_asked",
                    actor=user if signed_in else logged_by,
                    subject=question,
                    data={"subject": subject, "channel": channel},
                )
    except IntegrityError:
        # Only a duplicate Message-ID can get here: the same mail read twice.
        raise Conflict(_("This message was already received.")) from None
    _notify_routed(question)
    if send_receipt and email:
        # An automatic answer: autoresponders must not answer it back (RFC 3834).
        _mail_asker(
            question,
            "support/mail/receipt",
            {"body": text},
            extra_headers={"Auto-Submitted": "auto-replied"},
        )
    return question


def _district_of(organisation: Organisation | None) -> Any:
    if organisation is None:
        return None
    return organisation.districts.order_by("name").first()


# --- reading ---------------------------------------------------------------------


def question_get(*, pk: int, user: Any) -> Question:
    """A question ``user`` may see; otherwise NotFound (never a hint that it exists)."""
    question = (
        Question.objects.select_related("topic", "team", "assignee", "organisation", "asker")
        .filter(pk=pk)
        .first()
    )
    if question is None or not rules.check("support.view_question", user, question):
        raise NotFound(_("This question was not found."))
    return question


# --- the asker adds to the thread ------------------------------------------------------


def question_follow_up(
    *,
    question: Question,
    body: str,
    user: Any = None,
    from_email: str = "",
    attachments: Sequence[Any] = (),
    message_id: str | None = None,
    problems: Sequence[str] = (),
    sender_verified: bool | None = None,
    channel: str = Channel.WEB,
) -> Message:
    """The asker (signed in, or by mail from the asker's address) adds a message.

    A closed question opens again: the asker still needs us.
    """
    if user is not None:
        _require(user, "support.view_question", question)
        if question.status == QuestionStatus.MERGED:
            raise Invalid(_("This question was merged with another one. Answer in that one."))
    text = _body(body)
    _check_uploads(attachments)
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = Question.objects.select_for_update().get(pk=question.pk)
            message = Message.objects.create(
                question=locked,
                kind=MessageKind.QUESTION,
                author=user,
                from_email=from_email or (user.email if user is not None else ""),
                body=text,
                channel=channel,
                message_id=message_id or None,
                problems=list(problems),
                sender_verified=sender_verified,
            )
            _store_attachments(message, attachments)
            if locked.status in (QuestionStatus.WAITING, QuestionStatus.CLOSED):
                locked.status = QuestionStatus.OPEN
                locked.closed_at = None
                if locked.resolution_due is None or locked.resolution_due < now:
                    locked.resolution_due = due_dates(locked.topic, now)[1]
                    locked.escalated_at = None
            locked.due_at = (
                locked.first_answer_due
                if locked.first_answered_at is None
                else locked.resolution_due
            )
            locked.updated_at = now
            locked.save(
                update_fields=[
                    "status",
                    "closed_at",
                    "resolution_due",
                    "escalated_at",
                    "due_at",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise Conflict(_("This message was already received.")) from None
    question.refresh_from_db()
    _notify_handlers(
        question, _("New message from the asker of question %(ref)s: %(subject)s"), kind="reply"
    )
    return message


# --- staff -------------------------------------------------------------------------------


def question_assign(
    *, question: Question, by: Any, team: Any = None, assignee: Any = None
) -> Question:
    _require(by, "support.handle", question)
    if assignee is not None and not getattr(assignee, "is_city_staff", False):
        raise Invalid(_("A question can only be given to a city employee."))
    question.team = team if team is not None else question.team
    question.assignee = assignee
    question.routed_by = str(_("by hand by %(name)s") % {"name": by.get_full_name()})
    if question.status == QuestionStatus.NEW:
        question.status = QuestionStatus.OPEN
    question.updated_at = timezone.now()
    question.save(update_fields=["team", "assignee", "routed_by", "status", "updated_at"])
    if assignee is not None and assignee.pk != by.pk:
        _notify(
            assignee,
            _("You were given question %(ref)s: %(subject)s"),
            question,
            kind="assigned",
        )
    return question


def question_reply(
    *, question: Question, by: Any, body: str, attachments: Sequence[Any] = ()
) -> Message:
    """Answer the asker: the answer goes out by mail in the thread and shows in their portal."""
    _require(by, "support.handle", question)
    if question.status == QuestionStatus.MERGED:
        raise Invalid(_("This question was merged with another one. Answer in that one."))
    text = _text(
        body,
        field="body",
        empty=_("Write your answer."),
        limit=MAX_QUESTION_LENGTH,
        too_long=_("Your text is too long. Keep it under 20,000 characters."),
    )
    _check_uploads(attachments)
    now = timezone.now()
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        message = Message.objects.create(
            question=locked,
            kind=MessageKind.REPLY,
            author=by,
            body=text,
            channel=Channel.EMAIL if locked.contact_email else Channel.WEB,
            created_at=now,
            message_id=inbound.message_id_for(locked.token, settings.SUPPORT_MAIL_DOMAIN),
        )
        _store_attachments(message, attachments)
        first = locked.first_answered_at is None
        locked.first_answered_at = locked.first_answered_at or now
        locked.status = QuestionStatus.WAITING
        locked.assignee = locked.assignee or by
        locked.due_at = locked.resolution_due
        locked.updated_at = now
        locked.save(
            update_fields=["first_answered_at", "status", "assignee", "due_at", "updated_at"]
        )
        if locked.organisation is not None and first:
            timeline_record(
                organisation=locked.organisation,
                kind="support.question_answered",
                actor=by,
                subject=locked,
                data={"subject": locked.subject},
            )
    question.refresh_from_db()
    if question.contact_email:
        files: list[MailAttachment] = []
        for attachment in message.attachments.all():
            with attachment.file.open("rb") as handle:
                files.append((attachment.filename, handle.read(), attachment.content_type))
        _mail_asker(
            question,
            "support/mail/reply",
            {"body": text, "author": by.get_short_name()},
            message_id=message.message_id,
            attachments=files,
        )
    return message


def question_note(*, question: Question, by: Any, body: str) -> Message:
    """An internal note: only staff ever see it."""
    _require(by, "support.handle", question)
    text = _text(
        body,
        field="body",
        empty=_("Write your note."),
        limit=MAX_QUESTION_LENGTH,
        too_long=_("Your text is too long. Keep it under 20,000 characters."),
    )
    return Message.objects.create(question=question, kind=MessageKind.NOTE, author=by, body=text)


def question_close(*, question: Question, by: Any) -> Question:
    _require(by, "support.handle", question)
    if not question.is_open:
        raise Conflict(_("This question is already closed."))
    now = timezone.now()
    with transaction.atomic():
        question.status = QuestionStatus.CLOSED
        question.closed_at = now
        question.updated_at = now
        question.save(update_fields=["status", "closed_at", "updated_at"])
        if question.organisation is not None:
            timeline_record(
                organisation=question.organisation,
                kind="support.question_closed",
                actor=by,
                subject=question,
                data={"subject": question.subject},
            )
    return question


def question_reopen(*, question: Question, by: Any) -> Question:
    _require(by, "support.handle", question)
    if question.status != QuestionStatus.CLOSED:
        raise Conflict(_("Only a closed question can be opened again."))
    question.status = QuestionStatus.OPEN
    question.closed_at = None
    question.updated_at = timezone.now()
    question.save(update_fields=["status", "closed_at", "updated_at"])
    return question


def question_merge(*, question: Question, into: Question, by: Any) -> Question:
    """``question`` is a duplicate of ``into``: it closes, its thread shows under ``into``.

    Later mail to the duplicate's token lands in ``into``.
    """
    _require(by, "support.handle", question)
    if question.pk == into.pk:
        raise Invalid(_("A question cannot be merged with itself."))
    if into.status == QuestionStatus.MERGED:
        raise Invalid(_("That question was itself merged. Choose the question it was merged into."))
    if question.status == QuestionStatus.MERGED:
        raise Conflict(_("This question was already merged."))
    now = timezone.now()
    with transaction.atomic():
        Question.objects.filter(merged_into=question).update(merged_into=into)
        question.status = QuestionStatus.MERGED
        question.merged_into = into
        question.closed_at = question.closed_at or now
        question.updated_at = now
        question.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
        Message.objects.create(
            question=into,
            kind=MessageKind.NOTE,
            author=by,
            body=str(
                _("Question %(ref)s (%(subject)s) was merged into this one.")
                % {"ref": question.reference, "subject": question.subject}
            ),
        )
    return question


def thread_target(question: Question) -> Question:
    """Follow merges to the question that lives on (at most a few steps)."""
    seen = set()
    while question.merged_into_id and question.pk not in seen:
        seen.add(question.pk)
        question = Question.objects.select_related("merged_into").get(pk=question.merged_into_id)
    return question


# --- response times ----------------------------------------------------------------------


def questions_escalate(*, now: Any = None) -> int:
    """Tell team leads about open questions whose target has passed. Each question once."""
    now = now or timezone.now()
    late = (
        Question.objects.filter(status__in=OPEN_STATUSES, escalated_at__isnull=True)
        .filter(
            Q(first_answered_at__isnull=True, first_answer_due__lt=now) | Q(resolution_due__lt=now)
        )
        .select_related("team")
        .order_by("id")
    )
    count = 0
    for question in late.iterator(chunk_size=500):
        with transaction.atomic():
            updated = Question.objects.filter(pk=question.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not updated:
                continue
            leads = _team_leads(question)
            for lead in leads:
                _notify(
                    lead,
                    _("Question %(ref)s passed its response time: %(subject)s"),
                    question,
                    kind="escalated",
                )
        count += 1
    return count


def _team_leads(question: Question) -> list[Any]:
    from middenveld.city.models import TeamMember

    if question.team_id is None:
        return []
    return [
        m.user
        for m in TeamMember.objects.filter(team_id=question.team_id, is_lead=True).select_related(
            "user"
        )
        if m.user.is_active
    ]


# --- telling people ----------------------------------------------------------------------


def _admin_url(question: Question) -> str:
    return reverse("beheer:support_question_change", args=[question.pk])


def _notify(user: Any, sentence: Any, question: Question, *, kind: str) -> None:
    from middenveld.city.services import notify

    notify(
        recipient=user,
        kind=f"support.{kind}",
        sentence=sentence,
        data={"ref": question.reference, "subject": question.subject},
        url=_admin_url(question),
    )


def _notify_routed(question: Question) -> None:
    if question.assignee_id:
        _notify(question.assignee, _("New question for you: %(subject)s"), question, kind="routed")


def _notify_handlers(question: Question, sentence: Any, *, kind: str) -> None:
    if question.assignee_id:
        _notify(question.assignee, sentence, question, kind=kind)


def _mail_asker(
    question: Question,
    template: str,
    context: dict[str, Any],
    *,
    message_id: str | None = None,
    attachments: Sequence[MailAttachment] = (),
    extra_headers: dict[str, str] | None = None,
) -> None:
    domain = settings.SUPPORT_MAIL_DOMAIN
    previous = [
        mid
        for mid in question.messages.exclude(message_id=None)
        .exclude(message_id=message_id)
        .order_by("-created_at")
        .values_list("message_id", flat=True)[: inbound.MAX_REFERENCES - 1]
        if mid
    ]
    headers = {"Message-ID": message_id or inbound.message_id_for(question.token, domain)}
    if previous:
        headers["In-Reply-To"] = previous[0]
        headers["References"] = " ".join(reversed(previous))
    headers.update(extra_headers or {})
    with translation.override(question.language):
        portal = (
            settings.SITE_URL + reverse("support:question", args=[question.pk])
            if question.asker_id or question.organisation_id
            else ""
        )
    send_templated_mail(
        to=question.contact_email,
        template=template,
        context={
            "question": question,
            "tag": inbound.subject_tag(question.token),
            "portal_url": portal,
            **context,
        },
        language=question.language,
        reply_to=[
            inbound.reply_address_for(
                question.token, domain, local_part=settings.SUPPORT_MAIL_LOCAL_PART
            )
        ],
        headers=headers,
        attachments=attachments,
    )
