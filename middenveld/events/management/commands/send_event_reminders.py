"""``manage.py send_event_reminders [--hours N]``: remind people of the events they go to.

Run it every quarter of an hour or so from cron (``*/15 * * * *``). Everyone with a place
at an event that starts within ``--hours`` (default: the ``EVENT_REMINDER_HOURS`` setting,
24) gets one e-mail in their language with the .ics attached. It is safe to run again:
each registration is reminded once (``reminded_at``), also when two runs overlap.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.events.services import reminder_hours, reminders_send


class Command(BaseCommand):
    help = (
        "Send a reminder e-mail (with the .ics) to everyone registered for an event that "
        "starts within the next hours. Each registration is reminded once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            metavar="N",
            help="Remind of events starting within N hours (default: EVENT_REMINDER_HOURS, 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"] if options["hours"] is not None else reminder_hours()
        if hours < 1 or hours > 24 * 14:
            raise CommandError("--hours must be between 1 and 336.")
        sent = reminders_send(hours=hours)
        self.stdout.write(f"{sent} reminder(s) sent.")
