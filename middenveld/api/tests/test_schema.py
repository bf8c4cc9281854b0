"""The OpenAPI schema and the docs page."""

import re

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from middenveld.api.router import API_ROUTERS, api

pytestmark = pytest.mark.django_db

EVERY_ENDPOINT = {
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/{id}"),
    ("put", "/api/v1/organisations/{id}/identity"),
    ("put", "/api/v1/organisations/{id}/work"),
    ("put", "/api/v1/organisations/{id}/contact"),
    ("post", "/api/v1/organisations/{id}/submit"),
    ("post", "/api/v1/organisations/{id}/verify"),
    ("post", "/api/v1/organisations/{id}/reject"),
    ("get", "/api/v1/organisations/{id}/members"),
    ("patch", "/api/v1/organisations/{id}/members/{membership_id}"),
    ("delete", "/api/v1/organisations/{id}/members/{membership_id}"),
    ("post", "/api/v1/organisations/{id}/leave"),
    ("post", "/api/v1/organisations/{id}/invitations"),
    ("post", "/api/v1/invitations/accept"),
    ("get", "/api/v1/organisations/{id}/join-requests"),
    ("post", "/api/v1/organisations/{id}/join-requests"),
    ("post", "/api/v1/organisations/{id}/join-requests/{request_id}/approve"),
    ("post", "/api/v1/organisations/{id}/join-requests/{request_id}/refuse"),
    ("get", "/api/v1/me/organisations"),
    ("get", "/api/v1/topics"),
    ("get", "/api/v1/questions"),
    ("post", "/api/v1/questions"),
    ("get", "/api/v1/questions/{question_id}"),
    ("post", "/api/v1/questions/{question_id}/messages"),
    ("get", "/api/v1/staff/questions"),
    ("post", "/api/v1/questions/{question_id}/replies"),
    ("post", "/api/v1/questions/{question_id}/notes"),
    ("post", "/api/v1/questions/{question_id}/assign"),
    ("post", "/api/v1/questions/{question_id}/close"),
    ("post", "/api/v1/questions/{question_id}/merge"),
    ("post", "/api/v1/support/inbound-mail"),
    ("get", "/api/v1/articles"),
    ("get", "/api/v1/articles/{slug}"),
    ("get", "/api/v1/article-categories"),
    ("get", "/api/v1/inbox"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/workstreams"),
    ("get", "/api/v1/workstreams/{slug}"),
    ("get", "/api/v1/timeline"),
    ("get", "/api/v1/documents"),
    ("get", "/api/v1/news"),
    ("get", "/api/v1/news/{slug}"),
    # participation, events, ballots
    ("get", "/api/v1/ballots"),
    ("get", "/api/v1/ballots/{slug}"),
    ("put", "/api/v1/ballots/{slug}/cast"),
    ("get", "/api/v1/ballots/{slug}/export.pb"),
    ("get", "/api/v1/ballots/{slug}/my-vote"),
    ("get", "/api/v1/ballots/{slug}/results"),
    ("post", "/api/v1/comments/{comment_id}/hide"),
    ("post", "/api/v1/comments/{comment_id}/report"),
    ("post", "/api/v1/comments/{comment_id}/unhide"),
    ("get", "/api/v1/events"),
    ("get", "/api/v1/events/{slug}"),
    ("get", "/api/v1/events/{slug}/needs"),
    ("get", "/api/v1/events/{slug}/online-link"),
    ("get", "/api/v1/events/{slug}/registrations"),
    ("post", "/api/v1/events/{slug}/registrations"),
    ("delete", "/api/v1/events/{slug}/registrations/{registration_id}"),
    ("post", "/api/v1/events/{slug}/registrations/{registration_id}/check-in"),
    ("get", "/api/v1/events/{slug}/registrations/{registration_id}/ics"),
    ("get", "/api/v1/me/registrations"),
    ("get", "/api/v1/processes"),
    ("get", "/api/v1/processes/{slug}"),
    ("get", "/api/v1/processes/{slug}/comments"),
    ("post", "/api/v1/processes/{slug}/comments"),
    ("get", "/api/v1/processes/{slug}/proposals"),
    ("post", "/api/v1/processes/{slug}/proposals"),
    ("get", "/api/v1/proposals/{proposal_id}"),
    ("post", "/api/v1/proposals/{proposal_id}/decision"),
    # spaces
    ("get", "/api/v1/spaces"),
    ("get", "/api/v1/spaces/{id}"),
    ("get", "/api/v1/spaces/{id}/availability"),
    ("post", "/api/v1/spaces/bookings/plan"),
    ("get", "/api/v1/spaces/bookings"),
    ("post", "/api/v1/spaces/bookings"),
    ("get", "/api/v1/spaces/bookings/{id}"),
    ("post", "/api/v1/spaces/bookings/{id}/cancel"),
    ("post", "/api/v1/spaces/bookings/{id}/approve"),
    ("post", "/api/v1/spaces/bookings/{id}/deny"),
    # parliament
    ("get", "/api/v1/parliament/bodies"),
    ("get", "/api/v1/parliament/sessions"),
    ("get", "/api/v1/parliament/sessions/{id}"),
    ("post", "/api/v1/parliament/sessions/{id}/attendance"),
    ("delete", "/api/v1/parliament/sessions/{id}/attendance/{person_id}"),
    ("post", "/api/v1/parliament/sessions/{id}/confirmations"),
    ("post", "/api/v1/parliament/items/{id}/motions"),
    ("post", "/api/v1/parliament/motions/{id}/cosign"),
    ("post", "/api/v1/parliament/motions/{id}/withdraw"),
    ("post", "/api/v1/parliament/items/{id}/votes"),
    ("get", "/api/v1/parliament/votes/{id}"),
    ("post", "/api/v1/parliament/votes/{id}/cast"),
    ("post", "/api/v1/parliament/votes/{id}/close"),
    ("get", "/api/v1/parliament/votes/{id}/recount"),
    ("get", "/api/v1/parliament/advice"),
    ("get", "/api/v1/parliament/advice/{number}"),
    ("post", "/api/v1/parliament/advice/{number}/answer"),
    ("get", "/api/v1/parliament/signals"),
    ("post", "/api/v1/parliament/signals"),
    ("post", "/api/v1/parliament/signals/{id}/sort"),
    ("get", "/api/v1/funding/agreements/{id}"),
    ("post", "/api/v1/funding/agreements/{id}/indicator-reports"),
    ("post", "/api/v1/funding/applications"),
    ("get", "/api/v1/funding/applications/mine"),
    ("get", "/api/v1/funding/applications/{reference}"),
    ("patch", "/api/v1/funding/applications/{reference}"),
    ("get", "/api/v1/funding/applications/{reference}/assessment"),
    ("post", "/api/v1/funding/applications/{reference}/assessment"),
    ("post", "/api/v1/funding/applications/{reference}/attachments"),
    ("delete", "/api/v1/funding/applications/{reference}/attachments/{attachment_id}"),
    ("post", "/api/v1/funding/applications/{reference}/check"),
    ("post", "/api/v1/funding/applications/{reference}/conflict"),
    ("post", "/api/v1/funding/applications/{reference}/decision"),
    ("post", "/api/v1/funding/applications/{reference}/return"),
    ("post", "/api/v1/funding/applications/{reference}/submit"),
    ("post", "/api/v1/funding/applications/{reference}/withdraw"),
    ("get", "/api/v1/funding/awards"),
    ("post", "/api/v1/funding/awards/{identifier}/payments/{payment_id}/paid"),
    ("post", "/api/v1/funding/awards/{identifier}/reclaim"),
    ("get", "/api/v1/funding/calls"),
    ("get", "/api/v1/funding/calls/{slug}"),
    ("get", "/api/v1/funding/regulations"),
    ("get", "/api/v1/funding/regulations/{slug}"),
    ("post", "/api/v1/funding/reports/{report_id}"),
    ("post", "/api/v1/funding/reports/{report_id}/accept"),
    ("get", "/api/v1/funding/setup/agreements"),
    ("post", "/api/v1/funding/setup/agreements"),
    ("post", "/api/v1/funding/setup/agreements/{id}/amendments"),
    ("post", "/api/v1/funding/setup/agreements/{id}/indicators"),
    ("post", "/api/v1/funding/setup/agreements/{id}/years/{year}/commit"),
    ("get", "/api/v1/funding/setup/budgets"),
    ("post", "/api/v1/funding/setup/budgets"),
    ("post", "/api/v1/funding/setup/budgets/{id}/lines"),
    ("post", "/api/v1/funding/setup/calls"),
    ("get", "/api/v1/funding/setup/calls/{id}"),
    ("put", "/api/v1/funding/setup/calls/{id}"),
    ("get", "/api/v1/funding/setup/distributions/{id}"),
    ("post", "/api/v1/funding/setup/distributions/{id}/commit"),
    ("get", "/api/v1/funding/setup/lines/{id}"),
    ("post", "/api/v1/funding/setup/lines/{id}/decision"),
    ("post", "/api/v1/funding/setup/lines/{id}/distributions"),
    ("get", "/api/v1/funding/setup/regulations/{slug}/versions"),
    ("post", "/api/v1/funding/setup/regulations/{slug}/versions"),
    ("get", "/api/v1/funding/setup/regulations/{slug}/versions/{number}"),
    ("get", "/api/v1/funding/setup/transfers"),
    ("post", "/api/v1/funding/setup/transfers"),
    ("get", "/api/v1/funding/staff/applications"),
    ("delete", "/api/v1/parliament/composition-rules/{id}"),
    ("get", "/api/v1/parliament/sessions/{id}/confirmations"),
    ("get", "/api/v1/parliament/terms/{id}/composition"),
    ("post", "/api/v1/parliament/terms/{id}/composition/apply"),
    ("post", "/api/v1/parliament/terms/{id}/composition/rules"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_schema_lists_every_endpoint(schema):
    found = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert found == EVERY_ENDPOINT


def test_the_schema_is_well_formed_openapi_3(schema):
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] and schema["info"]["version"] == "1"
    operation_ids = []
    components = schema["components"]
    for path, operations in schema["paths"].items():
        assert path.startswith("/api/v1/")
        path_params = set(re.findall(r"{(\w+)}", path))
        for method, operation in operations.items():
            assert method in HTTP_METHODS
            operation_ids.append(operation["operationId"])
            assert operation["responses"], f"{method} {path} has no responses"
            for status in operation["responses"]:
                assert status == "default" or re.fullmatch(r"[1-5]\d\d", str(status))
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == path_params
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"query", "header", "path", "cookie"}
                if parameter["in"] == "path":
                    assert parameter["required"] is True
            for requirement in operation.get("security", []):
                assert set(requirement) <= set(components["securitySchemes"])
    assert len(operation_ids) == len(set(operation_ids))
    for ref in _refs(schema):
        prefix, _sep, name = ref.rpartition("/")
        assert prefix == "#/components/schemas"
        assert name in components["schemas"], f"unresolved {ref}"


def test_every_operation_documents_the_error_shape(schema):
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["responses"]["default"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["error"]


def test_public_endpoints_allow_anonymous_and_me_does_not(schema):
    assert {} in schema["paths"]["/api/v1/workstreams"]["get"]["security"]
    assert {} not in schema["paths"]["/api/v1/me"]["get"]["security"]
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "mv_…",
    }


def test_list_endpoints_document_limit_and_offset(schema):
    for path in ("/api/v1/workstreams", "/api/v1/timeline", "/api/v1/documents", "/api/v1/news"):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["limit"]["maximum"] == 200
        assert params["limit"]["default"] == 50
        assert params["offset"]["minimum"] == 0


def test_every_router_in_the_list_is_mounted_without_a_prefix():
    mounted = {id(router): prefix for prefix, router in api._routers}
    for module in API_ROUTERS:
        assert mounted[id(import_string(f"{module}.router"))] == ""


# --- docs ---------------------------------------------------------------------------


def test_the_docs_page_has_the_sites_strict_policy_and_nothing_inline(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in settings.CONTENT_SECURITY_POLICY
    html = response.content.decode()
    assert '<html lang="en">' in html
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        # Either a script file from our origin, or a JSON data block (never executed).
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        if "src=" in attributes:
            assert not body.strip()
    assert "<style" not in html
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r"\son\w+=", html) is None  # no inline event handlers
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/api/v1/openapi.json" in html


def test_the_docs_send_the_csrf_token_for_session_callers(client):
    html = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in html
