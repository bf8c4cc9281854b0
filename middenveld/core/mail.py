"""E-mail: rendered in the recipient's language, sent as a background task."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from middenveld.core.tasks import task

#: (file name, content, MIME type) of a file sent with a mail.
MailAttachment = tuple[str, bytes, str]


@task()
def send_mail_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[list[str]] | None = None,
) -> int:
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, reply_to=reply_to or None, headers=headers or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or ():
        message.attach(name, base64.b64decode(content), mimetype)
    return message.send()


def send_templated_mail(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[MailAttachment] = (),
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and enqueue the mail.

    ``headers`` are extra mail headers (Message-ID, In-Reply-To, References);
    ``attachments`` go through the task queue as base64, so keep them small
    (an .ics, a PDF receipt).
    """
    lang = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(lang):
        full = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        body = render_to_string(f"{template}.txt", full)
    send_mail_task.enqueue(
        to=[to],
        subject=subject,
        body=body,
        reply_to=list(reply_to),
        headers=dict(headers or {}),
        attachments=[
            [name, base64.b64encode(content).decode("ascii"), mimetype]
            for name, content, mimetype in attachments
        ],
    )
