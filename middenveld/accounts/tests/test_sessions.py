"""The session store with the plain-SQL read (accounts/sessions.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from middenveld.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_site_uses_this_store():
    assert settings.SESSION_ENGINE == "middenveld.accounts.sessions"


def test_a_saved_session_reads_back_in_one_query():
    store = SessionStore()
    store["colour"] = "blauw"
    store["nested"] = {"a": [1, 2]}
    store.create()
    again = SessionStore(store.session_key)
    with CaptureQueriesContext(connection) as queries:
        assert again["colour"] == "blauw"
        assert again["nested"] == {"a": [1, 2]}
    assert len(queries) == 1
    assert again.session_key == store.session_key


def test_an_expired_or_unknown_session_is_empty_and_its_key_forgotten():
    store = SessionStore()
    store["colour"] = "blauw"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
    # Saving the forgotten session makes a new row under a new key; the old row stays expired.
    expired["colour"] = "rood"
    expired.save()
    assert expired.session_key not in (None, store.session_key)
    assert SessionStore(expired.session_key)["colour"] == "rood"


def test_a_tampered_session_is_empty(caplog):
    store = SessionStore()
    store["colour"] = "blauw"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(session_data="bad:data")
    assert SessionStore(store.session_key).load() == {}


def test_signing_in_and_out_works_with_the_store(client, django_user_model):
    user = django_user_model.objects.create_user(email="a@example.org", password="x" * 12)
    client.force_login(user)
    assert client.get("/mijn/").status_code == 200
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.logout()
    assert not Session.objects.filter(session_key=key).exists()
