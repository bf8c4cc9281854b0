"""Named rules in endpoints: 403 with the rule's reason, 401 for anonymous callers."""

import pytest

from middenveld.api.tests.helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("middenveld.api.tests.urls")]


@pytest.mark.parametrize("url", ["/test-api/staff-only", "/test-api/staff-only-decorated"])
def test_an_anonymous_caller_is_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("url", ["/test-api/staff-only", "/test-api/staff-only-decorated"])
def test_a_citizen_is_refused_with_the_rules_reason(client, citizen, url):
    client.force_login(citizen)
    response = client.get(f"{url}?lang=en")
    assert response.status_code == 403
    error = error_of(response)
    assert error == {"code": "forbidden", "message": "Only city staff can do this."}


@pytest.mark.parametrize("url", ["/test-api/staff-only", "/test-api/staff-only-decorated"])
def test_staff_may(client, staff, url):
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_decorator_keeps_the_endpoints_parameters(client, staff):
    client.force_login(staff)
    assert client.get("/test-api/staff-only-decorated?note=hi").json() == {"ok": True, "note": "hi"}
