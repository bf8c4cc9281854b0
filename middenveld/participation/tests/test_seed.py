"""Demo participation (seed.py): the 2027 process runs, the 2021 round is there with its
dates, a comment is hidden and one waits in the inbox, and a second run adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from middenveld.accounts.seed import seed_accounts
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.organisations.models import TimelineEvent
from middenveld.organisations.seed import seed_organisations
from middenveld.participation import seed, services
from middenveld.participation.models import Comment, CommentReport, Phase, Process, Proposal
from middenveld.trajectory.seed import seed_trajectory

pytestmark = pytest.mark.django_db

MODELS = (Process, Phase, Proposal, Comment, CommentReport, TimelineEvent)


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = SeedContext(scale=1, write=lambda text: None)
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_trajectory(ctx)
        seed_organisations(ctx)
        seed.seed_participation(ctx)
        yield ctx
        transaction.set_rollback(True)


def test_the_demo_process_takes_proposals_now_and_belongs_to_basic_work(seeded):
    process = Process.objects.get(slug="prioriteiten-basiswerk-2027")
    assert process.title_nl == "Prioriteiten basiswerk 2027"
    assert process.workstream.number == 1
    assert process.published
    assert services.proposals_phase(process) is not None
    assert process.phases.count() == 4
    assert process.proposals.filter(organisation__slug="huiswerkklas-de-brug").exists()
    assert process.proposals.filter(organisation__slug="vrouwenvereniging-de-zonnebloem").exists()
    assert TimelineEvent.objects.filter(kind="participation.proposal_submitted").exists()


def test_the_demo_has_a_hidden_comment_a_reply_and_a_report_waiting(seeded):
    process = Process.objects.get(slug="prioriteiten-basiswerk-2027")
    hidden = Comment.objects.get(process=process, hidden_at__isnull=False)
    assert hidden.hidden_reason and hidden.moderator_note
    assert Comment.objects.filter(process=process, parent__isnull=False).exists()
    assert CommentReport.objects.filter(handled_at__isnull=True, comment__process=process).exists()


def test_the_2021_round_has_the_consultation_days_and_the_webinar(seeded):
    process = Process.objects.get(slug="prioriteiten-basiswerk-2022")
    days = {(p.starts_on, p.ends_on) for p in process.phases.all()}
    assert (date(2021, 5, 7), date(2021, 5, 8)) in days
    assert (date(2021, 6, 26), date(2021, 6, 26)) in days
    assert "750.000" in process.description_nl


def test_generated_processes_scale_and_a_second_run_adds_nothing(seeded):
    assert (
        Process.objects.filter(slug__startswith="demo-inspraak-").count()
        == seed.PROCESSES_PER_SCALE
    )
    before = _counts()
    seed.seed_participation(SeedContext(scale=1, write=lambda text: None))
    assert _counts() == before
