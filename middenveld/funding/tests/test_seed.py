"""Demo funding (seed.py): a second run adds nothing; every line's money adds up (committed =
active awards minus reclaims, paid = paid payments, never more than the amount); the open
call has a form of every field type and a rubric; applications in every status;
burger@example.org's organisation has a draft; the history of ``--scale 2`` keeps the same
invariants with far more rows, written in bulk."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from middenveld.accounts.models import User
from middenveld.accounts.seed import seed_accounts
from middenveld.core.seed import seed_districts
from middenveld.core.seeding import SeedContext
from middenveld.funding import seed
from middenveld.funding.models import (
    Agreement,
    Amendment,
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Assessment,
    Award,
    AwardStatus,
    Budget,
    BudgetLine,
    BudgetTransfer,
    Call,
    Conflict,
    Decision,
    DistributionRun,
    FieldType,
    IndicatorReport,
    Instrument,
    InstrumentKind,
    Payment,
    RegulationVersion,
    ReportObligation,
    Snapshot,
)
from middenveld.funding.services.common import fingerprint
from middenveld.organisations.models import Membership
from middenveld.organisations.seed import seed_organisations

pytestmark = pytest.mark.django_db
MODELS = (
    Instrument, Budget, BudgetLine, BudgetTransfer, RegulationVersion, Call, Application,
    ApplicationAttachment, Snapshot, Assessment, Decision, Award, Payment, ReportObligation,
    Agreement, Amendment, DistributionRun, User,
)  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _quiet(scale: int = 1) -> SeedContext:
    return SeedContext(scale=scale, write=lambda text: None)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = _quiet()
        seed_districts(ctx)
        seed_accounts(ctx)
        seed_organisations(ctx)
        seed.seed_funding(ctx)
        yield ctx
        transaction.set_rollback(True)


def assert_lines_add_up() -> None:
    """Summed in Python: SQLite adds decimals as floats."""
    for line in BudgetLine.objects.all():
        awards = Award.objects.filter(line=line, status=AwardStatus.ACTIVE)
        committed = sum((a.amount - a.reclaimed for a in awards), Decimal("0.00"))
        payments = Payment.objects.filter(award__line=line, paid_on__isnull=False)
        paid = sum((p.amount for p in payments), Decimal("0.00"))
        assert line.committed == committed, line
        assert line.paid == paid, line
        assert line.committed <= line.amount


def test_a_second_run_adds_nothing(seeded):
    before = _counts()
    ctx = _quiet()
    seed.seed_funding(ctx)
    assert _counts() == before
    assert not any(ctx.counts.values()), ctx.counts


def test_three_instruments_share_750000_euros_a_year(seeded):
    kinds = set(Instrument.objects.values_list("kind", flat=True))
    assert kinds == {InstrumentKind.REGULATION, InstrumentKind.AGREEMENT, InstrumentKind.DISTRIBUTION}  # fmt: skip
    year = timezone.localdate().year
    for y in (year - 2, year - 1, year):
        total = BudgetLine.objects.filter(budget__year=y).aggregate(s=Sum("amount"))["s"]
        assert total == Decimal("750000.00"), y
    assert BudgetTransfer.objects.count() == 1


def test_every_line_adds_up(seeded):
    assert_lines_add_up()
    assert BudgetLine.objects.filter(committed__gt=0).count() >= 6
    assert Payment.objects.filter(paid_on__isnull=False).exists()
    assert Award.objects.filter(reclaimed__gt=0).count() == 1


def test_the_regulation_has_two_versions_from_the_file(seeded):
    versions = list(RegulationVersion.objects.filter(regulation__instrument__slug="basiswerking").order_by("number"))  # fmt: skip
    assert [v.number for v in versions] == [1, 2]
    assert "startbudget" in {c["code"] for c in versions[1].rules["categories"]}
    assert "startbudget" not in {c["code"] for c in versions[0].rules["categories"]}
    assert versions[1].valid_from == timezone.localdate().replace(month=1, day=1)


def test_the_open_call_has_every_field_type_and_a_rubric(seeded):
    call = Call.objects.get(slug=f"oproep-basiswerking-{timezone.localdate().year}")
    assert call.is_open()
    assert {f["type"] for f in call.form} == set(FieldType.values)
    assert len(call.rubric) == 4 and all(r["weight"] and r["scale"] == 5 for r in call.rubric)
    assert call.assessors.filter(email=seed.ASSESSOR[0]).exists()
    assert Conflict.objects.filter(application__call=call, reason=Conflict.DECLARED).exists()


def test_applications_in_every_status_with_snapshots_and_decisions(seeded):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(ApplicationStatus.values)
    assert 30 <= Application.objects.count() <= 60
    for decision in Decision.objects.select_related("snapshot"):
        assert decision.snapshot.sha256 == fingerprint(decision.snapshot.content)
    decided = Application.objects.filter(status__in=["awarded", "rejected"])
    assert Decision.objects.count() == decided.count()
    assert Award.objects.filter(application__isnull=False).count() == decided.filter(status="awarded").count()  # fmt: skip
    assert Assessment.objects.filter(submitted_at__isnull=False, total__isnull=False).count() >= 2 * decided.count()  # fmt: skip
    assert ApplicationAttachment.objects.exists()
    assert ReportObligation.objects.filter(submitted_at__isnull=True, due_on__lt=timezone.localdate()).exists()  # fmt: skip


def test_the_demo_citizens_organisation_has_a_draft_and_an_award(seeded):
    burger = User.objects.get(email=seed.CITIZEN)
    admin_of = Membership.objects.filter(user=burger, role="admin").values_list("organisation__slug", flat=True)  # fmt: skip
    assert seed.DE_BRUG in admin_of
    draft = Application.objects.get(organisation__slug=seed.DE_BRUG, status=ApplicationStatus.DRAFT)  # fmt: skip
    assert draft.created_by == burger and draft.call.is_open()
    assert Award.objects.filter(organisation__slug=seed.DE_BRUG).exists()
    assert Application.objects.filter(organisation__slug=seed.ZONNEBLOEM, status=ApplicationStatus.RETURNED).exists()  # fmt: skip


def test_an_agreement_with_years_indicators_and_an_amendment(seeded):
    agreement = Agreement.objects.get()
    assert agreement.years.count() == 3
    assert Award.objects.filter(agreement_year__agreement=agreement).count() == 2
    assert agreement.indicators.count() == 2
    assert IndicatorReport.objects.filter(indicator__agreement=agreement).count() == 2
    assert Amendment.objects.filter(agreement=agreement).count() == 1


def test_distributions_committed_for_past_years_and_a_preview_for_this_one(seeded):
    runs = DistributionRun.objects.order_by("line__budget__year")
    assert [r.committed_at is not None for r in runs] == [True, True, False]
    assert Award.objects.filter(distribution__isnull=False).exists()


@pytest.mark.django_db(transaction=False)
def test_history_at_scale_2_keeps_every_line_right(seeded, monkeypatch):
    """The bulk history (smaller per year here) adds calls, assessments by different
    people, decisions with snapshots and awards that never overcommit a line."""
    monkeypatch.setattr(seed, "APPLICATIONS_PER_YEAR", 25)
    monkeypatch.setattr(seed, "OPEN_CALL_EXTRA", 10)
    before = Application.objects.count()
    with transaction.atomic():
        seed.seed_funding(_quiet(scale=2))
        years = Budget.objects.values("year").distinct().count()
        assert years == 10
        assert Application.objects.count() > before + 9 * 40
        assert_lines_add_up()
        decided = Application.objects.filter(status__in=["awarded", "rejected"])
        assert Decision.objects.count() == decided.count()
        assert decided.filter(status="awarded").count() == Award.objects.filter(application__isnull=False).count()  # fmt: skip
        # A second run at scale 2 adds nothing.
        counts = _counts()
        seed.seed_funding(_quiet(scale=2))
        assert _counts() == counts
        transaction.set_rollback(True)
