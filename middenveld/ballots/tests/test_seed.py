from __future__ import annotations

import pytest

from middenveld.accounts.models import User
from middenveld.ballots import seed
from middenveld.ballots.models import Ballot, Cast
from middenveld.core.seeding import SeedContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(seed, "VOTERS_PER_SCALE", 30)
    monkeypatch.setattr(seed, "ORGANISATION_VOTES", 10)


def _run() -> SeedContext:
    ctx = SeedContext(scale=1, write=lambda _line: None)
    seed.seed_ballots(ctx)
    return ctx


def test_the_seed_makes_an_open_and_a_closed_counted_ballot_and_is_idempotent(small, client):
    _run()
    counts = (Ballot.objects.count(), Cast.objects.count(), User.objects.count())
    _run()
    assert (Ballot.objects.count(), Cast.objects.count(), User.objects.count()) == counts

    approval = Ballot.objects.get(slug=seed.OPEN_APPROVAL)
    assert approval.is_open() and approval.for_organisations and approval.max_choices == 3
    closed = Ballot.objects.get(slug=seed.CLOSED_BUDGET)
    assert closed.is_closed()
    assert closed.result["method"] == "budget"
    residents = Ballot.objects.get(slug=seed.RESIDENTS_CLOSED)
    assert residents.casts.count() == 30
    assert residents.result["voters"] == 30
    assert Ballot.objects.get(slug=seed.RESIDENTS_OPEN).casts.count() == 30
    response = client.get(f"/en/inspraak/stemmingen/{residents.slug}/")
    assert "Selected projects (Method of Equal Shares)" in response.content.decode()


def test_a_larger_scale_adds_voters_and_counts_again(small):
    _run()
    first = Ballot.objects.get(slug=seed.RESIDENTS_CLOSED).inputs_hash
    ctx = SeedContext(scale=2, write=lambda _line: None)
    seed.seed_ballots(ctx)
    residents = Ballot.objects.get(slug=seed.RESIDENTS_CLOSED)
    assert residents.casts.count() == 60
    assert residents.result["voters"] == 60
    assert residents.inputs_hash != first
