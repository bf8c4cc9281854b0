import pytest
from django.core.cache import cache
from django.utils import translation

from middenveld.core.cache import _EARLY_PATHS


@pytest.fixture(autouse=True)
def _english():
    """Service messages in English, so tests can read them; pages and the API
    still choose their language per request (URL prefix, Accept-Language)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    _EARLY_PATHS.clear()
    yield
    cache.clear()
    _EARLY_PATHS.clear()
