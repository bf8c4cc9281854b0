"""The staff review pages: the application list (filters, pages, query budget), one
application with its scores, log, snapshots and decision form, a frozen version, an award
with payments, reclaims and reports, the decision letter, a member's report page. Who may
open each, and forged ids."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from middenveld.accounts.tests.factories import StaffFactory, UserFactory
from middenveld.funding.models import (
    ApplicationStatus,
    Award,
    BudgetLine,
    Decision,
    PaymentKind,
    ReportKind,
    Snapshot,
)
from middenveld.funding.services import assessment, decisions, reports
from middenveld.funding.tests.factories import ApplicationFactory, CallFactory
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submitted(funding, **kwargs):
    values = {
        "call": funding.call,
        "organisation": funding.organisation,
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": timezone.now(),
    }
    values.update(kwargs)
    return ApplicationFactory(**values)


def url(name, *args):
    return reverse(f"funding:{name}", args=args)


def award_for(funding, application=None):
    application = application or submitted(funding)
    decisions.decision_record(
        application=application,
        outcome="award",
        reasons="Goed plan.",
        reference="2026_CBS_00077",
        decided_on=timezone.localdate(),
        amount="1000",
        by=funding.staff,
    )
    return Award.objects.get(application=application)


# --- The list -------------------------------------------------------------------------------


def test_the_list_filters_on_call_status_year_instrument_and_organisation(client, funding):
    mine = submitted(funding, title="Buurtfeest Sluizeken")
    submitted(funding, status=ApplicationStatus.RETURNED, title="Teruggestuurd")
    ApplicationFactory(call=funding.call, organisation=funding.organisation, title="Kladje")
    last_year = submitted(funding, title="Vorig jaar")
    last_year.submitted_at = timezone.now().replace(year=timezone.now().year - 1)
    last_year.save()
    elsewhere = submitted(funding, call=CallFactory(), organisation=funding.other, title="Elders")
    client.force_login(funding.staff)
    base = url("staff_applications")

    def shown(**params):
        response = client.get(base, params)
        assert response.status_code == 200
        return {a.title for a in response.context["applications"]}

    assert "Kladje" not in shown()  # never drafts
    assert shown(status="submitted", oproep=funding.call.slug) == {mine.title, last_year.title}
    assert shown(status="submitted", jaar=str(timezone.now().year)) == {mine.title, elsewhere.title}
    assert shown(instrument=funding.instrument.slug, status="returned") == {"Teruggestuurd"}
    assert shown(zoek=funding.other.name) == {"Elders"}
    response = client.get(base, {"status": "geheim", "jaar": "twee", "oproep": "bestaat-niet"})
    assert response.status_code == 200
    assert "We do not know one of the filters." in response.content.decode()


def test_the_list_keeps_its_query_budget_and_pages(client, funding, django_assert_max_num_queries):
    for _ in range(60):
        submitted(funding)
    client.force_login(funding.staff)
    with django_assert_max_num_queries(10):
        response = client.get(
            url("staff_applications"), {"status": "submitted", "oproep": funding.call.slug}
        )
    assert len(response.context["applications"]) == 50
    assert response.context["page"].paginator.count == 60
    with django_assert_max_num_queries(10):
        response = client.get(
            url("staff_applications"),
            {"status": "submitted", "jaar": str(timezone.now().year), "pagina": "2"},
        )
    assert len(response.context["applications"]) == 10
    assert 'rel="prev"' in response.content.decode()


@pytest.mark.parametrize("who", ["member", "assessor", "citizen"])
def test_only_staff_open_the_list(client, funding, who):
    person = {"member": funding.member, "assessor": funding.assessor, "citizen": UserFactory()}[who]
    client.force_login(person)
    response = client.get(url("staff_applications"))
    assert response.status_code == 403
    assert "Only city staff can do this." in response.content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, funding):
    response = client.get(url("staff_applications"))
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]


# --- One application ------------------------------------------------------------------------


def test_the_application_page_shows_scores_log_snapshots_and_the_decision_form(client, funding):
    application = submitted(funding)
    assessment.assessment_submit(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 4, "haalbaarheid": 3},
    )
    client.force_login(funding.staff)
    response = client.get(url("staff_application", application.reference))
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["summary"].total == Decimal("73.33")
    assert response.context["form"] is not None
    assert "Record the decision" in content
    assert "submitted" in content  # the log


def test_deciding_on_the_page_needs_reasons_and_shows_the_message(client, funding):
    application = submitted(funding)
    client.force_login(funding.staff)
    page = url("staff_application", application.reference)
    response = client.post(
        page,
        {
            "outcome": "award",
            "amount": "500",
            "reasons": "",
            "reference": "2026_CBS_1",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Give the reasons for the decision." in content
    assert 'href="#id_reasons"' in content
    assert not Decision.objects.exists()

    BudgetLine.objects.filter(pk=funding.line.pk).update(amount=Decimal("100.00"))
    response = client.post(
        page,
        {
            "outcome": "award",
            "amount": "500",
            "reasons": "Goed plan",
            "reference": "2026_CBS_1",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    assert "does not fit" in response.content.decode()
    assert not Decision.objects.exists() and not Snapshot.objects.exists()

    response = client.post(
        page,
        {
            "outcome": "reject",
            "reasons": "Past niet in het reglement.",
            "reference": "2026_CBS_2",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    response = client.get(page)
    assert response.context["form"] is None
    assert "Past niet in het reglement." in response.content.decode()


def test_a_forged_reference_is_a_404(client, funding):
    client.force_login(funding.staff)
    assert client.get(url("staff_application", "BESTAATNIET")).status_code == 404
    assert client.get(url("assess", "BESTAATNIET")).status_code == 404
    assert client.get(url("staff_award", "360G-x-0")).status_code == 404
    assert client.get(url("report_file", 999999)).status_code == 404
    assert client.get(url("snapshot", 999999)).status_code == 404


# --- Frozen versions ----------------------------------------------------------------------------


def test_the_frozen_application_shows_as_it_was_for_staff_and_its_members(client, funding):
    application = submitted(funding, title="Zoals het was")
    award_for(funding, application)
    snapshot = Snapshot.objects.get(application=application, moment="decision")
    application.title = "Later veranderd"
    application.save()

    client.force_login(funding.staff)
    response = client.get(url("staff_snapshot", application.reference, snapshot.pk))
    assert response.status_code == 200
    assert "Zoals het was" in response.content.decode()
    assert snapshot.sha256 in response.content.decode()

    client.force_login(funding.member)
    response = client.get(url("snapshot", snapshot.pk))
    assert response.status_code == 200
    assert "Zoals het was" in response.content.decode()

    outsider = UserFactory()
    MembershipFactory(organisation=funding.other, user=outsider)
    client.force_login(outsider)
    assert client.get(url("snapshot", snapshot.pk)).status_code == 403
    assert client.get(url("staff_snapshot", application.reference, snapshot.pk)).status_code == 403
    client.force_login(funding.staff)
    assert client.get(url("staff_snapshot", application.reference, 999999)).status_code == 404


# --- Awards, letters, reports ---------------------------------------------------------------------


def test_the_award_page_pays_reclaims_and_accepts(client, funding):
    award = award_for(funding)
    client.force_login(funding.staff)
    page = url("staff_award", award.identifier)
    response = client.get(page)
    assert response.status_code == 200
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    balance = award.payments.get(kind=PaymentKind.BALANCE)
    today = timezone.localdate().isoformat()
    response = client.post(
        page, {"action": "pay", "payment": advance.pk, f"p{advance.pk}-paid_on": today}
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(pk=funding.line.pk).paid == Decimal("800.00")
    # The balance waits for the reports: refused, next to the form.
    response = client.post(
        page, {"action": "pay", "payment": balance.pk, f"p{balance.pk}-paid_on": today}
    )
    assert response.status_code == 422
    assert "both reports are accepted" in response.content.decode()
    # A payment of another award changes nothing.
    response = client.post(page, {"action": "pay", "payment": "99999999"}, follow=True)
    assert "This payment is not part of this award." in response.content.decode()

    for obligation in award.reports.all():
        values = (
            {"spent": "900"} if obligation.kind == ReportKind.FINANCIAL else {"activities": "3"}
        )
        reports.report_file(obligation=obligation, by=funding.member, text="Verslag", **values)
        response = client.post(page, {"action": "accept", "report": obligation.pk})
        assert response.status_code == 302
    response = client.post(
        page, {"action": "pay", "payment": balance.pk, f"p{balance.pk}-paid_on": today}
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get(pk=funding.line.pk)
    assert (line.committed, line.paid) == (Decimal("1000.00"), Decimal("1000.00"))

    response = client.post(page, {"action": "reclaim", "amount": "100", "reason": "Niet gebruikt"})
    assert response.status_code == 302
    line = BudgetLine.objects.get(pk=funding.line.pk)
    assert (line.committed, line.paid) == (Decimal("900.00"), Decimal("900.00"))
    response = client.post(page, {"action": "reclaim", "amount": "-5", "reason": "x"})
    assert response.status_code == 422
    client.force_login(funding.member)
    assert client.get(page).status_code == 403


def test_the_letter_is_for_staff_and_members_only(client, funding):
    award = award_for(funding)
    letter = url("award_letter", award.identifier)
    for person in (funding.staff, funding.member):
        client.force_login(person)
        response = client.get(letter)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    client.force_login(funding.assessor)
    assert client.get(letter).status_code == 403
    client.force_login(funding.staff)
    assert client.get(url("award_letter", "bestaat-niet")).status_code == 404


def test_the_letter_of_a_rejection(client, funding):
    application = submitted(funding)
    decisions.decision_record(
        application=application,
        outcome="reject",
        reasons="Niet in de buurt.",
        reference="2026_CBS_9",
        decided_on=timezone.localdate() - timedelta(days=1),
        by=funding.staff,
    )
    client.force_login(funding.member)
    response = client.get(url("decision_letter", application.reference))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    other = submitted(funding)
    assert client.get(url("decision_letter", other.reference)).status_code == 404


def test_a_member_files_a_report_on_the_page(client, funding):
    award = award_for(funding)
    obligation = award.reports.get(kind=ReportKind.ACTIVITY)
    client.force_login(funding.member)
    page = url("report_file", obligation.pk)
    assert client.get(page).status_code == 200
    response = client.post(page, {"text": "", "activities": "3"})
    assert response.status_code == 422
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    response = client.post(page, {"text": "Het ging goed.", "activities": "3", "upload": upload})
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.submitted_at and obligation.activities == 3
    response = client.get(url("report_download", obligation.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    outsider = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(), user=outsider)
    client.force_login(outsider)
    assert client.get(page).status_code == 403
    assert client.post(page, {"text": "Vals", "activities": "1"}).status_code == 403
    assert client.get(url("report_download", obligation.pk)).status_code == 403
    obligation.refresh_from_db()
    assert obligation.text == "Het ging goed."


def test_staff_pages_for_other_staff_work_too(client, funding):
    """Any city employee reviews (not only the one in the fixture)."""
    application = submitted(funding)
    client.force_login(StaffFactory())
    assert client.get(url("staff_application", application.reference)).status_code == 200
    assert client.get(url("call_assessors", funding.call.slug)).status_code == 200
