from __future__ import annotations

import pytest
from django.utils import translation

from middenveld.parliament.tests.factories import Parliament, build_parliament


@pytest.fixture(autouse=True)
def _english_by_default():
    """Messages raised outside a request come in the active language; these tests read the
    English texts (pages still take their language from the URL)."""
    with translation.override("en"):
        yield


@pytest.fixture
def parliament(db) -> Parliament:
    return build_parliament()
