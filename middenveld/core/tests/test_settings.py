import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_env_helpers_read_and_validate(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env.env_bool("X_BOOL") is True
    assert env.env_int("X_INT", 1) == 12
    assert env.env_list("X_LIST") == ["a", "b", "c"]
    assert env.env_str("X_MISSING", "d") == "d"
    monkeypatch.setenv("X_BOOL", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured):
        env.env_str("X_MISSING", required=True)


def test_production_settings_refuse_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.reload(importlib.import_module("config.settings.production"))


def test_production_settings_refuse_a_short_secret_or_no_hosts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="50"):
        importlib.reload(importlib.import_module("config.settings.production"))
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        importlib.reload(importlib.import_module("config.settings.production"))


def test_the_default_database_is_sqlite_in_wal_mode_with_immediate_transactions():
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
