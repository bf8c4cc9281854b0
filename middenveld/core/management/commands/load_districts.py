from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.core.districts import GHENT_DISTRICTS, DistrictFileError, district_load


class Command(BaseCommand):
    help = "Load a city's districts (wijken) from a JSON file; default: Ghent's 25 wijken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(GHENT_DISTRICTS))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = district_load(path=Path(options["path"]))
        except DistrictFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{created} districts created.")
