"""Funding in the back office: city staff open every list and form; a plain account does not
get in; what is committed and paid on a line, a regulation's rules, a submitted application
and an award's amount are read only there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from middenveld.funding.models import (
    Agreement,
    AgreementYear,
    Application,
    ApplicationStatus,
    Award,
    BudgetTransfer,
    FundingLog,
    RegulationVersion,
)
from middenveld.funding.services.awards import award_create
from middenveld.funding.tests.factories import ApplicationFactory, BudgetLineFactory

pytestmark = pytest.mark.django_db

EDITABLE = ("instrument", "budget", "budgetline", "call", "award", "agreement")
READ_ONLY = ("regulationversion", "application", "budgettransfer", "fundinglog")


@pytest.fixture
def filled(funding):
    """A little of everything, so that lists and forms have rows to show."""
    application = ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=funding.call.opens_at,
    )
    award_create(
        line=funding.line,
        organisation=funding.organisation,
        amount="1500.00",
        title="Buurtfeest",
        decision_reference="2026_CBS_00001",
        decided_on=date(2026, 3, 1),
        by=funding.staff,
        application=application,
    )
    other = BudgetLineFactory(budget=funding.line.budget, code="andere")
    BudgetTransfer.objects.create(
        from_line=funding.line, to_line=other, amount=Decimal("10.00"), reason="Herverdeling"
    )
    agreement = Agreement.objects.create(
        reference="CONV-1",
        instrument=funding.instrument,
        organisation=funding.organisation,
        title="Convenant",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    AgreementYear.objects.create(agreement=agreement, year=2026, amount=Decimal("1000.00"))
    funding.application = application
    funding.agreement = agreement
    return funding


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY)
def test_staff_open_every_list(client, filled, model):
    client.force_login(filled.staff)
    assert client.get(f"/beheer/funding/{model}/").status_code == 200


@pytest.mark.parametrize("model", ("instrument", "budget", "budgetline", "call"))
def test_staff_open_the_add_forms(client, filled, model):
    client.force_login(filled.staff)
    assert client.get(f"/beheer/funding/{model}/add/").status_code == 200


def test_staff_open_the_change_forms(client, filled):
    client.force_login(filled.staff)
    award = Award.objects.get()
    for url in (
        f"/beheer/funding/instrument/{filled.instrument.pk}/change/",
        f"/beheer/funding/budget/{filled.line.budget.pk}/change/",
        f"/beheer/funding/budgetline/{filled.line.pk}/change/",
        f"/beheer/funding/call/{filled.call.pk}/change/",
        f"/beheer/funding/application/{filled.application.pk}/change/",
        f"/beheer/funding/award/{award.pk}/change/",
        f"/beheer/funding/agreement/{filled.agreement.pk}/change/",
        f"/beheer/funding/regulationversion/{filled.version.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY)
def test_a_plain_user_cannot_open_the_lists(client, filled, model):
    client.force_login(filled.member)
    assert client.get(f"/beheer/funding/{model}/", follow=True).status_code == 403


def test_an_assessor_who_is_not_staff_cannot_open_them_either(client, filled):
    client.force_login(filled.assessor)
    assert client.get("/beheer/funding/application/", follow=True).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, filled):
    assert client.get("/beheer/funding/award/").status_code == 302


def test_committed_and_paid_on_a_line_are_read_only(client, filled):
    client.force_login(filled.staff)
    url = f"/beheer/funding/budgetline/{filled.line.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="amount"' in html
    assert 'name="committed"' not in html and 'name="paid"' not in html

    response = client.post(
        url,
        {
            "code": filled.line.code,
            "name": filled.line.name,
            "amount": "20000.00",
            "committed": "0.00",
            "paid": "5000.00",
            "decision_note": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    filled.line.refresh_from_db()
    assert filled.line.amount == Decimal("20000.00")
    assert filled.line.committed == Decimal("1500.00")  # the award stays committed
    assert filled.line.paid == Decimal("0.00")


def test_a_regulation_version_cannot_be_added_or_changed(client, filled):
    client.force_login(filled.staff)
    assert client.get("/beheer/funding/regulationversion/add/").status_code == 403
    url = f"/beheer/funding/regulationversion/{filled.version.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"note": "gewijzigd", "rules": "{}"}).status_code == 403
    assert RegulationVersion.objects.get(pk=filled.version.pk).rules == filled.version.rules


def test_a_submitted_application_is_read_only(client, filled):
    client.force_login(filled.staff)
    url = f"/beheer/funding/application/{filled.application.pk}/change/"
    assert 'name="_save"' not in client.get(url).content.decode()
    response = client.post(url, {"status": "awarded", "amount_requested": "99999.00"})
    assert response.status_code == 403
    application = Application.objects.get(pk=filled.application.pk)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.amount_requested == Decimal("1000.00")


def test_an_awards_amount_is_read_only_and_no_award_is_added_here(client, filled):
    client.force_login(filled.staff)
    award = Award.objects.get()
    html = client.get(f"/beheer/funding/award/{award.pk}/change/").content.decode()
    assert 'name="conditions"' in html
    assert 'name="amount"' not in html and 'name="line"' not in html
    assert client.get("/beheer/funding/award/add/").status_code == 403
    assert client.post(f"/beheer/funding/award/{award.pk}/delete/").status_code == 403
    assert Award.objects.get().amount == Decimal("1500.00")


def test_the_log_cannot_be_changed(client, filled):
    client.force_login(filled.staff)
    entry = FundingLog.objects.first()
    url = f"/beheer/funding/fundinglog/{entry.pk}/change/"
    assert client.post(url, {"change": "x"}).status_code == 403
    assert FundingLog.objects.get(pk=entry.pk).change == entry.change


def test_the_application_list_takes_few_queries(client, filled, django_assert_max_num_queries):
    for _n in range(15):
        ApplicationFactory(
            call=filled.call, status=ApplicationStatus.SUBMITTED, submitted_at=filled.call.opens_at
        )
    client.force_login(filled.staff)
    with django_assert_max_num_queries(12):
        assert client.get("/beheer/funding/application/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/beheer/funding/award/").status_code == 200
