"""``manage.py escalate_questions``: tell team leads about questions past their response time.

Cron runs it every 15 minutes (``*/15 * * * *``). Each question is escalated
once (``Question.escalated_at``), so running it again tells nobody twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from middenveld.support.services import questions_escalate


class Command(BaseCommand):
    help = (
        "Escalate open questions that passed their response time to their team's leads "
        "(a notification each). Cron runs it every 15 minutes; each question is escalated once, "
        "so running it again is harmless."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = questions_escalate()
        self.stdout.write(f"{count} question(s) escalated.")
