"""The applicant's pages: start, my applications, the edit page (saved as you go with
HTMX, or all at once without JavaScript), documents, submit, the PDF copy, withdraw, and
staff sending an application back. Who may open what, bad input, and query budgets."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from middenveld.accounts.tests.factories import UserFactory
from middenveld.funding.models import Application, ApplicationStatus, Snapshot
from middenveld.funding.services import applications as services
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.funding.tests.test_apply_services import complete, docx_upload, pdf_upload
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    # The conftest makes English active: these are /en/… addresses with English texts.
    return reverse(f"funding:{name}", kwargs=kwargs)


def page(application, name="application", **kwargs):
    return url(name, reference=application.reference, **kwargs)


def draft(funding):
    return services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )


def outsider_of(funding):
    person = UserFactory()
    MembershipFactory(organisation=funding.other, user=person, role=MemberRole.ADMIN)
    return person


# --- Starting ---------------------------------------------------------------------------------


def test_a_member_chooses_an_organisation_and_starts(client, funding):
    client.force_login(funding.member)
    start = url("application_start", slug=funding.call.slug)
    response = client.get(start)
    assert response.status_code == 200
    assert funding.organisation.name in response.content.decode()
    response = client.post(start, {"organisation": funding.organisation.pk, "title": "Feest"})
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == page(application)
    assert application.title == "Feest" and application.organisation == funding.organisation


def test_starting_for_an_organisation_that_is_not_yours_is_refused(client, funding):
    client.force_login(funding.member)
    response = client.post(
        url("application_start", slug=funding.call.slug), {"organisation": funding.other.pk}
    )
    assert response.status_code == 422
    assert "Choose one of your own organisations." in response.content.decode()
    assert not Application.objects.exists()


def test_a_closed_call_says_so_on_the_start_page(client, funding):
    funding.call.closes_at = timezone.now() - timedelta(hours=1)
    funding.call.save()
    client.force_login(funding.member)
    response = client.get(url("application_start", slug=funding.call.slug))
    assert "This call closed on" in response.content.decode()
    response = client.post(
        url("application_start", slug=funding.call.slug),
        {"organisation": funding.organisation.pk},
    )
    assert response.status_code == 409 and not Application.objects.exists()


def test_the_start_page_needs_a_sign_in(client, funding):
    response = client.get(url("application_start", slug=funding.call.slug))
    assert response.status_code == 302 and "/aanmelden/?next=" in response["Location"]


# --- My applications --------------------------------------------------------------------------


def test_my_applications_shows_only_my_organisations(client, funding):
    mine = draft(funding)
    theirs = ApplicationFactory(call=funding.call, organisation=funding.other, title="Niet van mij")
    client.force_login(funding.member)
    body = client.get(url("my_applications")).content.decode()
    assert mine.reference in body and theirs.reference not in body


@pytest.mark.parametrize("count", [1, 15])
def test_query_budget_of_my_applications(client, funding, django_assert_max_num_queries, count):
    for _number in range(count):
        ApplicationFactory(call=funding.call, organisation=funding.organisation)
    client.force_login(funding.member)
    with django_assert_max_num_queries(8):
        response = client.get(url("my_applications"))
    assert response.status_code == 200


# --- The edit page ----------------------------------------------------------------------------


def test_the_edit_page_shows_the_form_the_budget_table_and_the_check(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    body = client.get(page(application)).content.decode()
    assert 'for="id_answer_doel"' in body and "What do you want to do?" in body
    assert 'for="id_amount_requested"' in body
    for cost in ("Catering", "Rent", "Material"):
        assert '<th scope="row" id="budget-row-' in body and cost in body
    assert 'for="doc-begroting-file"' in body
    assert "Check before you submit" in body and "Give your application a title." in body
    assert f'hx-post="{page(application)}"' in body


def test_saving_without_javascript_saves_every_field(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(
        page(application),
        {
            "title": "Buurtfeest",
            "category": "klein",
            "activity_type": "buurtactiviteit",
            "activity_starts_on": "2030-06-30",
            "amount_requested": "1.000,50",
            "answer_doel": "Samen",
            "answer_deelnemers": "30",
            "budget_0_category": "catering",
            "budget_0_description": "Drank",
            "budget_0_amount": "50",
            "budget_1_category": "huur",
            "budget_1_description": "Zaal",
            "budget_1_amount": "1.000",
            "budget_2_category": "materiaal",
            "budget_2_description": "",
            "budget_2_amount": "",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Buurtfeest"
    assert str(application.amount_requested) == "1000.50"
    assert application.answers == {"doel": "Samen", "deelnemers": 30}
    assert application.budget == [
        {"category": "catering", "description": "Drank", "amount": "50.00"},
        {"category": "huur", "description": "Zaal", "amount": "1000.00"},
    ]
    assert "€1,050.00" in client.get(page(application)).content.decode()


def test_a_bad_amount_shows_next_to_its_field_and_saves_nothing(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(
        page(application),
        {
            "title": "Niet bewaard",
            "amount_requested": "-5",
            "budget_1_category": "huur",
            "budget_1_description": "Zaal",
            "budget_1_amount": "veel",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "The amount cannot be negative." in body
    assert "is not an amount we can read" in body
    assert 'href="#id_amount_requested"' in body  # the summary links to the field
    application.refresh_from_db()
    assert application.title == "" and application.amount_requested is None


def test_htmx_saves_only_the_field_that_changed_and_answers_with_the_check(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    headers = {"HX-Request": "true", "HX-Trigger-Name": "amount_requested"}
    response = client.post(
        page(application),
        {"title": "Niet deze", "amount_requested": "1.250,50"},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="live-check"')
    assert "Saved at" in body and "Give your application a title." in body
    application.refresh_from_db()
    assert str(application.amount_requested) == "1250.50" and application.title == ""


def test_htmx_says_when_a_field_was_not_saved(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(
        page(application),
        {"amount_requested": "1,000"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "amount_requested"},
    )
    assert response.status_code == 200
    assert "Not saved:" in response.content.decode()
    assert "can be read in two ways" in response.content.decode()
    application.refresh_from_db()
    assert application.amount_requested is None


def test_submit_refused_shows_every_reason(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(page(application, "application_submit"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "This application cannot be submitted yet" in body
    for reason in ("Give your application a title.", "Choose a category.", "Add this document"):
        assert reason in body
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_after_submit_the_page_is_read_only_and_shows_the_snapshot(client, funding):
    application = complete(funding)
    client.force_login(funding.member)
    response = client.post(page(application, "application_submit"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments
    snapshot = Snapshot.objects.get()
    body = client.get(page(application)).content.decode()
    assert snapshot.sha256 in body
    assert 'name="amount_requested"' not in body and "hx-post" not in body
    assert "€1,000.50" in body
    # Editing after submit: refused, nothing changed.
    response = client.post(page(application), {"title": "Anders"})
    assert response.status_code == 409
    assert (
        "This application was submitted and can no longer be changed." in response.content.decode()
    )
    # A second submit: refused, nothing changed.
    response = client.post(page(application, "application_submit"))
    assert response.status_code == 409
    assert "This application was already submitted on" in response.content.decode()
    assert Snapshot.objects.count() == 1 and len(mail.outbox) == 1


def test_the_pdf_copy_of_a_submitted_application_is_the_snapshot(client, funding):
    application = complete(funding)
    snapshot = services.application_submit(application=application, by=funding.member)
    Application.objects.filter(pk=application.pk).update(title="Later veranderd")
    client.force_login(funding.member)
    response = client.get(page(application, "application_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Buurtfeest in de Brugse Poort" in text and "Later veranderd" not in text
    assert snapshot.sha256[:16] in text.replace("\n", "")


def test_the_pdf_copy_of_a_draft_says_it_is_a_draft(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.get(page(application, "application_pdf"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "has not been submitted" in text.replace("\n", " ")


# --- Documents --------------------------------------------------------------------------------


def test_a_document_is_uploaded_and_downloaded(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(
        page(application, "application_attachment_add"),
        {"code": "begroting", "doc-begroting-file": pdf_upload("Begroting.pdf")},
    )
    assert response.status_code == 302
    attachment = application.attachments.get()
    response = client.get(page(application, "application_attachment", pk=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'attachment; filename="Begroting.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # Removed again while a draft.
    response = client.post(page(application, "application_attachment_remove", pk=attachment.pk))
    assert response.status_code == 302 and not application.attachments.exists()


def test_a_file_that_lies_about_its_kind_is_refused_on_the_page(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    response = client.post(
        page(application, "application_attachment_add"),
        {"code": "begroting", "doc-begroting-file": docx_upload("begroting.pdf")},
    )
    assert response.status_code == 422
    assert "but it is a DOCX file" in response.content.decode()
    assert not application.attachments.exists()


# --- Withdrawing and sending back -------------------------------------------------------------


def test_a_member_withdraws_after_confirming(client, funding):
    application = draft(funding)
    client.force_login(funding.member)
    assert client.get(page(application, "application_withdraw")).status_code == 200
    response = client.post(page(application, "application_withdraw"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_staff_send_a_submitted_application_back(client, funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    client.force_login(funding.staff)
    body = client.get(page(application)).content.decode()
    assert "Send back for completion" in body
    response = client.post(
        page(application, "application_return"), {"message": "Voeg toe.", "deadline": "gisteren"}
    )
    assert response.status_code == 422 and "Enter a date" in response.content.decode()
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        page(application, "application_return"), {"message": "Voeg toe.", "deadline": deadline}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    client.force_login(funding.member)
    body = client.get(page(application)).content.decode()
    assert "Voeg toe." in body and 'name="amount_requested"' in body


def test_a_member_cannot_send_back(client, funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    client.force_login(funding.member)
    response = client.post(
        page(application, "application_return"),
        {"message": "x", "deadline": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


# --- Who may open what ------------------------------------------------------------------------


def test_a_member_of_another_organisation_gets_404_everywhere(client, funding):
    application = complete(funding)
    attachment = application.attachments.get()
    client.force_login(outsider_of(funding))
    for address in (
        page(application),
        page(application, "application_pdf"),
        page(application, "application_withdraw"),
        page(application, "application_attachment", pk=attachment.pk),
    ):
        assert client.get(address).status_code == 404, address
    for address in (
        page(application),
        page(application, "application_submit"),
        page(application, "application_withdraw"),
        page(application, "application_attachment_add"),
        page(application, "application_attachment_remove", pk=attachment.pk),
    ):
        assert client.post(address, {"title": "x"}).status_code == 404, address
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.attachments.exists()


def test_staff_read_but_do_not_edit(client, funding):
    application = draft(funding)
    client.force_login(funding.staff)
    response = client.get(page(application))
    assert response.status_code == 200 and "hx-post" not in response.content.decode()
    response = client.post(page(application), {"title": "Door de stad"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.title == ""


def test_an_unknown_reference_is_404(client, funding):
    client.force_login(funding.member)
    assert client.get(url("application", reference="AV2020-999999")).status_code == 404


@pytest.mark.parametrize("documents", [1, 6])
def test_query_budget_of_the_application_page(
    client, funding, django_assert_max_num_queries, documents
):
    application = complete(funding)
    for _number in range(documents - 1):
        services.attachment_add(
            application=application, code="begroting", upload=pdf_upload(), by=funding.member
        )
    client.force_login(funding.member)
    # 10 today: session, user, application, membership, snapshot, the check (documents,
    # grants), the documents, the footer's contact; the same read-only after submit.
    with django_assert_max_num_queries(12):
        assert client.get(page(application)).status_code == 200
    services.application_submit(application=application, by=funding.member)
    with django_assert_max_num_queries(12):
        assert client.get(page(application)).status_code == 200
