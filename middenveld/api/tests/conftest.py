import pytest

from middenveld.accounts.tokens import api_token_create


@pytest.fixture
def token(citizen):
    """The plain text of an active personal token of ``citizen``."""
    _token, plain = api_token_create(user=citizen, name="tests")
    return plain
