"""``manage.py funding_reminders``: remind organisations of the reports they owe.

Cron runs it daily (``0 8 * * *``). A report not yet filed gets one reminder 14 days
before it is due (``--days``) and one more once it is overdue; the day of the last one
is kept in ``ReportObligation.reminded_on``, so running it again sends nothing more
(``services.reports.reminders_send``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from middenveld.funding.services.reports import REMIND_DAYS, reminders_send


class Command(BaseCommand):
    help = (
        "Mail the members of each organisation a reminder of a report that is due within "
        "the number of days given (14 by default), and once more when it is overdue. Each "
        "reminder is sent once; running the command again is harmless."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=REMIND_DAYS)
        parser.add_argument("--today", default="", help="YYYY-MM-DD (for a test run).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if not 0 <= days <= 365:
            raise CommandError("--days must be between 0 and 365.")
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be YYYY-MM-DD.") from error
        sent = reminders_send(today=today, days=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
