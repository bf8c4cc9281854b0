from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from middenveld.core.seeding import DEMO_PASSWORD, SeedContext, seeders


class Command(BaseCommand):
    help = "Load fictional but realistic demo data (idempotent). --scale 10 is the benchmark size."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the generated volume (1-100)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "SETTINGS_MODULE", "").endswith(
            "production"
        ) or settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError(
                "seed_demo refuses to run with production settings: it creates demo accounts."
            )
        scale = options["scale"]
        if not 1 <= scale <= 100:
            raise CommandError("--scale must be between 1 and 100.")
        for config in apps.get_app_configs():
            if config.name.startswith("middenveld.") and find_spec(f"{config.name}.seed"):
                import_module(f"{config.name}.seed")
        ctx = SeedContext(scale=scale, write=self.stdout.write)
        for item in seeders():
            with transaction.atomic():
                item.fn(ctx)
        for label, number in sorted(ctx.counts.items()):
            self.stdout.write(f"  {label}: {number}")
        if ctx.accounts:
            self.stdout.write(self.style.SUCCESS(f"Demo accounts (password: {DEMO_PASSWORD}):"))
            for role, email in ctx.accounts:
                self.stdout.write(f"  {role:<15} {email}")
