"""``manage.py import_organisations FILE [--dry-run] [--by EMAIL]``: the back office's import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from middenveld.core.errors import DomainError
from middenveld.organisations.importing import organisations_import


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV or XLSX file (the columns are listed on the back "
        "office's import page). Writes nothing unless every row is valid; prints the rows "
        "with problems (every row with -v 2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV or XLSX file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file; write nothing."
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="The city employee recorded as importing (must be allowed to import).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No user with the e-mail address {options['by']}.")
        try:
            with path.open("rb") as file:
                report = organisations_import(
                    file=file, filename=path.name, by=by, dry_run=options["dry_run"]
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        verbose = options["verbosity"] >= 2
        for row in report.rows:
            if row.errors:
                for error in row.errors:
                    self.stdout.write(f"{row.number}\t{row.name}\t{error}")
            elif verbose:
                changes = ", ".join(row.changes)
                self.stdout.write(f"{row.number}\t{row.name}\t{row.action}\t{changes}".rstrip())
        self.stdout.write(report.summary)
        if not report.is_valid:
            raise CommandError(report.outcome)
        self.stdout.write(self.style.SUCCESS(report.outcome))
