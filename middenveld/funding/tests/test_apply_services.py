"""Applications through the services: start, save as you go, documents, the check,
submit (once, before the deadline), send back, withdraw; every bad input refused with a
sentence and nothing changed."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from middenveld.accounts.tests.factories import UserFactory
from middenveld.core.errors import Conflict, Forbidden, Invalid
from middenveld.funding.models import (
    Application,
    ApplicationStatus,
    FundingLog,
    RegulationVersion,
    Snapshot,
)
from middenveld.funding.services import applications as services
from middenveld.funding.services.awards import award_create
from middenveld.funding.services.common import fingerprint
from middenveld.funding.tests.factories import RULES
from middenveld.organisations.models import LegalForm, MemberRole, TimelineEvent
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def pdf_upload(name="begroting.pdf", size=0):
    body = b"%PDF-1.4\n%test\n" + b"0" * size + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_upload(name="begroting.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


GOOD = {
    "title": "Buurtfeest in de Brugse Poort",
    "category": "klein",
    "activity_type": "buurtactiviteit",
    "amount_requested": "1.000,50",
    "answers": {"doel": "Buren leren elkaar kennen.", "deelnemers": "60"},
    "budget": [
        {"category": "huur", "description": "Zaal", "amount": "800"},
        {"category": "catering", "description": "Drank", "amount": "100,50"},
    ],
}


def complete(funding, application=None):
    """A draft that meets every rule."""
    application = application or services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    starts = (timezone.localdate() + timedelta(days=70)).isoformat()
    services.application_save(
        application=application,
        by=funding.member,
        data={**GOOD, "activity_starts_on": starts},
    )
    services.attachment_add(
        application=application, code="begroting", upload=pdf_upload(), by=funding.member
    )
    application.refresh_from_db()
    return application


# --- Starting --------------------------------------------------------------------------------


def test_a_member_starts_a_draft_with_a_reference_and_the_calls_regulation_version(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member, title="Feest"
    )
    year = timezone.localdate().year
    assert application.reference == f"AV{year}-{application.pk:06d}"
    assert application.status == ApplicationStatus.DRAFT
    assert application.regulation_version == funding.version
    assert FundingLog.objects.filter(subject_id=application.pk, change="started").exists()
    event = TimelineEvent.objects.get(organisation=funding.organisation)
    assert event.kind == "funding.application_started" and event.data["title"] == "Feest"


def test_nobody_starts_an_application_for_an_organisation_they_are_not_a_member_of(funding):
    with pytest.raises(Forbidden):
        services.application_start(call=funding.call, organisation=funding.other, by=funding.member)
    with pytest.raises(Forbidden):  # city staff neither
        services.application_start(
            call=funding.call, organisation=funding.organisation, by=funding.staff
        )
    assert not Application.objects.exists()


def test_a_closed_or_not_yet_open_call_takes_no_new_application(funding):
    funding.call.closes_at = timezone.now() - timedelta(minutes=1)
    funding.call.opens_at = timezone.now() - timedelta(days=30)
    funding.call.save()
    with pytest.raises(Conflict, match="This call closed on"):
        services.application_start(
            call=funding.call, organisation=funding.organisation, by=funding.member
        )
    funding.call.opens_at = timezone.now() + timedelta(days=1)
    funding.call.closes_at = timezone.now() + timedelta(days=5)
    funding.call.save()
    with pytest.raises(Conflict, match="This call opens on"):
        services.application_start(
            call=funding.call, organisation=funding.organisation, by=funding.member
        )
    assert not Application.objects.exists()


# --- Saving as you go ------------------------------------------------------------------------


def test_saving_keeps_the_fields_not_sent(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    services.application_save(application=application, by=funding.member, data={"title": "A"})
    services.application_save(
        application=application, by=funding.member, data={"amount_requested": "250"}
    )
    services.application_save(
        application=application, by=funding.member, data={"answers": {"doel": "Samen"}}
    )
    services.application_save(
        application=application, by=funding.member, data={"answers": {"deelnemers": "12"}}
    )
    application.refresh_from_db()
    assert application.title == "A"
    assert application.amount_requested == Decimal("250.00")
    assert application.answers == {"doel": "Samen", "deelnemers": 12}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.000,50", Decimal("1000.50")),
        ("1,000.50", Decimal("1000.50")),
        ("€ 1.250", Decimal("1250.00")),
        ("12,5", Decimal("12.50")),
        (750, Decimal("750.00")),
        (99.5, Decimal("99.50")),
    ],
)
def test_amounts_are_read_the_belgian_and_the_english_way(funding, typed, amount):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    services.application_save(
        application=application, by=funding.member, data={"amount_requested": typed}
    )
    application.refresh_from_db()
    assert application.amount_requested == amount


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("-100", "cannot be negative"),
        ("veel", "is not an amount we can read"),
        ("99999999999", "too large"),
        ("2,500", "can be read in two ways"),
        ("10,505", "can be read in two ways"),
        ("1.000,505", "at most two digits"),
        ("NaN", "is not an amount we can read"),
        (True, "is not an amount we can read"),
    ],
)
def test_a_bad_amount_is_refused_with_a_sentence_and_nothing_is_saved(funding, typed, says):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid) as caught:
        services.application_save(
            application=application,
            by=funding.member,
            data={"title": "Zou niet bewaard mogen worden", "amount_requested": typed},
        )
    assert says in " ".join(caught.value.details["fields"]["amount_requested"])
    application.refresh_from_db()
    assert application.title == "" and application.amount_requested is None


def test_answers_are_checked_by_the_type_of_their_question(funding):
    funding.call.form = [
        *funding.call.form,
        {"key": "wanneer", "type": "date", "label": "Wanneer?"},
        {"key": "kost", "type": "money", "label": "Kost?"},
        {"key": "soort", "type": "choice", "label": "Soort?", "choices": ["a", "b"]},
        {"key": "kort", "type": "text", "label": "Kort", "max_length": 5},
    ]
    funding.call.save()
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid) as caught:
        services.application_save(
            application=application,
            by=funding.member,
            data={
                "answers": {
                    "deelnemers": "veel",
                    "wanneer": "31/02/2026",
                    "kost": "-5",
                    "soort": "c",
                    "kort": "te lang dus",
                    "verzonnen": "x",
                }
            },
        )
    fields = caught.value.details["fields"]
    assert set(fields) == {
        "answers.deelnemers",
        "answers.wanneer",
        "answers.kost",
        "answers.soort",
        "answers.kort",
        "answers.verzonnen",
    }
    services.application_save(
        application=application,
        by=funding.member,
        data={
            "answers": {
                "deelnemers": "40",
                "wanneer": "28/02/2026",
                "kost": "1.250,50",
                "soort": "b",
                "kort": "kort",
            }
        },
    )
    application.refresh_from_db()
    assert application.answers == {
        "deelnemers": 40,
        "wanneer": "2026-02-28",
        "kost": "1250.50",
        "soort": "b",
        "kort": "kort",
    }


def test_the_budget_table_takes_only_the_regulations_cost_categories(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid) as caught:
        services.application_save(
            application=application,
            by=funding.member,
            data={
                "budget": [
                    {"category": "huur", "description": "Zaal", "amount": "800"},
                    {"category": "reizen", "description": "Bus", "amount": "100"},
                    {"category": "materiaal", "description": "Verf", "amount": "-3"},
                    {"category": "huur", "description": "Tent", "amount": ""},
                ]
            },
        )
    assert set(caught.value.details["fields"]) == {
        "budget.1.category",
        "budget.2.amount",
        "budget.3.amount",
    }
    application.refresh_from_db()
    assert application.budget == []
    services.application_save(
        application=application,
        by=funding.member,
        data={
            "budget": [
                {"category": "huur", "description": "Zaal", "amount": "1.000"},
                {"category": "catering", "description": "", "amount": ""},  # an empty line
            ]
        },
    )
    application.refresh_from_db()
    assert application.budget == [{"category": "huur", "description": "Zaal", "amount": "1000.00"}]


def test_fields_the_applicant_does_not_set_cannot_be_saved(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid, match="These fields cannot be changed: organisation, status"):
        services.application_save(
            application=application,
            by=funding.member,
            data={"status": "awarded", "organisation": funding.other.pk, "title": "x"},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.title == ""


# --- Documents -------------------------------------------------------------------------------


def test_a_document_is_kept_with_its_name_type_size_and_fingerprint(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    upload = pdf_upload("Begroting 2025.pdf")
    attachment = services.attachment_add(
        application=application, code="begroting", upload=upload, by=funding.member
    )
    upload.seek(0)
    import hashlib

    assert attachment.name == "Begroting 2025.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(upload.read())
    upload.seek(0)
    assert attachment.sha256 == hashlib.sha256(upload.read()).hexdigest()
    assert attachment.file.read().startswith(b"%PDF-")
    services.attachment_add(
        application=application, code="begroting", upload=docx_upload(), by=funding.member
    )
    assert application.attachments.count() == 2


def test_a_file_that_is_not_what_its_name_says_is_refused(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    program = SimpleUploadedFile("begroting.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(Invalid, match="not a real"):
        services.attachment_add(
            application=application, code="begroting", upload=program, by=funding.member
        )
    with pytest.raises(Invalid, match="says it is a “pdf” file, but it is a DOCX"):
        services.attachment_add(
            application=application,
            code="begroting",
            upload=docx_upload("begroting.pdf"),
            by=funding.member,
        )
    assert not application.attachments.exists()


@override_settings(UPLOAD_DOCUMENT_MAX_BYTES=1000)
def test_a_file_that_is_too_big_is_refused(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid, match="too large"):
        services.attachment_add(
            application=application,
            code="begroting",
            upload=pdf_upload(size=2000),
            by=funding.member,
        )
    assert not application.attachments.exists()


def test_a_document_the_application_does_not_ask_for_is_refused(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    with pytest.raises(Invalid, match="does not ask for a document “paspoort”"):
        services.attachment_add(
            application=application, code="paspoort", upload=pdf_upload(), by=funding.member
        )


def test_a_document_is_removed_while_the_draft_can_change(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    attachment = services.attachment_add(
        application=application, code="begroting", upload=pdf_upload(), by=funding.member
    )
    stranger = UserFactory()
    with pytest.raises(Forbidden):
        services.attachment_remove(attachment=attachment, by=stranger)
    services.attachment_remove(attachment=attachment, by=funding.member)
    assert not application.attachments.exists()


# --- The check --------------------------------------------------------------------------------


def test_the_check_lists_every_rule_that_fails(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    soon = (timezone.localdate() + timedelta(days=21)).isoformat()
    services.application_save(
        application=application,
        by=funding.member,
        data={
            "category": "klein",
            "activity_type": "partijpolitiek",
            "activity_starts_on": soon,
            "amount_requested": "3000",
            "budget": [
                {"category": "huur", "description": "Zaal", "amount": "100"},
                {"category": "catering", "description": "Eten", "amount": "100"},
            ],
        },
    )
    problems = services.application_check(application)
    text = "\n".join(problems)
    assert "Give your application a title." in text
    assert "this category allows at most" in text
    assert "does not fund this kind of activity: Party politics" in text
    assert "Your request comes in 3 weeks before the activity" in text
    assert "at least 6 weeks" in text
    assert "Catering is 50% of your budget; at most 15% is allowed." in text
    assert "Add this document: Budget." in text
    assert "Answer the question “What do you want to do?”." in text
    assert "Answer the question “How many participants?”." in text


def test_an_applicant_whose_legal_form_does_not_qualify_cannot_submit(funding):
    funding.organisation.legal_form = LegalForm.FOUNDATION
    funding.organisation.save()
    application = complete(funding)
    problems = services.application_check(application)
    assert any("This is only open to: Non-profit association" in p for p in problems), problems
    with pytest.raises(Invalid) as caught:
        services.application_submit(application=application, by=funding.member)
    assert caught.value.code == "not_eligible"
    assert caught.value.details["problems"] == problems
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not Snapshot.objects.exists()
    assert not mail.outbox


def test_grants_already_received_this_year_count(funding):
    application = complete(funding)
    year = application.activity_starts_on.year
    for number in range(2):
        award_create(
            line=funding.line,
            organisation=funding.organisation,
            amount="100",
            title=f"Eerder {number}",
            decision_reference=f"CBS-{number}",
            decided_on=timezone.localdate().replace(year=year, month=1, day=10),
            by=funding.staff,
        )
    assert any("already received 2 grants" in p for p in services.application_check(application))


# --- Submitting -------------------------------------------------------------------------------


def test_submitting_freezes_the_application_and_mails_a_receipt_with_a_pdf(funding):
    application = complete(funding)
    assert services.application_check(application) == []
    snapshot = services.application_submit(application=application, by=funding.member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert snapshot.moment == "submitted"
    assert snapshot.sha256 == fingerprint(snapshot.content)
    content = snapshot.content
    assert content["title"] == GOOD["title"] and content["amount_requested"] == "1000.50"
    assert content["attachments"][0]["sha256"] == application.attachments.get().sha256
    assert content["regulation"]["version"] == 1
    assert FundingLog.objects.filter(change="submitted", to_state="submitted").exists()
    assert TimelineEvent.objects.filter(kind="funding.application_submitted").exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [funding.member.email]
    assert application.reference in message.subject
    assert snapshot.sha256 in message.body
    name, data, mimetype = message.attachments[0]
    assert name == f"aanvraag-{application.reference}.pdf" and mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert application.reference in text and "Buurtfeest in de Brugse Poort" in text


def test_a_second_submit_changes_nothing(funding):
    application = complete(funding)
    first = services.application_submit(application=application, by=funding.member)
    with pytest.raises(Conflict, match="This application was already submitted on") as caught:
        services.application_submit(application=application, by=funding.member)
    assert caught.value.code == "already_submitted"
    assert Snapshot.objects.get() == first
    assert len(mail.outbox) == 1


def test_editing_after_submit_is_refused(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    with pytest.raises(Conflict, match="This application was submitted and can no longer"):
        services.application_save(application=application, by=funding.member, data={"title": "B"})
    with pytest.raises(Conflict):
        services.attachment_add(
            application=application, code="begroting", upload=pdf_upload(), by=funding.member
        )
    application.refresh_from_db()
    assert application.title == GOOD["title"]


def test_submitting_after_the_deadline_by_server_time_is_refused(funding):
    application = complete(funding)
    funding.call.closes_at = timezone.now() - timedelta(seconds=1)
    funding.call.save()
    application.refresh_from_db()
    with pytest.raises(Conflict, match="The deadline of this call was") as caught:
        services.application_submit(application=application, by=funding.member)
    assert caught.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not mail.outbox


def test_the_snapshot_stays_the_same_after_a_new_regulation_version(funding):
    application = complete(funding)
    snapshot = services.application_submit(application=application, by=funding.member)
    stricter = {**RULES, "lead_time_days": 120, "excluded_activity_types": []}
    RegulationVersion.objects.create(
        regulation=funding.version.regulation,
        number=2,
        valid_from=timezone.localdate(),
        rules=stricter,
        rules_hash=fingerprint(stricter),
    )
    funding.call.regulation_version = RegulationVersion.objects.get(number=2)
    funding.call.save()
    snapshot.refresh_from_db()
    application.refresh_from_db()
    assert snapshot.sha256 == fingerprint(snapshot.content)
    assert snapshot.content["regulation"]["rules"]["lead_time_days"] == 42
    assert application.regulation_version == funding.version
    # The application is still checked under the version it was made under.
    assert services.application_check(application) == []


# --- Sending back and withdrawing ----------------------------------------------------------


def test_staff_send_back_and_the_applicant_completes_and_submits_again(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    deadline = timezone.localdate() + timedelta(days=10)
    with pytest.raises(Forbidden):
        services.application_return(
            application=application, by=funding.member, message="x", deadline=deadline
        )
    services.application_return(
        application=application,
        by=funding.staff,
        message="Voeg de statuten toe.",
        deadline=deadline,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    assert application.return_deadline == deadline
    returned = mail.outbox[-1]
    assert returned.to == [funding.member.email] and "Voeg de statuten toe." in returned.body
    services.application_save(application=application, by=funding.member, data={"title": "Nieuw"})
    services.application_submit(application=application, by=funding.member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Snapshot.objects.filter(application=application).count() == 2
    assert TimelineEvent.objects.filter(kind="funding.application_returned").exists()


def test_sending_back_needs_a_message_and_a_deadline_after_today(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    with pytest.raises(Invalid) as caught:
        services.application_return(
            application=application, by=funding.staff, message="", deadline=timezone.localdate()
        )
    assert set(caught.value.details["fields"]) == {"message", "deadline"}
    with pytest.raises(Invalid):
        services.application_return(
            application=application, by=funding.staff, message="x", deadline="morgen"
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_draft_cannot_be_sent_back(funding):
    application = complete(funding)
    with pytest.raises(Conflict, match="Only a submitted application can be sent back"):
        services.application_return(
            application=application,
            by=funding.staff,
            message="x",
            deadline=timezone.localdate() + timedelta(days=3),
        )


def test_after_the_return_deadline_the_application_can_no_longer_change(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    services.application_return(
        application=application,
        by=funding.staff,
        message="Vul aan.",
        deadline=timezone.localdate() + timedelta(days=2),
    )
    Application.objects.filter(pk=application.pk).update(
        return_deadline=timezone.localdate() - timedelta(days=1)
    )
    application.refresh_from_db()
    with pytest.raises(Conflict, match="The deadline to complete this application was"):
        services.application_save(application=application, by=funding.member, data={"title": "B"})
    with pytest.raises(Conflict, match="too late to submit"):
        services.application_submit(application=application, by=funding.member)


def test_a_member_withdraws_but_not_twice_and_not_for_another_organisation(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    outsider = UserFactory()
    MembershipFactory(organisation=funding.other, user=outsider, role=MemberRole.ADMIN)
    with pytest.raises(Forbidden):
        services.application_withdraw(application=application, by=outsider)
    services.application_withdraw(application=application, by=funding.member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(Conflict, match="already withdrawn"):
        services.application_withdraw(application=application, by=funding.member)
    with pytest.raises(Conflict, match="withdrawn"):
        services.application_submit(application=application, by=funding.member)
    assert TimelineEvent.objects.filter(kind="funding.application_withdrawn").count() == 1


def test_a_draft_can_be_withdrawn(funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    services.application_withdraw(application=application, by=funding.member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert FundingLog.objects.filter(change="withdrawn", from_state="draft").exists()


def test_a_member_of_organisation_a_cannot_act_for_organisation_b(funding):
    theirs = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    outsider = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(), user=outsider)
    with pytest.raises(Forbidden):
        services.application_save(application=theirs, by=outsider, data={"title": "Van mij"})
    with pytest.raises(Forbidden):
        services.attachment_add(
            application=theirs, code="begroting", upload=pdf_upload(), by=outsider
        )
    with pytest.raises(Forbidden):
        services.application_submit(application=theirs, by=outsider)
    theirs.refresh_from_db()
    assert theirs.title == "" and not theirs.attachments.exists()
