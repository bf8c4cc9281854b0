"""/mijn/meldingen/: a person's own notifications, marking them read, the digest switch."""

from __future__ import annotations

import pytest

from middenveld.accounts.tests.factories import UserFactory
from middenveld.city.models import Notification, NotificationSetting
from middenveld.city.services import digest_setting_get, notify

pytestmark = pytest.mark.django_db

URL = "/en/mijn/meldingen/"  # English pages: the tests read the messages


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert client.post(URL + "gelezen/").status_code == 302
    assert client.post(URL + "dagoverzicht/", {"daily_digest": "off"}).status_code == 302
    assert not NotificationSetting.objects.exists()


def test_the_page_shows_only_my_notifications_newest_first(client, citizen):
    other = UserFactory()
    notify(recipient=citizen, kind="t", sentence="First for me")
    notify(recipient=citizen, kind="t", sentence="Second for me")
    notify(recipient=other, kind="t", sentence="Not for you")
    client.force_login(citizen)

    html = client.get(URL).content.decode()

    assert "First for me" in html and "Second for me" in html
    assert "Not for you" not in html
    assert html.index("Second for me") < html.index("First for me")


def test_the_page_is_paginated(client, citizen):
    for i in range(30):
        notify(recipient=citizen, kind="t", sentence=f"Note number {i:02d}")
    client.force_login(citizen)

    first = client.get(URL).content.decode()
    second = client.get(URL + "?pagina=2").content.decode()

    assert "Note number 29" in first and "Note number 00" not in first
    assert "Note number 00" in second
    assert client.get(URL + "?pagina=abc").status_code == 200


def test_marking_someone_elses_notification_read_does_nothing(client, citizen):
    theirs = notify(recipient=UserFactory(), kind="t", sentence="Theirs")
    mine = notify(recipient=citizen, kind="t", sentence="Mine")
    client.force_login(citizen)

    response = client.post(URL + "gelezen/", {"id": theirs.pk})

    assert response.status_code == 302
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None
    assert mine.read_at is None


def test_mark_one_and_mark_all_read(client, citizen):
    one = notify(recipient=citizen, kind="t", sentence="One")
    two = notify(recipient=citizen, kind="t", sentence="Two")
    theirs = notify(recipient=UserFactory(), kind="t", sentence="Theirs")
    client.force_login(citizen)

    client.post(URL + "gelezen/", {"id": one.pk})
    assert Notification.objects.get(pk=one.pk).read_at is not None
    assert Notification.objects.get(pk=two.pk).read_at is None

    client.post(URL + "gelezen/")
    assert Notification.objects.get(pk=two.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "99999999999999999999999", "1.5"])
def test_bad_ids_are_no_error_and_change_nothing(client, citizen, bad):
    note = notify(recipient=citizen, kind="t", sentence="Keep me")
    client.force_login(citizen)

    response = client.post(URL + "gelezen/", {"id": bad}, follow=True)

    assert response.status_code == 200
    assert "could not be found" in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_get_on_a_post_only_address_is_refused(client, citizen):
    client.force_login(citizen)
    assert client.get(URL + "gelezen/").status_code == 405


def test_next_to_another_site_is_ignored(client, citizen):
    client.force_login(citizen)
    response = client.post(URL + "gelezen/", {"next": "https://evil.example.com/"})
    assert response["Location"] == URL


def test_the_digest_switch(client, citizen):
    client.force_login(citizen)
    assert digest_setting_get(citizen).daily_digest is True

    client.post(URL + "dagoverzicht/", {"daily_digest": "off"})
    assert digest_setting_get(citizen).daily_digest is False
    assert "You do not get a daily e-mail." in client.get(URL).content.decode()

    client.post(URL + "dagoverzicht/", {"daily_digest": "on"})
    assert digest_setting_get(citizen).daily_digest is True


def test_a_bad_digest_value_changes_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post(URL + "dagoverzicht/", {"daily_digest": "maybe"}, follow=True)
    assert response.status_code == 200
    assert "Choose yes or no" in response.content.decode()
    assert not NotificationSetting.objects.filter(user=citizen).exists()


def test_notifications_are_written_in_the_recipients_language(db):
    person = UserFactory(language="nl")
    note = notify(recipient=person, kind="t", sentence="%(n)s x", data={"n": 3})
    assert note.text == "3 x"
