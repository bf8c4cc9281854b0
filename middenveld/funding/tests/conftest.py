from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Messages raised outside a request come in the active language; these tests read the
    English texts (pages still take their language from the URL)."""
    with translation.override("en"):
        yield


@pytest.fixture
def funding(db):
    from middenveld.funding.tests.factories import build_funding

    return build_funding()
