"""``manage.py send_digests``: the daily e-mail digest of notifications.

Cron runs it every day at 07:00 (``0 7 * * *``). It is safe to run again: a
person gets at most one digest a day (20 hours apart), none when they switched
it off at /mijn/meldingen/, and none when nothing is new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from middenveld.city.services import digests_send


class Command(BaseCommand):
    help = (
        "Send the daily e-mail digest of new notifications. Cron runs it daily at 07:00. "
        "Running it twice on a day sends nothing more; people who switched the digest off, "
        "or have nothing new, get nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send()
        self.stdout.write(f"{sent} digest(s) sent.")
