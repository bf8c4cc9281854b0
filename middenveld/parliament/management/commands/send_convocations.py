"""``manage.py send_convocations``: send the convocations of sessions that are due.

Cron runs it daily (``0 7 * * *``). A planned session gets its convocation (the agenda and
an ``.ics``) the body's number of days before it starts (``Body.convocation_days``), to
every delegate and substitute of a current mandate. It is safe to run again: a session is
convened once (``Session.convocation_sent_at``, checked under a row lock), so a second run,
or a run after the secretary sent it by hand, sends nothing.

It then sends the reminders: the body's number of days before a convened session
(``Body.reminder_days``; 0 sends none), the delegates and substitutes of every seat whose
organisation has not yet said who comes get one mail. A session is reminded once
(``Session.reminder_sent_at``, under a row lock), never within 12 hours of its convocation.

The platform sends these itself: ``services.session_convene(by=None)`` and
``services.session_remind(by=None)`` skip the ``parliament.run_session`` check that applies
to a person, and log the change without a name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from middenveld.core.errors import Conflict
from middenveld.parliament import services


class Command(BaseCommand):
    help = (
        "Send the convocation (agenda and .ics) of every planned session whose convocation is "
        "due (the body's number of days before) to its delegates and substitutes. Cron runs it "
        "daily; each session is convened once, so running it again is harmless. Then remind "
        "the seats that have not said who comes, once per session, the body's number of "
        "reminder days before."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = mails = 0
        for session in services.sessions_to_convene():
            try:
                sent = services.session_convene(session=session, by=None)
            except Conflict as error:
                # Convened meanwhile (another run, the secretary) or without an agenda yet.
                self.stderr.write(f"{session.pk} {session.title}: {error.message}")
                continue
            sessions += 1
            mails += sent
        self.stdout.write(f"{sessions} session(s) convened, {mails} mail(s) sent.")
        reminded = reminders = 0
        for session in services.sessions_to_remind():
            try:
                sent = services.session_remind(session=session, by=None)
            except Conflict as error:
                self.stderr.write(f"{session.pk} {session.title}: {error.message}")
                continue
            reminded += 1
            reminders += sent
        self.stdout.write(f"{reminded} session(s) reminded, {reminders} reminder(s) sent.")
