from unittest import mock

import pytest

from middenveld.core.cache import bump_content_version, content_version
from middenveld.trajectory.models import Workstream


def make_workstream(**kwargs):
    defaults = {"number": 1, "slug": "basiswerk", "title_nl": "Basiswerk", "summary_nl": "Kort"}
    defaults.update(kwargs)
    return Workstream.objects.create(**defaults)


@pytest.mark.django_db
def test_content_version_starts_at_zero_and_bumps():
    assert content_version() == 0
    bump_content_version()
    bump_content_version()
    assert content_version() == 2


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_cache_and_never_stale_after_an_edit(client):
    workstream = make_workstream()
    first = client.get("/werven/")
    assert first["X-Cache"] == "miss"
    second = client.get("/werven/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    workstream.title_nl = "Basiswerk versterken"
    workstream.save()
    third = client.get("/werven/")
    assert third["X-Cache"] == "miss"
    assert "Basiswerk versterken" in third.content.decode()


@pytest.mark.django_db
def test_each_language_has_its_own_cached_copy(client):
    make_workstream(title_en="Basic work")
    assert "Basiswerk" in client.get("/werven/").content.decode()
    assert "Basic work" in client.get("/en/werven/").content.decode()


@pytest.mark.django_db
def test_deleting_content_invalidates_the_cache(client):
    workstream = make_workstream()
    assert "Basiswerk" in client.get("/werven/").content.decode()
    workstream.delete()
    assert "Basiswerk" not in client.get("/werven/").content.decode()


@pytest.mark.django_db
def test_signed_in_people_get_a_fresh_page(client, citizen):
    client.force_login(citizen)
    response = client.get("/")
    assert "X-Cache" not in response


@pytest.mark.django_db
def test_a_cached_page_is_answered_before_url_resolution_with_every_security_header(client):
    make_workstream()
    assert client.get("/werven/")["X-Cache"] == "miss"
    with mock.patch("django.urls.resolvers.URLResolver.resolve") as resolve:
        response = client.get("/werven/")
    resolve.assert_not_called()
    assert response["X-Cache"] == "hit"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["Content-Language"] == "nl"
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_a_page_with_a_one_time_message_is_neither_served_from_nor_stored_in_the_cache(
    client, citizen
):
    make_workstream()
    client.get("/werven/")
    client.force_login(citizen)
    response = client.post("/afmelden/", follow=False)
    assert response.status_code == 302
    page = client.get("/werven/")
    assert page.get("X-Cache") is None
    assert "afgemeld" in page.content.decode()
    again = client.get("/werven/")
    assert again["X-Cache"] == "hit"
    assert "afgemeld" not in again.content.decode()


@pytest.mark.django_db
def test_a_visitor_with_a_session_goes_the_normal_way(client, citizen):
    make_workstream()
    client.get("/werven/")
    client.force_login(citizen)
    assert "X-Cache" not in client.get("/werven/")


def test_a_page_that_changes_with_the_clock_is_kept_only_its_seconds(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from middenveld.core.cache import public_page

    calls = []

    @public_page(seconds=300)
    def view(request):
        calls.append(1)
        return HttpResponse("now")

    request = rf.get("/klok/")
    request.user = AnonymousUser()
    with mock.patch("middenveld.core.cache.cache") as fake:
        fake.get.return_value = None
        view(request)
    assert calls == [1]
    key, entry, seconds = fake.set.call_args.args
    assert entry["content"] == b"now"
    assert seconds == 300
