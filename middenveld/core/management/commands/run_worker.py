from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background worker for the configured TASK_BACKEND (database or rq)."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASK_BACKEND
        if backend == "database":
            call_command("db_worker", queue_name="default")
        elif backend == "rq":
            call_command("rqworker", "default", with_scheduler=True)
        else:
            raise CommandError(
                "TASK_BACKEND is 'immediate': tasks run inside each request, so there is no worker to run. "
                "Set TASK_BACKEND=database (or rq with REDIS_URL) to use a worker."
            )
