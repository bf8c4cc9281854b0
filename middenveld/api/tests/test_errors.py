"""Every error the API gives has one shape: {"error": {"code", "message", "details"?}}."""

import pytest

from middenveld.api.tests.helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("middenveld.api.tests.urls")]


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("not_found", 404, "not_found"),
        ("forbidden", 403, "forbidden"),
        ("conflict", 409, "conflict"),
        ("invalid", 422, "invalid"),
        ("bad_request", 400, "bad_request"),
        ("http404", 404, "not_found"),
        ("does_not_exist", 404, "not_found"),
        ("permission_denied", 403, "forbidden"),
        ("django_validation", 422, "invalid"),
        ("integrity", 409, "conflict"),
        ("http_error", 409, "conflict"),
    ],
)
def test_each_kind_of_error_has_the_shape_status_and_code(client, kind, status, code):
    response = client.get(f"/test-api/raise/{kind}")
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_a_domain_error_keeps_its_own_sentence(client):
    assert error_of(client.get("/test-api/raise/forbidden"))["message"] == "Not for you."


def test_the_reason_of_permission_denied_is_the_message(client):
    error = error_of(client.get("/test-api/raise/permission_denied"))
    assert error["message"] == "Only the secretariat can do this."


def test_field_errors_go_in_details(client):
    error = error_of(client.get("/test-api/raise/invalid"))
    assert error["details"] == {"fields": {"name": ["Too short."]}}
    error = error_of(client.get("/test-api/raise/django_validation?lang=en"))
    assert error["details"] == {"fields": {"email": ["Enter a valid email address."]}}


def test_a_404_does_not_leak_the_exception_text(client):
    assert "secret" not in client.get("/test-api/raise/http404").content.decode()


def test_an_integrity_error_is_a_409_with_a_sentence_not_a_500(client):
    response = client.get("/test-api/raise/integrity")
    assert response.status_code == 409
    assert "UNIQUE" not in response.content.decode()


def test_an_unexpected_exception_is_a_json_500_without_details(client):
    client.raise_request_exception = False
    response = client.get("/test-api/raise/crash")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_an_unexpected_exception_is_logged_like_django_does(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        client.get("/test-api/raise/crash")
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_a_body_that_is_not_json_is_a_400(client, citizen):
    client.force_login(citizen)
    response = client.post("/test-api/names", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_a_missing_field_is_a_422_naming_the_field(client, citizen):
    client.force_login(citizen)
    response = client.post("/test-api/names", data={}, content_type="application/json")
    assert response.status_code == 422
    assert list(error_of(response)["details"]["fields"]) == ["name"]


def test_an_unknown_path_under_the_api_is_a_json_404(client):
    for url in ("/api/v1/nothing-here", "/api/v1/workstreams/", "/api/v1/a/b/c"):
        response = client.get(url)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_an_unknown_path_is_a_json_404_for_unsafe_methods_too(client):
    response = client.post("/api/v1/nothing-here", data={})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_wrong_method_is_a_json_405_with_allow(client):
    response = client.delete("/api/v1/workstreams")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert error_of(response)["code"] == "method_not_allowed"


def test_too_many_requests_is_a_429_with_retry_after(client):
    assert client.get("/test-api/limited").status_code == 200
    response = client.get("/test-api/limited")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_the_api_root_describes_where_schema_and_docs_are(client):
    body = client.get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["docs"].endswith("/api/v1/docs")
