"""E-mail: rendered in the recipient's language, sent as a background task."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from middenveld.core.tasks import task


@task()
def send_mail_task(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def send_templated_mail(
    *, to: str, template: str, context: dict[str, Any], language: str | None = None
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` and enqueue the mail."""
    lang = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(lang):
        full = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        body = render_to_string(f"{template}.txt", full)
    send_mail_task.enqueue(to=[to], subject=subject, body=body)
