"""A person's funding data: the export lists the applications they started, the attachments
they uploaded, the assessments they wrote and the reports they filed; erasing removes the
person's link but keeps the organisation's application and, whole, the assessment the
decision rests on (as a former assessor's)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

import middenveld.funding.privacy  # noqa: F401  (registers the exporter and the eraser)
from middenveld.accounts.privacy import user_erase, user_export
from middenveld.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Assessment,
    CallAssessor,
    Conflict,
    FundingLog,
)
from middenveld.funding.privacy import funding_erase, funding_export
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(funding):
    now = timezone.now()
    application = ApplicationFactory(
        call=funding.call,
        organisation=funding.organisation,
        created_by=funding.member,
        title="Zomerkamp",
        status=ApplicationStatus.SUBMITTED,
        submitted_at=now,
    )
    ApplicationAttachment.objects.create(
        application=application,
        code="begroting",
        file="funding/2026/begroting.pdf",
        name="begroting.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="a" * 64,
        uploaded_by=funding.member,
    )
    Assessment.objects.create(
        application=application,
        assessor=funding.assessor,
        scores={"relevantie": 4, "haalbaarheid": 3},
        comments={"general": "Goed voorstel."},
        total=Decimal("73.33"),
        submitted_at=now,
    )
    FundingLog.objects.create(
        by=funding.member, subject="award", subject_id=7, change="report_filed", to_state="activity"
    )
    FundingLog.objects.create(
        by=funding.member,
        subject="application",
        subject_id=application.pk,
        change="submitted",
        to_state="submitted",
    )
    funding.application = application
    return funding


def test_the_export_lists_applications_attachments_and_reports_filed(data):
    exported = user_export(data.member)["funding"]

    assert [a["reference"] for a in exported["applications"]] == [data.application.reference]
    assert exported["applications"][0]["organisation"] == data.organisation.name
    assert exported["attachments"][0]["name"] == "begroting.pdf"
    assert exported["reports_filed"] == [
        {"award": 7, "kind": "activity", "at": exported["reports_filed"][0]["at"]}
    ]
    assert {c["change"] for c in exported["changes"]} == {"report_filed", "submitted"}
    assert exported["assessments"] == []


def test_the_export_of_an_assessor_has_their_scores_and_calls(data):
    Conflict.objects.create(
        application=ApplicationFactory(call=data.call),
        assessor=data.assessor,
        reason=Conflict.DECLARED,
        note="Ik ken de voorzitter.",
    )

    exported = funding_export(data.assessor)

    assert exported["assessments"][0]["scores"] == {"relevantie": 4, "haalbaarheid": 3}
    assert exported["assessments"][0]["total"] == "73.33"
    assert exported["assessor_of_calls"] == [data.call.title]
    assert exported["conflicts_of_interest"][0]["note"] == "Ik ken de voorzitter."
    assert exported["applications"] == []


def test_someone_without_funding_data_exports_empty_lists(funding):
    exported = funding_export(funding.staff)
    assert all(value == [] for value in exported.values())


def test_erasing_an_applicant_keeps_the_application_without_them(data):
    # The organisation keeps an admin (the platform refuses to erase its last one).
    MembershipFactory(organisation=data.organisation, role=MemberRole.ADMIN)

    user_erase(data.member)

    application = Application.objects.get(pk=data.application.pk)
    assert application.created_by is None
    assert application.title == "Zomerkamp" and application.status == ApplicationStatus.SUBMITTED
    assert ApplicationAttachment.objects.get().uploaded_by is None
    assert not FundingLog.objects.filter(by=data.member).exists()
    assert FundingLog.objects.filter(change="report_filed", by__isnull=True).count() == 1
    assert all(value == [] for value in funding_export(data.member).values())


def test_erasing_an_assessor_keeps_the_assessment_whole_as_a_former_assessors(data):
    user_erase(data.assessor)

    assessment = Assessment.objects.get()
    assert assessment.scores == {"relevantie": 4, "haalbaarheid": 3}
    assert assessment.total == Decimal("73.33")
    assert assessment.comments == {"general": "Goed voorstel."}
    assessor = assessment.assessor
    assert assessor.name == "" and not assessor.is_active
    assert assessor.email.endswith("@invalid")
    assert not CallAssessor.objects.filter(user=data.assessor).exists()


def test_erasing_staff_keeps_their_acts_without_their_name(data):
    FundingLog.objects.create(
        by=data.staff, subject="budgetline", subject_id=data.line.pk, change="created"
    )
    data.version.created_by = data.staff
    data.version.save(update_fields=["created_by"])

    funding_erase(data.staff)

    data.version.refresh_from_db()
    assert data.version.created_by is None
    assert FundingLog.objects.filter(subject="budgetline", by__isnull=True).exists()
