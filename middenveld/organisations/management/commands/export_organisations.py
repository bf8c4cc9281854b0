"""``manage.py export_organisations FILE [--format csv|xlsx] [--status verified]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.organisations.exporting import write_csv, write_xlsx
from middenveld.organisations.models import Organisation, Status


class Command(BaseCommand):
    help = (
        "Export the register to CSV or XLSX, in the columns the import reads (cells that a "
        "spreadsheet would run as a formula get a leading apostrophe)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to write (overwritten when it exists).")
        parser.add_argument(
            "--format",
            choices=("csv", "xlsx"),
            help="Default: from the file name's extension, else csv.",
        )
        parser.add_argument(
            "--status", choices=Status.values, help="Only organisations with this status."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        fmt = options["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        organisations = Organisation.objects.all()
        if options["status"]:
            organisations = organisations.filter(status=options["status"])
        try:
            if fmt == "xlsx":
                with path.open("wb") as binary:
                    count = write_xlsx(organisations, binary)
            else:
                with path.open("w", encoding="utf-8", newline="") as text:
                    count = write_csv(organisations, text)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"{count} organisations written to {path} ({fmt}).")
