from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.accounts.models import User
from middenveld.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=options["email"].strip())
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with e-mail address {options['email']!r}.") from exc
        _token, plain = api_token_create(user=user, name=options["name"])
        self.stdout.write(plain)
        self.stderr.write("Store this token now: it is shown only once.")
