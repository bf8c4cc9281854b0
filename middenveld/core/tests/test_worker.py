from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_there_is_no_worker_when_tasks_run_immediately(settings):
    settings.TASK_BACKEND = "immediate"
    with pytest.raises(CommandError, match="immediate"):
        call_command("run_worker")


@pytest.mark.parametrize(("backend", "command"), [("database", "db_worker"), ("rq", "rqworker")])
def test_the_worker_matches_the_task_backend(settings, backend, command):
    settings.TASK_BACKEND = backend
    with mock.patch("middenveld.core.management.commands.run_worker.call_command") as call:
        call_command("run_worker")
    assert call.call_args.args[0] == command


@pytest.mark.django_db
def test_mail_goes_through_the_task_interface_and_django_mail_backend():
    from django.core import mail

    from middenveld.core.mail import send_mail_task

    send_mail_task.enqueue(
        to=["a@example.org"], subject="Onderwerp", body="Tekst", html="<p>Tekst</p>"
    )
    assert mail.outbox[0].subject == "Onderwerp"
    assert mail.outbox[0].alternatives[0][1] == "text/html"
