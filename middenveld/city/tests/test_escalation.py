"""escalate_questions: questions past their response time go to the team lead, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from middenveld.city.models import Notification
from middenveld.city.tests.conftest import make_question

pytestmark = pytest.mark.django_db


def test_late_questions_escalate_to_the_team_lead_once(teams, capsys):
    late = make_question(team=teams.a, due=timezone.now() - timedelta(hours=1), subject="Too late")
    make_question(team=teams.a, due=timezone.now() + timedelta(days=1), subject="In time")
    make_question(team=teams.b, due=timezone.now() - timedelta(hours=1), status="closed")

    call_command("escalate_questions")
    call_command("escalate_questions")

    out = capsys.readouterr().out
    assert "1 question(s) escalated." in out
    assert "0 question(s) escalated." in out
    late.refresh_from_db()
    assert late.escalated_at is not None
    sent = Notification.objects.filter(kind="support.escalated")
    assert [n.recipient for n in sent] == [teams.lead_a]
    assert "Too late" in sent[0].text


def test_the_command_help_says_how_often_cron_runs_it():
    from middenveld.city.management.commands import escalate_questions, send_digests

    assert "every 15 minutes" in escalate_questions.Command.help
    assert "daily at 07:00" in send_digests.Command.help
