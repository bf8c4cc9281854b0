"""Asking the city a question.

For now a question is delivered by e-mail to the trajectory's mailbox (the
contact details in the back office), with a receipt to the person who asked.
The support desk (tickets, routing, response times) builds on this service.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from middenveld.core.errors import Invalid
from middenveld.core.mail import send_templated_mail
from middenveld.trajectory.selectors import contact_get

MAX_QUESTION_LENGTH = 5000


def question_submit(
    *, email: str, question: str, name: str = "", language: str | None = None
) -> None:
    contact = contact_get()
    if contact is None:
        raise Invalid(
            _("Asking questions online is not possible yet. Please call or send an e-mail.")
        )
    text = question.strip()
    if not text:
        raise Invalid(_("Write your question."))
    if len(text) > MAX_QUESTION_LENGTH:
        raise Invalid(_("Your question is too long. Keep it under 5,000 characters."))
    lang = language or get_language() or settings.LANGUAGE_CODE
    context = {"name": name.strip(), "email": email, "question": text, "language": lang}
    send_templated_mail(
        to=contact.email, template="support/mail/question", context=context, language="nl"
    )
    send_templated_mail(to=email, template="support/mail/receipt", context=context, language=lang)
