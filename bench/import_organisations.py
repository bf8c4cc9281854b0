"""Import speed of the organisations register: ``.venv/bin/python bench/import_organisations.py``.

Writes a CSV of ``--rows`` realistic, valid organisations (default 20,000) into a temporary
folder and times, through ``organisations_import``: a dry run, the import, and a re-import of
the same file (which must change nothing). The issue's target: at most 60 s each.

It works on a fresh database on the server of ``DATABASE_URL``, never on the one it names:
PostgreSQL: the database ``BENCH_IMPORT_DB_NAME`` (default ``middenveld_import_bench``; the
name must contain "bench") is dropped, created and migrated; SQLite (no DATABASE_URL):
``var/bench-import/bench.sqlite3``. Ghent's districts are loaded into it. Exit status 1 when
a step fails or takes longer than the target.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402

TARGET_SECONDS = 60.0
PREFIXES = (
    "Buurtwerk",
    "Jeugdhuis",
    "Vrouwenvereniging",
    "Sportclub",
    "Huiswerkklas",
    "Repair Café",
    "Ouderenvereniging",
    "Zelforganisatie",
    "Koor",
    "Theatergroep",
    "Moskeevereniging",
    "Buurtcomité",
    "Vereniging Vluchtelingenwerk",
    "Speelpleinwerking",
    "Buurtrestaurant",
)
STREETS = (
    "Sint-Pietersnieuwstraat",
    "Kouter",
    "Dampoortstraat",
    "Sleepstraat",
    "Wondelgemstraat",
    "Kortrijksesteenweg",
    "Brugse Poort",
    "Francisco Ferrerlaan",
    "Rabotstraat",
    "Sint-Salvatorstraat",
    "Ledebergplein",
    "Bevrijdingslaan",
)
POSTAL_CODES = ("9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052")
SENTENCES = (
    "Wij brengen buren samen rond een warme maaltijd.",
    "Elke woensdag is er huiswerkbegeleiding voor kinderen uit de wijk.",
    "We organiseren taallessen Nederlands voor nieuwkomers.",
    "Onze vrijwilligers helpen met papieren, brieven en afspraken.",
    "Wij komen op voor de rechten van mensen in armoede.",
    "Een ontmoetingsplek voor ouderen, met koffie en activiteiten.",
    "We spelen voetbal en basketbal met jongeren op het plein.",
    "Samen herstellen we fietsen, kleren en kleine toestellen.",
)
TARGET_GROUPS = (
    "kinderen-en-jongeren",
    "ouderen",
    "gezinnen",
    "mensen-in-armoede",
    "nieuwkomers-en-vluchtelingen",
    "etnisch-culturele-minderheden",
    "vrouwen",
    "buurtbewoners",
)
LANGUAGES = ("nl", "fr", "en", "tr", "ar", "bg", "ro", "pl", "fa", "so")
WORKING_FORMS = ("ontmoeting", "basiswerk", "belangenbehartiging", "emancipatie")
COLUMNS = (
    "name",
    "alternative_name",
    "legal_form",
    "kbo_number",
    "vcode",
    "description",
    "working_forms",
    "target_groups",
    "districts",
    "languages",
    "is_self_organisation",
    "public_email",
    "public_phone",
    "website",
    "activity_street",
    "activity_number",
    "activity_box",
    "activity_postal_code",
    "activity_municipality",
    "correspondence_street",
    "correspondence_number",
    "correspondence_box",
    "correspondence_postal_code",
    "correspondence_municipality",
)


def _address(rng: random.Random) -> list[str]:
    box = str(rng.randint(1, 12)) if rng.random() < 0.2 else ""
    return [
        rng.choice(STREETS),
        str(rng.randint(1, 250)),
        box,
        rng.choice(POSTAL_CODES),
        "Gent",
    ]


def write_csv(path: Path, rows: int, districts: list[str], seed: int = 20_000) -> None:
    from django.utils.text import slugify

    from middenveld.organisations.identifiers import kbo_display
    from middenveld.organisations.tests.factories import valid_kbo

    rng = random.Random(seed)  # noqa: S311 - test data
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(COLUMNS)
        for n in range(1, rows + 1):
            name = f"{rng.choice(PREFIXES)} {rng.choice(STREETS)} {n}"
            has_kbo = rng.random() < 0.7
            has_vcode = rng.random() < 0.4
            slug = slugify(name).replace("-", "")[:24]
            row = [
                name,
                f"{name.split()[0][:3].upper()}{n}" if rng.random() < 0.2 else "",
                rng.choices(("VZW", "FV", "VZER", "IVZW", "STICHTING"), (60, 30, 5, 3, 2))[0],
                kbo_display(valid_kbo(n)) if has_kbo else "",
                f"V{n:07d}" if has_vcode else "",
                " ".join(rng.sample(SENTENCES, rng.randint(1, 4))),
                ", ".join(rng.sample(WORKING_FORMS, rng.randint(1, 3))),
                ", ".join(rng.sample(TARGET_GROUPS, rng.randint(0, 3))),
                ", ".join(rng.sample(districts, rng.randint(1, 3))),
                ", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))),
                rng.choice(("ja", "nee", "nee", "nee")),
                f"info@{slug}.example.org" if rng.random() < 0.8 else "",
                f"09 {rng.randint(200, 399)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                if rng.random() < 0.6
                else "",
                f"https://www.{slug}.example.org" if rng.random() < 0.5 else "",
                *(_address(rng) if rng.random() < 0.8 else [""] * 5),
                *(_address(rng) if rng.random() < 0.5 else [""] * 5),
            ]
            writer.writerow(row)


def _setup(source_url: str) -> database.BenchDatabase:
    os.environ["BENCH_DB_NAME"] = os.environ.get("BENCH_IMPORT_DB_NAME", "middenveld_import_bench")
    bench_db = database.prepare(source_url, ROOT / "var" / "bench-import")
    os.environ["DATABASE_URL"] = bench_db.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"  # no query log: it would cost time and memory
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_districts", stdout=io.StringIO())
    return bench_db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the CSV (20000)")
    args = parser.parse_args()

    bench_db = _setup(os.environ.get("DATABASE_URL", ""))
    from middenveld.core.models import District
    from middenveld.organisations.importing import organisations_import
    from middenveld.organisations.models import Organisation

    districts = list(District.objects.values_list("slug", flat=True))
    print(f"database: {bench_db.engine} ({bench_db.label})")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="mv-import-") as folder:
        path = Path(folder) / "organisaties.csv"
        write_csv(path, args.rows, districts)
        print(f"file: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")
        print(f"{'step':<12} {'seconds':>8}  result")
        steps = (("dry run", True, "create"), ("import", False, "create"))
        steps += (("re-import", False, "unchanged"),)
        for label, dry_run, expected in steps:
            started = time.perf_counter()
            with path.open("rb") as file:
                report = organisations_import(
                    file=file, filename=path.name, by=None, dry_run=dry_run
                )
            seconds = time.perf_counter() - started
            counts = {"create": report.created, "unchanged": report.unchanged}
            ok = report.is_valid and counts[expected] == args.rows
            ok = ok and seconds <= TARGET_SECONDS
            failures += not ok
            note = (
                ""
                if ok
                else "  FAILED" + (f" ({report.invalid} invalid)" if report.invalid else "")
            )
            print(f"{label:<12} {seconds:8.1f}  {report.summary}{note}")
        print(f"organisations in the database: {Organisation.objects.count()}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB; target per step: {TARGET_SECONDS:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
