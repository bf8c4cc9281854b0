import pytest
from django.core import mail
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The mail budget lives in the cache; every test starts with a full one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailbox():
    mail.outbox.clear()
    return mail.outbox
