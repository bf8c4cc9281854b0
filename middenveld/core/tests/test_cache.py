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
