"""Who may open and do what on the applicant's pages and endpoints: anonymous, a signed-in
person of no organisation, a member of the applicant (A), a member of another
organisation (B), city staff and an assessor of the call. Someone who may not see an
application gets the same 404 as for one that does not exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from middenveld.accounts.tests.factories import UserFactory
from middenveld.funding.services import applications as services
from middenveld.funding.tests.test_apply_services import complete
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "member_a", "member_b", "staff", "assessor")


@pytest.fixture
def world(funding):
    application = complete(funding)
    services.application_submit(application=application, by=funding.member)
    member_b = UserFactory()
    MembershipFactory(organisation=funding.other, user=member_b, role=MemberRole.ADMIN)
    people = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member_a": funding.member,
        "member_b": member_b,
        "staff": funding.staff,
        "assessor": funding.assessor,
    }
    return funding, application, people


def _page(name, application=None, **kwargs):
    if application is not None:
        kwargs["reference"] = application.reference
    return reverse(f"funding:{name}", kwargs=kwargs)


# (method, address maker, data) -> status for each role, in the order of ROLES.
PAGES = [
    ("get", lambda f, a: _page("my_applications"), None, (302, 200, 200, 200, 200, 200)),
    (
        "get",
        lambda f, a: _page("application_start", slug=f.call.slug),
        None,
        (302, 200, 200, 200, 200, 200),
    ),
    ("get", lambda f, a: _page("application", a), None, (302, 404, 200, 404, 200, 200)),
    ("get", lambda f, a: _page("application_pdf", a), None, (302, 404, 200, 404, 200, 200)),
    (
        "get",
        lambda f, a: _page("application_attachment", a, pk=a.attachments.get().pk),
        None,
        (302, 404, 200, 404, 200, 200),
    ),
    (
        "get",
        lambda f, a: _page("application_withdraw", a),
        None,
        (302, 404, 200, 404, 403, 403),
    ),
    (
        "post",
        lambda f, a: _page("application", a),
        {"title": "x"},
        (302, 404, 409, 404, 403, 403),
    ),
    ("post", lambda f, a: _page("application_submit", a), {}, (302, 404, 409, 404, 403, 403)),
    (
        "post",
        lambda f, a: _page("application_return", a),
        {"message": "", "deadline": ""},
        (302, 403, 403, 403, 422, 403),
    ),
]

API = "/api/v1/funding/applications"
ENDPOINTS = [
    ("get", lambda a: f"{API}/mine", None, (401, 200, 200, 200, 200, 200)),
    ("get", lambda a: f"{API}/{a.reference}", None, (401, 404, 200, 404, 200, 200)),
    ("patch", lambda a: f"{API}/{a.reference}", {"title": "x"}, (401, 404, 409, 404, 403, 403)),
    ("post", lambda a: f"{API}/{a.reference}/check", {}, (401, 404, 200, 404, 200, 200)),
    ("post", lambda a: f"{API}/{a.reference}/submit", {}, (401, 404, 409, 404, 403, 403)),
    ("post", lambda a: f"{API}/{a.reference}/withdraw", {}, (401, 404, 200, 404, 403, 403)),
    (
        "post",
        lambda a: f"{API}/{a.reference}/return",
        {"message": "", "deadline": ""},
        (401, 403, 403, 403, 422, 403),
    ),
]


@pytest.mark.parametrize("case", range(len(PAGES)))
def test_pages(client, world, case):
    funding, application, people = world
    method, address, data, expected = PAGES[case]
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = getattr(client, method)(address(funding, application), data or {})
        assert response.status_code == status, (role, address(funding, application))


@pytest.mark.parametrize("case", range(len(ENDPOINTS)))
def test_endpoints(client, world, case):
    funding, application, people = world
    method, address, data, expected = ENDPOINTS[case]
    for role, status in zip(ROLES, expected, strict=True):
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        call = getattr(client, method)
        response = call(address(application), data or {}, content_type="application/json")
        assert response.status_code == status, (role, address(application), response.content)
