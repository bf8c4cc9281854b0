"""Applications through the API: the same services as the pages. Start, save (forged
fields refused), documents (multipart), check, submit (once, before the deadline),
withdraw, send back; who may read and act, without leaking other organisations'
applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from middenveld.accounts.tests.factories import UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.api.tests.helpers import bearer, error_of
from middenveld.funding.models import Application, ApplicationStatus, Snapshot
from middenveld.funding.services import applications as services
from middenveld.funding.tests.factories import ApplicationFactory
from middenveld.funding.tests.test_apply_services import GOOD, complete, docx_upload, pdf_upload
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/funding/applications"
EN = {"Accept-Language": "en"}


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, path="", body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json", headers=EN)


def patch(client, path, body):
    return client.patch(f"{API}{path}", body, content_type="application/json", headers=EN)


def get(client, path=""):
    return client.get(f"{API}{path}", headers=EN)


def fields_of(response):
    return error_of(response).get("details", {}).get("fields", {})


def test_the_whole_flow_through_the_api(client, funding):
    as_user(client, funding.member)
    response = post(
        client, "", {"call": funding.call.slug, "organisation": funding.organisation.pk}
    )
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    assert response.json()["status"] == "draft" and response.json()["regulation_version"] == 1
    starts = (timezone.localdate() + timedelta(days=70)).isoformat()
    response = patch(client, f"/{reference}", {**GOOD, "activity_starts_on": starts})
    assert response.status_code == 200, response.json()
    assert response.json()["amount_requested"] == "1000.50"
    assert response.json()["budget_total"] == "900.50"
    response = client.post(
        f"{API}/{reference}/attachments",
        {"code": "begroting", "file": pdf_upload()},
        headers=EN,
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["sha256"]) == 64
    response = post(client, f"/{reference}/check")
    assert response.json() == {"ready": True, "problems": []}
    response = post(client, f"/{reference}/submit")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["snapshot"]["sha256"] == Snapshot.objects.get().sha256
    assert response.json()["editable"] is False
    assert len(mail.outbox) == 1
    mine = get(client, "/mine").json()
    assert [row["reference"] for row in mine["results"]] == [reference]


@pytest.mark.parametrize(
    "forged",
    [{"status": "awarded"}, {"organisation": 99}, {"reference": "X"}, {"call": "x"}, {"bedrag": 5}],
)
def test_forged_fields_are_refused_with_a_clear_message(client, funding, forged):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    as_user(client, funding.member)
    response = patch(client, f"/{application.reference}", {"title": "Mag niet", **forged})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "fields_not_changeable"
    assert error["message"].startswith("These fields cannot be changed:")
    assert set(fields_of(response)) == set(forged)
    application.refresh_from_db()
    assert application.title == "" and application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        ("-1", "cannot be negative"),
        ("abc", "is not an amount we can read"),
        (10**12, "too large"),
        ("1.000,50", None),
        ("1,000.50", None),
        (1000.5, None),
    ],
)
def test_amounts_through_the_api(client, funding, amount, says):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    as_user(client, funding.member)
    response = patch(client, f"/{application.reference}", {"amount_requested": amount})
    if says is None:
        assert response.status_code == 200 and response.json()["amount_requested"] == "1000.50"
    else:
        assert response.status_code == 422
        assert says in " ".join(fields_of(response)["amount_requested"])
        application.refresh_from_db()
        assert application.amount_requested is None


def test_changing_a_submitted_application_is_a_409(client, funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    as_user(client, funding.member)
    response = patch(client, f"/{application.reference}", {"title": "Anders"})
    assert response.status_code == 409
    assert error_of(response)["message"] == (
        "This application was submitted and can no longer be changed."
    )
    response = post(client, f"/{application.reference}/submit")
    assert response.status_code == 409 and error_of(response)["code"] == "already_submitted"
    assert Snapshot.objects.count() == 1


def test_submit_after_the_deadline_is_a_409(client, funding):
    application = complete(funding)
    funding.call.closes_at = timezone.now() - timedelta(seconds=1)
    funding.call.save()
    response = post(as_user(client, funding.member), f"/{application.reference}/submit")
    assert response.status_code == 409 and error_of(response)["code"] == "deadline_passed"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_that_fails_the_check_lists_the_reasons(client, funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    response = post(as_user(client, funding.member), f"/{application.reference}/submit")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "not_eligible"
    assert "Give your application a title." in error["details"]["problems"]


def test_a_document_that_lies_about_its_kind_is_refused(client, funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    as_user(client, funding.member)
    response = client.post(
        f"{API}/{application.reference}/attachments",
        {"code": "begroting", "file": docx_upload("begroting.pdf")},
        headers=EN,
    )
    assert response.status_code == 422 and "but it is a DOCX file" in error_of(response)["message"]
    assert not application.attachments.exists()


def test_a_document_is_removed(client, funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    attachment = services.attachment_add(
        application=application, code="begroting", upload=pdf_upload(), by=funding.member
    )
    as_user(client, funding.member)
    response = client.delete(f"{API}/{application.reference}/attachments/{attachment.pk}")
    assert response.status_code == 204 and not application.attachments.exists()
    response = client.delete(f"{API}/{application.reference}/attachments/{2**70}")
    assert response.status_code in (404, 422)


def test_members_of_another_organisation_get_404_without_leaking(client, funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    outsider = UserFactory()
    MembershipFactory(organisation=funding.other, user=outsider, role=MemberRole.ADMIN)
    as_user(client, outsider)
    missing = get(client, "/AV2000-000001")
    for response in (
        get(client, f"/{application.reference}"),
        patch(client, f"/{application.reference}", {"title": "Van mij"}),
        post(client, f"/{application.reference}/check"),
        post(client, f"/{application.reference}/submit"),
        post(client, f"/{application.reference}/withdraw"),
    ):
        assert response.status_code == 404
        assert error_of(response) == error_of(missing)
    assert get(client, "/mine").json()["count"] == 0
    # Nor can they start one for the first organisation.
    response = post(
        client, "", {"call": funding.call.slug, "organisation": funding.organisation.pk}
    )
    assert response.status_code == 403
    assert Application.objects.count() == 1
    application.refresh_from_db()
    assert application.title == ""


def test_staff_read_and_send_back_but_do_not_edit(client, funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    as_user(client, funding.staff)
    assert get(client, f"/{application.reference}").status_code == 200
    response = patch(client, f"/{application.reference}", {"title": "Door de stad"})
    assert response.status_code == 403
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = post(
        client, f"/{application.reference}/return", {"message": "Vul aan.", "deadline": deadline}
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["return_deadline"] == deadline


def test_a_member_cannot_send_back(client, funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    deadline = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = post(
        as_user(client, funding.member),
        f"/{application.reference}/return",
        {"message": "x", "deadline": deadline},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_anonymous_callers_must_sign_in(client, funding):
    application = ApplicationFactory(call=funding.call, organisation=funding.organisation)
    assert get(client, f"/{application.reference}").status_code == 401
    assert get(client, "/mine").status_code == 401


def test_a_personal_token_works_too(client, funding):
    _token, plain = api_token_create(user=funding.member, name="test")
    response = client.post(
        API,
        {"call": funding.call.slug, "organisation": funding.organisation.pk},
        content_type="application/json",
        headers={**EN, **bearer(plain)},
    )
    assert response.status_code == 201


def test_withdraw_through_the_api(client, funding):
    application = services.application_start(
        call=funding.call, organisation=funding.organisation, by=funding.member
    )
    as_user(client, funding.member)
    response = post(client, f"/{application.reference}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    response = post(client, f"/{application.reference}/withdraw")
    assert response.status_code == 409


@pytest.mark.parametrize("count", [1, 12])
def test_query_budget_of_my_applications(client, funding, django_assert_max_num_queries, count):
    for _number in range(count):
        ApplicationFactory(call=funding.call, organisation=funding.organisation)
    as_user(client, funding.member)
    with django_assert_max_num_queries(6):
        response = get(client, "/mine")
    assert response.status_code == 200 and response.json()["count"] == count
