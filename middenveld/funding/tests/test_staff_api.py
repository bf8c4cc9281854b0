"""The staff review in the API: the application list with filters, assessments (blind,
conflicts), decisions, payments, reclaims and reports; who may call each, forged ids and
forged fields, and that a refusal changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.api.tests.helpers import error_of
from middenveld.funding.models import (
    ApplicationStatus,
    Assessment,
    Award,
    BudgetLine,
    CallAssessor,
    Decision,
    PaymentKind,
    ReportKind,
)
from middenveld.funding.models import Conflict as ConflictOfInterest
from middenveld.funding.services import decisions, reports
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/funding"
EN = {"Accept-Language": "en"}


def get(client, path, params=None):
    return client.get(f"{API}{path}", params or {}, headers=EN)


def post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json", headers=EN)


def submitted(funding, **kwargs):
    values = {
        "call": funding.call,
        "organisation": funding.organisation,
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": timezone.now(),
    }
    values.update(kwargs)
    return ApplicationFactory(**values)


def decision_body(**changes):
    body = {
        "outcome": "award",
        "reasons": "Sterk plan voor de buurt.",
        "reference": "2026_CBS_00042",
        "decided_on": timezone.localdate().isoformat(),
        "amount": "750",
    }
    body.update(changes)
    return body


def award_for(funding):
    application = submitted(funding)
    decisions.decision_record(
        application=application, by=funding.staff, **decision_body(amount="1000")
    )
    return Award.objects.get(application=application)


# --- The list -------------------------------------------------------------------------------


def test_staff_list_applications_with_filters(client, funding, django_assert_max_num_queries):
    for _ in range(5):
        submitted(funding)
    submitted(funding, status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory(call=funding.call, organisation=funding.organisation)  # a draft
    client.force_login(funding.staff)
    with django_assert_max_num_queries(8):
        response = get(
            client, "/staff/applications", {"status": "submitted", "call": funding.call.slug}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    row = body["results"][0]
    assert row["organisation"]["name"] == funding.organisation.name
    assert row["call"]["slug"] == funding.call.slug
    assert get(client, "/staff/applications").json()["count"] == 6
    year = timezone.now().year
    assert get(client, "/staff/applications", {"year": year - 1}).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "draft"}, "status"),
        ({"call": "bestaat-niet"}, "call"),
        ({"instrument": "bestaat-niet"}, "instrument"),
    ],
)
def test_an_unknown_filter_is_a_422_naming_the_field(client, funding, params, field):
    client.force_login(funding.staff)
    response = get(client, "/staff/applications", params)
    assert response.status_code == 422
    assert field in error_of(response)["details"]["fields"]


def test_the_list_is_for_staff(client, funding):
    assert get(client, "/staff/applications").status_code == 401
    client.force_login(funding.member)
    assert get(client, "/staff/applications").status_code == 403


# --- Assessments ----------------------------------------------------------------------------


def test_assessors_score_blind_and_see_the_aggregate_after_submitting(client, funding):
    application = submitted(funding)
    other = UserFactory()
    CallAssessor.objects.create(call=funding.call, user=other)
    client.force_login(other)
    response = post(
        client,
        f"/applications/{application.reference}/assessment",
        {"scores": {"relevantie": 1, "haalbaarheid": 1}, "submit": True},
    )
    assert response.status_code == 200
    assert response.json()["aggregate"]["submitted"] == 1

    client.force_login(funding.assessor)
    path = f"/applications/{application.reference}/assessment"
    mine = get(client, path).json()
    assert mine["scores"] == {} and mine["aggregate"] is None
    response = post(client, path, {"scores": {"relevantie": 5}, "comments": {"general": "Top"}})
    assert response.status_code == 200
    assert response.json()["aggregate"] is None
    assert response.json()["scores"] == {"relevantie": 5}
    response = post(client, path, {"scores": {"relevantie": 5, "haalbaarheid": 5}, "submit": True})
    body = response.json()
    assert body["total"] == "100.00"
    assert body["aggregate"]["submitted"] == 2
    assert body["aggregate"]["total"] == "60.00"
    # Submitted: no more changes.
    response = post(client, path, {"scores": {"relevantie": 0}})
    assert response.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"scores": {"relevantie": 9}},
        {"scores": {"relevantie": "veel"}},
        {"scores": {"onbekend": 1}},
        {"scores": ["relevantie"]},
        {"scores": {"relevantie": 2}, "total": "100.00"},
        {"scores": {"relevantie": 2}, "assessor": 1},
    ],
)
def test_bad_scores_and_forged_fields_change_nothing(client, funding, body):
    application = submitted(funding)
    client.force_login(funding.assessor)
    response = post(client, f"/applications/{application.reference}/assessment", body)
    assert response.status_code == 422
    assert not Assessment.objects.exists()


def test_a_member_assessor_is_refused_and_the_conflict_recorded(client, funding):
    application = submitted(funding)
    MembershipFactory(organisation=funding.organisation, user=funding.assessor)
    client.force_login(funding.assessor)
    response = post(
        client, f"/applications/{application.reference}/assessment", {"scores": {"relevantie": 5}}
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "conflict_of_interest"
    assert ConflictOfInterest.objects.filter(application=application, reason="member").exists()
    assert not Assessment.objects.exists()


def test_declaring_a_conflict(client, funding):
    application = submitted(funding)
    client.force_login(funding.assessor)
    response = post(client, f"/applications/{application.reference}/conflict", {"note": "Familie"})
    assert response.status_code == 201
    assert response.json()["reason"] == "declared"
    assert get(client, f"/applications/{application.reference}/assessment").status_code == 403


def test_people_who_do_not_assess_the_call_are_refused(client, funding):
    application = submitted(funding)
    for person in (funding.member, funding.staff, UserFactory()):
        client.force_login(person)
        path = f"/applications/{application.reference}"
        assert post(client, f"{path}/assessment", {"scores": {"relevantie": 1}}).status_code == 403
        assert post(client, f"{path}/conflict", {"note": "x"}).status_code == 403
    assert not Assessment.objects.exists() and not ConflictOfInterest.objects.exists()
    client.force_login(funding.assessor)
    assert post(client, "/applications/BESTAATNIET/assessment", {"scores": {}}).status_code == 404


# --- Decisions ------------------------------------------------------------------------------


def test_staff_record_an_award_through_the_api(client, funding):
    application = submitted(funding, amount_requested=Decimal("1000.00"))
    client.force_login(funding.staff)
    response = post(client, f"/applications/{application.reference}/decision", decision_body())
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "awarded"
    assert body["award"]["amount"] == "750.00"
    assert body["award"]["appeal_until"]
    assert len(body["snapshot"]["sha256"]) == 64
    assert BudgetLine.objects.get(pk=funding.line.pk).committed == Decimal("750.00")


@pytest.mark.parametrize(
    "changes",
    [
        {"reasons": ""},
        {"amount": "-1"},
        {"amount": 1.5},
        {"decided_on": "31/02/2026"},
        {"status": "awarded"},
        {"organisation": 1},
        {"committed": "0"},
    ],
)
def test_bad_or_forged_decisions_change_nothing(client, funding, changes):
    application = submitted(funding)
    client.force_login(funding.staff)
    response = post(
        client, f"/applications/{application.reference}/decision", decision_body(**changes)
    )
    assert response.status_code == 422
    error_of(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_an_award_beyond_the_line_is_a_409_and_nothing_is_written(client, funding):
    BudgetLine.objects.filter(pk=funding.line.pk).update(amount=Decimal("100.00"))
    application = submitted(funding)
    client.force_login(funding.staff)
    response = post(client, f"/applications/{application.reference}/decision", decision_body())
    assert response.status_code == 409
    assert error_of(response)["code"] == "budget_exceeded"
    assert not Decision.objects.exists() and not Award.objects.exists()


def test_only_staff_decide(client, funding):
    application = submitted(funding)
    for person in (funding.member, funding.assessor):
        client.force_login(person)
        response = post(client, f"/applications/{application.reference}/decision", decision_body())
        assert response.status_code == 403
    client.force_login(funding.staff)
    assert post(client, "/applications/BESTAATNIET/decision", decision_body()).status_code == 404
    assert not Decision.objects.exists()


# --- Payments, reclaims, reports ------------------------------------------------------------


def test_payments_and_reclaims_through_the_api(client, funding):
    award = award_for(funding)
    advance = award.payments.get(kind=PaymentKind.ADVANCE)
    balance = award.payments.get(kind=PaymentKind.BALANCE)
    today = timezone.localdate().isoformat()
    client.force_login(funding.staff)
    base = f"/awards/{award.identifier}"
    response = post(client, f"{base}/payments/{advance.pk}/paid", {"paid_on": today})
    assert response.status_code == 200
    assert response.json()["line"]["paid"] == "800.00"
    response = post(client, f"{base}/payments/{balance.pk}/paid", {"paid_on": today})
    assert response.status_code == 409
    assert error_of(response)["code"] == "reports_missing"
    assert post(client, f"{base}/payments/999999/paid", {"paid_on": today}).status_code == 404
    response = post(client, f"{base}/reclaim", {"amount": "200", "reason": "Over"})
    assert response.status_code == 200
    body = response.json()
    assert body["reclaimed"] == "200.00"
    assert body["line"]["committed"] == "800.00"
    assert post(client, f"{base}/reclaim", {"amount": "1000", "reason": "x"}).status_code == 422
    assert (
        post(client, "/awards/bestaat-niet/reclaim", {"amount": "1", "reason": "x"}).status_code
        == 404
    )

    client.force_login(funding.member)
    assert post(client, f"{base}/reclaim", {"amount": "1", "reason": "x"}).status_code == 403
    assert post(client, f"{base}/payments/{balance.pk}/paid", {"paid_on": today}).status_code == 403
    award.refresh_from_db()
    assert award.reclaimed == Decimal("200.00")


def test_members_file_reports_and_staff_accept_them(client, funding):
    award = award_for(funding)
    activity = award.reports.get(kind=ReportKind.ACTIVITY)
    financial = award.reports.get(kind=ReportKind.FINANCIAL)
    client.force_login(funding.member)
    upload = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        f"{API}/reports/{activity.pk}",
        {"text": "Twaalf activiteiten", "activities": "12", "upload": upload},
        headers=EN,
    )
    assert response.status_code == 200, response.content
    assert response.json()["has_file"] is True
    response = client.post(
        f"{API}/reports/{financial.pk}", {"text": "x", "spent": "-3"}, headers=EN
    )
    assert response.status_code == 422
    assert post(client, f"/reports/{activity.pk}/accept").status_code == 403
    assert client.post(f"{API}/reports/99999999", {"text": "x"}, headers=EN).status_code == 404

    client.force_login(funding.staff)
    response = post(client, f"/reports/{activity.pk}/accept")
    assert response.status_code == 200
    assert response.json()["accepted_at"] and response.json()["balance_payable"] is False
    assert post(client, f"/reports/{activity.pk}/accept").status_code == 409
    assert post(client, f"/reports/{financial.pk}/accept").status_code == 409  # not filed

    outsider = UserFactory()
    MembershipFactory(organisation=funding.other, user=outsider)
    client.force_login(outsider)
    response = client.post(f"{API}/reports/{financial.pk}", {"text": "x", "spent": "3"}, headers=EN)
    assert response.status_code == 403
    financial.refresh_from_db()
    assert financial.submitted_at is None
    reports.report_file(obligation=financial, by=funding.member, text="ok", spent="900")
