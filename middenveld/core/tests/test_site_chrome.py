"""The header's shared parts (core/templatetags/site_chrome.py) and the cached footer."""

import pytest

from middenveld.accounts.models import Role


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user(email="burger@example.org", password="x" * 12)


def _main_menu(html: str) -> str:
    return html[html.index('<nav class="main-menu') : html.index("</header>")]


@pytest.mark.django_db
def test_the_current_menu_item_is_marked_on_its_page_only(client):
    menu = _main_menu(client.get("/subsidies/").content.decode())
    assert '<a href="/subsidies/" aria-current="page">Subsidies</a>' in menu
    assert menu.count('aria-current="page"') == 1
    menu = _main_menu(client.get("/en/subsidies/toekenningen/").content.decode())
    assert '<a href="/en/subsidies/">Subsidies</a>' in menu
    assert 'aria-current="page"' not in menu
    menu = _main_menu(client.get("/en/").content.decode())
    assert '<a href="/en/" aria-current="page">Home</a>' in menu


@pytest.mark.django_db
def test_the_account_links_follow_the_visitor(client, citizen):
    html = client.get("/en/subsidies/").content.decode()
    assert ">Sign in</a>" in html
    assert "Sign out" not in html
    client.force_login(citizen)
    html = client.get("/en/subsidies/").content.decode()
    assert ">My account</a>" in html
    assert 'href="/en/beheer/"' not in html
    assert 'name="csrfmiddlewaretoken"' in html
    citizen.role = Role.STAFF
    citizen.save()
    assert 'href="/en/beheer/">Back office</a>' in client.get("/en/subsidies/").content.decode()
    assert 'href="/beheer/"' in client.get("/subsidies/").content.decode()


@pytest.mark.django_db
def test_the_header_is_rendered_afresh_with_debug(client, settings):
    from middenveld.core.templatetags import site_chrome

    client.get("/subsidies/")
    cached = site_chrome._render_once.cache_info().currsize
    settings.DEBUG = True
    client.get("/nieuws/")
    assert site_chrome._render_once.cache_info().currsize == cached
