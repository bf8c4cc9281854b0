from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from middenveld.accounts.models import ApiToken
from middenveld.accounts.tokens import TOKEN_PREFIX, api_token_authenticate

pytestmark = pytest.mark.django_db


def test_create_api_token_prints_a_working_token_once(citizen):
    out, err = StringIO(), StringIO()

    call_command(
        "create_api_token", citizen.email.upper(), "--name", "import script", stdout=out, stderr=err
    )

    plain = out.getvalue().strip()
    assert plain.startswith(TOKEN_PREFIX)
    assert api_token_authenticate(plain) == citizen
    assert ApiToken.objects.get().name == "import script"
    assert "only once" in err.getvalue()


def test_create_api_token_for_an_unknown_address_fails_clearly(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody@example.org", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
